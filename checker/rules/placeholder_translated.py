"""A placeholder was translated: `YOUR_REFRESH_TOKEN` became `VOTRE_REFRESH_TOKEN`.

Placeholders are code: the reader replaces them, and the page's prose names
them ("Remplacez `YOUR_JWT_TOKEN` par ..."), so a translated one no longer
matches the prose of other locales, the spec or the team's tooling. The same
placeholder position (a header, cookie, body, query value or URL segment)
must hold the same placeholder in every locale.

Code the request extractors do not read is read too (`checker/codetokens.py`):
a string literal, a shell word, a bare URL or URL template
(`https://img.example.com/{options}/{path}`, in an unlabelled block as well)
whose placeholders differ across locales.

Which locales translated it: those that differ from the reference locale;
with no reference, those whose placeholder holds a word of their own page's
prose that no other locale's placeholder has (`VOTRE` in French prose, `DIN`
in Danish prose), else the locales that differ from the majority.

Fix: on a GitBook source page whose pairing is certain, `fix` writes the
reference's placeholder (or, with no reference, the majority's) in place of
the translated one, on the code line(s) the finding stands at, and only that
token; prose that names the placeholder ("Remplacez `VOTRE_REFRESH_TOKEN`")
is the translator's and stays. No fix with no majority, a pairing by
likeness, or a placeholder that does not stand once on its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from checker import codetokens
from checker.align import Unit
from checker.compare import flatten
from checker.extract import placeholders
from checker.model import Edit, Page
from checker.rules import value_fix
from checker.rules.base import Hit
from checker.rules.crosslocale import Odd, SetContext, describe, hit, locales_text, odd_locales, where
from checker.rules.input_too_large import long_lines

ID = "placeholder-translated"
SEVERITY = "warning"
SUMMARY = "a placeholder (`YOUR_REFRESH_TOKEN`) was translated (`VOTRE_REFRESH_TOKEN`)"
KIND = "set"
FIXABLE = True
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset({"input-too-large"})

PASS = {
    "en/t.md": "## Refresh\n\nReplace `YOUR_REFRESH_TOKEN`.\n\n```bash\n"
               "curl -X POST https://api.example.com/refresh -b 'refresh_token=YOUR_REFRESH_TOKEN'\n```\n",
    "fr/t.md": "## Rafraîchir\n\nRemplacez `YOUR_REFRESH_TOKEN` par votre jeton.\n\n```bash\n"
               "curl -X POST https://api.example.com/refresh -b 'refresh_token=YOUR_REFRESH_TOKEN'\n```\n",
}
FAIL = {
    "en/t.md": "## Refresh\n\nReplace `YOUR_REFRESH_TOKEN`.\n\n```bash\n"
               "curl -X POST https://api.example.com/refresh -b 'refresh_token=YOUR_REFRESH_TOKEN'\n```\n",
    "fr/t.md": "## Rafraîchir\n\nRemplacez `VOTRE_REFRESH_TOKEN` par votre jeton.\n\n```bash\n"
               "curl -X POST https://api.example.com/refresh -b 'refresh_token=VOTRE_REFRESH_TOKEN'\n```\n",
}

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    for slot in ctx.slots:
        units = {loc: u for loc, u in slot.units.items() if u.request is not None}
        for position, key in _positions(units):
            raw = {loc: _value(u, position) for loc, u in units.items()}
            found = {loc: _tokens(v, ctx.hinted(units[loc]), position)
                     for loc, v in raw.items() if v is not None}
            found = {loc: toks for loc, toks in found.items() if toks}
            if len(found) < 2 or len(set(found.values())) < 2:
                continue
            for odd in _translated(ctx, found, units):
                mine = ", ".join(f"`{t}`" for t in found[odd.locale])
                theirs = ", ".join(f"`{t}`" for t in found[odd.against[0]])
                page, found_hit = hit(ctx, slot, odd, key,
                                      f"{describe(units[odd.locale])} writes the placeholder {mine} in "
                                      f"{odd.locale} where {locales_text(odd.against)} "
                                      f"write{'s' if len(odd.against) == 1 else ''} "
                                      f"{theirs}: placeholders are code, keep them as written",
                                      f"placeholder:{position}")
                found_hit.edits = _edits(ctx, odd, units, key, found)
                yield page, found_hit
    for difference in codetokens.differences(ctx):
        if difference.kind == codetokens.PLACEHOLDER:
            page, found_hit = codetokens.hit_of(ctx, difference, "placeholder")
            found_hit.edits = value_fix.difference_edits(ctx, difference)
            yield page, found_hit


def _edits(ctx: SetContext, odd: Odd, units: dict[str, Unit], key: str,
           found: dict[str, tuple[str, ...]]) -> tuple[Edit, ...]:
    """The reference's placeholders in place of the odd locale's, on the line
    of the request part that holds them."""
    if not value_fix.certain(ctx, odd.locale, odd.against, odd.no_majority) \
            or value_fix.outvoted(found, odd.locale, odd.against):
        return ()
    swaps = value_fix.pairs(found[odd.locale], found[odd.against[0]])
    if not swaps:
        return ()
    mine, theirs = units[odd.locale], units[odd.against[0]]
    their_text = theirs.page.line_text(where(theirs, key))
    return value_fix.all_or_none([value_fix.line_edit(
        mine.sample, where(mine, key), swaps, value_fix.placeholder_spots, their_text)])


def _positions(units: dict[str, Unit]) -> list[tuple[str, str]]:
    """(position, line key) of every value that can hold a placeholder."""
    found = {("url", "url")}
    for unit in units.values():
        request = unit.sent
        found.update((f"header:{k.lower()}", f"header:{k.lower()}") for k in request.headers)
        found.update((f"cookie:{k}", f"cookie:{k}") for k in request.cookies)
        found.update((f"query:{k}", f"query:{k}") for k in request.query)
        found.update((f"body:{k}", f"body:{k.replace('[]', '')}") for k in flatten(request.body))
    return sorted(found)


def _value(unit: Unit, position: str) -> str | None:
    request = unit.sent
    kind, _, key = position.partition(":")
    if kind == "url":
        return request.url
    if kind == "header":
        return request.header(key)
    source = {"cookie": request.cookies, "query": request.query,
              "body": flatten(request.body)}[kind]
    value = source.get(key)
    return value if isinstance(value, str) else None


def _tokens(value: str, hinted: frozenset[str], position: str) -> tuple[str, ...]:
    return tuple(placeholders.in_text(value, hinted, url=position == "url"))


def _translated(ctx: SetContext, found: dict[str, tuple[str, ...]],
                units: dict[str, Unit]) -> Iterator[Odd]:
    if ctx.reference in found:
        yield from odd_locales(found, ctx)
        return
    words = {loc: {w.lower() for t in toks for w in _WORD.findall(t)} for loc, toks in found.items()}
    own: dict[str, set[str]] = {}
    for loc in found:
        others = set[str]().union(*(w for other, w in words.items() if other != loc))
        own[loc] = {w for w in words[loc] - others if w in _prose_words(units[loc].page)}
    translated = sorted(loc for loc, w in own.items() if w)
    if translated and len(translated) < len(found):
        untouched = sorted(set(found) - set(translated))
        for loc in translated:
            yield Odd(loc, untouched)
        return
    yield from odd_locales(found, ctx)


# Code spans and SNAKE_CASE tokens. A token starts only where a run of
# non-space, non-backtick characters starts, so a long line is read once.
_CODE_IN_PROSE = re.compile(r"`[^`]*`|(?<![^\s`])[^\s`_]*+_[^\s`]*+")


@lru_cache(maxsize=256)
def _prose_words_of(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(_CODE_IN_PROSE.sub(" ", text)))


def _prose_words(page: Page) -> frozenset[str]:
    """Words of the page outside its code blocks (and its lines too long to search)."""
    code = set(long_lines(page))
    for fence in page.fences:
        code.update(range(fence.fence_line, fence.end_line + 2))
    prose = "\n".join(line for number, line in enumerate(page.lines, 1) if number not in code)
    return _prose_words_of(prose)
