"""The Ruby extractor: Net::HTTP and Faraday requests of a Ruby sample.

The sample is parsed with tree-sitter-ruby, never run. What it reads:

* Net::HTTP: `uri = URI('...')` / `URI.parse(...)` / `URI.join(a, b)`,
  `Net::HTTP::Post.new(uri)` (or `uri.path`, `uri.request_uri`, a path string,
  with an initheader hash; every verb class), `req['Name'] = v`,
  `req.add_field`, `req.content_type =`, `req.basic_auth`, `req.body = ...`
  (`{...}.to_json`, `JSON.generate/dump/pretty_generate(...)`, a string),
  `req.set_form_data(...)` / `req.form_data =`; sent by `http.request(req)`
  anywhere, `Net::HTTP.start(...) { |http| ... }` included (a request of a
  bare path takes the host `start` names); `Net::HTTP.post(uri, body,
  headers)`, `Net::HTTP.post_form(uri, hash)`, `Net::HTTP.get(_response)(uri)`.
* Faraday: `Faraday.new(url:, headers:, params:)` (or a URL string) and its
  block (`f.request :json`, `f.headers[...] =`, `f.request :authorization,
  'Bearer', token`), `conn.headers[...] =`, `conn.post/put/patch(path, body,
  headers)`, `conn.get/delete/head(path, params, headers)` (and `Faraday.post(url, ...)`)
  and their block
  (`req.url`, `req.headers[...] =`, `req.params[...] =`, `req.body =`); a hash
  body is JSON under `request :json`, a form otherwise (as Faraday sends it).
* Values: strings with escapes and `#{...}`, heredocs (`<<~JSON`), `+` and `<<` of strings, symbols,
  hashes (`k: v`, `'k' => v`, `**h`), arrays, `ENV['X']` / `ENV.fetch('X')`
  (-> `${X}`; a written default wins), `||` defaults, `format`, `to_s`;
  any other value is `${<as written>}`.
* Status checks: `res.code == '201'` (`.to_i` too), `response.status == 201`,
  `!=`, `res.is_a?(Net::HTTPSuccess)` / `kind_of?` / `case res when
  Net::HTTPCreated`, `response.success?` (-> "2xx").

Left alone: other clients (HTTParty, RestClient, Typhoeus), method bodies per
call (a `def` body is read once, in place), loops (read once). A
sample that does not parse gets `error` and `error_line` (the first error);
requests in the parts that parsed are still returned.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field, replace

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
    walk,
)
from checker.extract.treesit import text as source
from checker.extract.treevalues import (
    Val,
    Walker,
    concat,
    extraction,
    key_of,
    set_body,
    text,
    text_line_at,
    to_data,
    unknown,
)

_parser = lazy_parser("tree_sitter_ruby")


_NET_VERBS = {"Get": "GET", "Post": "POST", "Put": "PUT", "Patch": "PATCH", "Delete": "DELETE",
              "Head": "HEAD", "Options": "OPTIONS"}
_FARADAY_BODY_VERBS = frozenset({"post", "put", "patch"})
_FARADAY_QUERY_VERBS = frozenset({"get", "delete", "head", "options"})
_JSON_WRITERS = frozenset({"generate", "dump", "pretty_generate", "fast_generate"})
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "s": " ", "e": "\x1b", "0": "\0", "\\": "\\",
            '"': '"', "#": "#", "'": "'", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_FORM_TYPE = "application/x-www-form-urlencoded"
_STATEMENTS = frozenset({"assignment", "operator_assignment", "call", "case"})


@dataclass
class _Uri:
    url: str


@dataclass
class _NetRequest:
    """A `Net::HTTP::Post.new(...)`: the request it builds."""

    draft: RequestDraft


@dataclass
class _Faraday:
    """A Faraday connection and its defaults."""

    url: str = ""
    headers: dict[str, Val] = field(default_factory=dict)
    params: dict[str, Val] = field(default_factory=dict)
    json: bool = False


@dataclass
class _FaradayRequest:
    """The `req` of `conn.post(...) do |req| ... end`."""

    draft: RequestDraft
    conn: _Faraday


@dataclass
class _Headers:
    """`req.headers` / `conn.headers`: what `[...] =` sets."""

    owner: RequestDraft | _Faraday


@dataclass
class _Params:
    owner: RequestDraft


@dataclass
class _Session:
    """The `http` of `Net::HTTP.start(host, ...)`: where a bare path goes."""

    host: str
    tls: bool


class RubyExtractor:
    """Net::HTTP and Faraday requests from Ruby samples."""

    languages = frozenset({"ruby"})

    def extract(self, code: str) -> Extraction:
        """The requests `code` sends. Never raises."""
        return guarded(extract_ruby, code)


def extract_ruby(code: str) -> Extraction:
    tree = _parser().parse(code.encode("utf-8", "surrogatepass"))
    return extraction(_RubyWalker(), tree.root_node, "Ruby")


class _RubyWalker(Walker):
    def __init__(self) -> None:
        super().__init__()
        self.root: Node | None = None
        self.bodies: list[Node] | None = None     # every heredoc body, found on first need
        self.claimed: dict[tuple[int, int, int], Node] = {}

    calls = _STATEMENTS

    def walk(self, root: Node) -> None:
        self.root = root
        super().walk(root)

    def statement(self, node: Node) -> None:
        if node.type in _STATEMENTS:
            self.eval(node)
        elif node.type == "binary":
            self._compare(node)
            self._append(node)

    # -- values -------------------------------------------------------------

    def _other(self, node: Node, depth: int) -> Val:
        kind, line = node.type, self.line(node)
        if kind == "integer":
            try:
                return Val(int(source(node).replace("_", ""), 0), line)
            except ValueError:
                return unknown(source(node), line)
        if kind == "float":
            try:
                return Val(float(source(node).replace("_", "")), line)
            except ValueError:
                return unknown(source(node), line)
        if kind in ("true", "false"):
            return Val(kind == "true", line)
        if kind == "nil":
            return Val(None, line)
        if kind in ("simple_symbol", "hash_key_symbol"):
            return Val(source(node).lstrip(":"), line)
        if kind in ("parenthesized_statements", "body_statement", "block_body", "then") \
                and node.named_children:
            last = Val(None, line)
            for child in node.named_children:
                last = self.eval(child, depth + 1)
            return last
        return unknown(source(node), line)

    def _v_string(self, node: Node, depth: int) -> Val:
        written = source(node)
        single = written.startswith(("'", "%q"))
        parts, known = [], True
        for child in node.named_children:
            if child.type == "string_content":
                content = source(child)
                parts.append(re.sub(r"\\([\\'])", r"\1", content) if single else content)
            elif child.type == "escape_sequence":
                parts.append(_escape(source(child)))
            elif child.type == "interpolation":
                inner = child.named_children
                value = self.eval(inner[-1], depth) if inner else Val("", self.line(child))
                known = known and value.known
                parts.append(self._target(value))   # `"#{uri}/x"`: a URI reads as its text
        value = self.literal_text(node, "".join(parts))
        value.known = known
        return value

    _v_delimited_symbol = _v_string

    def _v_heredoc_beginning(self, node: Node, depth: int) -> Val:
        """`<<~JSON` ... `JSON`: the body stands lines below, after the statement."""
        body = self._heredoc_body(node)
        if body is None:
            return unknown(source(node), self.line(node))
        written = source(node)
        quoted = written.lstrip("<~-")[:1] == "'"
        parts, known = [], True
        for child in body.named_children:
            if child.type == "heredoc_content":
                parts.append(source(child))
            elif child.type == "escape_sequence":
                parts.append(source(child) if quoted else _escape(source(child)))
            elif child.type == "interpolation" and child.named_children:
                value = self.eval(child.named_children[-1], depth)
                known = known and value.known
                parts.append(text(value))
        joined = "".join(parts)
        content = joined.split("\n", 1)[1] if "\n" in joined else ""   # the opener's line is code
        if written.startswith("<<~"):
            content = textwrap.dedent(content)
        line = self.line(body) + 1
        return Val(content, line, known=known, line_at=text_line_at(content, line))

    def _heredoc_body(self, node: Node) -> Node | None:
        key = key_of(node)
        if key in self.claimed:
            return self.claimed[key]
        if self.bodies is None:
            self.bodies = [n for n in walk(self.root) if n.type == "heredoc_body"] if self.root else []
        taken = set(map(key_of, self.claimed.values()))
        body = next((b for b in self.bodies
                     if b.start_byte >= node.end_byte and key_of(b) not in taken), None)
        if body is not None:
            self.claimed[key] = body
        return body

    def _v_identifier(self, node: Node, depth: int) -> Val:
        name = source(node)
        if name in self.env:
            return self.env[name]
        return Val(f"${{{name}}}", self.line(node), known=False)

    _v_constant = _v_identifier

    def _v_hash(self, node: Node, depth: int) -> Val:
        return Val(self._pairs(node.named_children, depth), self.line(node))

    def _pairs(self, nodes: list[Node], depth: int) -> dict[str, Val]:
        """`k: v`, `'k' => v`, `**h` of a hash or an argument list; each key
        at the line it is written on."""
        items: dict[str, Val] = {}
        for pair in nodes:
            if pair.type == "pair":
                key_node, value_node = pair.child_by_field_name("key"), pair.child_by_field_name("value")
                if key_node is None:
                    continue
                key = text(self.eval(key_node, depth))
                if value_node is None:   # `{ name: }`: the variable of that name
                    value = self.env.get(key, Val(f"${{{key}}}", self.line(pair), known=False))
                else:
                    value = self.eval(value_node, depth)
                items[key] = replace(value, line=self.line(pair))
            elif pair.type == "hash_splat_argument" and pair.named_children:
                spread = self.eval(pair.named_children[-1], depth)
                if isinstance(spread.data, dict):
                    items.update(spread.data)
        return items

    def _v_array(self, node: Node, depth: int) -> Val:
        return Val([self.eval(child, depth) for child in node.named_children], self.line(node))

    def _v_element_reference(self, node: Node, depth: int) -> Val:
        target = node.child_by_field_name("object")
        index_nodes = [c for c in node.named_children if c != target]
        if target is None or not index_nodes:
            return unknown(source(node), self.line(node))
        index = self.eval(index_nodes[0], depth)
        if source(target) == "ENV":
            return Val(f"${{{text(index)}}}", self.line(node), known=False)
        container = self.eval(target, depth)
        if isinstance(container.data, dict) and text(index) in container.data:
            return container.data[text(index)]
        if isinstance(container.data, list) and isinstance(index.data, int) \
                and -len(container.data) <= index.data < len(container.data):
            return container.data[index.data]
        return unknown(source(node), self.line(node))

    def _v_binary(self, node: Node, depth: int) -> Val:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        operator = node.child_by_field_name("operator")
        if left is None or right is None or operator is None:
            return unknown(source(node), self.line(node))
        op = source(operator)
        if op in ("+", "<<"):
            first, second = self.eval(left, depth), self.eval(right, depth)
            if isinstance(first.data, str) and isinstance(second.data, (str, int, float)):
                return concat(first, second, first.line)
        if op in ("||", "or"):
            first = self.eval(left, depth)
            return self.or_default(first, right, depth)
        return unknown(source(node), self.line(node))

    _v_assignment = Walker.assignment

    def _v_operator_assignment(self, node: Node, depth: int) -> Val:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None or left.type != "identifier":
            return unknown(source(node), self.line(node))
        first, second = self.eval(left, depth), self.eval(right, depth)
        if "||=" in source(node)[:source(node).find("=") + 1]:
            value = first if first.known else second
        else:
            value = concat(first, second, first.line)
        self.env[source(left)] = value
        return value

    def _assign(self, target: Node, value: Val, depth: int) -> None:
        if target.type in ("identifier", "constant", "instance_variable", "global_variable"):
            self.env[source(target)] = value
        elif target.type == "element_reference":
            self._assign_element(target, value, depth)
        elif target.type == "call":
            receiver, method = target.child_by_field_name("receiver"), target.child_by_field_name("method")
            if receiver is not None and method is not None:
                self._set_attribute(self.eval(receiver, depth), source(method), value, target)

    def _assign_element(self, target: Node, value: Val, depth: int) -> None:
        """`req['Authorization'] = ...`, `req.headers[...] = ...`, `h['k'] = v`."""
        owner = target.child_by_field_name("object")
        index_nodes = [c for c in target.named_children if c != owner]
        if owner is None or not index_nodes:
            return
        subject, key = self.eval(owner, depth), text(self.eval(index_nodes[0], depth))
        holder = subject.data
        if isinstance(holder, (_NetRequest, _FaradayRequest)):
            holder.draft.set_header(key, text(value), value.line)
        elif isinstance(holder, _Headers):
            if isinstance(holder.owner, RequestDraft):
                holder.owner.set_header(key, text(value), value.line)
            else:
                holder.owner.headers[key] = value
        elif isinstance(holder, _Params):
            holder.owner.add_query(key, to_data(value), value.line)
        elif isinstance(holder, dict):
            holder[key] = value

    def _set_attribute(self, subject: Val, name: str, value: Val, node: Node) -> None:
        holder = subject.data
        if isinstance(holder, _Session) and name == "use_ssl":
            holder.tls = bool(value.data)
        draft = holder.draft if isinstance(holder, (_NetRequest, _FaradayRequest)) else None
        if draft is None:
            return
        if name == "body":
            json_default = isinstance(holder, _FaradayRequest) and holder.conn.json
            self._body(draft, value, json_default, isinstance(holder, _FaradayRequest))
        elif name == "content_type":
            draft.set_header("Content-Type", text(value), value.line)
        elif name == "form_data" and isinstance(value.data, dict):
            set_body(draft, value, "form")
            draft.imply("Content-Type", _FORM_TYPE)
        elif name == "headers" and isinstance(value.data, dict):
            for key, item in value.data.items():
                draft.set_header(key, text(item), item.line)

    def _body(self, draft: RequestDraft, value: Val, json_default: bool, faraday: bool) -> None:
        if faraday and isinstance(value.data, dict) and not value.kind:
            # Faraday encodes a hash itself: JSON under `request :json`, else a form.
            set_body(draft, value, "json" if json_default else "form")
            draft.imply("Content-Type", "application/json" if json_default else _FORM_TYPE)
        else:
            set_body(draft, value)

    # -- calls --------------------------------------------------------------

    def _arguments(self, node: Node, depth: int) -> tuple[list[Val], dict[str, Val]]:
        """Positional arguments, and the `k: v` / `'k' => v` ones as one hash."""
        arguments = node.child_by_field_name("arguments")
        positional: list[Val] = []
        named: dict[str, Val] = {}
        for arg in arguments.named_children if arguments is not None else []:
            if arg.type in ("pair", "hash_splat_argument"):
                named.update(self._pairs([arg], depth))
            elif arg.type not in ("block_argument", "comment"):
                positional.append(self.eval(arg, depth))
        return positional, named

    def _v_call(self, node: Node, depth: int) -> Val:
        receiver, method_node = node.child_by_field_name("receiver"), node.child_by_field_name("method")
        method = source(method_node) if method_node is not None else ""
        written_receiver = source(receiver) if receiver is not None else ""
        line = self.line(node)
        if receiver is None:
            return self._bare_call(node, method, depth)
        if written_receiver == "ENV" and method in ("fetch", "[]"):
            args, _ = self._arguments(node, depth)
            if len(args) > 1 and args[1].known:
                return args[1]
            return Val(f"${{{text(args[0])}}}" if args else "${ENV}", line, known=False)
        if written_receiver == "URI" and method in ("parse", "join", "open"):
            args, _ = self._arguments(node, depth)
            url = text(args[0]) if args else ""
            for extra in args[1:]:
                url = join_url(url, text(extra))
            return Val(_Uri(url), line)
        if written_receiver == "JSON" and method in _JSON_WRITERS:
            args, _ = self._arguments(node, depth)
            if args and isinstance(args[0].data, (dict, list)):
                return Val(args[0].data, args[0].line, kind="json")
            return unknown(source(node), line)
        if written_receiver == "Faraday" and method == "new":
            return self._faraday_new(node, depth)
        if written_receiver == "Faraday" and method in _FARADAY_BODY_VERBS | _FARADAY_QUERY_VERBS:
            return self._faraday_request(_Faraday(), method, node, depth)   # `Faraday.post(url, ...)`
        if written_receiver.startswith("Net::HTTP::") and method == "new":
            verb = _NET_VERBS.get(written_receiver.rsplit("::", 1)[-1])
            if verb:
                return self._net_request(node, verb, depth)
        if written_receiver == "Net::HTTP":
            return self._net_http(node, method, depth)
        subject = self.eval(receiver, depth)
        return self._method(subject, method, node, depth)

    def _bare_call(self, node: Node, method: str, depth: int) -> Val:
        line = self.line(node)
        if method == "URI":
            args, _ = self._arguments(node, depth)
            return Val(_Uri(text(args[0]) if args else ""), line)
        if method in ("format", "sprintf"):
            args, _ = self._arguments(node, depth)
            if args and args[0].known:
                filled = format_verbs(text(args[0]), args[1:], text, _FORMAT)[0]
                return Val(filled, line, known=all(a.known for a in args))
        return unknown(source(node), line)

    def _method(self, subject: Val, method: str, node: Node, depth: int) -> Val:
        holder, line = subject.data, self.line(node)
        if method == "to_json" and isinstance(holder, (dict, list)):
            return Val(holder, subject.line, kind="json")
        if method in ("strip", "chomp", "squish") and isinstance(holder, str):
            return replace(subject, data=holder.strip() if method != "chomp" else holder.rstrip("\r\n"))
        if method in ("to_s", "to_str", "freeze", "dup") and isinstance(holder, str):
            return subject
        if isinstance(holder, _Uri) and method in ("path", "request_uri", "to_s"):
            return subject   # `Post.new(uri.path)` sends to the URI it came from
        if method == "request":
            args, _ = self._arguments(node, depth)
            sent = next((a.data for a in args if isinstance(a.data, _NetRequest)), None)
            if sent is not None:
                return self._send(sent, holder, node)
        if isinstance(holder, _NetRequest):
            return self._net_request_method(holder, method, node, depth)
        if isinstance(holder, (_Faraday, _FaradayRequest)):
            return self._faraday_method(holder, method, node, depth)
        if isinstance(holder, (Response, Status)):
            return self._response_method(holder, method, node, depth)
        if isinstance(holder, _Session) and method in ("post", "get", "put", "patch", "delete"):
            return self._session_verb(holder, method, node, depth)
        return unknown(source(node), line)

    # -- Net::HTTP ---------------------------------------------------------------

    def _target(self, value: Val) -> str:
        return value.data.url if isinstance(value.data, _Uri) else text(value)

    def _net_request(self, node: Node, verb: str, depth: int) -> Val:
        args, named = self._arguments(node, depth)
        draft = self.draft("net/http", node)
        draft.set_method(verb, self.line(node))
        if args:
            draft.set_url(self._target(args[0]), args[0].line)
        headers = args[1].data if len(args) > 1 and isinstance(args[1].data, dict) else named
        for key, value in headers.items():
            draft.set_header(key, text(value), value.line)
        return Val(_NetRequest(draft), self.line(node))

    def _net_request_method(self, holder: _NetRequest, method: str, node: Node, depth: int) -> Val:
        args, named = self._arguments(node, depth)
        draft = holder.draft
        if method in ("add_field", "set_header", "[]=") and len(args) >= 2:
            draft.set_header(text(args[0]), text(args[1]), args[1].line)
        elif method in ("set_form_data", "form_data="):
            form = args[0] if args else Val(named, self.line(node))
            set_body(draft, form, "form")
            draft.imply("Content-Type", _FORM_TYPE)
        elif method == "basic_auth":
            draft.set_auth("basic", self.line(node))
        elif method == "body=" and args:
            set_body(draft, args[0])
        return Val(None, self.line(node))

    def _net_http(self, node: Node, method: str, depth: int) -> Val:
        args, named = self._arguments(node, depth)
        line = self.line(node)
        if method in ("start", "new"):
            host = text(args[0]) if args else ""
            tls = bool(named.get("use_ssl", Val(False, line)).data) \
                or (len(args) > 1 and text(args[1]) == "443")
            session = Val(_Session(host, tls), line)
            return self._with_block(node, [session], depth) if method == "start" else session
        if method in ("post", "post_form", "put", "patch", "get", "get_response"):
            verb = {"post_form": "POST", "get_response": "GET"}.get(method, method.upper())
            draft = self.draft("net/http", node)
            draft.set_method(verb, line)
            if args:
                draft.set_url(self._target(args[0]), args[0].line)
            headers = args[2].data if len(args) > 2 and isinstance(args[2].data, dict) else named
            for key, value in headers.items() if method != "post_form" else ():
                draft.set_header(key, text(value), value.line)
            if method == "post_form":
                set_body(draft, args[1] if len(args) > 1 else Val(named, line), "form")
                draft.imply("Content-Type", _FORM_TYPE)
            elif len(args) > 1:
                set_body(draft, args[1])
            return Val(Response(draft), line)
        return unknown(source(node), line)

    def _send(self, sent: _NetRequest, via: object, node: Node) -> Val:
        draft = sent.draft
        self.reach(draft, node)
        if isinstance(via, _Session) and draft.url.startswith("/") and via.host \
                and not via.host.startswith("${"):
            draft.set_url(f"{'https' if via.tls else 'http'}://{via.host}{draft.url}", draft.lines["url"])
        return Val(Response(draft), self.line(node))

    def _session_verb(self, session: _Session, method: str, node: Node, depth: int) -> Val:
        """`http.post(path, body, headers)` on a `Net::HTTP.new/start` session."""
        args, named = self._arguments(node, depth)
        draft = self.draft("net/http", node)
        draft.set_method(method.upper(), self.line(node))
        path = self._target(args[0]) if args else "/"
        url = path if "://" in path or not session.host or session.host.startswith("${") \
            else f"{'https' if session.tls else 'http'}://{session.host}{path}"
        draft.set_url(url, args[0].line if args else self.line(node))
        body_at = 1 if method in ("post", "put", "patch") else None
        headers = args[2 if body_at else 1].data if len(args) > (2 if body_at else 1) \
            and isinstance(args[2 if body_at else 1].data, dict) else named
        for key, value in headers.items():
            draft.set_header(key, text(value), value.line)
        if body_at and len(args) > 1:
            set_body(draft, args[1])
        return Val(Response(draft), self.line(node))

    def _with_block(self, node: Node, params: list[Val], depth: int) -> Val:
        """Walk the block of a call with its parameters bound; its value is its last statement's."""
        block = node.child_by_field_name("block")
        if block is None:
            return params[0] if params else Val(None, self.line(node))
        names = block.child_by_field_name("parameters")
        saved = {}
        for name_node, value in zip(names.named_children if names is not None else [], params, strict=False):
            if name_node.type == "identifier":
                saved[source(name_node)] = self.env.get(source(name_node))
                self.env[source(name_node)] = value
        body = block.child_by_field_name("body")
        result = self.eval(body, depth) if body is not None else Val(None, self.line(node))
        for name, previous in saved.items():
            if previous is None:
                self.env.pop(name, None)
            else:
                self.env[name] = previous
        return result

    # -- Faraday -------------------------------------------------------------------

    def _faraday_new(self, node: Node, depth: int) -> Val:
        args, named = self._arguments(node, depth)
        options = dict(named)
        if args and isinstance(args[-1].data, dict):
            options.update(args[-1].data)
        conn = _Faraday()
        url = args[0] if args and not isinstance(args[0].data, dict) else options.get("url")
        conn.url = self._target(url) if url is not None else ""
        if "headers" in options and isinstance(options["headers"].data, dict):
            conn.headers.update(options["headers"].data)
        if "params" in options and isinstance(options["params"].data, dict):
            conn.params.update(options["params"].data)
        value = Val(conn, self.line(node))
        self._with_block(node, [value], depth)
        return value

    def _faraday_method(self, holder: _Faraday | _FaradayRequest, method: str, node: Node,
                        depth: int) -> Val:
        line = self.line(node)
        if method == "headers":
            return Val(_Headers(holder.draft if isinstance(holder, _FaradayRequest) else holder), line)
        if isinstance(holder, _FaradayRequest):
            if method == "params":
                return Val(_Params(holder.draft), line)
            if method == "url":
                args, _ = self._arguments(node, depth)
                if args:
                    holder.draft.set_url(join_url(holder.conn.url, text(args[0])), args[0].line)
            return Val(None, line)
        if method in ("request", "use"):
            self._middleware(holder, node, depth)
            return Val(None, line)
        if method in _FARADAY_BODY_VERBS | _FARADAY_QUERY_VERBS:
            return self._faraday_request(holder, method, node, depth)
        return unknown(source(node), line)

    def _middleware(self, conn: _Faraday, node: Node, depth: int) -> None:
        args, _ = self._arguments(node, depth)
        names = [text(a) for a in args]
        if names[:1] == ["json"]:
            conn.json = True
        elif names[:1] == ["authorization"] and len(args) >= 3:
            conn.headers["Authorization"] = Val(f"{names[1]} {names[2]}", args[1].line)
        elif names[:1] == ["authorization"] and len(args) == 2:
            conn.headers["Authorization"] = Val(f"{names[1]}", args[1].line)

    def _faraday_request(self, conn: _Faraday, verb: str, node: Node, depth: int) -> Val:
        args, named = self._arguments(node, depth)
        draft = self.draft("faraday", node)
        draft.set_method(verb.upper(), self.line(node))
        path = text(args[0]) if args else ""
        draft.set_url(join_url(conn.url, path), args[0].line if args else self.line(node))
        for key, value in conn.params.items():
            draft.add_query(key, to_data(value), value.line)
        for key, value in conn.headers.items():
            draft.set_header(key, text(value), value.line)
        extra = args[2].data if len(args) > 2 and isinstance(args[2].data, dict) else named
        for key, value in extra.items():
            draft.set_header(key, text(value), value.line)
        if len(args) > 1 and verb in _FARADAY_BODY_VERBS and args[1].data is not None:
            self._body(draft, args[1], conn.json, faraday=True)
        elif len(args) > 1 and isinstance(args[1].data, dict):
            for key, value in args[1].data.items():
                draft.add_query(key, to_data(value), value.line)
        self._with_block(node, [Val(_FaradayRequest(draft, conn), self.line(node))], depth)
        return Val(Response(draft), self.line(node))

    # -- what the sample expects back -------------------------------------------------

    def _response_method(self, holder: Response | Status, method: str, node: Node, depth: int) -> Val:
        draft, line = holder.draft, self.line(node)
        if method in ("code", "status", "to_i", "to_s", "status_code"):
            return Val(Status(draft), line)
        if method in ("success?", "is_success?"):
            draft.expect_success(line)
        elif method in ("is_a?", "kind_of?", "instance_of?"):
            args, _ = self._arguments(node, depth)
            if args:
                self._expect_class(draft, _written(args[0]), line)
        return unknown(source(node), line)

    def _expect_class(self, draft: RequestDraft, name: str, line: int) -> None:
        last = name.rsplit("::", 1)[-1]
        if last == "HTTPSuccess":
            draft.expect_success(line)
        elif last.startswith("HTTP"):
            draft.expect(last, line)

    def _v_case(self, node: Node, depth: int) -> Val:
        """`case res when Net::HTTPSuccess`: the classes it expects."""
        value_node = node.child_by_field_name("value")
        subject = self.eval(value_node, depth) if value_node is not None else None
        if subject is not None and isinstance(subject.data, (Response, Status)):
            for when in (c for c in node.named_children if c.type == "when"):
                for pattern in (c for c in when.named_children if c.type == "pattern"):
                    written = source(pattern).strip()
                    if isinstance(subject.data, Status):
                        subject.data.draft.expect(written.strip("'\""), self.line(pattern))
                    else:
                        self._expect_class(subject.data.draft, written, self.line(pattern))
        return unknown(source(node), self.line(node))

    def _append(self, node: Node) -> None:
        """`path << '/users'`: a string variable grows in place."""
        left, operator = node.child_by_field_name("left"), node.child_by_field_name("operator")
        if left is None or operator is None or source(operator) != "<<" or left.type != "identifier":
            return
        if isinstance(self.env.get(source(left), Val(None, 0)).data, str):
            self.env[source(left)] = self.eval(node)

    def _compare(self, node: Node) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        operator = node.child_by_field_name("operator")
        if left is None or right is None or operator is None or source(operator) not in ("==", "!=", "==="):
            return
        for subject, other in ((left, right), (right, left)):
            value = self.eval(subject)
            if isinstance(value.data, Status):
                value.data.draft.expect(_written(other).strip("'\""), self.line(node))
                return


_FORMAT = re.compile(r"%[-+ 0]*\d*(?:\.\d+)?[sd]")   # what `format` fills (`%%` stays)


def _written(value: Val | Node) -> str:
    if isinstance(value, Val):
        shown = text(value)
        return shown[2:-1] if shown.startswith("${") and shown.endswith("}") else shown
    return source(value).strip()


_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{1,2})|u\{?([0-9A-Fa-f]{4,6})\}?|([0-7]{1,3})|(.))", re.DOTALL)


def _escape(written: str) -> str:
    """One escape sequence of a double-quoted Ruby string (`\\q` is `q`)."""
    return decode_escape(written, _ESCAPE, _ESCAPES, keep_unknown=False)

