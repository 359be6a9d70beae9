"""Paths -> the documentation files to read, each with its locale and page id.

A locale is taken, in this order, from: the config's `locales`; GitBook's
layout (a folder with its own SUMMARY.md, `.gitbook.yaml` or `docs.yaml`, or
listed in a LANGS.md); a path segment that is a language tag (`fr`, `zh-cn`,
`esp`). Files with none are left for language detection (published pages).
The page id is the path under the locale's root without its extension, so
`fr/api-docs/authentication.md` and `da/api-docs/authentication.txt` are
the same page.

Left out while walking a folder (a file named on the command line is always
read, as Ruff reads one): hidden folders and `node_modules`; what the
`.gitignore` files say (pathspec, git's rules: every `.gitignore` from the
repository root down to the file, a nested one speaking for its own subtree
and over its parents'; outside a repository, those from the walked folder
down; `--no-gitignore`: none); and the config's `exclude:` globs, matched
gitignore-style against the path relative to the config's folder (and, as
before, fnmatch-style against the path as given). A folder named on the
command line is read even when a `.gitignore` above it ignores it (you asked
for it); what sits inside it is still filtered.

Symlinks: a file or folder in the tree that links outside the allowed roots
(checker/confine.py: the PATHs, the config's folder, `--allow-outside`) is
not followed; it is handed back in `outside` for the `path-outside-tree`
rule. A layout file (`.gitbook.yaml`, `LANGS.md`) that links out of its own
folder is not read either.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import yaml

from checker import locales
from checker.config import Config, repository_root
from checker.confine import Roots
from checker.errors import InputError
from checker.model import DocFile

if TYPE_CHECKING:
    import pathspec

DOC_EXTENSIONS = (".md", ".markdown", ".txt", ".html", ".htm")
SKIP_DIRS = frozenset({"node_modules", "__pycache__"})
SPACE_FILES = ("SUMMARY.md", ".gitbook.yaml", ".gitbook.yml", "docs.yaml", "docs.yml")
# Neither the text nor the target holds a bracket: each `[` is read up to
# the next bracket at most, so a line of `[` stays linear.
_LANGS_LINK = re.compile(r"\[[^\[\]]*+\]\(\s*+\.?/?([^()\[\]\s/]++)/?\s*\)")


@dataclass(frozen=True)
class _Root:
    directory: str        # the folder page ids are relative to
    locale: str | None
    source: str           # config, gitbook, path


def discover(paths: list[str], config: Config, *,
             display: tuple[str, str] | None = None, roots: Roots | None = None,
             outside: list[DocFile] | None = None) -> list[DocFile]:
    """Every documentation file under `paths`, sorted, each once.

    `display` = (folder, label) shows files under `folder` as under `label`
    (the bundled demo reads as `demo/fr/...`, not a site-packages path).
    Symlinks that lead outside `roots` (default: the paths' own folders and
    the config's) are left out, and appended to `outside` when it is given.
    """
    for given in paths:
        if not os.path.exists(given):
            raise InputError(f"no such file or directory: {given}")
    roots = roots or Roots.for_run(paths, config.path, config.allow_outside)
    found: dict[str, DocFile] = {}
    links: dict[str, DocFile] = {}
    ignore = _Ignored(config)
    for given in paths:
        base = given if os.path.isdir(given) else os.path.dirname(given)
        for path, real in _walk(given, config, roots, ignore):
            if real is None:
                links.setdefault(path, _describe(path, base, config, display))
            elif real not in found:
                found[real] = _describe(path, base, config, display, real)
    if outside is not None:
        outside.extend(sorted(links.values(), key=lambda f: f.path))
    return sorted(found.values(), key=lambda f: f.path)


def _walk(given: str, config: Config, roots: Roots, ignore: _Ignored) -> list[tuple[str, str | None]]:
    """(path, its realpath): the doc files, and (path, None) for the symlinks that lead out."""
    if os.path.isfile(given):
        return [(given, os.path.realpath(given))]  # named on the command line: read whatever its extension
    files: list[tuple[str, str | None]] = []
    ignore.named(given)
    for directory, subdirs, names in os.walk(given):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith(".") and d not in SKIP_DIRS
                            and not _left_out(os.path.join(directory, d), config, ignore, True))
        # os.walk does not descend into a linked folder; say so when it leads out.
        files += [(os.path.join(directory, d), None) for d in subdirs
                  if _links_out(os.path.join(directory, d), roots)]
        # One realpath per folder, not per file (it stats every folder of the path).
        real_directory = os.path.realpath(directory)
        for name in sorted(names):
            path = os.path.join(directory, name)
            if not name.lower().endswith(DOC_EXTENSIONS) or _left_out(path, config, ignore, False):
                continue
            if not os.path.islink(path):
                files.append((path, os.path.join(real_directory, name)))
            elif roots.allows(path):
                files.append((path, os.path.realpath(path)))
            else:
                files.append((path, None))
    return files


def _left_out(path: str, config: Config, ignore: _Ignored, is_dir: bool) -> bool:
    return _excluded(path, config, is_dir) or ignore.ignores(path, is_dir)


class _Ignored:
    """What the `.gitignore` files of a run ignore (read once per folder).

    Git's order: the deepest `.gitignore` that says anything about a path
    decides (a `!` line re-includes); a folder it ignores is not walked, so
    nothing under it is re-included, as in git."""

    def __init__(self, config: Config) -> None:
        self.enabled = config.gitignore
        self.specs: dict[str, pathspec.PathSpec | None] = {}
        self.tops: dict[str, str] = {}        # a walked PATH -> where its .gitignores start
        self.skipped: set[tuple[str, str]] = set()   # (.gitignore folder, PATH) it ignores
        self.applying: dict[str, list[tuple[str, pathspec.PathSpec]]] = {}   # see _applying

    def named(self, given: str) -> None:
        """A folder named on the command line: its .gitignores run from the repository
        root (or from itself outside one); one above it that ignores it is not applied."""
        folder = os.path.abspath(given)
        top = repository_root(folder) or folder
        self.tops[folder] = top
        for above in self._chain(folder, top)[1:]:
            if self._says(above, folder, True):
                self.skipped.add((above, folder))

    def ignores(self, path: str, is_dir: bool) -> bool:
        if not self.enabled:
            return False
        absolute = os.path.abspath(path)
        for folder, spec in self._applying(os.path.dirname(absolute)):
            said = self._said(spec, folder, absolute, is_dir)
            if said is not None:
                return said
        return False

    def _applying(self, directory: str) -> list[tuple[str, pathspec.PathSpec]]:
        """The .gitignores that speak for the files of `directory`, innermost
        first (found once per folder: most trees have none at all)."""
        if directory not in self.applying:
            inside = os.path.join(directory, "")
            given = max((g for g in self.tops if inside.startswith(os.path.join(g, ""))), key=len,
                        default=None)
            chain = self._chain(directory, self.tops[given]) if given is not None else []
            self.applying[directory] = [(folder, spec) for folder in chain
                                        if (folder, given) not in self.skipped
                                        and (spec := self._spec(folder)) is not None]
        return self.applying[directory]

    def _says(self, folder: str, absolute: str, is_dir: bool) -> bool | None:
        spec = self._spec(folder)
        return None if spec is None else self._said(spec, folder, absolute, is_dir)

    @staticmethod
    def _said(spec: pathspec.PathSpec, folder: str, absolute: str, is_dir: bool) -> bool | None:
        relative = os.path.relpath(absolute, folder).replace(os.sep, "/") + ("/" if is_dir else "")
        return spec.check_file(relative).include

    @staticmethod
    def _chain(folder: str, top: str) -> list[str]:
        """`folder` and its parents up to `top`, innermost first."""
        chain = [folder]
        while folder != top and folder.startswith(top):
            folder = os.path.dirname(folder)
            chain.append(folder)
        return chain

    def _spec(self, folder: str) -> pathspec.PathSpec | None:
        if folder not in self.specs:
            self.specs[folder] = _read_gitignore(os.path.join(folder, ".gitignore"))
        return self.specs[folder]


def _read_gitignore(path: str) -> pathspec.PathSpec | None:
    if not os.path.isfile(path) or not _stays_in_folder(path):
        return None
    import pathspec  # here, not at the top: only a tree with a .gitignore needs it

    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return pathspec.GitIgnoreSpec.from_lines(handle.read().splitlines())
    except (OSError, ValueError):
        return None  # an unreadable or broken .gitignore is git's to report, not ours


def _links_out(path: str, roots: Roots) -> bool:
    return os.path.islink(path) and not roots.allows(path)


def _stays_in_folder(path: str) -> bool:
    """A layout file that is no symlink, or one that leads within its own folder."""
    if not os.path.islink(path):
        return True
    folder = os.path.realpath(os.path.dirname(path))
    return os.path.commonpath([os.path.realpath(path), folder]) == folder


def _excluded(path: str, config: Config, is_dir: bool = False) -> bool:
    """The config's `exclude:`: gitignore-style below the config's folder, or
    fnmatch-style on the path as given (`*/drafts/*`, what it always meant)."""
    if not config.exclude:
        return False
    shown = _display(path)
    if not is_dir and any(fnmatch.fnmatch(shown, pattern) for pattern in config.exclude):
        return True
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(config.base_dir))
    if relative == ".." or relative.startswith(".." + os.sep):
        return False
    return _globs(tuple(config.exclude)).match_file(relative.replace(os.sep, "/") + ("/" if is_dir else ""))


@lru_cache(maxsize=64)
def _globs(patterns: tuple[str, ...]) -> pathspec.PathSpec:
    import pathspec  # here, not at the top: only a config's `exclude:` needs it

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def _display(path: str) -> str:
    """The path as the user gave it, with `/` separators and no `./`."""
    shown = path.replace(os.sep, "/")
    while shown.startswith("./"):
        shown = shown[2:]
    return shown


def _describe(path: str, base: str, config: Config, display: tuple[str, str] | None,
              real: str = "") -> DocFile:
    root = _root_for(path, base, config)
    relative = os.path.relpath(path, root.directory) if root.directory else path
    page_id = _display(os.path.splitext(relative)[0])
    shown = path
    if display and path.startswith(display[0]):
        shown = display[1] + path[len(display[0]):]
    return DocFile(path=_display(shown), fs_path=path, locale=root.locale,
                   locale_source=root.source, page_id=page_id, root=_display(root.directory),
                   real=real)


def _root_for(path: str, base: str, config: Config) -> _Root:
    normal = os.path.normpath(path)
    base = os.path.normpath(base) if base else ""
    configured = _configured(normal, config)
    if configured:
        space = _space_of(os.path.dirname(normal))
        prefix, config_locale = configured
        return _Root(space if space and space.startswith(prefix) else prefix, config_locale, "config")
    return _folder_root(os.path.dirname(normal), base)


@lru_cache(maxsize=4096)
def _space_of(directory: str) -> str | None:
    """The innermost GitBook space root holding `directory` (or itself)."""
    return next((d for d in _folders_from(directory) if _space_locale(d) is not None or _is_space(d)), None)


@lru_cache(maxsize=4096)
def _folder_root(directory: str, base: str) -> _Root:
    """The locale root of the files of `directory` that no config entry places
    (the same for all of them: found once per folder)."""
    space = _space_of(directory)
    if space is not None:
        locale = _space_locale(space)
        if locale:
            return _Root(space, locale, "gitbook")
    for folder in _segment_order(_folders_from(directory), base):
        locale = locales.from_path_segment(os.path.basename(folder))
        if locale:
            inner = space if space and space.startswith(folder) else folder
            return _Root(inner, locale, "path")
    return _Root(space or base, None, "none")


def _segment_order(ancestors: list[str], base: str) -> list[str]:
    """Folders to read a locale from: those under the walked folder, top first
    (`docs/fr/guides/it/x.md` is French), then the walked folder and its own
    parents, innermost first (`check fr/` names the locale; `/home/da/` less so)."""
    below = [d for d in ancestors if base in ("", ".") or d.startswith(base + os.sep)]
    above = [d for d in ancestors if d not in below]
    return list(reversed(below)) + above


def _configured(path: str, config: Config) -> tuple[str, str] | None:
    best = None
    # Compared absolute: a config found above the PATHs is written `../..`-relative.
    path = os.path.abspath(path)
    for prefix, locale in config.locales.items():
        absolute = os.path.abspath(prefix)
        covers = path == absolute or path.startswith(absolute.rstrip(os.sep) + os.sep)
        if covers and (best is None or len(prefix) > len(best[0])):
            best = (prefix, locale)
    return best


def _folders_from(directory: str) -> list[str]:
    """`directory` and its parents as written, innermost first (`a/b` -> [a/b, a])."""
    result = []
    while directory and directory not in (os.sep, "."):
        result.append(directory)
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return result


@lru_cache(maxsize=4096)
def _is_space(directory: str) -> bool:
    return any(os.path.isfile(os.path.join(directory, name)) for name in SPACE_FILES)


@lru_cache(maxsize=4096)
def _space_locale(directory: str) -> str | None:
    """The locale of a GitBook space root, or None when the folder is not one."""
    name = os.path.basename(directory)
    for config_name in SPACE_FILES[1:]:
        declared = _declared_locale(os.path.join(directory, config_name))
        if declared:
            return locales.canonical(declared) or declared.lower()
    if _is_space(directory) or name in _langs_listed(os.path.dirname(directory)):
        return locales.from_path_segment(name, layout_says_so=True)
    return None


def _declared_locale(path: str) -> str | None:
    if not os.path.isfile(path) or not _stays_in_folder(path):
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None  # a broken .gitbook.yaml is GitBook's problem to report, not ours
    if isinstance(data, dict):
        for key in ("locale", "language", "lang"):
            if isinstance(data.get(key), str):
                return data[key]
    return None


@lru_cache(maxsize=1024)
def _langs_listed(directory: str) -> frozenset[str]:
    """Folder names a LANGS.md in `directory` lists as languages."""
    path = os.path.join(directory or ".", "LANGS.md")
    if os.path.islink(path) and not _stays_in_folder(path):
        return frozenset()
    try:
        with open(path, encoding="utf-8") as handle:
            return frozenset(_LANGS_LINK.findall(handle.read()))
    except (OSError, UnicodeDecodeError):
        return frozenset()
