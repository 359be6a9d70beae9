"""The one-line summary of a run, as the text and Markdown reports end or open with it:

    Found 2 errors, 1 warning, 0 infos in 3 files, 1 page, 3 locales (da, fr, zh-cn), 6 samples.
"""

from __future__ import annotations

from collections.abc import Callable

from checker.model import Result


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


def history_line(result: Result) -> str:
    """What git history the run had to tell stale translations from broken ones
    (checker/staleness.py), said once where it matters: some translation is
    behind, or the clone is shallow, so fewer may be told apart than are."""
    behind = any(f.rule == "translation-outdated" for f in result.findings)
    if not result.history or not (behind or "shallow" in result.history):
        return ""
    return f"History: {result.history}."
