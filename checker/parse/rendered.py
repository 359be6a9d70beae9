"""Published renderings of a page (the site as text or HTML) -> Page.

Fences, tabs and hints are gone from these. What this module recovers:

* which lines are site chrome (navigation tree, "On this page", "Previous /
  Next", "Last updated", the `.md` export's header and footer, the trailing
  table of contents): never a code block, a heading or a tag;
* which lines are code, as blocks (`Fence` with `marker=""`), by a line
  classifier (`_shape`: what a line looks like on its own) and a block
  assembler (`_Assembler`: brackets, strings and `\\` continuations carry a
  block over lines that look like nothing, and blank lines inside a block
  do not end it);
* headings, which are plain short lines in published text;
* GitBook tags that leaked into the page body (`{% endtabs %`), reported by
  the tag rules at their line in the rendered file.

Python whose indentation was lost is re-indented from its structure so that
the extractors can read it with `ast`. An HTML dump is walked with the
standard library's `html.parser`.

Every pass is linear in the number of lines; the regexes are anchored and
have no nested ambiguous repetition.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from dataclasses import dataclass, field
from html.parser import HTMLParser

from checker import languages
from checker.model import DocFile, Fence, FileKind, Heading, Page, Tag
from checker.parse.blocks import build_blocks
from checker.parse.chrome import export_footer_start, export_header_lines
from checker.parse.tags import tags_in_plain_lines

# What a line of a published page is.
BLANK, CHROME, CODE, PROSE = "blank", "chrome", "code", "prose"


_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|main|article)\b",
                         re.IGNORECASE | re.DOTALL)


def looks_like_html(text: str) -> bool:
    """An HTML document (or a dumped `<main>`/`<article>`), from how it begins."""
    return bool(_HTML_START.match(text[:4096]))


def starts_code(line: str) -> bool:
    """Whether an unindented line can only be code (it would open a block)."""
    return _shape(line.strip()).kind is _START


def parse_rendered(file: DocFile, lines: list[str]) -> Page:
    page = Page(file=file, kind=FileKind.PUBLISHED, lines=lines)
    found = read_html(lines) if looks_like_html("\n".join(lines[:50])) else layout(lines)
    page.fences = found.fences
    page.headings = found.headings
    # A tag is a finding only where it stands in the page body: never in
    # chrome, never inside code (a template sample's `{% for %}` is code).
    page.tags = found.tags if found.tags is not None else [
        tag for tag in tags_in_plain_lines(lines, 1, published=True)
        if found.is_body_text(tag.line)]
    page.blocks, page.structure_problems = build_blocks(page.tags)
    return page


@dataclass
class Layout:
    """What a published page is made of, line by line."""

    labels: list[str]                     # one of BLANK, CHROME, CODE, PROSE per line
    fences: list[Fence] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    tags: list[Tag] | None = None         # HTML: the tags of the body's text

    def is_body_text(self, line: int) -> bool:
        return 0 < line <= len(self.labels) and self.labels[line - 1] == PROSE

    def prose(self, lines: list[str]) -> list[str]:
        return [text for text, label in zip(lines, self.labels, strict=False) if label == PROSE]


def layout(lines: list[str]) -> Layout:
    """Chrome, code blocks, prose and headings of a published text page."""
    labels = _chrome_labels(lines)
    spans = _Assembler(lines, labels).run()
    for span in spans:
        for index in range(span.start, span.end + 1):
            labels[index] = CODE if lines[index].strip() else BLANK
    # What no pass labelled is prose (or blank): now every line has a label.
    final = [label if label is not None else PROSE if text.strip() else BLANK
             for text, label in zip(lines, labels, strict=True)]
    _trailing_contents(lines, final)
    headings = _headings(lines, final)
    fences = [_fence(lines, span) for span in spans]
    return Layout(labels=final, fences=fences, headings=headings)


# --------------------------------------------------------------------------
# Chrome
# --------------------------------------------------------------------------

# GitBook's own interface strings, as they show in a text dump of the site.
# They are English whatever the page's language (the seeds in fr and da agree).
_UI_LINE = re.compile(
    r"^\s*(?:Last updated\b.{0,60}|Powered by GitBook|On this page|Was this helpful\?"
    r"|Previous|Next|Previous\S.{0,300}?Next\S.{0,300})\s*$")
_HEADER_MARKER = re.compile(r"^\s*(?:Powered by GitBook|On this page)\s*$")
_BREADCRUMB = re.compile(r"^\s+\d+\.\s+\S")   # "  1. Référence API" under "On this page"
_BULLET = re.compile(r"^\s*[•·▪◦‣]\s")
_NAV_TREE = 8   # bullets that make a navigation tree when no marker says so
_LIST_ITEM = re.compile(r"^\s*(?:[•·▪◦‣*+-]|\d{1,3}[.)])\s")


def _chrome_labels(lines: list[str]) -> list[str | None]:
    """CHROME where a line is the site's and not the page's; None elsewhere."""
    labels: list[str | None] = [None] * len(lines)
    header = max(export_header_lines(lines), _site_header_end(lines))
    for index in range(header):
        labels[index] = CHROME
    footer = export_footer_start(lines)
    if footer is not None:
        for index in range(footer - 1, len(lines)):
            labels[index] = CHROME
    for index, text in enumerate(lines):
        if _UI_LINE.match(text):
            labels[index] = CHROME
    return labels


def _site_header_end(lines: list[str]) -> int:
    """How many lines at the top are the site's header: title bar, language
    switcher, navigation tree, "Powered by GitBook", "On this page" and its
    breadcrumb. Found from its markers; 0 when the page has none.

    The header is made of short lines; the first sentence or code line is the
    page's own, so the scan stops there and never reaches into the body.
    """
    end = 0
    bullets = 0
    markers = 0
    after_marker = False
    for index, text in enumerate(lines):
        stripped = text.strip()
        if _HEADER_MARKER.match(text):
            markers += 1
            end, after_marker = index + 1, True
        elif after_marker and _BREADCRUMB.match(text):
            end = index + 1
        elif _BULLET.match(text):
            bullets += 1
            end, after_marker = index + 1, False
        elif stripped and (_is_sentence(stripped) or _shape(stripped).kind is _START):
            break
        elif stripped:
            after_marker = False
    # With no marker, only a long run of bullets is a navigation tree: a short
    # list under the title is the page's own.
    return end if markers or bullets >= _NAV_TREE else 0


def _trailing_contents(lines: list[str], labels: list[str]) -> None:
    """The "On this page" list a text dump may end with: bullets that repeat
    the page's own short lines (its headings). A bullet list of the page's own
    content does not repeat them, and stays prose."""
    index = len(lines) - 1
    run: list[int] = []
    while index >= 0 and (labels[index] in (BLANK, CHROME) or _BULLET.match(lines[index])):
        if _BULLET.match(lines[index]):
            run.append(index)
        index -= 1
    if not run:
        return
    body = {lines[i].strip() for i in range(index + 1) if labels[i] == PROSE}
    echoed = sum(1 for i in run if _BULLET.sub("", lines[i]).strip() in body)
    if echoed * 2 >= len(run):
        for i in run:
            labels[i] = CHROME


# --------------------------------------------------------------------------
# The line classifier: what one line looks like on its own
# --------------------------------------------------------------------------

_START = languages.START    # code that may open a block
_CODE = languages.CODE      # code that only continues one (a closer, `else:`, an option)
_WEAK = languages.WEAK      # a comment: code if code follows it
_TEXT = "text"      # anything else: prose, or nothing recognisable


@dataclass(frozen=True)
class _Shape:
    kind: str
    language: str | None = None   # a language only this line's syntax has
    head: bool = False            # an import-like line: what a new sample starts with
    hint: str | None = None       # a weaker guess (`;` at the end: JavaScript, or Java...)


_TEXT_SHAPE = _Shape(_TEXT)
_IDENT = r"[A-Za-z_$][\w$]*"
_MEMBER = rf"{_IDENT}(?:\.{_IDENT}|\[[^\]\n]{{0,200}}\])*"

# Shapes of any language, tried after every registered language's own
# (`checker.languages`, in their rank order); the first match wins. Every
# pattern is anchored at the start of the stripped line. (A call statement is
# `_CALL` below, tried after these.)
_GENERIC_SHAPES = tuple((re.compile(pattern), kind, None, False) for pattern, kind in (
    (rf"^(?:self\.|this\.)?{_MEMBER}\s*(?:[-+*/%|&^]|\*\*|//|\?\?)?=(?!=)\s*\S", _START),
    (rf"^{_IDENT}(?:\s*,\s*{_IDENT})+\s*=(?!=)\s*\S", _START),   # `a, b = f()`
    (r"^[\]\)\}]", _CODE),
    (r"^(?:return|yield|raise|pass|break|continue|throw|del|assert)\b(?:\s*[;(\[{'\"\w-]|$)", _CODE),
    (r"^(?:case\s.{1,200}|default\s*):$", _CODE),
    (r"^(?://|/\*|#)", _WEAK),
))


def _shapes() -> tuple[tuple[re.Pattern[str], str, str | None, bool], ...]:
    return languages.published_shapes() + _GENERIC_SHAPES


# A call statement: `sign_up()`, `await fetch(url, {`, `console.log(x);`. It
# must also end like one, so that a sentence opening with `Word(s)` is prose.
_CALL = re.compile(rf"^(?:await\s+|new\s+|return\s+)?{_MEMBER}\(")
_CALL_ENDINGS = (")", ";", "(", "{", "[", ",")
_ONE_LINE_JSON = re.compile(r"^(?:\{.*\}|\[.*\])$")


def _shape(stripped: str) -> _Shape:
    """What a line (without its indentation) looks like, on its own."""
    if not stripped or stripped.startswith("{%"):
        return _TEXT_SHAPE   # a leaked GitBook tag is the page's text, never code
    shape = _TEXT_SHAPE
    code = _without_comment(stripped)   # `if size > 5:  # 5 MB` ends with its colon
    for pattern, kind, language, head in _shapes():
        if pattern.match(code):
            shape = _Shape(kind, language, head, _hint(code))
            break
    else:
        if _CALL.match(code) and code.endswith(_CALL_ENDINGS):
            shape = _Shape(_START, hint=_hint(code))
        elif _ONE_LINE_JSON.match(code) and _is_json(code):
            shape = _Shape(_START, "json")
        elif code.endswith((";", "{")) and ("(" in code or "=" in code):
            shape = _Shape(_CODE, hint=_hint(code))
    if shape.kind in (_START, _CODE) and _reads_as_prose(stripped, shell=shape.language == "bash"):
        return _TEXT_SHAPE   # code-shaped, but a sentence: "limit=10 renvoie dix éléments"
    return shape


_COMMENT_START = re.compile(r"\s(?:#|//)")


def _without_comment(stripped: str) -> str:
    """The line without a trailing `# ...` or `// ...` comment that stands
    outside its quotes (a comment-only line is left alone)."""
    double = single = seen = 0   # quotes before the candidate, counted once
    for match in _COMMENT_START.finditer(stripped):
        double += stripped.count('"', seen, match.start())
        single += stripped.count("'", seen, match.start())
        seen = match.start()
        if double % 2 == 0 and single % 2 == 0:
            return stripped[:seen].rstrip()
    return stripped


def _hint(stripped: str) -> str | None:
    """A weak language guess: a statement ending in `;` is most likely
    JavaScript on an API page (but Java, PHP and C# end so too)."""
    return "javascript" if stripped.endswith(";") else None


_STRING_LITERAL = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|`[^`\n]*`")
_TRAILING_COMMENT = re.compile(r"(?:^|\s)(?://|#)(?:\s|$).*$")
_PLAIN_WORD = re.compile(r"[^\W\d_]+")
# Words that stand between others in code: `for x in y`, `from a import b`.
_KEYWORDS = frozenset(
    ["and", "as", "assert", "async", "await", "break", "case", "catch", "class", "const", "continue",
     "def", "default", "del", "delete", "do", "elif", "else", "except", "export", "extends", "finally",
     "for", "from", "function", "global", "if", "import", "in", "instanceof", "interface", "is",
     "lambda", "let", "new", "nonlocal", "not", "of", "or", "pass", "raise", "return", "static",
     "switch", "this", "throw", "try", "type", "typeof", "var", "void", "while", "with", "yield"])


def _reads_as_prose(stripped: str, shell: bool = False) -> bool:
    """A line that has the shape of code but the words of a sentence, outside
    its strings and comments: letters beyond ASCII (identifiers are ASCII; the
    words of French, Danish, Chinese or Arabic are not), a sentence, or three
    plain words in a row that are not keywords. A shell command is a row of
    words (`sudo apt install nginx`), so for it only the first two count."""
    code = _TRAILING_COMMENT.sub("", _STRING_LITERAL.sub('""', stripped))
    if sum(1 for char in code if ord(char) > 0x7F and char.isalpha()) >= 3:
        return True
    if shell:
        return _is_sentence(stripped)
    run = 0
    for token in code.split():
        if _PLAIN_WORD.fullmatch(token) and token not in _KEYWORDS:
            run += 1
            if run >= 3:
                return True
        else:
            run = 0
    return False


_SENTENCE_END = (".", "!", "?", "。", "！", "？", "…", "।", "؟")
_CODE_CHARS = frozenset("{}[]();=<>`")


def _is_sentence(stripped: str) -> bool:
    """A line of prose in any language: words, no code punctuation, and the
    end of a sentence. (A code line inside a string ends with its quote.)"""
    if not stripped.endswith(_SENTENCE_END) or stripped[0] in "\"'":
        return False
    if any(char in _CODE_CHARS for char in stripped):
        return False
    # Chinese, Japanese or Thai write no spaces between words: count letters.
    letters = sum(1 for char in stripped if ord(char) > 0x7F and char.isalpha())
    return len(stripped.split()) >= 4 or letters >= 6


# --------------------------------------------------------------------------
# Brackets and strings: what carries a block over lines that look like nothing
# --------------------------------------------------------------------------

_PAIRS = {")": "(", "]": "[", "}": "{"}
_LONG_STRINGS = ("`", "'''", '"""')   # strings that span lines outside the shell
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

    def ends_at(self, stripped: str) -> bool:
        """Whether a line cannot be inside what is open, so the block was
        broken before it (a bracket or a quote never closed).

        Inside a long string, a block comment or a here-document anything
        goes. A shell string (`-d '{ ... }'`) holds data, never a sentence of
        prose or a GitBook tag. Between brackets, a line that reads as prose
        is prose: the code lines there are keys, values and arguments."""
        if self.block_comment or self.heredoc or self.quote in _LONG_STRINGS:
            return False
        if stripped.startswith("{%"):
            return True
        if self.quote:
            return _is_sentence(stripped)
        return _is_sentence(stripped) or _reads_as_prose(stripped)

    def feed(self, text: str) -> None:
        if self.heredoc is not None:
            if text.strip() == self.heredoc:
                self.heredoc = None
            return
        language = self.language
        markers = languages.line_comments(language)
        # A block of no known language may use either (`#` only when it has none at all).
        hash_comments = "#" in markers if markers is not None else language is None
        slash_comments = "//" in markers if markers is not None else True
        spanning = ("'", '"', "`") if language == "bash" else _LONG_STRINGS
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
                if char == "\\" and not (language == "bash" and self.quote == "'"):
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
            elif char in "\"'`":
                triple = text[i:i + 3]
                self.quote = triple if language in ("python", None) and triple in ("'''", '"""') else char
                i += len(self.quote)
                continue
            elif (char == "#" and hash_comments and (i == 0 or text[i - 1].isspace())
                  or char == "/" and slash_comments and text.startswith("//", i)):
                break
            elif char == "/" and slash_comments and text.startswith("/*", i):
                self.block_comment, i = True, i + 2
                continue
            i += 1
        stripped = text.rstrip()
        self.continued = stripped.endswith("\\") and self.quote is None
        if self.quote is not None and self.quote not in spanning:
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


class _Open:
    """A block being assembled."""

    def __init__(self, shape: _Shape) -> None:
        self.lines: list[int] = []
        self.language = shape.language
        self.scanner = _Scanner(shape.language)
        self.has_body = not shape.head
        self.votes: dict[str, int] = {}

    def take(self, index: int, text: str, shape: _Shape | None) -> None:
        self.lines.append(index)
        self.scanner.feed(text)
        if shape is None:
            return
        if shape.language and (not self.language or shape.language == "typescript"):
            self.language = shape.language   # TypeScript is JavaScript with more to say
            self.scanner.language = shape.language
        for vote in (shape.language, shape.hint):
            if vote:
                self.votes[vote] = self.votes.get(vote, 0) + 1
        if shape.kind is not _WEAK and not shape.head:
            self.has_body = True

    def accepts(self, shape: _Shape, stripped: str, after_blank: bool) -> bool:
        """Whether a line at bracket depth 0 goes on with this block."""
        if self.language == "http" and _HTTP_HEADER.match(stripped) and not after_blank:
            return True    # `Authorization: Bearer x` under `GET /path`
        if shape.kind not in (_START, _CODE) or self.language == "json":
            return False   # a JSON value is complete once its brackets close
        if shape.language and self.language \
                and languages.family(shape.language) != languages.family(self.language):
            return False   # `import requests` after a JavaScript block: a new sample
        # An import (or a new curl command) once the block has done something
        # is how the next sample begins: after a blank line, or at once for
        # the imports of Python and JavaScript, which come before the code.
        if shape.head and self.has_body:
            return not (after_blank or shape.language in ("python", "javascript"))
        return True

    def language_at_close(self, code: list[str]) -> str:
        """The language the block showed, or the one it parses in."""
        if self.language:
            return self.language
        if self.votes:
            return max(self.votes, key=self.votes.__getitem__)
        return "python" if reindent_python(_dedent(code)) is not None else ""


_HTTP_HEADER = re.compile(r"^[A-Za-z][\w-]*:\s*\S")


class _Assembler:
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

    def run(self) -> list[_Span]:
        for index, text in enumerate(self.lines):
            if self.labels[index] == CHROME:
                self._close()
                continue
            self._line(index, text)
        self._close()
        return self.spans

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
        shape = _shape(stripped)
        if shape.kind is _WEAK:
            self.pending.append(index)
            return
        if block is not None:
            after_blank = any(not self.lines[i].strip() for i in self.pending)
            if block.accepts(shape, stripped, after_blank):
                self._take(index, text, shape)
                return
            self._close()
        if shape.kind is _START:
            self._open(index, text, shape)
        else:
            self.pending.clear()

    def _take(self, index: int, text: str, shape: _Shape | None) -> None:
        assert self.block is not None
        for waiting in self.pending:
            self.block.take(waiting, self.lines[waiting], _shape(self.lines[waiting].strip()))
        self.pending.clear()
        self.block.take(index, text, shape)

    def _open(self, index: int, text: str, shape: _Shape) -> None:
        # Comments right above the first statement belong to the sample.
        leading = []
        for waiting in reversed(self.pending):
            if not self.lines[waiting].strip():
                break
            leading.append(waiting)
        self.pending.clear()
        self.block = _Open(shape)
        for waiting in reversed(leading):
            self.block.take(waiting, self.lines[waiting], None)
        self.block.take(index, text, shape)

    def _close(self) -> None:
        block, self.block = self.block, None
        self.pending.clear()
        if block is None:
            return
        code = [i for i in block.lines if self.lines[i].strip()]
        if not code:
            return
        if len(code) == 1 and not block.language:
            return   # `sign_up()` alone in a hint: a word of the prose, not a sample
        language = block.language_at_close([self.lines[i] for i in range(code[0], code[-1] + 1)])
        self.spans.append(_Span(code[0], code[-1], language))


# --------------------------------------------------------------------------
# Code text, and Python whose indentation was lost
# --------------------------------------------------------------------------

def _fence(lines: list[str], span: _Span) -> Fence:
    body = lines[span.start:span.end + 1]
    language = span.language
    if language == "json" and not _is_json("\n".join(body)):
        language = "javascript" if any(text.rstrip().endswith(";") for text in body) else "json"
    code = _dedent(body)
    if language == "python":
        code = reindent_python(code) or code
    return Fence(info="", language=language, text="\n".join(code) + "\n",
                 line=span.start + 1, end_line=span.end + 1, fence_line=span.start + 1,
                 closed=True, marker="")


def _dedent(lines: list[str]) -> list[str]:
    """The lines without the indentation they all share (a dump may indent a
    whole block); lines stay as they are when there is none."""
    indents = [len(text) - len(text.lstrip()) for text in lines if text.strip()]
    common = min(indents, default=0)
    if not common:
        return list(lines)
    return [text[common:] if text.strip() else text.strip(" \t") for text in lines]


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):  # nesting past the stack reads as text, not JSON
        return False
    return True


_INDENT = "    "
_DEDENTERS = frozenset({"elif", "else", "except", "finally"})
_HEADERS = frozenset({"if", "elif", "else", "for", "while", "with", "try", "except",
                      "finally", "def", "class", "async", "match", "case"})
_ENDERS = frozenset({"return", "raise", "break", "continue"})
# The headers a branch keyword may continue.
_BRANCH_OF = {"elif": {"if", "elif"}, "else": {"if", "elif", "for", "while", "try", "except"},
              "except": {"try", "except"}, "finally": {"try", "except", "else"}}


def reindent_python(code: list[str]) -> list[str] | None:
    """Python lines with their indentation rebuilt from the structure, or None.

    A published page keeps the words of a sample and may lose its leading
    spaces. The block structure is still written in the code: a header ends
    with `:`, `elif`/`else`/`except`/`finally` continue the header they
    belong to, `return` ends a body, a call of a function the sample defines
    (`sign_up()`) stands at that function's level. Lines inside brackets are
    continuation lines, indented one step per open bracket. Returns the lines
    unchanged when they already parse, None when no indentation found makes
    them parse.
    """
    if _parses(code):
        return code
    flat = [text.strip() for text in code]
    try:
        logical = _logical_lines(flat)
    except (tokenize.TokenError, SyntaxError, MemoryError, RecursionError):
        return None
    indenter = _Indenter()
    out = list(flat)
    for line in logical:
        statement = flat[line.first]
        level = indenter.level_of(statement)
        for row in line.leading:
            out[row] = _INDENT * level + flat[row]
        for row, depth, in_string in zip(line.rows, line.depths, line.in_string, strict=False):
            if in_string or not flat[row]:
                continue   # inside a multi-line string the text is its own
            if flat[row][:1] in ")]}":
                depth -= 1   # a closing bracket lines up with its opening line
            out[row] = _INDENT * (level + max(depth, 0)) + flat[row]
        indenter.after(statement, ends_with_colon=line.last == ":")
    return out if _parses(out) else None


class _Indenter:
    """The level of each statement, from the statements before it."""

    def __init__(self) -> None:
        self.level = 0
        self.stack: list[tuple[str, int]] = []   # open headers: (keyword, level)
        self.defined: dict[str, int] = {}        # function or class name -> its level
        self.after_header = False
        self.after_decorator = False

    def level_of(self, statement: str) -> int:
        keyword = _keyword(statement)
        if self.after_header or self.after_decorator:
            pass   # a body's first statement, a decorated definition: where they are
        elif keyword in _DEDENTERS:
            self.level = self._branch_level(keyword)
        elif keyword in ("def", "class") or statement.startswith("@"):
            self.level = self._definition_level(statement)
        else:
            called = _calls_defined(statement, self.defined)
            self.level = self.level if called is None else called
        while self.stack and self.stack[-1][1] >= self.level:
            self.stack.pop()   # a statement at a level closes the headers at or above it
        return self.level

    def _branch_level(self, keyword: str) -> int:
        """`else:` goes back to its `if`, closing whatever that held."""
        while self.stack and self.stack[-1][0] not in _BRANCH_OF[keyword]:
            self.stack.pop()
        return self.stack.pop()[1] if self.stack else 0

    def _definition_level(self, statement: str) -> int:
        """A method (`self`, `cls`, or decorated) sits in the class around it;
        any other definition at the top."""
        classes = [level for keyword, level in self.stack if keyword == "class"]
        method = statement.startswith("@") or _METHOD.match(statement)
        return classes[-1] + 1 if classes and method else 0

    def after(self, statement: str, ends_with_colon: bool) -> None:
        keyword = _keyword(statement)
        name = _DEF_NAME.match(statement)
        if name:
            self.defined[name.group(1)] = self.level
        self.after_header = keyword in _HEADERS and ends_with_colon
        self.after_decorator = statement.startswith("@")
        if self.after_header:
            self.stack.append((keyword, self.level))
            self.level += 1
        elif keyword in _ENDERS and self.stack:
            # Nothing after `return` runs in that body: back to its header's
            # level, which stays open for an `else:`.
            self.level = self.stack[-1][1]


_DEF_NAME = re.compile(r"^(?:async\s+)?(?:def|class)\s+(\w+)")
_METHOD = re.compile(r"^(?:async\s+)?def\s+\w+\s*\(\s*(?:self|cls)\b")


def _keyword(statement: str) -> str:
    """The statement's first word (`async def` -> `def`, `else:` -> `else`)."""
    words = statement.split(None, 2)
    if not words:
        return ""
    if words[0] == "async" and len(words) > 1:
        return words[1].split("(", 1)[0]
    return re.split(r"[\s:(]", words[0], maxsplit=1)[0]


def _parses(code: list[str]) -> bool:
    """Whether Python accepts the lines; a bare placeholder (`<your_id>`, which
    the extractors quote before reading) counts as a value."""
    text = "\n".join(code) + "\n"
    for candidate in (text, _BARE_PLACEHOLDER.sub(r'"\1"', text)):
        try:
            ast.parse(candidate)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            continue   # (deep nesting makes the parser give up with the last two)
        return True
    return False


_BARE_PLACEHOLDER = re.compile(r"<([A-Za-z_][\w.-]{0,60})>")


@dataclass
class _Logical:
    """One Python statement over its rows (0-based), as the tokenizer saw it."""

    first: int
    rows: list[int]                                   # the rows its tokens stand on
    depths: list[int]                                 # open brackets where each row starts
    in_string: list[bool]                             # the row starts inside a string
    leading: list[int] = field(default_factory=list)  # comment rows just above it
    last: str = ""                                    # its last token (":" for a header)


def _logical_lines(flat: list[str]) -> list[_Logical]:
    """Python's logical lines, from its own tokenizer (so strings, brackets
    and backslashes are Python's). A comment row goes with the statement
    below it, at that statement's level."""
    text = "\n".join(flat) + "\n"
    statements: list[_Logical] = []
    current: _Logical | None = None
    comments: list[int] = []
    depth = 0
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        row = token.start[0] - 1
        if token.type == tokenize.COMMENT and current is None:
            comments.append(row)
        if token.type in _NOT_CODE:
            continue
        if token.type == tokenize.NEWLINE:
            current = None
            continue
        if current is None:
            current = _Logical(row, [], [], [], leading=comments)
            statements.append(current)
            comments = []
        for covered in range(row, token.end[0]):   # a string may span rows
            if not current.rows or covered > current.rows[-1]:
                current.rows.append(covered)
                current.depths.append(depth if covered == row else 0)
                current.in_string.append(covered > row)
        current.last = token.string
        if token.type == tokenize.OP and token.string in ("(", "[", "{"):
            depth += 1
        elif token.type == tokenize.OP and token.string in (")", "]", "}"):
            depth = max(depth - 1, 0)
    if statements:
        statements[0].depths[0] = 0
    return statements


_NOT_CODE = frozenset({tokenize.NL, tokenize.COMMENT, tokenize.ENDMARKER, tokenize.INDENT,
                       tokenize.DEDENT})


def _calls_defined(statement: str, defined: dict[str, int]) -> int | None:
    """The level of the function a top-level-looking call runs, if the sample
    defines it: `sign_up()`, `result = sign_up()`, `asyncio.run(main())`."""
    if statement.startswith("if __name__"):
        return 0
    for name, level in defined.items():
        if re.match(rf"^(?:\w+\s*=\s*)?(?:[\w.]+\()?{re.escape(name)}\(", statement):
            return level
    return None


# --------------------------------------------------------------------------
# Headings
# --------------------------------------------------------------------------

_HEADING_END = (".", ",", ";", ":", "。", "，", "；", "：", "、")


def _headings(lines: list[str], labels: list[str]) -> list[Heading]:
    """Short plain lines standing alone between blank lines (or chrome).

    Levels come from what is recoverable: the first line of the body is the
    title (1); a heading directly followed by another is a section (2) with
    its sub-heading (3); a title repeated where it was a sub-heading is one
    again ("Exemples de requêtes" in every section); others are sections (2).
    """
    first_body = next((i for i, label in enumerate(labels) if label not in (BLANK, CHROME)), None)
    candidates = [i for i, label in enumerate(labels)
                  if label == PROSE and _heading_like(lines, labels, i)]
    headings: list[Heading] = []
    sub_titles: set[str] = set()
    previous_body: dict[int, int | None] = {}
    last: int | None = None
    for index, label in enumerate(labels):
        if label in (CODE, PROSE):
            previous_body[index] = last
            last = index
    is_candidate = set(candidates)
    levels: dict[int, int] = {}
    for index in candidates:
        title = lines[index].strip()
        before = previous_body.get(index)
        if index == first_body:
            level = 1
        elif before in is_candidate and levels.get(before) == 2 or title.casefold() in sub_titles:
            level = 3
        else:
            level = 2
        levels[index] = level
        if level == 3:
            sub_titles.add(title.casefold())
        headings.append(Heading(level, title, index + 1))
    return headings


def _heading_like(lines: list[str], labels: list[str], index: int) -> bool:
    stripped = lines[index].strip()
    if len(stripped) > 80 or len(stripped.split()) > 12 or stripped.endswith(_HEADING_END):
        return False
    if "{%" in stripped or _LIST_ITEM.match(lines[index]):
        return False
    separated = (BLANK, CHROME)
    before = labels[index - 1] if index else BLANK
    after = labels[index + 1] if index + 1 < len(labels) else BLANK
    return before in separated and after in separated


# --------------------------------------------------------------------------
# HTML dumps
# --------------------------------------------------------------------------

_CHROME_ELEMENTS = frozenset({"nav", "header", "footer", "aside", "head", "script", "style",
                              "template", "noscript"})
_HEADING_ELEMENTS = {f"h{level}": level for level in range(1, 7)}
_BLOCK_IN_PRE = frozenset({"div", "p", "li", "tr"})
_LANGUAGE_CLASS = re.compile(r"(?:^|\s)(?:language|lang)-([\w+#.-]+)")


class _HtmlWalker(HTMLParser):
    """Code blocks, headings and body text lines of an HTML page.

    Entities are unescaped by the parser (`convert_charrefs`); positions are
    those of the HTML file, so recovered code points at its lines there.
    Cloudflare's `[email protected]` is kept as the page shows it.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chrome: list[str] = []
        self.fences: list[Fence] = []
        self.headings: list[Heading] = []
        self.body_lines: set[int] = set()
        self.prose: list[str] = []
        self.tags: list[Tag] = []
        self._pre: list[tuple[int, str]] | None = None   # (line, text) chunks
        self._pre_class = ""
        self._heading: tuple[int, int, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" and "head" in self.chrome:
            self.chrome.clear()   # `</head>` may be left out: the body ends the head
        if tag in _CHROME_ELEMENTS:
            self.chrome.append(tag)
            return
        if self.chrome:
            return
        classes = dict(attrs).get("class") or ""
        if tag == "pre" and self._pre is None:
            self._pre, self._pre_class = [], classes
        elif self._pre is not None:
            if tag == "code" and not _LANGUAGE_CLASS.search(self._pre_class):
                self._pre_class = classes
            elif tag == "br" or (tag in _BLOCK_IN_PRE and self._pre and
                                 not self._pre[-1][1].endswith("\n")):
                self._pre.append((self.getpos()[0], "\n"))
        elif tag in _HEADING_ELEMENTS and self._heading is None:
            self._heading = (_HEADING_ELEMENTS[tag], self.getpos()[0], [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and self._pre is not None and not self.chrome:
            self._pre.append((self.getpos()[0], "\n"))

    def handle_endtag(self, tag: str) -> None:
        if tag in _CHROME_ELEMENTS:
            if tag in self.chrome:
                while self.chrome and self.chrome.pop() != tag:
                    pass
            return
        if self.chrome:
            return
        if tag == "pre" and self._pre is not None:
            self._finish_pre()
        elif self._heading is not None and tag == f"h{self._heading[0]}":
            level, line, parts = self._heading
            title = " ".join("".join(parts).split())
            if title:
                self.headings.append(Heading(level, title, line))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self.chrome:
            return
        line = self.getpos()[0]
        if self._pre is not None:
            self._pre.append((line, data))
            return
        if self._heading is not None:
            self._heading[2].append(data)
        if data.strip():
            lead = len(data) - len(data.lstrip())
            first = line + data.count("\n", 0, lead)
            self.body_lines.update(range(first, first + data.strip().count("\n") + 1))
            self.prose.append(data)
            if "{%" in data:
                self._tags_in(data, line, self.getpos()[1])

    def _tags_in(self, data: str, line: int, column: int) -> None:
        """Leaked tags in a piece of body text, at their place in the HTML file
        (columns of the unescaped text: an entity before a tag on its line
        shifts it)."""
        for tag in tags_in_plain_lines(data.split("\n"), line, published=True):
            if tag.line == line:
                tag.column += column
            self.tags.append(tag)

    def _finish_pre(self) -> None:
        chunks, self._pre = self._pre or [], None
        start = end = None
        for line, text in chunks:
            if not text.strip():
                continue
            lead = len(text) - len(text.lstrip())
            here = line + text.count("\n", 0, lead)
            start = here if start is None else start
            end = here + text.strip().count("\n")
        if start is None or end is None:
            return
        code = "".join(text for _, text in chunks).strip("\n").rstrip()
        lines = _dedent(code.split("\n"))
        while lines and not lines[0].strip():
            lines.pop(0)
        found = _LANGUAGE_CLASS.search(self._pre_class)
        language = languages.normalise(found.group(1)) if found else _guess_language(lines)
        if language == "python":
            lines = reindent_python(lines) or lines
        self.fences.append(Fence(info="", language=language, text="\n".join(lines) + "\n",
                                 line=start, end_line=end, fence_line=start,
                                 closed=True, marker=""))


def _guess_language(code: list[str]) -> str:
    """The language of a block with no class, from its lines."""
    spans = _Assembler(code, [None] * len(code)).run()
    return spans[0].language if spans else ""


def read_html(lines: list[str]) -> Layout:
    walker = _HtmlWalker()
    walker.feed("\n".join(lines))
    walker.close()
    labels = [BLANK if not text.strip() else CHROME for text in lines]
    for line in walker.body_lines:
        if 0 < line <= len(labels):
            labels[line - 1] = PROSE
    for fence in walker.fences:
        for line in range(fence.line, fence.end_line + 1):
            if 0 < line <= len(labels) and lines[line - 1].strip():
                labels[line - 1] = CODE
    return Layout(labels=labels, fences=walker.fences, headings=walker.headings,
                  tags=walker.tags)


def html_prose(text: str) -> str:
    """The body text of an HTML page, without chrome and code (for language ID)."""
    walker = _HtmlWalker()
    walker.feed(text)
    walker.close()
    return "\n".join(part.strip() for part in walker.prose if part.strip())


def page_prose(lines: list[str]) -> list[str]:
    """The prose lines of a published text page (for language ID)."""
    return layout(lines).prose(lines)


