"""Throughput of `sampledrift check` on a large synthetic multilingual tree.

Builds LOCALES x PAGES pages (default 20 x 500) from the seed pages and the
Flowise GitBook corpus, each locale a folder with its own SUMMARY.md, then
runs `check` on it with one worker and with every core, and prints pages/s,
MB/s and the speed-up. Run from the repository root:

    python benchmarks/throughput.py [--locales 20] [--pages 500] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FLOWISE = REPO.parent / "shared" / "corpora" / "flowise"
LOCALES = ["fr", "da", "zh-cn", "de", "es", "it", "ja", "ko", "pt-br", "nl", "sv", "pl",
           "tr", "ar", "ru", "uk", "cs", "fi", "nb", "he", "id", "vi", "th", "el"]


def source_pages(corpus: Path = FLOWISE) -> list[Path]:
    """The seed pages and a GitBook corpus's: what the benchmark trees are made of."""
    pages = sorted((REPO / "fixtures" / "seeds").glob("*/api-docs/*.md"))
    if corpus.is_dir():
        pages += sorted(p for p in corpus.rglob("*.md") if p.name != "SUMMARY.md")
    return pages


def require_corpus(corpus: Path) -> None:
    """Never measure a tree of two seed pages repeated in silence."""
    if not corpus.is_dir():
        sys.exit(f"no corpus at {corpus}: give one with --corpus (e.g. ../shared/corpora/flowise)")


def build_tree(root: Path, locales: int, pages: int, corpus: Path = FLOWISE) -> tuple[int, int]:
    """Write the tree; return (files, bytes)."""
    sources = source_pages(corpus)
    texts = [p.read_bytes() for p in sources]
    count = size = 0
    for locale in LOCALES[:locales]:
        base = root / locale
        base.mkdir(parents=True)
        summary = ["# Summary", ""]
        for index in range(pages):
            relative = f"section-{index // 50:02}/page-{index:04}.md"
            target = base / relative
            target.parent.mkdir(exist_ok=True)
            data = texts[(index + LOCALES.index(locale)) % len(texts)]
            target.write_bytes(data)
            summary.append(f"* [Page {index}]({relative})")
            count += 1
            size += len(data)
        (base / "SUMMARY.md").write_text("\n".join(summary) + "\n")
    return count, size


def time_check(root: Path, jobs: int, repeat: int) -> float:
    """Median wall time of the CLI (a fresh process each run, as users run it)."""
    env = dict(os.environ, SAMPLEDRIFT_JOBS=str(jobs))
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "checker", "check", str(root),
                               "--format", "json", "--output", os.devnull, "--fail-on", "never"],
                              env=env, cwd=REPO, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"check failed: {done.stderr.strip()}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locales", type=int, default=20)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=FLOWISE,
                        help="GitBook pages to build from (default: ../shared/corpora/flowise)")
    args = parser.parse_args()
    require_corpus(args.corpus)
    root = Path(tempfile.mkdtemp(prefix="sampledrift-bench-"))
    try:
        files, size = build_tree(root, args.locales, args.pages, args.corpus)
        cores = os.cpu_count() or 1
        print(f"tree: {args.locales} locales x {args.pages} pages = {files} pages, "
              f"{size / 1e6:.1f} MB ({len(source_pages(args.corpus))} distinct source pages)")
        print(f"command: python -m checker check TREE --format json --output /dev/null "
              f"(median of {args.repeat})")
        serial = time_check(root, 1, args.repeat)
        parallel = time_check(root, cores, args.repeat)
        for label, seconds in (("1 worker", serial), (f"{cores} workers", parallel)):
            print(f"{label:>10}: {seconds:6.2f} s  {files / seconds:7.0f} pages/s  "
                  f"{size / 1e6 / seconds:6.2f} MB/s")
        print(f"speed-up with {cores} workers: {serial / parallel:.2f}x")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
