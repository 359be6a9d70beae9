"""A page, or an API operation, that a translation has and the reference does not.

The Chinese docs document an endpoint the English ones never mention, or a
whole page exists only in Spanish: either the reference lost it, or the
translation documents something that is not (or no longer) the product's.
Someone has to decide which, so it is reported on the translation, where
it stands. Every in-locale and spec rule still runs on such a page; only
the cross-locale comparison has nothing to compare it with.

A page counts as only in one locale when it is a GitBook source page (a
rendering saved from the site that nothing pairs is page-unpaired's) and no pairing finds its counterpart
(same path, SUMMARY.md, file name, API calls, endpoints: the finding says
so). An API block counts when its operation (method and path of an
`{% openapi %}`, `{% swagger %}` or `{% openapi-operation %}`) appears
nowhere on the reference's page; blocks that are missing, moved or
replaced one for one are structure-drift's and spec-ref-drift's.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.model import Page
from checker.rules.base import Hit
from checker.rules.crosslocale import SetContext, extra_blocks, operation
from checker.rules.page_unpaired import unpaired_rendering

ID = "translation-only"
SEVERITY = "warning"
SUMMARY = "a page or API operation present in a translation and not in the reference"
KIND = "set"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset({"spec-ref-drift", "structure-drift", "page-unpaired"})

_ITEMS = ("# Items\n\n## List\n\n{% openapi src=\"api.yml\" path=\"/items\" method=\"get\" %}\n"
          "{% endopenapi %}\n")
_EXTRA = ("\n## Purge\n\n{% openapi src=\"api.yml\" path=\"/items/purge\" method=\"post\" %}\n"
          "{% endopenapi %}\n")
PASS = {"en/items.md": _ITEMS, "zh-cn/items.md": _ITEMS.replace("## List", "## 列表")}
FAIL = {"en/items.md": _ITEMS, "zh-cn/items.md": _ITEMS + _EXTRA,
        "zh-cn/webhooks.md": "# Webhooks\n\nOnly the Chinese docs have this page.\n"}


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    page_set = ctx.page_set
    if page_set.only_in:
        page = page_set.primary(page_set.only_in)
        if unpaired_rendering(page):
            return
        yield page, Hit(1, f"a page only {page_set.only_in} has: {page_set.how[page_set.only_in]}",
                        fingerprint_key="translation-only|page")
        return
    yield from _extra_operations(ctx)


def _extra_operations(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    for page, block in extra_blocks(ctx):
        base = ctx.reference if ctx.reference in ctx.page_set.pages else ctx.anchor
        yield page, Hit(block.line, f"the API block `{operation(block)}` is only in {page.locale}: "
                                    f"{base}'s page documents no such operation",
                        fingerprint_key=f"translation-only|{operation(block)}")
