"""Status checks: `res.status === 201`, `!res.ok`, `switch (res.status)`... given to the request they test.

A check is attributed to the request whose response the tested variable
holds (`const r = await fetch(...)`, `.then(r => ...)`, the `XMLHttpRequest`
itself); else to the last request written before it. Only statuses below
400 count as expected success: `=== 404` tests a failure.
"""

from __future__ import annotations

from tree_sitter import Node

from checker.extract.javascript.clients.common import Found
from checker.extract.javascript.reader import Reader
from checker.extract.javascript.scopes import declared_name
from checker.extract.javascript.syntax import (
    FUNCTION_TYPES,
    WRAPPER_TYPES,
    arguments,
    destructured,
    list_nodes,
)
from checker.extract.javascript.values import parse_number

# What a response calls its status: fetch, axios, superagent, XHR `status`; got and Node's `statusCode`.
STATUS_PROPERTIES = frozenset({"status", "statusCode"})



class StatusChecks:
    """Finds `res.status === 204`, `!res.ok`... and gives each to the request it tests."""

    def __init__(self, reader: Reader, found: list[Found]) -> None:
        self.r = reader
        self.found = found
        # A response variable may hold several requests: one per call of its function.
        self.by_binding: dict[int, list[Found]] = {}
        self.status_vars: dict[int, list[Found]] = {}
        for request in found:
            self._bind_response(request)

    def attach(self) -> None:
        for node in self.r.nodes:
            self.r.steps = 0
            checked = self._check(node)
            if checked is None:
                continue
            subject, statuses = checked
            for request in self._owners(subject) if statuses else []:
                for status in sorted(statuses):
                    if status == "2xx":
                        request.draft.expect_success(self.r.line(node))
                    else:
                        request.draft.expect(status, self.r.line(node))

    # -- which variable holds which response
    def _bind_response(self, request: Found) -> None:
        if request.holder is not None:  # an XMLHttpRequest is its own response
            self.by_binding.setdefault(id(request.holder), []).append(request)
            return
        node = request.node
        parent = self.r.parent(node)
        while parent is not None and parent.type in WRAPPER_TYPES:
            node, parent = parent, self.r.parent(parent)
        if parent is None:
            return
        if parent.type == "variable_declarator" and parent.child_by_field_name("value") == node:
            self._bind_declarator(request, parent)
        elif parent.type == "assignment_expression" and parent.child_by_field_name("right") == node:
            left = parent.child_by_field_name("left")
            if left is not None and left.type == "identifier":
                self._bind_name(request, left)
        elif parent.type == "member_expression" and self._prop(parent) == "then":
            self._bind_then(request, parent)

    def _bind_declarator(self, request: Found, declarator: Node) -> None:
        name = declared_name(declarator, self.r.text)
        if name is None:
            return
        if name.type == "identifier":
            self._bind_name(request, name)
            return
        for ident, key in destructured(name, self.r.text):
            binding = self.r.scopes.lookup(self.r.text(ident), ident)
            if key in STATUS_PROPERTIES and binding is not None:
                self.status_vars.setdefault(id(binding), []).append(request)

    def _bind_name(self, request: Found, ident: Node) -> None:
        binding = self.r.scopes.lookup(self.r.text(ident), ident)
        if binding is not None:
            self.by_binding.setdefault(id(binding), []).append(request)

    def _bind_then(self, request: Found, member: Node) -> None:
        call = self.r.parent(member)
        if call is None or call.type != "call_expression":
            return
        args = arguments(call)
        if not args or args[0].type not in FUNCTION_TYPES:
            return
        callback = args[0]
        param = callback.child_by_field_name("parameter")
        if param is None:
            params = callback.child_by_field_name("parameters")
            idents = [c for c in params.named_children if c.type == "identifier"] if params else []
            param = idents[0] if idents else None
        if param is not None:
            binding = self.r.scopes.table.get(callback.id, {}).get(self.r.text(param))
            if binding is not None:
                self.by_binding.setdefault(id(binding), []).append(request)

    def _prop(self, member: Node) -> str:
        prop = member.child_by_field_name("property")
        return self.r.text(prop) if prop is not None else ""

    def _owners(self, subject: Node) -> list[Found]:
        """The requests whose response `subject` (`res` of `res.status`) holds; else the last call
        written before it (every reading of that call)."""
        if subject.type == "identifier":
            binding = self.r.scopes.lookup(self.r.text(subject), subject)
            if binding is not None and id(binding) in self.by_binding:
                return self.by_binding[id(binding)]
            if binding is not None and id(binding) in self.status_vars:
                return self.status_vars[id(binding)]
        before = [f.node for f in self.found if f.node.start_byte < subject.end_byte]
        if not before:
            return []
        last = max(before, key=lambda n: n.start_byte)
        return [f for f in self.found if f.node == last]

    # -- what a check says
    def _check(self, node: Node) -> tuple[Node, set[str]] | None:
        if node.type == "binary_expression":
            return self._comparison(node)
        if node.type == "member_expression" and self._prop(node) == "ok" and self._in_condition(node):
            obj = node.child_by_field_name("object")
            return (obj, {"2xx"}) if obj is not None else None
        if node.type == "switch_statement":
            return self._switch(node)
        if node.type == "call_expression":
            return self._includes(node)
        return None

    def _status_subject(self, node: Node | None) -> Node | None:
        """`res` when node is `res.status`; the identifier itself for a destructured `status`."""
        while node is not None and node.type == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        if node is None:
            return None
        if node.type == "member_expression" and self._prop(node) in STATUS_PROPERTIES:
            return node.child_by_field_name("object")
        if node.type == "identifier":
            binding = self.r.scopes.lookup(self.r.text(node), node)
            if binding is not None and id(binding) in self.status_vars:
                return node
        return None

    def _comparison(self, node: Node) -> tuple[Node, set[str]] | None:
        op_node = node.child_by_field_name("operator")
        op = self.r.text(op_node) if op_node is not None else ""
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        subject = self._status_subject(left)
        number_node = right
        if subject is None:
            subject, number_node = self._status_subject(right), left
            op = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(op, op)
        number = self._status_number(number_node)
        if subject is None or number is None:
            return None
        if op in ("===", "==", "!==", "!="):
            return subject, ({str(number)} if number < 400 else set())
        in_2xx = (op == ">=" and number == 200) or (op == ">" and number == 199) or \
            (op == "<" and number == 300) or (op == "<=" and number == 299)
        return subject, ({"2xx"} if in_2xx else set())

    def _status_number(self, node: Node | None) -> int | None:
        if node is None or node.type not in ("number", "string"):
            return None
        value = self.r.value(node, node.start_byte)
        number = parse_number(value) if isinstance(value, str) else value
        if isinstance(number, int) and not isinstance(number, bool) and 100 <= number < 600:
            return number
        return None

    def _switch(self, node: Node) -> tuple[Node, set[str]] | None:
        subject = self._status_subject(node.child_by_field_name("value"))
        body = node.child_by_field_name("body")
        if subject is None or body is None:
            return None
        statuses = set()
        for case in (c for c in body.named_children if c.type == "switch_case"):
            number = self._status_number(case.child_by_field_name("value"))
            if number is not None and number < 400:
                statuses.add(str(number))
        return subject, statuses

    def _includes(self, node: Node) -> tuple[Node, set[str]] | None:
        """`[200, 201].includes(res.status)`."""
        callee = node.child_by_field_name("function")
        args = arguments(node)
        if callee is None or callee.type != "member_expression" or not args or \
                self._prop(callee) != "includes":
            return None
        subject = self._status_subject(args[0])
        array = callee.child_by_field_name("object")
        if subject is None or array is None or array.type != "array":
            return None
        numbers = [self._status_number(item) for item in list_nodes(array)]
        return subject, {str(n) for n in numbers if n is not None and n < 400}

    def _in_condition(self, node: Node) -> bool:
        """`res.ok` tested by an if, a ternary, a loop or a logical operator (not merely logged)."""
        child, parent = node, self.r.parent(node)
        while parent is not None and parent.type in ("unary_expression", "parenthesized_expression",
                                                     "binary_expression"):
            if parent.type == "binary_expression":
                op = parent.child_by_field_name("operator")
                if op is None or op.type not in ("&&", "||", "===", "==", "!==", "!="):
                    return False
                if op.type in ("&&", "||"):
                    return True
            child, parent = parent, self.r.parent(parent)
        if parent is None:
            return False
        if parent.type in ("if_statement", "while_statement", "do_statement"):
            return parent.child_by_field_name("condition") == child
        if parent.type == "ternary_expression":
            return parent.child_by_field_name("condition") == child
        return parent.type == "return_statement"


