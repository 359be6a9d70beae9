"""`--format json`: the report shape fixed by the contract."""

from __future__ import annotations

import json
from typing import Any

from checker import __version__
from checker.model import Finding, Outdated, Result


def finding_dict(finding: Finding) -> dict[str, Any]:
    found: dict[str, Any] = {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line or finding.line,
        "locale": finding.locale,
        "page": finding.page,
        "related": [{"path": r.path, "line": r.line, "locale": r.locale} for r in finding.related],
        "fingerprint": finding.fingerprint,
    }
    if finding.act_in:  # additive: the other locales asked to act (a page missing there)
        found["act_in"] = list(finding.act_in)
    return found


def summary_dict(result: Result) -> dict[str, Any]:
    counts = result.counts()
    return {"files": len(result.files), "pages": result.page_count, "locales": result.locales,
            "samples": result.sample_count, "errors": counts["error"],
            "warnings": counts["warning"], "infos": counts["info"]}


def pairing_dict(result: Result) -> dict[str, Any]:
    """How pages were paired across locales: beyond the contract's keys, additive."""
    return {
        "reference": result.reference,
        "anchor": result.anchor,
        "pages": [{"page": page_set.key,
                   "locales": {loc: {"paths": [p.path for p in page_set.pages[loc]],
                                     "how": page_set.how[loc]}
                               for loc in page_set.locales}}
                  for page_set in result.page_sets],
        "left_out": [{"path": path, "why": why} for path, why in result.left_out],
    }


def outdated_dict(entry: Outdated) -> dict[str, Any]:
    """One translation behind its reference: additive, beside the findings
    (its translation-outdated finding is in `findings` too, by `fingerprint`).
    `since` is the oldest reference commit it lacks; null when the reference
    only changed in the work tree."""
    return {
        "path": entry.path,
        "locale": entry.locale,
        "kind": entry.kind,
        "reference": entry.reference,
        "reference_path": entry.reference_path,
        "behind": entry.behind,
        "since": {"sha": entry.since_sha, "date": entry.since_date} if entry.since_sha else None,
        "differences": [{"rule": d.rule, "path": d.path, "line": d.line, "message": d.message}
                        for d in entry.differences],
        "fingerprint": entry.finding.fingerprint if entry.finding else None,
    }


def render(result: Result, *, color: bool = False) -> str:
    report = {
        "tool": {"name": "sampledrift", "version": __version__},
        "findings": [finding_dict(f) for f in result.findings],
        "summary": summary_dict(result),
        "pairing": pairing_dict(result),
        # additive: the translations behind their reference (re-translate), apart
        # from the findings that are broken (fix now); [] without history
        "outdated": [outdated_dict(entry) for entry in result.behind],
    }
    if result.history:    # additive: what git history told stale from broken
        report["history"] = result.history
    if result.baseline:   # additive, only with `--baseline`
        report["baseline"] = {"file": result.baseline.file,
                              "suppressed": len(result.baseline.suppressed),
                              "stale": result.baseline.stale}
    if result.changed:  # additive: --changed-since / --changed-files
        report["changed"] = {"since": result.changed.since, "pages": result.changed.pages,
                             "skipped": result.changed.skipped,
                             "everything": result.changed.everything or None}
    if result.view_locales:  # additive: --locale
        report["locales_view"] = list(result.view_locales)
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
