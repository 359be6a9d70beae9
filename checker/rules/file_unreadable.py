"""A documentation file that cannot be read: not UTF-8 text, or no permission.

Nothing in such a file is checked, so it is reported rather than skipped.
UTF-8 (with or without a BOM) and UTF-16 with a BOM are read; other encodings
are not guessed, because a wrong guess would mangle code and columns.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.model import Page
from checker.rules.base import Hit

ID = "file-unreadable"
SEVERITY = "error"
SUMMARY = "a documentation file that cannot be read or decoded"
KIND = "page"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

PASS = "# Titre\n\nDu texte en UTF-8 : é, 中文.\n"
FAIL = "# Titre\n\nDu texte en Latin-1 : \xe9.\n".encode("latin-1")


def check(page: Page) -> Iterator[Hit]:
    for issue in page.issues:
        if issue.kind == "unreadable":
            yield Hit(issue.line, issue.message, issue.column, fingerprint_key="unreadable")
