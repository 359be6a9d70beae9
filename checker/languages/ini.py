"""INI: `[section]` headers and `key=value` lines (systemd units, `setup.cfg`).

Compared as data across locales (`checker/datablocks.py`), never run."""

from checker.languages import Language

LANGUAGE = Language(
    name="ini",
    display="INI",
    aliases=frozenset({"ini", "cfg"}),
    line_comments=("#", ";"),
)
