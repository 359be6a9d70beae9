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
from typing import TYPE_CHECKING

from checker.compare import language_name, line_of_part
from checker.model import Page, Request, Sample
from checker.spec_sources import Resolved, SpecSources

if TYPE_CHECKING:  # checker.spec is imported once a spec applies (see spec_sources)
    from checker.spec import Operation


@dataclass
class Checked:
    sample: Sample
    request: Request
    resolved: Resolved

    def line(self, key: str | None = None) -> int:
        return line_of_part(self.sample, self.request, key)

    @property
    def name(self) -> str:
        return f"the {language_name(self.sample)} sample"

    @property
    def spec_name(self) -> str:
        return posixpath.basename(self.resolved.spec.path.replace("\\", "/"))

    @property
    def operation(self) -> Operation | None:
        return self.resolved.match.operation


def checked(page: Page, specs: SpecSources) -> Iterator[Checked]:
    """Every request of the page that a spec applies to."""
    for sample in page.samples:
        for request in sample.requests:
            resolved = specs.resolve(sample, request)
            if resolved is not None:
                yield Checked(sample, request, resolved)


def matched(page: Page, specs: SpecSources) -> Iterator[tuple[Checked, Operation]]:
    """Every request of the page that reaches an operation of its spec."""
    for item in checked(page, specs):
        if item.operation is not None:
            yield item, item.operation


def api_blocks(page: Page) -> Iterator[dict[str, str]]:
    """Each API block of the page that has samples under it, once."""
    seen = set()
    for sample in page.samples:
        operation = sample.operation
        if operation and operation.get("line") not in seen:
            seen.add(operation.get("line"))
            yield operation
