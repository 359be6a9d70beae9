"""A published text page, line by line: chrome, code blocks, prose, headings."""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.model import Fence, Heading, Tag
from checker.parse.rendered.assemble import Assembler, fence_of
from checker.parse.rendered.chrome import chrome_labels, mark_trailing_contents
from checker.parse.rendered.headings import headings_of
from checker.parse.rendered.labels import BLANK, CHROME, CODE, PROSE
from checker.parse.rendered.openapi import mark_generated, operation_of, widget_start


@dataclass
class Layout:
    """What a published page is made of, line by line."""

    labels: list[str]                     # one of BLANK, CHROME, CODE, PROSE per line
    fences: list[Fence] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    tags: list[Tag] | None = None         # HTML: the tags of the body's text

    def is_body_text(self, line: int) -> bool:
        return 0 < line <= len(self.labels) and self.labels[line - 1] == PROSE

    def prose(self, lines: list[str]) -> list[str]:
        return [text for text, label in zip(lines, self.labels, strict=False) if label == PROSE]


def layout(lines: list[str]) -> Layout:
    """Chrome, code blocks, prose and headings of a published text page."""
    labels = chrome_labels(lines)
    spans = Assembler(lines, labels).run()
    for span in spans:
        for index in range(span.start, span.end + 1):
            labels[index] = CODE if lines[index].strip() else BLANK
    fences = [fence_of(lines, span) for span in spans]
    mark_generated(fences)
    _label_widgets(lines, labels, fences)
    # What no pass labelled is prose (or blank): now every line has a label.
    final = [label if label is not None else PROSE if text.strip() else BLANK
             for text, label in zip(lines, labels, strict=True)]
    mark_trailing_contents(lines, final)
    headings = headings_of(lines, final)
    return Layout(labels=final, fences=fences, headings=headings)


def _label_widgets(lines: list[str], labels: list[str | None], fences: list[Fence]) -> None:
    """The text of a rendered OpenAPI widget (the spec's summary, parameter
    table and responses, in the spec's language) is the site's, not the
    page's: no heading, no prose for language identification."""
    code = {line for fence in fences for line in range(fence.line, fence.end_line + 1)}
    for fence in fences:
        start = widget_start(lines, fence.line, code) if operation_of(fence) else None
        for index in range(start - 1, fence.line - 1) if start else ():
            if labels[index] is None:
                labels[index] = CHROME
