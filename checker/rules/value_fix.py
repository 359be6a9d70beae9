"""The repair the cross-locale value rules share: put the reference's value
back in place of a translated one, on the code line where it is written.

placeholder-translated, literal-drift, payload-value-drift and
data-value-drift each know which value a locale wrote and which one it should
have (`VOTRE_REFRESH_TOKEN` for `YOUR_REFRESH_TOKEN`, `"administrateur"` for
`"admin"`); what they share is how that becomes an `Edit`, and when it may:

- only on a GitBook source page, inside the code of a closed fence (never
  prose, a heading or a published rendering);
- only when the value restored is certain (`certain`): the reference's, or
  with no reference one a majority holds, and every page involved paired by
  what names it (`SetContext.pairing_certain`), never by likeness;
- only the token changes: the rest of the line, quotes included, stays
  byte-identical, and a value is replaced only where it stands once (or, for
  a placeholder, as often as the reference's line writes its own).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from checker import codetokens, datablocks
from checker.extract import placeholders
from checker.model import Edit, FileKind, Sample
from checker.rules.crosslocale import SetContext

# What a restored value may not hold: it would need escaping, or would mean
# something else, in the literal it goes into (a quote, an escape, an
# interpolation `${x}` / f-string `{x}`, a line break).
_UNSAFE = re.compile(r"[\"'`\\\n\r${}]")


def certain(ctx: SetContext, locale: str, against: Sequence[str], no_majority: bool) -> bool:
    """Whether `locale` may take the value of `against`: the reference's (or,
    under consensus, a majority's), on pages paired by what names them."""
    if no_majority or not against:
        return False
    if ctx.reference is not None and list(against) != [ctx.reference]:
        return False
    return all(ctx.pairing_certain(loc) for loc in (locale, *against))


def outvoted(values: Mapping[str, object], locale: str, against: Sequence[str]) -> bool:
    """Whether more locales write the odd locale's value than the value to
    restore: the translations agree and the reference is the one that
    differs (a typo there, a change not yet carried over): no certain repair."""
    mine, theirs = values.get(locale), values.get(against[0]) if against else None
    return sum(v == mine for v in values.values()) > sum(v == theirs for v in values.values())


def in_code(sample: Sample, line: int) -> bool:
    """Whether a page line is code of the sample, on a GitBook source page."""
    fence = sample.fence
    return (sample.page.kind is FileKind.SOURCE and fence.closed and not fence.chrome
            and not fence.generated and fence.line <= line <= fence.end_line)


def _bounded(old: str) -> re.Pattern[str]:
    """`old` as a whole token: not a piece of a longer word."""
    before = r"(?<![\w])" if re.match(r"\w", old) else ""
    after = r"(?![\w])" if re.search(r"\w$", old) else ""
    return re.compile(before + re.escape(old) + after)


def placeholder_spots(old: str) -> re.Pattern[str]:
    return _bounded(old)


def quoted_spots(old: str) -> re.Pattern[str]:
    """`old` as the whole content of a quoted literal (the quotes are kept)."""
    return re.compile(r"(?<=(?P<q>[\"'`]))" + re.escape(old) + r"(?=(?P=q))")


def value_spots(old: str) -> re.Pattern[str]:
    """`old` as a request value: a quoted literal's content, or a form or
    query value (`name=old&`, `?q=old'`)."""
    escaped = re.escape(old)
    return re.compile(r"(?<=(?P<q>[\"'`]))" + escaped + r"(?=(?P=q))"
                      r"|(?<==)" + escaped + r"(?=[&\"'`\s]|$)")


def swapped(text: str, old: str, new: str, spots: Callable[[str], re.Pattern[str]],
            their_text: str | None = None) -> str | None:
    """`text` with `old` replaced by `new` where `spots` finds it. It must
    stand there once; or, given the reference's line, as often as that line
    writes `new` beyond the `new`s this line already has (once, when that
    line does not write it: the reference wraps its code otherwise). Else None."""
    found = len(spots(old).findall(text))
    wanted = 1 if their_text is None else \
        max(1, len(spots(new).findall(their_text)) - len(spots(new).findall(text)))
    if found == 0 or found != wanted:
        return None
    return spots(old).sub(lambda m: new, text)


def safe_value(new: object) -> bool:
    """A value that can be written into the odd locale's literal as it is."""
    return isinstance(new, str) and bool(new) and not _UNSAFE.search(new)


def line_edit(sample: Sample, line: int, swaps: Iterable[tuple[str, str]],
              spots: Callable[[str], re.Pattern[str]], their_text: str | None = None) -> Edit | None:
    """One edit of a code line making every (old, new) swap; None unless each
    is certain. With `their_text` (the reference's line), a placeholder that
    stands more than once is replaced as often as that line writes its own."""
    if not in_code(sample, line):
        return None
    text = sample.page.line_text(line)
    changed = text
    for old, new in swaps:
        if old == new:
            continue
        result = swapped(changed, old, new, spots, their_text)
        if result is None:
            return None
        changed = result
    return Edit(line, line + 1, (changed,)) if changed != text else None


def pairs(mine: Sequence[str], theirs: Sequence[str]) -> list[tuple[str, str]] | None:
    """The placeholders to swap, position by position: None when they do not
    pair up (another count), one placeholder would become two, or swaps chain."""
    mine, theirs = _outermost(mine), _outermost(theirs)
    if len(mine) != len(theirs):
        return None
    mapping: dict[str, str] = {}
    for old, new in zip(mine, theirs, strict=True):
        if mapping.setdefault(old, new) != new:
            return None
    swaps = [(old, new) for old, new in mapping.items() if old != new]
    if {new for _, new in swaps} & {old for old, _ in swaps}:
        return None   # `A` -> `B` and `B` -> `C`: made in turn, they would chain
    return swaps


def _outermost(found: Sequence[str]) -> list[str]:
    """Placeholders not inside another one: a prose hint `VOTRE_JETON` is
    found in `VOTRE_JETON_API` too, yet only the whole token is one."""
    return [t for t in found if not any(t != other and t in other for other in found)]


def all_or_none(edits: Iterable[Edit | None]) -> tuple[Edit, ...]:
    """The edits of a finding: all of them, or none when one is not certain
    (half a repair would leave the finding standing)."""
    found = list(edits)
    if not found or any(edit is None for edit in found):
        return ()
    unique: dict[int, Edit] = {}
    for edit in found:
        assert edit is not None
        if unique.setdefault(edit.start, edit) != edit:
            return ()   # two different repairs of one line: not certain
    return tuple(unique[start] for start in sorted(unique))


# ------------------------------------------------ a difference of two samples' code

def _swaps_within(mine: str, theirs: str) -> list[tuple[str, str]] | None:
    """The placeholders of a literal to swap so it reads as the reference's:
    only when, swapped, the literal is the reference's to the byte."""
    for url in (False, True):
        found = pairs(placeholders.in_text(mine, url=url), placeholders.in_text(theirs, url=url))
        if not found:
            continue
        result = mine
        for old, new in found:
            result = _bounded(old).sub(new.replace("\\", "\\\\"), result)
        if result == theirs:
            return found
    return None


def _message(text: str) -> bool:
    """A literal that is free text (a sentence, a script no value is written
    in): what the reader reads, the translator's to translate."""
    return datablocks.localisable(text) or sum(1 for c in text if c.isalpha() and not c.isascii()) >= 2


def difference_edits(ctx: SetContext, difference: codetokens.Difference) -> tuple[Edit, ...]:
    """The repair of a placeholder or literal difference (checker/codetokens.py):
    the reference's placeholders, or its literal values, on each line of the
    odd locale the change stands at (its own and those it recurs on)."""
    odd, against = difference.odd, difference.against
    if not certain(ctx, odd.locale, [against.locale], difference.no_majority):
        return ()
    if _outvoted(ctx, difference):
        return ()
    mine, theirs = difference.mine, difference.theirs
    if not mine or len(mine) != len(theirs) or len({t.line for t in mine}) != 1:
        return ()
    swaps: list[tuple[str, str]] = []
    spots = placeholder_spots
    if difference.kind == codetokens.PLACEHOLDER:
        found = _swaps_within(mine[0].text, theirs[0].text)
        if found is None:
            return ()
        swaps = found
    else:
        spots = quoted_spots
        for m, t in zip(mine, theirs, strict=True):
            if m.text == t.text:
                continue
            if "\n" in m.text or not safe_value(t.text) or (_message(m.text) and _message(t.text)):
                return ()
            swaps.append((m.text, t.text))
    if not swaps:
        return ()
    edits = _edits_at(difference, swaps, spots)
    if not edits and spots is quoted_spots and not any(c.isspace() for _, new in swaps for c in new):
        # A literal the lexer reads unquoted (a Dockerfile's `FROM node:20`):
        # the value as a whole word, where a space would not split it.
        edits = _edits_at(difference, swaps, placeholder_spots)
    return edits


def _edits_at(difference: codetokens.Difference, swaps: list[tuple[str, str]],
              spots: Callable[[str], re.Pattern[str]]) -> tuple[Edit, ...]:
    """The swaps made on the difference's line and on each line it recurs on."""
    sample = difference.odd.sample
    first = line_edit(sample, difference.page_line, swaps, spots,
                      difference.against.sample.page.line_text(difference.their_page_line))
    return all_or_none([first, *(line_edit(sample, line, swaps, spots) for line in difference.also
                                 if line != difference.page_line)])


def _outvoted(ctx: SetContext, difference: codetokens.Difference) -> bool:
    """`outvoted` for a code difference: the locales making the same change
    against the same sample, against the other locales of its slot."""
    def change(d: codetokens.Difference) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return tuple(t.text for t in d.mine), tuple(t.text for t in d.theirs)

    theirs = difference.against.sample
    same = {d.odd.locale for d in codetokens.differences(ctx)
            if d.against.sample is theirs and change(d) == change(difference)}
    slot = next((s for s in ctx.sample_slots
                 if any(u.sample is theirs for u in s.units.values())), None)
    holding = len(slot.units) - len(same) if slot is not None else 1
    return len(same) > holding
