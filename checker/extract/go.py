"""Reads Go samples (`net/http`) and returns the HTTP requests they send.

The sample is parsed with tree-sitter-go and read statically: nothing is run.
A fragment without `package` (statements only, as docs often show) is read
inside a stand-in function, its line numbers kept. What it understands:

* requests: `http.NewRequest(method, url, body)`, `http.NewRequestWithContext(ctx,
  ...)`, `http.Get/Head(url)`, `http.Post(url, contentType, body)`, and the same
  on a client (`client.Post`, `http.DefaultClient.Get`); `client.Do(req)` ties
  the response variable to the request.
* on a request variable: `req.Header.Set/Add(k, v)`, `req.Header.Del(k)`,
  `req.Header["K"] = []string{v}`, `req.SetBasicAuth(u, p)`,
  `req.AddCookie(&http.Cookie{Name: n, Value: v})`, and `q := req.URL.Query();
  q.Add/Set(k, v)`.
* bodies: `bytes.NewBuffer`, `bytes.NewBufferString`, `bytes.NewReader`,
  `strings.NewReader` of a string (interpreted or raw) or `[]byte(...)`, and
  `json.Marshal`/`MarshalIndent` of a map, slice or struct literal; a struct
  whose type the sample declares is marshalled by its `json:"name"` tags, its
  unset fields as their zero values unless `omitempty` (as encoding/json does).
* values: variables and constants (the last assignment before the use), string
  concatenation, `fmt.Sprintf`, `string(...)`, `strconv.Itoa`, base64 of a known
  text; `os.Getenv("X")` is the placeholder `${X}`; anything else unknown is
  `${<source text>}`.
* status checks on a response variable: `resp.StatusCode == 201` / `!=`,
  `http.StatusCreated`, `switch resp.StatusCode { case ...: }`, and
  `>= 200 && < 300` (any 2xx). A check on a variable no request made goes to the
  last request above it.

A sample that does not parse gets `error`/`error_line` (the first error); the
requests in the parts that parsed are still returned. Work is bounded (size,
depth, steps): what lies beyond is unknown, never an exception.
"""

from __future__ import annotations

import base64
import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import tree_sitter_go
from tree_sitter import Language, Node, Parser

from checker.extract import treesit
from checker.extract.base import Extraction, guarded
from checker.extract.http import METHODS, LineAt, RequestDraft
from checker.extract.treesit import JsonOf, Keyed, Unknown, as_text, key_lines, plain

_PARSER = Parser(Language(tree_sitter_go.language()))

CLIENT = "net/http"
# Functions whose result is their first argument, as far as a body is concerned.
_PASS_THROUGH = frozenset({"bytes.NewBuffer", "bytes.NewBufferString", "bytes.NewReader",
                           "strings.NewReader", "io.NopCloser", "ioutil.NopCloser", "string",
                           "url.QueryEscape", "url.PathEscape", "strings.TrimSpace"})
_CLIENT_VERBS = {"Get": "GET", "Head": "HEAD", "Post": "POST", "PostForm": "POST"}
_ZERO = {"string": "", "bool": False, "int": 0, "int64": 0, "int32": 0, "uint": 0, "float64": 0,
         "float32": 0}
# Named map types of the standard library (`url.Values{"k": {"v"}}`).
_MAP_TYPES = frozenset({"url.Values", "http.Header"})
_JSON_TAG = re.compile(r'json:"([^"]*)"')
# Two ways a fragment may be wrapped so that it parses: (prefix, lines it adds).
_WRAPS = (("package main\n", 1), ("package main; func _() {\n", 1))


def _last_before(items: list[tuple[int, Node]], at: int) -> tuple[int, Node] | None:
    """The last of `items` (in source order) that starts before byte `at`."""
    index = bisect_left(items, at, key=lambda item: item[0])
    return items[index - 1] if index else None


@dataclass
class _Field:
    name: str          # the JSON key
    go_type: str
    omitempty: bool


class _Sample:
    """The parsed sample: its assignments, struct types, and how to evaluate an expression."""

    def __init__(self, root: Node, shift: int) -> None:
        self.root = root
        self.shift = shift
        self.steps = 0
        self.defs: dict[str, list[tuple[int, Node]]] = {}
        self.structs: dict[str, list[_Field]] = {}
        self.positions: dict[str, dict[str, int]] = {}
        # `values.Set(k, v)` statements, and `json.NewEncoder(&buf).Encode(v)`, by variable.
        self.mutations: dict[str, list[tuple[int, Node]]] = {}
        self.encoded: dict[str, list[tuple[int, Node]]] = {}
        for node in treesit.walk(root):
            if node.type in ("short_var_declaration", "assignment_statement"):
                self._assign(node)
            elif node.type in ("var_spec", "const_spec"):
                self._declare(node)
            elif node.type == "type_spec":
                self._struct(node)
            elif node.type == "call_expression":
                self._mutation(node)

    def line(self, node: Node) -> int:
        return max(1, treesit.line(node) - self.shift)

    def end_line(self, node: Node) -> int:
        return max(1, treesit.end_line(node) - self.shift)

    # -- what the sample declares ---------------------------------------------

    def _assign(self, node: Node) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        operator = node.child_by_field_name("operator")
        if left is None or right is None or (operator is not None and treesit.text(operator) != "="):
            return
        self._pair(left.named_children, right.named_children, node.start_byte)

    def _declare(self, node: Node) -> None:
        names = [c for c in node.children_by_field_name("name")]
        value = node.child_by_field_name("value")
        if value is not None:
            self._pair(names, value.named_children, node.start_byte)

    def _pair(self, names: list[Node], values: list[Node], at: int) -> None:
        # `req, err := http.NewRequest(...)`: one call gives the first name its value.
        if len(values) == 1 and len(names) > 1:
            names = names[:1]
        for name, value in zip(names, values, strict=False):
            if name.type == "identifier" and treesit.text(name) != "_":
                self.defs.setdefault(treesit.text(name), []).append((at, value))

    def _struct(self, node: Node) -> None:
        name, body = node.child_by_field_name("name"), node.child_by_field_name("type")
        if name is None or body is None or body.type != "struct_type":
            return
        fields: list[_Field] = []
        positions: dict[str, int] = {}   # Go field name -> its index in `fields`
        for declaration in treesit.walk(body):
            if declaration.type != "field_declaration":
                continue
            kind = declaration.child_by_field_name("type")
            tag = declaration.child_by_field_name("tag")
            match = _JSON_TAG.search(self.string(tag) if tag is not None else "")
            options = match.group(1).split(",") if match else [""]
            for field_name in declaration.children_by_field_name("name"):
                go_name = treesit.text(field_name)
                if options[0] == "-" or (not match and not go_name[:1].isupper()):
                    continue  # encoding/json skips `json:"-"` and unexported fields
                positions[go_name] = len(fields)
                fields.append(_Field(options[0] or go_name, treesit.text(kind).strip() if kind else "",
                                     "omitempty" in options[1:]))
        self.structs[treesit.text(name)] = fields
        self.positions[treesit.text(name)] = positions

    def definition(self, name: str, at: int) -> Node | None:
        """The value last assigned to `name` before byte `at` (else its first one)."""
        found = treesit.defined_at(self.defs.get(name), at)
        return found[1] if found is not None else None

    # -- evaluation -----------------------------------------------------------

    def string(self, node: Node) -> str:
        if node.type == "raw_string_literal":
            return treesit.text(node)[1:-1].replace("\r", "")
        return treesit.unescape(treesit.text(node)[1:-1])

    def eval(self, node: Node | None, depth: int = 0) -> Any:
        if node is None:
            return None
        self.steps += 1
        if depth > treesit.MAX_DEPTH or self.steps > treesit.MAX_STEPS:
            return Unknown(treesit.text(node))
        kind = node.type
        if kind in ("interpreted_string_literal", "raw_string_literal"):
            return self.string(node)
        if kind == "int_literal":
            try:
                return int(treesit.text(node).replace("_", ""), 0)
            except ValueError:
                return Unknown(treesit.text(node))
        if kind == "float_literal":
            try:
                return float(treesit.text(node).replace("_", ""))
            except ValueError:
                return Unknown(treesit.text(node))
        if kind in ("true", "false"):
            return kind == "true"
        if kind == "nil":
            return None
        if kind in ("parenthesized_expression", "literal_element") and node.named_child_count == 1:
            return self.eval(node.named_children[0], depth + 1)
        if kind == "identifier":
            return self._identifier(node, depth)
        if kind == "binary_expression":
            return self._binary(node, depth)
        if kind == "unary_expression" and treesit.text(node)[:1] == "&":
            return self.eval(node.child_by_field_name("operand"), depth + 1)
        if kind == "type_conversion_expression":
            return self.eval(node.child_by_field_name("operand"), depth + 1)
        if kind == "call_expression":
            return self._call(node, depth)
        if kind == "composite_literal":
            return self._composite(node.child_by_field_name("type"), node.child_by_field_name("body"),
                                   depth)
        if kind == "selector_expression":
            field = node.child_by_field_name("field")
            operand = node.child_by_field_name("operand")
            if operand is not None and field is not None and treesit.text(operand) == "http":
                name = treesit.text(field)
                if name.startswith("Method") and name[6:].upper() in METHODS:
                    return name[6:].upper()
        return Unknown(treesit.text(node))

    def _mutation(self, node: Node) -> None:
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if function is None or arguments is None or function.type != "selector_expression":
            return
        owner, field = function.child_by_field_name("operand"), function.child_by_field_name("field")
        if owner is None or field is None:
            return
        verb, args = treesit.text(field), arguments.named_children
        if owner.type == "identifier" and verb in ("Set", "Add") and len(args) == 2 \
                and node.parent is not None and node.parent.type == "expression_statement":
            self.mutations.setdefault(treesit.text(owner), []).append((node.start_byte, node))
        elif verb == "Encode" and args and owner.type == "call_expression" \
                and treesit.text(owner.child_by_field_name("function") or owner) == "json.NewEncoder":
            target = owner.child_by_field_name("arguments")
            sink = target.named_children[0] if target is not None and target.named_children else None
            name = treesit.text(sink).lstrip("&") if sink is not None else ""
            if name.isidentifier():
                self.encoded.setdefault(name, []).append((node.start_byte, args[0]))

    def _identifier(self, node: Node, depth: int) -> Any:
        name = treesit.text(node)
        at = node.start_byte
        encoded = _last_before(self.encoded.get(name, []), at)
        defined = _last_before(self.defs.get(name, []), at)
        last_def = defined[0] if defined else -1
        if encoded is not None and encoded[0] > last_def:
            return JsonOf(self.eval(encoded[1], depth + 1))   # the buffer an encoder wrote
        value = self.definition(name, at)
        if value is None:
            return Unknown(name)
        found = self.eval(value, depth + 1)
        if isinstance(found, Keyed) and name in self.mutations:
            found = found.copy()
            for start, call in self.mutations[name]:
                if last_def < start < at:
                    self._mutate(found, call, depth)
        return found

    def _mutate(self, target: Keyed, call: Node, depth: int) -> None:
        """`values.Set("k", "v")` / `values.Add(...)` on a `url.Values` (or a map) known here."""
        function, arguments = call.child_by_field_name("function"), call.child_by_field_name("arguments")
        if function is None or arguments is None or len(arguments.named_children) != 2:
            return
        key = as_text(self.eval(arguments.named_children[0], depth + 1))
        value = self.eval(arguments.named_children[1], depth + 1)
        previous = target.items.get(key)
        if treesit.text(function).endswith(".Add") and isinstance(previous, list):
            target.items[key] = previous + [value]
        else:
            target.items[key] = [value]
        target.lines.setdefault(key, self.line(call))

    def _binary(self, node: Node, depth: int) -> Any:
        return treesit.sum_expression(node, self.eval, depth)

    def _call(self, node: Node, depth: int) -> Any:
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        args = arguments.named_children if arguments is not None else []
        name = treesit.text(function) if function is not None else ""
        first = args[0] if args else None
        if name in _PASS_THROUGH and first is not None:
            return self.eval(first, depth + 1)
        if name in ("json.Marshal", "json.MarshalIndent") and first is not None:
            return JsonOf(self.eval(first, depth + 1))
        if name == "os.Getenv" and first is not None:
            variable = self.eval(first, depth + 1)
            return Unknown(as_text(variable)) if isinstance(variable, str) else Unknown(treesit.text(node))
        if name == "fmt.Sprintf" and first is not None:
            template = self.eval(first, depth + 1)
            if isinstance(template, str):
                return treesit.printf(template, [self.eval(a, depth + 1) for a in args[1:]])
        if name in ("strconv.Itoa", "fmt.Sprint") and len(args) == 1:
            return as_text(self.eval(first, depth + 1))
        if name.endswith(".Encode") and not args and function is not None:
            values = self.eval(function.child_by_field_name("operand"), depth + 1)
            if isinstance(values, Keyed):
                return urlencode(sorted(form_of(values).items()), doseq=True)   # Go sorts by key
        if name.endswith("Encoding.EncodeToString") and first is not None:
            data = self.eval(first, depth + 1)
            if isinstance(data, str) and "${" not in data:
                return base64.b64encode(data.encode("utf-8")).decode("ascii")
        return Unknown(treesit.text(node))

    def _composite(self, kind: Node | None, body: Node | None, depth: int) -> Any:
        if body is None:
            return Unknown("")
        if kind is not None and kind.type in ("slice_type", "array_type", "implicit_length_array_type"):
            element = kind.child_by_field_name("element")
            return [self._element(element, item, depth) for item in body.named_children
                    if item.type != "comment"]
        is_map = kind is not None and (kind.type == "map_type" or treesit.text(kind) in _MAP_TYPES)
        if kind is not None and is_map:
            value_type = kind.child_by_field_name("value")
            found = Keyed()
            for item in body.named_children:
                if item.type != "keyed_element" or item.named_child_count < 2:
                    continue
                key = as_text(self.eval(item.named_children[0], depth + 1))
                found.items[key] = self._element(value_type, item.named_children[1], depth)
                found.lines[key] = self.line(item)
            return found
        return self._struct_value(treesit.text(kind) if kind is not None else "", body, depth)

    def _element(self, kind: Node | None, item: Node, depth: int) -> Any:
        """An element of a slice or map: a bare `{...}` takes the element type."""
        inner = item.named_children[0] if item.type == "literal_element" and item.named_child_count else item
        if inner.type == "literal_value":
            if kind is not None and kind.type == "pointer_type" and kind.named_child_count:
                kind = kind.named_children[0]
            return self._composite(kind, inner, depth + 1)
        return self.eval(inner, depth + 1)

    def _struct_value(self, type_name: str, body: Node, depth: int) -> Any:
        fields = self.structs.get(type_name.lstrip("*"))
        items = [item for item in body.named_children if item.type != "comment"]
        found = Keyed()
        if not type_name and not any(item.type == "keyed_element" for item in items):
            return [self._element(None, item, depth) for item in items]   # `{"a", "b"}` of a slice
        if fields is None:   # a type the sample does not declare: its field names as written
            for item in items:
                if item.type == "keyed_element" and item.named_child_count >= 2:
                    key = treesit.text(item.named_children[0])
                    found.items[key] = self.eval(item.named_children[1], depth + 1)
                    found.lines[key] = self.line(item)
            return found
        names = self.positions.get(type_name.lstrip("*"), {})
        given: dict[int, tuple[Any, int]] = {}
        for position, item in enumerate(items):
            if item.type == "keyed_element" and item.named_child_count >= 2:
                index = names.get(treesit.text(item.named_children[0]))
                value_node = item.named_children[1]
            else:
                index, value_node = position, item
            if index is not None and index < len(fields):
                given[index] = (self._element(None, value_node, depth), self.line(item))
        for index, declared in enumerate(fields):
            if index in given:
                found.items[declared.name], found.lines[declared.name] = given[index]
            elif not declared.omitempty:
                found.items[declared.name] = _ZERO.get(declared.go_type)
                found.lines[declared.name] = self.line(body)
        return found

    def origin(self, node: Node, depth: int = 0) -> Node:
        """The literal a value comes from, through variables and pass-through calls:
        where the lines of a body text are."""
        while depth < treesit.MAX_DEPTH:
            depth += 1
            if node.type == "identifier":
                value = self.definition(treesit.text(node), node.start_byte)
                if value is None:
                    return node
                node = value
            elif node.type in ("type_conversion_expression",):
                operand = node.child_by_field_name("operand")
                if operand is None:
                    return node
                node = operand
            elif node.type == "call_expression":
                function = node.child_by_field_name("function")
                arguments = node.child_by_field_name("arguments")
                name = treesit.text(function) if function is not None else ""
                if arguments is None or not arguments.named_children or \
                        name not in _PASS_THROUGH | {"json.Marshal", "json.MarshalIndent", "fmt.Sprintf"}:
                    return node
                node = arguments.named_children[0]
            elif node.type == "parenthesized_expression" and node.named_child_count == 1:
                node = node.named_children[0]
            else:
                return node
        return node

    def line_at(self, node: Node, depth: int = 0) -> LineAt:
        """Offset in a body text -> its sample line (a raw string or a
        concatenation spans lines)."""
        source = self.origin(node)
        first = self.line(source)
        joined = treesit.concatenation_lines(source, depth, lambda part: as_text(self.eval(part)),
                                             self.line_at)
        if joined is not None:
            return joined
        if source.type == "raw_string_literal":
            body = self.string(source)
            return lambda offset: first + body.count("\n", 0, max(0, offset))
        return lambda _offset: first


# --------------------------------------------------------------------------- requests


class _Reader:
    """Every request of a sample, and what the statements after it add."""

    def __init__(self, sample: _Sample) -> None:
        self.sample = sample
        self.drafts: list[tuple[RequestDraft, int]] = []   # each with its end line
        self.requests = treesit.Bindings()      # request variable -> drafts
        self.responses = treesit.Bindings()     # response variable -> drafts
        self.queries = treesit.Bindings()       # `q := req.URL.Query()`

    def read(self) -> list[RequestDraft]:
        for node in treesit.walk(self.sample.root):
            if node.type == "call_expression":
                self._call(node)
            elif node.type == "assignment_statement":
                self._header_index(node)
            elif node.type == "binary_expression":
                treesit.read_status_check(node, self._response, self.sample.line)
            elif node.type == "expression_switch_statement":
                self._switch(node)
        return [draft for draft, _ in self.drafts]

    def ends(self) -> list[int]:
        return [end for _, end in self.drafts]

    def _assigned_to(self, call: Node) -> str | None:
        """`req, err := <call>`: the first name the call's value goes to."""
        parent = call.parent
        if parent is None or parent.type != "expression_list":
            return None
        statement = parent.parent
        if statement is None or statement.type not in ("short_var_declaration", "assignment_statement",
                                                       "var_spec"):
            return None
        names = statement.child_by_field_name("left") or statement.child_by_field_name("name")
        if names is None:
            return None
        first = names.named_children[0] if names.type == "expression_list" and names.named_children else names
        return treesit.text(first) if first.type == "identifier" else None

    def _call(self, node: Node) -> None:
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if function is None or arguments is None or function.type != "selector_expression":
            return
        operand, field = function.child_by_field_name("operand"), function.child_by_field_name("field")
        if operand is None or field is None:
            return
        args = [a for a in arguments.named_children if a.type != "comment"]
        owner, verb = treesit.text(operand), treesit.text(field)
        if owner == "http" and verb in ("NewRequest", "NewRequestWithContext"):
            self._new_request(node, args[1:] if verb == "NewRequestWithContext" else args)
        elif verb in _CLIENT_VERBS and self._is_client(operand):
            self._client_verb(node, verb, args)
        elif verb == "Do" and args and args[0].type == "identifier":
            draft = self.requests.get(treesit.text(args[0]), node.start_byte)
            name = self._assigned_to(node)
            if draft is not None and name:
                self.responses.bind(name, node.start_byte, draft)
        elif operand.type == "selector_expression":
            self._on_member(node, operand, verb, args)
        elif operand.type == "identifier":
            self._on_request(node, treesit.text(operand), verb, args)

    def _is_client(self, operand: Node) -> bool:
        name = treesit.text(operand)
        if name in ("http", "http.DefaultClient"):
            return True
        if operand.type != "identifier":
            return False
        value = self.sample.definition(name, operand.start_byte)
        if value is None:   # a parameter (`client *http.Client`): its name says what it is
            return "client" in name.lower()
        return "http.Client" in treesit.text(value)[:40]

    def _start(self, node: Node) -> int:
        # The statement's line: `req, err := http.NewRequest(` starts where the call does.
        return self.sample.line(node)

    def _new_request(self, node: Node, args: list[Node]) -> None:
        sample = self.sample
        draft = RequestDraft(CLIENT, self._start(node))
        if args:
            method = sample.eval(args[0])
            draft.set_method(as_text(method), sample.line(args[0]))
        if len(args) > 1:
            draft.set_url(as_text(sample.eval(args[1])), sample.line(args[1]))
        if len(args) > 2:
            self._body(draft, args[2])
        self._add(node, draft)

    def _client_verb(self, node: Node, verb: str, args: list[Node]) -> None:
        sample = self.sample
        draft = RequestDraft(CLIENT, self._start(node))
        draft.set_method(_CLIENT_VERBS[verb], sample.line(node))
        if args:
            draft.set_url(as_text(sample.eval(args[0])), sample.line(args[0]))
        if verb == "Post" and len(args) > 2:
            draft.set_header("Content-Type", as_text(sample.eval(args[1])), sample.line(args[1]))
            self._body(draft, args[2])
        elif verb == "PostForm" and len(args) > 1:
            draft.imply("Content-Type", "application/x-www-form-urlencoded")
            values = sample.eval(args[1])
            if isinstance(values, Keyed):
                draft.set_body(form_of(values), "form", sample.line(args[1]), dict(values.lines))
        self._add(node, draft)
        name = self._assigned_to(node)
        if name:
            self.responses.bind(name, node.start_byte, draft)

    def _add(self, node: Node, draft: RequestDraft) -> None:
        self.drafts.append((draft, self.sample.end_line(node)))
        name = self._assigned_to(node)
        if name and node.parent is not None:
            self.requests.bind(name, node.start_byte, draft)

    def _body(self, draft: RequestDraft, node: Node) -> None:
        sample = self.sample
        value = sample.eval(node)
        if value is None or treesit.text(node) == "http.NoBody":
            return
        source = sample.origin(node)
        if isinstance(value, JsonOf):
            draft.set_body(plain(value.value), "json", sample.line(source), key_lines(value.value))
        elif isinstance(value, str) and source.type == "call_expression" and _encoded_form(sample, source):
            form = _encoded_form(sample, source)
            assert form is not None
            draft.set_body(form_of(form), "form", sample.line(source), dict(form.lines))
        elif isinstance(value, str):
            draft.set_body_text(value, sample.line_at(node))
        else:
            draft.set_body(as_text(value), "raw", sample.line(node))

    def _on_member(self, node: Node, operand: Node, verb: str, args: list[Node]) -> None:
        """`req.Header.Set(k, v)`, `req.URL.Query()`."""
        owner = operand.child_by_field_name("operand")
        member = operand.child_by_field_name("field")
        if owner is None or member is None or owner.type != "identifier":
            return
        draft = self.requests.get(treesit.text(owner), node.start_byte)
        if draft is None:
            return
        sample = self.sample
        if treesit.text(member) == "Header" and verb in ("Set", "Add") and len(args) >= 2:
            draft.set_header(as_text(sample.eval(args[0])), as_text(sample.eval(args[1])), sample.line(node))
        elif treesit.text(member) == "Header" and verb == "Del" and args:
            draft.drop_header(as_text(sample.eval(args[0])))
        elif treesit.text(member) == "URL" and verb == "Query":
            name = self._assigned_to(node)
            if name:
                self.queries.bind(name, node.start_byte, draft)

    def _on_request(self, node: Node, name: str, verb: str, args: list[Node]) -> None:
        """`req.SetBasicAuth(u, p)`, `req.AddCookie(...)`, `q.Add(k, v)`."""
        sample = self.sample
        query = self.queries.get(name, node.start_byte)
        if query is not None and verb in ("Add", "Set") and len(args) >= 2:
            key = as_text(sample.eval(args[0]))
            if verb == "Set":
                query.query.pop(key, None)
            query.add_query(key, as_text(sample.eval(args[1])), sample.line(node))
            return
        draft = self.requests.get(name, node.start_byte)
        if draft is None:
            return
        if verb == "SetBasicAuth":
            draft.set_auth("basic", sample.line(node))
        elif verb == "AddCookie" and args:
            cookie = sample.eval(args[0])
            if isinstance(cookie, Keyed) and "Name" in cookie.items:
                draft.add_cookie(as_text(cookie.items["Name"]), as_text(cookie.items.get("Value", "")),
                                 sample.line(node))

    def _header_index(self, node: Node) -> None:
        """`req.Header["X-Key"] = []string{"v"}`, `req.Header = http.Header{...}`."""
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None or not left.named_children or not right.named_children:
            return
        target: Node | None = left.named_children[0]
        index: Node | None = None
        if target is not None and target.type == "index_expression":
            index = target.child_by_field_name("index")
            target = target.child_by_field_name("operand")
        if target is None or target.type != "selector_expression":
            return
        owner, member = target.child_by_field_name("operand"), target.child_by_field_name("field")
        if owner is None or member is None or treesit.text(member) != "Header":
            return
        draft = self.requests.get(treesit.text(owner), node.start_byte)
        if draft is None:
            return
        value = self.sample.eval(right.named_children[0])
        if index is not None:
            draft.set_header(as_text(self.sample.eval(index)), _header_text(value), self.sample.line(node))
        elif isinstance(value, Keyed):
            for name in [existing for existing in draft.headers]:
                draft.drop_header(name)   # a new Header map replaces every header set before
            for name, item in value.items.items():
                draft.set_header(name, _header_text(item), value.lines.get(name, self.sample.line(node)))

    # -- status checks --------------------------------------------------------

    def _response(self, node: Node) -> RequestDraft | None:
        """The request whose `resp.StatusCode` a node reads, or None when it reads none."""
        if node.type != "selector_expression":
            return None
        owner, field = node.child_by_field_name("operand"), node.child_by_field_name("field")
        if owner is None or field is None or treesit.text(field) != "StatusCode":
            return None
        return treesit.response_request(self.responses, treesit.text(owner), node.start_byte, self.drafts,
                                        self.sample.line(node))

    def _switch(self, node: Node) -> None:
        value = node.child_by_field_name("value")
        draft = self._response(value) if value is not None else None
        if draft is None:
            return
        for case in node.named_children:
            if case.type != "expression_case":
                continue
            values = case.child_by_field_name("value")
            for item in values.named_children if values is not None else []:
                draft.expect(treesit.text(item), self.sample.line(item))
            break   # the first case is the success a sample shows; later ones are its errors


def form_of(values: Keyed) -> dict[str, Any]:
    """A `url.Values` as a form: a key with one value holds it, not a list of one."""
    return {key: value[0] if isinstance(value, list) and len(value) == 1 else value
            for key, value in plain(values).items()}


def _encoded_form(sample: _Sample, call: Node) -> Keyed | None:
    """The `url.Values` whose `.Encode()` a call is, when known."""
    function = call.child_by_field_name("function")
    arguments = call.child_by_field_name("arguments")
    if function is None or function.type != "selector_expression" \
            or treesit.text(function)[-7:] != ".Encode" \
            or (arguments is not None and arguments.named_children):
        return None
    values = sample.eval(function.child_by_field_name("operand"))
    return values if isinstance(values, Keyed) else None


def _header_text(value: Any) -> str:
    """A header's values as one line: `[]string{"a", "b"}` -> `a, b`."""
    return ", ".join(as_text(v) for v in value) if isinstance(value, list) else as_text(value)


def _parse(code: str) -> tuple[Node, int]:
    """The sample's tree, and how many lines a wrapper added above it.
    A fragment (no `package`) is tried as a file and as a function body."""
    tree = _PARSER.parse(code.encode("utf-8", "replace"))
    if not tree.root_node.has_error or re.search(r"^\s*package\s", code, re.MULTILINE):
        return tree.root_node, 0
    for prefix, shift in _WRAPS:
        wrapped = _PARSER.parse((prefix + code + ("\n}" if "{" in prefix else "")).encode("utf-8", "replace"))
        if not wrapped.root_node.has_error:
            return wrapped.root_node, shift
    return tree.root_node, 0


class GoExtractor:
    """`net/http` requests from Go samples."""

    languages = frozenset({"go"})

    def extract(self, code: str) -> Extraction:
        """The requests `code` sends. Never raises."""
        return guarded(_extract, code)


def _extract(code: str) -> Extraction:
    root, shift = _parse(code)
    reader = _Reader(_Sample(root, shift))
    drafts = reader.read()
    ends = reader.ends()
    result = Extraction(requests=[draft.build(end) for draft, end in zip(drafts, ends, strict=False)])
    error = treesit.first_error(root, "Go")
    if error is not None:
        result.error, result.error_line = error[0], max(1, error[1] - shift)
    return result
