"""The grammars, and what every part of the reader asks of a tree.

Three dialects share one reader: `javascript` (tree-sitter-javascript, JSX
included), `typescript` and `tsx` (tree-sitter-typescript). Each grammar is
built on first use, so a page with no TypeScript never loads TypeScript's.
The TypeScript grammar names a few things differently (a parameter is a
`required_parameter` around its pattern, a class field a
`public_field_definition`); the helpers here hide that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from tree_sitter import Language, Node, Parser

DIALECTS = ("javascript", "typescript", "tsx")

SCOPE_TYPES = frozenset({
    "program", "statement_block", "function_declaration", "function_expression",
    "function", "arrow_function", "method_definition", "generator_function_declaration",
    "generator_function", "for_statement", "for_in_statement", "catch_clause", "class_body",
})
FUNCTION_TYPES = frozenset({
    "function_declaration", "function_expression", "function", "arrow_function",
    "method_definition", "generator_function_declaration", "generator_function",
})
NAME_TYPES = frozenset({"identifier", "shorthand_property_identifier"})
# Expressions whose value is their inner expression's: `(x)`, `await x`, and
# TypeScript's `x!`, `x as T`, `x satisfies T`, `<T>x`.
WRAPPER_TYPES = frozenset({"parenthesized_expression", "await_expression", "non_null_expression",
                           "as_expression", "satisfies_expression", "type_assertion"})
# TypeScript's wrappers of a parameter: the pattern is their `pattern` field.
PARAMETER_TYPES = frozenset({"required_parameter", "optional_parameter"})
# Subtrees that only say what type something is: no value, no name declared.
TYPE_TYPES = frozenset({"type_annotation", "type_arguments", "type_parameters",
                        "opting_type_annotation", "omitting_type_annotation"})
FIELD_TYPES = frozenset({"field_definition", "public_field_definition"})

_PARSERS: dict[str, Parser] = {}


def parser(dialect: str) -> Parser:
    """The parser of a dialect, built once per process, on first use."""
    if dialect not in _PARSERS:
        _PARSERS[dialect] = Parser(Language(_grammar(dialect)))
    return _PARSERS[dialect]


def _grammar(dialect: str) -> object:
    # Imported here, not at the top: the grammar loads with the first block in it.
    if dialect == "javascript":
        import tree_sitter_javascript

        return tree_sitter_javascript.language()
    import tree_sitter_typescript

    return tree_sitter_typescript.language_tsx() if dialect == "tsx" else \
        tree_sitter_typescript.language_typescript()


def unwrap(node: Node | None) -> Node | None:
    """The expression inside `(x)`, `await x`, `x as T`, `x!`..."""
    while node is not None and node.type in WRAPPER_TYPES and node.named_children:
        inner = [c for c in node.named_children if c.type not in TYPE_TYPES and c.type != "comment"]
        node = inner[0] if node.type != "type_assertion" else inner[-1] if inner else None
    return node


def parameter_pattern(param: Node) -> Node | None:
    """The pattern a parameter declares: itself in JavaScript, its `pattern` in TypeScript."""
    return param.child_by_field_name("pattern") if param.type in PARAMETER_TYPES else param


def arguments(call: Node) -> list[Node]:
    args = call.child_by_field_name("arguments")
    if args is None or args.type != "arguments":
        return []
    return [a for a in args.named_children if a.type != "comment"]


def list_nodes(node: Node) -> list[Node]:
    return [c for c in node.named_children if c.type != "comment"] if node.type == "array" else []


class Tree:
    """A sample's nodes in preorder, each with its parent, from one cursor walk.

    Every walk up a sample goes through here: tree-sitter's `Node.parent`
    finds a parent from the root down, so walking up from a node nested N
    deep with it costs N^2, and a page of deep nesting took minutes.
    """

    def __init__(self, root: Node) -> None:
        self.nodes: list[Node] = []
        self._parents: dict[int, Node] = {}
        above: list[Node] = []        # the nodes the cursor is inside
        cursor = root.walk()
        while True:
            node = cursor.node
            if node is None:
                break
            if above:
                self._parents[node.id] = above[-1]
            self.nodes.append(node)
            if cursor.goto_first_child():
                above.append(node)
                continue
            while not cursor.goto_next_sibling():
                if not cursor.goto_parent():
                    return
                above.pop()

    def parent(self, node: Node) -> Node | None:
        return self._parents.get(node.id)

    def ancestors(self, node: Node) -> Iterator[Node]:
        """The nodes around `node`, innermost first."""
        parent = self.parent(node)
        while parent is not None:
            yield parent
            parent = self.parent(parent)

    def scope_of(self, node: Node) -> Node | None:
        return next((a for a in self.ancestors(node) if a.type in SCOPE_TYPES), None)

    def ancestor(self, node: Node, kind: str) -> Node | None:
        return next((a for a in self.ancestors(node) if a.type == kind), None)


def root_identifier(node: Node | None) -> Node | None:
    """`a` of `a.b.c` / `a['b']` (the object mutations are recorded on)."""
    while node is not None and node.type in ("member_expression", "subscript_expression"):
        node = node.child_by_field_name("object")
    return node if node is not None and node.type == "identifier" else None


def pattern_identifiers(node: Node) -> list[Node]:
    """Names a parameter list or pattern declares (defaults and rests included)."""
    found: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type in ("identifier", "shorthand_property_identifier_pattern"):
            found.append(current)
        elif current.type in ("assignment_pattern", "object_assignment_pattern"):
            left = current.child_by_field_name("left")
            if left is not None:
                stack.append(left)
        elif current.type == "pair_pattern":
            value = current.child_by_field_name("value")
            if value is not None:
                stack.append(value)
        elif current.type in PARAMETER_TYPES:
            pattern = current.child_by_field_name("pattern")  # not its type, nor its default
            if pattern is not None:
                stack.append(pattern)
        elif current.type not in TYPE_TYPES:
            stack.extend(current.named_children)
    return found


def destructured(pattern: Node, text: Callable[[Node], str]) -> list[tuple[Node, str]]:
    """(identifier, property taken) for each name of `{a, b: c} = ...` (arrays: no key)."""
    found: list[tuple[Node, str]] = []
    for child in pattern.named_children:
        if child.type == "shorthand_property_identifier_pattern":
            found.append((child, text(child)))
        elif child.type == "object_assignment_pattern":
            left = child.child_by_field_name("left")
            if left is not None and left.type == "shorthand_property_identifier_pattern":
                found.append((left, text(left)))
        elif child.type == "pair_pattern":
            key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
            if value is not None and value.type == "assignment_pattern":
                value = value.child_by_field_name("left")
            if key is not None and value is not None and value.type == "identifier":
                found.append((value, strip_quotes(text(key))))
        else:
            found.extend((ident, "") for ident in pattern_identifiers(child))
    return found


def strip_quotes(text: str) -> str:
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"`" else text


def inside(node: Node, container: Node) -> bool:
    return container.start_byte <= node.start_byte and node.end_byte <= container.end_byte

