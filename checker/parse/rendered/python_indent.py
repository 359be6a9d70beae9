"""Python whose indentation was lost on the published page, re-indented from its structure."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, field

from checker.extract import placeholders

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


def lost_indentation(code: list[str]) -> bool:
    """Whether Python lines stand flush left under a header (`def f():`) that
    needs an indented body: the page lost the indentation, not the author."""
    flat = [text for text in code if text.strip()]
    return all(text == text.lstrip() for text in flat) and any(
        text.rstrip().endswith(":") and _keyword(text.strip()) in _HEADERS for text in flat[:-1])


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
    for candidate in (text, placeholders.quote_bare(text)):
        try:
            ast.parse(candidate)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            continue   # (deep nesting makes the parser give up with the last two)
        return True
    return False


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
