"""The PowerShell extractor: Invoke-RestMethod and Invoke-WebRequest, read without running anything."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import textwrap
import time

import pytest

from checker.extract.powershell import PowerShellExtractor
from checker.languages.powershell import LANGUAGE
from checker.model import Request
from tests.helpers import REPO, page_of

FIXTURE = REPO / "fixtures" / "languages" / "powershell--invoke-restmethod.txt"


def read(code: str) -> list[Request]:
    result = PowerShellExtractor().extract(code)
    assert result.error is None, result.error
    return result.requests


def one(code: str) -> Request:
    requests = read(code)
    assert len(requests) == 1, requests
    return requests[0]


def line_of(code: str, needle: str) -> int:
    return code[:code.index(needle)].count("\n") + 1


def test_fixture_sends_the_common_request() -> None:
    code = FIXTURE.read_text(encoding="utf-8")
    request = one(code)
    assert (request.method, request.url, request.path) == \
        ("POST", "https://api.example.com/v1/users", "/v1/users")
    assert request.headers == {"Authorization": "Bearer YOUR_API_KEY", "Content-Type": "application/json"}
    assert (request.body_kind, request.body) == ("json", {"name": "Ada", "role": "admin"})
    assert request.client == "invoke-restmethod"
    assert request.lines["body:role"] == line_of(code, "role")
    assert request.lines["body:name"] == line_of(code, "name =")
    assert request.lines["header:authorization"] == line_of(code, '"Authorization"')
    assert request.lines["start"] == line_of(code, "Invoke-RestMethod")
    assert request.lines["method"] == line_of(code, "-Method Post")
    assert request.lines["end"] == line_of(code, "-Body $body")


def test_ordered_hashtable_input_object_abbreviated_parameters_and_inline_headers() -> None:
    code = '''$Body = [ordered]@{ name = "Ada"; role = "admin"; tags = @("a", "b"); n = 2; ok = $true; x = $null }
$json = ConvertTo-Json -InputObject $Body -Depth 5
iwr -Uri "$env:BASE_URL/v1/users" -Meth Post -ContentType "application/json" -Body $json `
    -Headers @{ Authorization = "Bearer $($cfg.Token)" } -UseBasicParsing
'''
    request = one(code)
    assert request.client == "invoke-webrequest"
    assert (request.method, request.url) == ("POST", "${env:BASE_URL}/v1/users")
    assert request.headers == {"Authorization": "Bearer ${cfg.Token}", "Content-Type": "application/json"}
    assert request.body == {"name": "Ada", "role": "admin", "tags": ["a", "b"], "n": 2, "ok": True,
                            "x": None}
    assert request.lines["body:role"] == 1 and request.lines["header:authorization"] == 4


def test_splatting_a_hashtable_body_is_a_form_and_a_status_check() -> None:
    code = '''$params = @{
    Uri    = 'https://api.example.com/v1/login'
    Method = 'Post'
    Body   = @{ user = 'ada'; password = 'x' }
}
$r = Invoke-WebRequest @params
if ($r.StatusCode -eq 200) { Write-Host "ok" }
'''
    request = one(code)
    assert (request.method, request.url, request.lines["url"], request.lines["method"]) == \
        ("POST", "https://api.example.com/v1/login", 2, 3)
    assert (request.body_kind, request.body) == ("form", {"user": "ada", "password": "x"})
    assert request.headers == {"Content-Type": "application/x-www-form-urlencoded"}
    assert request.implied_headers == ["content-type"]
    assert request.expected_status == ["200"] and request.lines["status"] == 7


def test_positional_uri_get_body_is_the_query_and_bearer_authentication() -> None:
    search, me = read('''irm "https://api.example.com/v1/search" -Body @{ q = "ada"; limit = 10 }
Invoke-RestMethod https://api.example.com/v1/me -Authentication Bearer -Token (ConvertTo-SecureString $token -AsPlainText)
''')
    assert (search.method, search.url, search.query) == \
        ("GET", "https://api.example.com/v1/search", {"q": "ada", "limit": "10"})
    assert me.url == "https://api.example.com/v1/me"
    assert me.headers == {"Authorization": "Bearer ${token}"}


def test_here_strings_keep_their_key_lines_and_status_code_variable() -> None:
    code = '''$body = @"
{
  "name": "$name",
  "role": "admin"
}
"@
Invoke-RestMethod -Method Put -Uri:https://api.example.com/v1/users/1 -Body $body `
    -ContentType 'application/json; charset=utf-8' -StatusCodeVariable code
if ($code -ne 204) { throw "failed" }
'''
    request = one(code)
    assert (request.method, request.url) == ("PUT", "https://api.example.com/v1/users/1")
    assert request.body == {"name": "${name}", "role": "admin"}
    assert (request.lines["body:name"], request.lines["body:role"]) == (3, 4)
    assert request.expected_status == ["204"] and request.lines["status"] == 9


def test_postman_style_dictionary_and_escaped_here_string() -> None:
    code = '''$headers = New-Object "System.Collections.Generic.Dictionary[[String],[String]]"
$headers.Add("Content-Type", "application/json")
$headers.Add("Authorization", "Bearer YOUR_API_KEY")
$headers["X-Trace"] = 'it''s'
$body = @"
{
  `"name`": `"Ada`",
  `"role`": `"admin`"
}
"@
$response = Invoke-RestMethod 'https://api.example.com/v1/users' -Method 'POST' -Headers $headers -Body $body
$response | ConvertTo-Json
'''
    request = one(code)
    assert request.headers == {"Content-Type": "application/json", "Authorization": "Bearer YOUR_API_KEY",
                               "X-Trace": "it's"}
    assert request.body == {"name": "Ada", "role": "admin"} and request.lines["body:role"] == 8
    assert request.lines["header:x-trace"] == 4


def test_strings_variables_and_status_spellings() -> None:
    code = '''$Base = "https://api.example.com"
$script:path = '/v1/' + "users"
$url = "${base}${path}?tag=a%20b"
$note = "say `"hi`"`tnow"
$r = Invoke-WebRequest -Uri $url -Method POST -Headers @{ "X-Note" = $note } -Body '{"a": 1}'
if ([int]$r.StatusCode -eq [System.Net.HttpStatusCode]::Created) { }
'''
    request = one(code)
    assert request.url == "https://api.example.com/v1/users?tag=a%20b"
    # POST without -ContentType: the cmdlet sends its form content type
    assert request.headers == {"X-Note": 'say "hi"\tnow', "Content-Type": "application/x-www-form-urlencoded"}
    assert request.implied_headers == ["content-type"]
    assert (request.body_kind, request.body) == ("json", {"a": 1})
    assert request.expected_status == ["201"]


def test_a_switch_on_the_status_code() -> None:
    request = one('''$r = Invoke-WebRequest https://a.example/1 -SkipHttpErrorCheck
switch ($r.StatusCode) {
    200 { "ok" }
    '202' { "later" }
    404 { "missing" }
}
''')
    assert request.expected_status == ["200", "202"] and request.lines["status"] == 3


def test_form_is_multipart() -> None:
    request = one('Invoke-RestMethod -Uri https://a.b/up -Method Post -Form @{ name = "Ada"; n = 1 }')
    assert (request.body_kind, request.body) == ("multipart", {"name": "Ada", "n": "1"})
    assert request.headers == {"Content-Type": "multipart/form-data"}


def test_a_status_check_on_an_unknown_variable_counts_for_the_last_request() -> None:
    first, second = read('''Invoke-RestMethod https://a.example/1
Invoke-RestMethod https://a.example/2
if ($result.StatusCode -eq 202) { }
''')
    assert (first.expected_status, second.expected_status) == ([], ["202"])


def test_variables_are_case_blind_and_the_last_assignment_wins() -> None:
    request = one('''$URL = "https://a.example/old"
$url = "https://a.example/new"
Invoke-RestMethod -uri $Url -method delete
''')
    assert (request.method, request.url) == ("DELETE", "https://a.example/new")


def test_a_sample_that_does_not_parse_gives_its_error_line() -> None:
    result = PowerShellExtractor().extract('$ok = 1\n$x = @{ "a" = \nInvoke-RestMethod https://a.b/c\n')
    assert result.error is not None and result.error.startswith("PowerShell syntax error")
    assert result.error_line == 2


def test_no_request_in_plain_code() -> None:
    assert read('$x = 1\nWrite-Host $x\n') == []
    assert PowerShellExtractor().extract("").requests == []


@pytest.mark.parametrize("seed", range(20))
def test_garbage_never_raises(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = 'Invoke-RestMethod -Uri @{}()[]"\'`$;=|\n ' + "".join(chr(c) for c in (0x7F, 0xFEFF, 0x1F600))
    code = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3000)))
    assert isinstance(PowerShellExtractor().extract(code).requests, list)


def test_non_text_and_bounds() -> None:
    assert PowerShellExtractor().extract(None).error == "sample is not text"  # type: ignore[arg-type]
    assert PowerShellExtractor().extract(b"irm https://a.b").requests[0].url == "https://a.b"
    loop = '$z = "u"\n' + "$z = $z + $z\n" * 40 + "irm $z\n"
    deep = "$x = " + "(" * 3000 + '"a"' + ")" * 3000 + "\nirm $x\n"
    for code in (loop, deep):
        assert len(PowerShellExtractor().extract(code).requests) == 1
    huge = PowerShellExtractor().extract("$x = 1\n" * 200_000)
    assert huge.error is not None and "too large" in huge.error


_TIMER = textwrap.dedent("""
    import json, sys, time
    from checker.extract.powershell import PowerShellExtractor
    unit, times = sys.argv[1], []
    for size in (50_000, 500_000):
        text, runs = unit * (size // len(unit)), []
        for _ in range(3):   # the fastest of three: the others carry the machine's noise
            start = time.perf_counter()
            PowerShellExtractor().extract(text)
            runs.append(time.perf_counter() - start)
        times.append(min(runs))
    print(json.dumps(times))
""")


@pytest.mark.parametrize("unit", [
    '$h = @{ a = "b" }\nInvoke-RestMethod -Uri "https://a.b/c" -Headers $h -Body ($h | ConvertTo-Json)\n',
    '$s = "a" + $s + "$s"\n',
    "if ($r.StatusCode -eq 201) { }\n",
    "@{ a = @{ b = ",
])
def test_reading_time_grows_linearly(unit: str) -> None:
    """50 KB against 500 KB, in a child process with a hard timeout: linear is about 10."""
    done = subprocess.run([sys.executable, "-c", _TIMER, unit], capture_output=True, text=True,
                          timeout=120, check=True, cwd=REPO)
    small, large = json.loads(done.stdout)
    assert large / max(small, 1e-3) < 30, (small, large)


@pytest.mark.parametrize("prefix", ["if ($a -eq ", "$a = ", "-Uri ", "irm ", "| ", "$a"])
def test_published_shapes_are_linear(prefix: str) -> None:
    shapes = [re.compile(shape.pattern) for shape in LANGUAGE.published]
    times = []
    for size in (100_000, 1_000_000):
        line, runs = prefix + "$a.b -eq 1 ` " * (size // 13), []
        for _ in range(3):
            start = time.perf_counter()
            for shape in shapes:
                shape.match(line)
            runs.append(time.perf_counter() - start)
        times.append(min(runs))
    assert times[1] / max(times[0], 1e-3) < 30, times


# --------------------------------------------------------------------------- published pages


SPLATTED = """$token = $env:API_KEY
$headers = @{
    Authorization = "Bearer $token"
}
$body = @{
    name = "Ada"
    role = "admin"
} | ConvertTo-Json

$params = @{
    Uri         = "https://api.example.com/v1/users"
    Method      = "Post"
    Headers     = $headers
    ContentType = "application/json"
    Body        = $body
}
$response = Invoke-RestMethod @params
Write-Host $response.id
"""


def test_a_published_page_recovers_the_sample_as_powershell() -> None:
    text = f"Créer un utilisateur\n\nEnvoyez la requête ci-dessous.\n\n{SPLATTED}\nLa réponse contient l'utilisateur.\n"
    page = page_of(text, "fr/api/users.txt")
    assert [(f.language, f.line, f.end_line) for f in page.fences] == [("powershell", 5, 22)]
    request = page.samples[0].request
    assert request is not None and page.samples[0].error is None
    assert (request.method, request.url, request.body) == \
        ("POST", "https://api.example.com/v1/users", {"name": "Ada", "role": "admin"})
    assert request.headers == {"Authorization": "Bearer ${env:API_KEY}", "Content-Type": "application/json"}


def test_a_published_backtick_continuation_ends_with_its_command() -> None:
    code = FIXTURE.read_text(encoding="utf-8")
    page = page_of(f"Créer un utilisateur\n\nEnvoyez la requête.\n\n{code}\nLa réponse contient l'utilisateur.\n",
                   "fr/api/users.txt")
    assert [(f.language, f.end_line) for f in page.fences] == [("powershell", 5 + code.count("\n") - 1)]


def test_a_published_here_string_stays_in_its_block() -> None:
    code = '''$headers = @{ Authorization = "Bearer YOUR_API_KEY" }
$body = @"
{
  "name": "Ada",
  "role": "admin"
}
"@
$response = Invoke-RestMethod -Uri "https://api.example.com/v1/users" -Method Post -Headers $headers -Body $body
'''
    page = page_of(f"Créer un utilisateur\n\nEnvoyez la requête.\n\n{code}\nLa réponse.\n", "fr/api/users.txt")
    assert [f.language for f in page.fences] == ["powershell"]
