"""TypeScript on its own grammar: types skipped, casts seen through, enums read, errors reported."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from checker.extract import placeholders
from checker.extract.javascript import JavaScriptExtractor, typescript_extractor
from checker.model import Request
from checker.parse.rendered import layout

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "languages"
REPO = Path(__file__).resolve().parent.parent


def only(code: str) -> Request:
    result = typescript_extractor().extract(code)
    assert result.error is None, result.error
    assert len(result.requests) == 1, result.requests
    return result.requests[0]


def test_fixture_with_interfaces_annotations_and_casts() -> None:
    code = (FIXTURES / "typescript--fetch.txt").read_text(encoding="utf-8")
    request = only(code)
    assert (request.method, request.url) == ("POST", "https://api.example.com/v1/users")
    assert request.headers == {"Authorization": "Bearer YOUR_API_KEY", "Content-Type": "application/json"}
    assert request.body == {"name": "Ada", "role": "admin"}
    assert request.expected_status == ["201"]
    assert request.lines["header:authorization"] == 14
    assert request.lines["body:role"] == 25  # the argument of the call, bound to `payload: Payload`


def test_generics_as_satisfies_non_null_and_type_assertions() -> None:
    code = """import axios, { AxiosResponse } from "axios";
type Id = string;
const base = process.env.BASE! as string;
const config = { headers: { "X-Key": "k" } } satisfies Record<string, unknown>;
const data = <Record<string, string>>{ name: "Ada" };
const res: AxiosResponse<User> = await axios.post<User>("https://h/users", data, config);
if (res.status === 201) console.log(res.data);
"""
    request = only(code)
    assert (request.method, request.url, request.body) == ("POST", "https://h/users", {"name": "Ada"})
    assert request.headers == {"X-Key": "k", "Content-Type": "application/json"}
    assert request.expected_status == ["201"]
    assert request.lines["body:name"] == 5


def test_await_fetch_with_type_arguments() -> None:
    # tree-sitter-typescript reads `await fetch<T>(...)` as a call of `await fetch`.
    request = only('const r = await fetch<User>("https://h/u/1", { method: "DELETE" });\n'
                   "if (!r.ok) throw new Error();\n")
    assert (request.method, request.url, request.expected_status) == ("DELETE", "https://h/u/1", ["2xx"])


def test_enums_are_values() -> None:
    code = """enum Role { Admin = "admin", Member = "member" }
const enum Level { Low = 1, Mid, High }
await fetch("https://h/users", {
  method: "POST",
  body: JSON.stringify({ role: Role.Admin, level: Level.High, other: Role["Member"] }),
});
"""
    assert only(code).body == {"role": "admin", "level": 3, "other": "member"}


def test_typed_parameters_defaults_and_destructuring_are_bound() -> None:
    code = """interface Options { id: string; verbose?: boolean }
async function remove(base: string, { id }: Options, method: string = "DELETE"): Promise<void> {
  await fetch(`${base}/items/${id}`, { method });
}
remove("https://h", { id: "7" });
"""
    request = only(code)
    assert (request.method, request.url) == ("DELETE", "https://h/items/7")
    assert request.lines["method"] == 3  # a default, as in JavaScript: where it is used


def test_class_fields_with_modifiers() -> None:
    code = """class Api {
  private readonly base: string = "https://h/v1";
  async create(body: object): Promise<Response> {
    return fetch(`${this.base}/things`, { method: "POST", body: JSON.stringify(body) });
  }
}
"""
    request = only(code)
    assert (request.method, request.url) == ("POST", "https://h/v1/things")


def test_a_sample_that_does_not_parse_has_an_error_and_its_line() -> None:
    code = """const url: string = "https://h/x";
await fetch(url, { method: "POST" });
function broken(a: string {
  return a;
}
"""
    result = JavaScriptExtractor("typescript").extract(code)
    assert result.error is not None and result.error.startswith("TypeScript syntax error")
    assert result.error_line == 3
    assert [r.url for r in result.requests] == ["https://h/x"]  # what parsed is still read


def test_tsx_is_read_with_the_tsx_grammar() -> None:
    code = """export function Button({ id }: { id: string }) {
  const onClick = async (): Promise<void> => {
    await fetch(`https://h/items/${id}`, { method: "PATCH" });
  };
  return <button onClick={onClick}>Save</button>;
}
"""
    result = typescript_extractor().extract(code)
    assert result.error is None
    assert [(r.method, r.url) for r in result.requests] == [("PATCH", "https://h/items/${id}")]
    assert JavaScriptExtractor("tsx").extract(code).error is None


def test_type_annotations_in_a_javascript_fence_are_an_error() -> None:
    code = 'const url: string = "https://h/ts";\nfetch(url);\n'
    result = JavaScriptExtractor().extract(code)
    assert result.error is not None and result.error.startswith("JavaScript syntax error")
    assert [r.url for r in result.requests] == ["https://h/ts"]


def test_bare_placeholders_quoted_parse_in_typescript() -> None:
    # What `samples.py` retries for the languages in BARE_PLACEHOLDER_LANGUAGES.
    code = 'const body: Body = { "docId": <docId> };\nawait fetch("https://h/x", { method: "POST", body: JSON.stringify(body) });\n'
    assert typescript_extractor().extract(code).error is not None
    request = only(placeholders.quote_bare(code))
    assert request.body == {"docId": "<docId>"}


def test_garbage_and_huge_input_never_raise_and_stay_fast() -> None:
    extractor = typescript_extractor()
    for code in ("", "\x00\xff<>", "interface {", "enum E { A = }", "let x: = ;", "<" * 5000,
                 "type T = " + "Array<" * 2000, "fetch(" + "(" * 5000, b"\xff\xfefetch('x')"):
        result = extractor.extract(code)  # type: ignore[arg-type]
        # `extract` turns an exception into an error; none may happen at all.
        assert not (result.error or "").startswith("could not read sample"), result.error
    small = "const a: number = 1;\n" * 2_000
    start = time.perf_counter()
    extractor.extract(small)
    small_time = time.perf_counter() - start
    start = time.perf_counter()
    extractor.extract(small * 10)
    assert time.perf_counter() - start < max(small_time, 0.01) * 40
    assert extractor.extract("x" * 1_000_001).error_line == 1


def test_published_typescript_is_recovered_and_read() -> None:
    code = [line.strip() for line in (FIXTURES / "typescript--fetch.txt").read_text().splitlines()]
    lines = ["Créer un utilisateur", "Exemple :", ""] + code + ["", "La réponse contient l'identifiant."]
    fences = layout(lines).fences
    assert [(f.line, f.language) for f in fences] == [(4, "typescript")]
    request = only(fences[0].text)
    assert request.body == {"name": "Ada", "role": "admin"}


def test_the_typescript_grammar_loads_only_with_a_typescript_block() -> None:
    script = """
import json, sys
import checker.cli
from checker.extract.samples import read_code
seen = ["tree_sitter_typescript" in sys.modules]
read_code("javascript", "fetch('https://h/x');")
seen.append("tree_sitter_typescript" in sys.modules)
read_code("typescript", "const u: string = 'https://h/x'; fetch(u);")
seen.append("tree_sitter_typescript" in sys.modules)
print(json.dumps(seen))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO,
                          timeout=120, check=True)
    assert json.loads(done.stdout) == [False, False, True]
