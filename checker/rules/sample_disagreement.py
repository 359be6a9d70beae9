"""The cURL, JavaScript and Python samples of one section disagree.

One example shown in several languages must send the same request in each:
the same method, endpoint, query keys, body keys, headers, cookies and the
same expected status. When three samples are compared, the odd one out is
reported, with the others as related locations; with two, the second is
reported against the first.

Never a disagreement: formatting, quoting, key order, comments, log text,
`data=json.dumps(x)` against `json=x`, placeholders spelled differently
(`{id}`, `${id}`, `:id`), a status check one language has and another lacks,
and cookies where a fetch sample sends the browser's (`credentials:
'include'`). Samples are compared within one `{% tabs %}` group (or one
section, outside tabs); where a group calls several endpoints, samples are
paired by endpoint.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass

from checker.compare import View, body_key_line, has_key, language_name, shared_endpoints, view
from checker.model import Page, Related, Request, Sample
from checker.rules.base import Hit
from checker.rules.crosslocale import parents, with_parents

ID = "sample-disagreement"
SEVERITY = "error"
SUMMARY = "samples of one section (curl, JS, Python) disagree on method, endpoint, body keys, headers or status"

PASS = """\
## Create an item

```bash
curl -X POST https://api.example.com/v1/items \\
  -H "Content-Type: application/json" \\
  -d '{"name": "Widget", "size": 3}'
```

```python
import requests
requests.post("https://api.example.com/v1/items", json={"size": 3, "name": "Widget"})
```
"""

FAIL = """\
## Create an item

```bash
curl -X POST https://api.example.com/v1/items \\
  -H "Content-Type: application/json" \\
  -d '{"name": "Widget", "size": 3}'
```

```python
import requests
requests.put("https://api.example.com/v1/items", json={"name": "Widget"})
```
"""


@dataclass(frozen=True)
class Unit:
    sample: Sample
    request: Request
    view: View

    @property
    def name(self) -> str:
        return language_name(self.sample)

    def line(self, key: str | None = None) -> int:
        lines = self.request.lines
        at = lines.get(key) if key else None
        return self.sample.page_line(at or lines.get("start") or lines.get("url"))


def check(page: Page) -> Iterator[Hit]:
    for group in _groups(page):
        for units in _pairings(group):
            if len({u.sample.language for u in units}) > 1:
                yield from _compare(units)


def _groups(page: Page) -> list[list[Unit]]:
    """Units (one request of one sample) by section and tab group."""
    groups: dict[tuple[int, int | None], list[Unit]] = defaultdict(list)
    for sample in page.samples:
        for request in sample.requests:
            key = (sample.section_line, sample.tabs_line)
            groups[key].append(Unit(sample, request, view(request, sample.hinted)))
    return [groups[key] for key in sorted(groups, key=lambda k: (k[0], k[1] or 0))]


def _pairings(units: list[Unit]) -> list[list[Unit]]:
    """One list when each language calls once; else one list per endpoint."""
    per_language = Counter(u.sample.language for u in units)
    if max(per_language.values(), default=0) <= 1:
        return [units]
    by_endpoint: dict[tuple[str, str], list[Unit]] = defaultdict(list)
    for unit in units:
        by_endpoint[(unit.view.method, unit.view.endpoint)].append(unit)
    return [group for group in by_endpoint.values()
            if max(Counter(u.sample.language for u in group).values()) <= 1]


def _odd_ones(units: list[Unit], key: Callable[[Unit], Hashable]) -> Iterator[tuple[Unit, list[Unit]]]:
    """(a unit that differs, the units it differs from): the majority, or the first."""
    values = [key(u) for u in units]
    counts = Counter(values).most_common()
    if len(counts) < 2:
        return
    top, top_count = counts[0]
    if top_count > 1 and counts[1][1] < top_count:
        reference = [u for u, v in zip(units, values) if v == top]
        yield from ((u, reference) for u, v in zip(units, values) if v != top)
    else:
        yield from ((u, [units[0]]) for u, v in zip(units[1:], values[1:]) if v != values[0])


def _names(units: list[Unit]) -> str:
    names = [u.name for u in units]
    text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"the {text} sample{'s' if len(names) > 1 else ''}"


def _hit(unit: Unit, reference: list[Unit], key: str | None, message: str, anchor: str) -> Hit:
    related = [Related(u.sample.page.path, u.line(key), u.sample.page.locale) for u in reference]
    return Hit(unit.line(key), message, anchor=f"{anchor}|{unit.sample.language}|{unit.view.endpoint}",
               related=related)


def _compare(units: list[Unit]) -> Iterator[Hit]:
    for unit, ref in _odd_ones(units, lambda u: u.view.method):
        yield _hit(unit, ref, "method", f"the {unit.name} sample sends {unit.view.method}, "
                   f"{_names(ref)} send{'s' if len(ref) == 1 else ''} {ref[0].view.method}", "method")
    endpoints = dict(zip((id(u) for u in units), shared_endpoints([u.view for u in units])))
    for unit, ref in _odd_ones(units, lambda u: endpoints[id(u)]):
        yield _hit(unit, ref, "url", f"the {unit.name} sample calls {unit.view.url}, "
                   f"{_names(ref)} call{'s' if len(ref) == 1 else ''} {ref[0].view.url}", "endpoint")
    yield from _compare_keys(units, "query", lambda u: u.view.query, "query parameter", "query")
    yield from _compare_keys([u for u in units if u.view.body_known], "body",
                             lambda u: u.view.body, "body key", "body")
    yield from _compare_keys(units, "header", lambda u: u.view.headers, "header", "header")
    yield from _compare_content_type(units)
    if not any(u.view.browser_cookies for u in units):
        yield from _compare_keys(units, "cookie", lambda u: u.view.cookies, "cookie", "cookie")
    checked = [u for u in units if u.view.statuses]
    for unit, ref in _odd_ones(checked, lambda u: u.view.statuses):
        yield _hit(unit, ref, "status",
                   f"the {unit.name} sample expects {_statuses(unit)}, "
                   f"{_names(ref)} expect{'s' if len(ref) == 1 else ''} {_statuses(ref[0])}", "status")


def _statuses(unit: Unit) -> str:
    return " or ".join(sorted(unit.view.statuses))


def _compare_keys(units: list[Unit], kind: str, keys_of: Callable[[Unit], dict],
                  noun: str, line_key: str) -> Iterator[Hit]:
    """Per key, who sends it and who does not; the odd ones are reported, each
    at the top-most key that differs (a missing object is one finding)."""
    reported: set[tuple[int, str]] = set()
    for key in with_parents(k for u in units for k in keys_of(u)):
        for unit, ref in _odd_ones(units, lambda u, k=key: _has(u, kind, keys_of, k)):
            if any((id(unit), parent) in reported for parent in parents(key)):
                continue
            reported.add((id(unit), key))
            yield _key_hit(unit, ref, kind, key, noun, keys_of)


def _has(unit: Unit, kind: str, keys_of: Callable[[Unit], dict], key: str) -> bool:
    opaque = unit.view.opaque if kind == "body" else frozenset()
    return has_key(keys_of(unit), key, opaque)


def _key_hit(unit: Unit, ref: list[Unit], kind: str, key: str, noun: str,
             keys_of: Callable[[Unit], dict]) -> Hit:
    if _has(unit, kind, keys_of, key):
        shown = unit.view.header_names.get(key, key) if kind == "header" else key
        message = (f"the {unit.name} sample sends the {noun} `{shown}`, which "
                   f"{_names(ref)} do{'es' if len(ref) == 1 else ''} not send")
        return _hit(unit, ref, _key_line(kind, key, unit), message, f"{kind}:{key}")
    shown = ref[0].view.header_names.get(key, key) if kind == "header" else key
    message = (f"the {unit.name} sample does not send the {noun} `{shown}` that "
               f"{_names(ref)} send{'s' if len(ref) == 1 else ''}")
    # Missing: point where it would be written (the body), else at the call.
    return _hit(unit, ref, "body" if kind == "body" else None, message, f"{kind}:{key}")


def _key_line(kind: str, key: str, unit: Unit) -> str | None:
    if kind == "body":
        line = body_key_line(unit.request, key)
        return next((k for k, v in unit.request.lines.items() if v == line), None)
    return f"{kind}:{key}" if kind != "query" else f"query:{key}"


def _compare_content_type(units: list[Unit]) -> Iterator[Hit]:
    typed = [u for u in units if "content-type" in u.view.headers]
    for unit, ref in _odd_ones(typed, lambda u: u.view.headers["content-type"]):
        yield _hit(unit, ref, "header:content-type",
                   f"the {unit.name} sample sends `Content-Type: {unit.view.headers['content-type']}`, "
                   f"{_names(ref)} send{'s' if len(ref) == 1 else ''} "
                   f"`{ref[0].view.headers['content-type']}`", "content-type")
