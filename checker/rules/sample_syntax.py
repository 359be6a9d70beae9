"""A code sample that does not parse in its language.

A reader copies the sample and it fails at once. Python is read with `ast`,
JavaScript and shell with tree-sitter grammars; the finding points at the
line of the page where the parser stopped. Shell blocks are only judged on
their `curl` commands (output and prose lines in a shell block are common
and harmless); TypeScript is read with its own grammar (TSX when the
sample holds JSX). A published Python sample that lost its indentation on the
site is re-indented from its structure first; one whose structure does not
say its indentation back is not reported (what the author wrote cannot be told).
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.compare import language_name
from checker.model import Page
from checker.rules.base import Hit

ID = "sample-syntax"
SEVERITY = "error"
SUMMARY = "a code sample that does not parse in its language"
KIND = "page"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

PASS = """\
```python
import requests

response = requests.get("https://api.example.com/v1/items")
print(response.json())
```
"""

FAIL = """\
```python
import requests

response = requests.get("https://api.example.com/v1/items"
print(response.json())
```
"""


def check(page: Page) -> Iterator[Hit]:
    fence_faults = [i.line for i in page.issues if i.kind.startswith("fence-")]
    for sample in page.samples:
        fence = sample.fence
        if any(fence.fence_line <= line <= fence.end_line + 1 for line in fence_faults):
            continue  # the broken fence is the finding; its code is cut wrong
        if sample.error and not fence.indentation_lost:
            line = sample.page_line(sample.error_line)
            yield Hit(line, f"the {language_name(sample)} sample does not parse: {sample.error}",
                      fingerprint_key=f"{sample.language}|{page.line_text(line).strip()}")
