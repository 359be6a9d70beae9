"""The value rules carry their repair (`Finding.edits`): the reference's
placeholder or value back in a translation's code, and only there.

Each repair is applied as `sampledrift fix` applies it (checker/cascade.py
`repaired`), the tree checked again: the finding is gone, none is added, and
every line but the edited token is byte-identical (prose above all)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.cascade import repaired
from checker.config import Config
from checker.engine import check_paths
from checker.model import Finding, Result
from checker.resources import demo_docs
from checker.rules import data_value_drift, literal_drift, payload_value_drift, placeholder_translated
from tests.helpers import write_tree
from tests.publish import render_text


def run(root: Path, files: dict[str, str] | None = None) -> Result:
    if files is not None:
        write_tree(root, files)
    return check_paths([str(root)], Config(), use_history=False)


def of_rule(result: Result, rule: str, path: str = "") -> list[Finding]:
    return [f for f in result.findings if f.rule == rule and f.path.endswith(path)]


def key(finding: Finding) -> tuple[str, str, str]:
    return finding.rule, finding.path, finding.fingerprint_key or finding.message


def apply(result: Result, found: list[Finding]) -> dict[str, tuple[list[str], list[str]]]:
    """Every finding's edits made in its file: path -> (lines before, after)."""
    changed: dict[str, tuple[list[str], list[str]]] = {}
    for path in sorted({f.path for f in found}):
        page = next(p for p in result.pages if p.path == path)
        edits = tuple(dict.fromkeys(e for f in found if f.path == path for e in f.edits))
        after = repaired(page.lines, edits)
        Path(page.file.fs_path).write_text("\n".join(after), encoding="utf-8")
        changed[path] = (page.lines, after)
    return changed


def fixed(tmp_path: Path, files: dict[str, str], rule: str,
          path: str = "fr/") -> tuple[Result, dict[str, tuple[list[str], list[str]]]]:
    """Check, make every `rule` finding's repair on `path`, check again: the
    findings are gone, nothing is added. The result after, and what changed."""
    before = run(tmp_path, files)
    found = [f for f in of_rule(before, rule) if path in f.path]
    assert found and all(f.edits for f in found), [(f.message, f.edits) for f in found]
    changed = apply(before, found)
    after = run(tmp_path)
    assert not {key(f) for f in found} & {key(f) for f in after.findings}
    assert {key(f) for f in after.findings} <= {key(f) for f in before.findings}, \
        [f.message for f in after.findings if key(f) not in {key(g) for g in before.findings}]
    code = {n for p in before.pages for fence in p.fences for n in range(fence.line, fence.end_line + 1)}
    for lines, new in changed.values():
        assert len(lines) == len(new)
        assert all(a == b for n, (a, b) in enumerate(zip(lines, new, strict=True), 1) if n not in code)
    return after, changed


def edited(changed: dict[str, tuple[list[str], list[str]]]) -> list[tuple[str, str]]:
    return [(a, b) for lines, new in changed.values() for a, b in zip(lines, new, strict=True) if a != b]


CURL_EN = """## Refresh

Replace `YOUR_TOKEN` with your token.

```bash
curl -X POST https://api.example.com/refresh \\
  -H "Authorization: Bearer YOUR_TOKEN" \\
  --json '{"token": "YOUR_REFRESH_TOKEN", "mode": "full"}'
```
"""


def test_a_translated_placeholder_in_a_header_and_a_body_becomes_the_references(tmp_path):
    fr = (CURL_EN.replace("## Refresh", "## Rafraîchir")
          .replace("Replace `YOUR_TOKEN` with your token.", "Remplacez `VOTRE_JETON` par votre jeton.")
          .replace("Bearer YOUR_TOKEN", "Bearer VOTRE_JETON")
          .replace('"YOUR_REFRESH_TOKEN"', '"VOTRE_JETON_DE_RAFRAICHISSEMENT"'))
    after, changed = fixed(tmp_path, {"en/t.md": CURL_EN, "fr/t.md": fr}, placeholder_translated.ID)
    assert edited(changed) == [
        ('  -H "Authorization: Bearer VOTRE_JETON" \\', '  -H "Authorization: Bearer YOUR_TOKEN" \\'),
        ("""  --json '{"token": "VOTRE_JETON_DE_RAFRAICHISSEMENT", "mode": "full"}'""",
         """  --json '{"token": "YOUR_REFRESH_TOKEN", "mode": "full"}'"""),
    ]
    # The prose mention is the translator's: never changed.
    assert "Remplacez `VOTRE_JETON` par votre jeton." in (tmp_path / "fr/t.md").read_text(encoding="utf-8")
    assert not of_rule(after, placeholder_translated.ID)


PY_EN = """## Client

```python
from acme import Client

client = Client(api_key="YOUR_API_KEY")
backup = Client(api_key="YOUR_API_KEY", region="eu")
```
"""


def test_a_placeholder_in_code_no_request_reads_is_restored_on_every_line_it_recurs(tmp_path):
    fr = PY_EN.replace("## Client", "## Le client").replace("YOUR_API_KEY", "VOTRE_CLE_API")
    _, changed = fixed(tmp_path, {"en/c.md": PY_EN, "fr/c.md": fr}, placeholder_translated.ID)
    assert edited(changed) == [
        ('client = Client(api_key="VOTRE_CLE_API")', 'client = Client(api_key="YOUR_API_KEY")'),
        ('backup = Client(api_key="VOTRE_CLE_API", region="eu")',
         'backup = Client(api_key="YOUR_API_KEY", region="eu")'),
    ]


def test_a_translated_literal_becomes_the_references_inside_its_own_quotes(tmp_path):
    en = literal_drift.FAIL["en/users.md"]
    fr = literal_drift.FAIL["fr/users.md"].replace('role="administrateur"', "role='administrateur'")
    _, changed = fixed(tmp_path, {"en/users.md": en, "fr/users.md": fr}, literal_drift.ID)
    assert edited(changed) == [("user = client.users.create(role='administrateur')",
                                "user = client.users.create(role='admin')")]


def test_a_translated_body_value_becomes_the_references(tmp_path):
    files = {name.replace("de/", "fr/"): text for name, text in payload_value_drift.FAIL.items()}
    _, changed = fixed(tmp_path, files, payload_value_drift.ID)
    assert edited(changed) == [
        ("""  --json '{"status": "indiziert", "token": "YOUR_TOKEN"}'""",
         """  --json '{"status": "indexed", "token": "YOUR_TOKEN"}'""")]


def test_a_translated_query_value_becomes_the_references(tmp_path):
    en = "## Search\n\n```bash\ncurl 'https://api.example.com/search?status=indexed&n=5'\n```\n"
    fr = en.replace("## Search", "## Recherche").replace("status=indexed", "status=indexe")
    _, changed = fixed(tmp_path, {"en/s.md": en, "fr/s.md": fr}, payload_value_drift.ID)
    assert edited(changed) == [("curl 'https://api.example.com/search?status=indexe&n=5'",
                                "curl 'https://api.example.com/search?status=indexed&n=5'")]


def test_a_translated_data_value_becomes_the_references_quoted_or_not(tmp_path):
    files = {name.replace("de/", "fr/"): text for name, text in data_value_drift.FAIL.items()}
    _, changed = fixed(tmp_path, files, data_value_drift.ID)
    assert edited(changed) == [('  "status": "indiziert",', '  "status": "indexed",')]
    en = "## Setup\n\n```yaml\nservices:\n  db:\n    image: postgres:16\n    restart: always\n```\n"
    fr = en.replace("## Setup", "## Installation").replace("restart: always", "restart: toujours")
    _, changed = fixed(tmp_path / "yaml", {"en/s.md": en, "fr/s.md": fr}, data_value_drift.ID)
    assert edited(changed) == [("    restart: toujours", "    restart: always")]


def test_free_text_and_values_that_need_escaping_carry_no_repair(tmp_path):
    en = ("## Ask\n\n```bash\ncurl https://api.example.com/ask --json "
          "'{\"query\": \"What is the price?\", \"mode\": \"fast\"}'\n```\n")
    fr = en.replace("## Ask", "## Demander").replace("What is the price?", "Quel est le prix ?")
    result = run(tmp_path / "free", {"en/a.md": en, "fr/a.md": fr})
    found = of_rule(result, payload_value_drift.ID, "fr/a.md")
    assert found and not any(f.edits for f in found)
    en = '## Create\n\n```python\nuser = client.users.create(role="admin\\"s")\n```\n'
    fr = en.replace("## Create", "## Créer").replace('admin\\"s', "administrateur")
    result = run(tmp_path / "escape", {"en/u.md": en, "fr/u.md": fr})
    found = of_rule(result, literal_drift.ID, "fr/u.md")
    assert found and not any(f.edits for f in found)


def test_a_page_paired_by_likeness_carries_no_repair(tmp_path):
    files = {"en/auth.md": CURL_EN,
             "fr/connexion.md": CURL_EN.replace("## Refresh", "## Rafraîchir").replace(
                 "Bearer YOUR_TOKEN", "Bearer VOTRE_JETON")}
    result = run(tmp_path, files)
    assert any("alike" in how for s in result.page_sets for how in s.how.values())
    found = of_rule(result, placeholder_translated.ID, "fr/connexion.md")
    assert found and not any(f.edits for f in found)


def test_with_no_majority_no_locale_is_repaired(tmp_path):
    de = literal_drift.FAIL["fr/users.md"].replace("administrateur", "Verwalter")
    files = {"fr/users.md": literal_drift.FAIL["fr/users.md"], "de/users.md": de}
    result = run(tmp_path, files)
    found = of_rule(result, literal_drift.ID)
    assert found and all("no majority" in f.message for f in found)
    assert not any(f.edits for f in found)


def test_a_published_rendering_carries_no_repair(tmp_path):
    fr = CURL_EN.replace("## Refresh", "## Rafraîchir").replace("Bearer YOUR_TOKEN", "Bearer VOTRE_JETON")
    result = run(tmp_path, {"en/t.md": CURL_EN, "fr/t.txt": render_text(fr)})
    found = of_rule(result, placeholder_translated.ID, "fr/t.txt")
    assert found and not any(f.edits for f in found)


@pytest.mark.parametrize("rule", [placeholder_translated, literal_drift, payload_value_drift, data_value_drift])
def test_each_value_rule_says_it_can_fix(rule):
    assert rule.FIXABLE is True and rule.ROOT_CAUSE is False and "Fix:" in (rule.__doc__ or "")


def test_the_demo_source_pages_lose_their_translated_placeholders(tmp_path):
    """Issue 16's done-when: the VOTRE_ placeholders of the demo's French
    source page are repaired; the Danish ones stand in published renderings,
    which are never written, and stay reported."""
    root = tmp_path / "demo"
    for source in demo_docs().rglob("*"):
        if source.is_file():
            target = root / source.relative_to(demo_docs())
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    before = run(root)
    found = of_rule(before, placeholder_translated.ID)
    source = [f for f in found if f.path.endswith("fr/api-docs/authentication.md")]
    assert len(source) == 2 and all(f.edits for f in source)
    assert all(not f.edits for f in found if f not in source)
    changed = apply(before, source)
    assert [b for a, b in edited(changed)] == ['  -b "refresh_token=YOUR_REFRESH_TOKEN"',
                                               '        "refresh_token": "YOUR_REFRESH_TOKEN"']
    left = of_rule(run(root), placeholder_translated.ID)
    assert [f.path.rsplit("demo/", 1)[-1] for f in left] == ["published-text/da/api-docs/authentication.txt"] * 2
    assert not any("VOTRE_" in f.message for f in left)


def test_a_reference_the_translations_all_disagree_with_is_not_restored(tmp_path):
    """Dify's iteration page: en writes `"/n".join(data)`, ja and zh `"\\n"`;
    the reference is the odd one out, so no repair is certain."""
    en = '## Join\n\n```python\ndef main(data):\n    return {"result": "/n".join(data)}\n```\n'
    ja = en.replace("## Join", "## 結合").replace('"/n"', '"\\n"')
    zh = en.replace("## Join", "## 连接").replace('"/n"', '"\\n"')
    result = run(tmp_path, {"en/i.md": en, "ja/i.md": ja, "zh/i.md": zh})
    found = of_rule(result, literal_drift.ID)
    assert len(found) == 2 and not any(f.edits for f in found)


def test_a_literal_written_unquoted_is_restored_as_a_whole_word(tmp_path):
    en = "## Build\n\n```dockerfile\nFROM node:20-alpine\nRUN npm install\n```\n"
    fr = en.replace("## Build", "## Construire").replace("node:20-alpine", "node:18-alpine")
    _, changed = fixed(tmp_path, {"en/d.md": en, "fr/d.md": fr}, literal_drift.ID)
    assert edited(changed) == [("FROM node:18-alpine", "FROM node:20-alpine")]


def test_fix_says_why_it_leaves_a_page_paired_by_likeness(tmp_path, capsys):
    from tests.test_cli import run as cli

    write_tree(tmp_path, {"en/auth.md": CURL_EN,
                          "fr/connexion.md": CURL_EN.replace("## Refresh", "## Rafraîchir").replace(
                              "Bearer YOUR_TOKEN", "Bearer VOTRE_JETON")})
    code, out, err = cli(capsys, "fix", str(tmp_path))
    assert (code, out) == (0, "")
    assert (f"{tmp_path}/fr/connexion.md:" in err and "placeholder-translated not fixed: its page was "
            "paired by likeness (same" in err and "a fix would be a guess" in err), err
    assert err.endswith("Would fix 0 findings in 0 files (1 not fixed).\n")
