"""A published page that no pairing could match with a page of the anchor locale.

Pages saved from a site have no SUMMARY.md and often translated slugs
(`ressources-pour-les-developpeurs/...`), so they are paired by what they
call, by the spec operations their widgets render and by their code lines.
When all of that fails, the page's cross-locale rules have nothing to
compare it with: its drift goes unchecked. That is said once per page, at
its first line, with what was tried, so the page is never skipped in
silence. It is information, not a fault of the page: pair it by hand by
giving its source tree or a path that names its counterpart.

A GitBook source page only a translation has is translation-only's (a page
the reference lacks is a decision for the docs team).
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.model import FileKind, Page
from checker.rules.base import Hit
from checker.rules.crosslocale import SetContext

ID = "page-unpaired"
SEVERITY = "info"
SUMMARY = "a published page no pairing could match with the anchor locale's pages"
KIND = "set"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

_CALL = ("Items\n\ncurl -X GET https://api.example.com/v1/items \\\n"
         "  -H \"Authorization: Bearer YOUR_TOKEN\"\n")
_SITE = "URL: https://docs.example.com/"
PASS = {"en/items.txt": f"{_SITE}items\n\n{_CALL}",
        "fr/articles.txt": f"{_SITE}fr/articles\n\n" + _CALL.replace("Items", "Articles")}
FAIL = {**PASS, "fr/bienvenue.txt": f"{_SITE}fr/bienvenue\n\nBienvenue dans la documentation.\n"}
FAIL_AT = [("fr/bienvenue.txt", "URL: https://docs.example.com/fr/bienvenue")]


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    page_set = ctx.page_set
    if not page_set.only_in:
        return
    page = page_set.primary(page_set.only_in)
    if unpaired_rendering(page):
        yield page, Hit(1, f"this published page was {page_set.how[page_set.only_in]}: its code is "
                           f"not compared with any other locale's",
                        fingerprint_key="page-unpaired")


def unpaired_rendering(page: Page) -> bool:
    """A page only one locale has is this rule's when it is a rendering."""
    return page.kind is FileKind.PUBLISHED
