"""A GitBook tree rendered to published text, the way the site shows it, and checked.

Renders every page of a source tree (default: the Flowise corpus) to the text
a reader saves from the site (`tests/publish.py`: fences gone, indentation
lost, tab panels run together where nothing stands between them), runs
`sampledrift check` on the rendered tree, and prints how many samples were
recovered and read and the `sample-syntax` findings, one per line, to read.
With `--against-source`, each page that holds a fence is instead checked
as a two-locale tree, its source as `en` and its own rendering as `fr`: the
two say the same, so every finding on the rendering is a false one, counted
by rule (the source page's own findings are not counted). Run from the
repository root:

    python benchmarks/published.py [SOURCE_TREE] [--show N] [--against-source]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.measure import require_corpus  # noqa: E402
from tests.publish import render_text  # noqa: E402

DEFAULT = REPO.parent / "shared" / "corpora" / "flowise"


def render_tree(source: Path, target: Path) -> int:
    count = 0
    for page in sorted(source.rglob("*.md")):
        if page.name in ("SUMMARY.md", "LANGS.md"):
            continue
        out = target / page.relative_to(source).with_suffix(".txt")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_text(page.read_text(encoding="utf-8", errors="replace")), encoding="utf-8")
        count += 1
    return count


def against_source(source: Path, show: int) -> None:
    """Each page's source against its own rendering: the findings on the rendering."""
    from checker.config import Config
    from checker.engine import check_paths

    found: list[tuple[str, str, int, str]] = []
    pages = 0
    for page in sorted(source.rglob("*.md")):
        text = page.read_text(encoding="utf-8", errors="replace")
        if page.name in ("SUMMARY.md", "LANGS.md") or text.count("```") < 2:
            continue
        pages += 1
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "en").mkdir()
            (Path(tmp) / "fr").mkdir()
            (Path(tmp) / "en" / "p.md").write_text(text, encoding="utf-8")
            (Path(tmp) / "fr" / "p.txt").write_text(render_text(text), encoding="utf-8")
            result = check_paths([tmp], Config(), use_history=False)
            found += [(f.rule, str(page.relative_to(source)), f.line, f.message) for f in result.findings
                      if f.path.endswith("fr/p.txt")]
    rules = Counter(rule for rule, *_ in found)
    print(f"{pages} pages with a fence in {source}, each against its own rendering: {len(found)} findings "
          f"on the renderings ({', '.join(f'{k} {v}' for k, v in sorted(rules.items())) or 'none'})")
    for rule, path, line, message in found[:show]:
        print(f"  {path} (rendered):{line}: {rule} {message}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--show", type=int, default=40)
    parser.add_argument("--against-source", action="store_true")
    args = parser.parse_args()
    require_corpus(args.source)
    if args.against_source:
        against_source(args.source, args.show)
        return
    with tempfile.TemporaryDirectory() as tmp:
        pages = render_tree(args.source, Path(tmp))
        run = subprocess.run([sys.executable, "-m", "checker", "extract", tmp, "--format", "json"],
                             capture_output=True, text=True, cwd=REPO)
        samples = json.loads(run.stdout)["samples"]
        check = subprocess.run([sys.executable, "-m", "checker", "check", tmp, "--format", "json"],
                               capture_output=True, text=True, cwd=REPO)
        findings = json.loads(check.stdout)["findings"]
        for entry in (*samples, *findings):
            entry["path"] = entry["path"][len(tmp) + 1:]
    read = sum(1 for s in samples if s.get("request"))
    languages = Counter(s["language"] or "?" for s in samples)
    syntax = [f for f in findings if f["rule"] == "sample-syntax"]
    print(f"{pages} pages rendered from {args.source}; {len(samples)} samples recovered "
          f"({', '.join(f'{k} {v}' for k, v in sorted(languages.items()))}); {read} send a request")
    print(f"sample-syntax: {len(syntax)}")
    for finding in syntax[:args.show]:
        print(f"  {finding['path']}:{finding['line']}: {finding['message']}")


if __name__ == "__main__":
    main()
