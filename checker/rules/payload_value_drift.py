"""A body or query value that is not a placeholder differs across locales.

Usually a translated example value: `"name": "John Doe"` became
`"name": "جون دو"`, `"status": "indexed"` became `"status": "indiziert"`.
An enum value translated breaks the call; a name translated may be harmless,
hence a warning. Placeholders (`YOUR_TOKEN`, `<id>`) are not values and are
never compared here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from checker.compare import View, flatten
from checker.extract.placeholders import holds_placeholder
from checker.model import Page, Request
from checker.rules.base import Hit
from checker.rules.crosslocale import SetContext, describe, hit, locales_text, odd_locales

ID = "payload-value-drift"
SEVERITY = "warning"
SUMMARY = "a body or query value that is not a placeholder differs (a translated example value)"
KIND = "set"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

PASS = {
    "en/s.md": "## Search\n\n```bash\ncurl 'https://api.example.com/search?q=YOUR_QUERY&n=5' \\\n"
               "  --json '{\"status\": \"indexed\", \"token\": \"YOUR_TOKEN\"}'\n```\n",
    "de/s.md": "## Suche\n\n```bash\ncurl 'https://api.example.com/search?q=IHRE_SUCHE&n=5' \\\n"
               "  --json '{\"status\": \"indexed\", \"token\": \"<token>\"}'\n```\n",
}
FAIL = {
    "en/s.md": "## Search\n\n```bash\ncurl 'https://api.example.com/search?q=YOUR_QUERY&n=5' \\\n"
               "  --json '{\"status\": \"indexed\", \"token\": \"YOUR_TOKEN\"}'\n```\n",
    "de/s.md": "## Suche\n\n```bash\ncurl 'https://api.example.com/search?q=YOUR_QUERY&n=5' \\\n"
               "  --json '{\"status\": \"indiziert\", \"token\": \"YOUR_TOKEN\"}'\n```\n",
}


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    for slot in ctx.slots:
        requests = {loc: u.request for loc, u in slot.units.items() if u.request is not None}
        views = {loc: ctx.view(slot.units[loc]) for loc in requests}
        parts: tuple[tuple[str, Callable[[View], dict[str, Any]]], ...] = (
            ("body", lambda v: v.body), ("query", lambda v: v.query))
        for where_, values_of in parts:
            keys = sorted({k for v in views.values() for k in values_of(v)})
            for key in keys:
                if any(_placeholder_at(request, where_, key, ctx.hinted(slot.units[loc]))
                       for loc, request in requests.items()):
                    continue  # a placeholder in one locale is one in all: not a value
                values = {loc: _hashable(values_of(v)[key]) for loc, v in views.items()
                          if key in values_of(v)}
                for odd in odd_locales(values, ctx):
                    unit = slot.units[odd.locale]
                    raw = _raw(requests[odd.locale], where_, key)
                    other = _raw(requests[odd.against[0]], where_, key)
                    line_key = f"{where_}:{key.replace('[]', '')}"
                    yield hit(ctx, slot, odd, line_key,
                              f"{describe(unit)} sends {where_} value `{key}` = {raw} in "
                              f"{odd.locale}, {other} in {locales_text(odd.against)}",
                              f"{where_}-value:{key}")


def _placeholder_at(request: Request, where_: str, key: str, hinted: frozenset[str]) -> bool:
    source = flatten(request.body) if where_ == "body" else request.query
    return holds_placeholder(source.get(key), hinted)


def _hashable(value: object) -> object:
    return json.dumps(value, sort_keys=True, ensure_ascii=False) if isinstance(value, (dict, list)) else value


def _raw(request: Request, where_: str, key: str) -> str:
    source = flatten(request.body) if where_ == "body" else request.query
    value = source.get(key, next((v for k, v in source.items() if k.replace("[]", "") == key), None))
    return json.dumps(value, ensure_ascii=False)
