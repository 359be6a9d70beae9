"""Which files are GitBook sources and which are published renderings, from
their content (their names often say nothing: `003_ac1db5fcb0f0be27.txt`)."""

from __future__ import annotations

import posixpath
import re

from checker.model import FileKind

NAVIGATION_FILES = frozenset({"summary.md", "langs.md"})
_FENCE = re.compile(r"^\s{0,3}(```|~~~)", re.MULTILINE)
_CLOSED_TAG_LINE = re.compile(r"^\s*\{%-?\s*[A-Za-z][\w-]*[^\n]*%\}", re.MULTILINE)
_HTML = re.compile(r"^\s*(<!doctype html|<html|<head|<body)", re.IGNORECASE)


def detect_kind(path: str, text: str) -> FileKind:
    name = posixpath.basename(path).lower()
    if name in NAVIGATION_FILES:
        return FileKind.NAVIGATION
    if _HTML.match(text[:2048]):
        return FileKind.PUBLISHED
    if _FENCE.search(text) or _CLOSED_TAG_LINE.search(text):
        return FileKind.SOURCE
    # No fence and no whole tag: a Markdown page of prose, or the site's text.
    return FileKind.SOURCE if name.endswith((".md", ".markdown")) else FileKind.PUBLISHED
