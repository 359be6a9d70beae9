"""An end tag with no opening, or a block that is never closed.

`{% endhint %}` with no `{% hint %}` open before it, or `{% tabs %}` with no
`{% endtabs %}` after it: GitBook then renders the rest of the page inside the
block, or shows the stray tag as text. Tags that may stand alone (`embed`,
`file`) need no end tag. When a code fence is never closed, blocks left open
by it are reported once, by `fence-unclosed`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator

from checker.model import Block, Edit, Page, Tag
from checker.parse.blocks import walk_blocks
from checker.parse.tags import canonical_name
from checker.rules.base import Hit

ID = "tag-unbalanced"
SEVERITY = "error"
SUMMARY = "an end tag with no opening, or a block never closed"
KIND = "page"
FIXABLE = True
ROOT_CAUSE = True
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset({"fence-unclosed", "tag-unterminated"})

PASS = """\
{% hint style="info" %}
A note.
{% endhint %}
{% embed url="https://example.com/video" %}
"""

FAIL = """\
{% endcode %}

{% hint style="info" %}
A note that never ends.
"""


def check(page: Page) -> Iterator[Hit]:
    swallowed_from = min((i.line for i in page.issues if i.kind == "fence-unclosed"), default=None)
    index: _Index | None = None
    for problem in page.structure_problems:
        if not problem.tag.terminated:
            continue  # tag-unterminated says it, with the missing opening
        if problem.kind == "orphan-end":
            yield Hit(problem.tag.line, problem.message, problem.tag.column,
                      fingerprint_key=problem.tag.raw.strip())
        elif problem.kind == "unclosed":
            if swallowed_from is not None and problem.tag.line < swallowed_from:
                continue  # its end tag was swallowed by an unclosed fence
            message = problem.message
            edits: tuple[Edit, ...] = ()
            index = index or _Index(page)
            repair = _missing_end(page, index, problem.tag)
            if repair is not None:
                edit, where = repair
                message += f"; add it {where}"
                edits = (edit,)
            yield Hit(problem.tag.line, message, problem.tag.column,
                      fingerprint_key=problem.tag.raw.strip(), edits=edits)


class _Index:
    """A page's blocks by their opening tag, and where each tag name stands:
    built once, so a page of a thousand unclosed blocks stays linear."""

    def __init__(self, page: Page) -> None:
        self.tags = page.tags
        self.block_of = {id(b.open): b for b in walk_blocks(page.blocks)}
        self.position = {id(tag): i for i, tag in enumerate(page.tags)}
        self.places: dict[str, list[int]] = defaultdict(list)
        for i, tag in enumerate(page.tags):
            name = canonical_name(tag.name)
            if name is not None:
                self.places[name].append(i)

    def next(self, name: str, after: Tag) -> Tag | None:
        """The first tag named `name` after `after`."""
        places = self.places.get(name, [])
        found = bisect_right(places, self.position[id(after)])
        return self.tags[places[found]] if found < len(places) else None


def _missing_end(page: Page, index: _Index, opener: Tag) -> tuple[Edit, str] | None:
    """Where the end tag of a block left open belongs: after the last of its
    own children, else before the next opener of its kind (the next
    `{% tab %}`) or the end tag of the block around it (`{% endtabs %}`).
    None where the page does not say."""
    block = index.block_of.get(id(opener))
    stop = _next_boundary(index, block) if block is not None else None
    if block is None or stop is None:
        return None
    tag, where = stop
    indent = page.line_text(opener.line)[:opener.column - 1]
    end = (f"{indent}{{% end{block.name} %}}",)
    own = [child for child in block.children if child.line < tag.line and child.close]
    if own:
        after = own[-1].end_line
        return Edit(after + 1, after + 1, end), (f"after line {after}, where its last "
                                                 f"`{{% {own[-1].name} %}}` ends")
    return Edit(tag.line, tag.line, end), f"before line {tag.line}, where {where}"


def _next_boundary(index: _Index, block: Block) -> tuple[Tag, str] | None:
    sibling = index.next(block.name, block.open)
    parent = block.parent
    closing = index.next(f"end{parent.name}", block.open) if parent is not None else None
    if sibling is not None and (closing is None or index.position[id(sibling)] < index.position[id(closing)]):
        return sibling, f"the next `{{% {block.name} %}}` opens"
    if closing is not None and parent is not None:
        return closing, f"`{{% end{parent.name} %}}` closes the `{{% {parent.name} %}}` around it"
    return None
