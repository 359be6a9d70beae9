"""A shell command whose options lost the `\\` that joins them to it.

A published page (or a translation) may drop the backslash at the end of a
`curl` line, so the options under it stand on lines of their own:

    curl -X POST https://api.example.com/v1/users
      -H "Authorization: Bearer YOUR_API_KEY"

Copied as shown, the shell sends the request without its options, then fails
on `-H`, which is no command. The finding is at the first option line that
lost its join, once per command; the request is still compared with the
options read as the author meant them.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.extract.shell import lost_joins
from checker.model import Page
from checker.rules.base import Hit, show

ID = "continuation-lost"
SEVERITY = "error"
SUMMARY = "a shell command's option lines lost the `\\` that joins them to it"
KIND = "page"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

PASS = """\
```bash
curl -X POST https://api.example.com/v1/users \\
  -H "Authorization: Bearer YOUR_API_KEY" \\
  -d '{"name": "Ada"}'
```
"""

FAIL = """\
```bash
curl -X POST https://api.example.com/v1/users
  -H "Authorization: Bearer YOUR_API_KEY"
  -d '{"name": "Ada"}'
```
"""
# The line its FAIL example is found at (tests/test_rule_docs.py): the first option that lost its join.
FAIL_AT = [(None, '  -H "Authorization')]


def check(page: Page) -> Iterator[Hit]:
    for sample in page.samples:
        if sample.language != "bash":
            continue
        for joint in lost_joins(sample.fence.text):
            if joint.first:
                yield Hit(sample.page_line(joint.line),
                          f"this option line lost the `\\` that joins it to {show(joint.command)} "
                          f"above: copied as shown, the shell runs the command without "
                          f"{show(joint.option)} and what follows, then fails on it",
                          fingerprint_key=f"{joint.command}|{joint.option}")
