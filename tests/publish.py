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
    def __init__(self, keep_indent: bool, blank_lines: bool) -> None:
        self.out: list[str] = []
        self.keep_indent = keep_indent
        self.blank_lines = blank_lines
        self.last_was_code = False
        self.join_next = False    # a panel ended with code: the next panel's code joins it

    def code(self, line: str) -> None:
        text = line.rstrip() if self.keep_indent else line.strip()
        if self.join_next and self.out:
            self.out[-1] += text
        else:
            self.out.append(text)
        self.join_next, self.last_was_code = False, True

    def block(self, lines: list[str]) -> None:
        """Lines the site writes as they are (a widget), apart from the rest."""
        if self.blank_lines and self.out and self.out[-1]:
            self.out.append("")
        self.out.extend(lines)
        if self.blank_lines:
            self.out.append("")
        self.join_next, self.last_was_code = False, False

    def prose(self, line: str) -> None:
        text = _prose(line)
        if not text:
            return
        if self.blank_lines and self.out and self.out[-1]:
            self.out.append("")
        self.out.append(text)
        if self.blank_lines:
            self.out.append("")
        self.join_next, self.last_was_code = False, False


def render_text(source: str, keep_indent: bool = False, titles: bool = True,
                blank_lines: bool = False) -> str:
    """The published text of a GitBook source page: as a text dump gives it
    (no blank lines, indentation lost), or as the site's own text export does
    (`blank_lines`, `keep_indent`: paragraphs and headings stand apart)."""
    lines = source.split("\n")
    writer = _Writer(keep_indent, blank_lines)
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
            for title in _tab_titles(lines, index):
                writer.prose(title)
        elif name == "endtab":
            writer.join_next = writer.last_was_code
        elif name in ("openapi", "openapi-operation", "swagger"):
            writer.block(_widget(attrs))
    return "\n".join(writer.out) + "\n"


_ATTR = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _widget(attrs: str) -> list[str]:
    """What the site's OpenAPI block shows for an operation (its HTTP tab and
    a response example; the spec's schema is not read here)."""
    values = {m.group(1).lower(): m.group(2) or m.group(3) or "" for m in _ATTR.finditer(attrs)}
    method, path = values.get("method", "get"), values.get("path", "/")
    return [method, "Authorizations", "Responses", "200", "OK", "application/json", method,
            f"{method.upper()} {path} HTTP/1.1", "Host: api.example.com",
            "Authorization: Bearer YOUR_SECRET_TOKEN", "Accept: */*", "", "{", '"id": "text"', "}"]


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
