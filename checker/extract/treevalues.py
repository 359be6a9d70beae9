"""PHP's and Ruby's value model: every value read off the tree keeps its sample line.

What values are in any language (the unknown stand-in, plain data and key
lines, URL joining, the budget) is `checker.extract.treesit`'s; this is the
model the PHP and Ruby extractors build on it, and their walker: a
value is a scalar, a `dict`/`list` of values, an object of the extractor's own
(a client, a request being built), or unknown. An unknown value reads
`${<what is written>}`, in place inside strings, like the Python and
JavaScript extractors write it; an environment read is `${NAME}`. A value
that is JSON text of known data (`json_encode([...])`, `{...}.to_json`) keeps
the data and says so (`kind="json"`), so a body built that way keeps the line
of every key.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from tree_sitter import Node

from checker.extract.base import Extraction
from checker.extract.http import LineAt, RequestDraft
from checker.extract.treesit import (
    DataBounds,
    Keyed,
    Spent,
    Unknown,
    error_message,
    first_error_node,
    keyed_data,
    scalar_text,
)
from checker.extract.treesit import text as source
from checker.extract.treesit import walk as preorder

MAX_STEPS = 200_000        # values evaluated in one sample
MAX_DEPTH = 100            # nesting of one expression followed
MAX_DATA_NODES = 50_000    # parts of one value spelled out
MAX_REQUESTS = 500
DEEP = "<nested too deep>"
_BOUNDS = DataBounds(depth=MAX_DEPTH, deep=DEEP, parts=MAX_DATA_NODES)


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
    return Val(str(Unknown(written, limit=80, keep=77)), line, known=False)


def text_line_at(text: str, line: int) -> LineAt:
    """The line of a character of a literal that starts on `line`."""
    return lambda offset: line + text.count("\n", 0, max(0, offset))


def _unfold(value: Val) -> Any:
    """A value's data one level down, as `keyed_data` reads it: a dict as a
    map whose keys have the lines of their values."""
    data = value.data
    if isinstance(data, dict):
        return Keyed(dict(data), {key: item.line for key, item in data.items()})
    if isinstance(data, list) or data is None or isinstance(data, (str, int, float, bool)):
        return data
    return value


def _leaf(value: Val, depth: int) -> str:
    return text(value)


def to_data(value: Val) -> Any:
    """Plain data (str, numbers, dicts, lists) of a value."""
    return keyed_data(value, _leaf, _BOUNDS, _unfold)[0]


def text(value: Val) -> str:
    """A value as the text it stands for in a string."""
    data = value.data
    shown = scalar_text(data, none="")
    if shown is not None:
        return shown
    if isinstance(data, (dict, list)):
        plain = to_data(value)
        if value.kind == "form" and isinstance(plain, dict):
            return urlencode({k: v if isinstance(v, str) else json.dumps(v) for k, v in plain.items()})
        return json.dumps(plain, ensure_ascii=False)
    return f"${{{type(data).__name__.strip('_').lower()}}}"


def key_lines(value: Val) -> dict[str, int]:
    """`body:<key>` lines of a dict value, nested keys as `a.b` (a body that
    is a list gives none)."""
    if not isinstance(value.data, dict):
        return {}
    return keyed_data(value, _leaf, _BOUNDS, _unfold)[1]


def concat(first: Val, second: Val, line: int) -> Val:
    """Two values joined as text (`.`, `+`, `<<`): known when both are."""
    return Val(text(first) + text(second), line, known=first.known and second.known)


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


def key_of(node: Node) -> tuple[int, int, int]:
    """A node's identity within one tree (its range and kind)."""
    return (node.start_byte, node.end_byte, node.kind_id)


def extraction(walker: Walker, root: Node, language: str) -> Extraction:
    """What a walker finds in a tree: its requests, and the first syntax error
    (on the sample's line); a walk over its budget keeps what it found."""
    with contextlib.suppress(Spent, RecursionError):
        walker.walk(root)
    result = Extraction(requests=walker.requests())
    if root.has_error:
        error = first_error_node(root)
        if error is not None:
            result.error = error_message(language, error)
            result.error_line = walker.line(error)
    return result


class Walker:
    """What every tree walker keeps: its bounds, the requests it drafts (each
    with its last line), and the calls already evaluated (a call is read once,
    whether reached as a statement or inside another). A language says what a
    node does as a statement (`statement`), which node kinds act (`calls`),
    and reads each kind of expression in a `_v_<kind>` method, the rest in
    `_other`."""

    calls: frozenset[str] = frozenset()

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
            raise Spent

    def draft(self, client: str, node: Node) -> RequestDraft:
        if len(self.drafts) >= MAX_REQUESTS:
            raise Spent
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

    def walk(self, root: Node) -> None:
        for node in preorder(root):
            self.tick()
            self.statement(node)

    def statement(self, node: Node) -> None:
        raise NotImplementedError

    def eval(self, node: Node, depth: int = 0) -> Val:
        self.tick()
        if depth > MAX_DEPTH:
            return unknown(source(node), self.line(node))
        if node.type in self.calls:
            key = key_of(node)
            if key not in self.memo:
                self.memo[key] = unknown(source(node), self.line(node))   # a call inside itself
                self.memo[key] = self._eval(node, depth)
            return self.memo[key]
        return self._eval(node, depth)

    def _eval(self, node: Node, depth: int) -> Val:
        handler = getattr(self, f"_v_{node.type}", None)
        if handler is not None:
            result: Val = handler(node, depth + 1)
            return result
        return self._other(node, depth)

    def _other(self, node: Node, depth: int) -> Val:
        return unknown(source(node), self.line(node))

    def assignment(self, node: Node, depth: int) -> Val:
        """`left = right`: the right side's value, which the left now holds."""
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            return unknown(source(node), self.line(node))
        value = self.eval(right, depth)
        self._assign(left, value, depth)
        return value

    def _assign(self, target: Node, value: Val, depth: int) -> None:
        raise NotImplementedError

    def or_default(self, first: Val, default: Node, depth: int) -> Val:
        """`a ?? b`, `a ?: b`, `a || b`: an unknown left side yields the written default."""
        return first if first.known else self.eval(default, depth)
