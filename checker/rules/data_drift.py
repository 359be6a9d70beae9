"""A data block's keys or value types differ across locales.

JSON, YAML, TOML, `.env` and INI blocks (a response example, a
docker-compose file, the `.env` a page asks for) are compared as data
(`checker/datablocks.py`): a key added, dropped or renamed
(`ACME_PUBLISHABLE_KEY` became `ACME_API_KEY`), or a value whose type changed
(`"count": 3` became `"count": "3"`), is an error: a reader who copies the
translation gets another configuration or expects another response. A
renamed key is one finding, at the new key's line. Key order, quoting,
indentation and comments are formatting, never drift; a value left out as
`...` or written as a placeholder matches any value.

A block that parses in some locales and not in another is reported where
it breaks, at the line of the parse error; a block that parses nowhere is
not compared (what it says cannot be read in any locale). Keys named by a
locale (`label.ja_JP`, `zh_Hans`) are an i18n map's, each translation's own;
two blocks with less than half their keys in common are two examples, not
one drifting (sample-disagreement and the alignment speak of those).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from checker import datablocks
from checker.align import Slot, Unit
from checker.datablocks import Data, Entry, Path, show
from checker.extract import blockkind
from checker.model import FileKind, Page, Related
from checker.rules.base import Hit
from checker.rules.crosslocale import Odd, SetContext, describe, locales_text, odd_locales

ID = "data-drift"
SEVERITY = "error"
SUMMARY = ("a data block (JSON, YAML, TOML, .env) adds, drops or renames a key, changes a value's type, "
           "or breaks")
KIND = "set"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

PASS = {
    "en/setup.md": "## Setup\n\n```env\n# your keys\nACME_PUBLISHABLE_KEY=pk_test_123\nACME_REGION=eu\n```\n",
    "de/setup.md": "## Einrichtung\n\n```env\n# Ihre Schlüssel\nACME_REGION=eu\n\n"
                   "ACME_PUBLISHABLE_KEY=pk_test_123\n```\n",
}
FAIL = {
    "en/setup.md": "## Setup\n\n```env\n# your keys\nACME_PUBLISHABLE_KEY=pk_test_123\nACME_REGION=eu\n```\n",
    "de/setup.md": "## Einrichtung\n\n```env\n# Ihre Schlüssel\n"
                   "ACME_API_KEY=pk_test_123\nACME_REGION=eu\n```\n",
}
FAIL_AT = [("de/setup.md", "ACME_API_KEY")]


@dataclass
class Block:
    """One locale's data block in a slot."""

    unit: Unit
    data: Data
    start: int = 1     # the sample line the data starts at (a response's body, under its status line)

    def page_line(self, line: int) -> int:
        """A line of the data as a line of the page."""
        return self.unit.sample.page_line(line + self.start - 1)

    @property
    def entries(self) -> dict[Path, Entry]:
        return self.data.entries

    @cached_property
    def open(self) -> frozenset[Path]:
        """Containers with a `...` in them: an object's `...` member, an array's
        `...` item; any key or item may stand there."""
        return frozenset(p[:-1] for p, e in self.entries.items()
                         if p and e.kind == "elided" and (elided_key(p) or isinstance(p[-1], int)))

    def line(self, path: Path) -> int:
        """The page line of a key, else of its nearest key above that the block has."""
        for depth in range(len(path), -1, -1):
            if path[:depth] in self.entries:
                return self.page_line(self.entries[path[:depth]].line)
        return self.page_line(1)


@lru_cache(maxsize=2048)
def _read(form: str, text: str) -> Data:
    return datablocks.read(form, text)


def data_blocks(slot: Slot) -> dict[str, Block]:
    """The slot's data blocks (locale -> block), all of one format: samples
    that send a request are the request rules', a fence never closed is cut
    wrong (fence-unclosed's), and a published YAML block may have lost the
    indentation its structure is."""
    found: dict[str, Block] = {}
    for locale, unit in sorted(slot.units.items()):
        sample = unit.sample
        if sample.requests or not sample.fence.closed:
            continue
        text, start = sample.fence.text, 1
        if sample.kind == blockkind.RESPONSE:
            # A response example is compared as the data it is: its body (under
            # a status line and headers), whatever its fence says (`bash`).
            body = blockkind.body_of(sample)
            text, start = body.text, body.line
        form = datablocks.format_of(sample.language, text)
        if form is None and sample.kind in (blockkind.DATA, blockkind.RESPONSE) \
                and datablocks.format_of("", text) == "json":
            form = "json"
        if form is None or (form == "yaml" and sample.page.kind is FileKind.PUBLISHED):
            continue
        found[locale] = Block(unit, _read(form, text), start)
    formats = Counter(b.data.format for b in found.values())
    if len(formats) > 1:
        # Unlike formats are unlike blocks: keep the commonest (by name on a tie).
        common = min(formats, key=lambda f: (-formats[f], f))
        found = {loc: b for loc, b in found.items() if b.data.format == common}
    return found if len(found) > 1 else {}


def hinted(blocks: dict[str, Block]) -> frozenset[str]:
    """Every locale's prose hints: a value is a placeholder in all or in none."""
    return frozenset[str]().union(*(b.unit.sample.hinted for b in blocks.values()))


# Below this share of key paths in common, two blocks are not one block
# drifting but two examples (a block paired with another, an example rewritten).
MIN_LIKENESS = 0.5


def parsed(blocks: dict[str, Block], base: str) -> dict[str, Block]:
    """The blocks that parse and are like the base locale's block (the
    reference's, else the anchor's, else the first)."""
    readable = {loc: b for loc, b in blocks.items() if b.data.error is None}
    if base not in readable:
        base = next(iter(readable), base)
    if base not in readable:
        return {}
    entries = readable[base].entries
    # List items compared as the items they are, not by index (an entry added
    # at the head of a list is one difference).
    readable = {loc: b if loc == base else replace(b, data=replace(b.data, entries=datablocks.aligned(
        entries, b.entries))) for loc, b in readable.items()}
    return {loc: b for loc, b in readable.items()
            if loc == base or datablocks.likeness(entries, b.entries) >= MIN_LIKENESS}


def base_locale(ctx: SetContext) -> str:
    return ctx.reference or ctx.anchor


def wildcard_at(block: Block, path: Path, hints: frozenset[str]) -> bool:
    """Whether the block leaves `path` open: the key or one above it is
    elided or a placeholder, or a container above it has a `...` in it."""
    entries = block.entries
    for depth in range(len(path), -1, -1):
        entry = entries.get(path[:depth])
        if entry is not None and datablocks.wildcard(entry, hints):
            return True
        if depth < len(path) and path[:depth] in block.open:
            return True
    return False


def elided_key(path: Path) -> bool:
    return bool(path) and path[-1] == datablocks.OPEN_KEY


def finding(ctx: SetContext, blocks: dict[str, Block], odd: Odd, path: Path, line: int,
            message: str, fingerprint: str) -> tuple[Page, Hit]:
    """A finding at the odd locale's line, the other locales' lines of the key related."""
    block = blocks[odd.locale]
    related = [Related(blocks[loc].unit.page.path, blocks[loc].line(path), loc)
               for loc in odd.against if loc in blocks]
    if odd.no_majority:
        message += f" (no majority among the locales; compared with {odd.against[0]})"
    sample = block.unit.sample
    return block.unit.page, Hit(line, message, related=related,
                                fingerprint_key=f"{fingerprint}|{sample.language}|{sample.section}")


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    for slot in ctx.sample_slots:
        blocks = data_blocks(slot)
        if not blocks:
            continue
        yield from _broken(ctx, blocks)
        readable = parsed(blocks, base_locale(ctx))
        if len(readable) > 1:
            yield from _structure(ctx, readable, hinted(readable))


def _broken(ctx: SetContext, blocks: dict[str, Block]) -> Iterator[tuple[Page, Hit]]:
    """A block that parses elsewhere and not here: one finding, where it breaks."""
    fine = sorted(loc for loc, b in blocks.items() if b.data.error is None)
    if not fine:
        return
    for locale, block in sorted(blocks.items()):
        if block.data.error is None:
            continue
        line = block.page_line(block.data.error_line)
        message = (f"{describe(block.unit)} does not parse in {locale} ({block.data.error}); "
                   f"it parses in {locales_text(fine)}")
        yield finding(ctx, blocks, Odd(locale, fine), (), line, message, "data-broken")


def _structure(ctx: SetContext, blocks: dict[str, Block],
               hints: frozenset[str]) -> Iterator[tuple[Page, Hit]]:
    """Type changes first (nothing below a retyped key is compared again), then
    keys added, dropped or renamed, at the top-most key that differs."""
    retyped: set[Path] = set()
    paths = _paths(blocks)
    for path in paths:
        if any(path[:i] in retyped for i in range(len(path))) or elided_key(path) \
                or datablocks.localised_path(path):
            continue
        if not all(path in b.entries for b in blocks.values()) \
                or any(wildcard_at(b, path, hints) for b in blocks.values()):
            continue
        kinds = {loc: b.entries[path].kind for loc, b in blocks.items()}
        for odd in odd_locales(kinds, ctx):
            retyped.add(path)
            mine, theirs = blocks[odd.locale], blocks[odd.against[0]]
            yield finding(ctx, blocks, odd, path, mine.line(path),
                          f"{describe(mine.unit)} has `{show(path)}` as {_say(mine.entries[path])} "
                          f"in {odd.locale}, {_say(theirs.entries[path])} in {locales_text(odd.against)} "
                          f"(line {theirs.line(path)})", f"data-type:{show(path)}")
    yield from _keys(ctx, blocks, hints, [p for p in paths if not any(
        p[:i] in retyped for i in range(len(p) + 1))])


def _paths(blocks: dict[str, Block]) -> list[Path]:
    """Every key path of the blocks, in the document order of the first block
    that has it (the blocks in locale order)."""
    seen: dict[Path, None] = {}
    for block in blocks.values():
        seen.update(dict.fromkeys(block.entries))
    return list(seen)


def _say(entry: Entry) -> str:
    if entry.kind in ("object", "array", "null"):
        return {"object": "an object", "array": "an array", "null": "null"}[entry.kind]
    return f"a {entry.kind} ({datablocks.quoted(entry.value)})"


@dataclass
class _Change:
    path: Path
    added: bool          # True: only the odd locale has it; False: only it lacks it
    odd: Odd


def _keys(ctx: SetContext, blocks: dict[str, Block], hints: frozenset[str],
          paths: list[Path]) -> Iterator[tuple[Page, Hit]]:
    changes: dict[str, list[_Change]] = {}
    reported: set[tuple[str, Path]] = set()
    for path in paths:
        if not path or elided_key(path) or datablocks.localised_path(path):
            continue  # an i18n map's entries are each translation's own
        presence = {loc: path in b.entries or wildcard_at(b, path, hints)
                    for loc, b in blocks.items()}
        for odd in odd_locales(presence, ctx):
            if any((odd.locale, path[:i]) in reported for i in range(len(path))):
                continue
            reported.add((odd.locale, path))
            changes.setdefault(odd.locale, []).append(_Change(path, presence[odd.locale], odd))
    for locale in sorted(changes):
        yield from _report_keys(ctx, blocks, changes[locale])


def _report_keys(ctx: SetContext, blocks: dict[str, Block],
                 changes: list[_Change]) -> Iterator[tuple[Page, Hit]]:
    """A dropped key and an added one of the same object, at the same place or
    with the same value, are one renamed key; the rest are added or dropped."""
    dropped = [c for c in changes if not c.added]
    added = [c for c in changes if c.added]
    for new in added:
        old = _renamed_from(blocks, new, dropped)
        mine = blocks[new.odd.locale]
        if old is not None:
            dropped.remove(old)
            theirs = blocks[old.odd.against[0]]
            yield finding(ctx, blocks, new.odd, old.path, mine.line(new.path),
                          f"{describe(mine.unit)} renames key `{show(old.path)}` "
                          f"(line {theirs.line(old.path)} in {locales_text(old.odd.against)}) to "
                          f"`{show(new.path)}` in {new.odd.locale}",
                          f"data-renamed:{show(old.path)}>{show(new.path)}")
            continue
        yield finding(ctx, blocks, new.odd, new.path, mine.line(new.path),
                      f"{describe(mine.unit)} has key `{show(new.path)}` in {new.odd.locale}, "
                      f"which {locales_text(new.odd.against)} does not have", f"data-added:{show(new.path)}")
    for old in dropped:
        mine, theirs = blocks[old.odd.locale], blocks[old.odd.against[0]]
        yield finding(ctx, blocks, old.odd, old.path, _insertion_line(mine, theirs, old.path),
                      f"{describe(mine.unit)} drops key `{show(old.path)}` in {old.odd.locale} "
                      f"({locales_text(old.odd.against)} has it at line {theirs.line(old.path)})",
                      f"data-dropped:{show(old.path)}")


def _siblings(block: Block, parent: Path) -> list[Path]:
    return [p for p in block.entries if len(p) == len(parent) + 1 and p[:-1] == parent
            and not elided_key(p)]


def _renamed_from(blocks: dict[str, Block], new: _Change, dropped: list[_Change]) -> _Change | None:
    """The dropped key `new` renames: of the same object, with the same value,
    else at the same place among its keys (object keys only, never items)."""
    if not isinstance(new.path[-1], str):
        return None
    mine = blocks[new.odd.locale]
    candidates = [d for d in dropped if d.path[:-1] == new.path[:-1] and isinstance(d.path[-1], str)]
    value = mine.entries[new.path]
    for old in candidates:
        theirs = blocks[old.odd.against[0]].entries[old.path]
        if theirs.value is not None and (theirs.kind, theirs.value) == (value.kind, value.value):
            return old
    place = _siblings(mine, new.path[:-1]).index(new.path)
    for old in candidates:
        if _siblings(blocks[old.odd.against[0]], old.path[:-1]).index(old.path) == place:
            return old
    return None


def _insertion_line(mine: Block, theirs: Block, path: Path) -> int:
    """Where a dropped key goes back: after the last of the keys before it
    (those this block has, wherever it put them), else at the object holding it."""
    siblings = _siblings(theirs, path[:-1])
    before = [mine.line(p) for p in siblings[:siblings.index(path)] if p in mine.entries]
    return max(before) if before else mine.line(path[:-1])
