"""What the spec rules share: each request of a page with the spec and
operation it is checked against.

Spec rules read one page at a time with the run's `SpecSources`:
`check(page, specs)`. A request whose host is not the API's ("other-host")
is left alone, and so is a page no spec applies to.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass

from checker.compare import language_name
from checker.model import Page, Request, Sample
from checker.spec_sources import Resolved, SpecSources


@dataclass
class Checked:
    sample: Sample
    request: Request
    resolved: Resolved

    def line(self, key: str | None = None) -> int:
        lines = self.request.lines
        at = (lines.get(key) if key else None) or lines.get("start") or lines.get("url")
        return self.sample.page_line(at)

    @property
    def name(self) -> str:
        return f"the {language_name(self.sample)} sample"

    @property
    def spec_name(self) -> str:
        return posixpath.basename(self.resolved.spec.path.replace("\\", "/"))


def checked(page: Page, specs: SpecSources) -> Iterator[Checked]:
    for sample in page.samples:
        for request in sample.requests:
            resolved = specs.resolve(sample, request)
            if resolved is not None:
                yield Checked(sample, request, resolved)
