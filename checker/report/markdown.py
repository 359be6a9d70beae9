"""`--format markdown`: a summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment.

A heading, the counts (by severity, rule and locale), how locales were
compared, then the findings as a table: errors first, then warnings, then
infos; within a severity, the findings in the files the change touched
(`changed`: the pull request's files) first, then by path. The table is cut at `MAX_ROWS` so a large docs
tree still fits a comment (GitHub caps comments at 65,536 characters); the
SARIF and JSON reports carry every finding.

The layout is `templates/summary.md.j2`; the escaping is here. Messages quote
document text (tags, section titles, code), so every such value is escaped
for a GitHub Markdown table cell: a `|` or a newline would break the row, and
`<script>` or `*` would be read as HTML or emphasis instead of shown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from functools import lru_cache
from typing import Any

import jinja2

from checker.model import Finding, Result, Severity
from checker.report import summary
from checker.resources import templates

MAX_ROWS = 50
TEMPLATE = "summary.md.j2"

_SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
_BACKTICKS = re.compile(r"`+")
# Markdown punctuation that would format plain text; `<`, `>` and `&` become entities.
_PUNCTUATION = re.compile(r"([\\*_\[\]~|])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_NEWLINE = re.compile(r"\r\n|\r|\n")


def render(result: Result, *, color: bool = False, max_rows: int = MAX_ROWS,
           changed: Collection[str] = ()) -> str:
    """The summary as GitHub Markdown; `color` is ignored."""
    findings = ordered(result.findings, changed)
    return _environment().get_template(TEMPLATE).render(
        summary=" ".join(filter(None, [summary.summary_line(result, found="", show_locale=code),
                                       changed_line(result),
                                       summary.baseline_line(result, show_file=code),
                                       cell(summary.history_line(result)),
                                       _outdated(result)])),
        comparison=comparison_line(result),
        findings=findings,
        by_rule=rule_counts(findings),
        by_locale=locale_counts(findings),
        shown=findings[:max_rows],
        changed_first=any(f.path in changed for f in findings),
        hidden=max(0, len(findings) - max_rows),
    )


def _outdated(result: Result) -> str:
    """The translations behind their reference, apart from the broken code:
    document text (paths) as code spans, the rest escaped for a cell."""
    line = summary.outdated_line(result, show_path=lambda path: "\0" + path + "\0")
    parts = line.split("\0")
    return "".join(code(part) if i % 2 else cell(part) for i, part in enumerate(parts))


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates())),
        autoescape=False,          # Markdown, not HTML: the filters below escape
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["cell"] = cell
    env.filters["code"] = code
    env.filters["message_cell"] = message_cell
    return env


def ordered(findings: list[Finding], changed: Collection[str] = ()) -> list[Finding]:
    """Most severe first; within a severity, findings in `changed` files first,
    then by path and line: what a pull request's author must fix comes first."""
    return sorted(findings, key=lambda f: (-f.severity.rank, f.path not in changed, f.sort_key()))


def changed_line(result: Result) -> str:
    """Pull-request mode: what was checked and what skipped ("" in a full run)."""
    changed = result.changed
    if changed is None:
        return ""
    if changed.everything:
        return f"Checked every page: {cell(changed.everything)}."
    since = f"since {code(changed.since)}" if changed.since else "in the list"
    return (f"Checked {summary.plural(changed.pages, 'file')} (changed {since}, and their "
            f"counterparts in every locale); {changed.skipped} skipped.")


def comparison_line(result: Result) -> str:
    """How the run compared locales: what a reader needs to trust a drift finding."""
    if len(result.locales) < 2:
        return "One locale: no cross-locale comparison."
    if result.reference:
        mode = f"Locales compared with the reference locale {code(result.reference)}"
    else:
        mode = ("No reference locale: locales compared by consensus "
                "(the locale that differs from the majority is reported)")
    if result.anchor and result.anchor != result.reference:
        mode += f"; pages paired against {code(result.anchor)}"
    return mode + "."


def rule_counts(findings: list[Finding]) -> list[dict[str, Any]]:
    """Rules by number of findings, most first (ties by id, for stable output)."""
    counts = Counter(f.rule for f in findings)
    severity: dict[str, set[str]] = {}
    for f in findings:
        severity.setdefault(f.rule, set()).add(f.severity.value)
    order = [s.value for s in _SEVERITIES]
    return [{"rule": rule, "count": count,
             "severity": ", ".join(s for s in order if s in severity[rule])}
            for rule, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def locale_counts(findings: list[Finding]) -> list[dict[str, Any]]:
    """Findings per locale and severity; findings outside any locale come last."""
    counts: dict[str | None, Counter[str]] = {}
    for f in findings:
        counts.setdefault(f.locale, Counter())[f.severity.value] += 1
    ordered = sorted(counts, key=lambda loc: (loc is None, loc or ""))
    return [{"locale": loc, **{s.value: counts[loc][s.value] for s in _SEVERITIES}}
            for loc in ordered]


def message_cell(finding: Finding) -> str:
    """The message, then the related locations, on lines of their own within the cell."""
    parts = [cell(finding.message)]
    parts.extend(cell(f"see {r.path}:{r.line} ({r.locale or 'no locale'})") for r in finding.related)
    return "<br>".join(parts)


def cell(text: str) -> str:
    """Document text as the content of one GitHub Markdown table cell.

    Code spans stay code spans (messages quote tags as `{% endtabs %`), with
    only their `|` escaped: GitHub splits cells before it reads code, and
    shows a span's `<script>` as text already. Outside code spans, Markdown
    punctuation is backslash-escaped, `<`, `>`, `&` become entities and a
    newline becomes `<br>`. A backtick run with no partner is escaped, so it
    cannot pair with one in a later cell.
    """
    out = []
    pos = 0
    while pos < len(text):
        match = _BACKTICKS.search(text, pos)
        if match is None:
            out.append(_plain(text[pos:]))
            break
        out.append(_plain(text[pos:match.start()]))
        closer = _closing_run(text, match)
        if closer is None:
            out.append("\\`" * len(match.group()))
            pos = match.end()
            continue
        content = text[match.end():closer.start()]
        out.append(match.group() + " ".join(content.splitlines()).replace("|", "\\|") + closer.group())
        pos = closer.end()
    return "".join(out)


def _closing_run(text: str, opener: re.Match[str]) -> re.Match[str] | None:
    """The next backtick run of the opener's length: CommonMark's rule for a code span."""
    for run in _BACKTICKS.finditer(text, opener.end()):
        if len(run.group()) == len(opener.group()):
            return run
    return None


def _plain(text: str) -> str:
    escaped = _PUNCTUATION.sub(r"\\\1", text)
    escaped = "".join(_ENTITIES.get(ch, ch) for ch in escaped)
    return _NEWLINE.sub("<br>", escaped)


def code(text: str) -> str:
    """A short value (a locale) as an inline code span, whatever backticks it holds."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text.replace('|', chr(92) + '|')}{pad}{fence}"
