"""The rule registry reads what each rule module declares (checker/rules/base.py)."""

from __future__ import annotations

import importlib
import pkgutil
from typing import get_type_hints

import pytest

import checker.rules
from checker import cascade, engine
from checker.extract.placeholders import holds_placeholder, is_placeholder, mask
from checker.model import Page
from checker.rules import ALL_RULES, BY_ID, PAGE_RULES, SET_RULES, SPEC_RULES, tag_attribute
from checker.rules.base import KINDS
from checker.rules.crosslocale import SetContext
from checker.spec_sources import SpecSources


def _rule_modules() -> set[str]:
    found = set()
    for info in pkgutil.iter_modules(checker.rules.__path__):
        module = importlib.import_module(f"checker.rules.{info.name}")
        if hasattr(module, "ID"):
            found.add(module.ID)
    return found


def test_every_rule_module_is_in_the_registry_once():
    assert _rule_modules() == set(BY_ID)
    assert len(ALL_RULES) == len(BY_ID)


def test_the_engine_runs_each_rule_by_its_declared_kind():
    for rule in ALL_RULES:
        assert rule.KIND in KINDS, rule.ID
    assert {r.ID for r in PAGE_RULES} == {r.ID for r in ALL_RULES if r.KIND == "page"}
    assert {r.ID for r in SET_RULES} == {r.ID for r in ALL_RULES if r.KIND == "set"}
    assert {r.ID for r in SPEC_RULES} == {r.ID for r in ALL_RULES if r.KIND == "spec"}
    assert {r.ID for r in SET_RULES} == engine.CROSS_LOCALE_IDS


@pytest.mark.parametrize("rule", [r for r in ALL_RULES if r.KIND != "engine"], ids=lambda r: r.ID)
def test_check_takes_what_its_kind_gives(rule):
    hints = get_type_hints(rule.check)  # type: ignore[attr-defined]
    wanted = {"page": [Page], "set": [SetContext], "spec": [Page, SpecSources]}[rule.KIND]
    assert [hint for name, hint in hints.items() if name != "return"] == wanted


def test_the_engine_drops_what_a_cross_locale_finding_explains_as_declared():
    assert {"sample-disagreement", "spec-block-mismatch"} == engine.SUPERSEDED_BY_DRIFT


def test_fixable_rules_are_the_cascade_roots_the_fence_first():
    # tag-unbalanced leaves a swallowed end tag to fence-unclosed, so the
    # fence's repair is tried first.
    assert cascade.ROOT_RULES == ("fence-unclosed", "tag-unbalanced")
    assert {r.ID for r in ALL_RULES if r.ROOT_CAUSE} == set(cascade.ROOT_RULES)
    assert all(r.FIXABLE for r in ALL_RULES if r.ROOT_CAUSE)


def test_a_declaration_naming_no_rule_stops_the_import(monkeypatch):
    monkeypatch.setattr(tag_attribute, "LEAVES_TO", frozenset({"tag-unknwon"}))
    with pytest.raises(ValueError, match="tag-unknwon"):
        checker.rules._check_declarations()


@pytest.mark.parametrize("value", ["your-api-key", "your_token", ":id", "YOUR_TOKEN", "<id>", "${id}"])
def test_one_placeholder_definition_for_the_drift_and_the_spec_rules(value):
    assert is_placeholder(value) and holds_placeholder(value)
    assert not is_placeholder(f"Bearer {value}")
    # `:id` is one as a whole value or a path segment only ("Note: x" is prose).
    assert holds_placeholder(f"Bearer {value}") is (value != ":id")


def test_placeholders_stay_apart_from_words_and_paths():
    assert not holds_placeholder("yours truly") and not holds_placeholder("your")
    assert not is_placeholder("John Doe") and not is_placeholder(42)
    assert mask("/flows/your-flow-id/run", url=True) == mask("/flows/{flowId}/run", url=True)
    assert mask("a:b", url=True) == "a:b"  # `:name` only as a path segment or a whole value
