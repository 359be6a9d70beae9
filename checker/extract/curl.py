"""The shell extractor: reads the `curl` commands of a bash / console sample.

The sample is parsed with tree-sitter-bash, never run. What it understands:

* every `curl` command anywhere in the tree, in source order: one per line,
  `curl ... && curl ...`, pipelines (`curl ... | jq .`), inside `$(...)`, `if`,
  functions; `curl.exe`; behind `sudo`, `env`, `time`, `command`, `exec`, `nohup`;
* words unquoted the way the shell would: `'...'`, `"... $X ..."`, `a\\ b`,
  `$'...'`, concatenations, `\\` line continuations;
* variables assigned earlier in the sample (`TOKEN=abc`, `export BASE=...`,
  `declare`/`local`/`readonly`) resolve later `$TOKEN` / `${TOKEN}`; anything
  else is kept as `${...}` in place: an unset `$TOKEN` stays `${TOKEN}`,
  `${X:-default}` stays as written, `$(date)` becomes `${$(date)}` (and a
  variable assigned from `$(...)` stays unknown: `${TOKEN}`);
* curl options: `-X/--request`, `-d/--data/--data-ascii/--data-binary/
  --data-raw/--data-urlencode` (several joined with `&` as curl does), `--json`
  (implies `Content-Type` and `Accept: application/json`), `-F/--form/
  --form-string` (multipart), `-H/--header` (a `Cookie` header goes to
  cookies), `-b/--cookie "a=1; b=2"` (a cookie *file* is ignored), `-u/--user`
  (auth scheme only, with `--digest`/`--ntlm`/`--negotiate`/`--anyauth`),
  `-A` (User-Agent), `-e` (Referer), `--oauth2-bearer` (Authorization),
  `-G/--get` and `--url-query` (data into the query), `-I/--head`,
  `-T/--upload-file`, `--url`, `--next`, combined short flags (`-sSL`,
  `-sX POST`, `-XPOST`), `--` ; every other curl option is ignored but
  consumes its argument when it takes one (`-o FILE`, `-w FMT`, `-m 10`...);
* `-d @- <<EOF ... EOF`, `<<< '...'`, `echo '...' | curl -d @-` and
  `cat <<EOF | curl -d @-`: what is fed to stdin is the body;
  `-d @file.json` / `--data-raw @file` keep the string `"@file.json"` (files
  are never read);
* console blocks: `$ ` prompts are dropped and the lines after each command
  that belong to no command (the output shown) are ignored; output lines in a
  block without prompts (a JSON response) do not produce an error either;
* `<placeholder>` written unquoted inside a word (`/chatflows/<id>`), which the
  shell reads as redirections, is glued back into the word as the reader means it.

Left alone, on purpose: `wget`, `httpie` and every other client (curl only);
files named by `@file` or `-K` (never read); curl's `--variable`/`--expand-*`
substitution; `-f/--fail` and `-w '%{http_code}'` (no success status is
recorded: `expected_status` stays empty); word splitting of unquoted `$VARS`;
loops (a loop body is read once); `set`, `read`, `source`.

A syntax error is reported only when an ERROR or MISSING node of the tree
touches a curl command (docs blocks often carry output or prose lines); that
command yields no request, the others still do.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any, Iterator
from urllib.parse import unquote_plus

from tree_sitter import Language, Node, Parser

from checker.extract.base import Extraction, json_key_offsets, make_request
from checker.model import Request

_PARSER: Parser | None = None


def _parser() -> Parser:
    """The tree-sitter-bash parser, built once per process on first use."""
    global _PARSER
    if _PARSER is None:
        import tree_sitter_bash

        _PARSER = Parser(Language(tree_sitter_bash.language()))
    return _PARSER


# --- curl's command line -----------------------------------------------------

# Long options that take an argument (curl 8.x, docs/options-in-versions).
# Every other long option is a flag; knowing the full list keeps `-o out.json`
# or `--max-time 10` from being read as a URL.
_LONG_WITH_ARG = frozenset("""
abstract-unix-socket alt-svc aws-sigv4 cacert capath cert cert-type ciphers config
connect-timeout connect-to continue-at cookie cookie-jar create-file-mode crlfile
curves data data-ascii data-binary data-raw data-urlencode delegation dns-interface
dns-ipv4-addr dns-ipv6-addr dns-servers doh-url dump-header ech egd-file engine
etag-compare etag-save expect100-timeout form form-string ftp-account
ftp-alternative-to-user ftp-method ftp-port ftp-ssl-ccc-mode happy-eyeballs-timeout-ms
haproxy-clientip header hostpubmd5 hostpubsha256 hsts interface ip-tos ipfs-gateway
json keepalive-cnt keepalive-time key key-type krb libcurl limit-rate local-port
login-options mail-auth mail-from mail-rcpt max-filesize max-redirs max-time
netrc-file noproxy oauth2-bearer output output-dir parallel-max pass pinnedpubkey
preproxy proto proto-default proto-redir proxy proxy-cacert proxy-capath proxy-cert
proxy-cert-type proxy-ciphers proxy-crlfile proxy-header proxy-key proxy-key-type
proxy-pass proxy-pinnedpubkey proxy-service-name proxy-tls13-ciphers
proxy-tlsauthtype proxy-tlspassword proxy-tlsuser proxy-user proxy1.0 pubkey quote
random-file range rate referer request request-mode request-target resolve retry
retry-delay retry-max-time sasl-authzid service-name sigalgs socks4 socks4a socks5
socks5-gssapi-service socks5-hostname speed-limit speed-time ssl-sessions stderr
telnet-option tftp-blksize time-cond tls-max tls13-ciphers tlsauthtype tlspassword
tlsuser trace trace-ascii trace-config unix-socket upload-file url url-query user
user-agent variable vlan-priority write-out
""".split())

# Short options, by their long name; the ones that take an argument are those
# whose long name is in _LONG_WITH_ARG.
_SHORT = {
    "A": "user-agent", "b": "cookie", "c": "cookie-jar", "C": "continue-at", "d": "data",
    "D": "dump-header", "e": "referer", "E": "cert", "F": "form", "G": "get", "H": "header",
    "I": "head", "K": "config", "m": "max-time", "o": "output", "P": "ftp-port",
    "Q": "quote", "r": "range", "t": "telnet-option", "T": "upload-file", "u": "user",
    "U": "proxy-user", "w": "write-out", "x": "proxy", "X": "request", "y": "speed-time",
    "Y": "speed-limit", "z": "time-cond", ":": "next",
}

_DATA_OPTIONS = frozenset({"data", "data-ascii", "data-binary", "data-raw", "data-urlencode"})
_AUTH_FLAGS = {"basic": "basic", "digest": "digest", "ntlm": "ntlm", "ntlm-wb": "ntlm",
               "negotiate": "negotiate", "anyauth": "any"}
# Commands that run the command named after their own options.
_WRAPPERS = frozenset({"sudo", "doas", "env", "time", "command", "exec", "nohup"})
_WRAPPER_OPTS_WITH_ARG = frozenset({"-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U"})
_CURL_NAMES = frozenset({"curl", "curl.exe"})

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
_FORM_KEY = re.compile(r"[\w.\-\[\]]+")
_ANSI_SIMPLE = {"a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n",
                "r": "\r", "t": "\t", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}


# --- values with their lines ---------------------------------------------------

@dataclass
class _Value:
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

    def tail(self, start: int) -> _Value:
        """The value from `start` on (`-XPOST`, `--data=x`), lines kept."""
        marks = [(max(0, off - start), r) for off, r in self.marks]
        first_row = self.line_at(start) - 1
        marks = [(0, first_row)] + [m for m in marks if m[0] > 0]
        return _Value(self.text[start:], first_row, marks, self.dynamic)


class _Builder:
    """Collects the parts of a _Value; joins them once at the end."""

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

    def extend(self, value: _Value) -> None:
        marks = value.marks or [(0, value.row)]
        self.marks.extend((self.size + off, r) for off, r in marks)
        self.parts.append(value.text)
        self.size += len(value.text)
        self.dynamic |= value.dynamic

    def placeholder(self, inner: str, row: int, dynamic: bool = False) -> None:
        self.add("${" + inner + "}", row)
        self.dynamic |= dynamic

    def build(self, row: int) -> _Value:
        return _Value("".join(self.parts), row, self.marks, self.dynamic)


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

def _add_literal(out: _Builder, raw: str, row: int, mode: str) -> None:
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


def _add_ansi(out: _Builder, raw: str, row: int) -> None:
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
        self.env: dict[str, _Value] = {}

    def value(self, node: Node) -> _Value:
        out = _Builder()
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

    def _append(self, node: Node, out: _Builder) -> None:
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

    def _append_string(self, node: Node, out: _Builder) -> None:
        start, end = node.start_byte, node.end_byte
        children = node.children
        if children and children[0].type in ('"', '$"'):
            start = children[0].end_byte
        if len(children) > 1 and children[-1].type == '"' and not children[-1].is_missing:
            end = children[-1].start_byte
        self._append_children(node, out, "dq", start, end)

    def _append_children(self, node: Node, out: _Builder, mode: str, start: int, end: int) -> None:
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

    def _append_expansion(self, node: Node, out: _Builder) -> None:
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
            self.env[name] = _Value("", node.start_point.row)
            return
        if value_node.type == "array":
            self.env.pop(name, None)
            return
        value = self.value(value_node)
        if value.dynamic:
            self.env.pop(name, None)  # `$(...)`: `$NAME` later reads better than the command
            return
        if any(c.type == "+=" for c in node.children) and name in self.env:
            joined = _Builder()
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
        tree = _parser().parse("\n".join(chunk).encode("utf-8", "replace"))
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
    # over a later curl command: that line is dropped and the sample read again.
    swallows_curl: bool = False
    touches_curl: bool = False


def _error_spots(root: Node, src: _Source) -> list[_Spot]:
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
            spots.append(_leaf_spot(current, src))
    return spots


def _leaf_spot(leaf: Node, src: _Source) -> _Spot:
    text = src.node_text(leaf)
    first_line = text.split("\n", 1)[0][:40]
    unclosed = text[:1] in ("'", '"') and (len(text) < 2 or text[-1] != text[0])
    if unclosed:
        message = f"unterminated quoted string starting with `{first_line}`"
    else:
        message = f"syntax error near `{first_line}`"
    swallows = unclosed and "curl" in text.partition("\n")[2]
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


def _touching_error(found: _CurlCommand, spots: list[_Spot], src: _Source) -> tuple[str, int] | None:
    """The error that makes a curl command unreadable, if any."""
    statement = found.statement
    if statement.has_error:
        return _inner_error(statement, src)
    first, last = statement.start_point.row, statement.end_point.row
    skip = found.absorbed or (0, 0)
    for spot in spots:
        if skip[0] <= spot.start_byte < skip[1]:
            continue
        if spot.first_row <= last and spot.last_row >= first:
            spot.touches_curl = True
            return spot.message, spot.line
    return None


# --- finding curl ----------------------------------------------------------------

@dataclass
class _Arg:
    """One argument: the nodes (or literal text) glued together into one word."""

    parts: list[Node | tuple[str, int]]
    end_byte: int


@dataclass
class _CurlCommand:
    statement: Node               # the command, or its redirected_statement
    args: list[_Arg]
    stdin: Node | None = None     # a here-document body or here-string value
    stdin_raw: bool = False       # `<<'EOF'`: no expansion in the body
    stdin_value: _Value | None = None
    # Where tree-sitter ran a redirection over a line end (`curl .../<id>` then
    # a newline): the shell's next statement starts there and is read anew.
    restart: int | None = None
    last_row: int | None = None   # the call's last row, when cut short by `restart`
    absorbed: tuple[int, int] | None = None  # an ERROR node that was the `>` of `<id>`


def _curl_words(command: Node, resolver: _Resolver) -> list[Node] | None:
    """The argument nodes after `curl`, looking through `sudo`, `env` and the like."""
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
    return args if name in _CURL_NAMES else None


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


def _curl_command(command: Node, resolver: _Resolver) -> _CurlCommand | None:
    words = _curl_words(command, resolver)
    if words is None:
        return None
    name_node = command.child_by_field_name("name")
    end = words[-1].end_byte if words else name_node.end_byte
    found = _CurlCommand(command, [_Arg([w], w.end_byte) for w in words])
    redirects = [c for c in command.children if c.type.endswith("_redirect")]
    parent = command.parent
    if parent is not None and parent.type == "redirected_statement" and parent.children[0] == command:
        found.statement = parent
        redirects += [c for c in parent.children[1:] if c.type.endswith("_redirect")]
    if _apply_redirects(found, redirects, end, resolver.src):
        _close_placeholder(found)
    found.stdin_value = (_stdin_value(found, resolver) if found.stdin is not None
                         else _piped_input(found.statement, resolver))
    return found


def _stdin_value(found: _CurlCommand, resolver: _Resolver) -> _Value | None:
    """The here-document or here-string; `<<'EOF'` bodies are taken as written."""
    if found.stdin is None:
        return None
    if found.stdin_raw:
        return _raw_value(found.stdin, resolver.src)
    return resolver.value(found.stdin)


def _piped_input(statement: Node, resolver: _Resolver) -> _Value | None:
    """What `echo '...' |` or `cat <<EOF ... |` feeds the curl after it."""
    parent = statement.parent
    if parent is None or parent.type != "pipeline":
        return None
    before = statement.prev_named_sibling
    holder = parent.parent
    if before is None and holder is not None and holder.type == "heredoc_redirect":
        # `cat <<EOF | curl ...`: tree-sitter hangs the pipe inside the here-document.
        before = holder.parent
    command = before
    if before is not None and before.type == "redirected_statement" and before.named_children:
        command = before.named_children[0]
    name_node = command.child_by_field_name("name") if command is not None \
        and command.type == "command" else None
    if name_node is None:
        return None
    name = _command_basename(resolver.value(name_node).text)
    args = [resolver.value(c) for c in command.children if c.is_named
            and c.start_byte >= name_node.end_byte and not c.type.endswith("_redirect")]
    if name in ("echo", "printf"):
        args = [a for a in args if not (name == "echo" and a.text in ("-n", "-e", "-E"))]
        return args[0] if len(args) == 1 else None
    if name == "cat" and not args and before is not command:
        feeder = _CurlCommand(before, [])
        _apply_redirects(feeder, [c for c in before.children if c.type.endswith("_redirect")],
                         command.end_byte, resolver.src)
        return _stdin_value(feeder, resolver)
    return None


def _close_placeholder(found: _CurlCommand) -> None:
    """`curl .../<id>` at the end of a line: the `>` is an ERROR after the statement."""
    after = found.statement.next_sibling
    if after is not None and after.type == "ERROR" and after.child_count == 1 \
            and after.children[0].type == ">" and after.start_byte == found.args[-1].end_byte:
        found.args[-1].parts.append((">", after.start_point.row))
        found.absorbed = (after.start_byte, after.end_byte)


def _apply_redirects(found: _CurlCommand, redirects: list[Node], end: int, src: _Source) -> bool:
    """Here-documents become stdin; words tree-sitter hung on a redirection
    are arguments again; an unquoted `<id>` glued to a word rejoins it.
    True when the statement ends inside such a `<id>` (its `>` is missing)."""
    open_placeholder = False
    for redirect in redirects:
        if redirect.type == "heredoc_redirect":
            body = next((c for c in redirect.children if c.type == "heredoc_body"), None)
            start = next((c for c in redirect.children if c.type == "heredoc_start"), None)
            found.stdin = body
            found.stdin_raw = start is not None and start.text[:1] in (b"'", b'"', b"\\")
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
        if glue:
            found.args[-1].parts.append((operator.type, operator.start_point.row))
            end = found.args[-1].end_byte = operator.end_byte
            open_placeholder = operator.type == "<"
        else:
            open_placeholder = False
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


# --- curl's options --------------------------------------------------------------

@dataclass
class _Option:
    name: str              # long name: "data", "header"...
    value: _Value | None    # None for a flag
    line: int              # 1-based line where the option is written


@dataclass
class _Call:
    """One transfer: the URLs and options up to `--next`."""

    urls: list[_Value] = field(default_factory=list)
    options: list[_Option] = field(default_factory=list)

    def values(self, *names: str) -> list[_Option]:
        return [o for o in self.options if o.name in names and o.value is not None]

    def has(self, name: str) -> bool:
        return any(o.name == name for o in self.options)


def _parse_options(args: list[_Value]) -> list[_Call]:
    """curl's own reading of its command line, split at `--next`."""
    calls, call = [], _Call()
    i, only_urls = 0, False
    while i < len(args):
        arg = args[i]
        text = arg.text
        i += 1
        if only_urls or not text.startswith("-") or text == "-":
            call.urls.append(arg)
        elif text == "--":
            only_urls = True
        elif text.startswith("--"):
            i = _long_option(arg, args, i, call)
        else:
            i = _short_options(arg, args, i, call)
        if call.options and call.options[-1].name == "next":
            call.options.pop()
            calls.append(call)
            call = _Call()
    calls.append(call)
    return [c for c in calls if c.urls]


def _long_option(arg: _Value, args: list[_Value], i: int, call: _Call) -> int:
    name, value = arg.text[2:], None
    head, eq, _ = name.partition("=")
    if eq and head.removeprefix("expand-") in _LONG_WITH_ARG:
        # curl itself wants a space, but `--data=x` is plain in intent.
        name, value = head, arg.tail(len(head) + 3)
    name = name.removeprefix("expand-")
    if name in _LONG_WITH_ARG and value is None and i < len(args):
        value, i = args[i], i + 1
    if name == "url":
        if value is not None:
            call.urls.append(value)
        return i
    call.options.append(_Option(name, value, (value or arg).line))
    return i


def _short_options(arg: _Value, args: list[_Value], i: int, call: _Call) -> int:
    """`-sSL`, `-sX POST`, `-XPOST`, `-d@file`: flags until one takes an argument."""
    text = arg.text
    for j in range(1, len(text)):
        name = _SHORT.get(text[j], "flag-" + text[j])
        if name not in _LONG_WITH_ARG:
            call.options.append(_Option(name, None, arg.line))
            continue
        if j + 1 < len(text):
            value = arg.tail(j + 1)
        elif i < len(args):
            value, i = args[i], i + 1
        else:
            value = None
        call.options.append(_Option(name, value, (value or arg).line))
        break
    return i


# --- building the request --------------------------------------------------------

@dataclass
class _Piece:
    """One `-d`/`--json`/`--data-urlencode` argument."""

    option: str
    value: _Value

    @property
    def text(self) -> str:
        return self.value.text


def _pieces(call: _Call, names: tuple[str, ...], stdin: _Value | None) -> list[_Piece]:
    pieces = []
    for option in call.values(*names):
        value = option.value
        if value.text == "@-" and stdin is not None and option.name != "data-raw":
            value = stdin
        pieces.append(_Piece(option.name, value))
    return pieces


def _as_json(text: str, scalars: bool) -> tuple[bool, Any]:
    try:
        data = json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return False, None
    return (isinstance(data, (dict, list)) or scalars), data


def _pairs(piece: _Piece) -> list[tuple[str, str, int]] | None:
    """`a=1&b=2` as (key, value, offset) triples, or None when it is not a form."""
    if piece.option == "data-urlencode":
        name, eq, content = piece.text.partition("=")
        if eq and name:
            return [(name, content, 0)]
        name, at, file = piece.text.partition("@")
        return [(name, "@" + file, 0)] if at and name else None
    pairs, offset = [], 0
    for part in piece.text.split("&"):
        key, eq, value = part.partition("=")
        if not eq or not _FORM_KEY.fullmatch(key):
            return None
        pairs.append((unquote_plus(key), unquote_plus(value), offset))
        offset += len(part) + 1
    return pairs or None


def _add_pair(target: dict[str, Any], key: str, value: Any) -> None:
    """A repeated key keeps all its values, in order (as `split_url` does)."""
    if key in target:
        previous = target[key]
        target[key] = (previous if isinstance(previous, list) else [previous]) + [value]
    else:
        target[key] = value


def _first_line(value: _Value) -> int:
    text = value.text
    return value.line_at(len(text) - len(text.lstrip()))


@dataclass
class _Draft:
    """What one curl call sends, before the URL is split."""

    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    body_kind: str = ""
    auth: str = ""
    implied: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)

    def set_header(self, name: str, value: str, line: int) -> None:
        for existing in [k for k in self.headers if k.lower() == name.lower()]:
            del self.headers[existing]
        self.headers[name] = value
        self.lines[f"header:{name.lower()}"] = line

    def has_header(self, name: str) -> bool:
        return any(k.lower() == name.lower() for k in self.headers)

    def imply(self, name: str, value: str) -> None:
        if not self.has_header(name):
            self.headers[name] = value
            self.implied.append(name.lower())


def _add_cookies(draft: _Draft, value: _Value) -> None:
    """`a=1; b=2` into cookies, each with the line it is written on."""
    offset = 0
    for part in value.text.split(";"):
        name, eq, cookie = part.partition("=")
        if eq and name.strip():
            draft.cookies[name.strip()] = cookie.strip()
            lead = len(part) - len(part.lstrip())
            draft.lines[f"cookie:{name.strip()}"] = value.line_at(offset + lead)
        offset += len(part) + 1


def _add_headers(draft: _Draft, call: _Call) -> None:
    convenience = {"user-agent": "User-Agent", "referer": "Referer"}
    for option in call.values("user-agent", "referer", "oauth2-bearer"):
        text = option.value.text
        if option.name == "oauth2-bearer":
            draft.set_header("Authorization", "Bearer " + text, option.line)
        else:
            draft.set_header(convenience[option.name], text.split(";auto")[0], option.line)
    for option in call.values("header"):
        value = option.value
        text = value.text
        if text.startswith("@"):
            continue  # headers from a file
        name, colon, content = text.partition(":")
        if not colon:
            if not text.rstrip().endswith(";"):
                continue
            name, content = text.rstrip()[:-1], ""
        elif not content.strip():
            continue  # `-H "Accept:"` removes a header curl would send
        name = name.strip()
        if not name or " " in name:
            continue
        if name.lower() == "cookie":
            _add_cookies(draft, value.tail(len(text) - len(content)))
            continue
        draft.set_header(name, content.strip(), value.line)
    for option in call.values("cookie"):
        if "=" in option.value.text:  # otherwise a cookie file to read
            _add_cookies(draft, option.value)


def _set_auth(draft: _Draft, call: _Call) -> None:
    users = call.values("user")
    if not users:
        return
    scheme = "basic"
    for option in call.options:
        scheme = _AUTH_FLAGS.get(option.name, scheme)
    draft.auth = scheme
    draft.lines["auth"] = users[-1].line


def _set_multipart(draft: _Draft, call: _Call) -> bool:
    """`-F name=value`, `-F file=@doc.pdf;type=...`: field -> value or "@file"."""
    fields = call.values("form", "form-string")
    if not fields:
        return False
    body: dict[str, Any] = {}
    for option in fields:
        name, eq, content = option.value.text.partition("=")
        if not eq:
            continue
        if option.name == "form" and content[:1] in ("@", "<"):
            content = re.split(r";(?:type|filename|headers|encoder)=", content)[0]
        _add_pair(body, name, content)
        draft.lines.setdefault(f"body:{name}", option.value.line)
    draft.body, draft.body_kind = body, "multipart"
    draft.lines["body"] = fields[0].value.line
    return True


def _set_json(draft: _Draft, pieces: list[_Piece]) -> None:
    """`--json`: the pieces joined; curl adds the JSON content type and accept."""
    text = "".join(p.text for p in pieces)
    ok, data = _as_json(text, scalars=True)
    draft.body, draft.body_kind = (data, "json") if ok else (text, "raw")
    draft.imply("Content-Type", "application/json")
    draft.imply("Accept", "application/json")
    _body_lines(draft, pieces)


def _set_data(draft: _Draft, pieces: list[_Piece]) -> None:
    """`-d` and friends: JSON when it parses, a form when it is `k=v&...`, else raw."""
    content_type = next((v for k, v in draft.headers.items() if k.lower() == "content-type"), "")
    if len(pieces) == 1 and pieces[0].option != "data-urlencode":
        ok, data = _as_json(pieces[0].text, scalars="json" in content_type.lower())
        if ok:
            draft.body, draft.body_kind = data, "json"
            _body_lines(draft, pieces)
            return
    forms = [_pairs(p) for p in pieces]
    if all(f is not None for f in forms):
        body: dict[str, Any] = {}
        for piece, pairs in zip(pieces, forms):
            for key, value, offset in pairs:
                _add_pair(body, key, value)
                draft.lines.setdefault(f"body:{key}", piece.value.line_at(offset))
        draft.body, draft.body_kind = body, "form"
    else:
        draft.body, draft.body_kind = "&".join(p.text for p in pieces), "raw"
    draft.lines["body"] = _first_line(pieces[0].value)


def _body_lines(draft: _Draft, pieces: list[_Piece]) -> None:
    draft.lines["body"] = _first_line(pieces[0].value)
    if len(pieces) == 1 and isinstance(draft.body, dict):
        for key, offset in json_key_offsets(pieces[0].text).items():
            draft.lines[f"body:{key}"] = pieces[0].value.line_at(offset)


def _query_pairs(piece: _Piece) -> list[tuple[str, str, int]]:
    """A `-G` piece or `--url-query` as query pairs; a lone word is a key with no value."""
    text = piece.text
    if piece.option == "url-query" and text.startswith("+"):
        piece, text = _Piece("data", piece.value.tail(1)), text[1:]  # already encoded
    elif piece.option == "url-query":
        piece = _Piece("data-urlencode", piece.value)
    if piece.option == "data-urlencode":
        return _pairs(piece) or [(text, "", 0)]
    pairs, offset = [], 0
    for part in text.split("&"):
        key, _, value = part.partition("=")
        if part:
            pairs.append((unquote_plus(key), unquote_plus(value), offset))
        offset += len(part) + 1
    return pairs


def _set_query(draft: _Draft, pieces: list[_Piece]) -> None:
    """`-G` data and `--url-query`: into the query string, not the body."""
    for piece in pieces:
        for key, value, offset in _query_pairs(piece):
            _add_pair(draft.query, key, value)
            draft.lines.setdefault(f"query:{key}", piece.value.line_at(offset))


def _method(call: _Call, draft: _Draft, has_data: bool, start_line: int) -> None:
    requested = call.values("request")
    if requested:
        draft.method = requested[-1].value.text.upper()
        draft.lines["method"] = requested[-1].line
        return
    if call.has("head"):
        draft.method = "HEAD"
    elif call.has("get"):
        draft.method = "GET"
    elif has_data:
        draft.method = "POST"
    elif call.values("upload-file"):
        draft.method = "PUT"
    draft.lines["method"] = start_line


def _draft(call: _Call, stdin: _Value | None, start_line: int) -> _Draft:
    draft = _Draft()
    _add_headers(draft, call)
    _set_auth(draft, call)
    data = _pieces(call, tuple(_DATA_OPTIONS), stdin)
    json_pieces = _pieces(call, ("json",), stdin)
    _set_query(draft, _pieces(call, ("url-query",), None))
    if call.has("get"):
        _set_query(draft, data)
        data = []
    multipart = _set_multipart(draft, call)
    uploads = call.values("upload-file")
    if multipart:
        pass
    elif json_pieces:
        _set_json(draft, json_pieces)
    elif data:
        _set_data(draft, data)
    elif uploads:
        draft.body, draft.body_kind = "@" + uploads[-1].value.text, "raw"
        draft.lines["body"] = uploads[-1].line
    _method(call, draft, multipart or bool(data or json_pieces), start_line)
    return draft


def _requests(command: _CurlCommand, resolver: _Resolver) -> list[Request]:
    args = [_arg_value(arg, resolver) for arg in command.args]
    stdin = command.stdin_value
    start = command.statement.start_point.row + 1
    end = command.statement.end_point.row + 1
    if command.statement.end_point.column == 0 and end > start:
        end -= 1  # a here-document ends at the start of the next line
    if command.last_row is not None:
        end = command.last_row + 1
    requests = []
    for call in _parse_options(args):
        draft = _draft(call, stdin, start)
        for url in call.urls:
            lines = {"start": start, "end": end, **draft.lines, "url": url.line}
            request = make_request(
                draft.method, url.text, headers=dict(draft.headers), cookies=dict(draft.cookies),
                body=draft.body, body_kind=draft.body_kind, auth=draft.auth,
                implied_headers=list(draft.implied), query=dict(draft.query), lines=lines,
                client="curl")
            for key in request.query:
                request.lines.setdefault(f"query:{key}", url.line)
            requests.append(request)
    return requests


def _arg_value(arg: _Arg, resolver: _Resolver) -> _Value:
    if len(arg.parts) == 1 and not isinstance(arg.parts[0], tuple):
        return resolver.value(arg.parts[0])
    out = _Builder()
    for part in arg.parts:
        if isinstance(part, tuple):
            out.add(*part)
        else:
            out.extend(resolver.value(part))
    first = arg.parts[0]
    return out.build(first[1] if isinstance(first, tuple) else first.start_point.row)


def _raw_value(node: Node, src: _Source) -> _Value:
    out = _Builder()
    out.add(src.node_text(node), node.start_point.row)
    return out.build(node.start_point.row)


# --- the extractor -------------------------------------------------------------------

# tree-sitter-bash 0.25 reads past a table on a character after `{` beyond
# the last assigned ones (U+83CDF and U+C18DE were seen to kill the process
# with a segmentation fault; whether a read faults depends on memory). Every
# character past the last CJK block (U+323AF: unassigned planes, tags, private
# use) is read as one of the same UTF-8 length, so every byte offset stays.
_SEGFAULTING = re.compile("[\U000323B0-\U0010FFFF]")
_STAND_IN = "\U00010000"


class CurlExtractor:
    """Reads the curl commands of a shell sample (see the module docstring)."""

    languages: frozenset[str] = frozenset({"bash"})

    def extract(self, code: str) -> Extraction:
        try:
            return self._extract(code)
        except Exception as exc:  # never raise: a sample we cannot read is an error, not a crash
            return Extraction(error=f"could not read the sample: {type(exc).__name__}: {exc}")

    def _extract(self, code: str) -> Extraction:
        if not isinstance(code, str) or not code.strip():
            return Extraction()
        lines = _mask_console(code).split("\n")
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
        tree = _parser().parse(data)
        src = resolver.src = _Source(data)
        spots = _error_spots(tree.root_node, src) if tree.root_node.has_error else []
        for node in _walk(tree.root_node):
            if node.type == "variable_assignment" and node.parent is not None \
                    and node.parent.type != "command":
                resolver.assign(node)
            elif node.type == "command":
                restart = self._command(node, resolver, spots, result)
                if restart is not None:
                    return restart, None
            elif node.type == "word" and src.node_text(node) in _CURL_NAMES \
                    and _inside_error(node):
                self._note_error(result, "a curl command that does not parse",
                                 node.start_point.row + 1)
        stray = next((s.first_row for s in spots if s.swallows_curl and not s.touches_curl), None)
        return None, stray

    def _command(self, node: Node, resolver: _Resolver, spots: list[_Spot],
                 result: Extraction) -> int | None:
        found = _curl_command(node, resolver)
        if found is None:
            return None
        problem = _touching_error(found, spots, resolver.src)
        if problem is not None and found.restart is None:
            self._note_error(result, *problem)
            return None
        result.requests.extend(_requests(found, resolver))
        return found.restart

    @staticmethod
    def _note_error(result: Extraction, message: str, line: int) -> None:
        if result.error is None:
            result.error, result.error_line = message, line


# How far up a `curl` word's ancestors are searched for the ERROR or command
# holding it: a hostile line nests ERROR nodes as deep as it is long.
_ANCESTORS = 64


def _inside_error(word: Node) -> bool:
    """A `curl` word tree-sitter could not place in any command."""
    parent = word.parent
    for _ in range(_ANCESTORS):  # a word of a command is for `_command` to judge
        if parent is None or parent.type == "command":
            return False
        if parent.type == "ERROR":
            return True
        parent = parent.parent
    return True  # buried that deep, it stands in no command
