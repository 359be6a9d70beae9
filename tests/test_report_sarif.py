"""`--format sarif`: valid SARIF 2.1.0 that code scanning can place and track."""

from __future__ import annotations

import json
import re
import shutil
from types import ModuleType

import pytest
from jsonschema import Draft7Validator
from markdown_it import MarkdownIt

from checker.config import Config
from checker.engine import check_paths
from checker.model import Result, Severity
from checker.report import sarif
from checker.rules import ALL_RULES
from checker.rules.docs import as_text as rule_doc
from tests.helpers import REPO, SEEDS

SCHEMA = REPO / "fixtures" / "schemas" / "sarif-schema-2.1.0.json"
HOSTILE = REPO / "fixtures" / "report" / "hostile"   # en + fr; a section title full of markup
# RFC 3986 URI-reference characters, with `%` only as a percent-encoding.
URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})*$")


def demo() -> Result:
    return check_paths([str(SEEDS)], Config(), display=(str(SEEDS), "demo"))


def hostile() -> Result:
    return check_paths([str(HOSTILE)], Config(), display=(str(HOSTILE), "docs"))


def sarif_log(result: Result) -> dict:
    return json.loads(sarif.render(result))


def uris(log: dict) -> list[str]:
    found = []
    for res in log["runs"][0]["results"]:
        for loc in res["locations"] + res.get("relatedLocations", []):
            found.append(loc["physicalLocation"]["artifactLocation"]["uri"])
    return found


@pytest.mark.parametrize("build", [demo, hostile], ids=["demo", "related-locations"])
def test_output_is_valid_against_the_official_schema(build):
    log = sarif_log(build())
    validator = Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert [e.message for e in validator.iter_errors(log)] == []
    # jsonschema checks no `uri-reference` format without optional packages: check it here.
    assert all(URI_REFERENCE.match(uri) for uri in uris(log)), uris(log)


def test_the_schema_copy_is_the_official_one():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"] == ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                            "sarif-schema-2.1.0.json")
    assert "reportingDescriptor" in schema["definitions"]


def test_one_result_exactly():
    result = hostile()
    finding = next(f for f in result.findings if f.rule == "placeholder-translated")
    log = sarif_log(result)
    got = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "placeholder-translated")
    assert got == {
        "ruleId": "placeholder-translated",
        "ruleIndex": [r.ID for r in ALL_RULES].index("placeholder-translated"),
        "level": "warning",
        "message": {"text": (
            'the cURL sample of "Rafraîchir <script>alert(1)</script> | 100% a:b, *c* '
            '\\[x\\](1) & `t`" writes the placeholder `VOTRE_REFRESH_TOKEN` in fr where en '
            "writes `YOUR_REFRESH_TOKEN`: placeholders are code, keep them as written "
            "(see [locale en](1))")},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "docs/fr/t.md", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 6, "startColumn": 1, "endLine": 6}}}],
        "relatedLocations": [{
            "id": 1,
            "physicalLocation": {"artifactLocation": {"uri": "docs/en/t.md", "uriBaseId": "%SRCROOT%"},
                                 "region": {"startLine": 6}},
            "message": {"text": "locale en"}}],
        "partialFingerprints": {"sampledrift/v1": finding.fingerprint},
        "properties": {"locale": "fr", "page": "t"},
    }
    assert len(finding.fingerprint) == 20


def test_run_shape_and_results_follow_the_findings():
    result = demo()
    log = sarif_log(result)
    assert log["version"] == "2.1.0" and log["$schema"] == sarif.SCHEMA_URI
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("sampledrift", "0.1.0")
    assert "informationUri" not in driver   # no real URL yet: no placeholder either
    got = [(r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]]
    assert got == [(f.rule, f.severity.value, f.path, f.line) for f in result.findings]
    for res in run["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]


def test_every_rule_is_described():
    rules = sarif_log(demo())["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.ID for r in ALL_RULES]
    for descriptor, rule in zip(rules, ALL_RULES, strict=True):
        doc = rule.__doc__.strip()
        assert descriptor["name"] == "".join(w.capitalize() for w in rule.ID.split("-"))
        assert descriptor["shortDescription"] == {"text": rule.SUMMARY}
        assert descriptor["fullDescription"] == {"text": doc, "markdown": doc}
        assert descriptor["help"]["text"] == rule_doc(rule)
        assert descriptor["help"]["markdown"].startswith(doc + "\n\nDefault severity: ")
        assert descriptor["defaultConfiguration"] == {
            "level": {"error": "error", "warning": "warning", "info": "note"}[rule.SEVERITY]}
    assert rules[0]["name"] == "TagUnterminated"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.ID)
def test_help_markdown_fences_hold_the_examples_exactly(rule):
    """A fenced example must survive its own fences (fence-unclosed's examples hold ```)."""
    descriptor = sarif.rule_descriptor(rule)
    fences = [t.content for t in MarkdownIt("commonmark").parse(descriptor["help"]["markdown"])
              if t.type == "fence"]

    def texts(value) -> list[str]:  # noqa: ANN001
        if isinstance(value, dict):
            return [t for _, v in sorted(value.items()) for t in texts(v)]
        text = value.decode("latin-1") if isinstance(value, bytes) else value
        return [text.rstrip("\n") + "\n"]

    assert fences == texts(rule.PASS) + texts(rule.FAIL)


def test_info_is_a_note_in_results_and_in_rule_defaults():
    result = demo()
    result.findings[0].severity = Severity.INFO
    assert sarif_log(result)["runs"][0]["results"][0]["level"] == "note"
    fake = ModuleType("fake")
    fake.__doc__ = "A rule."
    fake.ID, fake.SEVERITY, fake.SUMMARY, fake.PASS, fake.FAIL = "x-y", "info", "s", "a\n", "b\n"
    fake.FIXABLE = False
    assert sarif.rule_descriptor(fake)["defaultConfiguration"] == {"level": "note"}
    assert sarif.rule_descriptor(fake)["name"] == "XY"


def test_absolute_paths_become_percent_encoded_file_uris(tmp_path):
    docs = tmp_path / "my docs é"
    shutil.copytree(HOSTILE, docs)
    result = check_paths([str(docs)], Config())
    got = uris(sarif_log(result))
    base = "file://" + str(tmp_path).replace(" ", "%20") + "/my%20docs%20%C3%A9"
    assert got == [f"{base}/fr/t.md", f"{base}/en/t.md", f"{base}/fr/t.md"]
    res = sarif_log(result)["runs"][0]["results"][0]
    assert "uriBaseId" not in res["locations"][0]["physicalLocation"]["artifactLocation"]


@pytest.mark.parametrize("path, expected", [
    ("fr/a b.md", {"uri": "fr/a%20b.md", "uriBaseId": "%SRCROOT%"}),
    ("fr\\win.md", {"uri": "fr/win.md", "uriBaseId": "%SRCROOT%"}),
    ("odd:name%.md", {"uri": "odd%3Aname%25.md", "uriBaseId": "%SRCROOT%"}),
    ("C:\\docs\\fr\\a.md", {"uri": "file:///C:/docs/fr/a.md"}),
    ("/srv/docs/zh-cn/页.md", {"uri": "file:///srv/docs/zh-cn/%E9%A1%B5.md"}),
])
def test_artifact_locations(path, expected):
    assert sarif.artifact_location(path) == expected


def test_link_like_document_text_is_escaped_only_when_it_could_read_as_a_link():
    result = demo()
    finding = result.findings[-1]
    finding.related = []
    finding.message = "see `a[0]` and \\[b]"
    assert sarif.message_text(finding) == "see `a[0]` and \\[b]"
    finding.message = "calls `f[1](2)` near \\[x]"
    assert sarif.message_text(finding) == "calls `f\\[1\\](2)` near \\\\\\[x\\]"


def test_same_input_same_bytes():
    assert sarif.render(demo()) == sarif.render(demo())
