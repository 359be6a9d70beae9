"""Published renderings of a page (the site as text or HTML) -> Page.

Fences, tabs and hints are gone from these; what can still be found is a
GitBook tag that leaked into the published text (`{% endtabs %`), reported by
the tag rules at its line in the rendered file.
"""

from __future__ import annotations

from checker.model import DocFile, FileKind, Page
from checker.parse.blocks import build_blocks
from checker.parse.tags import tags_in_plain_lines


def parse_rendered(file: DocFile, lines: list[str]) -> Page:
    page = Page(file=file, kind=FileKind.PUBLISHED, lines=lines)
    page.tags = tags_in_plain_lines(lines, 1, published=True)
    page.blocks, page.structure_problems = build_blocks(page.tags)
    return page
