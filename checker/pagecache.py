"""What the cache (checker/cache.py) keeps of each file, and how a run reads it back.

Per file, under a key made of its bytes and everything else its result
depends on: its page and its page rules' findings. Per tree (the run's paths
and settings), one index entry:

- each file's stat and content digest, so a file unchanged since the last run
  is not read again to be hashed. A stat is trusted the way git trusts its
  index: device, inode, size, mtime and ctime all equal (ctime cannot be set
  back by a program), and recorded only for a file last changed well before
  it was read, so an edit within the filesystem's timestamp granularity is
  never missed;
- each page's stub (its file, kind, API tags and pairing facts), so a
  pull-request run pairs the whole tree from this one entry and loads only
  the pages it checks (`full`).

The index holds what this run read and nothing else, so it never outgrows the tree.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from checker.align import PageSet, stub_of
from checker.cache import Cache
from checker.confine import Roots, local_target, open_regular
from checker.model import DocFile, Finding, Page
from checker.parse.tags import api_sources

# A page and its page rules' findings; None for a stub, whose findings stay in the cache.
Entry = tuple[Page, list[Finding] | None]
# (device, inode, size, mtime, ctime) of a file, in nanoseconds.
Stat = tuple[int, int, int, int, int]
# Older than this before it was read, a file's stat may stand for its content (FAT keeps 2 s).
_SETTLED_NS = 3_000_000_000


@dataclass
class _Index:
    digests: dict[str, tuple[Stat, str]] = field(default_factory=dict)   # realpath -> stat, digest
    stubs: dict[str, Page] = field(default_factory=dict)                 # entry key -> stub


class PageCache:
    """One run's view of the cache: keys, the tree's index, and the entries read."""

    def __init__(self, cache: Cache, context: str, tops: list[str]) -> None:
        self.cache = cache
        self.context = context
        self._index_key = cache.key(context, "index", sorted(os.path.realpath(t) for t in tops))
        found = cache.get(self._index_key)
        self._old = found if isinstance(found, _Index) else _Index()
        self._new = _Index()
        self._keys: dict[str, str] = {}   # page path -> its entry's key
        self._named_digests: dict[str, str] = {}   # a file API blocks name -> its hash
        self._hashed: dict[str, Stat | None] = {}   # a page's realpath -> its stat when hashed

    def results(self, files: list[DocFile], compute: Callable[[list[int]], Iterator[Entry]],
                max_bytes: int, stubs: bool) -> Iterator[Entry]:
        """Each file's entry, in order: from the cache where it holds one (a stub
        when `stubs` and the file names its locale), else from `compute` (given
        the indexes of the files to compute) and kept."""
        keys = [self._key(file, max_bytes) for file in files]
        found: dict[int, Entry] = {}
        for index, (file, key) in enumerate(zip(files, keys, strict=True)):
            stub = self._old.stubs.get(key) if key and stubs and file.locale is not None else None
            if stub is not None:
                found[index] = (stub, None)
            elif key and (value := self.cache.get(key)) is not None:
                found[index] = value
        missing = [index for index in range(len(files)) if index not in found]
        computed = compute(missing)
        for index, key in enumerate(keys):
            entry = found.pop(index, None)
            if entry is None:
                entry = next(computed)
                # Kept only if the file did not change since it was hashed: its page
                # was read after that, and must be what the key says it is.
                real = files[index].resolved
                if key and self._stat(real) != self._hashed.get(real):
                    key = ""
                if key:
                    self.cache.put(key, entry)
            if key:   # what the page set's key is made of (set_key)
                self._keys[entry[0].path] = key
                self._new.stubs[key] = entry[0] if entry[1] is None else stub_of(entry[0])
            yield entry
        self._save()
        if self.cache.written:
            self.cache.prune()

    def full(self, stub: Page) -> tuple[Page, list[Finding]] | None:
        """A stub's page and findings, from its entry (None when the entry is gone)."""
        value = self.cache.get(self._keys.get(stub.path, ""))
        return value if isinstance(value, tuple) else None

    def set_key(self, page_set: PageSet, run: Any, roots: Roots | None) -> str:
        """What a page set's findings depend on: each page's entry and how it was
        paired, the bytes of the files their API blocks name (`src=`) inside
        `roots` (set rules read those), and `run` (the reference, anchor,
        locales and roots); "" when a page has no entry."""
        parts = []
        for locale in sorted(page_set.pages):
            found = page_set.pages[locale]
            keys = [self._keys.get(page.path, "") for page in found]
            if not all(keys):
                return ""
            named = [self._named(page, roots) for page in found]
            parts.append((locale, page_set.how.get(locale, ""), keys, named))
        return self.cache.key(self.context, "set", page_set.key, page_set.only_in, parts, run)

    def _named(self, page: Page, roots: Roots | None) -> list[tuple[str, str]]:
        named = []
        for src in api_sources(page.tags):
            path = local_target(page.file.fs_path, src)
            if path is None:
                continue   # a URL or an upload id: nothing the rules read
            if path not in self._named_digests:
                # Never read outside the tree: what is there is not read by the rules either.
                allowed = roots is not None and roots.allows(path)
                self._named_digests[path] = _hash_of(path) if allowed else "not read"
            named.append((src, self._named_digests[path]))
        return named

    def _key(self, file: DocFile, max_bytes: int) -> str:
        """What a file's result depends on; "" for a file that cannot be read."""
        digest = self._digest(file, max_bytes)
        return self.cache.key(self.context, digest, file) if digest else ""

    def _digest(self, file: DocFile, max_bytes: int) -> str:
        """The sha256 of the bytes a run reads of the file, with its size: from the
        index when the file's stat is the one recorded, else read and hashed."""
        real = file.resolved
        stat = self._hashed[real] = self._stat(real)
        if stat is None:
            return ""
        known = self._old.digests.get(real)
        if known is not None and known[0] == stat:
            self._new.digests[real] = known
            return known[1]
        read_at = time.time_ns()
        try:
            with open_regular(file.fs_path) as handle:
                data = handle.read(max_bytes + 1)
                after = os.fstat(handle.fileno())
        except OSError:
            return ""
        digest = f"{hashlib.sha256(data).hexdigest()} {after.st_size}"
        now = (after.st_dev, after.st_ino, after.st_size, after.st_mtime_ns, after.st_ctime_ns)
        if now == stat and max(stat[3], stat[4]) < read_at - _SETTLED_NS:
            self._new.digests[real] = (stat, digest)
        return digest

    @staticmethod
    def _stat(path: str) -> Stat | None:
        try:
            found = os.stat(path)
        except OSError:
            return None
        return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns

    def _save(self) -> None:
        # Stubs under one key are alike: comparing keys is enough.
        if self._new.digests != self._old.digests or self._new.stubs.keys() != self._old.stubs.keys():
            self.cache.put(self._index_key, self._new)


def _hash_of(path: str) -> str:
    """A hash of a regular file's bytes, or why there is none."""
    try:
        with open_regular(path) as handle:
            digest = hashlib.sha256()
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
            return digest.hexdigest()
    except OSError as error:
        return f"not read: {error.strerror or error}"
