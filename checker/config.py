"""The config file: where locales are, which is the reference, rule settings.

```yaml
reference_locale: en          # the locale the others are compared with
locales:                      # path prefix (relative to this file) -> locale
  docs/english: en
  docs/espanol: es
specs: [openapi/api.yml]      # OpenAPI files, relative to this file
exclude: ["**/drafts/**"]     # glob patterns of files to leave out
allow_outside: [../specs]     # folders outside the tree that pages and specs may
                              # read from (relative to this file; within its repository,
                              # if it is in one); see checker/confine.py
max_page_size: 4194304        # bytes of a page read (the rest: an input-too-large finding)
max_line_length: 20000        # longer lines are skipped by the regex rules (and reported)
baseline: .sampledrift-baseline.json   # `check` reports only findings not in it (relative
                              # to this file; `--baseline` wins); `baseline` writes it
rules:
  payload-value-drift: {severity: error}
  email-obfuscated: off
select: [tag-, fence-unclosed]  # rule ids or prefixes (a list, or one comma-separated string);
ignore: [tag-unknown]           # these three resolve as Ruff's do: checker/selection.py
extend-select: [spec-]
overrides:                      # per-file settings, later entries over earlier ones
  - files: ["legacy/**", "*.txt"]   # gitignore-style globs, relative to this file
    ignore: [spec-]
    rules: {header-drift: {severity: warning}}
```

Read with `yaml.safe_load`, checked against a JSON Schema; any fault is an
InputError with one line saying what and where (a rule id that does not
exist names the nearest one).

With no `--config`, the file is looked for under DEFAULT_NAMES in the first
PATH's folder, then in each parent up to the repository root (the folder
holding `.git`); outside any repository, up to the current folder or the
home folder when the PATH is under one, else in the PATH's folder only (a
config found higher, in `/tmp` say, would be anyone's). The first found wins. With no PATH (the
demo), only the current folder is looked in.

A config inside a repository widens what may be read (`allow_outside:`)
only within that repository: the pull request that brings the config must
not be able to open the runner's files. A folder beyond it is for the
command line's `--allow-outside`, which the workflow's author writes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import yaml

from checker.confine import open_regular
from checker.errors import InputError
from checker.selection import (
    Choice,
    Layers,
    Override,
    Selection,
    expand,
    specificity,
    split,
    unknown_message,
)

# What sampledrift reads safely: a page's bytes, a line's characters.
DEFAULT_MAX_PAGE_SIZE = 4 * 1024 * 1024
DEFAULT_MAX_LINE_LENGTH = 20_000

DEFAULT_NAMES = (".sampledrift.yml", ".sampledrift.yaml", "sampledrift.yml", "sampledrift.yaml")

_RULES: dict[str, Any] = {
    "type": "object",
    "additionalProperties": {
        "oneOf": [
            {"enum": ["off", "on", False, True]},
            {"type": "object", "additionalProperties": False,
             "properties": {"severity": {"enum": ["error", "warning", "info"]},
                            "enabled": {"type": "boolean"}}},
        ]
    },
}
# A list of rule ids or prefixes, or one comma-separated string of them.
_SELECTORS: dict[str, Any] = {"oneOf": [{"type": "string"},
                                        {"type": "array", "items": {"type": "string"}}]}
_CHOICE = {"select": _SELECTORS, "ignore": _SELECTORS, "extend-select": _SELECTORS,
           "extend_select": _SELECTORS}

_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "reference_locale": {"type": "string", "minLength": 1},
        "locales": {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}},
        "specs": {"type": "array", "items": {"type": "string"}},
        "exclude": {"type": "array", "items": {"type": "string"}},
        "allow_outside": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "max_page_size": {"type": "integer", "minimum": 1},
        "max_line_length": {"type": "integer", "minimum": 1},
        "baseline": {"type": "string", "minLength": 1},
        "rules": _RULES,
        **_CHOICE,
        "overrides": {
            "type": "array",
            "items": {"type": "object", "additionalProperties": False, "required": ["files"],
                      "properties": {"files": _SELECTORS, "rules": _RULES, **_CHOICE}},
        },
    },
}


@dataclass
class Config:
    base_dir: str = "."
    path: str | None = None
    reference_locale: str | None = None
    locales: dict[str, str] = field(default_factory=dict)   # normalised path prefix -> locale
    specs: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    allow_outside: list[str] = field(default_factory=list)   # folders, joined to base_dir
    layers: Layers = field(default_factory=Layers)            # rule settings as written
    selection: Selection = field(default_factory=Selection)   # resolved (with the CLI's)
    gitignore: bool = True                                    # discovery honours .gitignore
    max_page_size: int = DEFAULT_MAX_PAGE_SIZE       # bytes
    max_line_length: int = DEFAULT_MAX_LINE_LENGTH   # characters
    baseline: str | None = None                      # joined to base_dir


def load_config(path: str | None, known_rules: set[str], start: str | None = None) -> Config:
    """The config at `path`, or the one found from `start` (a PATH) up to the
    repository root, or the first default name in the current folder, or defaults."""
    if path is None:
        path = find_config(start)
        if path is None:
            return Config(selection=Layers().resolve(known_rules))
    try:
        with open_regular(path) as handle:
            data = yaml.safe_load(handle.read().decode("utf-8"))
    except OSError as error:
        raise InputError(f"cannot read config {path}: {error.strerror or error}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        where = getattr(error, "problem_mark", None)
        at = f" at line {where.line + 1}" if where else ""
        raise InputError(f"config {path} is not valid YAML{at}") from None
    data = data or {}
    import jsonschema  # here, not at the top: ~45 ms of start-up that only a config file needs

    try:
        jsonschema.validate(data, _SCHEMA)
    except jsonschema.ValidationError as error:
        where = "/".join(str(p) for p in error.absolute_path) or "top level"
        raise InputError(f"config {path}: {where}: {error.message}") from None
    return _build(path, data, known_rules)


def find_config(start: str | None) -> str | None:
    """The first DEFAULT_NAMES file from `start`'s folder up to the repository
    root (the folder holding `.git`, a folder or a worktree's file), else up to
    the file system root; written relative when `start` is."""
    if start is None:
        return next((name for name in DEFAULT_NAMES if os.path.isfile(name)), None)
    for folder in _config_folders(start):
        found = next((os.path.join(folder, n) for n in DEFAULT_NAMES
                      if os.path.isfile(os.path.join(folder, n))), None)
        if found:
            return found if os.path.isabs(start) else os.path.relpath(found)
    return None


def upwards(start: str) -> list[str]:
    """`start`'s folder (absolute) and its parents, up to and with the repository
    root (the first holding `.git`), or to the file system root outside any."""
    folder = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(start) or ".")
    found = [folder]
    while not os.path.exists(os.path.join(folder, ".git")):
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        found.append(folder := parent)
    return found


def _config_folders(start: str) -> list[str]:
    """Where a config is looked for: up to the repository root; outside any, up
    to the current folder or the home folder, the higher of the two that holds
    `start` (places the user chose), else `start`'s folder alone."""
    folders = upwards(start)
    if os.path.exists(os.path.join(folders[-1], ".git")):
        return folders
    chosen = {os.path.abspath(os.getcwd()), os.path.abspath(os.path.expanduser("~"))}
    last = max((i for i, folder in enumerate(folders) if folder in chosen), default=0)
    return folders[:last + 1]


def repository_root(start: str) -> str | None:
    """The folder holding `.git` at or above `start`, or None outside any repository."""
    top = upwards(start)[-1]
    return top if os.path.exists(os.path.join(top, ".git")) else None


def _allowed_outside(path: str, folders: list[str]) -> list[str]:
    """The config's `allow_outside:` folders (joined to its folder), each within
    the config's repository when it is in one, else an InputError."""
    base = os.path.dirname(path) or "."
    joined = [os.path.join(base, folder) for folder in folders]
    top = repository_root(path)
    if top is None:
        return joined
    real_top = os.path.realpath(top)
    for folder, given in zip(joined, folders, strict=True):
        real = os.path.realpath(folder)
        if os.path.commonpath([real, real_top]) != real_top:
            shown = top if os.path.isabs(path) else os.path.relpath(top)
            raise InputError(f"config {path}: allow_outside: {given} is outside the repository "
                             f"({shown}); a folder beyond it is given with --allow-outside")
    return joined


def _build(path: str, data: dict[str, Any], known_rules: set[str]) -> Config:
    base = os.path.dirname(path) or "."
    config = Config(base_dir=base, path=path, reference_locale=data.get("reference_locale"),
                    specs=[os.path.join(base, s) for s in data.get("specs", [])],
                    exclude=list(data.get("exclude", [])),
                    allow_outside=_allowed_outside(path, data.get("allow_outside", [])),
                    max_page_size=data.get("max_page_size", DEFAULT_MAX_PAGE_SIZE),
                    max_line_length=data.get("max_line_length", DEFAULT_MAX_LINE_LENGTH),
                    baseline=os.path.join(base, data["baseline"]) if "baseline" in data else None)
    for prefix, locale in data.get("locales", {}).items():
        config.locales[os.path.normpath(os.path.join(base, prefix))] = locale
    known = frozenset(known_rules)
    where = f"config {path}: "
    config.layers.top, config.layers.severities = _choice(data, known, where)
    for number, entry in enumerate(data.get("overrides", [])):
        choice, severities = _choice(entry, known, f"{where}overrides/{number}/")
        config.layers.overrides.append(Override(base, split(_listed(entry["files"])), choice,
                                                tuple(sorted(severities.items()))))
    config.selection = config.layers.resolve(known)
    return config


def _listed(value: str | list[str] | None) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def _choice(data: dict[str, Any], known: frozenset[str], where: str) -> tuple[Choice, dict[str, str]]:
    """One layer (the top level, or an override): its selectors and its `rules:`,
    every id checked. `rules: {x: off}` ignores x, `on` extend-selects it."""
    select = split(_listed(data.get("select"))) if "select" in data else None
    ignore = list(split(_listed(data.get("ignore"))))
    extend = list(split(_listed(data.get("extend-select")) + _listed(data.get("extend_select"))))
    severities: dict[str, str] = {}
    # Least specific first, so `spec-body`'s severity wins over `spec-`'s.
    for rule, setting in sorted(data.get("rules", {}).items(), key=lambda item: specificity(item[0])):
        ids = expand(rule, known)
        if not ids:
            raise InputError(f"{where}rules: {unknown_message(rule, known)}")
        if setting in ("off", False) or (isinstance(setting, dict) and setting.get("enabled") is False):
            ignore.append(rule)
        elif setting in ("on", True) or (isinstance(setting, dict) and setting.get("enabled")):
            extend.append(rule)
        if isinstance(setting, dict) and "severity" in setting:
            severities.update({rule_id: str(setting["severity"]) for rule_id in ids})
    choice = Choice(select, tuple(ignore), tuple(extend))
    choice.validate(known, where)
    return choice, severities
