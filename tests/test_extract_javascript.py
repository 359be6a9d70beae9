"""The JavaScript extractor: seed samples, the hard cases, and inputs that must not break it."""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path

import pytest

from checker.extract.base import Extraction
from checker.extract.javascript import JavaScriptExtractor
from checker.model import Request
from tests.helpers import GUARD_ERROR, read_sample

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
BASE = "https://api.rememberizer.ai/api/v1"


def js_fences(locale: str) -> list[str]:
    text = (SEEDS / locale / "api-docs" / "authentication.md").read_text(encoding="utf-8")
    return re.findall(r"```javascript\n(.*?)```", text, re.DOTALL)


def extract(code: str, language: str = "javascript") -> Extraction:
    return JavaScriptExtractor().extract(code, language=language)


def only(code: str, language: str = "javascript") -> Request:
    result = extract(code, language)
    assert result.error is None, result.error
    assert len(result.requests) == 1, result.requests
    return result.requests[0]


# --------------------------------------------------------------------------- seeds


def test_languages() -> None:
    assert JavaScriptExtractor.languages == frozenset({"javascript", "typescript"})


def test_seed_has_five_javascript_samples() -> None:
    assert len(js_fences("fr")) == 5


def test_seed_signup_fetch_with_json_stringify() -> None:
    request = only(js_fences("fr")[0])
    assert request.method == "POST"
    assert request.url == f"{BASE}/auth/signup/"
    assert (request.scheme, request.host, request.path) == ("https", "api.rememberizer.ai",
                                                             "/api/v1/auth/signup/")
    assert request.query == {}
    assert request.headers == {"Content-Type": "application/json"}
    assert request.cookies == {}
    assert request.body == {"email": "user@example.com", "password": "secure_password",
                            "name": "John Doe", "captcha": "recaptcha_response"}
    assert request.body_kind == "json"
    assert request.expected_status == []
    assert request.credentials == ""
    assert request.implied_headers == []  # fetch never sets a JSON content type
    assert request.lines == {"start": 2, "end": 13, "method": 3, "url": 2, "header:content-type": 5,
                             "body": 7, "body:email": 8, "body:password": 9, "body:name": 10,
                             "body:captcha": 11}


def test_seed_signin_status_204() -> None:
    request = only(js_fences("fr")[1])
    assert (request.method, request.url, request.path) == ("POST", f"{BASE}/auth/signin/",
                                                           "/api/v1/auth/signin/")
    assert request.headers == {"Content-Type": "application/json"}
    assert request.cookies == {}
    assert request.body == {"login": "user@example.com", "password": "secure_password",
                            "captcha": "recaptcha_response"}
    assert request.body_kind == "json"
    assert request.expected_status == ["204"]
    assert request.lines["status"] == 15


def test_seed_verify_email_authorization_and_200() -> None:
    request = only(js_fences("fr")[2])
    assert (request.method, request.url, request.path) == ("POST", f"{BASE}/auth/verify-email/",
                                                           "/api/v1/auth/verify-email/")
    assert request.headers == {"Authorization": "Bearer YOUR_JWT_TOKEN",
                               "Content-Type": "application/json"}
    assert request.cookies == {}
    assert request.body == {"verification_code": "123456"}
    assert request.expected_status == ["200"]
    assert request.lines["header:authorization"] == 5
    assert request.lines["status"] == 13


@pytest.mark.parametrize("index, path", [(3, "/auth/custom-refresh/"), (4, "/auth/custom-logout/")])
def test_seed_credentials_include_and_204(index: int, path: str) -> None:
    request = only(js_fences("fr")[index])
    assert (request.method, request.url, request.path) == ("POST", BASE + path, "/api/v1" + path)
    assert request.headers == {}
    assert request.cookies == {}
    assert request.body is None
    assert request.body_kind == ""
    assert request.credentials == "include"
    assert request.expected_status == ["204"]
    assert request.lines["status"] == 7


def test_translated_comments_and_logs_do_not_change_requests() -> None:
    french, chinese = js_fences("fr"), js_fences("zh-cn")
    assert french != chinese  # the texts differ (comments, log messages)...
    assert [extract(code).requests for code in french] == [extract(code).requests for code in chinese]


def test_comment_and_log_text_in_another_language() -> None:
    english = """const r = await fetch('https://h/x', {
  method: 'POST', // send it
  body: JSON.stringify({ a: 1 })
});
if (r.status === 200) console.log("Done!");
"""
    danish = english.replace("// send it", "// send den, tak").replace("Done!", "Færdig! status === 500")
    assert extract(english).requests == extract(danish).requests
    assert extract(danish).requests[0].expected_status == ["200"]


# --------------------------------------------------------------------------- hard cases


def test_headers_from_a_variable_point_at_their_declaration() -> None:
    code = """const headers = {
  'Authorization': 'Bearer TOKEN',
  'Cookie': 'session=abc; theme=dark',
};
async function list() {
  const res = await fetch('https://h/api/items', { headers });
  return res.json();
}
"""
    request = only(code)
    assert request.method == "GET"
    assert request.headers == {"Authorization": "Bearer TOKEN"}
    assert request.cookies == {"session": "abc", "theme": "dark"}
    assert request.lines["header:authorization"] == 2
    assert request.lines["cookie:session"] == 3
    assert request.lines["start"] == 6


def test_fetch_init_from_a_variable() -> None:
    # The flowise custom-tool shape: `fetch(url, options)` with unknown `$vars`.
    code = """const fetch = require('node-fetch');
const url = 'https://morning-star.p.rapidapi.com/news/list?performanceId=' + $performanceId;
const options = {
\tmethod: 'GET',
\theaders: {
\t\t'X-RapidAPI-Key': 'replace with your api key',
\t}
};
const response = await fetch(url, options);
"""
    request = only(code)
    assert request.method == "GET"
    assert request.url == "https://morning-star.p.rapidapi.com/news/list?performanceId=${$performanceId}"
    assert request.query == {"performanceId": "${$performanceId}"}
    assert request.headers == {"X-RapidAPI-Key": "replace with your api key"}
    assert request.lines["method"] == 4
    assert request.lines["url"] == 2
    assert request.lines["header:x-rapidapi-key"] == 6


def test_new_headers_with_append() -> None:
    code = """const h = new Headers({ 'X-Api-Key': 'KEY' });
h.append('Accept', 'application/json');
fetch('https://h/x/1', { method: 'delete', headers: h });
"""
    request = only(code)
    assert request.method == "DELETE"
    assert request.headers == {"X-Api-Key": "KEY", "Accept": "application/json"}
    assert request.lines["header:x-api-key"] == 1
    assert request.lines["header:accept"] == 2


def test_template_url_with_known_const_and_unknown_id() -> None:
    code = """const API_URL = "https://api.example.com/v1";
async function getDoc(id) {
  return fetch(`${API_URL}/documents/${id}?expand=true`);
}
"""
    request = only(code)
    assert request.url == "https://api.example.com/v1/documents/${id}?expand=true"
    assert request.path == "/v1/documents/${id}"
    assert request.query == {"expand": "true"}
    assert request.lines["query:expand"] == 3


def test_unknown_values_keep_their_source_text() -> None:
    code = """const sessionId = $flow.sessionId;
fetch('https://h/x', {
  method: 'POST',
  headers: { Authorization: `Bearer ${process.env.API_KEY}` },
  body: JSON.stringify({ question, session: sessionId, key: process.env.KEY, n: count + 1 }),
});
"""
    request = only(code)
    assert request.headers == {"Authorization": "Bearer ${process.env.API_KEY}"}
    assert request.body == {"question": "${question}", "session": "${sessionId}",
                            "key": "${process.env.KEY}", "n": "${count + 1}"}


def test_constants_concatenation_shorthand_spread_and_defaults() -> None:
    code = """const BASE = process.env.BASE_URL || 'https://api.example.com';
const question = 'Hi?';
const extra = {
  lang: 'fr',
};
fetch(BASE + '/ask', {
  method: 'POST',
  body: JSON.stringify({ question, ...extra, ...unknown, n: null, u: undefined, f: 1.5, neg: -2 }),
});
"""
    request = only(code)
    assert request.url == "https://api.example.com/ask"
    assert request.body == {"question": "Hi?", "lang": "fr", "n": None, "f": 1.5, "neg": -2}
    assert request.lines["body:lang"] == 4


def test_axios_post_with_data_and_config_headers() -> None:
    code = """import axios from 'axios';
const payload = { name: 'x', tags: ['a'] };
const res = await axios.post('https://h/items', payload, {
  headers: { Authorization: 'Bearer T' },
  params: { dry: true },
});
if (res.status === 201) console.log(res.data);
"""
    request = only(code)
    assert request.method == "POST"
    assert request.url == "https://h/items"
    assert request.query == {"dry": "true"}
    assert request.headers == {"Authorization": "Bearer T", "Content-Type": "application/json"}
    assert request.implied_headers == ["content-type"]
    assert "header:content-type" not in request.lines
    assert request.body == {"name": "x", "tags": ["a"]}
    assert request.body_kind == "json"
    assert request.expected_status == ["201"]
    assert request.lines["body"] == 2
    assert request.lines["header:authorization"] == 4
    assert request.lines["query:dry"] == 5


def test_axios_explicit_content_type_is_not_implied() -> None:
    request = only("axios.put('https://h/y', {a: 1}, {headers: {'content-type': 'application/json'}})")
    assert request.headers == {"content-type": "application/json"}
    assert request.implied_headers == []


def test_axios_config_call() -> None:
    code = """const url = 'https://h/api/items';
await axios({
  method: 'post',
  url,
  data: { a: 1 },
});
"""
    request = only(code)
    assert request.method == "POST"
    assert request.url == "https://h/api/items"
    assert request.body == {"a": 1}
    assert request.headers == {"Content-Type": "application/json"}
    assert request.implied_headers == ["content-type"]
    assert request.lines["method"] == 3
    assert request.lines["url"] == 1


def test_axios_create_base_url_and_default_headers() -> None:
    code = """const axios = require('axios');
const api = axios.create({
  baseURL: 'https://api.example.com/v1/',
  headers: { 'X-Api-Key': 'KEY' },
});
api.defaults.headers.common['Authorization'] = 'Bearer T';
const { status } = await api.get('/users/me', { params: { full: 1 } });
if (status === 200) {}
"""
    request = only(code)
    assert request.method == "GET"
    assert request.url == "https://api.example.com/v1/users/me"
    assert request.path == "/v1/users/me"
    assert request.query == {"full": "1"}
    assert request.headers == {"X-Api-Key": "KEY", "Authorization": "Bearer T"}
    assert request.expected_status == ["200"]
    assert request.lines["header:x-api-key"] == 4
    assert request.lines["header:authorization"] == 6


def test_formdata_upload() -> None:
    code = """const form = new FormData();
form.append('file', fileInput.files[0]);
form.append('purpose', 'assistants');
form.append('doc', new File(['x'], 'doc.pdf'));
form.append('replaceExisting', true);
const r = await fetch('https://h/upload', { method: 'POST', body: form });
"""
    request = only(code)
    assert request.body == {"file": "${fileInput.files[0]}", "purpose": "assistants",
                            "doc": "@doc.pdf", "replaceExisting": "true"}
    assert request.body_kind == "multipart"
    assert request.headers == {}
    assert request.lines["body"] == 1
    assert request.lines["body:purpose"] == 3


def test_fetch_that_loads_a_file_for_the_form_is_not_a_request() -> None:
    # From the flowise document-stores page.
    code = """const formData = new FormData();
formData.append("files", new Blob([await (await fetch('my-another-file.pdf')).blob()]), "my-another-file.pdf");
const response = await fetch("http://localhost:3000/api/v1/document-store/upsert/x", {
    method: "POST",
    body: formData
});
"""
    request = only(code)
    assert request.url == "http://localhost:3000/api/v1/document-store/upsert/x"
    assert request.body == {"files": "@my-another-file.pdf"}


def test_urlsearchparams_body_is_a_form() -> None:
    request = only("fetch('https://h/t', {method: 'POST', body: new URLSearchParams({grant_type: 'x', n: 2})})")
    assert request.body == {"grant_type": "x", "n": "2"}
    assert request.body_kind == "form"


def test_string_bodies_json_or_raw() -> None:
    code = """fetch('https://h/a', {method: 'POST', body: `{
  "k": 1,
  "z": [2]
}`});
fetch('https://h/b', {method: 'POST', body: 'hello'});
"""
    first, second = extract(code).requests
    assert (first.body, first.body_kind) == ({"k": 1, "z": [2]}, "json")
    assert first.lines["body:z"] == 3
    assert (second.body, second.body_kind) == ("hello", "raw")


def test_then_chain_with_not_ok() -> None:
    code = """fetch('https://h/api/ping', { method: 'HEAD' })
  .then(res => {
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return res;
  });
"""
    request = only(code)
    assert request.method == "HEAD"
    assert request.expected_status == ["2xx"]
    assert request.lines["status"] == 3


@pytest.mark.parametrize("check, expected", [
    ("if (r.status >= 200 && r.status < 300) {}", ["2xx"]),
    ("if (r.status == 200) {}", ["200"]),
    ("if (r.status != 201) throw 1", ["201"]),
    ("if (r.status === 404) throw 1", []),
    ("switch (r.status) { case 200: case 202: break; case 500: throw 1 }", ["200", "202"]),
    ("if ([200, 204].includes(r.status)) {}", ["200", "204"]),
    ("console.log(r.ok)", []),
    ("return r.ok ? 1 : 2", ["2xx"]),
])
def test_status_checks(check: str, expected: list[str]) -> None:
    request = only(f"async function f() {{\n  const r = await fetch('https://h/x');\n  {check}\n}}")
    assert request.expected_status == expected


def test_two_fetch_calls_in_one_sample() -> None:
    code = """const API = 'https://h/api';
const login = await fetch(`${API}/login`, {
  method: 'POST',
  body: JSON.stringify({ user: 'u' }),
});
const items = await fetch(`${API}/items`);
if (items.status === 200) {}
if (login.status === 204) {}
"""
    first, second = extract(code).requests
    assert (first.method, first.url, first.body) == ("POST", "https://h/api/login", {"user": "u"})
    assert (second.method, second.url, second.body) == ("GET", "https://h/api/items", None)
    assert first.expected_status == ["204"]
    assert second.expected_status == ["200"]
    assert (first.lines["start"], second.lines["start"]) == (2, 6)


def test_function_called_with_literal_arguments() -> None:
    # The flowise `query(data)` shape: the body is what the call passes, written at the call.
    code = """async function query(data) {
    const response = await fetch(
        "http://localhost:3000/api/v1/prediction/<chatflowid>",
        {
            method: "POST",
            headers: {"Content-Type": "application/json"},
            body: JSON.stringify(data)
        }
    );
    return await response.json();
}
query({
    "question": "Hey, how are you?",
}).then((response) => console.log(response));
"""
    request = only(code)
    assert request.url == "http://localhost:3000/api/v1/prediction/<chatflowid>"
    assert (request.body, request.body_kind) == ({"question": "Hey, how are you?"}, "json")
    assert request.headers == {"Content-Type": "application/json"}
    assert (request.lines["start"], request.lines["body"], request.lines["body:question"]) == (2, 12, 13)


def test_function_called_twice_gives_two_requests_in_call_order() -> None:
    code = """async function send(flowId, question, streaming = false) {
  const response = await fetch(`https://h/api/v1/prediction/${flowId}`, {
    method: 'POST',
    body: JSON.stringify({ question, streaming }),
  });
  if (!response.ok) throw new Error('HTTP ' + response.status);
  return response.json();
}
function later(flow) { return send(flow, 'Second?', true); }
send('flow-1', 'First?');
later(unknownFlow);
"""
    first, second = extract(code).requests
    assert (first.url, first.body) == ("https://h/api/v1/prediction/flow-1",
                                       {"question": "First?", "streaming": False})
    assert (second.url, second.body) == ("https://h/api/v1/prediction/${unknownFlow}",
                                         {"question": "Second?", "streaming": True})
    assert first.expected_status == second.expected_status == ["2xx"]
    assert first.lines["body:question"] == 4


def test_function_never_called_keeps_parameters_unknown() -> None:
    code = """async function ask(flowId, payload) {
  return fetch(`https://h/prediction/${flowId}`, { method: 'POST', body: JSON.stringify(payload) });
}
"""
    request = only(code)
    assert request.url == "https://h/prediction/${flowId}"
    assert (request.body, request.body_kind) == ("${payload}", "json")


def test_sdk_usage_is_not_a_request() -> None:
    code = """import { FlowiseClient } from 'flowise-sdk'
const client = new FlowiseClient({ baseUrl: 'http://localhost:3000' });
const prediction = await client.createPrediction({ chatflowId: 'x', question: 'q' });
"""
    assert extract(code) == Extraction()


# --------------------------------------------------------------------------- odd inputs


def test_empty_input() -> None:
    assert extract("") == Extraction()
    assert extract("  \n\t") == Extraction()


def test_only_prints() -> None:
    result = extract("const greeting = 'Bonjour';\nconsole.log(`${greeting}, fetch('https://h/x')`);\n")
    assert result == Extraction()


# (garbage, the (method, url) of each request read, whether it is a syntax error at line 1):
# read through the pipeline's `read_code`, so an extractor that raises fails, not passes.
GARBAGE = [
    ("\x00\x01\xff{{{ ]]] `${", [], True),
    ("((((" * 5000, [], True),
    ("((((" * 5000 + "\nfetch('https://h/after');\n", [("GET", "https://h/after")], True),
    ("fetch(" * 300, [], True),
    ("\ud800 lone surrogate fetch('x')", [("GET", "x")], True),
    ("x" * 200_000, [], False),
]


@pytest.mark.parametrize("garbage, sent, broken", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_is_read_not_survived(garbage: str, sent: list[tuple[str, str]], broken: bool) -> None:
    result = read_sample("javascript", garbage)
    assert [(r.method, r.url) for r in result.requests] == sent
    if broken:
        assert result.error is not None and result.error.startswith("JavaScript syntax error")
        assert result.error_line == 1
    else:
        assert (result.error, result.error_line) == (None, None)


def test_an_extractor_that_raises_fails_the_garbage_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard in `JavaScriptExtractor.extract` turns an exception into an error;
    the garbage tests must see through it (else a broken extractor passes them)."""
    def boom(self: JavaScriptExtractor, code: str, language: str) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(JavaScriptExtractor, "_extract", boom)
    assert extract("fetch('https://h')").error.startswith(GUARD_ERROR)
    with pytest.raises(AssertionError):
        read_sample("javascript", "fetch('https://h')")


def test_non_text_input() -> None:
    assert JavaScriptExtractor().extract(None).error == "sample is not text"  # type: ignore[arg-type]


def test_syntax_error_line_and_requests_that_parsed() -> None:
    code = """fetch('https://h/ok');
const payload = {
  a: 1
  b: 2
};
"""
    result = extract(code)
    assert result.error is not None and result.error.startswith("JavaScript syntax error")
    assert result.error_line == 4
    assert [r.url for r in result.requests] == ["https://h/ok"]


def test_placeholder_that_breaks_the_parse() -> None:
    # flowise: `"docId": <docId>` is no JavaScript; the request is still read.
    code = """// use FormData to upload files
let formData = new FormData();
formData.append("files", input.files[0]);
formData.append("docId", <docId>);

async function query(formData) {
    const response = await fetch(
        "http://localhost:3000/api/v1/document-store/upsert/<storeId>",
        {
            method: "POST",
            body: formData
        }
    );
    const result = await response.json();
    return result;
}
"""
    result = extract(code)
    assert result.error_line == 4
    assert [(r.method, r.path) for r in result.requests] == [
        ("POST", "/api/v1/document-store/upsert/<storeId>")]


def test_typescript_annotations_are_not_errors() -> None:
    code = """const url: string = "https://h/ts";
async function go(id: string): Promise<void> {
  const res: Response = await fetch(`${url}/${id}`, { method: "POST", body: JSON.stringify({ a: 1 }) });
  if (res.status === 204) return;
}
"""
    result = extract(code, language="typescript")
    assert result.error is None
    request = result.requests[0]
    assert (request.method, request.url, request.body) == ("POST", "https://h/ts/${id}", {"a": 1})
    assert request.expected_status == ["204"]
    # The same text in a `javascript` fence does not parse.
    assert extract(code).error is not None


def test_request_serialises() -> None:
    data = asdict(only(js_fences("fr")[0]))
    assert data["method"] == "POST" and data["body"]["email"] == "user@example.com"


def test_postman_style_sample() -> None:
    code = """var myHeaders = new Headers();
myHeaders.append("Content-Type", "application/json");
let raw = JSON.stringify({
  "email": "a@b.c"
});
var requestOptions = {
  method: 'POST',
  headers: myHeaders,
  body: raw,
  redirect: 'follow'
};
fetch("https://api.example.com/v1/users", requestOptions)
  .then(response => response.text())
  .catch(error => console.log('error', error));
"""
    request = only(code)
    assert (request.method, request.url) == ("POST", "https://api.example.com/v1/users")
    assert request.headers == {"Content-Type": "application/json"}
    assert (request.body, request.body_kind) == ({"email": "a@b.c"}, "json")
    assert request.lines["method"] == 7
    assert request.lines["header:content-type"] == 2
    assert request.lines["body"] == 3
    assert request.lines["body:email"] == 4


def test_url_object_with_search_params() -> None:
    code = """const url = new URL('/v1/search', 'https://api.example.com');
url.searchParams.append('q', query);
url.searchParams.set('limit', 10);
const response = await fetch(url.toString());
"""
    request = only(code)
    assert request.url == "https://api.example.com/v1/search?q=${query}&limit=10"
    assert request.query == {"q": "${query}", "limit": "10"}


def test_destructured_parameters_defaults_and_recursion() -> None:
    code = """const go = async ({ id, q = 'x', n: count = 2 }) => {
  await fetch(`https://h/items/${id}?q=${q}&n=${count}`);
  if (id > 10) await go({ id: id - 1 });
};
go({ id: 7 });
"""
    request = only(code)  # the recursive call is not followed
    assert request.url == "https://h/items/7?q=x&n=2"
    assert request.query == {"q": "x", "n": "2"}
