"""Page -> its code samples, each placed (section, tab, API operation) and read.

A sample is a code block that is not site chrome. Its section is the
heading of the page's section level above it (the H2s under an H1 title),
its tab the `{% tab title=... %}` around it, its operation the `{% openapi %}`
/ `{% swagger %}` / `{% openapi-operation %}` block of its section. The
request comes from the extractor of its language; the placeholders from the
request's values and the prose around the sample.
"""

from __future__ import annotations

import re
from typing import Generic, TypeVar

from checker import languages, nesting
from checker.extract import blockkind, placeholders, rawhttp
from checker.extract.base import Extraction, Extractor
from checker.model import Block, Fence, FileKind, Heading, Page, Sample
from checker.parse.blocks import walk_blocks
from checker.parse.rendered.openapi import operation_of
from checker.parse.tags import API_TAGS

# Languages where `<name>` in a value position is a placeholder, never code.
BARE_PLACEHOLDER_LANGUAGES = frozenset({"python", "javascript"})

# What a body nested beyond `nesting.MAX_DEPTH` is compared as.
DEEP_BODY = "<nested too deep>"

# How far around a sample its "replace `X` with ..." hint may stand.
HINT_WINDOW = 12


def samples_of(page: Page) -> list[Sample]:
    fences = [f for f in page.fences if not f.chrome and not f.generated]
    level = section_level(page.headings)
    # What says which operation a section documents: its API tag, or on a
    # published page the request the site's OpenAPI widget rendered, where
    # the page's headings still say where its section ends (a text dump that
    # lost them cannot tell which samples are the widget's).
    api_blocks: list[Block | Fence] = [b for b in walk_blocks(page.blocks) if b.name in API_TAGS]
    if any(h.level > 1 for h in page.headings):
        api_blocks += [f for f in page.fences if operation_of(f) is not None]
    tabs = [b for b in walk_blocks(page.blocks) if b.name == "tab"]
    groups = [b for b in walk_blocks(page.blocks) if b.name == "tabs"]
    samples = []
    # One forward sweep each: a page of 50,000 samples stays linear.
    section_of = _LastBefore([h for h in page.headings if h.level <= level])
    block_of = _LastBefore(api_blocks)
    in_group, in_tab = _Innermost(groups), _Innermost(tabs)
    for index, fence in enumerate(fences):
        heading = section_of.at(fence.line)
        group = in_group.at(fence.line)
        tab = in_tab.at(fence.line)
        sample = Sample(page=page, fence=fence, section=heading.title if heading else "",
                        tab=tab.open.attrs.get("title") if tab else None,
                        operation=_operation(block_of.at(fence.line), heading),
                        section_line=heading.line if heading else 0,
                        tabs_line=group.line if group else None)
        _read(sample, page, fences, index)
        samples.append(sample)
    blockkind.mark_responses(page, samples)
    return samples


# `[^\S\n]*`, not `\s*`: from every line start, `\s*` would run over all the blank lines below.
_UNLABELLED_CURL = re.compile(r"^[^\S\n]*(?:\$\s+)?(?:sudo\s+)?curl\s", re.MULTILINE)


def reading_language(fence: Fence) -> str:
    """The language a sample is read in: its fence's, or for a fence that names
    none, raw HTTP when its first line is a request line (`POST /v1 HTTP/1.1`),
    shell when a line starts with a curl command."""
    if not fence.language and rawhttp.starts_request(fence.text):
        return "http"
    if not fence.language and _UNLABELLED_CURL.search(fence.text):
        return "bash"
    return fence.language


def read_code(language: str, code: str) -> Extraction:
    """What every extractor of a language reads from a sample: their requests,
    in the order the sample makes them, and the first one's parse error."""
    readers = languages.extractors(language)
    if not readers:
        return Extraction()
    readings = [_extract(reader, language, code) for reader in readers]
    requests = sorted((r for reading in readings for r in reading.requests),
                      key=lambda request: request.lines.get("start", 0))
    failed = next((reading for reading in readings if reading.error), None)
    return Extraction(requests=requests, error=failed.error if failed else None,
                      error_line=failed.error_line if failed else None)


def _extract(reader: Extractor, language: str, code: str) -> Extraction:
    extraction = reader.extract(code)
    if extraction.error and language in BARE_PLACEHOLDER_LANGUAGES:
        quoted = placeholders.quote_bare(code)
        if quoted != code:
            retry = reader.extract(quoted)
            extraction = retry if not retry.error else extraction
    return extraction


def _read(sample: Sample, page: Page, fences: list[Fence], index: int) -> None:
    extraction = read_code(reading_language(sample.fence), sample.fence.text)
    sample.requests = extraction.requests
    sample.error, sample.error_line = extraction.error, extraction.error_line
    _stop_deep_bodies(sample)
    hinted = placeholders.hinted_tokens(_prose_around(page, fences, index), sample.fence.text,
                                        published=page.kind is FileKind.PUBLISHED)
    found = set()
    for request in sample.requests:
        found.update(placeholders.of_request(request, hinted))
    sample.placeholders = sorted(found)
    sample.hinted = hinted
    sample.kind = blockkind.kind_of(sample)


def _stop_deep_bodies(sample: Sample) -> None:
    """A body nested beyond reason is not compared (every walker of it would
    overflow the stack): it stands as one opaque value, and the sample says why."""
    for request in sample.requests:
        if nesting.deeper_than(request.body):
            request.body, request.body_kind = DEEP_BODY, "raw"
            if sample.error is None:
                sample.error = (f"its body nests more than {nesting.MAX_DEPTH} levels deep, "
                                "too deep to read")
                sample.error_line = request.lines.get("body") or request.lines.get("start")


def _prose_around(page: Page, fences: list[Fence], index: int) -> str:
    """The lines between this sample and its neighbours, within a window."""
    fence = fences[index]
    start = fences[index - 1].end_line + 2 if index else 1
    end = fences[index + 1].fence_line - 1 if index + 1 < len(fences) else len(page.lines)
    before = page.lines[max(start, fence.fence_line - HINT_WINDOW) - 1:fence.fence_line - 1]
    after = page.lines[fence.end_line + 1:min(end, fence.end_line + 1 + HINT_WINDOW)]
    return "\n".join(before + after)


def section_level(headings: list[Heading]) -> int:
    """The heading level that cuts a page into sections: H2 under an H1 title."""
    levels = [h.level for h in headings]
    if levels and levels[0] == 1 and levels.count(1) == 1:
        levels = levels[1:]
    return min(levels, default=1)


_Lined = TypeVar("_Lined", Heading, Block, Fence, "Block | Fence")


class _LastBefore(Generic[_Lined]):
    """The last of `items` that starts above a line, asked for lines in
    increasing order (one pointer moving down the page)."""

    def __init__(self, items: list[_Lined]) -> None:
        self.items: list[_Lined] = sorted(items, key=lambda item: item.line)
        self.count = 0

    def at(self, line: int) -> _Lined | None:
        while self.count < len(self.items) and self.items[self.count].line < line:
            self.count += 1
        return self.items[self.count - 1] if self.count else None


class _Innermost:
    """The innermost of `blocks` (in document order) around a line, asked for
    lines in increasing order: a block closed above one line is closed above
    every later one, so it leaves the stack for good."""

    def __init__(self, blocks: list[Block]) -> None:
        self.pending = sorted(blocks, key=lambda b: b.line, reverse=True)
        self.open: list[Block] = []

    def at(self, line: int) -> Block | None:
        while self.pending and self.pending[-1].line < line:
            self.open.append(self.pending.pop())
        while self.open and self.open[-1].close is not None and self.open[-1].close.line <= line:
            self.open.pop()
        return self.open[-1] if self.open else None


def _operation(block: Block | Fence | None, heading: Heading | None) -> dict[str, str] | None:
    """The API block above a sample in its own section: the operation it shows."""
    if block is None or block.line <= (heading.line if heading else 0):
        return None
    if isinstance(block, Fence):
        method, path = operation_of(block) or ("", "")
        return {"method": method, "path": path, "tag": "openapi-rendered", "line": str(block.line)}
    attrs = {key.lower(): value for key, value in block.open.attrs.items()}
    operation = {"method": attrs.get("method", "").upper(), "path": attrs.get("path", "")}
    for key in ("src", "spec"):
        if key in attrs:
            operation[key] = attrs[key]
    operation["tag"] = block.name
    operation["line"] = str(block.line)
    return operation
