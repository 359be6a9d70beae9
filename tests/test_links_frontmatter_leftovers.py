"""link-drift, front-matter-broken, front-matter-drift and translation-leftover on
small trees in the shapes real trees have (en/ + fr/ + a third locale)."""

from __future__ import annotations

from checker.config import Config
from checker.engine import check_paths
from tests.helpers import findings, page_of, write_tree

NEW = ("link-drift", "front-matter-broken", "front-matter-drift", "translation-leftover")


def run(tmp_path, files: dict[str, str], rules=NEW) -> list[tuple[str, str, int]]:
    result = check_paths([write_tree(tmp_path, files)], Config())
    root = str(tmp_path) + "/"
    return sorted((f.rule, f.path.replace(root, ""), f.line) for f in result.findings
                  if f.rule in rules)


# ------------------------------------------------------------------ link-drift

EN_LINKS = """---
description: Build your first flow
---

# Quickstart

Read [the installation guide](https://docs.example.com/en/getting-started#installation)
first, and the [API reference](../api-reference/prediction.md#request-body).

{% embed url="https://youtu.be/_K9xJqEgnrU?si=AbCdEf" %}

See the [example repository](https://github.com/FlowiseAI/Flowise/tree/main/packages/Components)
for the nodes.

![The canvas](../.gitbook/assets/canvas.png)

{% file src="../.gitbook/assets/Chatflow.json" %}

{% embed url="https://www.youtube.com/watch?v=XOeCV1xyN48" %}

The [HTTP docs](https://developer.mozilla.org/en-US/docs/Web/HTTP?hl=en).
"""

FR_LINKS = """---
description: Créez votre premier flux
---

# Démarrage rapide

Lisez [le guide d'installation](https://docs.example.com/fr/getting-started#installation-fr)
d'abord, puis la [référence de l'API](../reference-api/prediction.md#corps-de-la-requete).
Voir aussi [Wikipédia](https://fr.wikipedia.org/wiki/Flux).

{% embed url="https://youtu.be/_k9xjqegnru?si=ZyXwVu" %}

Voir le [dépôt d'exemple](https://github.com/flowiseai/flowise/tree/main/packages/components)
pour les nœuds.

![Le canevas](../../.gitbook/assets/canevas-fr.png)

{% file src="../../.gitbook/assets/Chatflow.json" %}

{% embed url="https://www.youtube.com/watch?v=XOeCV1xyN48&t=30" %}

La [doc HTTP](https://developer.mozilla.org/fr/docs/web/http?hl=fr).
"""

JA_LINKS = EN_LINKS.replace("/en/", "/ja/").replace("/en-US/", "/ja/").replace("hl=en", "hl=ja").replace("the installation guide", "インストールガイド") \
    .replace("# Quickstart", "# クイックスタート").replace("#installation", "#インストール")


def test_link_drift_reports_each_case_changed_target_at_its_line(tmp_path):
    found = run(tmp_path, {"en/quickstart.md": EN_LINKS, "fr/quickstart.md": FR_LINKS,
                           "ja/quickstart.md": JA_LINKS}, ("link-drift",))
    # The lower-cased YouTube id (embed) and GitHub path (prose link, the
    # second line of its paragraph is counted right); nothing in ja, nothing
    # for text, anchors, locale segments, `?si=`, `t=`, the extra prose link,
    # the translated slug, the climbed folder or the locale's own screenshot.
    # The MDN link changed case behind its locale segment: still one target.
    assert found == [("link-drift", "fr/quickstart.md", 11),
                     ("link-drift", "fr/quickstart.md", 13),
                     ("link-drift", "fr/quickstart.md", 22)]


def test_link_drift_message_and_related(tmp_path):
    result = check_paths([write_tree(tmp_path, {"en/q.md": EN_LINKS, "fr/q.md": FR_LINKS})], Config())
    embed = next(f for f in result.findings if f.rule == "link-drift" and f.line == 11)
    assert "`https://youtu.be/_k9xjqegnru?si=ZyXwVu`" in embed.message
    assert "only in case" in embed.message and embed.column == 15
    assert [(r.locale, r.line) for r in embed.related] == [("en", 10)]


def test_link_drift_mangled_url_at_the_same_place(tmp_path):
    fr = FR_LINKS.replace("https://youtu.be/_k9xjqegnru", "https：//youtu.be/_K9xJqEgnrU")
    found = run(tmp_path, {"en/q.md": EN_LINKS, "fr/q.md": fr}, ("link-drift",))
    assert ("link-drift", "fr/q.md", 11) in found


def test_link_drift_by_majority_without_a_reference(tmp_path):
    # No en: de and fr agree, ja lower-cased the id: ja alone is reported.
    page = "# Vidéo\n\n{% embed url=\"https://youtu.be/_K9xJqEgnrU\" %}\n"
    found = run(tmp_path, {"de/v.md": page, "fr/v.md": page,
                           "ja/v.md": page.replace("_K9xJqEgnrU", "_k9xjqegnru")}, ("link-drift",))
    assert found == [("link-drift", "ja/v.md", 3)]


def test_links_are_recorded_with_kind_and_line():
    page = page_of("Intro [a](https://x.org/A) and\n<img src=\"b.png\"> [r][ref]\n\n"
                   "[ref]: https://y.org/R\n\n```md\n[not](a link)\n```\n\n{% content-ref url=\"p.md\" %}\n"
                   "[p.md](p.md)\n{% endcontent-ref %}\n")
    assert [(link.kind, link.target, link.line) for link in page.links] == [
        ("link", "https://x.org/A", 1), ("image", "b.png", 2), ("link", "https://y.org/R", 2),
        ("content-ref", "p.md", 10), ("link", "p.md", 11)]


# --------------------------------------------------------- front-matter-broken

def test_front_matter_broken_shapes_at_their_lines():
    shapes = {
        "```yaml\n---\ndescription: Inicio\n---\n```\n\n# Inicio\n": 1,           # fenced as code
        "---\n```yaml\ndescription: Inicio\n```\n---\n\n# Inicio\n": 2,           # fenced inside
        "---\n\ndescription: Inicio\n---\n\n# Inicio\n": 2,                        # blank line
        "---\ndescription: Inicio\n\nlayout:\n  title: {}\n---\n# Inicio\n": 3,    # blank between keys
        "\n\n---\ndescription: Inicio\n---\n\n# Inicio\n": 3,                      # below line 1
        "---\ndescription: Guía: cómo empezar\n---\n\n# Inicio\n": 2,             # not YAML
        "---\ndescription: Inicio\n\n# Inicio\n\nTexto.\n": 1,                     # never closed
    }
    for text, line in shapes.items():
        got = [(f.rule, f.line) for f in findings(text, "front-matter-broken", path="es/p.md")]
        assert got == [("front-matter-broken", line)], text


def test_front_matter_sound_shapes_are_not_broken():
    for text in ("---\ndescription: >-\n  Cómo empezar: instala\nlayout:\n  title:\n    visible: true\n---\n# A\n",
                 "---\ndescription: |\n  Párrafo uno.\n\n  Párrafo dos.\n---\n# A\n",
                 "---\n---\n# Empty front matter\n",
                 "---\n\n# A page that opens with a rule\n\nText.\n",
                 "# No front matter\n\n---\n\nkey: value\n\n---\n",
                 "```yaml\n---\nopenapi: 3.0.0\ninfo: [\n```\n"):
        assert findings(text, "front-matter-broken", path="es/p.md") == [], text


# ---------------------------------------------------------- front-matter-drift

EN_FM = "---\ndescription: Get started\nhidden: false\nlayout:\n  title:\n    visible: false\n---\n\n# Start\n"


def test_front_matter_drift_translated_missing_and_setting(tmp_path):
    files = {
        "en/start.md": EN_FM,
        # Values translated: never drift.
        "fr/start.md": EN_FM.replace("Get started", "Bien démarrer").replace("# Start", "# Démarrer"),
        # `설명` for `description`: at its line.
        "ko/start.md": EN_FM.replace("description: Get started", "설명: 시작하기"),
        # `hidden` dropped: at the front matter; the layout setting changed: at its key.
        "de/start.md": EN_FM.replace("hidden: false\n", "").replace("visible: false", "visible: true"),
        # No front matter at all: once, at line 1.
        "ja/start.md": "# スタート\n",
        # Broken: front-matter-broken's, not drift.
        "es/start.md": "```yaml\n" + EN_FM.split("\n\n")[0] + "\n```\n\n# Inicio\n",
    }
    found = run(tmp_path, files)
    assert found == [("front-matter-broken", "es/start.md", 1),
                     ("front-matter-drift", "de/start.md", 1),
                     ("front-matter-drift", "de/start.md", 3),
                     ("front-matter-drift", "ja/start.md", 1),
                     ("front-matter-drift", "ko/start.md", 2)]


# -------------------------------------------------------- translation-leftover

EN_LO = """# Install

## Setup

Install the CLI:

```bash
pip install flowise
```

See [the guide](https://docs.example.com/guide) and `flowise start`.

```python
class Flow:
    def __init__(self):
        self.prompt = "{{ question }} {{context}}"
```
"""

FR_LO = """# Installer

## Installation

Installez la CLI :

__CODE_BLOCK_0__

Voir [le guide](__PRESERVE_URL_0__) et {{PLACEHOLDER_3}}. [TRANSLATE]

```python
class Flow:
    def __init__(self):
        self.prompt = "{{ question }} {{context}}"
```
<!-- TRANSLATE -->
"""


def test_translation_leftovers_each_at_its_own_line_and_column(tmp_path):
    found = check_paths([write_tree(tmp_path, {"en/i.md": EN_LO, "fr/i.md": FR_LO,
                                               "ja/i.md": EN_LO.replace("# Install", "# インストール")})],
                        Config()).findings
    root = str(tmp_path) + "/"
    mine = [(f.rule, f.path.replace(root, ""), f.line, f.column) for f in found
            if f.locale == "fr" and f.rule in ("translation-leftover", "sample-missing")]
    # One finding per token, at the token; the sample the code-block token
    # stands for is not also reported missing (it was, at line 1, before).
    assert mine == [("translation-leftover", "fr/i.md", 7, 1),
                    ("translation-leftover", "fr/i.md", 9, 17),
                    ("translation-leftover", "fr/i.md", 9, 40),
                    ("translation-leftover", "fr/i.md", 9, 59),
                    ("translation-leftover", "fr/i.md", 16, 1)]
    assert not [f for f in found if f.rule == "translation-leftover" and f.locale != "fr"]


def test_translation_leftover_in_a_tag_and_in_code():
    text = ('{% embed url="__PRESERVE_URL_12__" %}\n\n```bash\ncurl __URL_3__ -H "x: [[CODE_1]]"\n```\n')
    assert [(f.line, f.column) for f in findings(text, "translation-leftover")] == [
        (1, 15), (4, 6), (4, 23)]


def test_translation_leftover_patterns_are_specific():
    text = ("```python\nif __name__ == '__main__':\n    print(__file__, __FILE__, __DIR__)\n```\n\n"
            "Use `{{ PLACEHOLDER }}` or {{ name }} or __dunder__; [translate](x.md) the page.\n"
            "<!-- sampledrift-disable -->\n")
    assert findings(text, "translation-leftover") == []


def test_translation_leftover_is_linear(tmp_path):
    import time

    def took(size: int) -> float:
        text = "# T\n\n" + ("__A" + "_" * size + "\n") + ("{{ " + "A_" * size + "\n") + "[T" * size + "\n"
        start = time.perf_counter()
        findings(text, "translation-leftover")
        return time.perf_counter() - start

    small, large = took(10_000), took(100_000)
    assert large < max(small, 0.001) * 40
