"""The value model: what a JavaScript expression is worth when read, not run.

Known values are plain Python data (str, int, float, bool, None, lists);
objects are `ObjVal` (which remembers the line each key is written on), and
everything the sample only computes at run time is `Opaque` (its source
text). `js_string` says a value the way JavaScript's `String()` would.
"""

from __future__ import annotations

import base64
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from tree_sitter import Node

# Modules whose default export is a client, and which client (`require('got')`).
CLIENT_MODULES = {
    "axios": "axios", "got": "got", "ky": "ky", "superagent": "superagent",
    "node-fetch": "fetch", "cross-fetch": "fetch", "isomorphic-fetch": "fetch",
    "isomorphic-unfetch": "fetch", "unfetch": "fetch", "undici": "fetch",
}
CLIENTS = frozenset(CLIENT_MODULES.values())



class _Undefined:
    def __repr__(self) -> str:
        return "undefined"


UNDEFINED = _Undefined()


@dataclass
class Opaque:
    """A value the sample computes at run time: kept as its source text."""

    text: str


@dataclass
class Marker:
    """A library entry point: `fetch`, `axios`, or what `require('axios')` returns."""

    name: str
    text: str


@dataclass
class JsonText:
    """What `JSON.stringify(value)` returns: JSON text that still knows its data."""

    value: Any


@dataclass
class FileVal:
    """A Blob or File: only its file name, when written, is of interest."""

    name: str | None
    text: str


@dataclass
class ObjVal:
    """An object literal, FormData, URLSearchParams or Headers, with where each key is written."""

    fields: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    nodes: dict[str, Node | None] = field(default_factory=dict)
    kind: str = "object"  # object | formdata | params | headers
    line: int = 0
    optional: frozenset[str] = frozenset()  # keys set only under a condition

    def put(self, key: str, value: Any, line: int, node: Node | None, repeat: bool = False) -> None:
        # FormData/URLSearchParams `.append` keeps every value of a repeated key.
        if repeat and key in self.fields:
            previous = self.fields[key]
            self.fields[key] = (previous if isinstance(previous, list) else [previous]) + [value]
        else:
            self.fields[key] = value
            self.lines[key] = line
            self.nodes[key] = node

    def copy(self) -> ObjVal:
        return ObjVal(dict(self.fields), dict(self.lines), dict(self.nodes), self.kind, self.line,
                      self.optional)


@dataclass
class ClientVal:
    """A client instance: `axios.create(config)`, `got.extend(options)`,
    `ky.create(options)` (their defaults), or a `new XMLHttpRequest()`."""

    client: str
    config: ObjVal
    text: str


def js_string(value: Any) -> str:
    """`String(value)` as JavaScript would say it; unknown parts as `${text}`."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _js_number(value)
    if isinstance(value, (Opaque, Marker, ClientVal, FileVal)):
        return "${" + value.text + "}"
    if isinstance(value, JsonText):
        return json_stringify(value.value)
    if isinstance(value, list):
        return ",".join("" if item is None or item is UNDEFINED else js_string(item) for item in value)
    if isinstance(value, ObjVal):
        if value.kind == "params":
            return urlencode([(k, js_string(v)) for k, v in pairs(value)])
        return "[object Object]" if value.kind == "object" else f"[object {value.kind}]"
    return str(value)


def _js_number(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)


def pairs(obj: ObjVal) -> Iterator[tuple[str, Any]]:
    for key, value in obj.fields.items():
        for item in value if isinstance(value, list) and obj.kind != "object" else [value]:
            yield key, item


def to_data(value: Any) -> Any:
    """Plain JSON-like data (dict/list/str/int/float/bool/None) for a body or query."""
    if isinstance(value, ObjVal):
        return {k: to_data(v) for k, v in value.fields.items() if v is not UNDEFINED}
    if isinstance(value, list):
        return [None if v is UNDEFINED else to_data(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is UNDEFINED:
        return None
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return js_string(value)


def json_stringify(value: Any) -> str:
    """JSON.stringify without indent: compact, keys in written order."""
    if isinstance(value, Opaque):
        return "${" + value.text + "}"
    return json.dumps(_integral(to_data(value)), separators=(",", ":"), ensure_ascii=False)


def _integral(data: Any) -> Any:
    # JavaScript prints 1.0 as 1.
    if isinstance(data, float) and data.is_integer() and abs(data) < 1e21:
        return int(data)
    if isinstance(data, dict):
        return {k: _integral(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_integral(v) for v in data]
    return data


def known(value: Any) -> bool:
    return not isinstance(value, (Opaque, Marker, ClientVal))



# -- strings and numbers as written

_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def unescape(seq: str) -> str:
    """The character a JavaScript escape sequence (`\\n`, `\\u00e9`, `\\x41`...) stands for."""
    body = seq[1:]
    if not body or body[0] in "\r\n\u2028\u2029":
        return ""  # a line continuation
    if body[0] in _SIMPLE_ESCAPES and not (body[0] == "0" and len(body) > 1):
        return _SIMPLE_ESCAPES[body[0]]
    try:
        if body[0] == "x":
            return chr(int(body[1:3], 16))
        if body[0] == "u":
            digits = body[2:-1] if body.startswith("u{") else body[1:5]
            return chr(int(digits, 16))
    except ValueError:
        return body
    return body


def join_surrogates(text: str) -> str:
    # `\ud83d\ude00` written as two escapes makes one character.
    try:
        return text.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeError:
        return text


def parse_number(text: str) -> int | float | None:
    raw = text.replace("_", "").rstrip("n")
    try:
        lower = raw.lower()
        if lower.startswith(("0x", "0o", "0b")):
            return int(raw, 0)
        if re.fullmatch(r"0[0-7]+", raw):  # legacy octal
            return int(raw, 8)
        if re.fullmatch(r"\d+", raw):
            return int(raw)
        return float(raw)
    except ValueError:
        return None


def plus(left: Any, right: Any, unknown: Opaque) -> Any:
    """JavaScript `+`: numbers add, anything with a string concatenates."""
    numbers = (int, float)
    if isinstance(left, numbers) and isinstance(right, numbers) and \
            not isinstance(left, bool) and not isinstance(right, bool):
        return left + right
    if isinstance(left, str) or isinstance(right, str) or isinstance(left, JsonText) or \
            isinstance(right, JsonText):
        return js_string(left) + js_string(right)
    return unknown


def base64_of(text: str, encoding: str) -> str:
    try:
        return base64.b64encode(text.encode(encoding)).decode("ascii")
    except UnicodeEncodeError:
        return base64.b64encode(text.encode("utf-8")).decode("ascii")


def url_join(base: str, path: str) -> str:
    """`new URL(path, base)` for the usual cases; placeholders survive."""
    if "://" in path:
        return path
    scheme_end = base.find("://")
    if path.startswith("/"):
        host_end = base.find("/", scheme_end + 3) if scheme_end >= 0 else -1
        return (base if host_end < 0 else base[:host_end]) + path
    return base.rsplit("/", 1)[0] + "/" + path if base.count("/") > 2 else base + "/" + path



def merged(base: ObjVal, over: ObjVal) -> ObjVal:
    """Options over defaults, as `got.extend` / `ky.extend` merge them: headers key by key."""
    result = base.copy()
    for key, value in over.fields.items():
        previous = result.fields.get(key)
        if key == "headers" and isinstance(previous, ObjVal) and isinstance(value, ObjVal):
            headers = previous.copy()
            for name, item in value.fields.items():
                headers.put(name, item, value.lines.get(name, value.line), value.nodes.get(name))
            value = headers
        result.put(key, value, over.lines.get(key, over.line), over.nodes.get(key))
    return result
