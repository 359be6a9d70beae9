"""What `pip install .` ships: every package of the source tree.

The tests run against the source tree, so a package missing from
pyproject's list would pass them all and break only the installed tool.
"""

from __future__ import annotations

import tomllib

from tests.helpers import REPO


def test_every_package_of_the_source_tree_is_installed():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"]) - set(config["package-dir"])
    found = {".".join(init.parent.relative_to(REPO).parts)
             for init in (REPO / "checker").rglob("__init__.py")}
    assert found == listed
