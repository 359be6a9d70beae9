"""The shell language as a whole: one parse per sample, every tool's reader,
the fixtures of the cross-language contract, bounds, published pages."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from checker import languages
from checker.extract import shell
from checker.extract.curl import CurlExtractor
from checker.extract.samples import read_code
from checker.extract.shell import MAX_OPERATORS, ShellExtractor
from checker.parse.rendered import CODE, PROSE, layout

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures" / "languages"

THREE = ("curl -X DELETE https://h/items/1\n"                       # 1
         "http POST :3000/items name=Ada | jq .\n"                  # 2
         "wget -qO- --post-data 'a=1' https://h/form && echo ok\n")  # 3


def test_one_parse_for_every_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    real, parses = shell._parser(), []

    class Counting:
        def parse(self, data: bytes):
            parses.append(len(data))
            return real.parse(data)

    monkeypatch.setattr(shell, "_parser", lambda: Counting())
    result = ShellExtractor().extract(THREE)
    assert [(r.client, r.method, r.url) for r in result.requests] == [
        ("curl", "DELETE", "https://h/items/1"), ("httpie", "POST", "http://localhost:3000/items"),
        ("wget", "POST", "https://h/form")]
    assert len(parses) == 1


def test_the_registry_reads_shell_with_one_extractor_and_names_each_client() -> None:
    readers = languages.extractors("bash")
    assert [type(reader) for reader in readers] == [ShellExtractor]
    assert [r.lines["start"] for r in read_code("bash", THREE).requests] == [1, 2, 3]
    assert [languages.display("bash", client) for client in ("curl", "httpie", "wget", "")] == [
        "cURL", "HTTPie", "wget", "shell"]


def test_curl_extractor_reads_only_curl() -> None:
    result = CurlExtractor().extract(THREE)
    assert [r.client for r in result.requests] == ["curl"]


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("bash--*.txt")), ids=lambda p: p.stem)
def test_fixture_sends_the_contract_request(path: Path) -> None:
    code = path.read_text(encoding="utf-8")
    assert code.count("role") == 1
    result = ShellExtractor().extract(code)
    assert result.error is None
    (req,) = result.requests
    assert (req.method, req.url, req.path) == ("POST", "https://api.example.com/v1/users", "/v1/users")
    headers = {k.lower(): v for k, v in req.headers.items()}
    assert headers["authorization"] == "Bearer YOUR_API_KEY"
    assert headers["content-type"] == "application/json"
    assert (req.body, req.body_kind) == ({"name": "Ada", "role": "admin"}, "json")
    role_line = next(i for i, line in enumerate(code.split("\n"), 1) if "role" in line)
    assert req.lines["body:role"] == role_line
    assert req.client == {"curl": "curl", "httpie": "httpie", "wget": "wget"}[path.stem.split("--")[1]]


def test_fixtures_cover_every_client_of_the_registry() -> None:
    clients = set(languages.get("bash").clients)
    assert {p.stem.split("--")[1] for p in FIXTURES.glob("bash--*.txt")} == clients


# --- the size bound -------------------------------------------------------------------

_LONG_PIPELINE = textwrap.dedent("""
    import json
    from checker.extract.shell import ShellExtractor
    code = "curl https://h/x\\n" + "a|" * 8000 + "curl https://h/y\\n"
    result = ShellExtractor().extract(code)
    print(json.dumps([result.error, result.error_line, len(result.requests)]))
""")


def test_a_very_long_pipeline_is_refused_not_parsed() -> None:
    done = subprocess.run([sys.executable, "-c", _LONG_PIPELINE], capture_output=True, text=True,
                          timeout=120, check=True, cwd=REPO)
    error, line, count = json.loads(done.stdout)
    assert "too long to read" in error and line == 2 and count == 0


def test_a_pipeline_within_the_bound_is_read() -> None:
    code = "curl https://h/x" + " | jq ." * (MAX_OPERATORS - 1) + "\n"
    result = ShellExtractor().extract(code)
    assert result.error is None
    assert [r.url for r in result.requests] == ["https://h/x"]
    over = ShellExtractor().extract("echo\n" + code + "| cat |\n")
    assert (over.requests, over.error_line) == ([], 3)   # the operator past the bound


# --- published pages --------------------------------------------------------------------

HTTPIE_PAGE = ["Créer un utilisateur", "", "Avec HTTPie :", "",
               "http POST https://api.example.com/v1/users \\",
               'Authorization:"Bearer YOUR_API_KEY" \\', "name=Ada \\", "role=admin", "",
               "http :3000/api/v1/ping", "", "La réponse contient l'utilisateur."]
WGET_PAGE = ["Titre", "", "Avec wget :", "", "wget --quiet \\", "--method=POST \\",
             '--header="Authorization: Bearer YOUR_API_KEY" \\',
             "--body-data='{\"name\": \"Ada\", \"role\": \"admin\"}' \\",
             "https://api.example.com/v1/users", "", "Fin."]


def test_published_httpie_and_wget_samples_are_recovered_and_read() -> None:
    found = layout(HTTPIE_PAGE).fences
    assert [(f.line, f.end_line, f.language) for f in found] == [(5, 10, "bash")]
    reqs = read_code("bash", found[0].text).requests
    assert [(r.method, r.url) for r in reqs] == [
        ("POST", "https://api.example.com/v1/users"), ("GET", "http://localhost:3000/api/v1/ping")]
    assert reqs[0].body == {"name": "Ada", "role": "admin"}
    found = layout(WGET_PAGE).fences
    assert [(f.line, f.end_line, f.language) for f in found] == [(5, 9, "bash")]
    (req,) = read_code("bash", found[0].text).requests
    assert (req.method, req.body) == ("POST", {"name": "Ada", "role": "admin"})


@pytest.mark.parametrize("line", [
    "http is the protocol of the web.", "http POST requests carry a body.",
    "HTTP POST to the endpoint returns 201.", "https est le protocole sécurisé.",
    "http and https are both accepted."])
def test_http_in_prose_stays_prose(line: str) -> None:
    assert layout([line]).labels == [PROSE]


@pytest.mark.parametrize("line", ["http POST https://h/x name=Ada", "http -a u:p GET https://h/x",
                                  "http :3000/api/v1/items", "xh PUT :8080/x a=1"])
def test_httpie_lines_are_code(line: str) -> None:
    assert layout([line]).labels == [CODE]
