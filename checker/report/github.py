"""`--format github`: one GitHub Actions workflow command per finding.

    ::error file=fr/a.md,line=421,col=1,endLine=421,title=tag-unterminated::`{% endtabs %` is ...

GitHub turns these into annotations on the pull request's diff. Nothing else
is printed: annotations are capped per step (10 errors and 10 warnings shown
inline), so a summary annotation would push a finding out; the counts go to
the step summary (`--format markdown`) instead.

`only` (`check --annotate-only FILE`): annotate only the findings in these
files, the ones a pull request changed. The cap is per step, so old findings
in files nobody touched would otherwise hide the new ones; they stay in the
step summary and the SARIF.

Every value is escaped as GitHub's toolkit does (`escapeData`/`escapeProperty`),
so document text can neither end the command early nor start a new one.
"""

from __future__ import annotations

from collections.abc import Collection

from checker.model import Finding, Result, Severity

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(result: Result, *, color: bool = False, only: Collection[str] | None = None) -> str:
    """The workflow commands, one line each (only for findings whose path is in
    `only`, when given); `color` is ignored (the runner reads them)."""
    return "".join(command(finding) + "\n" for finding in result.findings
                   if only is None or finding.path in only)


def command(finding: Finding) -> str:
    properties = {
        "file": finding.path,
        "line": str(finding.line),
        "col": str(finding.column),
        "endLine": str(finding.end_line or finding.line),
        "title": finding.rule,
    }
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{_COMMANDS[finding.severity]} {props}::{escape_data(message(finding))}"


def message(finding: Finding) -> str:
    """The message, then one line per related location (the other locales to compare with)."""
    lines = [finding.message]
    lines.extend(f"see {r.path}:{r.line} ({r.locale or 'no locale'})" for r in finding.related)
    return "\n".join(lines)


def escape_data(value: str) -> str:
    """A command's message: `%` first, so the escapes it adds are not escaped again."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A property value: as data, and `:` and `,` that would end the value or the list."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")
