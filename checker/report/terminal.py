"""What the terminal gets: colour or not, a progress bar or not.

Colour (`--color auto|always|never`):
- `always` / `never` on the command line win over everything: a flag given for
  this one run is the most specific choice (no-color.org: "per-instance
  command-line arguments should override NO_COLOR").
- `auto`: `FORCE_COLOR` set and not empty (any value, force-color.org) turns it
  on, even into a pipe; else `NO_COLOR` set and not empty (no-color.org) turns
  it off; else colour only when the stream is a terminal. FORCE_COLOR beats
  NO_COLOR as force-color.org's example reads them: NO_COLOR first, then
  FORCE_COLOR overriding it.
Files written with `--output` are never coloured.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TextIO

COLOR_CHOICES = ("auto", "always", "never")


def _set(env: Mapping[str, str], name: str) -> bool:
    return bool(env.get(name, ""))


def use_color(choice: str, stream: TextIO, env: Mapping[str, str]) -> bool:
    if choice == "always":
        return True
    if choice == "never":
        return False
    if _set(env, "FORCE_COLOR"):
        return True
    if _set(env, "NO_COLOR"):
        return False
    return _isatty(stream)


def in_ci(env: Mapping[str, str]) -> bool:
    """CI services set `CI` (GitHub, GitLab, most others): their logs are no terminal
    even when a pseudo-terminal is attached, so a redrawn bar would fill them."""
    return env.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def wants_progress(stream: TextIO, env: Mapping[str, str], *, quiet: bool = False) -> bool:
    """A progress bar only for a person watching: stderr a terminal, not CI, not `-q`."""
    return not quiet and not in_ci(env) and _isatty(stream)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or odd stream: not a terminal
        return False
