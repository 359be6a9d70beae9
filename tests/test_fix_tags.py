"""The GitBook tag and fence rules carry their repair (`Finding.edits`), for
`sampledrift fix`, where the intent is certain: applying it makes the finding
go away, adds none, and leaves every prose line as it was; an uncertain case
carries no edits (issue 16, item 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.cascade import repaired
from checker.config import Config
from checker.engine import check_paths
from checker.model import Edit, FileKind, Finding
from checker.parse.tags import KNOWN
from checker.parse.translated import HINT_STYLES, TAG_NAMES, english
from checker.resources import demo_docs
from checker.rules import BY_ID
from tests.helpers import findings as page_findings
from tests.helpers import write_tree

TARGET = "fr/page.md"


def run(root: str) -> tuple[list[Finding], list[str]]:
    """The findings of the tree, and the lines of its fr page."""
    result = check_paths([root], Config(), use_history=False)
    page = next(p for p in result.pages if p.path.endswith(TARGET))
    return result.findings, page.lines


def key(finding: Finding) -> tuple[str, str, str]:
    return finding.rule, finding.path, finding.fingerprint_key or finding.message


def is_markup(line: str) -> bool:
    return "{%" in line or "```" in line or "~~~" in line


def fix(tmp_path: Path, fr: str, rule: str, en: str | None = None) -> list[str]:
    """Apply the edits of every `rule` finding on the fr page (they must all
    carry some), write the page back and check again: those findings are
    gone, no finding is new, prose lines are byte-identical. The new lines."""
    root = write_tree(tmp_path, {TARGET: fr, **({"en/page.md": en} if en else {})})
    before, lines = run(root)
    targets = [f for f in before if f.rule == rule and f.path.endswith(TARGET)]
    assert targets, [(f.rule, f.message) for f in before]
    assert all(f.edits for f in targets), [(f.line, f.message) for f in targets if not f.edits]
    assert BY_ID[rule].FIXABLE
    edits = tuple(dict.fromkeys(e for f in targets for e in f.edits))  # one edit said twice counts once
    new = repaired(lines, edits)
    (tmp_path / TARGET).write_text("\n".join(new), encoding="utf-8")
    after, _ = run(root)
    assert [f.message for f in after if f.rule == rule and f.path.endswith(TARGET)] == []
    assert [key(f) for f in after if key(f) not in {key(b) for b in before}] == []
    # Every line that is no tag or fence line is as it was, in the same order.
    assert [x for x in new if not is_markup(x)] == [x for x in lines if not is_markup(x)] \
        or _split_only(lines, new)
    return new


def _split_only(old: list[str], new: list[str]) -> bool:
    """A glued fence split off its line: the only new prose line is the text
    that stood before the fence, byte for byte."""
    extra = [x for x in new if not is_markup(x)]
    for line in (x for x in old if is_markup(x)):
        for run in ("```", "~~~"):
            head = line[:line.find(run)] if run in line else None
            if head and head in extra and line.startswith(head):
                extra.remove(head)
                return extra == [x for x in old if not is_markup(x)]
    return False


def edits_of(tmp_path: Path, fr: str, rule: str) -> list[tuple[int, tuple]]:
    root = write_tree(tmp_path, {TARGET: fr})
    found, _ = run(root)
    hits = [f for f in found if f.rule == rule and f.path.endswith(TARGET)]
    assert hits, [(f.rule, f.message) for f in found]
    return [(f.line, f.edits) for f in hits]


TABS = """# Authentification

Un texte.

{% tabs %}
{% tab title="cURL" %}
```bash
curl https://api.example.com/v1/ping
```
{% endtab %}
{% tab title="Python" %}
```python
import requests
requests.get("https://api.example.com/v1/ping")
```
{% endtab %}
{% endtabs %}

## Suite

Fin du texte.
"""


# --- tag-unterminated -----------------------------------------------------------------------

@pytest.mark.parametrize("broken, whole", [
    ("{% endtabs %}", "{% endtabs %"),
    ("{% endtab %}", "{% endtab }"),
    ("{% endtab %}", "{% endtab"),
    ('{% tab title="Python" %}', '{% tab title="Python" %'),
])
def test_a_tag_missing_its_brace_or_percent_is_closed(tmp_path, broken, whole):
    fr = TABS.replace(broken, whole, 1)
    new = fix(tmp_path, fr, "tag-unterminated")
    assert "\n".join(new) == TABS.rstrip("\n") + "\n"


def test_the_closer_goes_where_the_tag_ends_and_the_rest_of_the_line_stays(tmp_path):
    fr = TABS.replace("{% endtabs %}", "> {% endtabs -%   ")
    new = fix(tmp_path, fr, "tag-unterminated")
    assert "> {% endtabs -%}   " in new


def test_the_demo_source_pages_are_fixed_and_its_published_renderings_are_not():
    result = check_paths([str(demo_docs())], Config(), use_history=False)
    kinds = {page.path: page.kind for page in result.pages}
    found = [f for f in result.findings if f.rule == "tag-unterminated" and "{% endtabs %" in f.message]
    assert len(found) == 5
    for finding in found:
        source = kinds[finding.path] is FileKind.SOURCE
        assert bool(finding.edits) == source, finding.path
        if source:
            # No `{% tabs %}` is open for it: completed, it would close nothing; it goes.
            (edit,) = finding.edits
            assert edit.lines == () and (edit.start, edit.end) == (finding.line, finding.line + 1)


def test_an_end_tag_closing_an_open_block_is_completed():
    (finding,) = page_findings("{% tabs %}\n{% tab title=\"a\" %}\nText.\n{% endtab %}\n{% endtabs %\n",
                               "tag-unterminated")
    assert [e.lines for e in finding.edits] == [("{% endtabs %}",)]


@pytest.mark.parametrize("line", [
    "{% endtabs some words",          # words in an end tag: what ends where?
    "{% endfoo %",                     # no GitBook tag
    '{% tab title="a %',               # a broken attribute
    "See {% endtabs %",                # text before it on its line
])
def test_an_unterminated_tag_that_is_unsure_has_no_edits(tmp_path, line):
    fr = TABS.replace("{% endtabs %}", line)
    assert all(not edits for _, edits in edits_of(tmp_path, fr, "tag-unterminated"))


def test_a_tag_that_ran_over_lines_and_lost_its_end_has_no_edits(tmp_path):
    fr = '{% openapi src="../api.yml"\n   path="/auth" method="post"\n\n{% endopenapi %}\n'
    assert edits_of(tmp_path, fr, "tag-unterminated") == [(1, ())]


# --- tag-unknown ----------------------------------------------------------------------------

def test_wrong_case_and_a_glued_closer_are_written_as_gitbook_writes_them(tmp_path):
    fr = (TABS.replace("{% tabs %}", "{% Tabs%}").replace("{% endtabs %}", "{% EndTabs %}")
          + '\n{% hint style="info" %}\nUne note.\n{% EndHint%}\n')
    new = fix(tmp_path, fr, "tag-unknown")
    assert "{% tabs %}" in new and "{% endtabs %}" in new and "{% endhint %}" in new
    assert not any("Tabs" in x or "EndHint" in x for x in new)


def test_a_known_translated_tag_name_becomes_the_gitbook_one(tmp_path):
    fr = (TABS.replace('{% tab title="cURL" %}', '{% onglet title="cURL" %}', 1)
          .replace("{% endtab %}", "{% endonglet %}", 1)
          + '\nLe rapport : {% fichier src="../rapport.pdf" %} à lire.\n')
    new = fix(tmp_path, fr, "tag-unknown")
    assert '{% tab title="cURL" %}' in new and "{% endtab %}" in new
    assert 'Le rapport : {% file src="../rapport.pdf" %} à lire.' in new  # only the name changed


def test_the_page_language_picks_the_translation_and_a_word_two_languages_disagree_on_is_none():
    assert english(TAG_NAMES, "Fichier", "fr") == "file"
    assert english(TAG_NAMES, "文件", "fr") == "file"        # no fr word: the one other tables agree on
    assert english(HINT_STYLES, "成功", "zh-cn") == english(HINT_STYLES, "成功", "jp") == "success"
    tables = {"fr": {"x": "info"}, "de": {"x": "warning"}}
    assert english(tables, "x", "en") is None and english(tables, "x", None) is None
    assert english(tables, "x", "de-ch") == "warning"


@pytest.mark.parametrize("line", [
    '{% rapport src="x.pdf" %}',   # guessed from its attributes: `file` or `include`
    "{% tabz %}",                  # guessed from its spelling
    "{% fichier %}",               # a known translation without the `src` a file needs
    '{% indice stil="info" %}',    # `hint` needs a `style`
])
def test_a_guessed_tag_name_has_no_edits(tmp_path, line):
    assert edits_of(tmp_path, f"# Page\n\n{line}\n", "tag-unknown") == [(3, ())]


# --- tag-attribute --------------------------------------------------------------------------

HINT = """# Note

Avant.

{% hint style="avertissement" %}
Texte de la note, avertissement compris.
{% endhint %}

Après.
"""


def test_a_translated_hint_style_becomes_the_gitbook_style(tmp_path):
    new = fix(tmp_path, HINT, "tag-attribute")
    assert '{% hint style="warning" %}' in new
    assert "Texte de la note, avertissement compris." in new  # hint text is never touched


@pytest.mark.parametrize("written, fixed", [
    ("{% hint style='成功' %}", "{% hint style='success' %}"),   # its quotes kept
    ('{% hint  style = "Attention"  %}', '{% hint  style = "warning"  %}'),
])
def test_the_style_alone_changes(tmp_path, written, fixed):
    new = fix(tmp_path, HINT.replace('{% hint style="avertissement" %}', written), "tag-attribute")
    assert fixed in new


@pytest.mark.parametrize("written", [
    '{% hint style="bizarre" %}',       # no table knows it
    "{% hint style=avertissement %}",   # not quoted: what quotes to keep?
])
def test_an_unknown_or_unquoted_style_has_no_edits(tmp_path, written):
    found = edits_of(tmp_path, HINT.replace('{% hint style="avertissement" %}', written), "tag-attribute")
    assert found and all(not edits for _, edits in found)


def test_the_style_table_maps_only_to_gitbook_styles():
    styles = set(KNOWN["hint"].choices["style"])
    assert {style for table in HINT_STYLES.values() for style in table.values()} <= styles
    assert {name for table in TAG_NAMES.values() for name in table.values()} <= set(KNOWN)


# --- tag-unbalanced -------------------------------------------------------------------------

def test_a_missing_endtab_goes_before_the_next_tab(tmp_path):
    fr = TABS.replace("{% endtab %}\n", "", 1)
    new = fix(tmp_path, fr, "tag-unbalanced", en=TABS)
    assert "\n".join(new) == TABS.rstrip("\n") + "\n"


def test_a_missing_endtabs_goes_after_the_last_tab(tmp_path):
    fr = TABS.replace("{% endtabs %}\n", "")
    new = fix(tmp_path, fr, "tag-unbalanced", en=TABS)
    assert "\n".join(new) == TABS.rstrip("\n") + "\n"


def test_an_unclosed_hint_ends_before_the_next_one(tmp_path):
    fr = ('# Notes\n\n{% hint style="info" %}\nUne note.\n\n'
          '{% hint style="info" %}\nUne autre.\n{% endhint %}\n')
    assert fix(tmp_path, fr, "tag-unbalanced")[4:6] == ["", "{% endhint %}"]


def test_where_an_unclosed_hint_ends_is_a_guess_when_a_section_starts_in_it(tmp_path):
    fr = ('# Notes\n\n{% hint style="info" %}\nUne note.\n\n## Suite\n\nDu texte.\n\n'
          '{% hint style="info" %}\nUne autre.\n{% endhint %}\n')
    assert edits_of(tmp_path, fr, "tag-unbalanced") == [(3, ())]


# --- fence-unclosed -------------------------------------------------------------------------

def test_a_fence_glued_to_prose_moves_to_its_own_line(tmp_path):
    fr = TABS.replace("Un texte.\n", "Un exemple :```bash\ncurl https://api.example.com/v1/a\n```\n")
    new = fix(tmp_path, fr, "fence-unclosed")
    at = new.index("Un exemple :")
    assert new[at:at + 3] == ["Un exemple :", "```bash", "curl https://api.example.com/v1/a"]


def test_a_closer_glued_to_code_or_to_the_next_opener_is_split(tmp_path):
    fr = TABS.replace('curl https://api.example.com/v1/ping\n```', 'curl https://api.example.com/v1/ping```')
    new = fix(tmp_path, fr, "fence-unclosed")
    assert "\n".join(new) == TABS.rstrip("\n") + "\n"
    glued = "# P\n\n```bash\ncurl https://api.example.com/a\n``````python\nimport os\n```\n"
    assert fix(tmp_path / "b", glued, "fence-unclosed")[4:6] == ["```", "```python"]


def test_a_lost_closing_fence_goes_back_before_the_tag_it_swallowed(tmp_path):
    fr = TABS.replace('curl https://api.example.com/v1/ping\n```', 'curl https://api.example.com/v1/ping')
    new = fix(tmp_path, fr, "fence-unclosed", en=TABS)
    assert "\n".join(new) == TABS.rstrip("\n") + "\n"


def test_the_closing_fence_stays_in_the_list_item(tmp_path):
    item = ("# P\n\n1. Lancer :\n\n   ```bash\n   curl https://api.example.com/a\n\n   Puis :\n\n"
            "   ```bash\n   echo b\n   ```\n")
    new = fix(tmp_path, item, "fence-unclosed")
    assert new[6] == "   ```" and new[7:9] == ["", "   Puis :"]


@pytest.mark.parametrize("fr", [
    "# P\n\n```bash\ncurl https://api.example.com/a\n\nDu texte, rien d'autre.\n",  # where does it end?
    "# P\n\n- Un exemple :```bash\n  curl https://api.example.com/a\n  ```\n",  # in a list item
    "# P\n\nUn exemple :````bash\ncurl https://api.example.com/a\n```\n",        # nothing closes it
])
def test_a_fence_whose_end_is_a_guess_has_no_edits(tmp_path, fr):
    found = edits_of(tmp_path, fr, "fence-unclosed")
    assert all(not edits for _, edits in found)


# --- the cascade, now that more roots carry a repair ----------------------------------------

def test_a_repair_on_one_locale_hides_no_page_finding_of_another(tmp_path):
    en = "# A\n\n```bash\ncurl https://api.example.com/a\n\n## B\n\n```bash\necho b\n```\n"
    root = write_tree(tmp_path, {"en/page.md": en, TARGET: HINT})
    found, _ = run(root)
    (hint,) = [f for f in found if f.rule == "tag-attribute"]
    assert hint.path.endswith(TARGET) and hint.edits


def test_a_fence_whose_closer_is_glued_to_its_code_gets_the_split_not_a_second_closer():
    fr = TABS.replace('curl https://api.example.com/v1/ping\n```', 'curl https://api.example.com/v1/ping```')
    found = [(f.line, f.edits) for f in page_findings(fr) if f.rule == "fence-unclosed"]
    assert found == [(7, ()), (8, (Edit(8, 9, ("curl https://api.example.com/v1/ping", "```")),))]


@pytest.mark.parametrize("fr", [
    # `#### Linux` right before the next opener: a comment of the script, or the next heading?
    "# P\n\n```bash\ncd app\n./run.sh\n\n#### Linux\n```bash\ncd app\n```\n",
    # A fence of plain text: its sentences are no sign of where it ends.
    "# P\n\n```text\nYou are a tutor,\nanswer step by step.\n\n## Next\n\n```json\n{}\n```\n",
])
def test_a_swallowing_fence_whose_end_is_unsure_has_no_edits(fr):
    found = [f for f in page_findings(fr) if f.rule == "fence-unclosed"]
    assert found and all(not f.edits for f in found)
