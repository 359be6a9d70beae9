"""The one-line summary of a run, as the text and Markdown reports end or open with it:

    Found 2 errors, 1 warning, 0 infos in 3 files, 1 page, 3 locales (da, fr, zh-cn), 6 samples.
"""

from __future__ import annotations

from collections.abc import Callable

from checker.model import Outdated, Result, Severity
from checker.rules import fixable, translation_outdated


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(result: Result, *, found: str = "Found ",
                 show_locale: Callable[[str], str] = str) -> str:
    """`No problems found in ...`, or `{found}N errors, ... in ...`; `show_locale`
    renders each locale code (Markdown puts them in code spans)."""
    locales = ", ".join(show_locale(loc) for loc in result.locales)
    scope = (f"{plural(len(result.files), 'file')}, {plural(result.page_count, 'page')}, "
             f"{plural(len(result.locales), 'locale')}" + (f" ({locales})" if locales else "")
             + f", {plural(result.sample_count, 'sample')}")
    if not result.findings:
        return f"No problems found in {scope}."
    counts = result.counts()
    problems = (f"{plural(counts['error'], 'error')}, {plural(counts['warning'], 'warning')}, "
                f"{plural(counts['info'], 'info')}")
    return f"{found}{problems} in {scope}."


def fixable_findings(result: Result) -> set[int]:
    """The ids of the findings `sampledrift fix` can repair."""
    kinds = {page.path: page.kind for page in result.pages}
    return {id(f) for f in result.findings if fixable(f, kinds.get(f.path))}


def fix_line(result: Result) -> str:
    """`3 findings can be fixed with `sampledrift fix --write`.` ("" when none can)."""
    count = len(fixable_findings(result))
    if not count:
        return ""
    return (f"{plural(count, 'finding')} can be fixed with "
            f"`sampledrift fix --write` (`sampledrift fix` shows the diff).")


def baseline_line(result: Result, show_file: Callable[[str], str] = str) -> str:
    """With `--baseline`: what it left out and how many of its entries no longer
    occur (so the file can shrink); "" without one."""
    outcome = result.baseline
    if outcome is None:
        return ""
    stale = ("1 entry no longer occurs" if outcome.stale == 1
             else f"{outcome.stale} entries no longer occur")
    hint = " (`sampledrift baseline` rewrites it without them)" if outcome.stale else ""
    return (f"Baseline {show_file(outcome.file)}: {plural(len(outcome.suppressed), 'finding')} "
            f"baselined, {stale}{hint}.")


def history_line(result: Result, *, always: bool = False) -> str:
    """What git history the run had to tell stale translations from broken ones
    (checker/staleness.py), said once where it matters: some translation is
    behind, or the clone is shallow, so fewer may be told apart than are;
    `always` (`--verbose`): whatever there was, or why there was none."""
    behind = any(f.rule == translation_outdated.ID for f in result.findings)
    if not result.history or not (always or behind or "shallow" in result.history):
        return ""
    return f"History: {result.history}."


# At most this many translations are named in the line; the rest are counted.
NAMED_BEHIND = 5


def _behind_items(behind: list[Outdated], show_path: Callable[[str], str]) -> list[str]:
    """`es/a.md by 3 commits`; a page not translated yet once for every locale lacking it:
    `en/new.md not yet in es, fr`."""
    items: dict[int, str] = {}
    lacking: dict[int, list[str]] = {}
    for entry in behind:
        key = id(entry.finding) if entry.kind == "not-translated" else id(entry)
        if entry.kind == "not-translated":
            lacking.setdefault(key, []).append(entry.locale or "no locale")
            items[key] = f"{show_path(entry.path)} not yet in {', '.join(lacking[key])}"
        else:
            by = plural(entry.behind, "commit") if entry.behind else "uncommitted changes"
            items[key] = f"{show_path(entry.path)} by {by}"
    return list(items.values())


def outdated_line(result: Result, show_path: Callable[[str], str] = str) -> str:
    """The two lists apart, for the summaries (text, Markdown): the translations
    behind their reference (re-translate) and the errors that are broken code
    (fix now); "" when no translation is behind."""
    behind = result.behind
    if not behind:
        return ""
    items = _behind_items(behind, show_path)
    named = ", ".join(items[:NAMED_BEHIND])
    if len(items) > NAMED_BEHIND:
        named += f" and {len(items) - NAMED_BEHIND} more"
    verb = "is" if len(behind) == 1 else "are"
    broken = sum(1 for f in result.findings
                 if f.severity is Severity.ERROR and f.rule != translation_outdated.ID)
    fix = (f"{plural(broken, 'error')} {'is' if broken == 1 else 'are'} broken code: fix "
           f"{'it' if broken == 1 else 'them'} now" if broken else "no error is broken code")
    return (f"Outdated: {plural(len(behind), 'translation')} {verb} behind the reference ({named}): "
            f"re-translate {'it' if len(behind) == 1 else 'them'}; {fix}.")
