"""Inline disables, as markdownlint spells them, in HTML comments a page
renders invisibly:

    <!-- sampledrift-disable-next-line header-drift -->
    <!-- sampledrift-disable payload-value-drift -->   ... a range ...
    <!-- sampledrift-enable payload-value-drift -->
    <!-- sampledrift-disable -->                        every rule, to the end
                                                        or to the next enable

A comment names rule ids separated by spaces or commas, or none for every
rule. It silences findings whose line falls in its range, in the file where
it stands (a cross-locale finding stands in the locale that drifted, so that
locale's page can accept it). A code fence cannot hold an HTML comment, so a
range around the fence is how a finding inside a sample is silenced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_COMMENT = re.compile(
    r"<!--\s*sampledrift-(?P<what>disable-next-line|disable|enable)\b(?P<rules>[^<>]*?)-->")  # no `<`: linear


@dataclass(frozen=True)
class Range:
    first: int
    last: int                      # inclusive; a big number for "to the end"
    rules: frozenset[str] | None   # None: every rule

    def covers(self, line: int, rule: str) -> bool:
        return self.first <= line <= self.last and (self.rules is None or rule in self.rules)


def ranges(lines: list[str]) -> list[Range]:
    """The lines each disable comment of a page covers."""
    found: list[Range] = []
    open_ranges: dict[frozenset[str] | None, int] = {}
    end = len(lines) + 1
    for number, text in enumerate(lines, 1):
        if "sampledrift-" not in text:
            continue  # the common case, decided without a regex
        for match in _COMMENT.finditer(text):
            rules = frozenset(r for r in re.split(r"[\s,]+", match.group("rules").strip()) if r) or None
            what = match.group("what")
            if what == "disable-next-line":
                target = _next_content_line(lines, number)
                found.append(Range(target, target, rules))
            elif what == "disable":
                open_ranges.setdefault(rules, number)
            else:
                _close(open_ranges, rules, number, found)
    for rules, start in open_ranges.items():
        found.append(Range(start, end, rules))
    return found


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
