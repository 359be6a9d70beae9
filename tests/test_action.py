"""action.yml and .pre-commit-hooks.yaml: their shape, their safety, and the commands they run.

The action's check step is run for real: its `run:` script in bash, with the
environment GitHub would give it (the `${{ }}` expressions of its `env:`
replaced by test values), against a copy of the demo docs.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.utils import canonicalize_name

from tests.helpers import REPO, SEEDS, report_lines

ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
BASH = shutil.which("bash")
SAMPLEDRIFT = Path(sys.executable).with_name("sampledrift")

INPUT_DEFAULTS = {"paths": ".", "fail-on": "error", "reference-locale": "", "config": "",
                  "spec": "", "sarif": "", "changed-only": "true", "annotate": "changed",
                  "baseline": "auto", "version": "", "args": "", "python-version": "3.11"}


def test_the_formats_the_action_uses_are_wired():
    from checker.report import FORMATTERS
    assert {"github", "markdown", "sarif"} <= set(FORMATTERS), "wire them in checker/report/__init__.py"


def step(step_id: str) -> dict:
    return next(s for s in STEPS if s.get("id") == step_id)


def test_inputs():
    inputs = ACTION["inputs"]
    assert {name: spec["default"] for name, spec in inputs.items()} == INPUT_DEFAULTS
    assert all(spec["description"] and spec["required"] is False for spec in inputs.values())
    assert ACTION["outputs"]["exit-code"]["value"] == "${{ steps.check.outputs.exit-code }}"
    assert ACTION["outputs"]["report"]["value"] == "${{ steps.check.outputs.report }}"


def test_composite_steps():
    assert ACTION["runs"]["using"] == "composite"
    assert [s.get("uses", "run") for s in STEPS] == [
        "actions/setup-python@v5", "run", "actions/cache@v4", "run", "run",
        "actions/upload-artifact@v4"]
    assert STEPS[0]["with"] == {"python-version": "${{ inputs.python-version }}",
                                "update-environment": False}   # the job's own Python stays
    # The HTML report is uploaded even when findings failed the check step.
    assert STEPS[-1]["if"] == "${{ !cancelled() && steps.check.outputs.report != '' }}"
    assert STEPS[-1]["with"]["path"] == "${{ steps.check.outputs.report }}"


@pytest.mark.parametrize("index", [i for i, s in enumerate(STEPS) if "run" in s])
def test_run_steps_take_every_value_from_env(index):
    """No expression inside shell text: GitHub would paste the value in as code."""
    run_step = STEPS[index]
    assert run_step["shell"] == "bash"
    assert "${{" not in run_step["run"]
    for value in run_step["env"].values():
        assert EXPRESSION.fullmatch(value.split("/")[0]), value
    if BASH:
        subprocess.run([BASH, "-n", "-c", run_step["run"]], check=True)


def test_every_input_reaches_the_action_and_nothing_else_does():
    used = set()
    for s in STEPS:
        for value in [*s.get("env", {}).values(), *s.get("with", {}).values()]:
            used.update(m.group(1) for m in EXPRESSION.finditer(str(value)))
    assert {u for u in used if u.startswith("inputs.")} == {f"inputs.{n}" for n in INPUT_DEFAULTS}
    assert used - {f"inputs.{n}" for n in INPUT_DEFAULTS} == {
        "github.action_path", "runner.temp", "steps.python.outputs.python-path",
        "steps.python.outputs.python-version", "steps.key.outputs.key",
        "steps.cache.outputs.cache-hit", "steps.install.outputs.sampledrift",
        "github.event.pull_request.base.sha", "steps.check.outputs.report"}


def test_install_step_installs_the_action_checkout():
    install = step("install")
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert "--no-deps --no-build-isolation --no-index --force-reinstall \"$ACTION_PATH\"" in install["run"]
    assert 'echo "sampledrift=$bin/sampledrift" >> "$GITHUB_OUTPUT"' in install["run"]


# --- what the action installs: pinned, hashed, cached ---------------------------

LOCK = REPO / "requirements" / "action.lock"
PINNED = "--require-hashes --only-binary :all: -r \"$ACTION_PATH/requirements/action.lock\""
OFFLINE = "--no-deps --no-build-isolation --no-index"


def pip_installs() -> list[str]:
    """Every `pip install` command line of every step."""
    return [line.strip() for s in STEPS for line in s.get("run", "").splitlines()
            if re.search(r"\bpip\b.*\binstall\b", line)]


def test_the_action_installs_only_what_the_lock_pins():
    """Each pip install takes the lock with hashes (wheels only), or installs the
    action's own checkout with nothing fetched: an unpinned install fails here."""
    installs = pip_installs()
    for line in installs:
        assert PINNED in line or OFFLINE in line, f"an unpinned install: {line}"
        assert not re.search(r"--(extra-)?index-url|--find-links|--pre\b|--upgrade\b|-U\b", line)
    assert len(installs) == 2
    assert any(PINNED in line for line in installs) and any(OFFLINE in line for line in installs)
    assert "pip install" not in json.dumps([s.get("with", {}) for s in STEPS])


def lock_pins() -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) of requirements/action.lock."""
    text = LOCK.read_text(encoding="utf-8").replace("\\\n", " ")
    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        found = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)((?:\s+--hash=sha256:[0-9a-f]{64})+)", line)
        assert found, f"not pinned with hashes: {line}"
        pins[canonicalize_name(found.group(1))] = (found.group(2), re.findall(r"[0-9a-f]{64}", line))
    return pins


def test_the_lock_pins_every_dependency_with_hashes():
    from packaging.requirements import Requirement

    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    pins = lock_pins()
    # The Action locks the `langid` extra in too (requirements/regenerate.sh).
    wanted = (pyproject["project"]["dependencies"] + pyproject["build-system"]["requires"]
              + pyproject["project"]["optional-dependencies"]["langid"])
    for spec in wanted:
        requirement = Requirement(spec)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is a dependency the lock does not pin"
        assert requirement.specifier.contains(pins[name][0]), f"{name}=={pins[name][0]} breaks {spec}"
    assert all(hashes for _, hashes in pins.values())
    header = LOCK.read_text(encoding="utf-8").splitlines()[:6]
    assert any("requirements/regenerate.sh" in line for line in header)   # how to make it again


@pytest.mark.skipif(BASH is None or shutil.which("sha256sum") is None,
                    reason="the key step runs bash and sha256sum")
def test_the_environment_is_cached_on_the_lock(tmp_path):
    cache = step("cache")
    assert cache["with"] == {"path": "${{ runner.temp }}/sampledrift-venv",
                             "key": "${{ steps.key.outputs.key }}"}
    assert step("install")["env"]["VENV"] == cache["with"]["path"]
    assert step("install")["env"]["CACHE_HIT"] == "${{ steps.cache.outputs.cache-hit }}"

    def key(action_path: Path) -> str:
        out = tmp_path / "out.txt"
        out.write_text("", encoding="utf-8")
        env = {**os.environ, "ACTION_PATH": str(action_path), "PYTHON_VERSION": "3.11.9",
               "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64", "GITHUB_OUTPUT": str(out)}
        subprocess.run([BASH, "--noprofile", "--norc", "-eo", "pipefail", "-c", step("key")["run"]],
                       env=env, check=True)
        return out.read_text(encoding="utf-8")

    first = key(REPO)
    assert first.startswith("key=sampledrift-venv-Linux-X64-py3.11.9-")
    other = tmp_path / "action" / "requirements"
    other.mkdir(parents=True)
    (other / "action.lock").write_text(LOCK.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert key(tmp_path / "action") != first    # a new lock, a new environment


# --- the check step, run ------------------------------------------------------

RUN_PAGE = "https://github.example/org/docs/actions/runs/42#artifacts"


def run_check(tmp_path: Path, event: str = "push", base: str = "",
              **inputs: str) -> tuple[int, str, str, Path, Path]:
    """Run the check step's script as the runner would; returns (code, stdout, stderr, summary, outputs).
    `event` is GITHUB_EVENT_NAME, `base` the pull request's base commit."""
    workspace = tmp_path / "workspace"
    if not workspace.exists():
        shutil.copytree(SEEDS, workspace / "docs")
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs.txt"
    summary.write_text("", encoding="utf-8")
    outputs.write_text("", encoding="utf-8")
    values = {f"inputs.{name}": inputs.get(name.replace("-", "_"), default)
              for name, default in INPUT_DEFAULTS.items()}
    values["steps.install.outputs.sampledrift"] = str(SAMPLEDRIFT)
    values["github.event.pull_request.base.sha"] = base
    check = step("check")
    (tmp_path / "runner").mkdir(exist_ok=True)
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(outputs),
           "GITHUB_EVENT_NAME": event, "RUNNER_TEMP": str(tmp_path / "runner"),
           "GITHUB_SERVER_URL": "https://github.example", "GITHUB_REPOSITORY": "org/docs",
           "GITHUB_RUN_ID": "42", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path)}
    env.update({key: EXPRESSION.sub(lambda m: values[m.group(1)], value)
                for key, value in check["env"].items()})
    done = subprocess.run([BASH, "--noprofile", "--norc", "-eo", "pipefail", "-c", check["run"]],
                          cwd=workspace, env=env, capture_output=True, text=True)
    return done.returncode, done.stdout, done.stderr, summary, outputs


needs_bash = pytest.mark.skipif(BASH is None, reason="the action's steps run in bash")


@needs_bash
def test_check_step_on_the_demo_with_sarif(tmp_path):
    code, out, err, summary, outputs = run_check(tmp_path, paths="docs", sarif="reports/out.sarif")
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert len(lines) == 9
    assert all(re.match(r"::(error|warning) file=docs/", line) for line in lines)
    assert lines[2].startswith("::error file=docs/fr/api-docs/authentication.md,line=421,col=1,")
    assert summary.read_text(encoding="utf-8").startswith(
        "## sampledrift\n\n5 errors, 4 warnings, 0 infos in 5 files")
    log = json.loads((tmp_path / "workspace" / "reports" / "out.sarif").read_text(encoding="utf-8"))
    results = log["runs"][0]["results"]
    assert len(results) == 9
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "docs/fr/api-docs/authentication.md", "uriBaseId": "%SRCROOT%"}
    assert outputs.read_text(encoding="utf-8") == (
        f"report={tmp_path}/runner/sampledrift-report/sampledrift-report.html\nexit-code=1\n")
    assert summary.read_text(encoding="utf-8").endswith(f"\n\n[HTML report]({RUN_PAGE})\n")
    assert "<!DOCTYPE html>" in (tmp_path / "runner/sampledrift-report/sampledrift-report.html").read_text(
        encoding="utf-8")


@needs_bash
def test_check_step_writes_no_cache_in_the_workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("SAMPLEDRIFT_NO_CACHE")
    assert run_check(tmp_path, paths="docs")[0] == 1
    assert not (tmp_path / "workspace" / ".sampledrift-cache").exists()
    assert run_check(tmp_path, paths="docs", args=f"--cache-dir {tmp_path}/kept")[0] == 1
    assert (tmp_path / "kept" / "CACHEDIR.TAG").is_file()


@needs_bash
@pytest.mark.parametrize("fail_on, expected", [("never", 0), ("error", 1), ("warning", 1)])
def test_check_step_exit_code_is_the_checks(tmp_path, fail_on, expected):
    code, out, _, summary, outputs = run_check(tmp_path, paths="docs", fail_on=fail_on)
    assert code == expected and len(out.splitlines()) == 9
    assert outputs.read_text(encoding="utf-8").endswith(f"exit-code={expected}\n")
    assert not (tmp_path / "workspace" / "reports").exists()   # no sarif input: no SARIF


@needs_bash
def test_check_step_passes_every_option(tmp_path):
    (tmp_path / "workspace").mkdir()
    shutil.copytree(SEEDS / "fr", tmp_path / "workspace" / "fr")
    shutil.copytree(SEEDS / "zh-cn", tmp_path / "workspace" / "zh-cn")
    (tmp_path / "workspace" / "conf.yml").write_text("rules:\n  tag-unterminated: off\n",
                                                     encoding="utf-8")
    code, out, err, _, _ = run_check(tmp_path, paths="fr\nzh-cn", config="conf.yml",
                                     reference_locale="zh-cn", fail_on="warning")
    assert (code, err) == (1, "")
    assert [line.split("::")[1].split(",")[0] for line in out.splitlines()] == [
        "warning file=fr/api-docs/authentication.md"] * 2
    code, _, err, _, _ = run_check(tmp_path, paths="fr", spec="missing.yml")
    assert code == 2 and "missing.yml" in err


@needs_bash
def test_check_step_treats_inputs_as_data(tmp_path):
    hostile = "docs $(touch pwned) `touch pwned` ;touch pwned *"
    code, out, err, _, outputs = run_check(tmp_path, paths=hostile, reference_locale='x"; touch pwned; "')
    assert code == 2 and out == ""
    assert err.startswith("sampledrift: error: no such file or directory: $(touch")
    assert not (tmp_path / "workspace" / "pwned").exists()
    assert outputs.read_text(encoding="utf-8") == "exit-code=2\n"


# --- pull-request mode, annotations, summary ------------------------------------

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(BASH is None or GIT is None, reason="pull-request mode runs git")
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_NOSYSTEM": "1"}
BROKEN = "\n{% endtabs %\n"   # tag-unterminated: an error wherever it is appended


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True,
                          env={**os.environ, **GIT_ENV, "HOME": str(cwd)})
    return done.stdout.strip()


def page(title: str) -> str:
    return f"# Page {title}\n\nSome text.\n\n```bash\ncurl https://api.example.com/{title}\n```\n"


@pytest.fixture
def pull_request(tmp_path: Path) -> tuple[Path, str]:
    """A repository whose base commit has old errors in en/a.md and en/b.md; the
    pull request then adds one to fr/b.md. Returns (tmp_path, base sha)."""
    docs = tmp_path / "workspace" / "docs"
    for locale in ("en", "fr"):
        (docs / locale).mkdir(parents=True)
        for name in ("a", "b"):
            broken = BROKEN if locale == "en" else ""
            (docs / locale / f"{name}.md").write_text(page(name) + broken, encoding="utf-8")
    workspace = tmp_path / "workspace"
    git(workspace, "init", "-q")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-qm", "base")
    base = git(workspace, "rev-parse", "HEAD")
    with (docs / "fr" / "b.md").open("a", encoding="utf-8") as handle:
        handle.write(BROKEN)
    git(workspace, "commit", "-qam", "the pull request")
    return tmp_path, base


def annotated(out: str) -> list[str]:
    return [re.match(r"::\w+ file=([^,]+),", line).group(1) for line in out.splitlines()
            if line.startswith(("::error file", "::warning file", "::notice file"))]


def locations(summary: Path) -> list[str]:
    """The Location column of the summary's findings table, in order."""
    rows = [line.split(" | ") for line in summary.read_text(encoding="utf-8").splitlines()
            if line.startswith("| error |") or line.startswith("| warning |")]
    return [row[2] for row in rows]


@needs_git
def test_pull_request_checks_the_changed_page_sets_and_annotates_the_changed_files(pull_request):
    tmp_path, base = pull_request
    code, out, err, summary, outputs = run_check(tmp_path, event="pull_request", base=base,
                                                 paths="docs")
    assert (code, err) == (1, "")
    assert annotated(out) == ["docs/fr/b.md"]            # not en/b.md: the PR did not touch it
    text = summary.read_text(encoding="utf-8")
    assert f"Checked 2 files (changed since `{base}`" in text and "2 skipped" in text
    assert locations(summary) == ["docs/fr/b.md:9", "docs/en/b.md:9"]   # changed file first
    assert "docs/en/a.md" not in text                    # another page set: not checked
    assert outputs.read_text(encoding="utf-8").endswith("exit-code=1\n")


@needs_git
def test_pull_request_inputs_turn_pr_mode_and_the_annotation_filter_off(pull_request):
    tmp_path, base = pull_request
    code, out, _, summary, _ = run_check(tmp_path, event="pull_request", base=base, paths="docs",
                                         annotate="all")
    assert code == 1 and annotated(out) == ["docs/en/b.md", "docs/fr/b.md"]
    code, out, _, summary, _ = run_check(tmp_path, event="pull_request", base=base, paths="docs",
                                         changed_only="false")
    assert code == 1 and annotated(out) == ["docs/fr/b.md"]   # a full run, still the PR's file
    assert locations(summary) == ["docs/fr/b.md:9", "docs/en/a.md:9", "docs/en/b.md:9"]
    assert "Checked" not in summary.read_text(encoding="utf-8")
    code, out, _, summary, _ = run_check(tmp_path, event="push", base=base, paths="docs")
    assert code == 1 and annotated(out) == ["docs/en/a.md", "docs/en/b.md", "docs/fr/b.md"]
    assert locations(summary) == ["docs/en/a.md:9", "docs/en/b.md:9", "docs/fr/b.md:9"]
    code, out, _, _, _ = run_check(tmp_path, event="pull_request", base=base, paths="docs",
                                   annotate="some")
    assert code == 2 and out == "::error title=sampledrift::annotate must be changed or all, not: some\n"


@needs_git
def test_a_missing_base_commit_is_fetched(pull_request):
    tmp_path, base = pull_request
    origin = tmp_path / "workspace"
    git(origin, "config", "uploadpack.allowAnySHA1InWant", "true")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth=1", f"file://{origin}", str(clone / "workspace"))
    with pytest.raises(subprocess.CalledProcessError):
        git(clone / "workspace", "cat-file", "-e", f"{base}^{{commit}}")   # a shallow checkout
    code, out, err, summary, _ = run_check(clone, event="pull_request", base=base, paths="docs")
    assert (code, err) == (1, "") and annotated(out) == ["docs/fr/b.md"]
    assert "Checked 2 files" in summary.read_text(encoding="utf-8")


@needs_git
def test_a_base_commit_out_of_reach_is_a_full_run_with_a_warning(pull_request):
    tmp_path, _ = pull_request
    missing = "0123456789abcdef0123456789abcdef01234567"
    code, out, err, summary, _ = run_check(tmp_path, event="pull_request", base=missing, paths="docs")
    assert code == 1 and err == ""
    assert out.splitlines()[0] == (
        f"::warning title=sampledrift::the base commit {missing} is not in the checkout and could "
        f"not be fetched (check out with fetch-depth: 0): a full run, every finding annotated")
    assert annotated(out) == ["docs/en/a.md", "docs/en/b.md", "docs/fr/b.md"]
    code, out, _, _, _ = run_check(tmp_path, event="pull_request", base="main; rm -rf /", paths="docs")
    assert code == 1 and out.startswith("::warning title=sampledrift::the event names no base commit")


@needs_bash
def test_summary_lists_errors_first(tmp_path):
    _, _, _, summary, _ = run_check(tmp_path, paths="docs")
    severities = [line.split(" | ")[0] for line in summary.read_text(encoding="utf-8").splitlines()
                  if line.startswith(("| error |", "| warning |", "| info |"))]
    assert severities == ["| error"] * 5 + ["| warning"] * 4


# --- inputs: paths with spaces, args, version, baseline ------------------------

SPEC = 'openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths: {}\n'


@needs_bash
def test_paths_and_specs_with_spaces(tmp_path):
    workspace = tmp_path / "workspace"
    shutil.copytree(SEEDS / "fr", workspace / "my docs" / "fr")
    shutil.copytree(SEEDS / "zh-cn", workspace / "my docs" / "zh-cn")
    (workspace / "my docs" / "swagger (1) (1).yml").write_text(SPEC, encoding="utf-8")
    # One line naming an existing path: one path, spaces and parentheses kept.
    code, out, err, _, _ = run_check(tmp_path, paths="my docs", spec="my docs/swagger (1) (1).yml",
                                     fail_on="never")
    assert (code, err) == (0, "") and annotated(out)
    assert set(annotated(out)) <= {"my docs/fr/api-docs/authentication.md",
                                   "my docs/zh-cn/api-docs/authentication.md"}
    # One a line.
    code, out2, err, _, _ = run_check(tmp_path, paths="my docs/fr\nmy docs/zh-cn\n",
                                      spec="\n  my docs/swagger (1) (1).yml  \n", fail_on="never")
    assert (code, err, out2) == (0, "", out)
    # Words on one line, as before, when the whole line is no path.
    shutil.copytree(SEEDS / "fr", workspace / "fr")
    shutil.copytree(SEEDS / "zh-cn", workspace / "zh-cn")
    code, out, err, _, _ = run_check(tmp_path, paths="fr  zh-cn", fail_on="never")
    assert (code, err) == (0, "") and {p.split("/")[0] for p in annotated(out)} == {"fr", "zh-cn"}
    # A line naming no existing path is words, so a missing spec is reported by its first word.
    code, _, err, _, _ = run_check(tmp_path, paths="fr", spec="my docs/swagger (2).yml")
    assert code == 2 and err == "sampledrift: error: cannot read spec my: no such file\n"


@needs_bash
def test_args_are_split_as_words_and_never_run(tmp_path):
    code, out, err, _, _ = run_check(tmp_path, paths="docs",
                                     args="--select 'tag-unterminated'  --locale \"fr\"")
    assert (code, err) == (1, "")
    assert annotated(out) == ["docs/fr/api-docs/authentication.md",
                              "docs/published-site/fr/api-docs/authentication.txt",
                              "docs/published-text/fr/api-docs/authentication.txt"]
    hostile = "--fail-on never $(touch pwned) `touch pwned` ;touch pwned & touch pwned | x > pwned *"
    code, out, err, _, outputs = run_check(tmp_path, paths="docs", args=hostile)
    assert code == 2 and err.startswith("sampledrift: error:")
    assert not list((tmp_path / "workspace").glob("pwned*"))
    assert outputs.read_text(encoding="utf-8") == "exit-code=2\n"
    code, out, _, _, outputs = run_check(tmp_path, paths="docs", args="--select 'tag-")
    assert code == 2 and out == "::error title=sampledrift::args: No closing quotation\n"
    assert outputs.read_text(encoding="utf-8") == "exit-code=2\n"


@needs_bash
def test_version_names_the_checkout_or_fails(tmp_path):
    from checker import __version__
    for version in (__version__, f"v{__version__}"):
        assert run_check(tmp_path, paths="docs", version=version)[0] == 1
    code, out, _, summary, outputs = run_check(tmp_path, paths="docs", version="9.9.9")
    assert code == 2 and out == (
        f"::error title=sampledrift::version 9.9.9 was asked for, but this action is sampledrift "
        f"{__version__}: the action runs its own checkout, so pin it with uses: "
        f"OWNER/sampledrift@v9.9.9\n")
    assert summary.read_text(encoding="utf-8") == "" and outputs.read_text() == "exit-code=2\n"


@needs_bash
def test_the_baseline_in_the_working_directory_is_used(tmp_path):
    workspace = tmp_path / "workspace"
    shutil.copytree(SEEDS, workspace / "docs")
    subprocess.run([str(SAMPLEDRIFT), "baseline", "docs"], cwd=workspace, check=True,
                   capture_output=True)
    code, out, _, summary, _ = run_check(tmp_path, paths="docs")
    assert (code, out) == (0, "")
    assert "Baseline `.sampledrift-baseline.json`: 9 findings baselined" in summary.read_text(
        encoding="utf-8")
    code, out, _, _, _ = run_check(tmp_path, paths="docs", baseline="none")
    assert code == 1 and len(annotated(out)) == 9
    (workspace / "empty.json").write_text('{"version": 1, "findings": []}\n', encoding="utf-8")
    code, out, _, _, _ = run_check(tmp_path, paths="docs", baseline="empty.json")
    assert code == 1 and len(annotated(out)) == 9
    code, _, err, _, _ = run_check(tmp_path, paths="docs", baseline="nowhere.json")
    assert code == 2 and "nowhere.json" in err


# --- pre-commit ---------------------------------------------------------------

HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_pre_commit_hook_shape():
    assert HOOKS == [{
        "id": "sampledrift", "name": "sampledrift",
        "description": "Check the code samples of multilingual API docs for drift across locales.",
        "entry": "sampledrift check --changed-since HEAD", "language": "python", "args": ["."],
        "pass_filenames": False,
        "files": r"(\.(md|markdown|txt|html?)|(^|/)\.?sampledrift\.ya?ml"
                 r"|(^|/)\.sampledrift-baseline\.json)$",
        "require_serial": True,
    }]
    files = re.compile(HOOKS[0]["files"])
    assert [bool(files.search(p)) for p in ("fr/a.md", "da/a.txt", ".sampledrift.yml", "a.py",
                                            ".sampledrift-baseline.json")] == [
        True, True, True, False, True]


def hook(cwd: Path) -> subprocess.CompletedProcess[str]:
    """The hook as pre-commit runs it: entry + args, in the repository's root."""
    argv = shlex.split(HOOKS[0]["entry"]) + HOOKS[0]["args"]
    argv[0] = str(SAMPLEDRIFT)
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV, "HOME": str(cwd)})


@needs_git
def test_pre_commit_hook_checks_the_staged_page_sets_with_the_baseline(pull_request):
    tmp_path, _ = pull_request
    repo = tmp_path / "workspace"
    done = hook(repo)
    assert (done.returncode, done.stderr, done.stdout) == (0, "", (
        "No problems found in 4 files, 2 pages, 2 locales (en, fr), 4 samples. "
        "Checked 0 files (changed since HEAD, and their counterparts in every locale); "
        "4 skipped.\n"))            # nothing staged: the old errors do not block the commit
    (repo / "docs" / "fr" / "a.md").write_text(page("a") + "\nUne phrase.\n", encoding="utf-8")
    git(repo, "add", "docs/fr/a.md")
    done = hook(repo)
    assert done.returncode == 1 and done.stderr == ""
    assert [line.split(":")[0] for line in report_lines(done.stdout)[:-1]] == ["docs/en/a.md"]
    # With a baseline in the root, only new findings fail the commit.
    assert subprocess.run([str(SAMPLEDRIFT), "baseline", "docs"], cwd=repo,
                          capture_output=True).returncode == 0
    done = hook(repo)
    assert done.returncode == 0 and "1 finding baselined" in done.stdout
    with (repo / "docs" / "fr" / "a.md").open("a", encoding="utf-8") as handle:
        handle.write(BROKEN)
    done = hook(repo)
    assert done.returncode == 1
    assert [line.split(":")[0] for line in report_lines(done.stdout)[:-2]] == ["docs/fr/a.md"]
    assert report_lines(done.stdout)[-1].startswith("Baseline .sampledrift-baseline.json: 1 finding")


@needs_git
def test_pre_commit_hook_in_a_repository_with_no_commits_checks_everything(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "docs")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    done = hook(tmp_path)
    assert done.returncode == 1     # findings, not a usage error
    assert done.stderr == ("sampledrift: --changed-since HEAD: the repository has no commits yet, "
                           "so every page is new and checked\n")
    assert report_lines(done.stdout)[-1] == (
        "Found 5 errors, 4 warnings, 0 infos in 5 files, 1 page, 3 locales (da, fr, zh-cn), "
        "75 samples. Checked every page: the repository has no commits yet.")
    git(tmp_path, "commit", "-qm", "first")
    done = hook(tmp_path)
    assert done.returncode == 0 and done.stderr == ""


# --- the CLI options the action and the hook rely on ---------------------------

def sampledrift(cwd: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SAMPLEDRIFT), *args], cwd=cwd, input=stdin, capture_output=True,
                          text=True)


def test_annotate_only_and_no_baseline_on_the_command_line(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "docs")
    fr = "docs/fr/api-docs/authentication.md"
    done = sampledrift(tmp_path, "check", "docs", "--no-history", "--format", "github",
                       "--annotate-only", "-", stdin=f"./{fr}\nnot/there.md\n")
    assert done.returncode == 1 and done.stderr == ""
    assert {line.split(",")[0] for line in done.stdout.splitlines()} == {
        f"::error file={fr}", f"::warning file={fr}"}
    done = sampledrift(tmp_path, "check", "docs", "--annotate-only", "missing.txt")
    assert done.returncode == 2 and done.stderr.startswith(
        "sampledrift: error: --annotate-only: cannot read missing.txt:")
    sampledrift(tmp_path, "baseline", "docs", "--no-history")
    assert sampledrift(tmp_path, "check", "docs", "--no-history").returncode == 0     # found
    assert sampledrift(tmp_path, "check", "docs", "--no-history", "--no-baseline").returncode == 1
    done = sampledrift(tmp_path, "check", "docs", "--baseline", "x.json", "--no-baseline")
    assert done.returncode == 2 and done.stderr == (
        "sampledrift: error: --baseline and --no-baseline exclude each other: give one\n")
