"""What `sampledrift check` costs where it is used, on a large multilingual tree.

Builds LOCALES x PAGES pages (default 20 x 500) from the seed pages and a
GitBook corpus (Flowise's), each locale a folder with its own SUMMARY.md,
and prints the command, the machine (cores, load), the tree's size, and for
each figure the median of --repeat fresh runs with its peak RSS: a full cold
run with one worker and with every core, a second full run (warm where the
tool has a cache), a one-page pull-request run (`--changed-files` naming one
page; with the warm cache, then with none), start-up (benchmarks/startup.py's),
and markdownlint-cli2 on the same tree when npx has it offline. Refuses
(exit 2) without a corpus. Run from the repository root:

    python benchmarks/throughput.py --corpus ../shared/corpora/flowise
                                    [--locales 20] [--pages 500] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import Run, machine, median, refuse, require_corpus  # noqa: E402
from startup import cli_figures  # noqa: E402

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


CHECK = [sys.executable, "-m", "checker", "check"]
REPORT = ["--format", "json", "--output", os.devnull, "--fail-on", "never"]
MARKDOWNLINT = ["npx", "--no-install", "markdownlint-cli2"]


def jobs_env(jobs: int) -> dict[str, str]:
    return dict(os.environ, SAMPLEDRIFT_JOBS=str(jobs))


def has_cache() -> bool:
    """Whether this version of the tool caches per-file work (issue 18 item 1)."""
    done = subprocess.run([*CHECK, "--help"], cwd=REPO, capture_output=True, text=True)
    return "--cache-dir" in done.stdout


def cold_run(root: Path, work: Path, repeat: int, jobs: int, cache: bool) -> Run:
    """A full run with nothing cached (an empty cache folder each time, where there is a cache)."""
    folder = work / "cache-cold"
    extra = ["--cache-dir", str(folder)] if cache else []
    return median([*CHECK, str(root), *REPORT, *extra], repeat, cwd=REPO, env=jobs_env(jobs),
                  before=lambda: shutil.rmtree(folder, ignore_errors=True))


def second_run(root: Path, work: Path, repeat: int, jobs: int, cache: bool) -> Run:
    """A full run after one on the same unchanged tree (the cache warmed by one run first)."""
    extra = ["--cache-dir", str(work / "cache-warm")] if cache else []
    command = [*CHECK, str(root), *REPORT, *extra]
    if cache:
        median(command, 1, cwd=REPO, env=jobs_env(jobs))
    return median(command, repeat, cwd=REPO, env=jobs_env(jobs))


def pr_run(root: Path, work: Path, repeat: int, jobs: int, cache: bool, warm: bool = True) -> tuple[Run, str]:
    """`check TREE --changed-files LIST`, LIST naming one page (the pull-request mode of
    checker/changes.py; after the warm runs where there is a cache, or with `--no-cache`
    unless `warm`), and what it checked."""
    listing = work / "changed.txt"
    page = root / "fr" / "section-00" / "page-0000.md"
    listing.write_text(f"{page}\n", encoding="utf-8")
    extra = (["--cache-dir", str(work / "cache-warm")] if warm else ["--no-cache"]) if cache else []
    command = [*CHECK, str(root), "--changed-files", str(listing), *extra]
    out = work / "changed.json"
    subprocess.run([*command, "--format", "json", "--output", str(out), "--fail-on", "never"],
                   cwd=REPO, env=jobs_env(jobs), capture_output=True, check=True)
    scope = json.loads(out.read_text(encoding="utf-8")).get("changed") or {}
    what = (f"{page.relative_to(root)} listed; the JSON's changed: pages {scope.get('pages')}, "
            f"skipped {scope.get('skipped')}")
    return median([*command, *REPORT], repeat, cwd=REPO, env=jobs_env(jobs)), what


def markdownlint(root: Path, repeat: int) -> Run | None:
    """markdownlint-cli2 on the same tree, when npx has it without the network."""
    try:
        found = subprocess.run([*MARKDOWNLINT, "--version"], capture_output=True, timeout=60,
                               stdin=subprocess.DEVNULL, env=dict(os.environ, npm_config_offline="true"))
    except (OSError, subprocess.TimeoutExpired):
        return None
    if found.returncode != 0:
        return None
    # Exit 1 is "findings"; 2 is a failure.
    return median([*MARKDOWNLINT, "**/*.md"], repeat, cwd=root, ok=(0, 1))


def show(label: str, figure: Run, pages: int = 0, note: str = "") -> None:
    rate = f"{pages / figure.seconds:6.0f} pages/s" if pages else " " * 14
    print(f"{label:41} {figure.seconds:7.2f} s {rate}  RSS {figure.rss_mb:5.0f} MB "
          f"(largest process {figure.largest_mb:4.0f})  load {os.getloadavg()[0]:.2f}"
          + (f"  [{note}]" if note else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locales", type=int, default=20)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=FLOWISE,
                        help="GitBook pages to build from (default: ../shared/corpora/flowise)")
    args = parser.parse_args()
    require_corpus(args.corpus)
    if not 1 <= args.locales <= len(LOCALES) or args.pages < 1 or args.repeat < 1:
        refuse(f"--locales must be 1 to {len(LOCALES)}, --pages and --repeat at least 1")
    print(f"command: {shlex.join(['python', *sys.argv])}  (in {Path.cwd()}; tool at {REPO})")
    print(f"machine: {machine()}; Python {sys.version.split()[0]}")
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="sampledrift-bench-") as tmp:
        work = Path(tmp)
        root = work / "docs"
        files, size = build_tree(root, args.locales, args.pages, args.corpus)
        print(f"tree: {args.locales} locales x {args.pages} pages = {files} pages, "
              f"{size / 1e6:.1f} MB ({len(source_pages(args.corpus))} distinct source pages)")
        print(f"each figure: median of {args.repeat} fresh processes; RSS: the peaks of the process "
              f"and its workers, summed; load: the 1-minute load average after the figure")
        print(f"check: {shlex.join(['python', '-m', 'checker', 'check', 'TREE', *REPORT])}")
        cache = has_cache()
        full = {}
        for jobs in sorted({1, cores}):
            full[jobs] = cold_run(root, work, args.repeat, jobs, cache)
            show(f"full cold run, {jobs} worker{'s' * (jobs > 1)}", full[jobs], files)
        show(f"second full run, {cores} workers", second_run(root, work, args.repeat, cores, cache),
             files, "warm cache" if cache else "no cache in this version: the same kind of run as the first")
        pull, what = pr_run(root, work, args.repeat, cores, cache)
        show("one-page PR run (--changed-files)", pull, note=what)
        if cache:
            cold, _ = pr_run(root, work, args.repeat, cores, cache, warm=False)
            show("one-page PR run, --no-cache", cold)
        for label, figure in cli_figures(args.repeat, work).items():
            show(f"start-up: {label}", figure)
        lint = markdownlint(root, args.repeat)
        if lint is None:
            print(f"markdownlint-cli2: not available offline ({shlex.join(MARKDOWNLINT)} --version "
                  f"failed): no side-by-side ratio")
        else:
            show("markdownlint-cli2 **/*.md", lint, files)
            print(f"ratio: sampledrift full cold run ({cores} workers) / markdownlint-cli2 = "
                  f"{full[cores].seconds / lint.seconds:.2f}x wall time")
        print(f"machine after: {machine()}")


if __name__ == "__main__":
    main()
