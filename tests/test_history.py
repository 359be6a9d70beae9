"""Stale or broken (issue 15): a translation the reference moved on from is
one translation-outdated finding; what the translation changed itself stays
the rule it is; where history cannot tell, nothing changes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from checker.config import load_config
from checker.engine import check_paths
from checker.rules import BY_ID

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

CURL = "```bash\ncurl https://api.example.com/ping -H \"Accept: application/json\"{extra}\n```\n"
PYTHON = "\n```python\nimport requests\nrequests.get(\"https://api.example.com/ping\")\n```\n"


def page(title: str, extra: str = "", python: bool = False) -> str:
    return f"## {title}\n\n" + CURL.format(extra=extra) + (PYTHON if python else "")


AUTH = ' -H "Authorization: Bearer TOKEN"'


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def repo(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    root.mkdir()
    git(root, "init", "-q")
    git(root, "config", "user.email", "docs@example.com")
    git(root, "config", "user.name", "Docs")
    return root


def commit(root: Path, files: dict[str, str], message: str = "edit") -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def rules_found(root: Path, **options) -> list[tuple[str, str]]:
    result = check_paths([str(root)], load_config(None, set(BY_ID)), **options)
    return sorted((f.rule, Path(f.path).relative_to(root).as_posix()) for f in result.findings
                  if f.rule != "sample-disagreement")


def test_the_reference_moved_on_one_outdated_finding(tmp_path):
    root = repo(tmp_path)
    commit(root, {"en/api.md": page("Ping"), "es/api.md": page("Ping es")})
    commit(root, {"en/api.md": page("Ping", AUTH, python=True)})
    assert rules_found(root) == [("translation-outdated", "es/api.md")]
    result = check_paths([str(root)], load_config(None, set(BY_ID)))
    [behind] = [f for f in result.findings if f.rule == "translation-outdated"]
    assert "behind en by 1 commit" in behind.message
    assert "1 header-drift" in behind.message and "1 sample-missing" in behind.message
    assert len(behind.related) == 2
    assert "git history" in result.history


def test_the_translation_broke_it_stays_an_error(tmp_path):
    root = repo(tmp_path)
    commit(root, {"en/api.md": page("Ping", AUTH), "es/api.md": page("Ping es", AUTH)})
    commit(root, {"es/api.md": page("Ping es")})
    assert rules_found(root) == [("header-drift", "es/api.md")]


def test_never_agreed_is_broken(tmp_path):
    root = repo(tmp_path)
    commit(root, {"en/api.md": page("Ping", AUTH), "es/api.md": page("Ping es")})
    commit(root, {"en/api.md": page("Ping", AUTH) + "\nMore prose.\n"})
    assert rules_found(root) == [("header-drift", "es/api.md")]


def test_both_broken_and_behind(tmp_path):
    root = repo(tmp_path)
    commit(root, {"en/api.md": page("Ping", AUTH), "es/api.md": page("Ping es", AUTH)})
    commit(root, {"es/api.md": page("Ping es")})
    commit(root, {"en/api.md": page("Ping", AUTH, python=True)})
    assert rules_found(root) == [("header-drift", "es/api.md"), ("translation-outdated", "es/api.md")]


def test_a_page_added_after_the_locale_last_changed_is_not_translated_yet(tmp_path):
    root = repo(tmp_path)
    commit(root, {"en/api.md": page("Ping"), "es/api.md": page("Ping es")})
    commit(root, {"en/new.md": "# New\n\nA page the translators have not seen.\n"})
    assert rules_found(root) == [("translation-outdated", "en/new.md")]


def test_without_history_nothing_changes(tmp_path):
    root = repo(tmp_path)
    commit(root, {"en/api.md": page("Ping"), "es/api.md": page("Ping es")})
    commit(root, {"en/api.md": page("Ping", AUTH, python=True)})
    expected = [("header-drift", "es/api.md"), ("sample-missing", "es/api.md")]
    assert rules_found(root, use_history=False) == expected
    shutil.rmtree(root / ".git")
    assert rules_found(root) == expected


def test_an_uncommitted_or_untracked_translation_is_judged_as_today(tmp_path):
    root = repo(tmp_path)
    commit(root, {"en/api.md": page("Ping", AUTH), "es/api.md": page("Ping es", AUTH)})
    (root / "es/api.md").write_text(page("Ping es"), encoding="utf-8")   # edited, not committed
    assert rules_found(root) == [("header-drift", "es/api.md")]
    (root / "fr").mkdir()
    (root / "fr/api.md").write_text(page("Ping fr"), encoding="utf-8")   # untracked
    assert ("header-drift", "fr/api.md") in rules_found(root)


def test_a_shallow_clone_still_tells_what_it_can(tmp_path):
    root = repo(tmp_path)
    commit(root, {"en/api.md": page("Ping"), "es/api.md": page("Ping es")})
    commit(root, {"en/api.md": page("Ping", AUTH, python=True)})
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{root}", str(clone)],
                   check=True, capture_output=True)
    # One commit visible: both pages last changed in it, so nothing is behind.
    assert rules_found(clone) == [("header-drift", "es/api.md"), ("sample-missing", "es/api.md")]
    result = check_paths([str(clone)], load_config(None, set(BY_ID)))
    assert "shallow" in result.history


def test_old_versions_are_read_in_one_git_process(tmp_path, monkeypatch):
    from checker import history

    root = repo(tmp_path)
    old = "# Ping é\n\ntwo\nlines\n"
    commit(root, {"en/a b.md": old, "en/next.md": "x", "es/a b.md": "y"})
    commit(root, {"en/a b.md": "# Ping\n"})
    found, _ = history.read([str(root)])
    assert found is not None
    first = found.changes(str(root / "en/a b.md"))[-1]
    pages = [str(root / "en/a b.md"), str(root / "en/gone.md"), str(root / "en"), str(root / "en/next.md")]
    calls = []
    real = history._git_bytes
    monkeypatch.setattr(history, "_git_bytes", lambda *a: calls.append(a) or real(*a))
    found.prefetch((first, p) for p in pages)
    assert len(calls) == 1
    # A file there then, one not there yet, a folder (no file), and the one after the missing.
    assert [found.text_at(first, p) for p in pages] == [old, None, None, "x"]
    assert len(calls) == 1   # every answer came from the one batch
    assert found.text_at(found.changes(str(root / "en/a b.md"))[0], pages[0]) == "# Ping\n"
    assert len(calls) == 2   # a version not fetched beforehand: one more process


def test_verbose_says_what_history_there_was_or_why_none(tmp_path, capsys):
    from checker.cli import main

    root = tmp_path / "docs"
    for name, text in {"en/api.md": page("Ping"), "es/api.md": page("Ping es")}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["check", str(root), "-v"])
    assert "History: no history: the checked paths are not in a git repository." in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["check", str(root)])
    assert "History:" not in capsys.readouterr().out
