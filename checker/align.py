"""Align: pages into page sets (one logical page across locales), then the
sections and samples of a page set into slots (one sample across locales).

Never by translated titles: pages pair by path, by their place in SUMMARY.md,
by file name, or by the API operations they call; sections by the requests
their samples send (or their `{% openapi %}` operation); samples by language
and request. Each pairing says how it was made.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from checker.extract import placeholders
from checker.langid import declared_url
from checker.model import FileKind, Page, PairingFacts, Request, Sample
from checker.parse.blocks import walk_blocks
from checker.parse.rendered.openapi import operation_of
from checker.parse.tags import API_TAGS
from checker.sequences import opcodes

# Page id -> its pages (a source and its published forms), for one locale.
ById = dict[str, list[Page]]
# Other locale's page id -> (anchor page id, how it was paired).
Pairs = dict[str, tuple[str, str]]
# Pairs one page of the other locale with one of the anchor's, saying how.
Pair = Callable[[str, str, str], None]

_COMMON_NAMES = frozenset({"README", "index", "readme"})
# A target holds no `]`: each `](` is then read up to the next `]` at most,
# so a line of `](` stays linear.
_LINK = re.compile(r"\]\(\s*+<?([^)>\]\s]++)>?(?:\s+\"[^\"]*\")?\s*\)")


@dataclass
class PageSet:
    """One logical page: its page in each locale, and how each was paired."""

    key: str                                        # the anchor's page id
    pages: dict[str, list[Page]] = field(default_factory=dict)   # locale -> pages
    how: dict[str, str] = field(default_factory=dict)            # locale -> how paired
    # The locale of a page the anchor locale has no counterpart of (a page
    # only a translation has); None for the page sets of the anchor's pages.
    only_in: str | None = None

    def base(self, anchor: str | None) -> str:
        """The locale the others of this set are aligned against: the run's
        anchor, or the set's own locale for a page only a translation has."""
        return anchor if anchor in self.pages else self.locales[0]

    def primary(self, locale: str) -> Page:
        """The page compared for a locale: its source when it has one."""
        pages = self.pages[locale]
        return next((p for p in pages if p.kind is FileKind.SOURCE), pages[0])

    def pieces(self, locale: str) -> list[Page]:
        """The primary page and, where it is a rendering, the other renderings
        of the same address (one page saved in pieces): what is compared."""
        primary = self.primary(locale)
        if primary.kind is FileKind.SOURCE:
            return [primary]
        address = facts(primary).url
        return [primary] + [p for p in self.pages[locale] if p is not primary and address
                            and facts(p).url == address]

    @property
    def locales(self) -> list[str]:
        return sorted(self.pages)


def choose_reference(locales: Sequence[str], explicit: str | None,
                     configured: str | None) -> str | None:
    """The contract's order: --reference-locale, `en` when present, the config,
    else None (consensus: the majority wins)."""
    for choice in (explicit, "en" if "en" in locales else None, configured):
        if choice:
            return choice
    return None


# ---------------------------------------------------------------- facts

def facts(page: Page) -> PairingFacts:
    """What pairing reads of `page`: read on first use and kept on it (a stub
    page comes with them, from the cache)."""
    if page.pairing is None:
        page.pairing = read_facts(page)
    return page.pairing


def stub_of(page: Page) -> Page:
    """What a pull-request run keeps of a page it does not check: its file, kind,
    detected locale, API tags (the specs it names) and pairing facts."""
    return Page(file=page.file, kind=page.kind, lines=[],
                tags=[tag for tag in page.tags if tag.name.lower() in API_TAGS],
                detected_language=page.detected_language, pairing=facts(page), stub=True)


def read_facts(page: Page) -> PairingFacts:
    calls: Counter = Counter()
    for sample in page.samples:
        for request in sample.requests:
            body = request.body if isinstance(request.body, dict) else {}
            calls[(sample.language, request.method, placeholders.mask(request.path, sample.hinted, url=True),
                   tuple(sorted(body)))] += 1
    endpoints = frozenset((r.method, placeholders.mask(r.path, s.hinted, url=True))
                          for s in page.samples for r in s.requests)
    url = declared_url("\n".join(page.lines[:HEAD_LINES])) if page.kind is not FileKind.SOURCE else None
    summary = _summary_entries(page) if page.kind is FileKind.NAVIGATION else ()
    return PairingFacts(samples=len(page.samples), calls=tuple(sorted(calls.items(), key=repr)),
                        endpoints=endpoints, operations=_page_operations(page),
                        code_lines=_page_code_lines(page), url=url, summary=summary)


def _summary_entries(page: Page) -> tuple[str, ...]:
    """Page ids a SUMMARY.md links, in order."""
    entries = []
    for line in page.lines:
        for target in _LINK.findall(line):
            if "://" in target or target.startswith("#"):
                continue
            entries.append(posixpath.splitext(posixpath.normpath(target.split("#")[0]))[0])
    return tuple(entries)


def _page_code_lines(page: Page) -> frozenset[str]:
    """The code lines of a page, which translators keep: what two pages that
    are one page share, whatever language their prose is in."""
    found = set()
    for sample in _readable([page]):
        for line in sample.fence.text.split("\n"):
            stripped = " ".join(line.split())
            if len(stripped) > 3 and not stripped.startswith(("#", "//", "/*", "*", "<!--")):
                found.add(stripped)
    return frozenset(found)


def _page_operations(page: Page) -> frozenset[tuple[str, str]]:
    """The spec operations a page documents: its API blocks' (`{% openapi
    method=... path=... %}`), or on a rendering, the requests its OpenAPI
    widgets generated (`POST /api/v1/documents/ HTTP/1.1` + `Host:`)."""
    found: set[tuple[str, str]] = set()
    for block in walk_blocks(page.blocks):
        attrs = {k.lower(): v for k, v in block.open.attrs.items()}
        if block.name in API_TAGS and attrs.get("method") and attrs.get("path"):
            found.add((attrs["method"].upper(), attrs["path"]))
    found.update((m.upper(), p) for f in page.fences if (op := operation_of(f)) for m, p in [op])
    return frozenset((method, placeholders.mask(path, frozenset(), url=True)) for method, path in found)


# ---------------------------------------------------------------- page sets

def page_sets(pages: list[Page], reference: str | None) -> tuple[list[PageSet], str | None]:
    """Page sets over the locales, and the anchor locale they were paired against."""
    by_locale: dict[str, dict[str, list[Page]]] = defaultdict(lambda: defaultdict(list))
    summaries: dict[str, list[str]] = {}
    for page in pages:
        if page.locale is None:
            continue
        if page.kind is FileKind.NAVIGATION:
            if posixpath.basename(page.path).lower() == "summary.md":
                summaries[page.locale] = list(facts(page).summary)
            continue
        by_locale[page.locale][page.file.page_id].append(page)
    if not by_locale:
        return [], None
    for pages_of_locale in by_locale.values():
        _join_published(pages_of_locale)
    anchor = reference if reference in by_locale else max(
        sorted(by_locale, reverse=True), key=lambda loc: _weight(by_locale[loc]))
    sets = {pid: PageSet(pid, {anchor: found}, {anchor: "reference" if reference else "anchor"})
            for pid, found in sorted(by_locale[anchor].items())}
    only: list[PageSet] = []
    for locale in sorted(by_locale):
        if locale == anchor:
            continue
        pairs = _pair_locale(by_locale[anchor], by_locale[locale],
                             summaries.get(anchor, []), summaries.get(locale, []))
        for other_id, found in sorted(by_locale[locale].items()):
            anchor_id, how = pairs.get(other_id, (None, ""))
            if anchor_id is None:
                # A page the anchor locale does not have: a set of its own, so
                # its in-locale comparisons (source and published forms) still run.
                only.append(PageSet(other_id, {locale: found}, {locale: only_here(anchor)},
                                    only_in=locale))
                continue
            sets[anchor_id].pages[locale] = found
            sets[anchor_id].how[locale] = how
    ordered = [sets[k] for k in sorted(sets)] + sorted(only, key=lambda s: (s.key, s.only_in or ""))
    return ordered, anchor


def only_here(anchor: str) -> str:
    """How a page only a translation has is "paired": what was tried, for the finding."""
    return (f"paired with no page of {anchor} (same path, SUMMARY.md, file name, API calls, "
            f"endpoints and code lines all failed)")


def takes_part(page: Page, rooted: bool) -> bool:
    """Whether a page is compared across locales. In a tree whose files sit
    under locale roots (`rooted`), a file outside every root (the repository's
    README, an example app's README) is not a locale's page; a rendering saved
    from the site (text or HTML, never a `.md`) takes part by its language."""
    if page.file.locale is not None or not rooted:
        return True
    markdown_named = page.path.lower().endswith((".md", ".markdown"))
    return page.kind is FileKind.PUBLISHED and not markdown_named


def left_out(pages: list[Page]) -> tuple[list[Page], list[tuple[str, str]]]:
    """The pages that take part in cross-locale rules, and (path, why) for the others."""
    rooted = any(p.file.locale is not None for p in pages)
    kept = [p for p in pages if takes_part(p, rooted)]
    why = "outside every locale root (not a locale's page; name it in the config's `locales` to compare it)"
    return kept, [(p.path, why) for p in pages if not takes_part(p, rooted)]


def _join_published(pages: dict[str, list[Page]]) -> None:
    """Within one locale, a page known only in published form (a site dump with
    its own file name) joins the source page whose samples send the same
    requests: they are one page in two forms. Published files that give the
    same address are one page saved twice or in pieces: they join first."""
    _join_pieces(pages)
    sources = {pid: found for pid, found in pages.items()
               if any(p.kind is FileKind.SOURCE for p in found)}
    for pid in sorted(pages):
        found = pages[pid]
        if pid in sources or not (mine := _api_signature(found)):
            continue
        best = max(((_similarity(mine, _api_signature(src)), sid) for sid, src in sources.items()),
                   default=(0.0, ""))
        if best[0] >= API_SIMILARITY:
            sources[best[1]].extend(found)
            del pages[pid]


def _join_pieces(pages: dict[str, list[Page]]) -> None:
    """Renderings of one locale that give the same address (`URL:` line,
    canonical link) join the first of them, by path: one page's pieces."""
    first_of: dict[str, str] = {}
    for pid in sorted(pages):
        found = pages[pid]
        if any(p.kind is FileKind.SOURCE for p in found):
            continue
        url = next((u for p in found if (u := facts(p).url)), None)
        if url is None:
            continue
        if url in first_of:
            pages[first_of[url]].extend(found)
            del pages[pid]
        else:
            first_of[url] = pid


def _similarity(mine: Counter, theirs: Counter) -> float:
    """Share of requests two pages have in common (multisets)."""
    union = sum((mine | theirs).values())
    return sum((mine & theirs).values()) / union if union else 0.0


def _weight(pages: dict[str, list[Page]]) -> tuple[int, int, int]:
    """The most complete locale anchors the pairing: pages, sources, samples."""
    flat = [p for found in pages.values() for p in found]
    return (len(pages), sum(p.kind is FileKind.SOURCE for p in flat),
            sum(facts(p).samples for p in flat))


def _pair_locale(anchor: ById, other: ById, anchor_summary: list[str], other_summary: list[str]) -> Pairs:
    """other page id -> (anchor page id, how)."""
    pairs: Pairs = {}
    taken: set[str] = set()

    def pair(other_id: str, anchor_id: str, how: str) -> None:
        if other_id in other and anchor_id in anchor and other_id not in pairs and anchor_id not in taken:
            if how != "same path" and _contradicted(anchor[anchor_id], other[other_id]):
                return  # the place says "same page", the content says otherwise
            pairs[other_id] = (anchor_id, how)
            taken.add(anchor_id)

    def by_readme_place() -> None:
        """A README whose folder has no paired page to vote: its SUMMARY.md place."""
        voted = _folder_votes(pairs)
        _pair_by_summary(anchor_summary, other_summary, pair, positional=False,
                         readmes=lambda other_id: posixpath.dirname(other_id) not in voted)

    # Strongest evidence first; position in SUMMARY.md only for what is left.
    steps: list[Callable[[], None]] = [
        lambda: _pair_by_summary(anchor_summary, other_summary, pair, positional=False),
        lambda: _pair_by_name(anchor, other, pairs, taken, pair),
        lambda: _pair_by_api(anchor, other, pairs, taken, pair),
        lambda: _pair_readmes(other, pairs, pair),
        lambda: _pair_by_summary(anchor_summary, other_summary, pair, positional=True),
        lambda: _pair_readmes(other, pairs, pair),
        by_readme_place,
        lambda: _pair_by_operations(anchor, other, pairs, taken, pair),
        lambda: _pair_by_endpoints(anchor, other, pairs, taken, pair),
        lambda: _pair_by_code(anchor, other, pairs, taken, pair),
    ]
    for page_id in other:
        pair(page_id, page_id, "same path")
    for step in steps:
        if len(pairs) == len(other):
            break   # every page paired: each step only pairs what is left (most trees: by path)
        step()
    return pairs


def _code_lines(pages: list[Page]) -> frozenset[str]:
    """The code lines of a locale's page (its source, when it has one)."""
    return facts(min(pages, key=lambda p: p.kind is not FileKind.SOURCE)).code_lines


def _contradicted(mine: list[Page], theirs: list[Page]) -> bool:
    """True when the content of two pages says they are not one page: both
    show code (which translators keep, even in a translation that fell
    behind), and they share no call and no line of it. Headings are no
    evidence against: an older translation has fewer of them."""
    code, other_code = _code_lines(mine), _code_lines(theirs)
    if len(code) < 2 or len(other_code) < 2:
        return False  # too little to judge: the place decides
    return not (code & other_code or _endpoints(mine) & _endpoints(theirs))


def _pair_by_summary(anchor_summary: list[str], other_summary: list[str], pair: Pair,
                     *, positional: bool,
                     readmes: Callable[[str], bool] | None = None) -> None:
    """Pages at matching places of the two SUMMARY.md: same file name in an
    aligned run, or (`positional`) the same position inside a gap of equal
    length. READMEs only when `readmes` accepts them, and then only they."""
    names = [posixpath.basename(e) for e in anchor_summary]
    other_names = [posixpath.basename(e) for e in other_summary]
    for tag, a1, a2, b1, b2 in opcodes(names, other_names):
        if (tag == "equal" and not positional) or (
                positional and tag == "replace" and a2 - a1 == b2 - b1):
            for offset in range(a2 - a1):
                common = names[a1 + offset] in _COMMON_NAMES
                if tag == "equal" and common != bool(readmes and readmes(other_summary[b1 + offset])):
                    # Every folder has a README: one matching a README says
                    # nothing, even at the end of a run of real names. The
                    # folder's pages decide (_pair_readmes) where they can.
                    continue
                how = "SUMMARY.md: same name, same place" if tag == "equal" else \
                    f"SUMMARY.md: entry {a1 + offset + 1} in both"
                pair(other_summary[b1 + offset], anchor_summary[a1 + offset], how)


def _folder_votes(pairs: Pairs) -> dict[str, Counter[str]]:
    """Other folder -> the anchor folders its paired pages (at any depth below
    it) stand in, counted: where each folder of a translation is."""
    folders: dict[str, Counter] = defaultdict(Counter)
    for other_id, (anchor_id, _) in pairs.items():
        mine, theirs = posixpath.dirname(other_id), posixpath.dirname(anchor_id)
        while mine and theirs:
            folders[mine][theirs] += 1
            mine, theirs = posixpath.dirname(mine), posixpath.dirname(theirs)
    return folders


def _pair_readmes(other: ById, pairs: Pairs, pair: Pair) -> None:
    """A folder's README pairs with the README of the folder its pages paired with."""
    folders = _folder_votes(pairs)
    for other_id in sorted(other):
        name = posixpath.basename(other_id)
        if other_id in pairs or name not in _COMMON_NAMES:
            continue
        votes = folders.get(posixpath.dirname(other_id))
        if votes:
            folder, _ = votes.most_common(1)[0]
            pair(other_id, posixpath.join(folder, name) if folder else name,
                 "README of the paired folder")


def _pair_by_name(anchor: ById, other: ById, pairs: Pairs, taken: set[str], pair: Pair) -> None:
    def unique_names(ids: Iterable[str]) -> dict[str, str]:
        ids = list(ids)
        counts = Counter(posixpath.basename(i) for i in ids)
        return {posixpath.basename(i): i for i in ids if counts[posixpath.basename(i)] == 1}

    free_anchor = unique_names(i for i in anchor if i not in taken)
    for name, other_id in unique_names(i for i in other if i not in pairs).items():
        if name in free_anchor and name != "README":
            pair(other_id, free_anchor[name], "same file name")


def _api_signature(pages: list[Page]) -> Counter:
    """What a locale's page sends, as a multiset: language, method, path, body keys."""
    found: Counter = Counter()
    for page in _compared(pages):
        found |= Counter(dict(facts(page).calls))   # pieces add up; a page saved twice counts once
    return found


def _compared(pages: list[Page]) -> list[Page]:
    """What of a locale's page pairing reads: its source, else every rendering
    (one page's pieces, or the same page saved twice)."""
    sources = [p for p in pages if p.kind is FileKind.SOURCE]
    return sources[:1] or pages


# How much of a page's head may give its address (an HTML page's canonical link).
HEAD_LINES = 60

# Below this share of calls in common, two pages are not the same page.
API_SIMILARITY = 0.6


def _pair_by_api(anchor: ById, other: ById, pairs: Pairs, taken: set[str], pair: Pair) -> None:
    """Pages whose samples send (nearly) the same requests, most alike first."""
    left = {i: s for i, p in anchor.items() if i not in taken and (s := _api_signature(p))}
    right = {i: s for i, p in other.items() if i not in pairs and (s := _api_signature(p))}
    scored = []
    for other_id, mine in right.items():
        for anchor_id, theirs in left.items():
            score = _similarity(mine, theirs)
            if score >= API_SIMILARITY:
                scored.append((-score, other_id, anchor_id))
    for score, other_id, anchor_id in sorted(scored):
        pair(other_id, anchor_id, f"same API calls ({-score:.0%} alike)")


def _endpoints(pages: list[Page]) -> frozenset[tuple[str, str]]:
    return frozenset().union(*(facts(page).endpoints for page in _compared(pages)))


def _pair_by_endpoints(anchor: ById, other: ById, pairs: Pairs, taken: set[str], pair: Pair) -> None:
    """Last: pages that call mostly the same endpoints, however their samples
    differ (a translation of an older version of the page). At least two
    endpoints, and one best match: many pages call one common endpoint."""
    left = {i: e for i, p in anchor.items() if i not in taken and len(e := _endpoints(p)) >= 2}
    for other_id, found in sorted(other.items()):
        mine = _endpoints(found)
        if other_id in pairs or len(mine) < 2:
            continue
        scores = sorted(((len(mine & theirs) / len(mine | theirs), anchor_id)
                         for anchor_id, theirs in left.items() if anchor_id not in taken),
                        reverse=True)
        if scores and scores[0][0] >= 0.5 and (len(scores) == 1 or scores[1][0] < scores[0][0]):
            pair(other_id, scores[0][1], f"same endpoints ({scores[0][0]:.0%} alike)")


def _operations(pages: list[Page]) -> frozenset[tuple[str, str]]:
    return frozenset().union(*(facts(page).operations for page in pages))


def _pair_by_operations(anchor: ById, other: ById, pairs: Pairs, taken: set[str], pair: Pair) -> None:
    """Pages that document the same spec operations, in source or through a
    rendered widget: on an API page even one operation (method and path) is
    strong evidence, so one page of the anchor documenting exactly the same
    ones pairs; where none does, the one most alike (at least half)."""
    left = {i: ops for i, p in anchor.items() if i not in taken and (ops := _operations(p))}
    for other_id, found in sorted(other.items()):
        mine = _operations(found)
        if other_id in pairs or not mine:
            continue
        exact = [i for i, theirs in left.items() if theirs == mine and i not in taken]
        if len(exact) == 1:
            pair(other_id, exact[0], f"same API operations ({', '.join(' '.join(o) for o in sorted(mine))})")
            continue
        scores = sorted(((len(mine & theirs) / len(mine | theirs), i)
                         for i, theirs in left.items() if i not in taken), reverse=True)
        if not exact and scores and scores[0][0] >= 0.5 and (len(scores) == 1 or scores[1][0] < scores[0][0]):
            pair(other_id, scores[0][1], f"same API operations ({scores[0][0]:.0%} alike)")


# Below this share of code lines in common, two pages that call nothing are not one page.
CODE_SIMILARITY = 0.6
MIN_CODE_LINES = 3


def _pair_by_code(anchor: ById, other: ById, pairs: Pairs, taken: set[str], pair: Pair) -> None:
    """Last of all: pages whose code blocks are mostly the same lines (an
    install guide's commands, a config file), under translated slugs with no
    SUMMARY.md to say so. Translators keep code, so its lines are the page's
    fingerprint; one best match only, a few lines at least."""
    left = {i: c for i, p in anchor.items() if i not in taken
            and len(c := _code_lines(p)) >= MIN_CODE_LINES}
    for other_id, found in sorted(other.items()):
        mine = _code_lines(found)
        if other_id in pairs or len(mine) < MIN_CODE_LINES:
            continue
        scores = sorted(((len(mine & theirs) / len(mine | theirs), anchor_id)
                         for anchor_id, theirs in left.items() if anchor_id not in taken),
                        reverse=True)
        best = scores[0] if scores else (0.0, "")
        if best[0] >= CODE_SIMILARITY and (len(scores) == 1 or scores[1][0] < best[0]):
            pair(other_id, best[1], f"same code lines ({best[0]:.0%} alike)")


# ----------------------------------------------------------------- slots

@dataclass
class Unit:
    """One request of one sample, in one locale."""

    sample: Sample
    request: Request | None

    @property
    def call(self) -> int:
        """Which of its sample's requests this is (0: the first, or the sample sends none)."""
        return next((i for i, r in enumerate(self.sample.requests) if r is self.request), 0)

    @property
    def page(self) -> Page:
        return self.sample.page

    @property
    def sent(self) -> Request:
        """The request, where the unit is known to send one (units filtered on `request`)."""
        if self.request is None:
            raise ValueError(f"the sample at {self.page.path}:{self.sample.fence.line} sends nothing")
        return self.request


@dataclass
class Slot:
    """One sample across locales: locale -> its unit (absent where missing)."""

    units: dict[str, Unit] = field(default_factory=dict)
    section: dict[str, int] = field(default_factory=dict)   # locale -> section heading line


def signature(sample: Sample, *, masked: bool = True) -> tuple[Hashable, ...]:
    """What a sample is, for alignment: its language and where it calls
    (`masked`: placeholders as placeholders, however spelled); for code that
    calls nothing (shell commands, JSON), its first line of code, which is not
    translated (comments are skipped: they may be)."""
    calls = tuple((r.method, placeholders.mask(r.path, sample.hinted, url=True) if masked else r.path)
                  for r in sample.requests)
    if calls:
        return (sample.language, calls)
    return (sample.language, _first_code_line(sample.fence.text))


def _written(sample: Sample) -> tuple[Hashable, ...]:
    return signature(sample, masked=False)


def _first_code_line(text: str) -> str:
    for line in text.split("\n"):
        stripped = " ".join(line.split())
        if stripped and not stripped.startswith(("#", "//", "/*", "*", "<!--")):
            return stripped
    return ""


def _readable(pages: list[Page]) -> list[Sample]:
    """The samples of a page (in pieces: of each, in order) that are aligned:
    every code block but chrome."""
    return [s for page in pages for s in page.samples if not s.fence.chrome]


def _compatible(a: Sample, b: Sample) -> bool:
    """Same language, or one block says none (```` ``` ```` against ```` ```bash ````)."""
    return a.language == b.language or not a.language or not b.language


def _align(left: list[Sample], right: list[Sample],
           key: Callable[[Sample], Hashable]) -> list[tuple[int | None, int | None]]:
    """Index pairs aligning two sequences: equal keys first, then same-size gaps
    position by position; what remains pairs with None."""
    pairs: list[tuple[int | None, int | None]] = []
    for tag, a1, a2, b1, b2 in opcodes([key(x) for x in left], [key(x) for x in right]):
        if tag == "equal" or (tag == "replace" and a2 - a1 == b2 - b1):
            pairs.extend((a1 + i, b1 + i) for i in range(a2 - a1))
        else:
            pairs.extend((a, None) for a in range(a1, a2))
            pairs.extend((None, b) for b in range(b1, b2))
    return pairs


def _align_samples(left: list[Sample], right: list[Sample]) -> list[tuple[Sample | None, Sample | None]]:
    """Samples of two pages: those that call alike as written, in order; then,
    in what is left, those alike once placeholders are masked, then those of
    one language; so a drifted sample still meets its counterpart and one
    sample more or less does not shift the rest."""
    pairs = [(left[a] if a is not None else None, right[b] if b is not None else None)
             for a, b in _align(left, right, _written)]
    used: set[int] = set()
    # Code is not translated: a translation's sample is written as its
    # original was. Masked alike first would pair a page's many calls of one
    # endpoint (`upsert/your_id`, `upsert/<id>`) in order, not by what they say.
    for same in (lambda a, b: signature(a) == signature(b), _compatible):
        lone_left = [(i, a) for i, (a, b) in enumerate(pairs) if a is not None and b is None]
        lone_right = [(j, b) for j, (a, b) in enumerate(pairs)
                      if a is None and b is not None and j not in used]
        for i, sample in lone_left:
            match = next(((j, theirs) for j, theirs in lone_right if j not in used
                          and same(sample, theirs)), None)
            if match is not None:
                used.add(match[0])
                pairs[i] = (sample, match[1])
    return [p for j, p in enumerate(pairs) if j not in used]


def slots(page_set: PageSet, anchor: str) -> list[Slot]:
    """Every sample of the page set, aligned across locales against the anchor
    (each unit holds its sample's first request, if any)."""
    anchor_samples = _readable(page_set.pieces(anchor))
    result = [Slot({anchor: Unit(s, s.request)}, {anchor: s.section_line}) for s in anchor_samples]
    by_anchor = {id(s): slot for s, slot in zip(anchor_samples, result, strict=True)}
    for locale in page_set.locales:
        if locale == anchor:
            continue
        section = 0  # where a missing sample would stand: the section of the last match
        for mine, theirs in _align_samples(anchor_samples, _readable(page_set.pieces(locale))):
            slot = by_anchor[id(mine)] if mine is not None else None
            if theirs is None:
                if slot is not None:
                    slot.section[locale] = section
                continue
            section = theirs.section_line
            if slot is None:
                slot = Slot()
                result.append(slot)
            slot.section[locale] = section
            slot.units[locale] = Unit(theirs, theirs.request)
    return result


def calls(sample_slots: list[Slot], anchor: str) -> list[Slot]:
    """Every request of every sample slot, aligned across locales: one slot per
    call. A sample that sends nothing anywhere stays one slot of units without
    a request; a locale whose sample sends nothing stands in the first call; a
    locale whose sample lacks one of the calls stands in its slot with none."""
    result: list[Slot] = []
    for slot in sample_slots:
        sent = {loc: u.sample.requests for loc, u in slot.units.items() if u.sample.requests}
        if not sent:
            result.append(slot)
            continue
        base = anchor if anchor in sent else sorted(sent)[0]
        rows = [Slot({base: Unit(slot.units[base].sample, r)}, dict(slot.section))
                for r in sent[base]]
        for locale, unit in sorted(slot.units.items()):
            if locale == base:
                continue
            if locale not in sent:
                rows[0].units[locale] = unit
                continue
            for mine, theirs in _align_requests(sent[base], sent[locale]):
                if mine is None:
                    rows.append(Slot({}, dict(slot.section)))
                    mine = len(rows) - 1
                if theirs is not None:
                    rows[mine].units[locale] = Unit(unit.sample, sent[locale][theirs])
        # A sample that sends requests but not this one stands in the slot
        # without a request: the call is missing there (sample-missing's).
        for row in rows:
            for locale in sent:
                row.units.setdefault(locale, Unit(slot.units[locale].sample, None))
        result.extend(rows)
    return result


def _call_key(request: Request) -> tuple[str, str]:
    return (request.method, placeholders.mask(request.path, frozenset(), url=True))


def _align_requests(mine: list[Request], theirs: list[Request]) -> list[tuple[int | None, int | None]]:
    """Index pairs of two samples' requests: in order where they call alike;
    then a call that moved pairs with the same endpoint wherever it stands (a
    reordered pair is not drift); then what remains, position by position."""
    keys_mine, keys_theirs = [_call_key(r) for r in mine], [_call_key(r) for r in theirs]
    pairs: list[tuple[int | None, int | None]] = []
    for tag, a1, a2, b1, b2 in opcodes(keys_mine, keys_theirs):
        if tag == "equal":
            pairs.extend((a1 + i, b1 + i) for i in range(a2 - a1))
        else:
            pairs.extend((a, None) for a in range(a1, a2))
            pairs.extend((None, b) for b in range(b1, b2))
    for same in (lambda a, b: keys_mine[a] == keys_theirs[b], lambda a, b: True):
        lone = [j for j, (a, b) in enumerate(pairs) if a is None and b is not None]
        for i, (a, b) in enumerate(pairs):
            if a is None or b is not None:
                continue
            match = next((j for j in lone if pairs[j][1] is not None and same(a, pairs[j][1])), None)
            if match is not None:
                pairs[i] = (a, pairs[match][1])
                pairs[match] = (None, None)
                lone.remove(match)
    return [p for p in pairs if p != (None, None)]
