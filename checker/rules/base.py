"""What a rule module is, and what its check yields.

A rule is one module (after yamllint's `rules/`):

- `ID`: the stable kebab-case id; `SEVERITY`: its default; `SUMMARY`: one line.
- its docstring: the rule's documentation, in Markdown.
- `PASS` and `FAIL`: example pages; the tests run the rule on them, so the
  docs can never drift from what the rule does.
- `KIND`: what `check` reads, and so when the engine runs it (`KINDS`).
- `FIXABLE`: its findings may carry their repair (`Hit.edits`, on the
  finding's page), which `sampledrift fix` applies (checker/fix.py); a
  finding with no edits is not fixable (the fix would be a guess).
- `ROOT_CAUSE`: a repair of its finding can make other findings go away (a
  fence that swallows the page), so checker/cascade.py checks the page again
  as repaired to hide what the mistake causes. Only for FIXABLE rules.
- `SUPERSEDED_BY`: kinds of rules whose finding on the same sample explains
  this rule's better; the engine then drops this rule's (one per mistake).
- `LEAVES_TO`: ids of rules that report what this rule's `check` passes over
  (an unterminated tag is tag-unterminated's, not tag-attribute's).
- `check(...)`: a generator of `Hit`s; its arguments depend on `KIND`.

`Rule` and its kinds' protocols say the same for the type checker.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from checker.model import Edit, Page, Related

if TYPE_CHECKING:
    from checker.rules.crosslocale import SetContext
    from checker.spec_sources import SpecSources

# page: `check(page)` on one page at a time (in worker processes);
# set: `check(ctx)` on one page across its locales (a SetContext);
# spec: `check(page, specs)` on one page with the run's SpecSources;
# engine: findings the engine gives around the other rules, never run on a page.
KINDS = ("page", "set", "spec", "engine")

# An example page, or several files (path -> text) for a rule that compares
# locales; bytes for a page that does not decode.
Example = str | bytes | dict[str, str]


class Rule(Protocol):
    """What every rule module declares (read-only: modules match it as they are)."""

    @property
    def ID(self) -> str: ...
    @property
    def SEVERITY(self) -> str: ...
    @property
    def SUMMARY(self) -> str: ...
    @property
    def KIND(self) -> str: ...
    @property
    def FIXABLE(self) -> bool: ...
    @property
    def ROOT_CAUSE(self) -> bool: ...
    @property
    def SUPERSEDED_BY(self) -> frozenset[str]: ...
    @property
    def LEAVES_TO(self) -> frozenset[str]: ...
    @property
    def PASS(self) -> Example: ...
    @property
    def FAIL(self) -> Example: ...


class PageRule(Rule, Protocol):
    def check(self, page: Page) -> Iterable[Hit]: ...


class SetRule(Rule, Protocol):
    def check(self, ctx: SetContext) -> Iterable[tuple[Page, Hit]]: ...


class SpecRule(Rule, Protocol):
    def check(self, page: Page, specs: SpecSources) -> Iterable[Hit]: ...


@dataclass
class Hit:
    line: int
    message: str
    column: int = 1
    end_line: int | None = None
    fingerprint_key: str = ""   # the offending text, for the fingerprint
    related: list[Related] = field(default_factory=list)
    edits: tuple[Edit, ...] = ()   # the repair `fix` applies (FIXABLE rules; none when unsure)
    act_in: tuple[str, ...] = ()   # locales asked to act, beyond the page's own (Finding.act_in)


def show(raw: str) -> str:
    """A tag or code excerpt in backticks, cut short for messages."""
    text = " ".join(raw.split())
    return f"`{text if len(text) <= 60 else text[:57] + '...'}`"
