"""A sample present in one locale is absent (or extra) in another, or one of
a sample's calls is.

The French page lost its Python tab, or gained a sample the others lack, or
its JavaScript sample makes two of the reference's three requests.
Samples are aligned by section and by what they send, never by headings or
tab titles, so one sample more or less does not throw the rest out of line.
A missing sample is reported at its section in the locale that lacks it; an
extra one at the sample.

Across a published rendering (fences gone), only a sample that sends a
request is reported missing or extra: the reader recovers calls surely,
while a file tree, an output or a snippet without its statement may come
back as prose, or cut otherwise. What such blocks hold is still compared
where they were recovered.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.align import Unit
from checker.compare import language_name
from checker.model import FileKind, Page, Related, Sample
from checker.rules.base import Hit
from checker.rules.crosslocale import SetContext, describe, locales_text, odd_locales
from checker.rules.translation_leftover import code_leftovers

ID = "sample-missing"
SEVERITY = "error"
SUMMARY = "a sample or tab present in one locale and absent (or extra) in another"
KIND = "set"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset({"translation-leftover"})

_PAGE = ("## Ping\n\n{% tabs %}\n{% tab title=\"cURL\" %}\n```bash\ncurl https://api.example.com/ping\n```\n"
         "{% endtab %}\n{% tab title=\"Python\" %}\n```python\nimport requests\n"
         "requests.get(\"https://api.example.com/ping\")\n```\n{% endtab %}\n{% endtabs %}\n")
PASS = {"en/p.md": _PAGE, "ja/p.md": _PAGE.replace("title=\"cURL\"", "title=\"カール\"")}
FAIL = {"en/p.md": _PAGE,
        "ja/p.md": _PAGE.split("{% tab title=\"Python\" %}")[0] + "{% endtabs %}\n"}


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    locales = ctx.page_set.locales
    # A `__CODE_BLOCK_0__` left where the sample was: translation-leftover
    # reports it at its own line, once.
    leftovers = {loc: code_leftovers(ctx.page_set.primary(loc)) for loc in locales}
    for slot in ctx.sample_slots:
        presence = {loc: loc in slot.units for loc in locales}
        for odd in odd_locales(presence, ctx):
            present = slot.units[odd.locale if presence[odd.locale] else odd.against[0]]
            if not _surely_recovered(present.sample, ctx.page_set.primary(odd.locale),
                                     ctx.page_set.primary(odd.against[0])):
                continue
            if presence[odd.locale]:
                unit = slot.units[odd.locale]
                yield unit.page, Hit(
                    unit.sample.fence.line,
                    f"this {language_name(unit.sample)} sample of \"{unit.sample.section}\" has no "
                    f"counterpart in {locales_text(odd.against)}",
                    fingerprint_key=f"extra|{unit.sample.language}|{unit.sample.section}")
                continue
            if leftovers[odd.locale]:
                leftovers[odd.locale].pop(0)
                continue
            theirs = slot.units[odd.against[0]]
            page = ctx.page_set.primary(odd.locale)
            line = slot.section.get(odd.locale) or 1
            yield page, Hit(
                line, f"the {language_name(theirs.sample)} sample of \"{theirs.sample.section}\" "
                f"({theirs.page.path}:{theirs.sample.fence.line}) is missing in {odd.locale}",
                related=[Related(theirs.page.path, theirs.sample.fence.line, odd.against[0])],
                fingerprint_key=f"missing|{theirs.sample.language}|{theirs.sample.section}")
    yield from _calls(ctx)


def _surely_recovered(sample: Sample, *pages: Page) -> bool:
    """Whether a sample would be found on each of the pages compared: any
    sample between sources; across a published rendering, one that calls."""
    return bool(sample.requests) or all(page.kind is FileKind.SOURCE for page in pages)


def _calls(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    """A call one locale's sample makes and the same sample in another does
    not (a sample that sends nothing at all is sample-syntax's, not this)."""
    for slot in ctx.slots:
        callers = {loc: u for loc, u in slot.units.items() if u.sample.requests}
        presence = {loc: u.request is not None for loc, u in callers.items()}
        for odd in odd_locales(presence, ctx):
            unit, theirs = callers[odd.locale], callers[odd.against[0]]
            if presence[odd.locale]:
                yield unit.page, Hit(
                    unit.sample.page_line(unit.sent.lines.get("start")),
                    f"{describe(unit)} makes a call ({_call(unit)}) that it does not make in "
                    f"{locales_text(odd.against)}",
                    fingerprint_key=f"extra-call|{_call(unit)}|{unit.sample.section}")
                continue
            yield unit.page, Hit(
                unit.sample.fence.line,
                f"{describe(theirs)} ({_call(theirs)}, {theirs.page.path}:"
                f"{theirs.sample.page_line(theirs.sent.lines.get('start'))}) is missing in "
                f"{odd.locale}'s sample",
                related=[Related(theirs.page.path, theirs.sample.page_line(theirs.sent.lines.get("start")),
                                 odd.against[0])],
                fingerprint_key=f"missing-call|{_call(theirs)}|{theirs.sample.section}")


def _call(unit: Unit) -> str:
    return f"{unit.sent.method} {unit.sent.path or unit.sent.url}"
