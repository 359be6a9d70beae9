"""A bad or missing attribute on a GitBook tag.

Each tag needs its attributes: `tab` a `title`, `hint` a `style` that is one
of info, success, warning or danger (a translated `avertissement` is not),
`openapi` a `src`, `path` and `method`, `embed` a `url`, `file` a `src`.
Values are quoted (`style="info"`), and a quote that opens must close.

Fix: `fix` writes the English hint style in place of a translated one it
knows (`style="avertissement"` -> `style="warning"`, `成功` -> `success`; the
tables per language are in checker/parse/translated.py), keeping the
attribute's quotes and the rest of the line. A style no table knows, a value
that is not quoted, and published renderings are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.model import Edit, FileKind, Page, Tag
from checker.parse.repair import one_line, splice
from checker.parse.tags import KNOWN, canonical_name
from checker.parse.translated import HINT_STYLES, english
from checker.rules.base import Hit, show

ID = "tag-attribute"
SEVERITY = "error"
SUMMARY = "a bad or missing attribute (`style=\"avertissement\"`, unquoted value, `openapi` with no `path`)"
KIND = "page"
FIXABLE = True
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset({"tag-unknown", "tag-unterminated"})

PASS = """\
{% hint style="warning" %}
Careful.
{% endhint %}
{% openapi src="../api.yml" path="/auth/signup/" method="post" %}
{% endopenapi %}
"""

FAIL = """\
{% hint style="avertissement" %}
Attention.
{% endhint %}
{% openapi src="../api.yml" method="post" %}
{% endopenapi %}
{% tab title="cURL %}
"""


def check(page: Page) -> Iterator[Hit]:
    for tag in page.tags:
        name = canonical_name(tag.name)
        if not tag.terminated or name not in KNOWN:
            continue  # unterminated or unknown tags are other rules' findings
        for message, edits in _problems(name, tag, page):
            yield Hit(tag.line, message, tag.column, fingerprint_key=f"{tag.raw.strip()}|{message}",
                      edits=edits)


def _problems(name: str, tag: Tag, page: Page) -> Iterator[tuple[str, tuple[Edit, ...]]]:
    spec = KNOWN[name]
    for error in tag.attr_errors:
        yield f"{show(tag.raw)}: {error}", ()
    given = {key.lower(): value for key, value in tag.attrs.items()}
    missing = [key for key in spec.required if key not in given]
    if spec.positional and tag.args and missing:
        missing = missing[1:]
    if missing:
        others = sorted(set(given) - set(spec.required) - set(spec.choices))
        found = f" (it has {', '.join(f'`{k}`' for k in others)})" if others else ""
        wanted = ", ".join(f"`{key}`" for key in missing)
        yield f"`{{% {name} %}}` needs {wanted}{found}", ()
    for key, allowed in spec.choices.items():
        value = given.get(key)
        if value is not None and value.lower() not in allowed:
            options = ", ".join(allowed[:-1]) + f" or {allowed[-1]}"
            edits = _restyled(page, tag, key, value) if (name, key) == ("hint", "style") else ()
            yield f"`{key}=\"{value}\"` is not a `{name}` {key} GitBook knows: use {options}", edits


def _restyled(page: Page, tag: Tag, key: str, value: str) -> tuple[Edit, ...]:
    """The tag's line with the English style in place of a translated one the
    tables know, inside the same quotes; none when unsure (an unquoted or
    broken value, the attribute written twice)."""
    meant = english(HINT_STYLES, value, page.locale)
    if meant is None or tag.attr_errors or page.kind is not FileKind.SOURCE:
        return ()
    written = [m for m in _ATTRIBUTE.finditer(tag.raw) if m.group("key").lower() == key]
    if len(written) != 1 or written[0].group("value") != value:
        return ()
    found = written[0]
    word = value.strip()
    start = found.start("value") + value.index(word)
    before = tag.raw[:start]
    line = tag.line + before.count("\n")
    offset = start - (before.rfind("\n") + 1) + (tag.column - 1 if line == tag.line else 0)
    text = page.line_text(line)
    if text[offset:offset + len(word)] != word:
        return ()
    return (one_line(line, splice(text, offset, offset + len(word), meant)),)


# A quoted attribute in a tag's text, where the tag reader found one.
_ATTRIBUTE = re.compile(r"""(?<![\w-])(?P<key>[A-Za-z_][\w-]*)\s*=\s*(?P<q>["'])(?P<value>.*?)(?P=q)""")
