"""The body breaks the operation's schema.

The sample's body is validated against the operation's request schema
(JSON Schema, through jsonschema): a required key missing, a key the schema
forbids (`additionalProperties: false`), a value of the wrong type, or one
outside an enum. A placeholder (`YOUR_NAME`, `<id>`, a value the page's
prose says to replace) stands for any value of any type, but not for an enum
member.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.model import Page
from checker.rules.base import Hit
from checker.rules.spec_base import matched
from checker.spec_sources import SpecSources

ID = "spec-body"
SEVERITY = "error"
SUMMARY = "the body breaks the operation's schema (missing required, unknown key, wrong type or enum)"
KIND = "spec"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

SPEC = """\
openapi: 3.0.3
info: {title: Items, version: "1"}
servers: [{url: "https://api.example.com/v1"}]
paths:
  /items:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [name]
              properties:
                name: {type: string}
                size: {type: integer}
      responses: {"201": {description: created}}
"""
PASS = ("## Create\n\n```bash\ncurl -X POST https://api.example.com/v1/items \\\n"
        "  --json '{\"name\": \"YOUR_ITEM_NAME\", \"size\": 3}'\n```\n")
FAIL = ("## Create\n\n```bash\ncurl -X POST https://api.example.com/v1/items \\\n"
        "  --json '{\"nom\": \"Widget\", \"size\": \"3\"}'\n```\n")


def check(page: Page, specs: SpecSources) -> Iterator[Hit]:
    for item, operation in matched(page, specs):
        # Here, once a spec applies: checker.spec imports jsonschema and referencing
        # (~40 ms of start-up), which a run without specs never needs.
        from checker.spec import check_body

        request = item.request
        found = set(item.sample.placeholders) | set(item.sample.hinted)
        for problem in check_body(operation, request.body, request.body_kind, found):
            top = str(problem.key_path[0]) if problem.key_path else ""
            key = f"body:{top}" if top and f"body:{top}" in request.lines else "body"
            yield Hit(item.line(key),
                      f"{item.name}'s body does not fit {operation.method} {operation.path} in "
                      f"{item.spec_name}: {problem.message}",
                      fingerprint_key=f"{operation.method} {operation.path}|{problem.kind}|"
                                      f"{problem.location}")
