"""How deep a JSON-like value nests, measured without recursion.

Values parsed from a page (a sample's JSON body) or a spec file can nest
deeper than Python's stack; the walkers that compare, flatten, dump and
validate them recurse. Such values are stopped where they enter, with a
finding, so that nothing downstream meets them.
"""

from __future__ import annotations

from typing import Any

# Far beyond any real API body or schema; far below Python's stack.
MAX_DEPTH = 100


def deeper_than(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether dicts and lists nest more than `limit` levels in `value`.

    Each container is looked at once (YAML aliases share, even cycle)."""
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, (dict, list)) or id(node) in seen:
            continue
        if depth >= limit:
            return True
        seen.add(id(node))
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children)
    return False
