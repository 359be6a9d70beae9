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


def test_readme_translator_example_is_what_the_demo_prints(capsys):
    """The "For translators" example is the demo run as written there."""
    import pytest

    from checker.cli import main

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    head = "```console\n$ sampledrift check --locale fr\n"
    start = readme.index(head) + len(head)
    shown = readme[start:readme.index("```", start)]
    with pytest.raises(SystemExit):
        main(["check", "--locale", "fr", "--color", "never"])
    assert capsys.readouterr().out == shown
