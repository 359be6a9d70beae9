"""An end tag with no opening, or a block that is never closed.

`{% endhint %}` with no `{% hint %}` open before it, or `{% tabs %}` with no
`{% endtabs %}` after it: GitBook then renders the rest of the page inside the
block, or shows the stray tag as text. Tags that may stand alone (`embed`,
`file`) need no end tag. When a code fence is never closed, blocks left open
by it are reported once, by `fence-unclosed`.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.model import Block, Edit, Page, Tag
from checker.parse.blocks import walk_blocks
from checker.parse.tags import canonical_name
from checker.rules.base import Hit

ID = "tag-unbalanced"
SEVERITY = "error"
SUMMARY = "an end tag with no opening, or a block never closed"

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
    for problem in page.structure_problems:
        if not problem.tag.terminated:
            continue  # tag-unterminated says it, with the missing opening
        if problem.kind == "orphan-end":
            yield Hit(problem.tag.line, problem.message, problem.tag.column,
                      anchor=problem.tag.raw.strip())
        elif problem.kind == "unclosed":
            if swallowed_from is not None and problem.tag.line < swallowed_from:
                continue  # its end tag was swallowed by an unclosed fence
            message, edits = problem.message, ()
            repair = _missing_end(page, problem.tag)
            if repair is not None:
                edit, where = repair
                message += f"; add it {where}"
                edits = (edit,)
            yield Hit(problem.tag.line, message, problem.tag.column,
                      anchor=problem.tag.raw.strip(), edits=edits)


def _missing_end(page: Page, opener: Tag) -> tuple[Edit, str] | None:
    """Where the end tag of a block left open belongs: after the last of its
    own children, else before the next opener of its kind (the next
    `{% tab %}`) or the end tag of the block around it (`{% endtabs %}`).
    None where the page does not say."""
    block = next((b for b in walk_blocks(page.blocks) if b.open is opener), None)
    stop = _next_boundary(page, block) if block is not None else None
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


def _next_boundary(page: Page, block: Block) -> tuple[Tag, str] | None:
    parent_end = f"end{block.parent.name}" if block.parent else None
    for tag in page.tags:
        if tag.line <= block.line:
            continue
        name = canonical_name(tag.name)
        if name == block.name:
            return tag, f"the next `{{% {block.name} %}}` opens"
        if parent_end is not None and name == parent_end and block.parent is not None:
            return tag, f"`{{% {parent_end} %}}` closes the `{{% {block.parent.name} %}}` around it"
    return None
