"""A tag name GitBook does not know.

GitBook's names are lower-case English: `{% Tabs%}` and `{% EndHint%}` are
not tags to it, nor is a translated name such as `{% fichier src="..." %}`
(`file`) or `{% onglet title="..." %}` (`tab`). The message says which tag
was meant when the case is the only fault, or when the attributes give it away.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from checker.model import Page, Tag
from checker.parse.tags import KNOWN, SINGLE, canonical_name
from checker.rules.base import Hit, show

ID = "tag-unknown"
SEVERITY = "error"
SUMMARY = "a tag name GitBook does not know (`Tabs`, `fichier`, `EndHint`)"
KIND = "page"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset({"tag-unterminated"})

PASS = """\
{% file src="../assets/report.pdf" %}
{% hint style="warning" %}
Careful.
{% endhint %}
"""

FAIL = """\
{% fichier src="../assets/report.pdf" %}
{% Hint style="warning" %}
Careful.
{% EndHint%}
"""

_ALL_NAMES = sorted([*KNOWN, *(f"end{n}" for n, s in KNOWN.items() if s.form != SINGLE)])


def check(page: Page) -> Iterator[Hit]:
    for tag in page.tags:
        if not tag.terminated and not tag.name:
            continue  # a lone `{%`: tag-unterminated's
        message = _problem(tag)
        if message:
            yield Hit(tag.line, message, tag.column, fingerprint_key=tag.raw.strip())


def _problem(tag: Tag) -> str | None:
    if not tag.name:
        return f"{show(tag.raw)} has no tag name"
    meant = canonical_name(tag.name)
    if meant == tag.name:
        return None
    if meant:
        return f"{show(tag.raw)}: GitBook tag names are lower-case, write `{meant}`"
    guesses = _guesses(tag)
    hint = f"; did you mean {' or '.join(f'`{g}`' for g in guesses)}?" if guesses else ""
    return f"`{tag.name}` is not a GitBook tag{hint}"


def _guesses(tag: Tag) -> list[str]:
    """The known tag closest in spelling, else those whose required attributes
    are exactly the tag's (a translated name keeps its English attributes)."""
    close = difflib.get_close_matches(tag.name.lower(), _ALL_NAMES, n=1, cutoff=0.75)
    if close:
        return close
    keys = {k.lower() for k in tag.attrs}
    return sorted(name for name, spec in KNOWN.items()
                  if keys and set(spec.required) == keys and not spec.parents)
