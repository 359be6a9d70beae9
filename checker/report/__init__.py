"""Formatters: each turns a Result into the text of one output format.

Formatters read findings and the model and decide nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from checker.report import github, html, json_report, markdown, sarif, text

FORMATTERS: dict[str, Callable[..., str]] = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "github": github.render,
    "markdown": markdown.render,
    "html": html.render,
}

# An --output with no --format takes its format from its extension.
BY_EXTENSION = {".json": "json", ".txt": "text", ".sarif": "sarif", ".md": "markdown",
                ".html": "html", ".htm": "html"}
