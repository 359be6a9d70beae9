"""Reads Java samples (`java.net.http.HttpClient`, OkHttp) and returns the HTTP requests they send.

The sample is parsed with tree-sitter-java, which also takes the bare
statements docs show without a class around them; nothing is run. What it
understands:

* `java.net.http`: builder chains from `HttpRequest.newBuilder()` (or
  `newBuilder(uri)`): `.uri(URI.create(...))`, `.header(k, v)`,
  `.setHeader(k, v)`, `.headers(k1, v1, k2, v2)`, `.GET()`, `.DELETE()`,
  `.POST(p)`, `.PUT(p)`, `.method("PATCH", p)`, with
  `HttpRequest.BodyPublishers.ofString(s)` (or `ofByteArray(s.getBytes())`)
  bodies; `client.send(request, ...)` / `sendAsync` tie the response to it.
* OkHttp: chains from `new Request.Builder()`: `.url(s)`, `.header(k, v)`,
  `.addHeader(k, v)`, `.removeHeader(k)`, `.get()`, `.head()`, `.post(b)`,
  `.put(b)`, `.patch(b)`, `.delete([b])`, `.method(m, b)`, with
  `RequestBody.create(content, mediaType)` in either argument order (the media
  type, from `MediaType.parse/get(...)` written there or held in a constant, is
  the Content-Type OkHttp sends) and `new FormBody.Builder().add(k, v).build()`;
  `client.newCall(request).execute()` ties the response to it.
* values: local variables and fields (the last assignment before the use),
  string literals and text blocks (`\"\"\"...\"\"\"`, indentation stripped as
  Java strips it), `+` concatenation, `String.format` and `.formatted`,
  `System.getenv("X")` as the placeholder `${X}`, `Map.of(...)`, maps and
  `JSONObject`s filled with `.put(k, v)`, and their JSON text from
  `writeValueAsString`, `toJson` or `.toString()`; anything else unknown is
  `${<source text>}`.
* status checks on a response variable: `response.statusCode() == 201` / `!=`
  (OkHttp's `response.code()`), `switch (response.statusCode())`,
  `response.isSuccessful()` and `>= 200 && < 300` (any 2xx). A check on a
  variable no request made goes to the last request above it.

A sample that does not parse gets `error`/`error_line` (the first error); the
requests in the parts that parsed are still returned. Work is bounded (size,
depth, steps): what lies beyond is unknown, never an exception.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import tree_sitter_java
from tree_sitter import Language, Node, Parser

from checker.extract import treesit
from checker.extract.base import Extraction, guarded
from checker.extract.http import LineAt, RequestDraft
from checker.extract.treesit import JsonOf, Keyed, Unknown, as_text, key_lines, plain

_PARSER = Parser(Language(tree_sitter_java.language()))

HTTPCLIENT = "java.net.http"
OKHTTP = "okhttp"
_MAPS = ("HashMap", "LinkedHashMap", "TreeMap", "JSONObject", "JsonObject", "ObjectNode")
_TO_JSON = frozenset({"writeValueAsString", "toJson", "writeValueAsBytes"})
_OKHTTP_VERBS = {"get": "GET", "head": "HEAD", "post": "POST", "put": "PUT", "patch": "PATCH",
                 "delete": "DELETE"}
_HTTPCLIENT_VERBS = {"GET": "GET", "DELETE": "DELETE", "POST": "POST", "PUT": "PUT", "HEAD": "HEAD"}


@dataclass(frozen=True)
class _BuilderNames:
    """What one client's request builder names each part: `uri`/`url`, its
    header calls, its verbs; a name "" is a call the builder has not."""

    client: str
    url: str
    header: frozenset[str]
    verbs: dict[str, str]
    url_first: bool = False     # `HttpRequest.newBuilder(uri)`
    header_pairs: str = ""      # `.headers(k1, v1, k2, v2)`
    remove_header: str = ""


_HTTPCLIENT_BUILDER = _BuilderNames(HTTPCLIENT, "uri", frozenset({"header", "setHeader"}), _HTTPCLIENT_VERBS,
                                    url_first=True, header_pairs="headers")
_OKHTTP_BUILDER = _BuilderNames(OKHTTP, "url", frozenset({"header", "addHeader"}), _OKHTTP_VERBS,
                                remove_header="removeHeader")


@dataclass
class _Body:
    """A request body as written: its content, the media type it names, and where."""

    content: Any
    media_type: str | None
    node: Node | None
    form: Keyed | None = None


@dataclass
class _Call:
    name: str
    args: list[Node]
    node: Node

    @property
    def line(self) -> int:
        """The line of `.name(`: a chain's call starts where the chain does."""
        name = self.node.child_by_field_name("name")
        return treesit.line(name if name is not None else self.node)


def _args(node: Node) -> list[Node]:
    arguments = node.child_by_field_name("arguments")
    return [a for a in arguments.named_children if "comment" not in a.type] if arguments else []


def _name(node: Node) -> str:
    name = node.child_by_field_name("name")
    return treesit.text(name) if name is not None else ""


def _object(node: Node) -> Node | None:
    return node.child_by_field_name("object")


def chain_above(start: Node) -> tuple[list[_Call], Node]:
    """`start.a(...).b(...)`: the calls chained on `start`, and the outermost node."""
    calls, node = [], start
    while node.parent is not None and node.parent.type == "method_invocation" \
            and _object(node.parent) is not None and _object(node.parent) == node:
        node = node.parent
        calls.append(_Call(_name(node), _args(node), node))
    return calls, node


def text_block(raw: str) -> str:
    """A text block's value: its lines without the indentation they share
    (the closing delimiter's line counts), trailing spaces gone, escapes decoded."""
    body = raw[3:-3]
    body = body[body.find("\n") + 1:] if "\n" in body else body
    lines = body.replace("\r\n", "\n").split("\n")
    significant = [ln for ln in lines[:-1] if ln.strip()] + [lines[-1]]
    indent = min((len(ln) - len(ln.lstrip()) for ln in significant), default=0)
    stripped = [ln[indent:].rstrip() if ln.strip() else "" for ln in lines]
    return treesit.unescape("\n".join(stripped))


class _Sample:
    """The parsed sample: its assignments, and how to evaluate an expression."""

    def __init__(self, root: Node) -> None:
        self.root = root
        self.steps = 0
        self.defs: dict[str, list[tuple[int, Node]]] = {}
        self.puts: dict[str, list[tuple[int, Node]]] = {}   # `body.put(k, v)` by variable
        for node in treesit.walk(root):
            if node.type == "variable_declarator":
                name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
                if name is not None and value is not None:
                    self.defs.setdefault(treesit.text(name), []).append((node.start_byte, value))
            elif node.type == "assignment_expression":
                left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
                operator = node.child_by_field_name("operator")
                if left is not None and right is not None and left.type == "identifier" \
                        and (operator is None or treesit.text(operator) == "="):
                    self.defs.setdefault(treesit.text(left), []).append((node.start_byte, right))
            elif node.type == "method_invocation" and _name(node) in ("put", "addProperty") \
                    and node.parent is not None and node.parent.type == "expression_statement":
                owner = _object(node)
                if owner is not None and owner.type == "identifier":
                    self.puts.setdefault(treesit.text(owner), []).append((node.start_byte, node))

    def definition(self, name: str, at: int) -> tuple[int, Node] | None:
        """The value last assigned to `name` before byte `at` (else its first one)."""
        return treesit.defined_at(self.defs.get(name), at)

    # -- evaluation -----------------------------------------------------------

    def eval(self, node: Node | None, depth: int = 0, at: int | None = None) -> Any:
        if node is None:
            return None
        self.steps += 1
        if depth > treesit.MAX_DEPTH or self.steps > treesit.MAX_STEPS:
            return Unknown(treesit.text(node))
        kind = node.type
        source = treesit.text(node)
        if kind == "string_literal":
            return text_block(source) if source.startswith('"""') else treesit.unescape(source[1:-1])
        if kind == "character_literal":
            return treesit.unescape(source[1:-1])
        if kind in ("decimal_integer_literal", "hex_integer_literal", "octal_integer_literal",
                    "binary_integer_literal"):
            try:
                return int(source.rstrip("lL").replace("_", ""), 0)
            except ValueError:
                return Unknown(source)
        if kind == "decimal_floating_point_literal":
            try:
                return float(source.rstrip("fFdD").replace("_", ""))
            except ValueError:
                return Unknown(source)
        if kind in ("true", "false"):
            return kind == "true"
        if kind == "null_literal":
            return None
        if kind == "parenthesized_expression" and node.named_child_count == 1:
            return self.eval(node.named_children[0], depth + 1)
        if kind == "identifier":
            return self._identifier(node, depth, at)
        if kind == "binary_expression":
            return self._binary(node, depth)
        if kind == "method_invocation":
            return self._invocation(node, depth)
        if kind == "object_creation_expression":
            return self._creation(node, depth)
        if kind == "field_access":
            field = node.child_by_field_name("field")
            if field is not None and treesit.text(field) in self.defs:
                return self._identifier(field, depth, node.start_byte)   # `Main.API_KEY`
        return Unknown(source)

    def _identifier(self, node: Node, depth: int, at: int | None = None) -> Any:
        name = treesit.text(node)
        found = self.definition(name, node.start_byte if at is None else at)
        if found is None:
            return Unknown(name)
        value = self.eval(found[1], depth + 1)
        if isinstance(value, Keyed) and name in self.puts:
            # `body.put("k", v)` statements between the declaration and the use.
            value = value.copy()
            use = node.start_byte if at is None else at
            for start, call in self.puts[name]:
                if found[0] < start < use:
                    self._put(value, call, depth)
        return value

    def _put(self, target: Keyed, call: Node, depth: int) -> None:
        args = _args(call)
        if len(args) >= 2:
            key = as_text(self.eval(args[0], depth + 1))
            target.items[key] = self.eval(args[1], depth + 1)
            target.lines[key] = treesit.line(call)

    def _binary(self, node: Node, depth: int) -> Any:
        return treesit.sum_expression(node, self.eval, depth)

    def _invocation(self, node: Node, depth: int) -> Any:
        name, args, owner = _name(node), _args(node), _object(node)
        owner_text = treesit.text(owner) if owner is not None else ""
        first = args[0] if args else None
        if owner_text == "System" and name == "getenv" and first is not None:
            variable = self.eval(first, depth + 1)
            return Unknown(variable) if isinstance(variable, str) else Unknown(treesit.text(node))
        if owner_text == "String" and name == "format" and first is not None:
            template = self.eval(first, depth + 1)
            if isinstance(template, str):
                return treesit.printf(template, [self.eval(a, depth + 1) for a in args[1:]])
        if owner_text == "String" and name == "valueOf" and first is not None:
            return as_text(self.eval(first, depth + 1))
        if owner_text in ("Map", "ImmutableMap") and name == "of":
            return self._map_of(args, depth)
        if owner_text == "Map" and name == "ofEntries":
            pairs = [node for entry in args if entry.type == "method_invocation" and _name(entry) == "entry"
                     for node in _args(entry)[:2]]
            return self._map_of(pairs, depth)
        if owner_text in ("List", "Arrays", "Set") and name in ("of", "asList"):
            return [self.eval(a, depth + 1) for a in args]
        if name in _TO_JSON and first is not None:
            return JsonOf(self.eval(first, depth + 1))
        if (owner_text, name) in (("URI", "create"), ("URLEncoder", "encode")) and first is not None:
            return self.eval(first, depth + 1)
        value = self.eval(owner, depth + 1) if owner is not None else None
        if name == "formatted" and isinstance(value, str):
            return treesit.printf(value, [self.eval(a, depth + 1) for a in args])
        if name in ("getBytes", "trim", "strip") and isinstance(value, str):
            return value.strip() if name != "getBytes" else value
        if name == "toString" and isinstance(value, Keyed):
            return JsonOf(value)   # `new JSONObject(...).toString()`
        if name == "put" and isinstance(value, Keyed) and len(args) >= 2:
            chained = value.copy()   # `new JSONObject().put(k, v)`
            self._put(chained, node, depth)
            return chained
        if name == "encodeToString" and isinstance(self.eval(first, depth + 1), str):
            data = as_text(self.eval(first, depth + 1))
            if "${" not in data:
                return base64.b64encode(data.encode("utf-8")).decode("ascii")
        body = self._body_call(node, name, owner_text, args, depth)
        return body if body is not None else Unknown(treesit.text(node))

    def _map_of(self, args: list[Node], depth: int) -> Keyed:
        found = Keyed()
        for key_node, value_node in zip(args[::2], args[1::2], strict=False):
            key = as_text(self.eval(key_node, depth + 1))
            found.items[key] = self.eval(value_node, depth + 1)
            found.lines[key] = treesit.line(key_node)
        return found

    def _creation(self, node: Node, depth: int) -> Any:
        kind = node.child_by_field_name("type")
        type_name = treesit.text(kind).split("<")[0] if kind is not None else ""
        args = _args(node)
        if type_name in ("URI", "String", "URL") and args:
            return self.eval(args[0], depth + 1)
        if type_name in _MAPS:
            if args:
                inner = self.eval(args[0], depth + 1)
                if isinstance(inner, Keyed):
                    return inner.copy()
                if isinstance(inner, str):   # `new JSONObject("{...}")`
                    return inner
            return Keyed()
        return Unknown(treesit.text(node))

    def _body_call(self, node: Node, name: str, owner: str, args: list[Node], depth: int) -> _Body | None:
        """`BodyPublishers.ofString(s)`, `RequestBody.create(...)`, a FormBody."""
        if owner.endswith("BodyPublishers") and name in ("ofString", "ofByteArray") and args:
            return _Body(self.eval(args[0], depth + 1), None, args[0])
        if owner.endswith("BodyPublishers") and name == "noBody":
            return _Body(None, None, None)
        if owner == "RequestBody" and name == "create" and len(args) >= 2:
            media_first = self._media_type(args[0], depth)
            media, content = (media_first, args[1]) if media_first is not None else \
                (self._media_type(args[1], depth), args[0])
            return _Body(self.eval(content, depth + 1), media, content)
        if name == "build" and owner.startswith("new FormBody.Builder()"):
            calls, _ = chain_above(_creation_node(node))
            form = Keyed()
            for call in calls:
                if call.name in ("add", "addEncoded") and len(call.args) >= 2:
                    key = as_text(self.eval(call.args[0], depth + 1))
                    form.items[key] = self.eval(call.args[1], depth + 1)
                    form.lines[key] = call.line
            return _Body(None, "application/x-www-form-urlencoded", node, form)
        return None

    def _media_type(self, node: Node, depth: int) -> str | None:
        """The type a `MediaType.parse/get("...")` names, written there or in a variable."""
        for _ in range(treesit.MAX_DEPTH):
            if node.type == "identifier":
                found = self.definition(treesit.text(node), node.start_byte)
                if found is None:
                    return None
                node = found[1]
                continue
            if node.type == "method_invocation" and _name(node) in ("parse", "get") \
                    and treesit.text(_object(node) or node) == "MediaType" and _args(node):
                return as_text(self.eval(_args(node)[0], depth + 1))
            return None
        return None

    def origin(self, node: Node) -> Node:
        """The literal a value comes from, through variables: where the lines of a body text are."""
        for _ in range(treesit.MAX_DEPTH):
            if node.type == "identifier":
                found = self.definition(treesit.text(node), node.start_byte)
                if found is None:
                    return node
                node = found[1]
            elif node.type == "method_invocation" \
                    and _name(node) in ("formatted", "getBytes", "trim", "strip") \
                    and _object(node) is not None:
                node = _object(node) or node
            elif node.type == "method_invocation" and _name(node) == "format" and _args(node):
                node = _args(node)[0]
            else:
                return node
        return node

    def line_at(self, node: Node, depth: int = 0) -> LineAt:
        """Offset in a body text -> its sample line (a text block or a
        concatenation spans lines)."""
        source = self.origin(node)
        first = treesit.line(source)
        joined = treesit.concatenation_lines(source, depth, lambda part: as_text(self.eval(part)),
                                             self.line_at)
        if joined is not None:
            return joined
        if source.type == "string_literal" and treesit.text(source).startswith('"""'):
            return lambda offset: first + 1 + self._newlines(source, offset)
        return lambda _offset: first

    def _newlines(self, source: Node, offset: int) -> int:
        return text_block(treesit.text(source)).count("\n", 0, max(0, offset))


def _creation_node(build: Node) -> Node:
    """The `new X()` a chain ending in `build` starts from."""
    node = build
    while node.type == "method_invocation" and _object(node) is not None:
        node = _object(node) or node
    return node


# --------------------------------------------------------------------------- requests


class _Reader:
    """Every request of a sample, and the status checks on their responses."""

    def __init__(self, sample: _Sample) -> None:
        self.sample = sample
        self.drafts: list[tuple[RequestDraft, int]] = []
        self.requests = treesit.Bindings()
        self.responses = treesit.Bindings()

    def read(self) -> list[tuple[RequestDraft, int]]:
        for node in treesit.walk(self.sample.root):
            if node.type == "method_invocation":
                self._invocation(node)
            elif node.type == "object_creation_expression":
                kind = node.child_by_field_name("type")
                if kind is not None and treesit.text(kind).replace(" ", "").endswith("Request.Builder"):
                    self._okhttp(node)
            elif node.type == "binary_expression":
                treesit.read_status_check(node, self._status_of, treesit.line)
            elif node.type in ("switch_expression", "switch_statement"):
                self._switch(node)
        return self.drafts

    @staticmethod
    def _assigned_to(node: Node) -> str | None:
        """`HttpRequest request = <node>;` (or a try resource, or `request = <node>`)."""
        parent = node.parent
        if parent is None:
            return None
        if parent.type in ("variable_declarator", "resource"):
            name = parent.child_by_field_name("name")
            return treesit.text(name) if name is not None else None
        if parent.type == "assignment_expression":
            left = parent.child_by_field_name("left")
            return treesit.text(left) if left is not None and left.type == "identifier" else None
        return None

    def _invocation(self, node: Node) -> None:
        name, owner = _name(node), _object(node)
        owner_text = treesit.text(owner) if owner is not None else ""
        if name == "newBuilder" and owner_text.endswith("HttpRequest"):
            self._httpclient(node)
        elif name in ("send", "sendAsync", "newCall"):
            args = _args(node)
            if not args or args[0].type != "identifier":
                return
            draft = self.requests.get(treesit.text(args[0]), node.start_byte)
            if draft is None:
                return
            _, top = chain_above(node)   # `client.newCall(request).execute()`
            target = self._assigned_to(top)
            if target:
                self.responses.bind(target, node.start_byte, draft)
        elif name == "isSuccessful" and owner is not None:
            draft = self._response_of(owner)
            if draft is not None:
                draft.expect_success(treesit.line(node))

    def _httpclient(self, start: Node) -> None:
        self._builder(start, _HTTPCLIENT_BUILDER)

    def _okhttp(self, start: Node) -> None:
        self._builder(start, _OKHTTP_BUILDER)

    def _builder(self, start: Node, names: _BuilderNames) -> None:
        """A request builder's chain of calls, as one client names them."""
        sample = self.sample
        calls, top = chain_above(start)
        draft = RequestDraft(names.client, treesit.line(start))
        if names.url_first and _args(start):
            draft.set_url(as_text(sample.eval(_args(start)[0])), treesit.line(start))
        for call in calls:
            at = call.line
            if call.name == names.url and call.args:
                draft.set_url(as_text(sample.eval(call.args[0])), at)
            elif call.name in names.header and len(call.args) >= 2:
                draft.set_header(as_text(sample.eval(call.args[0])), as_text(sample.eval(call.args[1])), at)
            elif names.header_pairs and call.name == names.header_pairs:
                for key, value in zip(call.args[::2], call.args[1::2], strict=False):
                    name, content = as_text(sample.eval(key)), as_text(sample.eval(value))
                    draft.set_header(name, content, treesit.line(key))
            elif names.remove_header and call.name == names.remove_header and call.args:
                draft.drop_header(as_text(sample.eval(call.args[0])))
            elif call.name in names.verbs:
                draft.set_method(names.verbs[call.name], at)
                if call.args:
                    self._body(draft, call.args[0])
            elif call.name == "method" and call.args:
                draft.set_method(as_text(sample.eval(call.args[0])), at)
                if len(call.args) > 1:
                    self._body(draft, call.args[1])
        self._add(draft, top)

    def _add(self, draft: RequestDraft, top: Node) -> None:
        self.drafts.append((draft, treesit.end_line(top)))
        name = self._assigned_to(top)
        if name:
            self.requests.bind(name, top.start_byte, draft)

    def _body(self, draft: RequestDraft, node: Node) -> None:
        sample = self.sample
        body = sample.eval(node)
        if not isinstance(body, _Body):
            if isinstance(body, Unknown):
                draft.set_body(str(body), "raw", treesit.line(node))
            return
        if body.media_type:
            draft.imply("Content-Type", body.media_type)
        if body.form is not None:
            draft.set_body(plain(body.form), "form", treesit.line(node), dict(body.form.lines))
            return
        content, where = body.content, body.node
        if content is None or where is None:
            return
        if isinstance(content, JsonOf):
            literal = sample.origin(where)
            inner = content.value
            draft.set_body(plain(inner), "json", treesit.line(literal), key_lines(inner))
        elif isinstance(content, str):
            draft.set_body_text(content, sample.line_at(where), body.media_type)
        else:
            draft.set_body(as_text(content), "raw", treesit.line(where))

    # -- status checks --------------------------------------------------------

    def _response_of(self, owner: Node) -> RequestDraft | None:
        if owner.type != "identifier":
            return None
        return treesit.response_request(self.responses, treesit.text(owner), owner.start_byte, self.drafts,
                                        treesit.line(owner))

    def _status_of(self, node: Node) -> RequestDraft | None:
        """The request whose `response.statusCode()` (OkHttp: `code()`) a node reads."""
        if node.type != "method_invocation" or _name(node) not in ("statusCode", "code") or _args(node):
            return None
        owner = _object(node)
        return self._response_of(owner) if owner is not None else None

    def _switch(self, node: Node) -> None:
        condition = node.child_by_field_name("condition")
        inner = condition.named_children[0] if condition is not None and condition.named_children else None
        draft = self._status_of(inner) if inner is not None else None
        body = node.child_by_field_name("body")
        if draft is None or body is None:
            return
        for group in body.named_children:
            label = next((c for c in group.named_children if c.type == "switch_label"), None)
            if label is None or not label.named_children:
                continue
            for value in label.named_children:
                draft.expect(treesit.text(value), treesit.line(value))
            break   # the first case is the success a sample shows; later ones are its errors


class JavaExtractor:
    """`java.net.http` and OkHttp requests from Java samples."""

    languages = frozenset({"java"})

    def extract(self, code: str) -> Extraction:
        """The requests `code` sends. Never raises."""
        return guarded(_extract, code)


def _extract(code: str) -> Extraction:
    root = _PARSER.parse(code.encode("utf-8", "replace")).root_node
    reader = _Reader(_Sample(root))
    result = Extraction(requests=[draft.build(end) for draft, end in reader.read()])
    error = treesit.first_error(root, "Java")
    if error is not None:
        result.error, result.error_line = error
    return result
