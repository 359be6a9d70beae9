"""A string literal of a sample's code differs across locales: a translated argument value.

`client.users.create(role="admin")` became `role="administrateur"`: the
code still runs, but it sends another value, which the API may reject (an
enum) or store (a name). Only literals the program uses are compared: the
text a program prints or logs, comments and docstrings are the reader's and
may be translated (`checker/codetokens.py` says what is dropped), and so is
a literal that is a message on both sides (words, or a script no value is
written in: `"Tell me a joke!"` / `"¡Cuéntame un chiste!"`, a tool's
`create_text_message("画像が見つかりません")`): what the reader or the
program's user reads. Quoting style is never drift (`'admin'` and `"admin"`
are one value).

A literal whose only difference is a placeholder (`{path}` / `{chemin}`,
`YOUR_KEY` / `VOTRE_CLE`) is `placeholder-translated`'s; a literal that
differs along with code around it is part of that `code-drift` finding.
Request values the extractors read are the request rules'
(`payload-value-drift`), and so is a literal assigned above the call that
flows into the request (`token = "sk_live_abd"`, then
`f"Bearer {token}"`): their finding stands at the literal's line, with
this rule's repair, and this rule says nothing there. A warning: a translated example value may be harmless.

Fix: on a GitBook source page whose pairing is certain, `fix` writes the
reference's value (or, with no reference, the majority's) inside the
literal's own quotes, on the line(s) the finding stands at. No fix where the
value is free text on both sides, would need escaping (a quote, `\\`, `$`,
`{`), spans lines, or does not stand once as a quoted literal on its line.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codetokens
from checker.model import Page
from checker.rules import value_fix
from checker.rules.base import Hit
from checker.rules.crosslocale import SetContext

ID = "literal-drift"
SEVERITY = "warning"
SUMMARY = "a string literal of a sample's code differs across locales (a translated argument value)"
KIND = "set"
FIXABLE = True
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset({"placeholder-translated"})

PASS = {
    "en/users.md": "## Create a user\n\n```python\n# Create an admin\n"
                   "user = client.users.create(role='admin')\n"
                   "print(\"Created\", user.id)\n```\n",
    "fr/users.md": "## Créer un utilisateur\n\n```python\n# Créer un administrateur\n"
                   "user = client.users.create(role=\"admin\")\nprint(\"Créé\", user.id)\n```\n",
}
FAIL = {
    "en/users.md": "## Create a user\n\n```python\nuser = client.users.create(role=\"admin\")\n```\n",
    "fr/users.md": "## Créer un utilisateur\n\n```python\n"
                   "user = client.users.create(role=\"administrateur\")\n```\n",
}
FAIL_AT = [("fr/users.md", "user = client")]


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    for difference in codetokens.differences(ctx):
        if difference.kind == codetokens.LITERAL:
            page, found = codetokens.hit_of(ctx, difference, "literal")
            found.edits = value_fix.difference_edits(ctx, difference)
            yield page, found
