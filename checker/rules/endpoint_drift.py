"""The URL of a sample differs across locales: host, path or query keys.

Placeholders stand for any value (`/flows/{id}` and `/flows/${flowId}` are
the same endpoint); a translated placeholder is `placeholder-translated`'s.
A path segment renamed in one locale (`/chatflows/` to `/flujos/`), another
host, or a query key dropped is drift.

Fix: `fix` re-syncs the sample's code from the reference, carrying over
its comments and printed text, as `sampledrift rules code-drift` says (and
under the same conditions).
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.compare import shared_endpoints
from checker.model import Page
from checker.rules.base import Hit
from checker.rules.crosslocale import SetContext, describe, hit, odd_locales
from checker.rules.resync import with_edit

ID = "endpoint-drift"
SEVERITY = "error"
SUMMARY = "the URL (host, path, query keys) differs across locales"
KIND = "set"
FIXABLE = True
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset({"placeholder-translated"})

PASS = {
    "en/flows.md": "## Get\n\n```bash\ncurl https://api.example.com/v1/flows/{flow-id}?limit=5\n```\n",
    "es/flows.md": "## Obtener\n\n```bash\ncurl https://api.example.com/v1/flows/<flow-id>?limit=10\n```\n",
}
FAIL = {
    "en/flows.md": "## Get\n\n```bash\ncurl https://api.example.com/v1/flows/{flow-id}?limit=5\n```\n",
    "es/flows.md": "## Obtener\n\n```bash\ncurl https://api.example.com/v1/flujos/{flow-id}\n```\n",
}


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    for slot in ctx.slots:
        units = {loc: u for loc, u in slot.units.items() if u.request is not None}
        locales = sorted(units)
        endpoints = shared_endpoints([ctx.view(units[loc]) for loc in locales])
        values = {loc: (endpoint, tuple(sorted(units[loc].sent.query)))
                  for loc, endpoint in zip(locales, endpoints, strict=True)}
        for odd in odd_locales(values, ctx):
            unit, other = units[odd.locale], units[odd.against[0]]
            yield with_edit(ctx, slot, odd.locale, hit(ctx, slot, odd, "url",
                      f"{describe(unit)} calls {unit.sent.url} in {odd.locale}, "
                      f"{other.sent.url} in {', '.join(odd.against)}", "endpoint"))
