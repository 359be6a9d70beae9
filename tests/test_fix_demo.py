"""`sampledrift fix --write` on a copy of the bundled demo docs (issue 16's
acceptance): the source pages' `{% endtabs %` and translated placeholders are
repaired, prose is untouched, a second run changes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from checker.config import Config
from checker.engine import check_paths
from checker.model import FileKind
from tests.helpers import SEEDS
from tests.test_cli import run

FIXED_RULES = {"tag-unterminated", "placeholder-translated"}


def _source_findings(capsys, root: Path) -> list[tuple[str, str]]:
    _, out, _ = run(capsys, "check", "--no-history", "--format", "json", str(root))
    sources = {p.path for p in check_paths([str(root)], Config(), use_history=False).pages
               if p.kind is FileKind.SOURCE}
    return sorted((f["rule"], f["path"]) for f in json.loads(out)["findings"] if f["path"] in sources)


def _outside_code_and_tags(root: Path) -> dict[str, list[str]]:
    """Each source page's lines that are neither in a fence nor a `{% %}` tag line."""
    kept = {}
    for page in check_paths([str(root)], Config(), use_history=False).pages:
        if page.kind is not FileKind.SOURCE:
            continue
        code = {n for fence in page.fences for n in range(fence.fence_line, fence.end_line + 2)}
        kept[page.path] = [line for n, line in enumerate(page.lines, 1)
                           if n not in code and "{%" not in line]
    return kept


def test_fix_write_repairs_the_demo_source_pages_and_nothing_else(capsys, tmp_path):
    root = tmp_path / "demo"
    shutil.copytree(SEEDS, root)
    before = _source_findings(capsys, root)
    assert {rule for rule, _ in before} == FIXED_RULES
    prose = _outside_code_and_tags(root)
    published = {p: p.read_bytes() for p in root.rglob("*.txt")}

    code, _, err = run(capsys, "fix", "--write", str(root))
    assert code == 0, err
    assert _source_findings(capsys, root) == []
    assert _outside_code_and_tags(root) == prose               # prose byte-identical
    assert {p: p.read_bytes() for p in root.rglob("*.txt")} == published   # renderings untouched
    fr = (root / "fr" / "api-docs" / "authentication.md").read_text(encoding="utf-8")
    assert "{% endtabs %}" in fr and "{% endtabs %\n" not in fr
    assert "refresh_token=YOUR_REFRESH_TOKEN" in fr

    code, out, err = run(capsys, "fix", str(root))
    assert (code, out) == (0, "") and "Nothing to fix." in err   # idempotent
