"""A cache of what each file yields (its page and its page rules' findings), so
a second run reads again only the files that changed.

An entry's key is a hash of everything the file's result depends on: its
bytes (as far as the page size limit reads them) and size, how it was found
(its `DocFile`: path, locale, page id, root), the rule settings and limits
the page ran with, whether its page rules ran, whether language ID is
installed, and sampledrift's own code (a hash of its sources, so a changed
checkout never reads an older entry). A changed file or setting gives
another key: an entry is never stale, only unused.

Entries are pickled, and a pickle runs code when read: an entry is signed
(HMAC-SHA256) with a key kept in the user's cache folder, never in the tree
(`.sampledrift-cache/` may sit in a pull request's tree, and whoever writes
the tree must not be able to write an entry we read). An entry whose
signature does not hold is ignored. Entries are written atomically (a
temporary file renamed over), so concurrent runs never read half of one;
after a run, the least recently used entries go once the folder is over
MAX_BYTES.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import Any

import checker
from checker.errors import InputError

DEFAULT_NAME = ".sampledrift-cache"
MAX_BYTES = 512 * 1024 * 1024
_KEY_BYTES = 32
_SIGNATURE = hashlib.sha256().digest_size


def user_folder() -> Path:
    """The user's cache folder (XDG): the signing key lives here, and the entries
    when the current folder cannot hold them."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sampledrift"


# The libraries whose versions change what a page yields (parsers, lexers, grammars).
_READERS = ("markdown-it-py", "mdit-py-plugins", "PyYAML", "Pygments", "tree-sitter", "tree-sitter-bash",
            "tree-sitter-javascript", "tree-sitter-typescript", "tree-sitter-go", "tree-sitter-java",
            "tree-sitter-php", "tree-sitter-ruby", "tree-sitter-c-sharp", "tree-sitter-powershell",
            "py3langid")


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of what the results were computed by: sampledrift's own sources,
    the Python and the versions of the libraries that read pages."""
    from importlib import metadata

    digest = hashlib.sha256(f"{checker.__version__} {sys.version}".encode())
    for name in _READERS:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    root = Path(checker.__file__).parent
    for source in sorted(root.rglob("*.py")):
        digest.update(str(source.relative_to(root)).encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def canonical(value: Any) -> Any:
    """`value` as plain data in a fixed order (sets sorted, dataclasses as
    their fields), so equal settings hash alike in every process."""
    if value is None or isinstance(value, (str, int, float)):
        return value   # first: most of what a key holds (every file's key is made each run)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, *[canonical(getattr(value, name)) for name in _fields(type(value))]]
    if isinstance(value, (set, frozenset)):
        return sorted((canonical(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, dict):
        return sorted(([canonical(k), canonical(v)] for k, v in value.items()), key=repr)
    return value


@lru_cache(maxsize=64)   # one per dataclass a key holds
def _fields(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


class Cache:
    """Signed entries in one folder, by key."""

    def __init__(self, folder: Path, secret: bytes) -> None:
        self.folder = folder
        self._secret = secret
        self.hits = 0
        self.misses = 0
        self.written = 0

    @classmethod
    def open(cls, folder: str | None) -> Cache:
        """The cache in `folder` (--cache-dir), else `.sampledrift-cache/` in the
        current folder, else in the user's cache folder when that one cannot be
        written. A given folder that cannot be made is an InputError."""
        chosen = Path(folder) if folder else Path(DEFAULT_NAME)
        try:
            secret = _secret()
            if not folder and not _ours(chosen):
                raise PermissionError(13, "not a folder of ours")
            _make(chosen)
        except OSError as error:
            if folder:
                raise InputError(f"--cache-dir {folder}: cannot use it: {error.strerror or error}") from None
            chosen = user_folder() / "entries"
            try:
                _make(chosen)
                secret = _secret()
            except OSError as again:
                raise InputError(f"cannot make a cache folder ({again.strerror or again}); "
                                 f"run with --no-cache") from None
        return cls(chosen, secret)

    def key(self, *parts: Any) -> str:
        data = repr(canonical([code_version(), *parts])).encode("utf-8", "surrogatepass")
        return hashlib.sha256(data).hexdigest()

    def get(self, key: str) -> Any | None:
        path = self._path(key)
        try:
            data = _read_regular(path)
        except OSError:
            self.misses += 1
            return None
        signature, payload = data[:_SIGNATURE], data[_SIGNATURE:]
        if not hmac.compare_digest(signature, self._sign(payload)):
            self.misses += 1
            return None   # not written by us (or cut short): never unpickled
        try:
            value = pickle.loads(payload)
            os.utime(path)   # recently used: pruned last
        except Exception:  # noqa: BLE001 - a signed entry of another Python: recomputed
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: Any) -> None:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        path = self._path(key)
        try:
            if path.parent.is_symlink():
                return   # planted: never written through
            path.parent.mkdir(exist_ok=True)
            _write_atomically(path, self._sign(payload) + payload)
            self.written += 1
        except OSError:
            pass   # a full or read-only disk costs speed, never the run

    def prune(self, max_bytes: int = MAX_BYTES) -> None:
        """Remove the least recently used entries until the folder holds under max_bytes."""
        entries = []
        for shard in _folders(self.folder):
            for entry in os.scandir(shard):
                if entry.is_file(follow_symlinks=False) and not entry.name.startswith("."):
                    stat = entry.stat()
                    entries.append((stat.st_mtime, stat.st_size, entry.path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= max_bytes:
                break
            try:
                os.unlink(path)
                total -= size
            except OSError:
                pass

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._secret, payload, hashlib.sha256).digest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key[2:]


def _ours(folder: Path) -> bool:
    """Whether the default folder (in the current folder, perhaps a pull
    request's tree) may be used: absent, or a real folder of this user's, not
    a symlink that would send our writes (and prunes) elsewhere."""
    if not os.path.lexists(folder):
        return True
    stat = os.lstat(folder)
    return S_ISDIR(stat.st_mode) and stat.st_uid == os.getuid()


def _read_regular(path: Path) -> bytes:
    """An entry's bytes, only from a regular file (a planted FIFO would block,
    a symlink would read another file): OSError otherwise."""
    handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        if not S_ISREG(os.fstat(handle).st_mode):
            raise IsADirectoryError(21, "not a regular file")
        with os.fdopen(handle, "rb", closefd=False) as stream:
            return stream.read()
    finally:
        os.close(handle)


def _make(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    markers = {"CACHEDIR.TAG": b"Signature: 8a477f597d28d172789f06886806bc55\n"   # backup tools skip it
                               b"# sampledrift's cache: safe to delete.\n",
               ".gitignore": b"# sampledrift's cache: never committed.\n*\n"}   # git does too
    for name, text in markers.items():
        if not os.path.lexists(folder / name):
            _write_atomically(folder / name, text)
    if not os.access(folder, os.W_OK):
        raise PermissionError(13, "not writable")


def _secret() -> bytes:
    """The signing key: made once per user, readable by that user only."""
    path = user_folder() / "key"
    try:
        return path.read_bytes()[:_KEY_BYTES] if path.stat().st_size >= _KEY_BYTES else _new_secret(path)
    except FileNotFoundError:
        return _new_secret(path)


def _new_secret(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    secret = os.urandom(_KEY_BYTES)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-")
    with os.fdopen(handle, "wb") as out:
        out.write(secret)
    os.chmod(temporary, 0o600)
    try:
        os.link(temporary, path)   # the first run to get here wins; the others read its key
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)
    return path.read_bytes()[:_KEY_BYTES]


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _folders(root: Path) -> Iterable[str]:
    try:
        return [entry.path for entry in os.scandir(root)
                if entry.is_dir(follow_symlinks=False) and len(entry.name) == 2]
    except OSError:
        return []
