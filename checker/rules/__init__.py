"""The registry of rules: one module each, in the order `sampledrift rules` lists them."""

from __future__ import annotations

from types import ModuleType

from checker.rules import (
    fence_unclosed,
    file_unreadable,
    sample_disagreement,
    sample_syntax,
    tag_attribute,
    tag_misnested,
    tag_unbalanced,
    tag_unknown,
    tag_unterminated,
)

# Rules whose `check(page)` reads one page at a time.
PAGE_RULES: tuple[ModuleType, ...] = (
    tag_unterminated, tag_unbalanced, tag_misnested, tag_unknown, tag_attribute,
    fence_unclosed, file_unreadable, sample_syntax, sample_disagreement,
)

ALL_RULES: tuple[ModuleType, ...] = PAGE_RULES
BY_ID: dict[str, ModuleType] = {rule.ID: rule for rule in ALL_RULES}
