"""Honest benchmarks (issue 18 item 7): they refuse without a corpus, measure
memory with the workers', and print every figure the issue names."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks"
FLOWISE = Path("/work/shared/corpora/flowise")  # as tests/test_spec.py finds it

sys.path.insert(0, str(BENCH))
import measure  # noqa: E402


@pytest.mark.parametrize("script", ["throughput.py", "history.py"])
def test_refuses_without_a_corpus(script: str, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(BENCH / script), "--corpus", str(tmp_path / "none")],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "no GitBook corpus" in done.stderr


def test_an_empty_folder_is_no_corpus(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(BENCH / "published.py"), str(tmp_path)],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr.count("\n")) == (2, 1)


_ALLOCATE = "import time; b = bytearray({mb} * 2**20); b[::4096] = b'x' * len(b[::4096]); time.sleep(0.3)"
_WORKERS = textwrap.dedent("""
    import subprocess, sys
    child = {child!r}
    workers = [subprocess.Popen([sys.executable, "-c", child]) for _ in range(2)]
    for w in workers:
        w.wait()
""")


def test_peak_rss_grows_with_what_the_process_holds(tmp_path: Path) -> None:
    small = measure.run([sys.executable, "-c", _ALLOCATE.format(mb=5)], cwd=tmp_path)
    large = measure.run([sys.executable, "-c", _ALLOCATE.format(mb=80)], cwd=tmp_path)
    assert large.largest_mb - small.largest_mb > 60
    assert large.rss_mb >= large.largest_mb


def test_peak_rss_sums_the_workers(tmp_path: Path) -> None:
    child = _ALLOCATE.format(mb=60)
    tree = measure.run([sys.executable, "-c", _WORKERS.format(child=child)], cwd=tmp_path)
    assert tree.returncode == 0
    assert tree.largest_mb > 60                   # one worker
    assert tree.rss_mb > 2 * 60                   # both workers, and the main process


@pytest.mark.skipif(not FLOWISE.is_dir(), reason="needs the Flowise corpus")
def test_throughput_prints_every_figure() -> None:
    done = subprocess.run([sys.executable, str(BENCH / "throughput.py"), "--corpus", str(FLOWISE),
                           "--locales", "2", "--pages", "5", "--repeat", "1"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for label in ("command: python ", "benchmarks/throughput.py --corpus", "machine: ", " cores, load average ",
                  "tree: 2 locales x 5 pages = 10 pages", "full cold run, 1 worker",
                  "second full run", "one-page PR run (--changed-files)", "pages 2, skipped",
                  "one-page PR run, --no-cache",
                  "start-up: --version", "start-up: check en/small-page.md", "markdownlint-cli2",
                  "machine after: "):
        assert label in out, label
    assert out.count(" RSS ") >= 7   # every figure has its memory


def test_a_page_against_its_own_rendering_counts_what_the_rendering_gets_wrong(tmp_path: Path) -> None:
    page = ("# Users\n\n{% tabs %}\n{% tab title=\"cURL\" %}\n```bash\ncurl -X POST https://api.example.com/v1/users "
            "-H 'Content-Type: application/json' -d '{\"name\": \"Ada\"}'\n```\n{% endtab %}\n{% tab title=\"Python\" %}\n```python\nimport requests\n\n"
            "requests.post(\"https://api.example.com/v1/users\", json={\"name\": \"Ada\"})\n```\n{% endtab %}\n"
            "{% endtabs %}\n")
    (tmp_path / "users.md").write_text(page, encoding="utf-8")
    done = subprocess.run([sys.executable, str(BENCH / "published.py"), str(tmp_path), "--against-source"],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "1 pages with a fence" in done.stdout and ": 0 findings on the renderings (none)" in done.stdout
