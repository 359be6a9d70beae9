"""GitBook source -> the text a reader saves from the published site.

What the site does to a page, as saved pages show it:

* code fences go and their code stays, its indentation lost;
* headings lose their `#`, inline marks (`**`, backticks, links) their markup;
* tags go: a hint's text stays; a `{% tabs %}` group shows its tab titles,
  one per line, then each panel; a panel that ends with code and the next one
  that starts with code run together on one line (nothing stands between them);
* front matter goes.

Used by the published-page tests and `benchmarks/published.py`; the parser
under test never sees this module.
"""

from __future__ import annotations

import re

_TAG = re.compile(r"^\s*\{%-?\s*(\w[\w-]*)(.*?)-?%\}\s*$")
_TITLE = re.compile(r"""title\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_FENCE = re.compile(r"^\s*(```+|~~~+)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_INLINE = ((re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""), (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
           (re.compile(r"\*\*([^*]+)\*\*"), r"\1"), (re.compile(r"`([^`]+)`"), r"\1"))


def _prose(line: str) -> str:
    text = _HEADING.sub("", line)
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text.strip()


def _front_matter_end(lines: list[str]) -> int:
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() == "---":
                return index + 1
    return 0


class _Writer:
    def __init__(self, keep_indent: bool) -> None:
        self.out: list[str] = []
        self.keep_indent = keep_indent
        self.last_was_code = False
        self.join_next = False    # a panel ended with code: the next panel's code joins it

    def code(self, line: str) -> None:
        text = line.rstrip() if self.keep_indent else line.strip()
        if self.join_next and self.out:
            self.out[-1] += text
        else:
            self.out.append(text)
        self.join_next, self.last_was_code = False, True

    def prose(self, line: str) -> None:
        text = _prose(line)
        if text:
            self.out.append(text)
            self.join_next, self.last_was_code = False, False


def render_text(source: str, keep_indent: bool = False, titles: bool = True) -> str:
    """The published text of a GitBook source page."""
    lines = source.split("\n")
    writer = _Writer(keep_indent)
    fence: str | None = None
    for index in range(_front_matter_end(lines), len(lines)):
        line = lines[index]
        marker = _FENCE.match(line)
        if fence is not None:
            if marker and marker.group(1).startswith(fence):
                fence = None
            else:
                writer.code(line)
            continue
        if marker:
            fence = marker.group(1)
            continue
        tag = _TAG.match(line)
        if tag is None:
            writer.prose(line)
            continue
        name, attrs = tag.group(1).lower(), tag.group(2)
        if name == "tabs" and titles:
            writer.out.extend(_tab_titles(lines, index))
            writer.last_was_code = False
        elif name == "endtab":
            writer.join_next = writer.last_was_code
    return "\n".join(writer.out) + "\n"


def _tab_titles(lines: list[str], start: int) -> list[str]:
    """The titles of the tabs of the group opening at `start` (its own tabs only)."""
    depth, titles = 0, []
    for line in lines[start + 1:]:
        tag = _TAG.match(line)
        if tag is None:
            continue
        name = tag.group(1).lower()
        if name == "tabs":
            depth += 1
        elif name == "endtabs":
            if depth == 0:
                break
            depth -= 1
        elif name == "tab" and depth == 0:
            found = _TITLE.search(tag.group(2))
            if found:
                titles.append(found.group(1) or found.group(2) or "")
    return titles
