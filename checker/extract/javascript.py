"""Reads JavaScript (and, loosely, TypeScript) samples and returns the HTTP requests they send.

The sample is parsed with tree-sitter-javascript and walked statically: nothing
is ever run. What it understands:

* `fetch(url, init)` -- awaited, chained with `.then(...)`, inside functions,
  arrow functions, classes or at top level; `fetch(url)` alone is a GET. `init`
  may be an object literal, a variable, or spread from one. From `init` it reads
  `method`, `headers` (object literal, `new Headers({...})` or `[[k, v]]`, a
  variable, `.append`/`.set` calls on it), `body` and `credentials`.
* bodies: `JSON.stringify(x)` -> JSON data; a string literal -> JSON data when
  it holds a JSON object/array, else raw text; `new URLSearchParams({...})` ->
  form; a `FormData` filled with `.append(k, v[, filename])` -> multipart
  (a Blob/File with a file name is recorded as `"@name"`).
* axios: `axios.get/delete/head/options(url, config)`,
  `axios.post/put/patch(url, data, config)`, `axios.postForm/...` (multipart),
  `axios(config)`, `axios(url, config)`, `axios.request(config)`, and instances
  from `axios.create({baseURL, headers, ...})` (base URL joined the way axios
  joins it, default headers merged; `x.defaults.baseURL = ...` and
  `x.defaults.headers.common[...] = ...` too). Config keys: method, url,
  baseURL, headers, data, params (-> query), auth (-> `auth="basic"`),
  withCredentials (-> `credentials="include"`). Object/array data implies
  `Content-Type: application/json`, as axios sets it.
* values: constants and variables declared anywhere in the sample (lexical
  scopes respected, a later plain reassignment before the call wins),
  `obj.key = v` assignments, template literals, `+` concatenation, object
  shorthand and spread of known objects, `this.x` set in the class that uses
  it, `a || 'default'` / `a ?? 'default'` (an unknown left side yields the
  written default), `encodeURIComponent`, `btoa`, `String()`, `new URL(path,
  base)` with `url.searchParams.append/set`. Globals and call results are
  unknown: they are kept as `"${<source text>}"` (or `${name}` inside a
  string); a variable whose value is unknown keeps its own name.
* sample functions: a request inside `function f(a, b = 1)` (or `const f =
  async (a) => ...`) is read once per call `f(x, y)` written in the sample,
  its parameters bound to that call's arguments (defaults, `{a, b}`
  destructuring, calls within calls) -- so `query({...})` fills
  `body: JSON.stringify(data)`, as the Python extractor does for `json=payload`.
  Requests come out in execution order. A function no one calls (a callback,
  a method, an unused helper) is read once with its parameters unknown.
* status checks, attributed to the request whose response variable they test
  (`const r = await fetch(...)` or `.then(r => ...)`; else to the last request
  before the check): `r.status === 204` / `==` / `!==` / `!=`, `switch
  (r.status)`, `[200, 201].includes(r.status)`, `r.ok` / `!r.ok` and
  `>= 200 && < 300` -> "2xx". Only statuses below 400 count as expected
  success; `=== 404` tests a failure.

What it leaves alone: SDK clients (FlowiseClient and the like), XMLHttpRequest,
jQuery, got/ky/superagent, `fetch(new Request(...))`, a fetch that only loads a
file for a body (inside `new Blob(...)`, `new File(...)` or `.append(...)`),
spreads of unknown objects (their keys are unknowable), conditions (a key set in
an `if` is counted as set), methods of sample classes (`this.x` is read, the
method's parameters stay unknown), and recursion.

Errors: a `javascript` sample whose tree holds ERROR/MISSING nodes gets
`error` (what is wrong, near which text) and `error_line` (the first one); the
requests found in the parts that parsed are still returned. There is no
TypeScript grammar here: `typescript` samples are read with the JavaScript
grammar, type annotations leave error nodes behind, and those are not reported
(`const url: string = ...` is still understood). The protocol's `extract(code)`
does not say which fence it reads, so the language comes from
`extract(code, language=...)` or `JavaScriptExtractor("typescript")`; the
default is `javascript`. Very large or costly samples are read within bounds
(size, depth, steps); what is beyond them is left unknown, never an exception.
"""

from __future__ import annotations

import base64
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator
from urllib.parse import parse_qsl, quote, urlencode

from tree_sitter import Language, Node, Parser

from checker.extract.base import Extraction, json_key_offsets, make_request
from checker.model import Request

_PARSER: Parser | None = None

# Above this size a sample is not a sample; reading it would only cost time.
MAX_SAMPLE_CHARS = 1_000_000
# Bound the work one value may cost: self-referencing or exploding definitions.
MAX_DEPTH = 60
MAX_STEPS = 50_000          # per request...
MAX_TOTAL_STEPS = 500_000   # ...until the sample has cost this much,
SPENT_STEPS = 500           # then just enough to recognise the calls
MAX_OPAQUE_CHARS = 300      # an unknown expression longer than this is cut
MAX_CALL_DEPTH = 6          # sample functions followed into, call within call
MAX_CONTEXTS = 16           # readings of one request call (one per call of its function)

SCOPE_TYPES = frozenset({
    "program", "statement_block", "function_declaration", "function_expression",
    "function", "arrow_function", "method_definition", "generator_function_declaration",
    "generator_function", "for_statement", "for_in_statement", "catch_clause", "class_body",
})
FUNCTION_TYPES = frozenset({
    "function_declaration", "function_expression", "function", "arrow_function",
    "method_definition", "generator_function_declaration", "generator_function",
})
FETCH_MODULES = frozenset({"node-fetch", "cross-fetch", "isomorphic-fetch", "isomorphic-unfetch",
                           "unfetch", "undici"})
AXIOS_VERBS_NO_DATA = frozenset({"get", "delete", "head", "options"})
AXIOS_VERBS_DATA = frozenset({"post", "put", "patch"})
AXIOS_VERBS_FORM = frozenset({"postForm", "putForm", "patchForm"})
GLOBAL_OBJECTS = frozenset({"window", "globalThis", "self", "global"})
NAME_TYPES = frozenset({"identifier", "shorthand_property_identifier"})


def _parser() -> Parser:
    """The JavaScript parser, built once per process, on first use."""
    global _PARSER
    if _PARSER is None:
        import tree_sitter_javascript

        _PARSER = Parser(Language(tree_sitter_javascript.language()))
    return _PARSER


# --------------------------------------------------------------------------- values
# Static values: plain Python data for what is known, the classes below for the rest.


class _Undefined:
    def __repr__(self) -> str:
        return "undefined"


UNDEFINED = _Undefined()


@dataclass
class Opaque:
    """A value the sample computes at run time: kept as its source text."""

    text: str


@dataclass
class Marker:
    """A library entry point: `fetch`, `axios`, or what `require('axios')` returns."""

    name: str
    text: str


@dataclass
class JsonText:
    """What `JSON.stringify(value)` returns: JSON text that still knows its data."""

    value: Any


@dataclass
class FileVal:
    """A Blob or File: only its file name, when written, is of interest."""

    name: str | None
    text: str


@dataclass
class ObjVal:
    """An object literal, FormData, URLSearchParams or Headers, with where each key is written."""

    fields: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    nodes: dict[str, Node | None] = field(default_factory=dict)
    kind: str = "object"  # object | formdata | params | headers
    line: int = 0
    optional: frozenset[str] = frozenset()  # keys set only under a condition

    def put(self, key: str, value: Any, line: int, node: Node | None, repeat: bool = False) -> None:
        # FormData/URLSearchParams `.append` keeps every value of a repeated key.
        if repeat and key in self.fields:
            previous = self.fields[key]
            self.fields[key] = (previous if isinstance(previous, list) else [previous]) + [value]
        else:
            self.fields[key] = value
            self.lines[key] = line
            self.nodes[key] = node

    def copy(self) -> ObjVal:
        return ObjVal(dict(self.fields), dict(self.lines), dict(self.nodes), self.kind, self.line,
                      self.optional)


@dataclass
class AxiosVal:
    """An axios instance from `axios.create(config)`."""

    config: ObjVal
    text: str


def js_string(value: Any) -> str:
    """`String(value)` as JavaScript would say it; unknown parts as `${text}`."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _js_number(value)
    if isinstance(value, (Opaque, Marker, AxiosVal, FileVal)):
        return "${" + value.text + "}"
    if isinstance(value, JsonText):
        return json_stringify(value.value)
    if isinstance(value, list):
        return ",".join("" if item is None or item is UNDEFINED else js_string(item) for item in value)
    if isinstance(value, ObjVal):
        if value.kind == "params":
            return urlencode([(k, js_string(v)) for k, v in _pairs(value)])
        return "[object Object]" if value.kind == "object" else f"[object {value.kind}]"
    return str(value)


def _js_number(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)


def _pairs(obj: ObjVal) -> Iterator[tuple[str, Any]]:
    for key, value in obj.fields.items():
        for item in value if isinstance(value, list) and obj.kind != "object" else [value]:
            yield key, item


def to_data(value: Any) -> Any:
    """Plain JSON-like data (dict/list/str/int/float/bool/None) for a body or query."""
    if isinstance(value, ObjVal):
        return {k: to_data(v) for k, v in value.fields.items() if v is not UNDEFINED}
    if isinstance(value, list):
        return [None if v is UNDEFINED else to_data(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is UNDEFINED:
        return None
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return js_string(value)


def json_stringify(value: Any) -> str:
    """JSON.stringify without indent: compact, keys in written order."""
    if isinstance(value, Opaque):
        return "${" + value.text + "}"
    return json.dumps(_integral(to_data(value)), separators=(",", ":"), ensure_ascii=False)


def _integral(data: Any) -> Any:
    # JavaScript prints 1.0 as 1.
    if isinstance(data, float) and data.is_integer() and abs(data) < 1e21:
        return int(data)
    if isinstance(data, dict):
        return {k: _integral(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_integral(v) for v in data]
    return data


def _known(value: Any) -> bool:
    return not isinstance(value, (Opaque, Marker, AxiosVal))


# --------------------------------------------------------------------------- scopes


@dataclass
class Binding:
    """One declared name: what it was given, and what happened to it afterwards."""

    name: str
    kind: str                     # const/let/var, param, function, import, pattern
    value: Node | None = None     # the initialiser (or the function/class node)
    source: Node | None = None    # destructuring: the value destructured; import: the module
    key: str = ""                 # destructuring/import: the property taken
    assignments: list[tuple[Node, Node, str]] = field(default_factory=list)  # (expr, rhs, op)
    mutations: list[Node] = field(default_factory=list)  # obj.k = v, obj.append(k, v)
    scope: int = 0                # id of the scope node (for a parameter: its function)


@dataclass
class ParamArg:
    """What a call passes for one parameter: the argument, else the default."""

    node: Node | None
    default: Node | None = None
    key: str = ""                 # `function f({question})`: the property taken from the argument


@dataclass
class Frame:
    """One call of a sample function: its parameters bound to the call's arguments."""

    function: Node
    args: dict[str, ParamArg]
    parent: Frame | None          # the frame the call itself is read in
    at: int                       # where the call is written
    order: tuple[int, ...] = ()   # positions from the outermost call inwards


class Scopes:
    """Which declaration each name refers to, by walking lexical scopes outwards."""

    def __init__(self, nodes: list[Node], text: Callable[[Node], str]) -> None:
        self.table: dict[int, dict[str, Binding]] = {}
        self.this_fields: dict[int, dict[str, Node]] = {}
        self._text = text
        for node in nodes:
            self._declare(node)
        for node in nodes:
            self._record_change(node)

    # -- declarations
    def _bind(self, scope: Node | None, binding: Binding) -> None:
        if scope is not None:
            binding.scope = scope.id
            self.table.setdefault(scope.id, {}).setdefault(binding.name, binding)

    def _declare(self, node: Node) -> None:
        kind = node.type
        if kind == "variable_declarator":
            self._declare_variable(node)
        elif kind in ("function_declaration", "generator_function_declaration", "class_declaration"):
            name = node.child_by_field_name("name")
            if name is not None:
                self._bind(_scope_of(node), Binding(self._text(name), "function", node))
        elif kind == "formal_parameters" and node.parent is not None:
            for ident in _pattern_identifiers(node):
                self._bind(node.parent, Binding(self._text(ident), "param"))
        elif kind == "arrow_function":
            param = node.child_by_field_name("parameter")
            if param is not None:
                self._bind(node, Binding(self._text(param), "param"))
        elif kind == "catch_clause":
            param = node.child_by_field_name("parameter")
            for ident in _pattern_identifiers(param) if param is not None else []:
                self._bind(node, Binding(self._text(ident), "param"))
        elif kind == "for_in_statement":
            left = node.child_by_field_name("left")
            for ident in _pattern_identifiers(left) if left is not None else []:
                self._bind(node, Binding(self._text(ident), "param"))
        elif kind == "import_statement":
            self._declare_import(node)

    def _declare_variable(self, node: Node) -> None:
        name = _declared_name(node, self._text)
        value = node.child_by_field_name("value")
        scope = _scope_of(node)
        if name is None:
            return
        if name.type == "identifier":
            parent = node.parent
            keyword = parent.children[0].type if parent is not None and parent.children else "var"
            self._bind(scope, Binding(self._text(name), keyword, value))
            return
        for ident, key in _destructured(name, self._text):
            self._bind(scope, Binding(self._text(ident), "pattern", None, value, key))

    def _declare_import(self, node: Node) -> None:
        source = node.child_by_field_name("source")
        scope = _scope_of(node)
        for clause in (c for c in node.named_children if c.type == "import_clause"):
            for part in clause.named_children:
                if part.type == "identifier":
                    self._bind(scope, Binding(self._text(part), "import", None, source, "default"))
                elif part.type == "namespace_import":
                    for ident in (c for c in part.named_children if c.type == "identifier"):
                        self._bind(scope, Binding(self._text(ident), "import", None, source, "*"))
                elif part.type == "named_imports":
                    for spec in (c for c in part.named_children if c.type == "import_specifier"):
                        name = spec.child_by_field_name("name")
                        alias = spec.child_by_field_name("alias") or name
                        if name is not None and alias is not None:
                            self._bind(scope, Binding(self._text(alias), "import", None, source,
                                                             self._text(name)))

    # -- later changes
    def _record_change(self, node: Node) -> None:
        if node.type in ("assignment_expression", "augmented_assignment_expression"):
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is None or right is None:
                return
            op = "=" if node.type == "assignment_expression" else self._op(node)
            if left.type == "identifier":
                binding = self.lookup(self._text(left), left)
                if binding is not None:
                    binding.assignments.append((node, right, op))
            elif left.type in ("member_expression", "subscript_expression"):
                self._record_member_change(node, left, right)
        elif node.type == "call_expression":
            callee = node.child_by_field_name("function")
            if callee is not None and callee.type == "member_expression":
                prop = callee.child_by_field_name("property")
                target = _root_identifier(callee.child_by_field_name("object"))
                if prop is not None and self._text(prop) in ("append", "set") and target is not None:
                    binding = self.lookup(self._text(target), target)
                    if binding is not None:
                        binding.mutations.append(node)

    def _op(self, node: Node) -> str:
        op = node.child_by_field_name("operator")
        return self._text(op) if op is not None else "="

    def _record_member_change(self, node: Node, left: Node, right: Node) -> None:
        obj = left.child_by_field_name("object")
        if obj is not None and obj.type == "this" and left.type == "member_expression":
            prop = left.child_by_field_name("property")
            body = _ancestor(node, "class_body")
            if prop is not None and body is not None:
                self.this_fields.setdefault(body.id, {}).setdefault(self._text(prop), right)
            return
        target = _root_identifier(obj)
        if target is not None:
            binding = self.lookup(self._text(target), target)
            if binding is not None:
                binding.mutations.append(node)

    def lookup(self, name: str, at: Node) -> Binding | None:
        node: Node | None = at
        while node is not None:
            found = self.table.get(node.id, {}).get(name)
            if found is not None:
                return found
            node = node.parent
        return None


def _declared_name(declarator: Node, text: Callable[[Node], str]) -> Node | None:
    """The name a declarator declares.

    TypeScript read with the JavaScript grammar: `const url: string = "..."`
    comes out as ERROR(`url:`) followed by a declarator named `string`; the
    name is the identifier in the ERROR.
    """
    name = declarator.child_by_field_name("name")
    before = declarator.prev_sibling
    if before is not None and before.type == "ERROR" and text(before).rstrip().endswith(":"):
        idents = [c for c in before.named_children if c.type == "identifier"]
        if len(idents) == 1:
            return idents[0]
    return name


def _scope_of(node: Node) -> Node | None:
    parent = node.parent
    while parent is not None and parent.type not in SCOPE_TYPES:
        parent = parent.parent
    return parent


def _ancestor(node: Node, kind: str) -> Node | None:
    parent = node.parent
    while parent is not None and parent.type != kind:
        parent = parent.parent
    return parent


def _root_identifier(node: Node | None) -> Node | None:
    """`a` of `a.b.c` / `a['b']` (the object mutations are recorded on)."""
    while node is not None and node.type in ("member_expression", "subscript_expression"):
        node = node.child_by_field_name("object")
    return node if node is not None and node.type == "identifier" else None


def _pattern_identifiers(node: Node) -> list[Node]:
    """Names a parameter list or pattern declares (defaults and rests included)."""
    found: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type in ("identifier", "shorthand_property_identifier_pattern"):
            found.append(current)
        elif current.type in ("assignment_pattern", "object_assignment_pattern"):
            left = current.child_by_field_name("left")
            if left is not None:
                stack.append(left)
        elif current.type == "pair_pattern":
            value = current.child_by_field_name("value")
            if value is not None:
                stack.append(value)
        else:
            stack.extend(current.named_children)
    return found


def _destructured(pattern: Node, text: Callable[[Node], str]) -> list[tuple[Node, str]]:
    """(identifier, property taken) for each name of `{a, b: c} = ...` (arrays: no key)."""
    found: list[tuple[Node, str]] = []
    for child in pattern.named_children:
        if child.type == "shorthand_property_identifier_pattern":
            found.append((child, text(child)))
        elif child.type == "object_assignment_pattern":
            left = child.child_by_field_name("left")
            if left is not None and left.type == "shorthand_property_identifier_pattern":
                found.append((left, text(left)))
        elif child.type == "pair_pattern":
            key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
            if value is not None and value.type == "assignment_pattern":
                value = value.child_by_field_name("left")
            if key is not None and value is not None and value.type == "identifier":
                found.append((value, _strip_quotes(text(key))))
        else:
            found.extend((ident, "") for ident in _pattern_identifiers(child))
    return found


def _strip_quotes(text: str) -> str:
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"`" else text


# --------------------------------------------------------------------------- strings

_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def unescape(seq: str) -> str:
    """The character a JavaScript escape sequence (`\\n`, `\\u00e9`, `\\x41`...) stands for."""
    body = seq[1:]
    if not body or body[0] in "\r\n\u2028\u2029":
        return ""  # a line continuation
    if body[0] in _SIMPLE_ESCAPES and not (body[0] == "0" and len(body) > 1):
        return _SIMPLE_ESCAPES[body[0]]
    try:
        if body[0] == "x":
            return chr(int(body[1:3], 16))
        if body[0] == "u":
            digits = body[2:-1] if body.startswith("u{") else body[1:5]
            return chr(int(digits, 16))
    except ValueError:
        return body
    return body


def _join_surrogates(text: str) -> str:
    # `\ud83d\ude00` written as two escapes makes one character.
    try:
        return text.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeError:
        return text


def _parse_number(text: str) -> int | float | None:
    raw = text.replace("_", "").rstrip("n")
    try:
        lower = raw.lower()
        if lower.startswith(("0x", "0o", "0b")):
            return int(raw, 0)
        if re.fullmatch(r"0[0-7]+", raw):  # legacy octal
            return int(raw, 8)
        if re.fullmatch(r"\d+", raw):
            return int(raw)
        return float(raw)
    except ValueError:
        return None


# --------------------------------------------------------------------------- reading


@dataclass
class _Found:
    """What one call sends, before it becomes a Request."""

    node: Node
    client: str = "fetch"
    method: str = "GET"
    url: Any = ""
    headers: list[tuple[str, Any, int]] = field(default_factory=list)
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    body_kind: str = ""
    credentials: str = ""
    auth: str = ""
    implied: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    statuses: set[str] = field(default_factory=set)
    order: tuple[int, ...] = ()   # execution order: calls that lead here, then the call itself
    optional: list[str] = field(default_factory=list)  # body keys set only under a condition


class Reader:
    """Everything about one sample: its tree, its scopes, and the values of its expressions."""

    def __init__(self, code: str) -> None:
        self.data = code.encode("utf-8", "surrogatepass")
        self.tree = _parser().parse(self.data)
        self.nodes = list(_preorder(self.tree.root_node))
        self.scopes = Scopes(self.nodes, self.text)
        self.steps = 0
        self.total_steps = 0
        self._active: set[tuple[int, int, int]] = set()
        self.frame: Frame | None = None  # the call of a sample function being read
        self._call_sites: dict[int, list[Node]] | None = None

    # -- helpers
    def text(self, node: Node) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def short(self, node: Node) -> str:
        """Source text of an expression, on one line (cut when very long)."""
        end = min(node.end_byte, node.start_byte + 4 * MAX_OPAQUE_CHARS)
        text = " ".join(self.data[node.start_byte:end].decode("utf-8", "replace").split())
        return text if end == node.end_byte and len(text) <= MAX_OPAQUE_CHARS else \
            text[:MAX_OPAQUE_CHARS] + "..."

    @staticmethod
    def line(node: Node) -> int:
        return node.start_point[0] + 1

    # -- evaluation
    def value(self, node: Node | None, at: int) -> Any:
        """The static value of an expression, seen from byte position `at` (the call)."""
        if node is None:
            return UNDEFINED
        key = (node.id, at, id(self.frame))
        if key in self._active or len(self._active) > MAX_DEPTH:
            return Opaque(self.short(node))  # a definition that refers to itself
        self.steps += 1
        self.total_steps += 1
        if self.spent():
            return Opaque(self.short(node))  # too costly to work out: left unknown
        self._active.add(key)
        try:
            return self._value(node, at)
        finally:
            self._active.discard(key)

    def spent(self) -> bool:
        return self.steps > (MAX_STEPS if self.total_steps < MAX_TOTAL_STEPS else SPENT_STEPS)

    def _value(self, node: Node, at: int) -> Any:
        kind = node.type
        handler = getattr(self, "_v_" + kind, None)
        if handler is not None:
            return handler(node, at)
        if kind in ("parenthesized_expression", "await_expression", "non_null_expression"):
            inner = node.named_children
            return self.value(inner[-1], at) if inner else UNDEFINED
        if kind == "sequence_expression":
            return self.value(node.named_children[-1], at)
        if kind == "true":
            return True
        if kind == "false":
            return False
        if kind == "null":
            return None
        if kind == "undefined":
            return UNDEFINED
        return Opaque(self.short(node))

    def _v_string(self, node: Node, at: int) -> Any:
        parts = []
        for child in node.named_children:
            if child.type == "string_fragment":
                parts.append(self.text(child))
            elif child.type == "escape_sequence":
                parts.append(unescape(self.text(child)))
        return _join_surrogates("".join(parts))

    def _v_template_string(self, node: Node, at: int) -> Any:
        parts = []
        for child in node.named_children:
            if child.type == "string_fragment":
                parts.append(self.text(child))
            elif child.type == "escape_sequence":
                parts.append(unescape(self.text(child)))
            elif child.type == "template_substitution":
                inner = child.named_children
                parts.append(js_string(self.value(inner[0], at)) if inner else "")
        return _join_surrogates("".join(parts))

    def _v_number(self, node: Node, at: int) -> Any:
        number = _parse_number(self.text(node))
        return Opaque(self.text(node)) if number is None else number

    def _v_object(self, node: Node, at: int) -> Any:
        obj = ObjVal(line=self.line(node))
        for child in node.named_children:
            if self.spent():
                break  # a huge literal: what was read so far stands
            if child.type == "pair":
                self._object_pair(obj, child, at)
            elif child.type == "shorthand_property_identifier":
                obj.put(self.text(child), self._identifier(child, at), self.line(child), child)
            elif child.type == "spread_element" and child.named_children:
                spread = self.value(child.named_children[0], at)
                if isinstance(spread, ObjVal):  # keys of an unknown spread are unknowable
                    for key, value in spread.fields.items():
                        obj.put(key, value, spread.lines.get(key, self.line(child)), spread.nodes.get(key))
        return obj

    def _object_pair(self, obj: ObjVal, pair: Node, at: int) -> None:
        key_node, value_node = pair.child_by_field_name("key"), pair.child_by_field_name("value")
        if key_node is None:
            return
        key = self._key(key_node, at)
        obj.put(key, self.value(value_node, at), self.line(key_node), value_node)

    def _key(self, key_node: Node, at: int) -> str:
        if key_node.type == "string":
            return js_string(self.value(key_node, at))
        if key_node.type == "computed_property_name" and key_node.named_children:
            return js_string(self.value(key_node.named_children[0], at))
        if key_node.type == "number":
            return js_string(self.value(key_node, at))
        return self.text(key_node)

    def _v_array(self, node: Node, at: int) -> Any:
        items: list[Any] = []
        for child in node.named_children:
            if self.spent():
                break
            if child.type == "comment":
                continue
            if child.type == "spread_element" and child.named_children:
                spread = self.value(child.named_children[0], at)
                items.extend(spread if isinstance(spread, list) else [spread])
            else:
                items.append(self.value(child, at))
        return items

    def _v_identifier(self, node: Node, at: int) -> Any:
        return self._identifier(node, at)

    def _v_shorthand_property_identifier(self, node: Node, at: int) -> Any:
        return self._identifier(node, at)  # `{ url }` read back from a config's nodes

    def _identifier(self, node: Node, at: int) -> Any:
        name = self.text(node)
        binding = self.scopes.lookup(name, node)
        if binding is None:
            return self._global(name)
        if binding.kind == "import" or binding.kind == "pattern":
            return self._imported(binding, name, at)
        if binding.kind == "param":
            return self._param(binding, name, at)
        if binding.kind == "function":
            return Opaque(name)
        value = _as_client(self._current_value(binding, at), "")
        if isinstance(value, (ObjVal, AxiosVal)):
            value = self._mutated(binding, value, at)
        elif isinstance(value, str) and binding.mutations:
            value = self._search_params(binding, value, at)
        # A variable whose value is unknown keeps its own name: `${sessionId}`.
        return Opaque(name) if isinstance(value, Opaque) else value

    # -- parameters, bound by the call being read
    def _param(self, binding: Binding, name: str, at: int) -> Any:
        value = self._reassigned(binding, self._passed(binding, name), at)
        # A parameter reassigned to something unknown keeps its own name.
        return Opaque(name) if isinstance(value, Opaque) and binding.assignments else value

    def _passed(self, binding: Binding, name: str) -> Any:
        """What the call being read passes for a parameter (its default if nothing)."""
        frame, arg = self._argument(binding, self.frame)
        if frame is None or arg is None:
            return Opaque(name)
        value: Any = UNDEFINED
        if arg.node is not None:
            value = self.in_frame(frame.parent, lambda: self.value(arg.node, frame.at))
            if arg.key:
                value = value.fields.get(arg.key, UNDEFINED) if isinstance(value, ObjVal) else Opaque(name)
        if value is UNDEFINED and arg.default is not None:
            value = self.in_frame(frame, lambda: self.value(arg.default, frame.at))
        return value

    def _argument(self, binding: Binding, frame: Frame | None) -> tuple[Frame | None, ParamArg | None]:
        """The frame of the call that binds this parameter, and what it passes."""
        while frame is not None and frame.function.id != binding.scope:
            frame = frame.parent
        return (frame, frame.args.get(binding.name)) if frame is not None else (None, None)

    def in_frame(self, frame: Frame | None, read: Callable[[], Any]) -> Any:
        saved, self.frame = self.frame, frame
        try:
            return read()
        finally:
            self.frame = saved

    def contexts(self, node: Node, chain: frozenset[int] = frozenset()) -> list[Frame | None]:
        """Every call under which `node` runs: one frame per call of its enclosing function.

        A function no one calls (a callback, a method, an unused helper) is read
        once, its parameters unknown, under the calls of the function around it.
        Recursion is not followed: a call from a function already on the way in
        leads nowhere new.
        """
        function = node.parent
        while function is not None and function.type not in FUNCTION_TYPES:
            function = function.parent
        if function is None:
            return [None]
        if function.id in chain:
            return []
        calls = self.call_sites().get(function.id, []) if len(chain) < MAX_CALL_DEPTH else []
        if not calls:
            return self.contexts(function, chain | {function.id})
        frames: list[Frame | None] = []
        for call in calls:
            for parent in self.contexts(call, chain | {function.id}):
                order = (parent.order if parent is not None else ()) + (call.start_byte,)
                frames.append(Frame(function, _bind_arguments(function, _arguments(call)), parent,
                                    call.start_byte, order))
                if len(frames) >= MAX_CONTEXTS:
                    return frames
        # Called only from within itself (recursion): read once, parameters unknown.
        return frames if frames or chain else self.contexts(function, chain | {function.id})

    def call_sites(self) -> dict[int, list[Node]]:
        """Function node id -> the calls `name(...)` of the name it is declared under."""
        if self._call_sites is None:
            self._call_sites = {}
            for node in self.nodes:
                callee = node.child_by_field_name("function") if node.type == "call_expression" else None
                if callee is None or callee.type != "identifier":
                    continue
                function = self._function_of(self.scopes.lookup(self.text(callee), callee))
                if function is not None and not _inside(node, function):  # recursion: not followed
                    self._call_sites.setdefault(function.id, []).append(node)
        return self._call_sites

    @staticmethod
    def _function_of(binding: Binding | None) -> Node | None:
        if binding is None or binding.value is None:
            return None
        if binding.kind == "function" and binding.value.type != "class_declaration":
            return binding.value
        if binding.kind in ("const", "let", "var") and binding.value.type in FUNCTION_TYPES:
            return binding.value
        return None

    def _global(self, name: str) -> Any:
        if name == "undefined":
            return UNDEFINED
        if name == "NaN":
            return math.nan
        if name == "Infinity":
            return math.inf
        if name in ("fetch", "axios"):
            return Marker(name, name)
        return Opaque(name)

    def _imported(self, binding: Binding, name: str, at: int) -> Any:
        """`import axios from 'axios'`, `const fetch = require(...)`'s cousins, `const {fetch} = ...`."""
        source = binding.source
        if source is None:
            return Opaque(name)
        if binding.kind == "import":
            return _module_member(js_string(self.value(source, at)), binding.key, name)
        origin = self.value(source, at)
        if isinstance(origin, Marker) and origin.name.startswith("module:"):
            return _module_member(origin.name[len("module:"):], binding.key, name)
        if isinstance(origin, ObjVal) and binding.key in origin.fields:
            value = origin.fields[binding.key]
            return Opaque(name) if isinstance(value, Opaque) else value
        return Opaque(name)

    def _current_value(self, binding: Binding, at: int) -> Any:
        """The declared value, or the last plain reassignment written before the call."""
        declared = self.value(binding.value, at) if binding.value is not None else UNDEFINED
        return self._reassigned(binding, declared, at)

    def _reassigned(self, binding: Binding, value: Any, at: int) -> Any:
        for expr, rhs, op in binding.assignments:
            if expr.start_byte >= at:
                continue
            if op == "=":
                value = self.value(rhs, at)
            elif op == "+=":
                value = _plus(value, self.value(rhs, at), Opaque(binding.name))
            else:
                value = Opaque(binding.name)
        return value

    def _mutated(self, binding: Binding, value: Any, at: int) -> Any:
        """Apply `obj.k = v`, `form.append(k, v)`, `api.defaults.baseURL = v` written before use.

        A use inside a function sees changes made outside it wherever they
        stand: the function runs once the sample has set things up.
        """
        changes = [m for m in binding.mutations if self._applies(m, at)]
        if not changes:
            return value
        target = value.copy() if isinstance(value, ObjVal) else AxiosVal(value.config.copy(), value.text)
        for change in changes:
            before = set(target.fields) if isinstance(target, ObjVal) else set()
            if isinstance(target, AxiosVal):
                self._mutate_axios(target, change, at)
            elif change.type == "call_expression":
                self._mutate_call(target, change, at)
            else:
                self._mutate_member(target, change, at)
            if isinstance(target, ObjVal) and self._conditional(change, binding, at):
                target.optional |= frozenset(set(target.fields) - before)
        return target

    def _conditional(self, change: Node, binding: Binding, at: int) -> bool:
        """Whether a change runs only on some paths to the use at `at`: under an
        `if`, a ternary or a `switch` that holds neither the use nor the
        object's declaration."""
        declared = binding.value.start_byte if binding.value is not None else -1
        node = change.parent
        while node is not None:
            if node.type in ("if_statement", "ternary_expression", "switch_case", "switch_default"):
                holds_use = node.start_byte <= at < node.end_byte
                holds_declaration = node.start_byte <= declared < node.end_byte
                if not holds_use and not holds_declaration:
                    return True
            node = node.parent
        return False

    def _search_params(self, binding: Binding, url: str, at: int) -> str:
        """`url.searchParams.append('q', v)` on a `new URL(...)`: the query grows."""
        for change in (m for m in binding.mutations if self._applies(m, at)):
            callee = change.child_by_field_name("function") if change.type == "call_expression" else None
            holder = callee.child_by_field_name("object") if callee is not None else None
            args = _arguments(change)
            if holder is None or holder.type != "member_expression" or len(args) < 2:
                continue
            prop = holder.child_by_field_name("property")
            if prop is None or self.text(prop) != "searchParams":
                continue
            pair = urlencode([(js_string(self.value(args[0], at)), js_string(self.value(args[1], at)))],
                             safe="${}")
            url += ("&" if "?" in url else "?") + pair
        return url

    def _applies(self, change: Node, at: int) -> bool:
        if change.start_byte < at:
            return True
        use_function = self._function_at(at)
        return use_function is not None and not (
            use_function.start_byte <= change.start_byte < use_function.end_byte)

    def _function_at(self, at: int) -> Node | None:
        node = self.tree.root_node.descendant_for_byte_range(at, at)
        while node is not None and node.type not in FUNCTION_TYPES:
            node = node.parent
        return node

    def _mutate_call(self, target: ObjVal, call: Node, at: int) -> None:
        callee = call.child_by_field_name("function")
        args = _arguments(call)
        if target.kind == "object" or callee is None or len(args) < 2 or \
                callee.child_by_field_name("object") is None:
            return
        if callee.child_by_field_name("object").type != "identifier":
            return  # `form.x.append` is not an append on `form`
        method = self.text(callee.child_by_field_name("property"))
        key = js_string(self.value(args[0], at))
        value = self.value(args[1], at)
        if target.kind == "formdata":
            value = self._form_value(value, args[2] if len(args) > 2 else None, at)
        elif target.kind in ("params", "headers"):
            value = js_string(value)
        repeat = method == "append" and target.kind != "headers"
        target.put(key, value, self.line(call), args[1], repeat=repeat)

    def _mutate_member(self, target: ObjVal, assignment: Node, at: int) -> None:
        left = assignment.child_by_field_name("left")
        right = assignment.child_by_field_name("right")
        if left is None or right is None or target.kind != "object":
            return
        obj = left.child_by_field_name("object")
        if obj is None or obj.type != "identifier":
            return  # nested: `payload.config.x = ...` changes an inner object; left alone
        key = self._member_key(left, at)
        if key is not None and assignment.type == "assignment_expression":
            target.put(key, self.value(right, at), self.line(assignment), right)

    def _member_key(self, member: Node, at: int) -> str | None:
        if member.type == "member_expression":
            prop = member.child_by_field_name("property")
            return self.text(prop) if prop is not None else None
        index = member.child_by_field_name("index")
        key = self.value(index, at) if index is not None else UNDEFINED
        return js_string(key) if _known(key) else None

    def _mutate_axios(self, target: AxiosVal, change: Node, at: int) -> None:
        """`api.defaults.baseURL = x`, `api.defaults.headers.common['K'] = v`."""
        if change.type != "assignment_expression":
            return
        left, right = change.child_by_field_name("left"), change.child_by_field_name("right")
        path = self._member_path(left, at)
        if not path or path[0] != "defaults" or right is None:
            return
        if path[1:] == ["baseURL"]:
            target.config.put("baseURL", self.value(right, at), self.line(change), right)
        elif len(path) >= 3 and path[1] == "headers" and path[2:-1] in ([], ["common"]):
            headers = target.config.fields.get("headers")
            headers = headers.copy() if isinstance(headers, ObjVal) else ObjVal(line=self.line(change))
            headers.put(path[-1], self.value(right, at), self.line(change), right)
            target.config.put("headers", headers, target.config.lines.get("headers", self.line(change)), None)

    def _member_path(self, node: Node | None, at: int) -> list[str]:
        """['defaults', 'headers', 'common', 'Authorization'] for `api.defaults.headers.common[...]`."""
        path: list[str] = []
        while node is not None and node.type in ("member_expression", "subscript_expression"):
            key = self._member_key(node, at)
            if key is None:
                return []
            path.append(key)
            node = node.child_by_field_name("object")
        return list(reversed(path))

    def _v_member_expression(self, node: Node, at: int) -> Any:
        obj_node, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
        if obj_node is None or prop is None:
            return Opaque(self.short(node))
        name = self.text(prop)
        if obj_node.type == "this":
            return self._this_field(node, name, at)
        obj = self.value(obj_node, at)
        return self._member_of(obj, name, node)

    def _v_subscript_expression(self, node: Node, at: int) -> Any:
        obj = self.value(node.child_by_field_name("object"), at)
        index = self.value(node.child_by_field_name("index"), at)
        if isinstance(obj, list) and isinstance(index, int) and not isinstance(index, bool):
            return obj[index] if 0 <= index < len(obj) else UNDEFINED
        if not _known(index):
            return Opaque(self.short(node))
        return self._member_of(obj, js_string(index), node)

    def _member_of(self, obj: Any, name: str, node: Node) -> Any:
        if isinstance(obj, ObjVal) and obj.kind == "object" and name in obj.fields:
            return obj.fields[name]
        if isinstance(obj, (str, list)) and name == "length":
            return len(obj)
        if isinstance(obj, str) and name == "href":
            return obj  # a `new URL(...)`, kept as its text
        if isinstance(obj, Marker) and obj.name.startswith("module:"):
            return _module_member(obj.name[len("module:"):], name, self.short(node))
        if isinstance(obj, Marker) and obj.name == "axios" and name == "default":
            return obj  # `require('axios').default`
        return Opaque(self.short(node))

    def _this_field(self, node: Node, name: str, at: int) -> Any:
        body = _ancestor(node, "class_body")
        rhs = self.scopes.this_fields.get(body.id, {}).get(name) if body is not None else None
        if rhs is None and body is not None:
            rhs = self._class_field(body, name)
        value = self.value(rhs, at) if rhs is not None else Opaque(self.short(node))
        return Opaque(self.short(node)) if isinstance(value, Opaque) else value

    def _class_field(self, body: Node, name: str) -> Node | None:
        for member in body.named_children:
            prop = member.child_by_field_name("property")
            if member.type == "field_definition" and prop is not None and self.text(prop) == name:
                return member.child_by_field_name("value")
        return None

    def _v_binary_expression(self, node: Node, at: int) -> Any:
        op_node = node.child_by_field_name("operator")
        op = self.text(op_node) if op_node is not None else ""
        left = self.value(node.child_by_field_name("left"), at)
        if op in ("||", "??"):
            return self._fallback(op, left, node, at)
        right = self.value(node.child_by_field_name("right"), at)
        if op == "+":
            return _plus(left, right, Opaque(self.short(node)))
        return Opaque(self.short(node))

    def _fallback(self, op: str, left: Any, node: Node, at: int) -> Any:
        # `process.env.API_URL || 'https://...'`: the written default is what a reader takes.
        if _known(left):
            empty = left is None or left is UNDEFINED or (op == "||" and left in ("", 0, False))
            return self.value(node.child_by_field_name("right"), at) if empty else left
        right = self.value(node.child_by_field_name("right"), at)
        return right if _known(right) else Opaque(self.short(node))

    def _v_unary_expression(self, node: Node, at: int) -> Any:
        op_node = node.child_by_field_name("operator")
        op = self.text(op_node) if op_node is not None else ""
        arg = self.value(node.child_by_field_name("argument"), at)
        if op == "-" and isinstance(arg, (int, float)) and not isinstance(arg, bool):
            return -arg
        if op == "+" and isinstance(arg, (int, float)) and not isinstance(arg, bool):
            return arg
        return Opaque(self.short(node))

    def _v_ternary_expression(self, node: Node, at: int) -> Any:
        cond = self.value(node.child_by_field_name("condition"), at)
        if isinstance(cond, bool):
            return self.value(node.child_by_field_name("consequence" if cond else "alternative"), at)
        return Opaque(self.short(node))

    def _v_call_expression(self, node: Node, at: int) -> Any:
        callee = node.child_by_field_name("function")
        args = _arguments(node)
        if callee is None:
            return Opaque(self.short(node))
        name = self.short(callee)
        first = self.value(args[0], at) if args else UNDEFINED
        if name == "JSON.stringify":
            return JsonText(first)
        if name == "require" and isinstance(first, str):
            return Marker("module:" + first, self.short(node))
        if name in ("encodeURIComponent", "encodeURI") and isinstance(first, str):
            return quote(first, safe="-_.!~*'()" + (";,/?:@&=+$#" if name == "encodeURI" else ""))
        if name == "String" and _known(first):
            return js_string(first)
        if name == "btoa" and isinstance(first, str):
            return _base64(first, "latin-1")
        if name == "Object.assign" and args:
            return self._assign([self.value(a, at) for a in args], node)
        if callee.type == "member_expression":
            return self._method_result(callee, args, node, at)
        return Opaque(self.short(node))

    def _method_result(self, callee: Node, args: list[Node], node: Node, at: int) -> Any:
        prop_node, obj_node = callee.child_by_field_name("property"), callee.child_by_field_name("object")
        if prop_node is None or obj_node is None:
            return Opaque(self.short(node))
        prop = self.text(prop_node)
        obj = self.value(obj_node, at)
        if prop == "create" and isinstance(obj, Marker) and obj.name == "axios":
            config = self.value(args[0], at) if args else ObjVal()
            return AxiosVal(config if isinstance(config, ObjVal) else ObjVal(), self.short(node))
        if prop == "toString" and not args and _known(obj) and not isinstance(obj, FileVal):
            return js_string(obj)
        if prop == "toString" and args and self._is_buffer_from(obj_node):
            return self._buffer_base64(obj_node, args, node, at)
        return Opaque(self.short(node))

    def _is_buffer_from(self, node: Node | None) -> bool:
        return node is not None and node.type == "call_expression" and \
            self.short(node.child_by_field_name("function")) == "Buffer.from"

    def _buffer_base64(self, buffer_call: Node, args: list[Node], node: Node, at: int) -> Any:
        inner = _arguments(buffer_call)
        source = self.value(inner[0], at) if inner else UNDEFINED
        encoding = self.value(args[0], at)
        if isinstance(source, str) and encoding == "base64":
            return _base64(source, "utf-8")
        return Opaque(self.short(node))

    def _assign(self, values: list[Any], node: Node) -> Any:
        merged = ObjVal(line=self.line(node))
        for value in values:
            if isinstance(value, ObjVal):
                for key, item in value.fields.items():
                    merged.put(key, item, value.lines.get(key, merged.line), value.nodes.get(key))
        return merged

    def _v_new_expression(self, node: Node, at: int) -> Any:
        ctor = node.child_by_field_name("constructor")
        args = _arguments(node)
        name = self.short(ctor) if ctor is not None else ""
        builders = {"FormData": self._new_form, "URLSearchParams": self._new_params,
                    "Headers": self._new_headers, "URL": self._new_url,
                    "File": self._new_file, "Blob": self._new_file}
        builder = builders.get(name)
        if builder is None:
            return Opaque(self.short(node))
        return builder(node, args, at)

    def _new_form(self, node: Node, args: list[Node], at: int) -> Any:
        # `new FormData(formElement)` takes fields we cannot see.
        return Opaque(self.short(node)) if args else ObjVal(kind="formdata", line=self.line(node))

    def _new_params(self, node: Node, args: list[Node], at: int) -> Any:
        return self._keyed(node, args, at, "params")

    def _new_headers(self, node: Node, args: list[Node], at: int) -> Any:
        return self._keyed(node, args, at, "headers")

    def _keyed(self, node: Node, args: list[Node], at: int, kind: str) -> Any:
        """URLSearchParams/Headers from an object, `[[k, v]]` pairs or a query string."""
        source = self.value(args[0], at) if args else UNDEFINED
        written = self.origin_node(args[0], at) if args else None
        return self.keyed(source, written, self.line(node), kind) or Opaque(self.short(node))

    def keyed(self, source: Any, written: Node | None, line: int, kind: str) -> ObjVal | None:
        """The same from a value already worked out; `written` is where it is written (for lines)."""
        result = ObjVal(kind=kind, line=line)
        repeat = kind == "params"
        if isinstance(source, ObjVal):
            for key, value in _pairs(source):
                result.put(key, js_string(value), source.lines.get(key, result.line),
                           source.nodes.get(key), repeat)
        elif isinstance(source, list):
            pair_nodes = _list_nodes(written) if written is not None else []
            for index, pair in enumerate(source):
                pair_node = pair_nodes[index] if len(pair_nodes) == len(source) else None
                line = self.line(pair_node) if pair_node is not None else result.line
                if isinstance(pair, list) and len(pair) == 2:
                    result.put(js_string(pair[0]), js_string(pair[1]), line, pair_node, repeat)
        elif isinstance(source, str) and kind == "params":
            for key, value in parse_qsl(source.lstrip("?"), keep_blank_values=True):
                result.put(key, value, result.line, written, repeat)
        elif source is not UNDEFINED:
            return None
        return result

    def _new_url(self, node: Node, args: list[Node], at: int) -> Any:
        url = self.value(args[0], at) if args else UNDEFINED
        base = self.value(args[1], at) if len(args) > 1 else UNDEFINED
        if isinstance(url, str) and base is UNDEFINED:
            return url
        if isinstance(url, str) and isinstance(base, str):
            return _url_join(base, url)
        return Opaque(self.short(node))

    def _new_file(self, node: Node, args: list[Node], at: int) -> Any:
        ctor = self.short(node.child_by_field_name("constructor"))
        name = self.value(args[1], at) if ctor == "File" and len(args) > 1 else None
        return FileVal(name if isinstance(name, str) else None, self.short(node))

    def _form_value(self, value: Any, filename_node: Node | None, at: int) -> Any:
        """A FormData field as curl -F would write it: text, or `@file` for a named file."""
        filename = self.value(filename_node, at) if filename_node is not None else None
        if isinstance(filename, str):
            return "@" + filename
        if isinstance(value, FileVal):
            return "@" + value.name if value.name else "${" + value.text + "}"
        return js_string(value)

    # -- where a value is written
    def origin_line(self, node: Node | None, at: int) -> int:
        """The line a value is written on, following variables to their declaration."""
        written = self.origin_node(node, at)
        return self.line(written) if written is not None else 1

    def origin_node(self, node: Node | None, at: int) -> Node | None:
        """Where a value is written, following variables, parameters to the argument
        of the call being read, and `JSON.stringify(variable)`."""
        frame = self.frame
        for _ in range(MAX_DEPTH):
            if node is None:
                return None
            if node.type in ("parenthesized_expression", "await_expression") and node.named_children:
                node = node.named_children[-1]
                continue
            if node.type == "call_expression" and self.short(node.child_by_field_name("function")) == \
                    "JSON.stringify" and _arguments(node) and _arguments(node)[0].type in NAME_TYPES:
                node = _arguments(node)[0]
                continue
            if node.type not in NAME_TYPES:
                return node
            binding = self.scopes.lookup(self.text(node), node)
            if binding is not None and binding.kind == "param":
                bound, arg = self._argument(binding, frame)
                if bound is None or arg is None or arg.node is None:
                    return node
                node, frame, at = arg.node, bound.parent, bound.at
                continue
            target = self._declared_node(node, at)
            if target is None:
                return node
            node = target
        return node

    def _declared_node(self, node: Node, at: int) -> Node | None:
        binding = self.scopes.lookup(self.text(node), node)
        if binding is None or binding.kind not in ("const", "let", "var"):
            return None
        chosen = binding.value
        for expr, rhs, op in binding.assignments:
            if expr.start_byte < at and op == "=":
                chosen = rhs
        return chosen


def _bind_arguments(function: Node, args: list[Node]) -> dict[str, ParamArg]:
    """Parameter name -> what the call passes (positional; a spread ends what is known)."""
    params = function.child_by_field_name("parameters")
    single = function.child_by_field_name("parameter")
    declared = [single] if single is not None else \
        [p for p in (params.named_children if params is not None else []) if p.type != "comment"]
    bound: dict[str, ParamArg] = {}
    for index, param in enumerate(declared):
        arg = args[index] if index < len(args) else None
        if arg is not None and arg.type == "spread_element":
            break
        default = None
        if param.type == "assignment_pattern":
            param, default = param.child_by_field_name("left"), param.child_by_field_name("right")
        if param is None:
            continue
        if param.type == "identifier":
            bound[(param.text or b"").decode("utf-8", "replace")] = ParamArg(arg, default)
        elif param.type == "object_pattern":
            for name, key, fallback in _pattern_fields(param):
                bound[name] = ParamArg(arg, fallback, key)
    return bound


def _pattern_fields(pattern: Node) -> list[tuple[str, str, Node | None]]:
    """(local name, property, default) for each field of `{a, b: c, d = 1}`."""
    def text(node: Node) -> str:
        return (node.text or b"").decode("utf-8", "replace")

    fields = []
    for child in pattern.named_children:
        left, default = child, None
        if child.type == "object_assignment_pattern":
            left, default = child.child_by_field_name("left"), child.child_by_field_name("right")
        if left is not None and left.type == "shorthand_property_identifier_pattern":
            fields.append((text(left), text(left), default))
        elif child.type == "pair_pattern":
            key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
            if value is not None and value.type == "assignment_pattern":
                value, default = value.child_by_field_name("left"), value.child_by_field_name("right")
            if key is not None and value is not None and value.type == "identifier":
                fields.append((text(value), _strip_quotes(text(key)), default))
    return fields


def _inside(node: Node, container: Node) -> bool:
    return container.start_byte <= node.start_byte and node.end_byte <= container.end_byte


def _plus(left: Any, right: Any, unknown: Opaque) -> Any:
    """JavaScript `+`: numbers add, anything with a string concatenates."""
    numbers = (int, float)
    if isinstance(left, numbers) and isinstance(right, numbers) and \
            not isinstance(left, bool) and not isinstance(right, bool):
        return left + right
    if isinstance(left, str) or isinstance(right, str) or isinstance(left, JsonText) or \
            isinstance(right, JsonText):
        return js_string(left) + js_string(right)
    return unknown


def _base64(text: str, encoding: str) -> str:
    try:
        return base64.b64encode(text.encode(encoding)).decode("ascii")
    except UnicodeEncodeError:
        return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _as_client(value: Any, key: str) -> Any:
    """`require('axios')` held in a variable is axios itself."""
    if isinstance(value, Marker) and value.name.startswith("module:"):
        return _module_member(value.name[len("module:"):], key, value.text)
    return value


def _module_member(module: str, key: str, text: str) -> Any:
    """What `import x from module` / `const {x} = require(module)` gives, if it is a client."""
    if module == "axios" and key in ("", "default", "*", "axios"):
        return Marker("axios", text)
    if module in FETCH_MODULES and key in ("", "default", "*", "fetch"):
        return Marker("fetch", text)
    if key in ("", "*"):
        return Marker("module:" + module, text)
    return Opaque(text)


def _url_join(base: str, path: str) -> str:
    """`new URL(path, base)` for the usual cases; placeholders survive."""
    if "://" in path:
        return path
    scheme_end = base.find("://")
    if path.startswith("/"):
        host_end = base.find("/", scheme_end + 3) if scheme_end >= 0 else -1
        return (base if host_end < 0 else base[:host_end]) + path
    return base.rsplit("/", 1)[0] + "/" + path if base.count("/") > 2 else base + "/" + path


def _axios_join(base: str, url: str) -> str:
    """axios' combineURLs: a relative url is appended to baseURL with one slash."""
    if not base or re.match(r"^([a-z][a-z\d+\-.]*:)?//", url, re.I):
        return url
    return base.rstrip("/") + "/" + url.lstrip("/") if url else base


def _arguments(call: Node) -> list[Node]:
    args = call.child_by_field_name("arguments")
    if args is None or args.type != "arguments":
        return []
    return [a for a in args.named_children if a.type != "comment"]


def _list_nodes(node: Node) -> list[Node]:
    return [c for c in node.named_children if c.type != "comment"] if node.type == "array" else []


def _preorder(root: Node) -> Iterator[Node]:
    """Every node, in source order, without recursion (samples can nest deeply)."""
    cursor = root.walk()
    while True:
        yield cursor.node
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return


# --------------------------------------------------------------------------- requests


class Calls:
    """Finds the fetch/axios calls of a sample and reads each into a `_Found`."""

    def __init__(self, reader: Reader) -> None:
        self.r = reader

    def find(self) -> list[_Found]:
        """Each request call, read once per call of the function it sits in, in execution order."""
        found = []
        for node in self.r.nodes:
            if node.type != "call_expression" or self._feeds_a_body(node) or not self._is_request(node):
                continue
            for frame in self.r.contexts(node):
                self.r.steps = 0
                request = self.r.in_frame(frame, lambda: self._read(node))
                if request is not None:
                    request.order = (frame.order if frame is not None else ()) + (node.start_byte,)
                    found.append(request)
        return sorted(found, key=lambda f: f.order)

    def _is_request(self, node: Node) -> bool:
        """Cheap test first: only fetch/axios calls are read under every call context."""
        self.r.steps = 0
        return self._client(node) is not None

    def _read(self, node: Node) -> _Found | None:
        client = self._client(node)
        if client is None:
            return None
        kind, instance, verb_node = client
        if kind == "fetch":
            return self._fetch(node, node.start_byte)
        return self._axios(node, instance, verb_node, node.start_byte)

    def _client(self, node: Node) -> tuple[str, AxiosVal | None, Node | None] | None:
        """("fetch" | "axios", the axios instance, the verb's node) when `node` sends a request."""
        callee = node.child_by_field_name("function")
        at = node.start_byte
        if callee is not None and callee.type == "identifier":
            target = self.r.value(callee, at)
            if isinstance(target, Marker) and target.name in ("fetch", "axios"):
                return target.name, None, None
            return ("axios", target, None) if isinstance(target, AxiosVal) else None
        if callee is None or callee.type != "member_expression":
            return None
        obj_node, prop_node = callee.child_by_field_name("object"), callee.child_by_field_name("property")
        if obj_node is None or prop_node is None:
            return None
        prop = self.r.text(prop_node)
        if obj_node.type == "identifier" and self.r.text(obj_node) in GLOBAL_OBJECTS and prop == "fetch":
            return "fetch", None, None
        if prop not in AXIOS_VERBS_NO_DATA | AXIOS_VERBS_DATA | AXIOS_VERBS_FORM | {"request"}:
            return None
        target = self.r.value(obj_node, at)
        if isinstance(target, Marker) and target.name == "axios":
            return "axios", None, prop_node
        return ("axios", target, prop_node) if isinstance(target, AxiosVal) else None

    def _feeds_a_body(self, node: Node) -> bool:
        """A fetch inside `new Blob(...)` / `.append(...)` loads a file; it is not the API call."""
        parent = node.parent
        while parent is not None and parent.type not in ("expression_statement", "statement_block",
                                                          "program", "lexical_declaration"):
            if parent.type == "new_expression" and self.r.short(
                    parent.child_by_field_name("constructor")) in ("Blob", "File"):
                return True
            if parent.type == "call_expression":
                callee = parent.child_by_field_name("function")
                prop = callee.child_by_field_name("property") if callee is not None else None
                if prop is not None and self.r.text(prop) == "append":
                    return True
            parent = parent.parent
        return False

    # -- fetch
    def _fetch(self, node: Node, at: int) -> _Found:
        args = _arguments(node)
        found = _Found(node)
        self._span(found, node)
        found.lines["method"] = self.r.line(node)
        if args:
            found.url = self.r.value(args[0], at)
            found.lines["url"] = self.r.origin_line(args[0], at)
        init = self.r.value(args[1], at) if len(args) > 1 else UNDEFINED
        if isinstance(init, ObjVal):
            self._fetch_init(found, init, at)
        return found

    def _fetch_init(self, found: _Found, init: ObjVal, at: int) -> None:
        if "method" in init.fields:
            found.method = js_string(init.fields["method"])
            found.lines["method"] = self._written(init, "method", at)
        if "headers" in init.fields:
            self._headers(found, init.fields["headers"], init.nodes.get("headers"), at)
        if "body" in init.fields:
            self._body(found, init.fields["body"], init.nodes.get("body"), init.lines["body"], at)
        credentials = init.fields.get("credentials")
        if credentials is not None and credentials is not UNDEFINED:
            found.credentials = js_string(credentials)
            found.lines["credentials"] = init.lines["credentials"]

    # -- axios
    def _axios(self, node: Node, instance: AxiosVal | None, verb_node: Node | None, at: int) -> _Found | None:
        args = _arguments(node)
        verb = self.r.text(verb_node) if verb_node is not None else ""
        found = _Found(node, client="axios")
        self._span(found, node)
        config, url_node = self._axios_config(args, verb, at)
        if config is None:
            return None
        defaults = instance.config if instance is not None else ObjVal()
        found.method, found.lines["method"] = self._axios_method(verb, verb_node, config, node)
        self._axios_url(found, defaults, config, url_node, at)
        for source in (defaults, config):
            if "headers" in source.fields:
                self._headers(found, source.fields["headers"], source.nodes.get("headers"), at)
            self._axios_extras(found, source)
        data_node = args[1] if verb in AXIOS_VERBS_DATA | AXIOS_VERBS_FORM and len(args) > 1 else \
            config.nodes.get("data")
        if data_node is not None or "data" in config.fields:
            data = self.r.value(data_node, at) if data_node is not None else config.fields["data"]
            line = self.r.line(data_node) if data_node is not None else config.lines["data"]
            self._axios_data(found, data, data_node, line, verb in AXIOS_VERBS_FORM, at)
        return found

    def _axios_config(self, args: list[Node], verb: str, at: int) -> tuple[ObjVal | None, Node | None]:
        """The config object and the node of the URL, whatever the call shape."""
        if verb in ("", "request") and args:
            first = self.r.value(args[0], at)
            if isinstance(first, ObjVal):
                return first, first.nodes.get("url")
            config = self.r.value(args[1], at) if len(args) > 1 else ObjVal()
            return (config if isinstance(config, ObjVal) else ObjVal()), args[0]
        if verb in ("", "request"):
            return None, None
        position = 2 if verb in AXIOS_VERBS_DATA | AXIOS_VERBS_FORM else 1
        config = self.r.value(args[position], at) if len(args) > position else ObjVal()
        return (config if isinstance(config, ObjVal) else ObjVal()), (args[0] if args else None)

    def _axios_method(self, verb: str, verb_node: Node | None, config: ObjVal, node: Node) -> tuple[str, int]:
        if verb and verb != "request" and verb_node is not None:
            return verb.removesuffix("Form"), self.r.line(verb_node)
        if "method" in config.fields:
            return js_string(config.fields["method"]), self._written(config, "method", node.start_byte)
        return "GET", self.r.line(node)

    def _axios_url(self, found: _Found, defaults: ObjVal, config: ObjVal, url_node: Node | None,
                   at: int) -> None:
        url = self.r.value(url_node, at) if url_node is not None else config.fields.get("url", "")
        base = config.fields.get("baseURL", defaults.fields.get("baseURL", ""))
        url_text = js_string(url) if url is not UNDEFINED else ""
        found.url = _axios_join(js_string(base) if base else "", url_text)
        if url_node is not None:
            found.lines["url"] = self.r.origin_line(url_node, at)
        elif "url" in config.lines:
            found.lines["url"] = config.lines["url"]
        elif "baseURL" in config.lines or "baseURL" in defaults.lines:
            found.lines["url"] = config.lines.get("baseURL", defaults.lines.get("baseURL", 0))

    def _axios_extras(self, found: _Found, config: ObjVal) -> None:
        params = config.fields.get("params")
        if isinstance(params, ObjVal):
            for key, value in params.fields.items():
                found.query[key] = [js_string(v) for v in value] if isinstance(value, list) \
                    else js_string(value)
                found.lines["query:" + key] = params.lines.get(key, config.lines["params"])
        if isinstance(config.fields.get("auth"), ObjVal):
            found.auth = "basic"
            found.lines["auth"] = config.lines["auth"]
        if config.fields.get("withCredentials") is True:
            found.credentials = "include"
            found.lines["credentials"] = config.lines["withCredentials"]

    def _axios_data(self, found: _Found, data: Any, node: Node | None, line: int, form: bool,
                    at: int) -> None:
        if form and isinstance(data, ObjVal) and data.kind == "object":
            data = ObjVal({k: js_string(v) for k, v in data.fields.items()}, data.lines, data.nodes,
                          "formdata", data.line)
        self._body(found, data, node, line, at)
        if found.body_kind == "json" and isinstance(data, (ObjVal, list)):
            # axios serialises objects itself and says so in Content-Type.
            self._imply(found, "Content-Type", "application/json")

    # -- shared parts
    def _written(self, obj: ObjVal, key: str, at: int) -> int:
        """Line of a key's value, following `{ method }` to where `method` is declared."""
        node = obj.nodes.get(key)
        return self.r.origin_line(node, at) if node is not None else obj.lines[key]

    def _span(self, found: _Found, node: Node) -> None:
        found.lines["start"] = node.start_point[0] + 1
        found.lines["end"] = node.end_point[0] + 1

    def _headers(self, found: _Found, headers: Any, node: Node | None, at: int) -> None:
        if isinstance(headers, list):
            headers = self.r.keyed(headers, self.r.origin_node(node, at), found.lines["start"], "headers")
        if not isinstance(headers, ObjVal):
            return  # `formData.getHeaders()` and other computed headers
        for name, value in _pairs(headers):
            if value is UNDEFINED:
                continue
            line = headers.lines.get(name, found.lines["start"])
            found.headers = [h for h in found.headers if h[0].lower() != name.lower()]
            found.headers.append((name, js_string(value), line))

    def _imply(self, found: _Found, name: str, value: str) -> None:
        if any(h[0].lower() == name.lower() for h in found.headers):
            return
        found.headers.append((name, value, 0))
        found.implied.append(name.lower())

    def _body(self, found: _Found, body: Any, node: Node | None, line: int, at: int) -> None:
        if body is UNDEFINED or body is None:
            return
        found.lines["body"] = self._body_line(node, line, at)
        key_lines: dict[str, int] = {}
        if isinstance(body, JsonText):
            found.body, found.body_kind = to_data(body.value), "json"
            key_lines = _key_lines(body.value) if isinstance(body.value, ObjVal) else {}
        elif isinstance(body, ObjVal):
            kinds = {"formdata": "multipart", "params": "form", "object": "json", "headers": "raw"}
            found.body_kind = kinds[body.kind]
            found.body = to_data(body) if body.kind != "headers" else js_string(body)
            key_lines = _key_lines(body)
        elif isinstance(body, list):
            found.body, found.body_kind = to_data(body), "json"
        elif isinstance(body, str):
            found.body, found.body_kind = _json_or_raw(body)
            key_lines = self._string_key_lines(found.body, node, at)
        else:
            found.body, found.body_kind = js_string(body), "raw"
        if isinstance(found.body, dict):
            for key in found.body:
                found.lines["body:" + key] = key_lines.get(key, found.lines["body"])
            for key, key_line in key_lines.items():
                found.lines.setdefault("body:" + key, key_line)  # nested: `a.b`
            source = body.value if isinstance(body, JsonText) else body
            if isinstance(source, ObjVal):
                found.optional = sorted(_optional_keys(source))

    def _body_line(self, node: Node | None, line: int, at: int) -> int:
        return self.r.origin_line(node, at) if node is not None else line

    def _string_key_lines(self, data: Any, node: Node | None, at: int) -> dict[str, int]:
        """Lines of the keys of JSON written in a string literal, nested ones as `a.b`."""
        origin = self.r.origin_node(node, at)
        if not isinstance(data, dict) or origin is None or origin.type not in ("string", "template_string"):
            return {}
        text = self.r.text(origin)[1:]  # after the opening quote
        return {key: self.r.line(origin) + text.count("\n", 0, offset)
                for key, offset in json_key_offsets(text).items()}


def _key_lines(obj: ObjVal, prefix: str = "") -> dict[str, int]:
    """The line of each key of an object literal, nested ones as `a.b` (the
    first object of a list stands for all): each at its own line."""
    lines: dict[str, int] = {}
    for key, value in obj.fields.items():
        path = f"{prefix}.{key}" if prefix else key
        if key in obj.lines:
            lines.setdefault(path, obj.lines[key])
        inner = value if isinstance(value, list) else [value]
        for item in inner:
            if isinstance(item, ObjVal) and item.kind == "object":
                for sub, line in _key_lines(item, path).items():
                    lines.setdefault(sub, line)
    return lines


def _optional_keys(obj: ObjVal, prefix: str = "", depth: int = 0) -> set[str]:
    """The keys of an object (nested as `a.b`) set only under a condition."""
    found = {f"{prefix}.{k}" if prefix else k for k in obj.optional}
    for key, value in obj.fields.items():
        if isinstance(value, ObjVal) and value.kind == "object" and depth < 32:
            found |= _optional_keys(value, f"{prefix}.{key}" if prefix else key, depth + 1)
    return found


def _json_or_raw(text: str) -> tuple[Any, str]:
    stripped = text.strip()
    if stripped[:1] in ("{", "["):
        try:
            return json.loads(stripped), "json"
        except (ValueError, RecursionError):  # not JSON, or nested beyond reason
            pass
    return text, "raw"


# --------------------------------------------------------------------------- status checks


class StatusChecks:
    """Finds `res.status === 204`, `!res.ok`... and gives each to the request it tests."""

    def __init__(self, reader: Reader, found: list[_Found]) -> None:
        self.r = reader
        self.found = found
        # A response variable may hold several requests: one per call of its function.
        self.by_binding: dict[int, list[_Found]] = {}
        self.status_vars: dict[int, list[_Found]] = {}
        for request in found:
            self._bind_response(request)

    def attach(self) -> None:
        for node in self.r.nodes:
            self.r.steps = 0
            checked = self._check(node)
            if checked is None:
                continue
            subject, statuses = checked
            for request in self._owners(subject) if statuses else []:
                request.statuses.update(statuses)
                line = self.r.line(node)
                request.lines["status"] = min(request.lines.get("status", line), line)

    # -- which variable holds which response
    def _bind_response(self, request: _Found) -> None:
        node = request.node
        parent = node.parent
        while parent is not None and parent.type in ("await_expression", "parenthesized_expression"):
            node, parent = parent, parent.parent
        if parent is None:
            return
        if parent.type == "variable_declarator" and parent.child_by_field_name("value") == node:
            self._bind_declarator(request, parent)
        elif parent.type == "assignment_expression" and parent.child_by_field_name("right") == node:
            left = parent.child_by_field_name("left")
            if left is not None and left.type == "identifier":
                self._bind_name(request, left)
        elif parent.type == "member_expression" and self._prop(parent) == "then":
            self._bind_then(request, parent)

    def _bind_declarator(self, request: _Found, declarator: Node) -> None:
        name = _declared_name(declarator, self.r.text)
        if name is None:
            return
        if name.type == "identifier":
            self._bind_name(request, name)
            return
        for ident, key in _destructured(name, self.r.text):
            binding = self.r.scopes.lookup(self.r.text(ident), ident)
            if key == "status" and binding is not None:
                self.status_vars.setdefault(id(binding), []).append(request)

    def _bind_name(self, request: _Found, ident: Node) -> None:
        binding = self.r.scopes.lookup(self.r.text(ident), ident)
        if binding is not None:
            self.by_binding.setdefault(id(binding), []).append(request)

    def _bind_then(self, request: _Found, member: Node) -> None:
        call = member.parent
        if call is None or call.type != "call_expression":
            return
        args = _arguments(call)
        if not args or args[0].type not in FUNCTION_TYPES:
            return
        callback = args[0]
        param = callback.child_by_field_name("parameter")
        if param is None:
            params = callback.child_by_field_name("parameters")
            idents = [c for c in params.named_children if c.type == "identifier"] if params else []
            param = idents[0] if idents else None
        if param is not None:
            binding = self.r.scopes.table.get(callback.id, {}).get(self.r.text(param))
            if binding is not None:
                self.by_binding.setdefault(id(binding), []).append(request)

    def _prop(self, member: Node) -> str:
        prop = member.child_by_field_name("property")
        return self.r.text(prop) if prop is not None else ""

    def _owners(self, subject: Node) -> list[_Found]:
        """The requests whose response `subject` (`res` of `res.status`) holds; else the last call
        written before it (every reading of that call)."""
        if subject.type == "identifier":
            binding = self.r.scopes.lookup(self.r.text(subject), subject)
            if binding is not None and id(binding) in self.by_binding:
                return self.by_binding[id(binding)]
            if binding is not None and id(binding) in self.status_vars:
                return self.status_vars[id(binding)]
        before = [f.node for f in self.found if f.node.start_byte < subject.end_byte]
        if not before:
            return []
        last = max(before, key=lambda n: n.start_byte)
        return [f for f in self.found if f.node == last]

    # -- what a check says
    def _check(self, node: Node) -> tuple[Node, set[str]] | None:
        if node.type == "binary_expression":
            return self._comparison(node)
        if node.type == "member_expression" and self._prop(node) == "ok" and self._in_condition(node):
            obj = node.child_by_field_name("object")
            return (obj, {"2xx"}) if obj is not None else None
        if node.type == "switch_statement":
            return self._switch(node)
        if node.type == "call_expression":
            return self._includes(node)
        return None

    def _status_subject(self, node: Node | None) -> Node | None:
        """`res` when node is `res.status`; the identifier itself for a destructured `status`."""
        while node is not None and node.type == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        if node is None:
            return None
        if node.type == "member_expression" and self._prop(node) == "status":
            return node.child_by_field_name("object")
        if node.type == "identifier":
            binding = self.r.scopes.lookup(self.r.text(node), node)
            if binding is not None and id(binding) in self.status_vars:
                return node
        return None

    def _comparison(self, node: Node) -> tuple[Node, set[str]] | None:
        op_node = node.child_by_field_name("operator")
        op = self.r.text(op_node) if op_node is not None else ""
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        subject = self._status_subject(left)
        number_node = right
        if subject is None:
            subject, number_node = self._status_subject(right), left
            op = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(op, op)
        number = self._status_number(number_node)
        if subject is None or number is None:
            return None
        if op in ("===", "==", "!==", "!="):
            return subject, ({str(number)} if number < 400 else set())
        in_2xx = (op == ">=" and number == 200) or (op == ">" and number == 199) or \
            (op == "<" and number == 300) or (op == "<=" and number == 299)
        return subject, ({"2xx"} if in_2xx else set())

    def _status_number(self, node: Node | None) -> int | None:
        if node is None or node.type not in ("number", "string"):
            return None
        value = self.r.value(node, node.start_byte)
        number = _parse_number(value) if isinstance(value, str) else value
        is_status = isinstance(number, int) and not isinstance(number, bool) and 100 <= number < 600
        return number if is_status else None

    def _switch(self, node: Node) -> tuple[Node, set[str]] | None:
        subject = self._status_subject(node.child_by_field_name("value"))
        body = node.child_by_field_name("body")
        if subject is None or body is None:
            return None
        statuses = set()
        for case in (c for c in body.named_children if c.type == "switch_case"):
            number = self._status_number(case.child_by_field_name("value"))
            if number is not None and number < 400:
                statuses.add(str(number))
        return subject, statuses

    def _includes(self, node: Node) -> tuple[Node, set[str]] | None:
        """`[200, 201].includes(res.status)`."""
        callee = node.child_by_field_name("function")
        args = _arguments(node)
        if callee is None or callee.type != "member_expression" or not args or \
                self._prop(callee) != "includes":
            return None
        subject = self._status_subject(args[0])
        array = callee.child_by_field_name("object")
        if subject is None or array is None or array.type != "array":
            return None
        numbers = [self._status_number(item) for item in _list_nodes(array)]
        return subject, {str(n) for n in numbers if n is not None and n < 400}

    @staticmethod
    def _in_condition(node: Node) -> bool:
        """`res.ok` tested by an if, a ternary, a loop or a logical operator (not merely logged)."""
        child, parent = node, node.parent
        while parent is not None and parent.type in ("unary_expression", "parenthesized_expression",
                                                     "binary_expression"):
            if parent.type == "binary_expression":
                op = parent.child_by_field_name("operator")
                if op is None or op.type not in ("&&", "||", "===", "==", "!==", "!="):
                    return False
                if op.type in ("&&", "||"):
                    return True
            child, parent = parent, parent.parent
        if parent is None:
            return False
        if parent.type in ("if_statement", "while_statement", "do_statement"):
            return parent.child_by_field_name("condition") == child
        if parent.type == "ternary_expression":
            return parent.child_by_field_name("condition") == child
        return parent.type == "return_statement"


# --------------------------------------------------------------------------- the extractor


def _to_request(found: _Found) -> Request:
    headers: dict[str, str] = {}
    cookies: dict[str, str] = {}
    lines = dict(found.lines)
    for name, value, line in found.headers:
        parsed = _cookies(value) if name.lower() == "cookie" else {}
        if parsed:
            cookies.update(parsed)
            for cookie in parsed:
                lines["cookie:" + cookie] = line
            continue
        headers[name] = value
        if line:
            lines["header:" + name.lower()] = line
    url = js_string(found.url) if found.url is not UNDEFINED else ""
    request = make_request(found.method, url, headers=headers, cookies=cookies, body=found.body,
                           body_kind=found.body_kind, expected_status=sorted(found.statuses),
                           credentials=found.credentials, auth=found.auth,
                           implied_headers=list(found.implied), query=found.query,
                           client=found.client)
    for key in request.query:
        if "query:" + key not in lines and "url" in lines:
            lines["query:" + key] = lines["url"]
    request.lines = lines
    request.optional = list(found.optional)
    return request


def _cookies(value: str) -> dict[str, str]:
    cookies = {}
    for part in value.split(";"):
        name, sep, item = part.strip().partition("=")
        if sep and name:
            cookies[name.strip()] = item.strip()
    return cookies


def _first_error(root: Node) -> Node | None:
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


def _error_message(reader: Reader, node: Node) -> str:
    if node.is_missing:
        return f"JavaScript syntax error: missing `{node.type}`"
    snippet = reader.text(node).strip().splitlines()
    first = "".join(c if c.isprintable() else "?" for c in (snippet[0].strip() if snippet else ""))
    if len(first) > 40:
        first = first[:40] + "..."
    return f"JavaScript syntax error near `{first}`" if first else "JavaScript syntax error"


def typescript_extractor() -> JavaScriptExtractor:
    """TypeScript is read with the JavaScript grammar, forgiving type annotations."""
    return JavaScriptExtractor("typescript")


class JavaScriptExtractor:
    """fetch and axios requests from JavaScript/TypeScript samples."""

    languages = frozenset({"javascript", "typescript"})

    def __init__(self, language: str = "javascript") -> None:
        # Which grammar errors count: only a `javascript` fence must parse cleanly.
        self.language = language

    def extract(self, code: str, language: str | None = None) -> Extraction:
        """The requests `code` sends. Never raises."""
        lang = (language or self.language or "javascript").lower()
        if isinstance(code, (bytes, bytearray)):
            code = bytes(code).decode("utf-8", "replace")
        if not isinstance(code, str):
            return Extraction(error="sample is not text")
        try:
            return self._extract(code, lang)
        except Exception as exc:  # noqa: BLE001 -- the protocol: never raise, say what happened
            return Extraction(error=f"could not read sample: {type(exc).__name__}: {exc}")

    def _extract(self, code: str, language: str) -> Extraction:
        if not code.strip():
            return Extraction()
        if len(code) > MAX_SAMPLE_CHARS:
            return Extraction(error=f"sample too large to read ({len(code)} characters)", error_line=1)
        reader = Reader(code)
        found = Calls(reader).find()
        StatusChecks(reader, found).attach()
        result = Extraction(requests=[_to_request(f) for f in found])
        if reader.tree.root_node.has_error and language != "typescript":
            error = _first_error(reader.tree.root_node)
            if error is not None:
                result.error = _error_message(reader, error)
                result.error_line = error.start_point[0] + 1
        return result
