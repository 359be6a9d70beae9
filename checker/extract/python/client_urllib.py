"""urllib.request: `Request(url, data=..., headers={...}, method="POST")`,
`req.add_header(name, value)`, `urlopen(req)` / `urlopen(url, data)` (and an
opener's `open`). The request is sent where it is opened, and starts where it
is built. Data makes it a POST unless a method is given, and urllib sends
`application/x-www-form-urlencoded` unless a Content-Type is written. Bodies:
`json.dumps(x).encode()` is JSON, `urlencode(d).encode()` a form."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from checker.extract.http import RequestDraft
from checker.extract.python.send import Client, set_data_body
from checker.extract.python.values import (
    Attr,
    Lib,
    Prepared,
    Val,
    is_none,
    is_present,
    to_str,
)

if TYPE_CHECKING:
    from checker.extract.python.walker import Walker

NAME = "urllib"
# `urllib2` is the Python 2 spelling docs still show.
REQUEST_CLASSES = frozenset({"urllib.request.Request", "urllib2.Request"})
OPENERS = frozenset({"urllib.request.urlopen", "urllib2.urlopen", "urllib.request.OpenerDirector.open"})
BUILD_OPENER = frozenset({"urllib.request.build_opener", "urllib2.build_opener"})
REQUEST_PARAMS = ("url", "data", "headers", "origin_req_host", "unverifiable", "method")
FORM = "application/x-www-form-urlencoded"


def _params(names: tuple[str, ...], args: list[Val], kwargs: dict[str, Val]) -> dict[str, Val]:
    params = dict(zip(names, args, strict=False))
    params.update(kwargs)
    return params


def _call(walker: Walker, path: str, node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    if path in REQUEST_CLASSES:
        return _request(walker, node, _params(REQUEST_PARAMS, args, kwargs))
    if path in OPENERS:
        return _open(walker, node, _params(("url", "data"), args, kwargs))
    if path in BUILD_OPENER:
        # `opener.open(req)` reads as `urlopen(req)`.
        return walker.ref(node, Lib("urllib.request.OpenerDirector"))
    return None


def _method(walker: Walker, attr: Attr, node: ast.Call, args: list[Val],
            kwargs: dict[str, Val]) -> Val | None:
    prepared = attr.base.data
    if not isinstance(prepared, Prepared) or prepared.client != NAME:
        return None
    if attr.name in ("add_header", "add_unredirected_header") and len(args) >= 2:
        prepared.headers.append((to_str(args[0]), args[1], node.lineno))
        return Val(line=node.lineno)
    return walker.unknown(node)


CLIENT = Client(call=_call, method=_method)


def _request(walker: Walker, node: ast.Call, params: dict[str, Val]) -> Val | None:
    url = params.get("url")
    if url is None:
        return None
    prepared = Prepared(client=NAME, start=node.lineno, url=url, method=params.get("method"),
                        data=params.get("data"))
    headers = params.get("headers")
    if headers is not None and headers.fields is not None:
        keys = headers.keys or {}
        prepared.headers = [(str(k), v, keys.get(k, v.line)) for k, v in headers.fields.items()]
    return walker.ref(node, prepared)


def _open(walker: Walker, node: ast.Call, params: dict[str, Val]) -> Val | None:
    target = params.get("url")
    if target is None:
        return None
    prepared = target.data if isinstance(target.data, Prepared) and target.src is None \
        else Prepared(client=NAME, start=node.lineno, url=target)
    data = params.get("data") if is_present(params.get("data")) else prepared.data
    draft = RequestDraft(client=NAME, start=prepared.start)
    if is_present(prepared.method):
        assert prepared.method is not None
        draft.set_method(to_str(prepared.method), prepared.method.line)
    else:
        draft.set_method("POST" if is_present(data) else "GET", prepared.start)
    draft.set_url(to_str(prepared.url), prepared.url.line)
    for name, value, line in prepared.headers:
        if not is_none(value):
            draft.set_header(name, to_str(value), line)
    if data is not None and is_present(data):
        set_data_body(draft, data)
        draft.imply("Content-Type", FORM)
    return walker.record(draft, node)
