"""Issue 15, item 4: every report shows the two lists apart, the translations
behind their reference (re-translate) and the broken findings (fix now),
from the model (`Result.outdated`), never parsed back from messages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from checker.config import load_config
from checker.engine import check_paths
from checker.model import Result
from checker.report import html, json_report, sarif, text
from checker.report.summary import outdated_line
from checker.rules import BY_ID
from tests.test_history import AUTH, commit, page, repo
from tests.test_report_html import Node, parse

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

SCHEMA = Path(__file__).resolve().parent.parent / "fixtures" / "schemas" / "sarif-schema-2.1.0.json"
HOSTILE = "Ping <script>alert(1)</script>"


def run(root: Path) -> Result:
    return check_paths([str(root)], load_config(None, set(BY_ID)), display=(str(root), "docs"))


@pytest.fixture(scope="module")
def behind(tmp_path_factory: pytest.TempPathFactory) -> Result:
    """es/api.md is behind en by 2 commits (a header, then a Python sample);
    fr/api.md dropped the Authorization header itself (an error, as today)
    and is behind on the rest; en/new.md came after es and fr last changed."""
    root = repo(tmp_path_factory.mktemp("behind"))
    commit(root, {"en/api.md": page(HOSTILE, AUTH), "fr/api.md": page(HOSTILE, AUTH),
                  "es/api.md": page(HOSTILE + " es")})
    commit(root, {"fr/api.md": page(HOSTILE)})
    commit(root, {"es/api.md": page(HOSTILE + " es", AUTH)})
    commit(root, {"en/api.md": page(HOSTILE, AUTH + ' -H "X-Trace: 1"')})
    commit(root, {"en/api.md": page(HOSTILE, AUTH + ' -H "X-Trace: 1"', python=True)})
    commit(root, {"en/new.md": "# New\n\nA page the translators have not seen.\n"})
    return run(root)


def test_the_model_holds_each_translation_behind(behind: Result) -> None:
    entries = {(o.path, o.locale): o for o in behind.behind}
    assert set(entries) == {("docs/es/api.md", "es"), ("docs/fr/api.md", "fr"),
                            ("docs/en/new.md", "es"), ("docs/en/new.md", "fr")}
    es = entries[("docs/es/api.md", "es")]
    assert (es.kind, es.reference, es.reference_path, es.behind) == ("behind", "en", "docs/en/api.md", 2)
    assert sorted(d.rule for d in es.differences) == ["header-drift", "sample-missing"]
    assert es.finding in behind.findings and es.finding.rule == "translation-outdated"
    new = entries[("docs/en/new.md", "fr")]
    assert (new.kind, new.behind, [d.rule for d in new.differences]) == ("not-translated", 1, ["page-missing"])
    rules = sorted((f.rule, f.path) for f in behind.findings if f.rule != "sample-disagreement")
    assert ("header-drift", "docs/fr/api.md") in rules          # broken: stays an error
    assert [d.rule for d in entries[("docs/fr/api.md", "fr")].differences] == ["sample-missing", "header-drift"]
    assert ("header-drift", "docs/es/api.md") not in rules      # behind: folded in


def test_json_lists_the_outdated_apart_with_their_differences(behind: Result) -> None:
    report = json.loads(json_report.render(behind))
    assert [f["rule"] for f in report["findings"]].count("translation-outdated") == 3   # findings as is
    es = next(o for o in report["outdated"] if o["path"] == "docs/es/api.md")
    finding = next(f for f in report["findings"] if f["fingerprint"] == es["fingerprint"])
    assert finding["rule"] == "translation-outdated" and finding["path"] == "docs/es/api.md"
    assert {k: es[k] for k in ("locale", "kind", "reference", "reference_path", "behind")} == {
        "locale": "es", "kind": "behind", "reference": "en", "reference_path": "docs/en/api.md", "behind": 2}
    assert len(es["since"]["sha"]) == 40 and len(es["since"]["date"]) == 10
    assert [(d["rule"], d["path"]) for d in es["differences"]] == [
        ("sample-missing", "docs/es/api.md"), ("header-drift", "docs/es/api.md")]
    header = es["differences"][1]
    assert header["line"] == 4 and "X-Trace" in header["message"]
    # Each difference is still a related location of its finding.
    assert {(r["path"], r["line"]) for r in finding["related"]} == {(d["path"], d["line"])
                                                                   for d in es["differences"]}
    assert {(o["path"], o["locale"]) for o in report["outdated"]} >= {("docs/en/new.md", "es"),
                                                                      ("docs/en/new.md", "fr")}


def test_json_outdated_is_empty_without_history(tmp_path: Path) -> None:
    root = repo(tmp_path)
    commit(root, {"en/api.md": page("Ping"), "es/api.md": page("Ping es")})
    commit(root, {"en/api.md": page("Ping", AUTH)})
    result = check_paths([str(root)], load_config(None, set(BY_ID)), use_history=False)
    assert json.loads(json_report.render(result))["outdated"] == []
    assert outdated_line(result) == ""


def test_a_dropped_finding_drops_its_entry(behind: Result) -> None:
    """A baseline or --locale that leaves the finding out leaves the entry out too."""
    kept = [f for f in behind.findings if f.path != "docs/es/api.md"]
    narrowed = Result(behind.files, behind.pages, findings=kept, outdated=behind.outdated)
    assert {o.path for o in narrowed.behind} == {"docs/en/new.md", "docs/fr/api.md"}


def test_sarif_stays_valid_with_differences_as_related_locations(behind: Result) -> None:
    log = json.loads(sarif.render(behind))
    validator = Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert [e.message for e in validator.iter_errors(log)] == []
    [es] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "translation-outdated"
            and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/es/api.md"]
    related = [(loc["physicalLocation"]["region"]["startLine"], loc["message"]["text"].split(":")[1].strip())
               for loc in es["relatedLocations"]]
    assert sorted(related) == [(1, "sample-missing"), (4, "header-drift")]
    assert "[header-drift](" in es["message"]["text"]
    props = es["properties"]
    assert (props["behind"], props["reference"], props["outdatedKind"]) == (2, "en", "behind")
    assert len(props["since"]["sha"]) == 40 and props["behindByLocale"] == {"es": 2}


def test_text_says_the_two_lists_apart(behind: Result) -> None:
    lines = text.render(behind).splitlines()
    summary = next(i for i, line in enumerate(lines) if line.startswith("Found "))
    errors = sum(1 for f in behind.findings if f.severity.value == "error")
    assert lines[summary + 1] == (
        "Outdated: 4 translations are behind the reference (docs/en/new.md not yet in es, fr, "
        "docs/es/api.md by 2 commits, docs/fr/api.md by 2 commits): re-translate them; "
        f"{errors} errors are broken code: fix them now.")
    assert errors == 4   # the fr header it dropped, and the en page's own sample-disagreements
    assert lines[summary + 2].startswith("History: the git history (6 commits)")
    said = [line for line in lines if line.startswith("    see docs/es/api.md:4 (es) header-drift: ")]
    assert len(said) == 1 and "X-Trace" in said[0]


def test_text_says_nothing_of_it_when_nothing_is_behind(tmp_path: Path) -> None:
    root = repo(tmp_path)
    commit(root, {"en/api.md": page("Ping", AUTH), "es/api.md": page("Ping es", AUTH)})
    commit(root, {"es/api.md": page("Ping es")})
    out = text.render(run(root))
    assert "Outdated:" not in out and "header-drift" in out


def test_outdated_line_counts_one_and_renders_paths(tmp_path: Path) -> None:
    root = repo(tmp_path)
    commit(root, {"en/api.md": page("Ping"), "es/api.md": page("Ping es")})
    commit(root, {"en/api.md": page("Ping", AUTH)})
    result = run(root)
    assert outdated_line(result, show_path=lambda p: f"`{p}`") == (
        "Outdated: 1 translation is behind the reference (`docs/es/api.md` by 1 commit): "
        "re-translate it; no error is broken code.")


# ------------------------------------------------------------------- HTML

@pytest.fixture(scope="module")
def doc(behind: Result) -> tuple[str, Node]:
    page_html = html.render(behind)
    return page_html, parse(page_html).root


def test_html_grid_has_a_behind_the_reference_column(doc: tuple[str, Node]) -> None:
    _, root = doc
    grid = root.one("table", id="grid")
    assert grid.one("thead").all("th")[-1].text == "Behind the reference"
    rows = {row.one("th").text: row.one("td", "behind") for row in grid.one("tbody").all("tr")}
    api = rows["api"].all("span", "behind-item")
    assert [(s.attrs["data-locale"], s.attrs["data-commits"], s.text) for s in api] == [
        ("es", "2", "es by 2 commits"), ("fr", "2", "fr by 2 commits")]
    assert [s.text for s in rows["new"].all("span", "behind-item")] == ["es not translated yet",
                                                                       "fr not translated yet"]
    by_locale = {row.attrs["data-locale"]: row.one("td", "behind").text
                 for row in root.one("table", id="by-locale").all("tr") if "data-locale" in row.attrs}
    assert by_locale == {"en": "–", "es": "1 page by 2 commits; 1 not translated yet",
                         "fr": "1 page by 2 commits; 1 not translated yet"}


def test_html_differences_expand_in_the_finding_and_are_escaped(doc: tuple[str, Node]) -> None:
    page_html, root = doc
    [card] = [a for a in root.all("article", "finding")
              if a.attrs["data-rule"] == "translation-outdated" and a.attrs["data-locale"] == "es"]
    details = card.one("details", "differences")
    assert details.one("summary").text == "2 differences the reference's moving on explains"
    items = details.all("li")
    assert [li.attrs["data-rule"] for li in items] == ["sample-missing", "header-drift"]
    assert items[1].one("code", "at").text == "docs/es/api.md:4"
    # The heading's <script> reaches the page as text, never as an element.
    assert HOSTILE in items[1].text
    assert [s.attrs for s in root.all("script")] == [{"type": "application/json", "id": "sd-data"}, {}]
    assert "<script>alert(1)" not in page_html and "&lt;script&gt;alert(1)&lt;/script&gt;" in page_html


def test_html_without_anyone_behind_has_no_column(tmp_path: Path) -> None:
    root = repo(tmp_path)
    commit(root, {"en/api.md": page("Ping", AUTH), "es/api.md": page("Ping es", AUTH)})
    commit(root, {"es/api.md": page("Ping es")})
    built = parse(html.render(run(root))).root
    assert built.all("td", "behind") == [] and built.all("details", "differences") == []



def test_markdown_summary_says_the_two_lists_apart(behind: Result) -> None:
    from checker.report import markdown

    out = markdown.render(behind)
    assert ("Outdated: 4 translations are behind the reference (`docs/en/new.md` not yet in es, fr, "
            "`docs/es/api.md` by 2 commits, `docs/fr/api.md` by 2 commits): re-translate them") in out
