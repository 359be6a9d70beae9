"""The one request builder every extractor fills: what HTTP means, said once.

An extractor knows its language: how a header, a body or a status check is
written in it. What those mean once read is the same in every language, and
lives here: a header set twice keeps the last (names compare case-blind), a
`Cookie` header is cookies, a body text is JSON when it parses, a form when it
reads `k=v&...`, raw otherwise; a status is a number whatever its spelling
(`201`, `HTTPStatus.CREATED`, `http.StatusCreated`, `HttpStatusCode.Created`,
`:created`, `HTTP_CREATED`). Every part keeps the line of the sample it is
written on (`Request.lines`), so findings point at it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl

from checker.extract.base import json_key_offsets, make_request, split_url
from checker.model import Request

# Where in a value a line is asked for: an offset -> the sample line it is on.
LineAt = Callable[[int], int]

# HTTP methods every client names (upper-case, as sent).
METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT"})

_STATUS_NAMES = {status.name.replace("_", ""): status.value for status in HTTPStatus} | {
    "OKAY": 200, "ALLOK": 200, "ALLOKAY": 200, "ALLGOOD": 200,
}
# What a status name is prefixed with in one language or another: Go's
# `http.StatusCreated`, PHP's and Java's `HTTP_CREATED`, Kotlin/Ruby `:created`.
_STATUS_PREFIX = re.compile(r"^(?:status|http|sc)_?", re.IGNORECASE)


def status_code(spelling: str | int) -> str | None:
    """The status code a spelling names: `204`, `"204"`, `CREATED`,
    `HTTPStatus.CREATED`, `http.StatusNoContent`, `HttpStatusCode.Created`,
    `Response::HTTP_CREATED`, `:no_content`; None when it names none."""
    if isinstance(spelling, bool):
        return None
    if isinstance(spelling, int):
        return str(spelling) if 100 <= spelling < 600 else None
    word = re.split(r"[.:]+", spelling.strip())[-1]
    if word.isdigit():
        return word if 100 <= int(word) < 600 else None
    squashed = word.replace("_", "").upper()
    code = _STATUS_NAMES.get(squashed)
    if code is None:
        bare = _STATUS_PREFIX.sub("", word).replace("_", "").upper()
        code = _STATUS_NAMES.get(bare) if bare else None
    return str(code) if code is not None else None


def cookie_pairs(text: str) -> list[tuple[str, str, int]]:
    """`a=1; b=2` as (name, value, offset of the name) pairs."""
    pairs, offset = [], 0
    for part in text.split(";"):
        name, eq, value = part.partition("=")
        if eq and name.strip():
            pairs.append((name.strip(), value.strip(), offset + len(part) - len(part.lstrip())))
        offset += len(part) + 1
    return pairs


def json_value(text: str, scalars: bool = False) -> tuple[bool, Any]:
    """Whether a body text is JSON, and its data. Only an object or an array
    counts, unless the sample said the body is JSON (`scalars`)."""
    stripped = text.strip()
    if not scalars and stripped[:1] not in ("{", "["):
        return False, None
    try:
        return True, json.loads(stripped)
    except (ValueError, RecursionError):
        return False, None


_FORM = re.compile(r"[\w.\-\[\]%+]+=[^&=\s]*(?:&[\w.\-\[\]%+]+=[^&=\s]*)*")


def form_pairs(text: str) -> list[tuple[str, str, int]] | None:
    """`a=1&b=two` as (key, value, offset) pairs, decoded; None when the text is no form."""
    if not _FORM.fullmatch(text.strip()):
        return None
    pairs, offset = [], len(text) - len(text.lstrip())
    for part in text.strip().split("&"):
        decoded = parse_qsl(part, keep_blank_values=True)
        if decoded:
            pairs.append((decoded[0][0], decoded[0][1], offset))
        offset += len(part) + 1
    return pairs


def _same_line(line: int) -> LineAt:
    return lambda _offset: line


@dataclass
class RequestDraft:
    """One request as an extractor reads it, part by part, before it is a `Request`.

    `client` names what sends it (`curl`, `fetch`, `requests`, `net/http`...);
    `start` is the sample line the call starts on.
    """

    client: str
    start: int
    method: str = "GET"
    url: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    body_kind: str = ""
    auth: str = ""
    credentials: str = ""
    statuses: set[str] = field(default_factory=set)
    implied: list[str] = field(default_factory=list)
    optional: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)

    # -- the request line -----------------------------------------------------

    def set_method(self, method: str, line: int) -> None:
        # An unresolved method (`${verb}`) stays as written.
        self.method = method if method.startswith("${") else method.upper()
        self.lines["method"] = line

    def set_url(self, url: str, line: int) -> None:
        self.url = url
        self.lines["url"] = line
        for key in split_url(url).query:
            self.lines.setdefault(f"query:{key}", line)

    def add_query(self, key: str, value: Any, line: int) -> None:
        """A query parameter; one given twice keeps both values, in order."""
        if key in self.query:
            previous = self.query[key]
            self.query[key] = (previous if isinstance(previous, list) else [previous]) + [value]
        else:
            self.query[key] = value
        self.lines.setdefault(f"query:{key}", line)

    # -- headers and cookies --------------------------------------------------

    def set_header(self, name: str, value: str, line: int, line_at: LineAt | None = None) -> None:
        """A header; a later one of the same name (any case) replaces it. A
        `Cookie` header is read as the cookies it carries."""
        if name.lower() == "cookie":
            self.add_cookies(value, line_at or _same_line(line))
            return
        self.drop_header(name)
        self.headers[name] = value
        if name.lower() in self.implied:
            self.implied.remove(name.lower())
        self.lines[f"header:{name.lower()}"] = line

    def drop_header(self, name: str) -> None:
        for existing in [key for key in self.headers if key.lower() == name.lower()]:
            del self.headers[existing]
        self.lines.pop(f"header:{name.lower()}", None)

    def has_header(self, name: str) -> bool:
        return self.header(name) is not None

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)

    def imply(self, name: str, value: str) -> None:
        """A header the client sends on its own (`json=` sets Content-Type):
        compared like a written one, but no finding points at it."""
        if not self.has_header(name):
            self.headers[name] = value
            self.implied.append(name.lower())

    def add_cookie(self, name: str, value: str, line: int) -> None:
        self.cookies[name] = value
        self.lines[f"cookie:{name}"] = line

    def add_cookies(self, text: str, line_at: LineAt) -> None:
        """The cookies of a `Cookie` header's text, each at its own line."""
        for name, value, offset in cookie_pairs(text):
            self.add_cookie(name, value, line_at(offset))

    def set_auth(self, scheme: str, line: int) -> None:
        self.auth = scheme
        self.lines["auth"] = line

    def set_bearer(self, token: str, line: int) -> None:
        self.set_header("Authorization", f"Bearer {token}", line)

    # -- the body ---------------------------------------------------------------

    def set_body(self, data: Any, kind: str, line: int,
                 key_lines: dict[str, int] | None = None) -> None:
        """A body already read: JSON data, a form or multipart dict, or raw text."""
        self.body, self.body_kind = data, kind
        self.lines["body"] = line
        for key, key_line in (key_lines or {}).items():
            self.lines.setdefault(f"body:{key}", key_line)

    def set_json_text(self, text: str, line_at: LineAt, scalars: bool = True) -> bool:
        """A body written as JSON text (`JSON.stringify` gone, a `json.Marshal`
        of a literal, a `--json` option): its data and every key's line."""
        ok, data = json_value(text, scalars=scalars)
        if not ok:
            return False
        self.body, self.body_kind = data, "json"
        self._text_lines(text, line_at)
        if isinstance(data, dict):
            for key, offset in json_key_offsets(text).items():
                self.lines[f"body:{key}"] = line_at(offset)
        return True

    def set_body_text(self, text: str, line_at: LineAt, content_type: str | None = None) -> None:
        """A body written as text: JSON when it parses (a scalar too, when the
        content type says JSON), a form when it reads `k=v&...`, raw otherwise."""
        kind = (content_type if content_type is not None else self.header("content-type") or "").lower()
        if self.set_json_text(text, line_at, scalars="json" in kind):
            return
        pairs = form_pairs(text) if "json" not in kind else None
        if pairs:
            form: dict[str, Any] = {}
            for key, value, offset in pairs:
                form[key] = (form[key] if isinstance(form[key], list) else [form[key]]) + [value] \
                    if key in form else value
                self.lines.setdefault(f"body:{key}", line_at(offset))
            self.body, self.body_kind = form, "form"
        else:
            self.body, self.body_kind = text, "raw"
        self._text_lines(text, line_at)

    def _text_lines(self, text: str, line_at: LineAt) -> None:
        self.lines["body"] = line_at(len(text) - len(text.lstrip()))

    # -- what the sample expects back ---------------------------------------------

    def expect(self, spelling: str | int, line: int) -> bool:
        """A status the sample checks for as success (`201`, `StatusCreated`)."""
        code = status_code(spelling)
        if code is None or int(code) >= 400:
            return False  # checking for an error status says nothing of success
        self.statuses.add(code)
        self.lines["status"] = min(self.lines.get("status", line), line)
        return True

    def expect_success(self, line: int) -> None:
        """`resp.ok`, `IsSuccessStatusCode`, `>= 200 && < 300`: any 2xx."""
        self.statuses.add("2xx")
        self.lines["status"] = min(self.lines.get("status", line), line)

    # -- done ---------------------------------------------------------------------

    def build(self, end: int | None = None) -> Request:
        lines = {"start": self.start, "end": end if end is not None else self.start, **self.lines}
        lines.setdefault("method", self.start)
        request = make_request(self.method, self.url, headers=dict(self.headers),
                               cookies=dict(self.cookies), query=dict(self.query), body=self.body,
                               body_kind=self.body_kind, expected_status=sorted(self.statuses),
                               credentials=self.credentials, auth=self.auth,
                               implied_headers=list(self.implied), lines=lines,
                               client=self.client)
        for key in request.query:
            if "url" in lines:
                request.lines.setdefault(f"query:{key}", lines["url"])
        request.optional = sorted(self.optional)
        return request


def add_value(target: dict[str, Any], key: str, value: Any) -> None:
    """A form field or query key given twice keeps all its values, in order
    (as `split_url` and `RequestDraft.add_query` do)."""
    if key in target:
        previous = target[key]
        target[key] = (previous if isinstance(previous, list) else [previous]) + [value]
    else:
        target[key] = value
