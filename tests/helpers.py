"""Small builders the tests share."""

from __future__ import annotations

from pathlib import Path

from checker.engine import RuleSettings, page_findings, read_page
from checker.extract.samples import samples_of
from checker.model import DocFile, Finding, Page
from checker.parse.files import parse_text

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "fixtures" / "seeds"


def doc(path: str = "fr/page.md", locale: str | None = "fr") -> DocFile:
    return DocFile(path=path, fs_path=path, locale=locale, locale_source="test",
                   page_id=path.split("/", 1)[-1].rsplit(".", 1)[0], root=".")


def page_of(text: str, path: str = "fr/page.md") -> Page:
    page = parse_text(doc(path), text)
    page.samples = samples_of(page)
    return page


def page_of_bytes(tmp_path: Path, data: bytes, name: str = "page.md") -> Page:
    target = tmp_path / name
    target.write_bytes(data)
    return read_page(DocFile(str(target), str(target), None, "test", "page", str(tmp_path)))


def findings(text: str | Page, rule: str | None = None, path: str = "fr/page.md") -> list[Finding]:
    page = text if isinstance(text, Page) else page_of(text, path)
    found = page_findings(page, RuleSettings())
    return [f for f in found if rule is None or f.rule == rule]


def where(found: list[Finding]) -> list[tuple[str, int, int]]:
    return [(f.rule, f.line, f.column) for f in found]


def write_tree(root: Path, files: dict[str, str]) -> str:
    """Write `files` (relative path -> text) under `root`; return the root as text."""
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return str(root)
