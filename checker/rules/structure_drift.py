"""Sections, tab groups or API blocks differ in number or order across locales.

The French page has one `{% tabs %}` group fewer, or its `{% openapi %}`
blocks come in another order, or a section was dropped: a reader of that
locale does not get the page the others get. Compared on GitBook sources
only (a published rendering has no tags left to count).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from difflib import SequenceMatcher

from checker.extract.samples import section_level
from checker.model import Block, FileKind, Heading, Page
from checker.parse.tags import API_TAGS
from checker.rules.base import Hit
from checker.rules.crosslocale import SetContext, locales_text, odd_locales

ID = "structure-drift"
SEVERITY = "error"
SUMMARY = "sections, tab groups or API blocks differ in number or order"

_PAGE = ("# Items\n\n## List\n\n{% openapi src=\"api.yml\" path=\"/items\" method=\"get\" %}\n"
         "{% endopenapi %}\n\n## Create\n\n{% openapi src=\"api.yml\" path=\"/items\" method=\"post\" %}\n"
         "{% endopenapi %}\n")
PASS = {"en/i.md": _PAGE, "fr/i.md": _PAGE.replace("## List", "## Lister").replace("## Create", "## Créer")}
FAIL = {"en/i.md": _PAGE,
        "fr/i.md": "# Items\n\n## Créer\n\n{% openapi src=\"api.yml\" path=\"/items\" method=\"post\" %}\n"
                   "{% endopenapi %}\n\n## Lister\n\n{% openapi src=\"api.yml\" path=\"/items\" method=\"get\" %}\n"
                   "{% endopenapi %}\n"}


def _walk(blocks: list[Block]) -> Iterator[Block]:
    """Every block in document order, without recursion (nesting may be absurd)."""
    stack = list(reversed(blocks))
    while stack:
        block = stack.pop()
        yield block
        stack.extend(reversed(block.children))


def api_blocks(page: Page) -> list[Block]:
    return [b for b in _walk(page.blocks) if b.name in API_TAGS]


def _operation(block: Block) -> str:
    attrs = {k.lower(): v for k, v in block.open.attrs.items()}
    return f"{attrs.get('method', '?').upper()} {attrs.get('path', '?')}"


def sections(page: Page, level: int) -> list[Heading]:
    """The headings that cut `page` into sections at `level`: a lone H1 above
    them is the page's title, not a section."""
    cut = [h for h in page.headings if h.level <= level]
    if cut and cut[0].level == 1 < level and sum(h.level == 1 for h in cut) == 1:
        cut = cut[1:]
    return cut


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    pages = {loc: ctx.page_set.primary(loc) for loc in ctx.page_set.locales}
    pages = {loc: p for loc, p in pages.items() if p.kind is FileKind.SOURCE}
    if len(pages) < 2:
        return
    # One heading level for every locale, the compared page's: the same
    # heading tree gives the same count whatever level the page starts at.
    base = ctx.reference if ctx.reference in pages else ctx.anchor
    level = section_level(pages[base].headings if base in pages else [])
    aspects: dict[str, Callable[[Page], Hashable]] = {
        "API blocks": lambda p: tuple(_operation(b) for b in api_blocks(p)),
        "tab groups": lambda p: sum(1 for b in _walk(p.blocks) if b.name == "tabs"),
        "sections": lambda p: len(sections(p, level)),
    }
    for name, value_of in aspects.items():
        values = {loc: value_of(p) for loc, p in pages.items()}
        compared = _up_to_replacement(values) if name == "API blocks" else values
        for odd in odd_locales(compared, ctx):
            mine, theirs = values[odd.locale], values[odd.against[0]]
            page = pages[odd.locale]
            line, text = _where(name, mine, theirs, page, level)
            yield page, Hit(line, f"{text} in {odd.locale} than in {locales_text(odd.against)}"
                            if name != "API blocks" else f"{text} ({locales_text(odd.against)})",
                            anchor=f"structure|{name}")


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
    ops = SequenceMatcher(None, list(theirs), list(mine), autojunk=False).get_opcodes()
    return all(tag in ("equal", "replace") and a2 - a1 == b2 - b1 for tag, a1, a2, b1, b2 in ops)


def _where(name: str, mine: Hashable, theirs: Hashable, page: Page, level: int) -> tuple[int, str]:
    if name == "API blocks":
        assert isinstance(mine, tuple) and isinstance(theirs, tuple)
        blocks = api_blocks(page)
        for index, operation in enumerate(mine):
            if index >= len(theirs) or operation != theirs[index]:
                expected = theirs[index] if index < len(theirs) else "nothing"
                return blocks[index].line, (f"API block {index + 1} is `{operation}` where the "
                                            f"others have `{expected}`")
        missing = ", ".join(f"`{op}`" for op in theirs[len(mine):])
        return (blocks[-1].line if blocks else 1), f"the API blocks {missing} are missing"
    assert isinstance(mine, int) and isinstance(theirs, int)
    if name == "sections":
        titles = [h.title for h in sections(page, level)]
        shown = ", ".join(f'"{t}"' for t in titles[:8]) + (", ..." if len(titles) > 8 else "")
        return 1, (f"{len(titles)} sections ({shown or 'none'}), {theirs} expected: "
                   f"{abs(mine - theirs)} {'more' if mine > theirs else 'fewer'} sections")
    return 1, f"{abs(mine - theirs)} {'more' if mine > theirs else 'fewer'} {name}"
