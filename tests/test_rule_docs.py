"""Every rule documents itself with a passing and a failing example; the examples are run.

A FAIL example must be found by its own rule *at the line of the mistake*, and
nowhere else: `FAIL_AT` marks those lines by a piece of the example's text (a
"needle" that occurs once in its file: the line is where it starts), so the
rule modules' examples stay as they are. A rule module may carry its own
`FAIL_AT` (the same shape), which wins over the table here.
"""

from __future__ import annotations

import pytest

from checker.config import Config
from checker.engine import check_paths
from checker.rules import ALL_RULES, PAGE_RULES, SET_RULES, SPEC_RULES
from checker.rules.docs import as_text as rule_doc
from tests.helpers import findings, page_of_bytes, write_tree

# Rule id -> the (file, needle) of every line its FAIL example must be found at.
# File is None for the one page of a page or spec rule's example.
Mark = tuple[str | None, str]
FAIL_AT: dict[str, list[Mark]] = {
    # page rules
    "tag-unterminated": [(None, "{% endtabs %\n")],
    "tag-unbalanced": [(None, "{% endcode %}"), (None, '{% hint style="info" %}')],
    "tag-misnested": [(None, '{% tab title="Python" %}'), (None, "{% endtab %}\n{% endhint %}")],
    "tag-unknown": [(None, "{% fichier"), (None, "{% Hint style"), (None, "{% EndHint")],
    "tag-attribute": [(None, 'style="avertissement"'), (None, "{% openapi"), (None, 'title="cURL %}')],
    "fence-unclosed": [(None, "``````python"), (None, "```javascript")],
    "file-unreadable": [(None, "Latin-1")],
    "input-too-large": [(None, "x" * 20_001)],
    "sample-syntax": [(None, 'response = requests.get(')],
    "sample-disagreement": [(None, "requests.put(")],
    "spec-block-mismatch": [(None, "curl -X POST")],
    "front-matter-broken": [(None, "```yaml")],
    "translation-leftover": [(None, "__CODE_BLOCK_0__"), (None, "__PRESERVE_URL_1__")],
    # cross-locale rules
    "page-missing": [("en/b.md", "# B")],
    "sample-missing": [("ja/p.md", "## Ping")],
    "structure-drift": [("fr/i.md", 'method="post"')],
    "endpoint-drift": [("es/flows.md", "curl")],
    "method-drift": [("fr/items.md", "curl -X PUT")],
    "payload-drift": [("fr/u.md", '"nom"')],
    "payload-value-drift": [("de/s.md", '"indiziert"')],
    "header-drift": [("de/d.md", "curl https"), ("de/d.md", "text/html")],
    "status-drift": [("da/x.md", "== 200")],
    "placeholder-translated": [("fr/t.md", "curl -X POST")],
    "spec-ref-drift": [("fr/a.md", "{% openapi")],
    "published-drift": [("fr/ping.txt", "curl -X GET")],
    "email-obfuscated": [("fr/a.txt", "[email protected]")],
    "link-drift": [("fr/intro.md", "{% embed")],
    "front-matter-drift": [("ko/start.md", "설명")],
    "translation-only": [("zh-cn/items.md", 'path="/items/purge"'), ("zh-cn/webhooks.md", "# Webhooks")],
    # spec rules
    "spec-unreadable": [(None, "{% openapi")],
    "path-outside-tree": [(None, "{% openapi"), (None, "{% file")],
    "spec-unknown-operation": [(None, "curl")],
    "spec-body": [(None, "--json")],
    "spec-status": [(None, "== 200")],
    "spec-auth": [(None, "curl")],
    "spec-query": [(None, "curl")],
}


def marks(rule) -> list[Mark]:
    return getattr(rule, "FAIL_AT", None) or FAIL_AT[rule.ID]


def line_of(text: str | bytes, needle: str) -> int:
    """The line where `needle` starts; it must occur once, so the mark is not ambiguous."""
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    at = text.find(needle)
    assert at >= 0 and text.find(needle, at + 1) < 0, f"needle {needle!r} must occur once"
    return text.count("\n", 0, at) + 1


def expected_at(rule, files: dict[str, str | bytes]) -> set[tuple[str, int]]:
    return {(path or next(iter(files)), line_of(files[path or next(iter(files))], needle))
            for path, needle in marks(rule)}


def relative(found: list, root) -> set[tuple[str, int]]:
    return {(str(f.path).split(str(root) + "/")[-1], f.line) for f in found}


@pytest.mark.parametrize("rule", PAGE_RULES, ids=lambda r: r.ID)
def test_pass_example_has_no_finding_of_the_rule(rule, tmp_path):
    page = page_of_bytes(tmp_path, rule.PASS.encode("utf-8"))
    assert findings(page, rule.ID) == []


@pytest.mark.parametrize("rule", PAGE_RULES, ids=lambda r: r.ID)
def test_fail_example_is_found_at_its_marked_lines(rule, tmp_path):
    data = rule.FAIL if isinstance(rule.FAIL, bytes) else rule.FAIL.encode("utf-8")
    page = page_of_bytes(tmp_path, data)
    found = findings(page, rule.ID)
    assert found, f"{rule.ID} finds nothing in its own FAIL example"
    assert {f.rule for f in found} == {rule.ID}
    assert relative(found, tmp_path) == expected_at(rule, {"page.md": rule.FAIL})


def run_tree(tmp_path, files: dict[str, str], rule_id: str) -> list:
    result = check_paths([write_tree(tmp_path, files)], Config())
    return [f for f in result.findings if f.rule == rule_id]


@pytest.mark.parametrize("rule", SET_RULES, ids=lambda r: r.ID)
def test_cross_locale_pass_example_has_no_finding_of_the_rule(rule, tmp_path):
    assert run_tree(tmp_path, rule.PASS, rule.ID) == []


@pytest.mark.parametrize("rule", SET_RULES, ids=lambda r: r.ID)
def test_cross_locale_fail_example_is_found_at_its_marked_lines(rule, tmp_path):
    found = run_tree(tmp_path, rule.FAIL, rule.ID)
    assert found, f"{rule.ID} finds nothing in its own FAIL example"
    assert relative(found, tmp_path) == expected_at(rule, rule.FAIL)


def run_with_spec(tmp_path, rule, page: str) -> list:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "page.md").write_text(page, encoding="utf-8")
    specs = []
    if rule.SPEC:
        (tmp_path / "api.yml").write_text(rule.SPEC, encoding="utf-8")
        specs = [str(tmp_path / "api.yml")]
    result = check_paths([str(tmp_path / "docs")], Config(), specs=specs)
    return [f for f in result.findings if f.rule == rule.ID]


@pytest.mark.parametrize("rule", SPEC_RULES, ids=lambda r: r.ID)
def test_spec_pass_example_has_no_finding_of_the_rule(rule, tmp_path):
    assert run_with_spec(tmp_path, rule, rule.PASS) == []


@pytest.mark.parametrize("rule", SPEC_RULES, ids=lambda r: r.ID)
def test_spec_fail_example_is_found_at_its_marked_lines(rule, tmp_path):
    found = run_with_spec(tmp_path, rule, rule.FAIL)
    assert found, f"{rule.ID} finds nothing in its own FAIL example"
    assert relative(found, tmp_path) == expected_at(rule, {"docs/page.md": rule.FAIL})


@pytest.mark.parametrize("rule", PAGE_RULES + SET_RULES + SPEC_RULES, ids=lambda r: r.ID)
def test_every_fail_example_marks_its_lines(rule):
    """A new rule marks where its FAIL example must be found (here or in its module)."""
    assert marks(rule), f"{rule.ID}: add its FAIL lines to FAIL_AT"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.ID)
def test_rule_is_documented(rule):
    assert rule.ID.replace("-", "").isalpha() and rule.ID.lower() == rule.ID
    assert rule.SEVERITY in ("error", "warning", "info")
    assert len((rule.__doc__ or "").strip().splitlines()) >= 3
    text = rule_doc(rule)
    assert "Passes:" in text and "Fails:" in text and rule.ID in text


def test_rule_ids_are_unique():
    ids = [rule.ID for rule in ALL_RULES]
    assert len(ids) == len(set(ids))
