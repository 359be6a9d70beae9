"""A translator's view (`check --locale LOC`): the findings LOC must act on.

Those located in LOC's files, and those that ask LOC to act though they
stand in another locale's file (`Finding.act_in`: a page missing in es is
reported at the en page, yet es is to add it). Locale names are read as
everywhere else: `esp`, `ES` and `es` are one locale.
"""

from __future__ import annotations

from checker import locales as locale_tags
from checker.errors import InputError
from checker.model import Finding, Result


def canonical(name: str) -> str:
    return locale_tags.canonical(name) or name.strip().lower()


def acts_on(finding: Finding, wanted: frozenset[str]) -> bool:
    """Whether a translator of one of `wanted` locales must act on the finding."""
    return finding.locale in wanted or any(loc in wanted for loc in finding.act_in)


def chosen(result: Result, names: tuple[str, ...]) -> tuple[str, ...]:
    """The locales `names` give, canonical; a locale the tree does not have is an InputError."""
    unknown = [name for name in names if canonical(name) not in result.locales]
    if unknown:
        raise InputError(f"--locale {unknown[0]} is not a locale of this tree "
                         f"(it has {', '.join(result.locales) or 'none'})")
    return tuple(dict.fromkeys(canonical(name) for name in names))


def restrict(result: Result, names: tuple[str, ...]) -> None:
    """Keep only the findings the `names` locales act on (and say which, for the summary)."""
    if not names:
        return
    wanted = chosen(result, names)
    result.findings = [f for f in result.findings if acts_on(f, frozenset(wanted))]
    result.view_locales = wanted


def nothing_compared(result: Result) -> str:
    """A warning when the tree has fewer than two locales (nothing is compared across them), or ""."""
    if len(result.locales) >= 2 or not result.pages:
        return ""
    found = f"one locale ({result.locales[0]})" if result.locales else "no locale"
    return (f"sampledrift: warning: the tree has {found}, so nothing is compared across "
            f"locales (only each page's own checks ran)")
