"""A source page as bytes on disk: its lines, and how to write them back unchanged around an edit.

`sampledrift fix` edits the lines the parser saw (checker/parse/files.py
`split_lines`: CRLF, CR and LF each end a line) and must write every other
byte as it was: the BOM, the encoding (UTF-8, or UTF-16 in its byte order)
and each line's own ending. So a file is kept as its lines and the ending
after each; an edited line keeps the ending of the line it replaces, a new
line takes the file's most common one.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass

from checker.model import Edit

_LINE_END = re.compile(r"(\r\n|\r|\n)")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass(frozen=True)
class SourceText:
    """A text file's lines, the ending after each ("" after the last), and its encoding."""

    lines: tuple[str, ...]
    ends: tuple[str, ...]
    bom: bytes = b""
    codec: str = "utf-8"

    @classmethod
    def decode(cls, data: bytes) -> SourceText:
        """Raises UnicodeDecodeError as the parser does (it reads the same encodings)."""
        bom, codec = next(((b, c) for b, c in _BOMS if data.startswith(b)), (b"", "utf-8"))
        parts = _LINE_END.split(data[len(bom):].decode(codec))
        return cls(tuple(parts[0::2]), (*parts[1::2], ""), bom, codec)

    def encode(self) -> bytes:
        return self.bom + "".join(line + end for line, end in zip(self.lines, self.ends, strict=True)).encode(
            self.codec, "surrogatepass")

    @property
    def newline(self) -> str:
        """The file's most common line ending (LF for a file of one line)."""
        counts = Counter(end for end in self.ends if end)
        return max(sorted(counts), key=counts.__getitem__) if counts else "\n"

    def edited(self, edits: tuple[Edit, ...] | list[Edit]) -> SourceText:
        """The file with `edits` made (they must not overlap), last first so lines stay put."""
        lines, ends = list(self.lines), list(self.ends)
        newline = self.newline
        for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
            start, end = edit.start - 1, edit.end - 1
            old_ends = ends[start:end]
            new_ends = [old_ends[i] if i < len(old_ends) and old_ends[i] else newline
                        for i in range(len(edit.lines))]
            reaches_end, last = end == len(lines), ends[-1]
            if start == end == len(lines) and lines:
                ends[-1] = ends[-1] or newline   # lines added after the last one: it ends now
            lines[start:end] = edit.lines
            ends[start:end] = new_ends
            if reaches_end and lines:
                ends[-1] = last   # whatever is last now ends as the last line did ("" for none)
        return SourceText(tuple(lines), tuple(ends), self.bom, self.codec)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_atomically(path: str, data: bytes) -> None:
    """Replace `path` with `data`: a temporary file beside it, flushed to disk,
    renamed over it (a reader sees the old file or the new one, never half),
    keeping the file's permission bits."""
    folder = os.path.dirname(os.path.abspath(path))
    mode = os.stat(path).st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".sampledrift-fix-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
