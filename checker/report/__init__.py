"""Formatters: each turns a Result into the text of one output format.

Formatters read findings and the model and decide nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from checker.report import github, gitlab, html, json_report, junit, markdown, sarif, text

FORMATTERS: dict[str, Callable[..., str]] = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "github": github.render,
    "markdown": markdown.render,
    "html": html.render,
    "junit": junit.render,
    "gitlab": gitlab.render,
}

# An --output with no --format takes its format from its extension. `.xml` is
# JUnit's (`junit.xml`, the only XML format here); a GitLab report is JSON too,
# so `.json` stays the contract's JSON report and `gitlab` needs `--format`.
BY_EXTENSION = {".json": "json", ".txt": "text", ".sarif": "sarif", ".md": "markdown",
                ".html": "html", ".htm": "html", ".xml": "junit"}
