"""TOML: configuration files (`pyproject.toml`, `config.toml`).

Compared as data across locales (`checker/datablocks.py`), never run."""

from checker.languages import Language

LANGUAGE = Language(
    name="toml",
    display="TOML",
    aliases=frozenset({"toml"}),
    line_comments=("#",),
)
