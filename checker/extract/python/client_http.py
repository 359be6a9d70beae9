"""http.client: `conn = http.client.HTTPSConnection("api.example.com")`,
`conn.request("POST", "/v1/users", body=..., headers={...})` (or
`putrequest`/`putheader`/`endheaders`), `conn.getresponse().status`. The URL
is the connection's scheme and host (a port only when not the default) and
the request's path. http.client adds no Content-Type of its own."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from checker.extract.http import RequestDraft
from checker.extract.python.send import Client, set_data_body, set_headers
from checker.extract.python.values import (
    Attr,
    Connection,
    Response,
    Val,
    is_present,
    to_str,
)

if TYPE_CHECKING:
    from checker.extract.python.walker import Walker

NAME = "http.client"
# `httplib` is the Python 2 spelling.
CONNECTIONS = {
    "http.client.HTTPSConnection": "https", "http.client.HTTPConnection": "http",
    "httplib.HTTPSConnection": "https", "httplib.HTTPConnection": "http",
}
DEFAULT_PORTS = {"https": "443", "http": "80"}


def _call(walker: Walker, path: str, node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    scheme = CONNECTIONS.get(path)
    if scheme is None:
        return None
    params = dict(zip(("host", "port"), args, strict=False))
    params.update(kwargs)
    if "host" not in params:
        return None
    return walker.ref(node, Connection(scheme, params["host"], params.get("port")))


def _method(walker: Walker, attr: Attr, node: ast.Call, args: list[Val],
            kwargs: dict[str, Val]) -> Val | None:
    conn = attr.base.data
    if not isinstance(conn, Connection):
        return None
    params = dict(zip(_POSITIONAL.get(attr.name, ()), args, strict=False))
    params.update(kwargs)
    if attr.name in ("request", "putrequest") and "method" in params and "url" in params:
        return _send(walker, node, conn, params)
    last = conn.last
    if attr.name == "getresponse" and last is not None:
        return walker.ref(node, Response(last))
    if attr.name == "putheader" and last is not None and len(args) >= 2:
        last.set_header(to_str(args[0]), to_str(args[1]), node.lineno)
    elif attr.name in ("endheaders", "send") and last is not None and params.get("body") is not None:
        set_data_body(last, params["body"])
    return walker.unknown(node)


CLIENT = Client(call=_call, method=_method)

_POSITIONAL = {
    "request": ("method", "url", "body", "headers"), "putrequest": ("method", "url"),
    "endheaders": ("body",), "send": ("body",),
}


def _send(walker: Walker, node: ast.Call, conn: Connection, params: dict[str, Val]) -> Val:
    draft = RequestDraft(client=NAME, start=node.lineno)
    draft.set_method(to_str(params["method"]), params["method"].line)
    draft.set_url(_url(conn, to_str(params["url"])), params["url"].line)
    set_headers(draft, params.get("headers"))
    body = params.get("body")
    if body is not None and is_present(body):
        set_data_body(draft, body)
    conn.last = draft
    return walker.record(draft, node)


def _url(conn: Connection, path: str) -> str:
    if "://" in path:  # an absolute URL, as sent through a proxy
        return path
    host = to_str(conn.host)
    if "://" in host:  # `HTTPSConnection("https://h")` is a mistake, but its meaning is plain
        host = host.split("://", 1)[1]
    port = to_str(conn.port) if conn.port is not None and is_present(conn.port) else ""
    if port and port != DEFAULT_PORTS[conn.scheme] and ":" not in host:
        host = f"{host}:{port}"
    return f"{conn.scheme}://{host.rstrip('/')}{'' if path.startswith('/') else '/'}{path}"
