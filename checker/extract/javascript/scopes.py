"""Scopes: which declaration a name refers to, and what a call binds to a function's parameters.

Every declaration of the sample (variables, destructuring, functions,
classes, enums, imports, parameters) is recorded under the scope node it is
declared in; assignments and mutations (`obj.k = v`, `form.append(k, v)`)
are recorded on the binding they change, for the reader to apply in order.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from tree_sitter import Node

from checker.extract.javascript.syntax import (
    PARAMETER_TYPES,
    Tree,
    destructured,
    parameter_pattern,
    pattern_identifiers,
    root_identifier,
    strip_quotes,
)


@dataclass
class Binding:
    """One declared name: what it was given, and what happened to it afterwards."""

    name: str
    kind: str                     # const/let/var, param, function, import, pattern
    value: Node | None = None     # the initialiser (or the function/class node)
    source: Node | None = None    # destructuring: the value destructured; import: the module
    key: str = ""                 # destructuring/import: the property taken
    assignments: list[tuple[Node, Node, str]] = field(default_factory=list)  # (expr, rhs, op)
    mutations: list[Node] = field(default_factory=list)  # obj.k = v, obj.append(k, v)
    scope: int = 0                # id of the scope node (for a parameter: its function)


@dataclass
class ParamArg:
    """What a call passes for one parameter: the argument, else the default."""

    node: Node | None
    default: Node | None = None
    key: str = ""                 # `function f({question})`: the property taken from the argument


@dataclass
class Frame:
    """One call of a sample function: its parameters bound to the call's arguments."""

    function: Node
    args: dict[str, ParamArg]
    parent: Frame | None          # the frame the call itself is read in
    at: int                       # where the call is written
    order: tuple[int, ...] = ()   # positions from the outermost call inwards


@dataclass(frozen=True)
class Declared:
    """A scope that declares a name: its bytes, its place in preorder, the binding."""

    start: int
    end: int
    order: int
    binding: Binding

    def holds(self, node: Node, where: int) -> bool:
        return self.order <= where and self.start <= node.start_byte and node.end_byte <= self.end


class ScopeIndex:
    """The scopes declaring one name, by start; each knows the one around it.

    Scopes nest or are apart, so the innermost one holding a node is the
    last to start before it, or one around that: a bisection and a short climb.
    """

    def __init__(self, scopes: list[Declared]) -> None:
        # outer before inner at an equal start, and an outer scope before what it holds
        self.scopes = sorted(scopes, key=lambda s: (s.start, -s.end, s.order))
        self.starts = [s.start for s in self.scopes]
        self.around: list[int] = []   # index of the nearest scope around each, -1 for none
        open_scopes: list[int] = []
        for index, scope in enumerate(self.scopes):
            while open_scopes and not (scope.end <= self.scopes[open_scopes[-1]].end):
                open_scopes.pop()
            self.around.append(open_scopes[-1] if open_scopes else -1)
            open_scopes.append(index)

    def innermost(self, node: Node, where: int) -> Binding | None:
        index = bisect_right(self.starts, node.start_byte) - 1
        while index >= 0:
            if self.scopes[index].holds(node, where):
                return self.scopes[index].binding
            index = self.around[index]
        return None


class Scopes:
    """Which declaration each name refers to: the innermost scope around it that declares it.

    A name is looked up among the scopes that declare it (by their byte
    spans), not by walking every node outwards: in a sample nested thousands
    deep, a walk per name read made the sample quadratic.
    """

    def __init__(self, tree: Tree, text: Callable[[Node], str]) -> None:
        self.table: dict[int, dict[str, Binding]] = {}
        self.this_fields: dict[int, dict[str, Node]] = {}
        self._tree = tree
        self._text = text
        self._order = {node.id: index for index, node in enumerate(tree.nodes)}
        self._declared: dict[str, list[Declared]] = {}
        for node in tree.nodes:
            self._declare(node)
        self._index = {name: ScopeIndex(scopes) for name, scopes in self._declared.items()}
        for node in tree.nodes:
            self._record_change(node)

    # -- declarations
    def _bind(self, scope: Node | None, binding: Binding) -> None:
        if scope is None:
            return
        names = self.table.setdefault(scope.id, {})
        if binding.name in names:
            return  # the first declaration in a scope is the one names refer to
        binding.scope = scope.id
        names[binding.name] = binding
        self._declared.setdefault(binding.name, []).append(
            Declared(scope.start_byte, scope.end_byte, self._order.get(scope.id, -1), binding))

    def _declare(self, node: Node) -> None:
        kind = node.type
        if kind == "variable_declarator":
            self._declare_variable(node)
        elif kind in ("function_declaration", "generator_function_declaration", "class_declaration",
                      "abstract_class_declaration"):
            name = node.child_by_field_name("name")
            if name is not None:
                self._bind(self._tree.scope_of(node), Binding(self._text(name), "function", node))
        elif kind == "enum_declaration":  # TypeScript: `enum Role { Admin = "admin" }` is a value
            name = node.child_by_field_name("name")
            if name is not None:
                self._bind(self._tree.scope_of(node), Binding(self._text(name), "enum", node))
        elif kind == "formal_parameters" and self._tree.parent(node) is not None:
            for ident in pattern_identifiers(node):
                self._bind(self._tree.parent(node), Binding(self._text(ident), "param"))
        elif kind == "arrow_function":
            param = node.child_by_field_name("parameter")
            if param is not None:
                self._bind(node, Binding(self._text(param), "param"))
        elif kind == "catch_clause":
            param = node.child_by_field_name("parameter")
            for ident in pattern_identifiers(param) if param is not None else []:
                self._bind(node, Binding(self._text(ident), "param"))
        elif kind == "for_in_statement":
            left = node.child_by_field_name("left")
            for ident in pattern_identifiers(left) if left is not None else []:
                self._bind(node, Binding(self._text(ident), "param"))
        elif kind == "import_statement":
            self._declare_import(node)

    def _declare_variable(self, node: Node) -> None:
        name = declared_name(node, self._text)
        value = node.child_by_field_name("value")
        scope = self._tree.scope_of(node)
        if name is None:
            return
        if name.type == "identifier":
            parent = self._tree.parent(node)
            keyword = parent.children[0].type if parent is not None and parent.children else "var"
            self._bind(scope, Binding(self._text(name), keyword, value))
            return
        for ident, key in destructured(name, self._text):
            self._bind(scope, Binding(self._text(ident), "pattern", None, value, key))

    def _declare_import(self, node: Node) -> None:
        source = node.child_by_field_name("source")
        scope = self._tree.scope_of(node)
        for clause in (c for c in node.named_children if c.type == "import_clause"):
            for part in clause.named_children:
                if part.type == "identifier":
                    self._bind(scope, Binding(self._text(part), "import", None, source, "default"))
                elif part.type == "namespace_import":
                    for ident in (c for c in part.named_children if c.type == "identifier"):
                        self._bind(scope, Binding(self._text(ident), "import", None, source, "*"))
                elif part.type == "named_imports":
                    for spec in (c for c in part.named_children if c.type == "import_specifier"):
                        name = spec.child_by_field_name("name")
                        alias = spec.child_by_field_name("alias") or name
                        if name is not None and alias is not None:
                            self._bind(scope, Binding(self._text(alias), "import", None, source,
                                                             self._text(name)))

    # -- later changes
    def _record_change(self, node: Node) -> None:
        if node.type in ("assignment_expression", "augmented_assignment_expression"):
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is None or right is None:
                return
            op = "=" if node.type == "assignment_expression" else self._op(node)
            if left.type == "identifier":
                binding = self.lookup(self._text(left), left)
                if binding is not None:
                    binding.assignments.append((node, right, op))
            elif left.type in ("member_expression", "subscript_expression"):
                self._record_member_change(node, left, right)
        elif node.type == "call_expression":
            callee = node.child_by_field_name("function")
            if callee is not None and callee.type == "member_expression":
                prop = callee.child_by_field_name("property")
                target = root_identifier(callee.child_by_field_name("object"))
                if prop is not None and self._text(prop) in ("append", "set") and target is not None:
                    binding = self.lookup(self._text(target), target)
                    if binding is not None:
                        binding.mutations.append(node)

    def _op(self, node: Node) -> str:
        op = node.child_by_field_name("operator")
        return self._text(op) if op is not None else "="

    def _record_member_change(self, node: Node, left: Node, right: Node) -> None:
        obj = left.child_by_field_name("object")
        if obj is not None and obj.type == "this" and left.type == "member_expression":
            prop = left.child_by_field_name("property")
            body = self._tree.ancestor(node, "class_body")
            if prop is not None and body is not None:
                self.this_fields.setdefault(body.id, {}).setdefault(self._text(prop), right)
            return
        target = root_identifier(obj)
        if target is not None:
            binding = self.lookup(self._text(target), target)
            if binding is not None:
                binding.mutations.append(node)

    def lookup(self, name: str, at: Node) -> Binding | None:
        """The binding of `name` in the innermost scope that encloses `at` (or is `at`)."""
        index = self._index.get(name)
        where = self._order.get(at.id)
        return index.innermost(at, where) if index is not None and where is not None else None


def declared_name(declarator: Node, text: Callable[[Node], str]) -> Node | None:
    """The name a declarator declares.

    A type annotation in a `javascript` fence (`const url: string = "..."`)
    comes out as ERROR(`url:`) followed by a declarator named `string`; the
    name is the identifier in the ERROR (the sample's error is reported too).
    """
    name = declarator.child_by_field_name("name")
    before = declarator.prev_sibling
    if before is not None and before.type == "ERROR" and text(before).rstrip().endswith(":"):
        idents = [c for c in before.named_children if c.type == "identifier"]
        if len(idents) == 1:
            return idents[0]
    return name




def bind_arguments(function: Node, args: list[Node]) -> dict[str, ParamArg]:
    """Parameter name -> what the call passes (positional; a spread ends what is known)."""
    params = function.child_by_field_name("parameters")
    single = function.child_by_field_name("parameter")
    declared = [single] if single is not None else \
        [p for p in (params.named_children if params is not None else []) if p.type != "comment"]
    bound: dict[str, ParamArg] = {}
    for index, declared_param in enumerate(declared):
        arg = args[index] if index < len(args) else None
        if arg is not None and arg.type == "spread_element":
            break
        param: Node | None = declared_param
        default = None
        if declared_param.type in PARAMETER_TYPES:  # TypeScript: `a: T = 1` around the pattern `a`
            param, default = parameter_pattern(declared_param), declared_param.child_by_field_name("value")
        if param is not None and param.type == "assignment_pattern":
            default = param.child_by_field_name("right")
            param = param.child_by_field_name("left")
        if param is None:
            continue
        if param.type == "identifier":
            bound[(param.text or b"").decode("utf-8", "replace")] = ParamArg(arg, default)
        elif param.type == "object_pattern":
            for name, key, fallback in pattern_fields(param):
                bound[name] = ParamArg(arg, fallback, key)
    return bound


def pattern_fields(pattern: Node) -> list[tuple[str, str, Node | None]]:
    """(local name, property, default) for each field of `{a, b: c, d = 1}`."""
    def text(node: Node) -> str:
        return (node.text or b"").decode("utf-8", "replace")

    fields = []
    for child in pattern.named_children:
        left: Node | None = child
        default: Node | None = None
        if child.type == "object_assignment_pattern":
            left, default = child.child_by_field_name("left"), child.child_by_field_name("right")
        if left is not None and left.type == "shorthand_property_identifier_pattern":
            fields.append((text(left), text(left), default))
        elif child.type == "pair_pattern":
            key = child.child_by_field_name("key")
            value: Node | None = child.child_by_field_name("value")
            if value is not None and value.type == "assignment_pattern":
                default = value.child_by_field_name("right")
                value = value.child_by_field_name("left")
            if key is not None and value is not None and value.type == "identifier":
                fields.append((text(value), strip_quotes(text(key)), default))
    return fields
