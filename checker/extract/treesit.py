"""What the tree-sitter extractors (Go, Java, PHP, Ruby, C#, PowerShell) share.

A grammar's parser made on first use; walking a tree without recursion (a
sample nested 10,000 deep must not overflow the stack); the first syntax
error of a tree; and what values are in any language: the `Unknown`
stand-in kept as source text, JSON text of a value (`JsonOf`), maps that
remember the line of each key (`Keyed`) with the plain data and key lines of
a value made of them (`keyed_data`), printf-style formatting, escape
sequences, a bounded `+`, a base URL joined with a path, the lines of a
concatenation, a response and its status (`Response`, `Status`), and the
`Spent` budget. Go's and Java's values are this model as it stands
(`as_text`, `plain`, `key_lines`); PHP's and Ruby's add a line to every
value (`treevalues`); C# and PowerShell read statements with a
`StatementReader`. What HTTP means is `checker.extract.http`'s; here is
only which request a variable holds and how a status check is written in a
C-family language.
"""

from __future__ import annotations

import functools
import importlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tree_sitter import Language, Node, Parser

from checker.extract.base import Extraction, resolve_url
from checker.extract.http import LineAt, RequestDraft
from checker.model import Request

# How deep one value may nest in evaluation (a self-referencing or exploding
# definition, a concatenation of 10,000 parts) before it is left unknown.
MAX_DEPTH = 40
# How many evaluation steps one sample may cost in all.
MAX_STEPS = 200_000
MAX_OPAQUE_CHARS = 200   # an unknown expression longer than this is cut
MAX_PARTS = 2_000        # a concatenation longer than this is not mapped part by part
MAX_VALUE_CHARS = 200_000   # a string built longer than this (`s = s + s` in a loop) is unknown


def lazy_parser(module: str, function: str = "language") -> Callable[[], Parser]:
    """The parser of a grammar package, made on first use (importing a grammar
    costs start-up time the CLI should not pay for a language it never meets)."""
    @functools.cache
    def make() -> Parser:
        grammar = importlib.import_module(module)
        return Parser(Language(getattr(grammar, function)()))
    return make


def text(node: Node) -> str:
    return (node.text or b"").decode("utf-8", "replace")


def line(node: Node) -> int:
    """The 1-based sample line a node starts on."""
    return node.start_point[0] + 1


def end_line(node: Node) -> int:
    return node.end_point[0] + 1


def walk(root: Node) -> Iterator[Node]:
    """Every node under `root`, in source order, without recursion (a cursor:
    several times faster than asking each node for its children)."""
    cursor = root.walk()
    while True:
        node = cursor.node
        if node is not None:
            yield node
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return


def first_error(root: Node, language: str) -> tuple[str, int] | None:
    """The first ERROR or MISSING node as (message, line); None when the tree is clean."""
    if not root.has_error:
        return None
    best = first_error_node(root)
    if best is None:
        return f"{language} syntax error", 1
    return error_message(language, best), line(best)


def first_error_node(root: Node) -> Node | None:
    """The ERROR or MISSING node that starts first."""
    best: Node | None = None
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            if best is None or node.start_byte < best.start_byte:
                best = node
            continue
        stack.extend(c for c in node.children if c.has_error or c.is_missing)
    return best


def error_message(language: str, node: Node) -> str:
    """What a reader is told of a parse error: the missing token, or the text it stopped at."""
    if node.is_missing:
        return f"{language} syntax error: missing `{node.type}`"
    snippet = text(node).strip().splitlines()
    first = "".join(c if c.isprintable() else "?" for c in (snippet[0].strip() if snippet else ""))
    if len(first) > 40:
        first = first[:40] + "..."
    return f"{language} syntax error near `{first}`" if first else f"{language} syntax error"


# --------------------------------------------------------------------------- values

# What every tree-sitter extractor's values share, whatever the language: the
# stand-in for what is only known at run time, JSON text of known data, maps
# that remember the line of each key (and the plain data and key lines of a
# value made of them), printf-style formatting, a base URL joined with a path,
# and the exception that ends an evaluation over its budget. How a language
# spells a value (`None`, `$true`, `{x}`) stays in its own module.


class Spent(Exception):
    """The sample has cost its evaluation budget: what is left stays unknown."""


def placeholder(written: str, limit: int = MAX_OPAQUE_CHARS, keep: int | None = None) -> str:
    """Source text as an unknown value shows it: on one line, and when longer
    than `limit`, cut to `keep` characters (`limit` by default) and `...`."""
    shown = " ".join(written.split())
    if len(shown) > limit:
        shown = shown[:limit if keep is None else keep] + "..."
    return shown


@dataclass
class Unknown:
    """A value only known when the sample runs: kept as its source text,
    shown as `${source}` (`sigil` "" for a language that writes `{source}`),
    cut by `placeholder` (`limit`, `keep`) unless `limit` is None (the reader
    cut it already)."""

    source: str
    limit: int | None = field(default=MAX_OPAQUE_CHARS, compare=False)
    keep: int | None = field(default=None, compare=False)
    sigil: str = field(default="$", compare=False)

    def __str__(self) -> str:
        shown = self.source if self.limit is None else placeholder(self.source, self.limit, self.keep)
        return f"{self.sigil}{{{shown}}}"


@dataclass
class JsonOf:
    """JSON text of a value (`json.Marshal(v)`, `writeValueAsString(v)`,
    `JsonSerializer.Serialize(x)`, `x | ConvertTo-Json`): it knows its data."""

    value: Any
    line: int = 0


@dataclass
class Keyed:
    """A map a sample writes (a dict, a hashtable, a struct or anonymous
    object): its entries in order and the sample line each key is written on."""

    items: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def put(self, key: str, value: Any, line: int) -> None:
        self.items[key] = value
        self.lines[key] = line

    def copy(self) -> Keyed:
        return Keyed(dict(self.items), dict(self.lines))


def scalar_text(value: Any, none: str = "null", true: str = "true", false: str = "false") -> str | None:
    """A scalar as the text it is in a string, in a language's spelling of
    null and booleans; None for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return true if value else false
    if value is None:
        return none
    if isinstance(value, (int, float)):
        return str(value)
    return None


def as_text(value: Any) -> str:
    """A value as the string it would be, unknown parts as `${source}` (Go, Java)."""
    shown = scalar_text(value)
    if shown is not None:
        return shown
    if isinstance(value, Unknown):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    return str(plain(value))


# A value's data as keyed_data meets it: any other kind of value is turned
# into a map, a list or a scalar first (`unfold`), or given up to `leaf`.
Leaf = Callable[[Any, int], Any]


@dataclass
class DataBounds:
    """How far `keyed_data` follows a value: its nesting, and how many parts
    in all (None: no count); past either the part reads `deep`."""

    depth: int = 60
    deep: Any = None
    parts: int | None = None


def keyed_data(value: Any, leaf: Leaf, bounds: DataBounds | None = None,
               unfold: Callable[[Any], Any] | None = None, depth: int = 0) -> tuple[Any, dict[str, int]]:
    """Plain data of a value made of `Keyed` maps, lists and scalars, and the
    line of every key, nested ones as `a.b` (the first item of a list that has
    keys stands for all, as in `json_key_offsets`). `leaf(value, depth)` turns
    any other value into data; `depth` is how deep `value` already stands."""
    limits = bounds or DataBounds()
    left = [limits.parts]

    def walk(item: Any, depth: int) -> tuple[Any, dict[str, int]]:
        if left[0] is not None:
            left[0] -= 1
        if depth > limits.depth or (left[0] is not None and left[0] < 0):
            return limits.deep, {}
        if unfold is not None:
            item = unfold(item)
        if isinstance(item, Keyed):
            data: dict[str, Any] = {}
            lines: dict[str, int] = {}
            for key, entry in item.items.items():
                data[key], inner = walk(entry, depth + 1)
                lines[key] = item.lines.get(key, 0)
                for sub, line_of_sub in inner.items():
                    lines.setdefault(f"{key}.{sub}", line_of_sub)
            return data, lines
        if isinstance(item, (list, tuple)):
            items: list[Any] = []
            first: dict[str, int] = {}
            for entry in item:
                data_item, inner = walk(entry, depth + 1)
                items.append(data_item)
                first = first or inner
            return items, first
        if item is None or isinstance(item, (str, int, float, bool)):
            return item, {}
        return leaf(item, depth), {}

    return walk(value, depth)


# Go's and Java's values nest 40 deep at most (`MAX_DEPTH`).
_GO_BOUNDS = DataBounds(depth=MAX_DEPTH, deep="${...}")


def _plain_leaf(value: Any, depth: int) -> Any:
    if isinstance(value, JsonOf):
        return keyed_data(value.value, _plain_leaf, _GO_BOUNDS, depth=depth + 1)[0]
    if isinstance(value, Unknown):
        return str(value)
    return value


def plain(value: Any) -> Any:
    """Plain JSON-like data of a value: maps as dicts, unknowns as `${source}`,
    JSON text as its data."""
    return keyed_data(value, _plain_leaf, _GO_BOUNDS)[0]


def key_lines(value: Any) -> dict[str, int]:
    """The line of every key of a map value, nested ones as `a.b`."""
    return keyed_data(value, _plain_leaf, _GO_BOUNDS)[1]


_ESCAPE = re.compile(r"\\(?:u\{[0-9a-fA-F]+\}|u+[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{1,3}|.)",
                     re.DOTALL)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "a": "\a",
           "s": " ", "0": "\0", "\\": "\\", '"': '"', "'": "'", "\n": ""}


def unescape(body: str) -> str:
    """A C-family string literal's body with its escapes decoded (Go, Java)."""
    def one(match: re.Match[str]) -> str:
        escape = match.group(0)[1:]
        if escape in _SIMPLE:
            return _SIMPLE[escape]
        try:
            if escape[0] in "uU":
                code = int(escape.lstrip("uU").strip("{}"), 16)
            elif escape[0] == "x":
                code = int(escape[1:], 16)
            elif escape[0] in "01234567":
                code = int(escape, 8)
            else:
                return escape
            return chr(code) if code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"
        except ValueError:
            return escape
    return _ESCAPE.sub(one, body)


def decode_escape(written: str, pattern: re.Pattern[str], simple: dict[str, str],
                  keep_unknown: bool = True) -> str:
    """One escape sequence (`\\n`, `\\x41`, `\\u{1F600}`, `\\101`) as the
    character it stands for. `pattern` matches the sequence with four groups:
    hex digits, a code point, octal digits, and any other character, which
    `simple` maps (an unmapped one is kept as written, or without its backslash
    when not `keep_unknown`). A sequence `pattern` does not match stays as written."""
    match = pattern.fullmatch(written)
    if match is None:
        return written
    hex_digits, code_point, octal, char = match.groups()
    try:
        if hex_digits:
            return chr(int(hex_digits, 16))
        if code_point:
            return chr(int(code_point, 16))
        if octal:
            return chr(int(octal, 8) & 0xFF)
    except (ValueError, OverflowError):
        return written
    return simple.get(char, written if keep_unknown else char)


_VERB = re.compile(r"%(?:%|[-+# 0]*(?:\d+|\*)?(?:\.\d+)?[a-zA-Z])")


def format_verbs(template: str, args: list[Any], show: Callable[[Any], str],
                 verbs: re.Pattern[str] = _VERB) -> tuple[str, int, bool]:
    """printf-style formatting (`fmt.Sprintf`, `String.format`, PHP's and
    Ruby's `sprintf`): each verb `verbs` matches takes the next argument as
    `show` writes it (`%q` quotes it, `%n` is a newline, `%%` is `%`); a verb
    with no argument left stays as written. Returns the text, how many
    arguments it took, and whether every verb had one."""
    remaining = list(args)
    missing = False

    def one(match: re.Match[str]) -> str:
        nonlocal missing
        verb = match.group(0)
        if verb == "%%":
            return "%"
        if verb == "%n":
            return "\n"
        if not remaining:
            missing = True
            return verb
        value = show(remaining.pop(0))
        return f'"{value}"' if verb.endswith("q") else value
    return verbs.sub(one, template), len(args) - len(remaining), not missing


def printf(template: str, args: list[Any]) -> str:
    """`fmt.Sprintf` / `String.format` of Go and Java values."""
    return format_verbs(template, args, as_text)[0]


def plus(left: Any, right: Any, show: Callable[[Any], str], too_long: Any = None,
         limit: int | None = MAX_VALUE_CHARS) -> Any:
    """`a + b`: numbers add (a boolean is no number), anything else is joined
    as the text `show` gives; a text past `limit` is `too_long` (Go and Java
    pass no limit: their step budget bounds what a sample builds)."""
    if isinstance(left, (int, float)) and isinstance(right, (int, float)) \
            and not isinstance(left, bool) and not isinstance(right, bool):
        return left + right
    left_text, right_text = show(left), show(right)
    if limit is not None and len(left_text) + len(right_text) > limit:
        return too_long
    return left_text + right_text


def sum_expression(node: Node, evaluate: Callable[[Node | None, int], Any], depth: int) -> Any:
    """A C-family `a + b` of Go and Java values; any other operator is unknown."""
    operator = node.child_by_field_name("operator")
    if operator is None or text(operator) != "+":
        return Unknown(text(node))
    left = evaluate(node.child_by_field_name("left"), depth + 1)
    right = evaluate(node.child_by_field_name("right"), depth + 1)
    return plus(left, right, as_text, limit=None)


def defined_at(found: list[tuple[int, Node]] | None, at: int) -> tuple[int, Node] | None:
    """Of a name's definitions (byte, value node; in source order), the last
    one before byte `at`, else its first one."""
    if not found:
        return None
    index = bisect_left(found, at, key=lambda item: item[0])
    return found[index - 1] if index else found[0]


def join_url(base: str, url: str) -> str:
    """A client's base URL and a request's path, as RFC 3986 resolves them
    (when the base is a URL); an unknown base is joined with one slash."""
    if not base or "://" in url or url.startswith("${"):
        return url or base
    if "://" in base and not base.startswith("${"):
        return resolve_url(base, url)
    return base.rstrip("/") + "/" + url.lstrip("/") if url else base


# --------------------------------------------------------------------------- lines of a text


def summands(node: Node) -> list[Node]:
    """`a + b + c` as [a, b, c], without recursion (a concatenation may be long)."""
    parts: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        operator = current.child_by_field_name("operator") if current.type == "binary_expression" else None
        left, right = current.child_by_field_name("left"), current.child_by_field_name("right")
        if operator is not None and text(operator) == "+" and left is not None and right is not None:
            stack.extend((right, left))
        else:
            parts.append(current)
    return parts


def concatenation_lines(node: Node, depth: int, show: Callable[[Node], str],
                        line_at: Callable[[Node, int], LineAt]) -> LineAt | None:
    """The lines of a text written as `a + b + c` (each part's text as `show`
    gives it, its lines as `line_at(part, depth + 1)` says); None when `node`
    is no concatenation worth mapping part by part."""
    parts = summands(node) if node.type == "binary_expression" and depth < 4 else []
    if 1 < len(parts) <= MAX_PARTS:
        return joined([(show(part), line_at(part, depth + 1)) for part in parts])
    return None


def joined(parts: list[tuple[str, LineAt]]) -> LineAt:
    """The lines of a text made of parts, each knowing its own lines."""
    starts, position = [], 0
    for part, _ in parts:
        starts.append(position)
        position += len(part)

    def line_at(offset: int) -> int:
        index = max(0, bisect_right(starts, offset) - 1)
        return parts[index][1](offset - starts[index])
    return line_at


# --------------------------------------------------------------------------- requests by variable


@dataclass
class Response:
    """A value that is the response to a request (`resp`, `$response`): what
    the sample checks on it, it checks of that request."""

    draft: RequestDraft


@dataclass
class Status:
    """A value that is the status code of a request's response."""

    draft: RequestDraft


class Bindings:
    """Which request a variable holds at a point of the sample (`req`, `resp`):
    bound in source order, looked up by position in logarithmic time."""

    def __init__(self) -> None:
        self._table: dict[str, list[tuple[int, RequestDraft]]] = {}

    def bind(self, name: str, at: int, draft: RequestDraft) -> None:
        self._table.setdefault(name, []).append((at, draft))

    def get(self, name: str, at: int) -> RequestDraft | None:
        """The request last bound to `name` at or before byte `at`."""
        bound = self._table.get(name, [])
        index = bisect_right(bound, at, key=lambda item: item[0])
        return bound[index - 1][1] if index else None


def response_request(responses: Bindings, name: str, at: int,
                     drafts: list[tuple[RequestDraft, int]], line_of_use: int) -> RequestDraft | None:
    """The request whose response variable `name` is at byte `at`; for a name
    bound to none (a response the sample got elsewhere), the last request
    that starts at or above `line_of_use`."""
    draft = responses.get(name, at)
    if draft is None:
        index = bisect_right(drafts, line_of_use, key=lambda item: item[0].start)
        draft = drafts[index - 1][0] if index else None
    return draft


StatusOf = Callable[[Node], RequestDraft | None]


def read_status_check(node: Node, status_of: StatusOf, line_of: Callable[[Node], int]) -> None:
    """A binary expression testing a response's status: `== 201`, `!= StatusCreated`
    (what it must be), or `>= 200 && < 300` (any 2xx). `status_of` says which
    request's status an operand reads, if any."""
    operator = node.child_by_field_name("operator")
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    if operator is None or left is None or right is None:
        return
    op = text(operator)
    if op == "&&":
        _read_range(left, right, node, status_of, line_of)
    elif op in ("==", "!="):
        for side, other in ((left, right), (right, left)):
            draft = status_of(side)
            if draft is not None:
                draft.expect(text(other), line_of(node))
                return


def _read_range(left: Node, right: Node, node: Node, status_of: StatusOf,
                line_of: Callable[[Node], int]) -> None:
    bounds = []
    for part in (left, right):
        if part.type != "binary_expression":
            return
        lhs, op, rhs = (part.child_by_field_name(f) for f in ("left", "operator", "right"))
        if lhs is None or op is None or rhs is None:
            return
        bounds.append((status_of(lhs), text(op), text(rhs)))
    (low_draft, low_op, low), (high_draft, high_op, high) = bounds
    if low_draft is not None and low_draft is high_draft and low_op in (">=", ">") \
            and high_op in ("<", "<=") and low.startswith("2") and high.startswith(("2", "3")):
        low_draft.expect_success(line_of(node))


# --------------------------------------------------------------------------- statement readers


class StatementReader:
    """A reader that takes a sample's statements in source order (nothing
    runs; branches all count) within a step budget, and reads each call once
    (a call acts: a second look must not send a second request). The C# and
    PowerShell readers are these; their language is in `_statement` (what a
    statement does) and `_value` (what an expression is)."""

    max_depth = 60        # nested expressions followed into
    max_text = 60         # an unknown expression longer than this is cut
    sigil = "$"           # how the language marks a placeholder: `${x}`; C#'s `{x}` has none
    cached: frozenset[str] = frozenset()   # node kinds read once

    def __init__(self, code: str, parser: Parser) -> None:
        self.source = code.encode("utf-8", "surrogatepass")
        self.tree = parser.parse(self.source)
        self.env: dict[str, Any] = {}
        self.cache: dict[int, Any] = {}
        self.origins: dict[str, int] = {}   # a string literal's text -> the line it starts on
        self.drafts: list[tuple[RequestDraft, int]] = []
        self.steps = 0

    def text(self, node: Node) -> str:
        return self.source[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def short(self, node: Node) -> str:
        return placeholder(self.text(node), self.max_text)

    @staticmethod
    def line(node: Node) -> int:
        return node.start_point[0] + 1

    def run(self) -> list[Request]:
        for node in walk(self.tree.root_node):
            self.steps += 1
            if self.steps > MAX_STEPS:
                break
            try:
                self._statement(node)
            except (Spent, RecursionError):
                break
        return [draft.build(end) for draft, end in self.drafts]

    def value(self, node: Node | None, depth: int = 0) -> Any:
        if node is None:
            return None
        node = self._unwrap(node)
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise Spent
        if depth > self.max_depth:
            return self._unknown(self.short(node))
        if node.type in self.cached:
            if node.id not in self.cache:
                self.cache[node.id] = self._value(node, depth)
            return self.cache[node.id]
        return self._value(node, depth)

    def _unwrap(self, node: Node) -> Node:
        return node

    def _statement(self, node: Node) -> None:
        raise NotImplementedError

    def _value(self, node: Node, depth: int) -> Any:
        raise NotImplementedError

    def _unknown(self, shown: str) -> Unknown:
        return Unknown(shown, limit=None, sigil=self.sigil)

    def extraction(self, language: str) -> Extraction:
        """The requests the sample sends, and its first syntax error."""
        result = Extraction(requests=self.run())
        error = first_error(self.tree.root_node, language)
        if error is not None:
            result.error, result.error_line = error
        return result
