"""What a GitBook OpenAPI block publishes, told from what an author wrote.

The `{% openapi %}` widget renders the operation from the spec: a request
line with `HTTP/1.1` and a `Host:` header (its HTTP tab), a cURL written
`curl -L --request ... --url ...` (its cURL tab), and response examples whose
values are the schema's stand-ins (`"text"`). These say which operation the
section documents; they are no translator's work, so they are never compared
as samples (`Fence.generated`).
"""

from __future__ import annotations

import re

from checker.model import Fence

_REQUEST_LINE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(/\S*)\s+HTTP/\d(?:\.\d)?$")
_HOST = re.compile(r"^Host:\s*\S+$", re.IGNORECASE)
_CURL_WIDGET = re.compile(r"^curl\s+-L\b")
# How far below the generated request its response example may start.
_RESPONSE_GAP = 3


def operation_of(fence: Fence) -> tuple[str, str] | None:
    """(method, path) of a widget's generated HTTP request, or None."""
    if fence.language != "http":
        return None
    lines = [text.strip() for text in fence.text.split("\n")]
    found = _REQUEST_LINE.match(lines[0]) if lines else None
    if found and any(_HOST.match(text) for text in lines[1:6]):
        return found.group(1), found.group(2)
    return None


def _widget_curl(fence: Fence) -> bool:
    text = fence.text.lstrip()
    return fence.language == "bash" and bool(_CURL_WIDGET.match(text)) \
        and "--request " in text and "--url " in text


def mark_generated(fences: list[Fence]) -> None:
    """Mark the widget's own blocks: its request, its cURL, the response
    examples right under the request."""
    request_end: int | None = None
    for fence in fences:
        if operation_of(fence) is not None:
            fence.generated, request_end = True, fence.end_line
        elif _widget_curl(fence):
            fence.generated = True
        elif fence.language == "json" and request_end is not None \
                and fence.line - request_end <= _RESPONSE_GAP:
            fence.generated, request_end = True, fence.end_line
        else:
            request_end = None


_METHOD_WORD = re.compile(r"^(?:get|post|put|patch|delete|head|options)$")
# How far above its generated request a widget's text may start.
_WIDGET_LINES = 120


def widget_start(lines: list[str], request_line: int, code_lines: set[int]) -> int | None:
    """The first line (1-based) of the widget text above a generated request:
    the widget opens with its method word alone on a line (`post`), says the
    spec's summary, parameters and responses, and repeats the word right above
    the request. None when no opener stands within reach (no code between)."""
    seen = 0
    for line in range(request_line - 1, max(0, request_line - _WIDGET_LINES), -1):
        if line in code_lines:
            return None
        if _METHOD_WORD.match(lines[line - 1].strip().lower()):
            seen += 1
            if seen == 2:
                return line
    return None
