"""Data blocks across locales: JSON, YAML, TOML and .env compared as data.

Each drift is planted in the German copy of an English page that holds one
block of every kind; each is reported once, by its rule, at its line. What a
translator may change (comments, key order, indentation, free text, a
placeholder's spelling) gives nothing.
"""

from __future__ import annotations

import pytest

from checker import datablocks
from checker.config import Config
from checker.engine import check_paths
from tests.helpers import write_tree

EN = """\
# Quickstart

## Configure

Put your keys in `.env`:

```env
# from the dashboard
ACME_PUBLISHABLE_KEY=pk_test_51Hx
ACME_REGION=eu-west-1
ACME_SECRET=YOUR_SECRET_KEY
```

## Run

```yaml
services:
  db:
    image: postgres:15   # the database
    environment:
      POSTGRES_PASSWORD: <password>
  web:
    image: acme/web:2.1
    ports:
      - "8080:80"
```

```toml
[server]
port = 8080
mode = "strict"
```

## Response

```json
{
  // what the call returns
  "id": "YOUR_DOCUMENT_ID",
  "status": "indexed",
  "message": "Document created",
  "title": "Report",
  "count": 3,
  "chunks": [...],
  "owner": {"name": "Ada", "role": "admin"}
}
```
"""

# The translation as a translator should write it: prose, comments and free
# text translated, keys reordered and reindented, a placeholder respelled.
DE = """\
# Schnellstart

## Konfigurieren

Legen Sie Ihre Schlüssel in `.env` ab:

```env
# aus dem Dashboard
ACME_PUBLISHABLE_KEY=pk_test_51Hx

ACME_REGION=eu-west-1
ACME_SECRET=IHR_GEHEIMER_SCHLUESSEL
```

## Ausführen

```yaml
services:
    web:
        ports: ["8080:80"]
        image: acme/web:2.1
    db:
        environment:
            POSTGRES_PASSWORD: <passwort>
        image: 'postgres:15'   # die Datenbank
```

```toml
[server]
mode = 'strict'  # streng
port = 8080
```

## Antwort

```json
{
  /* was der Aufruf liefert */
  "status": "indexed",
  "id": "<document-id>",
  "message": "Dokument erstellt",
  "title": "Bericht",
  "count": 3,
  "chunks": [{"text": "..."}],
  "owner": {"role": "admin", "name": "Ada"},
}
```
"""

PAGE = "de/quickstart.md"


def found(tmp_path, de: str, en: str = EN) -> list[tuple[str, str, int]]:
    root = write_tree(tmp_path, {"en/quickstart.md": en, PAGE: de})
    result = check_paths([root], Config())
    return sorted((f.rule, f.path.split(str(tmp_path) + "/")[-1], f.line) for f in result.findings
                  if f.rule.startswith("data-"))


def plant(old: str, new: str) -> tuple[str, int]:
    """DE with `old` (once in it) replaced; and the line where it now stands."""
    assert DE.count(old) == 1, old
    at = DE.index(old)
    return DE.replace(old, new), DE.count("\n", 0, at) + 1


def test_what_a_translator_may_change_gives_nothing(tmp_path):
    assert found(tmp_path, DE) == []


PLANTED = [
    ("env key renamed", "data-drift", "ACME_PUBLISHABLE_KEY=pk", "ACME_API_KEY=pk"),
    ("env value changed", "data-value-drift", "ACME_REGION=eu-west-1", "ACME_REGION=us-east-1"),
    ("compose image tag changed", "data-value-drift", "'postgres:15'", "'postgres:16'"),
    ("response enum value translated", "data-value-drift", '"status": "indexed"', '"status": "indiziert"'),
    ("value type changed", "data-drift", '"count": 3', '"count": "3"'),
    ("toml value changed", "data-value-drift", "mode = 'strict'", "mode = 'lax'"),
    ("response key renamed", "data-drift", '"count": 3', '"anzahl": 3'),
]


@pytest.mark.parametrize(("what", "rule", "old", "new"), PLANTED, ids=[p[0] for p in PLANTED])
def test_planted_drift_is_one_finding_at_its_line(tmp_path, what, rule, old, new):
    de, line = plant(old, new)
    assert found(tmp_path, de) == [(rule, PAGE, line)]


def test_a_dropped_response_key_is_reported_where_it_goes_back(tmp_path):
    de, line = plant('  "message": "Dokument erstellt",\n', "")
    # after the last of the keys English has before it (`status`, `id`: the line above)
    assert found(tmp_path, de) == [("data-drift", PAGE, line - 1)]


def test_a_dropped_compose_key_names_it(tmp_path):
    de, _ = plant("        ports: [\"8080:80\"]\n", "")
    root = write_tree(tmp_path, {"en/quickstart.md": EN, PAGE: de})
    messages = [f.message for f in check_paths([root], Config()).findings if f.rule == "data-drift"]
    assert len(messages) == 1 and "drops key `services.web.ports`" in messages[0]


def test_a_block_broken_in_one_locale_is_reported_where_it_breaks(tmp_path):
    de, line = plant('  "count": 3,\n', '  "count": 3\n')
    # the parser stops at the next key, one line below the missing comma
    assert found(tmp_path, de) == [("data-drift", PAGE, line + 1)]


def test_a_block_broken_in_every_locale_is_not_compared(tmp_path):
    en = EN.replace('  "count": 3,\n', '  "count": 3\n')
    de = DE.replace('  "count": 3,\n', '  "count": 3\n').replace('"indexed"', '"indiziert"')
    assert found(tmp_path, de, en) == []


def test_a_renamed_key_with_its_value_changed_is_still_one_finding(tmp_path):
    de, line = plant("ACME_REGION=eu-west-1", "ACME_ZONE=us-east-1")
    assert found(tmp_path, de) == [("data-drift", PAGE, line)]


def test_the_message_names_key_values_and_lines(tmp_path):
    de, _ = plant("'postgres:15'", "'postgres:16'")
    root = write_tree(tmp_path, {"en/quickstart.md": EN, PAGE: de})
    [finding] = [f for f in check_paths([root], Config()).findings if f.rule == "data-value-drift"]
    assert "`services.db.image`" in finding.message
    assert '"postgres:16" in de' in finding.message and '"postgres:15" in en (line 19)' in finding.message
    assert [(r.path.split(str(tmp_path) + "/")[-1], r.line) for r in finding.related] == [
        ("en/quickstart.md", 19)]


# ---------------------------------------------------------------- reading


def test_json_as_docs_write_it_reads():
    data = datablocks.read("json", '{\n  // c\n  "a": [1, 2,],\n  "b": ...,\n  ...\n  "c": {"d": <id>}\n}')
    assert data.error is None
    assert {datablocks.show(p): (e.kind, e.line) for p, e in data.entries.items()
            if datablocks.OPEN_KEY not in p} == {
        "(the whole block)": ("object", 1), "a": ("array", 3), "a[0]": ("number", 3),
        "a[1]": ("number", 3), "b": ("elided", 4), "c": ("object", 6), "c.d": ("string", 6)}


def test_a_yaml_alias_bomb_and_deep_nesting_stop_with_an_error():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8))
    assert "more than" in (datablocks.read("yaml", bomb).error or "")
    assert "levels deep" in (datablocks.read("yaml", "[" * 3000 + "]" * 3000).error or "")
    assert "levels deep" in (datablocks.read("json", "[" * 3000 + "]" * 3000).error or "")


def test_lines_of_each_format():
    toml = datablocks.read("toml", "[server]\nport = 1\n[[bin]]\nname = 'a'\n[[bin]]\nname = 'b'\n")
    assert {datablocks.show(p): e.line for p, e in toml.entries.items()} == {
        "(the whole block)": 1, "server": 1, "server.port": 2, "bin": 3, "bin[0]": 3,
        "bin[0].name": 4, "bin[1]": 5, "bin[1].name": 6}
    env = datablocks.read("dotenv", "# c\nexport A=1 # note\nB=\"x\ny\"\nC='z # w'\n")
    assert {datablocks.show(p): (e.value, e.line) for p, e in env.entries.items()} == {
        "A": ("1", 2), "B": ("x\ny", 3), "C": ("z # w", 5)}
    assert datablocks.read("dotenv", "A=1\nnpm run dev\n").error_line == 2
    assert datablocks.read("toml", "a = 1\nb = \n").error_line == 2


def test_an_unlabelled_block_is_data_only_when_it_is_json():
    assert datablocks.format_of("", '{"a": 1}') == "json"
    assert datablocks.format_of("", "[1, 2]") == "json"
    assert datablocks.format_of("", "[section]\nkey = 1") is None
    assert datablocks.format_of("", "a: 1") is None


def test_an_item_added_at_the_head_of_a_list_is_one_finding(tmp_path):
    """List items are compared as the items they are, not by index: an entry
    added at the head of a list is one data-drift at it, not every item after."""
    from checker.config import load_config
    from checker.engine import check_paths
    from checker.rules import BY_ID
    from tests.helpers import write_tree

    items = ("  - model_name: gpt-4\n    litellm_params:\n      model: azure/chatgpt-v-2\n"
             "      api_version: \"2023-05-15\"\n  - model_name: gpt-4\n    litellm_params:\n"
             "      model: azure/gpt-4\n")
    head = "  - model_name: deepseek-chat\n    litellm_params:\n      model: openai/deepseek-chat\n"
    root = write_tree(tmp_path, {
        "en/c.md": f"## Config\n\n```yaml\nmodel_list:\n{items}```\n",
        "fr/c.md": f"## Configuration\n\n```yaml\nmodel_list:\n{head}{items}```\n",
    })
    result = check_paths([root], load_config(None, set(BY_ID)), use_history=False)
    found = [(f.rule, f.path.split(root + "/", 1)[-1], f.line) for f in result.findings]
    assert found == [("data-drift", "fr/c.md", 5)]
    assert "model_list[0]" in result.findings[0].message


def test_a_response_example_is_compared_as_data_whatever_its_fence_says(tmp_path):
    """A response body under its status line, in a `bash` fence (as Dify writes
    them): a translated enum value is found at its line."""
    from checker.config import load_config
    from checker.engine import check_paths
    from checker.rules import BY_ID
    from tests.helpers import write_tree

    page = ("## Create\n\n```bash\ncurl -X POST https://api.example.com/v1/documents \\\n"
            "  -H 'Authorization: Bearer YOUR_KEY'\n```\n\nResponse:\n\n```bash\nHTTP/1.1 201 Created\n"
            "Content-Type: application/json\n\n{\n  \"id\": \"doc_1\",\n  \"status\": \"STATUS\"\n}\n```\n")
    root = write_tree(tmp_path, {"en/d.md": page.replace("STATUS", "indexed"),
                                 "de/d.md": page.replace("## Create", "## Erstellen")
                                 .replace("Response:", "Antwort:").replace("STATUS", "indiziert")})
    result = check_paths([root], load_config(None, set(BY_ID)), use_history=False)
    found = [(f.rule, f.path.split(root + "/", 1)[-1], f.line) for f in result.findings]
    assert found == [("data-value-drift", "de/d.md", 16)]   # the "status" line
