"""Input beyond the limits sampledrift reads safely: a page over the size limit, or a line over the length cap.

A page larger than `max_page_size` bytes (config, default 4 MiB) is read only
as far as is safe: the whole lines of its first `max_page_size` bytes are
checked, the rest is not. A line longer than `max_line_length` characters
(default 20,000) is still read by the tag and fence rules, but skipped by the
rules that search lines with regular expressions (email-obfuscated,
placeholder-translated): each such line is reported once. Real documentation
has neither; a generated or minified file checked by mistake has both. Raise
the limits in the config when a page really is that large.
"""  # noqa: E501 - the rule's docs as shown (SARIF, `sampledrift rules ID`): kept as written

from __future__ import annotations

from collections.abc import Iterator

from checker.model import Page
from checker.rules.base import Hit

ID = "input-too-large"
SEVERITY = "warning"
SUMMARY = "a page over the size limit, or a line over the length cap, is only partly checked"
KIND = "page"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

PASS = "# Title\n\nA page of ordinary length, with ordinary lines.\n"
FAIL = "# Title\n\n" + "x" * 20_001 + "\n"

KINDS = ("page-too-large", "line-too-long")


def check(page: Page) -> Iterator[Hit]:
    for issue in page.issues:
        if issue.kind in KINDS:
            yield Hit(issue.line, issue.message, issue.column, fingerprint_key=issue.kind)


def long_lines(page: Page) -> frozenset[int]:
    """Numbers of the page's lines the regex rules skip: too long to search safely."""
    return frozenset(i.line for i in page.issues if i.kind == "line-too-long")
