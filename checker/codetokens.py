"""A code sample as a token stream, and how two locales' streams differ.

What is compared is what a program *is*: identifiers, keywords, operators,
numbers, options (`--flag`), punctuation and string literals. What a
translator may change is dropped before comparing: comments, whitespace,
docstrings, the text of the calls a language prints or logs with (its
registry entry's `prints`: `print`, `console.log`, `logger.*`, `echo`,
`fmt.Println`, ...), shell heredoc bodies, and quoting style (`'a'`, `"a"`,
and in shell a bare `a` are one value).

Why Pygments, by measurement (every fenced block of the Flowise and Dify
corpora lexed with each, one core, Pygments 2.21 against tree-sitter 0.25):
tree-sitter lexes faster where a grammar is installed (bash 97 KB: 228 ms against Pygments' 381 ms;
JavaScript 88 KB: 143 against 604 ms), but no Python grammar is installed,
and Python is the second language of those docs (584 blocks, 363 KB; 655 of
the corpora's fences say `python`); the installed grammars cover 9 languages
and would need 9 tables of leaf-node kinds, Pygments has one token-class
hierarchy for ~600 lexers (SQL, Kotlin, Rust, Dockerfile...). It is pure
Python, 9.5 MB installed, and imports in ~20 ms. Its cost (about 0.1 s per
10 KB of Python) is paid only where it has to be: a sample is lexed only
when its slot holds two locales whose code differs once whitespace is
normalised (byte-identical code is never drift: on Flowise 188 of 243
sample slots are), two samples whose words are not even roughly alike are
not lexed at all, and each distinct text is lexed once (`lru_cache`).

Alignment is difflib's (`checker.sequences.opcodes`) over the token keys.
Placeholders (`checker.extract.placeholders`) inside string literals and
shell words are masked in the keys, so a translated placeholder aligns with
its original and is told apart (`placeholder` differences, for
placeholder-translated). A run of tokens deleted in one place and inserted
unchanged in another is a move (reordered keys of an object literal,
reordered imports) and is not drift.
"""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

from checker import languages
from checker.align import Slot, Unit
from checker.compare import flatten, language_name
from checker.extract import placeholders
from checker.model import Edit, Page, Related, Request, Sample
from checker.rules.base import Hit, show
from checker.rules.crosslocale import Odd, SetContext, odd_locales
from checker.sequences import Opcode, opcodes

# Pygments is imported where code is lexed, not here: a run that compares no
# code across locales (one locale, no code rules) does not load it.
if TYPE_CHECKING:
    from pygments.lexer import Lexer
    from pygments.token import _TokenType

# Blocks others compare (data, raw HTTP) or that hold prose (markup, text,
# templates): never compared as code here.
SKIPPED = frozenset({
    "json", "json5", "jsonc", "jsonl", "ndjson", "yaml", "yml", "toml", "env", "dotenv", "ini",
    "cfg", "conf", "properties", "xml", "html", "htm", "xhtml", "svg", "markdown", "md", "mdx",
    "text", "txt", "plain", "plaintext", "http", "csv", "tsv", "diff", "mermaid", "django",
    "jinja", "jinja2", "liquid", "handlebars", "log", "output", "none", "markup", "min-w-full",
})
SHELLS = frozenset({"Bash", "Tcsh", "Zsh", "Shell Session", "PowerShell Session"})
MAX_CHARS = 200_000      # a longer sample is not lexed (input-too-large's)
MAX_TOKENS = 20_000      # nor compared token by token past this
# Below this share of common tokens, two aligned samples are not the same
# code (a rewrite, or a pairing by language only): one finding at most.
SAME_CODE = 0.5
# What a caller pairs with each hit it hands to `settled` (the rule that made it).
R = TypeVar("R")
# Word-bag similarity under which two samples are not lexed at all.
ROUGH_SAME = 0.3

CODE = "code"          # identifier, keyword, operator, punctuation, shell word
LITERAL = "literal"    # a string literal (quotes stripped)
NUMBER = "number"
OPTION = "option"      # a command-line option `--save`, `-X`
VALUES = frozenset({LITERAL, NUMBER})
WORD = "word"          # a key tag: a shell word, compared by its unquoted value

_QUOTES = ('"""', "'''", '"', "'", "`")
_AFFIX = re.compile(r"^[A-Za-z]{0,3}(?=['\"`])")
_OPTION = re.compile(r"^--?[A-Za-z][\w-]*$")
_ASSIGNMENT = re.compile(r"^(--?[A-Za-z][\w-]*|[A-Za-z_]\w*)=(.*)$", re.S)
_URL = re.compile(r"[a-z][a-z0-9+.-]*://[^\s'\"`<>]+|(?<![\w/])/[\w{}:.-]+(?:/[\w{}:.-]*)+")
_WORDS = re.compile(r"[A-Za-z_$][\w$]*|\d+")
_PROSE = re.compile(r"[^\W\d_]{2,}[,.!?:;]?\s+[^\W\d_]{2,}")
_CLOSERS = frozenset({")", "]", "}"})
_OPTIONAL_SEMICOLONS = frozenset({"JavaScript", "TypeScript", "JSX", "TSX"})
# The tokens of a status check that say which way it goes: what status-drift,
# which compares the statuses alone, cannot see.
_POLARITY = frozenset({"==", "!=", "===", "!==", "<", ">", "<=", ">=", "!", "not", "unless"})
_SHELL_STOP = frozenset({";", "|", "||", "&&", "&", ">", ">>", "<", "2>", "2>&1"})


@dataclass(frozen=True)
class Token:
    kind: str          # CODE, LITERAL, NUMBER, OPTION
    text: str          # as written (a literal without its quotes)
    line: int          # 1-based, within the sample
    key: tuple[str, str]   # what is compared: placeholders masked
    # Where it is written in the sample's text (offsets, end exclusive): what
    # a re-sync (checker/rules/resync.py) substitutes at; never compared.
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)

    @property
    def shown(self) -> str:
        return f'"{self.text}"' if self.kind == LITERAL else self.text


# ---------------------------------------------------------------- lexing

def compared_language(language: str) -> str | None:
    """The Pygments lexer name a fence language is compared with; None when it is not compared."""
    if not language or language in SKIPPED:
        return None
    lexer = _lexer(language)
    return lexer.name if lexer is not None else None


@lru_cache(maxsize=64)
def _lexer(language: str) -> Lexer | None:
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def _prints(language: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(exact call names, `prefix.` of `prefix.*` entries) that print or log."""
    entry = languages.get(language)
    names = entry.prints if entry else ()
    exact = tuple(n for n in names if not n.endswith(".*"))
    return exact, tuple(n[:-1] for n in names if n.endswith(".*"))


def tokens(language: str, code: str, hinted: frozenset[str] = frozenset()) -> list[Token] | None:
    """The code tokens of a sample (None: the language is not lexed, or the
    text is too long or does not lex: Pygments reports an error token)."""
    if len(code) > MAX_CHARS or _lexer(language) is None:
        return None
    found = _tokens_of(language, code)
    if found is None:
        return None
    return [_keyed(t, hinted) for t in found] if hinted else list(found)


@lru_cache(maxsize=2048)
def _tokens_of(language: str, code: str) -> tuple[Token, ...] | None:
    cut = _cut(language, code)
    if cut is None:
        return None
    items, printed, _ = cut
    return tuple(_keyed(t, frozenset()) for t in
                 _compared([t for i, t in enumerate(items) if i not in printed], language, code))


def _cut(language: str, code: str) -> tuple[list[Token], set[int], list[tuple[int, int]]] | None:
    """Every token of a sample before what prints is dropped, the indexes of
    those that print (`_printed`), and the (start, end) offsets of its
    comments and docstrings: what a translator may localise."""
    from pygments.token import Error

    lexer = _lexer(language)
    assert lexer is not None
    raw: list[tuple[_TokenType, str, int, int]] = []
    line, offset = 1, 0
    for kind, value in lexer.get_tokens(code):
        if kind in Error:
            return None
        raw.append((kind, value, line, offset))
        line += value.count("\n")
        offset += len(value)
    shell = lexer.name in SHELLS
    items = list(_shell_words(raw) if shell else _merged(raw))
    comments = [(at, at + len(value.rstrip("\n"))) for kind, value, _, at in raw if _commentary(kind, shell)]
    return items, _printed(items, language, shell), comments


def _compared(found: list[Token], language: str, code: str) -> list[Token]:
    """The tokens compared: layout gone."""
    lexer = _lexer(language)
    assert lexer is not None
    shell = lexer.name in SHELLS
    if shell:
        commands = _command_lines(code)
        found = [t for t in found if t.line in commands]
    # Line breaks end shell commands (what `echo` prints stops there), then
    # go: how a command is wrapped is layout; so do a trailing comma and,
    # where semicolons are optional (JavaScript), a semicolon.
    optional = {"\n", "\\"} | ({";"} if lexer.name in _OPTIONAL_SEMICOLONS else set())
    return [t for i, t in enumerate(found) if t.text not in optional
            and not (t.text == "," and i + 1 < len(found) and found[i + 1].text in _CLOSERS)]


@dataclass(frozen=True)
class Layout:
    """A sample cut the way it is compared, for a re-sync (checker/rules/resync.py):
    the code tokens compared, the tokens of what prints, and the comments."""

    code: tuple[Token, ...]
    printed: tuple[Token, ...]
    comments: tuple[tuple[int, int], ...]   # (start, end) offsets in the text


def layout(language: str, code: str) -> Layout | None:
    """The sample's layout (None: not lexed, too long, or its tokens do not
    spell its text back, so no offset could be trusted)."""
    if len(code) > MAX_CHARS or _lexer(language) is None:
        return None
    cut = _cut(language, code)
    if cut is None:
        return None
    items, printed, comments = cut
    kept = _compared([t for i, t in enumerate(items) if i not in printed], language, code)
    spans = [(t.start, t.end) for t in kept] + [(items[i].start, items[i].end) for i in printed]
    if any(not 0 <= a < b <= len(code) for a, b in spans + comments):
        return None
    return Layout(tuple(kept), tuple(items[i] for i in sorted(printed)), tuple(comments))


def _commentary(kind: _TokenType, shell: bool) -> bool:
    """A comment (or, outside shell, a docstring): the reader's, never compared."""
    from pygments.token import Comment, String

    return kind in Comment or (not shell and kind in String.Doc)


@lru_cache(maxsize=1)
def _shell_shapes() -> tuple[re.Pattern[str], ...]:
    shell = languages.get("bash")
    return tuple(re.compile(shape.pattern) for shape in (shell.published if shell else ()))


def _command_lines(code: str) -> set[int]:
    """The lines of a shell block that are commands (a line a shell shape of
    the registry recognises, or one a `\\`, `|` or `&&` continues): the others
    are the output a page shows after its command (a table, a banner), prose."""
    shapes = _shell_shapes()
    found: set[int] = set()
    continued = False
    for number, row in enumerate(code.split("\n"), 1):
        stripped = row.strip()
        if continued or any(shape.match(stripped) for shape in shapes):
            found.add(number)
            continued = stripped.endswith(("\\", "|", "&&", "||"))
        else:
            continued = False
    return found


def _keyed(token: Token, hinted: frozenset[str]) -> Token:
    """The token with its key: a literal's or shell word's value with its
    placeholders masked (they are compared apart), anything else as written."""
    if token.kind == LITERAL or token.key[0] == WORD:
        key = placeholders.mask(token.text, hinted, url=bool(_URL.search(token.text)))
        return Token(token.kind, token.text, token.line, (token.key[0], key), token.start, token.end)
    return token


def maskable(token: Token) -> bool:
    """Whether a token's placeholders are read (a literal, a shell word; never an identifier)."""
    return token.key[0] in (LITERAL, WORD)


def _strip_quotes(text: str) -> str:
    text = text[_AFFIX.match(text).end():] if _AFFIX.match(text) else text   # type: ignore[union-attr]
    for quote in _QUOTES:
        if len(text) >= 2 * len(quote) and text.startswith(quote) and text.endswith(quote):
            return text[len(quote):-len(quote)]
    return text


def _classify(kind: _TokenType, value: str, line: int, start: int) -> Token:
    from pygments.token import Number

    kind_of = NUMBER if kind in Number else OPTION if _OPTION.match(value) else CODE
    return Token(kind_of, value, line, (CODE, value), start, start + len(value))


def _merged(raw: list[tuple[_TokenType, str, int, int]]) -> Iterator[Token]:
    """Tokens of a language other than shell: a string literal (its pieces,
    affix and interpolations) is one token; comments, docstrings and
    whitespace are gone; a text run is split into words."""
    from pygments.token import String, Text

    i = 0
    while i < len(raw):
        kind, value, line, at = raw[i]
        if kind in String and kind not in String.Doc:
            j, depth, parts = i, 0, []
            while j < len(raw) and (raw[j][0] in String or depth > 0):
                piece = raw[j][1]
                if raw[j][0] in String.Interpol:
                    depth += piece.count("{") - piece.count("}")
                    depth = max(depth, 0)
                parts.append(piece)
                j += 1
            yield Token(LITERAL, _strip_quotes("".join(parts)), line, (LITERAL, ""),
                        at, raw[j - 1][3] + len(raw[j - 1][1]))
            i = j
            continue
        i += 1
        if _commentary(kind, shell=False):
            continue
        if kind in Text or not value.strip():
            for word in re.finditer(r"\S+", value):
                yield _classify(kind, word.group(), line + value.count("\n", 0, word.start()),
                                at + word.start())
            continue
        yield _classify(kind, value.strip(), line, at + len(value) - len(value.lstrip()))


def _shell_words(raw: list[tuple[_TokenType, str, int, int]]) -> Iterator[Token]:
    """Shell tokens are words, as the shell reads them: `https://x/{path}` is
    one however Pygments cut it, `'a'`, `"a"` and `a` are the same word, and
    `KEY=value` is the name (code) and its value. A heredoc's body is text."""
    from pygments.token import Operator, String

    word: list[tuple[_TokenType, str, int, int]] = []

    def flush() -> Iterator[Token]:
        if not word:
            return
        text = "".join(v for _, v, _, _ in word)
        line, start = word[0][2], word[0][3]
        end = start + len(text)
        quoted = any(k in String for k, _, _, _ in word)
        word.clear()
        if text in _SHELL_STOP or (not quoted and text in {"=", "(", ")", "{", "}", "[", "]", "\\"}):
            yield Token(CODE, text, line, (CODE, text), start, end)
            return
        assignment = _ASSIGNMENT.match(text)
        if assignment:
            name, value = assignment.groups()
            cut = start + len(name) + 1
            yield Token(OPTION if name.startswith("-") else CODE, name + "=", line, (CODE, name + "="),
                        start, cut)
            if value:
                yield _word(value, quoted, line, cut, end)
            return
        if _OPTION.match(text):
            yield Token(OPTION, text, line, (CODE, text), start, end)
            return
        yield _word(text, quoted, line, start, end)

    for kind, value, line, at in raw:
        if _commentary(kind, shell=True):
            yield from flush()
            continue
        if kind in String and value.startswith("<<") and "\n" in value:
            yield from flush()   # a heredoc: its opener line is code, its body printed text
            head = value.split("\n", 1)[0]
            for found in re.finditer(r"\S+", head):
                yield Token(CODE, found.group(), line, (CODE, found.group()),
                            at + found.start(), at + found.end())
            continue
        if not value.strip():
            yield from flush()
            if "\n" in value:
                newline = at + value.index("\n")   # a command ends
                yield Token(CODE, "\n", line, (CODE, "\n"), newline, newline + 1)
            continue
        if kind in Operator and value.strip() in _SHELL_STOP:
            yield from flush()
            word.append((kind, value.strip(), line, at + len(value) - len(value.lstrip())))
            yield from flush()
            continue
        if value != value.strip():   # a token with spaces (Text) ends words inside it
            parts = re.split(r"(\s+)", value)
            for part in parts:
                if part.strip():
                    word.append((kind, part, line, at))
                else:
                    yield from flush()
                line += part.count("\n")
                at += len(part)
            continue
        word.append((kind, value, line, at))
    yield from flush()


def _word(text: str, quoted: bool, line: int, start: int, end: int) -> Token:
    """A shell word: a literal when quoted, else code (a number, a name, a path);
    compared by its value either way, placeholders masked."""
    value = _unquote_word(text)
    kind = LITERAL if quoted else NUMBER if re.fullmatch(r"\d+(?:\.\d+)*", value) else CODE
    return Token(kind, value, line, (WORD, ""), start, end)


def _unquote_word(text: str) -> str:
    """A shell word's value: its quotes go (`"a b"` -> `a b`, `'x'y` -> `xy`)."""
    if not any(q in text for q in "'\"`"):
        return text
    out, quote = [], ""
    for char in text:
        if quote:
            if char == quote:
                quote = ""
            else:
                out.append(char)
        elif char in "'\"":
            quote = char
        else:
            out.append(char)
    return "".join(out)


def _printed(items: list[Token], language: str, shell: bool) -> set[int]:
    """The indexes of what a print or log call prints: its string arguments
    (a call with parentheses), or everything to the end of the statement
    (`echo x`, `puts x`). Dropped before comparing; carried over by a re-sync."""
    exact, prefixes = _prints(language)
    found: set[int] = set()
    i = 0
    while i < len(items):
        token = items[i]
        name = _dotted_end(items, i)
        if name and (name in exact or (bool(prefixes) and name.startswith(prefixes))):
            nxt = items[i + 1] if i + 1 < len(items) else None
            if nxt is not None and nxt.text == "(" and not shell:
                end = _closing(items, i + 1)
                found.update(j for j in range(i + 1, end) if items[j].kind == LITERAL)
                i = end
                continue
            i += 1
            while i < len(items) and items[i].text not in _SHELL_STOP | {"\n", ";"} \
                    and (shell or items[i].line == token.line):
                found.add(i)
                i += 1
            continue
        i += 1
    return found


def _dotted_end(items: list[Token], i: int) -> str:
    """`console.log` when items[i] is `log` of `console . log` (and starts no longer name)."""
    if items[i].kind != CODE or not re.match(r"^[\w$-]+$", items[i].text):
        return ""
    if i + 1 < len(items) and items[i + 1].text in {".", "::", "->"}:
        return ""   # not the end of the name
    parts = [items[i].text]
    j = i - 1
    while j >= 1 and items[j].text in {".", "::", "->"} and re.match(r"^[\w$]+$", items[j - 1].text):
        parts.insert(0, items[j - 1].text)
        j -= 2
    return ".".join(parts)


def _closing(items: list[Token], opening: int) -> int:
    """The index after the `)` matching items[opening] (the end when unmatched)."""
    depth = 0
    for j in range(opening, len(items)):
        if items[j].text in {"(", "[", "{"}:
            depth += 1
        elif items[j].text in {")", "]", "}"}:
            depth -= 1
            if depth == 0:
                return j + 1
    return len(items)


def rough_words(code: str) -> list[str]:
    """The words of a text, for a cheap look at whether two samples are the same code."""
    return _WORDS.findall(code)


def rough_same(a: list[str], b: list[str]) -> bool:
    return SequenceMatcher(None, a, b, autojunk=False).quick_ratio() >= ROUGH_SAME


def urls(code: str) -> list[Token]:
    """The URLs (and URL templates) of an unlabelled block: what placeholder-translated reads there."""
    found = []
    for number, row in enumerate(code.split("\n"), 1):
        for match in _URL.finditer(row):
            found.append(_keyed(Token(LITERAL, match.group(0), number, (LITERAL, "")), frozenset()))
    return found


def normalised(sample: Sample) -> str:
    return " ".join(sample.fence.text.split())


# ---------------------------------------------------------------- comparing

PLACEHOLDER = "placeholder"   # a difference kind: placeholders differ, all else alike
TEXT = "text"                 # a difference kind: a message literal translated (never reported)
MAX_ROTATED = 64             # tokens of a moved run whose rotations are compared (`_moves`)
MAX_REPORTED = 3              # differences reported per sample and locale; the rest counted


@dataclass(frozen=True)
class Side:
    """One locale's sample in a comparison, and its tokens."""

    locale: str
    sample: Sample
    tokens: tuple[Token, ...]
    checks: frozenset[int] = frozenset()   # indices of the tokens that turn a status check round

    def without_checks(self) -> Side:
        """The side with no status-check operator: which way a check goes is
        comparable only with a sample that expects the same statuses."""
        kept = tuple(t for i, t in enumerate(self.tokens) if i not in self.checks)
        return replace(self, tokens=kept, checks=frozenset())

    def line_at(self, index: int) -> int:
        """The sample line of token `index` (of the token before it, past the end)."""
        if not self.tokens:
            return 1
        return self.tokens[min(max(index, 0), len(self.tokens) - 1)].line


@dataclass(frozen=True)
class Difference:
    """A run of tokens where one locale's sample differs from another's."""

    kind: str                  # CODE, LITERAL or PLACEHOLDER
    odd: Side
    against: Side
    mine: tuple[Token, ...]    # the odd locale's tokens of the run (empty: it lacks some)
    theirs: tuple[Token, ...]  # the other locale's
    line: int                  # sample line in the odd locale
    their_line: int
    no_majority: bool = False
    more: int = 0              # differences past this one not reported
    also: tuple[int, ...] = ()   # page lines of the odd locale where the same change recurs

    @property
    def page_line(self) -> int:
        return self.odd.sample.page_line(self.line)

    @property
    def their_page_line(self) -> int:
        return self.against.sample.page_line(self.their_line)


def differences(ctx: SetContext) -> list[Difference]:
    """Every difference of the page set's samples (computed once per context:
    code-drift, literal-drift and placeholder-translated each read their part)."""
    return ctx.shared("code-differences", lambda: [
        d for slot in ctx.sample_slots for d in _slot_differences(ctx, slot)])


def origin(ctx: SetContext, unit: Unit, key: str) -> int | None:
    """The page line where part `key` of a unit's request got the value that
    differs across locales, when that is not the request's own line: a literal
    assigned above the call (`token = "sk_live_abd"`, then
    `headers={"Authorization": f"Bearer {token}"}`). The request rules report
    there, where it is fixed, and the code rules' finding of that literal
    gives way to theirs (`settled`): one mistake, one finding."""
    found = ctx.shared("code-origins", lambda: _origins(ctx))
    return found.get((unit.page.path, unit.sample.fence.line, unit.call, key))


def _origins(ctx: SetContext) -> dict[tuple[str, int, int, str], int]:
    found: dict[tuple[str, int, int, str], int] = {}
    for difference in differences(ctx):
        written = difference.mine + difference.theirs
        if not difference.mine or not difference.theirs or any(t.kind not in VALUES for t in written):
            continue   # only a value written differently flows into a request
        mine = [t.text for t in difference.mine]
        theirs = [t.text for t in difference.theirs]
        odd, against = difference.odd.sample, difference.against.sample
        for call, (sent, other) in enumerate(zip(odd.requests, against.requests, strict=False)):
            other_parts = _part_values(other)
            for key, value in _part_values(sent).items():
                their_value = other_parts.get(key)
                if their_value is None or their_value == value:
                    continue
                if _explains(mine, theirs, value, their_value):
                    found.setdefault((odd.page.path, odd.fence.line, call, key), difference.page_line)
                    found.setdefault((against.page.path, against.fence.line, call, key),
                                     difference.their_page_line)
    return found


def _explains(mine: list[str], theirs: list[str], value: str, their_value: str) -> bool:
    """Whether a literal written differently (`mine` for `theirs`) is what
    makes a request's part differ (`value` for `their_value`)."""
    if len(mine) == len(theirs) == 1 and their_value.replace(theirs[0], mine[0]) == value:
        return True   # `1000` / `100`, `"admin"` / `"admins"`: one text in the other
    return all(t in value and t not in their_value for t in mine) \
        and all(t in their_value and t not in value for t in theirs)


def _part_values(request: Request) -> dict[str, str]:
    """Each part of a request that a request rule compares, by its line key, as text."""
    parts = {"url": request.url}
    parts.update((f"header:{name.lower()}", value) for name, value in request.headers.items())
    parts.update((f"cookie:{name}", value) for name, value in request.cookies.items())
    parts.update((f"query:{name}", str(value)) for name, value in request.query.items())
    parts.update((f"body:{name.replace('[]', '')}", str(value))
                 for name, value in flatten(request.body).items() if isinstance(value, (str, int, float)))
    return parts


def moved_to(ctx: SetContext) -> set[tuple[str, int]]:
    """The (path, line)s that request rules' findings stand at because
    `origin` put them there (checker/rules/crosslocale.py's `hit` adds them)."""
    found: set[tuple[str, int]] = ctx.shared("code-moved", set)
    return found


def _code_hits(ctx: SetContext) -> dict[int, Hit]:
    """The hits `hit_of` made on this page set, by id. Held here so that no id
    is given again to another hit while the rules run (a hit a rule drops
    would free its id)."""
    found: dict[int, Hit] = ctx.shared("code-hits", dict)
    return found


def settled(ctx: SetContext, hits: list[tuple[R, Page, Hit]]) -> list[tuple[R, Page, Hit]]:
    """Every rule's hits on the page set, less the code rules' hits (`hit_of`)
    at a line a request rule's finding was moved to: the same mistake, which
    the request rule names better. Its repair goes to the request rule's hit
    there when that has none (a value written above the call is fixed where it
    is written)."""
    made = _code_hits(ctx)
    moved = moved_to(ctx)
    kept: list[tuple[R, Page, Hit]] = []
    repairs: dict[tuple[str, int], tuple[Edit, ...]] = {}
    for rule, page, hit in hits:
        if made.get(id(hit)) is hit and (page.path, hit.line) in moved:
            repairs.setdefault((page.path, hit.line), hit.edits)
        else:
            kept.append((rule, page, hit))
    for _, page, hit in kept:
        if not hit.edits and made.get(id(hit)) is not hit:
            hit.edits = repairs.get((page.path, hit.line), ())
    return kept


def _slot_differences(ctx: SetContext, slot: Slot) -> list[Difference]:
    units = {loc: u for loc, u in slot.units.items()
             if not u.sample.fence.chrome and not u.sample.fence.generated}
    if len(units) < 2 or len({normalised(u.sample) for u in units.values()}) < 2:
        return []   # byte-identical code (once whitespace is normalised) is never drift
    langs = {u.sample.language for u in units.values()}
    if langs & SKIPPED:
        return []
    labelled = sorted(lang for lang in langs if lang)
    lexers = {compared_language(lang) for lang in labelled}
    if len(lexers) > 1 or None in lexers:
        return []
    base = next((loc for loc in (ctx.reference, ctx.anchor) if loc in units), sorted(units)[0])
    words = {loc: rough_words(u.sample.fence.text) for loc, u in units.items()}
    units = {loc: u for loc, u in units.items() if loc == base or rough_same(words[base], words[loc])}
    hinted = frozenset[str]().union(*(u.sample.hinted for u in units.values()))
    sides = _sides(units, labelled[0] if labelled else "", hinted)
    if len(sides) < 2:
        return []
    # As written (a translated placeholder masks alike, yet makes a locale odd).
    values = {loc: tuple(t.text for t in side.tokens) for loc, side in sides.items()}
    found: list[Difference] = []
    for odd in odd_locales(values, ctx):
        mine, theirs = _pair(sides, odd)
        found.extend(_capped(_diff(mine, theirs, odd.no_majority, placeholders_only=not labelled)))
    return found


def _pair(sides: dict[str, Side], odd: Odd) -> tuple[Side, Side]:
    """The odd locale's side and the one it is compared with: one that
    expects the same statuses when there is one, so a check turned round is
    seen whatever a third locale expects; else both without their checks
    (the statuses differ: status-drift's to name)."""
    mine = sides[odd.locale]
    alike = [loc for loc in odd.against if _statuses(sides[loc].sample) == _statuses(mine.sample)]
    if alike:
        return mine, sides[alike[0]]
    return mine.without_checks(), sides[odd.against[0]].without_checks()


def _sides(units: dict[str, Unit], language: str, hinted: frozenset[str]) -> dict[str, Side]:
    """Each locale's tokens: lexed as `language` (an unlabelled block as its
    labelled counterpart's, when it lexes so), or the URLs of blocks that no
    locale labels; lines that request rules read in every locale dropped."""
    every_sends = all(u.sample.requests for u in units.values())
    sides: dict[str, Side] = {}
    for loc, unit in units.items():
        found = tokens(language, unit.sample.fence.text, hinted) if language \
            else [_keyed(t, hinted) for t in urls(unit.sample.fence.text)]
        if found is None or len(found) > MAX_TOKENS or not _parses(language, unit.sample.fence.text):
            continue
        checks: frozenset[int] = frozenset()
        if every_sends:
            # A status check's numbers are status-drift's; which way it goes
            # (`== 200` / `!= 200`) is this rule's to see (see `_pair`).
            covered, status_only = _request_lines(unit.sample)
            found = [t for t in found if t.line not in covered
                     or (t.line in status_only and t.text in _POLARITY)]
            checks = frozenset(i for i, t in enumerate(found) if t.line in status_only)
        sides[loc] = Side(loc, unit.sample, tuple(found), checks)
    return sides


@lru_cache(maxsize=1024)
def _parses(language: str, code: str) -> bool:
    """Python has its parser at hand: a block labelled Python that it rejects
    is a prompt, output or prose under a Python label, not code to compare
    (Pygments lexes any text). Placeholders written bare (`<docId>`) are quoted first."""
    if compared_language(language) != "Python":
        return True
    try:
        ast.parse(textwrap.dedent(placeholders.quote_bare(code)))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _request_lines(sample: Sample) -> tuple[set[int], set[int]]:
    """The lines of a sample its requests are read from: each call's span, and
    every part's line (a body built in a variable above the call); and of
    those, the lines that hold nothing but a status check."""
    covered: set[int] = set()
    status: set[int] = set()
    for request in sample.requests:
        start = request.lines.get("start")
        if start is not None:
            covered.update(range(start, request.lines.get("end", start) + 1))
        covered.update(line for part, line in request.lines.items() if part != "status")
        if "status" in request.lines:
            status.add(request.lines["status"])
    return covered | status, status - covered


def _statuses(sample: Sample) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(request.expected_status) for request in sample.requests)


def _aligned(theirs: tuple[tuple[str, str], ...], mine: tuple[tuple[str, str], ...]) -> list[Opcode]:
    """The alignment of two token sequences, once per pair of sequences: the
    repair check of a root cause (checker/cascade.py) runs the set rules again
    with one page changed, and aligning the other pages' samples again was
    most of a large page set's time (seconds per pair of long samples)."""
    key = (theirs, mine)
    if key not in _ALIGNED:
        if len(_ALIGNED) >= 64:
            _ALIGNED.clear()
        _ALIGNED[key] = opcodes(theirs, mine)
    return _ALIGNED[key]


_ALIGNED: dict[tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]], list[Opcode]] = {}


def _diff(odd: Side, against: Side, no_majority: bool, *, placeholders_only: bool) -> list[Difference]:
    mine, theirs = odd.tokens, against.tokens
    ops = _aligned(tuple(t.key for t in theirs), tuple(t.key for t in mine))
    same = sum(a2 - a1 for tag, a1, a2, _, _ in ops if tag == "equal")
    if not placeholders_only and 2 * same < SAME_CODE * (len(mine) + len(theirs)):
        return []   # not the same code: a rewrite or a pairing by language alone
    moved = _moves(ops, theirs, mine)
    found: list[Difference] = []
    runs: list[tuple[int, int, int, int]] = []
    for index, (tag, a1, a2, b1, b2) in enumerate(ops):
        if tag == "equal":
            found.extend(_placeholders(odd, against, a1, b1, a2 - a1, no_majority))
        elif not placeholders_only and index not in moved:
            runs.append((a1, a2, b1, b2))
    for a1, a2, b1, b2 in _grouped(runs, theirs, mine):
        run_theirs, run_mine = theirs[a1:a2], mine[b1:b2]
        if any(t.kind == CODE and not t.text.isascii() for t in run_theirs + run_mine):
            continue   # prose lexed as code (a word no identifier is): the reader's text
        lost = _in_place(against, a1, a2, odd, b1) if not run_mine else None
        added = _in_place(odd, b1, b2, against, a1) if not run_theirs else None
        if lost is None and added is None and not (run_theirs and run_mine) \
                and (_elsewhere(run_theirs, against, odd) or _elsewhere(run_mine, odd, against)):
            continue
        found.append(Difference(_kind(run_theirs, run_mine), odd, against, run_mine, run_theirs,
                                lost or odd.line_at(b1 if run_mine else b1 - 1),
                                added or against.line_at(a1 if run_theirs else a1 - 1), no_majority))
    return sorted(found, key=lambda d: d.line)


def _in_place(side: Side, start: int, end: int, other: Side, at: int) -> int | None:
    """The line of `other` that writes, without them, the line that tokens
    `start:end` (only `side` writes them) stand on, where they would stand
    (`if (!res.ok)` / `if (res.ok)`): an edit, never a line moved to another
    block. None when there is no such line."""
    lines = {t.line for t in side.tokens[start:end]}
    if len(lines) != 1:
        return None
    line = lines.pop()
    if all(i in side.checks for i in range(start, end)):
        # All that is kept of a status check's line: the other side checks the
        # same statuses, on the line its request reading found.
        return _status_line(other.sample, side.sample, line)
    rest = tuple(t.key for i, t in enumerate(side.tokens) if t.line == line and not start <= i < end)
    near = sorted({other.tokens[i].line for i in (at - 1, at) if 0 <= i < len(other.tokens)})
    return next((n for n in near if rest and tuple(t.key for t in other.tokens if t.line == n) == rest), None)


def _status_line(sample: Sample, like: Sample, line: int) -> int | None:
    """The status-check line of `sample`'s request that stands where `like`'s
    request checks its status at `line`."""
    for theirs, mine in zip(like.requests, sample.requests, strict=False):
        if theirs.lines.get("status") == line:
            return mine.lines.get("status")
    return None


def _elsewhere(run: tuple[Token, ...], side: Side, other: Side) -> bool:
    """Whether the lines of a run one locale alone writes stand in some sample of
    the other locale's page: a block split in two, or a line moved to the next
    block, is not drift."""
    if not run:
        return False
    rows = side.sample.fence.text.split("\n")
    wanted = {" ".join(rows[t.line - 1].split()) for t in run if 0 < t.line <= len(rows)}
    return bool(wanted) and wanted <= _page_lines(other.sample.page)


def _page_lines(page: Page) -> frozenset[str]:
    """The code lines of every sample of a page, whitespace normalised."""
    key = id(page)
    if key not in _PAGE_LINES or _PAGE_LINES[key][0] is not page:
        lines = frozenset(" ".join(row.split()) for sample in page.samples
                          for row in sample.fence.text.split("\n"))
        if len(_PAGE_LINES) > 64:
            _PAGE_LINES.clear()
        _PAGE_LINES[key] = (page, lines)
    return _PAGE_LINES[key][1]


_PAGE_LINES: dict[int, tuple[Page, frozenset[str]]] = {}


def _grouped(runs: list[tuple[int, int, int, int]], theirs: tuple[Token, ...],
             mine: tuple[Token, ...]) -> list[tuple[int, int, int, int]]:
    """Differing runs, those close together on the same lines made one
    (`text` / `text()` is one difference, not a `(` and a `)`)."""
    grouped: list[tuple[int, int, int, int]] = []
    for a1, a2, b1, b2 in runs:
        if grouped:
            pa1, pa2, pb1, pb2 = grouped[-1]
            one_line = len({t.line for t in theirs[pa1:a2]}) <= 1 and len({t.line for t in mine[pb1:b2]}) <= 1
            if a1 - pa2 <= 2 and b1 - pb2 <= 2 and one_line:
                grouped[-1] = (pa1, a2, pb1, b2)
                continue
        grouped.append((a1, a2, b1, b2))
    return grouped


def _kind(theirs: tuple[Token, ...], mine: tuple[Token, ...]) -> str:
    """A run of string literals only is literal drift, a literal for a literal
    whose placeholders differ is a translated placeholder; anything else is code."""
    both = theirs + mine
    if not theirs or not mine or any(t.kind != LITERAL for t in both):
        return CODE
    if len(theirs) == len(mine) == 1 and _held(theirs[0]) != _held(mine[0]) and _held(theirs[0]):
        return PLACEHOLDER
    if all(_prose(t.text) for t in both):
        return TEXT
    return LITERAL


def _prose(text: str) -> bool:
    """A literal that is a message (words, or letters of a script no value is
    written in) rather than a value: `"Tell me a joke!"`, `"画像IDを入力"`."""
    if "://" in text:
        return False
    return bool(_PROSE.search(text)) or sum(1 for c in text if c.isalpha() and not c.isascii()) >= 2


def _held(token: Token, hinted: frozenset[str] = frozenset()) -> list[str]:
    return placeholders.in_text(token.text, hinted, url=bool(_URL.search(token.text)))


def _placeholders(odd: Side, against: Side, a1: int, b1: int, size: int,
                  no_majority: bool) -> Iterator[Difference]:
    """Aligned tokens alike once placeholders are masked, whose placeholders differ."""
    for offset in range(size):
        theirs, mine = against.tokens[a1 + offset], odd.tokens[b1 + offset]
        if theirs.text != mine.text and maskable(mine) and _held(theirs) != _held(mine):
            yield Difference(PLACEHOLDER, odd, against, (mine,), (theirs,), mine.line, theirs.line,
                             no_majority)


def _moves(ops: list[tuple[str, int, int, int, int]], theirs: tuple[Token, ...],
           mine: tuple[Token, ...]) -> set[int]:
    """Indexes of the opcodes that only move a run (deleted here, inserted
    there unchanged, a trailing comma aside): reordered keys or lines. The
    alignment may cut the moved run elsewhere than where it starts
    (`( filePath ) , contentType : getType` deleted for `contentType : getType
    ( filePath ) ,` inserted, the run after it ending alike): a rotation of it
    is the same move."""
    def run(tokens: tuple[Token, ...]) -> tuple[tuple[str, str], ...]:
        return tuple(t.key for t in tokens if t.text != ",")

    def same_move(a: tuple[tuple[str, str], ...], b: tuple[tuple[str, str], ...]) -> bool:
        # Rotations are tried for a key or a line's worth of tokens (quadratic).
        return a == b or (len(a) == len(b) <= MAX_ROTATED and any(a == b[k:] + b[:k] for k in range(len(b))))

    deleted = {i: run(theirs[a1:a2]) for i, (tag, a1, a2, _, _) in enumerate(ops) if tag == "delete"}
    inserted = {i: run(mine[b1:b2]) for i, (tag, _, _, b1, b2) in enumerate(ops) if tag == "insert"}
    moved: set[int] = set()
    for i, keys in deleted.items():
        match = next((j for j, other in inserted.items() if same_move(other, keys) and j not in moved), None)
        if match is not None and any(t[1][:1].isalnum() or t[0] != CODE for t in keys):
            moved.update({i, match})
    return moved


def _once(found: list[Difference]) -> list[Difference]:
    """One difference per change: a name renamed on five lines is one finding,
    at its first line, naming the others."""
    first: dict[tuple, int] = {}
    kept: list[Difference] = []
    for difference in found:
        change = (difference.kind, tuple(t.key for t in difference.mine),
                  tuple(t.key for t in difference.theirs))
        if change in first:
            index = first[change]
            kept[index] = replace(kept[index], also=(*kept[index].also, difference.page_line))
            continue
        first[change] = len(kept)
        kept.append(difference)
    return kept


def _capped(found: list[Difference]) -> list[Difference]:
    """The first MAX_REPORTED code and literal differences (the last saying how
    many more there are), and the first MAX_REPORTED placeholder ones."""
    found = _once(found)
    kept: list[Difference] = []
    for kinds in ((CODE, LITERAL), (PLACEHOLDER,)):
        of_kind = [d for d in found if d.kind in kinds]
        shown = of_kind[:MAX_REPORTED]
        if len(of_kind) > MAX_REPORTED:
            shown[-1] = replace(shown[-1], more=len(of_kind) - MAX_REPORTED)
        kept.extend(shown)
    return kept


def shown(tokens: tuple[Token, ...]) -> str:
    """`apiKey: "x"`: a run of tokens as a message quotes it (cut short)."""
    return show(" ".join(t.shown for t in tokens))


def _punctuation_only(tokens: tuple[Token, ...]) -> bool:
    return bool(tokens) and not any(ch.isalnum() for t in tokens for ch in t.text)


def _line_of(side: Side, line: int) -> str:
    """A sample line as written, spaces squeezed."""
    lines = side.sample.fence.text.split("\n")
    return " ".join(lines[line - 1].split()) if 0 < line <= len(lines) else ""


def hit_of(ctx: SetContext, difference: Difference, fingerprint: str) -> tuple[Page, Hit]:
    """The finding of a difference: at the odd locale's line, naming both values and both lines."""
    odd, against = difference.odd, difference.against
    here = f"{odd.sample.page.path}:{difference.page_line}"
    there = f"{against.sample.page.path}:{difference.their_page_line}"
    section = f' of "{odd.sample.section}"' if odd.sample.section else ""
    named = f"the {language_name(odd.sample)} sample{section}"
    if _punctuation_only(difference.mine + difference.theirs):
        # `)` against `( ) )` says nothing: the lines as written do.
        text = (f"{named} writes {show(_line_of(odd, difference.line))} in {odd.locale} ({here}) "
                f"where {against.locale} writes {show(_line_of(against, difference.their_line))} ({there})")
    elif not difference.mine:
        text = (f"{named} lacks {shown(difference.theirs)} in {odd.locale} ({here}) "
                f"that {against.locale} writes ({there})")
    elif not difference.theirs:
        text = (f"{named} writes {shown(difference.mine)} in {odd.locale} ({here}) "
                f"that {against.locale} does not write ({there})")
    else:
        text = (f"{named} writes {shown(difference.mine)} in {odd.locale} ({here}) "
                f"where {against.locale} writes {shown(difference.theirs)} ({there})")
    if difference.kind == PLACEHOLDER:
        text += ": placeholders are code, keep them as written"
    if difference.also:
        lines = ", ".join(str(n) for n in sorted(set(difference.also)))
        text += f" (the same on line{'s' if len(set(difference.also)) > 1 else ''} {lines})"
    if difference.more:
        text += f" (and {difference.more} more difference{'s' if difference.more > 1 else ''} in this sample)"
    if difference.no_majority:
        text += f" (no majority among the locales; compared with {against.locale})"
    related = [Related(against.sample.page.path, difference.their_page_line, against.locale)]
    key = " ".join(t.text for t in difference.mine) + "|" + " ".join(t.text for t in difference.theirs)
    made = Hit(difference.page_line, text, related=related,
               fingerprint_key=f"{fingerprint}:{key}|{odd.sample.language}|{odd.sample.section}")
    _code_hits(ctx)[id(made)] = made
    return odd.sample.page, made
