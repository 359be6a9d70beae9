"""A bad or missing attribute on a GitBook tag.

Each tag needs its attributes: `tab` a `title`, `hint` a `style` that is one
of info, success, warning or danger (a translated `avertissement` is not),
`openapi` a `src`, `path` and `method`, `embed` a `url`, `file` a `src`.
Values are quoted (`style="info"`), and a quote that opens must close.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.model import Page, Tag
from checker.parse.tags import KNOWN, canonical_name
from checker.rules.base import Hit, show

ID = "tag-attribute"
SEVERITY = "error"
SUMMARY = "a bad or missing attribute (`style=\"avertissement\"`, unquoted value, `openapi` with no `path`)"
KIND = "page"
FIXABLE = False
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
        for message in _problems(name, tag):
            yield Hit(tag.line, message, tag.column, fingerprint_key=f"{tag.raw.strip()}|{message}")


def _problems(name: str, tag: Tag) -> Iterator[str]:
    spec = KNOWN[name]
    for error in tag.attr_errors:
        yield f"{show(tag.raw)}: {error}"
    given = {key.lower(): value for key, value in tag.attrs.items()}
    missing = [key for key in spec.required if key not in given]
    if spec.positional and tag.args and missing:
        missing = missing[1:]
    if missing:
        others = sorted(set(given) - set(spec.required) - set(spec.choices))
        found = f" (it has {', '.join(f'`{k}`' for k in others)})" if others else ""
        wanted = ", ".join(f"`{key}`" for key in missing)
        yield f"`{{% {name} %}}` needs {wanted}{found}"
    for key, allowed in spec.choices.items():
        value = given.get(key)
        if value is not None and value.lower() not in allowed:
            options = ", ".join(allowed[:-1]) + f" or {allowed[-1]}"
            yield f"`{key}=\"{value}\"` is not a `{name}` {key} GitBook knows: use {options}"
