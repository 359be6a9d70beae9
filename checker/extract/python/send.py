"""What every Python client shares once its call is read: how a client plugs
into the walker (`Client`), and how evaluated headers and bodies go onto the
request (`checker.extract.http.RequestDraft` says what they mean)."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checker.extract.http import RequestDraft
from checker.extract.python.values import (
    Attr,
    Val,
    is_none,
    key_lines,
    pairs,
    to_data,
    to_str,
)

if TYPE_CHECKING:
    from checker.extract.python.walker import Walker

Call = Callable[["Walker", str, ast.Call, list[Val], dict[str, Val]], "Val | None"]
Method = Callable[["Walker", Attr, ast.Call, list[Val], dict[str, Val]], "Val | None"]


@dataclass(frozen=True)
class Client:
    """One client library: `call` reads a call of a library path
    (`requests.post`, `urllib.request.urlopen`), `method` a method of one of
    its objects (`session.post`, `conn.request`); each gives None when the
    call is not its own."""

    call: Call
    method: Method


def set_headers(draft: RequestDraft, source: Val | None) -> None:
    """A dict of headers: each at its key's line; a None value drops one
    (requests), a later one of the same name replaces it."""
    if source is None or source.fields is None:
        return
    for key, item in source.fields.items():
        name = str(key)
        if is_none(item):
            draft.drop_header(name)
            continue
        draft.set_header(name, to_str(item), (source.keys or {}).get(key, item.line))


def set_dict_body(draft: RequestDraft, value: Val, kind: str) -> None:
    """A body given as data (`json=`, `json.dumps(x)`): each key at its own line."""
    draft.set_body(to_data(value), kind, value.line, key_lines(value))


def set_form_body(draft: RequestDraft, value: Val) -> None:
    """A form given as a dict or a list of pairs (`data={...}`, `urlencode(...)`)."""
    found = pairs(value)
    form: dict[str, Any] = {key: to_data(item) for key, item, _ in found}
    draft.set_body(form, "form", value.line, {key: line for key, _, line in found})


def set_data_body(draft: RequestDraft, data: Val) -> None:
    """A body given as text or bytes: what it was made of when known
    (`json.dumps(x)`, `urlencode(d)`), else JSON when the text parses, raw otherwise."""
    if data.json_of is not None:
        set_dict_body(draft, data.json_of, "json")
    elif data.form_of is not None:
        set_form_body(draft, data.form_of)
    elif data.fields is not None or data.items is not None:
        set_form_body(draft, data)
    else:
        text = to_data(data)
        if not (isinstance(text, str) and draft.set_json_text(text, _lines_from(data.line, text),
                                                              scalars=False)):
            draft.set_body(text, "raw", data.line)


def _lines_from(line: int, text: str) -> Callable[[int], int]:
    """Offset in a string literal -> its line, the literal starting at `line`."""
    return lambda offset: line + text.count("\n", 0, offset)
