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
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from checker import cascade, codetokens, history, staleness, suppress
from checker import locales as locale_tags
from checker.align import PageSet, choose_reference, facts, left_out, page_sets, stub_of
from checker.cache import Cache
from checker.config import Config
from checker.confine import Roots
from checker.discover import discover
from checker.errors import InputError, InternalError
from checker.extract.samples import samples_of
from checker.langid import available as langid_available
from checker.langid import page_locale, unidentified
from checker.model import DocFile, FileKind, Finding, Page, Result, Severity
from checker.pagecache import Entry, PageCache
from checker.parse.files import Limits, parse_file, parse_text
from checker.rules import (
    ALL_RULES,
    PAGE_RULES,
    SET_RULES,
    SPEC_RULES,
    internal_error,
    path_outside_tree,
    translation_outdated,
)
from checker.rules.base import Hit, Rule, SetRule
from checker.rules.crosslocale import SetContext
from checker.selection import Selection
from checker.spec_sources import SpecSources
from checker.textsafe import writable

CROSS_LOCALE_IDS = frozenset(rule.ID for rule in SET_RULES)
# Rules whose finding a cross-locale finding on the same sample (or block)
# explains better, as they declare (`SUPERSEDED_BY`).
SUPERSEDED_BY_DRIFT = frozenset(rule.ID for rule in ALL_RULES if "set" in rule.SUPERSEDED_BY)

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 48


@dataclass(frozen=True)
class RuleSettings:
    # Which rules report, and at what severity, per file (checker/selection.py).
    selection: Selection = Selection()
    # An exception inside one page stops the run (exit 2) instead of becoming
    # an `internal-error` finding: for developers and `--strict-internal`.
    strict_internal: bool = False

    @classmethod
    def from_config(cls, config: Config, *, strict_internal: bool = False) -> RuleSettings:
        return cls(config.selection, strict_internal)

    def enabled(self, rule_id: str) -> bool:
        """Whether the rule runs: it reports in some file (`reported` keeps its findings per file)."""
        return self.selection.runs(rule_id)

    def severity(self, rule_id: str, default: str, path: str | None = None) -> Severity:
        return Severity(self.selection.severity(rule_id, default, path))

    def reported(self, findings: list[Finding], files: Iterable[DocFile]) -> list[Finding]:
        """The findings whose rule is selected in their file (overrides are per file)."""
        if not self.selection.overrides and self.selection.enabled is None:
            return findings
        opened = {file.path: file.fs_path for file in files}
        return [f for f in findings if self.selection.reports(f.rule, opened.get(f.path, f.path))]


def to_finding(rule: Rule, page: Page, hit: Hit, settings: RuleSettings) -> Finding:
    return Finding(rule=rule.ID, severity=settings.severity(rule.ID, rule.SEVERITY, page.file.fs_path),
                   message=writable(hit.message), path=page.path, line=hit.line, column=hit.column,
                   end_line=hit.end_line, locale=page.locale, page=page.file.page_id,
                   related=list(hit.related), fingerprint_key=writable(hit.fingerprint_key), edits=hit.edits,
                   act_in=hit.act_in)


def internal(page: Page, part: str, error: Exception, settings: RuleSettings,
             line: int = 1) -> Finding:
    """The `internal-error` finding for `part` of sampledrift failing on `page`
    (or, with `strict_internal`, the InternalError that stops the run)."""
    if settings.strict_internal:
        raise InternalError(f"{page.path}: {part} raised {internal_error.describe(error)}") from error
    return to_finding(internal_error, page, internal_error.hit(part, error, line), settings)


def _rule_findings(rule: Rule, page: Page, hits: Callable[[], Iterable[Hit]],
                   settings: RuleSettings) -> list[Finding]:
    """One rule's findings on one page; a rule that raises gives one
    `internal-error` there instead, and the other rules still run."""
    try:
        return [to_finding(rule, page, hit, settings) for hit in hits()]
    except Exception as error:  # noqa: BLE001 - any bug in one rule must not stop the run
        return [internal(page, f"rule `{rule.ID}`", error, settings)]


def page_findings(page: Page, settings: RuleSettings) -> list[Finding]:
    findings: list[Finding] = []
    for rule in PAGE_RULES:
        if settings.enabled(rule.ID):
            findings.extend(_rule_findings(rule, page, partial(rule.check, page), settings))
    return findings


def read_page(file: DocFile, limits: Limits = Limits(), lines: list[str] | None = None) -> Page:
    """Parse a file (or these `lines` of it) and read its samples: everything
    one page needs, in one place.

    A page whose path and layout name no locale gets the one its prose is in:
    the last step of the contract's locale order."""
    page = parse_file(file, limits) if lines is None else parse_text(file, "\n".join(lines), limits)
    if file.locale is None and page.lines and page.kind is not FileKind.NAVIGATION:
        page.detected_language = page_locale("\n".join(page.lines))
    page.samples = samples_of(page)
    facts(page)   # read here, in the worker, and kept with the page in the cache
    return page


def _read_guarded(file: DocFile, settings: RuleSettings, limits: Limits,
                  lines: list[str] | None = None) -> tuple[Page, list[Finding]]:
    """`read_page`, where a parser or extractor that raises leaves the page as
    far as it was read (or empty) with one `internal-error` finding."""
    try:
        return read_page(file, limits, lines), []
    except Exception as error:  # noqa: BLE001 - one page's failure must not stop the run
        page = Page(file=file, kind=FileKind.SOURCE, lines=[])
        return page, [internal(page, "reading the page", error, settings)]


# A file to read, and whether to run its page rules at once (not when only
# some pages will be checked: those are known once the tree is paired).
Job = tuple[DocFile, RuleSettings, Limits, bool]


class Only(Protocol):
    """Given the tree read and paired, the paths of the pages to check
    (`--changed-since`: checker/changes.py's Scope)."""

    def __call__(self, result: Result, sources: SpecSources) -> Collection[str]: ...

    def reads_every_page(self) -> bool:
        """Whether choosing them reads every page's samples (not only the pairing's facts)."""
        ...


def _process(job: Job) -> tuple[Page, list[Finding]]:
    file, settings, limits, with_rules = job
    page, failures = _read_guarded(file, settings, limits)
    return page, failures + (page_findings(page, settings) if with_rules else [])


def _entries(jobs: list[Job], store: PageCache | None, limits: Limits, stubs: bool) -> Iterator[Entry]:
    """Each job's page and findings, in job order: from the cache where it holds
    them (a stub, with `stubs`), else computed on every core (and kept)."""
    if store is None:
        return _map(jobs)
    return store.results([job[0] for job in jobs], lambda wanted: _map([jobs[i] for i in wanted]),
                         limits.max_page_size, stubs)


def _narrow(result: Result, scope: set[str], store: PageCache | None,
            jobs: dict[DocFile, Job]) -> list[Finding]:
    """Pull-request mode: the pages to check in full (a stub's page from the cache,
    or read again when its entry is gone), every other page as its stub, wherever
    the run holds them, so every report says the same with and without the
    cache; the findings of the pages loaded."""
    swapped: dict[str, Page] = {}
    findings: list[Finding] = []
    for page in result.pages:
        if page.stub and page.path in scope:
            full, page_hits = (store and store.full(page)) or _process(jobs[page.file])
            swapped[page.path] = full
            findings.extend(page_hits)
        elif not page.stub and page.path not in scope:
            swapped[page.path] = stub_of(page)
    if swapped:
        result.pages = [swapped.get(p.path, p) for p in result.pages]
        for page_set in result.page_sets:
            page_set.pages = {locale: [swapped.get(p.path, p) for p in found]
                              for locale, found in page_set.pages.items()}
    return findings


def _map(jobs: list[Job]) -> Iterator[tuple[Page, list[Finding]]]:
    """Each job's result, in job order, as it is ready (so progress can be shown)."""
    workers = int(os.environ.get("SAMPLEDRIFT_JOBS", 0)) or os.cpu_count() or 1
    if workers < 2 or len(jobs) < PARALLEL_THRESHOLD:
        yield from map(_process, jobs)
        return
    # Imported here: concurrent.futures.process brings multiprocessing (~15 ms of
    # start-up), which a serial run (one worker, or a few files) never uses.
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, len(jobs) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_process, jobs, chunksize=chunk)


@dataclass(frozen=True)
class Checked:
    """A run's result, and how to check one of its pages again as other lines
    (what the cascade measures root causes with, and `fix` checks a fix with)."""

    result: Result
    recheck: cascade.Recheck


def check_paths(paths: list[str], config: Config, **options: Any) -> Result:
    """Check the tree under `paths` (`run`'s options)."""
    return run(paths, config, **options).result


def run(paths: list[str], config: Config, *, reference_locale: str | None = None,
        specs: list[str] | None = None,
        display: tuple[str, str] | None = None,
        allow_outside: list[str] | None = None,
        strict_internal: bool = False, only: Only | None = None,
        progress: Callable[[int, int], None] | None = None,
        use_history: bool = True, cache: Cache | None = None) -> Checked:
    """Check the tree under `paths`. With `only`, every page is still read and
    paired (so the reference locale and the pairing are a full run's), but
    rules run, and findings are kept, only for the pages `only` names.
    `progress(done, total)` is called as each file is read (checker/report/progress.py);
    `use_history`: tell stale translations from broken ones by git (checker/staleness.py);
    `cache`: read what unchanged files yield from it, and keep what changed ones do."""
    # What pages, specs and symlinks may make us read (checker/confine.py).
    roots = Roots.for_run(paths, config.path, [*config.allow_outside, *(allow_outside or [])])
    sources = SpecSources.load(list(specs or []), config.specs, roots)  # a broken one: InputError
    links: list[DocFile] = []
    files = discover(paths, config, display=display, roots=roots, outside=links)
    settings = RuleSettings.from_config(config, strict_internal=strict_internal)
    pages, findings = [], []
    limits = Limits(config.max_page_size, config.max_line_length)
    # Page rules run on every page, except in pull-request mode (`only`) without
    # a cache; with one, a page's whole result is what is kept, shared by both modes.
    with_rules = only is None or cache is not None
    jobs = [(file, settings, limits, with_rules) for file in files]
    store = None if cache is None else PageCache(
        cache, cache.key(settings, limits, with_rules, langid_available()), paths)
    # Pull-request mode pairs the pages it does not check from their stubs (checker/pagecache.py).
    stubs = only is not None and not only.reads_every_page()
    for done, (page, page_hits) in enumerate(_entries(jobs, store, limits, stubs), 1):
        pages.append(page)
        findings.extend(page_hits or [])
        if progress:
            progress(done, len(files))
    compared, outside = left_out(pages)
    result = Result(files=files, pages=pages, left_out=outside + unidentified(compared))
    _pair(result, config, reference_locale)
    checked, sets = result.pages, result.page_sets
    if only is not None:
        scope = set(only(result, sources))
        findings = [f for f in findings if f.path in scope]
        findings.extend(_narrow(result, scope, store, dict(zip(files, jobs, strict=True))))
        checked = [p for p in result.pages if p.path in scope]
        sets = [s for s in sets if any(p.path in scope for found in s.pages.values() for p in found)]
        if not with_rules:
            findings.extend(f for page in checked for f in page_findings(page, settings))
        links = [link for link in links if link.path in scope]
    findings.extend(_against_specs(checked, sources, settings))
    findings.extend(_links_out(links, settings))
    cross = _cross_locale(result, sets, settings, roots, store)
    if use_history and settings.enabled(translation_outdated.ID) and len(result.locales) > 1:
        cross = _by_history(cross, result, paths, settings, limits, roots)
    findings.extend(cross)
    result.spec_files = sources.files_read()

    def recheck(page: Page, lines: list[str]) -> list[Finding]:
        return _recheck(result, page, lines, sources, settings, limits, roots)

    findings = settings.reported(findings, [*files, *links])
    findings = cascade.explain(_one_per_mistake(findings, checked, result.page_sets), checked, recheck)
    result.findings = finalise(_silenced(findings, result.pages))
    return Checked(result, recheck)


def _recheck(result: Result, page: Page, lines: list[str], sources: SpecSources,
             settings: RuleSettings, limits: Limits, roots: Roots) -> list[Finding]:
    """The findings of `page` read as `lines`, and of its page set with it:
    what the run would say once a root cause is repaired (checker/cascade.py)."""
    fixed, findings = _read_guarded(page.file, settings, limits, lines)
    findings += page_findings(fixed, settings) + _against_specs([fixed], sources, settings)
    locales = result.locales
    for page_set in result.page_sets:
        if not any(p is page for found in page_set.pages.values() for p in found):
            continue
        swapped = PageSet(page_set.key, {loc: [fixed if p is page else p for p in found]
                                         for loc, found in page_set.pages.items()},
                          page_set.how, page_set.only_in)
        findings.extend(_set_findings(result, swapped, settings, roots, locales))
    return settings.reported(findings, result.files)


def _by_history(cross: list[Finding], result: Result, paths: list[str], settings: RuleSettings,
                limits: Limits, roots: Roots) -> list[Finding]:
    """The cross-locale findings that stay, and one translation-outdated per
    page whose differences are the reference's moving on (checker/staleness.py)."""
    found, result.history = history.read(paths)
    if found is None:
        return cross

    locales = result.locales

    def rerun(page_set: PageSet) -> list[Finding]:
        return _set_findings(result, page_set, settings, roots, locales)

    def reread(page: Page, text: str) -> Page:
        return _read_guarded(page.file, settings, limits, text.split("\n"))[0]

    verdict = staleness.classify(cross, result, found, rerun, reread)
    behind = []
    for page, hit, entries in verdict.behind:
        behind.append(to_finding(translation_outdated, page, hit, settings))
        for entry in entries:   # the reports list it apart while its finding stands
            entry.finding = behind[-1]
        result.outdated.extend(entries)
    return verdict.kept + behind


def _silenced(findings: list[Finding], pages: list[Page]) -> list[Finding]:
    """Findings a `<!-- sampledrift-disable ... -->` comment of their file accepts."""
    by_path = {page.path: suppress.ranges(page.lines, suppress.fence_spans(page))
               for page in pages if page.lines}
    return [f for f in findings
            if not any(r.covers(f.line, f.rule) for r in by_path.get(f.path, []))]


def _one_per_mistake(findings: list[Finding], pages: list[Page], sets: list[PageSet]) -> list[Finding]:
    """A sample that drifted from the reference locale also disagrees with its
    sibling languages, or with its section's API block: the cross-locale
    finding says more (what the reference sends), so it stands alone. Not
    when another locale's page of the set, whose sample did not drift, has the
    same disagreement: the locales copied it, and each reports it alike."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for page in pages:
        spans[page.path] = [(s.fence.line, s.fence.end_line) for s in page.samples]
    set_of = {page.path: index for index, page_set in enumerate(sets)
              for found in page_set.pages.values() for page in found}

    def sample_at(path: str, line: int) -> tuple[str, int] | None:
        return next(((path, start) for start, end in spans.get(path, []) if start <= line <= end), None)

    cross = [f for f in findings if f.rule in CROSS_LOCALE_IDS]
    drifted = {sample_at(f.path, f.line) for f in cross} - {None}
    drifted_lines = {(f.path, f.line) for f in cross}

    def explained(finding: Finding) -> bool:
        places = [(finding.path, finding.line)] + [(r.path, r.line) for r in finding.related]
        return any(place in drifted_lines or sample_at(*place) in drifted for place in places)

    def shared(finding: Finding) -> tuple[int | None, str, str]:
        return set_of.get(finding.path), finding.rule, finding.fingerprint_key or finding.message

    superseded = [f for f in findings if f.rule in SUPERSEDED_BY_DRIFT]
    caused = {id(f) for f in superseded if explained(f)}
    copied = {shared(f) for f in superseded if id(f) not in caused and shared(f)[0] is not None}
    return [f for f in findings if id(f) not in caused or shared(f) in copied]


def _against_specs(pages: list[Page], sources: SpecSources,
                   settings: RuleSettings) -> list[Finding]:
    """Every sample against its spec: `--spec`, the config, or its block's `src`."""
    findings: list[Finding] = []
    for page in pages:
        for rule in SPEC_RULES:
            if settings.enabled(rule.ID):
                findings.extend(_rule_findings(rule, page, partial(rule.check, page, sources), settings))
    return findings


def _links_out(links: list[DocFile], settings: RuleSettings) -> list[Finding]:
    """Symlinks discovery did not follow because they lead outside the tree."""
    if not settings.enabled(path_outside_tree.ID):
        return []
    return [to_finding(path_outside_tree, Page(file=link, kind=FileKind.SOURCE, lines=[]), hit, settings)
            for link in links for hit in path_outside_tree.check_link(link)]


def _pair(result: Result, config: Config, explicit: str | None) -> None:
    """Choose the reference locale and pair pages across locales (into `result`)."""
    locales = result.locales
    wanted = [locale_tags.canonical(c) or c.lower() if c else None
              for c in (explicit, config.reference_locale)]
    if explicit and wanted[0] not in locales:
        raise InputError(f"--reference-locale {explicit} is not a locale of this tree "
                         f"(it has {', '.join(locales) or 'none'})")
    if not locales:
        return  # one locale still pairs its source with its published forms
    result.reference = choose_reference(locales, wanted[0], wanted[1])
    compared, _ = left_out(result.pages)
    result.page_sets, result.anchor = page_sets(compared, result.reference)


def _cross_locale(result: Result, sets: list[PageSet], settings: RuleSettings,
                  roots: Roots | None = None, store: PageCache | None = None) -> list[Finding]:
    """Run the rules that compare pages across locales on these page sets (or
    read a set's findings from the cache, when nothing they depend on changed)."""
    locales = result.locales
    run = (result.reference, result.anchor, locales, roots)
    found: list[Finding] = []
    for page_set in sets:
        key = store.set_key(page_set, run, roots) if store else ""
        findings = store.cache.get(key) if store and key else None
        if not isinstance(findings, list):
            findings = _set_findings(result, page_set, settings, roots, locales)
            if store and key:
                store.cache.put(key, findings)
        found.extend(findings)
    return found


def _set_findings(result: Result, page_set: PageSet, settings: RuleSettings,
                  roots: Roots | None, locales: list[str] | None = None) -> list[Finding]:
    """Every enabled cross-locale rule on one page set. `locales`: the run's
    (`result.locales`, which reads every page: computed once by callers that
    loop over page sets, not once per set)."""
    ctx = SetContext(page_set, page_set.base(result.anchor), result.reference,
                     all_locales=result.locales if locales is None else locales, roots=roots)
    hits: list[tuple[SetRule, Page, Hit]] = []
    failed: list[Finding] = []
    for rule in SET_RULES:
        if settings.enabled(rule.ID):
            try:
                hits.extend((rule, page, hit) for page, hit in list(rule.check(ctx)))
            except Exception as error:  # noqa: BLE001 - any bug in one rule must not stop the run
                failed.append(_set_rule_failed(rule, ctx, error, settings))
    # Every rule has run: a code rule's hit that a request rule's explains is
    # dropped (one mistake, one finding, at the line the value is written).
    return failed + [to_finding(rule, page, hit, settings)
                     for rule, page, hit in codetokens.settled(ctx, hits)]


def _set_rule_failed(rule: SetRule, ctx: SetContext, error: Exception, settings: RuleSettings) -> Finding:
    """A cross-locale rule that raised: one `internal-error` on the set's
    anchor page (what was compared is named there)."""
    page_set = ctx.page_set
    locale = ctx.anchor if ctx.anchor in page_set.pages else page_set.locales[0]
    others = ", ".join(loc for loc in page_set.locales if loc != locale)
    part = f"rule `{rule.ID}` (comparing with {others or 'no other locale'})"
    return internal(page_set.primary(locale), part, error, settings)


def finalise(findings: list[Finding]) -> list[Finding]:
    """Sorted as the contract says, each with its stable fingerprint.

    The fingerprint hashes the rule, the file and the offending text, plus the
    rank of that text among its repeats in the file, never the line number: a
    finding keeps its fingerprint when lines are added above it.
    """
    ordered = sorted(findings, key=Finding.sort_key)
    seen: Counter[tuple[str, str, str]] = Counter()
    for finding in ordered:
        key = (finding.rule, finding.path, finding.fingerprint_key or finding.message)
        rank = seen[key]
        seen[key] += 1
        digest = hashlib.sha256("\0".join([*key, str(rank)]).encode("utf-8")).hexdigest()
        finding.fingerprint = digest[:20]
    return ordered
