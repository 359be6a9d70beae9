"""Code fences: exact spans, languages, and the fence-unclosed rule."""

from __future__ import annotations

from tests.helpers import findings, page_of, where


def test_fence_span_language_and_text():
    page = page_of("# T\n\n```JavaScript title=\"x\"\nfetch(u);\nx();\n```\n")
    fence = page.fences[0]
    assert (fence.fence_line, fence.line, fence.end_line, fence.closed) == (3, 4, 5, True)
    assert fence.language == "javascript" and fence.info == 'JavaScript title="x"'
    assert fence.text == "fetch(u);\nx();\n"


def test_fence_never_closed_swallows_the_page():
    text = "Intro\n\n```bash\ncurl https://x/\n\n## Next\n\n{% hint style=\"info\" %}\nx\n{% endhint %}\n"
    page = page_of(text)
    found = findings(page)
    assert where(found) == [("fence-unclosed", 3, 1)]
    assert "never closed: the rest of the page is read as code" in found[0].message
    assert page.tags == []  # swallowed: GitBook reads them as code too


def test_unclosed_fence_does_not_cascade_into_unclosed_blocks():
    text = "{% tabs %}\n{% tab title=\"a\" %}\n```bash\ncurl x\n{% endtab %}\n{% endtabs %}\n"
    assert where(findings(text)) == [("fence-unclosed", 3, 1)]


def test_fence_cut_off_by_its_list_item():
    text = "1. ```bash\ncurl -fsSL https://get.docker.com\n```\n2. ```bash\nsudo sh x\n```\n"
    found = findings(text)
    assert where(found)[0] == ("fence-unclosed", 1, 4)
    assert "cut off at line 2 by the end of its list item" in found[0].message


def test_closer_glued_to_next_opener():
    text = "```bash\ncurl https://x/\n``````python\nimport requests\n```\n"
    found = findings(text)
    assert where(found) == [("fence-unclosed", 3, 1)]
    assert "glues the closing fence of the block opened at line 1" in found[0].message


def test_missing_closer_before_next_fence():
    """Reported once, at the fence that lost its closer, with where to close it
    (after its own code, before the prose it swallowed)."""
    text = "```bash\ncurl https://x/\n\nProse.\n\n```javascript\nfetch(x)\n```\n"
    found = findings(text)
    assert where(found) == [("fence-unclosed", 1, 1)]
    assert "runs into `` ```javascript `` at 6" in found[0].message
    assert found[0].message.endswith("close it after line 2")


def test_closer_glued_to_code_line():
    text = "```bash\ncurl -d '{}' https://x/```\n\nProse\n```\n"
    found = findings(text)
    assert where(found) == [("fence-unclosed", 2, 24)]
    assert "glued to the code before it" in found[0].message


def test_opener_glued_to_prose():
    text = "Voici l'exemple :```bash\ncurl https://x/\n```\n"
    found = findings(text)
    assert ("fence-unclosed", 1, 18) in where(found)
    assert any("glued to the text before it" in f.message for f in found)


def test_nested_fences_and_blockquote_fences_are_fine():
    text = ("````markdown\n```bash\necho hi\n```\n````\n\n> Example\n>\n> ```\n> FROM node:18\n> ```\n\n"
            "- item\n\n  ```python\n  print(1)\n  ```\n")
    page = page_of(text)
    assert findings(page) == []
    assert [f.closed for f in page.fences] == [True, True, True]


def test_export_footer_is_chrome():
    text = ("# T\n\n```bash\ncurl https://x/\n```\n\n\n---\n\n# Agent Instructions: Querying This "
            "Documentation\n\n```\nGET https://docs.x/page.md?ask=<question>\n```\n")
    page = page_of(text)
    assert [f.chrome for f in page.fences] == [False, True]
    assert [h.title for h in page.headings] == ["T"]
