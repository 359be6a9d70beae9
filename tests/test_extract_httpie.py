"""Tests for the HTTPie reader (checker.extract.httpie), through the shell extractor."""

from __future__ import annotations

from checker.extract.httpie import JSON_ACCEPT
from checker.extract.shell import ShellExtractor
from checker.model import Request

JSON_HEADERS = {"Content-Type": "application/json", "Accept": JSON_ACCEPT}


def extract(code: str):
    return ShellExtractor().extract(code)


def only(code: str) -> Request:
    result = extract(code)
    assert result.error is None, result.error
    assert len(result.requests) == 1, result.requests
    return result.requests[0]


def test_post_with_header_and_fields_is_a_json_object() -> None:
    code = ('http POST https://api.example.com/v1/users \\\n'   # 1
            '  Authorization:"Bearer x" \\\n'                  # 2
            '  name=Ada \\\n'                                   # 3
            '  role=admin\n')                                   # 4
    req = only(code)
    assert (req.method, req.url, req.path) == ("POST", "https://api.example.com/v1/users", "/v1/users")
    assert req.headers == {"Authorization": "Bearer x", **JSON_HEADERS}
    assert req.implied_headers == ["content-type", "accept"]
    assert (req.body, req.body_kind, req.client) == ({"name": "Ada", "role": "admin"}, "json", "httpie")
    assert req.lines == {"start": 1, "end": 4, "method": 1, "url": 1, "header:authorization": 2,
                         "body": 3, "body:name": 3, "body:role": 4}


def test_raw_json_values_query_and_nested_keys() -> None:
    req = only("http PUT example.com/v1/items/7 age:=29 'tags:=[\"a\", \"b\"]' ok:=true "
               "'user[name]=Ada' 'user[langs][]=en' page==2 page==3 q==x")
    assert (req.method, req.url, req.host) == ("PUT", "http://example.com/v1/items/7", "example.com")
    assert req.body == {"age": 29, "tags": ["a", "b"], "ok": True,
                        "user": {"name": "Ada", "langs": ["en"]}}
    assert req.query == {"page": ["2", "3"], "q": "x"}
    assert {"body:user.name", "body:user.langs", "query:page", "query:q"} <= set(req.lines)


def test_method_defaults_to_post_with_data_and_get_without() -> None:
    assert only("http https://h/x name=Ada").method == "POST"
    req = only("http https://h/x X-Trace:on")
    assert (req.method, req.body, req.headers) == ("GET", None, {"X-Trace": "on"})
    assert only("http https://h/x q==1").method == "GET"


def test_localhost_shorthand_and_default_schemes() -> None:
    assert only("http :3000/api/v1/ping").url == "http://localhost:3000/api/v1/ping"
    assert only("http :/health").url == "http://localhost/health"
    assert only("https example.com/a").url == "https://example.com/a"
    assert only("http --default-scheme=https example.com/a").url == "https://example.com/a"
    assert only("xh :8080/x").url == "http://localhost:8080/x"


def test_form_and_multipart() -> None:
    req = only("http --form POST https://h/login user=a pass=b")
    assert (req.body, req.body_kind) == ({"user": "a", "pass": "b"}, "form")
    assert req.headers == {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    req = only("http -f POST https://h/upload name=doc file@report.pdf")
    assert (req.body, req.body_kind) == ({"name": "doc", "file": "@report.pdf"}, "multipart")
    assert req.headers == {} and req.implied_headers == []
    req = only("http --json POST https://h/x a=1")
    assert (req.body_kind, req.headers) == ("json", JSON_HEADERS)


def test_auth_options() -> None:
    req = only("http -a admin:secret https://h/x")
    assert (req.auth, req.headers) == ("basic", {})
    assert only("http --auth-type=digest --auth admin:secret https://h/x").auth == "digest"
    req = only("http -A bearer -a TOKEN POST https://h/x name=Ada")
    assert req.headers["Authorization"] == "Bearer TOKEN" and req.auth == ""
    assert only("xh --bearer T https://h/x").headers == {"Authorization": "Bearer T"}


def test_header_items() -> None:
    req = only("http https://h/x 'Cookie:a=1; b=2' Accept: X-Empty\\; 'X-A:1' 'x-a:2'")
    assert req.cookies == {"a": "1", "b": "2"}
    assert req.headers == {"X-Empty": "", "x-a": "2"}   # `Accept:` unsets; a repeat replaces
    assert only("http https://h/x 'a\\:b=c'").body == {"a:b": "c"}   # an escaped separator


def test_body_from_stdin_here_string_and_file() -> None:
    code = ("http POST https://h/x <<EOF\n"   # 1
            "{\n"                              # 2
            '  "name": "$NAME",\n'             # 3
            '  "n": 2\n'                       # 4
            "}\n"
            "EOF\n")
    req = only(code)
    assert (req.body, req.body_kind) == ({"name": "${NAME}", "n": 2}, "json")
    assert (req.lines["body:name"], req.lines["body:n"], req.lines["end"]) == (3, 4, 6)
    assert req.headers == JSON_HEADERS
    req = only("http https://h/x <<< '{\"a\": 1}'")
    assert (req.method, req.body) == ("POST", {"a": 1})
    req = only("echo '[1, 2]' | http POST https://h/x")
    assert req.body == [1, 2]
    assert only("http POST https://h/x < body.json").body == "@body.json"
    assert only("http POST https://h/x @body.json").body == "@body.json"
    assert only("http --raw 'hello' POST https://h/x").body == "hello"
    req = only("echo '{\"a\": 1}' | http --ignore-stdin https://h/x")
    assert (req.method, req.body) == ("GET", None)


def test_variables_and_continuations() -> None:
    code = ('BASE=https://api.example.com\n'
            'TOKEN="abc"\n'
            'http --verbose POST "$BASE/v1/users" \\\n'
            '    "Authorization:Bearer $TOKEN" \\\n'
            '    name="Ada Lovelace"\n')
    req = only(code)
    assert req.url == "https://api.example.com/v1/users"
    assert req.headers["Authorization"] == "Bearer abc"
    assert req.body == {"name": "Ada Lovelace"}
    assert (req.lines["start"], req.lines["header:authorization"], req.lines["body:name"]) == (3, 4, 5)


def test_words_that_are_no_httpie_call_give_nothing() -> None:
    for code in ("http is a protocol", "http", "https://example.com/x", "http --version",
                 "http POST requests are simple", "xh"):
        result = extract(code)
        assert (result.requests, result.error) == ([], None), code


def test_a_sample_that_does_not_parse_reports_its_line() -> None:
    result = extract("http POST https://h/ok a=1\n"
                     "http POST https://h/x name='Ada\n")
    assert [r.url for r in result.requests] == ["https://h/ok"]
    assert result.error is not None and "unterminated" in result.error
    assert result.error_line == 2


def test_garbage_and_huge_input_never_raise_and_stay_fast() -> None:
    for code in ("http " + "a=" * 20000, "http :" + "[" * 20000 + "=1", "http POST :1/ " + "x:=" * 5000,
                 "http \x00\udcff ::: ==== @@@", "http " + "'" * 999, "http :3000 'a[' + ']' * 3000"):
        result = ShellExtractor().extract(code)
        assert isinstance(result.requests, list)
        assert result.error is None or (result.error_line or 1) >= 1
        # The extractor's last-resort catch must not be what kept it from raising.
        assert not (result.error or "").startswith("could not read the sample"), result.error


def test_prose_with_a_stray_quote_does_not_hide_a_later_command() -> None:
    code = ("http https://h/a\n"
            "It's a JSON response:\n"
            '{"ok": true}\n'
            "http https://h/b\n")
    result = extract(code)
    assert result.error is None
    assert [(r.url, r.lines["start"]) for r in result.requests] == [("https://h/a", 1), ("https://h/b", 4)]
