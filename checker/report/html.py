"""`--format html`: one self-contained page a translator can read.

The page opens on a summary (counts, the reference locale, a locale x page
grid) and then shows every page with its code samples side by side across
locales, each finding under the line it points at. Filters run in the
browser with plain JavaScript; nothing is fetched.

This module only arranges what the Result holds into a view for the
template: which sample line a finding's `line` falls on, which missing
sample its `related` names. It judges nothing. Everything from a document
reaches the page through Jinja's autoescape; the one block of data the
script reads is JSON with `<`, `>` and `&` written as `\\u003c` and so on.
The page carries a Content-Security-Policy that lets only its own script
and style run (by hash), so even a slip in escaping could not run a
document's `<script>` or `onerror`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jinja2
import markupsafe
from markupsafe import Markup

from checker import __version__
from checker.align import PageSet, Slot, slots
from checker.model import Difference, FileKind, Finding, Outdated, Page, Result, Sample, Severity
from checker.report.summary import plural
from checker.resources import templates
from checker.rules import BY_ID, docs

NO_LOCALE = "(none)"   # the filter key of files with no locale: no language tag has brackets
SEVERITIES = [s.value for s in sorted(Severity, key=lambda s: -s.rank)]


# ------------------------------------------------------------------ the view

@dataclass
class Quote:
    """A line of a file, quoted so the reader sees the text without opening it."""

    path: str
    line: int
    locale: str | None
    text: str
    reference: bool = False     # the locale is the run's reference


@dataclass
class FindingView:
    id: str
    finding: Finding
    entry: str                  # DOM id of the page entry it belongs to
    locale_key: str
    compare: list[Quote] = field(default_factory=list)   # what `related` points at
    quote: Quote | None = None  # its own line, when it is not shown in a sample
    # translation-outdated: the differences the reference's moving on explains (expandable)
    differences: list[Difference] = field(default_factory=list)

    @property
    def severity(self) -> str:
        return self.finding.severity.value


@dataclass
class Line:
    number: int
    text: str
    kind: str = "code"          # "code", or "fence" for the ``` marker lines
    findings: list[FindingView] = field(default_factory=list)
    related: bool = False       # another locale's finding compares with this line

    @property
    def worst(self) -> str:
        return _worst(f.finding for f in self.findings)


@dataclass
class Cell:
    locale_key: str
    sample: Sample | None = None
    lines: list[Line] = field(default_factory=list)
    missing: list[FindingView] = field(default_factory=list)  # findings about this absence

    @property
    def findings(self) -> list[FindingView]:
        return [f for line in self.lines for f in line.findings] + self.missing


@dataclass
class Row:
    """One sample across locales (or one sample alone, off any page set)."""

    cells: list[Cell]

    @property
    def count(self) -> int:
        return sum(len(c.findings) for c in self.cells)


@dataclass
class Section:
    titles: list[str]           # per column, as each locale titles it ("" where unknown)
    rows: list[Row] = field(default_factory=list)


@dataclass
class FileRef:
    locale_key: str
    path: str
    kind: str
    how: str                    # how the page was paired ("same path", "reference", ...)


@dataclass
class Entry:
    """One logical page: a page set, or pages that are in none."""

    id: str
    label: str
    columns: list[str]          # locale keys, the anchor first
    files: list[FileRef] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    loose: list[FindingView] = field(default_factory=list)   # findings not in a sample
    findings: list[FindingView] = field(default_factory=list)

    @property
    def by_locale(self) -> dict[str, list[FindingView]]:
        found: dict[str, list[FindingView]] = defaultdict(list)
        for view in self.findings:
            found[view.locale_key].append(view)
        return found


@dataclass
class GridCell:
    locale_key: str
    present: bool               # the page exists in this locale
    count: int
    worst: str


def _worst(findings: Iterable[Finding]) -> str:
    ranked = max(findings, key=lambda f: f.severity.rank, default=None)
    return ranked.severity.value if ranked else ""


def _key(locale: str | None) -> str:
    return locale or NO_LOCALE


# ------------------------------------------------------------ building it

class _Builder:
    """Arranges one Result into entries; keeps the lookups they share."""

    def __init__(self, result: Result) -> None:
        self.result = result
        self.pages = {p.path: p for p in result.pages}
        self.views = [FindingView(f"f{i + 1}", f, "", _key(f.locale))
                      for i, f in enumerate(result.findings)]
        self.by_path: dict[str, list[FindingView]] = defaultdict(list)
        for view in self.views:
            self.by_path[view.finding.path].append(view)
            view.compare = [self._quote(r.path, r.line, r.locale) for r in view.finding.related]
        self.placed: set[str] = set()    # ids of findings already given a place
        folded: dict[int, list[Difference]] = {}
        for entry in result.behind:      # a page not translated yet: one entry per locale, one list
            folded.setdefault(id(entry.finding), entry.differences)
        for view in self.views:
            view.differences = folded.get(id(view.finding), [])

    def _quote(self, path: str, line: int, locale: str | None) -> Quote:
        page = self.pages.get(path)
        text = page.line_text(line) if page else ""
        return Quote(path, line, locale, text, locale is not None and locale == self.result.reference)

    def _own_quote(self, view: FindingView) -> Quote:
        """The finding's own line, for findings shown away from the code."""
        quote = self._quote(view.finding.path, view.finding.line, view.finding.locale)
        quote.reference = False
        return quote

    def _views_of(self, paths: Iterable[str]) -> list[FindingView]:
        return sorted((v for path in set(paths) for v in self.by_path.get(path, [])),
                      key=lambda v: int(v.id[1:]))

    # -- samples

    def _lines(self, sample: Sample) -> list[Line]:
        """The sample's code as numbered in its file, with its fence lines."""
        fence, page = sample.fence, sample.page
        code = fence.text[:-1] if fence.text.endswith("\n") else fence.text
        lines = [Line(fence.line + i, text) for i, text in enumerate(code.split("\n"))] if code else []
        if fence.fence_line < fence.line:  # a written fence, not a block recovered from a rendering
            lines.insert(0, Line(fence.fence_line, page.line_text(fence.fence_line), "fence"))
            closing = fence.end_line + 1
            if fence.closed and fence.marker and page.line_text(closing).strip().startswith(fence.marker):
                lines.append(Line(closing, page.line_text(closing), "fence"))
        for line in lines:
            for view in self.by_path.get(page.path, []):
                if view.id not in self.placed and view.finding.line == line.number:
                    line.findings.append(view)
                    self.placed.add(view.id)
        return lines

    def _cell(self, locale_key: str, sample: Sample | None) -> Cell:
        return Cell(locale_key, sample, self._lines(sample) if sample else [])

    def _mark_related(self, row: Row, views: list[FindingView]) -> None:
        """Lines another locale's finding compares with, and findings about an absent sample."""
        spans = {(c.sample.page.path, line.number): line for c in row.cells if c.sample for line in c.lines}
        for cell in row.cells:
            for view in cell.findings:
                for quote in view.compare:
                    if (quote.path, quote.line) in spans:
                        spans[(quote.path, quote.line)].related = True
        for cell in row.cells:
            if cell.sample is not None:
                continue
            for view in views:
                if (view.id not in self.placed and view.locale_key == cell.locale_key
                        and any((q.path, q.line) in spans for q in view.compare)):
                    view.quote = self._own_quote(view)
                    cell.missing.append(view)
                    self.placed.add(view.id)

    # -- entries

    def page_set_entry(self, entry_id: str, page_set: PageSet) -> Entry:
        anchor = page_set.base(self.result.anchor)
        columns = [anchor] + [loc for loc in page_set.locales if loc != anchor]
        entry = Entry(entry_id, page_set.key, columns)
        entry.files = [FileRef(loc, p.path, p.kind.value, page_set.how.get(loc, ""))
                       for loc in columns for p in page_set.pages[loc]]
        views = self._views_of(f.path for f in entry.files)
        rows: list[tuple[tuple, list[str], Row]] = []
        for slot in slots(page_set, anchor):
            row = Row([self._cell(loc, slot.units[loc].sample if loc in slot.units else None)
                       for loc in columns])
            rows.append((_section_key(slot, columns), self._titles(page_set, slot, columns), row))
        for _, _, row in rows:
            self._mark_related(row, views)
        entry.sections = _group(rows)
        return self._finish(entry)

    def _titles(self, page_set: PageSet, slot: Slot, columns: list[str]) -> list[str]:
        titles = []
        for loc in columns:
            if loc in slot.units:
                titles.append(slot.units[loc].sample.section)
                continue
            line = slot.section.get(loc, 0)
            heading = next((h.title for h in page_set.primary(loc).headings if h.line == line), "")
            titles.append(heading)
        return titles

    def lone_entry(self, entry_id: str, label: str, pages: list[Page]) -> Entry:
        columns = sorted({_key(p.locale) for p in pages})
        entry = Entry(entry_id, label, columns)
        entry.files = [FileRef(_key(p.locale), p.path, p.kind.value, "") for p in pages]
        for page in pages:
            rows = []
            for sample in (s for s in page.samples if not s.fence.chrome):
                cells = [self._cell(col, sample if col == _key(page.locale) else None) for col in columns]
                titles = [sample.section if col == _key(page.locale) else "" for col in columns]
                rows.append(((page.path, sample.section_line), titles, Row(cells)))
            entry.sections.extend(_group(rows))
        return self._finish(entry)

    def _finish(self, entry: Entry) -> Entry:
        """Every finding of the entry's files: placed in a sample, or in its list."""
        for view in self._views_of(f.path for f in entry.files):
            view.entry = entry.id
            entry.findings.append(view)
            if view.id not in self.placed:
                view.quote = self._own_quote(view)
                entry.loose.append(view)
                self.placed.add(view.id)
        return entry

    def orphan_entry(self, entry_id: str, label: str, views: list[FindingView]) -> Entry:
        """Findings on a path no page was read from: listed as they are."""
        entry = Entry(entry_id, label, sorted({v.locale_key for v in views}))
        for view in views:
            view.entry = entry.id
            view.quote = Quote(view.finding.path, view.finding.line, view.finding.locale, "")
            self.placed.add(view.id)
        entry.findings = entry.loose = list(views)
        return entry


def _section_key(slot: Slot, columns: list[str]) -> tuple:
    return tuple(slot.section.get(loc, -1) for loc in columns)


def _group(rows: list[tuple[tuple, list[str], Row]]) -> list[Section]:
    """Consecutive rows of one section (in every locale) under one heading."""
    sections: list[Section] = []
    last: tuple | None = None
    for key, titles, row in rows:
        if not sections or key != last:
            sections.append(Section(titles))
        else:
            sections[-1].titles = [old or new for old, new in zip(sections[-1].titles, titles, strict=False)]
        sections[-1].rows.append(row)
        last = key
    return sections


def build_entries(result: Result) -> list[Entry]:
    """Every page the run checked, page sets first matched, the rest on their own
    (a pull-request run pairs the pages it does not check from stubs: not shown)."""
    builder = _Builder(result)
    in_sets = {p.path for ps in result.page_sets for found in ps.pages.values() for p in found}
    plans: list[tuple[str, int, Any]] = [(ps.key, 0, ps) for ps in result.page_sets
                                         if not all(p.stub for found in ps.pages.values() for p in found)]
    lone: dict[str, list[Page]] = defaultdict(list)
    for page in sorted(result.pages, key=lambda p: p.path):
        if page.path in in_sets or page.stub:
            continue
        if page.kind is FileKind.NAVIGATION and not builder.by_path.get(page.path):
            continue
        lone[page.file.page_id].append(page)
    plans += [(label, 1, pages) for label, pages in lone.items()]
    known = in_sets | {p.path for pages in lone.values() for p in pages}
    orphans: dict[str, list[FindingView]] = defaultdict(list)
    for view in builder.views:
        if view.finding.path not in known:
            orphans[view.finding.page or view.finding.path].append(view)
    plans += [(label, 2, views) for label, views in orphans.items()]
    entries = []
    for number, (label, kind, plan) in enumerate(sorted(plans, key=lambda p: (p[0], p[1])), 1):
        entry_id = f"p{number}"
        if kind == 0:
            entries.append(builder.page_set_entry(entry_id, plan))
        elif kind == 1:
            entries.append(builder.lone_entry(entry_id, label, plan))
        else:
            entries.append(builder.orphan_entry(entry_id, label, plan))
    return entries


# --------------------------------------------------------------- summary

def grid(entries: list[Entry], locales: list[str]) -> list[tuple[Entry, list[GridCell]]]:
    """Pages with findings, one cell per locale: where drift sits at a glance."""
    rows = []
    for entry in entries:
        if not entry.findings:
            continue
        by_locale = entry.by_locale
        present = {f.locale_key for f in entry.files} | set(by_locale)
        rows.append((entry, [GridCell(loc, loc in present, len(by_locale.get(loc, [])),
                                      _worst(v.finding for v in by_locale.get(loc, [])))
                             for loc in locales]))
    return rows


@dataclass
class Behind:
    """A translation behind the reference, as the grid says it: `es +3`."""

    locale_key: str
    text: str                   # "by 3 commits", "not translated yet"
    commits: int


def _behind(entry: Outdated) -> Behind:
    if entry.kind == "not-translated":
        return Behind(_key(entry.locale), "not translated yet", entry.behind)
    by = f"by {plural(entry.behind, 'commit')}" if entry.behind else "by uncommitted changes"
    return Behind(_key(entry.locale), by, entry.behind)


def behind_by_entry(entries: list[Entry], result: Result) -> dict[str, list[Behind]]:
    """Per page of the grid, the locales behind the reference there."""
    where = {f.path: e.id for e in entries for f in e.files}
    found: dict[str, list[Behind]] = defaultdict(list)
    for outdated in result.behind:
        if outdated.path in where:
            found[where[outdated.path]].append(_behind(outdated))
    return {key: sorted(items, key=lambda b: b.locale_key) for key, items in found.items()}


def behind_by_locale(result: Result) -> dict[str, str]:
    """Per locale, the pages behind the reference and by how many commits:
    `2 pages by 3, 1 commits; 1 not translated yet`; locales with none are left out."""
    commits: dict[str, list[int]] = defaultdict(list)
    missing: Counter[str] = Counter()
    for outdated in result.behind:
        if outdated.kind == "not-translated":
            missing[_key(outdated.locale)] += 1
        else:
            commits[_key(outdated.locale)].append(outdated.behind)
    said = {}
    for loc in sorted(set(commits) | set(missing)):
        counts = commits.get(loc, [])
        parts = [f"{plural(len(counts), 'page')} by {', '.join(map(str, counts))} "
                 f"commit{'' if counts == [1] else 's'}"] if counts else []
        parts += [f"{missing[loc]} not translated yet"] if missing[loc] else []
        said[loc] = "; ".join(parts)
    return said


def rule_rows(result: Result) -> list[dict[str, Any]]:
    counts = Counter(f.rule for f in result.findings)
    worst = {rule: _worst(f for f in result.findings if f.rule == rule) for rule in counts}
    rows = []
    for rule_id in sorted(counts):
        rule = BY_ID.get(rule_id)
        rows.append({"id": rule_id, "count": counts[rule_id], "severity": worst[rule_id],
                     "summary": rule.SUMMARY if rule else "", "doc": docs.paragraphs(rule)})
    return rows


def locale_rows(result: Result, locales: list[str]) -> list[dict[str, Any]]:
    counts = Counter((_key(f.locale), f.severity.value) for f in result.findings)
    return [{"locale": loc, **{sev: counts[(loc, sev)] for sev in SEVERITIES},
             "total": sum(counts[(loc, sev)] for sev in SEVERITIES)} for loc in locales]


def _locales(result: Result) -> list[str]:
    found = set(result.locales)
    if any(p.locale is None for p in result.pages) or any(f.locale is None for f in result.findings):
        found.add(NO_LOCALE)
    anchor = result.anchor
    return ([anchor] if anchor in found else []) + sorted(found - {anchor})


def script_json(data: Any) -> Markup:
    """JSON for a `<script type="application/json">` block: nothing in it can close the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return Markup(text)  # noqa: S704 - escaped above for the script context, not HTML


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


# A code span as CommonMark reads one: the closing run of backticks is exactly
# as long as the opening one (so `` ```bash `` holds three backticks).
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def codespans(text: str) -> Markup:
    """A message with its `code` set as code: escaped first, so the spans hold
    escaped text only (escaping leaves backticks alone)."""
    escaped = str(markupsafe.escape(text))
    def code(match: re.Match[str]) -> str:
        inner = match.group(2)
        if len(inner) > 2 and inner.startswith(" ") and inner.endswith(" "):
            inner = inner[1:-1]
        return f"<code>{inner}</code>"

    return Markup(_CODE_SPAN.sub(code, escaped))  # noqa: S704


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates())), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["codespans"] = codespans
    return env


def _asset(name: str) -> str:
    """Our own CSS or JS, from a template with no variables: safe to inline and hash."""
    return environment().get_template(name).render().strip() + "\n"


def render(result: Result, *, color: bool = False) -> str:
    locales = _locales(result)
    entries = build_entries(result)
    counts = result.counts()
    style, script = _asset("_style.html.j2"), _asset("_script.html.j2")
    data = {"total": len(result.findings), "severities": SEVERITIES,
            "rules": sorted({f.rule for f in result.findings}), "locales": locales,
            "pages": {e.id: e.label for e in entries}}
    return environment().get_template("report.html.j2").render(
        version=__version__, result=result, locales=locales, entries=entries,
        counts={sev: counts[sev] for sev in SEVERITIES}, severities=SEVERITIES,
        rules=rule_rows(result), locale_rows=locale_rows(result, locales),
        grid=grid(entries, locales), reference=result.reference, anchor=result.anchor,
        behind=behind_by_entry(entries, result), behind_locale=behind_by_locale(result),
        rule_summaries={rule.ID: rule.SUMMARY for rule in BY_ID.values()},
        no_locale=NO_LOCALE, data=script_json(data),
        style=Markup(style), script=Markup(script),  # noqa: S704 - our own static assets
        csp=f"default-src 'none'; script-src {_csp_hash(script)}; style-src {_csp_hash(style)}; "
            "img-src 'none'; base-uri 'none'; form-action 'none'")
