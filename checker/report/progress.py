"""A small progress bar on stderr, for runs long enough to wonder about.

It stays invisible for the first `DELAY` seconds (most runs end before), then
redraws one line in place at most every `REDRAW` seconds, and `close()` erases
it, so what is left on the terminal is exactly what would be there without it.
It is only ever built for a terminal stderr (checker/report/terminal.py):
never stdout, never a pipe, never a CI log.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TextIO

from checker.report.terminal import wants_progress

DELAY = 2.0    # seconds before the bar appears
REDRAW = 0.1   # seconds between redraws
WIDTH = 30     # characters of the bar itself


class Progress:
    """Call with (done, total) as files are read; `close()` when the run ends."""

    def __init__(self, stream: TextIO, *, delay: float | None = None,
                 clock: Callable[[], float] = time.monotonic, label: str = "files") -> None:
        self.stream = stream
        self.delay = DELAY if delay is None else delay
        self.clock = clock
        self.label = label
        self.start = clock()
        self.last_draw: float | None = None
        self.drawn = 0  # length of the line on screen, 0 when nothing is

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if now - self.start < self.delay:
            return
        if self.last_draw is not None and now - self.last_draw < REDRAW and done < total:
            return
        self.last_draw = now
        self._draw(bar_line(done, total, self.label))

    def _draw(self, line: str) -> None:
        # Pad over a longer previous line; `\r` alone works on any terminal.
        self.stream.write("\r" + line.ljust(self.drawn))
        self.stream.flush()
        self.drawn = max(self.drawn, len(line))

    def close(self) -> None:
        """Erase the bar (if it ever showed) and leave the cursor where it started."""
        if self.drawn:
            self.stream.write("\r" + " " * self.drawn + "\r")
            self.stream.flush()
            self.drawn = 0


def bar_line(done: int, total: int, label: str = "files") -> str:
    """`[#########.....................]  120/400 files`"""
    total = max(total, 1)
    done = min(max(done, 0), total)
    filled = WIDTH * done // total
    width = len(str(total))
    return f"[{'#' * filled}{'.' * (WIDTH - filled)}] {done:>{width}}/{total} {label}"


@contextmanager
def shown(stream: TextIO, env: Mapping[str, str], *, quiet: bool = False) -> Iterator[Progress | None]:
    """A bar on `stream` when a person is watching it (terminal.wants_progress), else None;
    erased when the block ends, however it ends."""
    bar = Progress(stream) if wants_progress(stream, env, quiet=quiet) else None
    try:
        yield bar
    finally:
        if bar:
            bar.close()
