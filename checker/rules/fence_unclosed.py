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

from checker.model import Page
from checker.rules.base import Hit

ID = "fence-unclosed"
SEVERITY = "error"
SUMMARY = "a code fence that never closes, or one glued to text so it swallows the page"

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
    for issue in page.issues:
        if issue.kind in ("fence-unclosed", "fence-glued"):
            yield Hit(issue.line, issue.message, issue.column, end_line=issue.end_line,
                      anchor=f"{issue.kind}|{page.line_text(issue.line).strip()}")
