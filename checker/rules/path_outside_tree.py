"""A file a page, a spec or a symlink names lies outside the checked tree.

sampledrift runs on pull requests, whose author controls what the pages say.
So a file the tool would open because a document names it, a page's `src=`
(`{% openapi %}`, `{% swagger %}`, `{% file %}`, `{% include %}`), a spec's
`$ref`, or a symlink met while walking the tree, is read only when it
resolves (symlinks followed) under the checked PATHs, the config file's
folder, or a folder given with `--allow-outside DIR` (config:
`allow_outside: [dir]`, relative to the config file). Anything else is never
opened, and the finding reads the same whether the target exists or not: a
report is no way to look around the machine it runs on.

Keep specs and assets inside the docs tree, or opt in for a folder kept
elsewhere on purpose: `sampledrift check docs --allow-outside specs`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from checker.confine import OPT_IN, OUTSIDE, OutsideTree, local_target
from checker.model import DocFile, Page, Tag
from checker.parse.tags import canonical_name
from checker.rules.base import Hit
from checker.spec_sources import SpecSources

ID = "path-outside-tree"
SEVERITY = "warning"
SUMMARY = "a `src=`, `$ref` or symlink that leads outside the checked tree (never read)"
KIND = "spec"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

SPEC = None
PASS = ('## Ping\n\n{% openapi src="https://example.com/api.yml" path="/ping" method="get" %}\n'
        '{% endopenapi %}\n\n{% file src="https://example.com/guide.pdf" %}\n')
FAIL = ('## Ping\n\n{% openapi src="../../outside/api.yml" path="/ping" method="get" %}\n'
        '{% endopenapi %}\n\n{% file src="/etc/hostname" %}\n')

_SPEC_TAGS = ("openapi", "swagger")


def check(page: Page, specs: SpecSources) -> Iterator[Hit]:
    for tag in page.tags:
        src = _src(tag)
        if src is None or local_target(page.file.fs_path, src) is None:
            continue
        name = canonical_name(tag.name) or tag.name.lower()
        if name in _SPEC_TAGS:
            spec = specs.page_spec(page, src)  # also what the spec's $refs reach
            if isinstance(spec, OutsideTree):
                yield Hit(tag.line, f"`{{% {name} %}}`: {spec}", tag.column, fingerprint_key=src)
        elif not specs.roots.allows(local_target(page.file.fs_path, src) or ""):
            yield Hit(tag.line, f"`{{% {name} %}}`: `{src}` is {OUTSIDE} ({OPT_IN})",
                      tag.column, fingerprint_key=src)


def _src(tag: Tag) -> str | None:
    attrs = {key.lower(): value for key, value in tag.attrs.items()}
    if "src" in attrs:
        return attrs["src"]
    if tag.name.lower() == "include" and tag.args:
        return tag.args[0]
    return None


def check_link(file: DocFile) -> Iterator[Hit]:
    """A symlink in the tree that leads outside it: not followed, so not read."""
    yield Hit(1, f"`{os.path.basename(file.path.rstrip('/'))}` is a symlink that leads "
              f"{OUTSIDE}: not followed ({OPT_IN})", fingerprint_key="symlink")
