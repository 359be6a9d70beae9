"""The sample expects a status the operation does not document.

`if (response.status === 204)` where the spec's operation answers 200: the
reader's success branch never runs. "2xx" (from `response.ok` or
`raise_for_status()`) is fine with any documented 2xx.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.model import Page
from checker.rules.base import Hit
from checker.rules.spec_base import matched
from checker.spec_sources import SpecSources

ID = "spec-status"
SEVERITY = "error"
SUMMARY = "the sample expects a status the operation does not document"
KIND = "spec"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

SPEC = """\
openapi: 3.0.3
info: {title: Ping, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /ping:
    get:
      responses: {"204": {description: up}}
"""
PASS = ("## Ping\n\n```python\nimport requests\nr = requests.get('https://api.example.com/ping')\n"
        "if r.status_code == 204:\n    print('up')\n```\n")
FAIL = ("## Ping\n\n```python\nimport requests\nr = requests.get('https://api.example.com/ping')\n"
        "if r.status_code == 200:\n    print('up')\n```\n")


def check(page: Page, specs: SpecSources) -> Iterator[Hit]:
    for item, operation in matched(page, specs):
        # Here, once a spec applies: checker.spec imports jsonschema and referencing
        # (~40 ms of start-up), which a run without specs never needs.
        from checker.spec import check_status

        if not item.request.expected_status:
            continue
        for problem in check_status(operation, item.request.expected_status):
            documented = ", ".join(operation.responses) or "none"
            yield Hit(item.line("status"),
                      f"{item.name} {problem} ({operation.method} {operation.path} in "
                      f"{item.spec_name} documents {documented})",
                      fingerprint_key=f"{operation.method} {operation.path}|{problem}")
