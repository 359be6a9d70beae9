"""A GitBook tag opened with `{%` that never closes with `%}`.

GitBook does not read such a tag at all: it shows it as text, and the block it
meant to open or close stays as it was. Translation tools and hand edits lose
the last brace (`{% endtabs %`); the published page then shows the raw tag.
A tag may run over a few lines; it is unterminated when a blank line, the next
tag or the end of the page comes before its `%}`.

Fix: the missing `}`, `%` or ` %}` is added at the end of the tag, when the
tag stands alone on its line, its name is known and nothing in it is unsure.
An end tag that no block is open for (`{% endtabs %` after samples that lost
their `{% tabs %}`) closes nothing once completed: its line is removed, so
the published page no longer shows it as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.model import Edit, FileKind, Page, Tag
from checker.parse.repair import continuation, one_line, splice
from checker.parse.tags import KNOWN, canonical_name, end_target
from checker.rules.base import Hit, show

ID = "tag-unterminated"
SEVERITY = "error"
SUMMARY = "a `{% ...` tag that never closes with `%}`"
KIND = "page"
FIXABLE = True
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

PASS = """\
{% tabs %}
{% tab title="cURL" %}
Text.
{% endtab %}
{% endtabs %}
"""

FAIL = """\
{% tabs %}
{% tab title="cURL" %}
Text.
{% endtab %}
{% endtabs %
"""


def check(page: Page) -> Iterator[Hit]:
    orphans = {id(p.tag) for p in page.structure_problems if p.kind == "orphan-end"}
    for tag in page.tags:
        if tag.terminated:
            continue
        missing = "`}`" if tag.raw.rstrip().endswith("%") else "`%}`"
        message = f"{show(tag.raw)} is missing its closing {missing}"
        if id(tag) in orphans and tag.name.lower().startswith("end"):
            message += f", and no `{{% {tag.name.lower()[3:]} %}}` is open for it to close"
        if tag.in_published:
            message += "; it shows as text on the published page"
        orphan = id(tag) in orphans and tag.name.lower().startswith("end")
        edits = (() if page.kind is not FileKind.SOURCE
                 else _removed(page, tag) if orphan else _closed(page, tag))
        yield Hit(tag.line, message, tag.column, fingerprint_key=tag.raw.strip(), edits=edits)


def _removed(page: Page, tag: Tag) -> tuple[Edit, ...]:
    """An end tag that closes nothing: its line goes, when the tag is all it holds."""
    if tag.end_line != tag.line or not _certain(tag) or page.line_text(tag.line).strip() != tag.raw.strip():
        return ()
    return (Edit(tag.line, tag.line + 1, ()),)


def _closed(page: Page, tag: Tag) -> tuple[Edit, ...]:
    """The tag's line with the tag closed, when nothing on it is unsure."""
    text = page.line_text(tag.line)
    start = tag.column - 1
    if (tag.end_line != tag.line or not _certain(tag) or text[start:] != tag.raw
            or continuation(text[:start]) is None or _ATTRIBUTE.match(page.line_text(tag.line + 1))):
        return ()
    body = tag.raw.rstrip()
    end = start + len(body)
    if body.endswith("%"):
        return (one_line(tag.line, splice(text, end, end, "}")),)
    if body.endswith("}"):
        end -= 1  # `{% endtab }`: the `%` goes before the brace
    spaced = text[end - 1].isspace() or text[end - 1] == "-"
    return (one_line(tag.line, splice(text, end, end + (text[end:end + 1] == "}"),
                                      "%}" if spaced else " %}")),)


# A line that goes on with the tag's attributes (`path="/x"`): the tag ran over
# lines and lost its end, which could be on any of them.
_ATTRIBUTE = re.compile(r"\s*[A-Za-z_][\w-]*\s*=")


def _certain(tag: Tag) -> bool:
    """A known tag whose text reads as its name and attributes, nothing more:
    no words (an end tag holds nothing), no broken attribute."""
    name = canonical_name(tag.name)
    if name is None or tag.attr_errors:
        return False
    if end_target(name):
        return not tag.attrs and not tag.args
    return not tag.args or (KNOWN[name].positional and len(tag.args) == 1)
