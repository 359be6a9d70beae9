"""Stale or broken: what the repository's history says of each cross-locale
difference on a translated page.

A difference on a locale's page is *outdated* when that page agreed with the
reference page as the reference was when the locale's page last changed:
the reference moved on after it. It is *broken* when the translation
differs from that older reference too (it changed the thing itself, or the
two never agreed). The test is exact, not a guess from dates: the
reference's older version is read from git (`History.text_at`) and the
cross-locale rules run again on the page set with it in the reference's
place; a finding of the translation that the older reference does not give
is the reference's moving on.

Outdated differences become one translation-outdated finding per page, with
each of them as a related location. Only page sets where the reference
changed after the translation are rerun, so a tree whose translations are
up to date costs one history walk and nothing more.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from checker.align import PageSet
from checker.history import Commit, History
from checker.model import Difference, DocFile, Finding, Outdated, Page, Related, Result
from checker.rules import page_missing
from checker.rules import translation_outdated as rule
from checker.rules.base import Hit


@dataclass
class Verdict:
    kept: list[Finding]                                      # broken, or history cannot tell
    # translation-outdated: where it stands, its finding, and what the reports
    # list of it (one entry per locale behind; the engine links the finding)
    behind: list[tuple[Page, Hit, list[Outdated]]] = field(default_factory=list)


def classify(findings: list[Finding], result: Result, history: History,
             rerun: Callable[[PageSet], list[Finding]],
             reread: Callable[[Page, str], Page]) -> Verdict:
    """Split the cross-locale `findings` of a run into those that stay and the
    pages behind their reference."""
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    verdict = Verdict(kept=[])
    outdated: set[int] = set()
    history.prefetch(_wanted(result, by_path, history))
    then: dict[tuple[int, str], list[Finding]] = {}
    for page_set in result.page_sets:
        base = page_set.base(result.anchor)
        verdict.behind.extend(_not_translated(page_set, base, by_path, history, result.files, outdated))
        if page_set.only_in or len(page_set.locales) < 2:
            continue
        reference = page_set.primary(base)
        for locale in page_set.locales:
            if locale == base:
                continue
            page = page_set.primary(locale)
            mine = by_path.get(page.path, [])
            gone = _moved_on(page_set, base, locale, mine, history, rerun, reread, then) if mine else None
            if gone:
                outdated.update(id(f) for f in gone)
                newer = _newer(history, reference, page)
                hit = rule.behind(reference.path, base, newer, gone)
                hit.related = [Related(f.path, f.line, f.locale) for f in gone]
                entry = _entry(page.path, locale, base, reference.path, newer, gone)
                verdict.behind.append((page, hit, [entry]))
    verdict.kept = [f for f in findings if id(f) not in outdated]
    return verdict


def _entry(path: str, locale: str | None, base: str, reference_path: str, newer: list[Commit],
           differences: list[Finding], kind: str = "behind") -> Outdated:
    """What the reports list of one translation behind (the commits newest first)."""
    committed = [c for c in newer if c.sha]
    oldest = committed[-1] if committed else None
    return Outdated(path, locale, base, reference_path, len(committed),
                    oldest.sha if oldest else "", oldest.date if oldest else "",
                    [Difference(f.rule, f.path, f.line, f.message)
                     for f in sorted(differences, key=Finding.sort_key)], kind)


def _newer(history: History, reference: Page, page: Page) -> list[Commit]:
    """The reference's changes after the translation's last one, newest first."""
    last = history.last_change(page.file.fs_path)
    if last is None:
        return []
    return [c for c in history.changes(reference.file.fs_path) if c.after(last)]


def _wanted(result: Result, by_path: dict[str, list[Finding]],
            history: History) -> Iterator[tuple[Commit, str]]:
    """The reference versions `_moved_on` will read, so that git reads them
    all in one go."""
    for page_set in result.page_sets:
        if page_set.only_in or len(page_set.locales) < 2:
            continue
        base = page_set.base(result.anchor)
        reference = page_set.primary(base)
        for locale in page_set.locales:
            page = page_set.primary(locale)
            last = history.last_change(page.file.fs_path)
            if locale != base and by_path.get(page.path) and last is not None and last.sha:
                yield last, reference.file.fs_path


def _moved_on(page_set: PageSet, base: str, locale: str, mine: list[Finding], history: History,
              rerun: Callable[[PageSet], list[Finding]],
              reread: Callable[[Page, str], Page],
              runs: dict[tuple[int, str], list[Finding]]) -> list[Finding]:
    """The findings of `locale`'s page that the reference's older version
    (as it was at the translation's last change) does not give. `runs`: the
    page set's findings with an older reference, by (set, that text): the
    translations that last changed with the reference as it was (a sync of
    every locale) are compared with it once."""
    reference, page = page_set.primary(base), page_set.primary(locale)
    last = history.last_change(page.file.fs_path)
    if last is None or not last.sha or not _newer(history, reference, page):
        return []   # no history, or the translation changed last (uncommitted: now)
    old_text = history.text_at(last, reference.file.fs_path)
    if old_text is None:
        return []   # the reference did not exist then (or was elsewhere): cannot tell
    key = (id(page_set), old_text)
    if key not in runs:
        older = reread(reference, old_text)
        swapped = PageSet(page_set.key, {loc: [older if p is reference else p for p in found]
                                         for loc, found in page_set.pages.items()},
                          page_set.how, page_set.only_in)
        runs[key] = rerun(swapped)
    then = Counter(_key(f) for f in runs[key] if f.path == page.path)
    gone = []
    for finding in mine:
        if then[_key(finding)]:
            then[_key(finding)] -= 1
        else:
            gone.append(finding)
    return gone


def _key(finding: Finding) -> tuple[str, str]:
    return (finding.rule, finding.fingerprint_key or finding.message)


def _not_translated(page_set: PageSet, base: str, by_path: dict[str, list[Finding]], history: History,
                    files: list[DocFile], outdated: set[int]) -> Iterator[tuple[Page, Hit, list[Outdated]]]:
    """A page-missing for a page the reference added after every locale that
    lacks it last changed at all: not translated yet, so outdated too."""
    if base not in page_set.pages:
        return
    reference = page_set.primary(base)
    missing = [f for f in by_path.get(reference.path, []) if f.rule == page_missing.ID]
    changes = history.changes(reference.file.fs_path)
    if not missing or not changes or not changes[-1].sha:
        return
    added = changes[-1]
    lacking = [loc for loc in _locales_named(missing[0]) if loc not in page_set.pages]
    synced = {loc: _last_sync(history, files, loc) for loc in lacking}
    if lacking and all(last is not None and added.after(last) for last in synced.values()):
        outdated.update(id(f) for f in missing)
        entries = [_entry(reference.path, loc, base, reference.path,
                          [c for c in changes if c.after(last)], missing, "not-translated")
                   for loc, last in synced.items() if last is not None]
        yield reference, rule.not_translated(lacking, base, added), entries


def _locales_named(finding: Finding) -> list[str]:
    """The locales a page-missing finding names (its key lists them)."""
    return [loc for loc in finding.fingerprint_key.partition("|")[2].split(",") if loc]


def _last_sync(history: History, files: list[DocFile], locale: str) -> Commit | None:
    """A locale's last change: the newest commit touching any of its files."""
    found = [c for f in files if f.locale == locale for c in history.changes(f.fs_path)[:1]]
    return min(found, key=lambda c: c.rank, default=None)
