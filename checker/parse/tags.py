"""What GitBook's `{% ... %}` tags are, and how one tag's text reads.

GitBook's own vocabulary lives in `KNOWN`: each tag's form (paired with an
`{% endname %}`, single, or either), the parent it must sit directly inside,
its required attributes and the values an attribute may take. Rules read this
table; they never hard-code tag names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.model import Tag

PAIRED, SINGLE, EITHER = "paired", "single", "either"

_METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "trace")
_PARAM_GROUPS = ("api-method-path-parameters", "api-method-query-parameters",
                 "api-method-headers", "api-method-body-parameters",
                 "api-method-form-data-parameters")


@dataclass(frozen=True)
class TagSpec:
    form: str
    parents: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # A positional value can stand for the first required attribute:
    # `{% include "x.md" %}`.
    positional: bool = False


KNOWN: dict[str, TagSpec] = {
    "tabs": TagSpec(PAIRED),
    "tab": TagSpec(PAIRED, parents=("tabs",), required=("title",)),
    "hint": TagSpec(PAIRED, required=("style",),
                    choices={"style": ("info", "success", "warning", "danger")}),
    "code": TagSpec(PAIRED, choices={"linenumbers": ("true", "false"), "fullwidth": ("true", "false"),
                                     "overflow": ("wrap", "scroll")}),
    "openapi": TagSpec(PAIRED, required=("src", "path", "method"), choices={"method": _METHODS}),
    "openapi-operation": TagSpec(PAIRED, required=("spec", "path", "method"),
                                 choices={"method": _METHODS}),
    "openapi-schemas": TagSpec(PAIRED, required=("spec", "schemas")),
    "openapi-webhook": TagSpec(PAIRED, required=("spec", "name")),
    "swagger": TagSpec(PAIRED, required=("path", "method"), choices={"method": _METHODS}),
    "swagger-description": TagSpec(PAIRED, parents=("swagger",)),
    "swagger-parameter": TagSpec(PAIRED, parents=("swagger",), required=("in", "name"),
                                 choices={"in": ("path", "query", "header", "body", "formdata",
                                                 "cookie")}),
    "swagger-response": TagSpec(PAIRED, parents=("swagger",), required=("status",)),
    "api-method": TagSpec(PAIRED, required=("method", "path"), choices={"method": _METHODS}),
    "api-method-summary": TagSpec(PAIRED, parents=("api-method",)),
    "api-method-description": TagSpec(PAIRED, parents=("api-method",)),
    "api-method-spec": TagSpec(PAIRED, parents=("api-method",)),
    "api-method-request": TagSpec(PAIRED, parents=("api-method-spec",)),
    "api-method-response": TagSpec(PAIRED, parents=("api-method-spec",)),
    **{group: TagSpec(PAIRED, parents=("api-method-request",)) for group in _PARAM_GROUPS},
    "api-method-parameter": TagSpec(PAIRED, parents=_PARAM_GROUPS, required=("name",)),
    "api-method-response-example": TagSpec(PAIRED, parents=("api-method-response",),
                                           required=("httpcode",)),
    "api-method-response-example-description": TagSpec(
        PAIRED, parents=("api-method-response-example",)),
    "content-ref": TagSpec(PAIRED, required=("url",)),
    "embed": TagSpec(EITHER, required=("url",)),
    "file": TagSpec(EITHER, required=("src",)),
    "include": TagSpec(SINGLE, required=("src",), positional=True),
    "page-ref": TagSpec(SINGLE, required=("page",)),
    "stepper": TagSpec(PAIRED),
    "step": TagSpec(PAIRED, parents=("stepper",)),
    "columns": TagSpec(PAIRED),
    "column": TagSpec(PAIRED, parents=("columns",)),
    "updates": TagSpec(PAIRED),
    "update": TagSpec(PAIRED, parents=("updates",), required=("date",)),
    "code-tabs": TagSpec(PAIRED),
    "raw": TagSpec(PAIRED),
}

# Tags that point a section at an API operation.
API_TAGS = ("openapi", "openapi-operation", "swagger", "api-method", "openapi-webhook")


def api_sources(tags: list[Tag]) -> list[str]:
    """The `src=` of each API tag, as written (a spec file, a URL, an upload id)."""
    found = []
    for tag in tags:
        src = next((v for k, v in tag.attrs.items() if k.lower() == "src"), None)
        if src and tag.name.lower() in API_TAGS:
            found.append(src)
    return found


def end_target(name: str) -> str | None:
    """`endtabs` -> `tabs`; None when the name is not an end tag of a block tag."""
    if name.startswith("end") and name[3:] in KNOWN and KNOWN[name[3:]].form != SINGLE:
        return name[3:]
    return None


def canonical_name(name: str) -> str | None:
    """The GitBook name a tag means when its only fault is case: `Tabs` -> `tabs`."""
    lowered = name.lower()
    if lowered in KNOWN or end_target(lowered):
        return lowered
    return None


_NAME = re.compile(r"\{%-?\s*([^\s%}=\"']*)")
_ATTR = re.compile(
    r"""\s*(?P<key>[A-Za-z_][\w-]*)\s*=\s*
        (?: "(?P<dq>[^"]*)" | '(?P<sq>[^']*)' | <(?P<lt>[^>]*)> | (?P<bare>[^\s"'%]+) )?""",
    re.VERBOSE)
_POSITIONAL = re.compile(r"""\s*(?: "(?P<dq>[^"]*)" | '(?P<sq>[^']*)' | (?P<bare>[^\s"'=%]+) )""",
                         re.VERBOSE)


def read_tag(raw: str, line: int, column: int, end_line: int, terminated: bool) -> Tag:
    """A Tag from its text, from `{%` to `%}` (or to the line end when unterminated)."""
    match = _NAME.match(raw)
    name = match.group(1) if match else ""
    body_start = match.end() if match else 2
    body = _without_closer(raw[body_start:], terminated)
    tag = Tag(name=name, raw=raw, line=line, column=column, end_line=end_line,
              terminated=terminated)
    _read_attributes(body, tag)
    return tag


def _without_closer(body: str, terminated: bool) -> str:
    """The body without its closing `%}` (`-%}`), or without what is left of it
    on an unterminated tag (`{% endtabs %`). String methods, not a `\\s*$`
    search, which retries the run of spaces from each of its positions."""
    body = body.rstrip()
    if terminated:
        return body[:-2].removesuffix("-") if body.endswith("%}") else body
    return body.removesuffix("}").removesuffix("%").removesuffix("-").rstrip()


def _read_attributes(body: str, tag: Tag) -> None:
    pos = 0
    while pos < len(body):
        if body[pos].isspace():
            pos += 1
            continue
        attr = _ATTR.match(body, pos)
        if attr:
            pos = _take_attribute(body, attr, tag)
            continue
        positional = _POSITIONAL.match(body, pos)
        if positional and positional.end() > pos:
            value = next(v for v in positional.group("dq", "sq", "bare") if v is not None)
            if positional.group("bare") is not None and value.startswith("<") and value.endswith(">"):
                value = value[1:-1]
            tag.args.append(value)
            pos = positional.end()
            continue
        quote = body[pos]
        if quote in "\"'":
            tag.attr_errors.append(f"unclosed quote: {body[pos:].strip()}")
            return
        tag.attr_errors.append(f"cannot read `{body[pos:].strip()}`")
        return


def _take_attribute(body: str, attr: re.Match[str], tag: Tag) -> int:
    key = attr.group("key")
    dq, sq, lt, bare = attr.group("dq", "sq", "lt", "bare")
    after = attr.end()
    if dq is None and sq is None and lt is None and bare is None:
        rest = body[after:].lstrip()
        if rest[:1] in "\"'":
            tag.attr_errors.append(f"unclosed quote in `{key}=`")
            tag.attrs[key] = rest[1:].strip()
            return len(body)
        tag.attr_errors.append(f"`{key}=` has no value")
        return after
    if bare is not None:
        tag.attr_errors.append(f"the value of `{key}` is not quoted: {key}=\"{bare}\"")
        value = bare
    elif lt is not None:
        value = lt
    else:
        value = dq if dq is not None else sq
        # GitBook writes links with spaces or parentheses as `<...>` inside the quotes.
        if value.startswith("<") and value.endswith(">"):
            value = value[1:-1]
    tag.attrs[key] = value
    return after


_PLAIN_TAG = re.compile(r"\{%.*?(?:%\}|$)")


def tags_in_plain_lines(lines: list[str], first_line: int, *, published: bool) -> list[Tag]:
    """Tags in text that is not Markdown (an HTML block, a published page): line by line."""
    tags = []
    for offset, text in enumerate(lines):
        for match in _PLAIN_TAG.finditer(text):
            raw = match.group(0)
            line = first_line + offset
            tag = read_tag(raw, line, match.start() + 1, line, raw.endswith("%}"))
            tag.in_published = published
            tags.append(tag)
    return tags
