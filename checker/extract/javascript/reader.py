"""Evaluation: the static value of an expression of the sample, seen from the call that uses it.

`Reader` holds one sample: its tree, its scopes, and `value(node, at)`, which
works out what an expression is worth at byte position `at` (the request
call being read): constants, later reassignments written before the call,
mutations, parameters bound by the call of the sample function being read
(`Frame`), and the few library calls whose result is known
(`JSON.stringify`, `encodeURIComponent`, `new URLSearchParams`...). Work is
bounded (depth, steps): what is beyond the bounds is `Opaque`, never an error.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from tree_sitter import Node

from checker.extract.javascript.scopes import (
    Binding,
    Frame,
    ParamArg,
    Scopes,
    bind_arguments,
)
from checker.extract.javascript.syntax import (
    FIELD_TYPES,
    FUNCTION_TYPES,
    NAME_TYPES,
    WRAPPER_TYPES,
    Tree,
    arguments,
    inside,
    list_nodes,
    parser,
    unwrap,
)
from checker.extract.javascript.values import (
    CLIENT_MODULES,
    UNDEFINED,
    ClientVal,
    FileVal,
    JsonText,
    Marker,
    ObjVal,
    Opaque,
    base64_of,
    join_surrogates,
    js_string,
    known,
    merged,
    pairs,
    parse_number,
    plus,
    unescape,
    url_join,
)

# Bound the work one value may cost: self-referencing or exploding definitions.
MAX_DEPTH = 60
MAX_STEPS = 50_000          # per request...
MAX_TOTAL_STEPS = 500_000   # ...until the sample has cost this much,
SPENT_STEPS = 500           # then just enough to recognise the calls
MAX_OPAQUE_CHARS = 300      # an unknown expression longer than this is cut
MAX_CALL_DEPTH = 6          # sample functions followed into, call within call
MAX_CONTEXTS = 16           # readings of one request call (one per call of its function)

# Clients a sample may use without importing them: browser globals, and the
# names docs use for got, ky and superagent in a fragment that skips its import.
GLOBAL_CLIENTS = frozenset({"fetch", "axios", "got", "ky", "superagent"})
# Constructors whose instance is a client: `new XMLHttpRequest()`.
CLIENT_CONSTRUCTORS = {"XMLHttpRequest": "xhr"}
# Calls of a client that make an instance carrying defaults.
INSTANCE_MAKERS = {"axios": ("create",), "got": ("extend",), "ky": ("create", "extend")}


class Reader:
    """Everything about one sample: its tree, its scopes, and the values of its expressions."""

    def __init__(self, code: str, dialect: str = "javascript") -> None:
        self.data = code.encode("utf-8", "surrogatepass")
        self.dialect = dialect
        self.tree = parser(dialect).parse(self.data)
        self.syntax = Tree(self.tree.root_node)
        self.nodes = self.syntax.nodes
        self.parent = self.syntax.parent
        self.scopes = Scopes(self.syntax, self.text)
        self.steps = 0
        self.total_steps = 0
        self._active: set[tuple[int, int, int]] = set()
        self.frame: Frame | None = None  # the call of a sample function being read
        self._call_sites: dict[int, list[Node]] | None = None

    # -- helpers
    def text(self, node: Node) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def short(self, node: Node | None) -> str:
        """Source text of an expression, on one line (cut when very long)."""
        if node is None:
            return ""
        end = min(node.end_byte, node.start_byte + 4 * MAX_OPAQUE_CHARS)
        text = " ".join(self.data[node.start_byte:end].decode("utf-8", "replace").split())
        return text if end == node.end_byte and len(text) <= MAX_OPAQUE_CHARS else \
            text[:MAX_OPAQUE_CHARS] + "..."

    @staticmethod
    def line(node: Node) -> int:
        return node.start_point[0] + 1

    # -- evaluation
    def value(self, node: Node | None, at: int) -> Any:
        """The static value of an expression, seen from byte position `at` (the call)."""
        if node is None:
            return UNDEFINED
        key = (node.id, at, id(self.frame))
        if key in self._active or len(self._active) > MAX_DEPTH:
            return Opaque(self.short(node))  # a definition that refers to itself
        self.steps += 1
        self.total_steps += 1
        if self.spent():
            return Opaque(self.short(node))  # too costly to work out: left unknown
        self._active.add(key)
        try:
            return self._value(node, at)
        finally:
            self._active.discard(key)

    def spent(self) -> bool:
        return self.steps > (MAX_STEPS if self.total_steps < MAX_TOTAL_STEPS else SPENT_STEPS)

    def _value(self, node: Node, at: int) -> Any:
        kind = node.type
        handler = getattr(self, "_v_" + kind, None)
        if handler is not None:
            return handler(node, at)
        if kind in WRAPPER_TYPES:
            inner = unwrap(node)
            return self.value(inner, at) if inner is not None else UNDEFINED
        if kind == "sequence_expression":
            return self.value(node.named_children[-1], at)
        if kind == "true":
            return True
        if kind == "false":
            return False
        if kind == "null":
            return None
        if kind == "undefined":
            return UNDEFINED
        return Opaque(self.short(node))

    def _v_string(self, node: Node, at: int) -> Any:
        parts = []
        for child in node.named_children:
            if child.type == "string_fragment":
                parts.append(self.text(child))
            elif child.type == "escape_sequence":
                parts.append(unescape(self.text(child)))
        return join_surrogates("".join(parts))

    def _v_template_string(self, node: Node, at: int) -> Any:
        parts = []
        for child in node.named_children:
            if child.type == "string_fragment":
                parts.append(self.text(child))
            elif child.type == "escape_sequence":
                parts.append(unescape(self.text(child)))
            elif child.type == "template_substitution":
                inner = child.named_children
                parts.append(js_string(self.value(inner[0], at)) if inner else "")
        return join_surrogates("".join(parts))

    def _v_number(self, node: Node, at: int) -> Any:
        number = parse_number(self.text(node))
        return Opaque(self.text(node)) if number is None else number

    def _v_object(self, node: Node, at: int) -> Any:
        obj = ObjVal(line=self.line(node))
        for child in node.named_children:
            if self.spent():
                break  # a huge literal: what was read so far stands
            if child.type == "pair":
                self._object_pair(obj, child, at)
            elif child.type == "shorthand_property_identifier":
                obj.put(self.text(child), self._identifier(child, at), self.line(child), child)
            elif child.type == "spread_element" and child.named_children:
                spread = self.value(child.named_children[0], at)
                if isinstance(spread, ObjVal):  # keys of an unknown spread are unknowable
                    for key, value in spread.fields.items():
                        obj.put(key, value, spread.lines.get(key, self.line(child)), spread.nodes.get(key))
        return obj

    def _object_pair(self, obj: ObjVal, pair: Node, at: int) -> None:
        key_node, value_node = pair.child_by_field_name("key"), pair.child_by_field_name("value")
        if key_node is None:
            return
        key = self._key(key_node, at)
        obj.put(key, self.value(value_node, at), self.line(key_node), value_node)

    def _key(self, key_node: Node, at: int) -> str:
        if key_node.type == "string":
            return js_string(self.value(key_node, at))
        if key_node.type == "computed_property_name" and key_node.named_children:
            return js_string(self.value(key_node.named_children[0], at))
        if key_node.type == "number":
            return js_string(self.value(key_node, at))
        return self.text(key_node)

    def _v_array(self, node: Node, at: int) -> Any:
        items: list[Any] = []
        for child in node.named_children:
            if self.spent():
                break
            if child.type == "comment":
                continue
            if child.type == "spread_element" and child.named_children:
                spread = self.value(child.named_children[0], at)
                items.extend(spread if isinstance(spread, list) else [spread])
            else:
                items.append(self.value(child, at))
        return items

    def _v_identifier(self, node: Node, at: int) -> Any:
        return self._identifier(node, at)

    def _v_shorthand_property_identifier(self, node: Node, at: int) -> Any:
        return self._identifier(node, at)  # `{ url }` read back from a config's nodes

    def _identifier(self, node: Node, at: int) -> Any:
        name = self.text(node)
        binding = self.scopes.lookup(name, node)
        if binding is None:
            return self._global(name)
        if binding.kind == "import" or binding.kind == "pattern":
            return self._imported(binding, name, at)
        if binding.kind == "param":
            return self._param(binding, name, at)
        if binding.kind == "function":
            return Opaque(name)
        if binding.kind == "enum":
            return self._enum(binding.value) if binding.value is not None else Opaque(name)
        value = as_client(self._current_value(binding, at), "")
        if isinstance(value, ObjVal) or (isinstance(value, ClientVal) and value.client == "axios"):
            value = self._mutated(binding, value, at)
        elif isinstance(value, str) and binding.mutations:
            value = self._search_params(binding, value, at)
        # A variable whose value is unknown keeps its own name: `${sessionId}`.
        return Opaque(name) if isinstance(value, Opaque) else value

    # -- parameters, bound by the call being read
    def _param(self, binding: Binding, name: str, at: int) -> Any:
        value = self._reassigned(binding, self._passed(binding, name), at)
        # A parameter reassigned to something unknown keeps its own name.
        return Opaque(name) if isinstance(value, Opaque) and binding.assignments else value

    def _passed(self, binding: Binding, name: str) -> Any:
        """What the call being read passes for a parameter (its default if nothing)."""
        frame, arg = self._argument(binding, self.frame)
        if frame is None or arg is None:
            return Opaque(name)
        value: Any = UNDEFINED
        if arg.node is not None:
            value = self.in_frame(frame.parent, lambda: self.value(arg.node, frame.at))
            if arg.key:
                value = value.fields.get(arg.key, UNDEFINED) if isinstance(value, ObjVal) else Opaque(name)
        if value is UNDEFINED and arg.default is not None:
            value = self.in_frame(frame, lambda: self.value(arg.default, frame.at))
        return value

    def _argument(self, binding: Binding, frame: Frame | None) -> tuple[Frame | None, ParamArg | None]:
        """The frame of the call that binds this parameter, and what it passes."""
        while frame is not None and frame.function.id != binding.scope:
            frame = frame.parent
        return (frame, frame.args.get(binding.name)) if frame is not None else (None, None)

    def in_frame(self, frame: Frame | None, read: Callable[[], Any]) -> Any:
        saved, self.frame = self.frame, frame
        try:
            return read()
        finally:
            self.frame = saved

    def contexts(self, node: Node, chain: frozenset[int] = frozenset()) -> list[Frame | None]:
        """Every call under which `node` runs: one frame per call of its enclosing function.

        A function no one calls (a callback, a method, an unused helper) is read
        once, its parameters unknown, under the calls of the function around it.
        Recursion is not followed: a call from a function already on the way in
        leads nowhere new.
        """
        function = next((a for a in self.syntax.ancestors(node) if a.type in FUNCTION_TYPES), None)
        if function is None:
            return [None]
        if function.id in chain:
            return []
        calls = self.call_sites().get(function.id, []) if len(chain) < MAX_CALL_DEPTH else []
        if not calls:
            return self.contexts(function, chain | {function.id})
        frames: list[Frame | None] = []
        for call in calls:
            for parent in self.contexts(call, chain | {function.id}):
                order = (parent.order if parent is not None else ()) + (call.start_byte,)
                frames.append(Frame(function, bind_arguments(function, arguments(call)), parent,
                                    call.start_byte, order))
                if len(frames) >= MAX_CONTEXTS:
                    return frames
        # Called only from within itself (recursion): read once, parameters unknown.
        return frames if frames or chain else self.contexts(function, chain | {function.id})

    def call_sites(self) -> dict[int, list[Node]]:
        """Function node id -> the calls `name(...)` of the name it is declared under."""
        if self._call_sites is None:
            self._call_sites = {}
            for node in self.nodes:
                callee = node.child_by_field_name("function") if node.type == "call_expression" else None
                if callee is None or callee.type != "identifier":
                    continue
                function = self._function_of(self.scopes.lookup(self.text(callee), callee))
                if function is not None and not inside(node, function):  # recursion: not followed
                    self._call_sites.setdefault(function.id, []).append(node)
        return self._call_sites

    @staticmethod
    def _function_of(binding: Binding | None) -> Node | None:
        if binding is None or binding.value is None:
            return None
        if binding.kind == "function" and binding.value.type not in ("class_declaration",
                                                                     "abstract_class_declaration"):
            return binding.value
        if binding.kind in ("const", "let", "var") and binding.value.type in FUNCTION_TYPES:
            return binding.value
        return None

    def _global(self, name: str) -> Any:
        if name == "undefined":
            return UNDEFINED
        if name == "NaN":
            return math.nan
        if name == "Infinity":
            return math.inf
        if name in GLOBAL_CLIENTS:
            return Marker(name, name)
        return Opaque(name)

    def _imported(self, binding: Binding, name: str, at: int) -> Any:
        """`import axios from 'axios'`, `const fetch = require(...)`'s cousins, `const {fetch} = ...`."""
        source = binding.source
        if source is None:
            return Opaque(name)
        if binding.kind == "import":
            return module_member(js_string(self.value(source, at)), binding.key, name)
        origin = self.value(source, at)
        if isinstance(origin, Marker) and origin.name.startswith("module:"):
            return module_member(origin.name[len("module:"):], binding.key, name)
        if isinstance(origin, ObjVal) and binding.key in origin.fields:
            value = origin.fields[binding.key]
            return Opaque(name) if isinstance(value, Opaque) else value
        return Opaque(name)

    def _current_value(self, binding: Binding, at: int) -> Any:
        """The declared value, or the last plain reassignment written before the call."""
        declared = self.value(binding.value, at) if binding.value is not None else UNDEFINED
        return self._reassigned(binding, declared, at)

    def _reassigned(self, binding: Binding, value: Any, at: int) -> Any:
        for expr, rhs, op in binding.assignments:
            if expr.start_byte >= at:
                continue
            if op == "=":
                value = self.value(rhs, at)
            elif op == "+=":
                value = plus(value, self.value(rhs, at), Opaque(binding.name))
            else:
                value = Opaque(binding.name)
        return value

    def _mutated(self, binding: Binding, value: Any, at: int) -> Any:
        """Apply `obj.k = v`, `form.append(k, v)`, `api.defaults.baseURL = v` written before use.

        A use inside a function sees changes made outside it wherever they
        stand: the function runs once the sample has set things up.
        """
        changes = [m for m in binding.mutations if self._applies(m, at)]
        if not changes:
            return value
        target = value.copy() if isinstance(value, ObjVal) else \
            ClientVal(value.client, value.config.copy(), value.text)
        for change in changes:
            before = set(target.fields) if isinstance(target, ObjVal) else set()
            if isinstance(target, ClientVal):
                self._mutate_axios(target, change, at)
            elif change.type == "call_expression":
                self._mutate_call(target, change, at)
            else:
                self._mutate_member(target, change, at)
            if isinstance(target, ObjVal) and self._conditional(change, binding, at):
                target.optional |= frozenset(set(target.fields) - before)
        return target

    def _conditional(self, change: Node, binding: Binding, at: int) -> bool:
        """Whether a change runs only on some paths to the use at `at`: under an
        `if`, a ternary or a `switch` that holds neither the use nor the
        object's declaration."""
        declared = binding.value.start_byte if binding.value is not None else -1
        for node in self.syntax.ancestors(change):
            if node.type in ("if_statement", "ternary_expression", "switch_case", "switch_default"):
                holds_use = node.start_byte <= at < node.end_byte
                holds_declaration = node.start_byte <= declared < node.end_byte
                if not holds_use and not holds_declaration:
                    return True
        return False

    def _search_params(self, binding: Binding, url: str, at: int) -> str:
        """`url.searchParams.append('q', v)` on a `new URL(...)`: the query grows."""
        for change in (m for m in binding.mutations if self._applies(m, at)):
            callee = change.child_by_field_name("function") if change.type == "call_expression" else None
            holder = callee.child_by_field_name("object") if callee is not None else None
            args = arguments(change)
            if holder is None or holder.type != "member_expression" or len(args) < 2:
                continue
            prop = holder.child_by_field_name("property")
            if prop is None or self.text(prop) != "searchParams":
                continue
            pair = urlencode([(js_string(self.value(args[0], at)), js_string(self.value(args[1], at)))],
                             safe="${}")
            url += ("&" if "?" in url else "?") + pair
        return url

    def _applies(self, change: Node, at: int) -> bool:
        if change.start_byte < at:
            return True
        use_function = self._function_at(at)
        return use_function is not None and not (
            use_function.start_byte <= change.start_byte < use_function.end_byte)

    def _function_at(self, at: int) -> Node | None:
        node = self.tree.root_node.descendant_for_byte_range(at, at)
        if node is None or node.type in FUNCTION_TYPES:
            return node
        return next((a for a in self.syntax.ancestors(node) if a.type in FUNCTION_TYPES), None)

    def _mutate_call(self, target: ObjVal, call: Node, at: int) -> None:
        callee = call.child_by_field_name("function")
        args = arguments(call)
        holder = callee.child_by_field_name("object") if callee is not None else None
        prop = callee.child_by_field_name("property") if callee is not None else None
        if target.kind == "object" or holder is None or prop is None or len(args) < 2:
            return
        if holder.type != "identifier":
            return  # `form.x.append` is not an append on `form`
        method = self.text(prop)
        key = js_string(self.value(args[0], at))
        value = self.value(args[1], at)
        if target.kind == "formdata":
            value = self._form_value(value, args[2] if len(args) > 2 else None, at)
        elif target.kind in ("params", "headers"):
            value = js_string(value)
        repeat = method == "append" and target.kind != "headers"
        target.put(key, value, self.line(call), args[1], repeat=repeat)

    def _mutate_member(self, target: ObjVal, assignment: Node, at: int) -> None:
        left = assignment.child_by_field_name("left")
        right = assignment.child_by_field_name("right")
        if left is None or right is None or target.kind != "object":
            return
        obj = left.child_by_field_name("object")
        if obj is None or obj.type != "identifier":
            return  # nested: `payload.config.x = ...` changes an inner object; left alone
        key = self._member_key(left, at)
        if key is not None and assignment.type == "assignment_expression":
            target.put(key, self.value(right, at), self.line(assignment), right)

    def _member_key(self, member: Node, at: int) -> str | None:
        if member.type == "member_expression":
            prop = member.child_by_field_name("property")
            return self.text(prop) if prop is not None else None
        index = member.child_by_field_name("index")
        key = self.value(index, at) if index is not None else UNDEFINED
        return js_string(key) if known(key) else None

    def _mutate_axios(self, target: ClientVal, change: Node, at: int) -> None:
        """`api.defaults.baseURL = x`, `api.defaults.headers.common['K'] = v`."""
        if change.type != "assignment_expression":
            return
        left, right = change.child_by_field_name("left"), change.child_by_field_name("right")
        path = self._member_path(left, at)
        if not path or path[0] != "defaults" or right is None:
            return
        if path[1:] == ["baseURL"]:
            target.config.put("baseURL", self.value(right, at), self.line(change), right)
        elif len(path) >= 3 and path[1] == "headers" and path[2:-1] in ([], ["common"]):
            headers = target.config.fields.get("headers")
            headers = headers.copy() if isinstance(headers, ObjVal) else ObjVal(line=self.line(change))
            headers.put(path[-1], self.value(right, at), self.line(change), right)
            target.config.put("headers", headers, target.config.lines.get("headers", self.line(change)), None)

    def _member_path(self, node: Node | None, at: int) -> list[str]:
        """['defaults', 'headers', 'common', 'Authorization'] for `api.defaults.headers.common[...]`."""
        path: list[str] = []
        while node is not None and node.type in ("member_expression", "subscript_expression"):
            key = self._member_key(node, at)
            if key is None:
                return []
            path.append(key)
            node = node.child_by_field_name("object")
        return list(reversed(path))

    def _v_member_expression(self, node: Node, at: int) -> Any:
        obj_node, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
        if obj_node is None or prop is None:
            return Opaque(self.short(node))
        name = self.text(prop)
        if obj_node.type == "this":
            return self._this_field(node, name, at)
        obj = self.value(obj_node, at)
        return self._member_of(obj, name, node)

    def _v_subscript_expression(self, node: Node, at: int) -> Any:
        obj = self.value(node.child_by_field_name("object"), at)
        index = self.value(node.child_by_field_name("index"), at)
        if isinstance(obj, list) and isinstance(index, int) and not isinstance(index, bool):
            return obj[index] if 0 <= index < len(obj) else UNDEFINED
        if not known(index):
            return Opaque(self.short(node))
        return self._member_of(obj, js_string(index), node)

    def _member_of(self, obj: Any, name: str, node: Node) -> Any:
        if isinstance(obj, ObjVal) and obj.kind == "object" and name in obj.fields:
            return obj.fields[name]
        if isinstance(obj, (str, list)) and name == "length":
            return len(obj)
        if isinstance(obj, str) and name == "href":
            return obj  # a `new URL(...)`, kept as its text
        if isinstance(obj, Marker) and obj.name.startswith("module:"):
            return module_member(obj.name[len("module:"):], name, self.short(node))
        if isinstance(obj, Marker) and obj.name in CLIENT_MODULES.values() and name == "default":
            return obj  # `require('axios').default`
        return Opaque(self.short(node))

    def _this_field(self, node: Node, name: str, at: int) -> Any:
        body = self.syntax.ancestor(node, "class_body")
        rhs = self.scopes.this_fields.get(body.id, {}).get(name) if body is not None else None
        if rhs is None and body is not None:
            rhs = self._class_field(body, name)
        value = self.value(rhs, at) if rhs is not None else Opaque(self.short(node))
        return Opaque(self.short(node)) if isinstance(value, Opaque) else value

    def _class_field(self, body: Node, name: str) -> Node | None:
        for member in body.named_children:
            prop = member.child_by_field_name("property")
            prop = prop if prop is not None else member.child_by_field_name("name")  # TypeScript
            if member.type in FIELD_TYPES and prop is not None and self.text(prop) == name:
                return member.child_by_field_name("value")
        return None

    def _v_binary_expression(self, node: Node, at: int) -> Any:
        op_node = node.child_by_field_name("operator")
        op = self.text(op_node) if op_node is not None else ""
        left = self.value(node.child_by_field_name("left"), at)
        if op in ("||", "??"):
            return self._fallback(op, left, node, at)
        right = self.value(node.child_by_field_name("right"), at)
        if op == "+":
            return plus(left, right, Opaque(self.short(node)))
        return Opaque(self.short(node))

    def _fallback(self, op: str, left: Any, node: Node, at: int) -> Any:
        # `process.env.API_URL || 'https://...'`: the written default is what a reader takes.
        if known(left):
            empty = left is None or left is UNDEFINED or (op == "||" and left in ("", 0, False))
            return self.value(node.child_by_field_name("right"), at) if empty else left
        right = self.value(node.child_by_field_name("right"), at)
        return right if known(right) else Opaque(self.short(node))

    def _v_unary_expression(self, node: Node, at: int) -> Any:
        op_node = node.child_by_field_name("operator")
        op = self.text(op_node) if op_node is not None else ""
        arg = self.value(node.child_by_field_name("argument"), at)
        if op == "-" and isinstance(arg, (int, float)) and not isinstance(arg, bool):
            return -arg
        if op == "+" and isinstance(arg, (int, float)) and not isinstance(arg, bool):
            return arg
        return Opaque(self.short(node))

    def _v_ternary_expression(self, node: Node, at: int) -> Any:
        cond = self.value(node.child_by_field_name("condition"), at)
        if isinstance(cond, bool):
            return self.value(node.child_by_field_name("consequence" if cond else "alternative"), at)
        return Opaque(self.short(node))

    def _v_call_expression(self, node: Node, at: int) -> Any:
        callee = node.child_by_field_name("function")
        args = arguments(node)
        if callee is None:
            return Opaque(self.short(node))
        name = self.short(callee)
        first = self.value(args[0], at) if args else UNDEFINED
        if name == "JSON.stringify":
            return JsonText(first)
        if name == "require" and isinstance(first, str):
            return Marker("module:" + first, self.short(node))
        if name in ("encodeURIComponent", "encodeURI") and isinstance(first, str):
            return quote(first, safe="-_.!~*'()" + (";,/?:@&=+$#" if name == "encodeURI" else ""))
        if name == "String" and known(first):
            return js_string(first)
        if name == "btoa" and isinstance(first, str):
            return base64_of(first, "latin-1")
        if name == "Object.assign" and args:
            return self._assign([self.value(a, at) for a in args], node)
        if callee.type == "member_expression":
            return self._method_result(callee, args, node, at)
        return Opaque(self.short(node))

    def _method_result(self, callee: Node, args: list[Node], node: Node, at: int) -> Any:
        prop_node, obj_node = callee.child_by_field_name("property"), callee.child_by_field_name("object")
        if prop_node is None or obj_node is None:
            return Opaque(self.short(node))
        prop = self.text(prop_node)
        obj = self.value(obj_node, at)
        if isinstance(obj, (Marker, ClientVal)) and prop in INSTANCE_MAKERS.get(_client_name(obj), ()):
            return self._instance(obj, args, node, at)
        if prop == "toString" and not args and known(obj) and not isinstance(obj, FileVal):
            return js_string(obj)
        if prop == "toString" and args and self._is_buffer_from(obj_node):
            return self._buffer_base64(obj_node, args, node, at)
        return Opaque(self.short(node))

    def _is_buffer_from(self, node: Node | None) -> bool:
        return node is not None and node.type == "call_expression" and \
            self.short(node.child_by_field_name("function")) == "Buffer.from"

    def _buffer_base64(self, buffer_call: Node, args: list[Node], node: Node, at: int) -> Any:
        inner = arguments(buffer_call)
        source = self.value(inner[0], at) if inner else UNDEFINED
        encoding = self.value(args[0], at)
        if isinstance(source, str) and encoding == "base64":
            return base64_of(source, "utf-8")
        return Opaque(self.short(node))

    def _instance(self, maker: Marker | ClientVal, args: list[Node], node: Node, at: int) -> ClientVal:
        """`axios.create(config)`, `got.extend(options)`, `ky.create(options)`: an
        instance carrying defaults (an instance's `extend` adds to its own)."""
        config = self.value(args[0], at) if args else ObjVal()
        config = config if isinstance(config, ObjVal) else ObjVal(line=self.line(node))
        if isinstance(maker, ClientVal):
            config = merged(maker.config, config)
        return ClientVal(_client_name(maker), config, self.short(node))

    def _enum(self, node: Node) -> ObjVal:
        """A TypeScript enum as the object it compiles to: `Role.Admin` is `"admin"`;
        an uninitialised member counts on from the one before."""
        members = ObjVal(line=self.line(node))
        body = node.child_by_field_name("body")
        following: Any = 0
        for member in body.named_children if body is not None else []:
            name = member.child_by_field_name("name") if member.type == "enum_assignment" else member
            if name is None or member.type not in ("enum_assignment", "property_identifier", "string"):
                continue
            value = self.value(member.child_by_field_name("value"), node.start_byte) \
                if member.type == "enum_assignment" else following
            key = js_string(self.value(name, node.start_byte)) if name.type == "string" else self.text(name)
            members.put(key, value, self.line(member), member)
            following = value + 1 if isinstance(value, int) and not isinstance(value, bool) \
                else Opaque(self.short(member))
        return members

    def _assign(self, values: list[Any], node: Node) -> Any:
        merged = ObjVal(line=self.line(node))
        for value in values:
            if isinstance(value, ObjVal):
                for key, item in value.fields.items():
                    merged.put(key, item, value.lines.get(key, merged.line), value.nodes.get(key))
        return merged

    def _v_new_expression(self, node: Node, at: int) -> Any:
        ctor = node.child_by_field_name("constructor")
        args = arguments(node)
        name = self.short(ctor) if ctor is not None else ""
        builders = {"FormData": self._new_form, "URLSearchParams": self._new_params,
                    "Headers": self._new_headers, "URL": self._new_url,
                    "File": self._new_file, "Blob": self._new_file}
        builder = builders.get(name)
        if name in CLIENT_CONSTRUCTORS:
            return ClientVal(CLIENT_CONSTRUCTORS[name], ObjVal(), self.short(node))
        if builder is None:
            return Opaque(self.short(node))
        return builder(node, args, at)

    def _new_form(self, node: Node, args: list[Node], at: int) -> Any:
        # `new FormData(formElement)` takes fields we cannot see.
        return Opaque(self.short(node)) if args else ObjVal(kind="formdata", line=self.line(node))

    def _new_params(self, node: Node, args: list[Node], at: int) -> Any:
        return self._keyed(node, args, at, "params")

    def _new_headers(self, node: Node, args: list[Node], at: int) -> Any:
        return self._keyed(node, args, at, "headers")

    def _keyed(self, node: Node, args: list[Node], at: int, kind: str) -> Any:
        """URLSearchParams/Headers from an object, `[[k, v]]` pairs or a query string."""
        source = self.value(args[0], at) if args else UNDEFINED
        written = self.origin_node(args[0], at) if args else None
        return self.keyed(source, written, self.line(node), kind) or Opaque(self.short(node))

    def keyed(self, source: Any, written: Node | None, line: int, kind: str) -> ObjVal | None:
        """The same from a value already worked out; `written` is where it is written (for lines)."""
        result = ObjVal(kind=kind, line=line)
        repeat = kind == "params"
        if isinstance(source, ObjVal):
            for key, value in pairs(source):
                result.put(key, js_string(value), source.lines.get(key, result.line),
                           source.nodes.get(key), repeat)
        elif isinstance(source, list):
            pair_nodes = list_nodes(written) if written is not None else []
            for index, pair in enumerate(source):
                pair_node = pair_nodes[index] if len(pair_nodes) == len(source) else None
                line = self.line(pair_node) if pair_node is not None else result.line
                if isinstance(pair, list) and len(pair) == 2:
                    result.put(js_string(pair[0]), js_string(pair[1]), line, pair_node, repeat)
        elif isinstance(source, str) and kind == "params":
            for key, value in parse_qsl(source.lstrip("?"), keep_blank_values=True):
                result.put(key, value, result.line, written, repeat)
        elif source is not UNDEFINED:
            return None
        return result

    def _new_url(self, node: Node, args: list[Node], at: int) -> Any:
        url = self.value(args[0], at) if args else UNDEFINED
        base = self.value(args[1], at) if len(args) > 1 else UNDEFINED
        if isinstance(url, str) and base is UNDEFINED:
            return url
        if isinstance(url, str) and isinstance(base, str):
            return url_join(base, url)
        return Opaque(self.short(node))

    def _new_file(self, node: Node, args: list[Node], at: int) -> Any:
        ctor = self.short(node.child_by_field_name("constructor"))
        name = self.value(args[1], at) if ctor == "File" and len(args) > 1 else None
        return FileVal(name if isinstance(name, str) else None, self.short(node))

    def _form_value(self, value: Any, filename_node: Node | None, at: int) -> Any:
        """A FormData field as curl -F would write it: text, or `@file` for a named file."""
        filename = self.value(filename_node, at) if filename_node is not None else None
        if isinstance(filename, str):
            return "@" + filename
        if isinstance(value, FileVal):
            return "@" + value.name if value.name else "${" + value.text + "}"
        return js_string(value)

    # -- where a value is written
    def origin_line(self, node: Node | None, at: int) -> int:
        """The line a value is written on, following variables to their declaration."""
        written = self.origin_node(node, at)
        return self.line(written) if written is not None else 1

    def origin_node(self, node: Node | None, at: int) -> Node | None:
        """Where a value is written, following variables, parameters to the argument
        of the call being read, and `JSON.stringify(variable)`."""
        frame = self.frame
        for _ in range(MAX_DEPTH):
            if node is None:
                return None
            if node.type in WRAPPER_TYPES and unwrap(node) is not None:
                node = unwrap(node)
                continue
            if node.type == "call_expression" and self.short(node.child_by_field_name("function")) == \
                    "JSON.stringify" and arguments(node) and arguments(node)[0].type in NAME_TYPES:
                node = arguments(node)[0]
                continue
            if node.type not in NAME_TYPES:
                return node
            binding = self.scopes.lookup(self.text(node), node)
            if binding is not None and binding.kind == "param":
                bound, arg = self._argument(binding, frame)
                if bound is None or arg is None or arg.node is None:
                    return node
                node, frame, at = arg.node, bound.parent, bound.at
                continue
            target = self._declared_node(node, at)
            if target is None:
                return node
            node = target
        return node

    def _declared_node(self, node: Node, at: int) -> Node | None:
        binding = self.scopes.lookup(self.text(node), node)
        if binding is None or binding.kind not in ("const", "let", "var"):
            return None
        chosen = binding.value
        for expr, rhs, op in binding.assignments:
            if expr.start_byte < at and op == "=":
                chosen = rhs
        return chosen




def as_client(value: Any, key: str) -> Any:
    """`require('axios')` held in a variable is axios itself."""
    if isinstance(value, Marker) and value.name.startswith("module:"):
        return module_member(value.name[len("module:"):], key, value.text)
    return value


def module_member(module: str, key: str, text: str) -> Any:
    """What `import x from module` / `const {x} = require(module)` gives, if it is a client."""
    client = CLIENT_MODULES.get(module)
    if client is not None and key in ("", "default", "*", client):
        return Marker(client, text)
    if key in ("", "*"):
        return Marker("module:" + module, text)
    return Opaque(text)


def _client_name(value: Marker | ClientVal) -> str:
    return value.client if isinstance(value, ClientVal) else value.name
