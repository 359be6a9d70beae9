"""Sections, tab groups or API blocks differ in number or order across locales.

The French page has one `{% tabs %}` group fewer, or its `{% openapi %}`
blocks come in another order, or a section was dropped: a reader of that
locale does not get the page the others get. Compared on GitBook sources
only (a published rendering has no tags left to count).
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.extract.samples import section_level
from checker.model import Block, FileKind, Page
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
    for block in blocks:
        yield block
        yield from _walk(block.children)


def api_blocks(page: Page) -> list[Block]:
    return [b for b in _walk(page.blocks) if b.name in API_TAGS]


def _operation(block: Block) -> str:
    attrs = {k.lower(): v for k, v in block.open.attrs.items()}
    return f"{attrs.get('method', '?').upper()} {attrs.get('path', '?')}"


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    pages = {loc: ctx.page_set.primary(loc) for loc in ctx.page_set.locales}
    pages = {loc: p for loc, p in pages.items() if p.kind is FileKind.SOURCE}
    if len(pages) < 2:
        return
    aspects = {
        "API blocks": lambda p: tuple(_operation(b) for b in api_blocks(p)),
        "tab groups": lambda p: sum(1 for b in _walk(p.blocks) if b.name == "tabs"),
        "sections": lambda p: sum(1 for h in p.headings if h.level <= section_level(p.headings)),
    }
    for name, value_of in aspects.items():
        values = {loc: value_of(p) for loc, p in pages.items()}
        if name == "API blocks":
            # One block replaced by another is spec-ref-drift's; here only
            # blocks missing, extra or moved: compare the sorted multiset too.
            values = {loc: len(v) if _replaced_only(v, values) else v for loc, v in values.items()}
        for odd in odd_locales(values, ctx):
            page = pages[odd.locale]
            line, text = _where(name, values[odd.locale], values[odd.against[0]], page)
            yield page, Hit(line, f"{text} in {odd.locale} than in {locales_text(odd.against)}"
                            if name != "API blocks" else f"{text} ({locales_text(odd.against)})",
                            anchor=f"structure|{name}")


def _replaced_only(mine: tuple[str, ...], values: dict) -> bool:  # noqa: ANN001
    """True when `mine` differs from every other sequence only by one-for-one
    replacements (same length, no block missing or moved)."""
    from difflib import SequenceMatcher

    for theirs in values.values():
        if len(theirs) != len(mine):
            return False
        ops = SequenceMatcher(None, list(theirs), list(mine), autojunk=False).get_opcodes()
        if any(tag not in ("equal", "replace") or a2 - a1 != b2 - b1 for tag, a1, a2, b1, b2 in ops):
            return False
    return True


def _where(name: str, mine, theirs, page: Page) -> tuple[int, str]:  # noqa: ANN001
    if name == "API blocks":
        blocks = api_blocks(page)
        for index, operation in enumerate(mine):
            if index >= len(theirs) or operation != theirs[index]:
                expected = theirs[index] if index < len(theirs) else "nothing"
                return blocks[index].line, (f"API block {index + 1} is `{operation}` where the "
                                            f"others have `{expected}`")
        missing = ", ".join(f"`{op}`" for op in theirs[len(mine):])
        return (blocks[-1].line if blocks else 1), f"the API blocks {missing} are missing"
    if name == "sections":
        titles = [h.title for h in page.headings if h.level <= section_level(page.headings)]
        shown = ", ".join(f'"{t}"' for t in titles[:8]) + (", ..." if len(titles) > 8 else "")
        return 1, (f"{len(titles)} sections ({shown or 'none'}), {theirs} expected: "
                   f"{abs(mine - theirs)} {'more' if mine > theirs else 'fewer'} sections")
    return 1, f"{abs(mine - theirs)} {'more' if mine > theirs else 'fewer'} {name}"
