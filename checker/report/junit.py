"""`--format junit`: JUnit XML, for CI test-report views (GitLab, Jenkins, Azure...).

    <testsuites name="sampledrift" tests="5" failures="2" errors="0">
      <testsuite name="sampledrift" tests="5" failures="2" errors="0" skipped="0">
        <testcase name="fr/api-docs/authentication.md" classname="sampledrift.fr">
          <failure message="..." type="tag-unterminated">fr/...:421:1: error ...</failure>

Every checked file is one testcase (a clean file passes, so a team sees the
tree as N tests), every finding one `<failure>` in its file's testcase; the
classname carries the locale so views that group by class group by locale.
`failures` counts failed testcases, as JUnit does (never more than `tests`).
Valid against Jenkins' junit-10.xsd (tests/schemas/). No time, timestamp or
hostname: the same tree gives the same bytes. ElementTree escapes; the few
characters XML 1.0 cannot hold at all (control characters) are dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from checker import __version__
from checker.model import Finding, Result

SUITE = "sampledrift"
# What XML 1.0 allows (its `Char` production); anything else cannot be written, escaped or not.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def render(result: Result, *, color: bool = False) -> str:
    """The JUnit document; `color` is ignored (XML is for machines)."""
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        by_path[finding.path].append(finding)
    locales = {f.path: f.locale for f in result.files}
    # Findings can stand in files discovery did not read (a symlink out of the tree).
    paths = sorted(set(locales) | set(by_path))
    failed = sum(1 for path in paths if by_path.get(path))
    counts = {"tests": str(len(paths)), "failures": str(failed), "errors": "0"}
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, **counts, "skipped": "0"})
    _properties(suite, result)
    for path in paths:
        findings = by_path.get(path, [])
        locale = locales.get(path) or next((f.locale for f in findings if f.locale), None)
        case = ET.SubElement(suite, "testcase", {
            "name": clean(path),
            "classname": clean(f"{SUITE}.{locale}" if locale else SUITE),
        })
        for finding in findings:
            failure = ET.SubElement(case, "failure", {"message": clean(finding.message),
                                                      "type": finding.rule})
            failure.text = clean(failure_text(finding))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _properties(suite: ET.Element, result: Result) -> None:
    counts = result.counts()
    props = ET.SubElement(suite, "properties")
    values = [("sampledrift.version", __version__), ("findings", str(len(result.findings))),
              ("errors", str(counts["error"])), ("warnings", str(counts["warning"])),
              ("infos", str(counts["info"])), ("locales", ", ".join(result.locales))]
    for name, value in values:
        ET.SubElement(props, "property", {"name": name, "value": clean(value)})


def failure_text(finding: Finding) -> str:
    """What a CI view shows when the failure is opened: where, how bad, which locale, and the others."""
    lines = [f"{finding.path}:{finding.line}:{finding.column}: {finding.severity.value} "
             f"{finding.rule} {finding.message}",
             f"severity: {finding.severity.value}",
             f"locale: {finding.locale or 'none'}"]
    lines += [f"see {r.path}:{r.line} ({r.locale or 'no locale'})" for r in finding.related]
    return "\n".join(lines)
