"""Locales point their API blocks at different specs or operations.

The n-th `{% openapi %}` / `{% swagger %}` / `{% openapi-operation %}` block
of a page must show the same operation (method and path) from the same spec
in every locale. GitBook uploads a spec once per space, so the `src` of two
spaces differs even for one file: the spec is identified by the git blob id
GitBook writes in the block's link when there is one, by the content of a
local file, else by the `src` or `spec` name.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator

from checker.model import Block, FileKind, Page
from checker.rules.base import Hit
from checker.rules.crosslocale import SetContext, locales_text, odd_locales
from checker.rules.structure_drift import api_blocks

ID = "spec-ref-drift"
SEVERITY = "error"
SUMMARY = "locales point their `{% openapi %}` blocks at different specs or operations"

PASS = {
    "en/a.md": "## Sign up\n\n{% openapi src=\"/files/AAA\" path=\"/signup\" method=\"post\" %}\n"
               "[api.yml](https://x/uploads%2Fgit-blob-77b6137eeb641262ec8e531c78123c02b825b865%2Fapi.yml)\n"
               "{% endopenapi %}\n",
    "fr/a.md": "## Inscription\n\n{% openapi src=\"/files/BBB\" path=\"/signup\" method=\"post\" %}\n"
               "[api.yml](https://y/uploads%2Fgit-blob-77b6137eeb641262ec8e531c78123c02b825b865%2Fapi.yml)\n"
               "{% endopenapi %}\n",
}
FAIL = {
    "en/a.md": "## Sign up\n\n{% openapi src=\"/files/AAA\" path=\"/signup\" method=\"post\" %}\n"
               "[api.yml](https://x/uploads%2Fgit-blob-77b6137eeb641262ec8e531c78123c02b825b865%2Fapi.yml)\n"
               "{% endopenapi %}\n",
    "fr/a.md": "## Inscription\n\n{% openapi src=\"/files/BBB\" path=\"/signin\" method=\"post\" %}\n"
               "[api.yml](https://y/uploads%2Fgit-blob-0000000000000000000000000000000000000000%2Fapi.yml)\n"
               "{% endopenapi %}\n",
}

_BLOB = re.compile(r"git-blob-([0-9a-f]{40})")


def check(ctx: SetContext) -> Iterator[tuple[Page, Hit]]:
    pages = {loc: ctx.page_set.primary(loc) for loc in ctx.page_set.locales}
    blocks = {loc: api_blocks(p) for loc, p in pages.items() if p.kind is FileKind.SOURCE}
    if len(blocks) < 2:
        return
    for index in range(min(len(b) for b in blocks.values())):
        at = {loc: found[index] for loc, found in blocks.items()}
        operations = {loc: _operation(b) for loc, b in at.items()}
        for odd in odd_locales(operations, ctx):
            yield pages[odd.locale], Hit(
                at[odd.locale].line, f"this API block shows `{operations[odd.locale]}` in "
                f"{odd.locale}, `{operations[odd.against[0]]}` in {locales_text(odd.against)}",
                anchor=f"operation|{index}")
        specs = {loc: _spec_identity(b, pages[loc]) for loc, b in at.items()}
        specs = {loc: s for loc, s in specs.items() if s is not None}
        for odd in odd_locales({loc: s[0] for loc, s in specs.items()}, ctx):
            yield pages[odd.locale], Hit(
                at[odd.locale].line, f"this API block takes its spec from {specs[odd.locale][1]} in "
                f"{odd.locale}, from {specs[odd.against[0]][1]} in {locales_text(odd.against)}",
                anchor=f"spec|{index}")


def _operation(block: Block) -> str:
    attrs = {k.lower(): v for k, v in block.open.attrs.items()}
    return f"{attrs.get('method', '?').upper()} {attrs.get('path', '?')}"


def _spec_identity(block: Block, page: Page) -> tuple[str, str] | None:
    """(what identifies the spec, how to name it), or None when nothing does."""
    body = "\n".join(page.lines[block.open.end_line:(block.close.line - 1) if block.close else block.open.end_line])
    blob = _BLOB.search(body)
    if blob:
        return f"blob:{blob.group(1)}", f"git blob {blob.group(1)[:12]}"
    attrs = {k.lower(): v for k, v in block.open.attrs.items()}
    if "src" in attrs:
        src = attrs["src"]
        local = os.path.join(os.path.dirname(page.file.fs_path), src)
        if "://" not in src and not src.startswith("/files/") and os.path.isfile(local):
            with open(local, "rb") as handle:
                return f"sha:{hashlib.sha256(handle.read()).hexdigest()}", f"`{src}`"
        if src.startswith("/files/"):
            return None  # a GitBook upload id: one per space, says nothing by itself
        return f"src:{src}", f"`{src}`"
    if "spec" in attrs:
        return f"spec:{attrs['spec']}", f"the space's spec `{attrs['spec']}`"
    return None
