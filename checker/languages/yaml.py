"""YAML: configuration (docker-compose, CI, Helm values) and response examples.

Compared as data across locales (`checker/datablocks.py`), never run."""

from checker.languages import Language

LANGUAGE = Language(
    name="yaml",
    display="YAML",
    aliases=frozenset({"yaml", "yml", "docker-compose", "compose"}),
    line_comments=("#",),
)
