"""The code of a sample differs across locales: an identifier, keyword, number, option or structure.

A translation's code is its original's: only what the reader reads may be
translated. So the samples of one place of the page are compared across
locales as token streams (a real lexer, Pygments: `checker/codetokens.py`),
with what is localisable dropped first: comments, whitespace, docstrings,
quoting style, the text of the calls that print or log (`print`,
`console.log`, `logger.info`, `echo`, `fmt.Println`...), and shell heredoc
bodies. What is left must match:

- a renamed environment variable (`ACME_PUBLISHABLE_KEY` / `ACME_API_KEY`),
- a renamed config key (`publishableKey:` / `apiKey:`),
- a changed version (`npm install @acme/sdk@2.1.0` / `@2.0.0`),
- a dropped or added argument, option or statement.

Reported once per differing run of tokens, at the odd locale's line, naming
both values and both lines; the same change on several lines (a renamed
variable) is one finding naming them; at most three differences per sample
(the third says how many more). Trailing commas and JavaScript's optional
semicolons are layout. A string literal that alone differs is
`literal-drift`'s; a placeholder that differs is `placeholder-translated`'s.

Not compared here: the lines of a request the extractors read in every
locale (the request rules compare those; but where the locales expect the
same statuses, the operators of the status check are compared, so a check
turned round, `== 201` / `!= 201`, is seen), data blocks (JSON, YAML, TOML,
dotenv, INI), raw HTTP, markup and text blocks, site chrome and generated
samples; samples whose labels name different languages; the lines of a
shell block no shell shape recognises as a command (the output a page shows
after it); a block labelled Python that Python's parser rejects (a prompt or
prose under a Python label); a run only one locale writes whose lines stand
in another sample of the other locale's page (a block split in two); two
samples that share less than half of their tokens (not the same code: a rewrite, or a
pairing by language alone; sample-missing and the request rules speak
there). A run of tokens that only moved (reordered keys of an object
literal) is not drift.

Fix: `fix` writes the reference's code over the translation's sample
(fence lines untouched), carrying over its comments and printed or logged
text (checker/rules/resync.py); a comment it cannot place with certainty stays
the reference's and the fix says so. Not on a published rendering, nor when
the page or sample pairing is a guess, the samples' languages differ, the
reference's sample does not parse, or with no reference no strict majority
writes the code.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codetokens
from checker.model import Page
from checker.rules.base import Hit
from checker.rules.crosslocale import SetContext
from checker.rules.resync import sample_slot, with_edit

ID = "code-drift"
SEVERITY = "error"
SUMMARY = "the code of a sample differs across locales (a renamed key, a changed version, a dropped argument)"
KIND = "set"
FIXABLE = True
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset({"literal-drift", "placeholder-translated"})

PASS = {
    "en/sdk.md": "## Setup\n\n```javascript\n// Create the client\nconst acme = new Acme({\n"
                 "  publishableKey: process.env.ACME_PUBLISHABLE_KEY,\n});\nconsole.log('Ready');\n```\n",
    "fr/sdk.md": "## Installation\n\n```javascript\n// Créer le client\nconst acme = new Acme({\n"
                 "    publishableKey: process.env.ACME_PUBLISHABLE_KEY,\n});\nconsole.log(\"Prêt\");\n```\n",
}
FAIL = {
    "en/sdk.md": "## Setup\n\n```javascript\n// Create the client\nconst acme = new Acme({\n"
                 "  publishableKey: process.env.ACME_PUBLISHABLE_KEY,\n});\n```\n",
    "fr/sdk.md": "## Installation\n\n```javascript\n// Créer le client\nconst acme = new Acme({\n"
                 "  apiKey: process.env.ACME_PUBLISHABLE_KEY,\n});\n```\n",
}
FAIL_AT = [("fr/sdk.md", "apiKey")]


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    for difference in codetokens.differences(ctx):
        if difference.kind == codetokens.CODE:
            odd = difference.odd
            yield with_edit(ctx, sample_slot(ctx, odd.sample, odd.locale), odd.locale,
                            codetokens.hit_of(ctx, difference, "code"))
