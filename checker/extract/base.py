"""The one small interface every extractor implements, and what they share.

An extractor reads the text of one code sample (never runs it) and returns the
HTTP requests it would send. It records values as written; placeholders are
recognised afterwards by `checker.extract.placeholders`, the same way for every
language.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import parse_qsl, urljoin, urlsplit

from checker.model import Request


@dataclass
class Extraction:
    """What an extractor made of one sample."""

    requests: list[Request] = field(default_factory=list)
    # Set when the sample does not parse in its language: the parser's words,
    # and the 1-based line within the sample where it stopped.
    error: str | None = None
    error_line: int | None = None


class Extractor(Protocol):
    """Reads one language. `extract` must not raise on any input text."""

    languages: frozenset[str]

    def extract(self, code: str) -> Extraction: ...


@dataclass(frozen=True)
class UrlParts:
    scheme: str
    host: str
    path: str
    query: dict[str, Any]


def split_url(url: str) -> UrlParts:
    """Scheme, host, path and query of a URL as written in a sample.

    Placeholders survive: `{id}`, `<host>`, `${BASE}` are kept as text. A query
    key that repeats keeps all its values, in order, as a list.
    """
    text = url.strip()
    if text and "://" not in text and not text.startswith("/"):
        # `api.example.com/v1/x` as curl accepts it: no scheme written.
        text = "//" + text
    try:
        parts = urlsplit(text)
        netloc, path = parts.netloc, parts.path
    except ValueError:  # an unbalanced `[` in the host, say
        return UrlParts("", "", url, {})
    query: dict[str, Any] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key in query:
            previous = query[key]
            query[key] = (previous if isinstance(previous, list) else [previous]) + [value]
        else:
            query[key] = value
    return UrlParts(parts.scheme.lower(), netloc.lower(), path or ("/" if netloc else ""), query)


def resolve_url(base: str, url: str) -> str:
    """`url` resolved against `base` as RFC 3986 does (urljoin); where urljoin
    cannot read the base (an unbalanced `[` or `]` in its host), the two are
    joined with one slash, as written."""
    try:
        return urljoin(base, url)
    except ValueError:
        return base.rstrip("/") + "/" + url.lstrip("/") if url else base


def make_request(method: str, url: str, **fields: Any) -> Request:
    """A Request with the URL split into its parts."""
    parts = split_url(url)
    query = dict(parts.query)
    query.update(fields.pop("query", {}) or {})
    # `requests.request(method, url)`: an unresolved method stays as written.
    shown = method if method.startswith("${") else method.upper()
    return Request(method=shown, url=url, scheme=parts.scheme, host=parts.host,
                   path=parts.path, query=query, **fields)


def json_key_offsets(text: str) -> dict[str, int]:
    """Offset of each key of a JSON object text, nested ones as `a.b` (the
    first item of a list of objects stands for all), for the line of its value."""
    scan = json.decoder.scanstring  # type: ignore[attr-defined]  # public, but not in the stubs
    offsets: dict[str, int] = {}
    pos = len(text) - len(text.lstrip())
    if text[pos:pos + 1] != "{":
        return offsets
    # One entry per open bracket: the key path of the object (None in a list
    # of scalars), and the last key read in it.
    stack: list[list] = []
    pending = ""  # the path of the key whose value comes next
    while pos < len(text):
        char = text[pos]
        if char == '"':
            try:
                key, after = scan(text, pos + 1, False)
            except ValueError:
                return offsets
            colon = after
            while colon < len(text) and text[colon] in " \t\r\n":
                colon += 1
            if stack and stack[-1][1] == "{" and text[colon:colon + 1] == ":":
                path = f"{stack[-1][0]}.{key}" if stack[-1][0] else key
                offsets.setdefault(path, pos)
                pending = path
            pos = after
            continue
        if char in "{[":
            parent = stack[-1] if stack else None
            path = pending if parent is None or parent[1] == "{" else parent[0]
            stack.append([path, char])
        elif char in "}]" and stack:
            stack.pop()
        pos += 1
    return offsets


# Longer samples are not read (a page of 1 MB of code is no sample to copy).
MAX_SAMPLE_CHARS = 1_000_000
# How an error the guard caught starts: a bug of sampledrift, not of the sample.
GUARDED = "could not read the sample"


def guarded(read: Callable[[str], Extraction], code: object) -> Extraction:
    """What every extractor's `extract` does around its reading: text only, an
    empty sample sends nothing, an oversized one is not read, and an exception
    becomes the sample's error (the protocol: `extract` never raises)."""
    if isinstance(code, (bytes, bytearray)):
        code = bytes(code).decode("utf-8", "replace")
    if not isinstance(code, str):
        return Extraction(error="sample is not text")
    if not code.strip():
        return Extraction()
    if len(code) > MAX_SAMPLE_CHARS:
        return Extraction(error=f"sample too large to read ({len(code)} characters)", error_line=1)
    try:
        return read(code)
    except Exception as exc:  # noqa: BLE001 -- the protocol: never raise, say what happened
        return Extraction(error=f"{GUARDED}: {type(exc).__name__}: {exc}")
