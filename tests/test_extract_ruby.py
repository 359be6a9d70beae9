"""The Ruby extractor: Net::HTTP and Faraday, called directly."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from checker.extract.ruby import RubyExtractor
from checker.extract.samples import read_code
from checker.model import Request
from checker.parse.rendered import layout
from tests.helpers import REPO

FIXTURES = REPO / "fixtures" / "languages"


def read(code: str) -> list[Request]:
    result = RubyExtractor().extract(textwrap.dedent(code))
    assert result.error is None, result.error
    return result.requests


def one(code: str) -> Request:
    requests = read(code)
    assert len(requests) == 1, requests
    return requests[0]


def test_net_http_fixture_field_by_field() -> None:
    request = one((FIXTURES / "ruby--net-http.txt").read_text(encoding="utf-8"))
    assert (request.method, request.url, request.host, request.path) == (
        "POST", "https://api.example.com/v1/users", "api.example.com", "/v1/users")
    assert request.headers == {"Authorization": "Bearer YOUR_API_KEY", "Content-Type": "application/json"}
    assert (request.body_kind, request.body) == ("json", {"name": "Ada", "role": "admin"})
    assert request.expected_status == ["201"]
    assert request.client == "net/http"
    assert request.lines == {"start": 7, "end": 16, "method": 7, "url": 4, "header:authorization": 8,
                             "header:content-type": 9, "body": 10, "body:name": 11, "body:role": 12,
                             "status": 19}


def test_faraday_fixture_field_by_field() -> None:
    request = one((FIXTURES / "ruby--faraday.txt").read_text(encoding="utf-8"))
    assert (request.method, request.url) == ("POST", "https://api.example.com/v1/users")
    assert request.headers == {"Authorization": "Bearer YOUR_API_KEY", "Content-Type": "application/json"}
    assert (request.body_kind, request.body) == ("json", {"name": "Ada", "role": "admin"})
    assert request.expected_status == ["201"]
    assert request.client == "faraday"
    assert (request.lines["start"], request.lines["end"], request.lines["header:content-type"],
            request.lines["header:authorization"], request.lines["body:role"]) == (9, 12, 6, 10, 11)


def test_net_http_new_initheader_add_field_and_generate() -> None:
    request = one("""\
        require 'net/http'
        uri = URI.parse("https://api.example.com/v1/users")
        http = Net::HTTP.new(uri.host, uri.port)
        http.use_ssl = true
        request = Net::HTTP::Put.new(uri.request_uri, 'Content-Type' => 'application/json')
        request.add_field('Authorization', "Bearer #{ENV.fetch('API_KEY')}")
        request.body = JSON.generate({
          name: 'Ada',
          tags: ['a']
        })
        response = http.request(request)
        raise 'failed' unless response.is_a?(Net::HTTPSuccess)
        """)
    assert (request.method, request.url) == ("PUT", "https://api.example.com/v1/users")
    assert request.headers == {"Content-Type": "application/json", "Authorization": "Bearer ${API_KEY}"}
    assert (request.body_kind, request.body) == ("json", {"name": "Ada", "tags": ["a"]})
    assert request.expected_status == ["2xx"]
    assert (request.lines["header:content-type"], request.lines["header:authorization"],
            request.lines["body:tags"], request.lines["end"], request.lines["status"]) == (5, 6, 9, 11, 12)


def test_a_bare_path_takes_the_host_of_start_and_the_form_data() -> None:
    request = one("""\
        req = Net::HTTP::Post.new('/v1/login')
        req.set_form_data('user' => 'ada', 'password' => ENV['PASSWORD'])
        req.basic_auth 'u', 'p'
        res = Net::HTTP.start('api.example.com', 443, use_ssl: true) { |http| http.request(req) }
        case res
        when Net::HTTPCreated then puts 'ok'
        end
        """)
    assert (request.method, request.url) == ("POST", "https://api.example.com/v1/login")
    assert (request.body_kind, request.body) == ("form", {"user": "ada", "password": "${PASSWORD}"})
    assert request.headers == {"Content-Type": "application/x-www-form-urlencoded"}
    assert request.auth == "basic"
    assert request.expected_status == ["201"]
    assert request.lines["status"] == 6


def test_net_http_post_and_post_form() -> None:
    first, second = read("""\
        res = Net::HTTP.post(URI('https://x.test/y'), { a: 1 }.to_json, 'Content-Type' => 'application/json')
        puts res.body if res.code.to_i != 200
        form = Net::HTTP.post_form(URI('https://x.test/f'), 'q' => 'ruby', 'max' => '50')
        """)
    assert (first.method, first.url, first.body_kind, first.body) == ("POST", "https://x.test/y", "json",
                                                                    {"a": 1})
    assert first.headers == {"Content-Type": "application/json"}
    assert first.expected_status == ["200"]
    assert (second.method, second.body_kind, second.body) == ("POST", "form", {"q": "ruby", "max": "50"})
    assert second.implied_headers == ["content-type"]


def test_faraday_block_middleware_and_verbs() -> None:
    post, get, delete = read("""\
        conn = Faraday.new('https://api.example.com') do |f|
          f.request :json
          f.request :authorization, 'Bearer', ENV['TOKEN']
        end
        conn.headers['X-Client'] = 'docs'
        resp = conn.post('/v1/users', { name: 'Ada' }, { 'X-Trace' => '1' })
        puts 'ok' if resp.success?
        listed = conn.get('/v1/users', { page: 2 })
        gone = conn.delete do |req|
          req.url '/v1/users/1'
          req.params['force'] = true
        end
        """)
    assert (post.method, post.url, post.body_kind, post.body) == (
        "POST", "https://api.example.com/v1/users", "json", {"name": "Ada"})
    assert post.headers == {"Authorization": "Bearer ${TOKEN}", "X-Client": "docs", "X-Trace": "1",
                            "Content-Type": "application/json"}
    assert post.implied_headers == ["content-type"]
    assert post.expected_status == ["2xx"]
    assert (get.method, get.url, get.query) == ("GET", "https://api.example.com/v1/users", {"page": 2})
    assert (delete.method, delete.url, delete.query) == ("DELETE", "https://api.example.com/v1/users/1",
                                                         {"force": True})
    assert (delete.lines["url"], delete.lines["query:force"]) == (10, 11)


def test_faraday_hash_body_without_json_middleware_is_a_form() -> None:
    request = one("""\
        conn = Faraday.new(url: 'https://x.test', params: { v: '2' })
        response = conn.patch('/p') do |req|
          req.body = { name: 'Ada' }
        end
        if response.status == 204
          puts 'ok'
        end
        """)
    assert (request.method, request.url, request.query) == ("PATCH", "https://x.test/p", {"v": "2"})
    assert (request.body_kind, request.body) == ("form", {"name": "Ada"})
    assert request.expected_status == ["204"]


def test_values_interpolation_concatenation_escapes_and_defaults() -> None:
    request = one("""\
        BASE = ENV.fetch('API_URL', 'https://api.example.com')
        token = ENV['TOKEN'] || 'YOUR_TOKEN'
        path = '/v1/' + 'users'
        path << "/#{42}"
        uri = URI("#{BASE}#{path}")
        req = Net::HTTP::Delete.new(uri)
        req['Authorization'] = "Bearer #{token}"
        req['X-Tab'] = "a\\tb\\u0041"
        req['X-Quote'] = 'it\\'s'
        req['X-Fmt'] = format('%s-%d', 'id', 7)
        """)
    assert (request.method, request.url) == ("DELETE", "https://api.example.com/v1/users/42")
    assert request.headers == {"Authorization": "Bearer YOUR_TOKEN", "X-Tab": "a\tbA", "X-Quote": "it's",
                               "X-Fmt": "id-7"}


def test_a_body_string_and_a_shorthand_hash() -> None:
    request = one("""\
        name = 'Ada'
        req = Net::HTTP::Post.new(URI('https://x.test'))
        req.content_type = 'application/json'
        req.body = '{"name": "Ada",
          "role": "admin"}'
        """)
    assert (request.body_kind, request.body) == ("json", {"name": "Ada", "role": "admin"})
    assert (request.lines["header:content-type"], request.lines["body:name"], request.lines["body:role"]) \
        == (3, 4, 5)
    shorthand = one("name = 'Ada'\nreq = Net::HTTP::Post.new(URI('https://x.test'))\nreq.body = { name: }.to_json\n")
    assert shorthand.body == {"name": "Ada"}


def test_a_sample_that_does_not_parse_gives_its_error_line() -> None:
    result = RubyExtractor().extract("conn = Faraday.new(url: 'https://x')\nres = conn.get('/a')\ndef x(\n")
    assert result.error is not None and result.error.startswith("Ruby syntax error")
    assert result.error_line == 3
    assert [r.url for r in result.requests] == ["https://x/a"]


@pytest.mark.parametrize("code", [
    "", "  ", "end", "\x00\x01", "{" * 20_000, "[" * 20_000 + "]" * 20_000, "\ud800",
    "a = " + " + ".join(["'x'"] * 5000), "x = {a: " * 3000 + "1" + "}" * 3000,
    "a = [1]\n" + "a = [a, a]\n" * 60 + "r = Net::HTTP::Post.new(URI('u'))\nr.body = a.to_json\n",
    "Net::HTTP.start('h') do |http|\n" * 300 + "end\n" * 300,
])
def test_garbage_never_raises(code: str) -> None:
    result = RubyExtractor().extract(code)
    assert isinstance(result.requests, list)


def test_not_text_is_an_error_not_a_crash() -> None:
    assert RubyExtractor().extract(12).error == "sample is not text"  # type: ignore[arg-type]


_TIMED = """
import time
from checker.extract.ruby import RubyExtractor
unit = "r = Net::HTTP::Post.new(URI('https://x/a'))\\nr['A'] = 'b'\\nr.body = { a: 1 }.to_json\\n"
times = []
for size in (100_000, 1_000_000):
    code = unit * (size // len(unit))
    start = time.perf_counter()
    RubyExtractor().extract(code)
    times.append(time.perf_counter() - start)
print(times[1] / max(times[0], 1e-6))
"""


def test_large_samples_stay_linear() -> None:
    ratio = float(subprocess.run([sys.executable, "-c", _TIMED], capture_output=True, text=True,
                                 timeout=120, check=True, cwd=REPO).stdout)
    assert ratio < 30


def test_registry_reads_ruby_and_names_it() -> None:
    from checker import languages

    assert languages.normalise("rb") == "ruby"
    assert languages.display("ruby", "faraday") == "Ruby" and languages.display("ruby", "net/http") == "Ruby"
    code = (FIXTURES / "ruby--faraday.txt").read_text(encoding="utf-8")
    assert [r.client for r in read_code("ruby", code).requests] == ["faraday"]


@pytest.mark.parametrize("name", ["ruby--net-http.txt", "ruby--faraday.txt"])
@pytest.mark.parametrize("requires", [True, False])
def test_a_published_page_without_fences_gives_the_ruby_block(name: str, requires: bool) -> None:
    code = [line.strip() for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines()
            if requires or not line.startswith("require")]
    lines = ["Créer un utilisateur", "", "Envoyez la requête ci-dessous.", ""] + code + \
        ["", "La réponse contient le nouvel utilisateur."]
    found = layout(lines)
    assert [f.language for f in found.fences] == ["ruby"]
    fence = found.fences[0]
    assert fence.text.strip().splitlines() == "\n".join(code).strip().splitlines()
    requests = read_code(fence.language, fence.text).requests
    assert [(r.method, r.url, r.body) for r in requests] == [
        ("POST", "https://api.example.com/v1/users", {"name": "Ada", "role": "admin"})]


def test_a_body_key_is_at_its_own_line_when_its_value_is_a_variable() -> None:
    request = one("""\
        role = 'admin'
        req = Net::HTTP::Post.new(URI('https://x.test/users'))
        req.body = {
          name: 'Ada',
          role: role
        }.to_json
        """)
    assert request.body == {"name": "Ada", "role": "admin"}
    assert (request.lines["body:name"], request.lines["body:role"]) == (4, 5)


def test_faraday_module_shortcut() -> None:
    request = one("res = Faraday.post('https://x.test/v1/users', { a: 1 }.to_json,\n"
                  "                   'Content-Type' => 'application/json')\nputs res.status == 201\n")
    assert (request.method, request.url, request.body, request.headers) == (
        "POST", "https://x.test/v1/users", {"a": 1}, {"Content-Type": "application/json"})
    assert (request.lines["header:content-type"], request.expected_status) == (2, ["201"])


@pytest.mark.parametrize(("line", "ruby"), [
    ("require 'net/http'", True),
    ("uri = URI('https://api.example.com/v1/users')", True),
    ("req = Net::HTTP::Post.new(uri)", True),
    ("conn = Faraday.new(", True),
    ("response = conn.post('/v1/users') do |req|", True),
    ("res = Net::HTTP.start(uri.hostname, uri.port, use_ssl: true) do |http|", True),
    ("puts res.body if res.code == '201'", True),
    ("end", True),
    ("items.forEach(item => {", False),
])
def test_published_line_shapes(line: str, ruby: bool) -> None:
    from checker.parse.rendered.shapes import line_shape as _shape

    assert (_shape(line).language == "ruby") is ruby


def test_a_generated_net_http_snippet() -> None:
    request = one('''\
        require 'uri'
        require 'net/http'

        url = URI("https://api.example.com/v1/users")

        http = Net::HTTP.new(url.host, url.port)
        http.use_ssl = true

        request = Net::HTTP::Post.new(url)
        request["authorization"] = 'Bearer YOUR_API_KEY'
        request["content-type"] = 'application/json'
        request.body = "{\\"name\\":\\"Ada\\",\\"role\\":\\"admin\\"}"

        response = http.request(request)
        puts response.read_body
        ''')
    assert (request.method, request.url) == ("POST", "https://api.example.com/v1/users")
    assert request.headers == {"authorization": "Bearer YOUR_API_KEY", "content-type": "application/json"}
    assert (request.body_kind, request.body) == ("json", {"name": "Ada", "role": "admin"})
    assert (request.lines["start"], request.lines["body:role"], request.lines["end"]) == (9, 12, 14)


def test_a_heredoc_body_keeps_the_line_of_each_key() -> None:
    request = one('''\
        name = 'Ada'
        req = Net::HTTP::Post.new(URI('https://x.test/users'))
        req.body = <<~JSON
          {
            "name": "#{name}",
            "role": "admin\\u0021"
          }
        JSON
        quoted = <<~'RAW'
          #{kept}
        RAW
        req['X-Raw'] = quoted.strip
        ''')
    assert (request.body_kind, request.body) == ("json", {"name": "Ada", "role": "admin!"})
    assert (request.lines["body"], request.lines["body:name"], request.lines["body:role"]) == (4, 5, 6)
    assert request.headers == {"X-Raw": "#{kept}"}


def test_a_uri_interpolated_reads_as_its_text() -> None:
    request = one('base = URI("https://x.test")\nreq = Net::HTTP::Get.new(URI("#{base}/v1"))\n')
    assert (request.method, request.url) == ("GET", "https://x.test/v1")
