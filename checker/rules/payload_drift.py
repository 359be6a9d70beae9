"""The body keys of a sample differ across locales.

A key that one locale sends and another does not (`captcha` dropped, `name`
renamed to `nom`) changes what the API receives. Key order, quoting and
whitespace are never drift; a JSON body written as `data=json.dumps(x)` in
one locale and `json=x` in another is the same body. A missing object is one
finding, at its top-most key.

Fix: `fix` re-syncs the sample's code from the reference, carrying over
its comments and printed text, as `sampledrift rules code-drift` says (and
under the same conditions).
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.compare import body_key_line
from checker.model import Page, Request
from checker.rules.base import Hit
from checker.rules.crosslocale import Odd, SetContext, describe, hit, key_presence, locales_text
from checker.rules.resync import with_edit

ID = "payload-drift"
SEVERITY = "error"
SUMMARY = "body keys differ across locales"
KIND = "set"
FIXABLE = True
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

PASS = {
    "en/u.md": "## Sign up\n\n```bash\ncurl -X POST https://api.example.com/signup \\\n"
               "  -d '{\"email\": \"a@example.com\", \"name\": \"John Doe\"}'\n```\n",
    "fr/u.md": "## Inscription\n\n```bash\ncurl -X POST https://api.example.com/signup \\\n"
               "  -d '{ \"name\" : \"Jean Dupont\",\n     \"email\": \"a@example.com\" }'\n```\n",
}
FAIL = {
    "en/u.md": "## Sign up\n\n```bash\ncurl -X POST https://api.example.com/signup \\\n"
               "  -d '{\"email\": \"a@example.com\", \"name\": \"John Doe\"}'\n```\n",
    "fr/u.md": "## Inscription\n\n```bash\ncurl -X POST https://api.example.com/signup \\\n"
               "  -d '{\"email\": \"a@example.com\", \"nom\": \"Jean Dupont\"}'\n```\n",
}


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    for slot in ctx.slots:
        differences = list(key_presence(ctx, slot, lambda v: v.body, lambda v: v.opaque,
                                        include=lambda v: v.body_known))
        for odd, extra, missing in _renames(differences):
            unit = slot.units[odd.locale]
            yield with_edit(ctx, slot, odd.locale, hit(ctx, slot, odd, _line_key(unit.request, extra),
                      f"{describe(unit)} sends the body key `{extra}` in {odd.locale} where "
                      f"{locales_text(odd.against)} send{'s' if len(odd.against) == 1 else ''} "
                      f"`{missing}`", f"body:{missing}"))
        for key, odd, has in differences:
            if (odd.locale, key) in _renamed(differences):
                continue
            unit = slot.units[odd.locale]
            line_key = _line_key(unit.request, key) if has else "body"
            if has:
                message = (f"{describe(unit)} sends the body key `{key}` in {odd.locale}; "
                           f"{locales_text(odd.against)} do{'es' if len(odd.against) == 1 else ''} not")
            else:
                message = (f"{describe(unit)} does not send the body key `{key}` in {odd.locale}; "
                           f"{locales_text(odd.against)} send{'s' if len(odd.against) == 1 else ''} it")
            yield with_edit(ctx, slot, odd.locale, hit(ctx, slot, odd, line_key, message, f"body:{key}"))


# (key, odd locale, whether the odd locale sends it): what key_presence yields.
Difference = tuple[str, Odd, bool]


def _renames(differences: list[Difference]) -> list[tuple[Odd, str, str]]:
    """(odd locale, its key, the key the others send) where one key was renamed:
    one key extra and one missing in the same object of the same locale."""
    found: list[tuple[Odd, str, str]] = []
    by_place: dict[tuple[str, str], dict[bool, list[str]]] = {}
    odds: dict[str, Odd] = {}
    for key, odd, has in differences:
        parent = key.rsplit(".", 1)[0] if "." in key else ""
        by_place.setdefault((odd.locale, parent), {True: [], False: []})[has].append(key)
        odds[odd.locale] = odd
    for (locale, _), keys in sorted(by_place.items()):
        if len(keys[True]) == 1 and len(keys[False]) == 1:
            found.append((odds[locale], keys[True][0], keys[False][0]))
    return found


def _renamed(differences: list[Difference]) -> set[tuple[str, str]]:
    return {(odd.locale, key) for odd, extra, missing in _renames(differences)
            for key in (extra, missing)}


def _line_key(request: Request | None, key: str) -> str:
    if request is None:
        return "body"
    line = body_key_line(request, key)
    return next((k for k, v in request.lines.items() if v == line and k.startswith("body")), "body")
