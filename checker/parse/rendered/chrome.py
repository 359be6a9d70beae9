"""Which lines of a published page are the site's, not the page's: its header,
navigation tree, interface strings, the `.md` export's header and footer."""

from __future__ import annotations

import re

from checker.parse.chrome import export_footer_start, export_header_lines
from checker.parse.rendered.labels import BLANK, CHROME, PROSE
from checker.parse.rendered.shapes import START, is_sentence, line_shape

# GitBook's own interface strings, as they show in a text dump of the site.
# They are English whatever the page's language (the seeds in fr and da agree).
_UI_LINE = re.compile(
    r"^\s*(?:Last updated\b.{0,60}|Powered by GitBook|On this page|Was this helpful\?"
    r"|Previous|Next|Previous\S.{0,300}?Next\S.{0,300})\s*$")
_HEADER_MARKER = re.compile(r"^\s*(?:Powered by GitBook|On this page)\s*$")
_BREADCRUMB = re.compile(r"^\s+\d+\.\s+\S")   # "  1. Référence API" under "On this page"
_BULLET = re.compile(r"^\s*[•·▪◦‣]\s")
_NAV_TREE = 8   # bullets that make a navigation tree when no marker says so
LIST_ITEM = re.compile(r"^\s*(?:[•·▪◦‣*+-]|\d{1,3}[.)])\s")


def chrome_labels(lines: list[str]) -> list[str | None]:
    """CHROME where a line is the site's and not the page's; None elsewhere."""
    labels: list[str | None] = [None] * len(lines)
    header = max(export_header_lines(lines), _site_header_end(lines))
    for index in range(header):
        labels[index] = CHROME
    footer = export_footer_start(lines)
    if footer is not None:
        for index in range(footer - 1, len(lines)):
            labels[index] = CHROME
    for index, text in enumerate(lines):
        if _UI_LINE.match(text):
            labels[index] = CHROME
    return labels


def _site_header_end(lines: list[str]) -> int:
    """How many lines at the top are the site's header: title bar, language
    switcher, navigation tree, "Powered by GitBook", "On this page" and its
    breadcrumb. Found from its markers; 0 when the page has none.

    The header is made of short lines; the first sentence or code line is the
    page's own, so the scan stops there and never reaches into the body.
    """
    end = 0
    bullets = 0
    markers = 0
    after_marker = False
    for index, text in enumerate(lines):
        stripped = text.strip()
        if _HEADER_MARKER.match(text):
            markers += 1
            end, after_marker = index + 1, True
        elif after_marker and _BREADCRUMB.match(text):
            end = index + 1
        elif _BULLET.match(text):
            bullets += 1
            end, after_marker = index + 1, False
        elif stripped and (is_sentence(stripped) or line_shape(stripped).kind is START):
            break
        elif stripped:
            after_marker = False
    # With no marker, only a long run of bullets is a navigation tree: a short
    # list under the title is the page's own.
    return end if markers or bullets >= _NAV_TREE else 0


def mark_trailing_contents(lines: list[str], labels: list[str]) -> None:
    """The "On this page" list a text dump may end with: bullets that repeat
    the page's own short lines (its headings). A bullet list of the page's own
    content does not repeat them, and stays prose."""
    index = len(lines) - 1
    run: list[int] = []
    while index >= 0 and (labels[index] in (BLANK, CHROME) or _BULLET.match(lines[index])):
        if _BULLET.match(lines[index]):
            run.append(index)
        index -= 1
    if not run:
        return
    body = {lines[i].strip() for i in range(index + 1) if labels[i] == PROSE}
    echoed = sum(1 for i in run if _BULLET.sub("", lines[i]).strip() in body)
    if echoed * 2 >= len(run):
        for i in run:
            labels[i] = CHROME
