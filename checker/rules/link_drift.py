"""A link, image, embed or attached file points somewhere else in a locale.

A translation lower-cased a YouTube id (`youtu.be/_k9xjqegnru` for
`youtu.be/_K9xJqEgnrU`: the video is gone), moved a link to another host, or
swapped the video of an `{% embed %}` or the file of a `{% file %}`. The
links of each page are aligned across locales by kind and order (embeds with
embeds, images with images...), so a translator's extra prose link does not
shift the others. What localises is never drift: link text, fragments
(`#installation` is `#instalacion` once the heading is translated), a locale
segment or subdomain (`/en/` and `/fr/`, `en.wikipedia.org`), a `hl=`/`lang=`
value, tracking parameters (`?si=`, `utm_*`), and the folder a relative link
climbs through (`../referencia-api/x.md`, `../../.gitbook/assets/a.png`: the
locale's own page or copy). Reported:

- any link whose target differs from its counterpart only in case (paths and
  ids are case-sensitive on YouTube, GitHub and GitBook);
- a URL the translation mangled (a space or full-width `：／` put inside it,
  no host left) where the counterpart at the same place is sound.

A link that points elsewhere altogether is left alone: on real trees that is
a locale's own screenshot (GitBook renames every upload), its own recorded
walkthrough or video, or a translator's choice of reference, not a break.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlsplit

from checker import locales
from checker.model import FileKind, Link, Page, Related
from checker.rules.base import Hit
from checker.rules.crosslocale import SetContext, locales_text, odd_locales
from checker.sequences import opcodes

ID = "link-drift"
SEVERITY = "error"
SUMMARY = "a link, image, embed or file target changed case, or was mangled, against its counterpart"
KIND = "set"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

_PAGE = ("# Intro\n\nSee [the guide](https://docs.example.com/en/guide#installation).\n\n"
         "{% embed url=\"https://youtu.be/_K9xJqEgnrU?si=AbC\" %}\n\n![Flow](../.gitbook/assets/flow.png)\n")
PASS = {"en/intro.md": _PAGE,
        "fr/intro.md": _PAGE.replace("the guide", "le guide").replace("/en/guide#installation",
                                                                      "/fr/guide#installation-fr")
        .replace("?si=AbC", "?si=XyZ").replace("# Intro", "# Présentation")}
FAIL = {"en/intro.md": _PAGE,
        "fr/intro.md": _PAGE.replace("_K9xJqEgnrU", "_k9xjqegnru")}

# Kinds aligned apart from each other (all other links are prose "link"s).
_KINDS = frozenset({"embed", "file", "content-ref", "image"})
_WIDE = re.compile("[\uff01-\uff5e\u3000\u3002]")  # ：／？＝＆ and the like, ideographic space
_TRACKING = frozenset({"si", "feature", "fbclid", "gclid", "ref_src", "t", "start"})
_LOCALE_KEYS = frozenset({"hl", "lang", "language", "locale", "lng", "gl"})
_WORD = re.compile(r"[^A-Za-z]+")  # splits a file name into words: `img-es.png`


@dataclass(frozen=True)
class Target:
    """A link's target without what localises: compared exactly, aligned
    without case."""

    host: str           # "" for a relative link
    path: str
    query: str

    @property
    def text(self) -> str:
        query = f"?{self.query}" if self.query else ""
        return f"{self.host}{self.path}{query}"


def _locale_part(part: str) -> str:
    return "{locale}" if locales.from_path_segment(part) else part


def _file_name(path: str) -> str:
    """A relative file's name, with locale words (`-es`, `_zh-cn`) set aside."""
    name = posixpath.basename(path.rstrip("/")) or path
    stem, extension = posixpath.splitext(name)
    words = [w for w in _WORD.split(stem) if w]
    for word in words:
        if locales.from_path_segment(word):
            stem = stem.replace(word, "{locale}")
    return stem + extension


def target_of(link: Link) -> Target | None:
    """What a link points at, or None when it points at nothing comparable
    (a fragment of the page itself, `mailto:`, an empty target)."""
    raw = link.target.strip()
    # Every comparison of a set asks again for each of its links' targets, and a
    # tree repeats its targets across locales and pages: kept, if of a sane length.
    return _known_target(raw) if len(raw) <= 2048 else _target(raw)


@lru_cache(maxsize=4096)
def _known_target(raw: str) -> Target | None:
    return _target(raw)


def _target(raw: str) -> Target | None:
    if not raw or raw.startswith("#"):
        return None
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return None
    query = "&".join(f"{k}={'{locale}' if k.lower() in _LOCALE_KEYS else v}"
                     for k, v in sorted(parse_qsl(parts.query, keep_blank_values=True))
                     if k.lower() not in _TRACKING and not k.lower().startswith("utm_"))
    path = unquote(parts.path)
    if not parts.netloc:
        # The locale's own copy may sit in another folder: compare the file.
        return Target("", _file_name(path), query)
    host = parts.netloc.lower().removeprefix("www.")
    labels = host.split(".")
    if len(labels) > 2:
        labels[0] = _locale_part(labels[0])
    segments = "/".join(_locale_part(s) for s in path.split("/"))
    return Target(".".join(labels), segments.rstrip("/"), query)


@dataclass
class _Slot:
    links: dict[str, tuple[Link, Target]]
    by_place: set[str] = field(default_factory=set)   # locales paired by place, not target


def _group(page: Page, kind: str) -> list[tuple[Link, Target]]:
    found = []
    for link in page.links:
        if (link.kind if link.kind in _KINDS else "link") == kind:
            target = target_of(link)
            if target is not None:
                found.append((link, target))
    return found


def _slots(pages: dict[str, Page], anchor: str, kind: str) -> list[_Slot]:
    """The anchor's links of one kind, each with its counterpart in the others:
    the same target without case, else the link at the same place between two
    that match (a gap of equal length on both sides)."""
    mine = _group(pages[anchor], kind)
    result = [_Slot({anchor: item}) for item in mine]
    for locale, page in sorted(pages.items()):
        if locale == anchor:
            continue
        theirs = _group(page, kind)
        for tag, a1, a2, b1, b2 in opcodes([t.text.lower() for _, t in mine],
                                           [t.text.lower() for _, t in theirs]):
            if tag == "equal" or (tag == "replace" and a2 - a1 == b2 - b1):
                for i in range(a2 - a1):
                    result[a1 + i].links[locale] = theirs[b1 + i]
                    if tag == "replace":
                        result[a1 + i].by_place.add(locale)
    return result


def malformed(target: str) -> str:
    """Why an absolute URL cannot be followed ("" when it can): what machine
    translation does to URLs it should have left alone."""
    if _WIDE.search(target) and (target.startswith("http") or "//" in target):
        return "holds full-width punctuation"
    if "://" not in target:
        return ""
    if any(ch.isspace() for ch in target):
        return "holds a space"
    host = urlsplit(target).netloc if "[" not in target else "?"
    if not host or not host.isascii() or "." not in host:
        return "has no valid host"
    return ""


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    pages = {loc: ctx.page_set.primary(loc) for loc in ctx.page_set.locales}
    pages = {loc: p for loc, p in pages.items() if p.kind is FileKind.SOURCE and p.links}
    anchor = ctx.anchor if ctx.anchor in pages else None
    if anchor is None or len(pages) < 2:
        return
    for kind in ("embed", "file", "content-ref", "image", "link"):
        for slot in _slots(pages, anchor, kind):
            yield from _case_drift(ctx, pages, slot, kind)
            yield from _broken(pages, slot, anchor, kind)


def _case_drift(ctx: SetContext, pages: dict[str, Page], slot: _Slot,
                kind: str) -> Iterator[tuple[Page, Hit]]:
    values = {loc: target for loc, (_, target) in slot.links.items() if loc not in slot.by_place}
    if len(values) < 2:
        return
    for odd in odd_locales(values, ctx):
        why = "differs only in case, and paths and ids are case-sensitive: the link breaks"
        yield _hit(pages, slot, odd.locale, odd.against, kind, why, odd.no_majority)


def _broken(pages: dict[str, Page], slot: _Slot, anchor: str,
            kind: str) -> Iterator[tuple[Page, Hit]]:
    """A URL the translation mangled (spaces, full-width `：／`), where the
    anchor's counterpart at the same place is sound."""
    if malformed(slot.links[anchor][0].target):
        return
    for locale in sorted(slot.by_place):
        why = malformed(slot.links[locale][0].target)
        if why:
            yield _hit(pages, slot, locale, [anchor], kind, f"{why}: it cannot be followed", False)


def _hit(pages: dict[str, Page], slot: _Slot, locale: str, against: list[str], kind: str,
         why: str, no_majority: bool) -> tuple[Page, Hit]:
    link, _ = slot.links[locale]
    other_link, _ = slot.links[against[0]]
    what = {"embed": "the embed", "file": "the attached file", "image": "the image",
            "content-ref": "the page reference", "link": "the link"}[kind]
    message = (f"{what} `{link.target}` in {locale} {why}; {locales_text(against)} "
               f"{'has' if len(against) == 1 else 'have'} `{other_link.target}`")
    if no_majority:
        message += f" (no majority among the locales; compared with {against[0]})"
    related = [Related(pages[loc].path, slot.links[loc][0].line, loc) for loc in against]
    return pages[locale], Hit(link.line, message, column=link.column, related=related,
                              fingerprint_key=f"link|{kind}|{link.target}")
