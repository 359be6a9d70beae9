"""`--format gitlab`: a GitLab Code Quality report (`artifacts:reports:codequality`).

    [{"description": "...", "check_name": "tag-unterminated", "fingerprint": "...",
      "severity": "major", "location": {"path": "fr/a.md", "lines": {"begin": 421}}}]

The fields GitLab's "Code Quality report format" documents, all of them required
there. Severity: error -> major, warning -> minor, info -> info (as ESLint's and
other linters' GitLab formatters map theirs: `critical`/`blocker` are left for
broken builds and security). The fingerprint is the finding's own, which is
unique in a run and survives line shifts, so GitLab's merge request widget
tells new findings from old ones. Paths are relative to the repository as
GitLab wants them: no leading `./`, and an absolute path inside the current
folder is made relative to it.
"""

from __future__ import annotations

import json
import os
from typing import Any

from checker.model import Finding, Result, Severity

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(result: Result, *, color: bool = False) -> str:
    """The report as JSON text; `color` is ignored."""
    return json.dumps([issue(f) for f in result.findings], ensure_ascii=False, indent=2) + "\n"


def issue(finding: Finding) -> dict[str, Any]:
    return {
        "description": description(finding),
        "check_name": finding.rule,
        "fingerprint": finding.fingerprint,
        "severity": SEVERITIES[finding.severity],
        "location": {"path": repo_path(finding.path), "lines": {"begin": finding.line}},
    }


def description(finding: Finding) -> str:
    """The message; GitLab shows one line, so the other locales follow in brackets."""
    if not finding.related:
        return finding.message
    others = ", ".join(f"{r.path}:{r.line}" for r in finding.related)
    return f"{finding.message} (see {others})"


def repo_path(path: str) -> str:
    posix = path.replace("\\", "/")
    if os.path.isabs(path):
        try:
            relative = os.path.relpath(path)
        except ValueError:  # another drive (Windows): keep it absolute
            relative = ".."
        if not relative.startswith(".."):
            posix = relative.replace("\\", "/")
    while posix.startswith("./"):
        posix = posix[2:]
    return posix
