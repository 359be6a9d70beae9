"""`sampledrift fix`: make the repairs findings carry, check each fixed file, write it safely.

A FIXABLE rule's finding may carry its repair (`Finding.edits`: lines of the
finding's own page), and only when it is certain (a rule that would guess
gives none). `fix` takes those of a run, per file:

1. only GitBook source pages (checker/rules `fixable`), read whole, as they
   are on disk: a page cut at `max_page_size`, a symlink or a file whose
   bytes are no longer what the run read is never written;
2. the edits of the findings that do not overlap are made together; a
   finding whose edits overlap an earlier one's waits for the next pass,
   where the page as repaired so far gives its edits again;
3. the page is checked again as repaired, with its page set (the other
   locales' pages as they are): if the repair adds any finding, or leaves
   the one it fixes, each fix is tried alone and those that do either are
   refused, with the reason;
4. the file is written back as it was read but for the edited lines
   (checker/textfile.py: BOM, encoding and each line's ending kept),
   atomically, and only with `--write`.

Each file's page set is checked with the other files as they were: a fix is
judged alone, never on the strength of another file's fix.
"""

from __future__ import annotations

import difflib
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from checker.cascade import Recheck, key_across, repaired
from checker.engine import Checked
from checker.model import Edit, FileKind, Finding, Page, Result
from checker.report.summary import plural
from checker.rules import BY_ID, fixable
from checker.rules.crosslocale import certain_pairing
from checker.textfile import SourceText, digest, write_atomically

# Passes over one file: a finding whose edits overlapped another's gets them
# again from the page as repaired so far (two mistakes on one tag line).
MAX_PASSES = 4
# Fixes tried one at a time when trying them together failed: each costs a
# check of the page set, so a page with hundreds stays bounded.
MAX_SINGLE_TRIES = 24

# What a fix of a source page may add without being refused: its published
# renderings show the old text until the site is built again.
STALE_UNTIL_PUBLISHED = frozenset({"published-drift"})

Wanted = Callable[[Finding], bool]


@dataclass
class Refusal:
    """A fixable finding that was not fixed, and why."""

    finding: Finding
    why: str


@dataclass
class FileFix:
    """One file's fixes: the text read, the text repaired, what was fixed."""

    path: str                  # as reported
    fs_path: str
    read: bytes                # the bytes the fix was computed from
    before: SourceText
    after: SourceText
    fixed: list[Finding] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.after != self.before

    def diff(self) -> str:
        """A unified diff (`patch -p0` applies it), after one line per fix saying what it fixes."""
        header = [f"# {f.path}:{f.line}: {f.rule}: {f.message}" for f in self.fixed]
        header += [f"#   note: {edit.note}" for f in self.fixed for edit in f.edits if edit.note]
        body = difflib.unified_diff(list(self.before.lines), list(self.after.lines),
                                    fromfile=self.path, tofile=self.path, lineterm="")
        return "\n".join([*header, *body]) + "\n"

    def write(self) -> str:
        """Write the repaired file; "" when written, else why not."""
        try:
            with open(self.fs_path, "rb") as handle:
                now = handle.read()
        except OSError as error:
            return f"cannot read it again: {error.strerror or error}"
        if digest(now) != digest(self.read):
            return "the file changed since it was read: run `sampledrift fix` again"
        try:
            write_atomically(self.fs_path, self.after.encode())
        except OSError as error:
            return f"cannot write it: {error.strerror or error}"
        return ""


@dataclass
class FixPlan:
    files: list[FileFix] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    @property
    def fixed(self) -> int:
        return sum(len(f.fixed) for f in self.files)


def plan(checked: Checked, wanted: Wanted = lambda finding: True) -> FixPlan:
    """What `fix` would change: every fixable finding `wanted` keeps, file by file."""
    result = checked.result
    pages = {page.path: page for page in result.pages}
    by_path: dict[str, list[Finding]] = {}
    for finding in result.findings:
        page = pages.get(finding.path)
        if fixable(finding, page.kind if page is not None else None) and wanted(finding):
            by_path.setdefault(finding.path, []).append(finding)
    outcome = FixPlan(refused=_guessed(result, pages, wanted))
    for path in sorted(by_path):
        found = by_path[path]
        page = pages.get(path)
        why = _unwritable(page) if page is not None else "no page of the run has this path"
        source = None
        if not why and page is not None:
            source, why = _read(page)
        if why or page is None or source is None:
            outcome.refused.extend(Refusal(f, why) for f in found)
            continue
        file_fix, refused = _fix_file(page, source[0], source[1], found, checked.recheck)
        outcome.refused.extend(refused)
        if file_fix.changed:
            outcome.files.append(file_fix)
    return outcome


def _guessed(result: Result, pages: dict[str, Page], wanted: Wanted) -> list[Refusal]:
    """The findings a FIXABLE rule left without a repair because their page was
    paired by likeness: said, so a translator knows why `fix` leaves them."""
    how = {page.path: (page_set.how.get(locale, ""), page_set.base(result.anchor))
           for page_set in result.page_sets for locale, found in page_set.pages.items()
           for page in found}
    refused = []
    for finding in result.findings:
        page = pages.get(finding.path)
        rule = BY_ID.get(finding.rule)
        paired, base = how.get(finding.path, ("", ""))
        if (rule is not None and rule.FIXABLE and rule.KIND == "set" and not finding.edits
                and page is not None and page.kind is FileKind.SOURCE and wanted(finding)
                and page.locale != base and not certain_pairing(paired)):
            refused.append(Refusal(finding, f"its page was paired by likeness ({paired}), not by "
                                            f"what names it: a fix would be a guess"))
    return refused


def _unwritable(page: Page) -> str:
    if any(issue.kind == "page-too-large" for issue in page.issues):
        return "the page is over `max_page_size`: it was not read whole"
    if os.path.islink(page.file.fs_path):
        return "the page is a symlink: fix the file it points to"
    return ""


def _read(page: Page) -> tuple[tuple[bytes, SourceText] | None, str]:
    try:
        with open(page.file.fs_path, "rb") as handle:
            data = handle.read()
        text = SourceText.decode(data)
    except (OSError, UnicodeDecodeError) as error:
        return None, f"cannot read it again: {error}"
    if list(text.lines) != page.lines:
        return None, "the file changed since it was read: run `sampledrift fix` again"
    return (data, text), ""


def _fix_file(page: Page, data: bytes, source: SourceText, found: list[Finding],
              recheck: Recheck) -> tuple[FileFix, list[Refusal]]:
    file_fix = FileFix(page.path, page.file.fs_path, data, source, source)
    refused: list[Refusal] = []
    lines = list(source.lines)
    before = recheck(page, lines)
    pending = found
    for _ in range(MAX_PASSES):
        chosen, waiting = _disjoint(pending)
        if not chosen:
            break
        made, later, rejected = _choose(page, lines, before, chosen, recheck)
        refused.extend(rejected)
        if not made:
            pending = waiting   # nothing changed: those that overlapped the refused ones go next
            continue
        edits = tuple(e for f in made for e in f.edits)
        lines = repaired(lines, edits)
        before = recheck(page, lines)
        file_fix.after = file_fix.after.edited(edits)
        file_fix.fixed.extend(made)
        pending = _again([*later, *waiting], before, edits, page.path)
    refused.extend(Refusal(f, "its repair overlaps others' that were made first: run `fix` again")
                   for f in pending)
    assert list(file_fix.after.lines) == lines, "the written text and the checked lines agree"
    return file_fix, refused


def _disjoint(found: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """The findings whose edits can be made together (in line order; a finding
    whose edits are another's exactly is fixed by it), and those that wait."""
    chosen: list[Finding] = []
    waiting: list[Finding] = []
    taken: list[Edit] = []
    seen: set[tuple[Edit, ...]] = set()
    for finding in sorted(found, key=lambda f: (min(e.start for e in f.edits), f.rule)):
        edits = tuple(sorted(set(finding.edits), key=lambda e: (e.start, e.end)))
        if edits in seen:
            continue     # the same repair, found by two rules: made once
        if any(_overlap(edit, other) for edit in edits for other in taken):
            waiting.append(finding)
            continue
        seen.add(edits)
        taken.extend(edits)
        chosen.append(finding)
    return chosen, waiting


def _overlap(a: Edit, b: Edit) -> bool:
    """Two edits touch the same line, or insert where the other replaces."""
    return a.start < max(b.end, b.start + 1) and b.start < max(a.end, a.start + 1)


def _choose(page: Page, lines: list[str], before: list[Finding], chosen: list[Finding],
            recheck: Recheck) -> tuple[list[Finding], list[Finding], list[Refusal]]:
    """Which of the chosen fixes to make together: all of them if the page checks
    as it should then; else those that do alone, if together they still do, else
    the first of those (the others wait for the next pass). Returns (made,
    waiting, refused)."""
    if not _problem(before, recheck(page, repaired(lines, _edits(chosen))), _edits(chosen),
                    chosen, page.path):
        return chosen, [], []
    alone: list[Finding] = []
    refused: list[Refusal] = []
    for index, finding in enumerate(chosen):
        if index >= MAX_SINGLE_TRIES:
            refused.append(Refusal(finding, "too many fixes on one page failed together: "
                                            "run `fix` again after these"))
            continue
        problem = _problem(before, recheck(page, repaired(lines, finding.edits)), finding.edits,
                           [finding], page.path)
        if problem:
            refused.append(Refusal(finding, problem))
        else:
            alone.append(finding)
    if len(alone) > 1 and _problem(before, recheck(page, repaired(lines, _edits(alone))),
                                   _edits(alone), alone, page.path):
        return alone[:1], alone[1:], refused
    return alone, [], refused


def _edits(found: list[Finding]) -> tuple[Edit, ...]:
    return tuple(e for f in found for e in f.edits)


def _problem(before: list[Finding], after: list[Finding], edits: tuple[Edit, ...],
             fixed: list[Finding], path: str) -> str:
    """Why the page as repaired must not be written, or "": a finding it adds, or one it keeps."""
    kept = Counter(key_across(f, edits, path) for f in before)
    now = Counter(key_across(f) for f in after)
    added = Counter({key: n for key, n in (now - kept).items() if key[0] not in STALE_UNTIL_PUBLISHED})
    if added:
        rule, where, line, what = sorted(added)[0]
        return f"it would add {rule} at {where}:{line} ({what})"
    remaining = [f for f in fixed if key_across(f, edits, path) in now]
    if remaining:
        return "the repair does not resolve it"
    return ""


def _again(waiting: list[Finding], findings: list[Finding], made: tuple[Edit, ...],
           path: str) -> list[Finding]:
    """The waiting findings as the page repaired so far gives them (with edits for its lines now)."""
    now = {(f.rule, f.line, f.fingerprint_key or f.message): f
           for f in findings if f.path == path and fixable(f, FileKind.SOURCE)}
    again = []
    for finding in waiting:
        rule, _, line, what = key_across(finding, made, path)
        match = now.get((rule, line, what))
        if match is not None:
            again.append(match)
    return again


def summary(fixes: FixPlan, *, written: bool, failed: list[FileFix] | None = None) -> str:
    """`Would fix 7 findings in 3 files (2 not fixed).` / `Fixed 7 findings in 3 files.`"""
    if not fixes.files and not fixes.refused:
        return "Nothing to fix."
    unwritten = {id(f) for f in failed or []}
    made = [f for f in fixes.files if id(f) not in unwritten]
    count = sum(len(f.fixed) for f in made)
    done = f"{'Fixed' if written else 'Would fix'} {plural(count, 'finding')} in {plural(len(made), 'file')}"
    left = len(fixes.refused) + sum(len(f.fixed) for f in failed or [])
    return f"{done}{f' ({left} not fixed)' if left else ''}."
