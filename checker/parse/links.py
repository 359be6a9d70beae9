"""What a GitBook source page links to: Markdown links and images (inline,
reference and autolinks, read from markdown-it's inline tokens), HTML `<img>`
and `<a>` (read with the standard library's HTML parser), and the URL of the
`{% embed %}`, `{% content-ref %}` and `{% file %}` tags.

Only paragraphs, headings and table cells that hold a `[` or a `<` are parsed
inline: the others cannot hold a link.
"""

from __future__ import annotations

from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.token import Token

from checker.model import Link, Tag

# markdown-it's link rule looks for the `]` of every `[` it meets: a paragraph
# of many unmatched `[` takes time quadratic in its length. Longer paragraphs
# (none in real docs; their long lines get an input-too-large finding) are
# not read for links.
MAX_INLINE = 20_000

# Tag -> the attribute holding what it points at.
TAG_TARGETS = {"embed": "url", "content-ref": "url", "file": "src"}
_HTML_TARGETS = {"img": ("src", "image"), "a": ("href", "link")}


def links_of(md: MarkdownIt, tokens: list[Token], lines: list[str], tags: list[Tag],
             env: dict) -> list[Link]:
    """Every link of the page, in page order."""
    found: list[Link] = [link for tag in tags if (link := _tag_link(tag, lines))]
    for token in tokens:
        if not token.map:
            continue
        if token.type == "inline" and len(token.content) <= MAX_INLINE and (
                "]" in token.content or "<" in token.content):
            found.extend(_inline_links(md, token, lines, env))
        elif token.type == "html_block":
            found.extend(_html_links(token.content, token.map[0] + 1, lines))
    found.sort(key=lambda link: link.line)  # stable: page order within a line
    return found


def _tag_link(tag: Tag, lines: list[str]) -> Link | None:
    attribute = TAG_TARGETS.get(tag.name.lower())
    if attribute is None:
        return None
    attrs = {k.lower(): v for k, v in tag.attrs.items()}
    target = attrs.get(attribute) or (tag.args[0] if tag.args else "")
    if not target:
        return None
    target = target.strip()
    column = _column(lines, tag.line, target) if target in tag.raw else tag.column
    return Link(tag.name.lower(), target, tag.line, column)


def _inline_links(md: MarkdownIt, token: Token, lines: list[str], env: dict) -> list[Link]:
    children: list[Token] = []
    md.inline.parse(token.content, md, env, children)
    line = (token.map[0] if token.map else 0) + 1
    found = []
    for child in children:
        if child.type == "link_open" or child.type == "image":
            attribute = "href" if child.type == "link_open" else "src"
            target = md.normalizeLinkText(str(child.attrGet(attribute) or ""))
            kind = "image" if child.type == "image" else "link"
            found.append(Link(kind, target, line, _column(lines, line, target)))
        elif child.type == "html_inline":
            found.extend(_html_links(child.content, line, lines))
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        else:
            line += child.content.count("\n")
    return found


def _column(lines: list[str], line: int, target: str) -> int:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return text.find(target) + 1 if target and target in text else 1


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, int]] = []   # kind, target, line offset

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = _HTML_TARGETS.get(tag)
        if wanted is None:
            return
        value = dict(attrs).get(wanted[0])
        if value:
            self.found.append((wanted[1], value.strip(), self.getpos()[0] - 1))

    handle_startendtag = handle_starttag


def _html_links(html: str, first_line: int, lines: list[str]) -> list[Link]:
    if "<" not in html:
        return []
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return [Link(kind, target, first_line + offset, _column(lines, first_line + offset, target))
            for kind, target, offset in collector.found]
