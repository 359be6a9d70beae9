"""Formatters: each turns a Result into the text of one output format.

Formatters read findings and the model and decide nothing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping


class _Formatters(Mapping[str, Callable[..., str]]):
    """Format name -> render function, each a "module:function" string imported
    on first use (as languages/ does for extractors): a text run does not pay
    for Jinja2 (html, markdown) or ElementTree (junit)."""

    def __init__(self, specs: dict[str, str]) -> None:
        self._specs = specs

    def __getitem__(self, name: str) -> Callable[..., str]:
        module, _, function = self._specs[name].partition(":")
        render: Callable[..., str] = getattr(importlib.import_module(module), function)
        return render

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)


FORMATTERS: Mapping[str, Callable[..., str]] = _Formatters({
    "text": "checker.report.text:render",
    "json": "checker.report.json_report:render",
    "sarif": "checker.report.sarif:render",
    "github": "checker.report.github:render",
    "markdown": "checker.report.markdown:render",
    "html": "checker.report.html:render",
    "junit": "checker.report.junit:render",
    "gitlab": "checker.report.gitlab:render",
})

# An --output with no --format takes its format from its extension. `.xml` is
# JUnit's (`junit.xml`, the only XML format here); a GitLab report is JSON too,
# so `.json` stays the contract's JSON report and `gitlab` needs `--format`.
BY_EXTENSION = {".json": "json", ".txt": "text", ".sarif": "sarif", ".md": "markdown",
                ".html": "html", ".htm": "html", ".xml": "junit"}
