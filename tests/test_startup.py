"""Start-up: a run imports only what it needs (issue 18).

jsonschema (a config or baseline to validate), referencing and checker.spec
(a spec to read), Jinja2 (the html and markdown reports) and Pygments (code
compared across locales) cost ~200 ms of start-up together; a plain check of
one page must not load them. Each case runs in a fresh interpreter, since the
test process itself has imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("jsonschema", "jinja2", "referencing", "pygments", "checker.spec")

_PROBE = """
import json, sys
import checker.cli
try:
    checker.cli.main(sys.argv[2:])
except SystemExit:
    pass
heavy = sys.argv[1].split(",")
print("LOADED " + json.dumps(sorted(h for h in heavy if h in sys.modules)))
"""

PAGE = ("# Get a user\n\n```bash\ncurl https://api.example.com/v1/users/42 -H 'Accept: application/json'\n"
        "```\n\n```python\nimport requests\nrequests.get('https://api.example.com/v1/users/42')\n```\n")


def loaded(tmp_path: Path, *args: str) -> list[str]:
    """The HEAVY modules in sys.modules after `sampledrift ARGS` ran in `tmp_path`."""
    # After `-c PROBE`, sys.argv is ["-c", HEAVY joined, *args].
    out = subprocess.run([sys.executable, "-c", _PROBE, ",".join(HEAVY), *args], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)
    line = [row for row in out.stdout.splitlines() if row.startswith("LOADED ")]
    assert line, out.stderr
    assert "error:" not in out.stderr, out.stderr   # the run ran (no usage or input error)
    found: list[str] = json.loads(line[-1][len("LOADED "):])
    return found


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "users.md").write_text(PAGE, encoding="utf-8")
    return tmp_path


def test_import_of_the_cli_loads_none_of_the_heavy_modules(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-c", "import sys, checker.cli\n"
                          f"print([m for m in {HEAVY!r} if m in sys.modules])"],
                         cwd=tmp_path, capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"


def test_a_check_of_one_page_without_config_or_spec_loads_none_of_them(tree: Path) -> None:
    assert loaded(tree, "check", "--no-history", "en/users.md") == []
    assert loaded(tree, "check", "en/users.md") == []   # with git history asked for (none here)
    assert loaded(tree, "check", "--format", "json", "en/users.md") == []


# The probe sees them when a run does need them: the test above is not vacuous.
@pytest.mark.parametrize(("setup", "args", "expected"), [
    ("config", ("check", "en/users.md"), "jsonschema"),
    ("spec", ("check", "--spec", "api.yaml", "en/users.md"), "referencing"),
    ("", ("check", "--format", "html", "-o", "out.html", "en/users.md"), "jinja2"),
    ("", ("check", "--format", "markdown", "en/users.md"), "jinja2"),
    ("locale", ("check", "."), "pygments"),
])
def test_each_loads_when_the_run_needs_it(tree: Path, setup: str, args: tuple[str, ...],
                                          expected: str) -> None:
    if setup == "config":
        (tree / ".sampledrift.yml").write_text("select: [ALL]\n", encoding="utf-8")
    if setup == "spec":
        (tree / "api.yaml").write_text(
            'openapi: 3.0.3\ninfo: {title: U, version: "1"}\nservers: [{url: "https://api.example.com/v1"}]\n'
            "paths:\n  /users/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true}]\n"
            "      responses: {'200': {description: ok}}\n", encoding="utf-8")
    if setup == "locale":
        (tree / "fr").mkdir()
        (tree / "fr" / "users.md").write_text(PAGE.replace("Get a user", "Un utilisateur")
                                              .replace("/users/42", "/users/43"), encoding="utf-8")
    assert expected in loaded(tree, *args)
