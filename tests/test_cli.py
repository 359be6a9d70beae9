"""The command line as users and CI meet it: outputs, exit codes, errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from checker.cli import main
from tests.helpers import SEEDS, report_lines

SEED_ENDTABS = [  # where the seed pages' `{% endtabs %` stands, per file
    ("fr/api-docs/authentication.md", 421),
    ("published-site/fr/api-docs/authentication.txt", 426),
    ("published-text/da/api-docs/authentication.txt", 224),
    ("published-text/fr/api-docs/authentication.txt", 224),
    ("zh-cn/api-docs/authentication.md", 423),
]


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


# The translated refresh-token placeholder: fr (source) and da (published),
# in the cURL and Python samples; zh-cn kept `YOUR_REFRESH_TOKEN`.
SEED_PLACEHOLDERS = [
    ("fr/api-docs/authentication.md", 300), ("fr/api-docs/authentication.md", 339),
    ("published-text/da/api-docs/authentication.txt", 165),
    ("published-text/da/api-docs/authentication.txt", 183),
]


def test_demo_reports_the_seeds_drift_and_nothing_else(capsys):
    code, out, err = run(capsys, "check", "--format", "json")
    assert code == 1 and err == ""
    report = json.loads(out)
    got = sorted((f["rule"], f["path"], f["line"]) for f in report["findings"])
    expected = [("tag-unterminated", f"demo/{path}", line) for path, line in SEED_ENDTABS]
    expected += [("placeholder-translated", f"demo/{path}", line) for path, line in SEED_PLACEHOLDERS]
    assert got == sorted(expected)
    for finding in report["findings"]:
        if finding["rule"] == "placeholder-translated":
            assert finding["related"][0]["locale"] == "zh-cn"
            assert "`YOUR_REFRESH_TOKEN`" in finding["message"]
    assert report["summary"]["files"] == 5 and report["summary"]["pages"] == 1
    assert report["summary"]["locales"] == ["da", "fr", "zh-cn"]


def test_text_output_is_linter_style(capsys):
    code, out, _ = run(capsys, "check", str(SEEDS / "fr"))
    lines = out.splitlines()
    assert lines[0] == (f"{SEEDS / 'fr'}/api-docs/authentication.md:421:1: error tag-unterminated [*] "
                        "`{% endtabs %` is missing its closing `}`, and no `{% tabs %}` is open "
                        "for it to close")
    assert lines[-2] == ("Found 1 error, 0 warnings, 0 infos in 1 file, 1 page, 1 locale (fr), "
                         "15 samples.")
    assert lines[-1] == "1 finding can be fixed with `sampledrift fix --write` (`sampledrift fix` shows the diff)."
    assert "\x1b[" not in out  # no colour when not on a terminal


def test_json_report_shape(capsys):
    _, out, _ = run(capsys, "check", "--format", "json")
    report = json.loads(out)
    assert report["tool"] == {"name": "sampledrift", "version": "0.1.0"}
    finding = next(f for f in report["findings"] if f["rule"] == "tag-unterminated")
    assert list(finding) == ["rule", "severity", "message", "path", "line", "column", "end_line",
                             "locale", "page", "related", "fingerprint"]
    assert finding["page"] == "api-docs/authentication" and finding["end_line"] == 421
    assert list(report["summary"]) == ["files", "pages", "locales", "samples", "errors",
                                       "warnings", "infos"]


def test_same_input_same_bytes_and_relative_paths_stay_relative(capsys, monkeypatch):
    monkeypatch.chdir(SEEDS.parent)
    first = run(capsys, "check", "seeds", "--format", "json")[1]
    second = run(capsys, "check", "seeds/", "--format", "json")[1]
    assert first == second
    assert json.loads(first)["findings"][0]["path"] == "seeds/fr/api-docs/authentication.md"


def test_fingerprint_survives_lines_added_above(capsys, tmp_path):
    page = tmp_path / "fr" / "p.md"
    page.parent.mkdir()
    page.write_text("Intro\n\n{% endtabs %\n")
    before = json.loads(run(capsys, "check", str(tmp_path), "--format", "json")[1])["findings"][0]
    page.write_text("Intro\n\nMore prose.\n\nAnd more.\n\n{% endtabs %\n")
    after = json.loads(run(capsys, "check", str(tmp_path), "--format", "json")[1])["findings"][0]
    assert (before["line"], after["line"]) == (3, 7)
    assert before["fingerprint"] == after["fingerprint"]


def test_formats_pair_with_outputs_in_order(capsys, tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.txt"
    code, out, _ = run(capsys, "check", "--format", "json", "--output", str(a),
                       "--format", "text", "--output", str(b), "--format", "text")
    assert code == 1
    assert json.loads(a.read_text())["summary"]["errors"] == 5
    assert report_lines(b.read_text())[-1].startswith("Found 5 errors, 4 warnings")
    assert out == b.read_text()  # the third format, with no output, goes to stdout


def test_output_format_from_extension(capsys, tmp_path):
    target = tmp_path / "r.json"
    run(capsys, "check", "--output", str(target))
    assert json.loads(target.read_text())["summary"]["files"] == 5


@pytest.mark.parametrize("fail_on,code", [("error", 1), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on(capsys, fail_on, code):
    assert run(capsys, "check", "--fail-on", fail_on)[0] == code


def test_clean_tree_exits_zero(capsys, tmp_path):
    (tmp_path / "ok.md").write_text("# Fine\n\n```bash\ncurl https://x/\n```\n")
    code, out, _ = run(capsys, "check", str(tmp_path))
    assert code == 0 and out.startswith("No problems found in 1 file")


def test_config_can_turn_a_rule_off_and_change_a_severity(capsys, tmp_path):
    config = tmp_path / "c.yml"
    config.write_text("rules:\n  tag-unterminated: {severity: warning}\n")
    code, out, _ = run(capsys, "check", "--config", str(config), "--format", "json")
    assert code == 0 and {f["severity"] for f in json.loads(out)["findings"]} == {"warning"}
    config.write_text("rules:\n  tag-unterminated: off\n  placeholder-translated: off\n")
    code, out, _ = run(capsys, "check", "--config", str(config), "--format", "json")
    assert code == 0 and json.loads(out)["findings"] == []


@pytest.mark.parametrize("args,message", [
    (["check", "no/such/path"], "sampledrift: error: no such file or directory: no/such/path"),
    (["check", "--format", "pdf"], "sampledrift check: error: Invalid value for '--format'"),
    (["check", "--spec", "missing.yml"], "sampledrift: error: cannot read spec missing.yml"),
    (["check", "--config", "missing.yml"], "sampledrift: error: cannot read config missing.yml"),
    (["check", "--output", "r.pdf"], "sampledrift: error: --output r.pdf has no matching --format"),
    (["check", "--fail-on", "fatal"], "sampledrift check: error: Invalid value for '--fail-on'"),
    (["rules", "no-such-rule"], "sampledrift: error: unknown rule `no-such-rule`"),
    (["frobnicate"], "sampledrift: error: No such command 'frobnicate'"),
])
def test_usage_and_input_errors_are_one_line_and_exit_2(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1


def test_rules_lists_every_rule_and_shows_one(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()][:3] == [
        "tag-unterminated", "tag-unbalanced", "tag-misnested"]
    code, out, _ = run(capsys, "rules", "tag-attribute")
    assert code == 0 and out.startswith("tag-attribute (default severity: error)")
    assert 'style="avertissement"' in out


def test_python_dash_m_and_parallel_run_agree(tmp_path):
    # Enough files to use the worker processes; the output must not change.
    for index in range(60):
        (tmp_path / f"p{index:02}.md").write_text(f"# P{index}\n\n{{% endhint %}}\n")
    outputs = []
    for jobs in ("1", "2"):
        done = subprocess.run([sys.executable, "-m", "checker", "check", str(tmp_path),
                               "--format", "json"], capture_output=True, text=True,
                              env={"SAMPLEDRIFT_JOBS": jobs, "PATH": ""})
        assert done.returncode == 1, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert len(json.loads(outputs[0])["findings"]) == 60


def test_verbose_and_json_say_how_pages_were_paired(capsys):
    code, out, _ = run(capsys, "check", "--verbose")
    assert out.splitlines()[:3] == [
        "no reference locale: consensus (pages paired against fr)",
        "page api-docs/authentication",
        "    da     demo/published-text/da/api-docs/authentication.txt  (same path)"]
    _, out, _ = run(capsys, "check", "--format", "json", "--reference-locale", "zh-cn")
    pairing = json.loads(out)["pairing"]
    assert (pairing["reference"], pairing["anchor"]) == ("zh-cn", "zh-cn")
    assert pairing["pages"][0]["locales"]["zh-cn"]["how"] == "reference"
    assert pairing["pages"][0]["locales"]["fr"]["paths"][0] == "demo/fr/api-docs/authentication.md"


def test_reference_locale_decides_who_drifted(capsys):
    # zh-cn as reference: fr and da translated the placeholder; with fr as
    # reference, zh-cn and da are the ones that differ.
    _, out, _ = run(capsys, "check", "--format", "json", "--reference-locale", "fr")
    report = json.loads(out)
    drifted = sorted({f["locale"] for f in report["findings"] if f["rule"] == "placeholder-translated"})
    assert drifted == ["da", "zh-cn"]
