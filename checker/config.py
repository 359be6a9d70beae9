"""The config file: where locales are, which is the reference, rule settings.

```yaml
reference_locale: en          # the locale the others are compared with
locales:                      # path prefix (relative to this file) -> locale
  docs/english: en
  docs/espanol: es
specs: [openapi/api.yml]      # OpenAPI files, relative to this file
exclude: ["**/drafts/**"]     # glob patterns of files to leave out
allow_outside: [../specs]     # folders outside the tree that pages and specs may
                              # read from (relative to this file); see checker/confine.py
max_page_size: 4194304        # bytes of a page read (the rest: an input-too-large finding)
max_line_length: 20000        # longer lines are skipped by the regex rules (and reported)
baseline: .sampledrift-baseline.json   # `check` reports only findings not in it (relative
                              # to this file; `--baseline` wins); `baseline` writes it
rules:
  payload-value-drift: {severity: error}
  email-obfuscated: off
```

Read with `yaml.safe_load`, checked against a JSON Schema; any fault is an
InputError with one line saying what and where.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import jsonschema
import yaml

from checker.errors import InputError

# What sampledrift reads safely: a page's bytes, a line's characters.
DEFAULT_MAX_PAGE_SIZE = 4 * 1024 * 1024
DEFAULT_MAX_LINE_LENGTH = 20_000

DEFAULT_NAMES = (".sampledrift.yml", ".sampledrift.yaml", "sampledrift.yml", "sampledrift.yaml")

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
        "rules": {
            "type": "object",
            "additionalProperties": {
                "oneOf": [
                    {"enum": ["off", "on", False, True]},
                    {"type": "object", "additionalProperties": False,
                     "properties": {"severity": {"enum": ["error", "warning", "info"]},
                                    "enabled": {"type": "boolean"}}},
                ]
            },
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
    disabled: set[str] = field(default_factory=set)
    severities: dict[str, str] = field(default_factory=dict)
    max_page_size: int = DEFAULT_MAX_PAGE_SIZE       # bytes
    max_line_length: int = DEFAULT_MAX_LINE_LENGTH   # characters
    baseline: str | None = None                      # joined to base_dir


def load_config(path: str | None, known_rules: set[str]) -> Config:
    """The config at `path`, or the first default name in the current folder, or defaults."""
    if path is None:
        path = next((name for name in DEFAULT_NAMES if os.path.isfile(name)), None)
        if path is None:
            return Config()
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except OSError as error:
        raise InputError(f"cannot read config {path}: {error.strerror or error}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        where = getattr(error, "problem_mark", None)
        at = f" at line {where.line + 1}" if where else ""
        raise InputError(f"config {path} is not valid YAML{at}") from None
    data = data or {}
    try:
        jsonschema.validate(data, _SCHEMA)
    except jsonschema.ValidationError as error:
        where = "/".join(str(p) for p in error.absolute_path) or "top level"
        raise InputError(f"config {path}: {where}: {error.message}") from None
    return _build(path, data, known_rules)


def _build(path: str, data: dict[str, Any], known_rules: set[str]) -> Config:
    base = os.path.dirname(path) or "."
    config = Config(base_dir=base, path=path, reference_locale=data.get("reference_locale"),
                    specs=[os.path.join(base, s) for s in data.get("specs", [])],
                    exclude=list(data.get("exclude", [])),
                    allow_outside=[os.path.join(base, d) for d in data.get("allow_outside", [])],
                    max_page_size=data.get("max_page_size", DEFAULT_MAX_PAGE_SIZE),
                    max_line_length=data.get("max_line_length", DEFAULT_MAX_LINE_LENGTH),
                    baseline=os.path.join(base, data["baseline"]) if "baseline" in data else None)
    for prefix, locale in data.get("locales", {}).items():
        config.locales[os.path.normpath(os.path.join(base, prefix))] = locale
    for rule, setting in data.get("rules", {}).items():
        if rule not in known_rules:
            raise InputError(f"config {path}: rules: unknown rule id `{rule}` "
                             f"(`sampledrift rules` lists them)")
        if setting in ("off", False) or (isinstance(setting, dict) and setting.get("enabled") is False):
            config.disabled.add(rule)
        if isinstance(setting, dict) and "severity" in setting:
            config.severities[rule] = setting["severity"]
    return config
