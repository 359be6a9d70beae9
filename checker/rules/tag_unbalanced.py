"""An end tag with no opening, or a block that is never closed.

`{% endhint %}` with no `{% hint %}` open before it, or `{% tabs %}` with no
`{% endtabs %}` after it: GitBook then renders the rest of the page inside the
block, or shows the stray tag as text. Tags that may stand alone (`embed`,
`file`) need no end tag. When a code fence is never closed, blocks left open
by it are reported once, by `fence-unclosed`.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.model import Page
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
            yield Hit(problem.tag.line, problem.message, problem.tag.column,
                      anchor=problem.tag.raw.strip())
