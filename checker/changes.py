"""Pull-request mode: which pages changed, and which pages that makes to check.

`check --changed-since REF` asks git (the repository that holds the first
PATH) for the files changed since REF: `git diff --name-status -M REF`
(added, modified, renamed: both names; deleted) plus the untracked files
`git ls-files --others --exclude-standard`. `--changed-files FILE|-` reads
the list from a file or stdin instead, one path a line (relative to the
current folder, or absolute).

What is checked is the page set of every changed page: the page and its
counterparts in every locale, as a full run pairs them (every page is still
read, and paired, so the reference locale and the pairing are a full run's;
checker/engine.py runs the rules only on these pages). A deleted page
matters for its counterparts (now a page missing): the pages of the same
page id in the other locales are checked. A page checked against a spec
that changed is checked too. A change to a SUMMARY.md, another layout file
(LANGS.md, .gitbook.yaml, docs.yaml) or the config changes locales or
pairing: then everything is checked, and stderr says why.

git runs as `git -C <repo> ...` with an argument list, never through a shell.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
import sys
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from checker.config import Config
from checker.discover import SPACE_FILES
from checker.errors import InputError
from checker.model import ChangedScope, Page, Request, Result, Sample
from checker.spec_sources import SpecSources

# Files whose change can move a page to another locale or another page set.
_LAYOUT_NAMES = frozenset(name.lower() for name in (*SPACE_FILES, "LANGS.md"))


@dataclass
class Changes:
    """The changed files (realpaths): those that exist, and those gone."""

    since: str | None
    present: set[str] = field(default_factory=set)
    gone: set[str] = field(default_factory=set)
    all_new: str = ""   # why every file counts as new (a repository with no commits yet)

    def layout_change(self, paths: list[str], config: Config) -> str:
        """Why this change may re-pair the tree under `paths` (then all is checked), or ""."""
        config_path = os.path.realpath(config.path) if config.path else None
        tops = [os.path.realpath(p) for p in paths]
        for path in sorted(self.present | self.gone):
            if path == config_path:
                return f"the config {config.path} changed"
            if os.path.basename(path).lower() in _LAYOUT_NAMES and any(
                    os.path.commonpath([path, top]) == top for top in tops):
                return f"{os.path.relpath(path)} changed"
        return ""


def _git(repo: str, *args: str) -> str:
    """Run `git -C repo args...` and return its stdout; any failure is an InputError."""
    try:
        done = subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True,
                              encoding="utf-8", errors="surrogateescape", check=False,
                              stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise InputError("--changed-since needs git, and there is no `git` on PATH") from None
    except OSError as error:
        raise InputError(f"--changed-since: cannot run git: {error.strerror or error}") from None
    if done.returncode != 0:
        message = (done.stderr.strip().splitlines() or ["git failed"])[-1]
        raise InputError(f"--changed-since: git {args[0]}: {message.removeprefix('fatal: ')}")
    return done.stdout


def repository(paths: list[str]) -> str:
    """The top folder of the git repository that holds the first path."""
    first = os.path.abspath(paths[0] if paths else ".")
    start = first if os.path.isdir(first) else os.path.dirname(first)
    if not os.path.isdir(start):
        raise InputError(f"no such file or directory: {paths[0]}")
    try:
        return _git(start, "rev-parse", "--show-toplevel").strip()
    except InputError as error:
        if "not a git repository" in str(error):
            raise InputError(f"--changed-since: {paths[0] if paths else '.'} is not in a git "
                             f"repository") from None
        raise


def from_git(paths: list[str], ref: str) -> Changes:
    """The files changed since `ref` in the repository of `paths`, untracked ones included."""
    top = repository(paths)
    if ref.startswith("-"):
        raise InputError(f"--changed-since: `{ref}` is not a revision")  # never an option to git
    try:
        _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    except InputError:
        if ref == "HEAD" and _no_commits(top):
            # The first commit (a pre-commit hook in a new repository): nothing
            # to compare with, every page is new.
            return Changes(ref, all_new="the repository has no commits yet")
        raise InputError(f"--changed-since: `{ref}` is not a commit of {top}") from None
    changes = Changes(ref)
    fields = _git(top, "diff", "--name-status", "-M", "-z", ref, "--").split("\0")
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i]
        names = fields[i + 1:i + (3 if status[0] in "RC" else 2)]
        i += 1 + len(names)
        if status[0] == "R":
            changes.gone.add(_real(top, names[0]))
            names = names[1:]
        target = changes.gone if status[0] == "D" else changes.present
        target.update(_real(top, name) for name in names)
    untracked = _git(top, "ls-files", "--others", "--exclude-standard", "-z").split("\0")
    changes.present.update(_real(top, name) for name in untracked if name)
    return changes


def _no_commits(top: str) -> bool:
    """True in a repository where no commit exists yet (HEAD is unborn)."""
    try:
        return not _git(top, "rev-list", "-n", "1", "--all").strip()
    except InputError:
        return False


def from_list(source: str, option: str = "--changed-files") -> Changes:
    """The files a list names (`-`: stdin), one a line; those not there count as deleted."""
    if source == "-":
        text = sys.stdin.read()
    else:
        try:
            with open(source, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or error
            raise InputError(f"{option}: cannot read {source}: {reason}") from None
    changes = Changes(None)
    for line in text.splitlines():
        name = line.strip()
        if name:
            path = _real(os.getcwd(), name)
            (changes.present if os.path.lexists(path) else changes.gone).add(path)
    return changes


def _real(base: str, name: str) -> str:
    return os.path.realpath(os.path.join(base, name))


@dataclass
class Scope:
    """The pages a change makes to check, once the tree is read and paired:
    what checker/engine.py's `only` asks for. Remembers what it chose."""

    changes: Changes
    everything: str = ""   # why every page is checked after all ("" when not)
    checked: int = 0
    skipped: int = 0
    wanted: frozenset[str] = frozenset()   # the paths of the pages checked

    @property
    def only(self) -> Scope | None:
        """What the engine's `only` takes: None when every page is checked."""
        return None if self.everything else self

    def reads_every_page(self) -> bool:
        """A changed spec: the pages that use it are known from every page's samples."""
        return _names_a_spec(self.changes.present)

    def __call__(self, result: Result, sources: SpecSources) -> Collection[str]:
        by_real = {p.file.resolved: p for p in result.pages}
        changed = [by_real[path] for path in sorted(self.changes.present) if path in by_real]
        changed += _using_specs(result.pages, sources, self.changes.present)
        wanted = {p.path for p in changed}
        gone_ids = _page_ids(self.changes.gone, result.pages)
        for page_set in result.page_sets:
            members = [p for found in page_set.pages.values() for p in found]
            if any(p.path in wanted or p.file.page_id in gone_ids for p in members):
                wanted.update(p.path for p in members)
        self.checked = len(wanted)
        self.skipped = len(result.pages) - len(wanted)
        self.wanted = frozenset(wanted)
        return wanted

    def summary(self, result: Result) -> ChangedScope:
        if self.everything:
            return ChangedScope(self.changes.since, len(result.pages), 0, self.everything)
        return ChangedScope(self.changes.since, self.checked, self.skipped)


def _page_ids(gone: Iterable[str], pages: list[Page]) -> set[str]:
    """The page ids deleted files had: their path under a locale root the tree has."""
    roots = {os.path.realpath(root) for root in {p.file.root for p in pages}}
    found = set()
    for path in gone:
        for root in roots:
            if os.path.commonpath([path, root]) == root and path != root:
                found.add(posixpath.splitext(os.path.relpath(path, root).replace(os.sep, "/"))[0])
    return found


def _using_specs(pages: list[Page], sources: SpecSources, changed: set[str]) -> list[Page]:
    """The pages with a sample checked against one of these (changed) spec files."""
    if not _names_a_spec(changed):
        return []
    found = []
    for page in pages:
        for sample in page.samples:
            if any(_spec_file(sources, sample, request) in changed for request in sample.requests):
                found.append(page)
                break
    return found


def _names_a_spec(paths: Iterable[str]) -> bool:
    return any(path.lower().endswith((".yaml", ".yml", ".json")) for path in paths)


def _spec_file(sources: SpecSources, sample: Sample, request: Request) -> str | None:
    try:
        resolved = sources.resolve(sample, request)
    except Exception:  # noqa: BLE001 - the spec rules report a spec that breaks; here it is no match
        return None
    return os.path.realpath(resolved.spec.path) if resolved else None


def scope_for(paths: list[str], config: Config, *, since: str | None,
              listed: str | None) -> Scope | None:
    """The Scope of `--changed-since` / `--changed-files` (None when neither is
    given); after a layout or config change it checks everything, and says so on stderr."""
    if since is None and listed is None:
        return None
    if since is not None and listed is not None:
        raise InputError("--changed-since and --changed-files exclude each other: give one")
    changes = from_git(paths, since) if since is not None else from_list(listed or "-")
    if changes.all_new:
        print(f"sampledrift: --changed-since {since}: {changes.all_new}, so every page is new "
              f"and checked",
              file=sys.stderr)
        return Scope(changes, everything=changes.all_new)
    why = changes.layout_change(paths, config)
    if why:
        print(f"sampledrift: {why}: it may change how pages pair, so every page is checked",
              file=sys.stderr)
    return Scope(changes, everything=why)


def shown_paths(result: Result, changes: Changes) -> frozenset[str]:
    """The changed files among those the run read, as its findings name them
    (what `--annotate-only` and the summary's order compare a finding's path with)."""
    shown = {f.path for f in result.files if f.resolved in changes.present}
    # A finding may stand in a file no page is (a spec): its path is relative to here.
    shown.update(f.path for f in result.findings if os.path.realpath(f.path) in changes.present)
    return frozenset(shown)
