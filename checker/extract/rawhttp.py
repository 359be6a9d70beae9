"""The raw HTTP reader: requests written as they go over the wire.

A ```` ```http ```` block (or an unlabelled one whose first line is a request
line, see `starts_request`) holds one or more messages as RFC 9112 writes
them, or as a `.http` file of an editor's REST client does:

* the request line `METHOD TARGET [HTTP/x.y]`: the target in origin-form
  (`/v1/users?limit=5`), absolute-form (`https://api.example.com/v1/users`),
  or a `.http` file's `{{base}}/v1/users`; a `.http` file's query continued
  on the next lines (`?a=1`, `&b=2`) joins it;
* the headers up to the blank line, a folded one (a line starting with a
  space or tab) joined to the one above; `Host:` gives an origin-form target
  its host, with `https` unless the host says otherwise (`:80`, a loopback
  host: `http`); `Cookie:` is cookies (the builder reads it). `Host` and
  `Content-Length` are not kept as headers: every client computes them, and a
  translated body value changes the length without any mistake;
* the body after the blank line, as the builder reads a body text: JSON when
  it parses, a form (`a=1&b=2`) when the content type or its shape says so,
  raw otherwise; every JSON key and form field on its own line;
* several requests in one block: `###` between them (as in `.http` files), or
  a blank line and a new request line; a response (`HTTP/1.1 200 OK` and what
  follows it) is skipped, not read as a request;
* `.http` file variables: `@name = value` lines define them, `{{name}}` in the
  target and header values is replaced when defined, kept as written else;
  `#` and `//` lines before the request line and among headers are comments.

A line where a request line is due that looks like one but is none (an
unknown method, a target with no `/`, a space in the path) is the sample's
parse error, at its line. A block that starts with no request at all (only
headers, a bare URL, a response) sends nothing and is no error: it is a
fragment, or another reader's.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from checker.extract.base import Extraction, guarded
from checker.extract.http import METHODS, LineAt, RequestDraft
from checker.model import Request

CLIENT = "http"

_VERSION = r"HTTP/\d(?:\.\d)?"
_METHOD = "|".join(sorted(METHODS))
# What a request line is (on the stripped line): method, target, version.
_REQUEST_LINE = re.compile(
    rf"(?P<method>{_METHOD})[ \t]+(?P<target>(?:/|https?://|\{{\{{)\S*)(?:[ \t]+{_VERSION})?",
    re.IGNORECASE)
# What makes an unlabelled block raw HTTP: an upper-case method and either a
# version after an origin-form target or an absolute URL (a bare `GET /users`
# is as often a line of an endpoint list as a request).
_UNLABELLED = re.compile(rf"(?:{_METHOD})[ \t]+(?:/\S*[ \t]+{_VERSION}|https?://\S+(?:[ \t]+{_VERSION})?)")
_STATUS_LINE = re.compile(rf"{_VERSION}[ \t]+\d{{3}}(?:\s|$)")
# A line meant as a request line: a method-like word and a target, or a version.
_MEANT = re.compile(rf"[A-Z]{{3,10}}[ \t]+\S.*|.*[ \t]{_VERSION}")
_HEADER = re.compile(r"(?P<name>[!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*:[ \t]*(?P<value>.*)")
_COMMENT = re.compile(r"(?:#(?!##)|//)")
_SEPARATOR = "###"
_VARIABLE = re.compile(r"@(?P<name>[\w.-]+)[ \t]*=[ \t]*(?P<value>.*)")
_REFERENCE = re.compile(r"\{\{[ \t]*([\w.-]+)[ \t]*\}\}")
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "[::1]"})  # noqa: S104 -- a host name, not a bind
# Headers every client computes on its own (see the module docstring).
_COMPUTED = frozenset({"host", "content-length"})


def starts_request(text: str) -> bool:
    """Whether an unlabelled block is raw HTTP: its first non-blank line is a
    request line (`POST /v1/users HTTP/1.1`, `GET https://host/path`)."""
    stripped = text.lstrip()
    end = stripped.find("\n")
    first = stripped if end < 0 else stripped[:end]
    return bool(_UNLABELLED.fullmatch(first.strip()))


class RawHttpExtractor:
    """Reads the requests of a raw HTTP block (see the module docstring)."""

    languages: frozenset[str] = frozenset({"http"})

    def extract(self, code: str) -> Extraction:
        return guarded(_read, code)


@dataclass
class _Header:
    name: str
    parts: list[str]
    line: int

    @property
    def value(self) -> str:
        return " ".join(part for part in self.parts if part)


@dataclass
class _Block:
    """The lines of one block (line ends gone) and where reading stands."""

    lines: list[str]
    variables: dict[str, str] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    error: str | None = None
    error_line: int | None = None

    def stripped(self, index: int) -> str:
        return self.lines[index].strip()

    def resolve(self, text: str) -> str:
        return _REFERENCE.sub(lambda m: self.variables.get(m.group(1), m.group(0)), text)


def _read(code: str) -> Extraction:
    block = _Block([line.removesuffix("\r") for line in code.split("\n")])
    index, expecting = 0, True   # whether a request line is due (block start, after `###`)
    while index < len(block.lines):
        text = block.stripped(index)
        if text.startswith(_SEPARATOR):
            index, expecting = index + 1, True
        elif not text or _COMMENT.match(text):
            index += 1
        elif (variable := _VARIABLE.fullmatch(text)) is not None:
            block.variables[variable["name"]] = variable["value"].strip()
            index += 1
        elif _REQUEST_LINE.fullmatch(text):
            index, expecting = _request(block, index), False
        else:
            if expecting and block.error is None and not _STATUS_LINE.match(text) \
                    and _MEANT.fullmatch(text):
                block.error = f"not an HTTP request line: {text[:80]!r}"
                block.error_line = index + 1
            # A response, a fragment of headers, a bare URL: not a request.
            index, expecting = _skip_message(block, index), False
    return Extraction(requests=block.requests, error=block.error, error_line=block.error_line)


def _new_message(block: _Block, index: int) -> bool:
    """Whether a line starts the next message: a separator, or a request or
    status line right after a blank line (or after the message's headers)."""
    text = block.stripped(index)
    return text.startswith(_SEPARATOR) or bool(_STATUS_LINE.match(text)) or (
        bool(_REQUEST_LINE.fullmatch(text)) and (index == 0 or not block.stripped(index - 1)))


def _skip_message(block: _Block, index: int) -> int:
    index += 1
    while index < len(block.lines) and not _new_message(block, index):
        index += 1
    return index


def _request(block: _Block, index: int) -> int:
    """Read the request whose request line is at `index`; the index after it."""
    line = index + 1
    found = _REQUEST_LINE.fullmatch(block.stripped(index))
    assert found is not None  # the caller matched it
    target = found["target"]
    index += 1
    # A `.http` file's query written on the lines below the request line.
    while index < len(block.lines) and block.stripped(index)[:1] in ("?", "&") \
            and len(block.stripped(index)) > 1:
        target += block.stripped(index)
        index += 1
    headers, index = _headers(block, index)
    body_start, index = index, _body_end(block, index)
    draft = RequestDraft(client=CLIENT, start=line)
    draft.set_method(found["method"], line)
    draft.set_url(_url(block.resolve(target), headers, block), line)
    for header in headers:
        if header.name.lower() not in _COMPUTED:
            draft.set_header(header.name, block.resolve(header.value), header.line)
    end = _body(block, draft, body_start, index)
    last = max([line, *(h.line + len(h.parts) - 1 for h in headers)])
    block.requests.append(draft.build(max(end, last)))
    return index


def _body_end(block: _Block, start: int) -> int:
    """Where the body starting at `start` ends: at the next message (a request
    line right under the headers is one too)."""
    if start < len(block.lines) and _REQUEST_LINE.fullmatch(block.stripped(start)):
        return start
    index = start
    while index < len(block.lines) and not _new_message(block, index):
        index += 1
    return index


def _headers(block: _Block, index: int) -> tuple[list[_Header], int]:
    """The headers from `index` on, and the index of the body's first line (the
    blank line is passed; a line that is no header starts a body that has none)."""
    headers: list[_Header] = []
    while index < len(block.lines):
        raw, text = block.lines[index], block.stripped(index)
        if not text:
            return headers, index + 1
        if text.startswith(_SEPARATOR) or _REQUEST_LINE.fullmatch(text) or _STATUS_LINE.match(text):
            return headers, index
        if raw[:1] in (" ", "\t") and headers:
            headers[-1].parts.append(text)   # a folded header goes on
        elif _COMMENT.match(text):
            pass
        elif (header := _HEADER.fullmatch(text)) is not None:
            headers.append(_Header(header["name"], [header["value"].strip()], index + 1))
        else:
            return headers, index   # `{` right under the headers: the body, its blank line left out
        index += 1
    return headers, index


def _url(target: str, headers: list[_Header], block: _Block) -> str:
    """The URL a target names: an origin-form one on the `Host` header's host."""
    host = next((block.resolve(h.value) for h in reversed(headers) if h.name.lower() == "host"), "")
    if not target.startswith("/") or not host:
        return target
    name, _, port = host.rpartition(":") if not host.endswith("]") else (host, "", "")
    plain = port == "80" or (name or host).lower() in _LOOPBACK
    return f"{'http' if plain else 'https'}://{host}{target}"


def _body(block: _Block, draft: RequestDraft, start: int, stop: int) -> int:
    """Read the body on lines [start, stop); the last line of it (0 for none)."""
    while stop > start and not block.stripped(stop - 1):
        stop -= 1
    while start < stop and not block.stripped(start):
        start += 1
    if start >= stop:
        return 0
    text = "\n".join(block.lines[start:stop])
    draft.set_body_text(text, _line_at(text, start + 1))
    return stop


def _line_at(text: str, first: int) -> LineAt:
    """Offset in `text` -> the sample line it is on (`text` starts on line `first`)."""
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    return lambda offset: first + bisect.bisect_right(starts, offset) - 1
