"""Every request of a sample is compared: the second and third calls of a
sample drift as the first does, a reordered call is not drift, and a call one
locale's sample lacks is one sample-missing finding."""

from __future__ import annotations

from checker.config import load_config
from checker.engine import check_paths
from checker.rules import BY_ID
from tests.helpers import write_tree

CALLS = """\
## Articles

```javascript
const session = await fetch("https://api.example.com/v1/sessions", {
  method: "POST",
  body: JSON.stringify({ email: "you@example.com" }),
});
const list = await fetch("https://api.example.com/v1/articles", {
  headers: { Accept: "application/json" },
});
const one = await fetch("https://api.example.com/v1/articles/42", {
  headers: { Accept: "application/json" },
});
await fetch("https://api.example.com/v1/articles/42", {
  method: "DELETE",
  headers: { Accept: "application/json" },
});
```
"""


def run(tmp_path, fr: str) -> list[tuple[str, str, int, str]]:
    root = write_tree(tmp_path, {"en/a.md": CALLS, "fr/a.md": fr.replace("## Articles", "## Les articles")})
    result = check_paths([root], load_config(None, set(BY_ID)))
    return sorted((f.rule, f.path.split(root + "/", 1)[-1], f.line, f.message) for f in result.findings)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    lines = [i for i, line in enumerate(text.split("\n"), 1) if needle in line]
    return lines[nth - 1]


def test_identical_calls_give_nothing(tmp_path):
    assert run(tmp_path, CALLS) == []


def test_a_header_added_to_the_second_and_third_calls_is_two_findings(tmp_path):
    fr = CALLS.replace('headers: { Accept: "application/json" },',
                       'headers: { Accept: "application/json", Authorization: "Bearer TOKEN" },')
    found = [f for f in run(tmp_path, fr) if f[0] == "header-drift"]
    # The second, third and fourth calls each gained it: one finding per call, at its line.
    assert [(f[1], f[2]) for f in found] == [("fr/a.md", line_of(fr, "Authorization", n)) for n in (1, 2, 3)]
    assert "second call" in found[0][3] and "third call" in found[1][3]


def test_a_body_key_renamed_in_the_first_call_is_reported_there(tmp_path):
    fr = CALLS.replace("{ email:", "{ mail:")
    found = run(tmp_path, fr)
    assert [(f[0], f[1], f[2]) for f in found] == [("payload-drift", "fr/a.md", line_of(fr, "mail:"))]


def test_reordered_calls_are_not_drift(tmp_path):
    second = CALLS[CALLS.index("const list"):CALLS.index("const one")]
    third = CALLS[CALLS.index("const one"):CALLS.index("\nawait fetch") + 1]
    fr = CALLS.replace(second + third, third + second)
    assert fr != CALLS
    assert run(tmp_path, fr) == []


def test_a_dropped_call_is_one_sample_missing_finding(tmp_path):
    start = CALLS.index("const one")
    end = CALLS.index("await fetch(\"https://api.example.com/v1/articles/42\", {\n  method")
    fr = CALLS[:start] + CALLS[end:]
    found = run(tmp_path, fr)
    assert [(f[0], f[1], f[2]) for f in found] == [("sample-missing", "fr/a.md", line_of(fr, "```javascript") + 1)]
    assert "third call" in found[0][3] and "GET /v1/articles/42" in found[0][3]
