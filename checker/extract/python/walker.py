"""The evaluator: walks a Python module's statements in source order and
evaluates its expressions to `Val`s, handing every call of a known library to
the clients (`client_*.py`) and every status check to `status.py`.

It walks module level, function and method bodies, `if`/`for`/`while`/
`with`/`try`/`match` bodies, both branches of every `if` of unknown outcome;
a call `f(args)` walks `f`'s body with its parameters bound, and functions
never called are walked once with unknown parameters. Work is bounded
(steps, call depth, calls followed, requests), so any text ends quickly.
"""

from __future__ import annotations

import ast
import dataclasses
import string
from collections.abc import Callable
from typing import Any

from checker.extract.http import RequestDraft
from checker.extract.python import (
    client_http,
    client_requests,
    client_urllib,
    library,
    status,
)
from checker.extract.python.scopes import Env
from checker.extract.python.send import Client
from checker.extract.python.values import (
    Attr,
    Func,
    Lib,
    Response,
    Session,
    Val,
    copy_dict,
    hashable,
    is_str,
    new_dict,
    scalar,
    to_data,
    to_str,
    truth_of,
)
from checker.model import Request

# Every client the walker hands calls to, tried in turn.
CLIENTS: tuple[Client, ...] = (client_requests.CLIENT, client_urllib.CLIENT, client_http.CLIENT)
# Names a snippet often uses without importing them.
IMPLICIT_MODULES = ("requests", "httpx", "aiohttp", "json", "os", "urllib")
BUILTINS = ("dict", "str", "open", "list", "tuple")
STR_METHODS = frozenset({"strip", "lstrip", "rstrip", "lower", "upper", "replace",
                         "removeprefix", "removesuffix", "encode", "decode", "split", "rsplit"})
# Bounds that keep the walk finite on huge or self-referencing samples.
MAX_STEPS = 200_000
MAX_DEPTH = 8        # nested function calls followed
MAX_FOLLOW = 20      # calls followed into one function
MAX_REQUESTS = 500


class Stop(Exception):
    """The step budget is spent."""


class Walker:
    """Walks one module in source order and collects the requests it sends."""

    def __init__(self, code: str) -> None:
        self.lines = _split_lines(code)
        self.sent: list[tuple[RequestDraft, int]] = []   # each request and its end line
        self.steps = 0
        self.active: list[ast.AST] = []      # functions being followed (no recursion)
        self.returns: list[list[Val]] = []   # return values of those functions
        self.defined: list[Func] = []
        self.called: set[int] = set()        # ids of function nodes already walked
        self.loops = 0                       # depth of loop bodies being read
        self.branches: list[tuple[int, int]] = []  # lines of the `if`s of unknown outcome being read
        self.followed: dict[int, int] = {}   # how often each function was followed

    # -- driving ------------------------------------------------------------

    def run(self, tree: ast.Module) -> None:
        self.walk(tree.body, Env())
        # Functions never reached are still samples of a request: read them
        # once, their parameters unknown. First those no code calls by name
        # (`main`), since reading them follows their calls (`query({...})`)
        # with real arguments; then whatever is left.
        callees = {_callee_name(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
        self._walk_uncalled(lambda func: func.node.name not in callees)
        self._walk_uncalled(lambda func: True)

    def _walk_uncalled(self, choose: Callable[[Func], bool]) -> None:
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
        requests = [draft.build(end) for draft, end in self.sent]
        return sorted(requests, key=lambda req: req.lines.get("start", 0))

    @property
    def last(self) -> RequestDraft | None:
        """The request sent last: whose status an unknown response's check is."""
        return self.sent[-1][0] if self.sent else None

    def record(self, draft: RequestDraft, node: ast.Call) -> Val:
        """A request the sample sends at `node`; what the call returns."""
        self.sent.append((draft, node.end_lineno or node.lineno))
        if len(self.sent) >= MAX_REQUESTS:
            raise Stop
        return self.ref(node, Response(draft))

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise Stop

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

    def walk(self, body: list[ast.stmt], env: Env) -> None:
        for stmt in body:
            self.tick()
            handler = getattr(self, "_do_" + type(stmt).__name__, None)
            if handler is not None:
                handler(stmt, env)

    def _do_Expr(self, node: ast.Expr, env: Env) -> None:
        self.ev(node.value, env)

    def _do_Assign(self, node: ast.Assign, env: Env) -> None:
        value = self.ev(node.value, env)
        for target in node.targets:
            self.assign(target, value, env)

    def _do_AnnAssign(self, node: ast.AnnAssign, env: Env) -> None:
        if node.value is not None:
            self.assign(node.target, self.ev(node.value, env), env)

    def _do_AugAssign(self, node: ast.AugAssign, env: Env) -> None:
        current = self.ev(node.target, env)
        value = self.binop(node.op, current, self.ev(node.value, env), node)
        self.assign(node.target, value, env)

    def _do_If(self, node: ast.If, env: Env) -> None:
        # A test known statically takes one branch; otherwise both are read,
        # since a sample shows every path it may take.
        truth = truth_of(self.ev(node.test, env))
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

    def _do_While(self, node: ast.While, env: Env) -> None:
        truth = truth_of(self.ev(node.test, env))
        if truth is not False:
            self._loop_body(node.body, env)
        self.walk(node.orelse, env)

    def _do_For(self, node: ast.For | ast.AsyncFor, env: Env) -> None:
        self.ev(node.iter, env)
        self.assign(node.target, None, env)
        self._loop_body(node.body, env)
        self.walk(node.orelse, env)

    def _loop_body(self, body: list[ast.stmt], env: Env) -> None:
        # Read once; `loops` tells list.append that it may run any number of times.
        self.loops += 1
        try:
            self.walk(body, env)
        finally:
            self.loops -= 1

    _do_AsyncFor = _do_For

    def _do_With(self, node: ast.With | ast.AsyncWith, env: Env) -> None:
        for item in node.items:
            value = self.ev(item.context_expr, env)
            if item.optional_vars is not None:
                self.assign(item.optional_vars, value, env)
        self.walk(node.body, env)

    _do_AsyncWith = _do_With

    def _do_Try(self, node: ast.Try, env: Env) -> None:
        self.walk(node.body, env)
        for handler in node.handlers:
            if handler.name:
                env.set(handler.name, Val(line=0, src=handler.name))
            self.walk(handler.body, env)
        self.walk(node.orelse, env)
        self.walk(node.finalbody, env)

    _do_TryStar = _do_Try

    def _do_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef, env: Env) -> None:
        func = Func(node, env)
        env.set(node.name, self.ref(node, func))
        self.defined.append(func)

    _do_AsyncFunctionDef = _do_FunctionDef

    def _do_ClassDef(self, node: ast.ClassDef, env: Env) -> None:
        scope = Env(env, is_class=True)
        self.walk(node.body, scope)
        # Class attributes and methods are reached as `self.x` in the methods.
        for name, value in list(scope.vars.items()):
            if "." in name:
                continue
            if isinstance(value.data, Func):
                value = self.ref(value.data.node, Func(value.data.node, scope, method=True))
            scope.vars.setdefault("self." + name, value)
        env.set(node.name, Val(line=0, src=node.name))

    def _do_Return(self, node: ast.Return, env: Env) -> None:
        value = self.ev(node.value, env) if node.value is not None else Val(line=node.lineno)
        if self.returns:
            self.returns[-1].append(value)

    def _do_Assert(self, node: ast.Assert, env: Env) -> None:
        self.ev(node.test, env)

    def _do_Raise(self, node: ast.Raise, env: Env) -> None:
        if node.exc is not None:
            self.ev(node.exc, env)

    def _do_Match(self, node: ast.Match, env: Env) -> None:
        subject = self.ev(node.subject, env)
        draft = status.status_target(subject, self.last)
        for case in node.cases:
            if draft is not None:
                status.mark(draft, status.match_codes(case.pattern), case.pattern.lineno)
            if case.guard is not None:
                self.ev(case.guard, env)
            self.walk(case.body, env)

    def _do_Import(self, node: ast.Import, env: Env) -> None:
        for alias in node.names:
            if alias.asname:
                env.set(alias.asname, self.ref(node, Lib(alias.name)))
            else:
                top = alias.name.split(".")[0]
                env.set(top, self.ref(node, Lib(top)))

    def _do_ImportFrom(self, node: ast.ImportFrom, env: Env) -> None:
        module = "." * node.level + (node.module or "")
        for alias in node.names:
            if alias.name != "*":
                env.set(alias.asname or alias.name, self.ref(node, Lib(f"{module}.{alias.name}")))

    # -- assignment -----------------------------------------------------------

    def assign(self, target: ast.expr, value: Val | None, env: Env) -> None:
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

    def _assign_unpack(self, target: ast.Tuple | ast.List, value: Val | None, env: Env) -> None:
        items = value.items if value is not None else None
        plain = not any(isinstance(elt, ast.Starred) for elt in target.elts)
        for index, elt in enumerate(target.elts):
            known = items is not None and plain and len(items) == len(target.elts)
            self.assign(elt, items[index] if known and items is not None else None, env)

    def _assign_attribute(self, target: ast.Attribute, value: Val | None, env: Env) -> None:
        base = self.ev(target.value, env)
        if value is None:
            value = self.unknown(target)
        if isinstance(base.data, Session):
            client_requests.set_session_attr(base.data, target.attr, value)
            return
        dotted = _dotted(target)
        if dotted is not None:
            env.set_attr(dotted, value)

    def _assign_item(self, target: ast.Subscript, value: Val | None, env: Env) -> None:
        base = self.ev(target.value, env)
        key = self.ev(target.slice, env)
        if value is None:
            value = self.unknown(target)
        if base.fields is not None and key.src is None and hashable(key.data):
            self._set_key(base, key.data, value, target.lineno)
        elif base.items is not None and isinstance(key.data, int) and key.src is None \
                and -len(base.items) <= key.data < len(base.items):
            base.items[key.data] = value

    # -- expressions ----------------------------------------------------------

    def ev(self, node: ast.expr | None, env: Env) -> Val:
        if node is None:
            return Val(line=0)
        self.tick()
        handler: Callable[[Any, Env], Val] | None = getattr(self, "_ev_" + type(node).__name__, None)
        if handler is None:
            return self._ev_other(node, env)
        return handler(node, env)

    def _ev_other(self, node: ast.expr, env: Env) -> Val:
        # Unknown shape: still look inside, a request may hide in it.
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.ev(child, env)
        return self.unknown(node)

    def _ev_Constant(self, node: ast.Constant, env: Env) -> Val:
        value = node.value
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        elif value is Ellipsis or isinstance(value, complex):
            return self.unknown(node)
        return Val(line=node.lineno, data=value)

    def _ev_JoinedStr(self, node: ast.JoinedStr, env: Env) -> Val:
        parts: list[str] = []
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                parts.append(self._format_value(part, env))
            else:
                parts.append(str(getattr(part, "value", "")))
        return Val(line=node.lineno, data="".join(parts))

    def _format_value(self, part: ast.FormattedValue, env: Env) -> str:
        value = self.ev(part.value, env)
        if value.src is not None:
            return to_str(value)
        data = to_data(value)
        if part.conversion == ord("r"):
            return repr(data)
        spec = self.ev(part.format_spec, env) if part.format_spec is not None else None
        if spec is not None and is_str(spec) and spec.data and isinstance(data, (int, float)):
            try:
                return format(data, spec.data)
            except (ValueError, TypeError):
                pass
        return to_str(value)

    def _ev_Name(self, node: ast.Name, env: Env) -> Val:
        value = env.get(node.id)
        if value is None:
            if node.id in IMPLICIT_MODULES:
                return self.ref(node, Lib(node.id))
            if node.id in BUILTINS:
                return self.ref(node, Lib("builtins." + node.id))
            return self.unknown(node)
        if value.line == 0:
            # A parameter or loop variable: it is written where it is used.
            return dataclasses.replace(value, line=node.lineno)
        return value

    def _ev_Attribute(self, node: ast.Attribute, env: Env) -> Val:
        dotted = _dotted(node)
        if dotted is not None and "." in dotted:
            known = env.get(dotted)
            if known is not None:
                return dataclasses.replace(known, line=node.lineno) if known.line == 0 else known
        base = self.ev(node.value, env)
        target = base.data
        if base.src is None and isinstance(target, Lib):
            return self.ref(node, Lib(f"{target.path}.{node.attr}"))
        if base.src is None and isinstance(target, Session):
            return client_requests.session_attr(self, node, base, target)
        if base.src is None and isinstance(target, Response):
            if node.attr in ("ok", "is_success"):
                target.draft.expect_success(node.lineno)
            return self.ref(node, Attr(base, node.attr))
        if base.src is None:
            return self.ref(node, Attr(base, node.attr))
        # `resp.status_code` on a response we did not see being made.
        return self.unknown(node, data=Attr(base, node.attr))

    def _ev_Subscript(self, node: ast.Subscript, env: Env) -> Val:
        base = self.ev(node.value, env)
        key = self.ev(node.slice, env)
        if key.src is None and hashable(key.data):
            if base.fields is not None and key.data in base.fields:
                return base.fields[key.data]
            if base.items is not None and isinstance(key.data, int) and not isinstance(key.data, bool) \
                    and -len(base.items) <= key.data < len(base.items):
                return base.items[key.data]
        return self.unknown(node)

    def _ev_Dict(self, node: ast.Dict, env: Env) -> Val:
        result = new_dict(node.lineno)
        assert result.fields is not None and result.keys is not None
        for key_node, value_node in zip(node.keys, node.values, strict=False):
            value = self.ev(value_node, env)
            if key_node is None:  # {**other}
                if value.fields is not None:
                    result.fields.update(value.fields)
                    result.keys.update(value.keys or {})
                continue
            key = self.ev(key_node, env)
            name = key.data if key.src is None and hashable(key.data) else to_str(key)
            result.fields[name] = value
            result.keys[name] = key_node.lineno
        return result

    def _ev_List(self, node: ast.List | ast.Tuple | ast.Set, env: Env) -> Val:
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

    def _ev_BinOp(self, node: ast.BinOp, env: Env) -> Val:
        return self.binop(node.op, self.ev(node.left, env), self.ev(node.right, env), node)

    def binop(self, op: ast.operator, left: Val, right: Val, node: ast.AST) -> Val:
        line = getattr(node, "lineno", left.line)
        if isinstance(op, ast.Add):
            return self._add(left, right, node, line)
        if isinstance(op, ast.Mod) and is_str(left):
            return self._percent(left, right, node, line)
        return self.unknown(node)

    def _add(self, left: Val, right: Val, node: ast.AST, line: int) -> Val:
        if left.items is not None and right.items is not None:
            return Val(line=line, items=left.items + right.items)
        strings = is_str(left) or is_str(right)
        both_unknown = left.src is not None and right.src is not None
        if (strings and all(is_str(v) or v.src is not None for v in (left, right))) or both_unknown:
            return Val(line=line, data=to_str(left) + to_str(right))
        numbers = [v.data for v in (left, right)]
        if all(v.src is None and isinstance(d, (int, float)) and not isinstance(d, bool)
               for v, d in zip((left, right), numbers, strict=False)):
            return Val(line=line, data=numbers[0] + numbers[1])
        return self.unknown(node)

    def _percent(self, left: Val, right: Val, node: ast.AST, line: int) -> Val:
        args: Any
        args = tuple(to_data(item) for item in right.items) if right.items is not None else to_data(right)
        try:
            return Val(line=line, data=left.data % args)
        except (TypeError, ValueError, KeyError, OverflowError):
            return self.unknown(node)

    def _ev_Await(self, node: ast.Await, env: Env) -> Val:
        return self.ev(node.value, env)

    def _ev_Starred(self, node: ast.Starred, env: Env) -> Val:
        return self.ev(node.value, env)

    def _ev_BoolOp(self, node: ast.BoolOp, env: Env) -> Val:
        values = [self.ev(value, env) for value in node.values]
        want = isinstance(node.op, ast.Or)
        for value in values:
            truth = truth_of(value)
            if truth is None:
                return self.unknown(node)
            if truth == want:
                return value
        return values[-1]

    def _ev_IfExp(self, node: ast.IfExp, env: Env) -> Val:
        truth = truth_of(self.ev(node.test, env))
        if truth is not None:
            return self.ev(node.body if truth else node.orelse, env)
        self.ev(node.body, env)
        self.ev(node.orelse, env)
        return self.unknown(node)

    def _ev_UnaryOp(self, node: ast.UnaryOp, env: Env) -> Val:
        value = self.ev(node.operand, env)
        if isinstance(node.op, ast.USub) and value.src is None and isinstance(value.data, (int, float)):
            return Val(line=node.lineno, data=-value.data)
        if isinstance(node.op, ast.UAdd):
            return value
        truth = truth_of(value) if isinstance(node.op, ast.Not) else None
        return Val(line=node.lineno, data=not truth) if truth is not None else self.unknown(node)

    def _ev_NamedExpr(self, node: ast.NamedExpr, env: Env) -> Val:
        value = self.ev(node.value, env)
        self.assign(node.target, value, env)
        return value

    def _ev_Lambda(self, node: ast.Lambda, env: Env) -> Val:
        return self.unknown(node)

    def _ev_ListComp(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp, env: Env) -> Val:
        scope = self._comprehension_scope(node.generators, env)
        self.ev(node.elt, scope)
        return self.unknown(node)

    _ev_SetComp = _ev_ListComp
    _ev_GeneratorExp = _ev_ListComp

    def _ev_DictComp(self, node: ast.DictComp, env: Env) -> Val:
        scope = self._comprehension_scope(node.generators, env)
        self.ev(node.key, scope)
        self.ev(node.value, scope)
        return self.unknown(node)

    def _comprehension_scope(self, generators: list[ast.comprehension], env: Env) -> Env:
        scope = Env(env)
        for gen in generators:
            self.ev(gen.iter, scope)
            self.assign(gen.target, None, scope)
            for cond in gen.ifs:
                self.ev(cond, scope)
        return scope

    def _ev_Compare(self, node: ast.Compare, env: Env) -> Val:
        operands = [self.ev(node.left, env)] + [self.ev(c, env) for c in node.comparators]
        results = []
        for op, left, right in zip(node.ops, operands, operands[1:], strict=False):
            status.compare(op, left, right, node.lineno, self.last)
            results.append(_compare_known(op, left, right))
        if all(r is not None for r in results):
            return Val(line=node.lineno, data=all(results))
        return self.unknown(node)

    # -- calls ----------------------------------------------------------------

    def _ev_Call(self, node: ast.Call, env: Env) -> Val:
        callee = self.ev(node.func, env)
        args = [self.ev(arg, env) for arg in node.args]
        args = [item for arg, value in zip(node.args, args, strict=False) for item in _spread(arg, value)]
        kwargs = self._keywords(node, env)
        target = callee.data if callee.src is None else None
        if isinstance(target, Func):
            return self.call_function(target, node, args, kwargs)
        if isinstance(target, Lib):
            return self.call_lib(target.path, node, args, kwargs)
        if isinstance(target, Attr):
            return self.call_method(target, node, args, kwargs)
        return self.unknown(node)

    def _keywords(self, node: ast.Call, env: Env) -> dict[str, Val]:
        kwargs: dict[str, Val] = {}
        for keyword in node.keywords:
            value = self.ev(keyword.value, env)
            if keyword.arg is not None:
                kwargs[keyword.arg] = value
            elif value.fields is not None:  # **known_dict
                kwargs.update({k: v for k, v in value.fields.items() if isinstance(k, str)})
        return kwargs

    def call_lib(self, path: str, node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val:
        for client in CLIENTS:
            sent = client.call(self, path, node, args, kwargs)
            if sent is not None:
                return sent
        handler = library.FUNCTIONS.get(path.removeprefix("builtins."))
        if handler is not None:
            result = handler(node, args, kwargs)
            if result is not None:
                return result
        return self.unknown(node)

    def call_method(self, attr: Attr, node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val:
        base, name = attr.base, attr.name
        for client in CLIENTS:
            sent = client.method(self, attr, node, args, kwargs)
            if sent is not None:
                return sent
        if isinstance(base.data, Response):
            return status.response_method(self, attr, node)
        if base.fields is not None:
            return self._dict_method(base, name, node, args, kwargs)
        if base.items is not None and name in ("append", "extend"):
            if self.loops:
                # Filled in a loop: its length and content are not known.
                func = node.func
                filled = func.value if isinstance(func, ast.Attribute) else func
                base.items, base.src = None, self.segment(filled)
            elif args:
                base.items.extend((args[0].items or []) if name == "extend" else [args[0]])
            return Val(line=node.lineno)
        if is_str(base):
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
            return copy_dict(base)
        first = args[0] if args else None
        if first is None or first.src is not None or not hashable(first.data):
            return self.unknown(node)
        if name in ("set", "setdefault") and len(args) > 1:
            if name == "set" or first.data not in base.fields:
                self._set_key(base, first.data, args[1], node.lineno)
            return base.fields[first.data]
        if name in ("get", "pop"):
            found = base.fields.get(first.data)
            if name == "pop":
                base.fields.pop(first.data, None)
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
            # `json.dumps(x).encode()` is still x sent as JSON.
            return Val(line=node.lineno, data=base.data, json_of=base.json_of, form_of=base.form_of)
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

    def call_function(self, func: Func, node: ast.Call, args: list[Val], kwargs: dict[str, Val]) -> Val:
        """Follow a call into the function's body with its parameters bound."""
        count = self.followed.get(id(func.node), 0)
        if func.node in self.active or len(self.active) >= MAX_DEPTH or count >= MAX_FOLLOW:
            return self.unknown(node)
        self.followed[id(func.node)] = count + 1
        self.called.add(id(func.node))
        returned = self._walk_function(func, args, kwargs, node)
        for value in returned:
            if isinstance(value.data, Response):
                return value
        # Several different results: which one depends on the run.
        if returned and all(to_data(v) == to_data(returned[0]) for v in returned):
            return returned[0]
        return self.unknown(node)

    def _walk_function(self, func: Func, args: list[Val], kwargs: dict[str, Val],
                       call: ast.Call | None) -> list[Val]:
        scope = Env(func.env)
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

    def _bind_params(self, func: Func, scope: Env, args: list[Val],
                     kwargs: dict[str, Val], called: bool) -> None:
        spec = func.node.args
        positional = spec.posonlyargs + spec.args
        names = [a.arg for a in positional][::-1]
        defaults: dict[str, ast.expr] = dict(zip(names, spec.defaults[::-1], strict=False))
        defaults.update({a.arg: d for a, d in zip(spec.kwonlyargs, spec.kw_defaults, strict=True)
                         if d is not None})
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
            bag = new_dict(0)
            for key, value in extra.items() if called else ():
                assert bag.fields is not None and bag.keys is not None
                bag.fields[key], bag.keys[key] = value, value.line
            scope.set(spec.kwarg.arg, bag if called else Val(line=0, src=spec.kwarg.arg))


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



def _compare_known(op: ast.cmpop, left: Val, right: Val) -> bool | None:
    """`a == b`, `"?" in s`, `x is None`... on known scalars; None when not known."""
    left_known, a = scalar(left)
    right_known, b = scalar(right)
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


