"""Sections, tab groups or API blocks differ in number or order across locales.

The French page has one `{% tabs %}` group fewer, or its `{% openapi %}`
blocks come in another order, or a section was dropped: a reader of that
locale does not get the page the others get. Compared on GitBook sources
only (a published rendering has no tags left to count).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Set

from checker.extract.samples import section_level
from checker.model import FileKind, Heading, Page
from checker.parse.blocks import walk_blocks
from checker.rules.base import Hit
from checker.rules.crosslocale import (
    SetContext,
    api_blocks,
    extra_blocks,
    locales_text,
    odd_locales,
    operation,
)
from checker.sequences import opcodes

ID = "structure-drift"
SEVERITY = "error"
SUMMARY = "sections, tab groups or API blocks differ in number or order"
KIND = "set"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset({"spec-ref-drift", "translation-only"})

_PAGE = ("# Items\n\n## List\n\n{% openapi src=\"api.yml\" path=\"/items\" method=\"get\" %}\n"
         "{% endopenapi %}\n\n## Create\n\n{% openapi src=\"api.yml\" path=\"/items\" method=\"post\" %}\n"
         "{% endopenapi %}\n")
PASS = {"en/i.md": _PAGE, "fr/i.md": _PAGE.replace("## List", "## Lister").replace("## Create", "## Créer")}
FAIL = {"en/i.md": _PAGE,
        "fr/i.md": "# Items\n\n## Créer\n\n{% openapi src=\"api.yml\" path=\"/items\" method=\"post\" %}\n"
                   "{% endopenapi %}\n\n## Lister\n\n"
                   "{% openapi src=\"api.yml\" path=\"/items\" method=\"get\" %}\n"
                   "{% endopenapi %}\n"}


def sections(page: Page, extra: Set[int] = frozenset()) -> list[Heading]:
    """The headings that cut `page` into sections, at the page's own section
    level (a translation may start its tree one level deeper): a lone H1 above
    them is the page's title, not a section; nor is a section whose API blocks
    are all `extra` (ids of blocks only this translation has: translation-only's)."""
    level = section_level(page.headings)
    cut = [h for h in page.headings if h.level <= level]
    if cut and cut[0].level == 1 and sum(h.level == 1 for h in cut) == 1:
        cut = cut[1:]
    if not extra:
        return cut
    blocks = api_blocks(page)
    ends = [h.line for h in cut[1:]] + [len(page.lines) + 1]
    return [h for h, end in zip(cut, ends, strict=False)
            if not (inside := [b for b in blocks if h.line < b.line < end])
            or not all(id(b) in extra for b in inside)]


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    pages = {loc: ctx.page_set.primary(loc) for loc in ctx.page_set.locales}
    pages = {loc: p for loc, p in pages.items() if p.kind is FileKind.SOURCE}
    if len(pages) < 2:
        return
    extra = {id(block) for _, block in extra_blocks(ctx)}  # translation-only's
    aspects: dict[str, Callable[[Page], Hashable]] = {
        "API blocks": lambda p: tuple(operation(b) for b in api_blocks(p) if id(b) not in extra),
        "tab groups": lambda p: sum(1 for b in walk_blocks(p.blocks) if b.name == "tabs"),
        "sections": lambda p: len(sections(p, extra)),
    }
    for name, value_of in aspects.items():
        values = {loc: value_of(p) for loc, p in pages.items()}
        compared = _up_to_replacement(values) if name == "API blocks" else values
        for odd in odd_locales(compared, ctx):
            mine, theirs = values[odd.locale], values[odd.against[0]]
            page = pages[odd.locale]
            line, text = _where(name, mine, theirs, page, extra)
            yield page, Hit(line, f"{text} in {odd.locale} than in {locales_text(odd.against)}"
                            if name != "API blocks" else f"{text} ({locales_text(odd.against)})",
                            fingerprint_key=f"structure|{name}")


def _up_to_replacement(values: dict[str, Hashable]) -> dict[str, Hashable]:
    """Each locale's block sequence, where one that differs from another only by
    one-for-one replacements takes that one's value: a block replaced by
    another is spec-ref-drift's; here only blocks missing, extra or moved."""
    seen: list[Hashable] = []
    result = {}
    for locale, value in sorted(values.items()):
        result[locale] = next((s for s in seen if _replaced_only(value, s)), value)
        if result[locale] is value:
            seen.append(value)
    return result


def _replaced_only(mine: Hashable, theirs: Hashable) -> bool:
    """True when two block sequences differ only by one-for-one replacements
    (same length, no block missing or moved)."""
    assert isinstance(mine, tuple) and isinstance(theirs, tuple)
    if len(theirs) != len(mine):
        return False
    ops = opcodes(theirs, mine)
    return all(tag in ("equal", "replace") and a2 - a1 == b2 - b1 for tag, a1, a2, b1, b2 in ops)


def _where(name: str, mine: Hashable, theirs: Hashable, page: Page, extra: Set[int]) -> tuple[int, str]:
    if name == "API blocks":
        assert isinstance(mine, tuple) and isinstance(theirs, tuple)
        blocks = [b for b in api_blocks(page) if id(b) not in extra]
        for index, documented in enumerate(mine):
            if index >= len(theirs) or documented != theirs[index]:
                expected = theirs[index] if index < len(theirs) else "nothing"
                return blocks[index].line, (f"API block {index + 1} is `{documented}` where the "
                                            f"others have `{expected}`")
        missing = ", ".join(f"`{op}`" for op in theirs[len(mine):])
        return (blocks[-1].line if blocks else 1), f"the API blocks {missing} are missing"
    assert isinstance(mine, int) and isinstance(theirs, int)
    if name == "sections":
        titles = [h.title for h in sections(page, extra)]
        shown = ", ".join(f'"{t}"' for t in titles[:8]) + (", ..." if len(titles) > 8 else "")
        return 1, (f"{_count(len(titles), 'section')} ({shown or 'none'}), {theirs} expected: "
                   f"{_count(abs(mine - theirs), 'section')} {'more' if mine > theirs else 'fewer'}")
    return 1, f"{abs(mine - theirs)} {'more' if mine > theirs else 'fewer'} {name}"


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
