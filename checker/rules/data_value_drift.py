"""A data block's value that is not free text nor a placeholder differs across locales.

In JSON, YAML, TOML, `.env` and INI blocks (see data-drift), a value that
is one word or a number is a value, not text to translate (unless its key
names free text: `question`, `message`, `title`, ...): an image tag
(`postgres:15` became `postgres:16`), an env value, a response's enum value
(`"status": "indexed"` became `"status": "indiziert"`). A value of two words
or more is free text (`"message": "User created"`) and is translated as it
should be; a placeholder (`YOUR_TOKEN`, `<id>`, a value the prose names)
matches any placeholder, and a value left out as `...` matches anything.
Values under a locale-named key (`label.zh_Hans`) are each translation's own.

A warning, not an error: an example's value may be translated on purpose
(a name, a title), while an enum value or version translated breaks what
the reader copies; the message names both values so the reader can tell.

Fix: on a GitBook source page whose pairing is certain, `fix` writes the
reference's string value (or, with no reference, the majority's) in place of
the odd one on the line of its key, keeping its quotes (or their absence);
the block is read again and the fix kept only if just that value changed.
No fix for a number or boolean, a value that would need escaping, or one that
does not stand once on its line.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import datablocks
from checker.datablocks import show
from checker.model import Edit, Page
from checker.rules import value_fix
from checker.rules.base import Hit
from checker.rules.crosslocale import Odd, SetContext, describe, locales_text, odd_locales
from checker.rules.data_drift import Block, base_locale, data_blocks, finding, hinted, parsed, wildcard_at

ID = "data-value-drift"
SEVERITY = "warning"
SUMMARY = ("a data block's value (an image tag, an env value, an enum) differs, not being free text "
           "or a placeholder")
KIND = "set"
FIXABLE = True
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

PASS = {
    "en/r.md": "## Response\n\n```json\n{\n  \"status\": \"indexed\",\n  \"message\": \"Document indexed\",\n"
               "  \"id\": \"YOUR_DOCUMENT_ID\"\n}\n```\n",
    "de/r.md": "## Antwort\n\n```json\n{\"id\": \"<document-id>\",\n  \"message\": \"Dokument indiziert\",\n"
               "  \"status\": \"indexed\"}\n```\n",
}
FAIL = {
    "en/r.md": "## Response\n\n```json\n{\n  \"status\": \"indexed\",\n"
               "  \"message\": \"Document indexed\"\n}\n```\n",
    "de/r.md": "## Antwort\n\n```json\n{\n  \"status\": \"indiziert\",\n"
               "  \"message\": \"Dokument indiziert\"\n}\n```\n",
}
FAIL_AT = [("de/r.md", '"indiziert"')]


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    for slot in ctx.sample_slots:
        blocks = parsed(data_blocks(slot), base_locale(ctx))
        if len(blocks) < 2:
            continue
        hints = hinted(blocks)
        first = next(iter(blocks.values()))
        for path, entry in first.entries.items():
            if entry.kind in ("object", "array") or datablocks.localised_path(path) \
                    or not all(path in b.entries for b in blocks.values()):
                continue
            found = {loc: b.entries[path] for loc, b in blocks.items()}
            if len({e.kind for e in found.values()}) > 1 or any(
                    wildcard_at(b, path, hints) or datablocks.localisable(found[loc].value, path)
                    for loc, b in blocks.items()):
                continue  # a type change is data-drift's; free text and placeholders are no value
            for odd in odd_locales({loc: e.value for loc, e in found.items()}, ctx):
                mine, theirs = blocks[odd.locale], blocks[odd.against[0]]
                page, hit = finding(ctx, blocks, odd, path, mine.line(path),
                                    f"{describe(mine.unit)} sets `{show(path)}` to "
                                    f"{datablocks.quoted(found[odd.locale].value)} in {odd.locale}, "
                                    f"{datablocks.quoted(found[odd.against[0]].value)} in "
                                    f"{locales_text(odd.against)} (line {theirs.line(path)})",
                                    f"data-value:{show(path)}")
                hit.edits = () if value_fix.outvoted({loc: e.value for loc, e in found.items()}, odd.locale,
                                                   odd.against) \
                    else _edits(ctx, odd, mine, theirs, path, found[odd.locale], found[odd.against[0]])
                yield page, hit


def _edits(ctx: SetContext, odd: Odd, mine: Block, theirs: Block, path: datablocks.Path,
           old: datablocks.Entry, new: datablocks.Entry) -> tuple[Edit, ...]:
    """The reference's value in place of the odd locale's, on the line of its
    key, kept only when the block read again holds that value there and is
    otherwise the same (so quoting stays right: YAML `16` is no string)."""
    if not value_fix.certain(ctx, odd.locale, odd.against, odd.no_majority) \
            or old.kind != "string" or not isinstance(old.value, str) or not old.value \
            or "\n" in old.value or not value_fix.safe_value(new.value):
        return ()
    line = mine.line(path)
    edit = value_fix.line_edit(mine.unit.sample, line, [(old.value, new.value)], value_fix.placeholder_spots,
                               theirs.unit.page.line_text(theirs.line(path)))
    if edit is None or not _holds(mine, edit, old.value, new.value):
        return ()
    return (edit,)


def _holds(block: Block, edit: Edit, old: str, new: str) -> bool:
    """Whether the block as edited differs from the block as written by one value, `old` -> `new`."""
    sample = block.unit.sample
    rows = sample.fence.text.split("\n")[block.start - 1:]
    index = edit.start - block.page_line(1)
    if not 0 <= index < len(rows):
        return False
    before = datablocks.read(block.data.format, "\n".join(rows))
    rows[index] = edit.lines[0]
    after = datablocks.read(block.data.format, "\n".join(rows))
    if before.error or after.error or before.entries.keys() != after.entries.keys():
        return False
    changed = [(b, after.entries[p]) for p, b in before.entries.items() if after.entries[p] != b]
    return len(changed) == 1 and changed[0][0] == datablocks.Entry("string", old, changed[0][0].line) \
        and changed[0][1] == datablocks.Entry("string", new, changed[0][0].line)
