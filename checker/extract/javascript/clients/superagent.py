"""superagent: `request.post(url).set(k, v).send(data)`, read along the chain.

The verb call (`request.post(url)`, `request('POST', url)`) starts the
request; the calls chained on it add to it: `.set(name, value)` /
`.set({...})` (headers), `.send(data)` (an object is JSON, its content type
implied as superagent sets it; a string is a form unless `.type()` said
otherwise), `.query(obj | 'a=1')`, `.type('json' | 'form' | mime)`,
`.accept(...)`, `.auth(user, pass)` (basic) / `.auth(token, {type: 'bearer'})`,
`.withCredentials()`, `.field(k, v)` / `.attach(k, file)` (multipart).
`.then`, `.end`, `await` end it.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from checker.extract.javascript.clients import common
from checker.extract.javascript.clients.common import Found, Match
from checker.extract.javascript.reader import Reader
from checker.extract.javascript.syntax import arguments
from checker.extract.javascript.values import UNDEFINED, ObjVal, js_string

VERBS = frozenset({"get", "post", "put", "patch", "del", "delete", "head", "options"})
# Links of a chain read; beyond, a generated sample, not a request written by hand.
MAX_CHAIN = 200
# `.type(...)` shorthands, as superagent expands them.
TYPES = {"json": "application/json", "form": "application/x-www-form-urlencoded",
         "urlencoded": "application/x-www-form-urlencoded", "html": "text/html",
         "text": "text/plain", "xml": "application/xml"}


def read(r: Reader, node: Node, match: Match) -> Found | None:
    args = arguments(node)
    at = node.start_byte
    chain = list(_chain(r, node))
    found = common.start(r, node, "superagent", chain[-1][0] if chain else node)
    if chain:
        found.node = chain[-1][0]  # what `await` / `.then` hold is the whole chain
    if match.verb is not None:
        verb = r.text(match.verb)
        found.draft.set_method("DELETE" if verb == "del" else verb, r.line(match.verb))
        url_node = args[0] if args else None
    else:  # request('POST', url), request(url)
        if len(args) > 1:
            found.draft.set_method(js_string(r.value(args[0], at)), r.origin_line(args[0], at))
        url_node = args[-1] if args else None
    if url_node is not None:
        common.set_url(found, r.value(url_node, at), r.origin_line(url_node, at))
    sent: list[tuple[int, Node]] = []
    for call, method, line in chain:
        _link(r, found, call, method, line, at, sent)
    for line, data in sent:
        _send(r, found, line, data, at)
    return found


def _chain(r: Reader, node: Node) -> Iterator[tuple[Node, str, int]]:
    """The calls chained on the request, outwards: (call, method name, its line)."""
    current = node
    for _ in range(MAX_CHAIN):
        member = r.parent(current)
        if member is None or member.type != "member_expression" or \
                member.child_by_field_name("object") != current:
            return
        call = r.parent(member)
        prop = member.child_by_field_name("property")
        if call is None or call.type != "call_expression" or prop is None or \
                call.child_by_field_name("function") != member:
            return
        name = r.text(prop)
        if name in ("then", "end", "catch", "finally", "pipe"):
            return
        yield call, name, r.line(prop)
        current = call


def _link(r: Reader, found: Found, call: Node, method: str, line: int, at: int,
          sent: list[tuple[int, Node]]) -> None:
    args = arguments(call)
    first = r.value(args[0], at) if args else UNDEFINED
    if method == "set" and isinstance(first, ObjVal):
        common.headers(r, found, first, args[0], at)
    elif method == "set" and len(args) > 1:
        found.draft.set_header(js_string(first), js_string(r.value(args[1], at)), line)
    elif method == "type" and first is not UNDEFINED:
        found.draft.set_header("Content-Type", TYPES.get(js_string(first), js_string(first)), line)
    elif method == "accept" and first is not UNDEFINED:
        found.draft.set_header("Accept", TYPES.get(js_string(first), js_string(first)), line)
    elif method == "query" and first is not UNDEFINED:
        common.query(found, first, line)
    elif method == "send" and args:
        sent.append((line, args[0]))  # read last: `.type()` may follow `.send()`
    elif method in ("field", "attach") and len(args) > 1:
        _field(r, found, method, args, line, at)
    elif method == "auth" and args:
        _auth(r, found, args, line, at)
    elif method == "withCredentials":
        found.draft.credentials = "include"
        found.draft.lines["credentials"] = line


def _send(r: Reader, found: Found, line: int, data: Node, at: int) -> None:
    value = r.value(data, at)
    if isinstance(value, ObjVal) and value.kind == "object" and \
            "form" in (found.draft.header("content-type") or ""):
        value = ObjVal({k: js_string(v) for k, v in value.fields.items()}, value.lines, value.nodes,
                       "params", value.line)
    common.body(r, found, value, data, line, at)
    if found.draft.body_kind == "json" and isinstance(value, (ObjVal, list)):
        found.draft.imply("Content-Type", "application/json")
    elif found.draft.body_kind == "form":
        found.draft.imply("Content-Type", "application/x-www-form-urlencoded")


def _field(r: Reader, found: Found, method: str, args: list[Node], line: int, at: int) -> None:
    key = js_string(r.value(args[0], at))
    value = r.value(args[1], at)
    text = "@" + js_string(value) if method == "attach" else js_string(value)
    body = found.draft.body if isinstance(found.draft.body, dict) and \
        found.draft.body_kind == "multipart" else {}
    found.draft.set_body({**body, key: text}, "multipart", found.draft.lines.get("body", line),
                         {key: line})


def _auth(r: Reader, found: Found, args: list[Node], line: int, at: int) -> None:
    options = r.value(args[-1], at) if len(args) > 1 else UNDEFINED
    kind = options.fields.get("type") if isinstance(options, ObjVal) else None
    if kind == "bearer":
        found.draft.set_bearer(js_string(r.value(args[0], at)), line)
    else:
        found.draft.set_auth("basic", line)
