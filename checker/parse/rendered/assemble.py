"""Lines into code blocks, in one pass: brackets, strings and `\\` continuations
carry a block over lines that look like nothing; blank lines inside a block do
not end it."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from checker import languages
from checker.model import Fence
from checker.parse.rendered.labels import CHROME
from checker.parse.rendered.python_indent import lost_indentation, reindent_python
from checker.parse.rendered.shapes import (
    CONTINUE,
    START,
    WEAK,
    Shape,
    is_json,
    is_sentence,
    line_shape,
    reads_as_prose,
)

_PAIRS = {")": "(", "]": "[", "}": "{"}
# A block of no known language: the strings that span lines in the languages
# it may be (JavaScript's template, Python's triple quotes), `\` continuing a line.
_UNKNOWN = languages.Language(name="", display="", continuation="\\",
                              spanning_quotes={"`": "`", "'''": "'''", '"""': '"""'})
_HEREDOC = re.compile(r"<<-?\s*['\"]?([A-Za-z_]\w*)['\"]?")


class _Scanner:
    """Open brackets, strings, comments and continuations after the lines fed.

    Single and double quotes end at the end of the line in JavaScript, Python
    and JSON (they cannot span lines there), so an apostrophe in a comment
    never swallows the page; in shell they do span lines (`-d '{ ... }'`).
    """

    def __init__(self, language: str | None) -> None:
        self.language = language
        self.stack: list[str] = []
        self.quote: str | None = None
        self.block_comment = False
        self.continued = False
        self.heredoc: str | None = None

    @property
    def open(self) -> bool:
        return bool(self.stack or self.quote or self.block_comment or self.continued
                    or self.heredoc)

    def closed_after(self, text: str) -> bool:
        """Whether nothing would be open once `text` is fed (this scanner
        stays as it is)."""
        probe = copy.copy(self)
        probe.stack = list(self.stack)
        probe.feed(text)
        return not probe.open

    def ends_at(self, stripped: str) -> bool:
        """Whether a line cannot be inside what is open, so the block was
        broken before it (a bracket or a quote never closed).

        Inside a long string, a block comment or a here-document anything
        goes. A shell string (`-d '{ ... }'`) holds data, never a sentence of
        prose or a GitBook tag. Between brackets, a line that reads as prose
        is prose: the code lines there are keys, values and arguments."""
        if self.block_comment or self.heredoc or (self.quote and self.spans(self.quote)):
            return False
        if stripped.startswith("{%"):
            return True
        if self.quote:
            return is_sentence(stripped)
        return is_sentence(stripped) or reads_as_prose(stripped)

    @property
    def rules(self) -> languages.Language:
        """How the block's language writes strings and continuations."""
        return languages.get(self.language) or _UNKNOWN

    def spans(self, closer: str) -> bool:
        return closer in self.rules.spanning_quotes.values()

    def _opener(self, text: str, i: int) -> tuple[str, str] | None:
        """The string opening at `i`: (opener, closer), the longest opener first."""
        for opener, closer in sorted(self.rules.spanning_quotes.items(), key=lambda q: -len(q[0])):
            if text.startswith(opener, i):
                return opener, closer
        return (text[i], text[i]) if text[i] in "\"'`" else None

    def feed(self, text: str) -> None:
        if self.heredoc is not None:
            if text.strip() == self.heredoc:
                self.heredoc = None
            return
        language = self.language
        rules = self.rules
        markers = languages.line_comments(language)
        # A block of no known language may use either (`#` only when it has none at all).
        hash_comments = "#" in markers if markers is not None else language is None
        slash_comments = "//" in markers if markers is not None else True
        i, n = 0, len(text)
        while i < n:
            char = text[i]
            if self.block_comment:
                close = text.find("*/", i)
                if close < 0:
                    return
                self.block_comment, i = False, close + 2
                continue
            if self.quote is not None:
                if char == rules.escape and not (language == "bash" and self.quote == "'"):
                    i += 2
                    continue
                if text.startswith(self.quote, i):
                    i += len(self.quote)
                    self.quote = None
                    continue
                i += 1
                continue
            if char in "([{":
                self.stack.append(char)
            elif char in ")]}":
                if self.stack and self.stack[-1] == _PAIRS[char]:
                    self.stack.pop()
            elif char in "\"'`@" and (quote := self._opener(text, i)) is not None:
                opener, self.quote = quote
                i += len(opener)
                continue
            elif (char == "#" and hash_comments and (i == 0 or text[i - 1].isspace())
                  or char == "/" and slash_comments and text.startswith("//", i)):
                break   # a comment runs to the end of the line
            elif char == "/" and slash_comments and text.startswith("/*", i):
                self.block_comment, i = True, i + 2
                continue
            i += 1
        stripped = text.rstrip()
        self.continued = bool(rules.continuation) and stripped.endswith(rules.continuation) \
            and self.quote is None
        if self.quote is not None and not self.spans(self.quote):
            self.quote = None   # an apostrophe, or a string that cannot span lines
        if language == "bash" and self.quote is None:
            heredoc = _HEREDOC.search(text)
            self.heredoc = heredoc.group(1) if heredoc else None


# --------------------------------------------------------------------------
# The block assembler
# --------------------------------------------------------------------------

@dataclass
class _Span:
    start: int                 # 0-based index of the first code line
    end: int                   # 0-based index of the last code line
    language: str
    # The part of a line the block holds, where it holds only part of it: the
    # end of one tab panel and the start of the next, run together on one line.
    texts: dict[int, str] = field(default_factory=dict)


class _Open:
    """A block being assembled."""

    def __init__(self, shape: Shape) -> None:
        self.lines: list[int] = []
        self.texts: dict[int, str] = {}   # index -> the text taken from that line
        self.language = shape.language
        self.scanner = _Scanner(shape.language)
        self.has_body = not shape.head
        self.votes: dict[str, int] = {}

    def take(self, index: int, text: str, shape: Shape | None) -> None:
        self.lines.append(index)
        self.texts[index] = text
        self.scanner.feed(text)
        if shape is None:
            return
        if shape.language and (not self.language or shape.language == "typescript"):
            self.language = shape.language   # TypeScript is JavaScript with more to say
            self.scanner.language = shape.language
        for vote in (shape.language, shape.hint):
            if vote:
                self.votes[vote] = self.votes.get(vote, 0) + 1
        if shape.kind is not WEAK and not shape.head:
            self.has_body = True

    def accepts(self, shape: Shape, stripped: str, after_blank: bool) -> bool:
        """Whether a line at bracket depth 0 goes on with this block."""
        if self.language == "http" and _HTTP_HEADER.match(stripped) and not after_blank:
            return True    # `Authorization: Bearer x` under `GET /path`
        if shape.kind not in (START, CONTINUE) or self.language == "json":
            return False   # a JSON value is complete once its brackets close
        if self.language == "html":
            return True    # the script or style an HTML snippet holds is part of it
        if stripped == "{" and self.language not in (None, "http") and self.has_body:
            return True    # a brace on its own line opens the body above it (C#, Java)
        if shape.kind is START and shape.language and self.language and (
                languages.family(shape.language) != languages.family(self.language)):
            return False   # `import requests` after a JavaScript block: a new sample
        # (A line that only continues a block, `.post("...")`, continues this
        # one, whichever language also writes it.)
        # An import (or a new curl command) once the block has done something
        # is how the next sample begins: after a blank line, or at once for
        # the imports of Python and JavaScript, which come before the code.
        if shape.head and self.has_body:
            # (Not where a Python suite opened on the line above: `import json`
            # under `def main():` is the function's first line.)
            return not (after_blank or shape.language in ("python", "javascript")) or self._opens_suite()
        return True

    def _opens_suite(self) -> bool:
        """Whether the block's last line ends a Python header (`def main():`)."""
        if self.language != "python" or not self.lines:
            return False
        return self.texts[self.lines[-1]].split(" #")[0].rstrip().endswith(":")

    def language_at_close(self, code: list[str]) -> str:
        """The language the block showed, or the one it parses in."""
        if self.language:
            return self.language
        if self.votes:
            return max(self.votes, key=self.votes.__getitem__)
        return "python" if reindent_python(dedent(code)) is not None else ""


_HTTP_HEADER = re.compile(r"^[A-Za-z][\w-]*:\s*\S")


class Assembler:
    """Lines -> code spans, in one pass.

    Lines whose fate depends on what follows (blank lines, comments) wait in
    `pending` until a line decides: a code line takes them into the block, a
    prose line ends the block without them.
    """

    def __init__(self, lines: list[str], labels: list[str | None]) -> None:
        self.lines = lines
        self.labels = labels
        self.spans: list[_Span] = []
        self.block: _Open | None = None
        self.pending: list[int] = []
        self.rests: dict[int, str] = {}   # a shared line's part after its joint

    def run(self) -> list[_Span]:
        for index, text in enumerate(self.lines):
            if self.labels[index] == CHROME:
                self._close()
                continue
            split = None
            scanner = self._scanner_for(text)
            if scanner is not None:
                following = self.lines[index + 1] if index + 1 < len(self.lines) else ""
                # A declaration of the block's own language starts a panel only
                # after a line of it (on its first line, `a = 1;const b = 2;` is
                # as likely two statements of one sample).
                closed = scanner.closed_after if self.block is not None else None
                split = run_together(text, scanner.language, following, closed)
            if split is not None:
                # Two tab panels on one line: the end of this block, then the next one.
                self._line(index, text[:split])
                self._close()
                text = self.rests[index] = text[split:]
            self._line(index, text)
        self._close()
        return self.spans

    def _scanner_for(self, text: str) -> _Scanner | None:
        """What reads a line that may hold two samples: the open block's
        scanner, or a new one where the line starts a block (a one-line
        panel run into the next: `curl ... -d '{}'import requests`)."""
        if self.block is not None:
            return self.block.scanner
        shape = line_shape(text.strip())
        return _Scanner(shape.language) if shape.kind is START else None

    def _line(self, index: int, text: str) -> None:
        stripped = text.strip()
        block = self.block
        if block is not None and block.scanner.open:
            if not stripped:
                block.scanner.continued = False   # a blank line ends a `\` continuation
                self.pending.append(index)
                return
            if not block.scanner.ends_at(stripped):
                self._take(index, text, None)
                return
            self._close()   # an open bracket met prose or a tag: the block was broken
            block = None
        if not stripped:
            if block is None:
                self.pending.clear()   # a comment then a blank line opens nothing
            else:
                self.pending.append(index)
            return
        shape = line_shape(stripped)
        if shape.kind is WEAK:
            self.pending.append(index)
            return
        if block is not None:
            after_blank = any(not self.lines[i].strip() for i in self.pending)
            if after_blank and block.language == "bash" and self.pending \
                    and self._text(self.pending[-1]).strip().startswith("#"):
                # `# Then with options` right above the next command: a
                # script's steps, one sample (a panel that starts with a
                # comment runs into the one above, see `run_together`).
                after_blank = False
            if block.accepts(shape, stripped, after_blank):
                self._take(index, text, shape)
                return
            self._close()
        if shape.kind is START:
            self._open(index, text, shape)
        else:
            self.pending.clear()

    def _take(self, index: int, text: str, shape: Shape | None) -> None:
        assert self.block is not None
        for waiting in self.pending:
            self.block.take(waiting, self._text(waiting), line_shape(self._text(waiting).strip()))
        self.pending.clear()
        self.block.take(index, text, shape)

    def _open(self, index: int, text: str, shape: Shape) -> None:
        # Comments right above the first statement belong to the sample.
        leading = []
        for waiting in reversed(self.pending):
            if not self._text(waiting).strip():
                break
            leading.append(waiting)
        self.pending.clear()
        self.block = _Open(shape)
        for waiting in reversed(leading):
            self.block.take(waiting, self._text(waiting), None)
        self.block.take(index, text, shape)

    def _text(self, index: int) -> str:
        """What of line `index` a block may take: all of it, or its part after
        the joint where the block before ended on it."""
        return self.rests.get(index, self.lines[index])

    def _close(self) -> None:
        block, self.block = self.block, None
        self.pending.clear()
        if block is None:
            return
        code = [i for i in block.lines if block.texts[i].strip()]
        if not code:
            return
        if len(code) == 1 and block.language in (None, "html"):
            return   # `sign_up()` in a hint, a lone `</details>`: words of the page, not a sample
        texts = [block.texts.get(i, self.lines[i]) for i in range(code[0], code[-1] + 1)]
        language = block.language_at_close(texts)
        parts = {i: block.texts[i] for i in (code[0], code[-1]) if block.texts[i] != self.lines[i]}
        self.spans.append(_Span(code[0], code[-1], language, parts))


# Where a line may hold the end of one sample and the start of the next: just
# after a closing bracket or quote, at a letter (`}'const signUp = ...`,
# `print(data)curl -X GET`) or a comment (`};# Upload with cURL`). A line is
# looked at in so many places at most.
_JOINT = re.compile(r"(?<=[)\]}'\"`;])(?:[A-Za-z$<]|#|//)")
_MAX_JOINTS = 16


def run_together(text: str, language: str | None, following: str = "",
                 closed_after: Callable[[str], bool] | None = None) -> int | None:
    """Where a line of a block in `language` ends it and the next sample
    begins (tab panels with nothing between them run together on the
    published page), or None. The start must be a line shape of a language in
    the registry: another language's, or one a sample starts with (an
    import, a `curl` command), or, where `closed_after` says the block has
    nothing open before it, any of its own (`});async function upload() {`);
    or a comment whose `following` line is a start in another language (the
    comment a cURL panel opens with)."""
    for count, joint in enumerate(_JOINT.finditer(text)):
        if count == _MAX_JOINTS:
            break
        start = joint.start()
        rest = text[start:].strip()
        if rest.startswith(("#", "//")):
            shape = line_shape(following.strip())
            if shape.kind is START and shape.language and language and (
                    languages.family(shape.language) != languages.family(language)):
                return start
            continue
        shape = line_shape(rest)
        if shape.kind is START and shape.language and (shape.head or language is None or (
                languages.family(shape.language) != languages.family(language))
                or (closed_after is not None and closed_after(text[:start]))):
            return start
    return None


# --------------------------------------------------------------------------
# Code text, and Python whose indentation was lost
# --------------------------------------------------------------------------

def fence_of(lines: list[str], span: _Span) -> Fence:
    body = [span.texts.get(i, lines[i]) for i in range(span.start, span.end + 1)]
    language = span.language
    if language == "json" and not is_json("\n".join(body)):
        language = "javascript" if any(text.rstrip().endswith(";") for text in body) else "json"
    code = dedent(body)
    lost = False
    if language == "python":
        rebuilt = reindent_python(code)
        lost = rebuilt is None and lost_indentation(code)
        code = rebuilt or code
    return Fence(info="", language=language, text="\n".join(code) + "\n",
                 line=span.start + 1, end_line=span.end + 1, fence_line=span.start + 1,
                 closed=True, marker="", indentation_lost=lost)


def dedent(lines: list[str]) -> list[str]:
    """The lines without the indentation they all share (a dump may indent a
    whole block); lines stay as they are when there is none."""
    indents = [len(text) - len(text.lstrip()) for text in lines if text.strip()]
    common = min(indents, default=0)
    if not common:
        return list(lines)
    return [text[common:] if text.strip() else text.strip(" \t") for text in lines]
