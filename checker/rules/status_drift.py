"""The status a sample checks for success differs across locales.

`if (response.status === 204)` in one locale, `=== 200` in another; or a
locale whose sample dropped the check the others make. `response.ok` and
`raise_for_status()` both mean any 2xx.

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

ID = "status-drift"
SEVERITY = "error"
SUMMARY = "the expected status checks differ"
KIND = "set"
FIXABLE = True
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

PASS = {
    "en/x.md": "## Ping\n\n```python\nimport requests\nr = requests.get('https://api.example.com/ping')\n"
               "if r.status_code == 204:\n    print('up')\n```\n",
    "da/x.md": "## Ping\n\n```python\nimport requests\nr = requests.get('https://api.example.com/ping')\n"
               "if r.status_code == 204:\n    print('oppe')\n```\n",
}
FAIL = {
    "en/x.md": "## Ping\n\n```python\nimport requests\nr = requests.get('https://api.example.com/ping')\n"
               "if r.status_code == 204:\n    print('up')\n```\n",
    "da/x.md": "## Ping\n\n```python\nimport requests\nr = requests.get('https://api.example.com/ping')\n"
               "if r.status_code == 200:\n    print('oppe')\n```\n",
}


def _statuses(values: frozenset[str]) -> str:
    return " or ".join(sorted(values)) if values else "no status"


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    for slot in ctx.slots:
        values = slot_values(ctx, slot, lambda unit, request: frozenset(request.expected_status))
        if not any(values.values()):
            continue
        for odd in odd_locales(values, ctx):
            unit = slot.units[odd.locale]
            yield with_edit(ctx, slot, odd.locale, hit(ctx, slot, odd, "status",
                      f"{describe(unit)} expects {_statuses(values[odd.locale])} in {odd.locale}, "
                      f"{_statuses(values[odd.against[0]])} in {', '.join(odd.against)}", "status"))
