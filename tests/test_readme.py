"""The README says what the code does: its rules list is `sampledrift rules`."""

from __future__ import annotations

from click.testing import CliRunner

from checker.cli import cli
from tests.helpers import REPO


def test_readme_rules_list_is_the_registry():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("```console\n$ sampledrift rules\n") + len("```console\n$ sampledrift rules\n")
    listed = readme[start:readme.index("```", start)]
    assert listed == CliRunner().invoke(cli, ["rules"]).output
