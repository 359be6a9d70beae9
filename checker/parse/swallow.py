"""A code fence that swallows the page after it, and where it should have closed.

A fence whose closing line was lost runs on until the next fence line that can
close it: the `{% endtab %}`, the next `{% tab %}`, the headings and the next
sample's opening fence all become its code. Every rule downstream then sees a
page with a tab, a section and a sample fewer: the mistake is one line, the
findings are many. This module finds such fences and the line after which the
closing fence belongs, so fence-unclosed can say it once, with the repair, and
checker/cascade.py can tell which other findings it causes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker import languages
from checker.model import Edit, Fence, Page
from checker.parse.repair import continuation
from checker.parse.tags import canonical_name, tags_in_plain_lines

# Fences whose content is Markdown or a template: GitBook tags in them are
# examples, never a swallowed page.
MARKUP_LANGUAGES = frozenset({"markdown", "md", "mdx", "liquid", "jinja", "jinja2", "twig",
                               "handlebars", "html", "xml", "njk", "nunjucks"})
# Data and config formats whose comments start with `#` (a `# line` in them is
# no heading); for the languages sampledrift reads, their registry entry says.
_HASH_COMMENT_FORMATS = frozenset({"yaml", "yml", "toml", "ini", "conf", "dockerfile", "makefile",
                                   "perl", "r", "env", "dotenv", "nginx", "properties"})
# Fences whose code may be prose itself: a sentence in them is no sign of their end.
_PLAIN_TEXT = frozenset({"", "text", "txt", "plaintext", "plain"})
_HEADING = re.compile(r"#{1,6}[ \t]+\S")


@dataclass(frozen=True)
class Swallow:
    fence: Fence
    swallowed: tuple[tuple[int, str], ...]  # (page line, text) of the markup it swallowed
    close_after: int                        # the page line after which it should close

    def edit(self, page: Page) -> Edit | None:
        """The closing fence, after the fence's own code, in the list item or
        quote its opening line is in; None when text stands before the opener."""
        prefix = fence_prefix(page, self.fence)
        if prefix is None or not self._certain(page):
            return None
        return Edit(self.close_after + 1, self.close_after + 1, (prefix + self.fence.marker,))

    def _certain(self, page: Page) -> bool:
        """Where it closes is no guess: its last code line is no `# line`
        (a comment, or the heading of the next section?), and in a fence of
        plain text no prose was passed over to find it."""
        if _HEADING.match(page.line_text(self.close_after).strip()):
            return False
        if self.fence.language not in _PLAIN_TEXT:
            return True
        line = self.swallowed[0][0] - 1
        while line > self.close_after and not page.line_text(line).strip():
            line -= 1
        return line == self.close_after

    def describe(self) -> str:
        shown = [f"{_code(text)} at {line}" for line, text in self.swallowed[:3]]
        more = len(self.swallowed) - len(shown)
        listed = ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1]
        listed += f" (and {more} more)" if more else ""
        opener = f"{self.fence.marker}{self.fence.info}"
        if not self.fence.closed:
            return (f"the code fence `` {opener} `` opened here is never closed: the rest of the "
                    f"page is read as code, {listed} with it; close it after line {self.close_after}")
        return (f"the code fence `` {opener} `` opened here runs into {listed}: its closing "
                f"fence is missing; close it after line {self.close_after}")


def fence_prefix(page: Page, fence: Fence) -> str | None:
    """What a line of the fence's own (its closing line) starts with: the
    indentation and quote markers of its opening line, a list marker as spaces."""
    opener = page.line_text(fence.fence_line)
    return continuation(opener[:max(opener.find(fence.marker), 0)])


def _code(text: str) -> str:
    """Text as a code span, fenced wide enough for the backticks it holds."""
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def swallowing(page: Page) -> list[Swallow]:
    """The fences of a source page whose code holds the page's own markup."""
    found = []
    for fence in page.fences:
        if fence.chrome or fence.language in MARKUP_LANGUAGES:
            continue
        swallow = _swallow(page, fence)
        if swallow is not None:
            found.append(swallow)
    return found


def _swallow(page: Page, fence: Fence) -> Swallow | None:
    markup = _markup_lines(page, fence)
    if not any(kind != "heading" for kind, _, _ in markup):
        return None  # headings alone may be comments; a tag or a fence says so
    if not fence.language and not page.structure_problems:
        return None  # an unlabelled block of GitBook examples, in a page whose tags all fit
    close_after = _last_code_line(page, fence, markup[0][1])
    if close_after < fence.line:
        return None  # nothing of its own before the markup: not a lost closing line
    return Swallow(fence, tuple((line, text) for _, line, text in markup), close_after)


# Prose a swallowed page shows between the code and the markup: a sentence
# ending, and none of the characters code is made of.
_PROSE_END = tuple(".:!?。：！？")
_CODE_CHARS = frozenset("{}();=<>$\\|\"'`[]")


def _last_code_line(page: Page, fence: Fence, first_markup: int) -> int:
    """The line after which the fence should close: the last line of its own
    code before the markup, past blank lines and the paragraphs of prose the
    fence took in with it."""
    line = first_markup - 1
    while line >= fence.line:
        text = page.line_text(line).strip()
        if text and not _prose(text):
            return line
        line -= 1
    return line


def _prose(text: str) -> bool:
    return text.endswith(_PROSE_END) and not _CODE_CHARS.intersection(text)


def _opens_fence(text: str, marker: str) -> bool:
    """A line that opens a fence (a run at least as long as `marker`, with an
    info string): inside a fence, the next sample's opening line."""
    run = len(text) - len(text.lstrip(marker[0]))
    # A run twice the marker is a closer glued to an opener: the parser
    # reports that one where it stands, and it is the whole mistake.
    return (len(marker) <= run < 2 * len(marker) and bool(text[run:].strip())
            and marker[0] not in text[run:])


def _markup_lines(page: Page, fence: Fence) -> list[tuple[str, int, str]]:
    """(kind, page line, text) of what in a fence's code is the page's markup:
    GitBook block tags, fence openers with an info string, and headings
    (only where `#` starts no comment)."""
    found = []
    markers = languages.line_comments(fence.language)
    hash_comments = (not fence.language or fence.language in _HASH_COMMENT_FORMATS
                     or (markers is not None and "#" in markers))
    for line in range(fence.line, fence.end_line + 1):
        text = page.line_text(line).strip()
        if text.startswith("{%"):
            tags = tags_in_plain_lines([text], line, published=False)
            if tags and canonical_name(tags[0].name) is not None:
                found.append(("tag", line, text))
        elif _opens_fence(text, fence.marker):
            found.append(("fence", line, text))
        elif _HEADING.match(text) and (not hash_comments or _isolated(page, line)):
            found.append(("heading", line, text))
    return found


def _isolated(page: Page, line: int) -> bool:
    """A `# line` with a blank line on each side: a heading, where a comment
    stands on the code it explains."""
    return not page.line_text(line - 1).strip() and not page.line_text(line + 1).strip()
