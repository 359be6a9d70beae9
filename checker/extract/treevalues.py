"""Values an extractor reads off a tree-sitter tree, each with its sample line.

Shared by the PHP and Ruby extractors (and any other tree-sitter one): a
value is a scalar, a `dict`/`list` of values, an object of the extractor's own
(a client, a request being built), or unknown. An unknown value reads
`${<what is written>}`, in place inside strings, like the Python and
JavaScript extractors write it; an environment read is `${NAME}`. A value
that is JSON text of known data (`json_encode([...])`, `{...}.to_json`) keeps
the data and says so (`kind="json"`), so a body built that way keeps the line
of every key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urljoin

from tree_sitter import Node

from checker.extract.http import LineAt, RequestDraft

MAX_STEPS = 200_000        # values evaluated in one sample
MAX_DEPTH = 100            # nesting of one expression followed
MAX_DATA_NODES = 50_000    # parts of one value spelled out
MAX_REQUESTS = 500
DEEP = "<nested too deep>"


class Stop(Exception):
    """The sample costs more than its bounds allow: keep what was found."""


@dataclass
class Val:
    data: Any                  # str | int | float | bool | None | dict[str, Val] | list[Val] | object
    line: int                  # 1-based sample line where it is written
    known: bool = True
    kind: str = ""             # "json": JSON text of `data`; "form": a url-encoded form of it
    # For a string written in one literal: the line of a character of it.
    line_at: LineAt | None = field(default=None, compare=False, repr=False)

    def at(self, offset: int) -> int:
        return self.line_at(offset) if self.line_at else self.line


def unknown(written: str, line: int) -> Val:
    """What cannot be known, kept readable as `${...}`."""
    shown = " ".join(written.split())
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return Val(f"${{{shown}}}", line, known=False)


def text_line_at(text: str, line: int) -> LineAt:
    """The line of a character of a literal that starts on `line`."""
    return lambda offset: line + text.count("\n", 0, max(0, offset))


def to_data(value: Val) -> Any:
    """Plain data (str, numbers, dicts, lists) of a value."""
    budget = [MAX_DATA_NODES]

    def walk(item: Val, depth: int) -> Any:
        budget[0] -= 1
        if depth > MAX_DEPTH or budget[0] < 0:
            return DEEP
        if isinstance(item.data, dict):
            return {key: walk(v, depth + 1) for key, v in item.data.items()}
        if isinstance(item.data, list):
            return [walk(v, depth + 1) for v in item.data]
        if item.data is None or isinstance(item.data, (str, int, float, bool)):
            return item.data
        return text(item)

    return walk(value, 0)


def text(value: Val) -> str:
    """A value as the text it stands for in a string."""
    data = value.data
    if isinstance(data, str):
        return data
    if isinstance(data, bool):
        return "true" if data else "false"
    if isinstance(data, (int, float)):
        return str(data)
    if data is None:
        return ""
    if isinstance(data, (dict, list)):
        plain = to_data(value)
        if value.kind == "form" and isinstance(plain, dict):
            return urlencode({k: v if isinstance(v, str) else json.dumps(v) for k, v in plain.items()})
        return json.dumps(plain, ensure_ascii=False)
    return f"${{{type(data).__name__.strip('_').lower()}}}"


def key_lines(value: Val, prefix: str = "", depth: int = 0) -> dict[str, int]:
    """`body:<key>` lines of a dict value, nested keys as `a.b`; the first
    object of a list stands for all (as `json_key_offsets` does)."""
    found: dict[str, int] = {}
    if depth > MAX_DEPTH or len(found) > MAX_DATA_NODES:
        return found
    if isinstance(value.data, dict):
        for key, item in value.data.items():
            path = f"{prefix}.{key}" if prefix else key
            found[path] = item.line
            found.update({k: v for k, v in key_lines(item, path, depth + 1).items() if k not in found})
    elif isinstance(value.data, list) and prefix:
        first = next((item for item in value.data if isinstance(item.data, dict)), None)
        if first is not None:
            found.update(key_lines(first, prefix, depth + 1))
    return found


def set_body(draft: RequestDraft, value: Val, kind: str | None = None) -> None:
    """A body value: JSON-encoded data, a form, a structure of the given
    `kind` ("json", "form", "multipart"), or text read as JSON/form/raw."""
    if value.kind in ("json", "form") and isinstance(value.data, (dict, list)):
        draft.set_body(to_data(value), value.kind, value.line, key_lines(value))
    elif kind and isinstance(value.data, (dict, list)):
        data = to_data(value)
        if kind != "json" and isinstance(data, dict):
            data = {k: v if isinstance(v, (str, list, dict)) else text(Val(v, 0)) for k, v in data.items()}
        draft.set_body(data, kind, value.line, key_lines(value))
    elif kind == "json" and value.known and not isinstance(value.data, str):
        draft.set_body(to_data(value), "json", value.line)
    else:
        draft.set_body_text(text(value), value.at)


def join_url(base: str, url: str) -> str:
    """A client's base URL and a request's path, as RFC 3986 resolves them
    (when the base is a URL); an unknown base is joined with one slash."""
    if not base or "://" in url or url.startswith("${"):
        return url or base
    if "://" in base and not base.startswith("${"):
        return urljoin(base, url)
    return base.rstrip("/") + "/" + url.lstrip("/") if url else base


def key_of(node: Node) -> tuple[int, int, int]:
    """A node's identity within one tree (its range and kind)."""
    return (node.start_byte, node.end_byte, node.kind_id)


class Walker:
    """What every tree walker keeps: its bounds, the requests it drafts (each
    with its last line), and the calls already evaluated (a call is read once,
    whether reached as a statement or inside another)."""

    def __init__(self, shift: int = 0) -> None:
        self.shift = shift         # lines put before the sample to make it parse
        self.steps = 0
        self.memo: dict[tuple[int, int, int], Val] = {}
        self.env: dict[str, Val] = {}
        self.drafts: list[RequestDraft] = []
        self.ends: dict[int, int] = {}

    def line(self, node: Node) -> int:
        return max(1, node.start_point[0] + 1 - self.shift)

    def last_line(self, node: Node) -> int:
        return max(1, node.end_point[0] + 1 - self.shift)

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise Stop

    def draft(self, client: str, node: Node) -> RequestDraft:
        if len(self.drafts) >= MAX_REQUESTS:
            raise Stop
        draft = RequestDraft(client, self.line(node))
        self.drafts.append(draft)
        self.ends[id(draft)] = self.last_line(node)
        return draft

    def reach(self, draft: RequestDraft, node: Node) -> None:
        """The request's code goes on to this node (`curl_exec`, `http.request`)."""
        self.ends[id(draft)] = max(self.ends[id(draft)], self.last_line(node))

    def literal_text(self, node: Node, text_value: str, line: int | None = None) -> Val:
        """A string written in one literal (starting on `line`, the node's by
        default); a multi-line one keeps the line of each of its characters."""
        start = line if line is not None else self.line(node)
        if b"\n" not in (node.text or b""):
            return Val(text_value, start)
        return Val(text_value, start, line_at=text_line_at(text_value, start))

    def requests(self) -> list[Any]:
        return [draft.build(self.ends[id(draft)]) for draft in self.drafts]
