"""What every JavaScript client's reading shares: a found request, its headers and its body.

A client module recognises its calls and says which of their parts are the
method, URL, headers and body; what a header or a body *is* once read
(cookies, JSON or form or raw text, key lines) is `checker.extract.http`'s
`RequestDraft`, the same for every language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from tree_sitter import Node

from checker.extract.http import LineAt, RequestDraft
from checker.extract.javascript.reader import Reader
from checker.extract.javascript.scopes import Binding
from checker.extract.javascript.values import (
    UNDEFINED,
    ClientVal,
    JsonText,
    ObjVal,
    js_string,
    pairs,
    to_data,
)
from checker.model import Request

# How a body object is sent, by what made it.
BODY_KINDS = {"formdata": "multipart", "params": "form", "object": "json", "headers": "raw"}


@dataclass
class Found:
    """One request a call sends, while it is read."""

    node: Node                    # the call (the whole chain, for superagent)
    draft: RequestDraft
    end: int                      # the sample line the request's code ends on
    order: tuple[int, ...] = ()   # execution order: calls that lead here, then the call itself
    holder: Binding | None = None  # the variable whose `.status` is this request's (an XHR)

    def build(self) -> Request:
        return self.draft.build(self.end)


@dataclass
class Match:
    """A call recognised as a request: which client, its instance, the verb's node."""

    client: str
    instance: ClientVal | None = None
    verb: Node | None = None


def start(r: Reader, node: Node, client: str, last: Node | None = None) -> Found:
    """A request read from `node` (to `last`, where its code ends), method GET until said."""
    found = Found(node, RequestDraft(client, r.line(node)), (last or node).end_point[0] + 1)
    found.draft.lines["method"] = r.line(node)
    return found


def set_url(found: Found, url: Any, line: int | None) -> None:
    """The URL as a reader shows it (unknown parts as `${...}`); `line` None when not written."""
    text = js_string(url) if url is not UNDEFINED else ""
    if line is None:
        found.draft.url = text
    else:
        found.draft.set_url(text, line)


def written(r: Reader, obj: ObjVal, key: str, at: int) -> int:
    """Line of a key's value, following `{ method }` to where `method` is declared."""
    node = obj.nodes.get(key)
    return r.origin_line(node, at) if node is not None else obj.lines[key]


def headers(r: Reader, found: Found, value: Any, node: Node | None, at: int) -> None:
    """Headers from an object, `new Headers(...)` or `[[k, v]]` pairs, each at its line."""
    if isinstance(value, list):
        value = r.keyed(value, r.origin_node(node, at), found.draft.start, "headers")
    if not isinstance(value, ObjVal):
        return  # `formData.getHeaders()` and other computed headers
    for name, item in pairs(value):
        if item is not UNDEFINED:
            found.draft.set_header(name, js_string(item), value.lines.get(name, found.draft.start))


def query(found: Found, params: Any, line: int) -> None:
    """Query parameters from an object (`params`, `searchParams`, `.query({...})`)."""
    if isinstance(params, ObjVal):
        for key, value in params.fields.items():
            if value is UNDEFINED:
                continue
            found.draft.add_query(key, [js_string(v) for v in value] if isinstance(value, list)
                                  else js_string(value), line)
            found.draft.lines["query:" + key] = params.lines.get(key, line)
    elif isinstance(params, str):
        for key, value in parse_qsl(params.lstrip("?"), keep_blank_values=True):
            found.draft.add_query(key, value, line)


def body(r: Reader, found: Found, value: Any, node: Node | None, line: int, at: int) -> None:
    """A request body as the sample builds it: `JSON.stringify(x)`, an object, a
    FormData, URLSearchParams, or text (JSON, a form or raw, by what it holds)."""
    if value is UNDEFINED or value is None:
        return
    body_line = r.origin_line(node, at) if node is not None else line
    if isinstance(value, str):
        found.draft.set_body_text(value, string_line_at(r, value, node, at, body_line))
        return
    source = value.value if isinstance(value, JsonText) else value
    if isinstance(value, (JsonText, list)):
        data, kind = to_data(source), "json"
    elif isinstance(value, ObjVal):
        kind = BODY_KINDS[value.kind]
        data = to_data(value) if value.kind != "headers" else js_string(value)
    else:
        data, kind = js_string(value), "raw"
    keys = key_lines(source) if isinstance(source, ObjVal) else {}
    at_lines = {key: keys.get(key, body_line) for key in data} if isinstance(data, dict) else {}
    found.draft.set_body(data, kind, body_line, at_lines | keys)
    if isinstance(data, dict) and isinstance(source, ObjVal):
        found.draft.optional = sorted(optional_keys(source))


def string_line_at(r: Reader, text: str, node: Node | None, at: int, line: int) -> LineAt:
    """Where an offset of a string body is written: counted from the literal it
    comes from when every line break of the text is one of the literal's."""
    origin = r.origin_node(node, at) if node is not None else None
    if origin is None or origin.type not in ("string", "template_string"):
        return lambda _offset: line
    first, breaks = r.line(origin), r.text(origin).count("\n")
    if breaks == 0 or text.count("\n") != breaks:
        return lambda _offset: first
    return lambda offset: first + text.count("\n", 0, offset)


def key_lines(obj: ObjVal, prefix: str = "") -> dict[str, int]:
    """The line of each key of an object literal, nested ones as `a.b` (the
    first object of a list stands for all): each at its own line."""
    lines: dict[str, int] = {}
    for key, value in obj.fields.items():
        path = f"{prefix}.{key}" if prefix else key
        if key in obj.lines:
            lines.setdefault(path, obj.lines[key])
        inner = value if isinstance(value, list) else [value]
        for item in inner:
            if isinstance(item, ObjVal) and item.kind == "object":
                for sub, sub_line in key_lines(item, path).items():
                    lines.setdefault(sub, sub_line)
    return lines


def optional_keys(obj: ObjVal, prefix: str = "", depth: int = 0) -> set[str]:
    """The keys of an object (nested as `a.b`) set only under a condition."""
    found = {f"{prefix}.{k}" if prefix else k for k in obj.optional}
    for key, value in obj.fields.items():
        if isinstance(value, ObjVal) and value.kind == "object" and depth < 32:
            found |= optional_keys(value, f"{prefix}.{key}" if prefix else key, depth + 1)
    return found


def option(config: ObjVal, *keys: str) -> tuple[str, Any] | None:
    """The first of `keys` a config sets (not to `undefined`), with its value."""
    for key in keys:
        if key in config.fields and config.fields[key] is not UNDEFINED:
            return key, config.fields[key]
    return None
