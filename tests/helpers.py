"""Small builders the tests share."""

from __future__ import annotations

from pathlib import Path

from checker import languages
from checker.engine import RuleSettings, page_findings, read_page
from checker.extract.base import GUARDED, Extraction
from checker.extract.samples import read_code, samples_of
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


# What an extractor's never-raise guard puts in `Extraction.error` when its own
# code raised (curl: "could not read the sample: ...", JavaScript: "could not
# read sample: ..."): a bug, never a verdict on the sample.
GUARD_ERROR = GUARDED   # how the extractors' guard words an exception it caught


def read_sample(language: str, code: str) -> Extraction:
    """`code` read the way the pipeline reads a sample (`read_code`), and by each
    extractor of the language on its own. An exception that an extractor's guard
    turned into an error fails the test: garbage must be *read*, not survived."""
    for reader in languages.extractors(language):
        alone = reader.extract(code)
        assert isinstance(alone, Extraction), alone
        assert not (alone.error or "").startswith(GUARD_ERROR), alone.error
    result = read_code(language, code)
    assert isinstance(result, Extraction), result
    assert not (result.error or "").startswith(GUARD_ERROR), result.error
    if result.error is not None:  # a parse error says where the sample stops parsing
        assert result.error_line is not None and result.error_line >= 1, result
    return result


def report_lines(out: str) -> list[str]:
    """The text report's lines without its last one when that is the fix hint
    ("N findings can be fixed with `sampledrift fix --write` ...")."""
    lines = out.splitlines()
    return lines[:-1] if lines and "can be fixed with `sampledrift fix --write`" in lines[-1] else lines
