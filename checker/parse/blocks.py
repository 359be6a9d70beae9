"""Tags in document order -> the block tree they form, and what does not fit.

A stack machine over the tags. It is forgiving on purpose, so that one
mistake yields one problem and not a cascade: a tag whose only fault is its
case (`{% Tabs%}`) still takes part as the tag it means; an end tag that
crosses an open block closes its own block and leaves the other open; a tag
that may be single or paired (`embed`, `file`) closes itself when its block
ends around it.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.model import Block, StructureProblem, Tag
from checker.parse.tags import KNOWN, PAIRED, SINGLE, canonical_name, end_target


def walk_blocks(blocks: list[Block]) -> Iterator[Block]:
    """Every block of the tree, pre-order (document order), without recursion:
    a page may nest tags deeper than Python's stack."""
    stack = list(reversed(blocks))
    while stack:
        block = stack.pop()
        yield block
        stack.extend(reversed(block.children))


def _show(tag: Tag) -> str:
    return f"`{tag.raw.strip()}` (line {tag.line})"


class _Builder:
    def __init__(self) -> None:
        self.roots: list[Block] = []
        self.stack: list[Block] = []
        self.problems: list[StructureProblem] = []

    def _enclosing(self) -> Block | None:
        """The innermost open block that must be closed (skipping `embed`-like ones)."""
        for block in reversed(self.stack):
            if KNOWN[block.name].form == PAIRED:
                return block
        return None

    def open(self, name: str, tag: Tag) -> None:
        spec = KNOWN[name]
        parent = self.stack[-1] if self.stack else None
        if spec.parents:
            holder = self._enclosing()
            if holder is None or holder.name not in spec.parents:
                where = f"inside `{{% {holder.name} %}}` (line {holder.line})" if holder else "at top level"
                wanted = " or ".join(f"`{{% {p} %}}`" for p in spec.parents)
                self.problems.append(StructureProblem(
                    "outside-parent", tag, f"`{{% {name} %}}` must sit directly inside {wanted}, "
                    f"but stands {where}", holder.open if holder else None))
        block = Block(name=name, open=tag, parent=parent)
        (parent.children if parent else self.roots).append(block)
        if spec.form != SINGLE:
            self.stack.append(block)

    def close(self, target: str, tag: Tag) -> None:
        index = next((i for i in range(len(self.stack) - 1, -1, -1)
                      if self.stack[i].name == target), None)
        if index is None:
            self.problems.append(StructureProblem(
                "orphan-end", tag, f"{_show(tag)} closes no open `{{% {target} %}}`"))
            return
        block = self.stack[index]
        above = self.stack[index + 1:]
        crossed = [b for b in above if KNOWN[b.name].form == PAIRED]
        if crossed:
            inner = crossed[-1]
            self.problems.append(StructureProblem(
                "crossed", tag,
                f"{_show(tag)} closes `{{% {target} %}}` (line {block.line}) while "
                f"{_show(inner.open)} opened inside it is still open", inner.open))
        block.close = tag
        # Blocks that may be single and were never closed end with their parent.
        self.stack = self.stack[:index] + crossed

    def finish(self) -> None:
        for block in self.stack:
            if KNOWN[block.name].form == PAIRED:
                self.problems.append(StructureProblem(
                    "unclosed", block.open,
                    f"{_show(block.open)} is never closed: `{{% end{block.name} %}}` is missing"))
        self.stack = []


def build_blocks(tags: list[Tag]) -> tuple[list[Block], list[StructureProblem]]:
    """The block tree of a page's tags, and the structure problems met on the way."""
    builder = _Builder()
    for tag in tags:
        name = canonical_name(tag.name)
        if name is None:
            continue  # unknown tags are the tag-unknown rule's; they build nothing
        target = end_target(name)
        if target:
            builder.close(target, tag)
        elif name.startswith("end") and name not in KNOWN:
            continue
        else:
            builder.open(name, tag)
    builder.finish()
    return builder.roots, builder.problems
