"""GoExtractor: Go `net/http` samples -> Request, called directly (no wrapper)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import languages
from checker.extract.base import Extraction, Extractor
from checker.extract.go import GoExtractor
from checker.extract.samples import samples_of
from checker.model import Request
from checker.parse.files import parse_text
from tests.helpers import REPO, doc

FIXTURE = (REPO / "fixtures" / "languages" / "go--net-http.txt").read_text(encoding="utf-8")
URL = "https://api.example.com/v1/users"


def extract(code: str) -> Extraction:
    return GoExtractor().extract(code)


def one(code: str) -> Request:
    result = extract(code)
    assert result.error is None, result.error
    assert len(result.requests) == 1, result.requests
    return result.requests[0]


def line_of(code: str, needle: str) -> int:
    return code.count("\n", 0, code.index(needle)) + 1


def main(body: str, imports: str = '"bytes"\n\t"encoding/json"\n\t"net/http"') -> str:
    return f"package main\n\nimport (\n\t{imports}\n)\n\nfunc main() {{\n{body}\n}}\n"


def test_protocol_and_registry() -> None:
    extractor: Extractor = GoExtractor()
    assert extractor.languages == frozenset({"go"})
    assert languages.get("golang") is languages.get("go")
    assert languages.display("go", "net/http") == "Go"
    assert [type(e).__name__ for e in languages.extractors("go")] == ["GoExtractor"]


def test_the_fixture_field_by_field() -> None:
    request = one(FIXTURE)
    assert (request.method, request.url, request.host, request.path) == ("POST", URL, "api.example.com",
                                                                         "/v1/users")
    assert request.headers == {"Authorization": "Bearer YOUR_API_KEY", "Content-Type": "application/json"}
    assert (request.body, request.body_kind) == ({"name": "Ada", "role": "admin"}, "json")
    assert request.expected_status == ["201"]
    assert request.client == "net/http"
    assert request.lines["start"] == line_of(FIXTURE, "req, err := http.NewRequest")
    assert request.lines["body:name"] == line_of(FIXTURE, '"name": "Ada"')
    assert request.lines["body:role"] == line_of(FIXTURE, '"role"')
    assert request.lines["header:authorization"] == line_of(FIXTURE, 'req.Header.Set("Authorization"')
    assert request.lines["status"] == line_of(FIXTURE, "if resp.StatusCode")


def test_new_request_with_context_and_method_constant() -> None:
    code = main('\tctx := context.Background()\n'
                '\treq, _ := http.NewRequestWithContext(ctx, http.MethodPatch, "https://x.io/a/1",\n'
                '\t\tstrings.NewReader("{\\"name\\": \\"Ada\\\\u00e9\\"}"))\n'
                '\treq.Header.Add("X-Trace", "1")\n\treq.Header.Add("x-trace", "2")\n'
                '\treq.Header["Accept"] = []string{"application/json"}\n\treq.Header.Del("Nope")\n'
                '\tclient := &http.Client{}\n\tresp, _ := client.Do(req)\n\tif resp.StatusCode == 200 {\n\t}')
    request = one(code)
    assert (request.method, request.url) == ("PATCH", "https://x.io/a/1")
    assert request.body == {"name": "Ada\u00e9"} and request.body_kind == "json"
    assert request.headers == {"x-trace": "2", "Accept": "application/json"}
    assert request.expected_status == ["200"]
    assert request.lines["header:accept"] == line_of(code, 'req.Header["Accept"]')


def test_post_with_a_raw_string_keeps_each_key_line() -> None:
    code = main('\tbody := []byte(`{\n\t\t"name": "Ada",\n\t\t"role": "admin"\n\t}`)\n'
                '\tresp, err := http.Post("https://x.io/users", "application/json", bytes.NewReader(body))\n'
                '\tif err != nil || resp.StatusCode != http.StatusCreated {\n\t\treturn\n\t}')
    request = one(code)
    assert (request.method, request.headers) == ("POST", {"Content-Type": "application/json"})
    assert request.body == {"name": "Ada", "role": "admin"}
    assert request.lines["body:role"] == line_of(code, '"role"')
    assert request.lines["header:content-type"] == line_of(code, "http.Post(")
    assert request.expected_status == ["201"]


def test_get_head_and_post_form_on_clients() -> None:
    code = main('\tresp, _ := http.Get("https://x.io/items?page=2")\n'
                '\tclient := &http.Client{Timeout: 10 * time.Second}\n'
                '\tclient.Head("https://x.io/ping")\n'
                '\thttp.DefaultClient.PostForm("https://x.io/login", url.Values{"user": {"ada"}})\n'
                '\tif resp.StatusCode == http.StatusOK {\n\t}')
    requests = extract(code).requests
    assert [(r.method, r.path) for r in requests] == [("GET", "/items"), ("HEAD", "/ping"), ("POST", "/login")]
    assert requests[0].query == {"page": "2"} and requests[0].expected_status == ["200"]
    assert requests[2].body == {"user": "ada"} and requests[2].body_kind == "form"
    assert requests[1].expected_status == []


def test_marshal_of_nested_maps_and_slices() -> None:
    code = main('\tdata := map[string]any{\n\t\t"name": "Ada",\n\t\t"age": 36,\n\t\t"admin": true,\n'
                '\t\t"score": 1.5,\n\t\t"tags": []string{"a", "b"},\n'
                '\t\t"address": map[string]string{\n\t\t\t"city": "London",\n\t\t},\n'
                '\t\t"items": []map[string]interface{}{{"id": 1}},\n\t\t"none": nil,\n\t}\n'
                '\tpayload, _ := json.MarshalIndent(data, "", "  ")\n'
                '\treq, _ := http.NewRequest("POST", "https://x.io/p", bytes.NewBuffer(payload))\n'
                '\t_ = req')
    request = one(code)
    assert request.body == {"name": "Ada", "age": 36, "admin": True, "score": 1.5, "tags": ["a", "b"],
                            "address": {"city": "London"}, "items": [{"id": 1}], "none": None}
    assert request.lines["body:address.city"] == line_of(code, '"city"')
    assert request.lines["body:items.id"] == line_of(code, '{{"id": 1}}')
    assert request.lines["body"] == line_of(code, "data := map")


def test_struct_literal_by_its_json_tags() -> None:
    code = ('package main\n\nimport (\n\t"bytes"\n\t"encoding/json"\n\t"net/http"\n)\n\n'
            'type Address struct {\n\tCity string `json:"city"`\n}\n\n'
            'type User struct {\n\tName    string  `json:"name"`\n\tRole    string  `json:"role,omitempty"`\n'
            '\tAge     int     `json:"age"`\n\tSecret  string  `json:"-"`\n\tNote    string\n\tinternal string\n'
            '\tHome    Address `json:"home"`\n}\n\n'
            'func main() {\n\tuser := User{\n\t\tName: "Ada",\n\t\tHome: Address{City: "London"},\n\t}\n'
            '\tpayload, _ := json.Marshal(&user)\n'
            '\treq, _ := http.NewRequest("POST", "https://x.io/u", bytes.NewBuffer(payload))\n\t_ = req\n}\n')
    request = one(code)
    # As encoding/json sends it: unset fields as zero values, `omitempty` and `-` left out.
    assert request.body == {"name": "Ada", "age": 0, "Note": "", "home": {"city": "London"}}
    assert request.lines["body:name"] == line_of(code, 'Name: "Ada"')
    assert request.lines["body:home.city"] == line_of(code, "Home: Address{")


def test_struct_of_an_undeclared_type_uses_field_names_and_positional_literals() -> None:
    code = ('package main\n\ntype Pair struct {\n\tKey string `json:"key"`\n\tValue int `json:"value"`\n}\n\n'
            'func main() {\n\tp, _ := json.Marshal(Pair{"a", 1})\n'
            '\tq, _ := json.Marshal(models.User{Name: "Ada"})\n'
            '\thttp.Post("https://x.io/p", "application/json", bytes.NewBuffer(p))\n'
            '\thttp.Post("https://x.io/q", "application/json", bytes.NewBuffer(q))\n}\n')
    first, second = extract(code).requests
    assert first.body == {"key": "a", "value": 1}
    assert second.body == {"Name": "Ada"}


def test_values_env_sprintf_concatenation_constants() -> None:
    code = ('package main\n\nconst baseURL = "https://api.example.com"\n\nvar version = "v1"\n\n'
            'func main() {\n\ttoken := os.Getenv("API_TOKEN")\n\tid := 42\n'
            '\tendpoint := fmt.Sprintf("%s/%s/users/%d?verbose=%t", baseURL, version, id, true)\n'
            '\treq, _ := http.NewRequest(http.MethodGet, endpoint, nil)\n'
            '\treq.Header.Set("Authorization", "Bearer "+token)\n'
            '\treq.Header.Set("X-Who", unknownVar)\n'
            '\treq.Header.Set("X-Basic", "Basic "+base64.StdEncoding.EncodeToString([]byte("u:p")))\n'
            '\treq.Header.Set("X-Count", strconv.Itoa(id))\n}\n')
    request = one(code)
    assert request.url == "https://api.example.com/v1/users/42?verbose=true"
    assert request.query == {"verbose": "true"}
    assert request.headers == {"Authorization": "Bearer ${API_TOKEN}", "X-Who": "${unknownVar}",
                               "X-Basic": "Basic dTpw", "X-Count": "42"}
    assert request.body is None


def test_last_assignment_before_the_use_wins() -> None:
    code = main('\turl := "https://x.io/old"\n\turl = "https://x.io/new"\n'
                '\treq, _ := http.NewRequest("DELETE", url, nil)\n\turl = "https://x.io/later"\n\t_ = req')
    assert one(code).url == "https://x.io/new"


def test_basic_auth_cookie_and_query() -> None:
    code = main('\treq, _ := http.NewRequest("GET", "https://x.io/search", nil)\n'
                '\treq.SetBasicAuth("user", "pass")\n'
                '\treq.AddCookie(&http.Cookie{Name: "session", Value: "abc"})\n'
                '\tq := req.URL.Query()\n\tq.Add("q", "go")\n\tq.Set("limit", "10")\n'
                '\treq.URL.RawQuery = q.Encode()')
    request = one(code)
    assert request.auth == "basic" and request.lines["auth"] == line_of(code, "SetBasicAuth")
    assert request.cookies == {"session": "abc"}
    assert request.query == {"q": "go", "limit": "10"}
    assert request.lines["query:limit"] == line_of(code, 'q.Set("limit"')


def test_status_switch_and_range() -> None:
    code = main('\treq, _ := http.NewRequest("GET", "https://x.io/a", nil)\n\tresp, _ := http.DefaultClient.Do(req)\n'
                '\tswitch resp.StatusCode {\n\tcase http.StatusOK, http.StatusAccepted:\n\tcase 404:\n\t}\n'
                '\treq2, _ := http.NewRequest("GET", "https://x.io/b", nil)\n\tresp2, _ := http.DefaultClient.Do(req2)\n'
                '\tif resp2.StatusCode >= 200 && resp2.StatusCode < 300 {\n\t}\n'
                '\tif resp.StatusCode == http.StatusNotFound {\n\t}')
    first, second = extract(code).requests
    assert first.expected_status == ["200", "202"]   # the 404 check says nothing of success
    assert first.lines["status"] == line_of(code, "case http.StatusOK")
    assert second.expected_status == ["2xx"]


def test_two_requests_keep_their_own_headers_and_statuses() -> None:
    code = main('\treq, _ := http.NewRequest("GET", "https://x.io/a", nil)\n\treq.Header.Set("X-A", "1")\n'
                '\tresp, _ := http.DefaultClient.Do(req)\n'
                '\treq, _ = http.NewRequest("GET", "https://x.io/b", nil)\n\treq.Header.Set("X-B", "2")\n'
                '\tif resp.StatusCode != 204 {\n\t}')
    first, second = extract(code).requests
    assert (first.headers, first.expected_status) == ({"X-A": "1"}, ["204"])
    assert (second.headers, second.expected_status) == ({"X-B": "2"}, [])
    assert second.lines["start"] == line_of(code, 'req, _ = http.NewRequest("GET", "https://x.io/b"')


def test_a_fragment_without_package_keeps_its_lines() -> None:
    code = ('payload := strings.NewReader(`{"name": "Ada"}`)\n'
            'req, err := http.NewRequest("POST", "https://x.io/u", payload)\n'
            'req.Header.Set("Content-Type", "application/json")\n')
    request = one(code)
    assert request.lines["start"] == 2 and request.lines["header:content-type"] == 3
    assert request.lines["body:name"] == 1


def test_a_sample_that_does_not_parse_says_where_and_still_reads() -> None:
    code = main('\treq, _ := http.NewRequest("GET", "https://x.io/a", nil)\n\treq.Header.Set("X-A", "1")\n'
                '\tif resp.StatusCode == {\n')
    result = extract(code)
    assert result.error is not None and result.error.startswith("Go syntax error")
    assert result.error_line == line_of(code, "if resp.StatusCode")
    assert [r.url for r in result.requests] == ["https://x.io/a"]


def test_what_is_not_net_http_is_no_request() -> None:
    code = main('\tclient := flowise.NewClient("x")\n\tclient.Post("https://x.io/a", "b", nil)\n'
                '\tfmt.Println(http.StatusOK)')
    assert extract(code).requests == []


@pytest.mark.parametrize("garbage", [
    "", "   ", "}}}{{{", "req, := http.NewRequest(", "http.NewRequest(" * 2000,
    "x := " + "(" * 5000 + "1" + ")" * 5000,
    "s := " + " + ".join(['"a"'] * 20000) + "\nhttp.Post(s, s, strings.NewReader(s))",
    "a := b\nb := a\nhttp.Get(a)", "\x00\ud7ff\U0010ffff`", "package main\nfunc main() { http.Get(`",
])
def test_garbage_never_raises(garbage: str) -> None:
    result = extract(garbage)
    assert isinstance(result, Extraction)


def test_self_reference_stays_unknown() -> None:
    code = main('\ta := b + "x"\n\tb := a + "y"\n\thttp.Get(a)')
    assert one(code).url.startswith("${")


def test_too_large_sample_is_an_error_not_work() -> None:
    result = extract("x := 1\n" * 200_000)
    assert result.error is not None and result.error.startswith("sample too large")


# A child process with a hard timeout times 100 KB and about 900 KB of requests:
# linear reading gives a ratio near 10, quadratic near 100 (or the timeout).
LINEAR_PROBE = """
import sys, time
from checker.extract.go import GoExtractor
unit = ('\\treq, _ := http.NewRequest("GET", "https://x.io/a", nil)\\n\\treq.Header.Set("X-A", "1")\\n'
        '\\tresp, _ := http.DefaultClient.Do(req)\\n\\tif resp.StatusCode != 200 {\\n\\t}\\n')
def timed(count):
    code = "package main\\nfunc main() {\\n" + unit * count + "}\\n"
    started = time.perf_counter()
    result = GoExtractor().extract(code)
    assert len(result.requests) == count, (len(result.requests), result.error)
    return time.perf_counter() - started
timed(50)
print(timed(5700) / timed(640))
"""


def test_reading_time_grows_linearly() -> None:
    out = subprocess.run([sys.executable, "-c", LINEAR_PROBE], capture_output=True, text=True, cwd=REPO,
                         timeout=120, check=True).stdout
    assert float(out) < 30, out


def test_published_page_recovers_and_reads_the_sample() -> None:
    flat = [text.strip() for text in FIXTURE.splitlines()]
    lines = ["Create a user", "Last updated 2 days ago", "Send the request:", "", *flat, "",
             "The response holds the new user."]
    page = parse_text(doc("fr/p.txt"), "\n".join(lines) + "\n")
    page.samples = samples_of(page)
    assert [(s.fence.language, s.fence.line) for s in page.samples] == [("go", 5)]
    request, = page.samples[0].requests
    assert request.body == {"name": "Ada", "role": "admin"}
    assert request.headers["Authorization"] == "Bearer YOUR_API_KEY"


def test_the_grammar_loads_only_for_a_go_block() -> None:
    probe = ("import sys\nfrom checker import cli, languages\nlanguages.all_languages()\n"
             "from checker.parse.rendered import layout\nlayout(['x := 1'])\n"
             "print('tree_sitter_go' in sys.modules)\nlanguages.extractors('go')\n"
             "print('tree_sitter_go' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO,
                         timeout=120, check=True).stdout.split()
    assert out == ["False", "True"]


def test_header_map_assignment_and_a_client_parameter() -> None:
    code = ('package main\n\nfunc send(client *http.Client, body io.Reader) {\n'
            '\treq, _ := http.NewRequest("PUT", "https://x.io/a", body)\n\treq.Header.Set("X-Old", "1")\n'
            '\treq.Header = http.Header{\n\t\t"Content-Type": {"application/json"},\n'
            '\t\t"Accept": {"a", "b"},\n\t}\n'
            '\tclient.Post("https://x.io/b", "text/plain", strings.NewReader("hi"))\n}\n')
    first, second = extract(code).requests
    assert first.headers == {"Content-Type": "application/json", "Accept": "a, b"}
    assert first.lines["header:accept"] == line_of(code, '"Accept"')
    assert first.body == "${body}" and first.body_kind == "raw"
    assert (second.method, second.body, second.body_kind) == ("POST", "hi", "raw")


def test_url_values_form_and_a_json_encoder_buffer() -> None:
    code = main('\tdata := url.Values{}\n\tdata.Set("grant_type", "client_credentials")\n'
                '\tdata.Add("scope", "read")\n\tdata.Add("scope", "write")\n'
                '\treq, _ := http.NewRequest("POST", "https://x.io/token", strings.NewReader(data.Encode()))\n'
                '\treq.Header.Set("Content-Type", "application/x-www-form-urlencoded")\n'
                '\tvar buf bytes.Buffer\n'
                '\tjson.NewEncoder(&buf).Encode(map[string]string{\n\t\t"name": "Ada",\n\t})\n'
                '\thttp.Post("https://x.io/users?" + data.Encode(), "application/json", &buf)')
    form, users = extract(code).requests
    assert (form.body, form.body_kind) == ({"grant_type": "client_credentials", "scope": ["read", "write"]},
                                           "form")
    assert form.lines["body:scope"] == line_of(code, 'data.Add("scope", "read")')
    assert users.query == {"grant_type": "client_credentials", "scope": ["read", "write"]}
    assert (users.body, users.body_kind) == ({"name": "Ada"}, "json")
    assert users.lines["body:name"] == line_of(code, '"name": "Ada"')


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(set(FIXTURE)) + ["\U000c0000", "\ufffd", "\x00"]), max_size=400),
       st.integers(min_value=0, max_value=len(FIXTURE)))
def test_mutated_samples_never_raise(noise: str, at: int) -> None:
    result = extract(FIXTURE[:at] + noise + FIXTURE[at:])
    assert not (result.error or "").startswith("could not read"), result.error


def first_shape_language(line: str) -> str | None:
    return next((language for pattern, _, language, _ in languages.published_shapes() if pattern.match(line)),
                None)


@pytest.mark.parametrize("line", [
    'req, err := http.NewRequest("POST", url, bytes.NewBuffer(payload))', 'import "net/http"',
    "if err != nil {", 'req.Header.Set("Authorization", "Bearer "+apiKey)', "defer resp.Body.Close()",
    "type User struct {", 'log.Fatalf("status: %d", resp.StatusCode)', "for _, item := range items {",
])
def test_published_go_lines_are_go(line: str) -> None:
    assert first_shape_language(line) == "go"


@pytest.mark.parametrize("line", ["if (res.ok) {", "for await (const chunk of stream) {", "} else {",
                                  "const url = 'https://x.io';", "if x > 1:", "import requests"])
def test_other_languages_lines_are_not_go(line: str) -> None:
    assert first_shape_language(line) != "go"
