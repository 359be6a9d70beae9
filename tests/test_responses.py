"""Block kinds, response examples, `spec-response`, and the kind in `extract` output (issue 10, items 5 and 7)."""

from __future__ import annotations

import json

import pytest

from checker.cli import main
from checker.config import Config
from checker.engine import check_paths
from tests.helpers import page_of, write_tree

CURL = "```bash\ncurl -X POST https://api.example.com/v1/documents -d '{\"name\": \"a\"}'\n```\n"
RESPONSE = '```json\n{\n  "id": 7,\n  "status": "indexed"\n}\n```\n'


def kinds(text: str) -> list[tuple[str, str | None]]:
    return [(s.kind, s.response_status) for s in page_of(text).samples]


def line_of(text: str, needle: str) -> int:
    at = text.find(needle)
    assert at >= 0 and text.find(needle, at + 1) < 0, needle
    return text.count("\n", 0, at) + 1


# --- block kinds -----------------------------------------------------------


def test_kinds_of_blocks_on_their_own():
    text = ("## A\n\n" + CURL + "\nText.\n\n```python\nprint('hi')\n```\n\n"
            "```yaml\nimage: nginx:1.25\n```\n\n```env\nAPI_KEY=x\n```\n\n"
            "```\n[1, 2]\n```\n\n```\nnpm install x\n```\n")
    assert [k for k, _ in kinds(text)] == ["request", "code", "data", "data", "data", "code"]


def test_swagger_response_body_is_a_response_with_the_tags_status():
    text = ('{% swagger method="get" path="/items" baseUrl="https://api.example.com" summary="List" %}\n'
            '{% swagger-response status="200: OK" description="" %}\n'
            '```javascript\n{\n  "items": []\n}\n```\n{% endswagger-response %}\n'
            '{% swagger-response status="401: Unauthorized" description="" %}\n'
            '```javascript\n{\n  "error": "no"\n}\n```\n{% endswagger-response %}\n'
            '{% endswagger %}\n')
    page = page_of(text)
    assert kinds(text) == [("response", "200"), ("response", "401")]
    assert page.samples[0].operation["path"] == "/items"


def test_status_line_block_is_a_response_whose_body_follows_the_headers():
    from checker.extract.blockkind import body_of
    text = ("## Response Syntax\n\n```json\nHTTP/1.1 200\nContent-type: application/json\n"
            '{\n    "records": []\n}\n```\n')
    page = page_of(text)
    assert kinds(text) == [("response", "200")]
    body = body_of(page.samples[0])
    assert body.value == {"records": []} and body.line == 3


def test_status_in_a_tab_title_or_heading_makes_a_data_block_a_response():
    tabs = ('## Create\n\n{% tabs %}\n{% tab title="201 Created" %}\n' + RESPONSE
            + '{% endtab %}\n{% tab title="4xx" %}\n```json\n{"error": "x"}\n```\n{% endtab %}\n'
            '{% endtabs %}\n')
    assert kinds(tabs) == [("response", "201"), ("response", "4xx")]
    heading = "## Create\n\n### 404\n\n" + RESPONSE
    assert kinds(heading) == [("response", "404")]


def test_a_json_block_right_after_a_request_answers_it():
    text = "## Upload\n\n" + CURL + "\nLa respuesta:\n\n" + RESPONSE
    page = page_of(text)
    assert kinds(text) == [("request", None), ("response", None)]
    assert page.samples[1].response_to is page.samples[0].requests[0]


def test_a_json_body_in_a_shell_fence_and_a_bare_status_after_requests_are_responses():
    text = ("## Upload\n\n" + CURL + "\nResponse example:\n\n" + RESPONSE.replace("```json", "```bash")
            + "\n## Delete\n\n" + CURL.replace("POST", "DELETE") + "\n```json\n204 No Content\n```\n")
    assert kinds(text) == [("request", None), ("response", None), ("request", None), ("response", "204")]


def test_a_json_tab_beside_a_request_tab_is_a_response():
    text = ('## Upload\n\n{% tabs %}\n{% tab title="cURL" %}\n' + CURL + '{% endtab %}\n'
            '{% tab title="Respuesta" %}\n' + RESPONSE + '{% endtab %}\n{% endtabs %}\n')
    assert kinds(text) == [("request", None), ("response", None)]


@pytest.mark.parametrize("text", [
    RESPONSE + "\n## Upload\n\n" + CURL,                              # before the request
    "## Upload\n\n" + CURL + "\n## Other\n\n" + RESPONSE,             # another section
    "## Upload\n\n" + CURL + '\n```json\n{"name": "a"}\n```\n',       # the request's body again
    "## Get\n\n```bash\ncurl -O https://example.com/compose.yml\n```\n\n```yaml\nservices: {}\n```\n",
    "## Notes\n\n### Top 100 models\n\n" + RESPONSE,                    # a number, not a status
    "## Upload\n\n" + CURL + "\n### Config\n\n" + RESPONSE,            # a heading between
    "## Upload\n\n" + CURL + "\nOne remark.\n\nFor example, if it has:\n\n" + RESPONSE,  # prose between
], ids=["before", "other-section", "its-body", "yaml-after-curl", "number-heading", "heading-between",
        "prose-between"])
def test_json_blocks_that_are_not_responses(text):
    assert "response" not in [k for k, _ in kinds(text)]


# --- spec-response ---------------------------------------------------------

SPEC = """\
openapi: 3.0.3
info: {title: Documents, version: "1"}
servers: [{url: "https://api.example.com/v1"}]
paths:
  /documents:
    post:
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Document"}
        "404":
          description: not found
          content:
            application/json:
              schema:
                type: object
                additionalProperties: true
                properties: {error: {type: string}}
components:
  schemas:
    Document:
      type: object
      required: [id, status]
      properties:
        id: {type: integer}
        status: {type: string, enum: [queued, indexed]}
        meta:
          type: object
          properties: {pages: {type: integer}}
"""


def spec_findings(tmp_path, page: str) -> list:
    root = write_tree(tmp_path, {"docs/page.md": page, "api.yml": SPEC})
    result = check_paths([f"{root}/docs"], Config(), specs=[f"{root}/api.yml"])
    return [f for f in result.findings if f.rule == "spec-response"]


def at(found) -> list[tuple[str, int]]:
    return sorted((f.path.rsplit("/", 2)[-2] + "/" + f.path.rsplit("/", 1)[-1], f.line) for f in found)


def test_a_fitting_response_gives_nothing(tmp_path):
    assert spec_findings(tmp_path, "## Upload\n\n" + CURL + "\n" + RESPONSE) == []


def test_enum_value_and_wrong_type_each_at_their_key(tmp_path):
    page = ("## Upload\n\n" + CURL + "\n"
            '```json\n{\n  "id": "7",\n  "status": "indiziert"\n}\n```\n')
    found = spec_findings(tmp_path, page)
    assert at(found) == [("docs/page.md", line_of(page, '"id": "7"')),
                         ("docs/page.md", line_of(page, '"indiziert"'))]
    messages = " ".join(f.message for f in found)
    assert "`response.status` is \"indiziert\", not one of \"queued\", \"indexed\"" in messages
    assert "`response.id` is a string; the schema wants integer" in messages
    assert all(f.severity.value == "warning" for f in found)


def test_unknown_key_of_a_listed_schema_at_its_line(tmp_path):
    page = ("## Upload\n\n" + CURL + "\n"
            '```json\n{\n  "id": 7,\n  "status": "queued",\n  "meta": {\n    "pagez": 3\n  }\n}\n```\n')
    found = spec_findings(tmp_path, page)
    assert at(found) == [("docs/page.md", line_of(page, '"pagez"'))]
    assert "unknown key `response.meta.pagez`" in found[0].message


def test_missing_required_key_at_its_objects_line(tmp_path):
    page = "## Upload\n\n" + CURL + "\n" + '```json\n{\n  "id": 7\n}\n```\n'
    found = spec_findings(tmp_path, page)
    assert at(found) == [("docs/page.md", line_of(page, '{\n  "id": 7'))]
    assert "`response.status` is required but missing" in found[0].message


def test_a_translated_key_is_one_finding(tmp_path):
    page = "## Upload\n\n" + CURL + "\n" + '```json\n{\n  "id": 7,\n  "estado": "queued"\n}\n```\n'
    found = spec_findings(tmp_path, page)
    assert at(found) == [("docs/page.md", line_of(page, '"estado"'))]
    assert "requires `response.status`" in found[0].message


def test_the_status_chooses_the_schema_and_an_open_schema_allows_more(tmp_path):
    page = ('## Upload\n\n{% tabs %}\n{% tab title="cURL" %}\n' + CURL + '{% endtab %}\n'
            '{% tab title="404" %}\n```json\n{"error": "none", "trace": "x"}\n```\n{% endtab %}\n'
            '{% endtabs %}\n')
    assert spec_findings(tmp_path, page) == []
    wrong = page.replace('"error": "none"', '"error": 404')
    assert at(spec_findings(tmp_path, wrong)) == [("docs/page.md", line_of(wrong, '"error": 404'))]


def test_a_status_line_response_is_checked_at_its_body_lines(tmp_path):
    page = ("## Upload\n\n" + CURL + "\n```http\nHTTP/1.1 201 Created\nContent-Type: application/json\n\n"
            '{\n  "id": 7,\n  "status": "done"\n}\n```\n')
    assert at(spec_findings(tmp_path, page)) == [("docs/page.md", line_of(page, '"done"'))]


def test_an_api_block_names_the_operation_of_a_swagger_response(tmp_path):
    page = ('{% swagger method="post" path="/documents" baseUrl="https://api.example.com/v1" summary="Up" %}\n'
            '{% swagger-response status="201: Created" description="" %}\n'
            '```javascript\n{\n  "id": 7,\n  "status": "fertig"\n}\n```\n{% endswagger-response %}\n'
            '{% endswagger %}\n')
    assert at(spec_findings(tmp_path, page)) == [("docs/page.md", line_of(page, '"fertig"'))]


def test_a_yaml_response_is_checked_at_its_key_lines(tmp_path):
    page = ('## Upload\n\n{% tabs %}\n{% tab title="cURL" %}\n' + CURL + '{% endtab %}\n'
            '{% tab title="201" %}\n```yaml\nid: 7\nstatus: fertig\n```\n{% endtab %}\n{% endtabs %}\n')
    assert at(spec_findings(tmp_path, page)) == [("docs/page.md", line_of(page, "status: fertig"))]


def test_a_response_to_another_host_or_no_operation_is_not_checked(tmp_path):
    other = CURL.replace("api.example.com", "elsewhere.org")
    page = "## Upload\n\n" + other + "\n" + '```json\n{"id": "x"}\n```\n'
    assert spec_findings(tmp_path, page) == []


# --- extract output --------------------------------------------------------


def test_extract_lists_kind_requests_and_response_status(tmp_path, capsys):
    page = ("## Upload\n\n```javascript\nawait fetch('https://api.example.com/v1/a');\n"
            "await fetch('https://api.example.com/v1/b', {method: 'POST'});\n```\n\n"
            + RESPONSE + "\n```yaml\nkey: value\n```\n")
    root = write_tree(tmp_path, {"docs/page.md": page})
    with pytest.raises(SystemExit) as code:
        main(["extract", f"{root}/docs"])
    assert code.value.code == 0
    samples = json.loads(capsys.readouterr().out)["samples"]
    assert [s["kind"] for s in samples] == ["request", "request", "response", "data"]
    assert [r["path"] for r in samples[0]["requests"]] == ["/v1/a", "/v1/b"]
    assert samples[0]["requests"] == samples[1]["requests"]
    assert samples[1]["request"]["method"] == "POST"
    assert samples[2]["response_status"] is None and samples[2]["requests"] == []
    assert "response_status" not in samples[3] and samples[3]["request"] is None


def test_parts_of_an_allof_do_not_call_each_others_keys_unknown(tmp_path):
    spec = SPEC.replace('schema: {$ref: "#/components/schemas/Document"}',
                        'schema: {allOf: [{$ref: "#/components/schemas/Document"}, '
                        '{type: object, properties: {owner: {type: string}}}]}')
    root = write_tree(tmp_path, {"docs/page.md": "## Upload\n\n" + CURL + "\n"
                                 + '```json\n{"id": 7, "status": "queued", "owner": "me"}\n```\n',
                                 "api.yml": spec})
    result = check_paths([f"{root}/docs"], Config(), specs=[f"{root}/api.yml"])
    assert [f for f in result.findings if f.rule == "spec-response"] == []
