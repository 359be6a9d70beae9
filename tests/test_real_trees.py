"""Shapes met on real translated trees (issue "Right on real trees"): each
test builds a small tree in that shape and asserts rule, file and line, and
the absence of the false findings seen there."""

from __future__ import annotations

from checker.config import Config
from checker.engine import check_paths
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
