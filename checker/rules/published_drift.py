"""A published rendering of a page differs from its source.

Where a locale has both the GitBook source of a page and a published form
(the site as text or HTML), the published code must be the source's code:
the same samples in the same order, each sending the same request. A
difference means the site is stale (the source changed and was not
published) or the source is broken where the site was built from it. The
finding stands in the published file; the source's line is related. An
address the site shows as `[email protected]` is `email-obfuscated`'s, not
a difference.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.align import _align_samples
from checker.compare import language_name, request_differences
from checker.model import FileKind, Page, Related, Sample
from checker.rules.base import Hit
from checker.rules.crosslocale import SetContext

ID = "published-drift"
SEVERITY = "error"
SUMMARY = "a published rendering of a page differs from its source"
KIND = "set"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset({"email-obfuscated"})

PASS = {
    "fr/ping.md": "## Ping\n\n```bash\ncurl -X POST https://api.example.com/ping\n```\n",
    "fr/ping.txt": "Ping\n\ncurl -X POST https://api.example.com/ping\n",
}
FAIL = {
    "fr/ping.md": "## Ping\n\n```bash\ncurl -X POST https://api.example.com/ping\n```\n",
    "fr/ping.txt": "Ping\n\ncurl -X GET https://api.example.com/pong\n",
}


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    for _, pages in sorted(ctx.page_set.pages.items()):
        sources = [p for p in pages if p.kind is FileKind.SOURCE]
        if not sources:
            continue
        for published in (p for p in pages if p.kind is FileKind.PUBLISHED):
            yield from _compare(sources[0], published)


def _compare(source: Page, published: Page) -> Iterator[tuple[Page, Hit]]:
    mine = [s for s in source.samples if not s.fence.chrome]
    theirs = [s for s in published.samples if not s.fence.chrome]
    for a, b in _align_samples(mine, theirs):
        if a is not None and b is not None:
            yield from _requests(source, published, a, b)
        elif a is not None:
            line = _near(published, a, mine, theirs)
            yield published, Hit(line, f"the {language_name(a)} sample of \"{a.section}\" "
                                 f"({source.path}:{a.fence.line}) is not on the published page",
                                 related=[_at(source, a.fence.line)],
                                 fingerprint_key=f"missing|{a.fence.text}")
        elif b is not None:
            yield published, Hit(b.fence.line, f"this {language_name(b)} sample is on the published "
                                 f"page but not in the source ({source.path})",
                                 fingerprint_key=f"extra|{b.fence.text}")


def _requests(source: Page, published: Page, a: Sample, b: Sample) -> Iterator[tuple[Page, Hit]]:
    for index, (left, right) in enumerate(zip(a.requests, b.requests, strict=False)):
        for now, key, was in request_differences(left, right):
            line = b.page_line(right.lines.get(key) or right.lines.get("start"))
            yield published, Hit(
                line, f"the published {language_name(b)} sample sends {now} where the source "
                f"({source.path}:{a.page_line(left.lines.get(key) or left.lines.get('start'))}) "
                f"sends {was}", related=[_at(source, a.fence.line)],
                fingerprint_key=f"{key}|{index}|{a.fence.text[:200]}")
    if len(a.requests) != len(b.requests):
        yield published, Hit(b.fence.line, f"the published {language_name(b)} sample sends "
                             f"{len(b.requests)} request(s), the source's {len(a.requests)}",
                             related=[_at(source, a.fence.line)],
                             fingerprint_key=f"count|{a.fence.text[:200]}")


def _near(published: Page, missing: Sample, mine: list[Sample], theirs: list[Sample]) -> int:
    """Where a missing sample would stand: after the published counterpart of
    the sample before it, else the top of the page."""
    index = mine.index(missing)
    if 0 < index <= len(theirs):
        return theirs[min(index, len(theirs)) - 1].fence.end_line
    return 1


def _at(page: Page, line: int) -> Related:
    return Related(page.path, line, page.locale)
