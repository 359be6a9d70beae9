"""Confinement: the folders a run may read files from.

Anyone who opens a docs pull request controls what the pages and specs name,
so a file that a page (`src=`), a spec (`$ref`) or a symlink in the tree
points at is read only when it resolves (realpath) under an allowed root:

- each PATH given on the command line (a folder, or a file's folder),
- the config file's folder,
- each `--allow-outside DIR` and the config's `allow_outside:` folders.

Anything else is never opened, and the message says the same thing whether
the target exists or not (OUTSIDE): the report must not become a way to probe
the runner's file system. And what is read is read only if it is a regular
file (`open_regular`): a FIFO would block the run, a device never end.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass
from stat import S_ISREG
from typing import BinaryIO

from checker.errors import InputError

OUTSIDE = "outside the checked tree, not read"
OPT_IN = "--allow-outside DIR or the config's `allow_outside:` opts in"


class OutsideTree(InputError):
    """A file named by a page, a spec or the config resolves outside the allowed roots."""


@dataclass(frozen=True)
class Roots:
    """The allowed folders, both as written (absolute) and resolved (realpath)."""

    lexical: tuple[str, ...]
    real: tuple[str, ...]

    @classmethod
    def of(cls, folders: Iterable[str]) -> Roots:
        lexical = tuple(dict.fromkeys(os.path.abspath(f) for f in folders))
        real = tuple(dict.fromkeys(os.path.realpath(f) for f in lexical))
        return cls(lexical, real)

    @classmethod
    def for_run(cls, paths: Iterable[str], config_path: str | None,
                allow_outside: Iterable[str]) -> Roots:
        """The roots of a run: the PATHs (a file's folder), the config's folder, the opt-ins."""
        folders = [p if os.path.isdir(p) else os.path.dirname(p) or "." for p in paths]
        if config_path:
            folders.append(os.path.dirname(config_path) or ".")
        return cls.of([*folders, *allow_outside])

    def plus(self, folders: Iterable[str]) -> Roots:
        return Roots.of([*self.lexical, *folders])

    def allows(self, path: str) -> bool:
        """Whether `path` may be opened: it is under a root as written (so nothing
        outside is even looked at), and still is once symlinks are resolved."""
        if "\x00" in path:
            return False   # no file is named so; the OS would refuse to look
        absolute = os.path.abspath(path)
        if not _under(absolute, self.lexical + self.real):
            return False
        return _under(os.path.realpath(absolute), self.real)


def _under(path: str, roots: tuple[str, ...]) -> bool:
    for root in roots:
        try:
            if os.path.commonpath([path, root]) == root:
                return True
        except ValueError:
            continue  # another drive (Windows)
    return False


def local_target(page_path: str, src: str) -> str | None:
    """The file a page's `src=` names, or None when it is not a local file
    (a URL, a GitBook upload id `/files/...`, a `mailto:`)."""
    src = src.strip()
    if not src or "://" in src or src.startswith(("/files/", "mailto:", "#", "data:")):
        return None
    return os.path.normpath(os.path.join(os.path.dirname(page_path), src))


def open_regular(path: str) -> BinaryIO:
    """`path` opened for reading, if it is a regular file: a FIFO or a device
    named `x.md` in a tree would block the run, or never end (OSError otherwise)."""
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not S_ISREG(os.fstat(handle).st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a FIFO, socket or device)")
        return os.fdopen(handle, "rb")
    except BaseException:
        os.close(handle)
        raise
