"""An inline disable comment names a rule that does not exist.

`<!-- sampledrift-disable-next-line tag-unknwn -->` silences nothing: the
misspelt id matches no rule, and the finding it meant to accept is still
reported, with no word why. So a name in a `sampledrift-disable`,
`sampledrift-disable-next-line` or `sampledrift-enable` comment that is no
rule id and no prefix of one (`spec-`, as `--select` reads them) is
reported at the comment, with the nearest id. A comment inside a code fence
is code, not a comment, and is not read.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import suppress
from checker.model import Page
from checker.rules.base import Hit
from checker.selection import expand, unknown_message

ID = "disable-unknown-rule"
SEVERITY = "warning"
SUMMARY = "a `sampledrift-disable` comment names a rule id that does not exist (it silences nothing)"
KIND = "page"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

PASS = """\
<!-- sampledrift-disable-next-line tag-unknown -->
{% Onglet %}

<!-- sampledrift-disable spec- -->
Every spec rule is off from here.
"""

FAIL = """\
<!-- sampledrift-disable-next-line tag-unknwn -->
{% hint style="info" %}
Read the guide first.
{% endhint %}
"""
FAIL_AT = [(None, "<!-- sampledrift-disable-next-line tag-unknwn")]


def check(page: Page) -> Iterator[Hit]:
    from checker.rules import BY_ID  # the registry imports this module: read it when run

    known = frozenset(BY_ID)
    for comment in suppress.comments(page.lines, suppress.fence_spans(page)):
        for name in comment.names:
            if not expand(name, known):
                yield Hit(comment.line, f"`sampledrift-{comment.what}` names no rule: "
                                        f"{unknown_message(name, known)}; it silences nothing",
                          comment.column, fingerprint_key=f"{comment.what}|{name}")
