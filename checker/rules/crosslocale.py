"""What the cross-locale rules share: the context of one page set, and the one
way a difference between locales becomes a finding.

A value per locale (a method, a set of body keys, a header value...) is
compared with the reference locale's when there is one (`--reference-locale`,
`en`, the config); else the majority's value wins and the odd locales are
reported. With no majority, the locales are compared with the anchor (the
locale with the most pages) and the message says there was no majority.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from checker.align import PageSet, Slot, Unit, calls, slots
from checker.compare import View, language_name, line_of_part, view
from checker.confine import Roots
from checker.model import Block, FileKind, Page, Related, Request
from checker.parse.blocks import walk_blocks
from checker.parse.tags import API_TAGS
from checker.rules.base import Hit
from checker.sequences import opcodes

Value = TypeVar("Value", bound=Hashable)
Shared = TypeVar("Shared")


@dataclass
class SetContext:
    page_set: PageSet
    anchor: str
    reference: str | None          # None: consensus
    all_locales: list[str] = field(default_factory=list)   # every locale of the run
    roots: Roots | None = None     # where a page's `src=` may be read (None: nowhere)
    _views: dict[int, View] = field(default_factory=dict)
    _shared: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def sample_slots(self) -> list[Slot]:
        """Every sample across locales (each unit with its sample's first request)."""
        return slots(self.page_set, self.anchor)

    @cached_property
    def slots(self) -> list[Slot]:
        """Every request of every sample across locales: what request rules compare."""
        return calls(self.sample_slots, self.anchor)

    @cached_property
    def _slot_hints(self) -> dict[int, frozenset[str]]:
        hints: dict[int, frozenset[str]] = {}
        for slot in self.slots:
            shared = frozenset[str]().union(*(u.sample.hinted for u in slot.units.values()))
            hints.update((id(u), shared) for u in slot.units.values())
        return hints

    def hinted(self, unit: Unit) -> frozenset[str]:
        """The prose hints of every locale of the unit's slot: a value is a
        placeholder in all locales or in none, so a hint in one locale's prose
        never makes byte-identical code differ."""
        return self._slot_hints.get(id(unit), unit.sample.hinted)

    def shared(self, name: str, compute: Callable[[], Shared]) -> Shared:
        """What several rules read of one page set, computed once (the code
        comparison that code-drift, literal-drift and placeholder-translated share)."""
        if name not in self._shared:
            self._shared[name] = compute()
        found: Shared = self._shared[name]
        return found

    def pairing_certain(self, locale: str) -> bool:
        """Whether the locale's page was paired by what names it (its path, its
        SUMMARY.md entry, its file name, the very API operations of its blocks),
        not by how alike it looks: a fix acts only on a certain pairing. The
        anchor's own page (what the others are paired against) is certain."""
        return certain_pairing(self.page_set.how.get(locale, ""))

    def view(self, unit: Unit) -> View:
        """What of the unit's request is compared (only a unit with a request has one)."""
        key = id(unit)
        if key not in self._views:
            assert unit.request is not None, "a unit without a request has no view"
            self._views[key] = view(unit.request, self.hinted(unit))
        return self._views[key]


# How a page is paired when nothing is guessed (checker/align.py says how each pairing was made).
CERTAIN_PAIRINGS = ("same path", "SUMMARY.md:", "same file name", "same API operations (")


def certain_pairing(how: str) -> bool:
    """Whether a pairing (PageSet.how) was made by what names the page, not by likeness."""
    return how in ("", "anchor", "reference") or (how.startswith(CERTAIN_PAIRINGS) and "% alike" not in how)


@dataclass(frozen=True)
class Odd:
    """A locale whose value differs, and the locales it differs from."""

    locale: str
    against: list[str]
    no_majority: bool = False


def odd_locales(values: Mapping[str, Hashable], ctx: SetContext) -> Iterator[Odd]:
    if len(set(values.values())) < 2:
        return
    reference = ctx.reference
    if reference is not None and reference in values:
        expected = values[reference]
        for locale, value in sorted(values.items()):
            if value != expected:
                yield Odd(locale, [reference])
        return
    counts = Counter(values.values()).most_common()
    if counts[0][1] > 1 and counts[0][1] > counts[1][1]:
        top = counts[0][0]
        majority = sorted(loc for loc, v in values.items() if v == top)
        for locale, value in sorted(values.items()):
            if value != top:
                yield Odd(locale, majority)
        return
    base = ctx.anchor if ctx.anchor in values else sorted(values)[0]
    for locale, value in sorted(values.items()):
        if locale != base and value != values[base]:
            yield Odd(locale, [base], no_majority=True)


def slot_values(ctx: SetContext, slot: Slot,
                value_of: Callable[[Unit, Request], Value]) -> dict[str, Value]:
    """The value of each locale that has a request in the slot."""
    return {locale: value_of(unit, unit.request) for locale, unit in slot.units.items()
            if unit.request is not None}


def where(unit: Unit, key: str | None) -> int:
    """The page line of a part of a unit's request (its start when not found)."""
    return line_of_part(unit.sample, unit.request, key)


def locales_text(locales: list[str]) -> str:
    return locales[0] if len(locales) == 1 else ", ".join(locales[:-1]) + " and " + locales[-1]


ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def describe(unit: Unit) -> str:
    """`the cURL sample of "Connexion"` (`the second call of ...` in a sample
    that makes several): how a message names the sample."""
    section = f' of "{unit.sample.section}"' if unit.sample.section else ""
    named = f"the {language_name(unit.sample)} sample{section}"
    if len(unit.sample.requests) < 2:
        return named
    call = unit.call
    ordinal = ORDINALS[call] if call < len(ORDINALS) else f"call {call + 1}"
    return f"the {ordinal} call of {named}" if call < len(ORDINALS) else f"{ordinal} of {named}"


def hit(ctx: SetContext, slot: Slot, odd: Odd, key: str | None, message: str,
        fingerprint_key: str) -> tuple[Page, Hit]:
    """A finding at the odd locale's line, with the others as related locations."""
    unit = slot.units[odd.locale]
    related = [Related(slot.units[loc].page.path, _written_at(ctx, slot.units[loc], key), loc)
               for loc in odd.against if loc in slot.units]
    if odd.no_majority:
        message += f" (no majority among the locales; compared with {odd.against[0]})"
    line = _written_at(ctx, unit, key)
    if line != where(unit, key):
        from checker import codetokens  # it builds on this module: imported when used
        codetokens.moved_to(ctx).add((unit.page.path, line))
    return unit.page, Hit(line, message, related=related,
                          fingerprint_key=f"{fingerprint_key}|{unit.sample.language}|{unit.sample.section}")


def _written_at(ctx: SetContext, unit: Unit, key: str | None) -> int:
    """Where part `key`'s value is written: the line of the literal it came
    from when that differs across locales (codetokens.origin), else the part's."""
    from checker import codetokens  # it builds on this module: imported when used
    at = codetokens.origin(ctx, unit, key) if key else None
    return at if at is not None else where(unit, key)


def parents(key: str) -> list[str]:
    """`a.b[].c` -> [`a`, `a.b`]: the keys above a flattened key."""
    parts = key.replace("[]", "").split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def with_parents(keys: Iterable[str]) -> list[str]:
    """Every key and the keys above it, shallow first."""
    found: set[str] = set()
    for key in keys:
        found.add(key.replace("[]", ""))
        found.update(parents(key))
    return sorted(found, key=lambda k: (k.count("."), k))


def key_presence(ctx: SetContext, slot: Slot, keys_of: Callable[[View], dict],
                 opaque_of: Callable[[View], frozenset[str]] = lambda v: frozenset(),
                 include: Callable[[View], bool] = lambda v: True,
                 ) -> Iterator[tuple[str, Odd, bool]]:
    """(key, odd locale, whether the odd locale has it) for each key some locales
    send and others do not, at the top-most key that differs. Locales whose
    view `include` rejects (keys unknown) take no part."""
    from checker.compare import has_key

    units = {loc: u for loc, u in slot.units.items() if u.request is not None}
    views = {loc: v for loc, u in units.items() if include(v := ctx.view(u))}
    reported: set[tuple[str, str]] = set()
    for key in with_parents(k for v in views.values() for k in keys_of(v)):
        presence = {loc: has_key(keys_of(v), key, opaque_of(v)) for loc, v in views.items()}
        for odd in odd_locales(presence, ctx):
            if any((odd.locale, parent) in reported for parent in parents(key)):
                continue
            reported.add((odd.locale, key))
            yield key, odd, presence[odd.locale]


def api_blocks(page: Page) -> list[Block]:
    return [b for b in walk_blocks(page.blocks) if b.name in API_TAGS]


def operation(block: Block) -> str:
    """`POST /items`: what an API block documents, as its attributes say."""
    attrs = {k.lower(): v for k, v in block.open.attrs.items()}
    return f"{attrs.get('method', '?').upper()} {attrs.get('path', '?')}"


def extra_blocks(ctx: SetContext) -> list[tuple[Page, Block]]:
    """API blocks of a translation whose operation the reference's page (the
    anchor's, under consensus) documents nowhere: an endpoint only that
    translation has. GitBook sources only: a rendering has no blocks."""
    page_set = ctx.page_set
    base = ctx.reference if ctx.reference in page_set.pages else ctx.anchor
    if page_set.only_in or base not in page_set.pages:
        return []
    reference = page_set.primary(base)
    if reference.kind is not FileKind.SOURCE:
        return []
    theirs = [operation(b) for b in api_blocks(reference)]
    found: list[tuple[Page, Block]] = []
    for locale in page_set.locales:
        page = page_set.primary(locale)
        if locale == base or page.kind is not FileKind.SOURCE:
            continue
        blocks = api_blocks(page)
        mine = [operation(b) for b in blocks]
        # Inserted, not replaced: a block standing where the reference has
        # another one is spec-ref-drift's.
        known = set(theirs)
        found.extend((page, blocks[i]) for tag, _, _, b1, b2 in opcodes(theirs, mine)
                     if tag == "insert" for i in range(b1, b2) if mine[i] not in known)
    return found
