"""`--format text`: one line a finding, as linters print them, then a summary.

    fr/api-docs/authentication.md:421:1: error tag-unterminated `{% endtabs %` is ...

`quiet` (`-q`): the findings only, no summary (nor `--verbose` pairing lines).
`statistics` (`--statistics`): instead of the findings, one line per rule, as
`ruff check --statistics` prints them: count, rule id, summary, tab-separated,
most frequent first (ties by rule id); the summary line follows unless quiet.
As Ruff, a `[*]`/`[ ]` column only when some finding is fixable: `[*]` where a
finding of that rule carries its repair (`Finding.edits`, what a fix applies).
A fixable finding's line shows `[*]` before its message too, and the summary
is followed by "N findings can be fixed with `sampledrift fix --write`.".

Colour only when the caller says so (checker/report/terminal.py decides).
"""

from __future__ import annotations

from collections import Counter

import click

from checker.model import Result, Severity
from checker.report.summary import (
    baseline_line,
    fix_line,
    fixable_findings,
    history_line,
    outdated_line,
    plural,
    summary_line,
)
from checker.rules import BY_ID

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def render(result: Result, *, color: bool = False, verbose: bool = False, quiet: bool = False,
           statistics: bool = False) -> str:
    lines = _pairing(result) if verbose and not quiet else []
    lines += _statistics(result, color) if statistics else _findings(result, color)
    if not quiet:
        lines.append(_summary(result))
        if outdated_line(result):
            lines.append(outdated_line(result))
        if result.baseline:
            lines.append(baseline_line(result))
        if history_line(result, always=verbose):
            lines.append(history_line(result, always=verbose))
        if fix_line(result):   # last, as Ruff's "[*] N fixable with the `--fix` option."
            lines.append(fix_line(result))
    return "".join(line + "\n" for line in lines)


def _findings(result: Result, color: bool) -> list[str]:
    lines = []
    fixable = fixable_findings(result)
    # A translation-outdated finding's related locations are differences: say each.
    said = {id(o.finding): o.differences for o in result.behind if o.kind == "behind"}
    for finding in result.findings:
        where = f"{finding.path}:{finding.line}:{finding.column}:"
        severity = finding.severity.value
        rule = finding.rule
        if color:
            where = click.style(where, bold=True)
            severity = click.style(severity, fg=_COLOURS[finding.severity])
            rule = click.style(rule, dim=True)
        marker = "[*] " if id(finding) in fixable else ""
        lines.append(f"{where} {severity} {rule} {marker}{finding.message}")
        differences = list(said.get(id(finding), []))
        for related in finding.related:
            match = next((d for d in differences if (d.path, d.line) == (related.path, related.line)), None)
            what = ""
            if match:   # each difference said once, where two stand on one line
                differences.remove(match)
                what = f" {match.rule}: {match.message}"
            lines.append(f"    see {related.path}:{related.line} ({related.locale or 'no locale'}){what}")
    return lines


def _statistics(result: Result, color: bool) -> list[str]:
    """`3\tfence-unclosed  \t[*] a code fence that never closes ...`"""
    counts = Counter(f.rule for f in result.findings)
    if not counts:
        return []
    repairable = fixable_findings(result)
    fixable = {f.rule for f in result.findings if id(f) in repairable}
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    count_width = len(str(ordered[0][1]))
    id_width = max(len(rule) for rule in counts)
    lines = []
    for rule, count in ordered:
        number, rule_id = f"{count:>{count_width}}", f"{rule:<{id_width}}"
        if color:
            number, rule_id = click.style(number, bold=True), click.style(rule_id, fg="red", bold=True)
        summary = BY_ID[rule].SUMMARY if rule in BY_ID else ""
        marker = ("[*] " if rule in fixable else "[ ] ") if fixable else ""
        lines.append(f"{number}\t{rule_id}\t{marker}{summary}")
    return lines


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
