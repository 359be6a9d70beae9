"""A body or query value that is not a placeholder differs across locales.

Usually a translated example value: `"name": "John Doe"` became
`"name": "جون دو"`, `"status": "indexed"` became `"status": "indiziert"`.
An enum value translated breaks the call; a name translated may be harmless,
hence a warning. Placeholders (`YOUR_TOKEN`, `<id>`) are not values and are
never compared here.

Fix: on a GitBook source page whose pairing is certain, `fix` writes the
reference's value (or, with no reference, the majority's) in place of the
translated one, inside the same quotes (or after the same `=` of a form or
query), on the line of its key; the sample is read again and the fix kept
only if it then sends that value and nothing else changed. Free text is left
as the translator wrote it (a value of two words or more, or of a key such as
`message`, `query`, `title`: as data-value-drift reads it), and so is a value
that would need escaping, is not a string, or does not stand once on its line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from checker import datablocks
from checker.align import Unit
from checker.compare import View, flatten
from checker.extract.placeholders import holds_placeholder
from checker.extract.samples import read_code, reading_language
from checker.model import Edit, Page, Request
from checker.rules import value_fix
from checker.rules.base import Hit
from checker.rules.crosslocale import Odd, SetContext, describe, hit, locales_text, odd_locales, where

ID = "payload-value-drift"
SEVERITY = "warning"
SUMMARY = "a body or query value that is not a placeholder differs (a translated example value)"
KIND = "set"
FIXABLE = True
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
                    page, found = hit(ctx, slot, odd, line_key,
                                      f"{describe(unit)} sends {where_} value `{key}` = {raw} in "
                                      f"{odd.locale}, {other} in {locales_text(odd.against)}",
                                      f"{where_}-value:{key}")
                    found.edits = _edits(ctx, odd, slot.units, where_, key, line_key, values)
                    yield page, found


def _edits(ctx: SetContext, odd: Odd, units: dict[str, Unit], where_: str, key: str,
           line_key: str, values: dict[str, object]) -> tuple[Edit, ...]:
    """The reference's value in place of the odd locale's, inside the same
    quotes (or after the same `=`), on the line of its key; kept only when the
    sample, read again, sends that value there and nothing else changed."""
    if not value_fix.certain(ctx, odd.locale, odd.against, odd.no_majority) \
            or value_fix.outvoted(values, odd.locale, odd.against):
        return ()
    unit = units[odd.locale]
    request, theirs = unit.sent, units[odd.against[0]].sent
    old, new = _values(request, where_).get(key), _values(theirs, where_).get(key)
    if not isinstance(old, str) or not old or "\n" in old or not value_fix.safe_value(new) \
            or any(datablocks.localisable(v, (key.replace("[]", "").split(".")[-1],)) for v in (old, new)):
        return ()   # free text (a sentence, a `message`) is the translator's
    assert isinstance(new, str)
    edit = value_fix.line_edit(unit.sample, where(unit, line_key), [(old, new)], value_fix.value_spots,
                               units[odd.against[0]].page.line_text(where(units[odd.against[0]], line_key)))
    if edit is None or not _sends(unit, edit, where_, key, new):
        return ()
    return (edit,)


def _values(request: Request, where_: str) -> dict[str, Any]:
    return flatten(request.body) if where_ == "body" else dict(request.query)


def _sends(unit: Unit, edit: Edit, where_: str, key: str, new: str) -> bool:
    """Whether the sample as edited sends `new` at `key` and all else as before."""
    sample = unit.sample
    rows = sample.fence.text.split("\n")
    index = edit.start - sample.fence.line
    if not 0 <= index < len(rows):
        return False
    rows[index] = edit.lines[0]
    again = read_code(reading_language(sample.fence), "\n".join(rows)).requests
    if len(again) != len(sample.requests):
        return False
    before, after = sample.requests[unit.call], again[unit.call]
    wanted = {**_values(before, where_), key: new}
    other = "query" if where_ == "body" else "body"
    return (_values(after, where_) == wanted and _values(after, other) == _values(before, other)
            and after.url.replace(new, "") == before.url.replace(_values(before, where_)[key], "")
            and after.headers == before.headers and after.method == before.method)


def _placeholder_at(request: Request, where_: str, key: str, hinted: frozenset[str]) -> bool:
    source = flatten(request.body) if where_ == "body" else request.query
    return holds_placeholder(source.get(key), hinted)


def _hashable(value: object) -> object:
    return json.dumps(value, sort_keys=True, ensure_ascii=False) if isinstance(value, (dict, list)) else value


def _raw(request: Request, where_: str, key: str) -> str:
    source = flatten(request.body) if where_ == "body" else request.query
    value = source.get(key, next((v for k, v in source.items() if k.replace("[]", "") == key), None))
    return json.dumps(value, ensure_ascii=False)
