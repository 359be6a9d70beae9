"""The HTTP method of a sample differs across locales.

The same sample (same page, section and language) sends `POST` in one locale
and `GET` in another. The finding stands at the method in the locale that
differs from the reference (or from the majority).

Fix: `fix` re-syncs the sample's code from the reference, carrying over
its comments and printed text, as `sampledrift rules code-drift` says (and
under the same conditions).
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.model import Page
from checker.rules.base import Hit
from checker.rules.crosslocale import SetContext, describe, hit, odd_locales, slot_values
from checker.rules.resync import with_edit

ID = "method-drift"
SEVERITY = "error"
SUMMARY = "the HTTP method differs across locales"
KIND = "set"
FIXABLE = True
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

PASS = {
    "en/items.md": "## Create\n\n```bash\ncurl -X POST https://api.example.com/v1/items\n```\n",
    "fr/items.md": "## Créer\n\n```bash\ncurl -X POST https://api.example.com/v1/items\n```\n",
}
FAIL = {
    "en/items.md": "## Create\n\n```bash\ncurl -X POST https://api.example.com/v1/items\n```\n",
    "fr/items.md": "## Créer\n\n```bash\ncurl -X PUT https://api.example.com/v1/items\n```\n",
}


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    for slot in ctx.slots:
        values = slot_values(ctx, slot, lambda unit, request: request.method)
        for odd in odd_locales(values, ctx):
            unit = slot.units[odd.locale]
            yield with_edit(ctx, slot, odd.locale, hit(ctx, slot, odd, "method",
                      f"{describe(unit)} sends {values[odd.locale]} in {odd.locale}, "
                      f"{values[odd.against[0]]} in {', '.join(odd.against)}", "method"))
