"""sampledrift itself failed on this page; the rest of the run went on.

A parser, an extractor or a rule raised while reading one page (or one page
across its locales). That is a bug in sampledrift, never in the page: the
finding says which part failed, with the exception and where it was raised,
so it can be reported. The other rules still ran on the page, and every
other page was checked as usual.

A failure outside any page (reading the config, pairing the tree, writing a
report) stops the run with one line on stderr and exit code 2, as do all
internal errors under `check --strict-internal`.
"""

from __future__ import annotations

import os
import traceback

from checker.rules.base import Hit

ID = "internal-error"
SEVERITY = "error"
SUMMARY = "sampledrift failed on this page (a bug in sampledrift): the rest of the run went on"
KIND = "engine"   # raised by the engine around the other rules, never run on a page
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

# No page makes a correct sampledrift raise, so the examples are descriptions:
# the tests plant a failing rule instead (tests/test_fault_isolation.py).
PASS = "# Any page\n\nEvery parser, extractor and rule reads it without raising.\n"
FAIL = ("# Any page\n\nA rule raised while reading it, e.g.\n"
        "`rule structure-drift raised TypeError ('int' object is not iterable) at "
        "structure_drift.py:93`.\n")


def where_raised(error: BaseException) -> str:
    """`structure_drift.py:93`: the innermost frame of sampledrift's own code."""
    frames = traceback.extract_tb(error.__traceback__)
    own = [f for f in frames if f"{os.sep}checker{os.sep}" in f.filename] or frames
    if not own:
        return "an unknown place"
    frame = own[-1]
    return f"{os.path.basename(frame.filename)}:{frame.lineno}"


def describe(error: BaseException) -> str:
    """`TypeError ('int' object is not iterable) at structure_drift.py:93`, on one line."""
    text = " ".join(str(error).split())
    if len(text) > 160:
        text = text[:157] + "..."
    detail = f" ({text})" if text else ""
    return f"{type(error).__name__}{detail} at {where_raised(error)}"


def hit(part: str, error: BaseException, line: int = 1) -> Hit:
    """The finding for `part` ("rule `x`", "the parser", ...) having raised `error`."""
    return Hit(line, f"sampledrift failed here: {part} raised {describe(error)}; the other "
                     f"checks of this page still ran. This is a bug in sampledrift: please "
                     f"report it with this line",
               fingerprint_key=f"internal|{part}|{type(error).__name__}")
