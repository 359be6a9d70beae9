"""The data every stage hands to the next.

discover -> parse -> extract -> align -> rules -> report: each stage reads the
dataclasses below and adds to them; none reaches back to an earlier stage.
Lines and columns are 1-based; columns count characters (code points).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checker.align import PageSet


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 1, "warning": 2, "error": 3}[self.value]


class FileKind(str, Enum):
    SOURCE = "source"        # GitBook Markdown as written (or the site's .md export)
    PUBLISHED = "published"  # the rendered site as text or HTML: fences gone
    NAVIGATION = "navigation"  # SUMMARY.md, LANGS.md: structure, not a page


@dataclass(frozen=True)
class DocFile:
    """A file discovery decided to read."""

    path: str            # as the user gave it (relative stays relative), "/" separators
    fs_path: str         # what to open
    locale: str | None
    locale_source: str   # how the locale was found: config, gitbook, path, none
    page_id: str         # path under the locale root, without extension
    root: str            # the locale root (or the walked folder) it sits under
    real: str = ""       # its realpath, as discovery found it ("" when built by hand)

    @property
    def resolved(self) -> str:
        """Its realpath: what tells two names of one file apart (computed once, in discovery)."""
        return self.real or os.path.realpath(self.fs_path)


@dataclass
class Tag:
    """One `{% name attrs %}` GitBook tag as written."""

    name: str                  # as written: "tabs", "endtabs", "Tabs", "fichier"
    raw: str                   # the tag's text from `{%` to `%}` (or line end)
    line: int
    column: int
    end_line: int
    terminated: bool           # False when `%}` is missing
    attrs: dict[str, str] = field(default_factory=dict)
    args: list[str] = field(default_factory=list)   # positional values: {% include "x" %}
    attr_errors: list[str] = field(default_factory=list)
    in_published: bool = False  # seen in a published rendering, where no tag belongs


@dataclass
class Block:
    """A tag-delimited block: `{% tabs %}` ... `{% endtabs %}`, or a self-closing tag."""

    name: str                  # canonical lower-case name
    open: Tag
    close: Tag | None = None
    parent: Block | None = field(default=None, repr=False)
    children: list[Block] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.open.line

    @property
    def end_line(self) -> int:
        return self.close.end_line if self.close else self.open.end_line


@dataclass
class StructureProblem:
    """What the block builder could not fit: read by the tag rules."""

    kind: str          # "orphan-end", "unclosed", "crossed", "outside-parent"
    tag: Tag
    message: str
    other: Tag | None = None


@dataclass
class Fence:
    """A fenced code block of a source page (or a recovered block of a published one)."""

    info: str            # the info string after the fence marker
    language: str        # normalised: bash, javascript, python, json, ... or ""
    text: str            # the code, without the fence lines
    line: int            # first line of the code itself
    end_line: int        # last line of the code itself
    fence_line: int      # the opening fence line (== line for recovered blocks)
    closed: bool = True
    marker: str = "```"
    chrome: bool = False  # part of site chrome (an export footer), never a sample
    # A published Python block that lost its indentation and whose structure
    # does not say it back (a method after a nested class): what it says as
    # written cannot be judged, so it is not reported as not parsing.
    indentation_lost: bool = False
    # Rendered by the site from the spec (a GitBook OpenAPI block's request,
    # cURL and response examples), not written by an author: never a sample.
    generated: bool = False


@dataclass
class Heading:
    level: int
    title: str
    line: int


@dataclass
class Issue:
    """A problem the parser met that a rule reports (glued fences, undecodable files)."""

    kind: str
    line: int
    column: int
    message: str
    end_line: int | None = None


@dataclass
class Link:
    """What a source page points at: a Markdown link or image, an HTML `<img>`,
    or the URL of an `{% embed %}`, `{% content-ref %}` or `{% file %}` tag."""

    kind: str            # "link", "image", "embed", "content-ref", "file"
    target: str          # as written (a reference link resolved to its URL)
    line: int
    column: int = 1


@dataclass
class FrontMatter:
    """The `---` block at the top of a source page, as the parser cut it.

    `data` is the parsed mapping (None when the block does not read as one);
    `problem` says why GitBook would not read the block ("" when it would)."""

    line: int                       # the opening `---` (or the fence holding it)
    end_line: int                   # the closing `---`
    text: str                       # the lines between the markers
    data: dict[str, Any] | None = None
    key_lines: dict[str, int] = field(default_factory=dict)   # top-level key -> page line
    problem: str = ""
    problem_line: int = 0


@dataclass(frozen=True)
class PairingFacts:
    """What pairing reads of one page (checker/align.py), read from it once. A
    pull-request run with a cache pairs the whole tree from these alone and
    loads only the pages it checks (checker/engine.py)."""

    samples: int                                      # how many samples it shows
    calls: tuple[tuple[Any, int], ...]                # what its samples send, counted, sorted
    endpoints: frozenset[tuple[str, str]]             # (method, masked path) its samples call
    operations: frozenset[tuple[str, str]]            # the spec operations it documents
    code_lines: frozenset[str]                        # its code lines, as translators keep them
    url: str | None                                   # the address its head declares (a rendering)
    summary: tuple[str, ...]                          # the page ids it links, in order (SUMMARY.md)


@dataclass
class Page:
    file: DocFile
    kind: FileKind
    lines: list[str]
    tags: list[Tag] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    structure_problems: list[StructureProblem] = field(default_factory=list)
    fences: list[Fence] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)
    detected_language: str | None = None
    links: list[Link] = field(default_factory=list)       # source pages only
    front_matter: FrontMatter | None = None               # source pages only
    pairing: PairingFacts | None = None                   # once pairing has read it (align.facts)
    # Only its file, kind, API tags and pairing facts were loaded: a page a
    # pull-request run pairs but does not check (checker/engine.py).
    stub: bool = False

    @property
    def path(self) -> str:
        return self.file.path

    @property
    def locale(self) -> str | None:
        """From the path or layout; else what the page's words say."""
        return self.file.locale or self.detected_language

    def line_text(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""


@dataclass
class Request:
    """What one code sample sends: the unit drift is measured on.

    Values stay as written in the sample; placeholders are listed apart so that
    rules can tell `YOUR_TOKEN` from a real value. `lines` maps a part of the
    request ("start", "end", "method", "url", "header:content-type",
    "cookie:refresh_token", "body", "body:email", "query:limit", "status", "auth")
    to the 1-based line *within the sample* where it is
    written, so findings can point at the exact line of the page.
    """

    method: str
    url: str
    scheme: str = ""
    host: str = ""
    path: str = ""
    query: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)   # names as written
    cookies: dict[str, str] = field(default_factory=dict)
    body: Any = None                 # parsed JSON data, form dict, or raw string
    body_kind: str = ""              # "json", "form", "multipart", "raw", ""
    expected_status: list[str] = field(default_factory=list)  # "204", "2xx"
    credentials: str = ""            # fetch `credentials: 'include'` and the like
    auth: str = ""                   # `-u user:pass` / `auth=(...)`: the scheme, "basic"
    # Headers the client library adds on its own (Python `json=` sets
    # Content-Type), added to `headers` by the extractor and named here, so
    # `json=x` and an explicit header compare equal yet no finding points at a
    # line that does not exist.
    implied_headers: list[str] = field(default_factory=list)  # lower-case names
    # Body keys (flattened, `a.b`) the sample sets only under a condition
    # (`if (caption) body.caption = caption`): sent or not, both are the example.
    optional: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    # What sends it, as its language's registry entry names clients: "curl",
    # "fetch", "requests", "net/http"; how a message names the sample.
    client: str = ""

    def header(self, name: str) -> str | None:
        """Header value by case-insensitive name."""
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


@dataclass
class Sample:
    """A code sample found on a page, with what it does."""

    page: Page = field(repr=False)
    fence: Fence
    section: str           # title of the section (H2) the sample sits in
    tab: str | None        # the enclosing `{% tab title=... %}`, if any
    operation: dict[str, str] | None   # {"method": "POST", "path": "/auth/signup/", "src": ...}
    section_line: int = 0              # line of the section's heading (0: before any)
    tabs_line: int | None = None       # line of the `{% tabs %}` group holding it, if any
    requests: list[Request] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    error: str | None = None
    error_line: int | None = None      # line within the sample
    # Code spans of the prose around the sample that stand in it: the values a
    # "replace `X` with ..." hint names, in whatever language it is written.
    hinted: frozenset[str] = frozenset()
    # What the block is (checker/extract/blockkind.py): "request", "response",
    # "data" or "code". A response example's status when known ("200", "4xx"),
    # and the request it answers when its section names no operation.
    kind: str = ""
    response_status: str | None = None
    response_to: Request | None = field(default=None, repr=False)

    @property
    def language(self) -> str:
        return self.fence.language

    @property
    def request(self) -> Request | None:
        return self.requests[0] if self.requests else None

    def page_line(self, sample_line: int | None) -> int:
        """A line within the sample as a line of the page."""
        return self.fence.line + (sample_line or 1) - 1


@dataclass(frozen=True)
class Edit:
    """A repair of one file: lines `start` to `end - 1` (1-based; `start == end`
    inserts before `start`) become `lines`. What a root-cause finding proposes,
    so the engine can see which other findings the mistake causes."""

    start: int
    end: int
    lines: tuple[str, ...]
    # What the repair could not do as a translator would wish (a comment it
    # kept as the reference's because the code around it changed): said in
    # `fix`'s diff, above the change.
    note: str = ""

    def shift(self, line: int) -> int:
        """Where `line` of the file stands once the edit is made."""
        if line < self.start:
            return line
        if line < self.end:
            return self.start
        return line + len(self.lines) - (self.end - self.start)


@dataclass(frozen=True)
class Related:
    path: str
    line: int
    locale: str | None


@dataclass
class Finding:
    rule: str
    severity: Severity
    message: str
    path: str
    line: int
    column: int = 1
    end_line: int | None = None
    locale: str | None = None
    page: str | None = None
    related: list[Related] = field(default_factory=list)
    # What identifies the finding apart from its position, for the fingerprint:
    # the offending text, so the value survives lines added above it.
    fingerprint_key: str = ""
    fingerprint: str = ""
    # The repair (a fence to close, an end tag to add, a value to restore):
    # what `sampledrift fix` makes and checker/cascade.py measures root causes with.
    edits: tuple[Edit, ...] = ()
    # The locales whose translators must act on it besides the file's own: a
    # page missing in es stands at the en page, yet es must add it (--locale).
    act_in: tuple[str, ...] = ()

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule, self.message)


@dataclass(frozen=True)
class Difference:
    """One cross-locale difference a translation-outdated finding folds in:
    the finding it would have been, had the reference not simply moved on."""

    rule: str
    path: str
    line: int
    message: str


@dataclass
class Outdated:
    """A translation behind its reference page (checker/staleness.py): what
    the reports list apart from the broken findings. `kind` is "behind" (the
    page exists in `locale` and the reference changed after it) or
    "not-translated" (the reference added the page after `locale` last
    changed; `path` is then the reference page)."""

    path: str                  # where the translation-outdated finding stands
    locale: str | None         # the locale that is behind
    reference: str             # the reference locale
    reference_path: str
    behind: int                # reference commits after the translation's last change
    since_sha: str             # the oldest of them ("" when only uncommitted changes)
    since_date: str
    differences: list[Difference] = field(default_factory=list)
    kind: str = "behind"
    # The translation-outdated finding it explains: the reports list an entry
    # only while its finding is reported (a baseline or --locale may drop it).
    finding: Finding | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class ChangedScope:
    """What a `--changed-since REF` / `--changed-files` run checked."""

    since: str | None      # the REF; None for --changed-files
    pages: int             # files whose findings were checked and reported
    skipped: int           # files read (for pairing) but not checked
    everything: str = ""   # why every page was checked after all ("" when not)


@dataclass
class BaselineOutcome:
    """What `check --baseline` left out (checker/baseline.py)."""

    file: str                     # the baseline file, as named
    suppressed: list[Finding]     # findings in the baseline, sorted: not in `findings`
    stale: int                    # entries for files the run read that no longer occur


@dataclass
class Result:
    """What a run found: the files and pages read, the findings, and how pages
    were paired across locales (the reports read only this)."""

    files: list[DocFile]
    pages: list[Page]
    findings: list[Finding] = field(default_factory=list)
    page_sets: list[PageSet] = field(default_factory=list)
    reference: str | None = None     # None: consensus
    anchor: str | None = None        # the locale pages were paired against
    # (path, why) of the pages no cross-locale rule compares (a repository's README)
    left_out: list[tuple[str, str]] = field(default_factory=list)
    spec_files: set[str] = field(default_factory=set)   # realpaths of the specs read
    history: str = ""                # what git history there was to tell stale from broken
    outdated: list[Outdated] = field(default_factory=list)   # translations behind (checker/staleness.py)
    baseline: BaselineOutcome | None = None   # with `check --baseline`: what it left out
    changed: ChangedScope | None = None   # --changed-since / --changed-files: what was checked
    view_locales: tuple[str, ...] = ()    # --locale: the findings are those these locales act on

    @property
    def locales(self) -> list[str]:
        outside = {path for path, _ in self.left_out}
        return sorted({p.locale for p in self.pages if p.locale and p.path not in outside})

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
        """Every page's samples (a stub's, as its pairing facts counted them)."""
        return sum(p.pairing.samples if p.stub and p.pairing else len(p.samples) for p in self.pages)

    @property
    def behind(self) -> list[Outdated]:
        """The translations behind their reference whose finding is reported,
        in the findings' order (the list the reports show apart)."""
        rank = {id(f): i for i, f in enumerate(self.findings)}
        kept = [o for o in self.outdated if o.finding is not None and id(o.finding) in rank]
        return sorted(kept, key=lambda o: (rank[id(o.finding)], o.locale or ""))

    def counts(self) -> Counter[str]:
        return Counter(f.severity.value for f in self.findings)
