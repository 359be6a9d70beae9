"""`--format text`: one line a finding, as linters print them, then a summary.

    fr/api-docs/authentication.md:421:1: error tag-unterminated `{% endtabs %` is ...

Colour only when writing to a terminal (and never with NO_COLOR set).
"""

from __future__ import annotations

import click

from checker.model import Result, Severity
from checker.report.summary import plural, summary_line

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def render(result: Result, *, color: bool = False, verbose: bool = False) -> str:
    lines = _pairing(result) if verbose else []
    for finding in result.findings:
        where = f"{finding.path}:{finding.line}:{finding.column}:"
        severity = finding.severity.value
        rule = finding.rule
        if color:
            where = click.style(where, bold=True)
            severity = click.style(severity, fg=_COLOURS[finding.severity])
            rule = click.style(rule, dim=True)
        lines.append(f"{where} {severity} {rule} {finding.message}")
        for related in finding.related:
            lines.append(f"    see {related.path}:{related.line} ({related.locale or 'no locale'})")
    lines.append(_summary(result))
    return "\n".join(lines) + "\n"


def _summary(result: Result) -> str:
    """The summary line; with --locale it speaks of those locales, with
    --changed-since it says what was checked and what skipped."""
    line = summary_line(result)
    if result.view_locales:
        who = ", ".join(result.view_locales)
        line = (f"{who}: no problems found" + line.removeprefix("No problems found")
                if not result.findings else summary_line(result, found=f"{who}: "))
    changed = result.changed
    if changed and changed.everything:
        line += f" Checked every page: {changed.everything}."
    elif changed:
        since = f"since {changed.since}" if changed.since else "in the list"
        line += (f" Checked {plural(changed.pages, 'file')} (changed {since}, and their "
                 f"counterparts in every locale); {changed.skipped} skipped.")
    return line


def _pairing(result: Result) -> list[str]:
    """`--verbose`: which locale is compared with which, and how each page was paired."""
    if not result.page_sets and not result.left_out:
        return []
    mode = (f"reference locale: {result.reference}" if result.reference
            else f"no reference locale: consensus (pages paired against {result.anchor})")
    lines = [mode]
    for page_set in result.page_sets:
        only = f" (only in {page_set.only_in})" if page_set.only_in else ""
        lines.append(f"page {page_set.key}{only}")
        for locale in page_set.locales:
            paths = ", ".join(p.path for p in page_set.pages[locale])
            lines.append(f"    {locale:<6} {paths}  ({page_set.how[locale]})")
    for path, why in result.left_out:
        lines.append(f"left out {path}: {why}")
    return lines + [""]
