"""One file on disk -> one Page: read, decode, tell its kind, parse."""

from __future__ import annotations

import codecs

from checker.model import DocFile, FileKind, Issue, Page
from checker.parse.gitbook import parse_source
from checker.parse.kinds import detect_kind
from checker.parse.rendered import parse_rendered


def decode(data: bytes) -> str:
    """Text of a file: UTF-8 (a BOM is dropped) or UTF-16 with its BOM.

    Raises UnicodeDecodeError for anything else; we do not guess encodings,
    because a guessed one would report wrong columns and mangle code.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    return data.decode("utf-8")


def split_lines(text: str) -> list[str]:
    """Lines as markdown-it counts them: CRLF and lone CR end a line too."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def unreadable(file: DocFile, line: int, column: int, message: str) -> Page:
    page = Page(file=file, kind=FileKind.SOURCE, lines=[])
    page.issues.append(Issue("unreadable", line, column, message))
    return page


def parse_file(file: DocFile) -> Page:
    try:
        with open(file.fs_path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return unreadable(file, 1, 1, f"cannot read the file: {error.strerror or error}")
    try:
        text = decode(data)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return unreadable(file, line, column,
                          f"not UTF-8 text (byte 0x{data[error.start]:02x} at line {line}); "
                          f"save the file as UTF-8")
    return parse_text(file, text)


def parse_text(file: DocFile, text: str) -> Page:
    lines = split_lines(text)
    kind = detect_kind(file.path, text)
    if kind is FileKind.PUBLISHED:
        return parse_rendered(file, lines)
    page = parse_source(file, lines)
    page.kind = kind
    return page
