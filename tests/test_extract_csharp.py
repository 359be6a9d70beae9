"""The C# extractor: HttpClient and RestSharp, read without running anything."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import textwrap
import time

import pytest

from checker.extract.csharp import CSharpExtractor
from checker.languages.csharp import LANGUAGE
from checker.model import Request
from tests.helpers import REPO, page_of

FIXTURES = REPO / "fixtures" / "languages"


def read(code: str) -> list[Request]:
    result = CSharpExtractor().extract(code)
    assert result.error is None, result.error
    return result.requests


def one(code: str) -> Request:
    requests = read(code)
    assert len(requests) == 1, requests
    return requests[0]


def line_of(code: str, needle: str) -> int:
    return code[:code.index(needle)].count("\n") + 1


# --------------------------------------------------------------------------- fixtures


@pytest.mark.parametrize("name", ["csharp--httpclient.txt", "csharp--restsharp.txt"])
def test_fixture_sends_the_common_request(name: str) -> None:
    code = (FIXTURES / name).read_text(encoding="utf-8")
    request = one(code)
    assert (request.method, request.url, request.path) == \
        ("POST", "https://api.example.com/v1/users", "/v1/users")
    assert request.headers == {"Authorization": "Bearer YOUR_API_KEY", "Content-Type": "application/json"}
    assert (request.body_kind, request.body) == ("json", {"name": "Ada", "role": "admin"})
    assert request.lines["body:role"] == line_of(code, "role")


def test_httpclient_fixture_lines_and_status() -> None:
    code = (FIXTURES / "csharp--httpclient.txt").read_text(encoding="utf-8")
    request = one(code)
    assert request.client == "httpclient"
    assert request.expected_status == ["201"]
    assert request.lines["start"] == line_of(code, "var request =")
    assert request.lines["end"] == line_of(code, "client.SendAsync")
    assert request.lines["header:authorization"] == line_of(code, "request.Headers.Authorization")
    assert request.lines["body:name"] == line_of(code, 'name = "Ada"')
    assert request.lines["status"] == line_of(code, "if (response.StatusCode")


# --------------------------------------------------------------------------- HttpClient


def test_post_async_with_string_content_of_a_verbatim_literal() -> None:
    code = '''var json = @"{
  ""name"": ""Ada"",
  ""role"": ""admin""
}";
var content = new StringContent(json, Encoding.UTF8, "application/json");
var client = new HttpClient();
client.DefaultRequestHeaders.Add("Authorization", $"Bearer {token}");
var response = await client.PostAsync("https://api.example.com/v1/users", content);
if ((int)response.StatusCode == 201) { }
'''
    request = one(code)
    assert (request.method, request.url) == ("POST", "https://api.example.com/v1/users")
    assert request.headers == {"Authorization": "Bearer {token}", "Content-Type": "application/json"}
    assert request.body == {"name": "Ada", "role": "admin"} and request.body_kind == "json"
    assert (request.lines["body:name"], request.lines["body:role"]) == (2, 3)
    assert request.lines["header:authorization"] == 7
    assert request.expected_status == ["201"] and request.lines["status"] == 9


def test_raw_string_literal_and_an_initialised_message() -> None:
    code = '''var json = """
    {
      "name": "Ada",
      "role": "admin"
    }
    """;
var request = new HttpRequestMessage
{
    Method = HttpMethod.Put,
    RequestUri = new Uri(baseUrl + "/v1/users/42"),
    Content = new StringContent(json, Encoding.UTF8, "application/json"),
};
request.Headers.Add("X-Trace", "1");
var response = await _httpClient.SendAsync(request);
if (response.IsSuccessStatusCode) { }
'''
    request = one(code)
    assert (request.method, request.url) == ("PUT", "{baseUrl}/v1/users/42")
    assert request.headers == {"X-Trace": "1", "Content-Type": "application/json"}
    assert request.body == {"name": "Ada", "role": "admin"}
    assert (request.lines["body:name"], request.lines["body:role"]) == (3, 4)
    assert (request.lines["method"], request.lines["url"]) == (9, 10)
    assert request.expected_status == ["2xx"] and request.lines["status"] == 15


def test_base_address_default_headers_and_a_dictionary_posted_as_json() -> None:
    code = '''using var client = new HttpClient { BaseAddress = new Uri("https://api.example.com/") };
client.DefaultRequestHeaders.Authorization =
    new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("API_KEY"));
client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
var body = new Dictionary<string, object>
{
    ["name"] = "Ada",
    ["role"] = "admin",
    ["tags"] = new[] { "a", "b" },
    ["meta"] = new { level = 2, active = true, score = 1.5, note = (string)null },
};
var response = await client.PostAsJsonAsync("v1/users?notify=true", body);
response.EnsureSuccessStatusCode();
'''
    request = one(code)
    assert request.url == "https://api.example.com/v1/users?notify=true"
    assert request.query == {"notify": "true"}
    assert request.headers == {"Authorization": "Bearer {API_KEY}", "Accept": "application/json",
                               "Content-Type": "application/json"}
    assert request.implied_headers == ["content-type"]
    assert request.body == {"name": "Ada", "role": "admin", "tags": ["a", "b"],
                            "meta": {"level": 2, "active": True, "score": 1.5, "note": None}}
    assert (request.lines["body:name"], request.lines["body:meta.level"]) == (7, 10)
    assert request.lines["header:authorization"] == 2
    assert request.expected_status == ["2xx"] and request.lines["status"] == 13


def test_base_address_set_later_and_a_relative_path() -> None:
    request = one('''var client = new HttpClient();
client.BaseAddress = new Uri("https://api.example.com/api/");
await client.GetAsync("users/1");
''')
    assert (request.method, request.url) == ("GET", "https://api.example.com/api/users/1")


def test_json_content_create_of_an_anonymous_object() -> None:
    code = '''public class Demo
{
    private static readonly HttpClient client = new HttpClient();
    public static async Task Main()
    {
        var content = JsonContent.Create(new { name = "Ada", role = "admin", age = 36 });
        var response = await client.PostAsync("https://api.example.com/v1/users", content);
        Console.WriteLine(response.StatusCode == HttpStatusCode.Created);
    }
}
'''
    request = one(code)
    assert request.body == {"name": "Ada", "role": "admin", "age": 36}
    assert request.headers == {"Content-Type": "application/json"}
    assert request.implied_headers == ["content-type"]
    assert request.lines["body:role"] == 6 and request.expected_status == ["201"]


def test_serialized_bodies_forms_and_other_verbs() -> None:
    code = '''var form = new FormUrlEncodedContent(new Dictionary<string, string>
{
    { "grant_type", "client_credentials" },
    { "scope", "read" },
});
var token = await new HttpClient().PostAsync("https://auth.example.com/token", form);
var me = await client.GetStringAsync("https://api.example.com/v1/me");
await client.DeleteAsync($"https://api.example.com/v1/users/{id}");
var payload = JsonConvert.SerializeObject(new { name = "Ada" });
var msg = new HttpRequestMessage(new HttpMethod("PATCH"), "https://api.example.com/v1/users/1")
{
    Content = new StringContent(payload, Encoding.UTF8, "application/json"),
};
await client.SendAsync(msg);
'''
    form, me, delete, patch = read(code)
    assert (form.method, form.body_kind, form.body) == \
        ("POST", "form", {"grant_type": "client_credentials", "scope": "read"})
    assert form.headers == {"Content-Type": "application/x-www-form-urlencoded"}
    assert (form.lines["body:grant_type"], form.lines["body:scope"]) == (3, 4)
    assert (me.method, me.url) == ("GET", "https://api.example.com/v1/me")
    assert (delete.method, delete.url) == ("DELETE", "https://api.example.com/v1/users/{id}")
    assert (patch.method, patch.body, patch.lines["body:name"]) == ("PATCH", {"name": "Ada"}, 9)


def test_strings_escapes_concatenation_and_defaults() -> None:
    code = r'''const string Base = "https://api.example.com";
var key = Environment.GetEnvironmentVariable("API_KEY") ?? "YOUR_API_KEY";
var path = "/v1/" + "users";
var request = new HttpRequestMessage(HttpMethod.Post, Base + path + "?tag=a%20b");
request.Headers.TryAddWithoutValidation("X-Note", "say \"hi\"\tnow");
request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
request.Content = new StringContent("name=Ada&role=admin", Encoding.UTF8, "application/x-www-form-urlencoded");
await client.SendAsync(request);
'''
    request = one(code)
    assert request.url == "https://api.example.com/v1/users?tag=a%20b"
    assert request.headers["X-Note"] == 'say "hi"\tnow'
    assert request.headers["Authorization"] == "Bearer YOUR_API_KEY"
    assert (request.body_kind, request.body) == ("form", {"name": "Ada", "role": "admin"})
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"


def test_multipart_media_type_names_and_a_default_text_content() -> None:
    upload, named, plain = read('''var form = new MultipartFormDataContent();
form.Add(new StringContent("Ada"), "name");
form.Add(new ByteArrayContent(bytes), "file", "avatar.png");
await client.PostAsync("https://api.example.com/v1/upload", form);
var c = new StringContent("{\\"a\\": 1}", Encoding.UTF8, MediaTypeNames.Application.Json);
await client.PostAsync("https://api.example.com/v1/a", c);
await client.PostAsync("https://api.example.com/v1/b", new StringContent("hello"));
''')
    assert (upload.body_kind, upload.body) == ("multipart", {"name": "Ada", "file": "@avatar.png"})
    assert (upload.lines["body:name"], upload.lines["body:file"]) == (2, 3)
    assert upload.headers == {"Content-Type": "multipart/form-data"}
    assert (named.body, named.headers, named.implied_headers) == \
        ({"a": 1}, {"Content-Type": "application/json"}, [])
    # StringContent's own default is text/plain: sent, but not written
    assert (plain.body_kind, plain.body, plain.headers, plain.implied_headers) == \
        ("raw", "hello", {"Content-Type": "text/plain"}, ["content-type"])


def test_a_switch_on_the_status_code() -> None:
    request = one('''var response = await client.GetAsync("https://a.example/1");
switch (response.StatusCode)
{
    case HttpStatusCode.OK:
    case (HttpStatusCode)202:
        break;
    case HttpStatusCode.NotFound:
        break;
}
''')
    assert request.expected_status == ["200", "202"] and request.lines["status"] == 4


def test_an_unknown_owner_is_an_http_client_only_when_named_like_one() -> None:
    requests = read('''var customer = await customers.GetAsync("cus_123");
await service.DeleteAsync(id);
await _httpClient.GetAsync("https://a.example/1");
await this.Http.DeleteAsync(url);
''')
    assert [(r.method, r.url) for r in requests] == [("GET", "https://a.example/1"), ("DELETE", "{url}")]


def test_a_status_check_on_an_unknown_variable_counts_for_the_last_request() -> None:
    requests = read('''await client.GetAsync("https://a.example/1");
var r = await client.GetAsync("https://a.example/2");
if (result.StatusCode == HttpStatusCode.NoContent) { }
if (r.StatusCode != HttpStatusCode.NotFound) { }
''')
    assert [r.expected_status for r in requests] == [[], ["204"]]


# --------------------------------------------------------------------------- RestSharp


def test_restsharp_segments_query_and_success() -> None:
    code = '''var options = new RestClientOptions("https://api.example.com/v1");
var client = new RestClient(options);
client.AddDefaultHeader("X-Client", "docs");
var request = new RestRequest("users/{id}", Method.Get);
request.AddUrlSegment("id", 42);
request.AddQueryParameter("expand", "roles");
request.AddHeader("Authorization", "Bearer " + token);
var response = await client.ExecuteAsync(request);
if (response.IsSuccessful) { }
'''
    request = one(code)
    assert request.client == "restsharp"
    assert (request.method, request.url) == ("GET", "https://api.example.com/v1/users/42")
    assert request.query == {"expand": "roles"} and request.lines["query:expand"] == 6
    assert request.headers == {"X-Client": "docs", "Authorization": "Bearer {token}"}
    assert request.expected_status == ["2xx"] and request.lines["status"] == 9


def test_restsharp_form_parameters_and_request_body() -> None:
    code = r'''var client = new RestClient("https://api.example.com");
var login = new RestRequest("/v1/login");
login.AddParameter("user", "ada");
login.AddParameter("password", "x");
await client.PostAsync(login);
var raw = new RestRequest("/v1/raw", Method.Post);
raw.AddParameter("application/json", "{\"name\": \"Ada\"}", ParameterType.RequestBody);
client.Execute(raw);
var typed = new RestRequest("/v1/typed");
typed.AddStringBody("{\"a\": 1}", DataFormat.Json);
await client.ExecutePostAsync<User>(typed);
'''
    login, raw, typed = read(code)
    assert (login.method, login.url, login.body_kind, login.body) == \
        ("POST", "https://api.example.com/v1/login", "form", {"user": "ada", "password": "x"})
    assert (login.lines["body:user"], login.lines["body:password"]) == (3, 4)
    assert (raw.body_kind, raw.body, raw.headers) == \
        ("json", {"name": "Ada"}, {"Content-Type": "application/json"})
    assert (typed.method, typed.body) == ("POST", {"a": 1})


def test_restsharp_json_body_of_a_variable() -> None:
    code = '''var user = new Dictionary<string, object> { { "name", "Ada" }, { "role", "admin" } };
var client = new RestClient("https://api.example.com/");
var request = new RestRequest("v1/users", Method.Post).AddJsonBody(user);
var response = await client.ExecuteAsync(request);
'''
    request = one(code)
    assert (request.url, request.body, request.lines["body:role"]) == \
        ("https://api.example.com/v1/users", {"name": "Ada", "role": "admin"}, 1)
    assert request.implied_headers == ["content-type"]


# --------------------------------------------------------------------------- bad input


def test_a_sample_that_does_not_parse_gives_its_error_line() -> None:
    result = CSharpExtractor().extract('var ok = 1;\nvar x = new HttpClient(;\nawait x.GetAsync("https://a.b/c");\n')
    assert result.error is not None and result.error.startswith("C# syntax error")
    assert result.error_line == 2
    assert [r.url for r in result.requests] == ["https://a.b/c"]   # what parsed is still read


def test_no_request_in_plain_code() -> None:
    assert read("var x = 1;\nConsole.WriteLine(x);\n") == []
    assert CSharpExtractor().extract("").requests == []
    assert CSharpExtractor().extract("   \n").error is None


@pytest.mark.parametrize("seed", range(20))
def test_garbage_never_raises(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = 'new HttpClient()"{}[];=.$@\\\n ' + "".join(chr(c) for c in (0x7F, 0xFEFF, 0x1F600, 0x10FFFF))
    code = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3000)))
    result = CSharpExtractor().extract(code)
    assert isinstance(result.requests, list)


def test_non_text_and_lone_surrogates_do_not_raise() -> None:
    assert CSharpExtractor().extract(None).error == "sample is not text"  # type: ignore[arg-type]
    assert CSharpExtractor().extract(b'await client.GetAsync("https://a.b");').requests[0].url == "https://a.b"
    CSharpExtractor().extract('var s = "\ud800";')


def test_deep_and_self_referencing_values_stay_bounded() -> None:
    deep = "var x = " + "(" * 5000 + '"a"' + ")" * 5000 + ";\nawait client.GetAsync(x);\n"
    chain = "var y = " + " + ".join(['"a"'] * 20000) + ";\nawait client.GetAsync(y);\n"
    loop = 'var z = "u";\n' + "z = z + z;\n" * 40 + "await client.GetAsync(z);\n"
    for code in (deep, chain, loop):
        result = CSharpExtractor().extract(code)
        assert len(result.requests) == 1


def test_a_huge_sample_is_refused_at_once() -> None:
    result = CSharpExtractor().extract("var x = 1;\n" * 200_000)
    assert result.error is not None and "too large" in result.error and result.requests == []


_TIMER = textwrap.dedent("""
    import json, sys, time
    from checker.extract.csharp import CSharpExtractor
    unit, times = sys.argv[1], []
    for size in (50_000, 500_000):
        text, runs = unit * (size // len(unit)), []
        for _ in range(3):   # the fastest of three: the others carry the machine's noise
            start = time.perf_counter()
            CSharpExtractor().extract(text)
            runs.append(time.perf_counter() - start)
        times.append(min(runs))
    print(json.dumps(times))
""")


@pytest.mark.parametrize("unit", [
    "using var c = new HttpClient();\nawait c.PostAsync(\"https://a.b/c\", new StringContent(\"{}\"));\n",
    'var s = "a" + s + $"{s}";\n',
    "if (r.StatusCode == HttpStatusCode.Created) { r.EnsureSuccessStatusCode(); }\n",
    "new { a = new { b = ",
])
def test_reading_time_grows_linearly(unit: str) -> None:
    """50 KB against 500 KB, in a child process with a hard timeout: linear is about 10."""
    done = subprocess.run([sys.executable, "-c", _TIMER, unit], capture_output=True, text=True,
                          timeout=120, check=True, cwd=REPO)
    small, large = json.loads(done.stdout)
    assert large / max(small, 1e-3) < 30, (small, large)


@pytest.mark.parametrize("prefix", ["if (", "var a = ", "using ", "public ", "request.", "Console.Write("])
def test_published_shapes_are_linear(prefix: str) -> None:
    shapes = [re.compile(shape.pattern) for shape in LANGUAGE.published]
    times = []
    for size in (100_000, 1_000_000):
        line, runs = prefix + "a.StatusCode (x) " * (size // 17), []
        for _ in range(3):   # the fastest of three: the others carry the machine's noise
            start = time.perf_counter()
            for shape in shapes:
                shape.match(line)
            runs.append(time.perf_counter() - start)
        times.append(min(runs))
    assert times[1] / max(times[0], 1e-3) < 30, times


# --------------------------------------------------------------------------- published pages


PUBLISHED = """Créer un utilisateur

Envoyez la requête ci-dessous.

using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;

using var client = new HttpClient();
client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "YOUR_API_KEY");

var response = await client.PostAsJsonAsync("https://api.example.com/v1/users", new {
    name = "Ada",
    role = "admin",
});
if (response.StatusCode == HttpStatusCode.Created) {
    Console.WriteLine("created");
}

La réponse contient le nouvel utilisateur.
"""


def test_a_published_page_recovers_the_sample_as_csharp() -> None:
    page = page_of(PUBLISHED, "fr/api/users.txt")
    assert [(f.language, f.line, f.end_line) for f in page.fences] == [("csharp", 5, 18)]
    request = page.samples[0].request
    assert request is not None and page.samples[0].error is None
    assert (request.method, request.url, request.body) == \
        ("POST", "https://api.example.com/v1/users", {"name": "Ada", "role": "admin"})
    assert request.expected_status == ["201"]


def test_a_published_restsharp_fixture_is_one_csharp_block() -> None:
    code = (FIXTURES / "csharp--restsharp.txt").read_text(encoding="utf-8")
    page = page_of(f"Créer un utilisateur\n\nEnvoyez la requête.\n\n{code}\nLa réponse.\n", "fr/api/users.txt")
    assert [f.language for f in page.fences] == ["csharp"]
    request = page.samples[0].request
    assert request is not None and request.body == {"name": "Ada", "role": "admin"}


def test_a_published_allman_brace_stays_in_the_block() -> None:
    code = (FIXTURES / "csharp--httpclient.txt").read_text(encoding="utf-8")
    page = page_of(f"Créer un utilisateur\n\nEnvoyez la requête.\n\n{code}\nLa réponse.\n", "fr/api/users.txt")
    assert [f.language for f in page.fences] == ["csharp"]
