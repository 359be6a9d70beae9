"""The sample authenticates differently from the operation's security.

The operation wants a Bearer token, an API-key header, a cookie or nothing
(its `security`, else the spec's, resolved through `securitySchemes`); the
sample sends none of what it accepts. A fetch with `credentials: 'include'`
sends the browser's cookies. Extra credentials are never reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.model import Page
from checker.rules.base import Hit
from checker.rules.spec_base import matched
from checker.spec_sources import SpecSources

ID = "spec-auth"
SEVERITY = "warning"
SUMMARY = "the sample authenticates differently from the operation's security"
KIND = "spec"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

SPEC = """\
openapi: 3.0.3
info: {title: Docs, version: "1"}
servers: [{url: "https://api.example.com"}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
security: [{bearer: []}]
paths:
  /docs:
    get:
      responses: {"200": {description: ok}}
"""
PASS = "## Docs\n\n```bash\ncurl https://api.example.com/docs -H 'Authorization: Bearer YOUR_TOKEN'\n```\n"
FAIL = "## Docs\n\n```bash\ncurl https://api.example.com/docs\n```\n"


def check(page: Page, specs: SpecSources) -> Iterator[Hit]:
    for item, operation in matched(page, specs):
        # Here, once a spec applies: checker.spec imports jsonschema and referencing
        # (~40 ms of start-up), which a run without specs never needs.
        from checker.spec import check_auth

        request = item.request
        for problem in check_auth(operation, item.resolved.spec, request.headers, request.cookies,
                                  request.query, request.credentials, request.auth):
            yield Hit(item.line(), f"{item.name}: {problem} ({operation.method} {operation.path} "
                      f"in {item.spec_name})",
                      fingerprint_key=f"{operation.method} {operation.path}|{problem}")
