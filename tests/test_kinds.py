"""Source or published, from the content: whatever the file's name or extension."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker.model import FileKind
from checker.parse.kinds import detect_kind
from tests.helpers import REPO

RAW = REPO / "fixtures" / "raw-seeds"   # the five seeds under their hashed names
HTML = REPO / "fixtures" / "published-html" / "fr" / "api-docs" / "authentication.html"
SEED_KINDS = {
    "000_a2ac3154cfe04ca2": FileKind.PUBLISHED,   # fr, published text
    "001_c86106a0b0892095": FileKind.SOURCE,      # fr, GitBook source
    "002_e2e82e70d25397b6": FileKind.PUBLISHED,   # da, published text
    "003_ac1db5fcb0f0be27": FileKind.PUBLISHED,   # fr, published with site chrome
    "004_348a0fbe676221c7": FileKind.SOURCE,      # zh-cn, the site's .md export
}


@pytest.mark.parametrize("extension", [".txt", ".md", ".markdown", ".html", ""])
@pytest.mark.parametrize("stem", SEED_KINDS)
def test_seed_kind_whatever_the_extension(tmp_path: Path, stem: str, extension: str) -> None:
    target = tmp_path / f"{stem}{extension}"
    shutil.copyfile(RAW / f"{stem}.txt", target)
    assert detect_kind(str(target), target.read_text(encoding="utf-8")) is SEED_KINDS[stem]


@pytest.mark.parametrize("name", ["page.html", "page.md", "page.txt"])
def test_html_dump_is_published(name: str) -> None:
    assert detect_kind(name, HTML.read_text(encoding="utf-8")) is FileKind.PUBLISHED


@pytest.mark.parametrize("name", ["SUMMARY.md", "docs/fr/LANGS.md", "summary.md"])
def test_navigation_files(name: str) -> None:
    assert detect_kind(name, "# Summary\n\n* [Intro](README.md)\n") is FileKind.NAVIGATION


def test_gitbook_markdown_in_a_txt_file_is_source() -> None:
    text = "# Titre\n\n{% hint style=\"info\" %}\nRemplacez `x`.\n{% endhint %}\n"
    assert detect_kind("page.txt", text) is FileKind.SOURCE


def test_bare_code_in_an_md_file_is_published() -> None:
    text = "Titre\nDu texte.\ncurl -X POST \\\nhttps://api.example.com/x/\nFin.\n"
    assert detect_kind("page.md", text) is FileKind.PUBLISHED


def test_site_interface_lines_mean_published() -> None:
    assert detect_kind("page.md", "Titre\nLast updated 3 days ago\nDu texte.\n") is FileKind.PUBLISHED


def test_indented_code_block_is_not_bare_code() -> None:
    text = "Intro paragraph.\n\n    import requests\n    requests.get(url)\n"
    assert detect_kind("page.md", text) is FileKind.SOURCE


def test_prose_only_falls_back_on_the_extension() -> None:
    text = "Une page de texte.\n\nRien d'autre.\n"
    assert detect_kind("page.md", text) is FileKind.SOURCE
    assert detect_kind("page.txt", text) is FileKind.PUBLISHED


def test_a_heading_alone_makes_a_source_only_of_a_file_named_so() -> None:
    # A published page's prompt or script, shown bare: `# Constraints` is one
    # of its lines, not a heading of the page.
    text = "Build an agent\nPaste this prompt:\n# Constraints\nOnly answer in English.\nThat is all.\n"
    assert detect_kind("page.txt", text) is FileKind.PUBLISHED
    assert detect_kind("page.md", text) is FileKind.SOURCE
