"""The cURL, JavaScript and Python samples of one section disagree.

One example shown in several languages must send the same request in each:
the same method, endpoint, query keys, body keys, headers, cookies and the
same expected status. When three samples are compared, the odd one out is
reported, with the others as related locations; with two, the second is
reported against the first.

Which samples are one example: those of one `{% tabs %}` group whose tabs
are titled by language (`cURL`, `Python API`), which presents them as the
same example; in tabs titled otherwise (`Streaming`, `With options`), those
of one tab that call the same operation; outside tabs, those under the same
heading (the smallest one, an `###` as much as an `##`) that call the same
operation: the same method and path, placeholders matching any segment. A
cURL under `### Create` and a JavaScript sample under `### Upload` are two
examples; so are a `PATCH /v1/articles/{id}` and an upload helper's `PUT` to
a presigned URL. Where a sample calls several endpoints, samples are paired
by operation.

Never a disagreement: formatting, quoting, key order, comments, log text,
`data=json.dumps(x)` against `json=x`, placeholders spelled differently
(`{id}`, `${id}`, `:id`), a status check one language has and another lacks,
cookies where a fetch sample sends the browser's (`credentials:
'include'`), a header value one language takes from a variable
(`file.type`) where another writes it (`image/jpeg`), a body key one
language sets only under an `if`, and anything the page's prose says: a
value is a placeholder in every sample compared or in none.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial

from checker import languages
from checker.compare import (
    MASK_MARK,
    View,
    has_key,
    is_unresolved,
    language_name,
    line_of_part,
    shared_endpoints,
    view,
)
from checker.model import Page, Related, Request, Sample
from checker.rules.base import Hit
from checker.rules.crosslocale import parents, with_parents

ID = "sample-disagreement"
SEVERITY = "error"
SUMMARY = ("samples of one section (curl, JS, Python) disagree on method, endpoint, body keys, headers "
           "or status")
KIND = "page"
FIXABLE = False
ROOT_CAUSE = False
# A cross-locale finding on the same sample says what the reference sends.
SUPERSEDED_BY: frozenset[str] = frozenset({"set"})
LEAVES_TO: frozenset[str] = frozenset()

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

{% tabs %}
{% tab title="cURL" %}
```bash
curl -X POST https://api.example.com/v1/items \\
  -H "Content-Type: application/json" \\
  -d '{"name": "Widget", "size": 3}'
```
{% endtab %}
{% tab title="Python" %}
```python
import requests
requests.put("https://api.example.com/v1/items", json={"name": "Widget"})
```
{% endtab %}
{% endtabs %}
"""


@dataclass(frozen=True)
class Call:
    """One request of a sample, with what of it is compared with the other languages."""

    sample: Sample
    request: Request
    view: View

    @property
    def name(self) -> str:
        return language_name(self.sample)

    def line(self, key: str | None = None) -> int:
        return line_of_part(self.sample, self.request, key)


def check(page: Page) -> Iterator[Hit]:
    for scope, samples in _scopes(page):
        for calls in _pairings(samples, tabbed=scope[0] == "tabs"):
            if len({u.sample.language for u in calls}) > 1:
                yield from _compare(calls)


# Words of a tab title that name a language or client (every registered
# language's, and these of languages sampledrift does not read): such tabs show
# one example in several languages; other titles ("Streaming", "With options")
# name examples of their own.
OTHER_LANGUAGE_WORDS = frozenset({"kotlin", "rust", "swift", "dart", "net"})


@lru_cache(maxsize=1)
def language_words() -> frozenset[str]:
    return OTHER_LANGUAGE_WORDS.union(*(language.words for language in languages.all_languages()))


Scope = tuple[str, int, str]


def _scopes(page: Page) -> list[tuple[Scope, list[Sample]]]:
    """Samples by the example they show: their `{% tabs %}` group when its
    tabs are titled by language, else their tab; outside tabs, the smallest
    heading above them (a sub-heading is an example of its own)."""
    calling = [s for s in page.samples if s.requests]
    by_language = {s.tabs_line for s in calling if s.tabs_line is not None} - {
        s.tabs_line for s in calling if s.tabs_line is not None and not _names_language(s.tab)}
    scopes: dict[Scope, list[Sample]] = defaultdict(list)
    heading_lines = sorted(h.line for h in page.headings)
    for sample in calling:
        scopes[_scope_of(heading_lines, sample, by_language)].append(sample)
    return sorted(scopes.items(), key=lambda item: (item[0][1], item[0][2]))


def _names_language(title: str | None) -> bool:
    words = re.findall(r"[\w#]+", (title or "").lower())
    return any(word in language_words() for word in words)


def _scope_of(heading_lines: list[int], sample: Sample, by_language: set[int]) -> Scope:
    if sample.tabs_line in by_language:
        return ("tabs", sample.tabs_line, "")
    if sample.tabs_line is not None:
        return ("tab", sample.tabs_line, sample.tab or "")
    above = bisect_left(heading_lines, sample.fence.fence_line)  # the heading lines above it
    return ("heading", heading_lines[above - 1] if above else 0, "")


def _calls(samples: list[Sample]) -> list[Call]:
    """Every request of the samples, viewed with the prose hints of them all:
    a value is a placeholder in each sample compared or in none, so what one
    sample's prose says never makes identical code differ."""
    hinted = frozenset().union(*(s.hinted for s in samples))
    return [Call(s, r, view(r, hinted)) for s in samples for r in s.requests]


def _pairings(samples: list[Sample], tabbed: bool) -> list[list[Call]]:
    """The calls compared together. A tab group with one call per language is
    one example; otherwise calls are paired by the operation they call."""
    calls = _calls(samples)
    per_language = Counter(u.sample.language for u in calls)
    if tabbed and max(per_language.values(), default=0) <= 1:
        # A call to a URL the sample does not show (a presigned upload URL)
        # is the same example only if another sample sends its method.
        return [[u for u in calls if _operation(u) is not None
                 or any(o is not u and o.view.method == u.view.method for o in calls)]]
    clusters: list[list[Call]] = []
    for call in calls:
        home = next((c for c in clusters if _same_operation(c[0], call)), None)
        if home is None:
            clusters.append([call])
        else:
            home.append(call)
    # A language that calls one operation twice (a basic call, then one with
    # options) gives no telling which of its calls is the others' example.
    return [c for c in clusters if max(Counter(u.sample.language for u in c).values()) <= 1]


def _operation(call: Call) -> tuple[str, tuple[str, ...]] | None:
    """(method, path segments, placeholders masked); None when the sample
    does not show where it sends the request (`fetch(presigned.url)`)."""
    host, _, path = call.view.endpoint.partition("/")
    if MASK_MARK in host and not path:
        return None
    return call.view.method, tuple(s for s in path.split("/") if s)


def _same_operation(a: Call, b: Call) -> bool:
    """Same method and path template: a placeholder segment matches any."""
    one, other = _operation(a), _operation(b)
    if one is None or other is None or one[0] != other[0] or len(one[1]) != len(other[1]):
        return False
    return all(x == y or MASK_MARK in x or MASK_MARK in y for x, y in zip(one[1], other[1], strict=False))


def _odd_ones(calls: list[Call], key: Callable[[Call], Hashable]) -> Iterator[tuple[Call, list[Call]]]:
    """(a call that differs, the calls it differs from): the majority, or the first."""
    values = [key(u) for u in calls]
    counts = Counter(values).most_common()
    if len(counts) < 2:
        return
    top, top_count = counts[0]
    if top_count > 1 and counts[1][1] < top_count:
        reference = [u for u, v in zip(calls, values, strict=True) if v == top]
        yield from ((u, reference) for u, v in zip(calls, values, strict=True) if v != top)
    else:
        yield from ((u, [calls[0]]) for u, v in zip(calls[1:], values[1:], strict=True) if v != values[0])


def _names(calls: list[Call]) -> str:
    names = [u.name for u in calls]
    text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"the {text} sample{'s' if len(names) > 1 else ''}"


def _hit(call: Call, reference: list[Call], key: str | None, message: str, fingerprint_key: str) -> Hit:
    related = [Related(u.sample.page.path, u.line(key), u.sample.page.locale) for u in reference]
    return Hit(call.line(key), message,
               fingerprint_key=f"{fingerprint_key}|{call.sample.language}|{call.view.endpoint}",
               related=related)


def _compare(calls: list[Call]) -> Iterator[Hit]:
    for call, ref in _odd_ones(calls, lambda u: u.view.method):
        yield _hit(call, ref, "method", f"the {call.name} sample sends {call.view.method}, "
                   f"{_names(ref)} send{'s' if len(ref) == 1 else ''} {ref[0].view.method}", "method")
    # A call whose URL the sample does not show may call any endpoint.
    placed = [u for u in calls if _operation(u) is not None]
    endpoints = dict(zip((id(u) for u in placed), shared_endpoints([u.view for u in placed]), strict=True))
    for call, ref in _odd_ones(placed, lambda u: endpoints[id(u)]):
        if call.view.url == ref[0].view.url:
            continue  # written the same: never a different endpoint
        yield _hit(call, ref, "url", f"the {call.name} sample calls {call.view.url}, "
                   f"{_names(ref)} call{'s' if len(ref) == 1 else ''} {ref[0].view.url}", "endpoint")
    yield from _compare_keys(calls, "query", lambda u: u.view.query, "query parameter", "query")
    yield from _compare_keys([u for u in calls if u.view.body_known], "body",
                             lambda u: u.view.body, "body key", "body",
                             optional=lambda u, key: _optional(u.view, key))
    yield from _compare_keys(calls, "header", lambda u: u.view.headers, "header", "header")
    yield from _compare_content_type(calls)
    if not any(u.view.browser_cookies for u in calls):
        yield from _compare_keys(calls, "cookie", lambda u: u.view.cookies, "cookie", "cookie")
    checked = [u for u in calls if u.view.statuses]
    for call, ref in _odd_ones(checked, lambda u: u.view.statuses):
        yield _hit(call, ref, "status",
                   f"the {call.name} sample expects {_statuses(call)}, "
                   f"{_names(ref)} expect{'s' if len(ref) == 1 else ''} {_statuses(ref[0])}", "status")


def _statuses(call: Call) -> str:
    return " or ".join(sorted(call.view.statuses))


def _compare_keys(calls: list[Call], kind: str, keys_of: Callable[[Call], dict],
                  noun: str, line_key: str,
                  optional: Callable[[Call, str], bool] = lambda u, key: False) -> Iterator[Hit]:
    """Per key, who sends it and who does not; the odd ones are reported, each
    at the top-most key that differs (a missing object is one finding). A
    call that sends a key only under a condition takes no part for that key."""
    reported: set[tuple[int, str]] = set()
    for key in with_parents(k for u in calls for k in keys_of(u)):
        taking_part = [u for u in calls if not optional(u, key)]
        for call, ref in _odd_ones(taking_part, partial(_has, kind=kind, keys_of=keys_of, key=key)):
            if any((id(call), parent) in reported for parent in parents(key)):
                continue
            reported.add((id(call), key))
            yield _key_hit(call, ref, kind, key, noun, keys_of)


def _optional(view_: View, key: str) -> bool:
    """`key` is set only under an `if`: itself, or the object above it."""
    return any(key == k or key.startswith(k + ".") for k in view_.optional)


def _has(call: Call, kind: str, keys_of: Callable[[Call], dict], key: str) -> bool:
    opaque = call.view.opaque if kind == "body" else frozenset()
    return has_key(keys_of(call), key, opaque)


def _key_hit(call: Call, ref: list[Call], kind: str, key: str, noun: str,
             keys_of: Callable[[Call], dict]) -> Hit:
    if _has(call, kind, keys_of, key):
        shown = call.view.header_names.get(key, key) if kind == "header" else key
        message = (f"the {call.name} sample sends the {noun} `{shown}`, which "
                   f"{_names(ref)} do{'es' if len(ref) == 1 else ''} not send")
        return _hit(call, ref, _key_line(kind, key, call), message, f"{kind}:{key}")
    shown = ref[0].view.header_names.get(key, key) if kind == "header" else key
    message = (f"the {call.name} sample does not send the {noun} `{shown}` that "
               f"{_names(ref)} send{'s' if len(ref) == 1 else ''}")
    # Missing: point where it would be written (its object, the body), else at the call.
    return _hit(call, ref, f"body:{key}" if kind == "body" else None, message, f"{kind}:{key}")


def _key_line(kind: str, key: str, call: Call) -> str | None:
    if kind == "body":
        return f"body:{key}"  # each call's own line for it, else its object's (Call.line)
    return f"{kind}:{key}" if kind != "query" else f"query:{key}"


def _compare_content_type(calls: list[Call]) -> Iterator[Hit]:
    # A type the sample takes from a variable (`file.type`) may be any type.
    typed = [u for u in calls if "content-type" in u.view.headers
             and not is_unresolved(u.request.header("content-type"))]
    for call, ref in _odd_ones(typed, lambda u: u.view.headers["content-type"]):
        yield _hit(call, ref, "header:content-type",
                   f"the {call.name} sample sends `Content-Type: {call.view.headers['content-type']}`, "
                   f"{_names(ref)} send{'s' if len(ref) == 1 else ''} "
                   f"`{ref[0].view.headers['content-type']}`", "content-type")
