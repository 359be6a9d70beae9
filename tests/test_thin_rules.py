"""Rules that had almost no tests of their own (status-drift, endpoint-drift,
spec-query, spec-auth: one or two lines of the suite named them): each gets
one finding at the right line for a real mistake, and none for what a
translator or a tidy writer changes without changing the request (prose,
comments, whitespace, quoting, key order, placeholder spelling)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.config import Config
from checker.engine import check_paths
from tests.helpers import write_tree


def run(tmp_path: Path, files: dict[str, str], rule: str, spec: str | None = None) -> list[tuple[str, int]]:
    """(file, line) of every finding of `rule` in the tree, `spec` given as its OpenAPI file."""
    specs = []
    if spec is not None:
        (tmp_path / "api.yml").write_text(spec, encoding="utf-8")
        specs = [str(tmp_path / "api.yml")]
    root = write_tree(tmp_path / "docs", files)
    result = check_paths([root], Config(), specs=specs)
    return [(f.path.split(root + "/")[-1], f.line) for f in result.findings if f.rule == rule]


def line_of(text: str, needle: str) -> int:
    assert text.count(needle) == 1, needle
    return text.count("\n", 0, text.index(needle)) + 1


# --------------------------------------------------------------------------- status-drift

STATUS_EN = """## Delete an item

```javascript
// Delete the item
const response = await fetch('https://api.example.com/v1/items/42', {
  method: 'DELETE',
  headers: { 'Authorization': 'Bearer YOUR_TOKEN' }
});
if (response.status === 204) {
  console.log('Deleted');
}
```
"""


def test_status_drift_is_found_at_the_check_of_the_drifting_locale(tmp_path):
    french = STATUS_EN.replace("## Delete an item", "## Supprimer un élément") \
        .replace("response.status === 204", "response.status === 200")
    found = run(tmp_path, {"en/items.md": STATUS_EN, "fr/items.md": french}, "status-drift")
    assert found == [("fr/items.md", line_of(french, "=== 200"))]


def test_status_drift_names_the_one_odd_locale_of_three(tmp_path):
    german = STATUS_EN.replace("=== 204", "=== 202")
    found = run(tmp_path, {"en/items.md": STATUS_EN, "fr/items.md": STATUS_EN, "de/items.md": german},
                "status-drift")
    assert found == [("de/items.md", line_of(german, "=== 202"))]


@pytest.mark.parametrize("old, new", [
    ("// Delete the item", "// Supprimer l'élément"),                    # a comment
    ("console.log('Deleted');", "console.log('Élément supprimé');"),     # a printed message
    ("response.status === 204", "response.status===204"),                # whitespace
    ("'https://api.example.com/v1/items/42'", '"https://api.example.com/v1/items/42"'),  # quoting
    ("method: 'DELETE',\n  headers: { 'Authorization': 'Bearer YOUR_TOKEN' }",
     "headers: { 'Authorization': 'Bearer YOUR_TOKEN' },\n  method: 'DELETE'"),         # key order
])
def test_status_drift_ignores_what_does_not_change_the_check(tmp_path, old, new):
    assert old in STATUS_EN
    french = STATUS_EN.replace("## Delete an item", "## Supprimer un élément").replace(old, new)
    assert run(tmp_path, {"en/items.md": STATUS_EN, "fr/items.md": french}, "status-drift") == []


def test_status_drift_is_silent_when_no_locale_checks_a_status(tmp_path):
    plain = STATUS_EN.replace("if (response.status === 204) {\n  console.log('Deleted');\n}\n", "")
    assert run(tmp_path, {"en/items.md": plain, "fr/items.md": plain.replace("// Delete", "// Supprimer")},
               "status-drift") == []


# --------------------------------------------------------------------------- endpoint-drift

ENDPOINT_EN = """# Flows

Get one flow by its id.

## Get a flow

```bash
# the flow id comes from the list
curl -X GET 'https://api.example.com/v1/flows/{flow-id}?expand=nodes&limit=5' \\
  -H 'Authorization: Bearer YOUR_TOKEN'
```
"""


@pytest.mark.parametrize("old, new", [
    ("/v1/flows/{flow-id}", "/v1/flujos/{flow-id}"),              # a path segment translated
    ("api.example.com", "api.example.org"),                       # another host
    ("?expand=nodes&limit=5", "?limit=5"),                        # a query key dropped
])
def test_endpoint_drift_is_found_at_the_url_of_the_drifting_locale(tmp_path, old, new):
    spanish = ENDPOINT_EN.replace("## Get a flow", "## Obtener un flujo").replace(old, new)
    found = run(tmp_path, {"en/flows.md": ENDPOINT_EN, "es/flows.md": spanish}, "endpoint-drift")
    assert found == [("es/flows.md", line_of(spanish, "curl -X GET"))]


@pytest.mark.parametrize("old, new", [
    ("Get one flow by its id.", "Obtén un flujo por su id."),                       # prose
    ("# the flow id comes from the list", "# el id del flujo viene de la lista"),  # a comment
    ("{flow-id}", "<flow-id>"),                                                   # placeholder spelling
    ("{flow-id}", "${FLOW_ID}"),
    ("limit=5", "limit=10"),                                                      # a query value
    ("?expand=nodes&limit=5", "?limit=5&expand=nodes"),                           # query key order
    ("'https://api.example.com/v1/flows/{flow-id}?expand=nodes&limit=5'",
     '"https://api.example.com/v1/flows/{flow-id}?expand=nodes&limit=5"'),        # quoting
    ("curl -X GET 'https", "curl  -X GET   'https"),                                # whitespace
])
def test_endpoint_drift_ignores_what_does_not_change_the_endpoint(tmp_path, old, new):
    assert old in ENDPOINT_EN
    spanish = ENDPOINT_EN.replace("## Get a flow", "## Obtener un flujo").replace(old, new)
    assert run(tmp_path, {"en/flows.md": ENDPOINT_EN, "es/flows.md": spanish}, "endpoint-drift") == []


# --------------------------------------------------------------------------- spec-query

QUERY_SPEC = """\
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
  /health:
    get:
      responses: {"200": {description: ok}}
"""

QUERY_PAGE = """## Search

Search the documents; `limit` caps the results.

```python
import requests

# search the documents
response = requests.get(
    "https://api.example.com/search",
    params={"q": "YOUR_QUERY", "limit": 5},
)
print(response.json())
```
"""


@pytest.mark.parametrize("old, new", [
    ('"limit": 5', '"limt": 5'),          # a misspelt parameter
    ('"q": "YOUR_QUERY", ', ""),          # the required one left out
])
def test_spec_query_is_found_at_the_url_line(tmp_path, old, new):
    page = QUERY_PAGE.replace(old, new)
    found = run(tmp_path, {"page.md": page}, "spec-query", QUERY_SPEC)
    assert found == [("page.md", line_of(page, '"https://api.example.com/search"'))]


@pytest.mark.parametrize("old, new", [
    ("Search the documents; `limit` caps the results.", "Cherche dans les documents."),   # prose
    ("# search the documents", "# chercher dans les documents"),                          # a comment
    ('params={"q": "YOUR_QUERY", "limit": 5}', 'params={"limit": 5, "q": "YOUR_QUERY"}'),  # key order
    ('params={"q": "YOUR_QUERY", "limit": 5}', "params={'q': 'YOUR_QUERY', 'limit': 5}"),  # quoting
    ('"https://api.example.com/search",\n    params={"q": "YOUR_QUERY", "limit": 5},',
     '"https://api.example.com/search?q=YOUR_QUERY&limit=5",'),                            # in the URL
])
def test_spec_query_ignores_what_does_not_change_the_query(tmp_path, old, new):
    assert old in QUERY_PAGE
    page = QUERY_PAGE.replace(old, new)
    assert run(tmp_path, {"page.md": page}, "spec-query", QUERY_SPEC) == []


def test_spec_query_is_silent_on_an_operation_that_declares_no_query(tmp_path):
    page = "## Health\n\n```bash\ncurl 'https://api.example.com/health?verbose=1'\n```\n"
    assert run(tmp_path, {"page.md": page}, "spec-query", QUERY_SPEC) == []


# --------------------------------------------------------------------------- spec-auth

AUTH_SPEC = """\
openapi: 3.0.3
info: {title: Docs, version: "1"}
servers: [{url: "https://api.example.com"}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
    key: {type: apiKey, in: header, name: x-api-key}
security: [{bearer: []}, {key: []}]
paths:
  /docs:
    get:
      responses: {"200": {description: ok}}
  /status:
    get:
      security: []
      responses: {"200": {description: ok}}
"""

AUTH_PAGE = """## Documents

List your documents.

```bash
# list them
curl https://api.example.com/docs \\
  -H 'Authorization: Bearer YOUR_TOKEN' \\
  -H 'Accept: application/json'
```
"""


def test_spec_auth_is_found_at_the_request_that_sends_no_credential(tmp_path):
    page = AUTH_PAGE.replace("  -H 'Authorization: Bearer YOUR_TOKEN' \\\n", "")
    found = run(tmp_path, {"page.md": page}, "spec-auth", AUTH_SPEC)
    assert found == [("page.md", line_of(page, "curl https"))]


@pytest.mark.parametrize("old, new", [
    ("List your documents.", "Listez vos documents."),                                 # prose
    ("# list them", "# les lister"),                                                   # a comment
    ("-H 'Authorization: Bearer YOUR_TOKEN'", '-H "authorization:   Bearer YOUR_TOKEN"'),  # case, quoting, spaces
    ("-H 'Authorization: Bearer YOUR_TOKEN' \\\n  -H 'Accept: application/json'",
     "-H 'Accept: application/json' \\\n  -H 'Authorization: Bearer YOUR_TOKEN'"),     # header order
    ("-H 'Authorization: Bearer YOUR_TOKEN'", "-H 'x-api-key: YOUR_API_KEY'"),         # the other scheme
])
def test_spec_auth_ignores_what_does_not_change_the_credential(tmp_path, old, new):
    assert old in AUTH_PAGE
    page = AUTH_PAGE.replace(old, new)
    assert run(tmp_path, {"page.md": page}, "spec-auth", AUTH_SPEC) == []


def test_spec_auth_is_silent_on_an_open_operation(tmp_path):
    page = "## Status\n\n```bash\ncurl https://api.example.com/status\n```\n"
    assert run(tmp_path, {"page.md": page}, "spec-auth", AUTH_SPEC) == []
