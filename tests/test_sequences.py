"""checker/sequences.py: difflib's answer on real sizes, bounded time on hostile ones."""

from __future__ import annotations

import time
from difflib import SequenceMatcher

from checker.sequences import LIMIT, opcodes


def test_real_sizes_get_difflibs_own_answer():
    a, b = list("README guide api README start"), list("README api guide README start x")
    assert opcodes(a, b) == SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def _covers(ops, a, b) -> bool:
    """The opcodes turn `a` into `b`, without gaps."""
    out, at_a, at_b = [], 0, 0
    for tag, a1, a2, b1, b2 in ops:
        assert (a1, b1) == (at_a, at_b)
        if tag == "equal":
            assert a[a1:a2] == b[b1:b2]
        out.extend(b[b1:b2])
        at_a, at_b = a2, b2
    return (at_a, at_b) == (len(a), len(b)) and out == list(b)


def test_large_repetitive_sequences_stay_fast_and_correct():
    many = ["https://x.example/"] * 50_000
    changed = many[:25_000] + ["https://X.example/"] + many[25_001:]
    started = time.perf_counter()
    ops = opcodes(many, changed)
    assert time.perf_counter() - started < 5  # quadratic difflib: minutes
    assert _covers(ops, many, changed)
    assert [op for op in ops if op[0] != "equal"] == [("replace", 25_000, 25_001, 25_000, 25_001)]


def test_large_sequences_that_differ_throughout_are_still_aligned():
    a = [str(i % 7) for i in range(LIMIT * 3)]
    b = ["x"] + a[:-1]
    assert _covers(opcodes(a, b), a, b)
