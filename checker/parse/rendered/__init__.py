"""Published renderings of a page (the site as text or HTML) -> Page.

Fences, tabs and hints are gone from these. What this module recovers:

* which lines are site chrome (navigation tree, "On this page", "Previous /
  Next", "Last updated", the `.md` export's header and footer, the trailing
  table of contents): never a code block, a heading or a tag;
* which lines are code, as blocks (`Fence` with `marker=""`), by a line
  classifier (`_shape`: what a line looks like on its own) and a block
  assembler (`_Assembler`: brackets, strings and `\\` continuations carry a
  block over lines that look like nothing, and blank lines inside a block
  do not end it);
* headings, which are plain short lines in published text;
* GitBook tags that leaked into the page body (`{% endtabs %`), reported by
  the tag rules at their line in the rendered file.

Python whose indentation was lost is re-indented from its structure so that
the extractors can read it with `ast`. An HTML dump is walked with the
standard library's `html.parser`.

The package, in the order a page goes through it: `layout` (the entry for
text pages), `chrome` (the site's lines), `shapes` (what one line looks like,
from every registered language's line shapes), `assemble` (lines into
blocks), `python_indent`, `headings`, and `html` (the entry for HTML dumps).

Every pass is linear in the number of lines; the regexes are anchored and
have no nested ambiguous repetition.
"""

from __future__ import annotations

import re

from checker.model import DocFile, FileKind, Page
from checker.parse.blocks import build_blocks
from checker.parse.rendered.html import html_prose, page_prose, read_html
from checker.parse.rendered.labels import BLANK, CHROME, CODE, PROSE
from checker.parse.rendered.layout import Layout, layout
from checker.parse.rendered.python_indent import reindent_python
from checker.parse.rendered.shapes import START, line_shape
from checker.parse.tags import tags_in_plain_lines

__all__ = ["BLANK", "CHROME", "CODE", "PROSE", "Layout", "html_prose", "layout", "looks_like_html",
           "page_prose", "parse_rendered", "reindent_python", "starts_code"]

_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|main|article)\b",
                         re.IGNORECASE | re.DOTALL)


def looks_like_html(text: str) -> bool:
    """An HTML document (or a dumped `<main>`/`<article>`), from how it begins."""
    return bool(_HTML_START.match(text[:4096]))


def starts_code(line: str) -> bool:
    """Whether an unindented line can only be code (it would open a block).
    An HTML tag can also be a Markdown source's own markup (`<figure>`), so it
    says nothing of which the page is."""
    shape = line_shape(line.strip())
    return shape.kind is START and shape.language != "html"


def parse_rendered(file: DocFile, lines: list[str]) -> Page:
    page = Page(file=file, kind=FileKind.PUBLISHED, lines=lines)
    found = read_html(lines) if looks_like_html("\n".join(lines[:50])) else layout(lines)
    page.fences = found.fences
    page.headings = found.headings
    # A tag is a finding only where it stands in the page body: never in
    # chrome, never inside code (a template sample's `{% for %}` is code).
    page.tags = found.tags if found.tags is not None else [
        tag for tag in tags_in_plain_lines(lines, 1, published=True)
        if found.is_body_text(tag.line)]
    page.blocks, page.structure_problems = build_blocks(page.tags)
    return page
