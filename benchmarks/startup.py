"""What a language costs before its first page: start-up and first-read times.

Prints, as the median of several fresh interpreters:

* the CLI's start-up as users meet it: `python -m checker --version`, and
  `check` on one small page, in a folder that names its locale and in one
  that does not (`cli_figures`, which benchmarks/throughput.py prints too);
* the time to import the CLI (`import checker.cli`), and which tree-sitter
  grammars are loaded by then (there should be none);
* for every registered language with extractors, the time of its first read
  of one small sample (importing its extractor and grammar, and parsing),
  as the extra cost over the CLI import.

Run from the repository root:

    python benchmarks/startup.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import Run, median

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures" / "languages"

# One small page with one sample: what a pre-commit hook on one edit checks.
SMALL_PAGE = """# Create a token

Send your key to get a token.

```bash
curl -X POST https://api.example.com/v1/tokens -H "Authorization: Bearer KEY"
```
"""

_PROBE = """
import sys, time
start = time.perf_counter()
import checker.cli
from checker.extract.samples import read_code
imported = time.perf_counter()
grammars = sorted(m for m in sys.modules if m.startswith("tree_sitter_"))
language, path = sys.argv[1], sys.argv[2]
if language:
    read_code(language, open(path, encoding="utf-8").read())
done = time.perf_counter()
print(imported - start, done - imported, ",".join(grammars) or "-")
"""


def run(language: str, sample: str) -> tuple[float, float, str]:
    out = subprocess.run([sys.executable, "-c", _PROBE, language, sample], capture_output=True,
                         text=True, check=True, cwd=REPO).stdout.split()
    return float(out[0]), float(out[1]), out[2]


def median_of(repeat: int, language: str, sample: str) -> tuple[float, float, str]:
    runs = [run(language, sample) for _ in range(repeat)]
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), runs[0][2])


def cli_figures(repeat: int, folder: Path) -> dict[str, Run]:
    """The median of `repeat` fresh CLIs: `--version`, and `check` on SMALL_PAGE (written in
    `folder`) where its path names its locale, and where it does not (language ID then loads)."""
    named, bare = folder / "en" / "small-page.md", folder / "small-page.md"
    named.parent.mkdir(exist_ok=True)
    for page in (named, bare):
        page.write_text(SMALL_PAGE, encoding="utf-8")
    cli = [sys.executable, "-m", "checker"]
    return {"--version": median([*cli, "--version"], repeat, cwd=REPO),
            "check en/small-page.md": median([*cli, "check", str(named), "--fail-on", "never"],
                                             repeat, cwd=REPO),
            "check small-page.md (no locale)": median([*cli, "check", str(bare), "--fail-on", "never"],
                                                      repeat, cwd=REPO)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for label, figure in cli_figures(args.repeat, Path(tmp)).items():
            print(f"{label}: {figure.seconds * 1000:.0f} ms (median of {args.repeat}), "
                  f"peak RSS {figure.rss_mb:.0f} MB")
    sys.path.insert(0, str(REPO))
    from checker import languages

    cli, _, grammars = median_of(args.repeat, "", "")
    print(f"import checker.cli: {cli * 1000:.0f} ms (median of {args.repeat}); "
          f"grammars loaded: {grammars}")
    for language in languages.all_languages():
        samples = sorted(FIXTURES.glob(f"{language.name}--*.txt"))
        if not language.extractors or not samples:
            continue
        _, first, _ = median_of(args.repeat, language.name, str(samples[0]))
        print(f"  first {language.display} read ({samples[0].name}): {first * 1000:.1f} ms "
              f"= {first / cli:.2f} x the CLI import")


if __name__ == "__main__":
    main()
