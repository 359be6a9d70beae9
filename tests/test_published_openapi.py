"""What a GitBook OpenAPI block publishes (its HTTP request, cURL and response
examples) is the spec's rendering: it names the section's operation and is
never compared as a hand-written sample (issue 11)."""

from __future__ import annotations

from tests.helpers import findings, page_of

WIDGET = """\
post
Authorizations
Body
name string Required
Responses
201
Created
application/json
post
POST /api/v1/documents/ HTTP/1.1
Host: api.example.com
Authorization: Bearer YOUR_SECRET_TOKEN
Content-Type: application/json
Accept: */*
Content-Length: 15

{
"name": "text"
}
{
"id": 1,
"name": "text"
}
curl -L \\
--request POST \\
--url 'https://api.example.com/api/v1/documents/' \\
--header 'Authorization: Bearer YOUR_SECRET_TOKEN' \\
--header 'Content-Type: application/json' \\
--data '{"name": "text"}'
"""

HAND_WRITTEN = """\
curl -X POST https://api.example.com/api/v1/documents/ \\
-H "Authorization: Bearer YOUR_API_KEY" \\
-d '{"name": "Ada"}'
"""


def page(hand_written: str = HAND_WRITTEN, path: str = "fr/documents.txt"):
    return page_of(f"Documents\n\nCreate a document\n\n{WIDGET}\nFor example:\n\n{hand_written}", path)


def test_the_widget_is_no_sample_and_names_the_sections_operation():
    found = page()
    assert [(f.language, f.generated) for f in found.fences] == [
        ("http", True), ("json", True), ("json", True), ("bash", True), ("bash", False)]
    [sample] = found.samples
    assert sample.requests[0].path == "/api/v1/documents/"
    assert (sample.operation or {}).get("method") == "POST"
    assert (sample.operation or {}).get("path") == "/api/v1/documents/"
    assert findings(found, "sample-disagreement") == []


def test_a_hand_written_sample_that_calls_another_operation_is_reported():
    other = HAND_WRITTEN.replace("/api/v1/documents/", "/api/v1/document/")
    assert [f.rule for f in findings(page(other))] == ["spec-block-mismatch"]


def test_a_json_example_far_from_the_widget_is_the_authors():
    found = page_of(f"Documents\n\n{WIDGET}\nThe answer looks like this, with your own values:\n\n"
                    "{\n\"id\": 7,\n\"name\": \"Ada\"\n}\n", "fr/documents.txt")
    assert [(f.language, f.generated) for f in found.fences][-1] == ("json", False)
