"""Python samples -> the HTTP requests they send, read with the standard `ast`.

The sample is parsed, never run. A small evaluator walks the statements in
source order (module level, function and method bodies, `if`/`for`/`while`/
`with`/`try`/`match` bodies, both branches of every `if`) and keeps a symbol
table of what each name holds; a later assignment replaces an earlier one.

What it understands:
- requests: `requests.get/post/put/patch/delete/head/options(url, ...)`,
  `requests.request("POST", url, ...)`, `requests.Session()` (also as a `with`
  target) and `s.post(...)`; `s.headers.update({...})`, `s.headers["X"] = v`,
  `s.cookies.set(n, v)`, `s.auth = (u, p)` are merged into later calls.
- httpx: the module functions, `httpx.request`/`httpx.stream`, `Client` and
  `AsyncClient` with `base_url=`, `headers=`, `cookies=`, `params=`, `auth=`
  (`await client.post("/x")` joins the base URL); aiohttp `ClientSession`
  with `async with s.post(...) as resp:`.
- Keyword arguments `headers=`, `cookies=`, `params=`, `json=`, `data=`,
  `content=`, `files=`, `auth=`, and `**kwargs` of a known dict.
  `json=x` and `data=json.dumps(x)` give the same body (kind "json"); only
  `json=` adds the implied Content-Type. `data={...}` is a form, `files=` (with
  or without `data=`) multipart, any other `data=` raw text (JSON text is
  parsed). A `Cookie` header becomes cookies.
- Values: literals, names, f-strings, `+`, `%`, `.format()`, a few pure string
  methods, `dict(...)`, `{**a, "k": v}`, `json.dumps`, `open()` (-> "@path"),
  `os.path.basename/join`, `urljoin`; dict mutation (`d["k"] = v`,
  `d.update(...)`). What cannot be known (parameters, environment, call
  results) is written `${<source text>}`, in place inside strings.
- Functions: a call `f(args)` walks `f`'s body with its parameters bound (so
  `query({...})` fills `json=payload`); functions never called are walked
  once with unknown parameters. `self.x = ...` in one method is seen by the
  others; `self.method(...)` is followed too.
- Status checks on a response variable: `==`, `!=`, `in`, `not in`, `assert`,
  `match`, `requests.codes.ok`, ranges such as `200 <= s < 300` (-> "2xx"),
  `raise_for_status()`, `.ok`, `.is_success` (-> "2xx"). Codes of 400 and up
  are failure branches, not expected statuses.

What it leaves alone: other HTTP clients (urllib, http.client, SDKs such as
`flowise`), instances of user classes (methods are read on their own, not per
instance), loop iterations (a loop body is read once), values computed by
arithmetic or unknown functions, and REPL transcripts (`>>>`). Code that does
not parse is reported with the parser's message and line, and yields nothing.
Text that is too large or too deep to follow yields what was found so far.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import posixpath
import string
import textwrap
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Callable
from urllib.parse import urljoin

from checker.extract.base import Extraction, make_request, split_url
from checker.model import Request

HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})
# Positional parameters of the client calls, after `self` (requests' order).
POSITIONAL: dict[str, tuple[str, ...]] = {
    "get": ("url", "params"), "post": ("url", "data", "json"), "put": ("url", "data"),
    "patch": ("url", "data"), "delete": ("url",), "head": ("url",), "options": ("url",),
    "request": ("method", "url", "params", "data", "headers", "cookies", "files", "auth"),
    "stream": ("method", "url"),
}
# Modules whose top-level functions send a request.
CLIENT_MODULES = frozenset({"requests", "requests.api", "httpx"})
SESSION_CLASSES = frozenset({
    "requests.Session", "requests.session", "requests.sessions.Session",
    "httpx.Client", "httpx.AsyncClient", "aiohttp.ClientSession",
})
AUTH_CLASSES = {
    "requests.auth.HTTPBasicAuth": "basic", "requests.HTTPBasicAuth": "basic",
    "requests.auth.HTTPDigestAuth": "digest", "requests.HTTPDigestAuth": "digest",
    "httpx.BasicAuth": "basic", "httpx.DigestAuth": "digest", "aiohttp.BasicAuth": "basic",
}
STATUS_NAMESPACES = ("requests.codes.", "httpx.codes.", "http.HTTPStatus.", "http.client.")
STATUS_NAMES = {m.name.lower(): m.value for m in HTTPStatus} | {
    "okay": 200, "all_ok": 200, "all_okay": 200, "all_good": 200,
}
# Names a snippet often uses without importing them.
IMPLICIT_MODULES = ("requests", "httpx", "aiohttp", "json", "os")
BUILTINS = ("dict", "str", "open", "list", "tuple")
STR_METHODS = frozenset({"strip", "lstrip", "rstrip", "lower", "upper", "replace",
                         "removeprefix", "removesuffix", "encode", "decode", "split", "rsplit"})
# Bounds that keep the walk finite on huge or self-referencing samples.
MAX_STEPS = 200_000
MAX_DEPTH = 8        # nested function calls followed
MAX_FOLLOW = 20      # calls followed into one function
MAX_REQUESTS = 500
MAX_DATA_NODES = 50_000  # parts of one value spelled out


# --- values -----------------------------------------------------------------

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
    file: bool = False                    # an open() file: data is "@path"
    # dict: keys set only under an `if` of unknown outcome, with the lines
    # that `if` spans (a request sent inside it sends them for sure).
    conditional: dict[Any, tuple[int, int]] | None = None


@dataclass(frozen=True)
class _Lib:
    """A module or one of its attributes, by dotted path: `requests.post`."""
    path: str


@dataclass(eq=False)
class _Func:
    node: ast.FunctionDef | ast.AsyncFunctionDef
    env: _Env
    method: bool = False   # bound as `self.name`: the first parameter is self


@dataclass(eq=False)
class _Session:
    """A requests Session / httpx Client / aiohttp ClientSession and its defaults."""
    headers: Val
    cookies: Val
    params: Val
    base_url: Val | None = None
    auth: str = ""


@dataclass(eq=False)
class _Response:
    request: Request


@dataclass(eq=False)
class _Attr:
    """`base.name` where base is a session, response or known value: a method to call."""
    base: Val
    name: str


@dataclass(frozen=True)
class _Auth:
    scheme: str


class _Stop(Exception):
    """The step budget is spent."""


class _Env:
    """One scope of the symbol table; lookups climb to the enclosing scopes."""

    def __init__(self, parent: _Env | None = None, is_class: bool = False) -> None:
        self.vars: dict[str, Val] = {}
        self.parent = parent
        self.is_class = is_class

    def get(self, name: str) -> Val | None:
        env: _Env | None = self
        while env is not None:
            if name in env.vars:
                return env.vars[name]
            env = env.parent
        return None

    def set(self, name: str, value: Val) -> None:
        self.vars[name] = value

    def set_attr(self, dotted: str, value: Val) -> None:
        """`self.x = v` belongs to the class, so that every method sees it."""
        env: _Env | None = self
        if dotted.startswith("self."):
            while env is not None and not env.is_class:
                env = env.parent
        (env or self).vars[dotted] = value


def _new_dict(line: int) -> Val:
    return Val(line=line, fields={}, keys={})


def _copy_dict(value: Val) -> Val:
    return Val(line=value.line, fields=dict(value.fields or {}), keys=dict(value.keys or {}),
               conditional=dict(value.conditional) if value.conditional else None)


def _nested_key_lines(value: Val, prefix: str = "", depth: int = 0) -> dict[str, int]:
    """The line of each key below the top of a dict, as `a.b` (the first dict
    of a list stands for all): each nested key at its own line."""
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


def _body_value(params: dict[str, Val]) -> Val | None:
    """The dict a call sends as its body (`json=`, `data=json.dumps(d)`, `data=d`)."""
    payload, data = params.get("json"), params.get("data")
    if _is_present(payload):
        return payload
    if data is not None and data.json_of is not None:
        return data.json_of
    return data


def _optional_keys(value: Val | None, call_line: int, prefix: str = "", depth: int = 0) -> set[str]:
    """Keys (nested as `a.b`) set under an `if` the call at `call_line` is not in."""
    if value is None or value.fields is None or depth > 32:
        return set()
    found = {f"{prefix}{key}" for key, (start, end) in (value.conditional or {}).items()
             if not start <= call_line <= end}
    for key, item in value.fields.items():
        found |= _optional_keys(item, call_line, f"{prefix}{key}.", depth + 1)
    return found


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
        if isinstance(item.data, (_Lib, _Func, _Session, _Response, _Attr, _Auth)):
            return f"${{{item.text}}}"
        return item.data

    return convert(value, frozenset())


def to_str(value: Val) -> str:
    """The text Python would produce for `str(value)`, unknown parts as `${src}`."""
    data = to_data(value)
    return data if isinstance(data, str) else str(data)


def _is_str(value: Val) -> bool:
    return value.src is None and isinstance(value.data, str) and value.fields is None


def _is_none(value: Val | None) -> bool:
    return value is None or (value.src is None and value.data is None
                             and value.fields is None and value.items is None)


def _hashable(data: Any) -> bool:
    return isinstance(data, (str, int, float, bool, type(None)))


# --- the extractor ----------------------------------------------------------

class PythonExtractor:
    """Reads Python samples that use requests, httpx or aiohttp."""

    languages: frozenset[str] = frozenset({"python"})

    def extract(self, code: str) -> Extraction:
        try:
            return extract_python(code)
        except Exception:  # noqa: BLE001 - last resort: extract must never raise
            return Extraction()


def extract_python(code: str) -> Extraction:
    """The work of `PythonExtractor.extract`, free to raise on a bug (tests see it)."""
    if not isinstance(code, str):
        return Extraction(error="sample is not text")
    # A fence indented as a whole (inside a list item) is still one program;
    # dedent keeps every line number.
    text = textwrap.dedent(code)
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        return Extraction(error=exc.msg or "invalid syntax", error_line=exc.lineno)
    except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
        return Extraction(error=str(exc) or type(exc).__name__, error_line=None)
    walker = _Walker(text)
    try:
        walker.run(tree)
    except (_Stop, RecursionError, MemoryError):
        pass  # keep what was found before the budget or the stack ran out
    return Extraction(requests=walker.result())


class _Walker:
    """Walks one module in source order and collects the requests it sends."""

    def __init__(self, code: str) -> None:
        self.lines = _split_lines(code)
        self.requests: list[Request] = []
        self.steps = 0
        self.active: list[ast.AST] = []      # functions being followed (no recursion)
        self.returns: list[list[Val]] = []   # return values of those functions
        self.defined: list[_Func] = []
        self.called: set[int] = set()        # ids of function nodes already walked
        self.loops = 0                       # depth of loop bodies being read
        self.branches: list[tuple[int, int]] = []  # lines of the `if`s of unknown outcome being read
        self.followed: dict[int, int] = {}   # how often each function was followed

    # -- driving ------------------------------------------------------------

    def run(self, tree: ast.Module) -> None:
        self.walk(tree.body, _Env())
        # Functions never reached are still samples of a request: read them
        # once, their parameters unknown. First those no code calls by name
        # (`main`), since reading them follows their calls (`query({...})`)
        # with real arguments; then whatever is left.
        callees = {_callee_name(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
        self._walk_uncalled(lambda func: func.node.name not in callees)
        self._walk_uncalled(lambda func: True)

    def _walk_uncalled(self, choose: Callable[[_Func], bool]) -> None:
        index = 0
        while index < len(self.defined):  # walking one may define more
            func = self.defined[index]
            index += 1
            if id(func.node) not in self.called and choose(func):
                self.called.add(id(func.node))
                self._walk_function(func, [], {}, None)

    def result(self) -> list[Request]:
        # Source order: a request written higher up comes first; calls of the
        # same function keep the order of the calls.
        return sorted(self.requests, key=lambda req: req.lines.get("start", 0))

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise _Stop

    def segment(self, node: ast.AST) -> str:
        """The source text of a node, on one line (multi-line nodes are unparsed)."""
        text = None
        line, end = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
        if line is not None and line == end and 0 < line <= len(self.lines):
            # ast columns count UTF-8 bytes. (ast.get_source_segment would
            # split the whole source again on every call.)
            raw = self.lines[line - 1].encode("utf-8", "surrogatepass")
            start, stop = node.col_offset, node.end_col_offset  # type: ignore[attr-defined]
            text = raw[start:stop].decode("utf-8", "replace")
        if not text:
            try:
                text = ast.unparse(node)
            except Exception:  # noqa: BLE001 - unparse of an odd tree
                text = "?"
        return " ".join(text.split()) if "\n" in text else text

    def unknown(self, node: ast.AST, data: Any = None) -> Val:
        return Val(line=getattr(node, "lineno", 0), src=self.segment(node), data=data)

    def ref(self, node: ast.AST, obj: Any) -> Val:
        return Val(line=getattr(node, "lineno", 0), data=obj, text=self.segment(node))

    # -- statements ---------------------------------------------------------

    def walk(self, body: list[ast.stmt], env: _Env) -> None:
        for stmt in body:
            self.tick()
            handler = getattr(self, "_do_" + type(stmt).__name__, None)
            if handler is not None:
                handler(stmt, env)

    def _do_Expr(self, node: ast.Expr, env: _Env) -> None:
        self.ev(node.value, env)

    def _do_Assign(self, node: ast.Assign, env: _Env) -> None:
        value = self.ev(node.value, env)
        for target in node.targets:
            self.assign(target, value, env)

    def _do_AnnAssign(self, node: ast.AnnAssign, env: _Env) -> None:
        if node.value is not None:
            self.assign(node.target, self.ev(node.value, env), env)

    def _do_AugAssign(self, node: ast.AugAssign, env: _Env) -> None:
        current = self.ev(node.target, env)
        value = self.binop(node.op, current, self.ev(node.value, env), node)
        self.assign(node.target, value, env)

    def _do_If(self, node: ast.If, env: _Env) -> None:
        # A test known statically takes one branch; otherwise both are read,
        # since a sample shows every path it may take.
        truth = _truth(self.ev(node.test, env))
        if truth is None:
            self.branches.append((node.lineno, node.end_lineno or node.lineno))
        try:
            if truth is not False:
                self.walk(node.body, env)
            if truth is not True:
                self.walk(node.orelse, env)
        finally:
            if truth is None:
                self.branches.pop()

    def _set_key(self, base: Val, key: Any, value: Val, line: int) -> None:
        """`d[k] = v` and the like; under an `if` that the dict was made
        before, the key is sent only on some paths."""
        assert base.fields is not None
        base.fields[key] = value
        if base.keys is None:
            base.keys = {}
        base.keys[key] = line
        outside = [b for b in self.branches if not b[0] <= base.line <= b[1]]
        if outside:
            base.conditional = {**(base.conditional or {}), key: outside[0]}
        elif base.conditional and key in base.conditional:
            base.conditional = {k: v for k, v in base.conditional.items() if k != key}

    def _do_While(self, node: ast.While, env: _Env) -> None:
        truth = _truth(self.ev(node.test, env))
        if truth is not False:
            self._loop_body(node.body, env)
        self.walk(node.orelse, env)

    def _do_For(self, node: ast.For | ast.AsyncFor, env: _Env) -> None:
        self.ev(node.iter, env)
        self.assign(node.target, None, env)
        self._loop_body(node.body, env)
        self.walk(node.orelse, env)

    def _loop_body(self, body: list[ast.stmt], env: _Env) -> None:
        # Read once; `loops` tells list.append that it may run any number of times.
        self.loops += 1
        try:
            self.walk(body, env)
        finally:
            self.loops -= 1

    _do_AsyncFor = _do_For

    def _do_With(self, node: ast.With | ast.AsyncWith, env: _Env) -> None:
        for item in node.items:
            value = self.ev(item.context_expr, env)
            if item.optional_vars is not None:
                self.assign(item.optional_vars, value, env)
        self.walk(node.body, env)

    _do_AsyncWith = _do_With

    def _do_Try(self, node: ast.Try, env: _Env) -> None:
        self.walk(node.body, env)
        for handler in node.handlers:
            if handler.name:
                env.set(handler.name, Val(line=0, src=handler.name))
            self.walk(handler.body, env)
        self.walk(node.orelse, env)
        self.walk(node.finalbody, env)

    _do_TryStar = _do_Try

    def _do_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef, env: _Env) -> None:
        func = _Func(node, env)
        env.set(node.name, self.ref(node, func))
        self.defined.append(func)

    _do_AsyncFunctionDef = _do_FunctionDef

    def _do_ClassDef(self, node: ast.ClassDef, env: _Env) -> None:
        scope = _Env(env, is_class=True)
        self.walk(node.body, scope)
        # Class attributes and methods are reached as `self.x` in the methods.
        for name, value in list(scope.vars.items()):
            if "." in name:
                continue
            if isinstance(value.data, _Func):
                value = self.ref(value.data.node, _Func(value.data.node, scope, method=True))
            scope.vars.setdefault("self." + name, value)
        env.set(node.name, Val(line=0, src=node.name))

    def _do_Return(self, node: ast.Return, env: _Env) -> None:
        value = self.ev(node.value, env) if node.value is not None else Val(line=node.lineno)
        if self.returns:
            self.returns[-1].append(value)

    def _do_Assert(self, node: ast.Assert, env: _Env) -> None:
        self.ev(node.test, env)

    def _do_Raise(self, node: ast.Raise, env: _Env) -> None:
        if node.exc is not None:
            self.ev(node.exc, env)

    def _do_Match(self, node: ast.Match, env: _Env) -> None:
        subject = self.ev(node.subject, env)
        request = self.status_target(subject)
        for case in node.cases:
            if request is not None:
                codes = [c for p in _match_values(case.pattern) for c in _codes_of_constant(p)]
                self.mark_status(request, codes, case.pattern.lineno)
            if case.guard is not None:
                self.ev(case.guard, env)
            self.walk(case.body, env)

    def _do_Import(self, node: ast.Import, env: _Env) -> None:
        for alias in node.names:
            if alias.asname:
                env.set(alias.asname, self.ref(node, _Lib(alias.name)))
            else:
                top = alias.name.split(".")[0]
                env.set(top, self.ref(node, _Lib(top)))

    def _do_ImportFrom(self, node: ast.ImportFrom, env: _Env) -> None:
        module = "." * node.level + (node.module or "")
        for alias in node.names:
            if alias.name != "*":
                env.set(alias.asname or alias.name, self.ref(node, _Lib(f"{module}.{alias.name}")))

    # -- assignment -----------------------------------------------------------

    def assign(self, target: ast.expr, value: Val | None, env: _Env) -> None:
        """Bind `value` (None: unknown) to an assignment target."""
        if isinstance(target, ast.Name):
            env.set(target.id, value if value is not None else Val(line=0, src=target.id))
        elif isinstance(target, (ast.Tuple, ast.List)):
            self._assign_unpack(target, value, env)
        elif isinstance(target, ast.Starred):
            self.assign(target.value, None, env)
        elif isinstance(target, ast.Attribute):
            self._assign_attribute(target, value, env)
        elif isinstance(target, ast.Subscript):
            self._assign_item(target, value, env)

    def _assign_unpack(self, target: ast.Tuple | ast.List, value: Val | None, env: _Env) -> None:
        items = value.items if value is not None else None
        plain = not any(isinstance(elt, ast.Starred) for elt in target.elts)
        for index, elt in enumerate(target.elts):
            known = items is not None and plain and len(items) == len(target.elts)
            self.assign(elt, items[index] if known else None, env)

    def _assign_attribute(self, target: ast.Attribute, value: Val | None, env: _Env) -> None:
        base = self.ev(target.value, env)
        if value is None:
            value = self.unknown(target)
        if isinstance(base.data, _Session):
            self._set_session_attr(base.data, target.attr, value)
            return
        dotted = _dotted(target)
        if dotted is not None:
            env.set_attr(dotted, value)

    def _set_session_attr(self, session: _Session, name: str, value: Val) -> None:
        if name in ("headers", "cookies", "params") and value.fields is not None:
            setattr(session, name, _copy_dict(value))
        elif name == "auth":
            session.auth = _auth_scheme(value)
        elif name == "base_url":
            session.base_url = value

    def _assign_item(self, target: ast.Subscript, value: Val | None, env: _Env) -> None:
        base = self.ev(target.value, env)
        key = self.ev(target.slice, env)
        if value is None:
            value = self.unknown(target)
        if base.fields is not None and key.src is None and _hashable(key.data):
            self._set_key(base, key.data, value, target.lineno)
        elif base.items is not None and isinstance(key.data, int) and key.src is None:
            if -len(base.items) <= key.data < len(base.items):
                base.items[key.data] = value

    # -- expressions ----------------------------------------------------------

    def ev(self, node: ast.expr | None, env: _Env) -> Val:
        if node is None:
            return Val(line=0)
        self.tick()
        handler: Callable[[Any, _Env], Val] | None = getattr(self, "_ev_" + type(node).__name__, None)
        if handler is None:
            return self._ev_other(node, env)
        return handler(node, env)

    def _ev_other(self, node: ast.expr, env: _Env) -> Val:
        # Unknown shape: still look inside, a request may hide in it.
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.ev(child, env)
        return self.unknown(node)

    def _ev_Constant(self, node: ast.Constant, env: _Env) -> Val:
        value = node.value
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        elif value is Ellipsis or isinstance(value, complex):
            return self.unknown(node)
        return Val(line=node.lineno, data=value)

    def _ev_JoinedStr(self, node: ast.JoinedStr, env: _Env) -> Val:
        parts: list[str] = []
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                parts.append(self._format_value(part, env))
            else:
                parts.append(str(getattr(part, "value", "")))
        return Val(line=node.lineno, data="".join(parts))

    def _format_value(self, part: ast.FormattedValue, env: _Env) -> str:
        value = self.ev(part.value, env)
        if value.src is not None:
            return to_str(value)
        data = to_data(value)
        if part.conversion == ord("r"):
            return repr(data)
        spec = self.ev(part.format_spec, env) if part.format_spec is not None else None
        if spec is not None and _is_str(spec) and spec.data and isinstance(data, (int, float)):
            try:
                return format(data, spec.data)
            except (ValueError, TypeError):
                pass
        return to_str(value)

    def _ev_Name(self, node: ast.Name, env: _Env) -> Val:
        value = env.get(node.id)
        if value is None:
            if node.id in IMPLICIT_MODULES:
                return self.ref(node, _Lib(node.id))
            if node.id in BUILTINS:
                return self.ref(node, _Lib("builtins." + node.id))
            return self.unknown(node)
        if value.line == 0:
            # A parameter or loop variable: it is written where it is used.
            return dataclasses.replace(value, line=node.lineno)
        return value

    def _ev_Attribute(self, node: ast.Attribute, env: _Env) -> Val:
        dotted = _dotted(node)
        if dotted is not None and "." in dotted:
            known = env.get(dotted)
            if known is not None:
                return dataclasses.replace(known, line=node.lineno) if known.line == 0 else known
        base = self.ev(node.value, env)
        target = base.data
        if base.src is None and isinstance(target, _Lib):
            return self.ref(node, _Lib(f"{target.path}.{node.attr}"))
        if base.src is None and isinstance(target, _Session):
            return self._session_attr(node, base, target)
        if base.src is None and isinstance(target, _Response):
            if node.attr in ("ok", "is_success"):
                self.mark_status(target.request, ["2xx"], node.lineno)
            return self.ref(node, _Attr(base, node.attr))
        if base.src is None:
            return self.ref(node, _Attr(base, node.attr))
        # `resp.status_code` on a response we did not see being made.
        return self.unknown(node, data=_Attr(base, node.attr))

    def _session_attr(self, node: ast.Attribute, base: Val, session: _Session) -> Val:
        if node.attr in ("headers", "cookies", "params"):
            return getattr(session, node.attr)
        return self.ref(node, _Attr(base, node.attr))

    def _ev_Subscript(self, node: ast.Subscript, env: _Env) -> Val:
        base = self.ev(node.value, env)
        key = self.ev(node.slice, env)
        if key.src is None and _hashable(key.data):
            if base.fields is not None and key.data in base.fields:
                return base.fields[key.data]
            if base.items is not None and isinstance(key.data, int) and not isinstance(key.data, bool):
                if -len(base.items) <= key.data < len(base.items):
                    return base.items[key.data]
        return self.unknown(node)

    def _ev_Dict(self, node: ast.Dict, env: _Env) -> Val:
        result = _new_dict(node.lineno)
        assert result.fields is not None and result.keys is not None
        for key_node, value_node in zip(node.keys, node.values):
            value = self.ev(value_node, env)
            if key_node is None:  # {**other}
                if value.fields is not None:
                    result.fields.update(value.fields)
                    result.keys.update(value.keys or {})
                continue
            key = self.ev(key_node, env)
            name = key.data if key.src is None and _hashable(key.data) else to_str(key)
            result.fields[name] = value
            result.keys[name] = key_node.lineno
        return result

    def _ev_List(self, node: ast.List | ast.Tuple | ast.Set, env: _Env) -> Val:
        items: list[Val] = []
        for elt in node.elts:
            if isinstance(elt, ast.Starred):
                value = self.ev(elt.value, env)
                items.extend(value.items if value.items is not None else [value])
            else:
                items.append(self.ev(elt, env))
        return Val(line=node.lineno, items=items)

    _ev_Tuple = _ev_List
    _ev_Set = _ev_List

    def _ev_BinOp(self, node: ast.BinOp, env: _Env) -> Val:
        return self.binop(node.op, self.ev(node.left, env), self.ev(node.right, env), node)

    def binop(self, op: ast.operator, left: Val, right: Val, node: ast.AST) -> Val:
        line = getattr(node, "lineno", left.line)
        if isinstance(op, ast.Add):
            return self._add(left, right, node, line)
        if isinstance(op, ast.Mod) and _is_str(left):
            return self._percent(left, right, node, line)
        return self.unknown(node)

    def _add(self, left: Val, right: Val, node: ast.AST, line: int) -> Val:
        if left.items is not None and right.items is not None:
            return Val(line=line, items=left.items + right.items)
        strings = _is_str(left) or _is_str(right)
        both_unknown = left.src is not None and right.src is not None
        if (strings and all(_is_str(v) or v.src is not None for v in (left, right))) or both_unknown:
            return Val(line=line, data=to_str(left) + to_str(right))
        numbers = [v.data for v in (left, right)]
        if all(v.src is None and isinstance(d, (int, float)) and not isinstance(d, bool)
               for v, d in zip((left, right), numbers)):
            return Val(line=line, data=numbers[0] + numbers[1])
        return self.unknown(node)

    def _percent(self, left: Val, right: Val, node: ast.AST, line: int) -> Val:
        args: Any
        if right.items is not None:
            args = tuple(to_data(item) for item in right.items)
        else:
            args = to_data(right)
        try:
            return Val(line=line, data=left.data % args)
        except (TypeError, ValueError, KeyError, OverflowError):
            return self.unknown(node)

    def _ev_Await(self, node: ast.Await, env: _Env) -> Val:
        return self.ev(node.value, env)

    def _ev_Starred(self, node: ast.Starred, env: _Env) -> Val:
        return self.ev(node.value, env)

    def _ev_BoolOp(self, node: ast.BoolOp, env: _Env) -> Val:
        values = [self.ev(value, env) for value in node.values]
        want = isinstance(node.op, ast.Or)
        for value in values:
            truth = _truth(value)
            if truth is None:
                return self.unknown(node)
            if truth == want:
                return value
        return values[-1]

    def _ev_IfExp(self, node: ast.IfExp, env: _Env) -> Val:
        truth = _truth(self.ev(node.test, env))
        if truth is not None:
            return self.ev(node.body if truth else node.orelse, env)
        self.ev(node.body, env)
        self.ev(node.orelse, env)
        return self.unknown(node)

    def _ev_UnaryOp(self, node: ast.UnaryOp, env: _Env) -> Val:
        value = self.ev(node.operand, env)
        if isinstance(node.op, ast.USub) and value.src is None and isinstance(value.data, (int, float)):
            return Val(line=node.lineno, data=-value.data)
        if isinstance(node.op, ast.UAdd):
            return value
        truth = _truth(value) if isinstance(node.op, ast.Not) else None
        return Val(line=node.lineno, data=not truth) if truth is not None else self.unknown(node)

    def _ev_NamedExpr(self, node: ast.NamedExpr, env: _Env) -> Val:
        value = self.ev(node.value, env)
        self.assign(node.target, value, env)
        return value

    def _ev_Lambda(self, node: ast.Lambda, env: _Env) -> Val:
        return self.unknown(node)

    def _ev_ListComp(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp, env: _Env) -> Val:
        scope = self._comprehension_scope(node.generators, env)
        self.ev(node.elt, scope)
        return self.unknown(node)

    _ev_SetComp = _ev_ListComp
    _ev_GeneratorExp = _ev_ListComp

    def _ev_DictComp(self, node: ast.DictComp, env: _Env) -> Val:
        scope = self._comprehension_scope(node.generators, env)
        self.ev(node.key, scope)
        self.ev(node.value, scope)
        return self.unknown(node)

    def _comprehension_scope(self, generators: list[ast.comprehension], env: _Env) -> _Env:
        scope = _Env(env)
        for gen in generators:
            self.ev(gen.iter, scope)
            self.assign(gen.target, None, scope)
            for cond in gen.ifs:
                self.ev(cond, scope)
        return scope

    def _ev_Compare(self, node: ast.Compare, env: _Env) -> Val:
        operands = [self.ev(node.left, env)] + [self.ev(c, env) for c in node.comparators]
        results = []
        for op, left, right in zip(node.ops, operands, operands[1:]):
            self.status_compare(op, left, right, node.lineno)
            results.append(_compare_known(op, left, right))
        if all(r is not None for r in results):
            return Val(line=node.lineno, data=all(results))
        return self.unknown(node)

    # -- calls ----------------------------------------------------------------

    def _ev_Call(self, node: ast.Call, env: _Env) -> Val:
        callee = self.ev(node.func, env)
        args = [self.ev(arg, env) for arg in node.args]
        args = [item for arg, value in zip(node.args, args) for item in _spread(arg, value)]
        kwargs = self._keywords(node, env)
        target = callee.data if callee.src is None else None
        if isinstance(target, _Func):
            return self.call_function(target, node, args, kwargs)
        if isinstance(target, _Lib):
            return self.call_lib(target.path, node, args, kwargs)
        if isinstance(target, _Attr):
            return self.call_method(target, node, args, kwargs)
        return self.unknown(node)

    def _keywords(self, node: ast.Call, env: _Env) -> dict[str, Val]:
        kwargs: dict[str, Val] = {}
        for keyword in node.keywords:
            value = self.ev(keyword.value, env)
            if keyword.arg is not None:
                kwargs[keyword.arg] = value
            elif value.fields is not None:  # **known_dict
                kwargs.update({k: v for k, v in value.fields.items() if isinstance(k, str)})
        return kwargs

    def call_lib(self, path: str, node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val:
        module, _, name = path.rpartition(".")
        if module in CLIENT_MODULES and (name in HTTP_METHODS or name in ("request", "stream")):
            return self.send(node, name, args, kwargs, None)
        if path in SESSION_CLASSES:
            return self.ref(node, self._new_session(path, args, kwargs))
        if path in AUTH_CLASSES:
            return self.ref(node, _Auth(AUTH_CLASSES[path]))
        handler = LIB_FUNCTIONS.get(path.removeprefix("builtins."))
        if handler is not None:
            result = handler(self, node, args, kwargs)
            if result is not None:
                return result
        return self.unknown(node)

    def _new_session(self, path: str, args: list[Val], kwargs: dict[str, Val]) -> _Session:
        line = args[0].line if args else 0
        session = _Session(headers=_new_dict(line), cookies=_new_dict(line), params=_new_dict(line))
        if path.startswith("requests."):
            return session  # requests.Session() takes no settings
        base_url = kwargs.get("base_url") or (args[0] if args and path.startswith("aiohttp.") else None)
        session.base_url = base_url
        for name in ("headers", "cookies", "params"):
            value = kwargs.get(name)
            if value is not None and value.fields is not None:
                setattr(session, name, _copy_dict(value))
        if "auth" in kwargs:
            session.auth = _auth_scheme(kwargs["auth"])
        return session

    def call_method(self, attr: _Attr, node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val:
        base, name = attr.base, attr.name
        if isinstance(base.data, _Session):
            if name in HTTP_METHODS or name in ("request", "stream"):
                return self.send(node, name, args, kwargs, base.data)
            return self.unknown(node)
        if isinstance(base.data, _Response):
            if name == "raise_for_status":
                self.mark_status(base.data.request, ["2xx"], node.lineno)
            return self.unknown(node)
        if base.fields is not None:
            return self._dict_method(base, name, node, args, kwargs)
        if base.items is not None and name in ("append", "extend"):
            if self.loops:
                # Filled in a loop: its length and content are not known.
                base.items, base.src = None, self.segment(node.func.value)  # type: ignore[union-attr]
            elif args:
                base.items.extend((args[0].items or []) if name == "extend" else [args[0]])
            return Val(line=node.lineno)
        if _is_str(base):
            return self._str_method(base, name, node, args, kwargs)
        return self.unknown(node)

    def _dict_method(self, base: Val, name: str, node: ast.Call,
                     args: list[Val], kwargs: dict[str, Val]) -> Val:
        """`d.update(...)`, `d.get(k)`, `d.copy()`... on a known dict (a cookie jar's `set`)."""
        assert base.fields is not None
        if base.keys is None:
            base.keys = {}
        if name == "update":
            if args and args[0].fields is not None:
                base.fields.update(args[0].fields)
                base.keys.update(args[0].keys or {})
            for key, value in kwargs.items():
                self._set_key(base, key, value, value.line)
            return Val(line=node.lineno)
        if name == "copy":
            return _copy_dict(base)
        key = args[0] if args else None
        if key is None or key.src is not None or not _hashable(key.data):
            return self.unknown(node)
        if name in ("set", "setdefault") and len(args) > 1:
            if name == "set" or key.data not in base.fields:
                self._set_key(base, key.data, args[1], node.lineno)
            return base.fields[key.data]
        if name in ("get", "pop"):
            found = base.fields.get(key.data)
            if name == "pop":
                base.fields.pop(key.data, None)
            if found is not None:
                return found
            return args[1] if len(args) > 1 else Val(line=node.lineno)
        return self.unknown(node)

    def _str_method(self, base: Val, name: str, node: ast.Call,
                    args: list[Val], kwargs: dict[str, Val]) -> Val:
        if name == "format":
            return self._format(base, node, args, kwargs)
        if name == "join" and args and args[0].items is not None:
            return Val(line=node.lineno, data=base.data.join(to_str(v) for v in args[0].items))
        if name not in STR_METHODS or any(v.src is not None for v in args):
            return self.unknown(node)
        plain = [to_data(v) for v in args]
        if name in ("encode", "decode"):
            return Val(line=node.lineno, data=base.data)
        if name in ("split", "rsplit"):
            try:
                parts = getattr(base.data, name)(*plain)
            except (TypeError, ValueError):
                return self.unknown(node)
            return Val(line=node.lineno, items=[Val(line=node.lineno, data=p) for p in parts])
        try:
            return Val(line=node.lineno, data=getattr(base.data, name)(*plain))
        except (TypeError, ValueError):
            return self.unknown(node)

    def _format(self, base: Val, node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val:
        try:
            fields = [f for _, f, _, _ in string.Formatter().parse(base.data) if f is not None]
        except ValueError:
            return self.unknown(node)
        # Plain `{}`, `{0}`, `{name}` only: no attribute or index lookups.
        if not all(f == "" or f.isdigit() or f.isidentifier() for f in fields):
            return self.unknown(node)
        try:
            text = base.data.format(*[to_str(v) for v in args],
                                    **{k: to_str(v) for k, v in kwargs.items()})
        except (IndexError, KeyError, ValueError):
            return self.unknown(node)
        return Val(line=node.lineno, data=text)

    # -- user functions -------------------------------------------------------

    def call_function(self, func: _Func, node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val:
        """Follow a call into the function's body with its parameters bound."""
        count = self.followed.get(id(func.node), 0)
        if func.node in self.active or len(self.active) >= MAX_DEPTH or count >= MAX_FOLLOW:
            return self.unknown(node)
        self.followed[id(func.node)] = count + 1
        self.called.add(id(func.node))
        returned = self._walk_function(func, args, kwargs, node)
        for value in returned:
            if isinstance(value.data, _Response):
                return value
        # Several different results: which one depends on the run.
        if returned and all(to_data(v) == to_data(returned[0]) for v in returned):
            return returned[0]
        return self.unknown(node)

    def _walk_function(self, func: _Func, args: list[Val], kwargs: dict[str, Val],
                       call: ast.Call | None) -> list[Val]:
        scope = _Env(func.env)
        if func.method:
            args = [Val(line=0, src="self")] + args
        self._bind_params(func, scope, args, kwargs, call is not None)
        self.active.append(func.node)
        self.returns.append([])
        try:
            self.walk(func.node.body, scope)
        finally:
            self.active.pop()
        return self.returns.pop()

    def _bind_params(self, func: _Func, scope: _Env, args: list[Val],
                     kwargs: dict[str, Val], called: bool) -> None:
        spec = func.node.args
        positional = spec.posonlyargs + spec.args
        defaults: dict[str, ast.expr] = dict(zip([a.arg for a in positional][::-1], spec.defaults[::-1]))
        defaults.update({a.arg: d for a, d in zip(spec.kwonlyargs, spec.kw_defaults) if d is not None})
        extra = dict(kwargs)
        for index, param in enumerate(positional + spec.kwonlyargs):
            name = param.arg
            value = args[index] if index < len(positional) and index < len(args) else extra.get(name)
            extra.pop(name, None)
            if value is None and called and name in defaults:
                value = self.ev(defaults[name], func.env)
            scope.set(name, value if value is not None else Val(line=0, src=name))
        if spec.vararg is not None:
            scope.set(spec.vararg.arg, Val(line=0, src=spec.vararg.arg))
        if spec.kwarg is not None:
            bag = _new_dict(0)
            for key, value in extra.items() if called else ():
                assert bag.fields is not None and bag.keys is not None
                bag.fields[key], bag.keys[key] = value, value.line
            scope.set(spec.kwarg.arg, bag if called else Val(line=0, src=spec.kwarg.arg))

    # -- requests -------------------------------------------------------------

    def send(self, node: ast.Call, name: str, args: list[Val], kwargs: dict[str, Val],
             session: _Session | None) -> Val:
        """One request call: map its arguments and record the Request."""
        params = dict(zip(POSITIONAL[name], args))
        params.update(kwargs)
        if name in ("request", "stream"):
            method_val = params.get("method")
            method = to_str(method_val) if method_val is not None else "GET"
            method_line = method_val.line if method_val is not None else node.lineno
        else:
            method, method_line = name, node.func.end_lineno or node.lineno
        if "url" not in params:
            return self.unknown(node)
        request = self.build(node, method.upper(), method_line, params, session)
        self.requests.append(request)
        if len(self.requests) >= MAX_REQUESTS:
            raise _Stop
        return self.ref(node, _Response(request))

    def build(self, node: ast.Call, method: str, method_line: int,
              params: dict[str, Val], session: _Session | None) -> Request:
        lines: dict[str, int] = {"start": node.lineno, "end": node.end_lineno or node.lineno,
                                 "method": method_line}
        url = self._url(params["url"], session, lines)
        headers = self._headers(session, params.get("headers"), lines)
        cookies = self._cookies(session, params.get("cookies"), headers, lines)
        query = self._query(session, params.get("params"), lines)
        body, kind = self._body(params, lines)
        implied: list[str] = []
        if kind == "json" and _is_present(params.get("json")) \
                and not any(k.lower() == "content-type" for k in headers):
            headers["Content-Type"] = "application/json"
            implied.append("content-type")
        auth = _auth_scheme(params["auth"]) if "auth" in params else (session.auth if session else "")
        if "auth" in params:
            lines["auth"] = params["auth"].line
        request = make_request(method, url, headers=headers, cookies=cookies, query=query, body=body,
                               body_kind=kind, auth=auth, implied_headers=implied, lines=lines,
                               client="requests")
        request.optional = sorted(_optional_keys(_body_value(params), node.lineno))
        return request

    def _url(self, value: Val, session: _Session | None, lines: dict[str, int]) -> str:
        url = to_str(value)
        base = session.base_url if session is not None else None
        if base is not None and "://" not in url:
            # httpx / aiohttp: a relative URL is appended to the base URL's path.
            url = to_str(base).rstrip("/") + "/" + url.lstrip("/") if url else to_str(base)
        lines["url"] = value.line
        for key in split_url(url).query:
            lines.setdefault(f"query:{key}", value.line)
        return url

    def _headers(self, session: _Session | None, value: Val | None,
                 lines: dict[str, int]) -> dict[str, str]:
        headers: dict[str, str] = {}
        for source in (session.headers if session else None, value):
            if source is None or source.fields is None:
                continue
            for key, item in source.fields.items():
                name = str(key)
                for old in [k for k in headers if k.lower() == name.lower()]:
                    del headers[old]  # the call's header replaces the session's
                if _is_none(item):
                    continue  # requests: a None value drops the header
                headers[name] = to_str(item)
                lines[f"header:{name.lower()}"] = (source.keys or {}).get(key, item.line)
        return headers

    def _cookies(self, session: _Session | None, value: Val | None,
                 headers: dict[str, str], lines: dict[str, int]) -> dict[str, str]:
        cookies: dict[str, str] = {}
        for source in (session.cookies if session else None, value):
            if source is None or source.fields is None:
                continue
            for key, item in source.fields.items():
                cookies[str(key)] = to_str(item)
                lines[f"cookie:{key}"] = (source.keys or {}).get(key, item.line)
        for name in [k for k in headers if k.lower() == "cookie"]:
            line = lines.pop(f"header:{name.lower()}", 0)
            for cookie_name, cookie_value in _parse_cookie_header(headers.pop(name)):
                cookies[cookie_name] = cookie_value
                lines[f"cookie:{cookie_name}"] = line
        return cookies

    def _query(self, session: _Session | None, value: Val | None,
               lines: dict[str, int]) -> dict[str, Any]:
        query: dict[str, Any] = {}
        for source in (session.params if session else None, value):
            if source is None:
                continue
            seen: set[str] = set()  # a key repeated in one list of pairs keeps every value
            for key, item, line in _pairs(source):
                if _is_none(item):
                    continue  # requests leaves None parameters out
                text = [to_str(v) for v in item.items] if item.items is not None else to_str(item)
                query[key] = _add_repeated(query[key], text) if key in seen else text
                seen.add(key)
                lines.setdefault(f"query:{key}", line)
        return query

    def _body(self, params: dict[str, Val], lines: dict[str, int]) -> tuple[Any, str]:
        files, data = params.get("files"), params.get("data", params.get("content"))
        payload = params.get("json")
        if _is_present(files):
            return self._multipart(files, data, lines), "multipart"
        if _is_present(payload):
            return self._record(payload, lines), "json"
        if not _is_present(data):
            return None, ""
        if data.json_of is not None:  # data=json.dumps(payload)
            return self._record(data.json_of, lines), "json"
        if data.fields is not None or data.items is not None:
            form = {key: to_data(item) for key, item, _ in _pairs(data)}
            self._record(data, lines, keys={key: line for key, _, line in _pairs(data)})
            return form, "form"
        self._record(data, lines)
        text = to_data(data)
        parsed = _json_text(text)
        return (parsed, "json") if parsed is not None else (text, "raw")

    def _record(self, value: Val, lines: dict[str, int], keys: dict[Any, int] | None = None) -> Any:
        """Note where a body is written (and each top-level key); return its data."""
        lines["body"] = value.line
        for key, line in (keys if keys is not None else (value.keys or {})).items():
            lines[f"body:{key}"] = line
        for key, line in _nested_key_lines(value).items():
            lines.setdefault(f"body:{key}", line)
        return to_data(value)

    def _multipart(self, files: Val, data: Val | None, lines: dict[str, int]) -> Any:
        lines["body"] = files.line
        if files.src is not None:
            return to_data(files)  # files=<unknown>: nothing to list
        entries: list[tuple[str, Any, int]] = []
        if data is not None and (data.fields is not None or data.items is not None):
            entries += [(key, to_data(item), line) for key, item, line in _pairs(data)]
        entries += [(key, _file_value(item), line) for key, item, line in _pairs(files)]
        body: dict[str, Any] = {}
        for key, value, line in entries:
            # A field sent twice (a list of files) keeps every value.
            body[key] = _add_repeated(body[key], value) if key in body else value
            lines.setdefault(f"body:{key}", line)
        return body

    # -- status checks --------------------------------------------------------

    def status_target(self, value: Val) -> Request | None:
        """The request whose status `value` is, if it is `resp.status_code` / `resp.status`."""
        attr = value.data
        if not isinstance(attr, _Attr) or attr.name not in ("status_code", "status"):
            return None
        if isinstance(attr.base.data, _Response) and attr.base.src is None:
            return attr.base.data.request
        # A response we did not see being made: the last request before it.
        if attr.name == "status_code" and self.requests:
            return self.requests[-1]
        return None

    def status_compare(self, op: ast.cmpop, left: Val, right: Val, line: int) -> None:
        request, other = self.status_target(left), right
        if request is None:
            request, other = self.status_target(right), left
        if request is None:
            return
        codes = _codes(other)
        if isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE)):
            codes = ["2xx"] if any(200 <= int(c) <= 300 for c in codes) else []
        elif not isinstance(op, (ast.Eq, ast.NotEq, ast.In, ast.NotIn)):
            return
        self.mark_status(request, codes, line)

    def mark_status(self, request: Request, codes: list[str], line: int) -> None:
        # Codes of 400 and up name the failure branch, not what success looks like.
        codes = [c for c in codes if c == "2xx" or int(c) < 400]
        if not codes:
            return
        request.expected_status = sorted(set(request.expected_status) | set(codes))
        request.lines.setdefault("status", line)


# --- helpers ----------------------------------------------------------------

def _split_lines(code: str) -> list[str]:
    """Lines as the tokenizer counts them: only LF, CRLF and CR end a line."""
    return code.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _callee_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def _dotted(node: ast.expr) -> str | None:
    """`self.a.b` for a chain of names, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _spread(node: ast.expr, value: Val) -> list[Val]:
    """`*args` with a known sequence becomes its items."""
    if isinstance(node, ast.Starred) and value.items is not None:
        return list(value.items)
    return [value]


def _truth(value: Val) -> bool | None:
    """Whether a value is true, when that is known statically."""
    if value.src is not None:
        return None
    if value.fields is not None:
        return bool(value.fields)
    if value.items is not None:
        return bool(value.items)
    if isinstance(value.data, (str, int, float, bool, type(None))):
        return bool(value.data)
    if isinstance(value.data, (_Lib, _Func, _Session, _Auth)):
        return True
    return None  # a response (truthy when ok) or an attribute of one


def _scalar(value: Val) -> tuple[bool, Any]:
    known = value.src is None and value.fields is None and value.items is None \
        and isinstance(value.data, (str, int, float, bool, type(None)))
    return known, value.data


def _compare_known(op: ast.cmpop, left: Val, right: Val) -> bool | None:
    """`a == b`, `"?" in s`, `x is None`... on known scalars; None when not known."""
    left_known, a = _scalar(left)
    right_known, b = _scalar(right)
    if not left_known:
        return None
    if isinstance(op, (ast.In, ast.NotIn)):
        if right_known and isinstance(a, str) and isinstance(b, str):
            return (a in b) == isinstance(op, ast.In)
        return None
    if not right_known:
        return None
    try:
        return {
            ast.Eq: lambda: a == b, ast.NotEq: lambda: a != b,
            ast.Is: lambda: a is b if b is None or a is None else None,
            ast.IsNot: lambda: a is not b if b is None or a is None else None,
            ast.Lt: lambda: a < b, ast.LtE: lambda: a <= b,
            ast.Gt: lambda: a > b, ast.GtE: lambda: a >= b,
        }[type(op)]()
    except (TypeError, KeyError):
        return None


def _is_present(value: Val | None) -> bool:
    return value is not None and not _is_none(value)


def _pairs(value: Val) -> list[tuple[str, Val, int]]:
    """(key, value, line) of a dict or of a list of 2-tuples."""
    if value.fields is not None:
        keys = value.keys or {}
        return [(str(k), v, keys.get(k, v.line)) for k, v in value.fields.items()]
    pairs = []
    for item in value.items or []:
        if item.items is not None and len(item.items) == 2:
            key, inner = item.items
            pairs.append((to_str(key), inner, item.line))
    return pairs


def _add_repeated(previous: Any, value: Any) -> Any:
    return (previous if isinstance(previous, list) else [previous]) + [value]


def _file_value(item: Val) -> Any:
    """A `files=` entry as "@path": `open(p)`, `(name, open(p))`, `(name, open(p), type)`."""
    if item.file:
        return item.data
    if item.items:
        opened = [part for part in item.items if part.file]
        if opened:
            return opened[0].data
        name = item.items[0]
        return "@" + to_str(name)
    return to_data(item)


def _json_text(text: Any) -> Any:
    """Parsed JSON when a raw body is a JSON object or array, else None."""
    if not isinstance(text, str) or text.lstrip()[:1] not in ("{", "["):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _parse_cookie_header(value: str) -> list[tuple[str, str]]:
    pairs = []
    for part in value.split(";"):
        name, sep, cookie = part.strip().partition("=")
        if sep and name:
            pairs.append((name.strip(), cookie.strip()))
    return pairs


def _auth_scheme(value: Val) -> str:
    if isinstance(value.data, _Auth):
        return value.data.scheme
    if value.items is not None and len(value.items) == 2:
        return "basic"  # auth=(user, password)
    return ""


def _codes(value: Val) -> list[str]:
    """Status codes a comparison names: 204, (200, 201), requests.codes.ok."""
    if value.items is not None:
        return [code for item in value.items for code in _codes(item)]
    if value.src is not None:
        return []
    if isinstance(value.data, int) and not isinstance(value.data, bool) and 100 <= value.data < 600:
        return [str(value.data)]
    if isinstance(value.data, _Lib):
        path = value.data.path
        if path.startswith(STATUS_NAMESPACES) or path.startswith("HTTPStatus."):
            code = STATUS_NAMES.get(path.rsplit(".", 1)[1].lower())
            return [str(code)] if code else []
    return []


def _match_values(pattern: ast.pattern) -> list[ast.expr]:
    if isinstance(pattern, ast.MatchValue):
        return [pattern.value]
    if isinstance(pattern, ast.MatchOr):
        return [v for p in pattern.patterns for v in _match_values(p)]
    return []


def _codes_of_constant(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and 100 <= node.value < 600:
        return [str(node.value)]
    return []


# --- library functions the evaluator knows --------------------------------

def _lib_json_dumps(walker: _Walker, node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    if not args:
        return None
    text = json.dumps(to_data(args[0]), default=str)
    return Val(line=args[0].line, data=text, json_of=args[0])


def _lib_json_loads(walker: _Walker, node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    if not args or not _is_str(args[0]):
        return None
    parsed = _json_text(args[0].data)
    return _from_data(parsed, args[0].line) if parsed is not None else None


def _lib_dict(walker: _Walker, node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    result = _new_dict(node.lineno)
    assert result.fields is not None and result.keys is not None
    if args:
        if args[0].fields is None and args[0].items is None:
            return None
        for key, value, line in _pairs(args[0]):
            result.fields[key], result.keys[key] = value, line
    for key, value in kwargs.items():
        result.fields[key], result.keys[key] = value, value.line
    return result


def _lib_str(walker: _Walker, node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    if not args or args[0].src is not None:
        return None
    return Val(line=node.lineno, data=to_str(args[0]))


def _lib_open(walker: _Walker, node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    path = args[0] if args else kwargs.get("file")
    if path is None:
        return None
    return Val(line=node.lineno, data="@" + to_str(path), file=True)


def _lib_sequence(walker: _Walker, node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    if not args:
        return Val(line=node.lineno, items=[])
    return Val(line=node.lineno, items=list(args[0].items)) if args[0].items is not None else None


def _known_strings(args: list[Val]) -> list[str] | None:
    return [a.data for a in args] if args and all(_is_str(a) for a in args) else None


def _lib_basename(walker: _Walker, node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    texts = _known_strings(args[:1])
    return Val(line=node.lineno, data=posixpath.basename(texts[0])) if texts else None


def _lib_path_join(walker: _Walker, node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    texts = _known_strings(args)
    return Val(line=node.lineno, data=posixpath.join(*texts)) if texts else None


def _lib_splitext(walker: _Walker, node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    texts = _known_strings(args[:1])
    if not texts:
        return None
    return Val(line=node.lineno, items=[Val(line=node.lineno, data=p) for p in posixpath.splitext(texts[0])])


def _lib_urljoin(walker: _Walker, node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
    texts = _known_strings(args[:2])
    return Val(line=node.lineno, data=urljoin(texts[0], texts[1])) if texts and len(texts) == 2 else None


def _from_data(data: Any, line: int) -> Val:
    if isinstance(data, dict):
        return Val(line=line, fields={k: _from_data(v, line) for k, v in data.items()},
                   keys={k: line for k in data})
    if isinstance(data, list):
        return Val(line=line, items=[_from_data(v, line) for v in data])
    return Val(line=line, data=data)


LibFunction = Callable[[_Walker, ast.Call, list[Val], dict[str, Val]], "Val | None"]
LIB_FUNCTIONS: dict[str, LibFunction] = {
    "json.dumps": _lib_json_dumps, "json.loads": _lib_json_loads,
    "dict": _lib_dict, "str": _lib_str, "open": _lib_open, "io.open": _lib_open,
    "list": _lib_sequence, "tuple": _lib_sequence,
    "os.path.basename": _lib_basename, "os.path.join": _lib_path_join,
    "os.path.splitext": _lib_splitext,
    "posixpath.join": _lib_path_join, "urllib.parse.urljoin": _lib_urljoin,
}
