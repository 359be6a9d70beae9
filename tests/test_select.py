"""Choosing rules and files as Ruff and markdownlint do, through the CLI:
--select/--ignore/--extend-select (ids or prefixes), the config's keys and
`overrides:`, config discovery, .gitignore and `exclude`, unknown rule ids,
and inline disables above a fence."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from checker.cli import main
from tests.helpers import write_tree

# One page, three findings of two families: tag-unknown (3), tag-unterminated
# (5), sample-syntax (9, inside the fence that opens at 7).
PAGE = ('# Page\n\n{% Onglet %}\n\n{% endtabs %\n\n```python\nimport requests\n'
        'requests.get("https://x/"\n```\n')
ALL_THREE = [("tag-unknown", 3), ("tag-unterminated", 5), ("sample-syntax", 9)]


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    # Most trees here have one locale: the warning that nothing is compared is expected.
    err = "".join(line for line in err.splitlines(keepends=True)
                  if not line.startswith(("sampledrift: warning: the tree has one locale",
                                          "sampledrift: warning: the tree has no locale")))
    return exit_info.value.code, out, err


def report(capsys, *args: str) -> dict:
    code, out, err = run(capsys, "check", "--format", "json", "--fail-on", "never", *args)
    assert (code, err) == (0, ""), err
    return json.loads(out)


def found(capsys, *args: str) -> list[tuple[str, int]]:
    return [(f["rule"], f["line"]) for f in report(capsys, *args)["findings"]]


def by_file(capsys, *args: str) -> list[tuple[str, str, str]]:
    return sorted((os.path.basename(f["path"]), f["rule"], f["severity"])
                  for f in report(capsys, *args)["findings"])


@pytest.fixture
def tree(tmp_path: Path) -> str:
    # A `.git` folder makes tmp_path the repository root: no config above it is read.
    (tmp_path / ".git").mkdir()
    return write_tree(tmp_path, {"fr/a.md": PAGE})


def test_no_choice_reports_every_rule(capsys, tree):
    assert found(capsys, tree) == ALL_THREE


@pytest.mark.parametrize("args,expected", [
    (["--select", "tag-"], ALL_THREE[:2]),
    (["--select", "tag"], ALL_THREE[:2]),                              # a prefix without its `-`
    (["--select", "sample-syntax"], ALL_THREE[2:]),
    (["--select", "tag-unknown,sample-syntax"], [ALL_THREE[0], ALL_THREE[2]]),   # comma-separated
    (["--select", "tag-unknown", "--select", "sample-syntax"], [ALL_THREE[0], ALL_THREE[2]]),  # repeated
    (["--ignore", "tag-"], ALL_THREE[2:]),
    (["--ignore", "tag-unknown", "--ignore", "sample-syntax"], ALL_THREE[1:2]),
    (["--select", "sample-", "--extend-select", "tag-unterminated"], ALL_THREE[1:]),
    (["--select", "ALL", "--ignore", "sample-"], ALL_THREE[:2]),
    # The more specific wins, whichever side it is on; an ignore wins a tie.
    (["--select", "tag-", "--ignore", "tag-unknown"], ALL_THREE[1:2]),
    (["--select", "tag-unknown", "--ignore", "tag-"], ALL_THREE[:1]),
    (["--select", "tag-unknown", "--ignore", "tag-unknown"], []),
    (["--extend-select", "tag-unknown", "--ignore", "tag-"], [ALL_THREE[0], ALL_THREE[2]]),
])
def test_select_ignore_extend_select_and_prefixes(capsys, tree, args, expected):
    assert found(capsys, tree, *args) == expected


def test_config_keys_and_the_command_line_over_them(capsys, tree):
    config = os.path.join(tree, ".sampledrift.yml")
    Path(config).write_text("select: [tag-]\nignore: tag-unterminated\n")
    assert found(capsys, tree) == ALL_THREE[:1]                       # found in the tree: read
    assert found(capsys, tree, "--extend-select", "sample-") == [ALL_THREE[0], ALL_THREE[2]]
    assert found(capsys, tree, "--select", "sample-syntax") == ALL_THREE[2:]   # CLI select replaces
    Path(config).write_text("extend-select: [sample-syntax]\nrules:\n  tag-: off\n"
                            "  sample-syntax: {severity: info}\n")
    assert [(f["rule"], f["severity"]) for f in report(capsys, tree)["findings"]] == [
        ("sample-syntax", "info")]
    # The rules: block as it always was: off, and a severity.
    Path(config).write_text("rules:\n  tag-unknown: off\n  tag-unterminated: {severity: warning}\n")
    assert [(f["rule"], f["severity"]) for f in report(capsys, tree)["findings"]] == [
        ("tag-unterminated", "warning"), ("sample-syntax", "error")]


def test_overrides_by_glob_relative_to_the_config(capsys, tmp_path):
    (tmp_path / ".git").mkdir()
    root = write_tree(tmp_path, {
        "docs/fr/a.md": PAGE, "docs/fr/legacy/b.md": PAGE, "docs/fr/c.txt": PAGE,
        "docs/.sampledrift.yml": (
            "ignore: [sample-]\n"
            "overrides:\n"
            "  - files: [fr/legacy/]\n"                 # gitignore-style: the folder and all in it
            "    ignore: [tag-]\n"
            "    extend-select: sample-syntax\n"
            "  - files: '*.txt'\n"                      # no slash: any depth
            "    rules: {tag-unknown: {severity: info}}\n"
            "  - files: [legacy/b.md]\n")})             # relative to docs/: names no file
    docs = os.path.join(root, "docs")
    assert by_file(capsys, docs) == [
        ("a.md", "tag-unknown", "error"), ("a.md", "tag-unterminated", "error"),
        ("b.md", "sample-syntax", "error"),
        ("c.txt", "tag-unknown", "info"), ("c.txt", "tag-unterminated", "error")]
    # An override is the narrowest setting: it still applies over --select.
    assert by_file(capsys, docs, "--select", "tag-") == [
        ("a.md", "tag-unknown", "error"), ("a.md", "tag-unterminated", "error"),
        ("b.md", "sample-syntax", "error"),
        ("c.txt", "tag-unknown", "info"), ("c.txt", "tag-unterminated", "error")]


def test_config_is_found_walking_up_without_git(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))   # outside a repository, the walk stops at home
    root = write_tree(tmp_path, {"site/docs/fr/a.md": PAGE, "site/.sampledrift.yml": "ignore: [tag-]\n",
                                 "site/docs/fr/sampledrift.yml": "not: [read"})  # one level nearer wins
    nearer = os.path.join(root, "site", "docs", "fr", "sampledrift.yml")
    code, _, err = run(capsys, "check", os.path.join(root, "site", "docs", "fr"))
    assert code == 2 and err.count("\n") == 1 and nearer in err
    os.remove(nearer)
    assert found(capsys, os.path.join(root, "site", "docs", "fr")) == ALL_THREE[2:]
    assert found(capsys, os.path.join(root, "site", "docs", "fr", "a.md")) == ALL_THREE[2:]


def test_config_walk_stops_at_the_repository_root(capsys, tmp_path):
    root = write_tree(tmp_path, {"outer/.sampledrift.yml": "ignore: [tag-]\n",
                                 "outer/repo/docs/fr/a.md": PAGE})
    repo = os.path.join(root, "outer", "repo")
    os.mkdir(os.path.join(repo, ".git"))
    docs = os.path.join(repo, "docs", "fr")
    assert found(capsys, docs) == ALL_THREE                          # above the repo: never read
    Path(repo, ".sampledrift.yml").write_text("ignore: [sample-]\n")
    assert found(capsys, docs) == ALL_THREE[:2]                      # at the repo root: read


def test_config_found_above_a_relative_path_keeps_its_locales(capsys, tmp_path, monkeypatch):
    root = write_tree(tmp_path, {"docs/english/a.md": PAGE,
                                 ".sampledrift.yml": "locales: {docs/english: en}\n"})
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(os.path.join(root, "docs"))
    assert {f["locale"] for f in report(capsys, "english")["findings"]} == {"en"}


def test_gitignore_is_honoured_nested_and_no_gitignore_turns_it_off(capsys, tmp_path):
    (tmp_path / ".git").mkdir()
    root = write_tree(tmp_path, {
        ".gitignore": "build/\n*.draft.md\n",
        "docs/fr/a.md": PAGE, "docs/fr/b.draft.md": PAGE, "docs/build/c.md": PAGE,
        "docs/fr/.gitignore": "secret.md\n!keep.draft.md\n",
        "docs/fr/secret.md": PAGE, "docs/fr/keep.draft.md": PAGE,
        "docs/es/secret.md": PAGE,                  # fr's .gitignore does not speak for es
    })
    docs = os.path.join(root, "docs")

    def files(*args: str) -> list[str]:
        return sorted({os.path.relpath(f["path"], docs) for f in report(capsys, *args)["findings"]})

    assert files(docs) == ["es/secret.md", "fr/a.md", "fr/keep.draft.md"]
    assert files(docs, "--no-gitignore") == ["build/c.md", "es/secret.md", "fr/a.md",
                                             "fr/b.draft.md", "fr/keep.draft.md", "fr/secret.md"]
    # Named on the command line: always read (a file, or a folder .gitignore ignores).
    assert files(os.path.join(docs, "fr", "secret.md")) == ["fr/secret.md"]
    assert files(os.path.join(docs, "build")) == ["build/c.md"]


def test_exclude_globs_relative_to_the_config(capsys, tmp_path):
    (tmp_path / ".git").mkdir()
    root = write_tree(tmp_path, {
        ".sampledrift.yml": "exclude: ['drafts/', 'docs/fr/old-*.md']\n",
        "docs/fr/a.md": PAGE, "docs/fr/old-b.md": PAGE, "docs/fr/drafts/c.md": PAGE,
        "docs/es/old-b.md": PAGE})
    paths = {os.path.relpath(f["path"], root) for f in report(capsys, root)["findings"]}
    assert sorted(paths) == ["docs/es/old-b.md", "docs/fr/a.md"]


@pytest.mark.parametrize("args,line", [
    (["--select", "tag-unknwn"], "--select: unknown rule id `tag-unknwn` (did you mean `tag-unknown`?)"),
    (["--ignore", "spe-"], "--ignore: unknown rule prefix `spe-` (did you mean `spec-`?)"),
    (["--extend-select", "tag-,zzzz"], "--extend-select: unknown rule id `zzzz` "
                                       "(`sampledrift rules` lists them)"),
    (["--select", "ta"], "--select: unknown rule id `ta` (did you mean `tag-`?)"),  # not at a `-`
])
def test_unknown_rule_on_the_command_line_is_one_line_and_exit_2(capsys, tree, args, line):
    code, out, err = run(capsys, "check", tree, *args)
    assert (code, out, err) == (2, "", f"sampledrift: error: {line}\n")


@pytest.mark.parametrize("text,where", [
    ("select: [tag-unknwn]\n", "select: unknown rule id `tag-unknwn` (did you mean `tag-unknown`?)"),
    ("ignore: 'tag-, spex-'\n", "ignore: unknown rule prefix `spex-` (did you mean `spec-`?)"),
    ("rules: {fence-unclose: off}\n", "rules: unknown rule id `fence-unclose` (did you mean "
                                      "`fence-unclosed`?)"),
    ("overrides:\n  - files: ['*.md']\n    extend-select: [tag-unknwn]\n",
     "overrides/0/extend-select: unknown rule id `tag-unknwn` (did you mean `tag-unknown`?)"),
    ("overrides:\n  - ignore: [tag-]\n", "overrides/0: 'files' is a required property"),
])
def test_unknown_rule_in_the_config_is_one_line_and_exit_2(capsys, tree, text, where):
    config = os.path.join(tree, "c.yml")
    Path(config).write_text(text)
    code, out, err = run(capsys, "check", tree, "--config", config)
    assert (code, out, err) == (2, "", f"sampledrift: error: config {config}: {where}\n")


def test_unknown_rule_in_a_comment_is_a_finding_there(capsys, tmp_path):
    (tmp_path / ".git").mkdir()
    text = ("<!-- sampledrift-disable-next-line tag-unknwn -->\n{% Onglet %}\n\n"
            "<!-- sampledrift-disable-next-line tag- -->\n{% Onglet %}\n\n"   # a prefix: fine
            "```html\n<!-- sampledrift-disable nothing-here -->\n```\n")        # code, not a comment
    root = write_tree(tmp_path, {"fr/a.md": text})
    findings = report(capsys, root)["findings"]
    assert [(f["rule"], f["line"], f["severity"]) for f in findings] == [
        ("disable-unknown-rule", 1, "warning"), ("tag-unknown", 2, "error")]
    assert "`tag-unknwn` (did you mean `tag-unknown`?)" in findings[0]["message"]


def test_disable_next_line_above_a_fence_covers_the_whole_sample(capsys, tmp_path):
    (tmp_path / ".git").mkdir()
    fence = '```python\nimport requests\n\nrequests.get("https://x/"\n```\n'
    root = write_tree(tmp_path, {"fr/a.md": (
        "# A\n\n<!-- sampledrift-disable-next-line sample-syntax -->\n" + fence +
        "\n<!-- sampledrift-disable-next-line tag-unknown -->\n" + fence +   # another rule: no cover
        "\n<!-- sampledrift-disable-next-line -->\n\n" + fence)})            # every rule, blank between
    assert found(capsys, root) == [("sample-syntax", 14)]
