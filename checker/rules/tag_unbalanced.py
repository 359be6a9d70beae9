"""An end tag with no opening, or a block that is never closed.

`{% endhint %}` with no `{% hint %}` open before it, or `{% tabs %}` with no
`{% endtabs %}` after it: GitBook then renders the rest of the page inside the
block, or shows the stray tag as text. Tags that may stand alone (`embed`,
`file`) need no end tag. When a code fence is never closed, blocks left open
by it are reported once, by `fence-unclosed`.

Fix: `fix` adds the missing end tag where the page says it belongs: for a
block that holds only its own kind of children (`tabs` its `tab`s), after the
last of them; for one that must sit directly inside another (a `tab` in
`tabs`, which no `tab` can hold), before the next of its kind or the end tag
of the block around it (`{% endtab %}` before the next `{% tab %}`); for
others (`hint`) the same, when no heading stands between it and the next of
its kind. Where the block ends is a guess otherwise (a section starts inside
it, or nothing comes after it), so those have no fix; nor does a stray end
tag, or a published rendering.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator

from checker.model import Block, Edit, FileKind, Page, Tag
from checker.parse.blocks import walk_blocks
from checker.parse.repair import continuation
from checker.parse.tags import KNOWN, canonical_name
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
            repair = _missing_end(page, index, problem.tag) if page.kind is FileKind.SOURCE else None
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
    children when they are all of the kind it holds (the `tab`s of `tabs`),
    else, for a block that cannot hold its own kind (a `tab`), before the
    next opener of its kind or the end tag of the block around it. None
    where the page does not say."""
    block = index.block_of.get(id(opener))
    indent = continuation(page.line_text(opener.line)[:opener.column - 1])
    if block is None or indent is None:
        return None
    end = (f"{indent}{{% end{block.name} %}}",)
    stop = _next_boundary(index, block)
    own = [child for child in block.children if stop is None or child.line < stop[0].line]
    if any(block.name in KNOWN[child.name].parents for child in own):
        last = own[-1]
        if block.name not in KNOWN[last.name].parents or last.close is None:
            return None  # its last child is left open too, or is not its kind
        after = last.end_line
        return Edit(after + 1, after + 1, end), (f"after line {after}, where its last "
                                                 f"`{{% {last.name} %}}` ends")
    if stop is None or not (KNOWN[block.name].parents or _no_heading(page, opener.line, stop[0].line)):
        return None
    tag, where = stop
    if continuation(page.line_text(tag.line)[:tag.column - 1]) is None:
        return None  # text stands before it on its line
    return Edit(tag.line, tag.line, end), f"before line {tag.line}, where {where}"


def _no_heading(page: Page, first: int, last: int) -> bool:
    """No heading between the lines: a block that may stand anywhere (a
    `hint`) and is cut off by the next of its kind ends before it only when
    no section starts in between (a heading would not be the hint's)."""
    return not any(first < heading.line < last for heading in page.headings)


def _next_boundary(index: _Index, block: Block) -> tuple[Tag, str] | None:
    sibling = index.next(block.name, block.open)
    parent = block.parent
    closing = index.next(f"end{parent.name}", block.open) if parent is not None else None
    if sibling is not None and (closing is None or index.position[id(sibling)] < index.position[id(closing)]):
        return sibling, f"the next `{{% {block.name} %}}` opens"
    if closing is not None and parent is not None:
        return closing, f"`{{% end{parent.name} %}}` closes the `{{% {parent.name} %}}` around it"
    return None
