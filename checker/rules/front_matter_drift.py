"""A front matter key was translated, renamed or dropped in a locale.

GitBook reads front matter by key: `설명:` or `descripción:` for
`description:` is a key GitBook does not know, and the page loses its
description; a key the reference locale's page has and a locale's lacks
(`hidden`, `layout`, `description`) changes how that locale's page shows.
Values are prose and are translated, so they are never compared, except the
values of GitBook's settings, which are not localisable: `layout` (which
parts of the page show), `hidden`, `icon`, `noIndex`/`noRobotsIndex` and
`if`, and any key that is an id (`id`, `*_id`, `*Id`). A renamed key is
reported at its line; a missing one at the locale's front matter (line 1
when the page has none). A block that does not parse is front-matter-broken's.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.model import FileKind, FrontMatter, Page, Related
from checker.rules.base import Hit
from checker.rules.crosslocale import SetContext

ID = "front-matter-drift"
SEVERITY = "error"
SUMMARY = "a front matter key translated, renamed or missing against the reference (settings' values too)"
KIND = "set"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset({"front-matter-broken"})

PASS = {
    "en/start.md": "---\ndescription: Get started\nlayout:\n  title:\n    visible: false\n---\n\n# Start\n",
    "fr/start.md": ("---\ndescription: Bien démarrer\nlayout:\n  title:\n    visible: false\n---\n\n"
                    "# Démarrer\n"),
}
FAIL = {
    "en/start.md": "---\ndescription: Get started\n---\n\n# Start\n",
    "ko/start.md": "---\n설명: 시작하기\n---\n\n# 시작\n",
}

# GitBook settings: what they say is configuration, not text for a reader.
SETTINGS = frozenset({"layout", "hidden", "icon", "noindex", "norobotsindex", "if"})


def _is_setting(key: str) -> bool:
    lowered = key.lower()
    return lowered in SETTINGS or lowered == "id" or lowered.endswith("_id") or (
        key.endswith("Id") and key[:1].islower())


def _comparable(page: Page) -> bool:
    """A source page whose front matter, if it has one, GitBook reads (a broken
    one is front-matter-broken's)."""
    matter = page.front_matter
    broken = matter is not None and (bool(matter.problem) or matter.data is None)
    return page.kind is FileKind.SOURCE and not broken


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    base = ctx.reference if ctx.reference in ctx.page_set.pages else ctx.anchor
    if base not in ctx.page_set.pages:
        return
    reference_page = ctx.page_set.primary(base)
    reference = reference_page.front_matter
    if reference is None or not _comparable(reference_page):
        return
    for locale in ctx.page_set.locales:
        page = ctx.page_set.primary(locale)
        if locale != base and _comparable(page):
            yield from _compare(page, page.front_matter, reference_page, reference, base)


def _compare(page: Page, mine: FrontMatter | None, ref_page: Page, ref: FrontMatter,
             base: str) -> Iterator[tuple[Page, Hit]]:
    theirs = ref.data or {}
    ours = (mine.data if mine else None) or {}
    missing = [k for k in theirs if k not in ours]
    extra = [k for k in ours if k not in theirs]
    locale = page.locale

    def related(key: str) -> list[Related]:
        return [Related(ref_page.path, ref.key_lines.get(key, ref.line), base)]

    if mine is None:
        if missing:
            names = ", ".join(f"`{k}`" for k in missing)
            yield page, Hit(1, f"the page has no front matter in {locale}; {base}'s has {names}",
                            related=[Related(ref_page.path, ref.line, base)],
                            fingerprint_key=f"front-matter-none|{'|'.join(map(str, missing))}")
        return

    # A key of the locale's that the reference lacks, where the reference has a
    # key the locale lacks, in the same order: the same key, renamed.
    for old, new in zip(missing, extra, strict=False):
        yield page, Hit(mine.key_lines.get(new, mine.line), (
            f"the front matter key `{new}` in {locale} stands where {base} has `{old}`: keys are "
            f"read by name and never translated; write `{old}:`"),
            related=related(old), fingerprint_key=f"front-matter-key|{old}|{new}")
    for old in missing[len(extra):]:
        yield page, Hit(mine.line, f"the front matter key `{old}` of {base} is missing in {locale}",
                        related=related(old), fingerprint_key=f"front-matter-missing|{old}")
    for key in theirs:
        if key in ours and _is_setting(str(key)) and ours[key] != theirs[key]:
            yield page, Hit(mine.key_lines.get(key, mine.line), (
                f"the front matter setting `{key}` is {_short(ours[key])} in {locale} and "
                f"{_short(theirs[key])} in {base}: settings are not translated"),
                related=related(key), fingerprint_key=f"front-matter-value|{key}")


def _short(value: object) -> str:
    text = repr(value) if not isinstance(value, str) else value
    text = " ".join(text.split())
    return f"`{text if len(text) <= 60 else text[:57] + '...'}`"
