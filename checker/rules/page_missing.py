"""A page present in the reference locale and absent in another.

Pages are paired across locales by path, by place in SUMMARY.md, by file name
and by the requests their samples send, so a translated slug
(`api-reference/` and `referencia-api/`) is still the same page. The finding
stands at the reference page and names the locale that lacks it; it is
that locale's to act on (`--locale` shows it to that locale's translator).
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.model import Page
from checker.rules.base import Hit
from checker.rules.crosslocale import SetContext

ID = "page-missing"
SEVERITY = "warning"
SUMMARY = "a page present in the reference locale and absent in another"
KIND = "set"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset({"translation-only"})

PASS = {"en/a.md": "# A\n", "en/b.md": "# B\n", "fr/a.md": "# A\n", "fr/b.md": "# B\n"}
FAIL = {"en/a.md": "# A\n", "en/b.md": "# B\n", "fr/a.md": "# A\n"}


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    page_set = ctx.page_set
    if page_set.only_in or ctx.anchor not in page_set.pages:
        return  # a page only a translation has is translation-only's
    missing = [loc for loc in ctx.all_locales if loc not in page_set.pages]
    if missing:
        page = page_set.primary(ctx.anchor)
        yield page, Hit(1, f"this page has no counterpart in {', '.join(missing)}",
                        fingerprint_key=f"missing-page|{','.join(missing)}",
                        act_in=tuple(missing))
