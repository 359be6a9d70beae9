"""The registry of rules: one module each, in the order `sampledrift rules` lists them."""

from __future__ import annotations

from types import ModuleType

from checker.rules import (
    continuation_lost,
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
    method_drift,
    page_missing,
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
)

# Rules whose `check(page)` reads one page at a time.
PAGE_RULES: tuple[ModuleType, ...] = (
    tag_unterminated, tag_unbalanced, tag_misnested, tag_unknown, tag_attribute,
    fence_unclosed, file_unreadable, input_too_large, sample_syntax, sample_disagreement,
    spec_block_mismatch, front_matter_broken, translation_leftover, continuation_lost,
)

# Rules whose `check(ctx)` reads one page across its locales (a SetContext).
SET_RULES: tuple[ModuleType, ...] = (
    page_missing, sample_missing, structure_drift, endpoint_drift, method_drift,
    payload_drift, payload_value_drift, header_drift, status_drift, placeholder_translated,
    spec_ref_drift, published_drift, email_obfuscated, link_drift, front_matter_drift,
    translation_only,
)

# Rules whose `check(page, specs)` reads one page with the run's SpecSources.
SPEC_RULES: tuple[ModuleType, ...] = (
    spec_unreadable, path_outside_tree, spec_unknown_operation, spec_body, spec_status, spec_auth, spec_query,
)

# Findings the engine itself gives around the rules above (never run on a page).
ENGINE_RULES: tuple[ModuleType, ...] = (internal_error,)

ALL_RULES: tuple[ModuleType, ...] = PAGE_RULES + SET_RULES + SPEC_RULES + ENGINE_RULES
BY_ID: dict[str, ModuleType] = {rule.ID: rule for rule in ALL_RULES}
