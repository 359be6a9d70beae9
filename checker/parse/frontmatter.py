"""The front matter of a GitBook source page, and what keeps GitBook from reading it.

markdown-it's front_matter plugin (mdit-py-plugins) cuts the `---` block at
line 1; PyYAML reads it (its nodes give each key's line). Three shapes the
plugin does not take are recognised here because translation tools make them:
the block fenced as code (```` ```yaml ```` around the `---` lines, or inside
them), the block moved below line 1, and a block never closed.
"""

from __future__ import annotations

from functools import lru_cache

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from checker.model import FrontMatter

_MARKER = "---"
# How far below line 1 a moved block is still looked for.
_MOVED_WITHIN = 3
# Front matter is a few lines at the top: only the head of a page is parsed for it.
_HEAD_LINES = 60
# libyaml's safe loader when PyYAML was built with it (its wheels are): the same
# documents, 5-10x faster; the pure-Python one otherwise.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """Front matter and fences only: the page's own parser is left as it is, so
    no other rule sees its headings or sections change."""
    return MarkdownIt("zero").enable("fence").use(front_matter_plugin)


def read_front_matter(lines: list[str]) -> FrontMatter | None:
    opening = next((text.strip() for text in lines[:_MOVED_WITHIN + 1] if text.strip()), "")
    if opening != _MARKER and not opening.startswith(("```", "~~~")):
        return None  # most pages: no block at the top, nothing to parse
    tokens = _parser().parse("\n".join(_head(lines, opening)))
    first = next((t for t in tokens if t.map and t.level == 0), None)
    if first is not None and first.type == "front_matter" and first.map:
        return _from_block(first.content, first.map[0] + 1, first.map[1])
    if first is not None and first.type == "fence" and first.map:
        return _fenced(first, lines)
    return _displaced(lines)


def _head(lines: list[str], opening: str) -> list[str]:
    """The lines the first block can span: up to the closing `---` of a block
    that opens with one (markdown-it then has a few lines to read, not 60),
    else the first _HEAD_LINES."""
    head = lines[:_HEAD_LINES]
    if opening == _MARKER:
        first = next(i for i, text in enumerate(head) if text.strip())
        closing = next((i for i in range(first + 1, len(head)) if head[i].strip() == _MARKER), None)
        if closing is not None:
            return head[:closing + 1]
    return head


def _from_block(text: str, line: int, end_line: int) -> FrontMatter:
    matter = FrontMatter(line=line, end_line=end_line, text=text)
    content = text.split("\n")
    inner = next((s for s in content if s.strip()), "")
    if inner.lstrip().startswith(("```", "~~~")):
        matter.problem = ("the front matter's lines are fenced as code inside the `---` markers "
                          "(a translation tool's doing): GitBook reads no front matter here")
        matter.problem_line = line + 1 + content.index(inner)
        return matter
    _load(matter, text, line + 1)
    if not matter.problem and text.strip():
        _blank_lines(matter, content, line + 1)
    return matter


def _load(matter: FrontMatter, text: str, first_line: int) -> None:
    """Parse the block with PyYAML; a block that is not a mapping is a problem."""
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error).split("\n")[0]
        matter.problem = f"the front matter does not parse as YAML: {reason}"
        matter.problem_line = first_line + (mark.line if mark else 0)
        return
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        matter.problem = (f"the front matter is a YAML {type(data).__name__}, not a mapping of "
                          f"keys (`description: ...`)")
        matter.problem_line = first_line
        return
    matter.data = data
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            matter.key_lines.setdefault(str(key.value), first_line + key.start_mark.line)


def _blank_lines(matter: FrontMatter, content: list[str], first_line: int) -> None:
    """A blank line inside the block, unless it sits inside an indented value
    (a `|` block scalar's paragraphs): tools that rewrite pages stop there."""
    for index, text in enumerate(content):
        if text.strip():
            continue
        following = next((s for s in content[index + 1:] if s.strip()), None)
        if following is not None and following[:1] in (" ", "\t") and index > 0 and \
                content[index - 1].strip():
            continue
        matter.problem = (f"a blank line inside the front matter (line {first_line + index}): "
                          f"remove blank lines between the `---` markers")
        matter.problem_line = first_line + index
        return


def _fenced(token: Token, lines: list[str]) -> FrontMatter | None:
    """```` ```yaml ```` / `---` / `description: ...` / `---` / ```` ``` ```` at the top."""
    content = token.content.split("\n")
    if not content or content[0].strip() != _MARKER:
        return None
    closing = next((i for i in range(1, len(content)) if content[i].strip() == _MARKER), None)
    if closing is None or not token.map:
        return None
    line = token.map[0] + 1
    matter = FrontMatter(line=line, end_line=token.map[1], text="\n".join(content[1:closing]))
    _load(matter, matter.text, line + 2)
    if matter.problem:
        return None  # not front matter at all, just code that starts with `---`
    matter.data = None
    matter.problem = ("the front matter is fenced as a code block (a translation tool's doing): "
                      "GitBook shows it as code; remove the fence lines")
    matter.problem_line = line
    return matter


def _displaced(lines: list[str]) -> FrontMatter | None:
    """A `---` block that reads as front matter, but below line 1 (blank lines
    above it) or never closed: GitBook shows a rule and the keys as text."""
    start = next((i for i, text in enumerate(lines[:_MOVED_WITHIN + 1]) if text.strip()), None)
    if start is None or lines[start].strip() != _MARKER:
        return None
    closing = next((i for i in range(start + 1, min(len(lines), start + 40))
                    if lines[i].strip() == _MARKER), None)
    end = closing if closing is not None else next(
        (i for i in range(start + 1, len(lines)) if not lines[i].strip()), len(lines))
    body = lines[start + 1:end]
    if not body or not body[0].strip():
        return None
    matter = FrontMatter(line=start + 1, end_line=end + 1, text="\n".join(body))
    _load(matter, matter.text, start + 2)
    if matter.problem or not matter.data or not all(isinstance(k, str) for k in matter.data):
        return None  # a thematic break followed by prose
    if start > 0:
        matter.problem = (f"the front matter starts at line {start + 1}, below blank lines: "
                          f"GitBook reads front matter only at line 1")
        matter.problem_line = start + 1
    elif closing is None:
        matter.problem = "the front matter is never closed: no `---` line ends it"
        matter.problem_line = start + 1
    else:
        return None
    return matter
