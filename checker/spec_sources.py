"""Which spec a sample is checked against.

In order: the local file its section's `{% openapi src=... %}` / `{% swagger
src=... %}` names (relative to the page; GitBook upload ids like
`/files/k0wV...` are not local and say nothing), else the specs given with
`--spec` or in the config, the first one whose servers the request's host
belongs to. Each file is loaded once per run. A spec named on the command
line or in the config that cannot be read is an input error (exit 2); one a
page names is reported on that page (`spec-unreadable`) and the run goes on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from checker.errors import InputError
from checker.model import Page, Request, Sample
from checker.spec import Match, Spec, load_spec


@dataclass
class Resolved:
    spec: Spec
    match: Match


@dataclass
class SpecSources:
    given: list[Spec] = field(default_factory=list)
    _by_path: dict[str, Spec | InputError] = field(default_factory=dict)

    @classmethod
    def load(cls, paths: list[str]) -> SpecSources:
        """The specs of `--spec` and the config: any fault is an InputError."""
        return cls(given=[load_spec(path) for path in paths])

    def page_spec(self, page: Page, src: str) -> Spec | InputError | None:
        """The spec a page's API block names, if it is a local file."""
        if not src or "://" in src or src.startswith("/files/"):
            return None
        path = os.path.normpath(os.path.join(os.path.dirname(page.file.fs_path), src))
        if path not in self._by_path:
            if not os.path.isfile(path):
                self._by_path[path] = InputError(f"the spec `{src}` named on this page is not there")
            else:
                try:
                    self._by_path[path] = load_spec(path)
                except InputError as error:
                    self._by_path[path] = error
        return self._by_path[path]

    def resolve(self, sample: Sample, request: Request) -> Resolved | None:
        """The spec and operation a request is checked against, or None."""
        operation = sample.operation or {}
        own = self.page_spec(sample.page, operation.get("src", ""))
        candidates = [own] if isinstance(own, Spec) else self.given
        for spec in candidates:
            match = spec.match(request.method, request.url)
            if match.reason != "other-host":
                return Resolved(spec, match)
        return None