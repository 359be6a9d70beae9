"""A locale's published pages against its source: published-drift, email-obfuscated."""

from __future__ import annotations

from checker.config import Config
from checker.engine import check_paths
from tests.helpers import SEEDS

SOURCE = (SEEDS / "fr" / "api-docs" / "authentication.md").read_text(encoding="utf-8")
SITE = (SEEDS / "published-site" / "fr" / "api-docs" / "authentication.txt").read_text(encoding="utf-8")
TEXT = (SEEDS / "published-text" / "fr" / "api-docs" / "authentication.txt").read_text(encoding="utf-8")


def run(tmp_path, published: str, name: str = "authentication.txt") -> list[tuple[str, str, int, str]]:
    (tmp_path / "fr").mkdir(exist_ok=True)
    (tmp_path / "fr" / "authentication.md").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "fr" / name).write_text(published, encoding="utf-8")
    result = check_paths([str(tmp_path)], Config())
    return [(f.rule, f.path.rsplit("/", 1)[-1], f.line, f.message) for f in result.findings
            if f.rule in ("published-drift", "email-obfuscated")]


def test_published_forms_of_the_seed_match_their_source(tmp_path):
    assert run(tmp_path, SITE) == []
    assert run(tmp_path, TEXT) == []


def line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


def test_stale_published_value_is_reported_in_the_published_file(tmp_path):
    stale = SITE.replace("-b \"refresh_token=VOTRE_REFRESH_TOKEN\"", "-b \"token=VOTRE_REFRESH_TOKEN\"")
    found = run(tmp_path, stale)
    line = line_of(stale, '-b "token=')
    assert [(rule, name, at) for rule, name, at, _ in found] == [
        ("published-drift", "authentication.txt", line)]
    assert found[0][3].startswith("the published cURL sample sends cookie `token` = "
                                  "VOTRE_REFRESH_TOKEN where the source")
    assert found[0][3].endswith("sends cookie `refresh_token` = VOTRE_REFRESH_TOKEN")


def test_sample_missing_from_the_published_page(tmp_path):
    start = TEXT.index("import requests\ndef logout")
    end = TEXT.index("\nlogout()\n", start) + len("\nlogout()\n")
    found = run(tmp_path, TEXT[:start] + TEXT[end:])
    assert [(rule, message.split(" (")[0]) for rule, _, _, message in found] == [
        ("published-drift", 'the Python sample of "Déconnexion"')]


def test_obfuscated_address_is_information_not_drift(tmp_path):
    shown = TEXT.replace('"email": "user@example.com"', '"email": "[email\u00a0protected]"'.replace("\u00a0", " "), 1)
    found = run(tmp_path, shown)
    assert [(rule, at) for rule, _, at, _ in found] == [
        ("email-obfuscated", line_of(shown, "[email protected]"))]


def test_hashed_seed_files_without_folders_give_the_demos_findings(tmp_path):
    from tests.helpers import REPO

    for seed in sorted((REPO / "fixtures" / "raw-seeds").glob("0*.txt")):
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    result = check_paths([str(tmp_path)], Config())
    locales = {p.path.rsplit("/", 1)[-1][:3]: p.locale for p in result.pages}
    assert locales == {"000": "fr", "001": "fr", "002": "da", "003": "fr", "004": "zh-cn"}
    assert result.page_count == 1
    found = sorted((f.rule, f.path.rsplit("/", 1)[-1][:3], f.line) for f in result.findings)
    assert found == sorted([
        ("tag-unterminated", "000", 224), ("tag-unterminated", "001", 421),
        ("tag-unterminated", "002", 224), ("tag-unterminated", "003", 426),
        ("tag-unterminated", "004", 423),
        ("placeholder-translated", "001", 300), ("placeholder-translated", "001", 339),
        ("placeholder-translated", "002", 165), ("placeholder-translated", "002", 183)])
