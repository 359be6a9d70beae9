"""The line classifier: what one line of a published page looks like on its own.

Every registered language's line shapes (`checker.languages`) are tried
first, in their rank order, then the shapes any language has."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from checker import languages

START = languages.START    # code that may open a block
CONTINUE = languages.CODE      # code that only continues one (a closer, `else:`, an option)
WEAK = languages.WEAK      # a comment: code if code follows it
_TEXT = "text"      # anything else: prose, or nothing recognisable


@dataclass(frozen=True)
class Shape:
    kind: str
    language: str | None = None   # a language only this line's syntax has
    head: bool = False            # an import-like line: what a new sample starts with
    hint: str | None = None       # a weaker guess (`;` at the end: JavaScript, or Java...)


_TEXT_SHAPE = Shape(_TEXT)
_IDENT = r"[A-Za-z_$][\w$]*"
_MEMBER = rf"{_IDENT}(?:\.{_IDENT}|\[[^\]\n]{{0,200}}\])*"

# Shapes of any language, tried after every registered language's own
# (`checker.languages`, in their rank order); the first match wins. Every
# pattern is anchored at the start of the stripped line. (A call statement is
# `_CALL` below, tried after these.)
_GENERIC_SHAPES = tuple((re.compile(pattern), kind, None, False) for pattern, kind in (
    (rf"^(?:self\.|this\.)?{_MEMBER}\s*(?:[-+*/%|&^]|\*\*|//|\?\?)?=(?!=)\s*\S", START),
    (rf"^{_IDENT}(?:\s*,\s*{_IDENT})+\s*=(?!=)\s*\S", START),   # `a, b = f()`
    (r"^[\]\)\}]", CONTINUE),
    (r"^(?:return|yield|raise|pass|break|continue|throw|del|assert)\b(?:\s*[;(\[{'\"\w-]|$)", CONTINUE),
    (r"^(?:case\s.{1,200}|default\s*):$", CONTINUE),
    (r"^(?://|/\*|#)", WEAK),
))


def _shapes() -> tuple[tuple[re.Pattern[str], str, str | None, bool], ...]:
    return languages.published_shapes() + _GENERIC_SHAPES


@lru_cache(maxsize=1)
def _any_shape() -> re.Pattern[str]:
    """One pattern that matches where one of `shapes` does (none has a flag of
    its own or a back-reference): most lines are prose, told so in one match
    instead of one per shape (about a hundred)."""
    return re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _, _, _ in _shapes()))


# A call statement: `sign_up()`, `await fetch(url, {`, `console.log(x);`. It
# must also end like one, so that a sentence opening with `Word(s)` is prose.
_CALL = re.compile(rf"^(?:await\s+|new\s+|return\s+)?{_MEMBER}\(")
_CALL_ENDINGS = (")", ";", "(", "{", "[", ",")
_ONE_LINE_JSON = re.compile(r"^(?:\{.*\}|\[.*\])$")


def line_shape(stripped: str) -> Shape:
    """What a line (without its indentation) looks like, on its own."""
    if not stripped or stripped.startswith("{%"):
        return _TEXT_SHAPE   # a leaked GitBook tag is the page's text, never code
    shape = _TEXT_SHAPE
    code = _without_comment(stripped)   # `if size > 5:  # 5 MB` ends with its colon
    for pattern, kind, language, head in _shapes() if _any_shape().match(code) else ():
        if pattern.match(code):
            shape = Shape(kind, language, head, _hint(code))
            break
    else:
        if _CALL.match(code) and code.endswith(_CALL_ENDINGS):
            shape = Shape(START, hint=_hint(code))
        elif _ONE_LINE_JSON.match(code) and is_json(code):
            shape = Shape(START, "json")
        elif code.endswith((";", "{")) and ("(" in code or "=" in code):
            shape = Shape(CONTINUE, hint=_hint(code))
    if shape.kind in (START, CONTINUE) and reads_as_prose(stripped, shell=shape.language == "bash"):
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
_KEYWORDS = frozenset((
    "and as assert async await break case catch class const continue def default del delete do elif "
    "else except export extends finally for from function global if import in instanceof interface "
    "is lambda let new nonlocal not of or pass raise return static switch this throw try type typeof "
    "var void while with yield public private protected final abstract func package").split())


def reads_as_prose(stripped: str, shell: bool = False) -> bool:
    """A line that has the shape of code but the words of a sentence, outside
    its strings and comments: letters beyond ASCII (identifiers are ASCII; the
    words of French, Danish, Chinese or Arabic are not), a sentence, or three
    plain words in a row that are not keywords. A shell command is a row of
    words (`sudo apt install nginx`), so for it only the first two count."""
    code = _TRAILING_COMMENT.sub("", _STRING_LITERAL.sub('""', stripped))
    if sum(1 for char in code if ord(char) > 0x7F and char.isalpha()) >= 3:
        return True
    if shell:
        return is_sentence(stripped)
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


def is_sentence(stripped: str) -> bool:
    """A line of prose in any language: words, no code punctuation, and the
    end of a sentence. (A code line inside a string ends with its quote.)"""
    if not stripped.endswith(_SENTENCE_END) or stripped[0] in "\"'":
        return False
    if any(char in _CODE_CHARS for char in stripped):
        return False
    # Chinese, Japanese or Thai write no spaces between words: count letters.
    letters = sum(1 for char in stripped if ord(char) > 0x7F and char.isalpha())
    return len(stripped.split()) >= 4 or letters >= 6


def is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):  # nesting past the stack reads as text, not JSON
        return False
    return True
