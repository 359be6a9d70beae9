"""`sampledrift extract`: every code sample, its kind and the requests it sends (contract: JSON samples)."""

from __future__ import annotations

import json
from typing import Any

import yaml

from checker.model import Request, Result, Sample


def request_dict(request: Request) -> dict[str, Any]:
    return {"method": request.method, "url": request.url, "path": request.path,
            "query": request.query, "headers": request.headers, "cookies": request.cookies,
            "body": request.body, "expected_status": request.expected_status}


def sample_dicts(sample: Sample) -> list[dict[str, Any]]:
    """One entry per request a sample sends (one entry with `request: null` if none).

    Each entry also says the block's `kind` (request, response, data, code:
    checker/extract/blockkind.py) and lists every request of the sample
    (`requests`, in the order it sends them; `request` is the entry's own);
    a response example says its `response_status` ("200", "4xx", or null)."""
    page = sample.page
    operation = ({"method": sample.operation["method"], "path": sample.operation["path"]}
                 if sample.operation else None)
    entries = []
    requests: list[Request | None] = [*sample.requests] or [None]
    for request in requests:
        line, end_line = sample.fence.line, sample.fence.end_line
        if request is not None and len(sample.requests) > 1:
            line = sample.page_line(request.lines.get("start"))
            end_line = sample.page_line(request.lines.get("end", request.lines.get("start")))
        entries.append({
            "path": page.path, "line": line, "end_line": end_line, "locale": page.locale,
            "page": page.file.page_id, "section": sample.section, "operation": operation,
            "language": sample.language or sample.fence.info, "tab": sample.tab,
            "request": request_dict(request) if request else None,
            "placeholders": sample.placeholders,
            "error": sample.error,
            "kind": sample.kind,
            "requests": [request_dict(r) for r in sample.requests],
        })
        if sample.kind == "response":
            entries[-1]["response_status"] = sample.response_status
    return entries


def _document(result: Result) -> dict[str, Any]:
    return {"samples": [entry for page in result.pages for sample in page.samples
                        for entry in sample_dicts(sample)]}


def render_json(result: Result, *, color: bool = False) -> str:
    return json.dumps(_document(result), ensure_ascii=False, indent=2) + "\n"


def render_yaml(result: Result, *, color: bool = False) -> str:
    return yaml.safe_dump(_document(result), allow_unicode=True, sort_keys=False, width=100)


EXTRACT_FORMATTERS = {"json": render_json, "yaml": render_yaml}
