"""Every rule documents itself with a passing and a failing example; the examples are run."""

from __future__ import annotations

import pytest

from checker.config import Config
from checker.engine import check_paths
from checker.rules import ALL_RULES, PAGE_RULES, SET_RULES, SPEC_RULES
from checker.rules.docs import as_text as rule_doc
from tests.helpers import findings, page_of_bytes, write_tree


@pytest.mark.parametrize("rule", PAGE_RULES, ids=lambda r: r.ID)
def test_pass_example_has_no_finding_of_the_rule(rule, tmp_path):
    page = page_of_bytes(tmp_path, rule.PASS.encode("utf-8"))
    assert findings(page, rule.ID) == []


@pytest.mark.parametrize("rule", PAGE_RULES, ids=lambda r: r.ID)
def test_fail_example_has_a_finding_of_the_rule(rule, tmp_path):
    data = rule.FAIL if isinstance(rule.FAIL, bytes) else rule.FAIL.encode("utf-8")
    page = page_of_bytes(tmp_path, data)
    assert findings(page, rule.ID), f"{rule.ID} finds nothing in its own FAIL example"


def run_tree(tmp_path, files: dict[str, str], rule_id: str) -> list:
    result = check_paths([write_tree(tmp_path, files)], Config())
    return [f for f in result.findings if f.rule == rule_id]


@pytest.mark.parametrize("rule", SET_RULES, ids=lambda r: r.ID)
def test_cross_locale_pass_example_has_no_finding_of_the_rule(rule, tmp_path):
    assert run_tree(tmp_path, rule.PASS, rule.ID) == []


@pytest.mark.parametrize("rule", SET_RULES, ids=lambda r: r.ID)
def test_cross_locale_fail_example_has_a_finding_of_the_rule(rule, tmp_path):
    assert run_tree(tmp_path, rule.FAIL, rule.ID), f"{rule.ID} finds nothing in its own FAIL example"


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
def test_spec_fail_example_has_a_finding_of_the_rule(rule, tmp_path):
    assert run_with_spec(tmp_path, rule, rule.FAIL), f"{rule.ID} finds nothing in its own FAIL example"


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
