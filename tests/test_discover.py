"""Discovery: which files are read, their locale, their page id."""

from __future__ import annotations

import os

import pytest

from checker.config import Config, load_config
from checker.discover import discover
from checker.errors import InputError
from checker.locales import canonical, from_path_segment
from tests.helpers import write_tree as make


def described(root: str, config: Config | None = None) -> list[tuple[str, str | None, str, str]]:
    return [(os.path.relpath(f.fs_path, root), f.locale, f.locale_source, f.page_id)
            for f in discover([root], config or Config())]


def test_language_tags_and_aliases():
    assert [canonical(n) for n in ["fr", "zh-CN", "zh_cn", "pt-BR", "esp", "da", "zh-Hans"]] == [
        "fr", "zh-cn", "zh-cn", "pt-br", "es", "da", "zh-hans"]
    assert [canonical(n) for n in ["api-docs", "docs", "assets", "v1", "xx"]] == [None] * 5
    assert from_path_segment("is") is None and from_path_segment("no", layout_says_so=True) == "no"


def test_gitbook_spaces_with_their_own_summary(tmp_path):
    root = make(tmp_path, {"en/SUMMARY.md": "* [A](api/a.md)\n", "en/api/a.md": "# A\n",
                           "esp/SUMMARY.md": "* [A](api/a.md)\n", "esp/referencia/a.md": "# A\n",
                           "en/.gitbook/assets/x.md": "# hidden\n", "notes.txt": "x"})
    assert described(root) == [
        ("en/SUMMARY.md", "en", "gitbook", "SUMMARY"),
        ("en/api/a.md", "en", "gitbook", "api/a"),
        ("esp/SUMMARY.md", "es", "gitbook", "SUMMARY"),
        ("esp/referencia/a.md", "es", "gitbook", "referencia/a"),
        ("notes.txt", None, "none", "notes"),
    ]


def test_ambiguous_folder_names_count_only_with_gitbook_layout(tmp_path):
    root = make(tmp_path, {"no/SUMMARY.md": "", "no/a.md": "x", "docs/is/b.md": "x"})
    found = {path: (locale, page) for path, locale, _, page in described(root)}
    assert found["no/a.md"] == ("no", "a")
    assert found["docs/is/b.md"] == (None, "docs/is/b")


def test_path_segment_locale_and_page_id(tmp_path):
    root = make(tmp_path, {"site/fr/api-docs/auth.md": "x", "site/zh-cn/api-docs/auth.txt": "x"})
    assert described(root) == [("site/fr/api-docs/auth.md", "fr", "path", "api-docs/auth"),
                               ("site/zh-cn/api-docs/auth.txt", "zh-cn", "path", "api-docs/auth")]


def test_langs_md_and_gitbook_yaml(tmp_path):
    root = make(tmp_path, {
        "LANGS.md": "* [English](english/)\n* [Dansk](dansk/)\n",
        "english/page.md": "x", "dansk/page.md": "x",
        "german/.gitbook.yaml": "root: ./\nlanguage: de\n", "german/page.md": "x"})
    found = {path: locale for path, locale, _, _ in described(root)}
    assert found["german/page.md"] == "de"
    # LANGS.md names folders whose names are not tags: the layout says they are
    # locales, but their names say nothing we can map; they stay unknown.
    assert found["english/page.md"] is None


def test_config_locales_win(tmp_path):
    root = make(tmp_path, {"docs/english/a.md": "x", "docs/fr/a.md": "x",
                           "sd.yml": "locales:\n  docs/english: en\n  docs/fr: fr-ca\n"})
    config = load_config(os.path.join(root, "sd.yml"), set())
    assert [(p, loc, s) for p, loc, s, _ in described(root, config)] == [
        ("docs/english/a.md", "en", "config"), ("docs/fr/a.md", "fr-ca", "config")]


def test_locale_of_a_folder_named_on_the_command_line(tmp_path):
    root = make(tmp_path, {"da/api/a.txt": "x"})
    files = discover([os.path.join(root, "da")], Config())
    assert [(f.locale, f.page_id) for f in files] == [("da", "api/a")]


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file or directory"):
        discover([str(tmp_path / "nope")], Config())


def test_exclude_patterns(tmp_path):
    root = make(tmp_path, {"fr/a.md": "x", "fr/drafts/b.md": "x"})
    config = Config(exclude=["*/drafts/*"])
    assert [p for p, *_ in described(root, config)] == ["fr/a.md"]


@pytest.mark.parametrize("text,message", [
    ("rules: [1", "not valid YAML at line 1"),
    ("colour: red\n", "Additional properties are not allowed"),
    ("rules:\n  no-such-rule: off\n", "unknown rule id `no-such-rule`"),
    ("rules:\n  tag-unknown: {severity: fatal}\n", "rules/tag-unknown"),
])
def test_bad_config_is_one_clear_error(tmp_path, text, message):
    path = tmp_path / "c.yml"
    path.write_text(text)
    with pytest.raises(InputError, match=message.replace("[", r"\[")):
        load_config(str(path), {"tag-unknown"})


def test_yaml_is_loaded_safely(tmp_path):
    path = tmp_path / "c.yml"
    path.write_text("reference_locale: !!python/object/apply:os.system ['echo pwned']\n")
    with pytest.raises(InputError, match="not valid YAML"):
        load_config(str(path), set())
