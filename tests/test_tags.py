"""The GitBook tag parser and the tag rules, on the hard cases."""

from __future__ import annotations

from tests.helpers import findings, page_of, page_of_bytes, where


def tag_names(text: str) -> list[str]:
    return [t.name for t in page_of(text).tags]


def test_tags_inside_fenced_code_are_code():
    text = "```markdown\n{% tabs %}\n{% endtab %}\n```\n\n~~~\n{% Tabs%}\n~~~\n"
    assert tag_names(text) == []
    assert findings(text) == []


def test_tags_inside_inline_code_are_code():
    text = "Write `{% hint style=\"info\" %}` and ``{% endhint %}`` around a note.\n"
    assert tag_names(text) == []
    assert findings(text) == []


def test_tag_inside_a_paragraph_is_a_tag_at_its_column():
    text = "Intro line.\nSee the file {% fichier src=\"a.pdf\" %} here.\n"
    page = page_of(text)
    assert [(t.name, t.line, t.column) for t in page.tags] == [("fichier", 2, 14)]
    assert where(findings(page)) == [("tag-unknown", 2, 14)]


def test_tag_interrupting_a_paragraph_without_blank_line():
    text = "{% hint style=\"info\" %}\nA note\n{% endhint %}\n"
    assert tag_names(text) == ["hint", "endhint"]
    assert findings(text) == []


def test_nested_tabs_build_a_tree():
    text = """{% tabs %}
{% tab title="Outer" %}
{% tabs %}
{% tab title="Inner" %}
x
{% endtab %}
{% endtabs %}
{% endtab %}
{% endtabs %}
"""
    page = page_of(text)
    assert findings(page) == []
    outer = page.blocks[0]
    assert outer.name == "tabs" and outer.close.line == 9
    inner_tabs = outer.children[0].children[0]
    assert inner_tabs.name == "tabs" and (inner_tabs.line, inner_tabs.end_line) == (3, 7)
    assert inner_tabs.children[0].open.attrs == {"title": "Inner"}


def test_tag_split_over_two_lines():
    text = "{% tab title=\"cURL\"\n   %}\nx\n{% endtab %}\n"
    page = page_of(text.replace("{% tab", "{% tabs %}\n{% tab") + "{% endtabs %}\n")
    tab = page.tags[1]
    assert (tab.name, tab.line, tab.end_line, tab.terminated) == ("tab", 2, 3, True)
    assert tab.attrs == {"title": "cURL"}
    assert findings(page) == []


def test_embed_both_single_and_paired():
    single = "{% embed url=\"https://youtu.be/x\" %}\n\nText.\n"
    paired = "{% embed url=\"https://youtu.be/x\" %}\nA caption.\n{% endembed %}\n"
    assert findings(single) == [] and findings(paired) == []
    assert page_of(paired).blocks[0].close.line == 3
    inside_tab = ("{% tabs %}\n{% tab title=\"a\" %}\n{% embed url=\"https://x\" %}\n"
                  "{% endtab %}\n{% endtabs %}\n")
    assert findings(inside_tab) == []


def test_unterminated_tag_position_and_message():
    text = "{% tabs %}\n{% tab title=\"a\" %}\nx\n{% endtab %}\n  {% endtabs %\n"
    found = findings(text)
    assert where(found) == [("tag-unterminated", 5, 3)]
    assert found[0].message == "`{% endtabs %` is missing its closing `}`"


def test_unterminated_tag_stops_at_blank_line_and_next_tag():
    text = "{% hint style=\"info\"\n\nBody %}\n{% endhint %}\n"
    assert where(findings(text, "tag-unterminated")) == [("tag-unterminated", 1, 1)]
    text = "{% tab title=\"a\"\n{% endtab %}\n"
    assert [t.terminated for t in page_of(text).tags] == [False, True]


def test_orphan_unterminated_end_tag_is_one_finding():
    found = findings("Text.\n\n{% endtabs %\n")
    assert where(found) == [("tag-unterminated", 3, 1)]
    assert "no `{% tabs %}` is open" in found[0].message


def test_unbalanced_end_and_never_closed():
    found = findings("{% endhint %}\n\n{% tabs %}\n{% tab title=\"a\" %}\nx\n{% endtab %}\n")
    assert where(found) == [("tag-unbalanced", 1, 1), ("tag-unbalanced", 3, 1)]
    assert "closes no open `{% hint %}`" in found[0].message
    assert "`{% endtabs %}` is missing" in found[1].message


def test_crossed_blocks_are_one_misnested_finding():
    text = """{% tabs %}
{% tab title="a" %}
{% hint style="info" %}
x
{% endtab %}
{% endhint %}
{% endtabs %}
"""
    found = findings(text)
    assert where(found) == [("tag-misnested", 5, 1)]
    assert "`{% hint style=\"info\" %}` (line 3)" in found[0].message


def test_tab_outside_tabs():
    found = findings("{% tab title=\"a\" %}\nx\n{% endtab %}\n")
    assert where(found) == [("tag-misnested", 1, 1)]
    assert "must sit directly inside `{% tabs %}`" in found[0].message


def test_wrong_case_is_unknown_but_keeps_the_structure():
    text = "{% Tabs%}\n{% tab title=\"a\" %}\nx\n{% endtab %}\n{% endtabs %}\n{% hint style=\"info\" %}\ny\n{% EndHint%}\n"
    found = findings(text)
    assert where(found) == [("tag-unknown", 1, 1), ("tag-unknown", 8, 1)]
    assert "write `tabs`" in found[0].message and "write `endhint`" in found[1].message


def test_translated_tag_name_suggests_the_tag_from_its_attributes():
    found = findings("{% rapport src=\"../rapport.pdf\" %}\n")
    assert where(found) == [("tag-unknown", 1, 1)]
    assert "did you mean `file` or `include`?" in found[0].message
    assert "did you mean `content-ref` or `embed`?" in findings("{% lien url=\"https://x\" %}\n")[0].message
    # A name the translation tables know is that tag (tests/test_fix_tags.py).
    assert "write `file`" in findings("{% fichier src=\"../rapport.pdf\" %}\n")[0].message


def test_hint_style_must_be_known():
    found = findings("{% hint style=\"avertissement\" %}\nx\n{% endhint %}\n")
    assert where(found) == [("tag-attribute", 1, 1)]
    assert "use info, success, warning or danger" in found[0].message


def test_missing_required_attribute_names_what_is_there():
    found = findings("{% tabs %}\n{% tab titre=\"cURL\" %}\nx\n{% endtab %}\n{% endtabs %}\n")
    assert where(found) == [("tag-attribute", 2, 1)]
    assert found[0].message == "`{% tab %}` needs `title` (it has `titre`)"
    assert "needs `path`" in findings("{% openapi src=\"a.yml\" method=\"post\" %}\n{% endopenapi %}\n")[0].message


def test_unclosed_quote_and_unquoted_value():
    found = findings("{% hint style=\"info %}\nx\n{% endhint %}\n{% hint style=info %}\ny\n{% endhint %}\n")
    assert where(found) == [("tag-attribute", 1, 1), ("tag-attribute", 4, 1)]
    assert "unclosed quote" in found[0].message and "not quoted" in found[1].message


def test_attribute_values_with_spaces_parentheses_and_angle_links():
    page = page_of('{% openapi src = "<../.gitbook/assets/swagger (1) (1).yml>" path="/p/{id}" method="post" %}\n'
                   '{% endopenapi %}\n{% file src=<../assets/my file (2).pdf> %}\n')
    assert page.tags[0].attrs == {"src": "../.gitbook/assets/swagger (1) (1).yml",
                                  "path": "/p/{id}", "method": "post"}
    assert page.tags[2].attrs == {"src": "../assets/my file (2).pdf"}
    assert findings(page) == []


def test_raw_block_content_is_not_tags():
    text = "{% raw %}\n{% Tabs %} and {% endhint %}\n{% endraw %}\n"
    assert tag_names(text) == ["raw", "endraw"]
    assert findings(text) == []


def test_tags_in_lists_quotes_tables_and_html():
    text = """- item
  {% hint style="info" %}
  note
  {% endhint %}

> {% hint style="danger" %}
> quote
> {% endhint %}

| a | b |
|---|---|
| {% Onglet %} | x |

<div>
{% fichier src="x" %}
</div>
"""
    page = page_of(text)
    assert [(t.name, t.line, t.column) for t in page.tags] == [
        ("hint", 2, 3), ("endhint", 4, 3), ("hint", 6, 3), ("endhint", 8, 3),
        ("Onglet", 12, 3), ("fichier", 15, 1)]
    assert where(findings(page)) == [("tag-unknown", 12, 3), ("tag-unknown", 15, 1)]


def test_child_blocks_stepper_columns_updates():
    text = """{% stepper %}
{% step %}
One
{% endstep %}
{% endstepper %}
{% columns %}
{% column %}
A
{% endcolumn %}
{% endcolumns %}
{% updates %}
{% update date="2025-01-01" %}
News
{% endupdate %}
{% endupdates %}
{% step %}
x
{% endstep %}
"""
    assert where(findings(text)) == [("tag-misnested", 16, 1)]


def test_crlf_and_bom(tmp_path):
    text = "\ufeff{% hint style=\"info\" %}\r\nx\r\n{% endhint %}\r\n\r\n{% endtabs %\r\n"
    page = page_of_bytes(tmp_path, text.encode("utf-8"))
    assert [(t.name, t.line, t.column) for t in page.tags] == [
        ("hint", 1, 1), ("endhint", 3, 1), ("endtabs", 5, 1)]
    assert where(findings(page)) == [("tag-unterminated", 5, 1)]
    utf16 = page_of_bytes(tmp_path, text.encode("utf-16"), "u16.md")
    assert where(findings(utf16)) == [("tag-unterminated", 5, 1)]


def test_empty_file(tmp_path):
    page = page_of_bytes(tmp_path, b"")
    assert page.tags == [] and page.fences == [] and findings(page) == []


def test_file_that_is_not_utf8_is_a_finding(tmp_path):
    page = page_of_bytes(tmp_path, "# Titre\n\nCaf\xe9 cr\xe8me\n".encode("latin-1"))
    found = findings(page)
    assert where(found) == [("file-unreadable", 3, 4)]
    assert "not UTF-8" in found[0].message and "0xe9" in found[0].message


def test_unreadable_file_is_a_finding(tmp_path):
    from checker.model import DocFile
    from checker.parse.files import parse_file

    page = parse_file(DocFile("gone.md", str(tmp_path / "gone.md"), None, "t", "gone", "."))
    assert where(findings(page)) == [("file-unreadable", 1, 1)]


def test_published_page_reports_leaked_tag():
    text = "Rememberizer Docs\nInscription\n\ncurl -X POST \\\n  https://x/\n\n{% endtabs %\n"
    page = page_of(text, "da/page.txt")
    assert page.kind.value == "published"
    found = findings(page)
    assert where(found) == [("tag-unterminated", 7, 1)]
    assert "shows as text on the published page" in found[0].message
