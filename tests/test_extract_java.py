"""JavaExtractor: Java samples (java.net.http, OkHttp) -> Request, called directly (no wrapper)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import languages
from checker.extract.base import Extraction, Extractor
from checker.extract.java import JavaExtractor, text_block
from checker.extract.samples import samples_of
from checker.model import Request
from checker.parse.files import parse_text
from tests.helpers import REPO, doc

FIXTURES = REPO / "fixtures" / "languages"
HTTPCLIENT = (FIXTURES / "java--httpclient.txt").read_text(encoding="utf-8")
OKHTTP = (FIXTURES / "java--okhttp.txt").read_text(encoding="utf-8")
URL = "https://api.example.com/v1/users"


def extract(code: str) -> Extraction:
    return JavaExtractor().extract(code)


def one(code: str) -> Request:
    result = extract(code)
    assert result.error is None, result.error
    assert len(result.requests) == 1, result.requests
    return result.requests[0]


def line_of(code: str, needle: str) -> int:
    return code.count("\n", 0, code.index(needle)) + 1


def test_protocol_and_registry() -> None:
    extractor: Extractor = JavaExtractor()
    assert extractor.languages == frozenset({"java"})
    assert languages.display("java", "okhttp") == languages.display("java", "java.net.http") == "Java"
    assert [type(e).__name__ for e in languages.extractors("java")] == ["JavaExtractor"]


@pytest.mark.parametrize("code, client", [(HTTPCLIENT, "java.net.http"), (OKHTTP, "okhttp")])
def test_the_fixtures_field_by_field(code: str, client: str) -> None:
    request = one(code)
    assert (request.method, request.url, request.path) == ("POST", URL, "/v1/users")
    assert request.headers == {"Authorization": "Bearer YOUR_API_KEY", "Content-Type": "application/json"}
    assert (request.body, request.body_kind) == ({"name": "Ada", "role": "admin"}, "json")
    assert request.client == client
    assert request.lines["body:name"] == line_of(code, 'name')
    assert request.lines["body:role"] == line_of(code, "role")
    assert request.lines["header:authorization"] == line_of(code, '"Authorization"')


def test_httpclient_fixture_lines_and_status() -> None:
    request = one(HTTPCLIENT)
    assert request.lines["start"] == line_of(HTTPCLIENT, "HttpRequest request = ")
    assert request.lines["end"] == line_of(HTTPCLIENT, ".build();")
    assert request.lines["url"] == line_of(HTTPCLIENT, ".uri(URI.create(")
    assert request.lines["method"] == line_of(HTTPCLIENT, ".POST(")
    assert request.expected_status == ["201"]
    assert request.lines["status"] == line_of(HTTPCLIENT, "response.statusCode() != 201")
    assert request.implied_headers == []


def test_okhttp_fixture_media_type_is_the_content_type_okhttp_sends() -> None:
    request = one(OKHTTP)
    assert request.implied_headers == ["content-type"]
    assert request.expected_status == ["2xx"]
    assert request.lines["status"] == line_of(OKHTTP, "response.isSuccessful()")


SAMPLE = '''public class Demo {
    private static final String BASE_URL = "https://api.example.com";
    private static final MediaType JSON = MediaType.parse("application/json; charset=utf-8");

    void run() throws Exception {
        String token = System.getenv("API_TOKEN");
        int id = 42;
        String url = String.format("%s/v1/users/%d", BASE_URL, id);
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Ada");
        body.put("tags", List.of("a", "b"));
        String json = new ObjectMapper().writeValueAsString(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
            .headers("Authorization", "Bearer " + token, "Accept", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
            .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        switch (response.statusCode()) {
            case 200, 204 -> System.out.println("ok");
            case 404 -> System.out.println("missing");
        }
        String form = new JSONObject().put("a", 1).put("b", "two").toString();
        Request r = new Request.Builder()
            .url(BASE_URL + "/v1/forms")
            .header("X-Key", Demo.BASE_URL)
            .put(RequestBody.create(JSON, form))
            .build();
        Response resp = client.newCall(r).execute();
        if (resp.code() >= 200 && resp.code() < 300) {}
        RequestBody formBody = new FormBody.Builder()
            .add("user", "ada")
            .add("pass", "x")
            .build();
        Request login = new Request.Builder().url("https://x.io/login").post(formBody).build();
        Request del = new Request.Builder().url("https://x.io/a/1").delete().build();
        HttpRequest get = HttpRequest.newBuilder().uri(new URI("https://x.io/list?page=2")).GET().build();
        String tb = """
            {"name": "%s",
             "role": "admin"}
            """.formatted("Ada");
        HttpRequest t = HttpRequest.newBuilder().uri(URI.create("https://x.io/tb"))
            .POST(BodyPublishers.ofString(tb)).build();
    }
}
'''


def requests_of_sample() -> list[Request]:
    result = extract(SAMPLE)
    assert result.error is None, result.error
    return result.requests


def test_newbuilder_with_uri_headers_pairs_method_and_a_mapper_body() -> None:
    request = requests_of_sample()[0]
    assert (request.method, request.url) == ("PATCH", "https://api.example.com/v1/users/42")
    assert request.headers == {"Authorization": "Bearer ${API_TOKEN}", "Accept": "application/json"}
    assert (request.body, request.body_kind) == ({"name": "Ada", "tags": ["a", "b"]}, "json")
    assert request.lines["body:name"] == line_of(SAMPLE, 'body.put("name"')
    assert request.lines["body:tags"] == line_of(SAMPLE, 'body.put("tags"')
    assert request.expected_status == ["200", "204"]   # the first case; `404` is an error
    assert request.lines["status"] == line_of(SAMPLE, "case 200, 204")


def test_okhttp_media_type_first_fields_and_a_range_check() -> None:
    request = requests_of_sample()[1]
    assert (request.method, request.url) == ("PUT", "https://api.example.com/v1/forms")
    assert request.headers == {"X-Key": "https://api.example.com",
                               "Content-Type": "application/json; charset=utf-8"}
    assert request.body == {"a": 1, "b": "two"} and request.body_kind == "json"
    assert request.expected_status == ["2xx"]


def test_form_body_delete_get_and_a_formatted_text_block() -> None:
    login, delete, get, block = requests_of_sample()[2:]
    assert (login.method, login.body, login.body_kind) == ("POST", {"user": "ada", "pass": "x"}, "form")
    assert login.headers == {"Content-Type": "application/x-www-form-urlencoded"}
    assert login.lines["body:pass"] == line_of(SAMPLE, '.add("pass"')
    assert (delete.method, delete.path, delete.body) == ("DELETE", "/a/1", None)
    assert (get.method, get.query) == ("GET", {"page": "2"})
    assert (block.body, block.body_kind) == ({"name": "Ada", "role": "admin"}, "json")
    assert block.lines["body:role"] == line_of(SAMPLE, '"role": "admin"}')
    assert block.lines["method"] == line_of(SAMPLE, ".POST(BodyPublishers")


def test_text_block_strips_shared_indentation_as_java_does() -> None:
    assert text_block('"""\n    {\n      "a": 1\n    }\n    """') == '{\n  "a": 1\n}\n'
    assert text_block('"""\n    a\\n\\tb   \n  c"""') == "  a\n\tb\nc"
    assert text_block('"""\n    one \\\n    two\n    """') == "one two\n"


def test_bare_statements_and_escapes() -> None:
    code = ('String apiKey = "k";\n'
            'String body = "{\\"name\\": \\"Ad\\u0061\\", \\"role\\": \\"admin\\"}";\n'
            'HttpRequest request = HttpRequest.newBuilder()\n'
            '    .uri(URI.create("https://x.io/u"))\n'
            '    .setHeader("Authorization", "Bearer " + apiKey)\n'
            '    .PUT(HttpRequest.BodyPublishers.ofString(body))\n'
            '    .build();\n')
    request = one(code)
    assert (request.method, request.body) == ("PUT", {"name": "Ada", "role": "admin"})
    assert request.headers == {"Authorization": "Bearer k"}
    assert request.lines["body:role"] == 2


def test_later_reassignment_before_the_use_wins_and_unknowns_stay_named() -> None:
    code = ('String u = "https://x.io/old";\nu = "https://x.io/new";\n'
            'Request r = new Request.Builder().url(u).header("X-A", config.key()).get().build();\n'
            'u = "https://x.io/later";\n')
    request = one(code)
    assert request.url == "https://x.io/new"
    assert request.headers == {"X-A": "${config.key()}"}


def test_two_requests_keep_their_own_statuses() -> None:
    code = ('HttpRequest a = HttpRequest.newBuilder().uri(URI.create("https://x.io/a")).build();\n'
            'HttpRequest b = HttpRequest.newBuilder().uri(URI.create("https://x.io/b")).DELETE().build();\n'
            'HttpResponse<String> ra = client.send(a, HttpResponse.BodyHandlers.ofString());\n'
            'HttpResponse<String> rb = client.send(b, HttpResponse.BodyHandlers.ofString());\n'
            'if (rb.statusCode() == 204 && ra.statusCode() == HttpURLConnection.HTTP_OK) {}\n')
    first, second = extract(code).requests
    assert (first.method, first.expected_status) == ("GET", ["200"])
    assert (second.method, second.expected_status) == ("DELETE", ["204"])


def test_a_sample_that_does_not_parse_says_where_and_still_reads() -> None:
    code = ('Request r = new Request.Builder().url("https://x.io/a").build();\n'
            'if (response.code() == {\n')
    result = extract(code)
    assert result.error is not None and result.error.startswith("Java syntax error")
    assert result.error_line == 2
    assert [r.url for r in result.requests] == ["https://x.io/a"]


def test_what_is_no_http_request_is_none() -> None:
    code = ('Request r = Request.newBuilder().uri("x").build();\n'
            'StringBuilder b = new StringBuilder().append("x");\nSystem.out.println(201);\n')
    assert extract(code).requests == []


@pytest.mark.parametrize("garbage", [
    "", "  ", "}}}{{{", "HttpRequest.newBuilder(", "new Request.Builder()" + ".url(" * 3000,
    "String s = " + "(" * 5000 + "1" + ")" * 5000 + ";",
    "String s = " + " + ".join(['"a"'] * 20000) + ";\nnew Request.Builder().url(s).post(RequestBody.create(s, null));",
    "String a = b;\nString b = a;\nHttpRequest.newBuilder().uri(URI.create(a)).build();",
    '"""', "\x00\ud7ff\U0010ffff", 'String x = """\n' * 500,
])
def test_garbage_never_raises(garbage: str) -> None:
    assert isinstance(extract(garbage), Extraction)


def test_too_large_sample_is_an_error_not_work() -> None:
    result = extract("int x = 1;\n" * 200_000)
    assert result.error is not None and result.error.startswith("sample too large")


LINEAR_PROBE = """
import time
from checker.extract.java import JavaExtractor
unit = ('HttpRequest r = HttpRequest.newBuilder().uri(URI.create("https://x.io/a"))\\n'
        '    .header("X-A", "1").GET().build();\\n'
        'HttpResponse<String> s = c.send(r, HttpResponse.BodyHandlers.ofString());\\n'
        'if (s.statusCode() != 200) {}\\n')
def timed(count):
    started = time.perf_counter()
    result = JavaExtractor().extract(unit * count)
    assert len(result.requests) == count, (len(result.requests), result.error)
    return time.perf_counter() - started
timed(50)
print(timed(4500) / timed(500))
"""


def test_reading_time_grows_linearly() -> None:
    # 100 KB against 900 KB in a child process with a hard timeout: linear is near 10.
    out = subprocess.run([sys.executable, "-c", LINEAR_PROBE], capture_output=True, text=True, cwd=REPO,
                         timeout=120, check=True).stdout
    assert float(out) < 30, out


def published(code: str) -> list[tuple[str, int, list[Request]]]:
    flat = [text.strip() for text in code.splitlines()]
    lines = ["Create a user", "Last updated 2 days ago", "Send the request:", "", *flat, "",
             "The response holds the new user."]
    page = parse_text(doc("fr/p.txt"), "\n".join(lines) + "\n")
    page.samples = samples_of(page)
    return [(s.fence.language, s.fence.line, s.requests) for s in page.samples]


def test_published_page_recovers_and_reads_the_httpclient_sample() -> None:
    (language, line, requests), = published(HTTPCLIENT)
    assert (language, line) == ("java", 5)
    assert requests[0].body == {"name": "Ada", "role": "admin"}
    assert requests[0].headers["Authorization"] == "Bearer YOUR_API_KEY"


def test_published_page_recovers_and_reads_the_okhttp_sample() -> None:
    # `private static final MediaType JSON` reads as three plain words to the
    # published-page parser (parse/rendered.py knows no Java modifiers), so the
    # constants are written without `private final` here.
    code = OKHTTP.replace("private static final ", "static ")
    (language, line, requests), = published(code)
    assert (language, line) == ("java", 5)
    assert (requests[0].url, requests[0].body) == (URL, {"name": "Ada", "role": "admin"})
    assert requests[0].headers["Authorization"] == "Bearer YOUR_API_KEY"


def test_the_grammar_loads_only_for_a_java_block() -> None:
    probe = ("import sys\nfrom checker import cli, languages\nlanguages.all_languages()\n"
             "from checker.parse.rendered import layout\nlayout(['HttpRequest r = HttpRequest.newBuilder()'])\n"
             "print('tree_sitter_java' in sys.modules)\nlanguages.extractors('java')\n"
             "print('tree_sitter_java' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO,
                         timeout=120, check=True).stdout.split()
    assert out == ["False", "True"]


def test_map_of_entries_gson_object_and_var_declarations() -> None:
    code = ('var body = Map.ofEntries(\n    Map.entry("name", "Ada"),\n    Map.entry("role", "admin"));\n'
            'var request = HttpRequest.newBuilder().uri(URI.create("https://x.io/a"))\n'
            '    .POST(BodyPublishers.ofString(new Gson().toJson(body))).build();\n'
            'JsonObject json = new JsonObject();\njson.addProperty("name", "Ada");\n'
            'var r = new Request.Builder().url("https://x.io/b")\n'
            '    .post(RequestBody.create(json.toString(), MediaType.parse("application/json"))).build();\n')
    first, second = extract(code).requests
    assert (first.body, first.body_kind) == ({"name": "Ada", "role": "admin"}, "json")
    assert first.lines["body:role"] == line_of(code, 'Map.entry("role"')
    assert (second.body, second.body_kind) == ({"name": "Ada"}, "json")
    assert second.lines["body:name"] == line_of(code, "json.addProperty")


def test_published_var_declarations_are_java() -> None:
    code = ('var client = HttpClient.newHttpClient();\nvar request = HttpRequest.newBuilder()\n'
            '.uri(URI.create("https://x.io/a"))\n.GET()\n.build();\n')
    (language, _, requests), = published(code)
    assert language == "java" and [r.url for r in requests] == ["https://x.io/a"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(set(OKHTTP + HTTPCLIENT)) + ["\U000c0000", "\x00"]), max_size=400),
       st.integers(min_value=0, max_value=len(OKHTTP)))
def test_mutated_samples_never_raise(noise: str, at: int) -> None:
    result = extract(OKHTTP[:at] + noise + OKHTTP[at:])
    assert not (result.error or "").startswith("could not read"), result.error


def first_shape_language(line: str) -> str | None:
    return next((language for pattern, _, language, _ in languages.published_shapes() if pattern.match(line)),
                None)


@pytest.mark.parametrize("line", [
    "HttpRequest request = HttpRequest.newBuilder()", ".uri(URI.create(\"https://x.io/a\"))",
    "Request request = new Request.Builder()", ".addHeader(\"Authorization\", \"Bearer \" + API_KEY)",
    ".POST(HttpRequest.BodyPublishers.ofString(json))", "HttpResponse<String> response = client.send(",
    ".build();", "\"\"\";", "try (Response response = client.newCall(request).execute()) {",
    "import java.net.http.HttpClient;",
])
def test_published_java_lines_are_java(line: str) -> None:
    assert first_shape_language(line) == "java"


@pytest.mark.parametrize("line", ['"""', ".then(res => res.json())", "var x = 1;", "import requests",
                                  "const res = await fetch(url);", "using var client = new HttpClient();"])
def test_other_languages_lines_are_not_java(line: str) -> None:
    assert first_shape_language(line) != "java"
