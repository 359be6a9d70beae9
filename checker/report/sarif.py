"""`--format sarif`: SARIF 2.1.0 for code scanning (github/codeql-action/upload-sarif).

One run; the driver lists every rule (so a viewer can show a rule's docs even
for a result of a rule that found nothing elsewhere), and each finding is one
result pointing at the line of the locale that drifted. The other locales are
`relatedLocations`, linked from the message text so GitHub shows them.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from checker import __version__
from checker.model import BaselineOutcome, Difference, Finding, Outdated, Related, Result
from checker.rules import ALL_RULES, docs
from checker.rules.base import Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "sampledrift/v1"
SRCROOT = "%SRCROOT%"

# SARIF has no "info": its lowest level that still shows is "note".
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}

# An embedded link in a SARIF plain-text message: `[text](id)`.
_LINK_OPENER = re.compile(r"\]\s*\(")
# From the start of a run of backslashes only: linear on a line of them.
_BRACKET = re.compile(r"(?<!\\)(\\*+)([\[\]])")


def render(result: Result, *, color: bool = False) -> str:
    """The SARIF log as JSON text; `color` is ignored (SARIF is for machines)."""
    index = {rule.ID: i for i, rule in enumerate(ALL_RULES)}
    behind: dict[int, list[Outdated]] = {}
    for entry in result.behind:
        behind.setdefault(id(entry.finding), []).append(entry)
    run = {
        "tool": {"driver": {
            "name": "sampledrift",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": [rule_descriptor(rule) for rule in ALL_RULES],
        }},
        "columnKind": "unicodeCodePoints",
        "results": [result_object(f, index.get(f.rule), behind.get(id(f), []))
                    for f in result.findings],
    }
    if result.baseline:
        _add_baselined(run, result, result.baseline, index)
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _add_baselined(run: dict[str, Any], result: Result, outcome: BaselineOutcome,
                   index: dict[str, int]) -> None:
    """`check --baseline`: the baselined findings stay in the log, each with
    `suppressions: [{"kind": "external", "status": "accepted"}]`. SARIF 2.1.0's
    `suppression.kind` says where a suppression is persisted: `external` is
    outside the analysed files, here the baseline file; an accepted
    suppression makes a viewer treat the result as suppressed, so a code
    scanning alert reads "suppressed", not "fixed" as a result left out would.
    `baselineState` is not used: it states a result "relative to a baseline
    of a previous run" (a previous SARIF log, compared result by result),
    which the baseline file is not, and it suppresses nothing. The counts go
    in the run's property bag."""
    suppression = {"kind": "external", "status": "accepted",
                   "justification": f"in the baseline {outcome.file}"}
    marked = [(f, result_object(f, index.get(f.rule))) for f in outcome.suppressed]
    for _, item in marked:
        item["suppressions"] = [suppression]
    every = list(zip(result.findings, run["results"], strict=True)) + marked
    run["results"] = [item for _, item in sorted(every, key=lambda pair: pair[0].sort_key())]
    run["properties"] = {"baseline": {"file": outcome.file, "suppressed": len(outcome.suppressed),
                                      "stale": outcome.stale}}


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """A reportingDescriptor: what code scanning shows on an alert's rule panel."""
    doc = docs.doc(rule)
    return {
        "id": rule.ID,
        "name": pascal_case(rule.ID),
        "shortDescription": {"text": rule.SUMMARY},
        "fullDescription": {"text": doc, "markdown": doc},
        "help": {"text": docs.as_text(rule), "markdown": docs.as_markdown(rule)},
        "defaultConfiguration": {"level": _LEVELS[rule.SEVERITY]},
    }


def pascal_case(rule_id: str) -> str:
    """`tag-unterminated` -> `TagUnterminated` (SARIF's `name` is an identifier-like word)."""
    return "".join(part[:1].upper() + part[1:] for part in rule_id.split("-"))


def result_object(finding: Finding, rule_index: int | None,
                  outdated: list[Outdated] | None = None) -> dict[str, Any]:
    """One SARIF result: the finding where it stands, the other locales as related.
    A translation-outdated finding's related locations are its differences,
    each saying what it is; `outdated` (its Result.behind entries) adds how
    far behind the translation is to the property bag."""
    differences = [d for entry in outdated or [] for d in entry.differences]
    said = [_said(differences, r) for r in finding.related]
    related = [related_location(i, r, d)
               for i, (r, d) in enumerate(zip(finding.related, said, strict=True), start=1)]
    result: dict[str, Any] = {"ruleId": finding.rule}
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    result.update({
        "level": _LEVELS[finding.severity.value],
        "message": {"text": message_text(finding, [d.rule if d else "" for d in said])},
        "locations": [{"physicalLocation": {
            "artifactLocation": artifact_location(finding.path),
            "region": {"startLine": finding.line, "startColumn": finding.column,
                       "endLine": finding.end_line or finding.line},
        }}],
    })
    if related:
        result["relatedLocations"] = related
    result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    result["properties"] = {"locale": finding.locale, "page": finding.page}
    if outdated:
        result["properties"].update(outdated_properties(outdated))
    return result


def outdated_properties(entries: list[Outdated]) -> dict[str, Any]:
    """How far behind: the reference commits the translation lacks and the
    oldest of them (for a page not translated yet, per locale lacking it)."""
    first = max(entries, key=lambda e: e.behind)
    return {
        "reference": first.reference, "referencePath": first.reference_path,
        "outdatedKind": first.kind,
        "behind": first.behind,
        "since": {"sha": first.since_sha, "date": first.since_date} if first.since_sha else None,
        "behindByLocale": {e.locale or "": e.behind for e in entries},
    }


def _said(differences: list[Difference], related: Related) -> Difference | None:
    """The difference a related location stands for (each one once)."""
    match = next((d for d in differences if (d.path, d.line) == (related.path, related.line)), None)
    if match:
        differences.remove(match)
    return match


def related_location(location_id: int, related: Related,
                     difference: Difference | None = None) -> dict[str, Any]:
    label = locale_label(related.locale)
    text = f"{label}: {difference.rule}: {_escape_links(difference.message)}" if difference else label
    return {
        "id": location_id,
        "physicalLocation": {"artifactLocation": artifact_location(related.path),
                             "region": {"startLine": related.line}},
        "message": {"text": text},
    }


def _escape_links(text: str) -> str:
    """Document text that could read as a SARIF `[text](id)` link, its brackets escaped."""
    if _LINK_OPENER.search(text):
        return _BRACKET.sub(lambda m: m.group(1) * 2 + "\\" + m.group(2), text)
    return text


def locale_label(locale: str | None) -> str:
    return f"locale {locale}" if locale else "no locale"


def message_text(finding: Finding, labels: list[str] | None = None) -> str:
    """The finding's message, then links to its related locations (named by
    `labels` where given, a difference's rule; else by their locale).

    SARIF reads `[text](n)` in a plain-text message as a link to related
    location n. Document text quoted in a message could look like one, so
    when it does, its brackets are backslash-escaped (SARIF's own escape).
    """
    text = _escape_links(finding.message)
    if finding.related:
        names = labels or [""] * len(finding.related)
        links = ", ".join(f"[{name or locale_label(r.locale)}]({i})"
                          for i, (r, name) in enumerate(zip(finding.related, names, strict=True), start=1))
        text += f" (see {links})"
    return text


def artifact_location(path: str) -> dict[str, str]:
    """A path as a URI: relative ones stay relative to %SRCROOT%, absolute ones become file URIs.

    Paths are percent-encoded (spaces, `%`, non-ASCII, a `:` that would read as
    a scheme) because SARIF's `uri` is an RFC 3986 URI reference.
    """
    posix = path.replace("\\", "/")
    if PureWindowsPath(path).drive and PureWindowsPath(path).is_absolute():
        return {"uri": "file:///" + quote(posix, safe="/:")}
    if PurePosixPath(posix).is_absolute():
        return {"uri": "file://" + quote(posix, safe="/")}
    return {"uri": quote(posix, safe="/"), "uriBaseId": SRCROOT}
