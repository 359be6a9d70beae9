"""What the tree-sitter extractors of compiled languages (Go, Java) share.

Walking a tree without recursion (a sample nested 10,000 deep must not
overflow the stack), the first syntax error of a tree, the static values a
sample's expressions evaluate to (known data, or `Unknown` source text kept
as a `${...}` placeholder), objects that remember the line of each key, and
printf-style formatting (`fmt.Sprintf`, `String.format`). What HTTP means is
`checker.extract.http`'s; here is only which request a variable holds and
how a status check is written in a C-family language.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tree_sitter import Node

from checker.extract.http import LineAt, RequestDraft

# How deep one value may nest in evaluation (a self-referencing or exploding
# definition, a concatenation of 10,000 parts) before it is left unknown.
MAX_DEPTH = 40
# How many evaluation steps one sample may cost in all.
MAX_STEPS = 200_000
MAX_OPAQUE_CHARS = 200   # an unknown expression longer than this is cut
MAX_PARTS = 2_000        # a concatenation longer than this is not mapped part by part


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


@dataclass
class Unknown:
    """A value only known when the sample runs: kept as its source text."""

    source: str

    def __str__(self) -> str:
        shown = " ".join(self.source.split())
        if len(shown) > MAX_OPAQUE_CHARS:
            shown = shown[:MAX_OPAQUE_CHARS] + "..."
        return f"${{{shown}}}"


@dataclass
class Obj:
    """A map or struct literal: its fields, and the line each key is written on."""

    fields: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class JsonOf:
    """What `json.Marshal(v)` / `writeValueAsString(v)` returns: JSON text that knows its data."""

    value: Any


def as_text(value: Any) -> str:
    """A value as the string it would be, unknown parts as `${source}`."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float, Unknown)):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    return str(plain(value))


def plain(value: Any, depth: int = 0) -> Any:
    """Plain JSON-like data of a value: objects as dicts, unknowns as `${source}`."""
    if depth > MAX_DEPTH:
        return "${...}"
    if isinstance(value, Obj):
        return {key: plain(item, depth + 1) for key, item in value.fields.items()}
    if isinstance(value, list):
        return [plain(item, depth + 1) for item in value]
    if isinstance(value, JsonOf):
        return plain(value.value, depth + 1)
    if isinstance(value, Unknown):
        return str(value)
    return value


def key_lines(value: Any, prefix: str = "", depth: int = 0) -> dict[str, int]:
    """The line of every key of an object value, nested ones as `a.b` (the
    first item of a list of objects stands for all, as in `json_key_offsets`)."""
    found: dict[str, int] = {}
    if depth > MAX_DEPTH:
        return found
    if isinstance(value, Obj):
        for key, item in value.fields.items():
            path = f"{prefix}.{key}" if prefix else key
            found.setdefault(path, value.lines.get(key, 0))
            found.update({k: v for k, v in key_lines(item, path, depth + 1).items() if k not in found})
    elif isinstance(value, list) and value:
        found.update(key_lines(value[0], prefix, depth + 1))
    return found


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


_VERB = re.compile(r"%(?:%|[-+# 0]*(?:\d+|\*)?(?:\.\d+)?[a-zA-Z])")


def printf(template: str, args: list[Any]) -> str:
    """`fmt.Sprintf` / `String.format`: each verb takes the next argument as
    text (`%q` quotes it, `%n` is a newline); a missing one stays as written."""
    remaining = list(args)

    def one(match: re.Match[str]) -> str:
        verb = match.group(0)
        if verb == "%%":
            return "%"
        if verb == "%n":
            return "\n"
        if not remaining:
            return verb
        value = as_text(remaining.pop(0))
        return f'"{value}"' if verb.endswith("q") else value
    return _VERB.sub(one, template)


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
