"""XMLHttpRequest: `xhr.open(method, url)`, then `setRequestHeader`s and `send(body)`.

The request starts at `open` on a variable holding `new XMLHttpRequest()` and
takes the calls on that same variable written after it, up to its next
`open`: `xhr.setRequestHeader(name, value)`, `xhr.send(body)` (the body as
fetch's: `JSON.stringify(x)` is JSON; XHR implies no JSON content type),
`xhr.withCredentials = true`. `xhr.status === 201` (the variable itself
holds the response) is its status check.
"""

from __future__ import annotations

from tree_sitter import Node

from checker.extract.javascript.clients import common
from checker.extract.javascript.clients.common import Found, Match
from checker.extract.javascript.reader import Reader
from checker.extract.javascript.scopes import Binding
from checker.extract.javascript.syntax import arguments
from checker.extract.javascript.values import js_string

VERBS = frozenset({"open"})


def read(r: Reader, node: Node, match: Match) -> Found | None:
    callee = node.child_by_field_name("function")
    holder = callee.child_by_field_name("object") if callee is not None else None
    binding = r.scopes.lookup(r.text(holder), holder) if holder is not None and \
        holder.type == "identifier" else None
    args = arguments(node)
    if binding is None or len(args) < 2:
        return None
    at = node.start_byte
    calls = list(_later_calls(r, node, binding))
    found = common.start(r, node, "xhr", calls[-1][0] if calls else node)
    found.holder = binding
    found.draft.set_method(js_string(r.value(args[0], at)), r.origin_line(args[0], at))
    common.set_url(found, r.value(args[1], at), r.origin_line(args[1], at))
    for call, method in calls:
        _use(r, found, call, method, at)
    return found


def _later_calls(r: Reader, open_call: Node, binding: Binding) -> list[tuple[Node, str]]:
    """`xhr.<method>(...)` calls and `xhr.withCredentials = ...` on the same variable,
    after `open_call` and before its next `open`."""
    found: list[tuple[Node, str]] = []
    for node in r.nodes:
        if node.start_byte <= open_call.start_byte:
            continue
        target = node.child_by_field_name("function") if node.type == "call_expression" else \
            node.child_by_field_name("left") if node.type == "assignment_expression" else None
        if target is None or target.type != "member_expression":
            continue
        obj, prop = target.child_by_field_name("object"), target.child_by_field_name("property")
        if obj is None or prop is None or obj.type != "identifier" or \
                r.scopes.lookup(r.text(obj), obj) is not binding:
            continue
        name = r.text(prop)
        if name == "open" and node.type == "call_expression":
            break
        found.append((node, name))
    return found


def _use(r: Reader, found: Found, node: Node, method: str, at: int) -> None:
    if node.type == "assignment_expression":
        if method == "withCredentials" and r.value(node.child_by_field_name("right"), at) is True:
            found.draft.credentials = "include"
            found.draft.lines["credentials"] = r.line(node)
        return
    args = arguments(node)
    if method == "setRequestHeader" and len(args) > 1:
        found.draft.set_header(js_string(r.value(args[0], at)), js_string(r.value(args[1], at)),
                               r.line(node))
    elif method == "send" and args:
        common.body(r, found, r.value(args[0], at), args[0], r.line(node), at)
