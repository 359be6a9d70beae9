"""Raw HTTP blocks (```` ```http ```` and unlabelled `METHOD /path HTTP/1.1`) are requests.

The reader is called directly (no wrapper that would swallow an exception),
every field asserted; then a two-locale tree shows that a drifted method and
a renamed body key are reported by the request rules at their lines.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from checker.cli import main
from checker.extract.rawhttp import RawHttpExtractor, starts_request
from checker.extract.samples import read_code, reading_language
from checker.model import Fence
from tests.helpers import page_of, write_tree


def read(code: str):
    return RawHttpExtractor().extract(code)


def one(code: str):
    extraction = read(code)
    assert extraction.error is None, extraction.error
    assert len(extraction.requests) == 1, extraction.requests
    return extraction.requests[0]


CREATE = """\
POST /v1/users?limit=5&page=2 HTTP/1.1
Host: api.example.com
Authorization: Bearer YOUR_API_KEY
Content-Type: application/json
Content-Length: 44

{
  "name": "Ada",
  "profile": {"role": "admin"}
}
"""


def test_origin_form_target_takes_the_host_header_and_https():
    request = one(CREATE)
    assert (request.method, request.url) == ("POST", "https://api.example.com/v1/users?limit=5&page=2")
    assert (request.scheme, request.host, request.path) == ("https", "api.example.com", "/v1/users")
    assert request.query == {"limit": "5", "page": "2"}
    assert request.client == "http"
    # Host and Content-Length are the client's own: no header of the sample.
    assert request.headers == {"Authorization": "Bearer YOUR_API_KEY", "Content-Type": "application/json"}
    assert (request.body_kind, request.body) == ("json", {"name": "Ada", "profile": {"role": "admin"}})
    assert request.lines == {
        "start": 1, "end": 10, "method": 1, "url": 1, "query:limit": 1, "query:page": 1,
        "header:authorization": 3, "header:content-type": 4,
        "body": 7, "body:name": 8, "body:profile": 9, "body:profile.role": 9,
    }


@pytest.mark.parametrize(("host", "url"), [
    ("api.example.com:80", "http://api.example.com:80/x"),
    ("localhost:3000", "http://localhost:3000/x"),
    ("api.example.com:8443", "https://api.example.com:8443/x"),
])
def test_the_host_port_says_the_scheme(host: str, url: str):
    assert one(f"GET /x HTTP/1.1\nHost: {host}\n").url == url


def test_absolute_form_target_is_the_url_and_no_host_header_is_needed():
    request = one("DELETE https://api.example.com/v1/users/{id} HTTP/2\nAccept: */*\n")
    assert (request.method, request.host, request.path) == ("DELETE", "api.example.com", "/v1/users/{id}")
    assert request.headers == {"Accept": "*/*"}
    assert request.lines["header:accept"] == 2 and request.lines["end"] == 2


def test_a_target_without_host_keeps_its_path():
    request = one("GET /v1/items HTTP/1.1\n")
    assert (request.url, request.host, request.path) == ("/v1/items", "", "/v1/items")


def test_headers_fold_repeat_and_cookies_go_to_cookies():
    request = one("GET /v1/me HTTP/1.1\nHost: api.example.com\nX-Trace: a,\n  b\n"
                  "x-trace: c\nCookie: session=abc; theme=dark\n# a comment\nAccept: text/plain\n")
    assert request.headers == {"x-trace": "c", "Accept": "text/plain"}
    assert request.cookies == {"session": "abc", "theme": "dark"}
    assert request.lines["header:x-trace"] == 5 and request.lines["cookie:theme"] == 6
    assert request.lines["header:accept"] == 8


def test_a_form_body_is_read_with_its_content_type():
    request = one("POST /oauth/token HTTP/1.1\nHost: auth.example.com\n"
                  "Content-Type: application/x-www-form-urlencoded\n\n"
                  "grant_type=client_credentials&client_id=YOUR_ID\n")
    assert (request.body_kind, request.body) == (
        "form", {"grant_type": "client_credentials", "client_id": "YOUR_ID"})
    assert request.lines["body"] == 5 and request.lines["body:client_id"] == 5


def test_a_body_that_is_neither_json_nor_form_is_raw():
    request = one("PUT /files/a.txt HTTP/1.1\nHost: x.example.com\nContent-Type: text/plain\n\n"
                  "hello world\nsecond line\n")
    assert (request.body_kind, request.body) == ("raw", "hello world\nsecond line")
    assert request.lines["body"] == 5 and request.lines["end"] == 6


def test_a_json_body_right_under_the_headers_is_still_the_body():
    request = one('POST /v1/users HTTP/1.1\nContent-Type: application/json\n{"role": "admin"}\n')
    assert request.body == {"role": "admin"} and request.lines["body:role"] == 3


def test_two_requests_in_a_block_by_blank_line_and_by_separator():
    code = ("POST /v1/login HTTP/1.1\nHost: api.example.com\nContent-Type: application/json\n\n"
            '{"user": "ada"}\n\n'
            "GET /v1/me HTTP/1.1\nHost: api.example.com\nAuthorization: Bearer T\n\n"
            "###\n\n"
            "PATCH https://api.example.com/v1/me HTTP/1.1\n\n"
            '{"role": "admin"}\n')
    requests = read(code).requests
    assert [(r.method, r.path) for r in requests] == [
        ("POST", "/v1/login"), ("GET", "/v1/me"), ("PATCH", "/v1/me")]
    assert [(r.lines["start"], r.lines["end"]) for r in requests] == [(1, 5), (7, 9), (13, 15)]
    assert requests[0].body == {"user": "ada"} and requests[1].body is None
    assert requests[1].headers == {"Authorization": "Bearer T"}
    assert requests[2].lines["body:role"] == 15


def test_a_response_block_gives_no_request_and_no_error():
    extraction = read('HTTP/1.1 201 Created\nContent-Type: application/json\n\n{"id": "u_1"}\n')
    assert (extraction.requests, extraction.error) == ([], None)


def test_a_response_under_its_request_is_not_part_of_the_body():
    request = one('POST /v1/users HTTP/1.1\nHost: api.example.com\n\n{"name": "Ada"}\n\n'
                  'HTTP/1.1 201 Created\nContent-Type: application/json\n\n{"id": 1}\n')
    assert request.body == {"name": "Ada"} and request.lines["end"] == 4


def test_crlf_line_ends_read_as_lf():
    request = one(CREATE.replace("\n", "\r\n"))
    assert request.headers["Content-Type"] == "application/json"
    assert request.body == {"name": "Ada", "profile": {"role": "admin"}}
    assert request.lines["body:profile.role"] == 9


def test_http_file_variables_and_query_lines():
    request = one("@base = https://api.example.com\n@token = T1\n\n"
                  "GET {{base}}/v1/items\n    ?limit=5\n    &page=2\n"
                  "Authorization: Bearer {{token}}\nX-Other: {{unknown}}\n")
    assert request.url == "https://api.example.com/v1/items?limit=5&page=2"
    assert request.headers == {"Authorization": "Bearer T1", "X-Other": "{{unknown}}"}
    assert request.lines["start"] == 4 and request.lines["header:authorization"] == 7


@pytest.mark.parametrize(("code", "line"), [
    ("POST v1/users HTTP/1.1\nHost: api.example.com\n", 1),
    ("FETCH /v1/users HTTP/1.1\n", 1),
    ("# create\n\nPOST /v1/my users HTTP/1.1\n", 3),
    ("GET /a HTTP/1.1\n\n###\nPOTS /v1/users\n", 4),
])
def test_a_malformed_request_line_is_an_error_at_its_line(code: str, line: int):
    extraction = read(code)
    assert extraction.error and "request line" in extraction.error
    assert extraction.error_line == line


@pytest.mark.parametrize("code", [
    "Content-Type: application/json\nAuthorization: Bearer 123456\n",   # a headers fragment
    "https://api.example.com/v1/users\n",                              # a bare URL
    "{\n  \"a\": 1\n}\n",
    "",
])
def test_what_starts_with_no_request_sends_nothing_and_is_no_error(code: str):
    assert (read(code).requests, read(code).error) == ([], None)


@pytest.mark.parametrize("code", [
    "\x00\x01 garbage \ufffd\n" * 1000,
    "POST /x HTTP/1.1\n" + "X-A: b\n  c\n" * 20_000,
    "GET /x HTTP/1.1\n\n" + "{" * 100_000,
    "GET /x HTTP/1.1\r\n\r\n" * 20_000,
    b"GET /x HTTP/1.1\nHost: h\n",
    None,
])
def test_garbage_and_huge_input_never_raise(code):
    extraction = RawHttpExtractor().extract(code)
    assert extraction.error is None or "could not read" not in extraction.error


def test_reading_time_grows_linearly():
    unit = "POST /v1/users HTTP/1.1\nHost: a.example.com\nX-A: 1\n\n{\"a\": 1}\n\n"
    times = []
    for count in (1_000, 10_000):
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            read(unit * count)
            runs.append(time.perf_counter() - start)
        times.append(min(runs))
    assert times[1] / max(times[0], 1e-3) < 30, times


# -- which blocks are read as raw HTTP ----------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("POST /v1/users HTTP/1.1\nHost: api.example.com\n", True),
    ("\n\n  GET https://api.example.com/v1/users\n", True),
    ("GET https://api.example.com/v1/users HTTP/1.1\n", True),
    ("GET /v1/users\nPOST /v1/users\n", False),          # an endpoint list
    ("get https://api.example.com/\n", False),
    ("Host: api.example.com\nPOST /v1/users HTTP/1.1\n", False),
    ("curl https://api.example.com/v1/users\n", False),
])
def test_an_unlabelled_block_is_raw_http_when_it_starts_with_a_request_line(text: str, expected: bool):
    assert starts_request(text) is expected
    fence = Fence(info="", language="", text=text, line=1, fence_line=1, end_line=3)
    assert reading_language(fence) == ("http" if expected else ("bash" if "curl" in text else ""))


def test_an_unlabelled_request_block_on_a_page_is_read():
    page = page_of("# Users\n\n```\nPOST https://api.example.com/v1/users HTTP/1.1\n"
                   "Content-Type: application/json\n\n{\"role\": \"admin\"}\n```\n")
    (sample,) = page.samples
    assert [(r.method, r.path, r.body) for r in sample.requests] == [("POST", "/v1/users", {"role": "admin"})]
    assert sample.error is None


def test_an_unlabelled_block_that_is_no_request_is_not_read_as_one():
    page = page_of("# Users\n\n```\nPOST v1/users is how you create one\n```\n")
    (sample,) = page.samples
    assert (sample.requests, sample.error) == ([], None)


def test_a_malformed_labelled_block_is_a_sample_syntax_finding(tmp_path: Path, capsys):
    root = write_tree(tmp_path, {"en/p.md": "# P\n\nText.\n\n```http\nPOST v1/users HTTP/1.1\n```\n"})
    findings = _check(capsys, root)
    assert [(f["rule"], f["line"]) for f in findings if f["rule"] == "sample-syntax"] == [("sample-syntax", 6)]


def test_the_http_language_reads_through_read_code():
    extraction = read_code("http", CREATE)
    assert [r.method for r in extraction.requests] == ["POST"]


# -- the request rules on raw HTTP ---------------------------------------------------

PAGE = """\
# Create a user

Send the request:

```http
{method} /v1/users HTTP/1.1
Host: api.example.com
Authorization: Bearer YOUR_API_KEY
Content-Type: application/json

{{
  "name": "Ada",
  "{key}": "admin"
}}
```

Unlabelled:

```
PATCH https://api.example.com/v1/users/{{id}} HTTP/1.1
Content-Type: application/json

{{"{key2}": "admin"}}
```
"""


def _check(capsys: pytest.CaptureFixture[str], root: str) -> list[dict]:
    with pytest.raises(SystemExit):
        main(["check", root, "--format", "json"])
    return json.loads(capsys.readouterr().out)["findings"]


def test_raw_http_method_and_body_key_drift_are_reported_at_their_lines(tmp_path: Path, capsys):
    root = write_tree(tmp_path, {
        "en/users.md": PAGE.format(method="POST", key="role", key2="role"),
        "fr/users.md": PAGE.format(method="PUT", key="role", key2="rolle"),
    })
    found = [(f["rule"], f["path"].split("/")[-2], f["line"]) for f in _check(capsys, root)]
    assert sorted(found) == [("method-drift", "fr", 6), ("payload-drift", "fr", 23)]


def test_unchanged_raw_http_in_both_locales_gives_no_finding(tmp_path: Path, capsys):
    text = PAGE.format(method="POST", key="role", key2="role")
    translated = text.replace("Send the request:", "Envoyez la requête :").replace("Unlabelled:", "Sans étiquette :")
    root = write_tree(tmp_path, {"en/users.md": text, "fr/users.md": translated.replace("\n", "\r\n")})
    assert _check(capsys, root) == []


# -- published pages (fences gone) ---------------------------------------------------


def test_a_published_raw_request_is_recovered_as_http_and_read():
    # (Its body, below a blank line, is assembled as a block of its own: the
    # published assembler's business, left alone here.)
    page = page_of("Users\n\nList the users like this:\n\n"
                   "GET https://api.example.com/v1/users?limit=5 HTTP/1.1\n"
                   "Authorization: Bearer YOUR_API_KEY\nAccept: application/json\n\nThat is all.\n",
                   "fr/users.txt")
    (sample,) = page.samples
    assert sample.language == "http"
    (request,) = sample.requests
    assert (request.method, request.url, request.query) == (
        "GET", "https://api.example.com/v1/users?limit=5", {"limit": "5"})
    assert request.headers == {"Authorization": "Bearer YOUR_API_KEY", "Accept": "application/json"}
    assert sample.page_line(request.lines["header:accept"]) == 7


def test_the_openapi_widgets_generated_request_stays_out_of_the_samples():
    widget = ("post\nResponses\n201\npost\nPOST /api/v1/documents/ HTTP/1.1\nHost: api.example.com\n"
              "Content-Type: application/json\nAccept: */*\n\n{\n\"name\": \"text\"\n}\n")
    page = page_of(f"Documents\n\nCreate a document\n\n{widget}", "fr/documents.txt")
    assert [(f.language, f.generated) for f in page.fences][:1] == [("http", True)]
    assert all(not sample.requests or sample.requests[0].client != "http" for sample in page.samples)
