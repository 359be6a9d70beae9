"""Hostile input, generated: no exception escapes the pipeline, and a run is deterministic.

Hypothesis builds GitBook source pages (the tag vocabulary, fences of shell,
JavaScript, Python and JSON, headings, tabs, API blocks, hostile characters,
deep nesting, CRLF, BOMs, other encodings), mutates the published seed texts
and the source seeds, and writes small OpenAPI specs the pages name with
`src=`; two or three locales per tree. Each tree is checked in process and
rendered in every report format, twice.

CI runs a small, fixed (derandomized) number of examples. For a long random
run: `SAMPLEDRIFT_FUZZ_EXAMPLES=20000 python -m pytest -q -s tests/test_fuzz.py`
(the page count is printed at the end). A crash found this way is minimised
by Hypothesis; keep it in tests/test_fuzz_regressions.py. With
`SAMPLEDRIFT_FUZZ_PROGRESS=FILE`, counts go to FILE and the tree being checked
to FILE.current (latin-1 JSON), so a crash no exception reports (a native
grammar's segfault) leaves its input behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import changes, fix
from checker.cache import Cache
from checker.config import Config
from checker.engine import check_paths
from checker.engine import run as run_check
from checker.parse.tags import KNOWN
from checker.report import FORMATTERS
from checker.report.samples import render_json
from checker.textfile import SourceText
from tests.helpers import GUARD_ERROR, REPO, SEEDS

EXAMPLES = int(os.environ.get("SAMPLEDRIFT_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=EXAMPLES or 40, derandomize=not EXAMPLES, database=None,
                deadline=None, suppress_health_check=list(HealthCheck), print_blob=True)

# Tag nesting the fuzz reaches: deep enough to catch recursion (Python's
# stack is ~1000 frames; tests/test_fuzz_regressions.py goes to 3,000), small
# enough that 40 examples stay within CI's minute.
TAG_DEPTH = 300
JSON_DEPTH = 3000   # brackets on one line or in one body: far past the stack

PAGES = {"trees": 0, "pages": 0}
# Long runs report progress here (a run may be stopped at any time).
PROGRESS = os.environ.get("SAMPLEDRIFT_FUZZ_PROGRESS")

# --- text ---------------------------------------------------------------------

HOSTILE = ["\x00", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\ufeff", "\u200b",
           "\u202e", "\u0301", "\t", "{%", "%}", "{% ", " %}", "```", "~~~", "`", "{", "}", "[", "]",
           "\"", "'", "\\", "$", "${", "$(", "<", ">", "&", "<!--", "-->", "|", "é", "中", "🙂",
           "https://", "@", "=", ":", ";", "#", "\n", "\r\n"]
WORDS = ["Authentication", "Jetons", "token", "YOUR_TOKEN", "VOTRE_JETON", "<token>", "{id}",
         "replace", "remplacez", "用户", "GET", "POST", "curl", "fetch", "requests", "api",
         "https://api.example.com/v1/items", "example@example.com", "[email protected]",
         "Content-Type", "application/json", "sampledrift-disable", "limit=10"]

chars = st.one_of(st.characters(codec="utf-8"), st.sampled_from(HOSTILE))
junk = st.lists(chars, max_size=30).map("".join)
words = st.lists(st.one_of(st.sampled_from(WORDS), junk), min_size=1, max_size=8).map(" ".join)

# --- code samples -------------------------------------------------------------

HOSTS = ["https://api.example.com", "http://api.example.com:8080", "https://other.test",
         "https://api.example.com/v1", "", "${BASE}", "{{host}}", "https://[::1]", "https://é.test"]
PATHS = ["/items", "/items/{id}", "/auth/signup/", "/v1/items?limit=10&x=", "", "/%zz", "/a b",
         "/" + "a/" * 50]
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "get", "FETCH", ""]

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), junk,
              st.sampled_from(WORDS)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.one_of(junk, st.sampled_from(WORDS)), inner, max_size=3)),
    max_leaves=12)


@st.composite
def bodies(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 5))
    if kind == 0:  # absurd nesting
        depth = draw(st.integers(1, JSON_DEPTH))
        opener = draw(st.sampled_from(['{"a":', "[", '{"a":[']))
        closer = {'{"a":': "}", "[": "]", '{"a":[': "]}"}[opener]
        return opener * depth + "1" + closer * draw(st.integers(0, depth))
    if kind == 1:
        return draw(junk)
    return json.dumps(draw(json_values), ensure_ascii=draw(st.booleans()))


@st.composite
def curl_code(draw: st.DrawFn) -> str:
    parts = ["curl"]
    if draw(st.booleans()):
        parts.append(f"-X {draw(st.sampled_from(METHODS))}")
    quote = draw(st.sampled_from(['"', "'", ""]))
    parts.append(f"{quote}{draw(st.sampled_from(HOSTS))}{draw(st.sampled_from(PATHS))}{quote}")
    for _ in range(draw(st.integers(0, 3))):
        parts.append(f"-H '{draw(st.sampled_from(['Authorization', 'Content-Type', 'X-Key']))}: "
                     f"{draw(words)}'")
    if draw(st.booleans()):
        flag = draw(st.sampled_from(["-d", "--data", "--data-raw", "-F", "--json", "--data-urlencode"]))
        parts.append(f"{flag} '{draw(bodies())}'")
    joiner = draw(st.sampled_from([" ", " \\\n  ", " \\\r\n  ", "\\\n"]))
    lines = [joiner.join(parts)]
    if draw(st.booleans()):
        lines.insert(0, draw(st.sampled_from(["TOKEN=abc", "export BASE=https://x", "$ ", "#!/bin/bash",
                                               "cat <<EOF\n{}\nEOF", "for i in 1 2; do"])))
    return "\n".join(lines)


@st.composite
def js_code(draw: st.DrawFn) -> str:
    url = draw(st.sampled_from(HOSTS)) + draw(st.sampled_from(PATHS))
    body = draw(bodies())
    form = draw(st.integers(0, 3))
    if form == 0:
        return (f"const res = await fetch('{url}', {{\n  method: '{draw(st.sampled_from(METHODS))}',\n"
                f"  headers: {{ 'Content-Type': 'application/json', Authorization: `Bearer ${{token}}` }},\n"
                f"  body: JSON.stringify({body}),\n}});\nif (res.status !== 200) throw new Error();")
    if form == 1:
        return f"axios.post(\"{url}\", {body}).then(r => console.log(r.data));"
    if form == 2:
        return f"const x = {body};\nfetch(`{url}`, {{method: 'POST', body: x}})"
    return draw(junk)


@st.composite
def python_code(draw: st.DrawFn) -> str:
    url = draw(st.sampled_from(HOSTS)) + draw(st.sampled_from(PATHS))
    body = draw(bodies())
    form = draw(st.integers(0, 3))
    if form == 0:
        return (f"import requests\n\nresponse = requests.{draw(st.sampled_from(['get', 'post', 'put']))}(\n"
                f"    \"{url}\",\n    headers={{\"Authorization\": \"Bearer YOUR_TOKEN\"}},\n"
                f"    json={body},\n)\nassert response.status_code == 201\n")
    if form == 1:
        return f"import requests, json\nr = requests.post('{url}', data=json.dumps({body}))\n"
    if form == 2:
        return f"import requests\nr = requests.post('{url}', data='{body}')\n"
    return draw(junk)


# Every language's shared request (fixtures/languages), then cut, stuttered or
# salted: each extractor meets its own grammar's near misses.
_LANGUAGE_SAMPLES: dict[str, list[str]] = {}
for _sample in sorted((REPO / "fixtures" / "languages").glob("*--*.txt")):
    _LANGUAGE_SAMPLES.setdefault(_sample.name.split("--")[0], []).append(
        _sample.read_text(encoding="utf-8"))


@st.composite
def mutated_sample(draw: st.DrawFn, language: str) -> str:
    lines = draw(st.sampled_from(_LANGUAGE_SAMPLES[language])).split("\n")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        change = draw(st.integers(0, 3))
        if change == 0:
            del lines[at]
        elif change == 1:
            lines.insert(at, lines[at])
        elif change == 2:
            cut = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:cut] + draw(junk) + lines[at][cut:]
        else:
            lines = lines[:at + 1]
        if not lines:
            lines = [""]
    return "\n".join(lines)


LANGUAGES = {"bash": curl_code(), "sh": curl_code(), "": curl_code(), "javascript": js_code(),
             "js": js_code(), "typescript": js_code(), "python": python_code(), "py": python_code(),
             "json": bodies(), "yaml": junk, "http": junk,
             **{language: mutated_sample(language) for language in _LANGUAGE_SAMPLES
                if language not in ("bash", "javascript", "typescript", "python")},
             "shell": mutated_sample("bash"), "ts": mutated_sample("typescript")}


@st.composite
def fences(draw: st.DrawFn) -> str:
    language = draw(st.sampled_from(sorted(LANGUAGES)))
    code = draw(LANGUAGES[language])
    marker = draw(st.sampled_from(["```", "```", "````", "~~~", "``"]))
    info = draw(st.sampled_from([language, language.upper(), f"{language} title=\"x\"", f" {language}"]))
    closing = "" if draw(st.integers(0, 9)) == 0 else f"\n{marker}"
    return f"{marker}{info}\n{code}{closing}"


# --- GitBook tags ---------------------------------------------------------------

ATTR_KEYS = ["title", "style", "src", "path", "method", "url", "spec", "in", "name", "status",
             "date", "page", "schemas", "httpcode", "fullWidth", "lineNumbers"]
ATTR_VALUES = ["info", "warning", "post", "get", "spec.yaml", "../spec.yaml", "spec.json", "/items",
               "/items/{id}", "Python", "cURL", "200", "query", "body", "/files/k0wV9", "",
               "https://example.com"]
QUOTES = ['"', "", "'"]
TAG_NAMES = [*sorted(KNOWN), "fichier", "Tabs", "TAB", "end", "endfoo", "tabs-x"]


@st.composite
def tags(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(TAG_NAMES))
    if draw(st.integers(0, 3)) == 0:
        name = "end" + name
    attrs = []
    for _ in range(draw(st.integers(0, 3))):
        key = draw(st.sampled_from(ATTR_KEYS))
        value = draw(st.one_of(st.sampled_from(ATTR_VALUES), junk))
        opening, closing = draw(st.sampled_from(QUOTES)), draw(st.sampled_from(QUOTES))
        attrs.append(f"{key}={opening}{value}{closing}")
    attrs = " ".join(attrs)
    end = draw(st.sampled_from([" %}", "%}", " %}", " %", " }", "", "%}%}"]))
    start = draw(st.sampled_from(["{% ", "{%", "{%  ", "{ % "]))
    return f"{start}{name} {attrs}{end}"


@st.composite
def api_blocks(draw: st.DrawFn) -> str:
    tag = draw(st.sampled_from(["openapi", "swagger", "openapi-operation", "api-method"]))
    src = draw(st.sampled_from(["spec.yaml", "spec.json", "missing.yaml", "../spec.yaml", "/files/x",
                                "spec.yaml#/x"]))
    key = "spec" if tag == "openapi-operation" else "src"
    method = draw(st.sampled_from(["post", "get", "put", "delete", "POST", "fetch"]))
    path = draw(st.sampled_from(PATHS))
    inner = draw(st.one_of(junk, fences()))
    return f'{{% {tag} {key}="{src}" path="{path}" method="{method}" %}}\n{inner}\n{{% end{tag} %}}'


@st.composite
def tab_groups(draw: st.DrawFn) -> str:
    tabs = [f'{{% tab title="{draw(st.sampled_from(["cURL", "JavaScript", "Python", "x"]))}" %}}\n'
            f"{draw(fences())}\n{{% endtab %}}" for _ in range(draw(st.integers(1, 3)))]
    return "{% tabs %}\n" + "\n".join(tabs) + "\n{% endtabs %}"


@st.composite
def deep(draw: st.DrawFn) -> str:
    depth = draw(st.integers(1, TAG_DEPTH))
    kind = draw(st.integers(0, 3))
    if kind == 0:
        opening = '{% tabs %}\n{% tab title="a" %}\n'
        closing = "{% endtab %}\n{% endtabs %}\n"
    elif kind == 1:
        opening, closing = '{% hint style="info" %}\n', "{% endhint %}\n"
    elif kind == 2:
        return draw(st.sampled_from(["[", "{", '{"a":', "> ", "- ", "("])) * draw(st.integers(1, JSON_DEPTH))
    else:
        opening, closing = "{% stepper %}\n{% step %}\n", "{% endstep %}\n{% endstepper %}\n"
    middle = draw(fences())
    return opening * depth + middle + "\n" + closing * draw(st.integers(0, depth))


headings = st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 7), words)
pieces = st.one_of(headings, words, tags(), fences(), fences(), api_blocks(), tab_groups(),
                   st.sampled_from(HOSTILE), deep())


# --- files ----------------------------------------------------------------------

def _seed(name: str) -> list[str]:
    return (SEEDS / name).read_text(encoding="utf-8").split("\n")


SEED_SOURCES = ["fr/api-docs/authentication.md", "zh-cn/api-docs/authentication.md"]
SEED_PUBLISHED = ["published-text/da/api-docs/authentication.txt",
                  "published-text/fr/api-docs/authentication.txt",
                  "published-site/fr/api-docs/authentication.txt"]
SEED_LINES = {name: _seed(name) for name in SEED_SOURCES + SEED_PUBLISHED}


@st.composite
def mutated(draw: st.DrawFn, lines: list[str]) -> list[str]:
    """A text with lines deleted, repeated, swapped, replaced, or pieces put in."""
    lines = list(lines)
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        span = draw(st.integers(1, 40))
        op = draw(st.integers(0, 5))
        if op == 0:
            del lines[at:at + span]
        elif op == 1:
            lines[at:at] = lines[at:at + span]
        elif op == 2:
            lines[at:at] = draw(pieces).split("\n")
        elif op == 3:
            lines[at] = draw(pieces)
        elif op == 4:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        else:
            text = lines[at]
            cut = draw(st.integers(0, len(text)))
            lines[at] = text[:cut] + draw(junk) + text[cut + draw(st.integers(0, 3)):]
    return lines


@st.composite
def encoded(draw: st.DrawFn, lines: list[str]) -> bytes:
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    text = newline.join(lines)
    if draw(st.booleans()):
        text += newline
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=8)) + data[at:]
    return data


@st.composite
def source_pages(draw: st.DrawFn) -> list[str]:
    if draw(st.integers(0, 4)) == 0:
        return draw(mutated(SEED_LINES[draw(st.sampled_from(SEED_SOURCES))]))
    parts = draw(st.lists(pieces, min_size=1, max_size=12))
    return "\n\n".join(parts).split("\n")


schemas = st.recursive(
    st.fixed_dictionaries({"type": st.sampled_from(["string", "integer", "number", "boolean",
                                                    "null", "array", "object", "strange"])},
                          optional={"enum": st.lists(json_values, max_size=3),
                                    "format": st.sampled_from(["email", "uuid", "date-time", "x"]),
                                    "$ref": st.sampled_from(["#/components/schemas/A", "#/x",
                                                             "other.yaml#/A", "#"])}),
    lambda inner: st.one_of(
        st.fixed_dictionaries({"type": st.just("object"),
                               "properties": st.dictionaries(st.sampled_from(["a", "email", "id", "é"]),
                                                             inner, max_size=3)},
                              optional={"required": st.lists(st.sampled_from(["a", "email", "b"])),
                                        "additionalProperties": st.booleans()}),
        st.fixed_dictionaries({"type": st.just("array"), "items": inner}),
        st.fixed_dictionaries({"allOf": st.lists(inner, min_size=1, max_size=2)})),
    max_leaves=8)


@st.composite
def specs(draw: st.DrawFn) -> tuple[str, str]:
    """(file name, text) of a small OpenAPI (or Swagger) spec, sometimes broken."""
    operations = {}
    for path in draw(st.lists(st.sampled_from(PATHS), min_size=1, max_size=3, unique=True)):
        method = draw(st.sampled_from(["get", "post", "put", "delete"]))
        operation: dict = {"responses": {draw(st.sampled_from(["200", "201", "204", "4XX", "default"])):
                                         {"description": "ok"}}}
        if draw(st.booleans()):
            operation["requestBody"] = {"content": {"application/json": {"schema": draw(schemas)}}}
        if draw(st.booleans()):
            operation["parameters"] = [{"name": draw(st.sampled_from(["limit", "id", "X-Key"])),
                                        "in": draw(st.sampled_from(["query", "path", "header", "cookie"])),
                                        "schema": draw(schemas)}]
        if draw(st.booleans()):
            operation["security"] = [{"bearer": []}]
        operations[path or "/"] = {method: operation}
    spec = {"openapi": draw(st.sampled_from(["3.0.3", "3.1.0", "2.0", "x"])),
            "info": {"title": "t", "version": "1"},
            "servers": [{"url": draw(st.sampled_from(HOSTS))}],
            "paths": operations,
            "components": {"schemas": {"A": draw(schemas)},
                           "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}}}
    as_json = draw(st.booleans())
    text = json.dumps(spec) if as_json else yaml.dump(spec, Dumper=_DUMPER, allow_unicode=True)
    if draw(st.integers(0, 5)) == 0:
        text = "\n".join(draw(mutated(text.split("\n"))))
    return ("spec.json" if as_json else "spec.yaml"), text


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)   # libyaml: the pure one is slow
LOCALES = ["en", "fr", "da", "zh-cn", "ja", "de"]


@st.composite
def trees(draw: st.DrawFn) -> dict[str, bytes]:
    """Relative path -> bytes: one page in two or three locales, sources and published."""
    locales = draw(st.lists(st.sampled_from(LOCALES), min_size=2, max_size=3, unique=True))
    base = draw(source_pages())
    files: dict[str, bytes] = {}
    name, spec = draw(specs())
    for locale in locales:
        # Locales share the page, each with its own changes: cross-locale rules run.
        lines = draw(mutated(base)) if draw(st.booleans()) else base
        files[f"{locale}/api/page.md"] = draw(encoded(lines))
        files[f"{locale}/api/{name}"] = spec.encode("utf-8")
        if draw(st.integers(0, 3)) == 0:
            seed = SEED_LINES[draw(st.sampled_from(SEED_PUBLISHED))]
            files[f"published-text/{locale}/api/page.txt"] = draw(encoded(draw(mutated(seed))))
    return files


# --- the properties -----------------------------------------------------------------

def _run(root: str) -> dict[str, str]:
    result = check_paths([root], Config(), display=(root, "docs"))
    out = {fmt: render(result) for fmt, render in FORMATTERS.items()}
    out["extract-json"] = render_json(result)
    internal = [f for f in result.findings if f.rule == "internal-error"]
    assert not internal, [f.message for f in internal]
    # An extractor's never-raise guard hides its exceptions in a sample's error: a bug all the same.
    guarded = [s.error for p in result.pages for s in p.samples if (s.error or "").startswith(GUARD_ERROR)]
    assert not guarded, guarded
    return out


def _counted(pages: int) -> None:
    PAGES["trees"] += 1
    PAGES["pages"] += pages
    if PROGRESS and PAGES["trees"] % 200 == 0:
        Path(PROGRESS).write_text(f"{PAGES['trees']} trees, {PAGES['pages']} pages\n")


def _write(root: Path, files: dict[str, bytes]) -> None:
    if PROGRESS:  # a long run keeps the tree it is on: a native crash takes the process down
        Path(PROGRESS + ".current").write_text(
            json.dumps({name: data.decode("latin-1") for name, data in files.items()}))
    for name, data in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


@pytest.fixture(scope="module", autouse=True)
def _count():
    yield
    if EXAMPLES:
        print(f"\nfuzz: {PAGES['trees']} trees, {PAGES['pages']} generated pages checked")


@FUZZ
@given(trees())
def test_no_exception_escapes_and_runs_are_deterministic(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _write(Path(folder), files)
        first = _run(folder)
        second = _run(folder)
    _counted(sum(name.endswith((".md", ".txt")) for name in files))
    assert first == second


@settings(FUZZ, max_examples=EXAMPLES or 15)
@given(trees())
def test_fix_never_raises_and_writes_what_it_showed(files: dict[str, bytes]) -> None:
    """`fix` on hostile trees: planning (each fix checked again) raises
    nothing, the same tree gives the same diff, and what `--write` writes is
    the text the diff showed, decodable as it was read."""
    with tempfile.TemporaryDirectory() as folder:
        _write(Path(folder), files)
        plans = [fix.plan(run_check([folder], Config(), use_history=False)) for _ in range(2)]
        diffs = [[file_fix.diff() for file_fix in plan.files] for plan in plans]
        assert diffs[0] == diffs[1]
        for file_fix in plans[0].files:
            assert file_fix.write() == ""
            with open(file_fix.fs_path, "rb") as handle:
                assert SourceText.decode(handle.read()) == file_fix.after
    _counted(sum(name.endswith((".md", ".txt")) for name in files))


@settings(FUZZ, max_examples=EXAMPLES or 10)
@given(trees(), st.data())
def test_pull_request_mode_says_the_same_with_and_without_the_cache(files: dict[str, bytes],
                                                                   data: st.DataObject) -> None:
    """A warm pull-request run pairs the pages it does not check from the cache's
    stubs (checker/pagecache.py): whatever the tree, every report must say what
    the run without the cache says. A second page per locale (the first under
    another name, perhaps changed) makes pairing choose, and page sets to skip."""
    for name in [n for n in files if n.endswith("/api/page.md")]:
        if data.draw(st.booleans()):
            files[name.replace("/page.md", "/other.md")] = files[name][::-1] if data.draw(st.booleans()) \
                else files[name]
    with tempfile.TemporaryDirectory() as folder:
        root = os.path.join(folder, "docs")
        _write(Path(root), files)
        changed = data.draw(st.sampled_from(sorted(n for n in files if n.endswith((".md", ".txt")))))
        listing = Path(folder, "changed.txt")
        listing.write_text(os.path.join(root, changed) + "\n", encoding="utf-8")
        cache = Cache.open(os.path.join(folder, "cache"))
        check_paths([root], Config(), display=(root, "docs"), cache=cache, use_history=False)  # fills it
        reports = []
        for used in (cache, None):
            scope = changes.scope_for([root], Config(), since=None, listed=str(listing))
            assert scope is not None
            hits, written = cache.hits, cache.written
            result = check_paths([root], Config(), display=(root, "docs"), only=scope.only,
                                 cache=used, use_history=False)
            result.changed = scope.summary(result)
            reports.append({fmt: render(result) for fmt, render in FORMATTERS.items()})
            if used:   # read (the index at least), nothing recomputed
                assert cache.hits > hits and cache.written == written
        assert reports[0] == reports[1]
    _counted(sum(name.endswith((".md", ".txt")) for name in files))


@FUZZ
@given(source_pages(), st.sampled_from(["en", "fr"]))
def test_one_page_alone(lines: list[str], locale: str) -> None:
    """A single page, no spec: the page rules and the reports on their own."""
    with tempfile.TemporaryDirectory() as folder:
        _write(Path(folder), {f"{locale}/page.md": "\n".join(lines).encode("utf-8", "replace")})
        assert _run(folder) == _run(folder)
    _counted(1)
