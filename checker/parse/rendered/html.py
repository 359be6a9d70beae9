"""HTML dumps of a published page, walked with the standard library's `html.parser`."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from checker import languages
from checker.model import Fence, Heading, Tag
from checker.parse.rendered.assemble import Assembler, dedent
from checker.parse.rendered.labels import BLANK, CHROME, CODE, PROSE
from checker.parse.rendered.layout import Layout, layout
from checker.parse.rendered.openapi import mark_generated
from checker.parse.rendered.python_indent import reindent_python
from checker.parse.tags import tags_in_plain_lines

_CHROME_ELEMENTS = frozenset({"nav", "header", "footer", "aside", "head", "script", "style",
                              "template", "noscript"})
_HEADING_ELEMENTS = {f"h{level}": level for level in range(1, 7)}
_BLOCK_IN_PRE = frozenset({"div", "p", "li", "tr"})
_LANGUAGE_CLASS = re.compile(r"(?:^|\s)(?:language|lang)-([\w+#.-]+)")


class _HtmlWalker(HTMLParser):
    """Code blocks, headings and body text lines of an HTML page.

    Entities are unescaped by the parser (`convert_charrefs`); positions are
    those of the HTML file, so recovered code points at its lines there.
    Cloudflare's `[email protected]` is kept as the page shows it.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chrome: list[str] = []
        self.fences: list[Fence] = []
        self.headings: list[Heading] = []
        self.body_lines: set[int] = set()
        self.prose: list[str] = []
        self.tags: list[Tag] = []
        self._pre: list[tuple[int, str]] | None = None   # (line, text) chunks
        self._pre_class = ""
        self._heading: tuple[int, int, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" and "head" in self.chrome:
            self.chrome.clear()   # `</head>` may be left out: the body ends the head
        if tag in _CHROME_ELEMENTS:
            self.chrome.append(tag)
            return
        if self.chrome:
            return
        classes = dict(attrs).get("class") or ""
        if tag == "pre" and self._pre is None:
            self._pre, self._pre_class = [], classes
        elif self._pre is not None:
            if tag == "code" and not _LANGUAGE_CLASS.search(self._pre_class):
                self._pre_class = classes
            elif tag == "br" or (tag in _BLOCK_IN_PRE and self._pre and
                                 not self._pre[-1][1].endswith("\n")):
                self._pre.append((self.getpos()[0], "\n"))
        elif tag in _HEADING_ELEMENTS and self._heading is None:
            self._heading = (_HEADING_ELEMENTS[tag], self.getpos()[0], [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and self._pre is not None and not self.chrome:
            self._pre.append((self.getpos()[0], "\n"))

    def handle_endtag(self, tag: str) -> None:
        if tag in _CHROME_ELEMENTS:
            if tag in self.chrome:
                while self.chrome and self.chrome.pop() != tag:
                    pass
            return
        if self.chrome:
            return
        if tag == "pre" and self._pre is not None:
            self._finish_pre()
        elif self._heading is not None and tag == f"h{self._heading[0]}":
            level, line, parts = self._heading
            title = " ".join("".join(parts).split())
            if title:
                self.headings.append(Heading(level, title, line))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self.chrome:
            return
        line = self.getpos()[0]
        if self._pre is not None:
            self._pre.append((line, data))
            return
        if self._heading is not None:
            self._heading[2].append(data)
        if data.strip():
            lead = len(data) - len(data.lstrip())
            first = line + data.count("\n", 0, lead)
            self.body_lines.update(range(first, first + data.strip().count("\n") + 1))
            self.prose.append(data)
            if "{%" in data:
                self._tags_in(data, line, self.getpos()[1])

    def _tags_in(self, data: str, line: int, column: int) -> None:
        """Leaked tags in a piece of body text, at their place in the HTML file
        (columns of the unescaped text: an entity before a tag on its line
        shifts it)."""
        for tag in tags_in_plain_lines(data.split("\n"), line, published=True):
            if tag.line == line:
                tag.column += column
            self.tags.append(tag)

    def _finish_pre(self) -> None:
        chunks, self._pre = self._pre or [], None
        start = end = None
        for line, text in chunks:
            if not text.strip():
                continue
            lead = len(text) - len(text.lstrip())
            here = line + text.count("\n", 0, lead)
            start = here if start is None else start
            end = here + text.strip().count("\n")
        if start is None or end is None:
            return
        code = "".join(text for _, text in chunks).strip("\n").rstrip()
        lines = dedent(code.split("\n"))
        while lines and not lines[0].strip():
            lines.pop(0)
        found = _LANGUAGE_CLASS.search(self._pre_class)
        language = languages.normalise(found.group(1)) if found else _guess_language(lines)
        if language == "python":
            lines = reindent_python(lines) or lines
        self.fences.append(Fence(info="", language=language, text="\n".join(lines) + "\n",
                                 line=start, end_line=end, fence_line=start,
                                 closed=True, marker=""))


def _guess_language(code: list[str]) -> str:
    """The language of a block with no class, from its lines."""
    spans = Assembler(code, [None] * len(code)).run()
    return spans[0].language if spans else ""


def read_html(lines: list[str]) -> Layout:
    walker = _HtmlWalker()
    walker.feed("\n".join(lines))
    walker.close()
    labels = [BLANK if not text.strip() else CHROME for text in lines]
    for line in walker.body_lines:
        if 0 < line <= len(labels):
            labels[line - 1] = PROSE
    mark_generated(walker.fences)
    for fence in walker.fences:
        for line in range(fence.line, fence.end_line + 1):
            if 0 < line <= len(labels) and lines[line - 1].strip():
                labels[line - 1] = CODE
    return Layout(labels=labels, fences=walker.fences, headings=walker.headings,
                  tags=walker.tags)


def html_prose(text: str) -> str:
    """The body text of an HTML page, without chrome and code (for language ID)."""
    walker = _HtmlWalker()
    walker.feed(text)
    walker.close()
    return "\n".join(part.strip() for part in walker.prose if part.strip())


def page_prose(lines: list[str]) -> list[str]:
    """The prose lines of a published text page (for language ID)."""
    return layout(lines).prose(lines)
