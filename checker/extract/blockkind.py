"""What each sample is: a `request`, a `response` example, `data`, or `code`.

- `request`: the extractors read at least one request from it.
- `response`: a response example (below), told by where it stands and by what
  it says that no translator changes, never by translated text alone:
  - a block inside `{% swagger-response status="200: OK" %}` (or the older
    `{% api-method-response-example httpCode=200 %}`): the status is the tag's.
    GitBook's editor writes these bodies in a ```` ```javascript ```` fence
    (any fence there is a response; it is read as data when it parses);
  - a block that starts with a status line, `HTTP/1.1 200 OK` (then headers,
    then the body), in any fence language, or that is a status alone
    (`204 No Content`);
  - a data block whose tab title or nearest heading names a status in a
    language-independent way: `200`, `201 Created`, `4xx`, `Response 200`;
  - a JSON object/array block right after a request sample of the same
    section (outside any tab group; no heading and at most one line of prose,
    "Response example:", between them), or in a `{% tabs %}` group another
    tab of which is a request. A block equal to that request's body is its body
    shown again, not a response.
  A YAML block counts only with the first three kinds of evidence: after a
  `curl -O` a YAML file is what was downloaded, not an API answer.
- `data`: a data language (json, yaml, toml, env/dotenv, ini, ...) or a
  block that parses as one JSON object or array, whatever its fence says.
- `code`: everything else.

The published renderings of the `{% openapi %}` widget (its request, cURL and
response examples) are generated, never samples (checker/parse/rendered/openapi.py),
so none of them is classified here.

`kind_of(sample)` reads one sample on its own (called as it is read);
`mark_responses(page, samples)` reads a page's samples in order, once, for the
evidence that lies around a sample (tags, tabs, headings, the request before).
"""

from __future__ import annotations

import bisect
import http
import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

from checker.model import Block, Page, Request, Sample
from checker.parse.blocks import walk_blocks

REQUEST, RESPONSE, DATA, CODE = "request", "response", "data", "code"
KINDS = (REQUEST, RESPONSE, DATA, CODE)

# Fence words of data languages, as `languages.normalise` leaves them (a word
# no language module claims stays as written, lower-cased).
DATA_LANGUAGES = frozenset({"json", "jsonc", "json5", "jsonl", "ndjson", "yaml", "yml", "toml",
                            "env", "dotenv", ".env", "ini", "properties", "cfg", "conf"})
_YAML = frozenset({"yaml", "yml"})

# A status line: `HTTP/1.1 200 OK`, `HTTP/2 404`, `HTTP/1.1 200` (Dify writes no reason).
_STATUS_LINE = re.compile(r"^\s*HTTP/\d(?:\.\d)?\s+([1-5]\d\d)\b[^\n]*$")
_STATUS_ALONE = re.compile(r"^([1-5]\d\d)(?:[ \t]+[^\d\s][^\d\n]{0,40})?$")
_HEADER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9!#$%&'*+.^_`|~-]*\s*:")
# A status in a title: a known code or a class (`4xx`), standing alone as a word.
_TITLE_STATUS = re.compile(r"(?<![\w.,/-])([2-5]\d\d|[2-5][xX][xX])(?![\w.,/%-])")
_CODES = frozenset(str(status.value) for status in http.HTTPStatus)
# A title naming a status says little else: `201 Created`, `Response 200`, `200: OK`.
_TITLE_WORDS = 5

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Body:
    """A response example's body: the parsed value, its text, and the line
    (within the sample) its text starts at. `value` is None when it does not parse."""

    value: Any
    text: str
    line: int
    parsed: bool


def kind_of(sample: Sample) -> str:
    """The kind a sample shows on its own (a status-line block is a response)."""
    if sample.requests:
        return REQUEST
    status = status_line(sample.fence.text)
    if status is not None:
        sample.response_status = status
        return RESPONSE
    if is_data(sample):
        return DATA
    return CODE


def is_data(sample: Sample) -> bool:
    """A data language, or a block that is one JSON object or array whatever its
    fence says (Dify labels response bodies `bash`): such text runs as nothing."""
    return sample.language in DATA_LANGUAGES or _json_container(sample.fence.text) is not None


def status_line(text: str) -> str | None:
    """The status of a block that starts with an HTTP status line, or that is
    a status alone (`204 No Content`, `200 success`)."""
    stripped = text.strip()
    alone = _STATUS_ALONE.match(stripped)
    if alone:
        return alone.group(1)
    found = _STATUS_LINE.match(stripped.split("\n", 1)[0])
    return found.group(1) if found else None


def body_of(sample: Sample) -> Body:
    """A response example's body: after a status line and its headers, else
    the whole block; parsed as JSON, or YAML for a YAML fence."""
    lines = sample.fence.text.split("\n")
    start = 0
    if status_line(sample.fence.text) is not None:
        start = next(i for i, text in enumerate(lines) if text.strip()) + 1
        while start < len(lines) and _HEADER.match(lines[start]):
            start += 1  # headers up to the body (Dify leaves no blank line before it)
        while start < len(lines) and not lines[start].strip():
            start += 1
    text = "\n".join(lines[start:])
    value = _json_container(text)
    if value is None and sample.language in _YAML:
        value = _yaml_container(text)
    return Body(value, text, start + 1, value is not None)


def _json_container(text: str) -> Any:
    """The JSON object or array a text holds, else None (cheap for other text)."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "{[":
        return None
    try:
        value = json.loads(stripped)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, (dict, list)) else None


def _yaml_container(text: str) -> Any:
    try:
        value = yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 (a SafeLoader)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    return value if isinstance(value, (dict, list)) else None


def title_status(title: str | None) -> str | None:
    """The status a tab title or heading names (`200`, `201 Created`, `4xx`), or None."""
    if not title or len(title.split()) > _TITLE_WORDS:
        return None
    for found in _TITLE_STATUS.finditer(title):
        code = found.group(1).lower()
        if code in _CODES or code.endswith("xx"):
            return code
    return None


def tag_status(block: Block) -> str:
    """`status="200: OK"` -> "200"; `httpCode=201` -> "201"; "" when it names none."""
    attrs = {key.lower(): value for key, value in block.open.attrs.items()}
    found = re.match(r"\s*([1-5]\d\d|[1-5]xx)", attrs.get("status", attrs.get("httpcode", "")),
                     re.IGNORECASE)
    return found.group(1).lower() if found else ""


_RESPONSE_TAGS = ("swagger-response", "api-method-response-example")


class _Around:
    """The response tags and headings of a page, looked up by line (bisect)."""

    def __init__(self, page: Page) -> None:
        tags = sorted((b for b in walk_blocks(page.blocks) if b.name in _RESPONSE_TAGS),
                      key=lambda b: b.line)
        self.tags, self.tag_lines = tags, [b.line for b in tags]
        headings = sorted(page.headings, key=lambda h: h.line)
        self.headings, self.heading_lines = headings, [h.line for h in headings]

    def tag(self, line: int) -> Block | None:
        at = bisect.bisect_left(self.tag_lines, line) - 1
        close = self.tags[at].close if at >= 0 else None
        return self.tags[at] if close is not None and close.line > line else None

    def heading(self, line: int) -> str | None:
        at = bisect.bisect_left(self.heading_lines, line) - 1
        return self.headings[at].title if at >= 0 else None


def mark_responses(page: Page, samples: list[Sample]) -> None:
    """Find the response examples among a page's samples (in page order): see
    the module docs. Sets `kind`, `response_status` and `response_to`."""
    around = _Around(page)
    groups: dict[int, list[Sample]] = {}
    for sample in samples:
        if sample.tabs_line is not None:
            groups.setdefault(sample.tabs_line, []).append(sample)
    previous: Sample | None = None
    last_request: Sample | None = None
    for sample in samples:
        if last_request is not None and last_request.section_line != sample.section_line:
            last_request = None
        if sample.kind != REQUEST:
            _classify(sample, around, previous, last_request, groups)
        if sample.kind == REQUEST:
            last_request = sample
        previous = sample


def _classify(sample: Sample, around: _Around, previous: Sample | None,
              last_request: Sample | None, groups: dict[int, list[Sample]]) -> None:
    tag = around.tag(sample.fence.line)
    if tag is not None:
        sample.kind, sample.response_status = RESPONSE, tag_status(tag) or None
    elif sample.kind == RESPONSE:
        pass  # a status line: kind_of set its status
    elif sample.kind == DATA:
        status = title_status(sample.tab) or title_status(around.heading(sample.fence.line))
        if status is None and not _after_request(sample, previous, groups):
            return
        if not body_of(sample).parsed:
            return
        sample.kind, sample.response_status = RESPONSE, status
    else:
        return
    if sample.response_to is None and last_request is not None and not _names_operation(sample):
        sample.response_to = _answered(sample, last_request, groups)


def _names_operation(sample: Sample) -> bool:
    operation = sample.operation or {}
    return bool(operation.get("method") and operation.get("path"))


def _after_request(sample: Sample, previous: Sample | None, groups: dict[int, list[Sample]]) -> bool:
    """A JSON block right after a request of its section, or beside one in its tab group."""
    if _json_container(sample.fence.text) is None:
        return False
    if sample.tabs_line is not None:
        others = [s for s in groups.get(sample.tabs_line, []) if s.tab != sample.tab]
        return any(s.kind == REQUEST and not _is_its_body(sample, s) for s in others)
    return (previous is not None and previous.kind == REQUEST
            and previous.section_line == sample.section_line
            and _adjacent(sample.page, previous.fence.end_line + 2, sample.fence.fence_line)
            and not _is_its_body(sample, previous))


# A response right after its request: at most one line of prose between
# ("Response example:", in any language), and no heading.
_LEAD_LINES = 1


def _adjacent(page: Page, first: int, stop: int) -> bool:
    """Whether the lines `first` .. `stop - 1` hold no heading and at most a lead line."""
    prose = 0
    for text in page.lines[max(first, 1) - 1:max(stop, 1) - 1]:
        text = text.strip()
        if not text or text.startswith("{%"):
            continue
        prose += 1
        if text.startswith("#") or prose > _LEAD_LINES:
            return False
    return True


def _is_its_body(sample: Sample, request_sample: Sample) -> bool:
    value = _json_container(sample.fence.text)
    return any(request.body == value for request in request_sample.requests)


def _answered(sample: Sample, last_request: Sample, groups: dict[int, list[Sample]]) -> Request | None:
    """The request a response answers: a request of its tab group, else the last one above it."""
    if sample.tabs_line is not None:
        for other in groups.get(sample.tabs_line, []):
            if other.kind == REQUEST and other.requests:
                return other.requests[0]
    return last_request.requests[-1] if last_request.requests else None
