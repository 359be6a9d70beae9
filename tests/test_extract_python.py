"""PythonExtractor: Python samples (requests, httpx, aiohttp) -> Request."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.extract.base import Extraction, Extractor
from checker.extract.python import PythonExtractor, extract_python
from checker.extract.samples import read_code
from checker.model import Request

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
API = "https://api.rememberizer.ai/api/v1"


def python_fences(locale: str) -> list[str]:
    """The ```python blocks of a seed authentication page, in page order."""
    text = (SEEDS / locale / "api-docs" / "authentication.md").read_text(encoding="utf-8")
    fences: list[str] = []
    current: list[str] | None = None
    for line in text.splitlines():
        if current is None and line.strip() == "```python":
            current = []
        elif current is not None and line.strip() == "```":
            fences.append("\n".join(current))
            current = None
        elif current is not None:
            current.append(line)
    return fences


def extract(code: str) -> Extraction:
    result = PythonExtractor().extract(code)
    assert extract_python(code) == result  # the wrapper adds nothing but safety
    return result


def one(code: str) -> Request:
    result = extract(code)
    assert result.error is None, result.error
    assert len(result.requests) == 1, result.requests
    return result.requests[0]


def test_protocol() -> None:
    extractor: Extractor = PythonExtractor()
    assert extractor.languages == frozenset({"python"})


# --- the seed page: 5 POST endpoints -----------------------------------------

SEED_EXPECTED = [
    {   # Inscription: data=json.dumps(payload), explicit Content-Type
        "path": "/api/v1/auth/signup/",
        "headers": {"Content-Type": "application/json"},
        "cookies": {},
        "body": {"email": "user@example.com", "password": "secure_password",
                 "name": "John Doe", "captcha": "recaptcha_response"},
        "body_kind": "json",
        "expected_status": [],
    },
    {   # Connexion
        "path": "/api/v1/auth/signin/",
        "headers": {"Content-Type": "application/json"},
        "cookies": {},
        "body": {"login": "user@example.com", "password": "secure_password",
                 "captcha": "recaptcha_response"},
        "body_kind": "json",
        "expected_status": ["204"],
    },
    {   # Vérification de l'email
        "path": "/api/v1/auth/verify-email/",
        "headers": {"Authorization": "Bearer YOUR_JWT_TOKEN", "Content-Type": "application/json"},
        "cookies": {},
        "body": {"verification_code": "123456"},
        "body_kind": "json",
        "expected_status": ["200"],
    },
    {   # Gestion des jetons: cookies=
        "path": "/api/v1/auth/custom-refresh/",
        "headers": {},
        "cookies": {"refresh_token": "VOTRE_REFRESH_TOKEN"},
        "body": None,
        "body_kind": "",
        "expected_status": ["204"],
    },
    {   # Déconnexion: requests.Session()
        "path": "/api/v1/auth/custom-logout/",
        "headers": {},
        "cookies": {},
        "body": None,
        "body_kind": "",
        "expected_status": ["204"],
    },
]


@pytest.mark.parametrize("locale", ["fr", "zh-cn"])
@pytest.mark.parametrize("index", range(5))
def test_seed_samples(locale: str, index: int) -> None:
    fences = python_fences(locale)
    assert len(fences) == 5
    expected = dict(SEED_EXPECTED[index])
    if locale == "zh-cn" and index == 3:
        expected["cookies"] = {"refresh_token": "YOUR_REFRESH_TOKEN"}
    req = one(fences[index])
    assert req.method == "POST"
    assert req.url == "https://api.rememberizer.ai" + expected["path"]
    assert (req.scheme, req.host, req.path, req.query) == ("https", "api.rememberizer.ai",
                                                           expected["path"], {})
    assert req.headers == expected["headers"]
    assert req.cookies == expected["cookies"]
    assert req.body == expected["body"]
    assert req.body_kind == expected["body_kind"]
    assert req.expected_status == expected["expected_status"]
    assert req.implied_headers == []  # data=json.dumps(...) sets no header itself
    assert req.auth == ""


def test_seed_signup_lines_point_into_the_dicts() -> None:
    req = one(python_fences("fr")[0])
    assert req.lines == {
        "start": 16, "end": 20, "method": 16, "url": 17,
        "header:content-type": 6,          # inside `headers = {...}`
        "body": 9,                          # `payload = {`
        "body:email": 10, "body:password": 11, "body:name": 12, "body:captcha": 13,
    }


def test_seed_lines_of_status_and_cookie() -> None:
    signin = one(python_fences("fr")[1])
    assert signin.lines["status"] == 21
    refresh = one(python_fences("fr")[3])
    assert refresh.lines["cookie:refresh_token"] == 5
    assert refresh.lines["status"] == 13
    logout = one(python_fences("fr")[4])
    assert (logout.lines["start"], logout.lines["url"], logout.lines["status"]) == (6, 7, 10)


# --- hard cases -----------------------------------------------------------------

DUMPS = '''import requests, json
payload = {"email": "a@b.c", "n": 1}
r = requests.post("https://h/x", data=json.dumps(payload))
'''
JSON_KW = '''import requests
payload = {"n": 1, "email": "a@b.c"}
r = requests.post("https://h/x", json=payload)
'''


def test_json_dumps_and_json_kwarg_give_the_same_body() -> None:
    dumped, direct = one(DUMPS), one(JSON_KW)
    assert dumped.body == direct.body == {"email": "a@b.c", "n": 1}
    assert dumped.body_kind == direct.body_kind == "json"
    assert dumped.headers == {}
    assert dumped.implied_headers == []
    assert direct.headers == {"Content-Type": "application/json"}
    assert direct.implied_headers == ["content-type"]
    assert "header:content-type" not in direct.lines  # no line to point at


def test_json_kwarg_keeps_an_explicit_content_type() -> None:
    req = one('import requests\nrequests.post("https://h", json={}, headers={"content-type": "application/vnd+json"})\n')
    assert req.headers == {"content-type": "application/vnd+json"}
    assert req.implied_headers == []


def test_session_defaults_merge_into_later_calls() -> None:
    req = one('''import requests
session = requests.Session()
session.headers.update({"Authorization": "Bearer T"})
session.headers["X-Trace"] = "1"
session.cookies.set("sid", "abc")
session.auth = ("user", "pass")
response = session.post("https://h/logout", headers={"x-trace": "2"})
''')
    assert req.method == "POST"
    assert req.headers == {"Authorization": "Bearer T", "x-trace": "2"}
    assert req.cookies == {"sid": "abc"}
    assert req.auth == "basic"
    assert req.lines["header:authorization"] == 3
    assert req.lines["header:x-trace"] == 7
    assert req.lines["cookie:sid"] == 5


def test_with_session_block() -> None:
    req = one('''import requests
with requests.Session() as s:
    r = s.delete("https://h/items/1")
    assert r.status_code == 204
''')
    assert (req.method, req.path, req.expected_status) == ("DELETE", "/items/1", ["204"])


def test_header_and_body_lines_are_the_key_lines() -> None:
    req = one('''import requests
headers = {
    "Authorization":
        "Bearer T",
}
payload = {
    "question":
        "hi",
}
requests.post("https://h", headers=headers, json=payload)
''')
    assert req.lines["header:authorization"] == 3
    assert req.lines["body"] == 6
    assert req.lines["body:question"] == 7


def test_list_filled_in_a_loop_is_unknown() -> None:
    req = one('''import requests
def ask(messages):
    parts = []
    for m in messages:
        parts.append(m["text"])
    requests.post("https://h", json={"q": " ".join(parts)})
ask([{"text": "a"}, {"text": "b"}])
''')
    assert req.body == {"q": '${" ".join(parts)}'}


def test_known_test_takes_one_branch() -> None:
    result = extract('''import requests
def upload(url, name=None):
    if not name:
        name = url.split("/")[-1]
    if "?" not in name:
        name = name.upper()
    else:
        name = "cut"
    requests.post("https://h", json={"name": name, "url": url})
upload("https://x/a.png", name="given.png")
upload("https://x/b.png?v=1")
''')
    assert [r.body for r in result.requests] == [
        {"name": "GIVEN.PNG", "url": "https://x/a.png"},
        {"name": "cut", "url": "https://x/b.png?v=1"},
    ]


def test_unknown_test_reads_both_branches() -> None:
    req = one('''import requests
if flag:
    url = "https://h/a"
else:
    url = "https://h/b"
requests.get(url)
''')
    assert req.url == "https://h/b"  # later assignments win


def test_cookies_kwarg_and_cookie_header() -> None:
    req = one('''import requests
cookies = {"refresh_token": "YOUR_REFRESH_TOKEN"}
r = requests.post("https://h/auth/custom-refresh/", cookies=cookies,
                  headers={"Cookie": "theme=dark; lang=fr", "Accept": "*/*"})
''')
    assert req.cookies == {"refresh_token": "YOUR_REFRESH_TOKEN", "theme": "dark", "lang": "fr"}
    assert req.headers == {"Accept": "*/*"}
    assert req.lines["cookie:refresh_token"] == 2
    assert req.lines["cookie:theme"] == 4
    assert "header:cookie" not in req.lines


def test_kwargs_expansion() -> None:
    req = one('''import requests
options = {
    "headers": {"Authorization": "Bearer T"},
    "json": {"q": "hi"},
    "timeout": 10,
}
requests.post("https://h/ask", **options)
''')
    assert req.headers == {"Authorization": "Bearer T", "Content-Type": "application/json"}
    assert req.body == {"q": "hi"}
    assert req.lines["header:authorization"] == 3
    assert req.lines["body:q"] == 4


def test_fstring_url_with_known_base_and_unknown_id() -> None:
    req = one('''import requests
BASE = "https://api.example.com/v1"
def get_doc(doc_id):
    return requests.get(f"{BASE}/docs/{doc_id}", params={"full": True})
''')
    assert req.method == "GET"
    assert req.url == "https://api.example.com/v1/docs/${doc_id}"
    assert (req.host, req.path) == ("api.example.com", "/v1/docs/${doc_id}")
    assert req.query == {"full": "True"}


def test_function_called_with_literal_arguments() -> None:
    # The corpus' most common shape: def query(payload) ... query({...})
    req = one('''import requests
API_URL = "http://localhost:3000/api/v1/prediction/<chatflowid>"

def query(payload):
    response = requests.post(API_URL, json=payload)
    return response.json()

output = query({
    "question": "Hey, how are you?",
    "overrideConfig": {"sessionId": "123"},
})
''')
    assert req.url == "http://localhost:3000/api/v1/prediction/<chatflowid>"
    assert req.body == {"question": "Hey, how are you?", "overrideConfig": {"sessionId": "123"}}
    assert req.lines["url"] == 2
    assert req.lines["body"] == 8
    assert req.lines["body:question"] == 9
    assert req.lines["body:overrideConfig"] == 10


def test_request_with_method_argument() -> None:
    req = one('''import requests as r
resp = r.request("POST", "https://h/items", data={"a": "1"})
if resp.status_code != 201:
    raise RuntimeError(resp.text)
''')
    assert req.method == "POST"
    assert req.body == {"a": "1"}
    assert req.body_kind == "form"
    assert req.expected_status == ["201"]
    assert req.lines["status"] == 3


def test_httpx_client_with_base_url_and_headers() -> None:
    req = one('''from httpx import Client
headers = {"Authorization": "Bearer TOKEN"}
with Client(base_url="https://api.example.com/v1", headers=headers) as client:
    r = client.post("/docs", json={"name": "x"}, params={"limit": 10})
    r.raise_for_status()
''')
    assert req.url == "https://api.example.com/v1/docs"
    assert req.path == "/v1/docs"
    assert req.query == {"limit": "10"}
    assert req.headers == {"Authorization": "Bearer TOKEN", "Content-Type": "application/json"}
    assert req.lines["header:authorization"] == 2
    assert req.expected_status == ["2xx"]


def test_httpx_async_client() -> None:
    req = one('''import asyncio, httpx

async def main():
    async with httpx.AsyncClient(base_url="https://h/api/") as client:
        resp = await client.get("items/42")
        if resp.status_code in (200, 201):
            print(resp.json())

asyncio.run(main())
''')
    assert (req.method, req.url) == ("GET", "https://h/api/items/42")
    assert req.expected_status == ["200", "201"]


def test_aiohttp_session() -> None:
    req = one('''import aiohttp
async def go():
    async with aiohttp.ClientSession() as session:
        async with session.put("https://h/x", json={"a": 1}) as resp:
            assert resp.status == 200
''')
    assert (req.method, req.body, req.expected_status) == ("PUT", {"a": 1}, ["200"])
    assert req.implied_headers == ["content-type"]


def test_raise_for_status() -> None:
    req = one('''import requests
response = requests.get("https://h/x")
response.raise_for_status()
''')
    assert req.expected_status == ["2xx"]
    assert req.lines["status"] == 3


def test_if_response_ok() -> None:
    req = one('''import requests
response = requests.get("https://h/x")
if response.ok:
    print("fine")
''')
    assert req.expected_status == ["2xx"]


def test_status_code_in_tuple_and_codes_and_range() -> None:
    result = extract('''import requests
a = requests.get("https://h/a")
b = requests.get("https://h/b")
c = requests.get("https://h/c")
if b.status_code in (200, 201):
    pass
if a.status_code == requests.codes.ok:
    pass
if 200 <= c.status_code < 300:
    pass
elif c.status_code == 404:
    pass
''')
    a, b, c = result.requests
    assert [r.path for r in (a, b, c)] == ["/a", "/b", "/c"]
    assert a.expected_status == ["200"]
    assert b.expected_status == ["200", "201"]
    assert c.expected_status == ["2xx"]  # 404 is the failure branch


def test_multipart_files_and_form_fields() -> None:
    req = one('''import requests
form_data = {
    "files": ("state_of_the_union.txt", open("docs/state_of_the_union.txt", "rb"))
}
body_data = {
    "chatId": "some-session-id"
}
requests.post("https://h/api/v1/vector/upsert/<id>", files=form_data, data=body_data)
''')
    assert req.body == {"chatId": "some-session-id", "files": "@docs/state_of_the_union.txt"}
    assert req.body_kind == "multipart"
    assert req.lines["body:files"] == 3
    assert req.lines["body:chatId"] == 6
    assert req.headers == {}


def test_basic_auth_and_import_aliases() -> None:
    req = one('''from requests import get
from requests.auth import HTTPBasicAuth
get("https://h/me", auth=HTTPBasicAuth("u", "p"))
''')
    assert (req.method, req.auth) == ("GET", "basic")


def test_dict_merge_and_dict_call_and_mutation() -> None:
    req = one('''import requests
base = {"Accept": "application/json"}
headers = {**base, "X-Key": "k"}
payload = dict(name="n")
payload["extra"] = True
payload = payload.copy()
payload.update(more=1)
requests.post("https://h", headers=headers, json=payload)
''')
    assert req.headers == {"Accept": "application/json", "X-Key": "k",
                           "Content-Type": "application/json"}
    assert req.body == {"name": "n", "extra": True, "more": 1}
    assert req.lines["header:accept"] == 2
    assert req.lines["body:extra"] == 5


def test_unknown_values_keep_their_source_text() -> None:
    req = one('''import os, requests
token = os.environ["API_TOKEN"]
requests.post(os.getenv("BASE") + "/x", headers={"Authorization": f"Bearer {token}"},
              json={"q": question})
''')
    assert req.url == "${os.getenv(\"BASE\")}/x"
    assert req.headers["Authorization"] == "Bearer ${os.environ[\"API_TOKEN\"]}"
    assert req.body == {"q": "${question}"}


def test_percent_and_format_urls() -> None:
    result = extract('''import requests
BASE = "https://h"
requests.get("%s/a/%s" % (BASE, 7))
requests.get("{}/b/{name}".format(BASE, name="z"))
''')
    assert [r.url for r in result.requests] == ["https://h/a/7", "https://h/b/z"]


def test_raw_and_json_text_bodies() -> None:
    result = extract('''import requests
requests.post("https://h/a", data="plain text")
requests.post("https://h/b", data='{"a": [1, 2]}')
''')
    raw, js = result.requests
    assert (raw.body, raw.body_kind) == ("plain text", "raw")
    assert (js.body, js.body_kind) == ({"a": [1, 2]}, "json")


def test_several_requests_in_source_order() -> None:
    result = extract('''import requests
def second():
    return requests.delete("https://h/2")
def first():
    return requests.get("https://h/1")
first()
second()
''')
    assert [(r.method, r.path) for r in result.requests] == [("DELETE", "/2"), ("GET", "/1")]


def test_sdk_sample_makes_no_request() -> None:
    result = extract('''from flowise import Flowise, PredictionData
client = Flowise(base_url="http://localhost:3000")
completion = client.create_prediction(PredictionData(chatflowId="id", question="Hi"))
for chunk in completion:
    print(chunk)
''')
    assert result == Extraction()


# --- edge inputs -----------------------------------------------------------------

def test_only_prints() -> None:
    assert extract('print("Bonjour")\nprint(f"{1 + 1}")\n') == Extraction()


def test_empty_input() -> None:
    assert extract("") == Extraction()
    assert extract("\n   \n") == Extraction()


def test_garbage_input() -> None:
    result = extract("}{)(*&^%$#@! ¯\\_(ツ)_/¯")
    assert result.requests == []
    assert result.error == "unmatched '}'"
    assert result.error_line == 1


# (hostile code, how many requests it yields, whether it is an error). `PythonExtractor.extract`
# swallows any exception into an empty Extraction, so the work is also called bare
# (`extract_python`, free to raise): a bug fails the test instead of looking like "no request".
HOSTILE = [
    ("\x00\x01\xff binary", 0, True),
    ("(" * 500, 0, True),
    ("x = " + "+".join(["'a'"] * 30000), 0, True),
    ("requests.get(" * 150 + "'u'" + ")" * 150, 150, False),
    ("a = {}\na['a'] = a\nrequests.post('https://h', json=a)\n", 1, False),
    ("def f():\n    f()\n    requests.get('https://h')\nf()\n", 1, False),
    ("x = '\ud800'", 0, True),
    (None, 0, True),
]


@pytest.mark.parametrize("code, count, failed", HOSTILE, ids=range(len(HOSTILE)))
def test_never_raises(code: str, count: int, failed: bool) -> None:
    bare = extract_python(code)
    assert PythonExtractor().extract(code) == bare
    if isinstance(code, str):
        assert read_code("python", code) == bare  # as the pipeline reads it
    assert (len(bare.requests), bare.error is not None) == (count, failed)


def test_cyclic_body_is_cut_not_followed() -> None:
    request = extract("a = {}\na['a'] = a\nrequests.post('https://h', json=a)\n").requests[0]
    assert (request.method, request.url, request.body) == ("POST", "https://h", {"a": "${...}"})


def test_syntax_error_line() -> None:
    result = extract('''import requests

payload = {"a": 1}
requests.post("https://h", json=payload
print("done")
''')
    assert result.requests == []
    assert result.error == "'(' was never closed"
    assert result.error_line == 4


def test_python2_print_is_a_syntax_error() -> None:
    result = extract('import requests\nprint "x"\n')
    assert result.error_line == 2
    assert result.error is not None and result.error.startswith("Missing parentheses")


def test_placeholder_that_is_not_python_is_a_syntax_error() -> None:
    # From the Flowise corpus: `<docId>` written as a bare value.
    result = extract('''import requests
API_URL = "http://localhost:3000/api/v1/document-store/upsert/<storeId>"
def query(payload):
    return requests.post(API_URL, json=payload).json()
output = query({
    "docId": <docId>
})
''')
    assert (result.requests, result.error, result.error_line) == ([], "invalid syntax", 6)


def test_indented_sample_is_read() -> None:
    req = one('    import requests\n    requests.get("https://h/x")\n')
    assert (req.path, req.lines["start"]) == ("/x", 2)


# --- urllib.request ------------------------------------------------------------------

def test_urllib_request_with_json_body_headers_and_method() -> None:
    req = one('''import json
import urllib.request

body = {
    "name": "Ada",
    "role": "admin",
}
req = urllib.request.Request(
    "https://api.example.com/v1/users?notify=1",
    data=json.dumps(body).encode("utf-8"),
    headers={"Content-Type": "application/json"},
    method="POST",
)
req.add_header("Authorization", "Bearer YOUR_API_KEY")
with urllib.request.urlopen(req) as resp:
    if resp.status == 201:
        print(resp.read())
''')
    assert (req.client, req.method, req.host, req.path) == ("urllib", "POST", "api.example.com", "/v1/users")
    assert req.query == {"notify": "1"}
    assert req.headers == {"Content-Type": "application/json", "Authorization": "Bearer YOUR_API_KEY"}
    assert (req.body_kind, req.body) == ("json", {"name": "Ada", "role": "admin"})
    assert req.implied_headers == []  # a Content-Type written wins over urllib's form default
    assert req.expected_status == ["201"]
    assert {k: req.lines[k] for k in ("start", "end", "method", "url", "query:notify", "header:content-type",
                                      "header:authorization", "body", "body:name", "body:role", "status")} \
        == {"start": 8, "end": 15, "method": 12, "url": 9, "query:notify": 9, "header:content-type": 11,
            "header:authorization": 14, "body": 4, "body:name": 5, "body:role": 6, "status": 16}


def test_urlopen_with_urlencoded_data_is_a_form_post() -> None:
    req = one('''from urllib.parse import urlencode
from urllib.request import urlopen

form = {
    "grant_type": "client_credentials",
    "scope": "read",
}
data = urlencode(form).encode()
resp = urlopen("https://auth.example.com/oauth/token", data)
assert resp.getcode() == 200
''')
    assert (req.client, req.method, req.url) == ("urllib", "POST", "https://auth.example.com/oauth/token")
    assert (req.body_kind, req.body) == ("form", {"grant_type": "client_credentials", "scope": "read"})
    # urllib sends a form Content-Type of its own when data is given and none is written.
    assert req.headers == {"Content-Type": "application/x-www-form-urlencoded"}
    assert req.implied_headers == ["content-type"]
    assert req.expected_status == ["200"]
    assert (req.lines["method"], req.lines["body:grant_type"], req.lines["body:scope"], req.lines["status"]) \
        == (9, 5, 6, 10)


def test_urlencode_query_and_get_without_data() -> None:
    req = one('''import urllib.parse
import urllib.request

BASE = "https://api.example.com/v1/search"
params = urllib.parse.urlencode({"q": "two words", "limit": 10})
request = urllib.request.Request(BASE + "?" + params, headers={"Accept": "application/json"})
with urllib.request.urlopen(request) as response:
    code = response.getcode()
    if code in (200, 203):
        pass
''')
    assert (req.method, req.path, req.query) == ("GET", "/v1/search", {"q": "two words", "limit": "10"})
    assert (req.body, req.body_kind, req.implied_headers) == (None, "", [])
    assert req.headers == {"Accept": "application/json"}
    assert req.expected_status == ["200", "203"]
    assert (req.lines["start"], req.lines["method"], req.lines["status"]) == (6, 6, 9)


def test_urllib_placeholders_opener_and_unsent_requests() -> None:
    result = extract('''import os
import urllib.request

token = os.environ["API_TOKEN"]
draft = urllib.request.Request("https://h/never-sent", method="DELETE")
req = urllib.request.Request(f"https://h/v1/items/{item_id}", method="put", data=b'{"a": 1}')
req.add_header("Authorization", "Bearer " + token)
opener = urllib.request.build_opener()
opener.open(req)
''')
    assert result.error is None
    [req] = result.requests  # a Request never opened sends nothing
    assert (req.method, req.path) == ("PUT", "/v1/items/${item_id}")
    assert req.headers["Authorization"] == 'Bearer ${os.environ["API_TOKEN"]}'
    assert (req.body_kind, req.body, req.lines["body:a"]) == ("json", {"a": 1}, 6)
    assert (req.lines["start"], req.lines["end"]) == (6, 9)


# --- http.client -----------------------------------------------------------------------

def test_http_client_request_and_response_status() -> None:
    req = one('''import http.client
import json

payload = {
    "name": "Ada",
    "role": "admin",
}
headers = {
    "Authorization": "Bearer YOUR_API_KEY",
    "Content-Type": "application/json",
}
conn = http.client.HTTPSConnection("api.example.com")
conn.request("POST", "/v1/users", body=json.dumps(payload), headers=headers)
res = conn.getresponse()
if res.status != 201:
    raise SystemExit(res.reason)
''')
    assert (req.client, req.method, req.url) == ("http.client", "POST", "https://api.example.com/v1/users")
    assert req.headers == {"Authorization": "Bearer YOUR_API_KEY", "Content-Type": "application/json"}
    assert req.implied_headers == []  # http.client adds no Content-Type
    assert (req.body_kind, req.body) == ("json", {"name": "Ada", "role": "admin"})
    assert req.expected_status == ["201"]
    assert {k: req.lines[k] for k in ("start", "method", "url", "header:authorization",
                                      "header:content-type", "body:name", "body:role", "status")} \
        == {"start": 13, "method": 13, "url": 13, "header:authorization": 9, "header:content-type": 10,
            "body:name": 5, "body:role": 6, "status": 15}


def test_http_client_ports_aliases_and_text_bodies() -> None:
    result = extract('''from http.client import HTTPConnection, HTTPSConnection
import http.client as httplib

local = HTTPConnection("localhost", 8080)
local.request("PUT", "/api/items/1", """{
    "title": "x",
    "done": true
}""", {"Content-Type": "application/json"})
assert local.getresponse().status == 200

secure = httplib.HTTPSConnection("api.example.com", 443)
secure.request("GET", "/v1/items?limit=5")
''')
    assert result.error is None
    put, get = result.requests
    assert (put.method, put.url, put.body_kind, put.body) == \
        ("PUT", "http://localhost:8080/api/items/1", "json", {"title": "x", "done": True})
    # A JSON text written over several lines: each key at its own line.
    assert (put.lines["body"], put.lines["body:title"], put.lines["body:done"]) == (5, 6, 7)
    assert (put.expected_status, put.lines["status"], put.lines["header:content-type"]) == (["200"], 9, 8)
    assert (get.method, get.url, get.query, get.body) == \
        ("GET", "https://api.example.com/v1/items?limit=5", {"limit": "5"}, None)


def test_http_client_putrequest_flow() -> None:
    req = one('''import http.client
conn = http.client.HTTPSConnection("api.example.com")
conn.putrequest("POST", "/v1/tokens")
conn.putheader("Content-Type", "application/x-www-form-urlencoded")
conn.putheader("Cookie", "session=abc; theme=dark")
conn.endheaders(b"user=ada&scope=read")
print(conn.getresponse().status)
''')
    assert (req.method, req.url) == ("POST", "https://api.example.com/v1/tokens")
    assert req.headers == {"Content-Type": "application/x-www-form-urlencoded"}
    assert req.cookies == {"session": "abc", "theme": "dark"}
    assert (req.body_kind, req.body) == ("raw", "user=ada&scope=read")
    assert (req.lines["header:content-type"], req.lines["cookie:theme"], req.lines["body"]) == (4, 5, 6)


# --- the cross-language fixtures ----------------------------------------------------------

LANGUAGE_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "languages"


@pytest.mark.parametrize("client", ["requests", "httpx", "urllib", "http-client"])
def test_language_fixture_sends_the_one_request(client: str) -> None:
    code = (LANGUAGE_FIXTURES / f"python--{client}.txt").read_text(encoding="utf-8")
    req = one(code)
    assert req.client == client.replace("-", ".")
    assert (req.method, req.url, req.path) == ("POST", "https://api.example.com/v1/users", "/v1/users")
    assert req.header("authorization") == "Bearer YOUR_API_KEY"
    assert req.header("content-type") == "application/json"
    assert (req.body_kind, req.body) == ("json", {"name": "Ada", "role": "admin"})
    role_line = next(n for n, text in enumerate(code.splitlines(), 1) if "role" in text)
    assert req.lines["body:role"] == role_line


@pytest.mark.parametrize("client", ["urllib", "http-client"])
def test_published_page_of_a_stdlib_client_is_recovered_and_read(client: str) -> None:
    from tests.helpers import page_of

    code = (LANGUAGE_FIXTURES / f"python--{client}.txt").read_text(encoding="utf-8")
    flat = "\n".join(line.strip() for line in code.splitlines() if line.strip())  # indentation lost
    page = page_of("Créer un utilisateur\n\nLast updated\n\nEnvoyez la requête :\n\n" + flat
                   + "\n\nLa réponse contient l'utilisateur créé.\n", "fr/p.txt")
    assert [fence.language for fence in page.fences] == ["python"]
    [sample] = page.samples
    assert [(r.client, r.method, r.url, r.body) for r in sample.requests] == \
        [(client.replace("-", "."), "POST", "https://api.example.com/v1/users", {"name": "Ada", "role": "admin"})]


# --- hostile input, read directly (no wrapper to swallow a crash) -------------------------

@pytest.mark.parametrize("code", [
    "import urllib.request\nurllib.request.urlopen()\nurllib.request.Request()\n",
    "import http.client\nc = http.client.HTTPSConnection()\nc.request()\nc.getresponse().status\n",
    "import http.client\nc = http.client.HTTPConnection(h, port)\nc.putheader('a', 'b')\nc.endheaders()\n",
    "from urllib.request import Request as R, urlopen as u\nr = R(R)\nr.add_header(r)\nu(r, r).getcode()\n",
    "import urllib.parse\nurllib.parse.urlencode({'a': [1, {'b': ...}]}).encode()\n",
    "a = {}\na['a'] = a\nimport urllib.request\nurllib.request.urlopen('https://h', urllib.parse.urlencode(a))\n",
    "\x00\x01\xff binary",
    "(" * 500,
    "requests.get(" * 150 + "'u'" + ")" * 150,
])
def test_hostile_samples_never_raise(code: str) -> None:
    assert isinstance(extract_python(code), Extraction)


def test_many_sends_stop_at_the_request_bound() -> None:
    from checker.extract.python.walker import MAX_REQUESTS

    code = "import urllib.request\n" + "urllib.request.urlopen('https://h/x')\n" * (MAX_REQUESTS * 3)
    assert len(extract_python(code).requests) == MAX_REQUESTS


def test_client_names_and_import_spellings() -> None:
    result = extract('''import aiohttp
import requests.api
from urllib import request
import urllib.request as ur
from http import client

async def go():
    async with aiohttp.ClientSession() as s:
        await s.get("https://h/a")
requests.api.get("https://h/b")
request.urlopen("https://h/c")
ur.urlopen(ur.Request("https://h/d", data=b"x"))
client.HTTPSConnection("h").request("GET", "/e")
''')
    assert [(r.client, r.method, r.path) for r in result.requests] == [
        ("aiohttp", "GET", "/a"), ("requests", "GET", "/b"), ("urllib", "GET", "/c"),
        ("urllib", "POST", "/d"), ("http.client", "GET", "/e")]
