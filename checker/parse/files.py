"""One file on disk -> one Page: read, decode, tell its kind, parse."""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass

from checker.config import DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_PAGE_SIZE
from checker.confine import open_regular
from checker.model import DocFile, FileKind, Issue, Page
from checker.parse.gitbook import parse_source
from checker.parse.kinds import detect_kind
from checker.parse.rendered import parse_rendered


@dataclass(frozen=True)
class Limits:
    """What sampledrift reads safely (the config's `max_page_size` and
    `max_line_length`): a plain value, so it travels to worker processes."""

    max_page_size: int = DEFAULT_MAX_PAGE_SIZE      # bytes read of a page
    max_line_length: int = DEFAULT_MAX_LINE_LENGTH  # characters the regex rules read of a line


def decode(data: bytes, final: bool = True) -> str:
    """Text of a file: UTF-8 (a BOM is dropped) or UTF-16 with its BOM.

    Raises UnicodeDecodeError for anything else; we do not guess encodings,
    because a guessed one would report wrong columns and mangle code.
    With `final` False, the data is a file's first bytes: a character they
    cut in two is left out, not an error.
    """
    if data.startswith(codecs.BOM_UTF8):
        data, encoding = data[len(codecs.BOM_UTF8):], "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    return codecs.getincrementaldecoder(encoding)().decode(data, final)


def split_lines(text: str) -> list[str]:
    """Lines as markdown-it counts them: CRLF and lone CR end a line too."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def unreadable(file: DocFile, line: int, column: int, message: str) -> Page:
    page = Page(file=file, kind=FileKind.SOURCE, lines=[])
    page.issues.append(Issue("unreadable", line, column, message))
    return page


def parse_file(file: DocFile, limits: Limits = Limits()) -> Page:
    """A file's page. Of a file over `max_page_size`, only the whole lines of its
    first `max_page_size` bytes are read (and an issue says so): the rest is
    never read into memory."""
    try:
        with open_regular(file.fs_path) as handle:
            data = handle.read(limits.max_page_size + 1)
            size = os.fstat(handle.fileno()).st_size
    except OSError as error:
        return unreadable(file, 1, 1, f"cannot read the file: {error.strerror or error}")
    cut = len(data) > limits.max_page_size
    data = data[:limits.max_page_size]
    try:
        text = decode(data, final=not cut)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return unreadable(file, line, column,
                          f"not UTF-8 text (byte 0x{data[error.start]:02x} at line {line}); "
                          f"save the file as UTF-8")
    if not cut:
        return parse_text(file, text, limits)
    page = parse_text(file, _whole_lines(text), limits)
    page.issues.insert(0, Issue("page-too-large", 1, 1, _too_large(max(size, len(data) + 1), page, limits)))
    return page


def _whole_lines(text: str) -> str:
    """The text up to its last line end, so no line is cut in two (all of it
    when it has no line end)."""
    end = max(text.rfind("\n"), text.rfind("\r"))
    return text[:end + 1] if end >= 0 else text


def _too_large(size: int, page: Page, limits: Limits) -> str:
    lines = len(page.lines) - (page.lines[-1:] == [""])  # a last line end starts no line
    return (f"the page is {size:,} bytes, over the `max_page_size` of {limits.max_page_size:,}: "
            f"only its first {lines:,} lines are checked")


def parse_text(file: DocFile, text: str, limits: Limits = Limits()) -> Page:
    lines = split_lines(text)
    kind = detect_kind(file.path, text)
    if kind is FileKind.PUBLISHED:
        page = parse_rendered(file, lines)
    else:
        page = parse_source(file, lines)
        page.kind = kind
    page.issues.extend(_long_lines(lines, limits.max_line_length))
    return page


def _long_lines(lines: list[str], cap: int) -> list[Issue]:
    """Lines over the cap, which the regex rules skip: each reported once."""
    return [Issue("line-too-long", number, cap + 1,
                  f"line {number} is {len(text):,} characters long, over the `max_line_length` of "
                  f"{cap:,}: it is skipped by the regex rules")
            for number, text in enumerate(lines, 1) if len(text) > cap]
