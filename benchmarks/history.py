"""What telling stale translations from broken ones costs (issue 15).

Builds a tree of LOCALES x PAGES pages (default 5 x 2,000 = 10,000) from the
seed pages and the Flowise GitBook corpus, in a temporary git repository
with COMMITS commits of history (default 5,000, written by one
`git fast-import` from a generated stream), where a share of the pages
(default 20%) has reference commits after the translations' last one: half
of those only reworded, half with a sample added (real drift, which the
history turns into translation-outdated). A few translations also change a
sample themselves after the reference (broken: stays as it is). Then times
`check` with history and with `--no-history`, interleaved, and prints the
medians and their ratio. Run from the repository root:

    python benchmarks/history.py [--locales 5] [--pages 2000] [--commits 5000]
                                 [--behind 0.2] [--repeat 3] [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import require_corpus  # noqa: E402
from throughput import FLOWISE, REPO, source_pages  # noqa: E402  (one definition of the trees' pages)

LOCALES = ["en", "fr", "de", "es", "ja", "it", "ko", "nl", "pt-br", "zh-cn"]
AUTHOR = "Docs <docs@example.com> {stamp} +0000"

# What a reference edit appends: reworded prose (no cross-locale difference),
# or a new request sample (a difference the translation only lacks).
PROSE = "\nThis page was reviewed in revision {rev}.\n"
SAMPLE = ("\n## Revision {rev}\n\n```bash\ncurl -X POST https://api.example.com/v1/revision-{rev} "
          "-H \"Authorization: Bearer TOKEN\" -d '{{\"page\": {page}}}'\n```\n")
# What a translator changes on their own (broken: the reference never had it).
OWN = ("\n## Local {rev}\n\n```bash\ncurl -X DELETE https://api.example.com/v1/local-{rev} "
       "-H \"X-Locale: {locale}\"\n```\n")


class Plan:
    """Each page's reference text as it is edited, and what each locale holds."""

    def __init__(self, locales: list[str], pages: int, behind: float, rng: random.Random,
                 corpus: Path = FLOWISE):
        sources = source_pages(corpus)
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in sources]
        self.sources = len(sources)
        self.locales, self.pages, self.rng = locales, pages, rng
        self.paths = [f"section-{i // 50:02}/page-{i:04}.md" for i in range(pages)]
        self.reference = [texts[i % len(texts)] for i in range(pages)]
        self.held = {(loc, i): self.reference[i] for loc in locales[1:] for i in range(pages)}
        chosen = rng.sample(range(pages), round(pages * behind))
        self.behind = set(chosen)
        self.drifted = set(chosen[: len(chosen) // 2])     # behind by a sample, not only words
        self.broken = set(rng.sample(sorted(set(range(pages)) - self.behind), max(1, pages // 100)))

    def events(self, commits: int, rng: random.Random) -> list[tuple[str, int]]:
        """One event per commit after the first, each page's in its order:
        `en` edits the reference, `tr` brings translations up to it,
        `own` has one translation change a sample itself, `late` is the
        reference's last edit on a page left behind."""
        per_page: dict[int, list[str]] = {i: [] for i in range(self.pages)}
        budget = commits - 1 - len(self.behind) - len(self.broken)
        synced = [i for i in range(self.pages)]
        while budget >= 2:
            page = rng.choice(synced)
            per_page[page] += ["en", "tr"]
            budget -= 2
        for page in self.broken:
            per_page[page].append("own")
        for page in self.behind:
            per_page[page].append("late")
        slots = [page for page, seq in per_page.items() for _ in seq]
        rng.shuffle(slots)
        cursor = Counter[int]()
        ordered = []
        for page in slots:
            ordered.append((per_page[page][cursor[page]], page))
            cursor[page] += 1
        # The late reference edits come after the page's other events by construction;
        # padding to the exact count when the budget was odd: one more reword.
        while len(ordered) < commits - 1:
            ordered.append(("tr", rng.choice(sorted(set(range(self.pages)) - self.behind - self.broken))))
        return ordered

    def apply(self, kind: str, page: int, rev: int) -> dict[str, str]:
        """The files one event writes: path -> text."""
        if kind in ("en", "late"):
            drift = kind == "late" and page in self.drifted
            template = SAMPLE if drift else PROSE
            self.reference[page] += template.format(rev=rev, page=page)
            return {f"{self.locales[0]}/{self.paths[page]}": self.reference[page]}
        if kind == "own":
            locale = self.locales[1 + page % (len(self.locales) - 1)]
            self.held[(locale, page)] += OWN.format(rev=rev, locale=locale)
            return {f"{locale}/{self.paths[page]}": self.held[(locale, page)]}
        # Half of the syncs bring every translation up at once (one sync
        # commit), the others only some locales: translations of one page
        # fall behind from different commits, as when locales are
        # translated by different people.
        locales = self.locales[1:]
        if rev % 2:
            locales = sorted(self.rng.sample(locales, self.rng.randint(1, len(locales))))
        written = {}
        for locale in locales:
            self.held[(locale, page)] = self.reference[page]
            written[f"{locale}/{self.paths[page]}"] = self.reference[page]
        return written

    def initial(self) -> dict[str, str]:
        files = {}
        for locale in self.locales:
            summary = ["# Summary", ""] + [f"* [Page {i}]({p})" for i, p in enumerate(self.paths)]
            files[f"{locale}/SUMMARY.md"] = "\n".join(summary) + "\n"
            for i, path in enumerate(self.paths):
                files[f"{locale}/{path}"] = self.reference[i]
        return files


def _commit(stream: list[bytes], rev: int, files: dict[str, str], parent: bool) -> None:
    stamp = 1_600_000_000 + rev * 3600
    message = f"edit {rev}".encode()
    stream.append(f"commit refs/heads/main\nmark :{rev + 1}\n"
                  f"committer {AUTHOR.format(stamp=stamp)}\ndata {len(message)}\n".encode() + message + b"\n")
    if parent:
        stream.append(f"from :{rev}\n".encode())
    for path, text in sorted(files.items()):
        data = text.encode("utf-8")
        stream.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
    stream.append(b"\n")


def build(root: Path, locales: int, pages: int, commits: int, behind: float,
          corpus: Path = FLOWISE) -> Plan:
    """The repository, its history and its checked-out work tree."""
    rng = random.Random(15)
    plan = Plan(LOCALES[:locales], pages, behind, rng, corpus)
    stream: list[bytes] = []
    _commit(stream, 0, plan.initial(), parent=False)
    for rev, (kind, page) in enumerate(plan.events(commits, rng), 1):
        _commit(stream, rev, plan.apply(kind, page, rev), parent=True)
    git = ["git", "-C", str(root)]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "fast-import", "--quiet"], input=b"".join(stream), check=True)
    subprocess.run([*git, "reset", "-q", "--hard", "main"], check=True)
    return plan


def run_check(root: Path, history: bool, jobs: int) -> tuple[float, float, dict]:
    """Wall time and CPU time (the CLI and its workers: steadier than the wall
    on a shared machine) of the CLI (a fresh process, as users run it), and its JSON."""
    env = dict(os.environ, SAMPLEDRIFT_JOBS=str(jobs))
    out = root.parent / "out.json"
    command = [sys.executable, "-m", "checker", "check", str(root), "--format", "json",
               "--output", str(out), "--fail-on", "never", *([] if history else ["--no-history"])]
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime
    if done.returncode != 0:
        sys.exit(f"check failed: {done.stderr.strip()}")
    return seconds, cpu, json.loads(out.read_text(encoding="utf-8"))


def by_rule(report: dict) -> Counter[str]:
    return Counter(f["rule"] for f in report.get("findings", []))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locales", type=int, default=5)
    parser.add_argument("--pages", type=int, default=2000, help="pages per locale")
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--behind", type=float, default=0.2, help="share of pages left behind")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--corpus", type=Path, default=FLOWISE,
                        help="GitBook pages to build from (default: ../shared/corpora/flowise)")
    args = parser.parse_args()
    require_corpus(args.corpus)
    work = Path(tempfile.mkdtemp(prefix="sampledrift-history-"))
    root = work / "docs"
    root.mkdir()
    try:
        start = time.perf_counter()
        plan = build(root, args.locales, args.pages, args.commits, args.behind, args.corpus)
        count = subprocess.run(["git", "-C", str(root), "rev-list", "--count", "HEAD"],
                               capture_output=True, text=True, check=True).stdout.strip()
        print(f"tree: {args.locales} locales x {args.pages} pages = {args.locales * args.pages} pages, "
              f"{count} commits ({time.perf_counter() - start:.1f} s to build); "
              f"{len(plan.behind)} pages behind the reference ({len(plan.drifted)} by a sample), "
              f"{len(plan.broken)} with a translation's own sample; {plan.sources} distinct source pages")
        print(f"command: python -m checker check TREE --format json [--no-history], "
              f"SAMPLEDRIFT_JOBS={args.jobs}, interleaved, median of {args.repeat}")
        times: dict[bool, list[float]] = {True: [], False: []}
        cpus: dict[bool, list[float]] = {True: [], False: []}
        reports: dict[bool, dict] = {}
        for _ in range(args.repeat):
            for history in (False, True):
                seconds, cpu, reports[history] = run_check(root, history, args.jobs)
                times[history].append(seconds)
                cpus[history].append(cpu)
        for label, history in (("--no-history", False), ("history", True)):
            print(f"  {label:12}: wall {statistics.median(times[history]):6.2f} s "
                  f"(runs {', '.join(f'{t:.2f}' for t in times[history])}), "
                  f"CPU {statistics.median(cpus[history]):6.2f} s "
                  f"(runs {', '.join(f'{t:.2f}' for t in cpus[history])})")
        for label, got in (("wall", times), ("CPU", cpus)):
            ratio = statistics.median(got[True]) / statistics.median(got[False])
            print(f"ratio history / --no-history, {label}: {ratio:.2f}x (limit 1.3x)")
        before, after = by_rule(reports[False]), by_rule(reports[True])
        for rule in sorted(set(before) | set(after)):
            print(f"  {rule:24} {before[rule]:6} -> {after[rule]:6}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
