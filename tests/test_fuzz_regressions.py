"""Hostile input the fuzz (tests/test_fuzz.py) or its brief found: each a
minimised reproducer, with the behaviour it must keep."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from checker.config import Config
from checker.engine import check_paths
from checker.errors import InputError
from checker.parse.blocks import walk_blocks
from checker.parse.rendered.shapes import is_json as _is_json
from checker.report import FORMATTERS
from checker.spec import MAX_SPEC_DEPTH, load_spec
from tests.helpers import findings, page_of, write_tree

DEEP = 3000  # three times Python's default recursion limit
FENCE = "```"


def _nested_tabs(depth: int, code: str = "curl https://api.example.com/items") -> str:
    return ("## Items\n\n" + '{% tabs %}\n{% tab title="cURL" %}\n' * depth
            + f"{FENCE}bash\n{code}\n{FENCE}\n" + "{% endtab %}\n{% endtabs %}\n" * depth)


def _curl_with_body(body: str, heading: str = "## Items\n\n") -> str:
    return (f"{heading}{FENCE}bash\ncurl -X POST https://api.example.com/items "
            f"-H 'Content-Type: application/json' -d '{body}'\n{FENCE}\n")


def _everything(root: str) -> None:
    result = check_paths([root], Config())
    for render in FORMATTERS.values():
        render(result)


def test_walk_blocks_is_pre_order_without_recursion() -> None:
    page = page_of(_nested_tabs(DEEP))
    names = [b.name for b in walk_blocks(page.blocks)]
    assert names == ["tabs", "tab"] * DEEP
    lines = [b.line for b in walk_blocks(page.blocks)]
    assert lines == sorted(lines)


def test_samples_inside_deeply_nested_tabs_are_placed() -> None:
    page = page_of(_nested_tabs(DEEP))
    (sample,) = page.samples
    assert sample.tab == "cURL"
    assert sample.tabs_line == 3 + 2 * (DEEP - 1)   # the innermost group
    assert sample.request is not None and sample.request.path == "/items"


def test_a_published_line_of_brackets_is_text_not_json() -> None:
    assert not _is_json("[" * 1000)
    assert not _is_json("[" * DEEP + "]" * DEEP)  # JSON, but past the stack: read as text
    assert _is_json("[" * 50 + "]" * 50)


def test_a_published_page_with_a_line_of_brackets_is_read(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"published-text/da/page.txt": "Godkendelse\n\n" + "[" * 1000 + "\n",
                                 "fr/page.md": "# Page\n"})
    _everything(root)


@pytest.mark.parametrize("opener, closer", [('{"a":', "}"), ("[", "]")])
def test_a_body_nested_beyond_reason_is_a_finding_not_a_crash(opener: str, closer: str) -> None:
    body = opener * 500 + "1" + closer * 500
    found = findings(_curl_with_body(body), "sample-syntax")
    assert [f.line for f in found] == [4]
    assert "nests more than 100 levels deep" in found[0].message
    (sample,) = page_of(_curl_with_body(body)).samples
    assert sample.request.body_kind == "raw"


def test_a_body_nested_within_reason_is_read() -> None:
    body = '{"a":' * 100 + "1" + "}" * 100
    assert findings(_curl_with_body(body), "sample-syntax") == []
    (sample,) = page_of(_curl_with_body(body)).samples
    assert sample.request.body_kind == "json"


def test_deep_bodies_across_locales_run_every_rule_and_report(tmp_path: Path) -> None:
    deep = '{"a":' * 990 + "1" + "}" * 990
    root = write_tree(tmp_path, {"en/page.md": _curl_with_body(deep),
                                 "fr/page.md": _curl_with_body(deep.replace("1", "2")),
                                 "da/page.md": _curl_with_body('{"a": 1}')})
    _everything(root)


@pytest.mark.parametrize("name, text", [
    ("spec.json", '{"openapi": "3.0.0", "x": ' + "[" * DEEP + "]" * DEEP + "}"),
    ("spec.yaml", "openapi: 3.0.0\nx: " + "[" * DEEP + "]" * DEEP + "\n"),
    ("spec.json", '{"openapi": "3.0.0", "x": ' + "[" * 300 + "]" * 300 + "}"),
])
def test_a_spec_nested_beyond_reason_is_unreadable(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    # PyYAML has a nesting bound of its own; either says so.
    with pytest.raises(InputError, match=f"nests more than {MAX_SPEC_DEPTH} levels deep|"
                                         "exceeded maximum nesting depth"):
        load_spec(str(path))


def test_a_page_naming_a_deep_spec_gets_spec_unreadable(tmp_path: Path) -> None:
    page = ('## Items\n\n{% openapi src="spec.json" path="/items" method="post" %}\n{% endopenapi %}\n\n'
            + _curl_with_body('{"a": 1}', heading=""))
    root = write_tree(tmp_path, {"en/page.md": page,
                                 "en/spec.json": '{"openapi": "3.0.0", "x": ' + "[" * DEEP + "]" * DEEP + "}"})
    result = check_paths([root], Config())
    assert [f.rule for f in result.findings] == ["spec-unreadable"]


def test_deeply_nested_tabs_across_locales(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"en/page.md": _nested_tabs(DEEP), "fr/page.md": _nested_tabs(DEEP)})
    _everything(root)


def test_a_lone_surrogate_in_a_sample_string_is_written_out(tmp_path: Path) -> None:
    """Found by the fuzz test: Python's `"\\ud83c\\ude2c"` evaluates to two lone
    surrogates; the fingerprint's UTF-8 encoding raised outside any page."""
    page = ('## Items\n\n```python\nimport requests, json\n'
            'r = requests.post("https://api.example.com/items", data=json.dumps({"\\ud83c\\ude2c": 1}))\n```\n')
    other = page.replace(": 1}", ": 2}")
    root = write_tree(tmp_path, {"en/page.md": page, "fr/page.md": other})
    _everything(root)
    result = check_paths([root], Config())
    assert [f.rule for f in result.findings] == ["payload-value-drift"]
    assert "\U0001f22c" in result.findings[0].message   # the pair, as the character it encodes


def test_a_character_of_the_last_planes_after_a_brace_does_not_kill_the_process(tmp_path: Path) -> None:
    """Found by a long fuzz run: tree-sitter-bash dies of a segmentation fault on
    `{` followed by a character past the last assigned ones (U+83CDF, U+C18DE...). A crash in C is no exception:
    run the check in a child process and look at how it ended."""
    import subprocess
    import sys
    # Whether the read past the table faults depends on what lies beyond it:
    # many characters of the range, so that one of them does.
    samples = "".join(f"```bash\n{{{chr(code)}\ncurl https://api.example.com/items\n```\n\n"
                      for code in [0x83CDF, *range(0xC18DE, 0x10FFFF, 0x4321)])
    root = write_tree(tmp_path, {"en/page.md": "## Items\n\n" + samples, "fr/page.md": "## Items\n\n" + samples})
    done = subprocess.run([sys.executable, "-m", "checker", "check", root], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr[-500:]
    assert "Found" in done.stdout or "No problems" in done.stdout


def test_a_src_with_a_nul_byte_is_no_file_of_the_tree(tmp_path):
    # Found by the fuzz test: `src="spec.yaml\x00"` made os.path.realpath raise.
    from checker.config import Config
    from checker.engine import check_paths

    spec = ("openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
            "paths:\n  /items:\n    post:\n      responses: {'200': {description: ok}}\n")
    for locale, src in (("en", "spec.yaml\x00"), ("fr", "spec.yaml")):
        (tmp_path / locale).mkdir()
        (tmp_path / locale / "spec.yaml").write_text(spec, encoding="utf-8")
        (tmp_path / locale / "page.md").write_text(
            f'{{% openapi src="{src}" path="/items" method="post" %}}\n{{% endopenapi %}}\n\n'
            '```bash\ncurl -X POST https://api.example.com/items\n```\n', encoding="utf-8")
    result = check_paths([str(tmp_path)], Config())
    assert [f.message for f in result.findings if f.rule == "internal-error"] == []
    assert "spec-unreadable" in {f.rule for f in result.findings if f.path.endswith("en/page.md")}


def test_confinement_refuses_a_path_with_a_nul_byte_without_raising(tmp_path):
    from checker.confine import Roots

    assert Roots.of([str(tmp_path)]).allows(str(tmp_path / "spec.yaml\x00")) is False


BAD_HOST = "https://api.example.co00000]m"   # a `]` with no `[`: urljoin raises "Invalid IPv6 URL"
BASE_URL_SAMPLES = {
    "ruby": f"require 'faraday'\nconn = Faraday.new(\n  url: '{BAD_HOST}',\n)\n"
            "response = conn.post('/v1/users') do |req|\n  req.headers['X-Key'] = 'YOUR_KEY'\nend\n",
    "python": f"import requests\nfrom urllib.parse import urljoin\n\n"
              f"requests.post(urljoin('{BAD_HOST}', '/v1/users'))\n",
    "csharp": f"var client = new HttpClient {{ BaseAddress = new Uri(\"{BAD_HOST}\") }};\n"
              "var response = await client.PostAsync(\"/v1/users\", null);\n",
}


@pytest.mark.parametrize("language", sorted(BASE_URL_SAMPLES))
def test_a_base_url_urljoin_cannot_read_is_joined_as_written(language: str) -> None:
    """Found by the long fuzz run (a Faraday base URL whose host had lost its
    `[`): the extractor's guard caught the ValueError and the sample went unread."""
    page = page_of(f"## Users\n\n```{language}\n{BASE_URL_SAMPLES[language]}```\n", "en")
    assert [s.error for s in page.samples] == [None]
    assert [(r.method, r.url) for s in page.samples for r in s.requests] == [("POST", f"{BAD_HOST}/v1/users")]


# A `{` followed by a code point of planes 3 to 16 made tree-sitter-bash read
# out of bounds: a segfault in about half the runs, which no guard can catch
# (the long fuzz run lost its process to one). Each child reads a curl sample
# and a console block holding them, several times over, so that the old code
# fails this test all but never by luck.
_FAR_PLANE_PAGE = ("## Items\n\n```bash\ncurl https://api.example.com/items -d '{\U000E0001'\n"
                   "echo {\U0010FFFF} x = {\U000F0000}\n```\n\n"
                   "```console\n$ curl https://api.example.com/items {\U000C37AE\nok\n```\n")
_READ_FAR_PLANES = """
import sys
from checker.extract.samples import samples_of
from tests.helpers import page_of
page = page_of(sys.argv[1])
for _ in range(20):
    samples = samples_of(page)
print(len(samples), [s.requests[0].url if s.requests else None for s in samples])
"""


def test_far_plane_code_points_after_a_brace_do_not_crash_the_bash_grammar() -> None:
    for _ in range(6):
        done = subprocess.run([sys.executable, "-c", _READ_FAR_PLANES, _FAR_PLANE_PAGE], capture_output=True,
                              text=True, timeout=120, cwd=Path(__file__).parent.parent)
        assert done.returncode == 0, done.stderr[-500:]
        assert done.stdout.strip() == "2 ['https://api.example.com/items', 'https://api.example.com/items']"
