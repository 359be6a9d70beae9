"""Code re-sync from the reference: the reference's code, with what the
translator localised carried over.

A translation's sample whose code drifted (code-drift, and the request
rules: endpoint-, method-, payload-, header-, status-drift) is repaired by
writing the reference's code in its place. What a translator may localise is
what the comparison leaves out (checker/codetokens.py, one definition for
both): comments (and docstrings) and the text of the calls that print or
log. Those are carried over from the locale's sample; anything else (a
translated placeholder, a translated example value) becomes the reference's.

How a localised piece finds its place: both samples are cut into the code
tokens they are compared by, with offsets (`codetokens.layout`), and the
token streams are aligned (difflib, `checker.sequences.opcodes`). A comment
or printed text stands in a gap between two code tokens; the locale's gap
is the counterpart of the reference's when the tokens on both sides of it
align as equal. There, each of the reference's pieces is replaced by the
locale's piece in the same order, when the two gaps hold the same kinds of
pieces (and printed text names the same variables). Anywhere else (the code
around it changed), the reference's piece stays and a note says so; a
locale's piece with no place is named too. Whitespace is the reference's.

The result is checked before it is proposed: its code tokens must be the
reference's, one for one, and it must read without a parse error; else there
is no edit. No edit either on a published rendering, when the samples'
languages differ, when the reference's sample does not parse, when the page
or the sample pairing is a guess, or when there is no reference and no strict
majority holds the code restored.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker import codetokens
from checker.align import Slot, Unit
from checker.extract.samples import read_code
from checker.model import Edit, FileKind, Page, Sample
from checker.rules.base import Hit, show
from checker.rules.crosslocale import SetContext, odd_locales
from checker.sequences import opcodes

# codetokens is named through its module, not imported from: it reaches this
# module through the rule registry, so importing it first would find its
# names not yet defined.
if TYPE_CHECKING:
    from checker.codetokens import Layout, Token

COMMENT = "comment"
PRINTED = "printed text"
# What printed text names in code: `${user}`, `{name}`, `#{x}`, `$NAME`.
_REFERENCE = re.compile(r"\$\{?([A-Za-z_]\w*)|#?\{([^{}]*)\}")
_IDENTIFIER = re.compile(r"^[A-Za-z_$][\w$]*$")


@dataclass(frozen=True)
class Piece:
    """A comment, or a run of printed text, and the gap it stands in."""

    kind: str          # COMMENT or PRINTED
    start: int
    end: int
    gap: int           # between code tokens gap - 1 and gap
    trailing: bool     # on the line of the token before it (else on lines of its own)
    names: tuple[str, ...] = ()   # printed text: the variables it names


@dataclass(frozen=True)
class Resynced:
    """The re-synced code, and what could not be carried over."""

    text: str
    notes: tuple[str, ...]

    @property
    def lines(self) -> list[str]:
        """The code's lines (a fence's text ends each line with a newline)."""
        return _rows(self.text)


# ---------------------------------------------------------------- texts

def resync_text(language: str, reference: str, mine: str, first_line: int = 1) -> Resynced | None:
    """The reference's code with the comments and printed text of `mine`
    carried over (None when either does not lex, or the result is not the
    reference's code). Notes name lines counted from `first_line`."""
    theirs, ours = codetokens.layout(language, reference), codetokens.layout(language, mine)
    if theirs is None or ours is None or not theirs.code:
        return None
    their_pieces, our_pieces = _pieces(reference, theirs), _pieces(mine, ours)
    if their_pieces is None or our_pieces is None:
        return None
    matched = _matched(theirs.code, ours.code)
    size, our_size = len(theirs.code), len(ours.code)
    ours_by_gap = _grouped(our_pieces)
    placed: list[tuple[Piece, Piece | None]] = []
    for gap, here in _grouped(their_pieces).items():
        left = matched.get(gap - 1) if gap else -1
        right = matched.get(gap) if gap < size else our_size
        placed.extend(_placed(here, ours_by_gap, left, right))
    swaps = [(piece, other) for piece, other in placed if other is not None and piece.names == other.names]
    result = _substituted(reference, mine, swaps)
    pair = _Pair(reference, mine, matched, size, our_size, our_pieces,
                 {other for _, other in placed if other is not None})
    notes = [_kept(reference, piece, first_line, why) for piece, other in placed
             if (piece, other) not in swaps and (why := pair.why_kept(piece, other))]
    notes += [f"the locale's {p.kind} {show(mine[p.start:p.end])} has no place in the reference's code: "
              "left out" for p in our_pieces if p not in pair.used and mine[p.start:p.end] not in result]
    if not _is_reference(language, result, theirs):
        return None
    return Resynced(result, tuple(notes))


def _placed(here: list[Piece], ours: Mapping[int, list[Piece]], left: int | None,
            right: int | None) -> list[tuple[Piece, Piece | None]]:
    """The reference's pieces of one gap, each with the locale's piece that
    stands in its place (None: none does with certainty). Between two tokens
    aligned alike, the locale's gap there; else a comment that ends a line of
    code belongs to the token before it, one on lines of its own to the token
    after it, so each part is placed by the token it describes, if aligned."""
    if left is not None and right == left + 1 and _alike(here, ours.get(right, [])):
        return list(zip(here, ours.get(right, []), strict=True))
    found: list[tuple[Piece, Piece | None]] = []
    for trailing, gap in ((True, None if left is None else left + 1), (False, right)):
        part = [p for p in here if p.trailing == trailing]
        there = [p for p in ours.get(gap, []) if p.trailing == trailing] if gap is not None else []
        if gap is not None and _alike(part, there):
            found.extend(zip(part, there, strict=True))
        else:
            found.extend((p, None) for p in part)
    return sorted(found, key=lambda pair: pair[0].start)


def _alike(here: list[Piece], there: list[Piece]) -> bool:
    return [(p.kind, p.trailing) for p in here] == [(p.kind, p.trailing) for p in there]


@dataclass(frozen=True)
class _Pair:
    """A reference's text, a locale's, and how their code tokens align."""

    reference: str
    mine: str
    matched: Mapping[int, int]
    size: int
    our_size: int
    ours: list[Piece]
    used: set[Piece]

    def why_kept(self, piece: Piece, other: Piece | None) -> str:
        """Why the reference's piece stays ("" when the locale has nothing there
        to carry: code the translation lacks, or its piece was not translated)."""
        text = self.reference[piece.start:piece.end]
        if other is not None:
            return "" if self.mine[other.start:other.end] == text else "the locale's names other variables"
        before = [self.matched[i] for i in range(piece.gap - 1, -1, -1) if i in self.matched][:1]
        after = [self.matched[i] for i in range(piece.gap, self.size) if i in self.matched][:1]
        low, high = (before[0] + 1 if before else 0), (after[0] if after else self.our_size)
        nearby = [p for p in self.ours if low <= p.gap <= high and p not in self.used]
        if all(self.mine[p.start:p.end] == text for p in nearby):
            return ""
        return "the code around it changed"


def _kept(reference: str, piece: Piece, first_line: int, why: str) -> str:
    return (f"kept the reference's {piece.kind} {show(reference[piece.start:piece.end])} "
            f"(line {_line(reference, piece.start, first_line)}): {why}")


def _pieces(text: str, layout: Layout) -> list[Piece] | None:
    """The comments and printed runs of a text, in order, each with its gap
    (consecutive printed tokens of one gap are one run). None when one
    overlaps a code token (offsets not to be trusted)."""
    starts = [t.start for t in layout.code]
    spans: list[tuple[int, int, str, Token | None]] = sorted(
        [(a, b, COMMENT, None) for a, b in layout.comments]
        + [(t.start, t.end, PRINTED, t) for t in layout.printed], key=lambda s: s[:2])
    runs: list[tuple[int, int, str, list[Token]]] = []
    for start, end, kind, token in spans:
        gap = bisect_right(starts, start)
        if (gap and layout.code[gap - 1].end > start) or (gap < len(starts) and starts[gap] < end):
            return None
        if runs and runs[-1][2] == kind == PRINTED and bisect_right(starts, runs[-1][0]) == gap:
            runs[-1] = (runs[-1][0], end, kind, [*runs[-1][3], token])   # type: ignore[list-item]
            continue
        runs.append((start, end, kind, [token] if token else []))
    found = []
    for start, end, kind, run in runs:
        gap = bisect_right(starts, start)
        trailing = gap > 0 and "\n" not in text[layout.code[gap - 1].end:start]
        found.append(Piece(kind, start, end, gap, trailing, _names(text[start:end], run)))
    return found


def _names(text: str, run: list[Token]) -> tuple[str, ...]:
    """What a printed run names in code (interpolated variables, and in a
    statement like `puts "x" + name`, its identifiers): carried over only
    where the reference's names the same, or the text would name a variable
    the reference's code does not have."""
    found = [a or b.strip() for a, b in _REFERENCE.findall(text)]
    found += [t.text for t in run if t.kind != codetokens.LITERAL and _IDENTIFIER.match(t.text)
              and not t.text.startswith("$")]
    return tuple(sorted(found))


def _matched(theirs: tuple[Token, ...], ours: tuple[Token, ...]) -> dict[int, int]:
    """Reference token index -> the locale's, where the two align as equal."""
    matched: dict[int, int] = {}
    for tag, a1, a2, b1, _ in opcodes([t.key for t in theirs], [t.key for t in ours]):
        if tag == "equal":
            matched.update((a1 + i, b1 + i) for i in range(a2 - a1))
    return matched


def _grouped(pieces: list[Piece]) -> dict[int, list[Piece]]:
    found: dict[int, list[Piece]] = {}
    for piece in pieces:
        found.setdefault(piece.gap, []).append(piece)
    return found


def _substituted(reference: str, mine: str, swaps: list[tuple[Piece, Piece]]) -> str:
    out: list[str] = []
    at = 0
    for theirs, ours in sorted(swaps, key=lambda s: s[0].start):
        out.extend((reference[at:theirs.start], mine[ours.start:ours.end]))
        at = theirs.end
    out.append(reference[at:])
    return "".join(out)


def _is_reference(language: str, result: str, theirs: Layout) -> bool:
    """Whether the result's code is the reference's, token for token, and reads."""
    found = codetokens.layout(language, result)
    return (found is not None and [t.text for t in found.code] == [t.text for t in theirs.code]
            and read_code(language, result).error is None)


def _line(text: str, offset: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, offset)


# ---------------------------------------------------------------- samples

def resync(theirs: Sample, mine: Sample) -> Resynced | None:
    """`mine` re-synced from `theirs` (None when not certain: languages that
    differ, a reference that does not parse, code that is not alike enough)."""
    language = mine.language
    if not language or language != theirs.language or theirs.error \
            or codetokens.compared_language(language) is None:
        return None
    if _share(language, theirs.fence.text, mine.fence.text) < codetokens.SAME_CODE:
        return None
    found = resync_text(language, theirs.fence.text, mine.fence.text, mine.fence.line)
    if found is None or found.text == mine.fence.text:
        return None
    return found


def _share(language: str, reference: str, mine: str) -> float:
    """The share of code tokens two samples have in common."""
    theirs, ours = codetokens.layout(language, reference), codetokens.layout(language, mine)
    if theirs is None or ours is None or not theirs.code or not ours.code:
        return 0.0
    same = len(_matched(theirs.code, ours.code))
    return 2 * same / (len(theirs.code) + len(ours.code))


def edit_of(sample: Sample, found: Resynced) -> Edit | None:
    """The edit writing `found` over the sample's code lines (fence lines
    untouched); None when the page's lines do not hold the code as read."""
    fence, page = sample.fence, sample.page
    if not fence.closed or not fence.text or fence.line > fence.end_line:
        return None
    written = page.lines[fence.line - 1:fence.end_line]
    rows = _rows(fence.text)
    if len(written) != len(rows) or not found.text.endswith("\n"):
        return None
    indent = _indent(written, rows)
    if indent is None:
        return None
    lines = [indent + row if row else row for row in found.lines]
    # A line the re-sync left as it was is the page's, byte for byte (a blank
    # line of an indented fence keeps its spaces).
    for tag, a1, a2, b1, _ in opcodes(rows, found.lines):
        if tag == "equal":
            lines[b1:b1 + a2 - a1] = written[a1:a2]
    return Edit(fence.line, fence.end_line + 1, tuple(lines), "; ".join(found.notes))


def _rows(text: str) -> list[str]:
    return text[:-1].split("\n") if text.endswith("\n") else text.split("\n")


def _indent(written: list[str], rows: list[str]) -> str | None:
    """What each page line adds before its code line (a fence in a list item); None when not one prefix."""
    indent = next((w[:len(w) - len(r)] for w, r in zip(written, rows, strict=True) if r), "")
    for line, row in zip(written, rows, strict=True):
        if line != (indent + row if row else line) or (not row and line.strip()):
            return None
    return indent


# ---------------------------------------------------------------- rules

def source(ctx: SetContext, units: Mapping[str, Unit], locale: str) -> str | None:
    """The locale whose sample the locale's is re-synced from: the reference,
    or with no reference the strict majority's (None: no majority, or the
    locale is not odd as a whole)."""
    if ctx.reference is not None:
        return ctx.reference if ctx.reference in units and ctx.reference != locale else None
    values: dict[str, tuple[str, ...]] = {}
    for loc, unit in units.items():
        layout = codetokens.layout(unit.sample.language, unit.sample.fence.text) \
            if codetokens.compared_language(unit.sample.language) else None
        if layout is not None:
            values[loc] = tuple(t.text for t in layout.code)
    odd = next((o for o in odd_locales(values, ctx) if o.locale == locale), None)
    return None if odd is None or odd.no_majority else odd.against[0]


def certain_pair(theirs: Sample, mine: Sample) -> bool:
    """Whether two samples are each other's best match on their pages (by
    their words, among samples of their language), strictly: not a guess
    by position or by language alone."""
    def best(sample: Sample, among: list[Sample]) -> Sample | None:
        words = codetokens.rough_words(sample.fence.text)
        scored = sorted(((_ratio(words, codetokens.rough_words(s.fence.text)), i)
                         for i, s in enumerate(among) if s.language == sample.language), reverse=True)
        if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
            return None
        return among[scored[0][1]]

    return (best(theirs, mine.page.samples) is mine and best(mine, theirs.page.samples) is theirs)


def _ratio(a: list[str], b: list[str]) -> float:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def edit_for(ctx: SetContext, slot: Slot, locale: str) -> Edit | None:
    """The re-sync edit of the locale's sample of the slot, if certain."""
    units = slot.units
    if locale not in units:
        return None
    mine = units[locale].sample
    return ctx.shared(f"resync:{id(mine)}", lambda: _edit_for(ctx, units, locale))


def _edit_for(ctx: SetContext, units: Mapping[str, Unit], locale: str) -> Edit | None:
    mine = units[locale].sample
    if mine.page.kind is not FileKind.SOURCE or mine.fence.chrome or mine.fence.generated \
            or not ctx.pairing_certain(locale):
        return None
    base = source(ctx, units, locale)
    if base is None:
        return None
    theirs = units[base].sample
    # A rendering's code may have lost what its source wrote (indentation): never a source.
    if theirs.page.kind is not FileKind.SOURCE or theirs.fence.chrome or theirs.fence.generated \
            or not certain_pair(theirs, mine):
        return None
    found = resync(theirs, mine)
    edit = edit_of(mine, found) if found is not None else None
    return edit


def sample_slot(ctx: SetContext, sample: Sample, locale: str) -> Slot | None:
    """The sample slot holding the locale's sample."""
    return next((slot for slot in ctx.sample_slots if locale in slot.units
                 and slot.units[locale].sample is sample), None)


def with_edit(ctx: SetContext, slot: Slot | None, locale: str,
              found: tuple[Page, Hit]) -> tuple[Page, Hit]:
    """The finding, carrying the re-sync of the locale's sample when certain
    (the finding of the drifted locale only: never the reference's page)."""
    page, hit = found
    unit = slot.units.get(locale) if slot is not None else None
    # Each sample's re-sync is made once, from its sample slot (a request
    # rule's slot holds one call of it), whichever rule asks first.
    whole = sample_slot(ctx, unit.sample, locale) if unit is not None else None
    edit = edit_for(ctx, whole, locale) if whole is not None else None
    if edit is not None and unit is not None and page is unit.page:
        hit.edits = (edit,)
    return page, hit
