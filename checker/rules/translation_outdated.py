"""A translation fell behind its reference page: re-translate it.

When the checked tree is a git repository, every cross-locale difference on
a translated page is put to its history (checker/staleness.py): the
difference is *outdated* when the translation agreed with the reference as
the reference was when the translation last changed, so it is the
reference that moved on (a sample added, a header added, a value changed in
a later commit). Those differences are reported once for the page, here,
with each of them as a related location, instead of as a dozen separate
errors: the page needs a new translation, not a fix.

A difference that the translation made itself (its page changed after the
reference, or the two never agreed) is *broken*, and stays the rule it is
(`header-drift`, `sample-missing`, ... errors where they are errors). A
page added to the reference after the locale last changed at all is not
translated yet: reported here too, at the reference page, instead of
`page-missing`. Where history cannot tell (no git, a shallow clone that
stops before the page's last change, an untracked or uncommitted
translation), nothing changes. `check --no-history` turns it off.
"""

from __future__ import annotations

from collections import Counter

from checker.history import Commit
from checker.model import Finding
from checker.rules.base import Hit

ID = "translation-outdated"
SEVERITY = "warning"
SUMMARY = "a translation is behind its reference page (the reference changed after it): re-translate it"
KIND = "engine"   # given by the engine from the repository's history (checker/staleness.py)
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

# History is the input, so the examples describe two commits; the tests build
# such repositories (tests/test_history.py).
PASS = ("# commit 1: en/api.md and es/api.md, the same cURL sample\n"
        "# commit 2: es/api.md drops the Authorization header\n"
        "-> header-drift on es/api.md (the translation broke it), no translation-outdated\n")
FAIL = ("# commit 1: en/api.md and es/api.md, the same cURL sample\n"
        "# commit 2: en/api.md adds an Authorization header and a Python sample\n"
        "-> one translation-outdated on es/api.md: behind en by 1 commit, 1 header-drift, "
        "1 sample-missing\n")


def behind(reference_path: str, reference: str, newer: list[Commit], differences: list[Finding]) -> Hit:
    """The one finding of a translated page whose differences are all the reference's moving on."""
    first = newer[-1]
    since = "uncommitted changes" if not first.sha else f"since {first.date}, {first.short}"
    kinds = Counter(f.rule for f in differences)
    ordered = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
    listed = ", ".join(f"{count} {rule}" for rule, count in ordered)
    commits = [c for c in newer if c.sha]
    count = f"{len(commits)} commit{'s' if len(commits) != 1 else ''}" if commits else "uncommitted changes"
    return Hit(1, f"this translation is behind {reference} by {count} to {reference_path} ({since}): "
                  f"{listed}; update the translation",
               fingerprint_key=f"behind|{reference}")


def not_translated(locales: list[str], reference: str, added: Commit) -> Hit:
    """A reference page added after the locales last changed: not translated yet."""
    return Hit(1, f"this page was added to {reference} ({added.date}, {added.short}) after "
                  f"{', '.join(locales)} last changed: not translated yet",
               fingerprint_key=f"not-translated|{','.join(locales)}")
