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


SPEC_TEXT = """\
post
Create a document in the workspace and index it for search right away.
Authorizations
Body
name string Required
The name of the document as it is shown to every member of the workspace.
Responses
201
Created
application/json
post
POST /api/v1/documents/ HTTP/1.1
Host: api.example.com
Accept: */*
"""


def test_the_widgets_english_spec_text_is_no_prose_of_the_page():
    from checker.langid import detect_locale
    from checker.parse.rendered import CHROME, layout

    french = ("Documents\n\nCréer un document\n\n"
              "Cette page explique comment créer un document dans votre espace de travail.\n\n"
              f"{SPEC_TEXT}\nLe document est ensuite indexé et apparaît dans les résultats.\n")
    lines = french.split("\n")
    found = layout(lines)
    widget = [i for i, text in enumerate(lines) if text in ("Responses", "Authorizations", "201")]
    assert widget and all(found.labels[i] == CHROME for i in widget)
    assert "Responses" not in [h.title for h in found.headings]
    assert detect_locale(french) == "fr"


def test_published_pages_pair_by_the_operation_their_widget_renders(tmp_path):
    """Translated slugs, no SUMMARY.md and no hand-written sample: the one
    operation each page's widget renders says which pages are one page."""
    from checker.config import load_config
    from checker.engine import check_paths
    from checker.rules import BY_ID
    from tests.helpers import write_tree

    other = WIDGET.replace("/api/v1/documents/", "/api/v1/folders/").replace("POST", "GET") \
        .replace("--request GET", "--request GET")
    root = write_tree(tmp_path, {
        "en/api/documents.txt": f"Documents\n\nCreate a document\n\n{WIDGET}",
        "en/api/folders.txt": f"Folders\n\nList folders\n\n{other}",
        "fr/api-fr/creer-un-document.txt": f"Documents\n\nCréer un document\n\n{WIDGET}",
        "fr/api-fr/dossiers.txt": f"Dossiers\n\nLister les dossiers\n\n{other}",
    })
    result = check_paths([root], load_config(None, set(BY_ID)))
    paired = {s.key: sorted(p.path.split(root + "/", 1)[-1] for loc in s.locales for p in s.pages[loc])
              for s in result.page_sets}
    assert sorted(paired.values()) == [["en/api/documents.txt", "fr/api-fr/creer-un-document.txt"],
                                       ["en/api/folders.txt", "fr/api-fr/dossiers.txt"]]
    assert not [f for f in result.findings if f.rule in ("page-missing", "page-unpaired")]
