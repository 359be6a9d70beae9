"""`--format junit`, `--format gitlab` and the output conventions linters share
(`-o`, `-q`, `--statistics`, `--color`, `-V`, a progress bar on a terminal
stderr), through the CLI as a user runs them."""

from __future__ import annotations

import io
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import xmlschema

from checker import __version__
from checker.cli import main
from checker.report import progress
from checker.report.progress import Progress, bar_line
from tests.helpers import REPO
from tests.test_cli import run

SCHEMAS = REPO / "tests" / "schemas"
JUNIT_XSD = xmlschema.XMLSchema(str(SCHEMAS / "junit.xsd"))
GITLAB_SCHEMA = json.loads((SCHEMAS / "gitlab-code-quality.schema.json").read_text(encoding="utf-8"))
ANSI = re.compile(r"\x1b\[[0-9;]*m")

# A finding message holding what XML and JSON must escape or drop: `<`, `&`, a
# BEL control character (not allowed in XML 1.0 at all) and non-ASCII.
ODD_STYLE = "a<b&c é\x07日"
PAGES = {
    "en/page.md": '# Page\n\n{% hint style="info" %}\nHi\n{% endhint %}\n\nText.\n',
    "fr/page.md": f'# Page\n\n{{% hint style="{ODD_STYLE}" %}}\nSalut\n{{% endhint %}}\n\nTexte.\n',
    # The first hint is never closed; sampledrift knows where its end tag goes (a repair).
    "en/other.md": ('# Other\n\n{% hint style="info" %}\nA note.\n\n'
                    '{% hint style="info" %}\nAnother.\n{% endhint %}\n'),
    "en/clean.md": "# Clean\n\nNothing wrong here.\n",
    "fr/clean.md": "# Propre\n\nRien à signaler.\n",
}


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The pages under tmp_path/docs, checked as `./docs` from tmp_path."""
    for name, text in PAGES.items():
        target = tmp_path / "docs" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return "./docs"


@pytest.fixture(autouse=True)
def plain_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No colour or CI setting of the machine running the tests leaks in."""
    for name in ("NO_COLOR", "FORCE_COLOR", "CI"):
        monkeypatch.delenv(name, raising=False)


def findings_of(capsys, *args: str) -> list[dict]:
    _, out, _ = run(capsys, "check", *args, "--format", "json")
    return json.loads(out)["findings"]


# --- JUnit -------------------------------------------------------------------

def test_junit_on_the_seeds_is_valid_and_counts_what_json_reports(capsys):
    code, out, err = run(capsys, "check", "--format", "junit")
    assert code == 1 and err == ""
    JUNIT_XSD.validate(out)
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    [suite] = root.findall("testsuite")
    assert suite.get("name") == "sampledrift"
    cases = suite.findall("testcase")
    findings = findings_of(capsys)
    assert len(cases) == 5 == int(suite.get("tests")) == int(root.get("tests"))
    failed = [c for c in cases if c.findall("failure")]
    assert int(suite.get("failures")) == len(failed) == int(root.get("failures"))
    assert suite.get("errors") == "0" and suite.get("skipped") == "0"
    got = sorted((c.get("name"), f.get("type"), f.get("message"))
                 for c in cases for f in c.findall("failure"))
    assert got == sorted((f["path"], f["rule"], f["message"]) for f in findings)
    first = findings[0]
    failure = next(f for c in cases for f in c.findall("failure")
                   if c.get("name") == first["path"] and f.get("message") == first["message"])
    assert failure.text.splitlines()[:3] == [
        f"{first['path']}:{first['line']}:{first['column']}: {first['severity']} "
        f"{first['rule']} {first['message']}",
        f"severity: {first['severity']}", f"locale: {first['locale']}"]
    classes = {c.get("name"): c.get("classname") for c in cases}
    assert classes["demo/fr/api-docs/authentication.md"] == "sampledrift.fr"
    assert classes["demo/zh-cn/api-docs/authentication.md"] == "sampledrift.zh-cn"
    assert "timestamp" not in out and "hostname" not in out and "time=" not in out


def test_junit_has_a_passing_testcase_per_clean_file_and_escapes_odd_text(capsys, tree):
    code, out, _ = run(capsys, "check", tree, "--format", "junit")
    assert code == 1
    JUNIT_XSD.validate(out)
    assert "&lt;b&amp;c" in out and "\x07" not in out
    cases = {c.get("name"): c for c in ET.fromstring(out).iter("testcase")}
    assert sorted(cases) == sorted(f"docs/{name}" for name in PAGES)
    assert cases["docs/en/clean.md"].findall("failure") == []
    assert cases["docs/fr/clean.md"].findall("failure") == []
    [odd] = cases["docs/fr/page.md"].findall("failure")
    assert odd.get("type") == "tag-attribute"
    assert 'style="a<b&c é日"' in odd.get("message")  # parsed back: escaped, BEL dropped
    suite = ET.fromstring(out).find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("5", "2")


# --- GitLab Code Quality -----------------------------------------------------

def test_gitlab_on_the_seeds_follows_the_code_quality_format(capsys):
    code, out, err = run(capsys, "check", "--format", "gitlab")
    assert code == 1 and err == ""
    report = json.loads(out)
    jsonschema.validate(report, GITLAB_SCHEMA)
    findings = findings_of(capsys)
    assert [(i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"], i["fingerprint"])
            for i in report] == [(f["rule"], f["path"], f["line"], f["fingerprint"]) for f in findings]
    assert len({i["fingerprint"] for i in report}) == len(report)
    severities = {(f["severity"], i["severity"]) for f, i in zip(findings, report, strict=True)}
    assert severities == {("error", "major"), ("warning", "minor")}
    related = next(i for i, f in zip(report, findings, strict=True) if f["related"])
    assert f"(see {findings[report.index(related)]['related'][0]['path']}:" in related["description"]


def test_gitlab_paths_are_repository_relative_and_odd_text_survives(capsys, tree):
    _, out, _ = run(capsys, "check", tree, "--format", "gitlab")
    report = json.loads(out)
    jsonschema.validate(report, GITLAB_SCHEMA)
    assert {i["location"]["path"] for i in report} == {"docs/en/other.md", "docs/fr/page.md"}
    odd = next(i for i in report if i["check_name"] == "tag-attribute")
    assert ODD_STYLE in odd["description"] and odd["severity"] == "major"
    _, absolute, _ = run(capsys, "check", str(Path(tree).resolve()), "--format", "gitlab")
    # An absolute path inside the cwd is made relative (the fingerprint hashes the path as given).
    assert [i["location"] for i in json.loads(absolute)] == [i["location"] for i in report]


def test_the_schemas_catch_broken_reports():
    """The validators are not vacuous: a report missing what the formats require fails."""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"description": "x", "check_name": "r", "fingerprint": "f",
                              "severity": "error", "location": {"path": "a.md", "lines": {"begin": 1}}}],
                            GITLAB_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"description": "x", "check_name": "r", "fingerprint": "f",
                              "severity": "minor", "location": {"path": "./a.md", "lines": {"begin": 1}}}],
                            GITLAB_SCHEMA)
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        JUNIT_XSD.validate('<testsuites><testsuite name="s" tests="1"><testcase name="a"/>'
                           '</testsuite></testsuites>')


@pytest.mark.parametrize("fmt", ["junit", "gitlab"])
def test_same_tree_same_bytes(capsys, tree, fmt):
    outputs = {run(capsys, "check", tree, "--format", fmt)[1] for _ in range(2)}
    outputs |= {run(capsys, "check", "--format", fmt)[1] for _ in range(2)}
    assert len(outputs) == 2


# --- -o, -q, --statistics ----------------------------------------------------

def test_short_output_and_the_xml_extension(capsys, tree, tmp_path):
    code, out, _ = run(capsys, "check", tree, "--format", "gitlab", "-o", "cq.json", "-o", "report.xml")
    assert code == 1 and out == ""
    jsonschema.validate(json.loads((tmp_path / "cq.json").read_text(encoding="utf-8")), GITLAB_SCHEMA)
    # An output with no --format takes its extension's: `.xml` is JUnit.
    JUNIT_XSD.validate((tmp_path / "report.xml").read_text(encoding="utf-8"))


def test_quiet_prints_the_findings_only(capsys, tree):
    code, loud, _ = run(capsys, "check", tree)
    quiet_code, quiet, err = run(capsys, "check", tree, "-q")
    assert quiet_code == code == 1 and err == ""
    summary = next(i for i, line in enumerate(loud.splitlines()) if line.startswith("Found "))
    assert quiet.splitlines() == loud.splitlines()[:summary]   # no summary, no trailer after it
    assert run(capsys, "check", tree, "--quiet", "-v")[1] == quiet
    _, clean, _ = run(capsys, "check", f"{tree}/en/clean.md", "-q")
    assert clean == ""


def test_statistics_count_by_rule_as_ruff_does(capsys):
    code, out, _ = run(capsys, "check", "--statistics")
    assert code == 1
    assert out.splitlines() == [
        "5\ttag-unterminated      \t[*] a `{% ...` tag that never closes with `%}`",
        "4\tplaceholder-translated\t[*] a placeholder (`YOUR_REFRESH_TOKEN`) was translated "
        "(`VOTRE_REFRESH_TOKEN`)",
        "Found 5 errors, 4 warnings, 0 infos in 5 files, 1 page, 3 locales (da, fr, zh-cn), 75 samples.",
        "4 findings can be fixed with `sampledrift fix --write` (`sampledrift fix` shows the diff).",
    ]
    assert run(capsys, "check", "--statistics", "-q")[1] == "".join(
        line + "\n" for line in out.splitlines()[:2])


def test_statistics_ties_go_by_rule_id_and_mark_what_has_a_repair(capsys, tree):
    _, out, _ = run(capsys, "check", tree, "--statistics", "-q")
    assert out.splitlines() == [
        "1\tpage-missing  \t[ ] a page present in the reference locale and absent in another",
        "1\ttag-attribute \t[ ] a bad or missing attribute (`style=\"avertissement\"`, unquoted value, "
        "`openapi` with no `path`)",
        "1\ttag-unbalanced\t[*] an end tag with no opening, or a block never closed",
    ]


# --- --color, -V -------------------------------------------------------------

class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("args", "env", "tty", "colored"), [
    ((), {}, False, False),                                   # a pipe: plain
    ((), {}, True, True),                                     # a terminal: colour
    ((), {"NO_COLOR": "1"}, True, False),                     # no-color.org
    ((), {"NO_COLOR": ""}, True, True),                       # set but empty: ignored
    ((), {"FORCE_COLOR": "1"}, False, True),                  # force-color.org, into a pipe
    ((), {"FORCE_COLOR": "0"}, False, True),                  # any non-empty value forces
    ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, True),  # FORCE_COLOR overrides NO_COLOR
    (("--color", "always"), {"NO_COLOR": "1"}, False, True),  # the flag wins over the env
    (("--color", "never"), {"FORCE_COLOR": "1"}, True, False),
])
def test_color(capsys, monkeypatch, args, env, tty, colored):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    stdout = FakeTTY() if tty else io.StringIO()
    monkeypatch.setattr(sys, "stdout", stdout)
    with pytest.raises(SystemExit):
        main(["check", *args])
    out = stdout.getvalue()
    assert bool(ANSI.search(out)) is colored
    *_, summary, fixable = ANSI.sub("", out).splitlines()
    assert summary.startswith("Found 5 errors") and fixable.startswith("4 findings can be fixed")


def test_files_are_never_colored(capsys, tree, tmp_path):
    run(capsys, "check", tree, "--color", "always", "--format", "text", "-o", "out.txt")
    assert not ANSI.search((tmp_path / "out.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(capsys, flag):
    code, out, _ = run(capsys, flag)
    assert code == 0 and out == f"sampledrift, version {__version__}\n"


def test_bad_color_is_a_usage_error(capsys):
    code, out, err = run(capsys, "check", "--color", "sometimes")
    assert code == 2 and out == "" and len(err.splitlines()) == 1


# --- progress ----------------------------------------------------------------

class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_waits_then_draws_in_place_and_erases():
    stream, clock = FakeTTY(), Clock()
    bar = Progress(stream, delay=2.0, clock=clock)
    bar(1, 10)
    assert stream.getvalue() == ""  # a short run never shows it
    clock.now += 2.5
    bar(2, 10)
    assert stream.getvalue() == "\r" + bar_line(2, 10)
    bar(3, 10)  # within REDRAW of the last draw: skipped
    assert stream.getvalue().count("\r") == 1
    clock.now += 1
    bar(10, 10)
    bar.close()
    text = stream.getvalue()
    assert "\n" not in text
    assert text.endswith("\r" + " " * len(bar_line(10, 10)) + "\r")
    assert bar_line(4, 10) == "[############..................]  4/10 files"


def run_with_stderr(monkeypatch, capsys, stderr: io.StringIO, *args: str) -> tuple[int, str]:
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(sys, "stderr", stderr)
    code, out, _ = run(capsys, "check", *args)
    return code, out


def test_progress_bar_on_a_terminal_stderr_only(capsys, monkeypatch):
    _, plain = run(capsys, "check")[:2]
    stderr = FakeTTY()
    code, out = run_with_stderr(monkeypatch, capsys, stderr)
    assert code == 1 and out == plain  # stdout untouched
    shown = stderr.getvalue()
    assert "\r" + bar_line(5, 5) in shown  # fed by the engine, file by file, to the last
    last = len(bar_line(5, 5))
    assert shown.endswith("\r" + " " * last + "\r")  # and erased


@pytest.mark.parametrize(("stderr", "env", "args"), [
    (io.StringIO(), {}, ()),            # a pipe or a file
    (FakeTTY(), {"CI": "true"}, ()),    # a CI log, even on a pseudo-terminal
    (FakeTTY(), {}, ("-q",)),           # asked to be quiet
])
def test_no_progress_bar_elsewhere(capsys, monkeypatch, stderr, env, args):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code, _ = run_with_stderr(monkeypatch, capsys, stderr, *args)
    assert code == 1 and stderr.getvalue() == ""
