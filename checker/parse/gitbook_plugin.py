"""A markdown-it-py plugin that reads GitBook's `{% ... %}` tags.

A block rule takes tags that start a line (GitBook's usual form, one or more
per line, a tag may run over a few lines); an inline rule takes tags inside a
paragraph or a table cell. Both come from markdown-it's own rule chain, so a
tag inside a fenced block, an indented code block or a code span is code and
never a tag. Each tag becomes a `gitbook_tag` token whose `meta["tag"]` is a
`checker.model.Tag` with its exact line and column.

`{% raw %}` ... `{% endraw %}` is taken whole: tags inside it are text.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

from checker.model import Tag
from checker.parse.tags import read_tag

TOKEN = "gitbook_tag"
# How many lines one tag may span before we call it unterminated.
MAX_TAG_LINES = 4
_RAW_END = re.compile(r"\{%-?\s*endraw\s*-?%\}")


def gitbook_tags_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("fence", "gitbook_tag", _block_rule,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.inline.ruler.before("text", "gitbook_tag", _inline_rule)


def _line_text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]]


def _starts_tag(state: StateBlock, line: int) -> bool:
    return _line_text(state, line).startswith("{%")


def _find_tag_end(state: StateBlock, line: int, pos: int, end_line: int) -> tuple[int, int] | None:
    """(line, offset after `%}`) for the tag starting at `pos`, or None if unterminated."""
    current, start = line, pos + 2
    while True:
        close = state.src.find("%}", start, state.eMarks[current])
        if close >= 0:
            return current, close + 2
        nxt = current + 1
        if (nxt >= end_line or nxt - line >= MAX_TAG_LINES or state.isEmpty(nxt)
                or _starts_tag(state, nxt)):
            return None
        current, start = nxt, state.bMarks[nxt] + state.tShift[nxt]


def _column(src: str, pos: int) -> int:
    """1-based column of `pos` in the source (inside a blockquote too, where
    markdown-it's line marks start after the `>`)."""
    return pos - (src.rfind("\n", 0, pos) + 1) + 1


def _next_tag_on_line(state: StateBlock, line: int, pos: int) -> int:
    """Offset of the next `{%` on the line that is not inside a code span, or -1."""
    text = state.src[pos:state.eMarks[line]]
    in_code = False
    i = 0
    while i < len(text):
        if text[i] == "`":
            run = len(text[i:]) - len(text[i:].lstrip("`"))
            in_code = not in_code
            i += run
            continue
        if not in_code and text.startswith("{%", i):
            return pos + i
        i += 1
    return -1


def _block_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False  # an indented code block
    pos = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith("{%", pos):
        return False
    if silent:
        return True

    line = start_line
    last_line = start_line
    while pos >= 0:
        found = _find_tag_end(state, line, pos, end_line)
        if found:
            tag_end_line, tag_end = found
            raw = state.src[pos:tag_end]
        else:
            tag_end_line, tag_end = line, state.eMarks[line]
            raw = state.src[pos:tag_end]
        tag = read_tag(raw, line + 1, _column(state.src, pos), tag_end_line + 1, found is not None)
        _push_tag(state, tag, line, tag_end_line)
        last_line = max(last_line, tag_end_line)
        if tag.name.lower() == "raw" and tag.terminated:
            raw_end = _skip_raw(state, tag_end_line, tag_end, end_line)
            if raw_end is not None:
                last_line, line, pos = raw_end
                continue
        line = tag_end_line
        pos = _next_tag_on_line(state, line, tag_end)
    state.line = last_line + 1
    return True


def _skip_raw(state: StateBlock, line: int, pos: int, end_line: int) -> tuple[int, int, int] | None:
    """After `{% raw %}`: (last line, line, pos of the `{% endraw %}`), its text being literal."""
    current, start = line, pos
    while current < end_line:
        match = _RAW_END.search(state.src, start, state.eMarks[current])
        if match:
            return current, current, match.start()
        current += 1
        if current < end_line:
            start = state.bMarks[current]
    return None


def _push_tag(state: StateBlock, tag: Tag, line: int, end: int) -> None:
    token = state.push(TOKEN, "", 0)
    token.map = [line, end + 1]
    token.meta = {"tag": tag}
    token.block = True


def _inline_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("{%", state.pos):
        return False
    newline = state.src.find("\n", state.pos)
    limit = state.posMax if newline < 0 else min(newline, state.posMax)
    close = state.src.find("%}", state.pos + 2, limit)
    end = close + 2 if close >= 0 else limit
    if not silent:
        token = state.push(TOKEN, "", 0)
        token.meta = {"raw": state.src[state.pos:end], "offset": state.pos,
                      "terminated": close >= 0}
    state.pos = end
    return True
