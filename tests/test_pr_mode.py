"""Pull-request mode and a translator's view, through the CLI as a user runs them.

`check --changed-since REF` / `--changed-files FILE|-` check the page sets of
the changed pages, and find what a full run finds there; `--locale LOC`
keeps what a translator of LOC must act on.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli import main
from tests.helpers import report_lines


def _page(title: str, endpoint: str, value: str = "hello") -> str:
    return (f"# {title}\n\n## Call\n\n```bash\ncurl -X POST https://api.example.com/{endpoint} "
            f"-H 'Content-Type: application/json' -d '{{\"name\": \"{value}\"}}'\n```\n")


SUMMARY = "# Summary\n\n* [A](a.md)\n* [B](b.md)\n* [C](c.md)\n"
TREE = {
    "en/SUMMARY.md": SUMMARY, "fr/SUMMARY.md": SUMMARY,
    "de/SUMMARY.md": "# Summary\n\n* [A](a.md)\n* [B](b.md)\n",
    "en/a.md": _page("A", "alpha"), "en/b.md": _page("B", "beta"), "en/c.md": _page("C", "gamma"),
    # An old drift nobody touches in the pull request: fr's A calls another endpoint.
    "fr/a.md": _page("A", "alpha-old"), "fr/b.md": _page("B", "beta"), "fr/c.md": _page("C", "gamma"),
    # de has no C: page-missing, filed at en/c.md, for de to act on.
    "de/a.md": _page("A", "alpha"), "de/b.md": _page("B", "beta"),
}
B_SET = {"en/b.md", "fr/b.md", "de/b.md"}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "docs"
    for name, text in TREE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "config", "user.name", "Test")
    git(root, "config", "user.email", "test@example.com")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "docs")
    monkeypatch.chdir(root)
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


def report(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    code, out, err = run(capsys, "check", ".", "--format", "json", *args)
    assert code in (0, 1), err
    return json.loads(out)


def same_as_full(capsys: pytest.CaptureFixture[str], pages: set[str], *args: str) -> dict:
    """The PR-mode report, asserted equal to a full run's restricted to `pages`
    (same reference locale, same pairing, same fingerprints)."""
    full = report(capsys, *(a for a in args if a == "--no-history"))
    pr = report(capsys, *args)
    assert pr["findings"] == [f for f in full["findings"] if f["path"] in pages]
    assert pr["pairing"] == full["pairing"]
    assert pr["changed"]["pages"] == len(pages)
    assert pr["changed"]["skipped"] == full["summary"]["files"] - len(pages)
    return pr


def rules_at(found: dict) -> set[tuple[str, str]]:
    return {(f["rule"], f["path"]) for f in found["findings"]}


def test_a_changed_page_checks_its_page_set_and_equals_a_full_run(repo, capsys):
    (repo / "fr/b.md").write_text(_page("B", "beta-new"), encoding="utf-8")
    pr = same_as_full(capsys, B_SET, "--changed-since", "HEAD")
    assert rules_at(pr) == {("endpoint-drift", "fr/b.md")}
    assert pr["changed"]["since"] == "HEAD"
    code, out, _ = run(capsys, "check", ".", "--changed-since", "HEAD")
    assert code == 1
    assert report_lines(out)[-1].endswith(
        "Checked 3 files (changed since HEAD, and their counterparts in every locale); 8 skipped.")


def test_a_change_in_the_reference_reports_the_counterpart_that_now_differs(repo, capsys):
    (repo / "en/b.md").write_text(_page("B", "beta-v2"), encoding="utf-8")
    git(repo, "commit", "-qam", "beta moves")
    pr = same_as_full(capsys, B_SET, "--changed-since", "HEAD~1", "--no-history")
    assert rules_at(pr) == {("endpoint-drift", "fr/b.md"), ("endpoint-drift", "de/b.md")}
    # With history, the translations are behind the reference, not broken (issue 15).
    pr = same_as_full(capsys, B_SET, "--changed-since", "HEAD~1")
    assert rules_at(pr) == {("translation-outdated", "fr/b.md"), ("translation-outdated", "de/b.md")}


def test_an_untracked_page_is_checked(repo, capsys):
    (repo / "fr/d.md").write_text(_page("D", "delta"), encoding="utf-8")
    pr = same_as_full(capsys, {"fr/d.md"}, "--changed-since", "HEAD")
    assert ("translation-only", "fr/d.md") in rules_at(pr)


def test_a_renamed_page_checks_both_names_page_sets(repo, capsys):
    git(repo, "mv", "en/c.md", "en/c-renamed.md")
    # fr/c.md stood with the old name; the new one pairs with it by its calls.
    pr = same_as_full(capsys, {"en/c-renamed.md", "fr/c.md"}, "--changed-since", "HEAD")
    assert ("page-missing", "en/c-renamed.md") in rules_at(pr)


def test_a_deleted_page_checks_its_counterparts(repo, capsys):
    (repo / "fr/b.md").unlink()
    pr = same_as_full(capsys, {"en/b.md", "de/b.md"}, "--changed-since", "HEAD")
    assert ("page-missing", "en/b.md") in rules_at(pr)


def test_a_summary_change_checks_everything_and_says_so(repo, capsys):
    (repo / "fr/SUMMARY.md").write_text(SUMMARY + "\n", encoding="utf-8")
    full = report(capsys)
    code, out, err = run(capsys, "check", ".", "--format", "json", "--changed-since", "HEAD")
    assert "SUMMARY.md changed" in err and "every page is checked" in err
    pr = json.loads(out)
    assert pr["findings"] == full["findings"]
    assert pr["changed"]["skipped"] == 0 and "SUMMARY.md" in pr["changed"]["everything"]


def test_nothing_changed_checks_nothing(repo, capsys):
    code, out, _ = run(capsys, "check", ".", "--changed-since", "HEAD")
    assert code == 0
    assert out.startswith("No problems found") and "Checked 0 files" in out and "11 skipped" in out


def test_changed_files_from_stdin(repo, capsys, monkeypatch):
    (repo / "fr/b.md").write_text(_page("B", "beta-new"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("fr/b.md\n\n"))
    pr = same_as_full(capsys, B_SET, "--changed-files", "-")
    assert pr["changed"]["since"] is None
    assert rules_at(pr) == {("endpoint-drift", "fr/b.md")}


def test_changed_files_from_a_file_with_absolute_paths(repo, capsys, tmp_path):
    (repo / "fr/b.md").write_text(_page("B", "beta-new"), encoding="utf-8")
    listing = tmp_path / "changed.txt"
    listing.write_text(f"{repo / 'fr/b.md'}\n", encoding="utf-8")
    same_as_full(capsys, B_SET, "--changed-files", str(listing))


@pytest.mark.parametrize("args, says", [
    (["--changed-since", "no-such-ref"], "`no-such-ref` is not a commit"),
    (["--changed-since", "--output=x"], "is not a revision"),
    (["--changed-files", "missing.txt"], "cannot read missing.txt"),
    (["--changed-since", "HEAD", "--changed-files", "-"], "exclude each other"),
    (["--reference-locale", "xx"], "--reference-locale xx is not a locale of this tree (it has de, en, fr)"),
    (["--locale", "xx"], "--locale xx is not a locale of this tree"),
])
def test_bad_input_is_one_line_and_exit_2(repo, capsys, args, says):
    code, out, err = run(capsys, "check", ".", *args)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and says in err, err


def test_outside_a_repository_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    (tmp_path / "en").mkdir()
    (tmp_path / "en/a.md").write_text("# A\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, _, err = run(capsys, "check", str(tmp_path), "--changed-since", "HEAD")
    assert code == 2 and len(err.splitlines()) == 1 and "is not in a git repository" in err


def test_without_git_is_one_line_and_exit_2(repo, capsys, monkeypatch, tmp_path):
    empty = tmp_path / "no-git-here"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    code, _, err = run(capsys, "check", ".", "--changed-since", "HEAD")
    assert code == 2 and err == "sampledrift: error: --changed-since needs git, and there is no `git` on PATH\n"


def test_locale_shows_what_that_translator_acts_on(repo, capsys):
    full = report(capsys)
    assert ("page-missing", "en/c.md") in rules_at(full)  # filed under en, de's to act on
    de = report(capsys, "--locale", "de")
    assert rules_at(de) == {("page-missing", "en/c.md")}
    assert de["findings"][0]["act_in"] == ["de"] and de["locales_view"] == ["de"]
    fr = report(capsys, "--locale", "FR")
    assert rules_at(fr) == {("endpoint-drift", "fr/a.md")}
    both = report(capsys, "--locale", "fr", "--locale", "de")
    assert rules_at(both) == rules_at(fr) | rules_at(de)
    code, out, _ = run(capsys, "check", ".", "--locale", "de", "--fail-on", "warning")
    assert code == 1 and out.splitlines()[-1].startswith("de: 0 errors, 1 warning, 0 infos in ")
    code, out, _ = run(capsys, "check", ".", "--locale", "en", "--fail-on", "never")
    # en's own file holds the page-missing, yet en has nothing to fix but what stands there.
    assert out.splitlines()[-1].startswith("en: 0 errors, 1 warning")


def test_locale_with_nothing_to_do_says_so(repo, capsys):
    (repo / "fr/a.md").write_text(_page("A", "alpha"), encoding="utf-8")
    code, out, _ = run(capsys, "check", ".", "--locale", "fr")
    assert code == 0 and out.startswith("fr: no problems found in 11 files")


def test_one_locale_warns_that_nothing_is_compared(tmp_path, capsys):
    (tmp_path / "en").mkdir()
    (tmp_path / "en/a.md").write_text(_page("A", "alpha"), encoding="utf-8")
    code, _, err = run(capsys, "check", str(tmp_path))
    assert code == 0
    assert err == ("sampledrift: warning: the tree has one locale (en), so nothing is compared "
                   "across locales (only each page's own checks ran)\n")


SPEC = """\
openapi: 3.0.3
info: {title: Other, version: "1"}
servers: [{url: "https://other.example.com"}]
paths:
  /ping:
    post:
      responses: {"200": {description: up}}
"""


def test_a_changed_spec_checks_the_pages_it_is_checked_against(repo, capsys):
    for locale in ("en", "fr"):
        (repo / locale / "s.md").write_text(
            "# S\n\n## Ping\n\n{% openapi src=\"../api.yaml\" path=\"/ping\" method=\"post\" %}\n"
            "[api.yaml](../api.yaml)\n{% endopenapi %}\n\n"
            "```bash\ncurl -X POST https://other.example.com/ping\n```\n",
            encoding="utf-8")
    (repo / "api.yaml").write_text(SPEC, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "spec")
    (repo / "api.yaml").write_text(SPEC.replace("post:", "get:"), encoding="utf-8")
    pr = same_as_full(capsys, {"en/s.md", "fr/s.md"}, "--changed-since", "HEAD")
    assert ("spec-unknown-operation", "fr/s.md") in rules_at(pr)


def test_a_summary_outside_the_checked_paths_is_no_layout_change(repo, capsys):
    (repo / "fr/b.md").write_text(_page("B", "beta-new"), encoding="utf-8")
    (repo / "other").mkdir()
    (repo / "other/SUMMARY.md").write_text(SUMMARY, encoding="utf-8")
    code, out, err = run(capsys, "check", "en", "fr", "de", "--changed-since", "HEAD")
    assert code == 1 and err == "" and "Checked 3 files" in out


def test_reference_locale_in_a_tree_without_locales_is_exit_2(tmp_path, capsys):
    (tmp_path / "a.md").write_text("# A\n", encoding="utf-8")
    code, _, err = run(capsys, "check", str(tmp_path / "a.md"), "--reference-locale", "en")
    assert code == 2 and err.startswith("sampledrift: error: --reference-locale en is not a locale")
