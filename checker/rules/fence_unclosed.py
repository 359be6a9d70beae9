"""A code fence that never closes, or one glued to text so it swallows the page.

A fence opened with ```` ``` ```` and never closed turns the rest of the page
into code: the prose, the tabs, the other samples. The same happens when a
closing fence is glued to the next opening one (```` ``````bash ````), to the
end of a code line (`}'```), or when an opening fence is glued to the end of a
prose line (`Example:```bash`), where it opens nothing. Fences inside a longer
fence (```` ```` ```` around ```` ``` ````) are content and never reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.model import FileKind, Issue, Page
from checker.parse.swallow import Swallow, swallowing
from checker.rules.base import Hit

ID = "fence-unclosed"
SEVERITY = "error"
SUMMARY = "a code fence that never closes, or one glued to text so it swallows the page"
KIND = "page"
FIXABLE = True
ROOT_CAUSE = True
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

PASS = """\
```bash
curl https://api.example.com/v1/ping
```

````markdown
```bash
echo nested
```
````
"""

FAIL = """\
```bash
curl https://api.example.com/v1/ping
``````python
import requests
```

## Next section

```javascript
fetch("https://api.example.com/v1/ping");
"""


def check(page: Page) -> Iterator[Hit]:
    swallows = swallowing(page) if page.kind is FileKind.SOURCE else []
    for swallow in swallows:
        fence = swallow.fence
        yield Hit(fence.fence_line, swallow.describe(), _column(page, fence.fence_line),
                  fingerprint_key=f"fence-swallows|{page.line_text(fence.fence_line).strip()}",
                  edits=(swallow.edit(page),))
    for issue in page.issues:
        if issue.kind in ("fence-unclosed", "fence-glued", "fence-inside") and not _said(issue, swallows):
            yield Hit(issue.line, issue.message, issue.column, end_line=issue.end_line,
                      fingerprint_key=f"{_FINGERPRINTED_AS.get(issue.kind, issue.kind)}|"
                             f"{page.line_text(issue.line).strip()}")


# A fence opening inside an unclosed one was a "fence-glued" issue before it
# had a kind of its own: its findings keep the fingerprints they had.
_FINGERPRINTED_AS = {"fence-inside": "fence-glued"}


def _column(page: Page, line: int) -> int:
    text = page.line_text(line)
    return len(text) - len(text.lstrip()) + 1


def _said(issue: Issue, swallows: list[Swallow]) -> bool:
    """An issue the swallow finding already tells: the fence it names as never
    closed, or a fence that opens inside its code (the next sample's opener)."""
    for swallow in swallows:
        fence = swallow.fence
        if issue.kind == "fence-unclosed" and issue.line == fence.fence_line:
            return True
        if issue.kind == "fence-inside" and fence.line <= issue.line <= fence.end_line:
            return True
    return False
