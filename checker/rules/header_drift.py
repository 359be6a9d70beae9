"""Header or cookie names, or their values, differ across locales.

A header one locale sends and another drops (`Authorization`, `x-api-key`),
a cookie gone, or a value changed (`Content-Type: text/plain`). Names are
compared without case; placeholder values (`Bearer YOUR_TOKEN`) match any
placeholder; a Content-Type implied by the client library (`json=`) counts as
sent. Beyond aligned samples, a header the reference's samples send to an
endpoint that none of a locale's samples to that endpoint sends is reported
once for the page (an older translation that never shows how to
authenticate). A fetch sample with `credentials: 'include'` sends the browser's
cookies, so its cookies are not compared.

Fix: `fix` re-syncs the sample's code from the reference, carrying over
its comments and printed text, as `sampledrift rules code-drift` says (and
under the same conditions). The page-wide finding (no sample on the page
sends a header) carries no fix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from checker.align import Slot
from checker.compare import View
from checker.extract import placeholders
from checker.model import Page, Related
from checker.rules.base import Hit
from checker.rules.crosslocale import SetContext, describe, hit, key_presence, locales_text, odd_locales
from checker.rules.resync import with_edit

ID = "header-drift"
SEVERITY = "error"
SUMMARY = "header or cookie names, or their non-placeholder values, differ"
KIND = "set"
FIXABLE = True
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

PASS = {
    "en/d.md": "## Docs\n\n```bash\ncurl https://api.example.com/docs \\\n"
               "  -H 'x-api-key: YOUR_API_KEY' -H 'Accept: application/json'\n```\n",
    "de/d.md": "## Dokumente\n\n```bash\ncurl https://api.example.com/docs \\\n"
               "  -H 'X-Api-Key: <api-key>' -H 'accept: application/json'\n```\n",
}
FAIL = {
    "en/d.md": "## Docs\n\n```bash\ncurl https://api.example.com/docs \\\n"
               "  -H 'x-api-key: YOUR_API_KEY' -H 'Accept: application/json'\n```\n",
    "de/d.md": "## Dokumente\n\n```bash\ncurl https://api.example.com/docs \\\n"
               "  -H 'Accept: text/html'\n```\n",
}


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    reported: set[tuple[str, str]] = set()
    for slot in ctx.slots:
        for page, found in _names(ctx, slot, "header"):
            reported.add((page.locale or "", found.fingerprint_key.split("|")[0]))
            yield page, found
        if not any(u.request and ctx.view(u).browser_cookies for u in slot.units.values()):
            yield from _names(ctx, slot, "cookie")
        yield from _values(ctx, slot)
    yield from _page_wide(ctx, reported)


def _page_wide(ctx: SetContext, reported: set[tuple[str, str]]) -> Iterator[tuple[Page, Hit]]:
    """A header the reference's samples send to an endpoint and none of a
    locale's samples to that endpoint sends: reported once per page, even when
    the samples that carried it are missing altogether (an older translation
    that never shows how to authenticate)."""
    base = ctx.reference if ctx.reference in ctx.page_set.pages else ctx.anchor
    if base not in ctx.page_set.pages:
        return
    # Every locale's prose hints at once: an endpoint is masked alike on both
    # pages, so a hint in one locale's prose never splits it in two.
    hints = frozenset().union(*(s.hinted for loc in ctx.page_set.locales
                                for s in ctx.page_set.primary(loc).samples))
    theirs = _headers_by_endpoint(ctx.page_set.primary(base), hints)
    for locale in ctx.page_set.locales:
        if locale == base:
            continue
        page = ctx.page_set.primary(locale)
        mine = _headers_by_endpoint(page, hints)
        for endpoint in sorted(set(mine) & set(theirs)):
            for name in sorted(set(theirs[endpoint][0]) - set(mine[endpoint][0])):
                if (locale, f"header:{name}") in reported:
                    continue
                reported.add((locale, f"header:{name}"))
                written, where, path = theirs[endpoint][0][name], mine[endpoint][1], mine[endpoint][3]
                yield page, Hit(where, f"no sample on this page sends the header `{written}` to "
                                f"{endpoint[0]} {path}; {base}'s samples do",
                                related=[Related(ctx.page_set.primary(base).path,
                                                 theirs[endpoint][2][name], base)],
                                fingerprint_key=f"header:{name}|page|{endpoint}")


def _headers_by_endpoint(page: Page, hints: frozenset[str],
                         ) -> dict[tuple[str, str], tuple[dict[str, str], int, dict[str, int], str]]:
    """(method, endpoint) -> (header names sent, as written; the page line of the
    first request there; the line each header is first written at; the path as
    the first request writes it)."""
    found: dict[tuple[str, str], tuple[dict[str, str], int, dict[str, int], str]] = {}
    for sample in page.samples:
        for request in sample.requests:
            key = (request.method, placeholders.mask(request.path, hints, url=True))
            start = sample.page_line(request.lines.get("start"))
            names, first, lines, _ = found.setdefault(key, ({}, start, {}, request.path))
            for name in request.headers:
                if name.lower() not in request.implied_headers:
                    names.setdefault(name.lower(), name)
                    lines.setdefault(name.lower(),
                                     sample.page_line(request.lines.get(f"header:{name.lower()}")))
    return found


def _names(ctx: SetContext, slot: Slot, kind: str) -> Iterator[tuple[Page, Hit]]:
    keys_of: Callable[[View], dict[str, str]] = (
        (lambda v: v.headers) if kind == "header" else (lambda v: v.cookies))
    for key, odd, has in key_presence(ctx, slot, keys_of):
        unit = slot.units[odd.locale]
        shown = _shown(slot, key, kind)
        if has:
            message = (f"{describe(unit)} sends the {kind} `{shown}` in {odd.locale}; "
                       f"{locales_text(odd.against)} do{'es' if len(odd.against) == 1 else ''} not")
        else:
            message = (f"{describe(unit)} does not send the {kind} `{shown}` in {odd.locale}; "
                       f"{locales_text(odd.against)} send{'s' if len(odd.against) == 1 else ''} it")
        yield with_edit(ctx, slot, odd.locale,
                        hit(ctx, slot, odd, f"{kind}:{key}" if has else None, message, f"{kind}:{key}"))


def _shown(slot: Slot, key: str, kind: str) -> str:
    if kind == "cookie":
        return key
    for unit in slot.units.values():
        for name in (unit.request.headers if unit.request else {}):
            if name.lower() == key:
                return name
    return key


def _values(ctx: SetContext, slot: Slot) -> Iterator[tuple[Page, Hit]]:
    requests = {loc: u.request for loc, u in slot.units.items() if u.request}
    names = {k for loc in requests for k in ctx.view(slot.units[loc]).headers}
    for name in sorted(names):
        values = {loc: value for loc in requests
                  if (value := ctx.view(slot.units[loc]).headers.get(name, _ABSENT)) is not _ABSENT}
        for odd in odd_locales(values, ctx):
            unit = slot.units[odd.locale]
            shown = _shown(slot, name, "header")
            raw = requests[odd.locale].header(name)
            other = requests[odd.against[0]].header(name)
            yield with_edit(ctx, slot, odd.locale, hit(ctx, slot, odd, f"header:{name}",
                      f"{describe(unit)} sends `{shown}: {raw}` in {odd.locale}, "
                      f"`{shown}: {other}` in {locales_text(odd.against)}", f"header-value:{name}"))


_ABSENT = "\0absent"
