"""ARCHITECTURE.md and the README's map stay true to the tree."""

from __future__ import annotations

import re
import subprocess
import sys

from checker.rules import ALL_RULES
from checker.rules.base import KINDS
from tests.helpers import REPO

ARCHITECTURE = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_path_the_architecture_names_exists():
    named = set(re.findall(r"`((?:checker|tests)/[\w/.]*)`", ARCHITECTURE))
    assert named, "the page names its modules"
    assert sorted(path for path in named if not (REPO / path).exists()) == []


def test_every_module_of_checker_is_on_a_map():
    maps = ARCHITECTURE + README
    top = sorted(p for p in (REPO / "checker").iterdir()
                 if p.name != "__pycache__" and not p.name.startswith("_")
                 and (p.suffix == ".py" or (p / "__init__.py").exists()))
    assert top
    unnamed = [p.name for p in top if p.name not in maps and f"{p.name}/" not in maps]
    assert unnamed == []


# Imports each module of checker/ first, in one fresh interpreter, forgetting
# checker's modules between imports: a cycle that only the import order of
# the CLI happens to hide shows up here.
_IMPORT_EACH = """
import importlib, pkgutil, sys
import checker
names = [m.name for m in pkgutil.walk_packages(checker.__path__, "checker.")
         if not m.name.endswith("__main__")]
failed = []
for name in names:
    for loaded in [k for k in sys.modules if k == "checker" or k.startswith("checker.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except ImportError as error:
        failed.append(f"{name}: {error}")
print(len(names))
print("\\n".join(failed))
"""


def test_every_module_imports_on_its_own():
    done = subprocess.run([sys.executable, "-c", _IMPORT_EACH], capture_output=True, text=True,
                          cwd=REPO, timeout=300, check=True)
    count, *failed = done.stdout.splitlines()
    assert int(count) > 100
    assert [line for line in failed if line] == []


def test_the_rule_declarations_it_describes_are_those_rules_make():
    for declaration in ("ID", "SEVERITY", "SUMMARY", "KIND", "FIXABLE", "ROOT_CAUSE", "SUPERSEDED_BY", "LEAVES_TO"):
        assert f"`{declaration}`" in ARCHITECTURE
        assert all(hasattr(rule, declaration) for rule in ALL_RULES), declaration
    assert all(kind in ARCHITECTURE for kind in KINDS)
