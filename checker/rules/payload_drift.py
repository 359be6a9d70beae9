"""The body keys of a sample differ across locales.

A key that one locale sends and another does not (`captcha` dropped, `name`
renamed to `nom`) changes what the API receives. Key order, quoting and
whitespace are never drift; a JSON body written as `data=json.dumps(x)` in
one locale and `json=x` in another is the same body. A missing object is one
finding, at its top-most key.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.compare import body_key_line
from checker.model import Page
from checker.rules.base import Hit
from checker.rules.crosslocale import SetContext, describe, hit, key_presence, locales_text

ID = "payload-drift"
SEVERITY = "error"
SUMMARY = "body keys differ across locales"

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
        for key, odd, has in key_presence(ctx, slot, lambda v: v.body, lambda v: v.opaque,
                                          include=lambda v: v.body_known):
            unit = slot.units[odd.locale]
            line_key = _line_key(unit.request, key) if has else "body"
            if has:
                message = (f"{describe(unit)} sends the body key `{key}` in {odd.locale}; "
                           f"{locales_text(odd.against)} do{'es' if len(odd.against) == 1 else ''} not")
            else:
                message = (f"{describe(unit)} does not send the body key `{key}` in {odd.locale}; "
                           f"{locales_text(odd.against)} send{'s' if len(odd.against) == 1 else ''} it")
            yield hit(ctx, slot, odd, line_key, message, f"body:{key}")


def _line_key(request, key: str) -> str:  # noqa: ANN001
    line = body_key_line(request, key)
    return next((k for k, v in request.lines.items() if v == line and k.startswith("body")), "body")
