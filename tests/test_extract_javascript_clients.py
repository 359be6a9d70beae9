"""The JavaScript clients beyond fetch and axios: got, ky, superagent, node-fetch/cross-fetch, XMLHttpRequest."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker import languages
from checker.extract.javascript import JavaScriptExtractor
from checker.model import Request

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "languages"
URL = "https://api.example.com/v1/users"
BODY = {"name": "Ada", "role": "admin"}


def requests(code: str, language: str = "javascript") -> list[Request]:
    result = JavaScriptExtractor(language).extract(code)
    assert result.error is None, result.error
    return result.requests


def only(code: str, language: str = "javascript") -> Request:
    found = requests(code, language)
    assert len(found) == 1, found
    return found[0]


def line_of(code: str, needle: str) -> int:
    return code[:code.index(needle)].count("\n") + 1


# --------------------------------------------------------------------------- the fixtures


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*script--*.txt")), ids=lambda p: p.stem)
def test_fixture_sends_the_one_request(path: Path) -> None:
    code = path.read_text(encoding="utf-8")
    language, client = path.stem.split("--")
    request = only(code, language)
    assert (request.method, request.url, request.path) == ("POST", URL, "/v1/users")
    assert request.headers["Authorization"] == "Bearer YOUR_API_KEY"
    assert request.headers["Content-Type"] == "application/json"
    assert (request.body, request.body_kind) == (BODY, "json")
    assert request.client == client
    assert code.count("role") == 1
    assert request.lines["body:role"] == line_of(code, "role")
    registered = languages.get(language)
    assert registered is not None and languages.display(language, request.client) == registered.display


# --------------------------------------------------------------------------- got and ky


def test_got_post_with_json_headers_and_json_response() -> None:
    code = (FIXTURES / "javascript--got.txt").read_text(encoding="utf-8")
    request = only(code)
    assert request.implied_headers == ["content-type"]  # got sets it for `json`
    assert request.lines["header:authorization"] == line_of(code, "Authorization")
    assert request.lines["method"] == line_of(code, "got.post")
    assert (request.lines["start"], request.lines["end"]) == (3, 11)


def test_got_url_and_method_option_and_string_body() -> None:
    code = """const got = require('got');
const res = await got('https://h/items/7', {
  method: 'PUT',
  headers: {'content-type': 'application/x-www-form-urlencoded'},
  body: 'a=1&b=two',
});
if (res.statusCode === 200) console.log(res.body);
"""
    request = only(code)
    assert (request.method, request.url) == ("PUT", "https://h/items/7")
    assert request.lines["method"] == 3
    assert (request.body, request.body_kind) == ({"a": "1", "b": "two"}, "form")
    assert request.expected_status == ["200"]
    assert request.lines["status"] == 7


def test_got_options_object_search_params_form_and_basic_auth() -> None:
    code = """import got from 'got';
await got({
  url: 'https://h/search',
  method: 'post',
  searchParams: {q: 'ada', limit: 10},
  form: {grant_type: 'client_credentials'},
  username: 'id', password: 'secret',
});
"""
    request = only(code)
    assert (request.method, request.url, request.query) == ("POST", "https://h/search",
                                                            {"q": "ada", "limit": "10"})
    assert request.lines["query:limit"] == 5
    assert (request.body, request.body_kind) == ({"grant_type": "client_credentials"}, "form")
    assert request.headers == {"Content-Type": "application/x-www-form-urlencoded"}
    assert request.implied_headers == ["content-type"]
    assert request.auth == "basic"


def test_got_extend_prefix_url_and_merged_headers() -> None:
    code = """import got from 'got';
const api = got.extend({
  prefixUrl: 'https://api.example.com/v1',
  headers: {Authorization: 'Bearer T', Accept: 'application/json'},
});
const admin = api.extend({headers: {'X-Admin': '1'}});
await admin.post('users', {json: {name: 'Ada'}});
await api.get('users/1');
"""
    post, get = requests(code)
    assert (post.method, post.url) == ("POST", URL)
    assert post.headers == {"Authorization": "Bearer T", "Accept": "application/json", "X-Admin": "1",
                            "Content-Type": "application/json"}
    assert post.lines["header:authorization"] == 4 and post.lines["header:x-admin"] == 6
    assert (get.method, get.url, get.body) == ("GET", URL + "/1", None)


def test_ky_post_and_create() -> None:
    code = """import ky from 'ky';
const api = ky.create({prefixUrl: 'https://api.example.com/v1'});
const user = await api.post('users', {json: {name: 'Ada', role: 'admin'}}).json();
await ky('https://h/x', {method: 'DELETE'});
"""
    post, delete = requests(code)
    assert (post.client, post.method, post.url, post.body) == ("ky", "POST", URL, BODY)
    assert post.headers == {"Content-Type": "application/json"}
    assert (delete.client, delete.method, delete.url) == ("ky", "DELETE", "https://h/x")


def test_got_in_a_fragment_without_its_import() -> None:
    assert only("await got.delete('https://h/items/1');").method == "DELETE"


# --------------------------------------------------------------------------- superagent


def test_superagent_chain_lines() -> None:
    code = (FIXTURES / "javascript--superagent.txt").read_text(encoding="utf-8")
    request = only(code)
    assert request.lines["header:authorization"] == line_of(code, ".set(\"Authorization\"")
    assert request.lines["header:content-type"] == line_of(code, ".set(\"Content-Type\"")
    assert request.lines["method"] == line_of(code, ".post(")
    assert request.expected_status == ["201"]
    assert request.implied_headers == []  # written, so not implied


def test_superagent_query_type_auth_and_implied_json() -> None:
    code = """import request from 'superagent';
request
  .put('https://h/items/1')
  .query({expand: 'owner'})
  .query('page=2')
  .auth(token, {type: 'bearer'})
  .set({'X-Trace': 'abc'})
  .send({name: 'Ada'})
  .then(res => console.log(res.body));
"""
    request = only(code)
    assert (request.method, request.url) == ("PUT", "https://h/items/1")
    assert request.query == {"expand": "owner", "page": "2"}
    assert request.headers == {"Authorization": "Bearer ${token}", "X-Trace": "abc",
                               "Content-Type": "application/json"}
    assert request.implied_headers == ["content-type"]
    assert (request.body, request.body_kind) == ({"name": "Ada"}, "json")
    assert request.lines["header:authorization"] == 6 and request.lines["body:name"] == 8
    assert request.lines["end"] == 8  # `.then` reads the response


def test_superagent_type_form_string_body_and_method_call() -> None:
    code = """const superagent = require('superagent');
superagent('POST', 'https://h/token')
  .send({grant_type: 'password', user: 'ada'})
  .type('form')
  .end(callback);
"""
    request = only(code)
    assert request.method == "POST"
    assert request.headers == {"Content-Type": "application/x-www-form-urlencoded"}
    assert (request.body, request.body_kind) == ({"grant_type": "password", "user": "ada"}, "form")


def test_superagent_multipart_and_delete() -> None:
    code = """import request from 'superagent';
await request.post('https://h/upload').field('purpose', 'docs').attach('file', 'a.pdf');
await request.del('https://h/upload/1').withCredentials();
"""
    upload, delete = requests(code)
    assert (upload.body, upload.body_kind) == ({"purpose": "docs", "file": "@a.pdf"}, "multipart")
    assert (delete.method, delete.credentials) == ("DELETE", "include")


# --------------------------------------------------------------------------- node-fetch and friends


@pytest.mark.parametrize("head", [
    "import fetch from 'node-fetch';",
    "const fetch = require('node-fetch');",
    "import fetch from 'cross-fetch';",
    "const fetch = require('cross-fetch');",
    "import { fetch } from 'undici';",
    "const nodeFetch = require('node-fetch'); const fetch = nodeFetch;",
])
def test_imported_fetch_is_fetch(head: str) -> None:
    request = only(head + "\nawait fetch('https://h/x', {method: 'POST', body: JSON.stringify({a: 1})});\n")
    assert (request.client, request.method, request.body) == ("fetch", "POST", {"a": 1})
    assert request.lines["start"] == 2


def test_a_local_function_named_fetch_is_not_the_client() -> None:
    code = "import { fetch } from './store';\nfetch('users');\n"
    assert requests(code) == []


# --------------------------------------------------------------------------- XMLHttpRequest


def test_xhr_lines_and_status() -> None:
    code = (FIXTURES / "javascript--xhr.txt").read_text(encoding="utf-8")
    request = only(code)
    assert request.client == "xhr"
    assert request.lines["method"] == line_of(code, "xhr.open")
    assert request.lines["header:authorization"] == line_of(code, "\"Authorization\"")
    assert request.lines["status"] == line_of(code, "xhr.status")
    assert request.lines["end"] == line_of(code, "xhr.send")
    assert request.implied_headers == []  # XHR implies no JSON content type


def test_two_requests_on_one_xhr_and_credentials() -> None:
    code = """var xhr = new XMLHttpRequest();
xhr.withCredentials = true;
xhr.open('GET', 'https://h/a', true);
xhr.send();
xhr.open('DELETE', 'https://h/b');
xhr.setRequestHeader('Cookie', 'sid=1; theme=dark');
xhr.send(null);
xhr.onreadystatechange = function () {
  if (this.readyState === 4 && this.status === 204) done();
};
"""
    first, second = requests(code)
    assert (first.method, first.url, first.cookies) == ("GET", "https://h/a", {})
    assert (second.method, second.url) == ("DELETE", "https://h/b")
    assert second.cookies == {"sid": "1", "theme": "dark"} and second.lines["cookie:theme"] == 6
    assert second.expected_status == ["204"] and first.expected_status == []


def test_xhr_send_of_a_form_string() -> None:
    code = """const req = new XMLHttpRequest();
req.open("POST", "https://h/login");
req.setRequestHeader("Content-Type", "application/x-www-form-urlencoded");
req.send("user=ada&pass=x");
"""
    request = only(code)
    assert (request.body, request.body_kind) == ({"user": "ada", "pass": "x"}, "form")
    assert request.lines["body"] == 4


# --------------------------------------------------------------------------- the registry


def test_registry_names_the_clients() -> None:
    for client in ("fetch", "axios", "got", "ky", "superagent", "xhr"):
        assert languages.display("javascript", client) == "JavaScript"
        assert languages.display("typescript", client) == "TypeScript"
    extractor = languages.extractors("typescript")[0]
    assert isinstance(extractor, JavaScriptExtractor) and extractor.language == "typescript"


def test_garbage_after_a_client_never_raises() -> None:
    extractor = JavaScriptExtractor()
    for code in ("request.post(", "got.post(url, {json: ", "xhr.open(", "new XMLHttpRequest().open('GET')",
                 "superagent.get('x')" + ".set('a', 'b')" * 300, "got(" * 2000):
        result = extractor.extract(code)
        # `extract` turns an exception into an error; none may happen at all.
        assert not (result.error or "").startswith("could not read sample"), result.error


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("javascript--*.txt")), ids=lambda p: p.stem)
def test_published_sample_is_recovered_and_read(path: Path) -> None:
    # A published page: fences and indentation gone, prose around the code.
    from checker.extract.samples import read_code
    from checker.parse.rendered import layout

    code = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = ["Créer un utilisateur", "Exemple :", ""] + code + ["", "La réponse contient l'identifiant."]
    fences = layout(lines).fences
    assert [(f.line, f.end_line, f.language) for f in fences] == [(4, 3 + len(code), "javascript")]
    extraction = read_code("javascript", fences[0].text)
    assert [(r.method, r.url, r.body) for r in extraction.requests] == [("POST", URL, BODY)]


def test_published_client_lines_open_a_block() -> None:
    from checker.parse.rendered import layout

    lines = ["Exemple :", "", "got.post('https://h/x', {", "json: {a: 1},", "});", "", "Fin.", "",
             "xhr.setRequestHeader('X-A', '1');", "", "Suite."]
    assert [(f.line, f.end_line, f.language) for f in layout(lines).fences] == [
        (3, 5, "javascript"), (9, 9, "javascript")]
