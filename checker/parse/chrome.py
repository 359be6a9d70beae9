"""Site chrome that GitBook adds around a page and that is never the page's content.

The site's `.md` export opens with a blockquote pointing at `llms.txt` and ends
with an "Agent Instructions" section after a rule (`---`); its code block
(`GET ...?ask=<question>`) is the site's, not a sample. Nothing in chrome
yields a finding.
"""

from __future__ import annotations

import re

_FOOTER_HEADING = re.compile(r"^#{1,2}\s+Agent Instructions\b", re.IGNORECASE)
_RULE = re.compile(r"^\s{0,3}(?:-{3,}|\*{3,}|_{3,})\s*$")
_HEADER = re.compile(r"^>\s*For the complete documentation index, see \[llms\.txt\]", re.IGNORECASE)


def export_header_lines(lines: list[str]) -> int:
    """How many lines at the top are the `.md` export's header (0 when none)."""
    for index, line in enumerate(lines[:3]):
        if _HEADER.match(line):
            return index + 1
    return 0


def export_footer_start(lines: list[str]) -> int | None:
    """1-based line where the `.md` export's footer starts (its `---` rule), or None."""
    for index in range(len(lines) - 1, -1, -1):
        if _FOOTER_HEADING.match(lines[index]):
            start = index
            probe = index - 1
            while probe >= 0 and not lines[probe].strip():
                probe -= 1
            if probe >= 0 and _RULE.match(lines[probe]):
                start = probe
            return start + 1
    return None
