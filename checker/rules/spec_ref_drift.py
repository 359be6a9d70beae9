"""Locales point their API blocks at different specs or operations.

An `{% openapi %}` / `{% swagger %}` / `{% openapi-operation %}` block must
show the same operation (method and path) from the same spec in every locale
as at the same place of the reference page (blocks are aligned by operation;
a block missing or extra is `structure-drift`). GitBook uploads a spec once per space, so the `src` of two
spaces differs even for one file: the spec is identified by the git blob id
GitBook writes in the block's link when there is one, by the content of a
local file, else by the `src` or `spec` name.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator

from checker.confine import Roots
from checker.model import Block, FileKind, Page, Related
from checker.rules.base import Hit
from checker.rules.crosslocale import SetContext, api_blocks
from checker.sequences import opcodes

ID = "spec-ref-drift"
SEVERITY = "error"
SUMMARY = "locales point their `{% openapi %}` blocks at different specs or operations"
KIND = "set"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset({"path-outside-tree", "structure-drift"})

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
    blocks = {loc: api_blocks(p)
              for loc, p in pages.items() if p.kind is FileKind.SOURCE}
    base = ctx.reference if ctx.reference in blocks else ctx.anchor
    if len(blocks) < 2 or base not in blocks:
        return
    for locale, mine in sorted(blocks.items()):
        if locale == base:
            continue
        theirs = blocks[base]
        for a, b in _aligned(theirs, mine):
            yield from _compare(pages, base, locale, theirs[a], mine[b], ctx.roots)


def _aligned(theirs: list[Block], mine: list[Block]) -> Iterator[tuple[int, int]]:
    """Blocks at the same place: same operation, or replaced one for one (a
    missing or extra block is structure-drift's)."""
    for tag, a1, a2, b1, b2 in opcodes([_operation(b) for b in theirs], [_operation(b) for b in mine]):
        if tag == "equal" or (tag == "replace" and a2 - a1 == b2 - b1):
            yield from ((a1 + i, b1 + i) for i in range(a2 - a1))


def _compare(pages: dict[str, Page], base: str, locale: str, theirs: Block,
             mine: Block, roots: Roots | None) -> Iterator[tuple[Page, Hit]]:
    page = pages[locale]
    related = [Related(pages[base].path, theirs.line, base)]
    if _operation(mine) != _operation(theirs):
        yield page, Hit(mine.line, f"this API block shows `{_operation(mine)}` in {locale}, "
                        f"`{_operation(theirs)}` in {base}", related=related,
                        fingerprint_key=f"operation|{_operation(theirs)}")
        return
    spec_mine = _spec_identity(mine, page, roots)
    spec_theirs = _spec_identity(theirs, pages[base], roots)
    # Only references of one kind compare: a local file and a space's named
    # spec may well be the same document.
    if spec_mine and spec_theirs and spec_mine[0].split(":")[0] == spec_theirs[0].split(":")[0] \
            and spec_mine[0] != spec_theirs[0]:
        yield page, Hit(mine.line, f"this API block takes its spec from {spec_mine[1]} in {locale}, "
                        f"from {spec_theirs[1]} in {base}", related=related,
                        fingerprint_key=f"spec|{_operation(theirs)}")


def _operation(block: Block) -> str:
    attrs = {k.lower(): v for k, v in block.open.attrs.items()}
    return f"{attrs.get('method', '?').upper()} {attrs.get('path', '?')}"


def _spec_identity(block: Block, page: Page, roots: Roots | None) -> tuple[str, str] | None:
    """(what identifies the spec, how to name it), or None when nothing does."""
    end = (block.close.line - 1) if block.close else block.open.end_line
    body = "\n".join(page.lines[block.open.end_line:end])
    blob = _BLOB.search(body)
    if blob:
        return f"blob:{blob.group(1)}", f"git blob {blob.group(1)[:12]}"
    attrs = {k.lower(): v for k, v in block.open.attrs.items()}
    if "src" in attrs:
        src = attrs["src"]
        local = os.path.join(os.path.dirname(page.file.fs_path), src)
        # Hashed only inside the checked tree (path-outside-tree reports the rest).
        if "://" not in src and not src.startswith("/files/") and roots is not None \
                and roots.allows(local) and os.path.isfile(local):
            with open(local, "rb") as handle:
                return f"sha:{hashlib.sha256(handle.read()).hexdigest()}", f"`{src}`"
        if src.startswith("/files/"):
            return None  # a GitBook upload id: one per space, says nothing by itself
        return f"src:{src}", f"`{src}`"
    if "spec" in attrs:
        return f"spec:{attrs['spec']}", f"the space's spec `{attrs['spec']}`"
    return None
