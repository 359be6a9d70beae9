"""Inline disables: `<!-- sampledrift-disable ... -->` comments accept findings."""

from __future__ import annotations

from checker.config import Config
from checker.engine import check_paths
from checker.suppress import ranges
from tests.helpers import write_tree


def rules_at(tmp_path, text: str) -> list[tuple[str, int]]:
    root = write_tree(tmp_path, {"fr/page.md": text})
    return [(f.rule, f.line) for f in check_paths([root], Config()).findings]


def test_next_line_skips_blank_lines_and_names_rules(tmp_path):
    text = ("<!-- sampledrift-disable-next-line tag-unknown -->\n\n{% Onglet %}\n"
            "<!-- sampledrift-disable-next-line fence-unclosed -->\n{% Fichier %}\n")
    assert rules_at(tmp_path, text) == [("tag-unknown", 5)]


def test_range_around_a_fence_silences_what_is_inside(tmp_path):
    sample = "```python\nimport requests\nrequests.get('https://x/'\n```\n"
    assert rules_at(tmp_path, sample) == [("sample-syntax", 3)]
    text = ("<!-- sampledrift-disable sample-syntax, tag-unknown -->\n" + sample +
            "<!-- sampledrift-enable sample-syntax, tag-unknown -->\n" + sample)
    assert rules_at(tmp_path, text) == [("sample-syntax", 9)]


def test_bare_disable_runs_to_the_end_or_to_a_bare_enable(tmp_path):
    text = "{% Onglet %}\n<!-- sampledrift-disable -->\n{% Onglet %}\n<!-- sampledrift-enable -->\n{% Onglet %}\n"
    assert rules_at(tmp_path, text) == [("tag-unknown", 1), ("tag-unknown", 5)]
    assert [(r.first, r.last, r.rules) for r in ranges(["<!-- sampledrift-disable x -->", "a"])] == [
        (1, 3, frozenset({"x"}))]
