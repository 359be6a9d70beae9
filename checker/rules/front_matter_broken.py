"""The front matter of a page does not read as a YAML mapping at line 1.

GitBook reads a page's `description`, `layout`, `hidden` and the rest from the
`---` block at its first line. Translation tools break that block in a few
ways, and then GitBook shows the keys as text (or as code) and loses the
page's settings: the block fenced as code (```` ```yaml ```` around the `---`
lines, or inside them), blank lines put inside it, the block moved below
line 1, a block never closed, or a value that no longer parses as YAML (a
translated `description: Guía: cómo empezar`, whose second colon YAML reads
as a nested mapping). Reported at the line where the block breaks.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.model import FileKind, Page
from checker.rules.base import Hit

ID = "front-matter-broken"
SEVERITY = "error"
SUMMARY = "the front matter does not parse as a YAML mapping at line 1 (fenced, blank lines, moved)"
KIND = "page"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

PASS = ("---\ndescription: >-\n  Cómo empezar: instala la CLI\nlayout:\n  title:\n    visible: true\n"
        "---\n\n# Inicio\n")
FAIL = "```yaml\n---\ndescription: Cómo empezar\n---\n```\n\n# Inicio\n"


def check(page: Page) -> Iterator[Hit]:
    matter = page.front_matter
    if page.kind is not FileKind.SOURCE or matter is None or not matter.problem:
        return
    yield Hit(matter.problem_line or matter.line, matter.problem,
              fingerprint_key=f"front-matter|{matter.problem.split(':')[0]}")
