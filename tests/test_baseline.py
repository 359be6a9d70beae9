"""`sampledrift baseline` and `check --baseline`, as a team adopting the tool runs them."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from checker import __version__
from checker.cli import main
from tests.helpers import REPO, SEEDS

FR = "docs/fr/api-docs/authentication.md"
ZH = "docs/zh-cn/api-docs/authentication.md"
SARIF_SCHEMA = REPO / "fixtures" / "schemas" / "sarif-schema-2.1.0.json"


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


@pytest.fixture
def tree(tmp_path: Path, monkeypatch) -> Path:
    """The seed pages under `docs/` of a temporary folder, which is the current one."""
    shutil.copytree(SEEDS, tmp_path / "docs")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def sources(tmp_path: Path, monkeypatch) -> Path:
    """Only the fr and zh-cn GitBook sources: a planted drift gives one finding, no published echo."""
    for locale in ("fr", "zh-cn"):
        shutil.copytree(SEEDS / locale, tmp_path / "docs" / locale)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(path: str, old: str, new: str) -> None:
    text = Path(path).read_text(encoding="utf-8")
    assert old in text, old
    Path(path).write_text(text.replace(old, new, 1), encoding="utf-8")


def findings_of(capsys, *args: str) -> tuple[int, dict]:
    # Without --baseline or a config, a full report: not the baseline found in the current folder.
    off = () if {"--baseline", "--config"} & set(args) else ("--no-baseline",)
    code, out, err = run(capsys, "check", "docs", "--format", "json", *args, *off)
    assert err == ""
    return code, json.loads(out)


# ------------------------------------------------------------------ the file

def test_baseline_writes_every_finding_sorted_and_says_how_many(capsys, tree):
    code, out, err = run(capsys, "baseline", "docs")
    assert code == 0 and out == ""
    assert err == "Wrote 9 baseline entries to .sampledrift-baseline.json.\n"
    text = (tree / ".sampledrift-baseline.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert list(data) == ["version", "tool", "findings"]
    assert data["version"] == 1 and data["tool"] == f"sampledrift {__version__}"
    _, report = findings_of(capsys)
    assert sorted((e["rule"], e["path"], e["fingerprint"]) for e in data["findings"]) == sorted(
        (f["rule"], f["path"], f["fingerprint"]) for f in report["findings"])
    entries = data["findings"]
    assert entries == sorted(entries, key=lambda e: (e["path"], e["rule"], e["fingerprint"]))
    assert all(list(e) == ["rule", "path", "message", "fingerprint"] for e in entries)
    assert all(len(e["message"]) <= 120 for e in entries)
    assert any(len(f["message"]) > 120 for f in report["findings"])   # so the cut is tested
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_two_runs_write_the_same_bytes(capsys, tree):
    run(capsys, "baseline", "docs", "--output", "one.json")
    run(capsys, "baseline", "docs", "--output", "two.json")
    assert (tree / "one.json").read_bytes() == (tree / "two.json").read_bytes()


def test_baseline_refuses_to_write_over_an_input_or_through_a_symlink(capsys, tree):
    page = (tree / FR).read_bytes()
    code, out, err = run(capsys, "baseline", "docs", "--output", f"./docs/../{FR}")
    assert code == 2 and out == "" and "is an input (a page" in err and len(err.splitlines()) == 1
    assert (tree / FR).read_bytes() == page
    victim = tree / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    os.symlink(victim, tree / ".sampledrift-baseline.json")
    code, _, err = run(capsys, "baseline", "docs")
    assert code == 2 and "is a symlink" in err
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_check_refuses_an_output_over_its_baseline(capsys, tree):
    run(capsys, "baseline", "docs")
    before = (tree / ".sampledrift-baseline.json").read_bytes()
    code, _, err = run(capsys, "check", "docs", "--baseline", ".sampledrift-baseline.json",
                       "--format", "json", "--output", ".sampledrift-baseline.json")
    assert code == 2 and "is an input (the baseline" in err
    assert (tree / ".sampledrift-baseline.json").read_bytes() == before


# ------------------------------------------------------------------ applying it

def test_a_baselined_tree_is_clean_and_the_summary_says_so(capsys, tree):
    run(capsys, "baseline", "docs")
    code, out, err = run(capsys, "check", "docs", "--baseline", ".sampledrift-baseline.json")
    assert code == 0 and err == ""
    assert out.splitlines() == [
        "No problems found in 5 files, 1 page, 3 locales (da, fr, zh-cn), 75 samples.",
        "Baseline .sampledrift-baseline.json: 9 findings baselined, 0 entries no longer occur."]
    code, report = findings_of(capsys, "--baseline", ".sampledrift-baseline.json")
    assert code == 0 and report["findings"] == []
    assert report["baseline"] == {"file": ".sampledrift-baseline.json", "suppressed": 9, "stale": 0}
    _, plain = findings_of(capsys)
    assert "baseline" not in plain   # additive: only with --baseline


def test_line_shifts_and_unrelated_edits_stay_baselined_a_new_drift_is_reported(capsys, sources):
    # fr is the reference, so a drift planted in zh-cn is reported in zh-cn.
    run(capsys, "baseline", "docs", "--reference-locale", "fr")
    _, before = findings_of(capsys, "--reference-locale", "fr")
    edit(FR, "# Authentification\n", "# Authentification\n\nUne ligne.\n\nEt une autre, ajoutée.\n\n")
    edit(ZH, "## ", "一段新的说明。\n\n## ")                   # prose, in the other locale
    edit(FR, "Ce document décrit", "Cette page décrit")     # an unrelated wording change
    _, shifted = findings_of(capsys, "--reference-locale", "fr")
    assert [f["line"] for f in shifted["findings"]] != [f["line"] for f in before["findings"]]
    code, report = findings_of(capsys, "--baseline", ".sampledrift-baseline.json", "--reference-locale", "fr")
    assert code == 0 and report["findings"] == []
    assert report["baseline"]["suppressed"] == len(before["findings"])
    assert report["baseline"]["stale"] == 0
    edit(ZH, '"name": "John Doe"', '"name": "Juan Pérez"')   # a translated example value
    code, report = findings_of(capsys, "--baseline", ".sampledrift-baseline.json", "--reference-locale", "fr")
    assert [(f["rule"], f["path"]) for f in report["findings"]] == [("payload-value-drift", ZH)]
    assert "Juan Pérez" in report["findings"][0]["message"]
    assert report["baseline"]["suppressed"] == len(before["findings"])


def test_a_second_mistake_of_a_baselined_rule_in_the_same_file_is_new(capsys, sources):
    run(capsys, "baseline", "docs")
    edit(FR, "## Inscription\n", "## Inscription\n\n{% hint style=\"info\" %\n")
    code, report = findings_of(capsys, "--baseline", ".sampledrift-baseline.json")
    assert [(f["rule"], f["path"], f["line"]) for f in report["findings"]] == [
        ("tag-unterminated", FR, 7)]
    assert code == 1


def test_the_same_finding_in_a_moved_file_is_new(capsys, sources):
    run(capsys, "baseline", "docs")
    (sources / "docs/fr/api-docs/authentication.md").rename(sources / "docs/fr/api-docs/auth.md")
    code, report = findings_of(capsys, "--baseline", ".sampledrift-baseline.json")
    moved = [f for f in report["findings"] if f["path"] == "docs/fr/api-docs/auth.md"]
    assert moved and code == 1
    # The old path's entries are stale: the run covered docs/ and they no longer occur.
    assert report["baseline"]["stale"] >= len(moved)


def test_fixed_findings_are_counted_as_stale(capsys, tree):
    run(capsys, "baseline", "docs")
    edit(ZH, "{% endtabs %\n", "")   # it closes no `{% tabs %}`: the fix is to drop it
    code, out, _ = run(capsys, "check", "docs", "--baseline", ".sampledrift-baseline.json")
    assert out.splitlines()[-1] == ("Baseline .sampledrift-baseline.json: 8 findings baselined, "
                                    "1 entry no longer occurs (`sampledrift baseline` rewrites it "
                                    "without them).")
    assert code == 0
    run(capsys, "baseline", "docs")
    entries = json.loads((tree / ".sampledrift-baseline.json").read_text(encoding="utf-8"))["findings"]
    assert len(entries) == 8   # rewritten: the file shrank


def test_entries_of_files_the_run_did_not_cover_are_not_stale(capsys, tree):
    run(capsys, "baseline", "docs")
    code, out, _ = run(capsys, "check", "docs/fr", "--baseline", ".sampledrift-baseline.json",
                       "--format", "json")
    # docs/fr alone: its `{% endtabs %` is still baselined; its two translated
    # placeholders need another locale to be seen, so they count as stale; the
    # six entries of the other folders are neither.
    assert json.loads(out)["baseline"] == {"file": ".sampledrift-baseline.json",
                                           "suppressed": 1, "stale": 2}


def test_fail_on_counts_only_new_findings(capsys, tree):
    run(capsys, "baseline", "docs")   # 5 errors and 4 warnings, all baselined
    assert run(capsys, "check", "docs", "--baseline", ".sampledrift-baseline.json",
               "--fail-on", "info")[0] == 0
    edit(ZH, '"name": "John Doe"', '"name": "Juan Pérez"')   # one new warning
    for fail_on, expected in (("error", 0), ("warning", 1), ("info", 1), ("never", 0)):
        code, _, _ = run(capsys, "check", "docs", "--baseline", ".sampledrift-baseline.json",
                         "--fail-on", fail_on)
        assert code == expected, fail_on
    edit(ZH, "curl -X POST", "curl -X PUT")                   # and a new error
    assert run(capsys, "check", "docs", "--baseline", ".sampledrift-baseline.json")[0] == 1


# ------------------------------------------------------------------ the config key

def test_config_key_is_relative_to_the_config_and_the_cli_wins(capsys, tree):
    (tree / "ci").mkdir()
    (tree / "ci" / "sampledrift.yml").write_text("baseline: known.json\n", encoding="utf-8")
    code, _, err = run(capsys, "baseline", "docs", "--config", "ci/sampledrift.yml")
    assert code == 0 and err == "Wrote 9 baseline entries to ci/known.json.\n"
    assert (tree / "ci" / "known.json").is_file()
    code, report = findings_of(capsys, "--config", "ci/sampledrift.yml")
    assert code == 0 and report["findings"] == []
    assert report["baseline"] == {"file": "ci/known.json", "suppressed": 9, "stale": 0}
    (tree / "empty.json").write_text('{"version": 1, "findings": []}\n', encoding="utf-8")
    code, report = findings_of(capsys, "--config", "ci/sampledrift.yml", "--baseline", "empty.json")
    assert code == 1 and len(report["findings"]) == 9
    assert report["baseline"] == {"file": "empty.json", "suppressed": 0, "stale": 0}


def test_a_config_naming_a_missing_baseline_stops_the_run(capsys, tree):
    (tree / "sampledrift.yml").write_text("baseline: nowhere.json\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "docs", "--config", "sampledrift.yml")
    assert code == 2 and out == ""
    assert err == "sampledrift: error: cannot read baseline ./nowhere.json: No such file or directory\n"


# ------------------------------------------------------------------ bad baselines

BAD = {
    "not JSON": ("{\n  \"version\": 1,\n", "is not valid JSON (line 3"),
    "not an object": ("[]\n", "top level: [] is not of type 'object'"),
    "no findings": ('{"version": 1}\n', "'findings' is a required property"),
    "an entry without fingerprint": ('{"version": 1, "findings": [{"rule": "x", "path": "y"}]}',
                                     "findings/0: 'fingerprint' is a required property"),
    "a number for a path": ('{"version": 1, "findings": [{"rule": "x", "path": 3, "fingerprint": "f"}]}',
                            "findings/0/path: 3 is not of type 'string'"),
    "another version": ('{"version": 2, "findings": []}', "version 2 is not one this sampledrift reads"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_malformed_baseline_is_one_line_and_exit_2(capsys, tree, name):
    text, said = BAD[name]
    (tree / "bad.json").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "check", "docs", "--baseline", "bad.json")
    assert code == 2 and out == ""
    assert err.startswith("sampledrift: error: baseline bad.json") and said in err, err
    assert len(err.splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("kind", ["missing", "a folder", "not UTF-8"])
def test_an_unreadable_baseline_is_one_line_and_exit_2(capsys, tree, kind):
    target = tree / "base.json"
    if kind == "a folder":
        target.mkdir()
    elif kind == "not UTF-8":
        target.write_bytes(b'{"version": 1, "findings": [], "tool": "\xff"}')
    code, out, err = run(capsys, "check", "docs", "--baseline", "base.json")
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert "baseline base.json" in err and "Traceback" not in err


# ------------------------------------------------------------------ the other formats

def test_sarif_keeps_baselined_results_as_external_suppressions(capsys, tree):
    run(capsys, "baseline", "docs")
    edit(ZH, '"name": "John Doe"', '"name": "Juan Pérez"')
    code, out, _ = run(capsys, "check", "docs", "--baseline", ".sampledrift-baseline.json",
                       "--format", "sarif")
    log = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert list(Draft7Validator(schema).iter_errors(log)) == []
    sarif_run = log["runs"][0]
    new = [r for r in sarif_run["results"] if "suppressions" not in r]
    old = [r for r in sarif_run["results"] if "suppressions" in r]
    assert [r["ruleId"] for r in new] == ["payload-value-drift"]
    assert len(old) == 9
    assert all(r["suppressions"][0]["kind"] == "external" and r["suppressions"][0]["status"] == "accepted"
               for r in old)
    assert sarif_run["properties"]["baseline"] == {"file": ".sampledrift-baseline.json",
                                                   "suppressed": 9, "stale": 0}
    places = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
               r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in sarif_run["results"]]
    assert places == sorted(places)
    assert code == 0   # the new finding is a warning


def test_markdown_summary_says_what_the_baseline_left_out(capsys, tree):
    run(capsys, "baseline", "docs")
    _, out, _ = run(capsys, "check", "docs", "--baseline", ".sampledrift-baseline.json",
                    "--format", "markdown")
    assert ("No problems found in 5 files, 1 page, 3 locales (`da`, `fr`, `zh-cn`), 75 samples. "
            "Baseline `.sampledrift-baseline.json`: 9 findings baselined, 0 entries no longer occur."
            ) in out.splitlines()
