"""What every benchmark shares: refusing to run, the machine, and one measured command.

A command is measured as a fresh process (as users run it): its wall time, and
its peak memory with its workers' (`Run.rss_mb`: the sum of each process's
peak RSS, VmHWM read from /proc every 0.05 s; the processes need not peak at
once, so it is an upper bound of the tree's peak) next to the largest single
process (`Run.largest_mb`: `os.wait4`'s ru_maxrss, the main process or a
worker it waited for, where it is above this process's own size, else the
largest sample). Where /proc is missing, only ru_maxrss is known.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

POLL = 0.05  # seconds between /proc reads: short next to a worker's life, cheap next to a run


def refuse(message: str) -> NoReturn:
    """One line on stderr, exit 2: the benchmark cannot measure what it says."""
    print(f"{Path(sys.argv[0]).name}: {message}", file=sys.stderr)
    raise SystemExit(2)


def require_corpus(corpus: Path) -> None:
    """Never measure a tree of two seed pages repeated in silence."""
    if not corpus.is_dir() or not any(corpus.rglob("*.md")):
        refuse(f"no GitBook corpus at {corpus}: give one with --corpus "
               f"(e.g. /work/shared/corpora/flowise)")


def machine() -> str:
    """The core count and the load, next to the figures they qualify."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count() or 1} cores, load average {load} (1, 5, 15 min)"


@dataclass
class Run:
    seconds: float
    rss_mb: float       # summed peaks of the process and its workers
    largest_mb: float   # the largest single process
    returncode: int
    stderr: str


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(c) for c in handle.read().split()]
    except OSError:
        pass  # gone, or no /proc: the peaks read so far stand
    return found


def _peak_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def run(command: Sequence[str], *, cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `command` once, its output discarded, and measure it."""
    peaks: dict[int, int] = {}
    with tempfile.TemporaryFile() as err:  # a file, not a pipe: a full pipe would stall the run
        floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=err)
        while True:
            for pid in [process.pid, *_children(process.pid)]:
                kb = _peak_kb(pid)
                if kb is not None:
                    peaks[pid] = max(kb, peaks.get(pid, 0))
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(POLL)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: tell Popen
        err.seek(0)
        message = err.read().decode("utf-8", "replace")
    # ru_maxrss counts from the fork, so it is at least this process's size then:
    # exact above that, a floor below it (where the samples decide).
    exact = usage.ru_maxrss if usage.ru_maxrss > floor else 0
    largest = max(exact, *peaks.values(), 0) / 1024
    return Run(seconds, max(sum(peaks.values()) / 1024, largest), largest, process.returncode,
               message)


def median(command: Sequence[str], repeat: int, *, cwd: Path, env: dict[str, str] | None = None,
           ok: Sequence[int] = (0,), before: Callable[[], None] | None = None) -> Run:
    """The median of `repeat` runs (each field on its own); `before()` runs before each.
    A run that exits outside `ok` stops the benchmark (exit 1, its last stderr line)."""
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        done = run(command, cwd=cwd, env=env)
        if done.returncode not in ok:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            sys.exit(f"{' '.join(command[:4])} ... exited {done.returncode}: {last}")
        runs.append(done)
    return Run(statistics.median(r.seconds for r in runs), statistics.median(r.rss_mb for r in runs),
               statistics.median(r.largest_mb for r in runs), 0, "")
