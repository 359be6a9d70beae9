"""What the repository's history says about each checked page: when it last
changed, and what a file looked like at a given commit.

Read with the `git` command (an argument list, never a shell): one
`git log --name-only` walk for the whole run, one `git status` for what is
not committed yet, and one `git cat-file --batch` process for every old
version asked for. A library (dulwich, pygit2) would add a dependency to do
what the command already does fast: a walk of 5,000 commits is one process
and well under a second, where reading history per file would be a process
per page.

History is what it is: no git, no repository, a shallow clone (the Action's
default) or untracked files give less of it, never an error. `available`
says what there was, once, for the run's summary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field

# A run never waits on git for longer than this (a huge or broken repository).
GIT_TIMEOUT = 120

# What `git log` prints before each commit's files (a byte no path holds).
_COMMIT = "\x1e"


@dataclass(frozen=True)
class Commit:
    sha: str
    rank: int          # its place in the walk, 0 the newest: children before parents
    date: str          # committer date, YYYY-MM-DD

    def after(self, other: Commit) -> bool:
        """Whether this change came after `other` (commits of one second are ordered too)."""
        return self.rank < other.rank

    @property
    def short(self) -> str:
        return self.sha[:7]


# What stands for a change not committed yet: newer than any commit.
WORKING_TREE = Commit("", -1, "uncommitted")


@dataclass
class History:
    """Per file (a path relative to the repository's top), the commits that
    touched it, newest first; files changed in the work tree start with
    WORKING_TREE."""

    top: str
    shallow: bool = False
    by_file: dict[str, list[Commit]] = field(default_factory=dict)
    commits: int = 0
    untracked: frozenset[str] = frozenset()
    _blobs: dict[tuple[str, str], str | None] = field(default_factory=dict)
    _paths: dict[str, str | None] = field(default_factory=dict)

    def relative(self, fs_path: str) -> str | None:
        """A checked file's path in the repository, or None when it is not in it."""
        # Kept: realpath stats every folder of the path, and a page is asked for several times.
        if fs_path not in self._paths:
            path = os.path.relpath(os.path.realpath(fs_path), self.top)
            self._paths[fs_path] = None if path.startswith("..") else path.replace(os.sep, "/")
        return self._paths[fs_path]

    def changes(self, fs_path: str) -> list[Commit]:
        """The commits that touched a file, newest first ([] when history cannot tell)."""
        path = self.relative(fs_path)
        return self.by_file.get(path, []) if path else []

    def last_change(self, fs_path: str) -> Commit | None:
        found = self.changes(fs_path)
        return found[0] if found else None

    def text_at(self, commit: Commit, fs_path: str) -> str | None:
        """The file as it was at `commit`, or None where it did not exist then."""
        path = self.relative(fs_path)
        if path is None or commit is WORKING_TREE:
            return None
        key = (commit.sha, path)
        if key not in self._blobs:
            self._blobs.update(_read_blobs(self.top, [key]))
        return self._blobs[key]

    def prefetch(self, wanted: Iterable[tuple[Commit, str]]) -> None:
        """Read every (commit, file) `text_at` will be asked for in one git
        process, not one per old version (800 `git show` were 4 s on a tree of
        10,000 pages; one `git cat-file --batch` reads them in a tenth of that)."""
        keys = {(commit.sha, path) for commit, fs_path in wanted
                if commit is not WORKING_TREE and commit.sha
                and (path := self.relative(fs_path)) is not None}
        self._blobs.update(_read_blobs(self.top, sorted(keys - self._blobs.keys())))

    def describe(self) -> str:
        """What history there was, for the summary: said once."""
        kind = "shallow clone: only part of the" if self.shallow else "the"
        commits = f"{self.commits} commit{'' if self.commits == 1 else 's'}"
        return f"{kind} git history ({commits}) tells which translations fell behind"


def read(paths: list[str]) -> tuple[History | None, str]:
    """The history of the repository holding `paths`, and why there is none."""
    if shutil.which("git") is None:
        return None, "no history: git is not installed"
    start = next((p if os.path.isdir(p) else os.path.dirname(p) or "." for p in paths), ".")
    top = _git(start, "rev-parse", "--show-toplevel")
    if top is None:
        return None, "no history: the checked paths are not in a git repository"
    top = os.path.realpath(top.strip())
    shallow = (_git(top, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    history = History(top, shallow=shallow)
    scope = [os.path.relpath(os.path.realpath(p), top) for p in paths]
    if any(s.startswith("..") for s in scope):
        scope = ["."]
    log = _git(top, "log", "--no-merges", "--topo-order", "--format=" + _COMMIT + "%H %cs", "--name-only",
               "--no-renames", "-z", "--", *scope)
    if log is None:
        return None, "no history: git log failed (a repository with no commit yet?)"
    _parse_log(history, log)
    _add_work_tree(history, scope)
    return history, history.describe()


def _parse_log(history: History, log: str) -> None:
    """`\x1eSHA DATE\0\nfile\0file\0` per commit, newest first."""
    for rank, entry in enumerate(log.split(_COMMIT)[1:]):
        head, _, files = entry.partition("\0")
        sha, _, date = head.partition(" ")
        commit = Commit(sha, rank, date)
        history.commits += 1
        for name in files.split("\0"):
            name = name.strip("\n")
            if name:
                history.by_file.setdefault(name, []).append(commit)


def _add_work_tree(history: History, scope: list[str]) -> None:
    """Files changed but not committed are newer than every commit; untracked
    ones have no history at all (a page in progress)."""
    status = _git(history.top, "status", "--porcelain", "-z", "--untracked-files=all", "--", *scope) or ""
    untracked = set()
    for record in status.split("\0"):
        if len(record) < 4:
            continue
        code, name = record[:2], record[3:]
        if code == "??":
            untracked.add(name)
        else:
            history.by_file.setdefault(name, []).insert(0, WORKING_TREE)
    history.untracked = frozenset(untracked)


def _git(cwd: str, *args: str) -> str | None:
    out = _git_bytes(cwd, None, *args)
    return None if out is None else out.decode("utf-8", "replace")


def _git_bytes(cwd: str, feed: bytes | None, *args: str) -> bytes | None:
    """What git prints (fed `feed` on its input), or None when it fails."""
    try:
        run = subprocess.run(["git", "-C", cwd, *args], capture_output=True, timeout=GIT_TIMEOUT,
                             input=feed, stdin=None if feed is not None else subprocess.DEVNULL,
                             env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.SubprocessError):
        return None
    return run.stdout if run.returncode == 0 else None


def _read_blobs(top: str, keys: list[tuple[str, str]]) -> dict[tuple[str, str], str | None]:
    """Each (commit, path)'s text, None where the path was no file then: one
    `git cat-file --batch`, fed every `SHA:PATH` line at once, read in order."""
    found: dict[tuple[str, str], str | None] = {key: None for key in keys}
    # A path holding a newline cannot be a batch line: `git show` reads it alone.
    for sha, path in (key for key in keys if "\n" in key[1] or "\r" in key[1]):
        found[(sha, path)] = _git(top, "show", f"{sha}:{path}")
    batch = [key for key in keys if "\n" not in key[1] and "\r" not in key[1]]
    if not batch:
        return found
    lines = "".join(f"{sha}:{path}\n" for sha, path in batch).encode("utf-8", "surrogateescape")
    out = _git_bytes(top, lines, "cat-file", "--batch")
    if out is None:
        return found
    at = 0
    for key in batch:
        end = out.find(b"\n", at)
        if end < 0:
            break   # git stopped short: what is left stays unknown (None)
        header = out[at:end].split(b" ")
        at = end + 1
        if len(header) != 3 or not header[2].isdigit():
            continue   # `SHA:PATH missing` (not there then) or `ambiguous`
        size = int(header[2])
        if header[1] == b"blob":
            found[key] = out[at:at + size].decode("utf-8", "replace")
        at += size + 1   # the content, then the newline after it
    return found
