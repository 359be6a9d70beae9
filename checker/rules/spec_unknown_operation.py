"""The sample calls a path or method the spec does not have.

The request's URL is matched against the spec's servers and path templates
(`/documents/{id}/` matches `/documents/42/` and `/documents/<id>/`); a URL
on another host is not this API's and is left alone. A path that differs
only by a trailing slash is said so. A section's `{% openapi path=...
method=... %}` block that names an operation the spec lacks is reported at
the block.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.model import Page
from checker.rules.base import Hit
from checker.rules.spec_base import api_blocks, checked
from checker.spec_sources import SpecSources, is_spec

ID = "spec-unknown-operation"
SEVERITY = "error"
SUMMARY = "the sample calls a path/method the spec does not have"
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
  /items/{id}:
    get:
      responses: {"200": {description: ok}}
"""
PASS = "## Get\n\n```bash\ncurl https://api.example.com/v1/items/42\n```\n"
FAIL = "## Get\n\n```bash\ncurl https://api.example.com/v1/item/42\n```\n"


def check(page: Page, specs: SpecSources) -> Iterator[Hit]:
    for item in checked(page, specs):
        match = item.resolved.match
        if match.matched:
            continue
        request = item.request
        if match.reason == "unknown-method":
            allowed = ", ".join(m.upper() for m in match.methods)
            message = (f"{item.name} sends {request.method} {match.api_path or request.path}, but "
                       f"{item.spec_name} has only {allowed} there")
            key = "method"
        else:
            message = (f"{item.name} calls {request.method} {match.api_path or request.path}, "
                       f"which {item.spec_name} does not have")
            key = "url"
        if match.note:
            message += f" ({match.note})"
        yield Hit(item.line(key), message, fingerprint_key=f"{request.method} {request.path}")
    yield from _blocks(page, specs)


def _blocks(page: Page, specs: SpecSources) -> Iterator[Hit]:
    """API blocks naming an operation their own spec lacks."""
    for operation in api_blocks(page):
        spec = specs.page_spec(page, operation.get("src", ""))
        if is_spec(spec) and spec.find(operation["method"], operation["path"]) is None:
            yield Hit(int(operation["line"]),
                      f"this API block shows {operation['method']} {operation['path']}, which "
                      f"`{operation['src']}` does not have", fingerprint_key=f"block|{operation['path']}")
