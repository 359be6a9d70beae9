"""What a Python expression evaluates to: `Val`, the objects it may hold, and
how it reads back as plain data (`to_data`) or text (`to_str`).

A value keeps the line it is written on, and a dict each key's line, so that
a finding can point at the line of one body key.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checker.extract.http import RequestDraft
    from checker.extract.python.scopes import Env

MAX_DATA_NODES = 50_000  # parts of one value spelled out


@dataclass(eq=False)
class Val:
    """What an expression evaluates to, and the line where it is written.

    `src` set means unknown: rendered `${src}`. Dicts and sequences keep their
    parts as Vals so that each key keeps its own line. `data` holds a scalar
    or one of the reference objects below (module, session, response...).
    """

    line: int
    data: Any = None
    src: str | None = None
    text: str = ""                        # source text, to render a reference
    fields: dict[Any, Val] | None = None  # dict
    keys: dict[Any, int] | None = None    # dict: line of each key
    items: list[Val] | None = None        # list, tuple, set
    json_of: Val | None = None            # a str made by json.dumps(json_of)
    form_of: Val | None = None            # a str made by urllib.parse.urlencode(form_of)
    file: bool = False                    # an open() file: data is "@path"
    # dict: keys set only under an `if` of unknown outcome, with the lines
    # that `if` spans (a request sent inside it sends them for sure).
    conditional: dict[Any, tuple[int, int]] | None = None


# --- what a value may refer to ------------------------------------------------

@dataclass(frozen=True)
class Lib:
    """A module or one of its attributes, by dotted path: `requests.post`."""
    path: str


@dataclass(eq=False)
class Func:
    node: ast.FunctionDef | ast.AsyncFunctionDef
    env: Env
    method: bool = False   # bound as `self.name`: the first parameter is self


@dataclass(eq=False)
class Session:
    """A requests Session / httpx Client / aiohttp ClientSession and its defaults."""
    headers: Val
    cookies: Val
    params: Val
    client: str = "requests"
    base_url: Val | None = None
    auth: str = ""


@dataclass(eq=False)
class Response:
    """What a call that sends returns: the request, still open to status checks."""
    draft: RequestDraft


@dataclass(eq=False)
class Attr:
    """`base.name` where base is a session, response or known value: a method to call."""
    base: Val
    name: str


@dataclass(frozen=True)
class Auth:
    scheme: str


@dataclass(eq=False)
class Prepared:
    """A request built before it is sent: `urllib.request.Request(...)`."""
    client: str
    start: int
    url: Val
    method: Val | None = None
    data: Val | None = None
    headers: list[tuple[str, Val, int]] = field(default_factory=list)


@dataclass(eq=False)
class Connection:
    """`http.client.HTTPSConnection(host)`: where its requests go, and the
    last one sent (what `getresponse()` answers)."""
    scheme: str
    host: Val
    port: Val | None = None
    last: RequestDraft | None = None


REFERENCES = (Lib, Func, Session, Response, Attr, Auth, Prepared, Connection)


# --- reading a value back -------------------------------------------------------

def to_data(value: Val) -> Any:
    """Plain Python data for a Val; unknown parts as `${src}` strings."""
    budget = [MAX_DATA_NODES]

    def convert(item: Val, path: frozenset[int]) -> Any:
        budget[0] -= 1
        if item.src is not None:
            return f"${{{item.src}}}"
        if id(item) in path or budget[0] < 0:
            return "${...}"  # a value that contains itself, or too big to spell out
        inner = path | {id(item)}
        if item.fields is not None:
            return {key: convert(v, inner) for key, v in item.fields.items()}
        if item.items is not None:
            return [convert(v, inner) for v in item.items]
        if isinstance(item.data, REFERENCES):
            return f"${{{item.text}}}"
        return item.data

    return convert(value, frozenset())


def to_str(value: Val) -> str:
    """The text Python would produce for `str(value)`, unknown parts as `${src}`."""
    data = to_data(value)
    return data if isinstance(data, str) else str(data)


def is_str(value: Val) -> bool:
    return value.src is None and isinstance(value.data, str) and value.fields is None


def is_none(value: Val | None) -> bool:
    return value is None or (value.src is None and value.data is None
                             and value.fields is None and value.items is None)


def is_present(value: Val | None) -> bool:
    return value is not None and not is_none(value)


def hashable(data: Any) -> bool:
    return isinstance(data, (str, int, float, bool, type(None)))


def truth_of(value: Val) -> bool | None:
    """Whether a value is true, when that is known statically."""
    if value.src is not None:
        return None
    if value.fields is not None:
        return bool(value.fields)
    if value.items is not None:
        return bool(value.items)
    if isinstance(value.data, (str, int, float, bool, type(None))):
        return bool(value.data)
    if isinstance(value.data, (Lib, Func, Session, Auth, Connection, Prepared)):
        return True
    return None  # a response (truthy when ok) or an attribute of one


def scalar(value: Val) -> tuple[bool, Any]:
    known = value.src is None and value.fields is None and value.items is None \
        and isinstance(value.data, (str, int, float, bool, type(None)))
    return known, value.data


# --- dicts and sequences ----------------------------------------------------------

def new_dict(line: int) -> Val:
    return Val(line=line, fields={}, keys={})


def copy_dict(value: Val) -> Val:
    return Val(line=value.line, fields=dict(value.fields or {}), keys=dict(value.keys or {}),
               conditional=dict(value.conditional) if value.conditional else None)


def from_data(data: Any, line: int) -> Val:
    """A Val for plain data (what `json.loads` of a known text gives)."""
    if isinstance(data, dict):
        return Val(line=line, fields={k: from_data(v, line) for k, v in data.items()},
                   keys={k: line for k in data})
    if isinstance(data, list):
        return Val(line=line, items=[from_data(v, line) for v in data])
    return Val(line=line, data=data)


def pairs(value: Val) -> list[tuple[str, Val, int]]:
    """(key, value, line) of a dict or of a list of 2-tuples."""
    if value.fields is not None:
        keys = value.keys or {}
        return [(str(k), v, keys.get(k, v.line)) for k, v in value.fields.items()]
    found = []
    for item in value.items or []:
        if item.items is not None and len(item.items) == 2:
            key, inner = item.items
            found.append((to_str(key), inner, item.line))
    return found


def add_repeated(previous: Any, value: Any) -> Any:
    return (previous if isinstance(previous, list) else [previous]) + [value]


def key_lines(value: Val) -> dict[str, int]:
    """The line of every key of a dict, top-level ones as written, nested
    ones as `a.b` (the first dict of a list stands for all)."""
    lines = {str(key): line for key, line in (value.keys or {}).items()}
    for key, line in _nested_key_lines(value).items():
        lines.setdefault(key, line)
    return lines


def _nested_key_lines(value: Val, prefix: str = "", depth: int = 0) -> dict[str, int]:
    lines: dict[str, int] = {}
    if depth > 32:  # a dict that holds itself
        return lines
    for key, item in (value.fields or {}).items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if prefix and value.keys and key in value.keys:
            lines.setdefault(path, value.keys[key])
        for inner in (item.items or []) if item.items is not None else [item]:
            if inner.fields is not None:
                for sub, line in _nested_key_lines(inner, path, depth + 1).items():
                    lines.setdefault(sub, line)
    return lines


def optional_keys(value: Val | None, call_line: int, prefix: str = "", depth: int = 0) -> set[str]:
    """Keys (nested as `a.b`) set under an `if` the call at `call_line` is not in."""
    if value is None or value.fields is None or depth > 32:
        return set()
    found = {f"{prefix}{key}" for key, (start, end) in (value.conditional or {}).items()
             if not start <= call_line <= end}
    for key, item in value.fields.items():
        found |= optional_keys(item, call_line, f"{prefix}{key}.", depth + 1)
    return found


def auth_scheme(value: Val) -> str:
    if isinstance(value.data, Auth):
        return value.data.scheme
    if value.items is not None and len(value.items) == 2:
        return "basic"  # auth=(user, password)
    return ""
