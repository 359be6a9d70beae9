"""What of a request is compared, once normalised: the one place that decides
what is drift and what is only formatting.

Header names are compared case-insensitively; JSON bodies as data (key order,
quoting, whitespace never matter); `data=json.dumps(x)` equals `json=x`
(both are JSON bodies, and the Content-Type `json=` implies is a header like
any other); placeholders compare equal to each other whatever their spelling
(`{id}`, `${id}`, `:id`), so they are masked before values are compared.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from checker import languages
from checker.extract import placeholders
from checker.model import Request, Sample

MASK_MARK = placeholders.MASK


@dataclass
class View:
    method: str
    endpoint: str                                   # scheme://host/path, placeholders masked
    url: str                                        # as written
    query: dict[str, Any] = field(default_factory=dict)     # key -> masked value
    headers: dict[str, str] = field(default_factory=dict)   # lower-case name -> masked value
    header_names: dict[str, str] = field(default_factory=dict)  # lower-case -> as written
    cookies: dict[str, str] = field(default_factory=dict)   # name -> masked value
    browser_cookies: bool = False                  # fetch credentials: 'include'
    body: dict[str, Any] = field(default_factory=dict)      # key path -> masked value
    body_kind: str = ""
    # False when the body is a value the sample does not show (a function
    # parameter, `${data}`): its keys are unknown, not absent.
    body_known: bool = True
    # Body keys whose value the sample does not show (`{"form": form}`): they
    # may hold any key below them.
    opaque: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    # Body keys the sample sets only under a condition (`if (x) body.k = v`).
    optional: frozenset[str] = frozenset()


def view(request: Request, hinted: frozenset[str] = frozenset()) -> View:
    def masked(value: Any) -> Any:
        return placeholders.mask(value, hinted) if isinstance(value, str) else value

    endpoint = placeholders.mask(f"{request.host}{request.path}", hinted, url=True)
    headers = {k.lower(): masked(v) for k, v in request.headers.items()}
    if "content-type" in headers:  # `application/json; charset=utf-8` is JSON all the same
        headers["content-type"] = headers["content-type"].split(";")[0].strip().lower()
        if request.body is None:
            del headers["content-type"]  # describes no body: sending it or not is the same
    flat = flatten(request.body)
    return View(
        method=request.method, endpoint=endpoint.rstrip("/") or "/", url=request.url,
        query={k: masked(v) for k, v in request.query.items()},
        headers=headers, header_names={k.lower(): k for k in request.headers},
        cookies={k: masked(v) for k, v in request.cookies.items()},
        browser_cookies=request.credentials == "include",
        body={k: masked(v) for k, v in flat.items()},
        body_kind=request.body_kind, statuses=frozenset(request.expected_status),
        body_known=not _unresolved(request.body),
        opaque=frozenset(k.replace("[]", "") for k, v in flat.items() if _unresolved(v)),
        optional=frozenset(request.optional))


def has_key(keys: dict[str, Any], key: str, opaque: frozenset[str] = frozenset()) -> bool:
    """Whether flattened keys hold `key`: as is, as the parent of keys they
    hold, or under an `opaque` key whose value the sample does not show
    (`{"form": form}` may hold `form.title`)."""
    plain = {k.replace("[]", "") for k in keys}
    if key in plain or any(k.startswith(key + ".") for k in plain):
        return True
    return any(key.startswith(k + ".") for k in opaque)


def shared_endpoints(views: list[View]) -> list[str]:
    """Endpoints with every path segment that is a placeholder in one view
    masked in all: `/prediction/your-flow-id` and `/prediction/${flowId}` are
    the same endpoint when one of them says the segment is a placeholder."""
    split = [v.endpoint.split("/") for v in views]
    masked_at = {i for parts in split for i, part in enumerate(parts) if MASK_MARK in part}
    return ["/".join(placeholders.MASK if i in masked_at else part for i, part in enumerate(parts))
            for parts in split]


def is_unresolved(value: Any) -> bool:
    """A value the extractor could not see: written as `${expression}` as a whole."""
    return isinstance(value, str) and value.startswith("${") and value.endswith("}") \
        and value.count("${") == 1


_unresolved = is_unresolved


def flatten(body: Any, prefix: str = "") -> dict[str, Any]:
    """`{"a": {"b": 1}, "c": [{"d": 2}]}` -> `{"a.b": 1, "c[].d": 2}`.

    Only dict bodies have keys; a list or raw body has none.
    """
    if not isinstance(body, dict):
        return {}
    flat: dict[str, Any] = {}
    for key, value in body.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict) and value:
            flat.update(flatten(value, path))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for item in value:
                flat.update(flatten(item, f"{path}[]"))
        else:
            flat[path] = value
    return flat


def body_line_key(request: Request, key_path: str) -> str:
    """The line key of a body key: its own (`body:socialLinks.github`), else
    the nearest key above it the extractor placed, else the body's."""
    parts = key_path.replace("[]", "").split(".")
    for depth in range(len(parts), 0, -1):
        key = "body:" + ".".join(parts[:depth])
        if key in request.lines:
            return key
    return "body"


def line_of_part(sample: Sample, request: Request | None, key: str | None = None) -> int:
    """The page line where part `key` of a sample's request is written: a
    body key (`body:a.b`) on its own line, else its object's; a part the
    extractor placed nowhere (or no key) at the request's start."""
    lines = request.lines if request else {}
    if key and key.startswith("body:") and request is not None:
        key = body_line_key(request, key[len("body:"):])
    at = (lines.get(key) if key else None) or lines.get("start") or lines.get("url")
    return sample.page_line(at)


def body_key_line(request: Request, key_path: str) -> int | None:
    """Where a body key's value is written, or the body's line."""
    return request.lines.get(body_line_key(request, key_path)) or request.lines.get("body")


def language_name(sample: Sample) -> str:
    """How a message names a sample: by what it is written in (its language's
    registry entry), or by the client its request is sent with (cURL)."""
    client = sample.requests[0].client if sample.requests else ""
    return languages.display(sample.language, client)


# An address, or the site's obfuscated stand-in for one (any space inside).
# Linear: a match starts only where a run of address characters starts (the
# lookbehind), and runs are taken possessively.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+|\[email[\x20\xa0]protected\]")


def _published_form(value: Any) -> Any:
    """A value as the site shows it: addresses obfuscated by Cloudflare."""
    if isinstance(value, str):
        return _EMAIL.sub(placeholders.OBFUSCATED_EMAIL, value)
    if isinstance(value, dict):
        return {k: _published_form(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_published_form(v) for v in value]
    return value


def request_differences(source: Request, published: Request) -> list[tuple[str, str, str]]:
    """(what the published request sends, its line key, what the source sends)
    for each part that differs: `method POST`, `cookie `token` = X`. A part
    renamed (one cookie, header or body key gone and one new of the same kind)
    is one difference. An address the site shows as `[email protected]` is
    the same address."""
    mine, theirs = _parts(source), _parts(published)
    differences = []
    changed = sorted(set(mine) | set(theirs))
    for kind in ("header", "cookie", "body key"):
        gone = [p for p in changed if p[0] == kind and p not in theirs]
        new = [p for p in changed if p[0] == kind and p not in mine]
        if len(gone) == 1 and len(new) == 1:
            differences.append((_say(new[0], theirs), new[0][2], _say(gone[0], mine)))
            changed = [p for p in changed if p not in (gone[0], new[0])]
    for part in changed:
        if mine.get(part) != theirs.get(part):
            differences.append((_say(part, theirs), part[2], _say(part, mine)))
    return differences


def _parts(request: Request) -> dict[tuple[str, str, str], str]:
    """(kind, name, line key) -> value, in the form the site shows."""
    found = {("method", "", "method"): request.method,
             ("URL", "", "url"): _published_form(request.url),
             ("expected status", "", "status"): ", ".join(sorted(request.expected_status)) or "none"}
    for name, value in request.headers.items():
        found[("header", name.lower(), f"header:{name.lower()}")] = _published_form(value)
    for name, value in request.cookies.items():
        found[("cookie", name, f"cookie:{name}")] = _published_form(value)
    for key, value in flatten(request.body).items():
        found[("body key", key, body_line_key(request, key))] = json.dumps(_published_form(value),
                                                                            ensure_ascii=False)
    return found


def _say(part: tuple[str, str, str], values: dict[tuple[str, str, str], str]) -> str:
    kind, name, _ = part
    if part not in values:
        return f"no {kind} `{name}`" if name else f"no {kind}"
    return f"{kind} `{name}` = {values[part]}" if name else f"{kind} {values[part]}"
