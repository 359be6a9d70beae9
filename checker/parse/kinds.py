"""Which files are GitBook sources and which are published renderings, from
their content (their names often say nothing: `003_ac1db5fcb0f0be27.txt`, and
a text dump of the site may be saved as `.md`).

The evidence, strongest first:

1. HTML (`<!doctype html>`, `<html>`, ...): the site as the browser got it.
2. A code fence: a source (or the site's `.md` export, which is Markdown with
   its own header and footer). The published site shows no fence markers.
3. GitBook's interface in the text ("Powered by GitBook", "Last updated ...",
   "On this page", a `•` navigation tree): a dump of the published site.
4. Code standing unfenced at the start of a line (`curl -X POST \\`,
   `import requests`, `const x = ...`): published, since a source fences its
   code (an indented code block is indented, and is not looked at).
5. Markdown structure: a whole `{% tag %}` line, a source; an ATX heading,
   a source when the file is named so (`.md`, `.markdown`). In a file named
   otherwise, `# Constraints` may be a line of a prompt or a script the
   published page shows bare, and a source without one fence nor tag is
   rarely saved under another name.
6. Nothing either way (a page of prose): the extension decides, `.md` and
   `.markdown` are sources. Prose parses the same either way.
"""

from __future__ import annotations

import posixpath
import re

from checker.model import FileKind
from checker.parse.rendered import looks_like_html, starts_code

NAVIGATION_FILES = frozenset({"summary.md", "langs.md"})
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)", re.MULTILINE)
# `[^\S\n]`, not `\s`: a `^\s*` at every line start would run over all the blank
# lines below it, quadratic in a page of blank lines.
_CLOSED_TAG_LINE = re.compile(r"^[^\S\n]*\{%-?[^\S\n]*[A-Za-z][^\n]*%\}", re.MULTILINE)
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE)
_SITE_UI = re.compile(r"^[^\S\n]*(?:Powered by GitBook|On this page|Last updated\b[^\n]{0,60})[^\S\n]*$",
                      re.MULTILINE)
_NAV_BULLET = re.compile(r"^[^\S\n]*•\s", re.MULTILINE)
_UNINDENTED = re.compile(r"^\S[^\n]*", re.MULTILINE)


def detect_kind(path: str, text: str) -> FileKind:
    name = posixpath.basename(path).lower()
    if name in NAVIGATION_FILES:
        return FileKind.NAVIGATION
    if looks_like_html(text):
        return FileKind.PUBLISHED
    if _FENCE.search(text):
        return FileKind.SOURCE
    if _SITE_UI.search(text) or len(_NAV_BULLET.findall(text, 0, 200_000)) >= 3:
        return FileKind.PUBLISHED
    if _unfenced_code(text):
        return FileKind.PUBLISHED
    markdown_named = name.endswith((".md", ".markdown"))
    if _CLOSED_TAG_LINE.search(text) or (markdown_named and _ATX_HEADING.search(text)):
        return FileKind.SOURCE
    return FileKind.SOURCE if markdown_named else FileKind.PUBLISHED


def _unfenced_code(text: str) -> bool:
    """A line at column 0 that can only be code: the text has no fences (checked
    before), so that code stands bare, as on the published site."""
    return any(starts_code(match.group(0)) for match in _UNINDENTED.finditer(text))
