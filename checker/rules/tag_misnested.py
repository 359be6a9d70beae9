"""Blocks that cross, or a child tag outside its parent.

`{% tab %}` belongs directly inside `{% tabs %}`, `{% step %}` inside
`{% stepper %}`, `{% column %}` inside `{% columns %}`, `{% update %}` inside
`{% updates %}`, `{% swagger-parameter %}` inside `{% swagger %}`. And blocks
nest, they never cross: `{% endtabs %}` cannot come while a `{% hint %}`
opened inside the tabs is still open.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.model import Page
from checker.rules.base import Hit

ID = "tag-misnested"
SEVERITY = "error"
SUMMARY = "blocks that cross, or a child outside its parent (`tab` outside `tabs`)"
KIND = "page"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

PASS = """\
{% tabs %}
{% tab title="Python" %}
{% hint style="info" %}
Replace the token.
{% endhint %}
{% endtab %}
{% endtabs %}
"""

FAIL = """\
{% tab title="Python" %}
Code.
{% endtab %}

{% tabs %}
{% tab title="cURL" %}
{% hint style="info" %}
Replace the token.
{% endtab %}
{% endhint %}
{% endtabs %}
"""


def check(page: Page) -> Iterator[Hit]:
    for problem in page.structure_problems:
        if problem.kind in ("crossed", "outside-parent"):
            yield Hit(problem.tag.line, problem.message, problem.tag.column,
                      fingerprint_key=problem.tag.raw.strip())
