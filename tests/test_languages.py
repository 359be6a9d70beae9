"""One request, written in every language and client sampledrift reads.

Each file of `fixtures/languages/` is named `<fence language>--<client>.txt`
and sends the same request: `POST https://api.example.com/v1/users` with a
bearer token and the JSON body `{"name": "Ada", "role": "admin"}` (the word
`role` occurs once, as the body key). Every reader must read the same
request, field by field; a locale that renames the key in every sample gets
one `payload-drift` per sample, at the renamed key's line.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from checker import languages
from checker.cli import main
from checker.extract.samples import read_code
from tests.helpers import REPO, write_tree

FIXTURES = REPO / "fixtures" / "languages"
SAMPLES = sorted(FIXTURES.glob("*--*.txt"))

# The languages and clients issue 17 names: each must have its sample.
REQUIRED = {
    "bash--curl", "bash--httpie", "bash--wget",
    "python--requests", "python--httpx", "python--urllib", "python--http-client",
    "javascript--fetch", "javascript--axios", "javascript--got", "javascript--superagent",
    "javascript--xhr", "typescript--fetch",
    "go--net-http", "java--httpclient", "java--okhttp", "php--guzzle", "php--curl",
    "ruby--net-http", "ruby--faraday", "csharp--httpclient", "csharp--restsharp",
    "powershell--invoke-restmethod",
}
BODY = {"name": "Ada", "role": "admin"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    return int(exit_info.value.code or 0), capsys.readouterr().out


def _language(sample: Path) -> str:
    return sample.name.split("--", 1)[0]


def _header(headers: dict[str, str], name: str) -> str | None:
    return next((v for k, v in headers.items() if k.lower() == name), None)


def test_every_language_and_client_of_the_issue_has_its_sample():
    assert {sample.name.removesuffix(".txt") for sample in SAMPLES} >= REQUIRED


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_reader_reads_the_same_request(sample: Path):
    code = sample.read_text(encoding="utf-8")
    assert code.count("role") == 1, "the fixture must name the key once, so it can be renamed"
    extraction = read_code(_language(sample), code)
    assert extraction.error is None
    assert len(extraction.requests) == 1
    request = extraction.requests[0]
    assert (request.method, request.url, request.path) == (
        "POST", "https://api.example.com/v1/users", "/v1/users")
    assert _header(request.headers, "authorization") == "Bearer YOUR_API_KEY"
    assert (_header(request.headers, "content-type") or "").startswith("application/json")
    assert (request.body_kind, request.body) == ("json", BODY)
    assert request.client, "the request says which client sends it"


def _page(samples: list[Path], rename: bool) -> tuple[str, dict[str, int]]:
    """A page with one section per sample; and where each renamed key stands."""
    lines = ["# Create a user", ""]
    renamed_at = {}
    for sample in samples:
        code = sample.read_text(encoding="utf-8")
        if rename:
            code = code.replace("role", "rolle")
        lines += [f"## {sample.stem}", "", f"```{_language(sample)}"]
        for text in code.rstrip("\n").split("\n"):
            lines.append(text)
            if rename and "rolle" in text:
                renamed_at[sample.stem] = len(lines)
        lines += ["```", ""]
    return "\n".join(lines), renamed_at


def test_extract_gives_every_sample_its_request(tmp_path: Path, capsys):
    text, _ = _page(SAMPLES, rename=False)
    root = write_tree(tmp_path, {"en/users.md": text})
    code, out = run(capsys, "extract", f"{root}/en/users.md", "--format", "json")
    assert code == 0, out
    entries = json.loads(out)["samples"]
    assert len(entries) == len(SAMPLES)
    for entry in entries:
        request = entry["request"]
        assert request["method"] == "POST" and request["path"] == "/v1/users", entry
        assert request["body"] == BODY, entry


def test_a_renamed_body_key_is_one_payload_drift_at_its_line_in_every_language(tmp_path: Path, capsys):
    reference, _ = _page(SAMPLES, rename=False)
    translated, renamed_at = _page(SAMPLES, rename=True)
    root = write_tree(tmp_path, {"en/users.md": reference, "fr/users.md": translated})
    code, out = run(capsys, "check", root, "--format", "json")
    assert code == 1
    findings = json.loads(out)["findings"]
    drift = sorted(f["line"] for f in findings
                   if f["rule"] == "payload-drift" and f["path"].endswith("fr/users.md"))
    assert drift == sorted(renamed_at.values())
    assert len(renamed_at) == len(SAMPLES)


def test_every_registered_extractor_is_importable_and_named_once():
    words: dict[str, str] = {}
    for language in languages.all_languages():
        for word in language.aliases | {language.name}:
            assert words.setdefault(word, language.name) == language.name, word
        assert len(languages.extractors(language.name)) == len(language.extractors)


def test_a_grammar_loads_only_when_a_page_has_a_block_in_its_language():
    probe = ("import sys, checker.cli\n"
             "from checker.extract.samples import read_code\n"
             "loaded = lambda: sorted({m.split('.')[0] for m in sys.modules if m.startswith('tree_sitter_')})\n"
             "print(loaded())\n"
             "read_code('python', 'import requests\\nrequests.get(\"https://x.test/\")\\n')\n"
             "print(loaded())\n"
             "read_code('go', 'package main\\n')\n"
             "print(loaded())\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=REPO).stdout.splitlines()
    assert out[0] == "[]" and out[1] == "[]"
    assert out[2] == "['tree_sitter_go']"
