"""got and ky: `got.post(url, {json, headers})`, `got(url, {method})`, `ky.post(url, {json})`.

Both take `(url, options)` (got also `(options)` with `url` in them), a verb
method per HTTP method, and instances carrying defaults (`got.extend`,
`ky.create`/`ky.extend`: `prefixUrl`, headers). Options: `method`,
`headers`, `json` (sent as JSON, the content type implied as both set it),
`form` (got: urlencoded, implied likewise), `body`, `searchParams` (the
query), `username` (basic auth). `.json()`/`.text()` after the call only
read the response.
"""

from __future__ import annotations

from tree_sitter import Node

from checker.extract.javascript.clients import common
from checker.extract.javascript.clients.common import Found, Match
from checker.extract.javascript.reader import Reader
from checker.extract.javascript.syntax import arguments
from checker.extract.javascript.values import UNDEFINED, ObjVal, js_string

VERBS = frozenset({"get", "post", "put", "patch", "delete", "head"})


def read(r: Reader, node: Node, match: Match) -> Found | None:
    args = arguments(node)
    at = node.start_byte
    first = r.value(args[0], at) if args else UNDEFINED
    if isinstance(first, ObjVal) and match.verb is None:  # got({url, method, ...})
        options, url_node = first, first.nodes.get("url")
        url = first.fields.get("url", "")
    else:
        second = r.value(args[1], at) if len(args) > 1 else ObjVal()
        options, url_node, url = (second if isinstance(second, ObjVal) else ObjVal()), \
            (args[0] if args else None), first
    found = common.start(r, node, match.client)
    defaults = match.instance.config if match.instance is not None else ObjVal()
    _method(r, found, match, options, at)
    prefix = options.fields.get("prefixUrl", defaults.fields.get("prefixUrl", ""))
    text = join(js_string(prefix) if prefix else "", js_string(url) if url is not UNDEFINED else "")
    line = r.origin_line(url_node, at) if url_node is not None else \
        options.lines.get("prefixUrl", defaults.lines.get("prefixUrl"))
    common.set_url(found, text, line)
    for source in (defaults, options):
        _options(r, found, source, at)
    return found


def _method(r: Reader, found: Found, match: Match, options: ObjVal, at: int) -> None:
    if match.verb is not None:
        found.draft.set_method(r.text(match.verb), r.line(match.verb))
    elif "method" in options.fields:
        found.draft.set_method(js_string(options.fields["method"]), common.written(r, options, "method", at))


def _options(r: Reader, found: Found, options: ObjVal, at: int) -> None:
    """headers, the body (json, form or body), searchParams and basic auth."""
    if "headers" in options.fields:
        common.headers(r, found, options.fields["headers"], options.nodes.get("headers"), at)
    if "searchParams" in options.fields:
        params = options.fields["searchParams"]
        if isinstance(params, ObjVal) and params.kind == "params":
            params = ObjVal(dict(params.fields), params.lines, params.nodes, "object", params.line)
        common.query(found, params, options.lines["searchParams"])
    sent = common.option(options, "json", "form", "body")
    if sent is not None:
        key, value = sent
        if key == "form" and isinstance(value, ObjVal):
            value = ObjVal({k: js_string(v) for k, v in value.fields.items()}, value.lines,
                           value.nodes, "params", value.line)
        common.body(r, found, value, options.nodes.get(key), options.lines[key], at)
        if key == "json":
            found.draft.imply("Content-Type", "application/json")
        elif key == "form":
            found.draft.imply("Content-Type", "application/x-www-form-urlencoded")
    if "username" in options.fields:
        found.draft.set_auth("basic", options.lines["username"])


def join(prefix: str, url: str) -> str:
    """got's and ky's `prefixUrl`: the input is appended to it with one slash."""
    if not prefix or "://" in url:
        return url
    return prefix.rstrip("/") + "/" + url.lstrip("/") if url else prefix
