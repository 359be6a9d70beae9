"""Headings of a published text page: plain short lines, as the site shows them."""

from __future__ import annotations

from checker.model import Heading
from checker.parse.rendered.chrome import LIST_ITEM
from checker.parse.rendered.labels import BLANK, CHROME, CODE, PROSE

_HEADING_END = (".", ",", ";", ":", "。", "，", "；", "：", "、")


def headings_of(lines: list[str], labels: list[str]) -> list[Heading]:
    """Short plain lines standing alone between blank lines (or chrome).

    Levels come from what is recoverable: the first line of the body is the
    title (1); a heading directly followed by another is a section (2) with
    its sub-heading (3); a title repeated where it was a sub-heading is one
    again ("Exemples de requêtes" in every section); others are sections (2).
    """
    first_body = next((i for i, label in enumerate(labels) if label not in (BLANK, CHROME)), None)
    candidates = [i for i, label in enumerate(labels)
                  if label == PROSE and _heading_like(lines, labels, i)]
    headings: list[Heading] = []
    sub_titles: set[str] = set()
    previous_body: dict[int, int | None] = {}
    last: int | None = None
    for index, label in enumerate(labels):
        if label in (CODE, PROSE):
            previous_body[index] = last
            last = index
    is_candidate = set(candidates)
    levels: dict[int, int] = {}
    for index in candidates:
        title = lines[index].strip()
        before = previous_body.get(index)
        if index == first_body:
            level = 1
        elif before in is_candidate and levels.get(before) == 2 or title.casefold() in sub_titles:
            level = 3
        else:
            level = 2
        levels[index] = level
        if level == 3:
            sub_titles.add(title.casefold())
        headings.append(Heading(level, title, index + 1))
    return headings


def _heading_like(lines: list[str], labels: list[str], index: int) -> bool:
    stripped = lines[index].strip()
    if len(stripped) > 80 or len(stripped.split()) > 12 or stripped.endswith(_HEADING_END):
        return False
    if "{%" in stripped or LIST_ITEM.match(lines[index]):
        return False
    separated = (BLANK, CHROME)
    before = labels[index - 1] if index else BLANK
    after = labels[index + 1] if index + 1 < len(labels) else BLANK
    return before in separated and after in separated
