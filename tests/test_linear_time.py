"""Hostile input: every line scan is linear in the line's length, and limits hold.

Each pattern test times one pattern on 100 KB and on 1 MB of its worst input
in a child process: linear time gives a ratio near 10; a quadratic pattern
gives 100, or would run for hours. Every case has a hard timeout: the child
times 1 KB, 10 KB, 100 KB and 1 MB in turn and reports each run as it ends;
a run gets MAX_RATIO times the fastest run of the size before it (plus FLOOR
seconds), after which the child (and any worker it started) is killed, and
the first step over the ratio stops the case, so a quadratic scan fails in
seconds, at the smallest size that shows it, rather than in hours. Tests that run in this
process get a SIGALRM deadline instead.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.config import Config, load_config
from checker.engine import check_paths
from tests.helpers import findings, where, write_tree

# Seconds for a child's first answer (the small input, or a whole pipeline run) and
# for a test run in-process: hang guards, far above what the work takes.
TIMEOUT = int(os.environ.get("SAMPLEDRIFT_TEST_TIMEOUT", "60"))
# Linear is 10 in theory; 1 MB falls out of the CPU cache, and on a busy machine
# (parallel test runs on 2 cores) linear scans measured 30-45 here, every attempt.
# Quadratic is 100 and more (it leaves the cache too): 60 stands between the two.
MAX_RATIO = 60
# Seconds a run may take beyond MAX_RATIO x the size before it: a busy machine's stalls.
FLOOR = 1.0


class Overrun(Exception):
    """A child gave no answer in its budget (it is killed)."""


@pytest.fixture(autouse=True)
def _deadline() -> Iterator[None]:
    """A test of this module that hangs in this process fails after 2 x TIMEOUT seconds
    (a child's own deadlines come first, with clearer messages)."""
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"no result after {2 * TIMEOUT} s: a scan that is no longer linear?")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, 2 * TIMEOUT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Child:
    """A child Python reading `code`, its stdout lines read with a deadline each;
    on leaving, it and its process group (pipeline workers) are killed."""

    def __init__(self, code: str, *args: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, start_new_session=True)
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def line(self, seconds: float, what: str) -> str:
        try:
            line = self.lines.get(timeout=seconds)
        except queue.Empty:
            raise Overrun(f"{what}: no answer within {seconds:.2f} s (killed)") from None
        if line is None:
            self.process.wait()
            err = self.process.stderr.read() if self.process.stderr else ""
            pytest.fail(f"{what}: the child ended ({self.process.returncode}) without answering:\n{err}")
        return line

    def __enter__(self) -> _Child:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()

# (module, name, how it is called, worst unit, what ends the input)
PATTERNS = [
    ("checker.rules.email_obfuscated", "_EMAIL", "search", "a", ""),
    ("checker.compare", "_EMAIL", "sub", "a", ""),
    ("checker.rules.placeholder_translated", "_CODE_IN_PROSE", "sub", "a", ""),
    ("checker.align", "_LINK", "findall", "](", ""),
    ("checker.discover", "_LANGS_LINK", "findall", "[", ""),
    ("checker.parse.gitbook", "_GLUED_CLOSER", "search", "`", "x"),
    ("checker.parse.gitbook", "_GLUED_OPENER", "match", "`", ""),
    ("checker.parse.gitbook", "_OPENER_AT_END", "search", "`", ""),
    ("checker.extract.placeholders", "_BARE_CODE_WORD", "findall", "a-", ""),
    ("checker.report.sarif", "_BRACKET", "sub", "\\", ""),
    ("checker.suppress", "_COMMENT", "findall", "<!-- sampledrift-disable ", ""),
    ("checker.parse.kinds", "_CLOSED_TAG_LINE", "search", "\n", ""),
    ("checker.parse.kinds", "_SITE_UI", "search", "\n", ""),
    ("checker.parse.kinds", "_NAV_BULLET", "findall", "\n", ""),
    ("checker.extract.samples", "_UNLABELLED_CURL", "search", "\n", ""),
]

# Every timing child reads its input at four sizes, each 10 x the one before.
SIZES = 4

_TIMER = textwrap.dedent("""
    import importlib, json, sys, time
    module, name, how, unit, end = json.loads(sys.argv[1])
    SIZES = (1_000, 10_000, 100_000, 1_000_000)
    pattern = getattr(importlib.import_module(module), name)
    call = {"search": pattern.search, "match": pattern.match, "findall": pattern.findall,
            "sub": lambda text: pattern.sub(" ", text)}[how]
    for size in SIZES:
        text = unit * (size // len(unit)) + end
        for _ in range(3):  # the fastest of three counts: the others carry the machine's noise
            start = time.perf_counter()
            call(text)
            print(json.dumps(time.perf_counter() - start), flush=True)
""")


def _timed(code: str, *args: str, runs: int = 3) -> list[float]:
    """The fastest of `runs` for each size a timing child reads (one line per run),
    up to the first size that took over MAX_RATIO x the one before it. The first
    size gets TIMEOUT; each later run MAX_RATIO x the fastest of the size before,
    plus FLOOR: a scan that is no longer linear is killed as soon as it overruns."""
    fastest: list[float] = []
    with _Child(code, *args) as child:
        for size in range(SIZES):
            budget = TIMEOUT if not fastest else MAX_RATIO * fastest[-1] + FLOOR
            what = f"size {size + 1} of {SIZES}" + (f" (the one before: {fastest[-1]:.3f} s)" if fastest else "")
            fastest.append(min(float(child.line(budget, what)) for _ in range(runs)))
            if len(fastest) > 1 and not _linear(*fastest[-2:]):
                break
    return fastest


def _linear(small: float, large: float) -> bool:
    return large / max(small, 1e-3) < MAX_RATIO


# A busy machine (other jobs on few cores) can slow one size past the bound; a
# quadratic scan is over it every time, and one killed for its budget fails at once.
ATTEMPTS = 3


def _assert_linear(code: str, *args: str, runs: int = 3) -> None:
    seen: list[object] = []
    for _ in range(ATTEMPTS):
        try:
            fastest = _timed(code, *args, runs=runs)
        except Overrun as overrun:
            seen.append(str(overrun))
            continue
        seen.append(fastest)
        if len(fastest) == SIZES:
            return
    pytest.fail(f"a size took over {MAX_RATIO} x the one 10 x smaller in all {ATTEMPTS} attempts: {seen}")


@pytest.mark.parametrize("case", PATTERNS, ids=[f"{m.rsplit('.', 1)[1]}.{n}" for m, n, *_ in PATTERNS])
def test_pattern_is_linear(case: tuple[str, ...]) -> None:
    _assert_linear(_TIMER, json.dumps(case))


def test_unterminated_tag_with_a_long_run_of_spaces_is_linear() -> None:
    code = textwrap.dedent("""
        import json, time
        from checker.parse.tags import read_tag
        for size in (1_000, 10_000, 100_000, 1_000_000):
            raw = "{% tabs" + " " * size + "x"
            for _ in range(3):
                start = time.perf_counter()
                read_tag(raw, 1, 1, 1, False)
                print(json.dumps(time.perf_counter() - start), flush=True)
    """)
    _assert_linear(code)


def test_tag_closer_is_dropped_as_before() -> None:
    from checker.parse.tags import read_tag

    assert read_tag('{% tab title="a" -%}', 1, 1, 1, True).attrs == {"title": "a"}
    assert read_tag('{% tab title="a" %', 1, 1, 1, False).attrs == {"title": "a"}
    assert read_tag("{% endtabs  -%", 1, 1, 1, False).attr_errors == []


# --------------------------------------------------------------------------
# The whole pipeline, on a tree holding one hostile line (or page)
# --------------------------------------------------------------------------

_SAMPLE = ("```bash\ncurl -X POST https://api.example.com/login -H 'Authorization: Bearer YOUR_TOKEN' "
           "-d '{\"email\": \"a@b.co\"}'\n```\n")


def _tree(root: Path, line: str) -> str:
    """Two locales and no reference (so placeholder-translated reads the prose),
    a published page, SUMMARY.md and LANGS.md, each with `line` before any
    address (so email-obfuscated searches it)."""
    page = f"# Title\n\n{line}\n\nProse.\n\n{_SAMPLE}"
    published = (f"Title\n\n{line}\n\nProse.\n\ncurl -X POST https://api.example.com/login -d "
                 "'{\"email\": \"[email protected]\"}'\n")
    return write_tree(root, {
        "LANGS.md": f"{line}\n* [Français](fr/)\n* [Dansk](da/)\n",
        "fr/SUMMARY.md": f"# Summary\n\n{line}\n* [Page](page.md)\n",
        "da/SUMMARY.md": f"# Summary\n\n{line}\n* [Page](page.md)\n",
        "fr/page.md": page.replace("YOUR_TOKEN", "VOTRE_TOKEN"),
        "da/page.md": page,
        "da/pub/page.txt": published,
    })


_PIPELINE = textwrap.dedent("""
    import json, sys
    from checker.config import Config
    from checker.engine import check_paths
    result = check_paths([sys.argv[1]], Config())
    print(json.dumps([[f.rule, f.path, f.line, f.message] for f in result.findings]))
""")


def _check_in_child(root: str) -> list[list]:
    with _Child(_PIPELINE, root) as child:
        try:
            return json.loads(child.line(TIMEOUT, "the whole pipeline"))
        except Overrun as overrun:
            pytest.fail(f"{overrun}: not linear any more?")


@pytest.mark.parametrize("unit", ["a", "_", "](", "["])
def test_a_1mb_line_is_checked_in_seconds(tmp_path: Path, unit: str) -> None:
    found = _check_in_child(_tree(tmp_path, unit * (1_000_000 // len(unit))))
    long = [f for f in found if f[0] == "input-too-large"]
    assert long and all("skipped by the regex rules" in f[3] for f in long)
    assert {f[1].rsplit("/", 1)[-1] for f in long} >= {"page.md", "page.txt"}


def test_a_20mb_page_is_read_up_to_the_limit(tmp_path: Path) -> None:
    prose = "Some prose about the API, `code_span`, a [link](https://x.example/), user@example.com.\n\n"
    text = "# Title\n\n" + _SAMPLE + "\n" + prose * (20 * 1024 * 1024 // len(prose) + 1)
    write_tree(tmp_path, {"en/page.md": text, "fr/page.md": text})
    found = _check_in_child(str(tmp_path))
    too_large = [f for f in found if f[0] == "input-too-large"]
    assert len(too_large) == 2 and all(f[2] == 1 for f in too_large)
    assert "over the `max_page_size` of 4,194,304: only its first" in too_large[0][3]


# --------------------------------------------------------------------------
# The limits: configurable, and they reach the worker processes
# --------------------------------------------------------------------------

def test_limits_come_from_the_config(tmp_path: Path) -> None:
    (tmp_path / "c.yml").write_text("max_page_size: 1000\nmax_line_length: 50\n", encoding="utf-8")
    config = load_config(str(tmp_path / "c.yml"), set())
    assert (config.max_page_size, config.max_line_length) == (1000, 50)
    assert (Config().max_page_size, Config().max_line_length) == (4 * 1024 * 1024, 20_000)


@pytest.mark.parametrize("bad", ["max_page_size: 0", "max_line_length: many"])
def test_bad_limits_are_an_input_error(tmp_path: Path, bad: str) -> None:
    from checker.errors import InputError

    (tmp_path / "c.yml").write_text(bad + "\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_config(str(tmp_path / "c.yml"), set())


def test_limits_reach_worker_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMPLEDRIFT_JOBS", "2")
    files = {f"en/p{i}.md": f"# P{i}\n\n" + "word " * 30 + "\n" + "line\n" * 200 for i in range(50)}
    root = write_tree(tmp_path, files)
    result = check_paths([root], Config(max_page_size=500, max_line_length=100))
    rules = [f for f in result.findings if f.rule == "input-too-large"]
    assert len([f for f in rules if "max_page_size" in f.message]) == 50
    assert len([f for f in rules if "max_line_length" in f.message]) == 50


def test_page_cut_keeps_whole_lines_and_characters(tmp_path: Path) -> None:
    text = "# 标题\n\n" + "中文内容。\n" * 100
    root = write_tree(tmp_path, {"zh/page.md": text})
    limit = 100  # falls inside a line, and inside a character
    result = check_paths([root], Config(max_page_size=limit))
    page = result.pages[0]
    assert page.lines[-1] == "" and all(line in ("# 标题", "", "中文内容。") for line in page.lines)
    assert sum(len(line.encode()) + 1 for line in page.lines[:-1]) <= limit
    assert [f.rule for f in result.findings] == ["input-too-large"]


def test_long_line_is_skipped_by_regex_rules_not_by_fence_rules() -> None:
    text = "Intro\n\n```bash\ncurl https://x/ " + "a" * 20_001 + "\n"
    found = findings(text)
    assert where(found) == [("fence-unclosed", 3, 1), ("input-too-large", 4, 20_001)]


# --------------------------------------------------------------------------
# The glued fence after CJK prose
# --------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "创建一个文件：```yaml",                 # the plain case
    "在 `config` 目录下创建一个文件：```yaml",  # a code span before it
    "创建一个文件：```yaml\u3000",           # an ideographic space after it
])
def test_opener_glued_to_cjk_prose(line: str) -> None:
    found = findings(f"{line}\nkey: value\n```\n", path="zh/page.md")
    glued = [f for f in found if "glued to the text before it" in f.message]
    assert [(f.rule, f.line, f.column) for f in glued] == [("fence-unclosed", 1, line.index("```") + 1)]


def test_code_span_holding_the_fence_is_no_glued_opener() -> None:
    found = findings("Write `x```yaml\nkey: value\n")
    assert not [f for f in found if "glued" in f.message]


_CURL_TIMER = textwrap.dedent("""
    import json, time
    from checker.extract.curl import CurlExtractor
    extractor = CurlExtractor()
    for size in (200, 2_000, 20_000, 200_000):
        code = "curl https://api.example.com/x " + "](" * (size // 2)
        start = time.perf_counter()
        extractor.extract(code)
        print(json.dumps(time.perf_counter() - start), flush=True)
""")


def test_a_long_line_inside_a_shell_sample_is_read_in_linear_time() -> None:
    """tree-sitter nests ERROR nodes as deep as such a line is long; the search
    for the command around a `curl` word was quadratic (over 100 s for 400 KB)."""
    _assert_linear(_CURL_TIMER, runs=1)


_NESTED_JS_TIMER = textwrap.dedent("""
    import json, time
    from checker.extract.javascript.extractor import JavaScriptExtractor
    extractor = JavaScriptExtractor()
    LEVEL = "(async () => { const res = await fetch(url); if (res.status === 200) {\\n"
    for depth in (30, 300, 3_000, 30_000):
        code = "const url = 'https://api.example.com/items';\\n" + LEVEL * depth + "} })();\\n" * depth
        start = time.perf_counter()
        extractor.extract(code)
        print(json.dumps(time.perf_counter() - start), flush=True)
""")


def test_a_deeply_nested_javascript_sample_is_read_in_linear_time() -> None:
    """Every name read looked its declaration up by walking `node.parent`
    outwards, and tree-sitter finds a parent from the root down: a sample
    nested N deep cost N^2 (two 47 KB pages the fuzz made took 105 s)."""
    _assert_linear(_NESTED_JS_TIMER, runs=1)
