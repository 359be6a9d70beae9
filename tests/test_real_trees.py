"""Shapes met on real translated trees (issue "Right on real trees"): each
test builds a small tree in that shape and asserts rule, file and line, and
the absence of the false findings seen there."""

from __future__ import annotations

from checker.config import Config
from checker.engine import check_paths
from checker.model import FileKind
from tests.helpers import write_tree


def _api(path: str, method: str) -> str:
    return (f'{{% openapi src="api.yml" path="{path}" method="{method}" %}}\n'
            f"[api.yml](api.yml)\n{{% endopenapi %}}\n")


def _page(*blocks: tuple[str, str], title: str = "# Items") -> str:
    return title + "\n\n" + "\n".join(f"## Op {i}\n\n{_api(p, m)}" for i, (p, m) in enumerate(blocks))


def run(tmp_path, files: dict[str, str], **kwargs) -> list[tuple[str, str, int]]:  # noqa: ANN003
    result = check_paths([write_tree(tmp_path, files)], Config(), **kwargs)
    return [(f.rule, f.path.split(f"{tmp_path.name}/", 1)[-1], f.line) for f in result.findings]


OPS = (("/items", "get"), ("/items", "post"), ("/items/{id}", "delete"))


def test_three_locales_one_replaced_one_for_one_one_reordered(tmp_path):
    """It crashed structure-drift (an int compared as a block sequence)."""
    replaced = tuple((p.replace("items", "articulos"), m) for p, m in OPS)
    reordered = (OPS[1], OPS[0], OPS[2])
    got = run(tmp_path, {"en/i.md": _page(*OPS), "es/i.md": _page(*replaced),
                         "fr/i.md": _page(*reordered)})
    assert not [g for g in got if g[0] == "internal-error"]
    structure = [g for g in got if g[0] == "structure-drift"]
    # fr moved the blocks: reported at its first moved block. es replaced each
    # block by another one: that is spec-ref-drift's, not structure-drift's.
    assert structure == [("structure-drift", "fr/i.md", 5)]
    assert sorted({g[1] for g in got if g[0] == "spec-ref-drift"}) == ["es/i.md"]


def test_three_locales_without_reference_majority(tmp_path):
    replaced = tuple((p.replace("items", "elementos"), m) for p, m in OPS)
    got = run(tmp_path, {"da/i.md": _page(*OPS), "es/i.md": _page(*replaced),
                         "fr/i.md": _page(OPS[1], OPS[0], OPS[2])})
    assert not [g for g in got if g[0] == "internal-error"]
    assert [g for g in got if g[0] == "structure-drift"] == [("structure-drift", "fr/i.md", 5)]


def test_sections_counted_on_one_heading_tree(tmp_path):
    """`# Title` + three `##` in both locales: the same tree, no structure-drift;
    a locale that lost one `##` is reported with its section count."""
    page = "# Title\n\n## One\n\ntext\n\n## Two\n\ntext\n\n## Three\n\ntext\n"
    assert run(tmp_path / "same", {"en/p.md": page, "fr/p.md": page.replace("One", "Un")}) == []
    got = run(tmp_path / "lost", {"en/p.md": page, "fr/p.md": page.replace("## Two\n", "Two\n")})
    assert got == [("structure-drift", "fr/p.md", 1)]
    result = check_paths([str(tmp_path / "lost")], Config())
    assert result.findings[0].message.startswith('2 sections ("One", "Three"), 3 expected')


# -------------------------------------------------- files that are not locale pages

_ARCHIVED_README = (
    "# 📘 Acme legacy docs\n\nThe docs moved to a new framework.\n\n•\t🆕 New repository: "
    "https://example.com/new\n\n•\t🌐 New site: https://docs.example.com\n\n## 📢 About this repository\n\n"
    "•\tThis repository is archived.\n\n•\tWe answer open issues when we can.\n\n•\tSend changes to the "
    "new repository: [new](https://example.com/new).\n\n•\tThank you to all past contributors!\n\n⸻\n\n"
    "## License\n\nThe docs are licensed under [CC-BY](LICENSE).\n")


def test_repository_files_outside_locale_roots_are_left_out(tmp_path):
    page = "# Guide\n\n## Start\n\ntext\n"
    files = {"en/SUMMARY.md": "* [Guide](guide.md)\n", "fr/SUMMARY.md": "* [Guide](guide.md)\n",
             "en/guide.md": page, "fr/guide.md": page,
             "README.md": "# Acme docs\n\n## Build\n\n## Deploy\n\n## License\n",
             ".gitignore.md": "# ignore\n", "examples/app/README.md": "# Example app\n\n## Run\n",
             # reads as a rendering by its content (bullets, a rule); a `.md` outside the roots
             # is still the repository's, not a published page to join en/README
             "docs/README.md": _ARCHIVED_README}
    result = check_paths([write_tree(tmp_path, files)], Config())
    assert next(p for p in result.pages if p.path.endswith("docs/README.md")).kind is FileKind.PUBLISHED
    assert [(f.rule, f.path) for f in result.findings] == []
    assert [path.split(f"{tmp_path.name}/", 1)[-1] for path, _ in result.left_out] == [
        ".gitignore.md", "README.md", "docs/README.md", "examples/app/README.md"]
    assert result.locales == ["en", "fr"]
    from checker.report import FORMATTERS
    assert "left out " in FORMATTERS["text"](result, verbose=True)
    assert '"left_out"' in FORMATTERS["json"](result)


# -------------------------------------------------- pairing the content contradicts

def _summary(*entries: str) -> str:
    return "".join(f"* [{e}]({e}.md)\n" for e in entries)


def test_a_readme_at_the_end_of_a_summary_run_pairs_with_its_own_folder(tmp_path):
    """`* [Vector](api/vector.md)` then `* [CLI](cli/README.md)` in en, and
    `* [Vector](api/vector.md)` then `* [Usar](usar/README.md)` in es: the two
    READMEs end a run of equal names, yet es `usar/` is en `using/` (its pages say so)."""
    files = {
        "en/SUMMARY.md": _summary("api/vector", "cli/README", "cli/user", "using/README", "using/streaming"),
        "es/SUMMARY.md": _summary("api/vector", "usar/README", "usar/streaming"),
        "en/api/vector.md": "# V\n", "es/api/vector.md": "# V\n",
        "en/cli/README.md": "# CLI\n", "en/cli/user.md": "# User\n",
        "en/using/README.md": "# Using\n", "es/usar/README.md": "# Usar\n",
        "en/using/streaming.md": "# Streaming\n", "es/usar/streaming.md": "# Streaming\n"}
    result = check_paths([write_tree(tmp_path, files)], Config())
    paired = {s.key: s.pages["es"][0].file.page_id for s in result.page_sets if "es" in s.pages}
    assert paired["using/README"] == "usar/README"
    assert "cli/README" not in paired


def test_a_summary_pairing_the_code_contradicts_does_not_win(tmp_path):
    def code(*lines: str) -> str:
        return "# Page\n\n```bash\n" + "\n".join(lines) + "\n```\n"
    files = {
        "en/SUMMARY.md": _summary("a/one", "a/two"), "es/SUMMARY.md": _summary("b/uno", "b/dos"),
        "en/a/one.md": code("npm install flowise", "npx flowise start"),
        "en/a/two.md": code("docker compose up -d", "docker compose logs"),
        # es has the two pages in the other order in its SUMMARY.md
        "es/b/uno.md": code("docker compose up -d", "docker compose logs"),
        "es/b/dos.md": code("npm install flowise", "npx flowise start")}
    result = check_paths([write_tree(tmp_path, files)], Config())
    paired = {s.key: s.pages["es"][0].file.page_id for s in result.page_sets if "es" in s.pages}
    assert paired.get("a/one") != "b/uno" and paired.get("a/two") != "b/dos"


# -------------------------------------------------- what only a translation has

def test_a_page_only_a_translation_has_is_reported_and_still_checked(tmp_path):
    files = {"en/a.md": "# A\n", "zh-cn/a.md": "# A\n",
             "zh-cn/webhooks.md": "# Webhooks\n\n{% hint style=\"info\" %}\nx\n{% endhint %}\n\n{% Tabs %}\n"}
    got = run(tmp_path, files)
    assert ("translation-only", "zh-cn/webhooks.md", 1) in got
    assert ("tag-unknown", "zh-cn/webhooks.md", 7) in got     # in-locale rules still run
    assert not [g for g in got if g[0] == "page-missing"]


def test_an_api_operation_only_a_translation_documents(tmp_path):
    got = run(tmp_path, {"en/i.md": _page(*OPS), "zh-cn/i.md": _page(*OPS, ("/items/purge", "post"))})
    assert got == [("translation-only", "zh-cn/i.md", 23)]   # at the block; not structure-drift too


def test_front_matter_is_not_a_section(tmp_path):
    """`---` / `description: ...` / `---` read without the front-matter plugin is
    a thematic break and a setext heading: one locale with front matter and one
    without then had different section counts for the same heading tree."""
    body = "# Title\n\n## One\n\ntext\n\n## Two\n\ntext\n\n## Three\n\ntext\n"
    got = run(tmp_path, {"en/p.md": "---\ndescription: Learn the API\n---\n\n" + body,
                         "fr/p.md": body.replace("One", "Un")})
    assert not [g for g in got if g[0] == "structure-drift"]
    result = check_paths([str(tmp_path)], Config())
    assert [h.title for h in result.pages[0].headings] == ["Title", "One", "Two", "Three"]


def test_a_page_only_a_translation_has_under_consensus_names_the_anchor(tmp_path):
    root = write_tree(tmp_path, {"da/a.md": "# A\n", "da/b.md": "# B\n", "da/c.md": "# C\n", "da/d.md": "# D\n",
                                 "fr/a.md": "# A\n", "fr/b.md": "# B\n", "fr/seul.md": "# Seul\n"})
    result = check_paths([root], Config())
    only = [f for f in result.findings if f.rule == "translation-only"]
    assert [(f.path.rsplit("/", 2)[-2:], f.line) for f in only] == [(["fr", "seul.md"], 1)]
    assert only[0].message.startswith("a page only fr has: paired with no page of da")
