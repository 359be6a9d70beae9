"""A spec a page's API block names cannot be read.

`{% openapi src="../assets/api.yml" %}` where the file is missing, is not
YAML or JSON, is not an OpenAPI or Swagger document, or has a broken local
`$ref`: its samples cannot be checked against it. (A spec given with `--spec`
or in the config that cannot be read stops the run with exit code 2.)
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.confine import OutsideTree
from checker.errors import InputError
from checker.model import Page
from checker.rules.base import Hit
from checker.rules.spec_base import api_blocks
from checker.spec_sources import SpecSources

ID = "spec-unreadable"
SEVERITY = "error"
SUMMARY = "a spec a page's API block names cannot be read"
KIND = "spec"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset({"path-outside-tree"})

SPEC = None
PASS = ('## Ping\n\n{% openapi src="https://example.com/api.yml" path="/ping" method="get" %}\n'
        '{% endopenapi %}\n\n```bash\ncurl https://api.example.com/ping\n```\n')
FAIL = ('## Ping\n\n{% openapi src="missing.yml" path="/ping" method="get" %}\n'
        '{% endopenapi %}\n\n```bash\ncurl https://api.example.com/ping\n```\n')


def check(page: Page, specs: SpecSources) -> Iterator[Hit]:
    for operation in api_blocks(page):
        spec = specs.page_spec(page, operation.get("src", ""))
        if isinstance(spec, InputError) and not isinstance(spec, OutsideTree):  # path-outside-tree
            yield Hit(int(operation["line"]), str(spec).replace("cannot read spec ", "cannot read "),
                      fingerprint_key=operation.get("src", ""))
