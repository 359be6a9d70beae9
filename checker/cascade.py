"""One mistake, one finding: the findings a root cause causes are not shown.

A fence that lost its closing line swallows the `{% endtab %}` and the
heading after it; a `{% tab %}` left open takes the next tab inside it. The
rule that sees the mistake (fence-unclosed, tag-unbalanced) reports it once
at the line to fix, with the repair (`Finding.edits`). Every other rule then
reports what the broken page looks like: a tab group fewer, a sample
missing, a tag misnested. Which of those the mistake causes is measured, not
guessed: the page is checked again as it would be once repaired, and the
findings that are gone then were caused by it. They are dropped, and the
root finding says how many ("3 findings it causes are not shown"). Findings
that stay after the repair are the page's own, and stay.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from checker.model import Edit, Finding, Page
from checker.rules import ALL_RULES


def _root_rules() -> tuple[str, ...]:
    """The rules whose findings may be root causes (`ROOT_CAUSE`), the most
    far-reaching first: one that leaves some of its cases to another root
    rule comes after it (a swallowed end tag is the fence's doing, not the tag's)."""
    roots = [rule for rule in ALL_RULES if rule.ROOT_CAUSE]
    return tuple(rule.ID for rule in sorted(
        roots, key=lambda rule: sum(other.ID in rule.LEAVES_TO for other in roots)))


ROOT_RULES = _root_rules()
# What a repair never hides: a failure of sampledrift itself (the engine's findings).
NEVER_HIDDEN = frozenset(rule.ID for rule in ALL_RULES if rule.KIND == "engine")
# What the recheck says again of the other pages of the page set: only the
# cross-locale findings (their page rules are not run again, so theirs stay).
SET_IDS = frozenset(rule.ID for rule in ALL_RULES if rule.KIND == "set")
# Each root costs one more check of its page set: a page with more root
# causes than this (a thousand unclosed tabs) has its first ones explained
# and the rest reported as they are, so hostile input stays linear.
MAX_ROOTS_PER_PAGE = 8

# Checks a page again as if its lines were these: the findings of the page
# and of its page set (the other locales' pages included).
Recheck = Callable[[Page, list[str]], list[Finding]]


def explain(findings: list[Finding], pages: list[Page], recheck: Recheck) -> list[Finding]:
    by_path = {page.path: page for page in pages}
    roots = sorted((f for f in findings if f.edits and f.rule in ROOT_RULES),
                   key=lambda f: (ROOT_RULES.index(f.rule), f.path, f.line))
    hidden: set[int] = set()
    explained: Counter[str] = Counter()
    for root in roots:
        page = by_path.get(root.path)
        if id(root) in hidden or page is None or explained[root.path] >= MAX_ROOTS_PER_PAGE:
            continue
        explained[root.path] += 1
        caused = _caused(root, page, findings, hidden, recheck)
        if caused:
            hidden.update(id(f) for f in caused)
            count = len(caused)
            root.message += (f" ({count} finding{'s' if count > 1 else ''} it causes "
                             f"{'are' if count > 1 else 'is'} not shown)")
    return [f for f in findings if id(f) not in hidden]


def _caused(root: Finding, page: Page, findings: list[Finding], hidden: set[int],
            recheck: Recheck) -> list[Finding]:
    after = recheck(page, repaired(page.lines, root.edits))
    if any(f.rule == root.rule and key_across(f) == key_across(root, root.edits, page.path) for f in after):
        return []  # the repair does not repair: it explains nothing
    remaining = {key_across(f) for f in after}
    checked = {f.path for f in after} | {page.path}
    return [f for f in findings
            if f is not root and id(f) not in hidden and f.rule not in NEVER_HIDDEN
            and f.path in checked and (f.path == page.path or f.rule in SET_IDS)
            and key_across(f, root.edits, page.path) not in remaining]


def repaired(lines: list[str], edits: tuple[Edit, ...]) -> list[str]:
    """The lines of a file with its edits made (last first, so lines stay put)."""
    result = list(lines)
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        result[edit.start - 1:edit.end - 1] = list(edit.lines)
    return result


def key_across(finding: Finding, edits: tuple[Edit, ...] = (), path: str = "") -> tuple[str, str, int, str]:
    """What identifies a finding across the repair: its line moved as the
    edits move it (in the repaired file only)."""
    line = finding.line
    if finding.path == path:
        for edit in sorted(edits, key=lambda e: e.start, reverse=True):
            line = edit.shift(line)
    return finding.rule, finding.path, line, finding.fingerprint_key or finding.message
