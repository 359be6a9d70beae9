"""Shell samples: the bash text read once, its commands handed to their tools' readers.

A bash / console sample is parsed with tree-sitter-bash, never run. This
module is what every command-line tool shares: the tree, words unquoted the
way the shell would, variables, here-documents and pipes. `ShellExtractor`
finds every command a reader is registered for (`TOOLS` of
`checker.languages.shell`: `curl`, `http`, `wget`...) and hands each, its
arguments already resolved, to that reader (`checker.extract.curl` and the
like), which makes its requests with the shared `RequestDraft`.

What it understands:

* every command anywhere in the tree, in source order: one per line,
  `curl ... && curl ...`, pipelines (`curl ... | jq .`), inside `$(...)`, `if`,
  functions; `curl.exe`; behind `sudo`, `env`, `time`, `command`, `exec`, `nohup`;
* words unquoted the way the shell would: `'...'`, `"... $X ..."`, `a\\ b`,
  `$'...'`, concatenations, `\\` line continuations;
* variables assigned earlier in the sample (`TOKEN=abc`, `export BASE=...`,
  `declare`/`local`/`readonly`) resolve later `$TOKEN` / `${TOKEN}`; anything
  else is kept as `${...}` in place: an unset `$TOKEN` stays `${TOKEN}`,
  `${X:-default}` stays as written, `$(date)` becomes `${$(date)}` (and a
  variable assigned from `$(...)` stays unknown: `${TOKEN}`);
* `<<EOF ... EOF`, `<<< '...'`, `echo '...' | tool` and `cat <<EOF | tool`:
  what is fed to stdin is the command's `stdin` (`<<'EOF'` bodies as written);
* console blocks: `$ ` prompts are dropped and the lines after each command
  that belong to no command (the output shown) are ignored; output lines in a
  block without prompts (a JSON response) do not produce an error either;
* `<placeholder>` written unquoted inside a word (`/chatflows/<id>`), which the
  shell reads as redirections, is glued back into the word as the reader means it.

Left alone, on purpose: word splitting of unquoted `$VARS`; loops (a loop
body is read once); `set`, `read`, `source`; files (never read).

A syntax error is reported only when an ERROR or MISSING node of the tree
touches a command a reader is registered for (docs blocks often carry output
or prose lines); that command yields no request, the others still do.

Bounds: a `tool` word is looked for at most `_ANCESTORS` levels up; characters
past U+323AF reach the grammar as a stand-in; at most `_MAX_STRAY_LINES` lines
of prose are dropped and re-read; a text of more than `MAX_OPERATORS` pipe and
list operators (tree-sitter-bash is quadratic on them) is not parsed at all.
"""

from __future__ import annotations

import importlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from tree_sitter import Language, Node, Parser, Tree

from checker.extract.base import Extraction, guarded
from checker.model import Request

_PARSER: Parser | None = None


def _parser() -> Parser:
    """The tree-sitter-bash parser, built once per process on first use."""
    global _PARSER
    if _PARSER is None:
        import tree_sitter_bash

        _PARSER = Parser(Language(tree_sitter_bash.language()))
    return _PARSER


# tree-sitter-bash 0.25 reads out of bounds on a `{` followed by a code point
# of planes 3 to 16 (`{` U+E0001: a segfault in some runs, found by the long
# fuzz run). Such a code point reaches it as U+20000, of the same UTF-8
# length, so every byte offset and line stays where it was; planes 3 to 16
# hold only rare ideographs, tags and private use, never shell syntax.
_FAR_PLANES = re.compile(rb"\xf0[\xb0-\xbf][\x80-\xbf]{2}|[\xf1-\xf4][\x80-\xbf]{3}")
_NEAR_STAND_IN = "\U00020000".encode("utf-8")


def _parse(data: bytes) -> Tree:
    """A bash parse of UTF-8 `data`, never handing the grammar what crashes it."""
    return _parser().parse(_FAR_PLANES.sub(_NEAR_STAND_IN, data))


# Commands that run the command named after their own options.
_WRAPPERS = frozenset({"sudo", "doas", "env", "time", "command", "exec", "nohup"})
_WRAPPER_OPTS_WITH_ARG = frozenset({"-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U"})

# Tree nodes that stand for a whole statement: an error-free one inside an
# ERROR node is a command tree-sitter did read, not part of the error.
_STATEMENTS = frozenset({
    "command", "redirected_statement", "pipeline", "list", "variable_assignment",
    "declaration_command", "comment", "subshell", "compound_statement", "if_statement",
    "for_statement", "c_style_for_statement", "while_statement", "case_statement",
    "function_definition", "negated_command", "test_command", "unset_command",
})
_EXPANSIONS = frozenset({"simple_expansion", "expansion"})
_DYNAMIC = frozenset({"command_substitution", "arithmetic_expansion", "process_substitution"})

# What a backslash escapes inside "..." and inside an unquoted here-document.
_ESCAPABLE = {"dq": '$`"\\', "heredoc": "$`\\"}
_MAX_STRAY_LINES = 8
_BLANK = bytes(0x0A if b == 0x0A else 0x20 for b in range(256))
_ANSI_SIMPLE = {"a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n",
                "r": "\r", "t": "\t", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}


# --- values with their lines ---------------------------------------------------

@dataclass
class Value:
    """A word as the shell would pass it, and where each part of it is written.

    `marks` are (offset in text, 0-based source row) pairs: the text from an
    offset on is written from that row on, so a key inside a multi-line JSON
    string, or inside a variable assigned above, maps back to its own line.
    """

    text: str = ""
    row: int = 0                    # the row where the value as a whole is written
    marks: list[tuple[int, int]] = field(default_factory=list)
    dynamic: bool = False           # holds a `$(...)`: a variable set to it stays unknown
    _newlines: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    def line_at(self, offset: int) -> int:
        """1-based line of the character at `offset`."""
        index = bisect_right(self.marks, (offset, float("inf"))) - 1
        start, row = self.marks[index] if index >= 0 else (0, self.row)
        # Newlines between the mark and the offset, by bisection: a body of
        # thousands of keys must not rescan its text for each one.
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        between = bisect_left(self._newlines, offset) - bisect_left(self._newlines, start)
        return row + max(0, between) + 1

    @property
    def line(self) -> int:
        return self.row + 1

    def tail(self, start: int) -> Value:
        """The value from `start` on (`-XPOST`, `--data=x`), lines kept."""
        marks = [(max(0, off - start), r) for off, r in self.marks]
        first_row = self.line_at(start) - 1
        marks = [(0, first_row)] + [m for m in marks if m[0] > 0]
        return Value(self.text[start:], first_row, marks, self.dynamic)


class Builder:
    """Collects the parts of a Value; joins them once at the end."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.marks: list[tuple[int, int]] = []
        self.size = 0
        self.dynamic = False

    def add(self, text: str, row: int) -> None:
        if text:
            self.marks.append((self.size, row))
            self.parts.append(text)
            self.size += len(text)

    def extend(self, value: Value) -> None:
        marks = value.marks or [(0, value.row)]
        self.marks.extend((self.size + off, r) for off, r in marks)
        self.parts.append(value.text)
        self.size += len(value.text)
        self.dynamic |= value.dynamic

    def placeholder(self, inner: str, row: int, dynamic: bool = False) -> None:
        self.add("${" + inner + "}", row)
        self.dynamic |= dynamic

    def build(self, row: int) -> Value:
        return Value("".join(self.parts), row, self.marks, self.dynamic)


class _Source:
    """The sample as bytes, for node text and the row of any byte offset."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.newlines = [m.start() for m in re.finditer(b"\n", data)]

    def text(self, start: int, end: int) -> str:
        return self.data[start:end].decode("utf-8", "replace")

    def node_text(self, node: Node) -> str:
        return self.text(node.start_byte, node.end_byte)

    def row_of(self, offset: int) -> int:
        return bisect_left(self.newlines, offset)

    def newline_between(self, start: int, end: int) -> bool:
        """Whether a statement ends between two tokens (a newline not escaped by `\\`)."""
        at = self.data.find(b"\n", start, end)
        while at != -1:
            if at == 0 or self.data[at - 1] != 0x5C:
                return True
            at = self.data.find(b"\n", at + 1, end)
        return False


# --- unquoting -----------------------------------------------------------------

def _add_literal(out: Builder, raw: str, row: int, mode: str) -> None:
    """Adds source text as the shell reads it: `word` (unquoted), `dq`, `heredoc` or `raw`.

    A backslash-newline is removed (a continuation); the text after it is
    marked on its own row so that lines stay right.
    """
    if mode == "raw" or "\\" not in raw:
        out.add(raw, row)
        return
    chunk: list[str] = []
    chunk_row, i = row, 0
    current_row = row
    while i < len(raw):
        char = raw[i]
        nxt = raw[i + 1] if i + 1 < len(raw) else ""
        if char == "\\" and nxt == "\n":
            out.add("".join(chunk), chunk_row)
            chunk, current_row, i = [], current_row + 1, i + 2
            chunk_row = current_row
            continue
        if char == "\\" and nxt and (mode == "word" or nxt in _ESCAPABLE[mode]):
            chunk.append(nxt)
            i += 2
            continue
        if char == "\n":
            current_row += 1
        chunk.append(char)
        i += 1
    out.add("".join(chunk), chunk_row)


def _ansi_escape(raw: str, i: int) -> tuple[str, int]:
    """Decodes the `$'...'` escape starting at raw[i] == '\\': (text, next index)."""
    nxt = raw[i + 1] if i + 1 < len(raw) else ""
    if nxt in _ANSI_SIMPLE:
        return _ANSI_SIMPLE[nxt], i + 2
    digits = {"x": (16, 2), "u": (16, 4), "U": (16, 8)}.get(nxt)
    if digits:
        base, width = digits
        j = i + 2
        while j < len(raw) and j < i + 2 + width and raw[j] in "0123456789abcdefABCDEF":
            j += 1
        if j > i + 2:
            code = int(raw[i + 2:j], base)
            return (chr(code) if code <= 0x10FFFF else ""), j
    if nxt.isdigit() and nxt < "8":
        j = i + 1
        while j < len(raw) and j < i + 4 and "0" <= raw[j] <= "7":
            j += 1
        return chr(int(raw[i + 1:j], 8)), j
    if nxt == "c" and i + 2 < len(raw):
        return chr(ord(raw[i + 2]) & 0x1F), i + 3
    return "\\" + nxt, i + 2


def _add_ansi(out: Builder, raw: str, row: int) -> None:
    """`$'a\\tb'`: each escape decoded; newlines it makes keep the source row."""
    run: list[str] = []
    run_row, i = row, 0
    while i < len(raw):
        if raw[i] == "\\":
            out.add("".join(run), run_row)
            run_row += "".join(run).count("\n")
            run = []
            text, i = _ansi_escape(raw, i)
            out.add(text, run_row)
            continue
        run.append(raw[i])
        i += 1
    out.add("".join(run), run_row)


class _Resolver:
    """Turns argument nodes into Values, with the variables known so far."""

    def __init__(self, src: _Source) -> None:
        self.src = src
        self.env: dict[str, Value] = {}

    def value(self, node: Node) -> Value:
        out = Builder()
        self._append(node, out)
        return out.build(self._written_row(node))

    def _written_row(self, node: Node) -> int:
        """Where the value is written: the variable's own line for a lone `$X`."""
        sole = node
        while sole.type in ("string", "concatenation"):
            named = sole.named_children
            if len(named) != 1 or sole.type == "string" and (
                    named[0].type not in _EXPANSIONS or _has_literal(sole, named[0])):
                break
            sole = named[0]
        if sole.type in _EXPANSIONS:
            name = _expansion_name(sole, self.src)
            if name in self.env:
                return self.env[name].row
        return node.start_point.row

    def _append(self, node: Node, out: Builder) -> None:
        kind, row = node.type, node.start_point.row
        text = self.src.node_text(node)
        if kind == "raw_string":
            body = text[1:-1] if len(text) >= 2 and text.endswith("'") else text[1:]
            out.add(body, row)
        elif kind == "ansi_c_string":
            body = text[2:-1] if len(text) >= 3 and text.endswith("'") else text[2:]
            _add_ansi(out, body, row)
        elif kind in ("string", "translated_string"):
            self._append_string(node, out)
        elif kind == "heredoc_body":
            self._append_children(node, out, "heredoc", node.start_byte, node.end_byte)
        elif kind == "concatenation":
            self._append_children(node, out, "word", node.start_byte, node.end_byte)
        elif kind in _EXPANSIONS:
            self._append_expansion(node, out)
        elif kind in _DYNAMIC:
            out.placeholder(text, row, dynamic=True)
        else:  # word, number, brace expressions, anything else: as written, unescaped
            _add_literal(out, text, row, "word")

    def _append_string(self, node: Node, out: Builder) -> None:
        start, end = node.start_byte, node.end_byte
        children = node.children
        if children and children[0].type in ('"', '$"'):
            start = children[0].end_byte
        if len(children) > 1 and children[-1].type == '"' and not children[-1].is_missing:
            end = children[-1].start_byte
        self._append_children(node, out, "dq", start, end)

    def _append_children(self, node: Node, out: Builder, mode: str, start: int, end: int) -> None:
        """The named children in [start, end), the text between them as literal."""
        pos = start
        for child in node.children:
            if child.start_byte < start or child.end_byte > end or child.end_byte == child.start_byte:
                continue
            if child.start_byte > pos:
                _add_literal(out, self.src.text(pos, child.start_byte), self.src.row_of(pos), mode)
            if child.type in _EXPANSIONS or child.type in _DYNAMIC or mode == "word":
                self._append(child, out)
            else:  # string_content and stray tokens inside "...": literal
                _add_literal(out, self.src.node_text(child), child.start_point.row, mode)
            pos = child.end_byte
        if end > pos:
            _add_literal(out, self.src.text(pos, end), self.src.row_of(pos), mode)

    def _append_expansion(self, node: Node, out: Builder) -> None:
        name = _expansion_name(node, self.src)
        if name is not None and name in self.env:
            out.extend(self.env[name])
            return
        text = self.src.node_text(node)
        inner = text[2:-1] if text.startswith("${") and text.endswith("}") else text[1:]
        out.placeholder(inner, node.start_point.row)

    def assign(self, node: Node) -> None:
        """`NAME=value` (or `+=`): later `$NAME` resolves, unless the value runs a command."""
        name_node = node.child_by_field_name("name")
        if name_node is None or name_node.type != "variable_name":
            return
        name = self.src.node_text(name_node)
        value_node = node.child_by_field_name("value")
        if value_node is None:
            self.env[name] = Value("", node.start_point.row)
            return
        if value_node.type == "array":
            self.env.pop(name, None)
            return
        value = self.value(value_node)
        if value.dynamic:
            self.env.pop(name, None)  # `$(...)`: `$NAME` later reads better than the command
            return
        if any(c.type == "+=" for c in node.children) and name in self.env:
            joined = Builder()
            joined.extend(self.env[name])
            joined.extend(value)
            value = joined.build(value.row)
        self.env[name] = value


def _has_literal(string_node: Node, only: Node) -> bool:
    """Whether a "..." string holds text besides its one expansion."""
    inner_start = string_node.start_byte + 1
    inner_end = string_node.end_byte - 1
    return only.start_byte > inner_start or only.end_byte < inner_end


def _expansion_name(node: Node, src: _Source) -> str | None:
    """`$X`, `${X}` -> "X"; `${X:-d}`, `${#X}` and the like -> None (kept as written)."""
    if node.type == "simple_expansion":
        named = node.named_children
        return src.node_text(named[0]) if named else None
    named = node.named_children
    children = [c.type for c in node.children]
    if len(named) == 1 and named[0].type == "variable_name" and children == ["${", "variable_name", "}"]:
        return src.node_text(named[0])
    return None


# --- the tree ------------------------------------------------------------------

def _walk(node: Node) -> Iterator[Node]:
    """Pre-order, without recursion (deeply nested garbage must not overflow)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def _is_prompt(line: str) -> bool:
    stripped = line.lstrip(" \t")
    return stripped.startswith("$ ") or stripped.rstrip() == "$"


def _first_statement_end(root: Node) -> int:
    """0-based row where the first statement of a chunk ends (0 when none)."""
    for child in root.named_children:
        if child.type == "comment":
            continue
        end = child.end_point
        return end.row - 1 if end.column == 0 and end.row > 0 else end.row
    return 0


def _mask_console(code: str) -> str:
    """Console blocks: drops `$ ` prompts and blanks the output lines.

    Each prompt's command is parsed on its own to find where it ends
    (continuations, quotes, here-documents); the lines after it, up to the next
    prompt, are what the command printed. Lines keep their numbers.
    """
    lines = code.split("\n")
    prompts = [i for i, line in enumerate(lines) if _is_prompt(line)]
    if not prompts:
        return code
    # Lines before the first prompt are kept: output only ever follows a command.
    masked = lines[:prompts[0]] + [""] * (len(lines) - prompts[0])
    for k, first in enumerate(prompts):
        stop = prompts[k + 1] if k + 1 < len(prompts) else len(lines)
        chunk = [lines[first].replace("$", " ", 1)] + lines[first + 1:stop]
        tree = _parse("\n".join(chunk).encode("utf-8", "replace"))
        last = min(_first_statement_end(tree.root_node), len(chunk) - 1)
        masked[first:first + last + 1] = chunk[:last + 1]
    return "\n".join(masked)


# --- syntax errors -------------------------------------------------------------

@dataclass
class _Spot:
    start_byte: int
    first_row: int
    last_row: int
    line: int            # 1-based, where to report
    message: str
    # An unclosed quote on a line of prose or output ("It's done") that ran
    # over a later tool command: that line is dropped and the sample read again.
    swallows_tool: bool = False
    touches_tool: bool = False


def _error_spots(root: Node, src: _Source, tools: re.Pattern[str]) -> list[_Spot]:
    """The tokens of each ERROR node that belong to no statement it still read."""
    spots: list[_Spot] = []
    for node in _walk(root):
        if node.type != "ERROR":
            continue
        stack = list(reversed(node.children))
        while stack:
            current = stack.pop()
            if current.type in _STATEMENTS and not current.has_error:
                continue
            if current.child_count:
                if current.type != "ERROR":  # nested ERROR nodes get their own turn
                    stack.extend(reversed(current.children))
                continue
            spots.append(_leaf_spot(current, src, tools))
    return spots


def _leaf_spot(leaf: Node, src: _Source, tools: re.Pattern[str] | None = None) -> _Spot:
    text = src.node_text(leaf)
    first_line = text.split("\n", 1)[0][:40]
    unclosed = text[:1] in ("'", '"') and (len(text) < 2 or text[-1] != text[0])
    if unclosed:
        message = f"unterminated quoted string starting with `{first_line}`"
    else:
        message = f"syntax error near `{first_line}`"
    swallows = unclosed and tools is not None and tools.search(text.partition("\n")[2]) is not None
    return _Spot(leaf.start_byte, leaf.start_point.row, leaf.end_point.row,
                 leaf.start_point.row + 1, message, swallows)


def _inner_error(node: Node, src: _Source) -> tuple[str, int]:
    """The first ERROR or MISSING node inside a command: (message, 1-based line)."""
    for current in _walk(node):
        if current.is_missing:
            token = current.type
            if token in ('"', "'", "`") and current.parent is not None:
                opener = current.parent.start_point.row + 1
                return f"unterminated string: missing closing `{token}`", opener
            return f"syntax error: missing `{token}`", current.start_point.row + 1
        if current.type == "ERROR":
            leaf = current
            while leaf.child_count:
                leaf = leaf.children[0]
            spot = _leaf_spot(leaf, src)
            return spot.message, spot.line
    return "syntax error", node.start_point.row + 1


def _touching_error(found: _Found, spots: list[_Spot], src: _Source) -> tuple[str, int] | None:
    """The error that makes a tool's command unreadable, if any."""
    statement = found.statement
    if statement.has_error:
        return _inner_error(statement, src)
    first, last = statement.start_point.row, statement.end_point.row
    skip = found.absorbed or (0, 0)
    for spot in spots:
        if skip[0] <= spot.start_byte < skip[1]:
            continue
        if spot.first_row <= last and spot.last_row >= first:
            spot.touches_tool = True
            return spot.message, spot.line
    return None


# --- finding the tools' commands -----------------------------------------------------

@dataclass
class _Arg:
    """One argument: the nodes (or literal text) glued together into one word."""

    parts: list[Node | tuple[str, int]]
    end_byte: int


@dataclass
class _Found:
    statement: Node               # the command, or its redirected_statement
    args: list[_Arg]
    name: str = ""                # the tool: `curl`, `http`...
    stdin: Node | None = None     # a here-document body or here-string value
    stdin_raw: bool = False       # `<<'EOF'`: no expansion in the body
    stdin_value: Value | None = None
    stdin_file: Node | None = None   # `< body.json`
    # Where tree-sitter ran a redirection over a line end (`tool .../<id>` then
    # a newline): the shell's next statement starts there and is read anew.
    restart: int | None = None
    last_row: int | None = None   # the call's last row, when cut short by `restart`
    absorbed: tuple[int, int] | None = None  # an ERROR node that was the `>` of `<id>`


def _tool_words(command: Node, resolver: _Resolver,
                tools: Mapping[str, object]) -> tuple[str, list[Node]] | None:
    """The tool a command runs and the argument nodes after its name, looking
    through `sudo`, `env` and the like; None when no reader is registered for it."""
    name_node = command.child_by_field_name("name")
    if name_node is None:
        return None
    args = [c for c in command.children
            if c.start_byte >= name_node.end_byte and c.is_named
            and not c.type.endswith("_redirect") and c.type != "comment"]
    name = _command_basename(resolver.value(name_node).text)
    while name in _WRAPPERS and args:
        args = _skip_wrapper_options(args, resolver)
        if not args:
            return None
        name = _command_basename(resolver.value(args[0]).text)
        args = args[1:]
    return (name, args) if name in tools else None


def _command_basename(text: str) -> str:
    return text.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].lower()


def _skip_wrapper_options(args: list[Node], resolver: _Resolver) -> list[Node]:
    """Drops a wrapper's own options (`sudo -u root`, `env -i A=1`)."""
    i = 0
    while i < len(args):
        text = resolver.value(args[i]).text
        if text in _WRAPPER_OPTS_WITH_ARG:
            i += 2
        elif text.startswith("-") or re.match(r"[A-Za-z_][A-Za-z0-9_]*=", text):
            i += 1
        else:
            break
    return args[i:]


def _tool_command(command: Node, resolver: _Resolver, tools: Mapping[str, object]) -> _Found | None:
    named = _tool_words(command, resolver, tools)
    name_node = command.child_by_field_name("name")
    if named is None or name_node is None:
        return None
    name, words = named
    end = words[-1].end_byte if words else name_node.end_byte
    found = _Found(command, [_Arg([w], w.end_byte) for w in words], name)
    redirects = [c for c in command.children if c.type.endswith("_redirect")]
    parent = command.parent
    if parent is not None and parent.type == "redirected_statement" and parent.children[0] == command:
        found.statement = parent
        redirects += [c for c in parent.children[1:] if c.type.endswith("_redirect")]
    if _apply_redirects(found, redirects, end, resolver.src):
        _close_placeholder(found)
    found.stdin_value = (_stdin_value(found, resolver) if found.stdin is not None
                         else _piped_input(found.statement, resolver))
    if found.stdin_value is None and found.stdin_file is not None:
        found.stdin_value = _file_value(found.stdin_file, resolver)
    return found


def _file_value(word: Node, resolver: _Resolver) -> Value:
    """`< body.json` as `@body.json`, the way a tool names a file to send (never read)."""
    out = Builder()
    out.add("@", word.start_point.row)
    out.extend(resolver.value(word))
    return out.build(word.start_point.row)


def _stdin_value(found: _Found, resolver: _Resolver) -> Value | None:
    """The here-document or here-string; `<<'EOF'` bodies are taken as written."""
    if found.stdin is None:
        return None
    if found.stdin_raw:
        return _raw_value(found.stdin, resolver.src)
    return resolver.value(found.stdin)


def _piped_input(statement: Node, resolver: _Resolver) -> Value | None:
    """What `echo '...' |` or `cat <<EOF ... |` feeds the command after it."""
    parent = statement.parent
    if parent is None or parent.type != "pipeline":
        return None
    before = statement.prev_named_sibling
    holder = parent.parent
    if before is None and holder is not None and holder.type == "heredoc_redirect":
        # `cat <<EOF | tool ...`: tree-sitter hangs the pipe inside the here-document.
        before = holder.parent
    command = before
    if before is not None and before.type == "redirected_statement" and before.named_children:
        command = before.named_children[0]
    if command is None or command.type != "command":
        return None
    name_node = command.child_by_field_name("name")
    if name_node is None:
        return None
    name = _command_basename(resolver.value(name_node).text)
    args = [resolver.value(c) for c in command.children if c.is_named
            and c.start_byte >= name_node.end_byte and not c.type.endswith("_redirect")]
    if name in ("echo", "printf"):
        args = [a for a in args if not (name == "echo" and a.text in ("-n", "-e", "-E"))]
        return args[0] if len(args) == 1 else None
    if name == "cat" and not args and before is not None and before is not command:
        feeder = _Found(before, [])
        _apply_redirects(feeder, [c for c in before.children if c.type.endswith("_redirect")],
                         command.end_byte, resolver.src)
        return _stdin_value(feeder, resolver)
    return None


def _close_placeholder(found: _Found) -> None:
    """`tool .../<id>` at the end of a line: the `>` is an ERROR after the statement."""
    after = found.statement.next_sibling
    if after is not None and after.type == "ERROR" and after.child_count == 1 \
            and after.children[0].type == ">" and after.start_byte == found.args[-1].end_byte:
        found.args[-1].parts.append((">", after.start_point.row))
        found.absorbed = (after.start_byte, after.end_byte)


def _apply_redirects(found: _Found, redirects: list[Node], end: int, src: _Source) -> bool:
    """Here-documents become stdin; words tree-sitter hung on a redirection
    are arguments again; an unquoted `<id>` glued to a word rejoins it.
    True when the statement ends inside such a `<id>` (its `>` is missing)."""
    open_placeholder = False
    for redirect in redirects:
        if redirect.type == "heredoc_redirect":
            body = next((c for c in redirect.children if c.type == "heredoc_body"), None)
            start = next((c for c in redirect.children if c.type == "heredoc_start"), None)
            found.stdin = body
            found.stdin_raw = start is not None and (start.text or b"")[:1] in (b"'", b'"', b"\\")
            continue
        if redirect.type == "herestring_redirect":
            found.stdin = redirect.named_children[-1] if redirect.named_children else None
            continue
        if redirect.type != "file_redirect":
            continue
        operator = next((c for c in redirect.children if not c.is_named), None)
        words = [c for c in redirect.named_children if c.type != "file_descriptor"]
        glue = (operator is not None and found.args and redirect.start_byte == end
                and redirect.children[0] == operator
                and (operator.type == "<" or operator.type == ">" and open_placeholder))
        if glue and operator is not None:
            found.args[-1].parts.append((operator.type, operator.start_point.row))
            end = found.args[-1].end_byte = operator.end_byte
            open_placeholder = operator.type == "<"
        else:
            open_placeholder = False
            if operator is not None and operator.type == "<" and words:
                found.stdin_file = words[0]
        for index, word in enumerate(words):
            if src.newline_between(end, word.start_byte):
                found.restart, found.last_row = word.start_byte, src.row_of(max(0, end - 1))
                return False
            if glue and word.start_byte == end:
                found.args[-1].parts.append(word)
                found.args[-1].end_byte = word.end_byte
            elif glue or index > 0:  # index 0 of a real redirection is its target
                found.args.append(_Arg([word], word.end_byte))
            end = word.end_byte
        if not words:
            end = redirect.end_byte
    return open_placeholder


def _arg_value(arg: _Arg, resolver: _Resolver) -> Value:
    if len(arg.parts) == 1 and not isinstance(arg.parts[0], tuple):
        return resolver.value(arg.parts[0])
    out = Builder()
    for part in arg.parts:
        if isinstance(part, tuple):
            out.add(*part)
        else:
            out.extend(resolver.value(part))
    first = arg.parts[0]
    return out.build(first[1] if isinstance(first, tuple) else first.start_point.row)


def _raw_value(node: Node, src: _Source) -> Value:
    out = Builder()
    out.add(src.node_text(node), node.start_point.row)
    return out.build(node.start_point.row)


# --- what a reader is given ------------------------------------------------------

@dataclass
class Command:
    """One command of a tool a reader is registered for, its words resolved.

    `args` are the words after the tool's name (and after `sudo`, `env`...),
    each a `Value` that knows the line of every part; `stdin` is what a
    here-document, a here-string or a pipe feeds it; `start` and `end` are the
    1-based sample lines the command spans.
    """

    name: str
    args: list[Value]
    stdin: Value | None
    start: int
    end: int


# A tool's reader: its requests (none when the words are no call of it).
Reader = Callable[[Command], list[Request]]


def _command(found: _Found, resolver: _Resolver) -> Command:
    start = found.statement.start_point.row + 1
    end = found.statement.end_point.row + 1
    if found.statement.end_point.column == 0 and end > start:
        end -= 1  # a here-document ends at the start of the next line
    if found.last_row is not None:
        end = found.last_row + 1
    return Command(found.name, [_arg_value(arg, resolver) for arg in found.args],
                   found.stdin_value, start, end)


# --- the extractor -------------------------------------------------------------------

# tree-sitter-bash 0.25 reads past a table on a character after `{` beyond
# the last assigned ones (U+83CDF and U+C18DE were seen to kill the process
# with a segmentation fault; whether a read faults depends on memory). Every
# character past the last CJK block (U+323AF: unassigned planes, tags, private
# use) is read as one of the same UTF-8 length, so every byte offset stays.
_SEGFAULTING = re.compile("[\U000323B0-\U0010FFFF]")
_STAND_IN = "\U00010000"

# tree-sitter-bash takes quadratic time over a long run of pipes and list
# operators (8,000 `a|` take seconds, and a sample is parsed several times):
# a text with more of them than any sample writes is not parsed at all.
MAX_OPERATORS = 1_000
_OPERATOR = re.compile(r"[|&;]")


def _too_many_operators(code: str) -> int | None:
    """The 1-based line of the operator past `MAX_OPERATORS`, if the text has one."""
    for count, match in enumerate(_OPERATOR.finditer(code), start=1):
        if count > MAX_OPERATORS:
            return code.count("\n", 0, match.start()) + 1
    return None


def _load(spec: str | Reader) -> Reader:
    if not isinstance(spec, str):
        return spec
    module, _, function = spec.partition(":")
    reader: Reader = getattr(importlib.import_module(module), function)
    return reader


class ShellExtractor:
    """Reads the commands of a shell sample that a tool's reader is registered
    for (see the module docstring): one parse, every tool.

    `tools` maps a command name to its reader (or its `"module:function"`);
    by default every tool of the shell registry entry.
    """

    languages: frozenset[str] = frozenset({"bash"})

    def __init__(self, tools: Mapping[str, str | Reader] | None = None) -> None:
        if tools is None:
            from checker.languages.shell import TOOLS
            tools = TOOLS
        self._specs = dict(tools)
        self._readers: dict[str, Reader] = {}
        names = "|".join(sorted((re.escape(name) for name in self._specs), key=len, reverse=True))
        # A tool's name followed by a space: a command an unclosed quote ran over.
        self._tool_word = re.compile(rf"(?<![\w.-])(?:{names})(?=[ \t])" if names else r"(?!)")

    def reader(self, name: str) -> Reader:
        if name not in self._readers:
            self._readers[name] = _load(self._specs[name])
        return self._readers[name]

    def extract(self, code: str) -> Extraction:
        return guarded(self._extract, code)

    def _extract(self, code: str) -> Extraction:
        too_long = _too_many_operators(code)
        if too_long is not None:
            return Extraction(error=f"too long to read: more than {MAX_OPERATORS:,} pipe and "
                                    "list operators", error_line=too_long)
        lines = _mask_console(code).split("\n")
        for joint in lost_joins(code):
            # Read the options as the author meant them (continuation-lost reports the lines).
            lines[joint.line - 2] += " \\"
        for _ in range(_MAX_STRAY_LINES):
            text = _SEGFAULTING.sub(_STAND_IN, "\n".join(lines))
            result, stray = self._extract_text(text.encode("utf-8", "replace"))
            if stray is None:
                break
            lines[stray] = ""
        return result

    def _extract_text(self, data: bytes) -> tuple[Extraction, int | None]:
        """All requests of the text, and the row of a stray quote to drop, if any."""
        resolver = _Resolver(_Source(data))
        result = Extraction()
        offset: int | None = 0
        stray = None
        budget = 4_000_000 + 8 * len(data)  # bytes parsed in all: pathological input stops early
        while offset is not None and budget > 0:
            # Bytes before `offset` were read already: blanked, rows and columns kept.
            text = data[:offset].translate(_BLANK) + data[offset:]
            budget -= len(data) - offset
            offset, stray = self._read(text, resolver, result)
        return result, stray

    def _read(self, data: bytes, resolver: _Resolver,
              result: Extraction) -> tuple[int | None, int | None]:
        """Walks one parse: (where to parse anew, the row of a stray quote), each if any."""
        tree = _parse(data)
        src = resolver.src = _Source(data)
        spots = _error_spots(tree.root_node, src, self._tool_word) if tree.root_node.has_error else []
        for node in _walk(tree.root_node):
            if node.type == "variable_assignment" and node.parent is not None \
                    and node.parent.type != "command":
                resolver.assign(node)
            elif node.type == "command":
                restart = self._command(node, resolver, spots, result)
                if restart is not None:
                    return restart, None
            elif node.type == "word" and src.node_text(node) in self._specs \
                    and _inside_error(node):
                self._note_error(result, f"a {src.node_text(node)} command that does not parse",
                                 node.start_point.row + 1)
        stray = next((s.first_row for s in spots if s.swallows_tool and not s.touches_tool), None)
        return None, stray

    def _command(self, node: Node, resolver: _Resolver, spots: list[_Spot],
                 result: Extraction) -> int | None:
        found = _tool_command(node, resolver, self._specs)
        if found is None:
            return None
        problem = _touching_error(found, spots, resolver.src)
        if problem is not None and found.restart is None:
            self._note_error(result, *problem)
            return None
        result.requests.extend(self.reader(found.name)(_command(found, resolver)))
        return found.restart

    @staticmethod
    def _note_error(result: Extraction, message: str, line: int) -> None:
        if result.error is None:
            result.error, result.error_line = message, line


# How far up a tool word's ancestors are searched for the ERROR or command
# holding it: a hostile line nests ERROR nodes as deep as it is long.
_ANCESTORS = 64


def _inside_error(word: Node) -> bool:
    """A tool's word tree-sitter could not place in any command."""
    parent = word.parent
    for _ in range(_ANCESTORS):  # a word of a command is for `_command` to judge
        if parent is None or parent.type == "command":
            return False
        if parent.type == "ERROR":
            return True
        parent = parent.parent
    return True  # buried that deep, it stands in no command


# ----------------------------------------------------------------------------
# Option lines that lost the `\` joining them to their command
# ----------------------------------------------------------------------------

_JOINED_COMMAND = re.compile(r"^(?:\$\s+)?(?:sudo\s+)?(?:curl|wget|http|https|xh)\s")
_OPTION_LINE = re.compile(r"^-{1,2}[A-Za-z]")
_JOINS = ("\\", "`", "^")   # bash, PowerShell and cmd line ends that continue a command


@dataclass(frozen=True)
class LostJoin:
    line: int        # 1-based line of the option line that lost its join
    command: str     # the command line it belongs to
    option: str      # the option line, stripped
    first: bool      # the first such line of its command


def lost_joins(code: str) -> list[LostJoin]:
    """Option lines (`-H ...`) under a `curl`/`wget`/`http` line whose line
    above does not end with a join: the page lost the `\\`. Lines inside a
    quoted `-d '{...}'` are the body, never options."""
    found: list[LostJoin] = []
    command: str | None = None   # the command being written, while its lines go on
    joined = False               # the line above ends with a join
    quotes = 0                   # unescaped single quotes of the command so far
    first = True
    for number, text in enumerate(code.split("\n"), 1):
        stripped = text.strip()
        outside = quotes % 2 == 0
        if command is not None and outside and not joined and _OPTION_LINE.match(stripped):
            found.append(LostJoin(number, command, stripped, first))
            first = False
        elif outside and _JOINED_COMMAND.match(stripped):
            command, first = stripped.rstrip("\\ "), True
        elif command is not None and outside and not joined:
            command = None   # the command ended; this line is something else
        if command is not None:
            quotes += stripped.count("'") - stripped.count("\\'")
        joined = stripped.endswith(_JOINS)
    return found
