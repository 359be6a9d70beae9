"""A published page shows `[email protected]` where the source has an address.

Cloudflare's email obfuscation replaces addresses in the served HTML; the
published text then shows `[email protected]` inside the code a reader
copies. The source is right and the request is the same, so this is only
information: the site's code blocks show a broken value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.extract.placeholders import OBFUSCATED_EMAIL, OBFUSCATED_EMAIL_PATTERN
from checker.model import FileKind, Page
from checker.rules.base import Hit
from checker.rules.crosslocale import SetContext
from checker.rules.input_too_large import long_lines

ID = "email-obfuscated"
SEVERITY = "info"
SUMMARY = "a published page shows `[email protected]` where the source has an address"
KIND = "set"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset({"input-too-large"})

PASS = {
    "fr/a.md": "## Login\n\n```bash\ncurl -d '{\"login\": \"user@example.com\"}' https://api.example.com/login\n```\n",
    "fr/a.txt": "Login\n\ncurl -d '{\"login\": \"user@example.com\"}' https://api.example.com/login\n",
}
FAIL = {
    "fr/a.md": "## Login\n\n```bash\ncurl -d '{\"login\": \"user@example.com\"}' https://api.example.com/login\n```\n",
    "fr/a.txt": "Login\n\ncurl -d '{\"login\": \"[email protected]\"}' https://api.example.com/login\n",
}

# Starts only where a run of address characters starts, and takes runs
# possessively: a long line of `a` is read once, not once per position.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+")


def _searched(page: Page) -> Iterator[str]:
    """The page's lines short enough to search (input-too-large reports the others)."""
    skipped = long_lines(page)
    return (line for number, line in enumerate(page.lines, 1) if number not in skipped)


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    for _, pages in sorted(ctx.page_set.pages.items()):
        published_pages = [p for p in pages if p.kind is FileKind.PUBLISHED]
        source = next((p for p in pages if p.kind is FileKind.SOURCE), None)
        # Most locales have no published rendering: their source is never searched.
        if not published_pages or source is None or \
                not any(_EMAIL.search(line) for line in _searched(source)):
            continue
        for published in published_pages:
            skipped = long_lines(published)
            for number, line in enumerate(published.lines, 1):
                if number in skipped:
                    continue  # input-too-large reports it
                shown = OBFUSCATED_EMAIL_PATTERN.search(line)
                if shown:
                    column = shown.start()
                    yield published, Hit(
                        number, f"the published page shows `{OBFUSCATED_EMAIL}` where the source "
                        f"({source.path}) has an address: the site's email obfuscation breaks "
                        f"the value readers copy", column + 1, fingerprint_key=line.strip())
