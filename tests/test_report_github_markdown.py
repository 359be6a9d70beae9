"""`--format github` (workflow commands) and `--format markdown` (step summary)."""

from __future__ import annotations

import dataclasses
import re

from markdown_it import MarkdownIt

from checker.config import Config
from checker.engine import check_paths
from checker.model import Related, Result, Severity
from checker.report import github, markdown
from tests.helpers import REPO, SEEDS

HOSTILE = REPO / "fixtures" / "report" / "hostile"   # en + fr; a section title full of markup
MANY = REPO / "fixtures" / "report" / "many"         # fr only; 55 unterminated tags

TAG_MESSAGE = "`{% endtabs %` is missing its closing `}`, and no `{% tabs %}` is open for it to close"


def run(folder, label: str) -> Result:  # noqa: ANN001
    return check_paths([str(folder)], Config(), display=(str(folder), label))


# --- github -------------------------------------------------------------------

def test_github_one_command_per_finding_exactly():
    assert github.render(run(HOSTILE, "docs")).splitlines() == [
        "::warning file=docs/fr/t.md,line=6,col=1,endLine=6,title=placeholder-translated::"
        'the cURL sample of "Rafraîchir <script>alert(1)</script> | 100%25 a:b, *c* [x](1) & `t`" '
        "writes the placeholder `VOTRE_REFRESH_TOKEN` in fr where en writes `YOUR_REFRESH_TOKEN`: "
        "placeholders are code, keep them as written%0Asee docs/en/t.md:6 (en)",
        "::error file=docs/fr/t.md,line=9,col=1,endLine=9,title=tag-unterminated::"
        "`{%25 endtabs | <b>x</b> %25` is missing its closing `}`, and no `{%25 tabs %25}` is open "
        "for it to close",
    ]


def test_github_demo_lines_follow_the_findings():
    result = run(SEEDS, "demo")
    lines = github.render(result).splitlines()
    assert len(lines) == len(result.findings) == 9
    assert lines[2] == ("::error file=demo/fr/api-docs/authentication.md,line=421,col=1,endLine=421,"
                        "title=tag-unterminated::" + TAG_MESSAGE.replace("%", "%25"))
    assert [line.split(" ", 1)[0] for line in lines] == [
        "::" + {"error": "error", "warning": "warning"}[f.severity.value] for f in result.findings]


def test_github_escapes_data_and_properties(tmp_path):
    for name in ("en/we,ird:page.md", "fr/we,ird:page.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# T\n\n{% endtabs %\n", encoding="utf-8")
    result = check_paths([str(tmp_path)], Config(), display=(str(tmp_path), "x%y"))
    finding = dataclasses.replace(
        result.findings[0], severity=Severity.INFO, rule="rule:a,b",
        message="100% sure: a,b\r\nnext line %0A", end_line=5,
        related=[Related("x%y/fr/we,ird:page.md", 3, "fr"), Related("other.md", 1, None)])
    assert github.command(finding) == (
        "::notice file=x%25y/en/we%2Cird%3Apage.md,line=3,col=1,endLine=5,title=rule%3Aa%2Cb::"
        "100%25 sure: a,b%0D%0Anext line %250A"
        "%0Asee x%25y/fr/we,ird:page.md:3 (fr)%0Asee other.md:1 (no locale)")


def test_github_nothing_found_prints_nothing():
    result = run(HOSTILE, "docs")
    result.findings = []
    assert github.render(result) == ""


# --- markdown -----------------------------------------------------------------

def cells(text: str) -> list[list[str]]:
    """The rendered HTML of every table row's cells: what a reader sees."""
    html = MarkdownIt("commonmark").enable("table").render(text)
    return [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S) for row in html.split("<tr>")[1:]]


def test_markdown_counts_and_mode_for_the_demo():
    text = markdown.render(run(SEEDS, "demo"))
    lines = text.splitlines()
    assert lines[:5] == [
        "## sampledrift",
        "",
        "5 errors, 4 warnings, 0 infos in 5 files, 1 page, 3 locales (`da`, `fr`, `zh-cn`), 75 samples.",
        "",
        "No reference locale: locales compared by consensus (the locale that differs from the "
        "majority is reported); pages paired against `fr`.",
    ]
    rows = cells(text)
    assert [r[0] for r in rows[8:]] == ["error"] * 5 + ["warning"] * 4   # errors first
    assert rows[:8] + rows[13:14] == [
        ["Rule", "Severity", "Findings"],
        ["tag-unterminated", "error", "5"],
        ["placeholder-translated", "warning", "4"],
        ["Locale", "Errors", "Warnings", "Infos"],
        ["da", "1", "2", "0"],
        ["fr", "3", "2", "0"],
        ["zh-cn", "1", "0", "0"],
        ["Severity", "Rule", "Location", "Locale", "Message"],
        ["warning", "placeholder-translated", "demo/fr/api-docs/authentication.md:300", "fr",
         "the cURL sample of &quot;Gestion des jetons&quot; writes the placeholder "
         "<code>VOTRE_REFRESH_TOKEN</code> in fr where zh-cn writes <code>YOUR_REFRESH_TOKEN</code>: "
         "placeholders are code, keep them as written<br>see "
         "demo/zh-cn/api-docs/authentication.md:302 (zh-cn)"],
    ]
    assert len(rows) == 7 + 1 + 9 and "more finding" not in text


def test_markdown_escapes_document_text():
    text = markdown.render(run(HOSTILE, "docs"))
    assert "<script>" not in text
    assert text.splitlines()[4] == "Locales compared with the reference locale `en`."
    rows = cells(text)
    assert rows[-2:] == [   # errors first
        ["error", "tag-unterminated", "docs/fr/t.md:9", "fr",
         "<code>{% endtabs | &lt;b&gt;x&lt;/b&gt; %</code> is missing its closing <code>}</code>, "
         "and no <code>{% tabs %}</code> is open for it to close"],
        ["warning", "placeholder-translated", "docs/fr/t.md:6", "fr",
         "the cURL sample of &quot;Rafraîchir &lt;script&gt;alert(1)&lt;/script&gt; | 100% a:b, *c* "
         "[x](1) &amp; <code>t</code>&quot; writes the placeholder <code>VOTRE_REFRESH_TOKEN</code> in "
         "fr where en writes <code>YOUR_REFRESH_TOKEN</code>: placeholders are code, keep them as "
         "written<br>see docs/en/t.md:6 (en)"],
    ]
    assert all(len(row) == len(rows[-1]) for row in rows[-3:])


def test_markdown_caps_the_findings_table():
    result = run(MANY, "many")
    assert len(result.findings) == 55
    text = markdown.render(result)
    rows = cells(text)
    findings_rows = rows[rows.index(["Severity", "Rule", "Location", "Locale", "Message"]) + 1:]
    assert [r[2] for r in findings_rows] == [f"many/fr/page.md:{3 + 2 * i}" for i in range(50)]
    assert text.endswith("\n\n…and 5 more findings: the SARIF and JSON reports list them all.\n")
    assert rows[:2] == [["Rule", "Severity", "Findings"], ["tag-unterminated", "error", "55"]]
    assert text.splitlines()[4] == "One locale: no cross-locale comparison."
    assert "…and 1 more finding:" in markdown.render(result, max_rows=54)
    assert "more finding" not in markdown.render(result, max_rows=55)


def test_markdown_nothing_found():
    result = run(HOSTILE, "docs")
    result.findings = []
    assert markdown.render(result) == (
        "## sampledrift\n\n"
        "No problems found in 2 files, 1 page, 2 locales (`en`, `fr`), 2 samples.\n\n"
        "Locales compared with the reference locale `en`.\n")


def test_cell_escaping():
    assert markdown.cell("a|b\nc<d>&e *f* _g_ [h](1) \\") == (
        "a\\|b<br>c&lt;d&gt;&amp;e \\*f\\* \\_g\\_ \\[h\\](1) \\\\")
    # code spans stay code, with their pipes escaped and their lines joined
    assert markdown.cell("x `a|<b>\nc` y") == "x `a\\|<b> c` y"
    assert markdown.cell("``a`b`` c") == "``a`b`` c"
    # a backtick with no partner cannot open a span that runs into the next cell
    assert markdown.cell("open ` only *x*") == "open \\` only \\*x\\*"
    assert markdown.cell("``a` b") == "\\`\\`a\\` b"
    assert markdown.code("a`b") == "``a`b``" and markdown.code("`x") == "`` `x ``"


def test_markdown_same_input_same_bytes():
    assert markdown.render(run(SEEDS, "demo")) == markdown.render(run(SEEDS, "demo"))
