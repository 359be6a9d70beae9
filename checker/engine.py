"""The pipeline: discover -> parse -> extract -> rules -> findings.

Pages are parsed and their page rules run in worker processes when there are
enough of them to pay for the processes; everything after that reads the
pages in one process. Output order never depends on the workers: findings
are sorted, and fingerprints are computed after sorting.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from checker import locales as locale_tags
from checker import suppress
from checker.align import PageSet, choose_reference, page_sets
from checker.config import Config
from checker.discover import discover
from checker.extract.samples import samples_of
from checker.langid import detect_locale
from checker.model import DocFile, FileKind, Finding, Page, Severity
from checker.parse.files import Limits, parse_file
from checker.rules import PAGE_RULES, SET_RULES, SPEC_RULES
from checker.spec_sources import SpecSources

CROSS_LOCALE_IDS = frozenset(rule.ID for rule in SET_RULES)
# Findings within one locale that a cross-locale finding on the same sample
# (or block) already explains, better: it says what the reference has.
SUPERSEDED_BY_DRIFT = frozenset({"sample-disagreement", "spec-block-mismatch"})
from checker.rules.crosslocale import SetContext
from checker.rules.base import Hit

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 48


@dataclass(frozen=True)
class RuleSettings:
    disabled: frozenset[str] = frozenset()
    severities: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_config(cls, config: Config) -> RuleSettings:
        return cls(frozenset(config.disabled), tuple(sorted(config.severities.items())))

    def enabled(self, rule_id: str) -> bool:
        return rule_id not in self.disabled

    def severity(self, rule_id: str, default: str) -> Severity:
        return Severity(dict(self.severities).get(rule_id, default))


@dataclass
class Result:
    files: list[DocFile]
    pages: list[Page]
    findings: list[Finding] = field(default_factory=list)
    page_sets: list[PageSet] = field(default_factory=list)
    reference: str | None = None     # None: consensus
    anchor: str | None = None        # the locale pages were paired against

    @property
    def locales(self) -> list[str]:
        return sorted({p.locale for p in self.pages if p.locale})

    @property
    def page_count(self) -> int:
        """Logical pages: page sets (one page across locales and forms), plus
        pages no locale could be found for."""
        if self.page_sets:
            return len(self.page_sets) + len({p.file.page_id for p in self.pages
                                              if p.locale is None and p.kind is not FileKind.NAVIGATION})
        return len({p.file.page_id for p in self.pages if p.kind is not FileKind.NAVIGATION})

    @property
    def sample_count(self) -> int:
        return sum(len(p.samples) for p in self.pages)

    def counts(self) -> Counter[str]:
        return Counter(f.severity.value for f in self.findings)


def to_finding(rule, page: Page, hit: Hit, settings: RuleSettings) -> Finding:  # noqa: ANN001
    return Finding(rule=rule.ID, severity=settings.severity(rule.ID, rule.SEVERITY),
                   message=hit.message, path=page.path, line=hit.line, column=hit.column,
                   end_line=hit.end_line, locale=page.locale, page=page.file.page_id,
                   related=list(hit.related), anchor=hit.anchor)


def page_findings(page: Page, settings: RuleSettings) -> list[Finding]:
    findings = []
    for rule in PAGE_RULES:
        if settings.enabled(rule.ID):
            findings.extend(to_finding(rule, page, hit, settings) for hit in rule.check(page))
    return findings


def read_page(file: DocFile, limits: Limits = Limits()) -> Page:
    """Parse a file and read its samples: everything one page needs, in one place.

    A page whose path and layout name no locale gets the one its prose is in:
    the last step of the contract's locale order."""
    page = parse_file(file, limits)
    if file.locale is None and page.lines and page.kind is not FileKind.NAVIGATION:
        page.detected_language = detect_locale("\n".join(page.lines))
    page.samples = samples_of(page)
    return page


def _process(job: tuple[DocFile, RuleSettings, Limits]) -> tuple[Page, list[Finding]]:
    file, settings, limits = job
    page = read_page(file, limits)
    return page, page_findings(page, settings)


def _map(jobs: list[tuple[DocFile, RuleSettings, Limits]]) -> Iterable[tuple[Page, list[Finding]]]:
    workers = int(os.environ.get("SAMPLEDRIFT_JOBS", 0)) or os.cpu_count() or 1
    if workers < 2 or len(jobs) < PARALLEL_THRESHOLD:
        return map(_process, jobs)
    chunk = max(1, len(jobs) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_process, jobs, chunksize=chunk))


def check_paths(paths: list[str], config: Config, *, reference_locale: str | None = None,
                specs: list[str] | None = None,
                display: tuple[str, str] | None = None) -> Result:
    sources = SpecSources.load([*(specs or []), *config.specs])  # a broken one: InputError
    files = discover(paths, config, display=display)
    settings = RuleSettings.from_config(config)
    pages, findings = [], []
    limits = Limits(config.max_page_size, config.max_line_length)
    for page, page_hits in _map([(file, settings, limits) for file in files]):
        pages.append(page)
        findings.extend(page_hits)
    result = Result(files=files, pages=pages)
    findings.extend(_against_specs(pages, sources, settings))
    findings.extend(_cross_locale(result, config, reference_locale, settings))
    result.findings = finalise(_silenced(_one_per_mistake(findings, pages), pages))
    return result


def _silenced(findings: list[Finding], pages: list[Page]) -> list[Finding]:
    """Findings a `<!-- sampledrift-disable ... -->` comment of their file accepts."""
    by_path = {page.path: suppress.ranges(page.lines) for page in pages if page.lines}
    return [f for f in findings
            if not any(r.covers(f.line, f.rule) for r in by_path.get(f.path, []))]


def _one_per_mistake(findings: list[Finding], pages: list[Page]) -> list[Finding]:
    """A sample that drifted from the reference locale also disagrees with its
    sibling languages, or with its section's API block: the cross-locale
    finding says more (what the reference sends), so it stands alone."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for page in pages:
        spans[page.path] = [(s.fence.line, s.fence.end_line) for s in page.samples]

    def sample_at(path: str, line: int) -> tuple[str, int] | None:
        return next(((path, start) for start, end in spans.get(path, []) if start <= line <= end), None)

    cross = [f for f in findings if f.rule in CROSS_LOCALE_IDS]
    drifted = {sample_at(f.path, f.line) for f in cross} - {None}
    drifted_lines = {(f.path, f.line) for f in cross}

    def explained(finding: Finding) -> bool:
        places = [(finding.path, finding.line)] + [(r.path, r.line) for r in finding.related]
        return any(place in drifted_lines or sample_at(*place) in drifted for place in places)

    return [f for f in findings if not (f.rule in SUPERSEDED_BY_DRIFT and explained(f))]


def _against_specs(pages: list[Page], sources: SpecSources,
                   settings: RuleSettings) -> list[Finding]:
    """Every sample against its spec: `--spec`, the config, or its block's `src`."""
    findings = []
    for page in pages:
        for rule in SPEC_RULES:
            if settings.enabled(rule.ID):
                findings.extend(to_finding(rule, page, hit, settings)
                                for hit in rule.check(page, sources))
    return findings


def _cross_locale(result: Result, config: Config, explicit: str | None,
                  settings: RuleSettings) -> list[Finding]:
    """Pair pages across locales and run the rules that compare them."""
    locales = result.locales
    if not locales:
        return []  # one locale still pairs its source with its published forms
    wanted = [locale_tags.canonical(c) or c.lower() if c else None
              for c in (explicit, config.reference_locale)]
    result.reference = choose_reference(locales, wanted[0], wanted[1])
    result.page_sets, result.anchor = page_sets(result.pages, result.reference)
    findings = []
    for page_set in result.page_sets:
        ctx = SetContext(page_set, result.anchor, result.reference, all_locales=locales)
        for rule in SET_RULES:
            if settings.enabled(rule.ID):
                findings.extend(to_finding(rule, page, hit, settings) for page, hit in rule.check(ctx))
    return findings


def finalise(findings: list[Finding]) -> list[Finding]:
    """Sorted as the contract says, each with its stable fingerprint.

    The fingerprint hashes the rule, the file and the offending text, plus the
    rank of that text among its repeats in the file, never the line number: a
    finding keeps its fingerprint when lines are added above it.
    """
    ordered = sorted(findings, key=Finding.sort_key)
    seen: Counter[tuple[str, str, str]] = Counter()
    for finding in ordered:
        key = (finding.rule, finding.path, finding.anchor or finding.message)
        rank = seen[key]
        seen[key] += 1
        digest = hashlib.sha256("\0".join([*key, str(rank)]).encode("utf-8")).hexdigest()
        finding.fingerprint = digest[:20]
    return ordered
