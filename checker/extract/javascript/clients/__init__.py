"""The clients: which calls of a sample send a request, and who reads each.

One module per client (`fetch`, `axios`, `got` (and ky), `superagent`,
`xhr`), each with `CLIENT`, `VERBS` (the methods of the client object that
send: `post` of `axios.post`) and `read(reader, call, match) -> Found`.
`Calls` finds the calls, reads each once per call of the sample function it
sits in, and returns them in execution order.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from tree_sitter import Node

from checker.extract.javascript.clients import axios, fetch, got, superagent, xhr
from checker.extract.javascript.clients.common import Found, Match
from checker.extract.javascript.reader import Reader
from checker.extract.javascript.syntax import unwrap
from checker.extract.javascript.values import ClientVal, Marker

Read = Callable[[Reader, Node, Match], "Found | None"]

# client -> (verbs of its object that send, whether the client itself is callable, reader)
CLIENTS: dict[str, tuple[frozenset[str], bool, Read]] = {
    "fetch": (fetch.VERBS, True, fetch.read),
    "axios": (axios.VERBS, True, axios.read),
    "got": (got.VERBS, True, got.read),
    "ky": (got.VERBS, True, got.read),
    "superagent": (superagent.VERBS, True, superagent.read),
    "xhr": (xhr.VERBS, False, xhr.read),
}
ALL_VERBS = frozenset().union(*(verbs for verbs, _, _ in CLIENTS.values()))
# `window.fetch(...)`: fetch called on the global object.
GLOBAL_OBJECTS = frozenset({"window", "globalThis", "self", "global"})
# How far up a call may sit inside the `new Blob(...)` that makes it a file load.
MAX_BODY_DEPTH = 64


class Calls:
    """Finds the request calls of a sample and reads each into a `Found`."""

    def __init__(self, reader: Reader) -> None:
        self.r = reader

    def find(self) -> list[Found]:
        """Each request call, read once per call of the function it sits in, in execution order."""
        found = []
        for node in self.r.nodes:
            # Recognising the client first: walking up a tree is what costs (a
            # tree-sitter node finds its parent from the root).
            if node.type != "call_expression" or not self._is_request(node) or self._feeds_a_body(node):
                continue
            for frame in self.r.contexts(node):
                self.r.steps = 0
                request = self.r.in_frame(frame, partial(self._read, node))
                if request is not None:
                    request.order = (frame.order if frame is not None else ()) + (node.start_byte,)
                    found.append(request)
        return sorted(found, key=lambda f: f.order)

    def _is_request(self, node: Node) -> bool:
        """Cheap test first: only client calls are read under every call context."""
        self.r.steps = 0
        return self.match(node) is not None

    def _read(self, node: Node) -> Found | None:
        match = self.match(node)
        return CLIENTS[match.client][2](self.r, node, match) if match is not None else None

    def match(self, node: Node) -> Match | None:
        """Which client `node` calls, if it sends a request."""
        callee = unwrap(node.child_by_field_name("function"))  # `await fetch<T>(...)` in TypeScript
        at = node.start_byte
        if callee is not None and callee.type == "identifier":
            target = self.r.value(callee, at)
            if isinstance(target, Marker) and target.name in CLIENTS and CLIENTS[target.name][1]:
                return Match(target.name)
            if isinstance(target, ClientVal) and target.client in CLIENTS and CLIENTS[target.client][1]:
                return Match(target.client, target)
            return None
        if callee is None or callee.type != "member_expression":
            return None
        obj_node, prop_node = callee.child_by_field_name("object"), callee.child_by_field_name("property")
        if obj_node is None or prop_node is None:
            return None
        prop = self.r.text(prop_node)
        if obj_node.type == "identifier" and self.r.text(obj_node) in GLOBAL_OBJECTS and prop == "fetch":
            return Match("fetch")
        if prop not in ALL_VERBS:
            return None
        target = self.r.value(obj_node, at)
        client = target.name if isinstance(target, Marker) else \
            target.client if isinstance(target, ClientVal) else ""
        if client in CLIENTS and prop in CLIENTS[client][0]:
            return Match(client, target if isinstance(target, ClientVal) else None, prop_node)
        return None

    def _feeds_a_body(self, node: Node) -> bool:
        """A fetch inside `new Blob(...)` / `.append(...)` loads a file; it is not the API call."""
        parent = self.r.parent(node)
        for _ in range(MAX_BODY_DEPTH):
            if parent is None or parent.type in ("expression_statement", "statement_block", "program",
                                                 "lexical_declaration"):
                return False
            if parent.type == "new_expression" and self.r.short(
                    parent.child_by_field_name("constructor")) in ("Blob", "File"):
                return True
            if parent.type == "call_expression":
                callee = parent.child_by_field_name("function")
                prop = callee.child_by_field_name("property") if callee is not None else None
                if prop is not None and self.r.text(prop) == "append":
                    return True
            parent = self.r.parent(parent)
        return False
