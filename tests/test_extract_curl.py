"""Tests for the shell / cURL extractor (checker.extract.curl)."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from checker.extract.curl import CurlExtractor
from checker.extract.shell import ShellExtractor
from checker.model import Request
from tests.helpers import GUARD_ERROR, read_sample

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
API = "https://api.rememberizer.ai/api/v1/auth"


def extract(code: str):
    return CurlExtractor().extract(code)


def only(code: str) -> Request:
    """The one request of a sample that must parse cleanly."""
    result = extract(code)
    assert result.error is None, result.error
    assert len(result.requests) == 1, result.requests
    return result.requests[0]


def bash_fences(locale: str) -> list[str]:
    text = (SEEDS / locale / "api-docs" / "authentication.md").read_text(encoding="utf-8")
    return [t.content for t in MarkdownIt("commonmark").parse(text)
            if t.type == "fence" and t.info.strip() == "bash"]


# --- the seed pages -------------------------------------------------------------------

@pytest.mark.parametrize("locale, refresh", [("fr", "VOTRE_REFRESH_TOKEN"),
                                             ("zh-cn", "YOUR_REFRESH_TOKEN")])
def test_seed_samples(locale: str, refresh: str) -> None:
    fences = bash_fences(locale)
    assert len(fences) == 5
    signup, signin, verify, refresh_req, logout = (only(code) for code in fences)

    assert (signup.method, signup.url, signup.path) == ("POST", f"{API}/signup/", "/api/v1/auth/signup/")
    assert (signup.scheme, signup.host, signup.query) == ("https", "api.rememberizer.ai", {})
    assert signup.headers == {"Content-Type": "application/json"}
    assert signup.cookies == {}
    assert signup.body == {"email": "user@example.com", "password": "secure_password",
                           "name": "John Doe", "captcha": "recaptcha_response"}
    assert signup.body_kind == "json"
    assert signup.implied_headers == []
    assert signup.expected_status == []

    assert (signin.method, signin.path) == ("POST", "/api/v1/auth/signin/")
    assert signin.headers == {"Content-Type": "application/json"}
    assert signin.body == {"login": "user@example.com", "password": "secure_password",
                           "captcha": "recaptcha_response"}
    assert signin.cookies == {} and signin.expected_status == []

    assert (verify.method, verify.url) == ("POST", f"{API}/verify-email/")
    assert verify.headers == {"Authorization": "Bearer YOUR_JWT_TOKEN",
                              "Content-Type": "application/json"}
    assert verify.body == {"verification_code": "123456"}
    assert verify.body_kind == "json"

    assert (refresh_req.method, refresh_req.url) == ("POST", f"{API}/custom-refresh/")
    assert refresh_req.headers == {}
    assert refresh_req.cookies == {"refresh_token": refresh}
    assert (refresh_req.body, refresh_req.body_kind) == (None, "")
    assert refresh_req.expected_status == []

    assert (logout.method, logout.url, logout.path) == ("POST", f"{API}/custom-logout/",
                                                         "/api/v1/auth/custom-logout/")
    assert (logout.headers, logout.cookies, logout.body, logout.body_kind) == ({}, {}, None, "")


def test_seed_lines() -> None:
    signup, _, verify, refresh, _ = (only(code) for code in bash_fences("fr"))
    assert signup.lines == {
        "start": 1, "end": 9, "method": 1, "url": 2, "header:content-type": 3, "body": 4,
        "body:email": 5, "body:password": 6, "body:name": 7, "body:captcha": 8}
    assert verify.lines["header:authorization"] == 3
    assert verify.lines["header:content-type"] == 4
    assert verify.lines["body:verification_code"] == 6
    assert refresh.lines == {"start": 1, "end": 3, "method": 1, "url": 2, "cookie:refresh_token": 3}


# --- hard cases ----------------------------------------------------------------------

def test_multiline_continuation_and_key_lines() -> None:
    code = (
        "curl --request PATCH \\\n"          # 1
        "  --url https://h/v1/items/7 \\\n"  # 2
        "  --header 'X-Trace: on' \\\n"     # 3
        "  --data '{\n"                      # 4
        '    "name": "a",\n'                 # 5
        '    "tags": ["x", "y"],\n'          # 6
        '    "meta": {"k": 1}\n'             # 7
        "  }'\n")                            # 8
    req = only(code)
    assert (req.method, req.url, req.path) == ("PATCH", "https://h/v1/items/7", "/v1/items/7")
    assert req.headers == {"X-Trace": "on"}
    assert req.body == {"name": "a", "tags": ["x", "y"], "meta": {"k": 1}}
    assert req.lines["method"] == 1 and req.lines["url"] == 2 and req.lines["header:x-trace"] == 3
    assert (req.lines["body"], req.lines["body:name"], req.lines["body:tags"],
            req.lines["body:meta"]) == (4, 5, 6, 7)
    assert (req.lines["start"], req.lines["end"]) == (1, 8)


def test_data_raw_at_file_is_a_raw_string() -> None:
    req = only("curl -X POST https://h/upload --data-raw @file.json")
    assert (req.body, req.body_kind) == ("@file.json", "raw")
    req = only('curl https://h/upload -H "Content-Type: application/json" -d @body.json')
    assert (req.method, req.body, req.body_kind) == ("POST", "@body.json", "raw")
    assert req.implied_headers == []


def test_header_from_assigned_variable() -> None:
    code = ('TOKEN="abc123"\n'
            'export BASE=https://h/api\n'
            'curl "$BASE/me" \\\n'
            '  -H "Authorization: Bearer $TOKEN"\n')
    req = only(code)
    assert req.url == "https://h/api/me"
    assert req.headers == {"Authorization": "Bearer abc123"}
    assert req.lines["header:authorization"] == 4


def test_header_from_unassigned_variable() -> None:
    req = only('curl https://h/me -H "Authorization: Bearer $TOKEN" -H "X-Key: ${API_KEY}"')
    assert req.headers == {"Authorization": "Bearer ${TOKEN}", "X-Key": "${API_KEY}"}


def test_whole_values_from_variables_point_at_their_assignment() -> None:
    code = ("BODY='{\"q\": \"hi\",\n"   # 1
            "  \"n\": 2}'\n"             # 2
            'AUTH="X-Key: k"\n'          # 3
            'curl -H "$AUTH" -d "$BODY" "https://h/$ID"\n')  # 4
    req = only(code)
    assert req.url == "https://h/${ID}"
    assert (req.method, req.body, req.body_kind) == ("POST", {"q": "hi", "n": 2}, "json")
    assert req.headers == {"X-Key": "k"}
    assert req.lines["header:x-key"] == 3
    assert (req.lines["body"], req.lines["body:q"], req.lines["body:n"]) == (1, 1, 2)
    assert req.lines["url"] == 4


def test_command_substitution_stays_unresolved() -> None:
    code = ('TOKEN=$(curl -s https://h/login -d "user=a&pass=b" | jq -r .token)\n'
            'curl -H "Authorization: Bearer $TOKEN" "https://h/v1/$(date +%F)"\n')
    result = extract(code)
    assert result.error is None
    login, me = result.requests
    assert (login.method, login.url, login.body, login.body_kind) == (
        "POST", "https://h/login", {"user": "a", "pass": "b"}, "form")
    assert me.headers == {"Authorization": "Bearer ${TOKEN}"}
    assert me.url == "https://h/v1/${$(date +%F)}"


def test_get_with_data_urlencode() -> None:
    code = ('curl -G https://h/search \\\n'
            '  --data-urlencode "q=hello world" \\\n'
            '  -d "limit=10&page=2"\n')
    req = only(code)
    assert (req.method, req.url) == ("GET", "https://h/search")
    assert req.query == {"q": "hello world", "limit": "10", "page": "2"}
    assert (req.body, req.body_kind) == (None, "")
    assert (req.lines["query:q"], req.lines["query:limit"], req.lines["query:page"]) == (2, 3, 3)


def test_form_files_are_multipart() -> None:
    code = ('curl -X POST https://h/api/v1/prediction/abc \\\n'
            '  -F "files=@doc.pdf" \\\n'
            '  -F "returnSourceDocuments=true"\n')
    req = only(code)
    assert req.method == "POST"
    assert req.body == {"files": "@doc.pdf", "returnSourceDocuments": "true"}
    assert req.body_kind == "multipart"
    assert req.headers == {} and req.implied_headers == []
    assert (req.lines["body"], req.lines["body:files"], req.lines["body:returnSourceDocuments"]) == (2, 2, 3)
    # -F alone implies POST; `;type=` is not part of the file name.
    req = only("curl https://h/up -F 'file=@a.png;type=image/png' -F 'file=@b.png'")
    assert (req.method, req.body) == ("POST", {"file": ["@a.png", "@b.png"]})


def test_json_option_implies_headers() -> None:
    req = only("curl --json '{\"a\": 1}' https://h/x")
    assert (req.method, req.body, req.body_kind) == ("POST", {"a": 1}, "json")
    assert req.headers == {"Content-Type": "application/json", "Accept": "application/json"}
    assert req.implied_headers == ["content-type", "accept"]
    assert "header:content-type" not in req.lines
    # A header the sample sets itself is not implied.
    req = only("curl --json '[1, 2]' -H 'content-type: application/vnd.x+json' https://h/x")
    assert req.headers == {"content-type": "application/vnd.x+json", "Accept": "application/json"}
    assert req.implied_headers == ["accept"]
    assert req.body == [1, 2]


def test_data_does_not_imply_content_type() -> None:
    req = only("curl -d '{\"a\": 1}' https://h/x")
    assert (req.method, req.body, req.body_kind) == ("POST", {"a": 1}, "json")
    assert req.headers == {} and req.implied_headers == []


def test_two_commands_in_one_block() -> None:
    code = ("curl -X DELETE https://h/items/1 && curl https://h/items | jq .\n"
            "# then\n"
            "curl -I https://h/health\n")
    result = extract(code)
    assert result.error is None
    assert [(r.method, r.url) for r in result.requests] == [
        ("DELETE", "https://h/items/1"), ("GET", "https://h/items"), ("HEAD", "https://h/health")]
    assert [r.lines["start"] for r in result.requests] == [1, 1, 3]


def test_prompt_and_json_output_lines() -> None:
    code = ('$ curl -s https://h/api/v1/ping \\\n'  # 1
            '    -H "Accept: application/json"\n'    # 2
            '{\n'                                     # 3
            '  "status": "ok",\n'                    # 4
            '  "items": [1, 2]\n'                    # 5
            '}\n'                                     # 6
            "$ curl -X POST https://h/api/v1/echo -d 'a=1'\n"  # 7
            '[{"echo": "a=1"}]\n')                    # 8
    result = extract(code)
    assert result.error is None
    ping, echo = result.requests
    assert (ping.method, ping.url, ping.headers) == ("GET", "https://h/api/v1/ping",
                                                     {"Accept": "application/json"})
    assert (ping.lines["start"], ping.lines["end"], ping.lines["header:accept"]) == (1, 2, 2)
    assert (echo.method, echo.body, echo.body_kind, echo.lines["start"]) == ("POST", {"a": "1"}, "form", 7)


def test_output_lines_without_prompt_are_no_error() -> None:
    code = ("curl http://localhost:8080/v1/models\n"
            '[{"id": "ggml-gpt4all-j.bin", "object": "model"}]\n'
            "Response: OK (it works)\n"
            "curl http://localhost:8080/v1/health\n")
    result = extract(code)
    assert result.error is None
    assert [r.url for r in result.requests] == ["http://localhost:8080/v1/models",
                                                "http://localhost:8080/v1/health"]


def test_prose_line_with_a_stray_quote_does_not_hide_later_commands() -> None:
    code = ("curl https://h/a\n"
            "It's a JSON response:\n"
            '{"ok": true}\n'
            "curl https://h/b\n")
    result = extract(code)
    assert result.error is None
    assert [r.url for r in result.requests] == ["https://h/a", "https://h/b"]
    assert result.requests[1].lines["start"] == 4


def test_combined_short_flags_and_put() -> None:
    req = only("curl -sSL -X PUT https://h/v1/doc/9 -d 'title=New'")
    assert (req.method, req.url, req.body, req.body_kind) == ("PUT", "https://h/v1/doc/9",
                                                              {"title": "New"}, "form")
    req = only("curl -sSLX put https://h/a")
    assert req.method == "PUT"
    req = only("curl -XPOST -dfoo=bar -H'X-A: 1' https://h/a")
    assert (req.method, req.body, req.headers) == ("POST", {"foo": "bar"}, {"X-A": "1"})


def test_cookie_option() -> None:
    req = only('curl -X POST \\\n  https://h/auth/custom-refresh/ \\\n  -b "refresh_token=VOTRE_REFRESH_TOKEN"')
    assert req.cookies == {"refresh_token": "VOTRE_REFRESH_TOKEN"}
    assert req.headers == {}
    assert req.lines["cookie:refresh_token"] == 3
    req = only('curl https://h/x -b "a=1; b=2" --cookie-jar jar.txt')
    assert req.cookies == {"a": "1", "b": "2"}
    req = only("curl https://h/x -b cookies.txt")  # a cookie file: nothing to compare
    assert req.cookies == {}


def test_cookie_header_goes_to_cookies() -> None:
    req = only('curl https://h/x \\\n  -H "Cookie: a=b; session=xyz" -H "Accept: */*"')
    assert req.cookies == {"a": "b", "session": "xyz"}
    assert req.headers == {"Accept": "*/*"}
    assert req.lines["cookie:a"] == 2 and req.lines["cookie:session"] == 2


def test_ignored_options_consume_their_argument() -> None:
    req = only('curl -o out.json -w "%{http_code}" -m 10 --compressed -k -v -i -L '
               '--retry 3 --connect-timeout 5 https://h/a')
    assert (req.method, req.url, req.headers, req.body) == ("GET", "https://h/a", {}, None)


def test_user_head_and_agent() -> None:
    req = only("curl -u admin:secret -I https://h/x -A 'bot/1'")
    assert (req.method, req.auth) == ("HEAD", "basic")
    assert req.headers == {"User-Agent": "bot/1"}  # no Authorization header from -u
    req = only("curl --user admin:secret --digest https://h/x")
    assert req.auth == "digest"


def test_several_data_options_are_joined() -> None:
    req = only("curl https://h/x -d a=1 -d 'b=two%20words' --data-urlencode 'c=x y'")
    assert (req.body, req.body_kind) == ({"a": "1", "b": "two words", "c": "x y"}, "form")
    req = only("curl https://h/x -d hello -d world")
    assert (req.body, req.body_kind) == ("hello&world", "raw")


def test_heredoc_body() -> None:
    code = ("curl -H 'Content-Type: application/json' -d @- https://h/x <<EOF\n"
            "{\n"
            '  "user": "$USER_ID",\n'
            '  "n": 2\n'
            "}\n"
            "EOF\n")
    req = only(code)
    assert (req.body, req.body_kind) == ({"user": "${USER_ID}", "n": 2}, "json")
    assert (req.lines["body:user"], req.lines["body:n"], req.lines["end"]) == (3, 4, 6)


def test_unquoted_angle_placeholders_stay_in_the_url() -> None:
    code = ("curl -X DELETE https://h/api/v1/chatflows/<chatflow-id>\n"
            'curl https://h/api/v1/<id>/messages -H "Authorization: Bearer <KEY>"\n')
    result = extract(code)
    assert result.error is None
    first, second = result.requests
    assert (first.method, first.path) == ("DELETE", "/api/v1/chatflows/<chatflow-id>")
    assert (first.lines["start"], first.lines["end"]) == (1, 1)
    assert second.path == "/api/v1/<id>/messages"
    assert second.headers == {"Authorization": "Bearer <KEY>"}


def test_wrappers_url_option_and_next() -> None:
    req = only('sudo curl -fsSL --url "https://get.example.com/x?v=1" -o get.sh')
    assert (req.url, req.query, req.lines["query:v"]) == ("https://get.example.com/x?v=1", {"v": "1"}, 1)
    result = extract("curl https://h/a -d a=1 --next -X DELETE https://h/b")
    assert [(r.method, r.url, r.body) for r in result.requests] == [
        ("POST", "https://h/a", {"a": "1"}), ("DELETE", "https://h/b", None)]


def test_shell_quoting() -> None:
    req = only("curl $'https://h/a\\x2fb' -H X-Name:\\ two\\ words -H \"X-Q: \\\"q\\\" \\$5\"")
    assert req.url == "https://h/a/b"
    assert req.headers == {"X-Name": "two words", "X-Q": '"q" $5'}


def test_corpus_upsertion_snippet() -> None:
    # flowise en/using-flowise/upsertion.md: three commands separated by comments.
    code = ('# Basic file upload with cURL\n'
            'curl -X POST "http://localhost:3000/api/v1/vector/upsert/your-chatflow-id" \\\n'
            '  -F "files=@documents/knowledge_base.pdf"\n'
            '\n'
            '# Upload with custom headers for authentication (if configured)\n'
            'curl -X POST "http://localhost:3000/api/v1/vector/upsert/your-chatflow-id" \\\n'
            '  -H "Authorization: Bearer your-api-token" \\\n'
            '  -F "files=@documents/faq.txt" \\\n'
            '  -F \'overrideConfig={"chunkSize": 800, "chunkOverlap": 150}\'\n')
    result = extract(code)
    assert result.error is None
    basic, auth = result.requests
    assert basic.body == {"files": "@documents/knowledge_base.pdf"}
    assert (basic.lines["start"], basic.lines["end"]) == (2, 3)
    assert auth.headers == {"Authorization": "Bearer your-api-token"}
    assert auth.body == {"files": "@documents/faq.txt",
                         "overrideConfig": '{"chunkSize": 800, "chunkOverlap": 150}'}
    assert (auth.lines["header:authorization"], auth.lines["body:overrideConfig"]) == (7, 9)


# --- what yields nothing, and errors ----------------------------------------------------

def test_empty_input() -> None:
    for code in ("", "   \n\n", "# just a comment\n"):
        result = extract(code)
        assert (result.requests, result.error, result.error_line) == ([], None, None)


# (garbage, the (method, url) of each request read from it): read through the
# pipeline's `read_code`, so an extractor that raises fails, not passes as an error.
GARBAGE = [
    ("\x00\x01\x02 \udcff ((( ]] {{", []),
    ("(" * 20000, []),
    ("'" * 7 + "curl", []),
    ("}{)(][" * 1000, []),
    ("curl -d '" + "[" * 50000 + "' https://h", [("POST", "https://h")]),
    ("}{)(][" * 1000 + "\ncurl https://h/after\n", [("GET", "https://h/after")]),
    ("\x00\x01 ((( ]]\ncurl -X PUT https://h/x\n", [("PUT", "https://h/x")]),
]


@pytest.mark.parametrize("code, sent", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_input_is_read_not_survived(code: str, sent: list[tuple[str, str]]) -> None:
    result = read_sample("bash", code)
    assert [(r.method, r.url) for r in result.requests] == sent
    assert result.error is None


def test_garbage_body_is_kept_whole() -> None:
    request = read_sample("bash", "curl -d '" + "[" * 50000 + "' https://h").requests[0]
    assert (request.body_kind, request.body, request.lines["body"]) == ("raw", "[" * 50000, 1)


def test_an_extractor_that_raises_fails_the_garbage_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard in `CurlExtractor.extract` turns an exception into an error; the
    garbage tests must see through it (else a broken extractor passes them)."""
    def boom(self: CurlExtractor, code: str) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(CurlExtractor, "_extract", boom)
    monkeypatch.setattr(ShellExtractor, "_extract", boom)   # what the pipeline reads shell with
    assert extract("curl https://h").error.startswith(GUARD_ERROR)
    with pytest.raises(AssertionError):
        read_sample("bash", "curl https://h")


def test_sample_that_only_prints() -> None:
    result = extract('echo "Hello from Flowise"\nprintf "%s\\n" done\n')
    assert (result.requests, result.error) == ([], None)


def test_non_curl_shell_is_no_request_and_no_error() -> None:
    code = ("wget https://gpt4all.io/models/ggml-gpt4all-j.bin -O models/x\n"
            "docker compose up -d\n"
            "● nginx.service - A high performance web server (running) since Mon\n")
    result = extract(code)
    assert (result.requests, result.error) == ([], None)
    assert extract("curl --version").requests == []


def test_syntax_error_reports_its_line() -> None:
    code = ("# create an item\n"
            "curl -X POST https://h/x \\\n"
            "  -H 'Content-Type: application/json' \\\n"
            "  -d '{\"a\": 1}\n"
            "echo done\n")
    result = extract(code)
    assert result.requests == []
    assert result.error is not None and "unterminated" in result.error
    assert result.error_line == 4


def test_syntax_error_in_one_command_keeps_the_others() -> None:
    code = ("curl https://h/ok\n"
            'curl https://h/broken -H "X: 1" )\n')
    result = extract(code)
    assert [r.url for r in result.requests] == ["https://h/ok"]
    assert result.error_line == 2


def test_stdin_from_a_file_redirect_names_the_file() -> None:
    req = only("curl -H 'Content-Type: application/json' -d @- https://h/x < body.json")
    assert (req.method, req.body, req.body_kind) == ("POST", "@body.json", "raw")
