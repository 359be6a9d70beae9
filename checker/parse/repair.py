"""Small helpers the fixable rules share to build their `Edit`s.

A repair changes one token of a line and leaves every other character as it
was, and a line it adds must sit in the same container (list item, quote) as
the line it belongs with, or it would end the list or the quote.
"""

from __future__ import annotations

import re

from checker.model import Edit

# What may stand before a block's text on its line: indentation, quote markers
# and list markers (`- `, `1. `), in any nesting.
_CONTAINERS = re.compile(r"(?:[ \t]|>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))*")
_LIST_MARKER = re.compile(r"[-*+]|\d{1,9}[.)]")


def continuation(prefix: str) -> str | None:
    """What a new line needs before its text to stay in the containers the
    text after `prefix` sits in: `> ` stays `> `, a list item's `1. ` becomes
    its indentation `   `. None when `prefix` is not only containers (text
    stands before the block: no new line can say where it belongs)."""
    if _CONTAINERS.fullmatch(prefix) is None:
        return None
    return _LIST_MARKER.sub(lambda marker: " " * len(marker.group()), prefix)


def one_line(line: int, text: str) -> Edit:
    """Line `line` becomes `text`."""
    return Edit(line, line + 1, (text,))


def splice(text: str, start: int, end: int, new: str) -> str:
    """`text` with the characters `start`..`end - 1` (0-based) replaced by `new`."""
    return text[:start] + new + text[end:]
