"""A tag name GitBook does not know.

GitBook's names are lower-case English: `{% Tabs%}` and `{% EndHint%}` are
not tags to it, nor is a translated name such as `{% fichier src="..." %}`
(`file`) or `{% onglet title="..." %}` (`tab`). The message says which tag
was meant when the case is the only fault, when the name is a known
translation (checker/parse/translated.py), or when the attributes give it away.

Fix: `fix` writes the GitBook name in place of the one written, and nothing
else of the line: the lower-case name (`{% Tabs%}` -> `{% tabs %}`, with the
space before `%}` it lacked), or the English name of a known translation that
has the attributes that tag needs (`{% fichier src="a.pdf" %}` ->
`{% file src="a.pdf" %}`). A name only guessed from its spelling or its
attributes is left as it is, and published renderings are never edited.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from checker.model import Edit, FileKind, Page, Tag
from checker.parse.repair import one_line, splice
from checker.parse.tags import KNOWN, SINGLE, canonical_name, end_target
from checker.parse.translated import TAG_NAMES, english
from checker.rules.base import Hit, show

ID = "tag-unknown"
SEVERITY = "error"
SUMMARY = "a tag name GitBook does not know (`Tabs`, `fichier`, `EndHint`)"
KIND = "page"
FIXABLE = True
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
        found = _problem(tag, page.locale)
        if found:
            message, meant = found
            edits = _renamed(page, tag, meant) if meant and page.kind is FileKind.SOURCE else ()
            yield Hit(tag.line, message, tag.column, fingerprint_key=tag.raw.strip(), edits=edits)


def _problem(tag: Tag, locale: str | None) -> tuple[str, str | None] | None:
    """The message, and the name meant when it is certain."""
    if not tag.name:
        return f"{show(tag.raw)} has no tag name", None
    meant = canonical_name(tag.name)
    if meant == tag.name:
        return None
    if meant:
        return f"{show(tag.raw)}: GitBook tag names are lower-case, write `{meant}`", meant
    translated = _translation(tag, locale)
    if translated and _fits(tag, translated):
        return (f"`{tag.name}` is not a GitBook tag: GitBook tag names are English, "
                f"write `{translated}`"), translated
    guesses = [translated] if translated else _guesses(tag)
    hint = f"; did you mean {' or '.join(f'`{g}`' for g in guesses)}?" if guesses else ""
    return f"`{tag.name}` is not a GitBook tag{hint}", None


def _translation(tag: Tag, locale: str | None) -> str | None:
    """The tag a known translated name stands for: `fichier` -> `file`,
    `endonglet` -> `endtab`."""
    lowered = tag.name.lower()
    meant = english(TAG_NAMES, lowered, locale)
    if meant is None and lowered.startswith("end"):
        opener = english(TAG_NAMES, lowered[3:], locale)
        meant = f"end{opener}" if opener and end_target(f"end{opener}") else None
    return meant


def _fits(tag: Tag, meant: str) -> bool:
    """The tag has what `meant` needs: its required attributes, or nothing at
    all for an end tag. Else the name alone does not make it that tag."""
    if tag.attr_errors:
        return False
    if end_target(meant):
        return not tag.attrs and not tag.args
    spec = KNOWN[meant]
    keys = {key.lower() for key in tag.attrs}
    missing = [key for key in spec.required if key not in keys]
    if spec.positional and tag.args and missing:
        missing = missing[1:]
    return not missing


# The tag's opening up to its name: `{%`, `{%-`, and the spaces after it.
_OPENING = re.compile(r"\{%-?\s*")


def _renamed(page: Page, tag: Tag, meant: str) -> tuple[Edit, ...]:
    """The tag's first line with `meant` in place of the name written, and a
    space between the name and a `%}` glued to it (`{% Tabs%}`)."""
    text = page.line_text(tag.line)
    start = tag.column - 1
    opening = _OPENING.match(text, start)
    if opening is None or not tag.raw.startswith(text[start:opening.end()]):
        return ()
    end = opening.end() + len(tag.name)
    if text[opening.end():end] != tag.name:
        return ()
    glued = text.startswith(("%}", "-%}"), end)
    return (one_line(tag.line, splice(text, opening.end(), end, meant + (" " if glued else ""))),)


def _guesses(tag: Tag) -> list[str]:
    """The known tag closest in spelling, else those whose required attributes
    are exactly the tag's (a translated name keeps its English attributes)."""
    close = difflib.get_close_matches(tag.name.lower(), _ALL_NAMES, n=1, cutoff=0.75)
    if close:
        return close
    keys = {k.lower() for k in tag.attrs}
    return sorted(name for name, spec in KNOWN.items()
                  if keys and set(spec.required) == keys and not spec.parents)
