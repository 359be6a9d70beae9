"""The language of a page, for files whose path says nothing: what the page
says of itself, else what its words are.

A saved page often says its locale: a first line `URL: https://site/fr/...`,
or in HTML `<html lang>`, its canonical link or `og:locale`. That evidence
comes first (`declared_locale`); language identification reads the words
only when the page says nothing.

Identification is py3langid's (a modernised langid.py: a naive Bayes model
over byte n-grams, shipped inside the package, no download at run time),
restricted to the languages documentation is plausibly translated into, which
makes it both faster and less error-prone (no Galician for a Portuguese page).
The model is loaded once per process, on first use (~0.7 s).

py3langid is an optional extra (`pip install 'sampledrift[langid]'`): it brings
numpy (73 MB of the 134 MB an install was), and most trees never call it, since
their paths name the locale. Without it, a page that needs it is left out of
the cross-locale rules with that reason (`unidentified`), and the run says so in
one line (`missing_note`); its own page rules still run. CLD2 (pycld2) and CLD3
were measured as numpy-free replacements and named a wrong language far more
often on the Flowise and Dify trees (28 and 21 pages of 1,391, against 4), and
pycld2 has no wheel for Python 3.14 or Linux on ARM.

It is computed on the page's prose only: code, URLs, GitBook tags, inline code
and the site's chrome are stripped first, since code is English-ish and would
pull every page towards English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib.util import find_spec
from typing import TYPE_CHECKING

from checker import locales
from checker.model import FileKind, Page
from checker.parse.chrome import export_footer_start, export_header_lines
from checker.parse.rendered import html_prose, looks_like_html, page_prose

if TYPE_CHECKING:  # pragma: no cover
    from py3langid.langid import LanguageIdentifier  # type: ignore[import-untyped]  # ships no types

# ISO 639-1 codes the model knows, limited to plausible documentation locales.
PLAUSIBLE: tuple[str, ...] = (
    "ar", "bg", "ca", "cs", "da", "de", "el", "en", "es", "et", "fa", "fi", "fr", "he",
    "hi", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "ms", "nl", "no", "pl", "pt",
    "ro", "ru", "sk", "sl", "sr", "sv", "th", "tr", "uk", "vi", "zh",
)
MIN_CONFIDENCE = 0.9     # a normalised probability; below it we say "unsure"
MIN_LETTERS = 20         # too little prose to tell
MAX_CHARS = 20_000       # enough words to decide; keeps huge pages cheap

# Characters written differently in simplified and traditional Chinese: the
# model says "zh"; the locale is zh-cn or zh-tw.
_SIMPLIFIED = frozenset("这个们来时为说对会与证验数请应点后发开关档体学"
                        "户务将过还进么实现动问题经话认译读写码网页录设")
_TRADITIONAL = frozenset("這個們來時為說對會與證驗數請應點後發開關檔體學"
                         "戶務將過還進麼實現動問題經話認譯讀寫碼網頁錄設")
# Written Cantonese and Hong Kong's own words: traditional Chinese of zh-hk.
_HONG_KONG = ("香港", "嘅", "咗", "唔", "冇", "佢", "喺", "嚟", "啲", "咁", "噉", "睇")

# A saved page's own address, on one of its first lines.
_URL_LINE = re.compile(r"^\s*(?:URL|Source|Address|Page|Link)\s*:\s*(\S{1,2000})\s*$", re.IGNORECASE)
_HTML_LANG = re.compile(r"<html\b[^>]{0,1000}?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)",
                        re.IGNORECASE)
_CANONICAL = re.compile(r"<link\b(?=[^>]{0,1000}?\brel\s*=\s*[\"']?canonical\b)[^>]{0,1000}?"
                        r"\bhref\s*=\s*[\"']?([^\"'\s>]{1,2000})", re.IGNORECASE)
_OG_LOCALE = re.compile(r"<meta\b(?=[^>]{0,1000}?og:locale[\"'\s])[^>]{0,1000}?"
                        r"\bcontent\s*=\s*[\"']?([A-Za-z]{2}(?:[-_][A-Za-z]{2})?)", re.IGNORECASE)
HEAD_CHARS = 50_000   # where a page says what it is

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TAG = re.compile(r"\{%.*?(?:%\}|$)")
_LINK = re.compile(r"!?\[([^\[\]\n]{0,500})\]\([^()\n]{0,1000}\)")   # no `[` inside: linear
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_URL = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+")
_HTML_TAG = re.compile(r"<[^<>\n]{0,500}>")
_IDENTIFIER = re.compile(r"\b\w*[_\d]\w*\b|\b[A-Z]{2,}\b")   # recaptcha_response, YOUR_TOKEN, JWT
_MARKUP = re.compile(r"^\s*(?:#{1,6}\s|>\s?|[•*+-]\s|\d+\.\s|\|)")


EXTRA = "pip install 'sampledrift[langid]'"
# The reason `left_out` gives for a page only language ID could place.
NEEDS_EXTRA = f"its path names no locale and language ID is not installed ({EXTRA})"


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether the `langid` extra is installed (found, not imported: numpy's
    import costs ~100 ms a process that may never need it)."""
    return all(find_spec(name) is not None for name in ("py3langid", "numpy"))


def unidentified(pages: Iterable[Page]) -> list[tuple[str, str]]:
    """(path, why) for the pages language ID would have placed in a locale,
    when it is not installed: those that name none themselves."""
    if available():
        return []
    return [(page.path, NEEDS_EXTRA) for page in pages
            if page.locale is None and page.lines and page.kind is not FileKind.NAVIGATION]


def missing_note(left_out: Iterable[tuple[str, str]]) -> str | None:
    """One line for the run: how many pages went unplaced for want of the extra."""
    paths = [path for path, why in left_out if why == NEEDS_EXTRA]
    if not paths:
        return None
    which = f"1 page ({paths[0]}) was" if len(paths) == 1 else f"{len(paths)} pages (first {paths[0]}) were"
    return (f"sampledrift: note: language ID is not installed, so {which} placed in no locale "
            f"and not compared across locales; {EXTRA}")


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """The model, restricted to PLAUSIBLE: loaded once per process, lazily."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(PLAUSIBLE))
    return identifier


def page_locale(text: str) -> str | None:
    """The locale a page says it is in, else the one its words are in, else None."""
    return declared_locale(text) or detect_locale(text)


def declared_locale(text: str) -> str | None:
    """The locale a saved page gives itself: its URL line, `<html lang>`, its
    canonical link, `og:locale`; None when it gives none."""
    head = text[:HEAD_CHARS]
    for line in head.lstrip().split("\n", 5)[:5]:
        found = _URL_LINE.match(line)
        if found:
            return locale_of_url(found.group(1))
    if not looks_like_html(head):
        return None
    for pattern, read in ((_HTML_LANG, locales.canonical), (_CANONICAL, locale_of_url),
                          (_OG_LOCALE, locales.canonical)):
        found = pattern.search(head)
        tag = read(found.group(1)) if found else None
        if tag:
            return locales.without_default_region(tag)
    return None


def declared_url(text: str) -> str | None:
    """The address a saved page gives itself (its URL line, else its canonical
    link), without query, fragment or trailing slash: two files that give the
    same one are one page saved twice, or in pieces."""
    head = text[:HEAD_CHARS]
    found = next((m for line in head.lstrip().split("\n", 5)[:5] if (m := _URL_LINE.match(line))), None)
    if found is None and looks_like_html(head):
        found = _CANONICAL.search(head)
    if found is None:
        return None
    url = found.group(1).split("#")[0].split("?")[0].rstrip("/")
    return url.lower() if "://" in url else None


def locale_of_url(url: str) -> str | None:
    """The locale a page's address names: its first path segment that is a
    language tag (`/fr/`, `/zh-hk/`, `/pt-BR/`), as GitBook sites publish them."""
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.strip(), flags=re.IGNORECASE)
    for segment in path.split("?")[0].split("#")[0].split("/")[:6]:
        tag = locales.from_path_segment(segment) if segment else None
        if tag:
            return locales.without_default_region(tag)
    return None


def detect_locale(text: str) -> str | None:
    """A lower-case locale tag ("fr", "da", "zh-cn") for a page, or None when unsure."""
    prose = prose_of(text)[:MAX_CHARS]
    if sum(1 for char in prose if char.isalpha()) < MIN_LETTERS or not available():
        return None
    language, confidence = _identifier().classify(prose)
    if confidence < MIN_CONFIDENCE:
        return None
    if language == "zh":
        return _chinese_variant(prose)
    return language


def prose_of(text: str) -> str:
    """The words of a page: no code, chrome, tags, URLs or identifiers.

    Works on any form of a page: GitBook source, the `.md` export, published
    text or HTML.
    """
    if looks_like_html(text):
        return _clean(html_prose(text).split("\n"))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = _without_fences(_without_export_chrome(lines))
    return _clean(page_prose(lines))


def _without_export_chrome(lines: list[str]) -> list[str]:
    """The `.md` export's header and footer (English, the site's) blanked out."""
    header = export_header_lines(lines)
    footer = export_footer_start(lines) or len(lines) + 1
    return ["" if not header < number < footer else text
            for number, text in enumerate(lines, start=1)]


def _without_fences(lines: list[str]) -> list[str]:
    """Fenced code blanked out (line count kept), closed by a like marker."""
    out: list[str] = []
    marker: str | None = None
    for text in lines:
        opener = _FENCE.match(text)
        if marker is None and opener:
            marker = opener.group(1)
            out.append("")
        elif marker is not None:
            closes = opener and opener.group(1)[0] == marker[0] and len(opener.group(1)) >= len(marker)
            if closes and not text.strip().lstrip(marker[0]):
                marker = None
            out.append("")
        else:
            out.append(text)
    return out


def _clean(lines: list[str]) -> str:
    kept = []
    for text in lines:
        text = _TAG.sub(" ", text)
        text = _LINK.sub(r"\1", text)
        text = _CODE_SPAN.sub(" ", text)
        text = _URL.sub(" ", text)
        text = _HTML_TAG.sub(" ", text)
        text = _MARKUP.sub("", text).replace("\\", "")   # Markdown escapes: rememberizer\_openapi
        text = _IDENTIFIER.sub(" ", text)
        text = " ".join(text.split())
        if text:
            kept.append(text)
    return "\n".join(kept)


def _chinese_variant(prose: str) -> str:
    """zh-cn by simplified characters; traditional ones are zh-tw, or zh-hk
    where the page writes Cantonese or names Hong Kong."""
    simplified = sum(1 for char in prose if char in _SIMPLIFIED)
    traditional = sum(1 for char in prose if char in _TRADITIONAL)
    if traditional <= simplified:
        return "zh-cn"
    return "zh-hk" if sum(prose.count(word) for word in _HONG_KONG) >= 2 else "zh-tw"
