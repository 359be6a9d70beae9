"""Issue 11's tree: one GitBook source page rendered to published text the
way the site shows it (tab panels run together, OpenAPI widgets rendered,
indentation lost), in five locales under translated slugs with no
SUMMARY.md. Every page pairs, every sample yields its request, and each
planted drift is reported at its line in the published file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.cli import main
from checker.config import Config
from checker.engine import check_paths
from tests.helpers import write_tree
from tests.publish import render_text

SOURCE = """\
# Users

Manage the users of your workspace.

## Create a user

{% openapi src="./users.yaml" path="/v1/users" method="post" %}
[users.yaml](./users.yaml)
{% endopenapi %}

{% tabs %}
{% tab title="cURL" %}
```bash
curl -X POST https://api.example.com/v1/users \\
  -H "Authorization: Bearer YOUR_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"name": "Ada", "role": "admin"}'
```
{% endtab %}
{% tab title="JavaScript" %}
```javascript
const response = await fetch("https://api.example.com/v1/users", {
  method: "POST",
  headers: {
    Authorization: "Bearer YOUR_API_KEY",
    "Content-Type": "application/json",
  },
  body: JSON.stringify({ name: "Ada", role: "admin" }),
});
if (response.status === 201) {
  console.log("created");
}
```
{% endtab %}
{% tab title="Python" %}
```python
import requests

def create_user():
    response = requests.post(
        "https://api.example.com/v1/users",
        headers={"Authorization": "Bearer YOUR_API_KEY"},
        json={"name": "Ada", "role": "admin"},
    )
    if response.status_code == 201:
        print("created")
    return response.json()

create_user()
```
{% endtab %}
{% endtabs %}

## List users

```bash
curl https://api.example.com/v1/users?limit=10 \\
  -H "Authorization: Bearer YOUR_API_KEY"
```
"""

SLUGS = {"en": "users", "fr": "utilisateurs", "de": "benutzer", "ja": "yuza", "es": "usuarios"}
# What a translator changed, per locale: (old, new, the line the finding
# belongs to (its first line holding this text), rule). A header that is
# gone is reported at the command that lost it.
PLANTED = {
    "fr": ('"Bearer YOUR_API_KEY",\n', '"Bearer VOTRE_CLE_API",\n', "VOTRE_CLE_API",
           "placeholder-translated"),
    "de": ('"name": "Ada", "role": "admin"', '"name": "Ada", "role": "Verwalter"', "Verwalter",
           "payload-value-drift"),
    "ja": ('  -H "Content-Type: application/json" \\\n', "", "curl -X POST", "header-drift"),
    "es": ("response.status === 201", "response.status === 200", "=== 200", "status-drift"),
}


def _published_tree(tmp_path: Path, blank_lines: bool = True) -> tuple[str, dict[str, int]]:
    """The rendered tree, and the published line of each planted change."""
    files, lines = {}, {}
    for locale, slug in SLUGS.items():
        source = SOURCE
        planted = PLANTED.get(locale)
        if planted:
            old, new, _, _ = planted
            assert old in source
            source = source.replace(old, new, 1)
        text = render_text(source, blank_lines=blank_lines)
        if planted:
            lines[locale] = next(i for i, line in enumerate(text.split("\n"), 1) if planted[2] in line)
        files[f"{locale}/api/{slug}.txt"] = text
    return write_tree(tmp_path, files), lines


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    with pytest.raises(SystemExit):
        main(list(args))
    return json.loads(capsys.readouterr().out)


FORMS = pytest.mark.parametrize("blank_lines", [True, False], ids=["site-text", "text-dump"])


@FORMS
def test_every_page_pairs_and_every_sample_yields_its_request(tmp_path, capsys, blank_lines):
    root, _ = _published_tree(tmp_path, blank_lines)
    report = _run(capsys, "check", root, "--format", "json", "--reference-locale", "en")
    [page] = report["pairing"]["pages"]
    assert sorted(page["locales"]) == sorted(SLUGS)
    samples = _run(capsys, "extract", root, "--format", "json")["samples"]
    assert len(samples) == 4 * len(SLUGS)   # three tabs and the list call, the widget aside
    assert all(entry["request"] for entry in samples), [e for e in samples if not e["request"]]


@FORMS
def test_each_planted_drift_is_reported_at_its_line_in_the_published_file(tmp_path, capsys, blank_lines):
    root, lines = _published_tree(tmp_path, blank_lines)
    report = _run(capsys, "check", root, "--format", "json", "--reference-locale", "en")
    found = {(f["path"].split("/")[-3], f["rule"], f["line"]) for f in report["findings"]}
    for locale, (_, _, _, rule) in PLANTED.items():
        assert (locale, rule, lines[locale]) in found, (locale, rule, lines[locale], sorted(found))
    assert {f["rule"] for f in report["findings"]} == {rule for *_, rule in PLANTED.values()}


INSTALL = """\
# Install

Install the command-line tool, then start the server.

```bash
npm install -g @acme/cli@2.1.0
npx acme login --token YOUR_TOKEN
docker run -d -p 3000:3000 acme/server:2.1.0
```
"""


def test_pages_that_call_nothing_pair_by_their_code_lines(tmp_path, capsys):
    files = {"en/guides/install.txt": render_text(INSTALL, blank_lines=True),
             "fr/guides/installation.txt": render_text(
                 INSTALL.replace("Install the command-line tool, then start the server.",
                                 "Installez l'outil en ligne de commande, puis lancez le serveur."),
                 blank_lines=True),
             "fr/guides/autre.txt": render_text("# Autre\n\n```bash\nls -la\npwd\nwhoami\n```\n",
                                                blank_lines=True)}
    root = write_tree(tmp_path, files)
    report = _run(capsys, "check", root, "--format", "json", "--reference-locale", "en")
    pages = {page["page"]: page["locales"] for page in report["pairing"]["pages"]}
    assert pages["guides/install"]["fr"]["paths"] == [f"{root}/fr/guides/installation.txt"]
    assert pages["guides/install"]["fr"]["how"].startswith("same code lines")
    assert "en" not in pages["guides/autre"]


def test_a_page_saved_in_two_pieces_is_one_page(tmp_path):
    """Two files of one locale that give the same address are one page: the
    second piece's samples are compared too, and it is no page of its own."""
    from checker.config import load_config
    from checker.engine import check_paths
    from checker.rules import BY_ID
    from tests.helpers import write_tree

    first = ("curl -X GET https://api.example.com/v1/items \\\n"
             "  -H \"Authorization: Bearer YOUR_TOKEN\"\n")
    second = ("curl -X POST https://api.example.com/v1/items \\\n"
              "  -H \"Authorization: Bearer YOUR_TOKEN\" \\\n  -d '{\"name\": \"Widget\"}'\n")
    en = f"URL: https://docs.example.com/items\n\nItems\n\nList\n\n{first}\nCreate\n\n{second}"
    root = write_tree(tmp_path, {
        "en/items.txt": en,
        "fr/articles-1.txt": f"URL: https://docs.example.com/fr/articles\n\nArticles\n\nLister\n\n{first}",
        "fr/articles-2.txt": "URL: https://docs.example.com/fr/articles/\n\nCréer\n\n"
                             + second.replace('"name"', '"nom"'),
    })
    result = check_paths([root], load_config(None, set(BY_ID)))
    found = sorted((f.rule, f.path.split(root + "/", 1)[-1]) for f in result.findings)
    assert found == [("payload-drift", "fr/articles-2.txt")]
    [page_set] = result.page_sets
    assert sorted(p.path.split(root + "/", 1)[-1] for p in page_set.pages["fr"]) == [
        "fr/articles-1.txt", "fr/articles-2.txt"]


# A page whose blocks a published page cannot be expected to give back as
# they were: an unlabelled file tree, a config labelled with the wrong
# language, an object literal with no statement around it.
UNSURE = """\
# Deploy

The files:

```
flow
├── main.tf
└── variables.tf
```

Configure the server:

```yaml
// main.tf
resource "azurerm_subnet" "webappsubnet" {
  name = "webappsubnet"
}
```

Each document is:

```javascript
{
  pageContent: 'Document Content',
  metadata: { title: 'Document Title' }
}
```

Call the API:

```bash
curl -X POST https://api.example.com/v1/deploy -H "Authorization: Bearer YOUR_API_KEY"
```
"""


def test_blocks_a_published_page_cannot_give_back_are_not_missing_but_calls_are(tmp_path):
    # Compared with its source, a page's own rendering has nothing missing.
    # What is not an API call is not reported missing or extra across a
    # rendering; a lost call still is.
    def found(name: str, published: str) -> list[tuple[str, str]]:
        root = write_tree(tmp_path / name, {"en/deploy.md": UNSURE, "fr/deploy.txt": published})
        return [(f.rule, f.path.split(root + "/")[-1]) for f in check_paths([root], Config()).findings]

    assert found("whole", render_text(UNSURE)) == []
    lost = render_text(UNSURE.replace("Call the API:", "").split("```bash")[0])
    assert found("lost", lost) == [("sample-missing", "fr/deploy.txt")]
