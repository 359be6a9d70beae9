"""The registry of rules: one module each, in the order `sampledrift rules` lists them.

Adding a rule is one module (checker/rules/base.py says what it declares) and
one line in `ALL_RULES`; the engine runs each rule by its `KIND`.
"""

from __future__ import annotations

from typing import Any

from checker.model import FileKind, Finding
from checker.rules import (
    code_drift,
    continuation_lost,
    data_drift,
    data_value_drift,
    disable_unknown_rule,
    email_obfuscated,
    endpoint_drift,
    fence_unclosed,
    file_unreadable,
    front_matter_broken,
    front_matter_drift,
    header_drift,
    input_too_large,
    internal_error,
    link_drift,
    literal_drift,
    method_drift,
    page_missing,
    page_unpaired,
    path_outside_tree,
    payload_drift,
    payload_value_drift,
    placeholder_translated,
    published_drift,
    sample_disagreement,
    sample_missing,
    sample_syntax,
    spec_auth,
    spec_block_mismatch,
    spec_body,
    spec_query,
    spec_ref_drift,
    spec_response,
    spec_status,
    spec_unknown_operation,
    spec_unreadable,
    status_drift,
    structure_drift,
    tag_attribute,
    tag_misnested,
    tag_unbalanced,
    tag_unknown,
    tag_unterminated,
    translation_leftover,
    translation_only,
    translation_outdated,
)
from checker.rules.base import KINDS, PageRule, Rule, SetRule, SpecRule

# Every rule, in the order `sampledrift rules` (and SARIF's rule index) lists them.
ALL_RULES: tuple[Rule, ...] = (
    tag_unterminated, tag_unbalanced, tag_misnested, tag_unknown, tag_attribute, fence_unclosed,
    file_unreadable, input_too_large, sample_syntax, sample_disagreement, spec_block_mismatch,
    front_matter_broken, translation_leftover, continuation_lost, page_missing, sample_missing,
    structure_drift, endpoint_drift, method_drift, payload_drift, payload_value_drift, header_drift,
    status_drift, placeholder_translated, spec_ref_drift, published_drift, email_obfuscated,
    link_drift, front_matter_drift, translation_only, page_unpaired, spec_unreadable, path_outside_tree,
    spec_unknown_operation, spec_body, spec_status, spec_auth, spec_query, internal_error,
    translation_outdated,
    data_drift, data_value_drift,
    spec_response,
    disable_unknown_rule,
    code_drift, literal_drift,
)
BY_ID: dict[str, Rule] = {rule.ID: rule for rule in ALL_RULES}


def fixable(finding: Finding, kind: FileKind | None) -> bool:
    """Whether `sampledrift fix` can make the finding's repair: a FIXABLE rule's
    finding carrying its edits, on a GitBook source page (`kind`: its page's;
    a published rendering is never written, its source is fixed)."""
    rule = BY_ID.get(finding.rule)
    return bool(finding.edits) and rule is not None and rule.FIXABLE and kind is FileKind.SOURCE


def _of_kind(kind: str) -> tuple[Any, ...]:
    """The rules of one kind, in registry order (typed where assigned: mypy
    cannot narrow a module to its kind's protocol by its `KIND`)."""
    return tuple(rule for rule in ALL_RULES if kind == rule.KIND)


def _check_declarations() -> None:
    """A declaration naming no kind or rule would silently do nothing: fail at import."""
    for rule in ALL_RULES:
        unknown = (({rule.KIND} | rule.SUPERSEDED_BY) - set(KINDS)) | (rule.LEAVES_TO - set(BY_ID))
        if unknown:
            raise ValueError(f"rule {rule.ID} declares {sorted(unknown)}: no such kind or rule")


_check_declarations()
PAGE_RULES: tuple[PageRule, ...] = _of_kind("page")
SET_RULES: tuple[SetRule, ...] = _of_kind("set")
SPEC_RULES: tuple[SpecRule, ...] = _of_kind("spec")
ENGINE_RULES: tuple[Rule, ...] = _of_kind("engine")
