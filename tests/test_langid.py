"""The language of a page from its prose, whatever the file is called."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker import langid
from checker.langid import detect_locale, prose_of
from tests.helpers import REPO, write_tree

RAW = REPO / "fixtures" / "raw-seeds"
SEED_LOCALES = {
    "000_a2ac3154cfe04ca2.txt": "fr",
    "001_c86106a0b0892095.txt": "fr",
    "002_e2e82e70d25397b6.txt": "da",
    "003_ac1db5fcb0f0be27.txt": "fr",
    "004_348a0fbe676221c7.txt": "zh-cn",
}


@pytest.mark.parametrize("name", SEED_LOCALES)
def test_seeds_from_their_text_alone(tmp_path: Path, name: str) -> None:
    target = tmp_path / name   # the hashed name says nothing; the path neither
    shutil.copyfile(RAW / name, target)
    assert detect_locale(target.read_text(encoding="utf-8")) == SEED_LOCALES[name]


def test_html_dump() -> None:
    html = REPO / "fixtures" / "published-html" / "fr" / "api-docs" / "authentication.html"
    assert detect_locale(html.read_text(encoding="utf-8")) == "fr"


def test_prose_only_no_code_no_chrome() -> None:
    text = (RAW / "003_ac1db5fcb0f0be27.txt").read_text(encoding="utf-8")
    prose = prose_of(text)
    for code_or_chrome in ("curl", "import requests", "const ", "def ", "Powered by GitBook",
                           "Last updated", "https://", "recaptcha_response", "{%"):
        assert code_or_chrome not in prose
    assert "Rememberizer fournit plusieurs points de terminaison" in prose

    source = (RAW / "004_348a0fbe676221c7.txt").read_text(encoding="utf-8")
    assert "Agent Instructions" not in prose_of(source)   # the export's English footer
    assert "```" not in prose_of(source) and "requests" not in prose_of(source)


def test_a_code_heavy_page_is_not_english() -> None:
    code = "\n".join(["import requests", "", "def get_documents(token):",
                      '    response = requests.get("https://api.example.com/documents/")',
                      "    return response.json()", ""] * 20)
    text = f"Récupérer des documents\n\nCette page explique comment récupérer vos documents.\n\n{code}"
    assert detect_locale(text) == "fr"


@pytest.mark.parametrize(("text", "locale"), [
    ("Diese Seite beschreibt, wie Sie Ihre Dokumente über die Programmierschnittstelle abrufen "
     "können. Ersetzen Sie den Schlüssel durch Ihren eigenen.", "de"),
    ("Esta página describe cómo recuperar sus documentos mediante la interfaz de programación. "
     "Reemplace la clave por la suya.", "es"),
    ("このページでは、プログラミングインターフェースを使用して"
     "ドキュメントを取得する方法を説明します。", "ja"),
    ("تصف هذه الصفحة كيفية استرداد مستنداتك باستخدام واجهة البرمجة. "
     "استبدل المفتاح بمفتاحك الخاص.", "ar"),
    ("本頁說明如何透過程式介面取得您的文件。請將金鑰替換為您自己的金鑰，並確認驗證碼。", "zh-tw"),
    ("本页说明如何通过程序接口获取您的文档。请将密钥替换为您自己的密钥，并确认验证码。", "zh-cn"),
])
def test_other_languages(text: str, locale: str) -> None:
    assert detect_locale(text) == locale


@pytest.mark.parametrize("text", ["", "OK", "curl -X POST https://api.example.com/x/\n",
                                  "import requests\nrequests.get('https://x/')\n"])
def test_unsure_says_none(text: str) -> None:
    assert detect_locale(text) is None


def test_model_loaded_once() -> None:
    assert langid._identifier() is langid._identifier()
    assert set(langid._identifier().labels) <= set(langid.PLAUSIBLE)


@pytest.mark.parametrize("nasty", ["x = " + "[" * 50_000, "[a](" * 30_000, "a_" * 50_000,
                                   "<" * 100_000, "{%" * 50_000, "`" * 100_000])
def test_no_quadratic_regex_on_pathological_text(nasty: str) -> None:
    detect_locale(nasty)   # would take minutes with a backtracking pattern


# --- what a saved page says of itself (issue 11) ---------------------------

from checker.langid import declared_locale, locale_of_url, page_locale  # noqa: E402

ENGLISH_PROSE = ("This page explains how to create a user with the API, step by step, "
                 "and what the response contains when the request succeeds.\n")


@pytest.mark.parametrize("first, locale", [
    ("URL: https://docs.example.com/fr/api/users", "fr"),
    ("Source: https://docs.example.com/zh-hk/kai-fa-zhe/users", "zh-hk"),
    ("url: https://docs.example.com/pt-BR/users", "pt-br"),
    ("URL: https://docs.example.com/api/users", None),
])
def test_a_saved_pages_url_line_names_its_locale_before_its_words(first, locale):
    text = f"{first}\n\nUsers\n{ENGLISH_PROSE}"
    assert declared_locale(text) == locale
    assert page_locale(text) == (locale or "en")


@pytest.mark.parametrize("head, locale", [
    ('<html lang="da">', "da"),
    ('<html class="x" lang=zh-TW>', "zh-tw"),
    ('<html><head><link href="https://docs.example.com/ja/users" rel="canonical">', "ja"),
    ('<html><head><meta property="og:locale" content="fr_FR">', "fr"),
])
def test_an_html_page_says_its_locale_in_its_head(head, locale):
    text = f"<!doctype html>\n{head}\n</head><body><main><p>{ENGLISH_PROSE}</p></main></body></html>\n"
    assert page_locale(text) == locale


def test_a_url_names_its_locale_by_its_first_language_segment():
    assert locale_of_url("https://docs.example.com/es/referencia-api/usuarios") == "es"
    assert locale_of_url("/kr/guides") == "ko"
    assert locale_of_url("https://docs.example.com/docs/in/the/middle") is None  # `in` is a word


def test_traditional_chinese_written_in_cantonese_is_zh_hk():
    taiwan = "這個頁面說明如何使用應用程式介面建立使用者，並說明請求成功時回應的內容與驗證方式。" * 2
    hong_kong = "呢個頁面講解點樣用應用程式介面建立使用者，請求成功嘅時候佢會返回咩內容，唔使驗證。" * 2
    assert detect_locale(taiwan) == "zh-tw"
    assert detect_locale(hong_kong) == "zh-hk"


# --- without the `langid` extra (issue 18: py3langid brings numpy) ---------

import json  # noqa: E402
import sys  # noqa: E402

from click.testing import CliRunner  # noqa: E402

from checker.cli import cli  # noqa: E402

FRENCH = ("# Authentification\n\nCette page explique comment obtenir un jeton d'accès et "
          "comment l'envoyer avec chaque requête adressée à l'interface.\n")
GERMAN = ("# Anmeldung\n\nDiese Seite erklärt, wie Sie ein Zugriffstoken erhalten und wie Sie "
          "es mit jeder Anfrage an die Schnittstelle senden.\n")


@pytest.fixture
def without_extra(monkeypatch):
    """py3langid as if not installed: its import fails, as in a plain install."""
    monkeypatch.setitem(sys.modules, "py3langid", None)
    langid.available.cache_clear()
    yield
    langid.available.cache_clear()


def test_the_extra_is_found_when_installed():
    langid.available.cache_clear()
    assert langid.available()


def test_without_the_extra_detection_is_unsure_and_declared_locales_still_count(without_extra):
    assert not langid.available()
    assert detect_locale(FRENCH * 3) is None
    assert page_locale(f"URL: https://docs.example.com/fr/auth\n\n{ENGLISH_PROSE}") == "fr"


def _check(root: Path, *options: str):
    return CliRunner().invoke(cli, ["check", str(root), "--format", "json", *options])


def test_without_the_extra_pages_that_need_it_are_named_once_and_left_out(tmp_path, without_extra):
    # Named after nothing: only their words say fr and da. The German page
    # also has a broken tag, a page rule's finding that must still be reported.
    root = Path(write_tree(tmp_path, {"auth.md": FRENCH, "anmeldung.md": GERMAN + "{% hint %}\n"}))
    result = _check(root)
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    note = [line for line in result.stderr.splitlines() if "sampledrift[langid]" in line]
    assert note == ["sampledrift: note: language ID is not installed, so 2 pages "
                    f"(first {root}/anmeldung.md) were placed in no locale and not compared across "
                    "locales; pip install 'sampledrift[langid]'"]
    report = json.loads(result.stdout)
    assert {entry["path"] for entry in report["pairing"]["left_out"]} == {f"{root}/auth.md", f"{root}/anmeldung.md"}
    assert all(entry["why"] == langid.NEEDS_EXTRA for entry in report["pairing"]["left_out"])
    assert report["summary"]["locales"] == []
    assert any(f["path"].endswith("anmeldung.md") and f["rule"].startswith("tag-")
               for f in report["findings"])


def test_with_the_extra_the_same_pages_get_their_locales_and_no_note(tmp_path):
    root = Path(write_tree(tmp_path, {"auth.md": FRENCH, "anmeldung.md": GERMAN + "{% hint %}\n"}))
    result = _check(root)
    assert "sampledrift[langid]" not in result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["locales"] == ["de", "fr"] and report["pairing"]["left_out"] == []


def test_without_the_extra_a_tree_whose_paths_name_locales_is_unchanged(without_extra):
    seeds = REPO / "fixtures" / "seeds"
    result = _check(seeds)
    assert "sampledrift[langid]" not in result.stderr
    assert json.loads(result.stdout)["summary"]["locales"] == ["da", "fr", "zh-cn"]


def test_the_default_install_brings_no_language_id_model():
    """`pip install sampledrift` stays small: py3langid (and its numpy) only with the extra."""
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {Requirement(spec).name.lower() for spec in project["dependencies"]}
    assert not names & {"py3langid", "numpy", "langid"}
    assert [Requirement(spec).name for spec in project["optional-dependencies"]["langid"]] == ["py3langid"]
