"""Placeholders: the parts of a sample a reader is meant to replace.

`YOUR_JWT_TOKEN`, `your-api-key`, `<your-api-key>`, `{flow-id}`, `${id}`,
`{{token}}`, `:id` in a URL path (or as a whole value), and any value the
page's prose names in a "replace `X` with ..." hint, in whatever language
the hint is written: a code span of the prose next to a sample that also
stands in the sample's values. Drift rules compare
placeholders as placeholders: `{id}` and `${documentId}` stand for the same
thing, while `YOUR_REFRESH_TOKEN` against `VOTRE_REFRESH_TOKEN` is a
translated placeholder. The spec rules read the same definition: a value
that is a placeholder as a whole may be of any type the spec asks for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from checker.model import Request

OBFUSCATED_EMAIL = "[email protected]"
# As the site serves it, the space may be a no-break space (`&#160;` unescaped).
OBFUSCATED_EMAIL_PATTERN = re.compile(r"\[email[\x20\xa0]protected\]")

# `@U`: upper-case letters, Latin-1's too: a translated placeholder keeps its shape
# and takes its language's letters (`VOTRE_CLÉ`).
_PATTERNS = re.compile(
    r"""(?P<snake>(?<!\w)[@U][@U0-9]*(?:_[@U0-9]+)+(?!\w))   # YOUR_JWT_TOKEN
      | (?P<kebab>(?<![\w-])[@U]{2,}(?:-[@U]{2,}){2,}(?![\w-]))  # ENTER-YOUR-KEY, not UTF-8
      | (?P<template>\$\{[^{}]+\}|\{\{[^{}]+\}\})     # ${id}  {{token}}
      | (?P<brace>(?<![\w$])\{[A-Za-z_][\w.-]*\})     # {flow-id}
      | (?P<angle><[A-Za-z_][^<>\n]{0,60}>)           # <your-api-key>
      | (?P<your>(?<![\w-])[Yy][Oo][Uu][Rr][-_][\w-]*[A-Za-z0-9])   # your-api-key  your_token
      | (?P<obfuscated>\[email[\x20\xa0]protected\])  # Cloudflare's email obfuscation
    """.replace("@U", "A-ZÀ-ÖØ-Þ"), re.VERBOSE)
_PARAM = r":[A-Za-z_]\w*"
_PATH_PARAM = re.compile(r"(?<=/)" + _PARAM)
_WHOLE_PARAM = re.compile(_PARAM)
_CODE_SPAN = re.compile(r"`([^`\n]{2,80})`")
MASK = "\u2039\u203a"  # what a placeholder becomes when values are compared


def in_text(value: str, hinted: frozenset[str] = frozenset(), *, url: bool = False) -> list[str]:
    """The placeholders inside one value, in order."""
    found = [m.group(0) for m in _PATTERNS.finditer(value)]
    if url:
        found += _PATH_PARAM.findall(value)
    elif _WHOLE_PARAM.fullmatch(value.strip()):
        found.append(value.strip())  # a whole value `:id` (a URL's has its own, above)
    found += [token for token in hinted if token in value and token not in found]
    return found


def mask(value: str, hinted: frozenset[str] = frozenset(), *, url: bool = False) -> str:
    """The value with every placeholder replaced by one mark: what is compared."""
    for token in sorted(in_text(value, hinted, url=url), key=len, reverse=True):
        value = value.replace(token, MASK)
    return value


def holds_placeholder(value: Any, hinted: frozenset[str] = frozenset()) -> bool:
    """True when a value holds a placeholder (`Bearer YOUR_TOKEN` does)."""
    return isinstance(value, str) and bool(in_text(value, hinted))


def is_placeholder(value: Any, known: frozenset[str] | set[str] = frozenset()) -> bool:
    """True when a whole value stands for what the reader fills in: one
    placeholder (`YOUR_TOKEN`, `<id>`, `:id`), or one of the `known` ones
    (a sample's placeholders, its prose's hints). `Bearer YOUR_TOKEN` is not."""
    if not isinstance(value, str):
        return False
    whole = value.strip()
    return value in known or bool(_PATTERNS.fullmatch(whole) or _WHOLE_PARAM.fullmatch(whole))


_BARE_ANGLE = re.compile(r"([:,(=\[]\s*)<([A-Za-z_][\w.-]*)>")


def quote_bare(code: str) -> str:
    """`"docId": <docId>` -> `"docId": "<docId>"`: docs write placeholders where a
    value goes, unquoted; quoted, the code parses and the value is a placeholder.
    Lines and line numbers are kept."""
    return _BARE_ANGLE.sub(r'\1"<\2>"', code)


# A word starts where a run of word characters and dashes starts (leading
# dashes skipped: `--api_key` gives `api_key`), and is taken atomically: a
# long run is read once, not once per dash in it.
_BARE_CODE_WORD = re.compile(r"(?<![\w`-])-*+(?>([A-Za-z][\w-]*_[\w-]*))(?![\w`])")


def hinted_tokens(prose: str, code: str, *, published: bool = False) -> frozenset[str]:
    """Code spans of the prose around a sample that also stand in the sample.

    A published page lost its backticks: there, a bare word that reads as
    code (`recaptcha_response`, with an underscore) counts as well."""
    found = {token for token in _CODE_SPAN.findall(prose) if _stands_whole(token, code)}
    if published:
        found.update(word for word in _BARE_CODE_WORD.findall(prose) if _stands_whole(word, code))
    return frozenset(found)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _stands_whole(token: str, code: str) -> bool:
    """Whether `token` stands in `code` as a whole somewhere, not as a piece of
    a longer word: "the `pk_` prefix" names part of `pk_live_123`, no value."""
    if token.isspace() or not token:
        return False
    start = code.find(token)
    while start >= 0:
        end = start + len(token)
        before, after = code[start - 1:start], code[end:end + 1]
        if not (_is_word(token[0]) and before and _is_word(before)) \
                and not (_is_word(token[-1]) and after and _is_word(after)):
            return True
        start = code.find(token, start + 1)
    return False


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def of_request(request: Request, hinted: frozenset[str] = frozenset()) -> list[str]:
    """Every placeholder a request's values hold, sorted, each once."""
    found = set(in_text(request.url, hinted, url=True))
    for value in [*request.headers.values(), *request.cookies.values(),
                  *_strings(request.query), *_strings(request.body)]:
        found.update(in_text(value, hinted))
    return sorted(found)
