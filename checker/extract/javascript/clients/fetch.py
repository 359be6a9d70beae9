"""fetch: `fetch(url, init)` (and node-fetch, cross-fetch, undici: the same call, imported)."""

from __future__ import annotations

from tree_sitter import Node

from checker.extract.javascript.clients import common
from checker.extract.javascript.clients.common import Found, Match
from checker.extract.javascript.reader import Reader
from checker.extract.javascript.syntax import arguments
from checker.extract.javascript.values import UNDEFINED, ObjVal, js_string

CLIENT = "fetch"
VERBS: frozenset[str] = frozenset()


def read(r: Reader, node: Node, match: Match) -> Found:
    args = arguments(node)
    at = node.start_byte
    found = common.start(r, node, CLIENT)
    if args:
        common.set_url(found, r.value(args[0], at), r.origin_line(args[0], at))
    init = r.value(args[1], at) if len(args) > 1 else UNDEFINED
    if isinstance(init, ObjVal):
        _init(r, found, init, at)
    return found


def _init(r: Reader, found: Found, init: ObjVal, at: int) -> None:
    """method, headers, body and credentials of a `RequestInit`."""
    if "method" in init.fields:
        found.draft.set_method(js_string(init.fields["method"]), common.written(r, init, "method", at))
    if "headers" in init.fields:
        common.headers(r, found, init.fields["headers"], init.nodes.get("headers"), at)
    if "body" in init.fields:
        common.body(r, found, init.fields["body"], init.nodes.get("body"), init.lines["body"], at)
    credentials = init.fields.get("credentials")
    if credentials is not None and credentials is not UNDEFINED:
        found.draft.credentials = js_string(credentials)
        found.draft.lines["credentials"] = init.lines["credentials"]
