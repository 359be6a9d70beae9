"""A GitBook tag opened with `{%` that never closes with `%}`.

GitBook does not read such a tag at all: it shows it as text, and the block it
meant to open or close stays as it was. Translation tools and hand edits lose
the last brace (`{% endtabs %`); the published page then shows the raw tag.
A tag may run over a few lines; it is unterminated when a blank line, the next
tag or the end of the page comes before its `%}`.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.model import Page
from checker.rules.base import Hit, show

ID = "tag-unterminated"
SEVERITY = "error"
SUMMARY = "a `{% ...` tag that never closes with `%}`"
KIND = "page"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

PASS = """\
{% tabs %}
{% tab title="cURL" %}
Text.
{% endtab %}
{% endtabs %}
"""

FAIL = """\
{% tabs %}
{% tab title="cURL" %}
Text.
{% endtab %}
{% endtabs %
"""


def check(page: Page) -> Iterator[Hit]:
    orphans = {id(p.tag) for p in page.structure_problems if p.kind == "orphan-end"}
    for tag in page.tags:
        if tag.terminated:
            continue
        missing = "`}`" if tag.raw.rstrip().endswith("%") else "`%}`"
        message = f"{show(tag.raw)} is missing its closing {missing}"
        if id(tag) in orphans and tag.name.lower().startswith("end"):
            message += f", and no `{{% {tag.name.lower()[3:]} %}}` is open for it to close"
        if tag.in_published:
            message += "; it shows as text on the published page"
        yield Hit(tag.line, message, tag.column, fingerprint_key=tag.raw.strip())
