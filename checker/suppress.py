"""Inline disables, as markdownlint spells them, in HTML comments a page
renders invisibly:

    <!-- sampledrift-disable-next-line header-drift -->
    <!-- sampledrift-disable payload-value-drift -->   ... a range ...
    <!-- sampledrift-enable payload-value-drift -->
    <!-- sampledrift-disable -->                        every rule, to the end
                                                        or to the next enable

A comment names rule ids or prefixes (`spec-`, as `--select` reads them,
checker/selection.py) separated by spaces or commas, or none for every rule.
It silences findings whose line falls in its range, in the file where it
stands (a cross-locale finding stands in the locale that drifted, so that
locale's page can accept it).

A code fence cannot hold an HTML comment (one inside a fence is code, and
disables nothing), so a comment outside the fence silences a sample: a
`disable-next-line` written above a fence covers the whole fence, from its
opening line to its closing one, and a range around it does too. A name
that is no rule id or prefix is never silently dropped: the
`disable-unknown-rule` rule reports it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from checker.model import Page
from checker.selection import matches

_COMMENT = re.compile(
    r"<!--\s*sampledrift-(?P<what>disable-next-line|disable|enable)\b(?P<rules>[^<>]*?)-->")  # no `<`: linear

Span = tuple[int, int]   # first and last line, inclusive


@dataclass(frozen=True)
class Range:
    first: int
    last: int                      # inclusive; a big number for "to the end"
    rules: frozenset[str] | None   # ids or prefixes; None: every rule

    def covers(self, line: int, rule: str) -> bool:
        return self.first <= line <= self.last and (
            self.rules is None or any(matches(name, rule) for name in self.rules))


@dataclass(frozen=True)
class Comment:
    line: int
    column: int
    what: str                      # disable-next-line, disable, enable
    names: tuple[str, ...]         # as written, in order


def fence_spans(page: Page) -> list[Span]:
    """Each fence of a page from its opening line to its closing one (or its last, unclosed)."""
    return [(f.fence_line, f.end_line + 1 if f.closed and f.fence_line < f.line else f.end_line)
            for f in page.fences]


def comments(lines: list[str], fences: Sequence[Span] = ()) -> list[Comment]:
    """Every sampledrift comment of a page outside its fences, in order."""
    found = []
    for number, text in enumerate(lines, 1):
        if "sampledrift-" not in text or _inside(number, fences):
            continue  # the common case, decided without a regex
        for match in _COMMENT.finditer(text):
            names = tuple(r for r in re.split(r"[\s,]+", match.group("rules").strip()) if r)
            found.append(Comment(number, match.start() + 1, match.group("what"), names))
    return found


def ranges(lines: list[str], fences: Sequence[Span] = ()) -> list[Range]:
    """The lines each disable comment of a page covers."""
    found: list[Range] = []
    open_ranges: dict[frozenset[str] | None, int] = {}
    end = len(lines) + 1
    for comment in comments(lines, fences):
        rules = frozenset(comment.names) or None
        if comment.what == "disable-next-line":
            target = _next_content_line(lines, comment.line)
            fence = next((span for span in fences if span[0] == target), None)
            found.append(Range(target, fence[1] if fence else target, rules))
        elif comment.what == "disable":
            open_ranges.setdefault(rules, comment.line)
        else:
            _close(open_ranges, rules, comment.line, found)
    for rules, start in open_ranges.items():
        found.append(Range(start, end, rules))
    return found


def _inside(line: int, fences: Sequence[Span]) -> bool:
    return any(first <= line <= last for first, last in fences)


def _close(open_ranges: dict[frozenset[str] | None, int], rules: frozenset[str] | None, number: int,
           found: list[Range]) -> None:
    """An enable ends the ranges it names (a bare enable ends them all)."""
    for key in list(open_ranges):
        if rules is None or key == rules:
            found.append(Range(open_ranges.pop(key), number, key))


def _next_content_line(lines: list[str], number: int) -> int:
    for after in range(number + 1, len(lines) + 1):
        if lines[after - 1].strip():
            return after
    return number + 1
