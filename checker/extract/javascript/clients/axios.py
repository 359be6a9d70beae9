"""axios: `axios.post(url, data, config)`, `axios(config)`, instances from `axios.create`.

Verbs without data (`get`, `delete`, `head`, `options`) take `(url, config)`,
verbs with data `(url, data, config)`, the `...Form` verbs send their data as
multipart; `axios(config)`, `axios(url, config)` and `axios.request(config)`
read everything from the config. An instance's defaults (`baseURL`, headers)
come first; a relative URL is joined to `baseURL` as axios joins it. Object
or array data implies `Content-Type: application/json`, as axios sets it.
"""

from __future__ import annotations

import re
from typing import Any

from tree_sitter import Node

from checker.extract.javascript.clients import common
from checker.extract.javascript.clients.common import Found, Match
from checker.extract.javascript.reader import Reader
from checker.extract.javascript.syntax import arguments
from checker.extract.javascript.values import UNDEFINED, ObjVal, js_string

CLIENT = "axios"
VERBS_NO_DATA = frozenset({"get", "delete", "head", "options"})
VERBS_DATA = frozenset({"post", "put", "patch"})
VERBS_FORM = frozenset({"postForm", "putForm", "patchForm"})
VERBS = VERBS_NO_DATA | VERBS_DATA | VERBS_FORM | {"request"}


def read(r: Reader, node: Node, match: Match) -> Found | None:
    args = arguments(node)
    at = node.start_byte
    verb = r.text(match.verb) if match.verb is not None else ""
    config, url_node = _config(r, args, verb, at)
    if config is None:
        return None
    found = common.start(r, node, CLIENT)
    defaults = match.instance.config if match.instance is not None else ObjVal()
    method, line = _method(r, verb, match.verb, config, node)
    found.draft.set_method(method, line)
    _url(r, found, defaults, config, url_node, at)
    for source in (defaults, config):
        if "headers" in source.fields:
            common.headers(r, found, source.fields["headers"], source.nodes.get("headers"), at)
        _extras(found, source)
    data_node = args[1] if verb in VERBS_DATA | VERBS_FORM and len(args) > 1 else config.nodes.get("data")
    if data_node is not None or "data" in config.fields:
        data = r.value(data_node, at) if data_node is not None else config.fields["data"]
        data_line = r.line(data_node) if data_node is not None else config.lines["data"]
        _data(r, found, data, data_node, data_line, verb in VERBS_FORM, at)
    return found


def _config(r: Reader, args: list[Node], verb: str, at: int) -> tuple[ObjVal | None, Node | None]:
    """The config object and the node of the URL, whatever the call shape."""
    if verb in ("", "request") and args:
        first = r.value(args[0], at)
        if isinstance(first, ObjVal):
            return first, first.nodes.get("url")
        config = r.value(args[1], at) if len(args) > 1 else ObjVal()
        return (config if isinstance(config, ObjVal) else ObjVal()), args[0]
    if verb in ("", "request"):
        return None, None
    position = 2 if verb in VERBS_DATA | VERBS_FORM else 1
    config = r.value(args[position], at) if len(args) > position else ObjVal()
    return (config if isinstance(config, ObjVal) else ObjVal()), (args[0] if args else None)


def _method(r: Reader, verb: str, verb_node: Node | None, config: ObjVal, node: Node) -> tuple[str, int]:
    if verb and verb != "request" and verb_node is not None:
        return verb.removesuffix("Form"), r.line(verb_node)
    if "method" in config.fields:
        return js_string(config.fields["method"]), common.written(r, config, "method", node.start_byte)
    return "GET", r.line(node)


def _url(r: Reader, found: Found, defaults: ObjVal, config: ObjVal, url_node: Node | None,
         at: int) -> None:
    url = r.value(url_node, at) if url_node is not None else config.fields.get("url", "")
    base = config.fields.get("baseURL", defaults.fields.get("baseURL", ""))
    text = join(js_string(base) if base else "", js_string(url) if url is not UNDEFINED else "")
    line: int | None = None
    if url_node is not None:
        line = r.origin_line(url_node, at)
    elif "url" in config.lines:
        line = config.lines["url"]
    elif "baseURL" in config.lines or "baseURL" in defaults.lines:
        line = config.lines.get("baseURL", defaults.lines.get("baseURL", 0))
    common.set_url(found, text, line)


def _extras(found: Found, config: ObjVal) -> None:
    """params (the query), auth (basic) and withCredentials."""
    if isinstance(config.fields.get("params"), ObjVal):
        common.query(found, config.fields["params"], config.lines["params"])
    if isinstance(config.fields.get("auth"), ObjVal):
        found.draft.set_auth("basic", config.lines["auth"])
    if config.fields.get("withCredentials") is True:
        found.draft.credentials = "include"
        found.draft.lines["credentials"] = config.lines["withCredentials"]


def _data(r: Reader, found: Found, data: Any, node: Node | None, line: int, form: bool, at: int) -> None:
    if form and isinstance(data, ObjVal) and data.kind == "object":
        data = ObjVal({k: js_string(v) for k, v in data.fields.items()}, data.lines, data.nodes,
                      "formdata", data.line)
    common.body(r, found, data, node, line, at)
    if found.draft.body_kind == "json" and isinstance(data, (ObjVal, list)):
        # axios serialises objects itself and says so in Content-Type.
        found.draft.imply("Content-Type", "application/json")


def join(base: str, url: str) -> str:
    """axios' combineURLs: a relative url is appended to baseURL with one slash."""
    if not base or re.match(r"^([a-z][a-z\d+\-.]*:)?//", url, re.IGNORECASE):
        return url
    return base.rstrip("/") + "/" + url.lstrip("/") if url else base
