"""The library functions the evaluator knows the result of: `json.dumps`,
`dict(...)`, `str`, `open` (-> "@path"), `os.path`, `urljoin`, `urlencode`.
Each takes the call and its evaluated arguments and gives a `Val`, or None
when the result cannot be known (the call then reads as unknown)."""

from __future__ import annotations

import ast
import json
import posixpath
from collections.abc import Callable
from urllib.parse import urlencode

from checker.extract.base import resolve_url
from checker.extract.http import json_value
from checker.extract.python.values import (
    Val,
    from_data,
    is_str,
    new_dict,
    pairs,
    to_data,
    to_str,
)

Function = Callable[[ast.Call, list[Val], dict[str, Val]], "Val | None"]


def _json_dumps(node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    if not args:
        return None
    text = json.dumps(to_data(args[0]), default=str)
    return Val(line=args[0].line, data=text, json_of=args[0])


def _json_loads(node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    if not args or not is_str(args[0]):
        return None
    ok, parsed = json_value(args[0].data)
    return from_data(parsed, args[0].line) if ok else None


def _dict(node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    result = new_dict(node.lineno)
    assert result.fields is not None and result.keys is not None
    if args:
        if args[0].fields is None and args[0].items is None:
            return None
        for key, value, line in pairs(args[0]):
            result.fields[key], result.keys[key] = value, line
    for key, value in kwargs.items():
        result.fields[key], result.keys[key] = value, value.line
    return result


def _str(node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    if not args or args[0].src is not None:
        return None
    return Val(line=node.lineno, data=to_str(args[0]))


def _open(node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    path = args[0] if args else kwargs.get("file")
    if path is None:
        return None
    return Val(line=node.lineno, data="@" + to_str(path), file=True)


def _sequence(node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    if not args:
        return Val(line=node.lineno, items=[])
    return Val(line=node.lineno, items=list(args[0].items)) if args[0].items is not None else None


def _known_strings(args: list[Val]) -> list[str] | None:
    return [a.data for a in args] if args and all(is_str(a) for a in args) else None


def _basename(node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    texts = _known_strings(args[:1])
    return Val(line=node.lineno, data=posixpath.basename(texts[0])) if texts else None


def _path_join(node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    texts = _known_strings(args)
    return Val(line=node.lineno, data=posixpath.join(*texts)) if texts else None


def _splitext(node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    texts = _known_strings(args[:1])
    if not texts:
        return None
    return Val(line=node.lineno, items=[Val(line=node.lineno, data=p) for p in posixpath.splitext(texts[0])])


def _urljoin(node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    texts = _known_strings(args[:2])
    return Val(line=node.lineno, data=resolve_url(texts[0], texts[1])) if texts and len(texts) == 2 else None


def _urlencode(node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    """`urlencode({...})`: the form text, remembering the dict it encodes (a
    body of it is a form, key by key). Unknown parts stay readable (`${x}`)."""
    if not args or (args[0].fields is None and args[0].items is None):
        return None
    items = [(key, [to_str(v) for v in item.items] if item.items is not None else to_str(item))
             for key, item, _ in pairs(args[0])]
    text = urlencode(items, doseq=True, safe="${}")
    return Val(line=args[0].line, data=text, form_of=args[0])


FUNCTIONS: dict[str, Function] = {
    "json.dumps": _json_dumps, "json.loads": _json_loads,
    "dict": _dict, "str": _str, "open": _open, "io.open": _open,
    "list": _sequence, "tuple": _sequence,
    "os.path.basename": _basename, "os.path.join": _path_join,
    "os.path.splitext": _splitext,
    "posixpath.join": _path_join, "urllib.parse.urljoin": _urljoin,
    "urllib.parse.urlencode": _urlencode,
}
