"""requests, httpx and aiohttp: the module functions (`requests.post(url, ...)`,
`requests.request("POST", url)`, `httpx.stream`), sessions and clients
(`requests.Session()`, `httpx.Client(base_url=...)`, `aiohttp.ClientSession`)
whose headers, cookies, params and auth every later call sends, and their
keyword arguments `headers=`, `cookies=`, `params=`, `json=`, `data=`,
`content=`, `files=`, `auth=` (and `**kwargs` of a known dict).

`json=x` and `data=json.dumps(x)` give the same body (kind "json"); only
`json=` adds the implied Content-Type. `data={...}` is a form, `files=` (with
or without `data=`) multipart, any other `data=` text (JSON text is parsed).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from checker.extract.http import RequestDraft
from checker.extract.python.send import (
    Client,
    set_data_body,
    set_dict_body,
    set_headers,
)
from checker.extract.python.values import (
    Attr,
    Auth,
    Session,
    Val,
    add_repeated,
    auth_scheme,
    copy_dict,
    is_none,
    is_present,
    new_dict,
    optional_keys,
    pairs,
    to_data,
    to_str,
)

if TYPE_CHECKING:
    from checker.extract.python.walker import Walker

HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})
SENDS = HTTP_METHODS | {"request", "stream"}
# Positional parameters of the client calls, after `self` (requests' order).
POSITIONAL: dict[str, tuple[str, ...]] = {
    "get": ("url", "params"), "post": ("url", "data", "json"), "put": ("url", "data"),
    "patch": ("url", "data"), "delete": ("url",), "head": ("url",), "options": ("url",),
    "request": ("method", "url", "params", "data", "headers", "cookies", "files", "auth"),
    "stream": ("method", "url"),
}
# Modules whose top-level functions send a request, and the client they name.
CLIENT_MODULES = {"requests": "requests", "requests.api": "requests", "httpx": "httpx"}
SESSION_CLASSES = {
    "requests.Session": "requests", "requests.session": "requests",
    "requests.sessions.Session": "requests",
    "httpx.Client": "httpx", "httpx.AsyncClient": "httpx", "aiohttp.ClientSession": "aiohttp",
}
AUTH_CLASSES = {
    "requests.auth.HTTPBasicAuth": "basic", "requests.HTTPBasicAuth": "basic",
    "requests.auth.HTTPDigestAuth": "digest", "requests.HTTPDigestAuth": "digest",
    "httpx.BasicAuth": "basic", "httpx.DigestAuth": "digest", "aiohttp.BasicAuth": "basic",
}


def _call(walker: Walker, path: str, node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    module, _, name = path.rpartition(".")
    if module in CLIENT_MODULES and name in SENDS:
        return send(walker, node, name, args, kwargs, None, CLIENT_MODULES[module])
    if path in SESSION_CLASSES:
        return walker.ref(node, new_session(path, args, kwargs))
    if path in AUTH_CLASSES:
        return walker.ref(node, Auth(AUTH_CLASSES[path]))
    return None


def _method(walker: Walker, attr: Attr, node: ast.Call, args: list[Val],
            kwargs: dict[str, Val]) -> Val | None:
    session = attr.base.data
    if not isinstance(session, Session):
        return None
    if attr.name in SENDS:
        return send(walker, node, attr.name, args, kwargs, session, session.client)
    return walker.unknown(node)


CLIENT = Client(call=_call, method=_method)


# --- sessions -------------------------------------------------------------------

def new_session(path: str, args: list[Val], kwargs: dict[str, Val]) -> Session:
    line = args[0].line if args else 0
    client = SESSION_CLASSES[path]
    session = Session(headers=new_dict(line), cookies=new_dict(line), params=new_dict(line),
                      client=client)
    if client == "requests":
        return session  # requests.Session() takes no settings
    session.base_url = kwargs.get("base_url") or (args[0] if args and client == "aiohttp" else None)
    for name in ("headers", "cookies", "params"):
        value = kwargs.get(name)
        if value is not None and value.fields is not None:
            setattr(session, name, copy_dict(value))
    if "auth" in kwargs:
        session.auth = auth_scheme(kwargs["auth"])
    return session


def set_session_attr(session: Session, name: str, value: Val) -> None:
    """`s.headers = {...}`, `s.auth = (u, p)`, `client.base_url = ...`."""
    if name in ("headers", "cookies", "params") and value.fields is not None:
        setattr(session, name, copy_dict(value))
    elif name == "auth":
        session.auth = auth_scheme(value)
    elif name == "base_url":
        session.base_url = value


def session_attr(walker: Walker, node: ast.Attribute, base: Val, session: Session) -> Val:
    """`s.headers` (to update), or a method of the session."""
    if node.attr in ("headers", "cookies", "params"):
        value: Val = getattr(session, node.attr)
        return value
    return walker.ref(node, Attr(base, node.attr))


# --- one call --------------------------------------------------------------------

def send(walker: Walker, node: ast.Call, name: str, args: list[Val], kwargs: dict[str, Val],
         session: Session | None, client: str) -> Val:
    """One request call: map its arguments and record the request."""
    params = dict(zip(POSITIONAL[name], args, strict=False))
    params.update(kwargs)
    if "url" not in params:
        return walker.unknown(node)
    draft = RequestDraft(client=client, start=node.lineno)
    if name in ("request", "stream"):
        method = params.get("method")
        if method is not None:
            draft.set_method(to_str(method), method.line)
        else:
            draft.set_method("GET", node.lineno)
    else:
        draft.set_method(name, node.func.end_lineno or node.lineno)
    _fill(draft, node, params, session)
    return walker.record(draft, node)


def _fill(draft: RequestDraft, node: ast.Call, params: dict[str, Val], session: Session | None) -> None:
    _url(draft, params["url"], session)
    # Cookies first: a `Cookie` header's cookies win over `cookies=`.
    for source in (session.cookies if session else None, params.get("cookies")):
        for key, item, line in pairs(source) if source is not None and source.fields is not None else ():
            draft.add_cookie(key, to_str(item), line)
    set_headers(draft, session.headers if session else None)
    set_headers(draft, params.get("headers"))
    _query(draft, session, params.get("params"))
    _body(draft, params)
    if draft.body_kind == "json" and is_present(params.get("json")):
        draft.imply("Content-Type", "application/json")
    if "auth" in params:
        draft.set_auth(auth_scheme(params["auth"]), params["auth"].line)
    elif session is not None:
        draft.auth = session.auth
    draft.optional = sorted(optional_keys(_body_value(params), node.lineno))


def _url(draft: RequestDraft, value: Val, session: Session | None) -> None:
    url = to_str(value)
    base = session.base_url if session is not None else None
    if base is not None and "://" not in url:
        # httpx / aiohttp: a relative URL is appended to the base URL's path.
        url = to_str(base).rstrip("/") + "/" + url.lstrip("/") if url else to_str(base)
    draft.set_url(url, value.line)


def _query(draft: RequestDraft, session: Session | None, value: Val | None) -> None:
    for source in (session.params if session else None, value):
        if source is None:
            continue
        seen: set[str] = set()  # a key repeated in one list of pairs keeps every value
        for key, item, line in pairs(source):
            if is_none(item):
                continue  # requests leaves None parameters out
            if key not in seen:
                draft.query.pop(key, None)  # the call's parameter replaces the session's
            seen.add(key)
            text = [to_str(v) for v in item.items] if item.items is not None else to_str(item)
            draft.add_query(key, text, line)


def _body(draft: RequestDraft, params: dict[str, Val]) -> None:
    files, data = params.get("files"), params.get("data", params.get("content"))
    payload = params.get("json")
    if is_present(files):
        assert files is not None
        draft.set_body(*_multipart(files, data))
    elif is_present(payload):
        assert payload is not None
        set_dict_body(draft, payload, "json")
    elif is_present(data):
        assert data is not None
        set_data_body(draft, data)


def _body_value(params: dict[str, Val]) -> Val | None:
    """The dict a call sends as its body (`json=`, `data=json.dumps(d)`, `data=d`)."""
    payload, data = params.get("json"), params.get("data")
    if is_present(payload):
        return payload
    if data is not None and data.json_of is not None:
        return data.json_of
    return data


def _multipart(files: Val, data: Val | None) -> tuple[Any, str, int, dict[str, int]]:
    """The body, kind, line and key lines of `files=` (and `data=`) sent as multipart."""
    if files.src is not None:
        return to_data(files), "multipart", files.line, {}  # files=<unknown>: nothing to list
    entries: list[tuple[str, Any, int]] = []
    if data is not None and (data.fields is not None or data.items is not None):
        entries += [(key, to_data(item), line) for key, item, line in pairs(data)]
    entries += [(key, _file_value(item), line) for key, item, line in pairs(files)]
    body: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key, value, line in entries:
        # A field sent twice (a list of files) keeps every value.
        body[key] = add_repeated(body[key], value) if key in body else value
        lines.setdefault(key, line)
    return body, "multipart", files.line, lines


def _file_value(item: Val) -> Any:
    """A `files=` entry as "@path": `open(p)`, `(name, open(p))`, `(name, open(p), type)`."""
    if item.file:
        return item.data
    if item.items:
        opened = [part for part in item.items if part.file]
        if opened:
            return opened[0].data
        return "@" + to_str(item.items[0])
    return to_data(item)
