"""Reads C# samples (HttpClient, RestSharp) and returns the HTTP requests they send.

The sample is parsed with tree-sitter-c-sharp and read statement by statement
in source order (nothing runs; branches all count, loops once). What it reads:

* HttpClient: `new HttpClient()` (with `{ BaseAddress = ... }`),
  `client.BaseAddress = new Uri(...)`, `client.DefaultRequestHeaders.Add(k, v)`
  / `.Authorization = new AuthenticationHeaderValue(scheme, token)` /
  `.Accept.Add(new MediaTypeWithQualityHeaderValue(t))`; `new
  HttpRequestMessage(HttpMethod.Post, url)` (or `{ Method = ..., RequestUri =
  ..., Content = ... }`) with `request.Headers.Add/TryAddWithoutValidation`,
  `request.Headers.Authorization`, `request.Content = ...`; sent by
  `SendAsync`/`Send`, or `GetAsync`/`DeleteAsync`/`GetStringAsync(url)`,
  `PostAsync`/`PutAsync`/`PatchAsync(url, content)`,
  `PostAsJsonAsync`/`PutAsJsonAsync`/`PatchAsJsonAsync(url, obj)`. A client the
  sample got elsewhere (a field, a factory) counts when it is named like one
  (`_httpClient`, `client`, `Http`): an SDK's `customers.GetAsync(id)` is no request.
* content: `new StringContent(text, Encoding.UTF8, "application/json")`,
  `JsonContent.Create(obj)`, `new FormUrlEncodedContent(dict)`,
  `MultipartFormDataContent` with `.Add(part, name[, fileName])` (a file part is
  `"@fileName"`), `MediaTypeNames.Application.Json`; bodies built by
  `JsonSerializer.Serialize(x)` / `JsonConvert.SerializeObject(x)` of anonymous
  objects, dictionaries (`{ ["k"] = v }`, `{ { "k", v } }`), arrays and lists.
* RestSharp: `new RestClient(base)` (or `RestClientOptions`), `new
  RestRequest(resource, Method.Post)`, `request.Method = ...`,
  `AddHeader`/`AddOrUpdateHeader`, `AddJsonBody`/`AddBody`, `AddStringBody`,
  `AddParameter` (form, or the body with `ParameterType.RequestBody`),
  `AddQueryParameter`, `AddUrlSegment`; `client.AddDefaultHeader`; sent by
  `ExecuteAsync`/`Execute`/`ExecutePostAsync`/`PostAsync`/`GetAsync`/...
* values: string, verbatim (`@"..."`) and raw (`\"\"\"...\"\"\"`) literals,
  interpolation (`$"Bearer {token}"`, an unknown part kept as `{token}`), `+`,
  `a ?? "default"` (an unknown left side yields the written default),
  variables (the last assignment before the use wins), and
  `Environment.GetEnvironmentVariable("X")`, kept as `{X}`.
* status checks on the response variable: `response.StatusCode ==
  HttpStatusCode.Created`, `(int)response.StatusCode == 201`,
  `switch (response.StatusCode) { case ...: }`,
  `response.IsSuccessStatusCode`, `EnsureSuccessStatusCode()`, RestSharp's
  `IsSuccessful`; a check on a variable that is no known response counts for
  the last request before it.

Errors: a sample whose tree holds ERROR/MISSING nodes gets `error` and
`error_line` (the first one); the requests of the parts that parsed are still
returned. Work is bounded (size, depth, steps); beyond the bounds values are
unknown, never an exception.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tree_sitter import Node

from checker.extract import treesit
from checker.extract.base import Extraction, guarded, resolve_url
from checker.extract.http import METHODS, RequestDraft
from checker.extract.treesit import JsonOf, Keyed, Response, Unknown, keyed_data, scalar_text

_parser = treesit.lazy_parser("tree_sitter_c_sharp")


# --------------------------------------------------------------------------- values


@dataclass
class Content:
    """An HttpContent: JSON data, a form, or text of a media type."""

    kind: str          # "json" (data), "form" (Keyed), "text"
    value: Any
    line: int
    media: str = ""
    text_line: int = 0  # where a literal's text starts, for its keys' lines
    headers: list[Header] = field(default_factory=list)   # `content.Headers.Add(...)`
    implied: bool = False   # the media type is the content's default, not written


@dataclass
class Method:
    name: str


@dataclass
class Header:
    name: str
    value: Any
    line: int


@dataclass
class Client:
    """An HttpClient or a RestClient and what it adds to every request."""

    rest: bool
    base: Any = ""
    headers: list[Header] = field(default_factory=list)


@dataclass
class Message:
    """An HttpRequestMessage or a RestRequest."""

    rest: bool
    line: int
    method: Any = "GET"
    method_line: int = 0
    url: Any = ""
    url_line: int = 0
    headers: list[Header] = field(default_factory=list)
    content: Content | None = None
    query: list[tuple[str, Any, int]] = field(default_factory=list)
    form: Keyed | None = None
    form_line: int = 0
    segments: dict[str, Any] = field(default_factory=dict)


@dataclass
class HeaderList:
    """`x.Headers`, `client.DefaultRequestHeaders`, `content.Headers`; `name`
    when it is one header's list (`.Accept`)."""

    headers: list[Header]
    name: str = ""
    content: Content | None = None


def _known(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool)) or value is None


def _unknown(text: str) -> Unknown:
    """What is known only at run time, as C# interpolation writes it: `{token}`
    (the reader cut it: `short`)."""
    return Unknown(text, limit=None, sigil="")


def _text(value: Any) -> str:
    """A value as it reads inside a string."""
    shown = scalar_text(value, none="")
    if shown is not None:
        return shown
    if isinstance(value, Method):
        return value.name
    if isinstance(value, JsonOf):
        return json.dumps(_data(value.value), ensure_ascii=False)
    if isinstance(value, Unknown):
        return str(value)
    return "{?}"


def _leaf(value: Any, depth: int) -> str:
    return _text(value)


def _data(value: Any) -> Any:
    return keyed_data(value, _leaf)[0]


# --------------------------------------------------------------------------- the reader


_SEND_MESSAGE = frozenset({"SendAsync", "Send"})
_SEND_URL = {"GetAsync": "GET", "GetStringAsync": "GET", "GetByteArrayAsync": "GET",
             "GetStreamAsync": "GET", "GetFromJsonAsync": "GET", "DeleteAsync": "DELETE",
             "DeleteFromJsonAsync": "DELETE"}
_SEND_CONTENT = {"PostAsync": "POST", "PutAsync": "PUT", "PatchAsync": "PATCH"}
_SEND_JSON = {"PostAsJsonAsync": "POST", "PutAsJsonAsync": "PUT", "PatchAsJsonAsync": "PATCH"}
_REST_SEND = {"ExecuteAsync": "", "Execute": "", "ExecuteTaskAsync": "",
              "ExecuteGetAsync": "GET", "ExecutePostAsync": "POST", "ExecutePutAsync": "PUT",
              "ExecuteGet": "GET", "ExecutePost": "POST",
              "GetAsync": "GET", "PostAsync": "POST", "PutAsync": "PUT", "PatchAsync": "PATCH",
              "DeleteAsync": "DELETE", "Get": "GET", "Post": "POST", "Put": "PUT",
              "Delete": "DELETE"}
_SERIALIZE = frozenset({"JsonSerializer.Serialize", "JsonConvert.SerializeObject",
                        "System.Text.Json.JsonSerializer.Serialize",
                        "Newtonsoft.Json.JsonConvert.SerializeObject"})
_ENV = frozenset({"Environment.GetEnvironmentVariable", "System.Environment.GetEnvironmentVariable"})
# An HttpClient the sample got elsewhere (a field, a factory) is named like one:
# `_httpClient`, `client`, `Http`; `customers.GetAsync(id)` of an SDK is no HTTP call.
_HTTP_CLIENT_NAME = re.compile(r"(?:^|[._])(?:\w*[cC]lient|[hH]ttp\w*)$")
# `MediaTypeNames.Application.Json`, RestSharp's `ContentType.Json` (by their last two names).
_MEDIA_TYPES = {"Application.Json": "application/json", "Application.FormUrlEncoded":
                "application/x-www-form-urlencoded", "Text.Plain": "text/plain",
                "Application.Xml": "application/xml", "ContentType.Json": "application/json",
                "ContentType.Xml": "application/xml", "ContentType.FormUrlEncoded":
                "application/x-www-form-urlencoded", "Multipart.FormData": "multipart/form-data"}
_SUCCESS = frozenset({"IsSuccessStatusCode", "IsSuccessful"})
_STRINGS = frozenset({"string_literal", "verbatim_string_literal", "raw_string_literal",
                      "interpolated_string_expression"})
_WRAPPERS = frozenset({"parenthesized_expression", "await_expression", "argument",
                       "checked_expression"})


class Reader(treesit.StatementReader):
    sigil = ""
    cached = frozenset({"invocation_expression", "object_creation_expression",
                        "anonymous_object_creation_expression"})   # calls and creations act

    def __init__(self, code: str) -> None:
        super().__init__(code, _parser())

    def _statement(self, node: Node) -> None:
        kind = node.type
        if kind == "variable_declarator":
            name = node.child_by_field_name("name")
            value = _after_equals(node)
            if name is not None and value is not None:
                self.env[self.text(name)] = self.value(value)
        elif kind == "assignment_expression" and node.parent is not None \
                and node.parent.type != "initializer_expression":
            self._assign(node)
        elif kind in ("invocation_expression", "object_creation_expression"):
            self.value(node)
        elif kind == "binary_expression":
            self._status_check(node)
        elif kind == "switch_statement":
            self._status_switch(node)
        elif kind == "member_access_expression":
            name = node.child_by_field_name("name")
            target = node.child_by_field_name("expression")
            if name is not None and target is not None and self.text(name) in _SUCCESS:
                self._attach(target, lambda draft: draft.expect_success(self.line(node)))

    def _assign(self, node: Node) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        operator = node.child_by_field_name("operator")
        if left is None or right is None:
            return
        value = self.value(right)
        if operator is not None and self.text(operator) == "+=":
            previous = self.value(left)
            value = _plus(previous, value)
        if left.type == "identifier":
            self.env[self.text(left)] = value
        elif left.type == "member_access_expression":
            owner_node, name = left.child_by_field_name("expression"), left.child_by_field_name("name")
            if owner_node is not None and name is not None:
                self._set_member(self.value(owner_node), self.text(name), value, self.line(node))

    def _set_member(self, owner: Any, name: str, value: Any, line: int) -> None:
        if isinstance(owner, Client):
            if name in ("BaseAddress", "BaseUrl"):
                owner.base = value
            elif name == "Authenticator":
                _authenticator(owner.headers, value, line)
        elif isinstance(owner, Message):
            if name == "Method":
                owner.method, owner.method_line = _method(value), line
            elif name in ("RequestUri", "Resource"):
                owner.url, owner.url_line = value, line
            elif name == "Content" and isinstance(value, Content):
                owner.content = value
        elif isinstance(owner, HeaderList):
            if name == "Authorization":
                _put_header(owner.headers, "Authorization", value, line)
            elif name == "ContentType" and owner.content is not None:
                owner.content.media, owner.content.line = _text(value), line
                owner.content.implied = False
        elif isinstance(owner, Keyed):
            owner.put(name, value, line)

    # -- values -----------------------------------------------------------------

    def _value(self, node: Node, depth: int) -> Any:
        kind = node.type
        if kind in _WRAPPERS:
            inner = node.named_children[-1] if node.named_children else None
            return self.value(inner, depth + 1)
        reader = getattr(self, f"_v_{kind}", None)
        if reader is None:
            return _unknown(self.short(node))
        value = reader(node, depth + 1)
        if isinstance(value, str) and kind in _STRINGS:
            # A raw literal's text starts on the line after its opening quotes.
            opening = self.text(node).split("\n", 1)[0]
            skip = 1 if '"""' in opening and opening.rstrip().endswith('"""') else 0
            self.origins.setdefault(value, self.line(node) + skip)
        return value

    def _v_string_literal(self, node: Node, depth: int) -> Any:
        parts = []
        for child in node.named_children:
            if child.type == "escape_sequence":
                parts.append(_unescape(self.text(child)))
            else:
                parts.append(self.text(child))
        return "".join(parts)

    def _v_verbatim_string_literal(self, node: Node, depth: int) -> Any:
        return self.text(node)[2:-1].replace('""', '"')

    def _v_raw_string_literal(self, node: Node, depth: int) -> Any:
        content = next((c for c in node.named_children if c.type == "raw_string_content"), None)
        return _raw(self.text(content)) if content is not None else ""

    def _v_interpolated_string_expression(self, node: Node, depth: int) -> Any:
        start = next((c for c in node.children if c.type == "interpolation_start"), None)
        verbatim = start is not None and "@" in self.text(start)
        raw = any(c.type == "interpolation_quote" for c in node.children)
        parts = []
        for child in node.named_children:
            if child.type == "string_content":
                text = self.text(child)
                parts.append(text if raw else text.replace('""', '"') if verbatim
                             else _unescape_all(text))
            elif child.type == "escape_sequence":
                parts.append(_unescape(self.text(child)))
            elif child.type == "interpolation":
                inner = [c for c in child.named_children
                         if c.type not in ("interpolation_brace", "interpolation_format_clause",
                                           "interpolation_alignment_clause")]
                parts.append(_text(self.value(inner[0], depth)) if inner else "")
        text = "".join(parts)
        return _raw(text) if raw and "\n" in text else text

    def _v_character_literal(self, node: Node, depth: int) -> Any:
        return _unescape_all(self.text(node)[1:-1])

    def _v_integer_literal(self, node: Node, depth: int) -> Any:
        digits = self.text(node).rstrip("uUlL").replace("_", "")
        try:
            return int(digits, 0)
        except ValueError:
            return _unknown(digits)

    def _v_real_literal(self, node: Node, depth: int) -> Any:
        try:
            return float(self.text(node).rstrip("fFdDmM").replace("_", ""))
        except ValueError:
            return _unknown(self.text(node))

    def _v_boolean_literal(self, node: Node, depth: int) -> Any:
        return self.text(node) == "true"

    def _v_null_literal(self, node: Node, depth: int) -> Any:
        return None

    def _v_identifier(self, node: Node, depth: int) -> Any:
        name = self.text(node)
        return self.env[name] if name in self.env else _unknown(name)

    def _v_binary_expression(self, node: Node, depth: int) -> Any:
        operator = node.child_by_field_name("operator")
        left = self.value(node.child_by_field_name("left"), depth)
        op = self.text(operator) if operator is not None else ""
        if op == "??":
            return left if _known(left) and left is not None else \
                self.value(node.child_by_field_name("right"), depth)
        right = self.value(node.child_by_field_name("right"), depth)
        if op == "+":
            return _plus(left, right)
        return _unknown(self.short(node))

    def _v_cast_expression(self, node: Node, depth: int) -> Any:
        return self.value(node.child_by_field_name("value"), depth)

    def _v_member_access_expression(self, node: Node, depth: int) -> Any:
        target, name_node = node.child_by_field_name("expression"), node.child_by_field_name("name")
        if target is None or name_node is None:
            return _unknown(self.short(node))
        name = self.text(name_node)
        dotted = self.text(node)
        if dotted.startswith(("HttpMethod.", "Method.")) and name.upper() in METHODS:
            return Method(name.upper())
        media = _MEDIA_TYPES.get(dotted.rsplit(".", 2)[-2] + "." + name if dotted.count(".") >= 1 else "")
        if media is not None:
            return media
        owner = self.value(target, depth)
        if isinstance(owner, Message) and name == "Headers":
            return HeaderList(owner.headers)
        if isinstance(owner, Client) and name == "DefaultRequestHeaders":
            return HeaderList(owner.headers)
        if isinstance(owner, Content) and name == "Headers":
            return HeaderList(owner.headers, content=owner)
        if isinstance(owner, HeaderList) and not owner.name:
            return HeaderList(owner.headers, _header_name(name))
        if isinstance(owner, Client) and name == "BaseAddress":
            return owner.base
        if isinstance(owner, Keyed) and name in owner.items:
            return owner.items[name]
        return _unknown(self.short(node))

    def _v_anonymous_object_creation_expression(self, node: Node, depth: int) -> Any:
        obj = Keyed()
        children = node.named_children
        index = 0
        while index < len(children):
            child = children[index]
            # `name = value`: the grammar lists identifier, then the value
            # (the `=` is an anonymous token between them).
            following = child.next_sibling
            if child.type == "identifier" and following is not None and following.type == "=" \
                    and index + 1 < len(children):
                obj.put(self.text(child), self.value(children[index + 1], depth), self.line(child))
                index += 2
                continue
            # `new { name, x.role }`: the member's own name.
            key = self.text(child).rsplit(".", 1)[-1]
            obj.put(key, self.value(child, depth), self.line(child))
            index += 1
        return obj

    def _v_initializer_expression(self, node: Node, depth: int) -> Any:
        return self._collection(node, depth)

    def _v_implicit_array_creation_expression(self, node: Node, depth: int) -> Any:
        init = next((c for c in node.named_children if c.type == "initializer_expression"), None)
        return self._collection(init, depth) if init is not None else []

    _v_array_creation_expression = _v_implicit_array_creation_expression
    _v_collection_expression = _v_initializer_expression

    def _collection(self, node: Node, depth: int) -> Any:
        """`{ 1, 2 }`, `{ ["k"] = v }`, `{ { "k", v } }`, `{ K = v }`: a list or a map."""
        items = node.named_children
        if items and all(c.type in ("assignment_expression", "initializer_expression") for c in items):
            obj = Keyed()
            for item in items:
                self._entry(obj, item, depth)
            return obj
        return [self.value(item, depth) for item in items]

    def _entry(self, obj: Keyed, item: Node, depth: int) -> None:
        if item.type == "initializer_expression":
            pair = item.named_children
            if len(pair) == 2:
                obj.put(_text(self.value(pair[0], depth)), self.value(pair[1], depth), self.line(pair[0]))
            return
        left, right = item.child_by_field_name("left"), item.child_by_field_name("right")
        if left is None:
            return
        if left.type == "element_binding_expression":
            key_node = left.named_children[0] if left.named_children else left
            key = _text(self.value(key_node, depth))
        else:
            key = self.text(left)
        obj.put(key, self.value(right, depth), self.line(left))

    def _v_object_creation_expression(self, node: Node, depth: int) -> Any:
        type_node = node.child_by_field_name("type")
        type_name = _type_name(self.text(type_node)) if type_node is not None else ""
        args = _arguments(node)
        values = [self.value(a, depth) for a in args]
        init = node.child_by_field_name("initializer")
        line = self.line(node)
        made = self._create(type_name, values, args, line)
        if init is not None:
            if isinstance(made, (Client, Message)):
                for item in init.named_children:
                    if item.type == "assignment_expression":
                        left, right = item.child_by_field_name("left"), item.child_by_field_name("right")
                        if left is not None:
                            self._set_member(made, self.text(left), self.value(right, depth),
                                             self.line(item))
            elif made is None or isinstance(made, (Unknown, Keyed, list)):
                filled = self._collection(init, depth)
                # `new Dictionary<...> { }` is a map even when empty
                made = Keyed() if isinstance(made, Keyed) and filled == [] else filled
        return made if made is not None else _unknown(self.short(node))

    def _create(self, type_name: str, values: list[Any], args: list[Node], line: int) -> Any:
        if type_name == "HttpClient":
            return Client(rest=False)
        if type_name in ("RestClient", "RestClientOptions"):
            first = values[0] if values else ""
            if isinstance(first, Client):
                return Client(rest=True, base=first.base, headers=list(first.headers))
            return Client(rest=True, base=first)
        if type_name in ("HttpRequestMessage", "RestRequest"):
            rest = type_name == "RestRequest"
            message = Message(rest=rest, line=line)
            method, url = (values + [None, None])[:2]
            if rest:
                method, url = url, method
            if url is not None:
                message.url, message.url_line = url, line
            if method is not None:
                message.method, message.method_line = _method(method), line
            return message
        if type_name == "HttpMethod":
            return Method(_text(values[0]).upper()) if values else None
        if type_name == "Uri":
            if len(values) >= 2:
                return _join(values[0], values[1])
            return values[0] if values else None
        if type_name == "StringContent":
            media = _text(values[2]) if len(values) >= 3 else "text/plain"
            return Content("text", values[0] if values else "", line, media,
                           self.line(args[0]) if args else line, implied=len(values) < 3)
        if type_name == "MultipartFormDataContent":
            return Content("multipart", Keyed(), line)
        if type_name == "FormUrlEncodedContent":
            return Content("form", values[0] if values else Keyed(), line)
        if type_name in ("AuthenticationHeaderValue", "MediaTypeWithQualityHeaderValue",
                         "MediaTypeHeaderValue"):
            return " ".join(_text(v) for v in values[:2])
        if type_name in ("JwtAuthenticator", "OAuth2AuthorizationRequestHeaderAuthenticator"):
            scheme = _text(values[1]) if len(values) >= 2 else "Bearer"
            return ("auth", f"{scheme} {_text(values[0])}" if values else scheme)
        if type_name in ("Dictionary", "SortedDictionary", "JObject", "ExpandoObject"):
            return Keyed()
        if type_name in ("List", "JArray"):
            return []
        return None

    def _v_invocation_expression(self, node: Node, depth: int) -> Any:
        function = node.child_by_field_name("function")
        args = _arguments(node)
        if function is None:
            return _unknown(self.short(node))
        line = self.line(node)
        if function.type == "member_access_expression":
            target = function.child_by_field_name("expression")
            name_node = function.child_by_field_name("name")
            if target is None or name_node is None:
                return _unknown(self.short(node))
            name = _type_name(self.text(name_node))
            dotted = f"{self.text(target)}.{name}"
            if dotted in _SERIALIZE:
                return JsonOf(self.value(args[0], depth), self.line(args[0])) if args else None
            if dotted in ("JsonContent.Create", "System.Net.Http.Json.JsonContent.Create"):
                value = self.value(args[0], depth) if args else None
                return Content("json", value, line, "application/json")
            if dotted in _ENV:
                name_value = self.value(args[0], depth) if args else ""
                return _unknown(_text(name_value))
            owner = self.value(target, depth)
            return self._method_call(owner, name, node, args, depth, line)
        return _unknown(self.short(node))

    def _method_call(self, owner: Any, name: str, node: Node, args: list[Node], depth: int,
                     line: int) -> Any:
        values = [self.value(a, depth) for a in args]
        if isinstance(owner, HeaderList):
            if name in ("Add", "TryAddWithoutValidation") and len(values) >= 2:
                _put_header(owner.headers, _text(values[0]), values[1], line, append=True)
            elif name == "Add" and values and owner.name:
                _put_header(owner.headers, owner.name, values[0], line, append=True)
            return None
        if isinstance(owner, Content) and owner.kind == "multipart" and isinstance(owner.value, Keyed):
            if name == "Add" and len(values) >= 2:
                part = values[0]
                if len(values) >= 3:
                    shown: Any = "@" + _text(values[2])   # a file part, as curl writes it
                else:
                    shown = part.value if isinstance(part, Content) else part
                owner.value.put(_text(values[1]), shown, line)
            return None
        if isinstance(owner, Message) and owner.rest:
            return self._rest_request_call(owner, name, values, line)
        if isinstance(owner, Client) and owner.rest or \
                (name in _REST_SEND and values and isinstance(values[0], Message) and values[0].rest):
            client = owner if isinstance(owner, Client) else Client(rest=True)
            if name in ("AddDefaultHeader", "AddDefaultHeaders") and len(values) >= 2:
                _put_header(client.headers, _text(values[0]), values[1], line)
            elif name in _REST_SEND and values and isinstance(values[0], Message):
                return self._send(client, values[0], _REST_SEND[name], node)
            return None
        if isinstance(owner, Response):
            if name == "EnsureSuccessStatusCode":
                owner.draft.expect_success(line)
            return owner if name in ("EnsureSuccessStatusCode", "ConfigureAwait") else None
        if name == "ConfigureAwait" or name == "ToString" and _known(owner):
            return owner
        if isinstance(owner, Client) or isinstance(owner, Unknown) and _HTTP_CLIENT_NAME.search(owner.source):
            client = owner if isinstance(owner, Client) else Client(rest=False)
            return self._http_call(client, name, values, args, node)
        return _unknown(self.short(node))

    def _rest_request_call(self, message: Message, name: str, values: list[Any], line: int) -> Any:
        first = values[0] if values else None
        second = values[1] if len(values) >= 2 else None
        if name in ("AddHeader", "AddOrUpdateHeader") and second is not None:
            _put_header(message.headers, _text(first), second, line)
        elif name in ("AddHeaders", "AddOrUpdateHeaders") and isinstance(first, Keyed):
            for key, value in first.items.items():
                _put_header(message.headers, key, value, first.lines.get(key, line))
        elif name in ("AddJsonBody", "AddBody"):
            message.content = Content("json", first, line, "application/json")
        elif name == "AddStringBody":
            media = _text(second) if second is not None else ""
            media = "application/json" if "json" in media.lower() else media
            message.content = Content("text", first, line, media, line)
        elif name == "AddParameter" and len(values) >= 2:
            third = _text(values[2]) if len(values) >= 3 else ""
            if "RequestBody" in third:
                message.content = Content("text", second, line, _text(first), line)
            elif "QueryString" in third:
                message.query.append((_text(first), second, line))
            elif "HttpHeader" in third:
                _put_header(message.headers, _text(first), second, line)
            else:
                if message.form is None:
                    message.form, message.form_line = Keyed(), line
                message.form.put(_text(first), second, line)
        elif name == "AddQueryParameter" and second is not None:
            message.query.append((_text(first), second, line))
        elif name == "AddUrlSegment" and second is not None:
            message.segments[_text(first)] = second
        return message

    def _http_call(self, client: Client, name: str, values: list[Any], args: list[Node],
                   node: Node) -> Any:
        line = self.line(node)
        if name in _SEND_MESSAGE and values and isinstance(values[0], Message):
            return self._send(client, values[0], "", node)
        verb = _SEND_URL.get(name) or _SEND_CONTENT.get(name) or _SEND_JSON.get(name)
        if verb is None or not values:
            return _unknown(self.short(node))
        message = Message(rest=False, line=line, method=verb, method_line=line,
                          url=values[0], url_line=self.line(args[0]))
        if name in _SEND_CONTENT and len(values) >= 2 and isinstance(values[1], Content):
            message.content = values[1]
        elif name in _SEND_JSON and len(values) >= 2:
            message.content = Content("json", values[1], self.line(args[1]), "application/json")
        return self._send(client, message, "", node)

    # -- sending ----------------------------------------------------------------

    def _send(self, client: Client, message: Message, verb: str, node: Node) -> Response:
        client_name = "restsharp" if message.rest else "httpclient"
        draft = RequestDraft(client=client_name, start=min(message.line, self.line(node)))
        method = verb or (message.method if isinstance(message.method, str) else
                          message.method.name if isinstance(message.method, Method) else "GET")
        draft.set_method(method, message.method_line or self.line(node))
        url = message.url
        for segment, value in message.segments.items():
            url = _text(url).replace("{" + segment + "}", _text(value))
        joined = _rest_join(client.base, url) if message.rest else _join(client.base, url)
        draft.set_url(_text(joined), message.url_line or self.line(node))
        for key, value, line in message.query:
            draft.add_query(key, _text(value), line)
        for header in client.headers + message.headers:
            self._header(draft, header)
        if message.content is not None:
            self._content(draft, message.content)
        elif message.form is not None:
            data, lines = keyed_data(message.form, _leaf)
            draft.set_body(data, "form", message.form_line, lines)
            draft.imply("Content-Type", "application/x-www-form-urlencoded")
        self.drafts.append((draft, node.end_point[0] + 1))
        return Response(draft)

    @staticmethod
    def _header(draft: RequestDraft, header: Header) -> None:
        value = header.value
        if isinstance(value, tuple) and value and value[0] == "auth":
            draft.set_header("Authorization", value[1], header.line)
            return
        if header.name.lower() == "authorization" and isinstance(value, str) \
                and value.lower().startswith("basic "):
            draft.set_auth("basic", header.line)
        draft.set_header(header.name, _text(value), header.line)

    def _content(self, draft: RequestDraft, content: Content) -> None:
        for header in content.headers:
            self._header(draft, header)
        media = content.media.split(";")[0].strip()
        value = content.value
        if content.kind == "json" or isinstance(value, JsonOf):
            data_value = value.value if isinstance(value, JsonOf) else value
            data, lines = keyed_data(data_value, _leaf)
            if isinstance(data_value, (str, Unknown)) and isinstance(data, str):
                draft.set_body_text(data, self._line_at(data, content.line), "application/json")
            else:
                draft.set_body(data, "json", content.line, lines)
            if content.kind == "json":
                draft.imply("Content-Type", media or "application/json")
            elif media:
                draft.set_header("Content-Type", media, content.line)
            return
        if content.kind in ("form", "multipart"):
            data, lines = keyed_data(value, _leaf)
            draft.set_body(data if isinstance(data, dict) else {}, content.kind, content.line, lines)
            draft.imply("Content-Type", "application/x-www-form-urlencoded" if content.kind == "form"
                        else "multipart/form-data")
            return
        text = _text(value)
        draft.set_body_text(text, self._line_at(text, content.text_line or content.line), media)
        if media and content.implied:
            draft.imply("Content-Type", media)
        elif media:
            draft.set_header("Content-Type", media, content.line)

    def _line_at(self, text: str, fallback: int) -> Callable[[int], int]:
        """Where an offset of a body text is in the sample: in the literal it was written as."""
        first = self.origins.get(text, fallback)
        return lambda offset: first + text.count("\n", 0, offset)

    # -- status checks ------------------------------------------------------------

    def _status_check(self, node: Node) -> None:
        operator = node.child_by_field_name("operator")
        if operator is None or self.text(operator) not in ("==", "!="):
            return
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        for side, other in ((left, right), (right, left)):
            target = _status_target(side, self.text)
            if target is not None and other is not None:
                spelling, line = self.text(other), self.line(node)
                self._attach(target, lambda draft: draft.expect(spelling, line))  # noqa: B023 -- used at once
                return

    def _status_switch(self, node: Node) -> None:
        """`switch (response.StatusCode) { case HttpStatusCode.Created: ... }`: each case below 400."""
        target = _status_target(node.child_by_field_name("value"), self.text)
        body = node.child_by_field_name("body")
        if target is None or body is None:
            return
        for section in body.named_children:
            for label in section.named_children:
                if label.type != "constant_pattern" or not label.named_children:
                    continue
                value = label.named_children[0]
                if value.type == "cast_expression":   # `(HttpStatusCode)202`
                    value = value.child_by_field_name("value") or value
                spelling, line = self.text(value), self.line(label)
                self._attach(target, lambda draft: draft.expect(spelling, line))  # noqa: B023 -- used at once

    def _attach(self, target: Node, act: Callable[[RequestDraft], Any]) -> None:
        owner = self.value(target)
        if isinstance(owner, Response):
            act(owner.draft)
        elif isinstance(owner, Unknown) and self.drafts:
            act(self.drafts[-1][0])


# --------------------------------------------------------------------------- helpers


def _after_equals(declarator: Node) -> Node | None:
    seen = False
    for child in declarator.children:
        if seen and child.is_named:
            return child
        seen = seen or child.type == "="
    return None


def _arguments(call: Node) -> list[Node]:
    args = call.child_by_field_name("arguments")
    if args is None:
        return []
    return [a.named_children[-1] for a in args.named_children
            if a.type == "argument" and a.named_children]


def _type_name(text: str) -> str:
    """`System.Net.Http.HttpClient` -> HttpClient; `Dictionary<string, object>` -> Dictionary."""
    return text.split("<", 1)[0].strip().rsplit(".", 1)[-1]


def _status_target(node: Node | None, text: Callable[[Node], str]) -> Node | None:
    """The response of `response.StatusCode` / `(int)response.StatusCode`."""
    while node is not None and node.type in ("cast_expression", "parenthesized_expression"):
        node = node.child_by_field_name("value") if node.type == "cast_expression" \
            else (node.named_children[0] if node.named_children else None)
    if node is None or node.type != "member_access_expression":
        return None
    name = node.child_by_field_name("name")
    if name is None or text(name) != "StatusCode":
        return None
    return node.child_by_field_name("expression")


def _put_header(headers: list[Header], name: str, value: Any, line: int, append: bool = False) -> None:
    """A header set; `Add` of one already there sends both values, joined by a comma."""
    for header in headers:
        if header.name.lower() == name.lower():
            header.value = f"{_text(header.value)}, {_text(value)}" if append else value
            header.line = line
            return
    headers.append(Header(name, value, line))


def _authenticator(headers: list[Header], value: Any, line: int) -> None:
    if isinstance(value, tuple) and value and value[0] == "auth":
        _put_header(headers, "Authorization", value, line)


def _header_name(member: str) -> str:
    return {"Accept": "Accept", "UserAgent": "User-Agent", "AcceptLanguage": "Accept-Language",
            "AcceptEncoding": "Accept-Encoding", "CacheControl": "Cache-Control"}.get(member, member)


def _method(value: Any) -> Any:
    if isinstance(value, Method):
        return value.name
    return value.upper() if isinstance(value, str) else _text(value)


def _plus(left: Any, right: Any) -> Any:
    return treesit.plus(left, right, _text, _unknown("..."))


def _join(base: Any, url: Any) -> Any:
    """A request URI resolved against `BaseAddress`, as `Uri` resolves it."""
    if base in ("", None):
        return url
    base_text, url_text = _text(base), _text(url)
    if re.match(r"^[a-zA-Z][\w+.-]*://", url_text):
        return url_text
    if not re.match(r"^[a-zA-Z][\w+.-]*://[^/]", base_text):
        return base_text.rstrip("/") + "/" + url_text.lstrip("/")
    return resolve_url(base_text, url_text)


def _rest_join(base: Any, resource: Any) -> Any:
    """RestSharp appends the resource to the base URL's path."""
    if base in ("", None):
        return resource
    resource_text = _text(resource)
    if re.match(r"^[a-zA-Z][\w+.-]*://", resource_text) or not resource_text:
        return resource_text or _text(base)
    return _text(base).rstrip("/") + "/" + resource_text.lstrip("/")


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'",
            "a": "\a", "b": "\b", "f": "\f", "v": "\v", "e": "\x1b"}


def _unescape(seq: str) -> str:
    if len(seq) >= 2 and seq[1] in _ESCAPES:
        return _ESCAPES[seq[1]]
    if len(seq) > 2 and seq[1] in "uUx":
        try:
            digits = seq[2:]
            code = int(digits, 16)
            return chr(code) if code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"
        except ValueError:
            return seq
    return seq


_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{1,4}|.)")


def _unescape_all(text: str) -> str:
    return _ESCAPE.sub(lambda m: _unescape(m.group(0)), text)


def _raw(content: str) -> str:
    """A raw string literal's text: on lines of its own it loses its first and
    last line breaks and the closing line's indentation."""
    if "\n" not in content:
        return content
    body = content.split("\n")
    if body[0].strip() == "":
        body = body[1:]
    if body and body[-1].strip() == "":
        body = body[:-1]
    return textwrap.dedent("\n".join(body))


class CSharpExtractor:
    """HttpClient and RestSharp requests from C# samples."""

    languages = frozenset({"csharp"})

    def extract(self, code: str) -> Extraction:
        """The requests `code` sends. Never raises."""
        return guarded(self._extract, code)

    @staticmethod
    def _extract(code: str) -> Extraction:
        return Reader(code).extraction("C#")
