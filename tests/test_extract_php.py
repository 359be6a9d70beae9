"""The PHP extractor: Guzzle and ext-curl, called directly."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from checker.extract.php import PhpExtractor
from checker.extract.samples import read_code
from checker.model import Request
from checker.parse.rendered import layout
from tests.helpers import REPO

FIXTURES = REPO / "fixtures" / "languages"


def read(code: str) -> list[Request]:
    result = PhpExtractor().extract(textwrap.dedent(code))
    assert result.error is None, result.error
    return result.requests


def one(code: str) -> Request:
    requests = read(code)
    assert len(requests) == 1, requests
    return requests[0]


def test_guzzle_fixture_field_by_field() -> None:
    request = one((FIXTURES / "php--guzzle.txt").read_text(encoding="utf-8"))
    assert (request.method, request.url, request.host, request.path) == (
        "POST", "https://api.example.com/v1/users", "api.example.com", "/v1/users")
    assert request.headers == {"Authorization": "Bearer YOUR_API_KEY", "Content-Type": "application/json"}
    assert (request.body_kind, request.body) == ("json", {"name": "Ada", "role": "admin"})
    assert request.expected_status == ["201"]
    assert request.client == "guzzle"
    assert request.lines == {"start": 9, "end": 18, "method": 9, "url": 9, "header:authorization": 11,
                             "header:content-type": 12, "body": 14, "body:name": 15, "body:role": 16,
                             "status": 20}


def test_curl_fixture_field_by_field() -> None:
    request = one((FIXTURES / "php--curl.txt").read_text(encoding="utf-8"))
    assert (request.method, request.url) == ("POST", "https://api.example.com/v1/users")
    assert request.headers == {"Authorization": "Bearer YOUR_API_KEY", "Content-Type": "application/json"}
    assert (request.body_kind, request.body) == ("json", {"name": "Ada", "role": "admin"})
    assert request.expected_status == ["201"]
    assert request.client == "curl"
    # The body's keys are where the array is written, above the call.
    assert (request.lines["start"], request.lines["method"], request.lines["body:role"],
            request.lines["header:authorization"], request.lines["status"]) == (8, 10, 5, 12, 21)


def test_a_sample_without_the_opener_keeps_its_own_lines() -> None:
    request = one("""\
        $client = new GuzzleHttp\\Client();
        $response = $client->post('https://api.example.com/v1/users', [
            'json' => ['name' => 'Ada'],
        ]);
        """)
    assert (request.method, request.url, request.body) == ("POST", "https://api.example.com/v1/users",
                                                           {"name": "Ada"})
    assert request.lines["start"] == 2 and request.lines["body:name"] == 3
    # `json` sends the Content-Type itself: compared, never pointed at.
    assert request.headers == {"Content-Type": "application/json"}
    assert request.implied_headers == ["content-type"]


def test_guzzle_client_defaults_and_options() -> None:
    request = one("""\
        <?php
        $client = new \\GuzzleHttp\\Client([
            'base_uri' => 'https://api.example.com/v1/',
            'headers' => ['Authorization' => 'Bearer ' . getenv('API_KEY')],
        ]);
        $res = $client->post('users', [
            'form_params' => ['name' => 'Ada', 'n' => 2],
            'query' => ['page' => 1],
            'auth' => ['user', 'pass', 'digest'],
        ]);
        $code = $res->getStatusCode();
        if ($code !== 201) { throw new Exception('failed'); }
        """)
    assert (request.method, request.url) == ("POST", "https://api.example.com/v1/users")
    assert request.headers == {"Authorization": "Bearer ${API_KEY}",
                               "Content-Type": "application/x-www-form-urlencoded"}
    assert (request.body_kind, request.body) == ("form", {"name": "Ada", "n": "2"})
    assert request.query == {"page": 1}
    assert request.auth == "digest"
    assert request.expected_status == ["201"]
    assert (request.lines["header:authorization"], request.lines["query:page"], request.lines["auth"],
            request.lines["status"]) == (4, 8, 9, 12)


def test_guzzle_request_with_a_method_variable_and_a_text_body() -> None:
    request = one("""\
        <?php
        $method = 'PUT';
        $token = $_ENV['TOKEN'];
        $body = <<<JSON
        {"name": "{$name}",
         "role": 2}
        JSON;
        $r = $this->client->request($method, "https://x.test/items/$id", [
            'headers' => ['Authorization' => "Bearer {$token}", 'Content-Type' => 'application/json'],
            'body' => $body,
        ]);
        """)
    assert (request.method, request.url) == ("PUT", "https://x.test/items/${id}")
    assert request.headers["Authorization"] == "Bearer ${TOKEN}"
    assert (request.body_kind, request.body) == ("json", {"name": "${name}", "role": 2})
    assert (request.lines["method"], request.lines["body:name"], request.lines["body:role"]) == (2, 5, 6)


def test_guzzle_body_of_json_encode_multipart_and_async() -> None:
    first, second = read("""\
        <?php
        $client = new Client(['base_uri' => 'https://x.test']);
        $client->putAsync('/a', ['body' => json_encode(['k' => true])])->wait();
        $client->request('POST', '/b', ['multipart' => [
            ['name' => 'file', 'contents' => 'data'],
        ]]);
        """)
    assert (first.method, first.url, first.body_kind, first.body) == ("PUT", "https://x.test/a", "json",
                                                                    {"k": True})
    assert first.headers == {}   # a text body sends no Content-Type of its own
    assert (second.body_kind, second.body, second.lines["body:file"]) == ("multipart", {"file": "data"}, 5)


def test_curl_setopt_array_and_every_option() -> None:
    request = one("""\
        <?php
        $ch = curl_init();
        curl_setopt_array($ch, [
            CURLOPT_URL => "https://api.example.com/v1/items/{$id}?x=1",
            CURLOPT_CUSTOMREQUEST => 'PATCH',
            CURLOPT_HTTPHEADER => ["Authorization: Bearer {$_ENV['TOKEN']}", 'Cookie: a=1; b=2'],
            CURLOPT_POSTFIELDS => http_build_query(['a' => 'b c']),
            CURLOPT_USERPWD => 'u:p',
            CURLOPT_HTTPAUTH => CURLAUTH_DIGEST,
        ]);
        $out = curl_exec($ch);
        if (curl_getinfo($ch, CURLINFO_RESPONSE_CODE) >= 200) {}
        """)
    assert (request.method, request.url, request.query) == (
        "PATCH", "https://api.example.com/v1/items/${id}?x=1", {"x": "1"})
    assert request.headers == {"Authorization": "Bearer ${TOKEN}"}
    assert request.cookies == {"a": "1", "b": "2"}
    assert (request.body_kind, request.body) == ("form", {"a": "b c"})
    assert request.auth == "digest"
    assert request.expected_status == ["2xx"]
    assert (request.lines["start"], request.lines["end"], request.lines["method"]) == (2, 12, 5)


def test_curl_postfields_text_array_and_headers_built_up() -> None:
    first, second = read("""\
        <?php
        $headers = [];
        $headers[] = 'Content-Type: application/json';
        $ch = curl_init('https://x.test/a');
        curl_setopt($ch, CURLOPT_HTTPHEADER, $headers);
        curl_setopt($ch, CURLOPT_POSTFIELDS, '{"name": "Ada"}');
        $ch2 = curl_init('https://x.test/b');
        curl_setopt($ch2, CURLOPT_POSTFIELDS, ['file' => 'x']);
        curl_setopt($ch2, CURLOPT_PUT, true);
        """)
    assert (first.method, first.headers, first.body_kind, first.body) == (
        "POST", {"Content-Type": "application/json"}, "json", {"name": "Ada"})
    assert first.lines["header:content-type"] == 3
    assert (second.method, second.body_kind, second.body) == ("PUT", "multipart", {"file": "x"})


def test_values_concatenation_sprintf_escapes_and_defaults() -> None:
    request = one("""\
        <?php
        $base = getenv('API_URL') ?: 'https://api.example.com';
        $url = $base . '/v1/' . sprintf('%s/%d', 'users', 7);
        $auth = 'Bearer ';
        $auth .= $_SERVER['KEY'] ?? 'none';
        $client = new Client();
        $client->delete($url, ['headers' => ['Authorization' => $auth, 'X-Q' => "a\\tb\\x41",
                                             'X-S' => 'it\\'s']]);
        """)
    assert (request.method, request.url) == ("DELETE", "https://api.example.com/v1/users/7")
    # `??` / `?:` after an unknown value: the written default is what a reader runs.
    assert request.headers == {"Authorization": "Bearer none", "X-Q": "a\tbA", "X-S": "it's"}


def test_status_spellings() -> None:
    requests = read("""\
        <?php
        $client = new Client();
        $a = $client->get('https://x.test/a');
        if (201 == $a->getStatusCode()) {}
        $b = $client->get('https://x.test/b');
        if ($b->getStatusCode() === Response::HTTP_NO_CONTENT) {}
        $c = $client->get('https://x.test/c');
        if (in_array($c->getStatusCode(), [200, 202])) {}
        $d = $client->get('https://x.test/d');
        if ($d->getStatusCode() == 404) {}
        """)
    assert [r.expected_status for r in requests] == [["201"], ["204"], ["200", "202"], []]


def test_a_sample_that_does_not_parse_gives_its_error_line() -> None:
    result = PhpExtractor().extract("<?php\n$x = ;\n$client = new Client();\n$client->get('https://x/y');\n")
    assert result.error is not None and result.error.startswith("PHP syntax error")
    assert result.error_line == 2
    # The parts that parsed are still read.
    assert [r.url for r in result.requests] == ["https://x/y"]
    shifted = PhpExtractor().extract("$ok = 1;\n$x = ;\n")
    assert shifted.error_line == 2   # the opener put before it is not counted


@pytest.mark.parametrize("code", [
    "", "   ", "<?php", "?>", "\x00\x01\x02", "<?php $a = [" * 5000, "$x" + "." * 100_000,
    "<?php " + "[" * 20_000 + "]" * 20_000, "\ud800", "<?php $a = " + " . ".join(["'x'"] * 5000) + ";",
    "<?php " + "$a = [$a, $a];\n" * 60 + "$c = new Client(); $c->post('u', ['json' => $a]);",
])
def test_garbage_never_raises(code: str) -> None:
    result = PhpExtractor().extract(code)
    assert isinstance(result.requests, list)


def test_not_text_is_an_error_not_a_crash() -> None:
    assert PhpExtractor().extract(12).error == "sample is not text"  # type: ignore[arg-type]


_TIMED = """
import sys, time
from checker.extract.php import PhpExtractor
unit = "$c = new Client(); $r = $c->post('https://x/' . $i, ['json' => ['a' => 1]]);\\n"
times = []
for size in (100_000, 1_000_000):
    code = "<?php\\n" + unit * (size // len(unit))
    start = time.perf_counter()
    PhpExtractor().extract(code)
    times.append(time.perf_counter() - start)
print(times[1] / max(times[0], 1e-6))
"""


def test_large_samples_stay_linear() -> None:
    ratio = float(subprocess.run([sys.executable, "-c", _TIMED], capture_output=True, text=True,
                                 timeout=120, check=True, cwd=REPO).stdout)
    assert ratio < 30


def test_registry_reads_php_and_names_it() -> None:
    from checker import languages

    assert languages.normalise("php") == "php"
    assert languages.display("php", "guzzle") == "PHP" and languages.display("php", "curl") == "PHP"
    code = (FIXTURES / "php--guzzle.txt").read_text(encoding="utf-8")
    assert [r.client for r in read_code("php", code).requests] == ["guzzle"]


@pytest.mark.parametrize("name", ["php--guzzle.txt", "php--curl.txt"])
@pytest.mark.parametrize("opener", [True, False])
def test_a_published_page_without_fences_gives_the_php_block(name: str, opener: bool) -> None:
    code = [line.strip() for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines()
            if opener or not line.startswith(("<?php", "require", "use "))]
    lines = ["Créer un utilisateur", "", "Envoyez la requête ci-dessous.", ""] + code + \
        ["", "La réponse contient le nouvel utilisateur."]
    found = layout(lines)
    assert [f.language for f in found.fences] == ["php"]
    fence = found.fences[0]
    assert fence.text.strip().splitlines() == "\n".join(code).strip().splitlines()
    requests = read_code(fence.language, fence.text).requests
    assert [(r.method, r.url, r.body) for r in requests] == [
        ("POST", "https://api.example.com/v1/users", {"name": "Ada", "role": "admin"})]


def test_a_body_key_is_at_its_own_line_when_its_value_is_a_variable() -> None:
    request = one("""\
        <?php
        $role = 'admin';
        $client = new Client();
        $client->post('https://x.test/users', ['json' => [
            'name' => 'Ada',
            'role' => $role,
        ]]);
        """)
    assert request.body == {"name": "Ada", "role": "admin"}
    assert (request.lines["body:name"], request.lines["body:role"]) == (5, 6)


def test_psr7_request_sent_by_the_client_and_request_options_constants() -> None:
    sent, posted = read("""\
        <?php
        use GuzzleHttp\\Client;
        use GuzzleHttp\\Psr7\\Request;
        use GuzzleHttp\\RequestOptions;
        $client = new Client(['base_uri' => 'https://api.example.com']);
        $headers = ['Authorization' => 'Bearer ' . $token, 'Content-Type' => 'application/json'];
        $request = new Request('POST', '/v1/users', $headers, '{"name": "Ada"}');
        $response = $client->send($request, ['query' => ['a' => 1]]);
        $other = $client->post('/v1/x', [RequestOptions::JSON => ['k' => 1]]);
        """)
    assert (sent.method, sent.url, sent.body_kind, sent.body, sent.query) == (
        "POST", "https://api.example.com/v1/users", "json", {"name": "Ada"}, {"a": 1})
    assert sent.headers == {"Authorization": "Bearer ${token}", "Content-Type": "application/json"}
    assert (sent.lines["start"], sent.lines["end"]) == (7, 8)
    assert (posted.body_kind, posted.body, posted.implied_headers) == ("json", {"k": 1}, ["content-type"])


@pytest.mark.parametrize(("line", "php"), [
    ("$response = $client->request('POST', '/v1/users', [", True),
    ("$ch = curl_init('https://api.example.com/v1/users');", True),
    ("curl_setopt($ch, CURLOPT_POST, true);", True),
    ("$client->post($url, [", True),
    ("if ($response->getStatusCode() === 201) {", True),
    ("use GuzzleHttp\\Client;", True),
    ("require 'vendor/autoload.php';", True),
    # PowerShell's lines are not PHP's.
    ("if ($response.StatusCode -eq 201) {", False),
    ("foreach ($item in $items) {", False),
    ("$headers = @(", False),
])
def test_published_line_shapes(line: str, php: bool) -> None:
    from checker.parse.rendered.shapes import line_shape as _shape

    assert (_shape(line).language == "php") is php


def test_a_generated_curl_snippet_with_options_in_any_order() -> None:
    # The shape API reference generators write: the body before the headers.
    request = one('''\
        <?php
        $curl = curl_init();
        curl_setopt_array($curl, [
          CURLOPT_URL => "https://api.example.com/v1/users",
          CURLOPT_RETURNTRANSFER => true,
          CURLOPT_HTTP_VERSION => CURL_HTTP_VERSION_1_1,
          CURLOPT_CUSTOMREQUEST => "POST",
          CURLOPT_POSTFIELDS => "{\\"name\\":\\"Ada\\",\\"role\\":\\"admin\\"}",
          CURLOPT_HTTPHEADER => [
            "authorization: Bearer YOUR_API_KEY",
            "content-type: application/json"
          ],
        ]);
        $response = curl_exec($curl);
        $err = curl_error($curl);
        ''')
    assert (request.method, request.url) == ("POST", "https://api.example.com/v1/users")
    assert request.headers == {"authorization": "Bearer YOUR_API_KEY", "content-type": "application/json"}
    assert (request.body_kind, request.body) == ("json", {"name": "Ada", "role": "admin"})
    assert (request.lines["method"], request.lines["body:role"], request.lines["header:content-type"],
            request.lines["end"]) == (7, 8, 11, 14)
