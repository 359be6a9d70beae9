"""Which spec a sample is checked against.

In order: the local file its section's `{% openapi src=... %}` / `{% swagger
src=... %}` names (relative to the page; GitBook upload ids like
`/files/k0wV...` are not local and say nothing), else the specs given with
`--spec` or in the config, the first one whose servers the request's host
belongs to. Each file is loaded once per run. A spec named on the command
line or in the config that cannot be read is an input error (exit 2); one a
page names is reported on that page (`spec-unreadable`) and the run goes on.

Confinement (see checker/confine.py): a spec a page or the config names, and
every `$ref` of any spec, is read only under the run's allowed roots; a
`--spec` file is the user's own choice and may sit anywhere, its `$ref`s under
its own folder or the roots. Anything else is never opened: an `OutsideTree`
(the `path-outside-tree` rule reports it on the page; exit 2 for `--spec` and
the config).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeGuard
from urllib.parse import urlsplit

from checker.confine import OPT_IN, OUTSIDE, OutsideTree, Roots, local_target
from checker.errors import InputError
from checker.model import Page, Request, Sample

# checker.spec (jsonschema, referencing, ~40 ms) is imported where a spec is
# loaded, not here: a run with no spec never loads it.
if TYPE_CHECKING:
    from checker.spec import Match, Spec


def is_spec(value: Spec | InputError | None) -> TypeGuard[Spec]:
    """A spec that loaded (`page_spec` gives a Spec, its fault, or None); not
    isinstance(Spec), which would import checker.spec on runs without specs."""
    return value is not None and not isinstance(value, InputError)


def load_spec(path: str, roots: Roots) -> Spec:
    """checker.spec.load_spec, imported on the first spec read (see the note at the imports)."""
    from checker.spec import load_spec as load

    return load(path, roots)


@dataclass
class Resolved:
    spec: Spec
    match: Match


@dataclass
class SpecSources:
    given: list[Spec] = field(default_factory=list)
    roots: Roots = field(default_factory=lambda: Roots.of(["."]))
    _by_path: dict[str, Spec | InputError] = field(default_factory=dict)

    @classmethod
    def load(cls, paths: list[str], configured: list[str] | None = None,
             roots: Roots | None = None) -> SpecSources:
        """The specs of `--spec` (`paths`) and the config (`configured`): any
        fault is an InputError. Without `roots`, the current folder is the root."""
        roots = roots or Roots.of(["."])
        given = [load_spec(path, roots.plus([os.path.dirname(os.path.abspath(path)),
                                             os.path.dirname(os.path.realpath(path))]))
                 for path in paths]
        for path in configured or []:
            if not roots.allows(path):
                raise OutsideTree(f"the spec {path} named in the config is {OUTSIDE} ({OPT_IN})")
            given.append(load_spec(path, roots))
        return cls(given=given, roots=roots)

    def page_spec(self, page: Page, src: str) -> Spec | InputError | None:
        """The spec a page's API block names, if it is a local file.

        OutsideTree when it (or one of its `$ref`s) leads outside the roots; the
        message is the same whether that file exists or not."""
        path = local_target(page.file.fs_path, src)
        if path is None:
            return None
        if path not in self._by_path:
            self._by_path[path] = self._load_page_spec(path, src)
        return self._by_path[path]

    def _load_page_spec(self, path: str, src: str) -> Spec | InputError:
        if not self.roots.allows(path):
            return OutsideTree(f"`{src}` is {OUTSIDE} ({OPT_IN})")
        if not os.path.isfile(path):
            return InputError(f"the spec `{src}` named on this page is not there")
        try:
            return load_spec(path, self.roots)
        except InputError as error:
            return error

    def files_read(self) -> set[str]:
        """The realpath of every spec file read so far, `$ref`'d files included."""
        specs = self.given + [s for s in self._by_path.values() if is_spec(s)]
        if not specs:
            return set()
        from urllib.request import url2pathname  # here: ~20 ms (http.client), once a spec was read

        found = set()
        for spec in specs:
            found.add(os.path.realpath(spec.path))
            for uri in spec.registry:
                if uri.startswith("file:"):
                    found.add(os.path.realpath(url2pathname(urlsplit(uri).path)))
        return found

    def resolve(self, sample: Sample, request: Request) -> Resolved | None:
        """The spec and operation a request is checked against, or None."""
        operation = sample.operation or {}
        own = self.page_spec(sample.page, operation.get("src", ""))
        candidates = [own] if is_spec(own) else self.given
        for spec in candidates:
            match = spec.match(request.method, request.url)
            if match.reason != "other-host":
                return Resolved(spec, match)
        return None
