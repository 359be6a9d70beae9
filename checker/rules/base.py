"""What a rule module is, and what its check yields.

A rule is one module (after yamllint's `rules/`):

- `ID`: the stable kebab-case id; `SEVERITY`: its default; `SUMMARY`: one line.
- its docstring: the rule's documentation, in Markdown.
- `PASS` and `FAIL`: example pages; the tests run the rule on them, so the
  docs can never drift from what the rule does.
- `check(page)`: a generator of `Hit`s for one page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.model import Edit, Related


@dataclass
class Hit:
    line: int
    message: str
    column: int = 1
    end_line: int | None = None
    anchor: str = ""          # the offending text, for the fingerprint
    related: list[Related] = field(default_factory=list)
    edits: tuple[Edit, ...] = ()   # the repair, when the finding is a root cause


def show(raw: str) -> str:
    """A tag or code excerpt in backticks, cut short for messages."""
    text = " ".join(raw.split())
    return f"`{text if len(text) <= 60 else text[:57] + '...'}`"
