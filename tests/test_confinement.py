"""Hostile input: a docs pull request must not make sampledrift read, or write
over, files it was not asked to (issue "Hostile input", parts 3 and 4, and the
`$ref` crash).

A file outside the checked tree is never read, whatever names it (a page's
`src=`, a spec's `$ref`, a symlink), and the report reads the same whether it
exists or not. An `--output` that is an input is exit 2 before any writing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from checker.cli import main

SECRET = "zqxsecretkey"   # a required key of the outside spec: it must reach no report
SPEC = f"""\
openapi: 3.0.0
info: {{title: secret, version: "1"}}
servers: [{{url: https://api.example.com}}]
paths:
  /signup:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [{SECRET}]
              properties: {{{SECRET}: {{type: string}}}}
      responses: {{"200": {{description: ok}}}}
"""
SCHEMA = f"""\
Signup:
  type: object
  required: [{SECRET}]
  properties: {{{SECRET}: {{type: string}}}}
"""
SAMPLE = """\
```bash
curl -X POST https://api.example.com/signup -H "Content-Type: application/json" -d '{"email": "a@b.c"}'
```
"""
FORMATS = ("text", "json", "sarif", "html", "markdown", "github")


def page(src: str, tag: str = "openapi") -> str:
    return (f'## Sign up\n\n{{% {tag} src="{src}" path="/signup" method="post" %}}\n'
            f"{{% end{tag} %}}\n\n{SAMPLE}")


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    # These trees have one locale (fr): the warning that nothing is compared is expected.
    err = "".join(line for line in err.splitlines(keepends=True)
                  if not line.startswith("sampledrift: warning: the tree has one locale"))
    return exit_info.value.code, out, err


@pytest.fixture
def tree(tmp_path, monkeypatch) -> Path:
    """tmp/docs/fr/ is checked; tmp/outside/ holds what must never be read."""
    (tmp_path / "docs" / "fr").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.yml").write_text(SPEC, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def every_format(capsys, *args: str) -> tuple[int, str]:
    """Run `check` once writing every format to a file; all of them, joined."""
    argv = ["check", *args]
    for fmt in FORMATS:
        argv += ["--format", fmt, "--output", f"report.{fmt}"]
    code, out, err = run(capsys, *argv)
    assert err == ""
    return code, out + "".join(Path(f"report.{fmt}").read_text(encoding="utf-8") for fmt in FORMATS)


def findings(capsys, *args: str) -> list[dict]:
    code, out, err = run(capsys, "check", "--format", "json", *args)
    assert code in (0, 1), err
    return json.loads(out)["findings"]


# --- 3. a page's src= outside the tree -----------------------------------------

@pytest.mark.parametrize("src", ["../../outside/secret.yml", "ABSOLUTE", "/etc/hostname"])
def test_a_page_src_outside_the_tree_is_not_read(tree, capsys, src):
    src = str(tree / "outside" / "secret.yml") if src == "ABSOLUTE" else src
    (tree / "docs" / "fr" / "p.md").write_text(page(src), encoding="utf-8")
    code, reports = every_format(capsys, "docs", "--fail-on", "warning")
    assert code == 1
    assert "path-outside-tree" in reports and "outside the checked tree, not read" in reports
    assert SECRET not in reports
    found = findings(capsys, "docs")
    assert [(f["rule"], f["line"], f["severity"]) for f in found] == [("path-outside-tree", 3, "warning")]


@pytest.mark.parametrize("tag, content", [("openapi", SPEC), ("openapi", "just text\n"),
                                          ("swagger", "{not: [yaml"), ("file", "a pdf")])
def test_the_finding_never_says_whether_the_target_exists(tree, capsys, tag, content):
    (tree / "docs" / "fr" / "p.md").write_text(page("../../outside/target.yml", tag), encoding="utf-8")
    missing = every_format(capsys, "docs")
    json_missing = run(capsys, "check", "docs", "--format", "json")
    (tree / "outside" / "target.yml").write_text(content, encoding="utf-8")
    assert every_format(capsys, "docs") == missing          # every format, byte for byte
    assert run(capsys, "check", "docs", "--format", "json") == json_missing
    assert "path-outside-tree" in json_missing[1]


def test_a_symlink_in_the_tree_to_an_outside_spec_is_not_read(tree, capsys):
    os.symlink(tree / "outside" / "secret.yml", tree / "docs" / "fr" / "api.yml")
    (tree / "docs" / "fr" / "p.md").write_text(page("api.yml"), encoding="utf-8")
    code, reports = every_format(capsys, "docs")
    assert SECRET not in reports and "path-outside-tree" in reports


# --- 3. a spec's $ref outside the tree -----------------------------------------

def write_ref_spec(folder: Path, ref: str) -> None:
    text = SPEC.replace(f"""schema:
              type: object
              required: [{SECRET}]
              properties: {{{SECRET}: {{type: string}}}}""", f'schema: {{$ref: "{ref}"}}')
    (folder / "api.yml").write_text(text, encoding="utf-8")


def test_a_page_spec_ref_outside_the_tree_is_not_read(tree, capsys):
    write_ref_spec(tree / "docs" / "fr", "../../outside/schema.yml#/Signup")
    (tree / "docs" / "fr" / "p.md").write_text(page("api.yml"), encoding="utf-8")
    missing = every_format(capsys, "docs")
    (tree / "outside" / "schema.yml").write_text(SCHEMA, encoding="utf-8")
    code, reports = every_format(capsys, "docs")
    assert (code, reports) == missing
    assert SECRET not in reports
    found = findings(capsys, "docs")
    assert [(f["rule"], f["line"]) for f in found] == [("path-outside-tree", 3)]
    assert "$ref `../../outside/schema.yml#/Signup`" in found[0]["message"]
    assert "outside the checked tree, not read" in found[0]["message"]


def test_a_spec_given_on_the_command_line_keeps_its_refs_in_its_folder(tree, capsys):
    (tree / "specs").mkdir()
    write_ref_spec(tree / "specs", "../outside/schema.yml#/Signup")
    (tree / "docs" / "fr" / "p.md").write_text(SAMPLE, encoding="utf-8")
    code, out, err = run(capsys, "check", "docs", "--spec", "specs/api.yml")
    (tree / "outside" / "schema.yml").write_text(SCHEMA, encoding="utf-8")
    assert run(capsys, "check", "docs", "--spec", "specs/api.yml") == (code, out, err)
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert "outside the checked tree, not read" in err and SECRET not in err
    # The --spec file itself may sit anywhere, and so may what it refers to beside it.
    write_ref_spec(tree / "outside", "schema.yml#/Signup")
    found = findings(capsys, "docs", "--spec", "outside/api.yml")
    assert [f["rule"] for f in found] == ["spec-body"] and SECRET in found[0]["message"]


def test_a_config_spec_outside_the_tree_is_an_input_error(tree, capsys):
    (tree / "docs" / "fr" / "p.md").write_text(SAMPLE, encoding="utf-8")
    (tree / "docs" / "sd.yml").write_text("specs: [../outside/secret.yml]\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "docs", "--config", "docs/sd.yml")
    assert code == 2 and len(err.splitlines()) == 1 and "outside the checked tree, not read" in err


# --- the crash: a $ref to a file that is not a mapping ---------------------------

@pytest.mark.parametrize("ref", ["other.yml", "other.yml#/Signup", "other.yml#/Signup/x"])
@pytest.mark.parametrize("content", ['"just a string"\n', "- a\n- b\n", "Signup: text\n"])
def test_a_ref_to_a_file_that_is_not_a_mapping_does_not_crash(tree, capsys, ref, content):
    folder = tree / "docs" / "fr"
    write_ref_spec(folder, ref)
    (folder / "other.yml").write_text(content, encoding="utf-8")
    (folder / "p.md").write_text(page("api.yml"), encoding="utf-8")
    code, out, err = run(capsys, "check", "docs", "--format", "json")
    assert err == "" and code in (0, 1)
    rules = [f["rule"] for f in json.loads(out)["findings"]]
    assert rules in (["spec-unreadable"], [])   # a mapping whose key is text: nothing to check
    if not content.startswith("Signup"):
        assert rules == ["spec-unreadable"]
    (folder / "p.md").write_text(SAMPLE, encoding="utf-8")
    code, out, err = run(capsys, "check", "docs", "--spec", "docs/fr/api.yml")
    assert code in (0, 1, 2) and "Traceback" not in err and len(err.splitlines()) <= 1
    if not content.startswith("Signup"):
        assert code == 2 and "not a mapping" in err


# --- 3. symlinks in the tree ----------------------------------------------------

def test_symlinks_out_of_the_tree_are_not_followed(tree, capsys):
    (tree / "outside" / "leak.md").write_text("# Leak\n\n{% zqxsecretkey %}\n", encoding="utf-8")
    (tree / "outside" / "folder").mkdir()
    (tree / "outside" / "folder" / "x.md").write_text("{% zqxsecretkey %}\n", encoding="utf-8")
    (tree / "outside" / "layout.yaml").write_text("locale: zqxsecretkey\n", encoding="utf-8")
    fr = tree / "docs" / "fr"
    (fr / "p.md").write_text("# Page\n", encoding="utf-8")
    os.symlink(tree / "outside" / "leak.md", fr / "leak.md")
    os.symlink("../../outside/folder", fr / "folder")
    os.symlink("../../outside/missing.md", fr / "gone.md")
    os.symlink(tree / "outside" / "layout.yaml", fr / ".gitbook.yaml")
    code, reports = every_format(capsys, "docs")
    assert SECRET not in reports.lower()
    found = findings(capsys, "docs")
    assert [(f["rule"], f["path"], f["line"]) for f in found] == [
        ("path-outside-tree", "docs/fr/folder", 1), ("path-outside-tree", "docs/fr/gone.md", 1),
        ("path-outside-tree", "docs/fr/leak.md", 1)]
    # A link that exists and one that does not read the same.
    assert found[1]["message"].replace("gone.md", "X") == found[2]["message"].replace("leak.md", "X")
    assert "not followed" in found[2]["message"]


def test_a_symlink_inside_the_tree_is_followed(tree, capsys):
    fr = tree / "docs" / "fr"
    (fr / "real.md").write_text("{% endtabs %\n", encoding="utf-8")
    os.symlink("real.md", fr / "alias.md")
    found = findings(capsys, "docs")
    assert [f["rule"] for f in found] == ["tag-unterminated"]   # read once, under its real name


# --- opting in ------------------------------------------------------------------

def test_allow_outside_opts_in(tree, capsys):
    (tree / "docs" / "fr" / "p.md").write_text(page("../../outside/secret.yml"), encoding="utf-8")
    (tree / "outside" / "linked.md").write_text(SAMPLE, encoding="utf-8")
    os.symlink(tree / "outside" / "linked.md", tree / "docs" / "fr" / "linked.md")
    found = findings(capsys, "docs", "--allow-outside", "outside")
    assert "path-outside-tree" not in {f["rule"] for f in found}
    assert any(SECRET in f["message"] for f in found if f["rule"] == "spec-body")
    (tree / "docs" / "sd.yml").write_text("allow_outside: [../outside]\n", encoding="utf-8")
    assert findings(capsys, "docs", "--config", "docs/sd.yml") == found
    code, out, _ = run(capsys, "extract", "docs", "--allow-outside", "outside")
    assert code == 0 and "linked.md" in out
    code, out, _ = run(capsys, "extract", "docs")
    assert code == 0 and "linked.md" not in out


def test_allow_outside_in_the_config_must_be_a_list_of_folders(tree, capsys):
    (tree / "sd.yml").write_text("allow_outside: ../x\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "docs", "--config", "sd.yml")
    assert code == 2 and err.startswith("sampledrift: error: config sd.yml: allow_outside")


# --- 4. an --output that is an input ---------------------------------------------

@pytest.fixture
def site(tree) -> Path:
    fr = tree / "docs" / "fr"
    (fr / "api.yml").write_text(SPEC, encoding="utf-8")
    (fr / "p.md").write_text(page("api.yml"), encoding="utf-8")
    (tree / "docs" / "other.yml").write_text(SPEC, encoding="utf-8")
    (tree / "sd.yml").write_text("specs: [docs/other.yml]\n", encoding="utf-8")
    os.symlink("docs/fr/p.md", tree / "link.md")
    return tree


@pytest.mark.parametrize("command", ["check", "extract"])
@pytest.mark.parametrize("output, what", [
    ("docs/fr/p.md", "a page"), ("./docs/fr/p.md", "a page"), ("docs/x/../fr/p.md", "a page"),
    ("link.md", "a page"), ("docs/fr/api.yml", "a spec"), ("docs/other.yml", "a spec"),
    ("sd.yml", "the config")])
def test_an_output_that_is_an_input_is_refused(site, capsys, command, output, what):
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    format_ = ["--format", "json"]
    code, out, err = run(capsys, command, "docs", "--config", "sd.yml", *format_, "--output", output)
    assert code == 2 and out == ""
    assert err == f"sampledrift: error: --output {output} is an input ({what} this run reads); " \
                  f"choose another file\n"
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_an_output_beside_the_inputs_is_written(site, capsys):
    code, _, err = run(capsys, "check", "docs", "--config", "sd.yml", "--output", "docs/fr/r.json")
    assert code in (0, 1) and err == "" and (site / "docs" / "fr" / "r.json").is_file()


@pytest.mark.parametrize("command", ["check", "extract"])
def test_an_output_that_is_a_symlink_is_not_written_through(site, capsys, command):
    os.symlink(site / "outside" / "secret.yml", site / "report.json")
    before = (site / "outside" / "secret.yml").read_bytes()
    code, out, err = run(capsys, command, "docs", "--output", "report.json", "--format", "json")
    assert code == 2 and err == "sampledrift: error: --output report.json is a symlink; choose another file\n"
    assert (site / "outside" / "secret.yml").read_bytes() == before


def test_a_config_in_a_repository_widens_reads_only_within_it(tree, capsys):
    """A pull request brings the config: its `allow_outside:` must not open the
    runner's files. The tree is a repository here; `outside/` sits beyond it."""
    repo = tree / "docs"
    (repo / ".git").mkdir()
    (repo / "fr" / "p.md").write_text(page("../../outside/secret.yml"), encoding="utf-8")
    (repo / "sd.yml").write_text("allow_outside: [../outside]\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "docs", "--config", "docs/sd.yml")
    assert code == 2 and out == ""
    assert err == ("sampledrift: error: config docs/sd.yml: allow_outside: ../outside is outside the "
                   "repository (docs); a folder beyond it is given with --allow-outside\n")
    (repo / "specs").mkdir()
    (repo / "sd.yml").write_text("allow_outside: [specs]\n", encoding="utf-8")
    assert run(capsys, "check", "docs", "--config", "docs/sd.yml")[0] in (0, 1)


def test_outside_a_repository_the_config_search_stops_at_home(tmp_path, monkeypatch):
    from checker.config import find_config

    (tmp_path / "home" / "me" / "docs").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "home" / "me" / "docs")   # the current folder bounds it too
    (tmp_path / ".sampledrift.yml").write_text("reference_locale: en\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(tmp_path / "home" / "me"))
    assert find_config(str(tmp_path / "home" / "me" / "docs")) is None   # /tmp's is anyone's
    (tmp_path / "home" / "me" / ".sampledrift.yml").write_text("reference_locale: en\n", encoding="utf-8")
    assert find_config(str(tmp_path / "home" / "me" / "docs")) == str(tmp_path / "home" / "me" / ".sampledrift.yml")
    monkeypatch.setenv("HOME", str(tmp_path / "elsewhere"))
    assert find_config(str(tmp_path / "home" / "me" / "docs")) is None   # only the PATH's own folder
