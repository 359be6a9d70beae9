"""Aligning two sequences (pages' samples, links, SUMMARY.md entries) in time
that stays near linear on any input.

difflib's SequenceMatcher with `autojunk=False` is quadratic when the
sequences repeat one value many times (a page of 50,000 identical links).
Up to `LIMIT` items a side (every real page) the answer is difflib's own,
longest match first. Past it, the common head and tail are cut off in linear
time first, and what lies between is matched with difflib's junk heuristic,
which keeps it bounded.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from difflib import SequenceMatcher

Opcode = tuple[str, int, int, int, int]
LIMIT = 2_000


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    """SequenceMatcher-style opcodes turning `a` into `b`."""
    if len(a) <= LIMIT and len(b) <= LIMIT:
        return list(SequenceMatcher(None, list(a), list(b), autojunk=False).get_opcodes())
    head = 0
    while head < len(a) and head < len(b) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < len(a) - head and tail < len(b) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    middle_a, middle_b = a[head:len(a) - tail], b[head:len(b) - tail]
    result: list[Opcode] = [("equal", 0, head, 0, head)] if head else []
    if middle_a or middle_b:
        matcher = SequenceMatcher(None, list(middle_a), list(middle_b), autojunk=True)
        result.extend((tag, a1 + head, a2 + head, b1 + head, b2 + head)
                      for tag, a1, a2, b1, b2 in matcher.get_opcodes())
    if tail:
        result.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return result
