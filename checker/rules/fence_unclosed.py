"""A code fence that never closes, or one glued to text so it swallows the page.

A fence opened with ```` ``` ```` and never closed turns the rest of the page
into code: the prose, the tabs, the other samples. The same happens when a
closing fence is glued to the next opening one (```` ``````bash ````), to the
end of a code line (`}'```), or when an opening fence is glued to the end of a
prose line (`Example:```bash`), where it opens nothing. Fences inside a longer
fence (```` ```` ```` around ```` ``` ````) are content and never reported.

Fix: `fix` closes a fence that swallows the page after its own code, before
the prose, tags and headings it took in (in the list item or quote it opens
in), and splits a fence glued to text onto its own line, the text before it
left as it was: `Example:```bash` (a paragraph at top level, with a closing
fence after it), `}'```` (in a fence that swallows the page or never closes),
```` ``````bash ```` (a closer exactly as long as the fence's). A fence that
never closes and takes in nothing but text, a fence cut off by the end of its
list item, and a fence in Markdown (examples of fences) have no fix: where
their code ends is a guess.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from checker.model import Edit, FileKind, Issue, Page
from checker.parse.repair import continuation
from checker.parse.swallow import MARKUP_LANGUAGES, Swallow, fence_prefix, swallowing
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
    source = page.kind is FileKind.SOURCE
    swallows = swallowing(page) if source else []
    glued = [issue for issue in page.issues if issue.kind == "fence-glued"] if source else []
    splits = _Splits(page, swallows).of(glued) if glued else {}
    split_lines = sorted(splits)
    for swallow in swallows:
        fence = swallow.fence
        # A closer glued to its code line is the mistake: splitting it closes the fence.
        first = bisect_left(split_lines, fence.line)
        glued_in = first < len(split_lines) and split_lines[first] < swallow.swallowed[0][0]
        edit = None if glued_in else swallow.edit(page)
        yield Hit(fence.fence_line, swallow.describe(), _column(page, fence.fence_line),
                  fingerprint_key=f"fence-swallows|{page.line_text(fence.fence_line).strip()}",
                  edits=(edit,) if edit else ())
    for issue in page.issues:
        if issue.kind in ("fence-unclosed", "fence-glued", "fence-inside") and not _said(issue, swallows):
            split = splits.get(issue.line) if issue.kind == "fence-glued" else None
            yield Hit(issue.line, issue.message, issue.column, end_line=issue.end_line,
                      fingerprint_key=f"{_FINGERPRINTED_AS.get(issue.kind, issue.kind)}|"
                             f"{page.line_text(issue.line).strip()}",
                      edits=(split,) if split else ())


_RUN_AT = re.compile(r"`{3,}+|~{3,}+")
# A line inside a list item or a quote, or indented under one.
_IN_CONTAINER = re.compile(r"\s|>|[-*+][ \t]|\d{1,9}[.)][ \t]")


class _Splits:
    """The glued fences of a page, each on a line of its own where where it
    belongs is certain. What each needs of the page is indexed once, so a
    page of a thousand glued fences stays linear."""

    def __init__(self, page: Page, swallows: list[Swallow]) -> None:
        self.page = page
        self.fences = sorted(page.fences, key=lambda f: f.line)
        self.starts = [f.line for f in self.fences]
        self.markup_until = {id(s.fence): s.swallowed[-1][0] for s in swallows}
        # Per page line: its paragraph, up to it, is at top level (no list or quote).
        self.top_level = [True] * (len(page.lines) + 2)
        # Lines that are only a run of backticks or tildes: where a fence closes.
        self.bare: dict[str, list[tuple[int, int]]] = {"`": [], "~": []}
        for number, text in enumerate(page.lines, 1):
            inside = bool(_IN_CONTAINER.match(text)) if text.strip() else False
            self.top_level[number] = not inside and (self.top_level[number - 1] or not
                                                     page.line_text(number - 1).strip())
            stripped = text.strip()
            if len(stripped) >= 3 and stripped[0] in self.bare and stripped == stripped[0] * len(stripped):
                self.bare[stripped[0]].append((number, len(stripped)))

    def of(self, issues: list[Issue]) -> dict[int, Edit]:
        return {issue.line: split for issue in issues if (split := self._split(issue)) is not None}

    def _split(self, issue: Issue) -> Edit | None:
        text = self.page.line_text(issue.line)
        run = _RUN_AT.match(text, issue.column - 1)
        if run is None:
            return None
        before, after = text[:run.start()], text[run.end():].strip()
        at = bisect_right(self.starts, issue.line) - 1
        fence = self.fences[at] if at >= 0 and self.fences[at].end_line >= issue.line else None
        if fence is None:
            return self._opener(issue.line, before, run.group(), after)
        if fence.language in MARKUP_LANGUAGES or run.group()[0] != fence.marker[0]:
            return None
        if not before.strip():  # ``````bash: the closer and the next opener, as long as it
            prefix = continuation(before)
            if prefix is None or len(run.group()) != 2 * len(fence.marker):
                return None
            return Edit(issue.line, issue.line + 1,
                        (before + fence.marker, prefix + fence.marker + after))
        prefix = fence_prefix(self.page, fence)
        runs_on = not fence.closed or self.markup_until.get(id(fence), 0) > issue.line
        if after or prefix is None or not runs_on:
            return None  # `}'```` closing a fence that ends there anyway is no mistake of ours
        return Edit(issue.line, issue.line + 1, (before, prefix + run.group()))

    def _opener(self, line: int, before: str, run: str, info: str) -> Edit | None:
        """`Example:```bash` as `Example:` and the opener under it, for a
        paragraph at top level (no list or quote to put the fence in) whose
        code has a closing fence after it."""
        if not self.top_level[line]:
            return None
        bare = self.bare[run[0]]
        after = bisect_right(bare, (line, len(self.page.lines) + 1))
        if after == len(bare) or bare[after][1] < len(run):
            return None
        return Edit(line, line + 1, (before, run + info))


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
