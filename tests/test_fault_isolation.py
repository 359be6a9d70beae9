"""A failure of sampledrift on one page is an `internal-error` finding there; the run goes on.

Each test plants a bug (a rule, the parser or the pairing that raises) and
runs the CLI as a user does: the other findings still come out, nothing
prints a traceback, and a failure outside any page is one line and exit 2.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from checker import engine
from checker.cli import main
from checker.rules import structure_drift, tag_unknown
from tests.helpers import write_tree

# Two pages: each has a finding of its own (an unknown tag), so we can see
# that the healthy page is still checked when the other one breaks a rule.
TREE = {
    "en/a.md": "# A\n\n{% Tabs %}\n\n## One\n",
    "fr/a.md": "# A\n\n{% Tabs %}\n\n## Un\n",
    "en/b.md": "# B\n\n{% fichier src=\"x.pdf\" %}\n",
    "fr/b.md": "# B\n\n{% fichier src=\"x.pdf\" %}\n",
}


def run(tmp_path, capsys, *args: str) -> tuple[int, list[dict], str]:
    root = write_tree(tmp_path / "docs", TREE)
    with pytest.raises(SystemExit) as exit_info:
        main(["check", root, "--format", "json", *args])
    out, err = capsys.readouterr()
    findings = json.loads(out)["findings"] if out.strip() else []
    return exit_info.value.code, findings, err


def raise_on(path_part: str, original):  # noqa: ANN001, ANN201
    def check(page, *rest):  # noqa: ANN001, ANN202
        if path_part in page.path:
            raise TypeError("'int' object is not iterable")
        return original(page, *rest)
    return check


def test_a_page_rule_that_raises_is_one_finding_and_the_rest_still_runs(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(tag_unknown, "check", raise_on("fr/a.md", tag_unknown.check))
    code, findings, err = run(tmp_path, capsys)
    internal = [f for f in findings if f["rule"] == "internal-error"]
    assert [(f["path"].split("docs/")[-1], f["line"]) for f in internal] == [("fr/a.md", 1)]
    assert "rule `tag-unknown` raised TypeError ('int' object is not iterable)" in internal[0]["message"]
    # where: the innermost frame of sampledrift's own code (here, the engine's call of the rule)
    assert re.search(r"\) at engine\.py:\d+;", internal[0]["message"])
    unknown = sorted(f["path"].split("docs/")[-1] for f in findings if f["rule"] == "tag-unknown")
    assert unknown == ["en/a.md", "en/b.md", "fr/b.md"]  # every other page still checked
    assert code == 1 and err == ""


def test_a_cross_locale_rule_that_raises_is_one_finding_on_the_anchor_page(tmp_path, capsys, monkeypatch):
    def broken(ctx):  # noqa: ANN001, ANN202
        if ctx.page_set.key == "a":
            raise TypeError("'int' object is not iterable")
        return iter(())
    monkeypatch.setattr(structure_drift, "check", broken)
    code, findings, err = run(tmp_path, capsys)
    internal = [f for f in findings if f["rule"] == "internal-error"]
    assert [(f["path"].split("docs/")[-1], f["line"]) for f in internal] == [("en/a.md", 1)]
    assert "rule `structure-drift` (comparing with fr)" in internal[0]["message"]
    assert sum(f["rule"] == "tag-unknown" for f in findings) == 4
    assert code == 1 and err == ""


def test_a_parser_that_raises_leaves_the_page_empty_with_one_finding(tmp_path, capsys, monkeypatch):
    original = engine.parse_file

    def parse(file, *rest):  # noqa: ANN001, ANN002, ANN202
        if file.path.endswith("en/b.md"):
            raise RecursionError("maximum recursion depth exceeded")
        return original(file, *rest)
    monkeypatch.setattr(engine, "parse_file", parse)
    code, findings, err = run(tmp_path, capsys)
    internal = [f for f in findings if f["rule"] == "internal-error"]
    assert [f["path"].split("docs/")[-1] for f in internal] == ["en/b.md"]
    assert "reading the page raised RecursionError" in internal[0]["message"]
    assert sum(f["rule"] == "tag-unknown" for f in findings) == 3
    assert code == 1 and err == ""


def test_strict_internal_stops_with_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(tag_unknown, "check", raise_on("fr/a.md", tag_unknown.check))
    code, findings, err = run(tmp_path, capsys, "--strict-internal")
    assert code == 2 and findings == []
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("sampledrift: internal error: ") and "fr/a.md: rule `tag-unknown`" in err


def test_a_failure_outside_any_page_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    def broken(*args):  # noqa: ANN002, ANN202
        raise KeyError("anchor")
    monkeypatch.setattr(engine, "page_sets", broken)
    monkeypatch.delenv("SAMPLEDRIFT_TRACEBACK", raising=False)
    code, findings, err = run(tmp_path, capsys)
    assert code == 2 and findings == []
    assert err.count("\n") == 1 and "Traceback" not in err
    assert re.match(r"sampledrift: internal error: KeyError \('anchor'\) at engine\.py:\d+ \(a bug", err)


def _sampledrift(cwd, *args: str) -> subprocess.CompletedProcess[str]:
    # A child with a timeout: the bug is a run that never ends, which would hang the suite.
    env = dict(os.environ, SAMPLEDRIFT_NO_CACHE="")
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=60, env=env)


@pytest.mark.parametrize("cache", [["--cache-dir", "cache"], ["--no-cache"]])
def test_a_fifo_where_a_page_spec_config_or_baseline_is_read_never_blocks_the_run(tmp_path, cache):
    """A FIFO named `x.md` (or a device) in a tree would block `open()` forever:
    a page that is one is unreadable (a finding), a spec, config or baseline
    that is one (or that a spec's `$ref` names) is exit 2 with one line."""
    (tmp_path / ".git").mkdir()
    root = write_tree(tmp_path / "docs", {"en/a.md": "# A\n", "fr/a.md": "# A\n",
                                          "api.yaml": "openapi: 3.0.0\ninfo: {title: t, version: '1'}\n"
                                                      "paths: {/a: {$ref: 'ref.yaml#/p'}}\n"})
    for name in ("fr/b.md", "ref.yaml", "s.yaml", "base.json"):
        os.mkfifo(os.path.join(root, name))
    done = _sampledrift(tmp_path, "check", root, "--format", "json", *cache)
    assert done.returncode == 1, done.stderr
    found = {(f["rule"], os.path.basename(f["path"])) for f in json.loads(done.stdout)["findings"]}
    assert ("file-unreadable", "b.md") in found
    # A --spec that cannot be read whole (its $ref here) stops the run, as a broken one does.
    done = _sampledrift(tmp_path, "check", root, "--spec", f"{root}/api.yaml", *cache)
    assert done.returncode == 2 and "ref.yaml: not a regular file" in done.stderr, done.stderr
    for option in ("--spec", "--config", "--baseline"):
        name = "base.json" if option == "--baseline" else "s.yaml"
        done = _sampledrift(tmp_path, "check", root, option, f"{root}/{name}", *cache)
        assert done.returncode == 2 and done.stderr.count("\n") == 1, (option, done.stderr)
        assert "not a regular file" in done.stderr, (option, done.stderr)
