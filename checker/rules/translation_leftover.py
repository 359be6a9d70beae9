"""A machine-translation token was left in the page in place of code, a link or text.

Translation pipelines swap what must not be translated for tokens
(`__CODE_BLOCK_0__`, `__PRESERVE_URL_12__`, `{{PLACEHOLDER_3}}`) and put it
back afterwards; when that step fails, the token is what the reader gets,
where the code block or the link should be. Markers such as `[TRANSLATE]`
or `<!-- TRANSLATE -->` left by a review step are reported too. Each token is
reported at its own line and column, wherever it stands: prose, code, a link
target, a tag attribute.

The patterns are specific: an upper-case name with a number, between double
underscores, double braces or double brackets. Python's `__init__`, PHP's
`__FILE__` and Jinja's `{{ name }}` are not tokens of this kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.model import Page
from checker.rules.base import Hit, show

ID = "translation-leftover"
SEVERITY = "error"
SUMMARY = ("a machine-translation token (`__CODE_BLOCK_0__`, `{{PLACEHOLDER_3}}`, `[TRANSLATE]`) "
           "left in the page")
KIND = "page"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

PASS = ("## Uso\n\n```python\nclass Client:\n    def __init__(self):\n        self.name = __name__\n```\n\n"
        "El prompt usa `{{ question }}` y `{{context}}`.\n")
FAIL = "## Uso\n\nInstala el paquete:\n\n__CODE_BLOCK_0__\n\nVer [la guía](__PRESERVE_URL_1__).\n"

# Bounded repeats, no nested quantifiers: linear on any line.
_NAME = r"[A-Z][A-Z_]{0,40}_\d{1,4}"
_TOKENS = re.compile(
    rf"__{_NAME}__"                       # __CODE_BLOCK_0__, __PRESERVE_URL_12__
    rf"|\{{\{{ ?{_NAME} ?\}}\}}"            # {{PLACEHOLDER_3}}
    rf"|\[\[{_NAME}\]\]"                  # [[CODE_0]]
    rf"|%%{_NAME}%%"                      # %%URL_1%%
    r"|\[/?(?:TRANSLATE|TRANSLATION|UNTRANSLATED|NO_?TRANSLATE|DO_NOT_TRANSLATE|DO NOT TRANSLATE)\]")
_COMMENT = re.compile(
    r"<!-- ?(?:TRANSLATE|NO_?TRANSLATE|UNTRANSLATED|NEEDS? TRANSLATION|TODO:? ?TRANSLATE)\b[^>]{0,80}-->",
    re.IGNORECASE)
_KIND = (("CODE", "a code block or code span"), ("URL", "a link"), ("LINK", "a link"),
         ("IMAGE", "an image"), ("PLACEHOLDER", "text the translation kept apart"))


def check(page: Page) -> Iterator[Hit]:
    for number, column, token in tokens(page):
        yield Hit(number, _message(token), column=column, fingerprint_key=token)


def code_leftovers(page: Page) -> list[int]:
    """Lines where a token stands in place of a code block: the sample the
    reference has there is reported by this rule, not as a missing sample."""
    return [number for number, _, token in tokens(page)
            if "CODE" in token.upper() and "INLINE" not in token.upper()]


def tokens(page: Page) -> Iterator[tuple[int, int, str]]:
    """(line, column, token) of every leftover token, in page order."""
    for number, text in enumerate(page.lines, start=1):
        if "__" not in text and "{{" not in text and "[" not in text and "%%" not in text \
                and "<!--" not in text:
            continue  # the common case, decided without a regex
        matches = sorted((*_TOKENS.finditer(text), *_COMMENT.finditer(text)), key=lambda m: m.start())
        for match in matches:
            yield number, match.start() + 1, match.group(0)


def _message(token: str) -> str:
    upper = token.upper()
    if "TRANSLAT" in upper and not any(ch.isdigit() for ch in token):
        return (f"the translation marker {show(token)} was left in the page: finish the "
                f"translation and remove it")
    stands_for = next((what for key, what in _KIND if key in upper), "something the translation kept apart")
    return (f"the machine-translation token {show(token)} stands here in place of {stands_for}: "
            f"the tool never put the original back; restore it from the reference page")
