"""Where the bundled demo docs and templates are, installed or in a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def _locate(installed: str, checkout: str) -> Path:
    packaged = Path(str(resources.files("checker"))) / installed
    return packaged if packaged.is_dir() else _CHECKOUT / checkout


def demo_docs() -> Path:
    """The seed pages laid out by locale (shipped as `checker/demo`)."""
    return _locate("demo", "fixtures/seeds")


def templates() -> Path:
    return _locate("templates", "templates")
