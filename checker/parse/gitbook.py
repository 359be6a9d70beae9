"""GitBook Markdown source -> Page: tags, blocks, fences, headings, fence problems.

Only markdown-it's block pass runs over the whole page: tags and fences are
block-level. The costly inline pass runs on the few paragraphs that hold a
`{%`, to find tags inside them while code spans stay code.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from checker import languages
from checker.model import DocFile, Fence, FileKind, Heading, Issue, Page, Tag
from checker.parse.blocks import build_blocks
from checker.parse.chrome import export_footer_start, export_header_lines
from checker.parse.frontmatter import read_front_matter
from checker.parse.gitbook_plugin import TOKEN, gitbook_tags_plugin
from checker.parse.links import links_of
from checker.parse.tags import read_tag, tags_in_plain_lines


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    # front_matter: a page's `---` block is no thematic break and setext heading.
    md = (MarkdownIt("commonmark", {"html": True}).enable("table")
          .use(front_matter_plugin).use(gitbook_tags_plugin))
    md.disable("inline")  # the core rule: inline parsing is done on demand below
    return md


def parse_source(file: DocFile, lines: list[str]) -> Page:
    page = Page(file=file, kind=FileKind.SOURCE, lines=lines)
    md = markdown()
    env: dict = {}  # markdown-it keeps the page's link reference definitions here
    tokens = md.parse("\n".join(lines), env)
    header = export_header_lines(lines)
    footer = export_footer_start(lines) or len(lines) + 1
    for index, token in enumerate(tokens):
        if token.type == TOKEN:
            page.tags.append(token.meta["tag"])
        elif token.type == "inline" and "{%" in token.content:
            page.tags.extend(_inline_tags(md, token, lines))
        elif token.type == "html_block" and "{%" in token.content and token.map:
            page.tags.extend(tags_in_plain_lines(lines[token.map[0]:token.map[1]],
                                                 token.map[0] + 1, published=False))
        elif token.type == "fence" and token.map:
            _read_fence(page, token, lines)
        elif token.type == "heading_open" and token.map:
            title = tokens[index + 1].content if index + 1 < len(tokens) else ""
            page.headings.append(Heading(int(token.tag[1]), title.strip(), token.map[0] + 1))
        elif token.type == "paragraph_open" and token.map:
            _glued_opener(page, token.map, lines)
    _drop_chrome(page, header, footer)
    page.tags.sort(key=lambda t: (t.line, t.column))
    _record_links_and_front_matter(page, md, tokens, env, (header, footer))
    page.blocks, page.structure_problems = build_blocks(page.tags)
    return page


def _record_links_and_front_matter(page: Page, md: MarkdownIt, tokens: list[Token], env: dict,
                                   body: tuple[int, int]) -> None:
    """What the page links to (outside an export's chrome), and its front matter."""
    page.front_matter = read_front_matter(page.lines)
    # The main parser reads front matter as a rule and a heading: its lines hold no links.
    start = page.front_matter.end_line if page.front_matter else 0
    page.links = [link for link in links_of(md, tokens, page.lines, page.tags, env)
                  if max(body[0], start) < link.line < body[1]]


def _drop_chrome(page: Page, header: int, footer: int) -> None:
    def inside(line: int) -> bool:
        return header < line < footer

    page.tags = [t for t in page.tags if inside(t.line)]
    page.headings = [h for h in page.headings if inside(h.line)]
    page.issues = [i for i in page.issues if inside(i.line)]
    for fence in page.fences:
        fence.chrome = not inside(fence.fence_line)


def _inline_tags(md: MarkdownIt, token: Token, lines: list[str]) -> list[Tag]:
    """Tags inside a paragraph or table cell, at their line and column in the file."""
    children: list[Token] = []
    md.inline.parse(token.content, md, {}, children)
    tags = []
    searched_from: dict[int, int] = {}
    for child in children:
        if child.type != TOKEN or not token.map:
            continue
        offset = child.meta["offset"]
        line = token.map[0] + token.content.count("\n", 0, offset) + 1
        raw = child.meta["raw"]
        source = lines[line - 1] if line <= len(lines) else ""
        column = source.find(raw, searched_from.get(line, 0)) + 1 or 1
        searched_from[line] = column
        tags.append(read_tag(raw, line, column, line, child.meta["terminated"]))
    return tags


def _read_fence(page: Page, token: Token, lines: list[str]) -> None:
    if token.map is None:
        return  # markdown-it maps every block token: never, but then nothing to read
    start, end = token.map  # 0-based: the opening fence line, and one past the last line
    marker = token.markup
    # markdown-it's map spans the closing fence when there is one: the content
    # is then two lines shorter than the map, whatever container holds it.
    closed = end - start - 1 > token.content.count("\n")
    last_code = end - 1 if closed else end  # 1-based line of the last code line
    fence = Fence(info=token.info.strip(), language=languages.normalise(token.info),
                  text=token.content, line=start + 2, end_line=max(last_code, start + 1),
                  fence_line=start + 1, closed=closed, marker=marker)
    page.fences.append(fence)
    if not closed:
        column = max(lines[start].find(marker), 0) + 1
        page.issues.append(Issue("fence-unclosed", start + 1, column,
                                 _unclosed_message(f"{marker}{fence.info}", end, lines),
                                 end_line=end))
    _glued_inside(page, fence, lines, start + 1, last_code)


def _unclosed_message(opener: str, end: int, lines: list[str]) -> str:
    rest = lines[end:]
    if not any(line.strip() for line in rest):
        return (f"the code fence `` {opener} `` opened here is never closed: the rest of the "
                f"page is read as code")
    return (f"the code fence `` {opener} `` opened here is cut off at line {end + 1} by the end "
            f"of its list item or quote, before any closing fence: indent its code under the "
            f"item, or close the fence")


_CONTAINER = re.compile(r"^\s*(?:>\s?)+")  # blockquote markers before a line's text
# Fence runs start only where a run of the character starts (the lookbehinds)
# and are taken possessively: a line of backticks is read once, not once per
# position (`\S```` ``` ``...` retried every length of the run from every start).
_RUN = r"(?:(?<!`)`{3,}+|(?<!~)~{3,}+)"
_GLUED_OPENER = re.compile(rf"^(?P<run>{_RUN})(?P<info>[^`~\s].*)$")
_GLUED_CLOSER = re.compile(rf"(?<=\S)(?P<run>{_RUN})\s*+$")


def _glued_inside(page: Page, fence: Fence, lines: list[str], first: int, last: int) -> None:
    """Fence markers inside a fence's code: a closer glued to the next opener
    (```` ``````bash ````), a new fence opening inside an unclosed one, or a
    closer glued to the end of a code line."""
    char, size = fence.marker[0], len(fence.marker)
    for number in range(first + 1, last + 1):
        text = _CONTAINER.sub("", lines[number - 1])
        stripped = text.strip()
        opener = _GLUED_OPENER.match(stripped)
        if opener and opener.group("run")[0] == char and len(opener.group("run")) >= size:
            run = opener.group("run")
            kind = "fence-glued" if len(run) >= 2 * size else "fence-inside"
            if kind == "fence-glued":
                message = (f"`{run}{opener.group('info')}` glues the closing fence of the block "
                           f"opened at line {fence.fence_line} to the next opening fence: "
                           f"put each on its own line")
            else:
                message = (f"a fence opens here inside the code block opened at line "
                           f"{fence.fence_line}, which was never closed before it")
            column = len(lines[number - 1]) - len(stripped) - (len(text) - len(text.rstrip())) + 1
            page.issues.append(Issue(kind, number, column, message))
            continue
        closer = _GLUED_CLOSER.search(text)
        if closer and closer.group("run")[0] == char and len(closer.group("run")) >= size:
            page.issues.append(Issue(
                "fence-glued", number,
                closer.start("run") + len(lines[number - 1]) - len(text) + 1,
                f"the closing `{closer.group('run')}` is glued to the code before it, so it does "
                f"not close the block opened at line {fence.fence_line}: put it on its own line"))


# Trailing space may be any Unicode space (CJK prose ends with U+3000 too).
_OPENER_AT_END = re.compile(rf"(?P<run>{_RUN})(?P<lang>[A-Za-z][\w+#.-]*+)\s*+$")


def _glued_opener(page: Page, span: list[int], lines: list[str]) -> None:
    """A fence opener glued to the end of a prose line never opens: the code that
    follows is read as prose and its closing fence opens a block instead."""
    for number in range(span[0] + 1, span[1] + 1):
        text = lines[number - 1]
        if "```" not in text and "~~~" not in text:
            continue  # the common case, decided without a regex
        match = _OPENER_AT_END.search(text)
        # Text before the run, and the run not inside a code span: the
        # backticks before it pair up (`a.yaml`：```yaml).
        if match and text[:match.start()].strip() and text.count("`", 0, match.start("run")) % 2 == 0:
            page.issues.append(Issue(
                "fence-glued", number, match.start("run") + 1,
                f"`{match.group('run')}{match.group('lang')}` is glued to the text before it, so "
                f"no code block opens here: put the fence on its own line"))
