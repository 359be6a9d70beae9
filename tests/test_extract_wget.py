"""Tests for the wget reader (checker.extract.wget), through the shell extractor."""

from __future__ import annotations

from checker.extract.shell import ShellExtractor
from checker.model import Request

FORM = "application/x-www-form-urlencoded"


def extract(code: str):
    return ShellExtractor().extract(code)


def only(code: str) -> Request:
    result = extract(code)
    assert result.error is None, result.error
    assert len(result.requests) == 1, result.requests
    return result.requests[0]


def test_method_headers_and_json_body_data() -> None:
    code = ("wget --method=POST \\\n"                                  # 1
            "  --header='Content-Type: application/json' \\\n"       # 2
            "  --header 'Authorization: Bearer T' \\\n"              # 3
            "  --body-data='{\n"                                      # 4
            '    "name": "Ada",\n'                                    # 5
            '    "role": "admin"\n'                                   # 6
            "  }' \\\n"                                               # 7
            "  -q -O - https://api.example.com/v1/users\n")           # 8
    req = only(code)
    assert (req.method, req.url, req.client) == ("POST", "https://api.example.com/v1/users", "wget")
    assert req.headers == {"Content-Type": "application/json", "Authorization": "Bearer T"}
    assert req.implied_headers == []
    assert (req.body, req.body_kind) == ({"name": "Ada", "role": "admin"}, "json")
    assert req.lines == {"start": 1, "end": 8, "method": 1, "url": 8, "header:content-type": 2,
                         "header:authorization": 3, "body": 4, "body:name": 5, "body:role": 6}


def test_post_data_is_a_post_form_with_wgets_content_type() -> None:
    req = only("wget --post-data 'user=a&pass=b%20c' https://h/login")
    assert (req.method, req.body, req.body_kind) == ("POST", {"user": "a", "pass": "b c"}, "form")
    assert (req.headers, req.implied_headers) == ({"Content-Type": FORM}, ["content-type"])
    req = only("wget --post-file=body.json --header 'Content-Type: application/json' https://h/x")
    assert (req.method, req.body, req.body_kind) == ("POST", "@body.json", "raw")
    assert req.headers == {"Content-Type": "application/json"}


def test_repeated_header_replaces_and_cookie_header_is_cookies() -> None:
    req = only("wget --header='X-A: 1' --header='x-a: 2' --header 'Cookie: s=1; t=2' https://h/x")
    assert req.headers == {"x-a": "2"}
    assert req.cookies == {"s": "1", "t": "2"}


def test_user_password_agent_and_short_options() -> None:
    req = only("wget --user=admin --password=secret -U 'bot/1' -qO- https://h/x")
    assert (req.method, req.auth, req.headers) == ("GET", "basic", {"User-Agent": "bot/1"})
    req = only("wget -nv -c -t 3 -T 10 -P downloads -O out.bin --referer=https://r/ https://h/f.bin")
    assert (req.url, req.headers) == ("https://h/f.bin", {"Referer": "https://r/"})
    req = only("wget --http-user admin https://h/x")
    assert req.auth == "basic"


def test_download_is_a_get_and_every_url_a_request() -> None:
    result = extract("wget https://h/a.bin -O models/a.bin\nwget -q https://h/b https://h/c\n")
    assert result.error is None
    assert [(r.method, r.url, r.lines["start"]) for r in result.requests] == [
        ("GET", "https://h/a.bin", 1), ("GET", "https://h/b", 2), ("GET", "https://h/c", 2)]


def test_variables_and_method_placeholder() -> None:
    code = ('URL="https://h/v1/items"\n'
            'wget --method="$VERB" --body-data "$BODY" "$URL/7"\n')
    req = only(code)
    assert (req.method, req.url, req.body) == ("${VERB}", "https://h/v1/items/7", "${BODY}")


def test_a_sample_that_does_not_parse_reports_its_line() -> None:
    result = extract("wget https://h/ok\nwget --post-data='a=1 https://h/x\n")
    assert [r.url for r in result.requests] == ["https://h/ok"]
    assert result.error is not None and "unterminated" in result.error
    assert result.error_line == 2


def test_garbage_never_raises() -> None:
    for code in ("wget", "wget -", "wget --", "wget -O", "wget --header", "wget " + "-n" * 10000,
                 "wget --post-data=" + "{" * 20000 + " https://h", "wget \x00\udcff -qO- ''"):
        result = extract(code)
        assert isinstance(result.requests, list)
        assert result.error is None or (result.error_line or 1) >= 1
        # The extractor's last-resort catch must not be what kept it from raising.
        assert not (result.error or "").startswith("could not read the sample"), result.error
