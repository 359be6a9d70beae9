"""The baseline: findings a team has accepted for now, so only new ones fail a run.

`sampledrift baseline` writes the fingerprints of the current findings:

```json
{
  "version": 1,
  "tool": "sampledrift 0.1.0",
  "findings": [
    {
      "rule": "tag-unterminated",
      "path": "fr/api-docs/authentication.md",
      "message": "`{% endtabs %` is missing its closing `}`, and no ...",
      "fingerprint": "0c1f..."
    }
  ]
}
```

Entries are sorted by (path, rule, fingerprint) and the file holds no
timestamp, so the same tree gives the same bytes and a change to it reads as
a diff of the entries that came and went. `check --baseline FILE` (config
`baseline:`) reports only findings whose (rule, path, fingerprint) is not in
the file. The fingerprint hashes the rule, the path and the offending text,
never the line (checker/engine.py `finalise`), so a finding stays baselined
when lines are added above it; the path is matched too, so the same text in a
moved or new file is a new finding.

An entry that matches nothing in a run is stale, counted only when the run
covered its path (a run over `docs/en` says nothing of `docs/es` entries).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from checker import __version__
from checker.confine import open_regular
from checker.errors import InputError
from checker.model import BaselineOutcome, Finding, Result
from checker.textsafe import writable

DEFAULT_NAME = ".sampledrift-baseline.json"
FORMAT_VERSION = 1
MESSAGE_CHARS = 120   # an entry's message is for the reviewer of the diff, not for matching

_ENTRY = {
    "type": "object",
    "required": ["rule", "path", "fingerprint"],
    "properties": {"rule": {"type": "string", "minLength": 1},
                   "path": {"type": "string", "minLength": 1},
                   "message": {"type": "string"},
                   "fingerprint": {"type": "string", "minLength": 1}},
}
_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["version", "findings"],
    "properties": {"version": {"type": "integer"}, "tool": {"type": "string"},
                   "findings": {"type": "array", "items": _ENTRY}},
}

Key = tuple[str, str, str]   # (rule, path, fingerprint)


@dataclass(frozen=True)
class Baseline:
    file: str                 # as the user or the config named it
    keys: frozenset[Key]


def key(finding: Finding) -> Key:
    return (finding.rule, finding.path, finding.fingerprint)


# ------------------------------------------------------------------ write

def entries(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per key, in the file's order."""
    return sorted({key(f): f for f in findings}.values(), key=lambda f: (f.path, f.rule, f.fingerprint))


def render(findings: Iterable[Finding]) -> str:
    """The baseline file's text: sorted, indented, one trailing newline, no timestamp."""
    document = {
        "version": FORMAT_VERSION,
        "tool": f"sampledrift {__version__}",
        "findings": [{"rule": f.rule, "path": f.path, "message": f.message[:MESSAGE_CHARS],
                      "fingerprint": f.fingerprint} for f in entries(findings)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write(findings: list[Finding], target: str) -> int:
    """Write the baseline of `findings` to `target`; the number of entries.

    O_NOFOLLOW: a symlink planted at the target (`.sampledrift-baseline.json ->
    ~/.bashrc`) makes the open fail instead of writing through it; the CLI
    refuses symlinks with a clearer message before this."""
    text = writable(render(findings))
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(target, flags, 0o666)
        with open(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as error:
        raise InputError(f"cannot write baseline {target}: {error.strerror or error}") from None
    return len(entries(findings))


# ------------------------------------------------------------------- read

def chosen(given: str | None, configured: str | None, *, off: bool = False) -> str | None:
    """The baseline a run reads: `--baseline`, else the config's `baseline:`,
    else `.sampledrift-baseline.json` in the current folder if there is one
    (where `sampledrift baseline` writes it, so a hook or an Action finds it
    with no flag); `--no-baseline` (`off`): none."""
    if off:
        if given:
            raise InputError("--baseline and --no-baseline exclude each other: give one")
        return None
    if given or configured:
        return given or configured
    return DEFAULT_NAME if os.path.isfile(DEFAULT_NAME) else None


def load(path: str | None) -> Baseline | None:
    """The baseline at `path` (None: no baseline asked for). A file that is
    missing, unreadable or not a baseline is an InputError: one line, exit 2."""
    if path is None:
        return None
    try:
        with open_regular(path) as handle:
            data = json.loads(handle.read().decode("utf-8"))
    except OSError as error:
        raise InputError(f"cannot read baseline {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise InputError(f"baseline {path} is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise InputError(f"baseline {path} is not valid JSON (line {error.lineno}: {error.msg}); "
                         f"`sampledrift baseline` writes one") from None
    import jsonschema  # here, not at the top: ~45 ms of start-up that only a baseline file needs

    try:
        jsonschema.validate(data, _SCHEMA)
    except jsonschema.ValidationError as error:
        where = "/".join(str(p) for p in error.absolute_path) or "top level"
        raise InputError(f"baseline {path}: {where}: {error.message}") from None
    if data["version"] != FORMAT_VERSION:
        raise InputError(f"baseline {path}: version {data['version']} is not one this "
                         f"sampledrift reads (it reads version {FORMAT_VERSION})")
    return Baseline(path, frozenset((e["rule"], e["path"], e["fingerprint"]) for e in data["findings"]))


# ------------------------------------------------------------------ apply

def scope(paths: Iterable[str], display: tuple[str, str] | None = None) -> list[str]:
    """The PATHs of a run as its findings show them (`./docs/` -> `docs`, the
    demo folder -> `demo`): the prefixes a stale entry must sit under."""
    shown = []
    for path in paths:
        if display and path.startswith(display[0]):
            path = display[1] + path[len(display[0]):]
        path = path.replace(os.sep, "/")
        while path.startswith("./"):
            path = path[2:]
        shown.append(path.rstrip("/") or ".")
    return shown


def _covered(path: str, prefixes: list[str], read: set[str]) -> bool:
    return path in read or any(p == "." or path == p or path.startswith(p + "/") for p in prefixes)


def apply(result: Result, baseline: Baseline | None, prefixes: list[str],
          checked: frozenset[str] | None = None) -> None:
    """Keep in `result.findings` only the findings not in `baseline`; say on
    `result.baseline` how many were baselined and how many entries are stale.
    `checked`: the only paths whose findings the run reports (pull-request
    mode), so an entry elsewhere is not stale, only not looked at."""
    if baseline is None:
        return
    new: list[Finding] = []
    known: list[Finding] = []
    for finding in result.findings:
        (known if key(finding) in baseline.keys else new).append(finding)
    matched = {key(f) for f in known}
    read = set(checked) if checked is not None else {f.path for f in result.files}
    prefixes = [] if checked is not None else prefixes
    stale = sum(1 for entry in baseline.keys - matched if _covered(entry[1], prefixes, read))
    result.findings = new
    result.baseline = BaselineOutcome(baseline.file, known, stale)
