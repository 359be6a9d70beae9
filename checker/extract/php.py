"""The PHP extractor: Guzzle and ext-curl requests of a PHP sample.

The sample is parsed with tree-sitter-php (`language_php`, which wants a
`<?php` opener: a sample without one, as docs often write it, is read with
`<?php` put before it and its lines shifted back). Never run. What it reads:

* Guzzle: `new Client([...])` (`base_uri`, `headers`, `auth`, `query` as
  defaults), `$client->request('POST', $url, [...])`, `$client->post/get/put/
  patch/delete/head/options($url, [...])` and their `...Async` forms; options
  `headers`, `json` (implies `Content-Type: application/json`), `form_params`
  (implies the form type), `multipart`, `body` (text, or `json_encode(...)`),
  `query`, `auth` (`[user, pass, 'digest']`); `$response->getStatusCode()`.
* ext-curl: `curl_init($url)`, `curl_setopt($ch, CURLOPT_..., ...)` and
  `curl_setopt_array($ch, [...])` with `CURLOPT_URL`, `CURLOPT_POST`,
  `CURLOPT_CUSTOMREQUEST`, `CURLOPT_PUT`, `CURLOPT_HTTPGET`, `CURLOPT_NOBODY`,
  `CURLOPT_HTTPHEADER`, `CURLOPT_POSTFIELDS` (text, `json_encode`,
  `http_build_query`, or an array: multipart, as curl sends it),
  `CURLOPT_USERPWD`/`CURLOPT_HTTPAUTH`, `CURLOPT_XOAUTH2_BEARER`,
  `CURLOPT_COOKIE`, `CURLOPT_USERAGENT`, `CURLOPT_REFERER`;
  `curl_getinfo($ch, CURLINFO_HTTP_CODE)` (or `CURLINFO_RESPONSE_CODE`).
* Values: strings with their escapes, `"Bearer $token"` / `"{$x['k']}"`
  interpolation, heredoc/nowdoc, `.` and `.=`, arrays (`[...]`, `array(...)`,
  `$a['k'] = v`, `$a[] = v`), `json_encode`, `http_build_query`, `sprintf`
  (`%s`, `%d`), `implode`, `getenv('X')` / `$_ENV['X']` / `$_SERVER['X']`
  (-> `${X}`), `??` / `?:` defaults; any other value is `${<as written>}`.
* Status checks: `==`, `===`, `!=`, `!==` of a status against a number (or
  `Response::HTTP_CREATED`), `in_array($status, [200, 201])`, and
  `>= 200` / `< 300` (-> "2xx").

* PSR-7: `new Request('POST', $url, $headers, $body)` sent by
  `$client->send($request, [...])`; `RequestOptions::JSON` and the other
  option constants as their keys.

Left alone: Symfony's
and Laravel's HTTP clients, functions' bodies per call (a function body is
read once, in place), loops (read once). A sample that does not parse gets
`error` and `error_line` (the first error); requests in the parts that parsed
are still returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl

from tree_sitter import Node

from checker.extract.base import Extraction, guarded
from checker.extract.http import RequestDraft
from checker.extract.treesit import (
    Response,
    Status,
    decode_escape,
    format_verbs,
    join_url,
    lazy_parser,
)
from checker.extract.treesit import text as source
from checker.extract.treevalues import (
    Val,
    Walker,
    concat,
    extraction,
    set_body,
    text,
    to_data,
    unknown,
)

_parser = lazy_parser("tree_sitter_php", "language_php")


_GUZZLE_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})
_ENV_ARRAYS = frozenset({"_ENV", "_SERVER"})
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "e": "\x1b", "f": "\f", "\\": "\\",
            "$": "$", '"': '"', "0": "\0"}
_AUTH_CONSTANTS = {"CURLAUTH_BASIC": "basic", "CURLAUTH_DIGEST": "digest", "CURLAUTH_NTLM": "ntlm",
                   "CURLAUTH_BEARER": "bearer", "CURLAUTH_ANY": "any", "CURLAUTH_ANYSAFE": "any",
                   "CURLAUTH_NEGOTIATE": "negotiate", "CURLAUTH_GSSNEGOTIATE": "negotiate"}
_CALLS = frozenset({"function_call_expression", "member_call_expression",
                    "nullsafe_member_call_expression", "object_creation_expression",
                    "assignment_expression", "augmented_assignment_expression",
                    "scoped_call_expression"})
_FORM_TYPE = "application/x-www-form-urlencoded"


@dataclass
class _Guzzle:
    """A Guzzle client and the defaults it was made with."""

    options: dict[str, Val] = field(default_factory=dict)


@dataclass
class _Curl:
    """An ext-curl handle: the request it is being set up to send."""

    draft: RequestDraft
    custom_method: bool = False


@dataclass
class _Psr7:
    """A PSR-7 `new Request('POST', $url, $headers, $body)`, for `$client->send()`."""

    node: Node
    args: list[Val]


class PhpExtractor:
    """Guzzle and ext-curl requests from PHP samples."""

    languages = frozenset({"php"})

    def extract(self, code: str) -> Extraction:
        """The requests `code` sends. Never raises."""
        return guarded(extract_php, code)


_OPENER = re.compile(r"^\s*<\?(?:php\b|=)|^<\?php\b", re.MULTILINE)


def extract_php(code: str) -> Extraction:
    shift = 0
    if not _OPENER.search(code):
        code, shift = "<?php\n" + code, 1   # docs often leave the opener out
    tree = _parser().parse(code.encode("utf-8", "surrogatepass"))
    return extraction(_PhpWalker(shift), tree.root_node, "PHP")


class _PhpWalker(Walker):
    calls = _CALLS

    def statement(self, node: Node) -> None:
        if node.type in _CALLS:
            self.eval(node)
        elif node.type == "binary_expression":
            self._compare(node)

    # -- values -------------------------------------------------------------

    def _other(self, node: Node, depth: int) -> Val:
        kind, line = node.type, self.line(node)
        if kind in ("integer", "float"):
            return Val(_number(source(node)), line)
        if kind == "boolean":
            return Val(source(node).lower() == "true", line)
        if kind == "null":
            return Val(None, line)
        if kind in ("parenthesized_expression", "argument", "cast_expression") and node.named_children:
            return self.eval(node.named_children[-1], depth + 1)
        return unknown(source(node), line)

    def _v_string(self, node: Node, depth: int) -> Val:
        parts = []
        for child in node.children:
            if child.type == "string_content":
                parts.append(source(child))
            elif child.type == "escape_sequence":
                parts.append(source(child)[1:])   # `\'` and `\\` in single quotes
        return self.literal_text(node, "".join(parts))

    def _v_encapsed_string(self, node: Node, depth: int) -> Val:
        parts, known = [], True
        for child in node.named_children:
            if child.type == "string_content":
                parts.append(source(child))
            elif child.type == "escape_sequence":
                parts.append(_escape(source(child)))
            else:
                value = self.eval(child, depth)
                known = known and value.known
                parts.append(text(value))
        value = self.literal_text(node, "".join(parts))
        value.known = known
        return value

    def _v_heredoc(self, node: Node, depth: int) -> Val:
        body = node.child_by_field_name("value")
        if body is None or not body.children:
            return Val("", self.line(node))
        # The text between the parts (its line breaks) belongs to the string too.
        raw, base = body.text or b"", body.start_byte
        pos, parts, known = body.children[0].start_byte, [], True
        for child in body.children:
            parts.append(raw[pos - base:child.start_byte - base].decode("utf-8", "replace"))
            if child.type == "escape_sequence":
                parts.append(_escape(source(child)))
            elif not child.is_named and child.type in ("{", "}"):
                pass   # the braces of `{$x}`; a literal brace is string_content
            elif child.is_named and child.type != "string_content":
                value = self.eval(child, depth)
                known = known and value.known
                parts.append(text(value))
            else:
                parts.append(source(child))
            pos = child.end_byte
        value = self.literal_text(body, "".join(parts), self.line(body.children[0]))
        value.known = known
        return value

    def _v_nowdoc(self, node: Node, depth: int) -> Val:
        body = node.child_by_field_name("value")
        return self.literal_text(body, source(body)) if body else Val("", self.line(node))

    def _v_variable_name(self, node: Node, depth: int) -> Val:
        name = source(node).lstrip("$")
        if name in self.env:
            return self.env[name]
        return Val(f"${{{name}}}", self.line(node), known=False)

    def _v_subscript_expression(self, node: Node, depth: int) -> Val:
        children = node.named_children
        if len(children) < 2:
            return unknown(source(node), self.line(node))
        base, index = children[0], self.eval(children[1], depth)
        if base.type == "variable_name" and source(base).lstrip("$") in _ENV_ARRAYS:
            return Val(f"${{{text(index)}}}", self.line(node), known=False)
        container = self.eval(base, depth)
        if isinstance(container.data, dict) and text(index) in container.data:
            return container.data[text(index)]
        if isinstance(container.data, list) and isinstance(index.data, int) \
                and 0 <= index.data < len(container.data):
            return container.data[index.data]
        return unknown(source(node), self.line(node))

    def _v_array_creation_expression(self, node: Node, depth: int) -> Val:
        items: dict[str, Val] = {}
        auto, listed = 0, True
        for element in node.named_children:
            if element.type != "array_element_initializer":
                continue
            parts = element.named_children
            if parts and parts[0].type == "variadic_unpacking":
                spread = self.eval(parts[0].named_children[-1], depth) if parts[0].named_children else None
                if spread is not None and isinstance(spread.data, dict):
                    listed = False
                    items.update(spread.data)
                elif spread is not None and isinstance(spread.data, list):
                    for item in spread.data:
                        items[str(auto)], auto = item, auto + 1
                continue
            keyed = any(child.type == "=>" for child in element.children)
            if keyed and len(parts) >= 2:
                key = text(self.eval(parts[0], depth))
                items[key] = replace(self.eval(parts[-1], depth), line=self.line(element))
                listed = False
            elif parts:
                items[str(auto)], auto = self.eval(parts[-1], depth), auto + 1
        if listed:
            return Val(list(items.values()), self.line(node))
        return Val(items, self.line(node))

    def _v_binary_expression(self, node: Node, depth: int) -> Val:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        operator = node.child_by_field_name("operator")
        if left is None or right is None or operator is None:
            return unknown(source(node), self.line(node))
        op = source(operator)
        if op == ".":
            first, second = self.eval(left, depth), self.eval(right, depth)
            return concat(first, second, self.line(node))
        if op == "??":
            first = self.eval(left, depth)
            return self.or_default(first, right, depth)
        return unknown(source(node), self.line(node))

    def _v_conditional_expression(self, node: Node, depth: int) -> Val:
        # `getenv('X') ?: 'default'`: the written default is what a reader runs.
        children = node.named_children
        if len(children) == 2:
            first = self.eval(children[0], depth)
            return self.or_default(first, children[1], depth)
        return unknown(source(node), self.line(node))

    _v_assignment_expression = Walker.assignment

    def _v_augmented_assignment_expression(self, node: Node, depth: int) -> Val:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        operator = node.child_by_field_name("operator")
        if left is None or right is None or operator is None or source(operator) != ".=":
            return unknown(source(node), self.line(node))
        first, second = self.eval(left, depth), self.eval(right, depth)
        value = concat(first, second, first.line)
        self._assign(left, value, depth)
        return value

    def _assign(self, target: Node, value: Val, depth: int) -> None:
        if target.type == "variable_name":
            self.env[source(target).lstrip("$")] = value
            return
        if target.type != "subscript_expression" or not target.named_children:
            return
        # `$data['k'] = v`, `$headers[] = 'X: y'`: the array grows in place.
        base = target.named_children[0]
        container = self.eval(base, depth)
        if not isinstance(container.data, (dict, list)):
            container = Val([] if len(target.named_children) == 1 else {}, value.line)
            if base.type == "variable_name":
                self.env[source(base).lstrip("$")] = container
        if len(target.named_children) == 1:
            if isinstance(container.data, list):
                container.data.append(value)
            else:
                container.data[str(len(container.data))] = value
            return
        key = text(self.eval(target.named_children[1], depth))
        if isinstance(container.data, list):
            container.data = {str(i): item for i, item in enumerate(container.data)}
        container.data[key] = value

    # -- calls --------------------------------------------------------------

    def _args(self, node: Node, depth: int) -> list[Val]:
        arguments = node.child_by_field_name("arguments")
        if arguments is None:
            arguments = next((c for c in node.named_children if c.type == "arguments"), None)
        if arguments is None:
            return []
        return [self.eval(arg, depth) for arg in arguments.named_children if arg.type == "argument"]

    def _arg_nodes(self, node: Node) -> list[Node]:
        arguments = node.child_by_field_name("arguments")
        if arguments is None:
            return []
        return [arg.named_children[-1] for arg in arguments.named_children
                if arg.type == "argument" and arg.named_children]

    def _v_function_call_expression(self, node: Node, depth: int) -> Val:
        function = node.child_by_field_name("function")
        name = source(function).lstrip("\\").lower() if function is not None else ""
        line = self.line(node)
        handler = getattr(self, f"_f_{name}", None)
        if handler is not None:
            result: Val | None = handler(node, depth)
            if result is not None:
                return result
        args = self._args(node, depth)
        if name == "getenv" and args:
            return Val(f"${{{text(args[0])}}}", line, known=False)
        if name == "json_encode" and args and isinstance(args[0].data, (dict, list)):
            return Val(args[0].data, args[0].line, kind="json")
        if name == "http_build_query" and args and isinstance(args[0].data, dict):
            return Val(args[0].data, args[0].line, kind="form")
        if name == "sprintf" and args and args[0].known:
            return _sprintf(args, line)
        if name in ("implode", "join") and len(args) == 2 and isinstance(args[1].data, list):
            return Val(text(args[0]).join(text(item) for item in args[1].data), line,
                       known=all(item.known for item in args[1].data))
        if name in ("strval", "trim") and args:
            return Val(text(args[0]).strip() if name == "trim" else text(args[0]), line,
                       known=args[0].known)
        return unknown(source(node), line)

    def _f_curl_init(self, node: Node, depth: int) -> Val:
        handle = _Curl(self.draft("curl", node))
        args = self._args(node, depth)
        if args:
            handle.draft.set_url(text(args[0]), args[0].line)
        return Val(handle, self.line(node))

    def _handle(self, node: Node, depth: int) -> tuple[_Curl | None, list[Node]]:
        nodes = self._arg_nodes(node)
        if not nodes:
            return None, nodes
        value = self.eval(nodes[0], depth)
        handle = value.data if isinstance(value.data, _Curl) else None
        if handle is not None:
            self.reach(handle.draft, node)
        return handle, nodes

    def _f_curl_setopt(self, node: Node, depth: int) -> Val | None:
        handle, nodes = self._handle(node, depth)
        if handle is not None and len(nodes) >= 3:
            self._setopt(handle, source(nodes[1]).lstrip("\\"), self.eval(nodes[2], depth))
        return Val(True, self.line(node))

    def _f_curl_setopt_array(self, node: Node, depth: int) -> Val | None:
        handle, nodes = self._handle(node, depth)
        if handle is None or len(nodes) < 2 or nodes[1].type != "array_creation_expression":
            return Val(True, self.line(node))
        for element in nodes[1].named_children:
            parts = element.named_children
            if element.type == "array_element_initializer" and len(parts) >= 2:
                self._setopt(handle, source(parts[0]).lstrip("\\"), self.eval(parts[-1], depth))
        return Val(True, self.line(node))

    def _f_curl_exec(self, node: Node, depth: int) -> Val | None:
        handle, _ = self._handle(node, depth)
        return Val(Response(handle.draft), self.line(node)) if handle else None

    def _f_curl_getinfo(self, node: Node, depth: int) -> Val | None:
        handle, nodes = self._handle(node, depth)
        if handle is None or len(nodes) < 2:
            return None
        if source(nodes[1]).lstrip("\\") in ("CURLINFO_HTTP_CODE", "CURLINFO_RESPONSE_CODE"):
            return Val(Status(handle.draft), self.line(node))
        return None

    def _f_in_array(self, node: Node, depth: int) -> Val | None:
        nodes = self._arg_nodes(node)
        if len(nodes) >= 2:
            subject = self.eval(nodes[0], depth)
            if isinstance(subject.data, Status) and nodes[1].type == "array_creation_expression":
                for element in nodes[1].named_children:
                    if element.named_children:
                        subject.data.draft.expect(_spelling(element.named_children[-1]),
                                                  self.line(element))
        return None

    def _setopt(self, handle: _Curl, option: str, value: Val) -> None:
        draft, line = handle.draft, value.line
        if option == "CURLOPT_URL":
            draft.set_url(text(value), line)
        elif option == "CURLOPT_CUSTOMREQUEST":
            draft.set_method(text(value), line)
            handle.custom_method = True
        elif option in ("CURLOPT_POST", "CURLOPT_PUT", "CURLOPT_HTTPGET", "CURLOPT_NOBODY"):
            if value.data and not handle.custom_method:
                verb = {"CURLOPT_POST": "POST", "CURLOPT_PUT": "PUT", "CURLOPT_HTTPGET": "GET",
                        "CURLOPT_NOBODY": "HEAD"}[option]
                draft.set_method(verb, line)
        elif option == "CURLOPT_HTTPHEADER" and isinstance(value.data, list):
            for item in value.data:
                name, colon, header = text(item).partition(":")
                if colon and name.strip():
                    draft.set_header(name.strip(), header.strip(), item.line)
        elif option == "CURLOPT_POSTFIELDS":
            if not handle.custom_method and "method" not in draft.lines:
                draft.set_method("POST", line)   # curl posts what it is given
            set_body(draft, value, "multipart" if not value.kind else None)
        elif option == "CURLOPT_USERPWD":
            draft.set_auth(draft.auth or "basic", line)
        elif option == "CURLOPT_HTTPAUTH":
            draft.set_auth(_AUTH_CONSTANTS.get(source_text(value), "basic"), line)
        elif option == "CURLOPT_XOAUTH2_BEARER":
            draft.set_bearer(text(value), line)
        elif option == "CURLOPT_COOKIE":
            draft.add_cookies(text(value), lambda _offset: line)
        elif option in ("CURLOPT_USERAGENT", "CURLOPT_REFERER"):
            draft.set_header("User-Agent" if option == "CURLOPT_USERAGENT" else "Referer", text(value), line)

    def _v_object_creation_expression(self, node: Node, depth: int) -> Val:
        named = [c for c in node.named_children if c.type in ("name", "qualified_name")]
        class_name = source(named[0]).lstrip("\\") if named else ""
        if class_name.rsplit("\\", 1)[-1] == "Request" and (class_name == "Request" or "Psr7" in class_name):
            return Val(_Psr7(node, self._args(node, depth)), self.line(node))
        if class_name.rsplit("\\", 1)[-1] == "Client" and "Psr" not in class_name:
            args = self._args(node, depth)
            options = args[0].data if args and isinstance(args[0].data, dict) else {}
            return Val(_Guzzle(dict(options)), self.line(node))
        return unknown(source(node), self.line(node))

    def _v_member_call_expression(self, node: Node, depth: int) -> Val:
        target, name_node = node.child_by_field_name("object"), node.child_by_field_name("name")
        if target is None or name_node is None:
            return unknown(source(node), self.line(node))
        subject, method = self.eval(target, depth), source(name_node)
        verb = method.removesuffix("Async")
        if (verb == "request" or verb.lower() in _GUZZLE_VERBS) and (
                isinstance(subject.data, _Guzzle) or _client_named(target, subject)):
            client = subject.data if isinstance(subject.data, _Guzzle) else _Guzzle()
            return self._guzzle(client, verb, node, depth)
        if verb == "send" and (isinstance(subject.data, _Guzzle) or _client_named(target, subject)):
            args = self._args(node, depth)
            if args and isinstance(args[0].data, _Psr7):
                client = subject.data if isinstance(subject.data, _Guzzle) else _Guzzle()
                return self._send(client, args[0].data, args[1:], node)
        if isinstance(subject.data, Response):
            if method == "getStatusCode":
                return Val(Status(subject.data.draft), self.line(node))
            if method == "wait":
                return subject
        return unknown(source(node), self.line(node))

    _v_nullsafe_member_call_expression = _v_member_call_expression

    def _guzzle(self, client: _Guzzle, verb: str, node: Node, depth: int) -> Val:
        args = self._args(node, depth)
        draft = self.draft("guzzle", node)
        if verb == "request":
            method, args = (args[0] if args else Val("GET", self.line(node))), args[1:]
            draft.set_method(text(method), method.line)
        else:
            draft.set_method(verb.upper(), self.line(node))
        base = client.options.get("base_uri")
        url = args[0] if args else Val("", self.line(node))
        draft.set_url(join_url(text(base) if base else "", text(url)), url.line)
        options = args[1].data if len(args) > 1 and isinstance(args[1].data, dict) else {}
        _apply_options(draft, {k: v for k, v in client.options.items() if k != "base_uri"})
        _apply_options(draft, options)
        return Val(Response(draft), self.line(node))

    def _send(self, client: _Guzzle, message: _Psr7, rest: list[Val], node: Node) -> Val:
        """`$client->send(new Request('POST', $url, $headers, $body), $options)`."""
        args = message.args
        draft = self.draft("guzzle", message.node)
        self.reach(draft, node)
        method = args[0] if args else Val("GET", self.line(message.node))
        draft.set_method(text(method), method.line)
        base = client.options.get("base_uri")
        url = args[1] if len(args) > 1 else Val("", self.line(message.node))
        draft.set_url(join_url(text(base) if base else "", text(url)), url.line)
        _apply_options(draft, {k: v for k, v in client.options.items() if k != "base_uri"})
        written: dict[str, Val] = {}
        if len(args) > 2 and isinstance(args[2].data, dict):
            written["headers"] = args[2]
        if len(args) > 3:
            written["body"] = args[3]
        _apply_options(draft, written)
        if rest and isinstance(rest[0].data, dict):
            _apply_options(draft, rest[0].data)
        return Val(Response(draft), self.line(node))

    def _v_class_constant_access_expression(self, node: Node, depth: int) -> Val:
        # Guzzle's `RequestOptions::JSON` is the option key `'json'`.
        parts = [source(child) for child in node.named_children]
        if len(parts) == 2 and parts[0].lstrip("\\").endswith("RequestOptions"):
            return Val(parts[1].lower(), self.line(node))
        return unknown(source(node), self.line(node))

    # -- status checks --------------------------------------------------------

    def _compare(self, node: Node) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        operator = node.child_by_field_name("operator")
        if left is None or right is None or operator is None:
            return
        op = source(operator)
        if op not in ("==", "===", "!=", "!==", ">=", ">", "<", "<="):
            return
        for subject, other in ((left, right), (right, left)):
            value = self.eval(subject)
            if not isinstance(value.data, Status):
                continue
            spelling = _spelling(other)
            if op in ("==", "===", "!=", "!=="):
                value.data.draft.expect(spelling, self.line(node))
            elif _range_bound(op if subject is left else _flip(op), spelling):
                value.data.draft.expect_success(self.line(node))
            return


def _client_named(target: Node, subject: Val) -> bool:
    """`$client->post(...)` where the sample never shows `$client` made: a
    snippet of a Guzzle page (a variable named for a client, or `$this->client`)."""
    return not subject.known and "client" in source(target).lower()


def _apply_options(draft: RequestDraft, options: dict[str, Val]) -> None:
    """Guzzle request options, headers first (a text body reads by its type)."""
    headers = options.get("headers")
    if headers is not None and isinstance(headers.data, dict):
        for name, value in headers.data.items():
            shown = ", ".join(text(v) for v in value.data) if isinstance(value.data, list) else text(value)
            draft.set_header(name, shown, value.line)
    for key, value in options.items():
        if key == "json":
            set_body(draft, value, "json")
            draft.imply("Content-Type", "application/json")
        elif key == "form_params":
            set_body(draft, value, "form")
            draft.imply("Content-Type", _FORM_TYPE)
        elif key == "multipart" and isinstance(value.data, list):
            _multipart(draft, value)
        elif key == "body":
            set_body(draft, value)
        elif key == "query":
            _query(draft, value)
        elif key == "auth" and isinstance(value.data, list):
            scheme = text(value.data[2]).lower() if len(value.data) > 2 else "basic"
            draft.set_auth(scheme, value.line)


def _multipart(draft: RequestDraft, value: Val) -> None:
    parts: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for part in value.data:
        if isinstance(part.data, dict) and "name" in part.data:
            name = text(part.data["name"])
            contents = part.data.get("contents")
            parts[name] = to_data(contents) if contents is not None else ""
            lines[name] = part.line
    draft.set_body(parts, "multipart", value.line, lines)


def _query(draft: RequestDraft, value: Val) -> None:
    if isinstance(value.data, dict):
        for key, item in value.data.items():
            draft.add_query(key, to_data(item), item.line)
    elif isinstance(value.data, str):
        for key, item in parse_qsl(value.data, keep_blank_values=True):   # as split_url reads a query
            draft.add_query(key, item, value.line)


def _spelling(node: Node) -> str:
    """How a status is written: `201`, `'201'`, `Response::HTTP_CREATED`."""
    written = source(node).strip()
    return written.strip("'\"") if node.type in ("string", "encapsed_string") else written


def _range_bound(op: str, spelling: str) -> bool:
    """`>= 200`, `> 199`, `< 300`, `<= 299`: one bound of the success range."""
    return (op, spelling) in {(">=", "200"), (">", "199"), ("<", "300"), ("<=", "299")}


def _flip(op: str) -> str:
    return {">=": "<=", "<=": ">=", ">": "<", "<": ">"}.get(op, op)


def source_text(value: Val) -> str:
    """The constant a value names (`CURLAUTH_DIGEST`), unknown values included."""
    written = text(value)
    return written[2:-1] if written.startswith("${") and written.endswith("}") else written


def _number(written: str) -> int | float:
    cleaned = written.replace("_", "")
    try:
        return int(cleaned, 0)
    except ValueError:
        try:
            return float(cleaned)
        except ValueError:
            return 0


_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{1,2})|u\{([0-9A-Fa-f]+)\}|([0-7]{1,3})|(.))", re.DOTALL)


def _escape(written: str) -> str:
    """One escape sequence of a double-quoted PHP string."""
    return decode_escape(written, _ESCAPE, _ESCAPES)


_SPRINTF = re.compile(r"%(?:%|[-+ 0]*\d*(?:\.\d+)?[sdfu])")


def _sprintf(args: list[Val], line: int) -> Val:
    filled, taken, complete = format_verbs(text(args[0]), args[1:], text, _SPRINTF)
    return Val(filled, line, known=complete and all(item.known for item in args[1:1 + taken]))
