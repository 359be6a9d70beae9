"""A query parameter the operation does not know, or a required one missing.

`?limt=10` where the operation declares `limit`, or no `q` where `q` is
required. Unknown parameters are reported only when the operation declares
its query parameters at all.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.model import Page
from checker.rules.base import Hit
from checker.rules.spec_base import matched
from checker.spec_sources import SpecSources

ID = "spec-query"
SEVERITY = "error"
SUMMARY = "a query parameter the operation does not know, or a required one missing"
KIND = "spec"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

SPEC = """\
openapi: 3.0.3
info: {title: Search, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /search:
    get:
      parameters:
        - {name: q, in: query, required: true, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses: {"200": {description: ok}}
"""
PASS = "## Search\n\n```bash\ncurl 'https://api.example.com/search?q=YOUR_QUERY&limit=5'\n```\n"
FAIL = "## Search\n\n```bash\ncurl 'https://api.example.com/search?limt=5'\n```\n"


def check(page: Page, specs: SpecSources) -> Iterator[Hit]:
    for item, operation in matched(page, specs):
        # Here, once a spec applies: checker.spec imports jsonschema and referencing
        # (~40 ms of start-up), which a run without specs never needs.
        from checker.spec import check_query

        for problem in check_query(operation, item.request.query):
            yield Hit(item.line("url"), f"{item.name}: {problem} ({operation.method} "
                      f"{operation.path} in {item.spec_name})",
                      fingerprint_key=f"{operation.method} {operation.path}|{problem}")
