"""Language tags: telling `fr`, `zh-cn`, `pt_BR` or `esp` from any other folder name.

The set of language codes comes from the standard library's locale alias table
(every `xx` or `xx_yy` it knows), so we keep no hand-written list of languages.
"""

from __future__ import annotations

import locale
import re
from functools import lru_cache

# Folder names teams use for a locale that are not language tags.
ALIASES: dict[str, str] = {
    "esp": "es", "spa": "es", "cn": "zh-cn", "zh": "zh-cn", "tw": "zh-tw",
    "jp": "ja", "jpn": "ja", "kr": "ko", "kor": "ko", "br": "pt-br", "ua": "uk",
    "dk": "da", "gr": "el", "cz": "cs", "se": "sv", "ger": "de", "deu": "de",
    "fra": "fr", "fre": "fr", "ita": "it", "por": "pt", "rus": "ru", "chi": "zh-cn",
    "zho": "zh-cn", "ara": "ar", "eng": "en", "nld": "nl", "dut": "nl",
}

# Two-letter codes that are also common English words or folder names; they
# count as a locale only where GitBook's layout says so (a SUMMARY.md root).
AMBIGUOUS = frozenset({"as", "be", "no", "or", "so", "to", "my", "an", "am", "me",
                       "do", "in", "on", "us", "at", "go", "up", "is"})

_SCRIPTS = frozenset({"hans", "hant", "latn", "cyrl", "arab"})
_TAG = re.compile(r"([a-z]{2})(?:[-_]([a-z]{2}|[a-z]{4}|\d{3}))?")


@lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    codes = set()
    for key in locale.locale_alias:
        match = re.fullmatch(r"([a-z]{2})(?:_[a-z]{2})?", key)
        if match:
            codes.add(match.group(1))
    return frozenset(codes)


def canonical(name: str) -> str | None:
    """The canonical tag (`fr`, `zh-cn`, `es`) a folder name stands for, or None."""
    lowered = name.strip().lower()
    if lowered in ALIASES:
        return ALIASES[lowered]
    match = _TAG.fullmatch(lowered)
    if not match or match.group(1) not in _languages():
        return None
    language, region = match.group(1), match.group(2)
    if region and len(region) == 4 and region not in _SCRIPTS:
        return None
    return f"{language}-{region}" if region else language


def from_path_segment(name: str, *, layout_says_so: bool = False) -> str | None:
    """A locale from one path segment; ambiguous words only when the layout agrees."""
    lowered = name.lower()
    if lowered in AMBIGUOUS and not layout_says_so:
        return None
    return canonical(name)


# Regions a page may name that say no more than its language does (`fr_FR`,
# `ja-JP` in `og:locale`): the locale is the language. Regions that change
# the writing (`zh-tw`, `pt-br`, `es-419`) stay.
_DEFAULT_REGIONS = frozenset({"en-us", "ja-jp", "ko-kr", "da-dk", "sv-se", "cs-cz", "el-gr", "uk-ua",
                              "he-il", "vi-vn", "hi-in", "nb-no", "fa-ir", "ar-sa", "sl-si", "et-ee"})


def without_default_region(tag: str) -> str:
    """`fr-fr` -> `fr`, `ja-jp` -> `ja`; `zh-tw`, `pt-br`, `en-gb` unchanged."""
    language, _, region = tag.partition("-")
    return language if region and (region == language or tag in _DEFAULT_REGIONS) else tag
