"""False findings real trees showed, each class rebuilt as a small tree:
samples of different operations compared, prose taken as a placeholder, and
nested body values reported one line early. Each test asserts both the
absence of the false finding and, where the shape still holds a real
mistake, that it is reported at its rule, file and line."""

from __future__ import annotations

import pytest

from checker.config import Config
from checker.engine import check_paths
from tests.helpers import page_of, write_tree

DISAGREE = "sample-disagreement"


def run(tmp_path, files: dict[str, str]) -> list[tuple[str, str, int]]:
    result = check_paths([write_tree(tmp_path, files)], Config())
    return [(f.rule, f.path.split(str(tmp_path) + "/")[-1], f.line) for f in result.findings]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


def rules(found: list[tuple[str, str, int]], *ids: str) -> list[tuple[str, str, int]]:
    return [f for f in found if f[0] in ids]


# ------------------------------------------------ 1. one operation, one example

UPLOAD = """\
# Articles

## Update an article

```bash
curl -X PATCH https://api.example.com/v1/articles/{id} \\
  -H "Authorization: Bearer YOUR_TOKEN" \\
  -H "Content-Type: application/json" \\
  -d '{"image": "uploads/cover.jpg", "caption": "A cover"}'
```

Upload the image first, then attach it:

```javascript
async function attachImage(file, id) {
  const presigned = await getUploadUrl(file.name);
  await fetch(presigned.url, {
    method: 'PUT',
    headers: {'Content-Type': file.type},
    body: file,
  });
  const body = {image: presigned.key};
  if (file.caption) body.caption = file.caption;
  await fetch(`https://api.example.com/v1/articles/${id}`, {
    method: 'PATCH',
    headers: {'Authorization': 'Bearer YOUR_TOKEN', 'Content-Type': 'application/json'},
    body: JSON.stringify(body),
  });
}
```
"""


def test_a_presigned_upload_is_not_compared_with_the_patch(tmp_path):
    assert rules(run(tmp_path / "both", {"en/articles.md": UPLOAD}), DISAGREE) == []
    # A helper that only uploads calls another operation: nothing to compare.
    upload_only = UPLOAD[:UPLOAD.index("  const body = {image")] + "}\n```\n"
    assert rules(run(tmp_path / "upload", {"en/articles.md": upload_only}), DISAGREE) == []


def test_the_patch_of_the_helper_is_still_compared(tmp_path):
    # The helper's PATCH is the cURL's operation: a key it lacks is reported.
    text = UPLOAD.replace('"caption": "A cover"}', '"caption": "A cover", "alt": "Cover"}')
    found = rules(run(tmp_path, {"en/articles.md": text}), DISAGREE)
    assert found == [(DISAGREE, "en/articles.md", line_of(text, "const body = {image"))]


def test_a_key_set_under_an_if_is_optional(tmp_path):
    # The cURL leaves the caption out; the helper sends it only when it has one.
    text = UPLOAD.replace(', "caption": "A cover"}', "}")
    assert rules(run(tmp_path / "js", {"en/articles.md": text}), DISAGREE) == []
    always = text.replace("if (file.caption) body.caption", "body.caption")
    found = rules(run(tmp_path / "always", {"en/articles.md": always}), DISAGREE)
    assert found == [(DISAGREE, "en/articles.md", line_of(always, "body.caption ="))]


def test_a_key_set_under_an_if_is_optional_in_python_too(tmp_path):
    text = """\
## Update an article

```bash
curl -X PATCH https://api.example.com/v1/articles/42 \\
  -H "Content-Type: application/json" \\
  -d '{"image": "uploads/cover.jpg"}'
```

```python
import requests

data = {"image": "uploads/cover.jpg"}
if caption:
    data["caption"] = caption
requests.patch("https://api.example.com/v1/articles/42", json=data)
```
"""
    assert rules(run(tmp_path, {"en/a.md": text}), DISAGREE) == []


SUB_HEADINGS = """\
## Articles

### Create an article

```bash
curl -X POST https://api.example.com/v1/articles \\
  -H "Content-Type: application/json" \\
  -d '{"title": "Hello"}'
```

### Create an article with tags

```javascript
fetch('https://api.example.com/v1/articles', {
  method: 'POST',
  headers: {'Content-Type': 'application/json'},
  body: JSON.stringify({title: 'Hello', tags: ['news']}),
});
```

### List articles

```python
import requests
requests.get("https://api.example.com/v1/articles", params={"limit": 10})
```
"""


def test_samples_under_different_sub_headings_are_different_examples(tmp_path):
    assert rules(run(tmp_path, {"en/a.md": SUB_HEADINGS}), DISAGREE) == []


def test_samples_under_one_sub_heading_are_still_compared(tmp_path):
    text = SUB_HEADINGS.replace("### Create an article with tags\n", "")
    found = rules(run(tmp_path, {"en/a.md": text}), DISAGREE)
    assert found == [(DISAGREE, "en/a.md", line_of(text, "tags: ['news']"))]


TABBED_UPLOAD = """\
## Upload a file

{% tabs %}
{% tab title="cURL" %}
```bash
curl -X PUT "https://uploads.example.com/bucket/photo.jpg" \\
  -H "Content-Type: image/jpeg" \\
  --data-binary @photo.jpg
```
{% endtab %}
{% tab title="JavaScript" %}
```javascript
await fetch(presigned.url, {
  method: 'PUT',
  headers: {'Content-Type': file.type},
  body: file,
});
```
{% endtab %}
{% endtabs %}
"""


def test_a_header_from_a_variable_is_no_disagreement(tmp_path):
    # `file.type` may be `image/jpeg`; a URL the sample does not show may be any.
    assert rules(run(tmp_path, {"en/u.md": TABBED_UPLOAD}), DISAGREE) == []


def test_a_literal_header_that_differs_is_still_reported(tmp_path):
    text = TABBED_UPLOAD.replace("'Content-Type': file.type", "'Content-Type': 'image/png'")
    found = rules(run(tmp_path, {"en/u.md": text}), DISAGREE)
    assert found == [(DISAGREE, "en/u.md", line_of(text, "'Content-Type': 'image/png'"))]


def test_tabs_titled_by_example_are_different_examples(tmp_path):
    text = """\
## Predict

{% tabs %}
{% tab title="Basic usage" %}
```bash
curl -X POST https://api.example.com/v1/prediction/{flow-id} \\
  -H "Content-Type: application/json" \\
  -d '{"question": "Hey"}'
```
{% endtab %}
{% tab title="With configuration" %}
```python
import requests
requests.post("https://api.example.com/v1/prediction/<flow-id>",
              json={"question": "Hey", "overrideConfig": {"temperature": 0.2}})
```
{% endtab %}
{% endtabs %}
"""
    assert rules(run(tmp_path / "examples", {"en/p.md": text}), DISAGREE) == []
    by_language = text.replace("Basic usage", "cURL").replace("With configuration", "Python")
    found = rules(run(tmp_path / "languages", {"en/p.md": by_language}), DISAGREE)
    assert found == [(DISAGREE, "en/p.md", line_of(by_language, '"overrideConfig"'))]


HINTED_URL = """\
## Read posts

{% tabs %}
{% tab title="cURL" %}
Posts live under `/v1/data`:

```bash
curl https://api.example.com/v1/data/posts
```
{% endtab %}
{% tab title="JavaScript" %}
```javascript
const res = await fetch('https://api.example.com/v1/data/posts');
```
{% endtab %}
{% endtabs %}
"""


def test_an_identical_url_is_never_a_different_endpoint(tmp_path):
    # The prose's `/v1/data` stands in the cURL only: it must not make the
    # same URL read as two endpoints.
    assert rules(run(tmp_path, {"en/p.md": HINTED_URL}), DISAGREE) == []


def test_a_value_named_in_one_samples_prose_is_masked_in_every_sample(tmp_path):
    # `vnd.acme` is named next to the cURL only; the header reads the same in both.
    text = HINTED_URL.replace("Posts live under `/v1/data`:", "Send `vnd.acme` posts:").replace(
        "curl https://api.example.com/v1/data/posts",
        "curl https://api.example.com/v1/data/posts -H 'Accept: x' \\\n"
        "  -H 'Content-Type: application/vnd.acme+json' -d '{\"a\": 1}'").replace(
        "fetch('https://api.example.com/v1/data/posts')",
        "fetch('https://api.example.com/v1/data/posts', {method: 'POST', headers: {'Accept': 'x', "
        "'Content-Type': 'application/vnd.acme+json'}, body: JSON.stringify({a: 1})})")
    assert rules(run(tmp_path, {"en/p.md": text}), DISAGREE) == []


def test_a_different_url_in_a_tab_group_is_still_reported(tmp_path):
    text = HINTED_URL.replace("fetch('https://api.example.com/v1/data/posts')",
                              "fetch('https://api.example.com/v1/data/post')")
    found = rules(run(tmp_path, {"en/p.md": text}), DISAGREE)
    assert found == [(DISAGREE, "en/p.md", line_of(text, "/v1/data/post')"))]


# ------------------------------------------ 4. prose never changes how code compares

KEYS_EN = """\
## API keys

Send your key in the header.

```bash
curl https://api.example.com/v1/keys \\
  -H "X-Api-Key: pk_test_<your-key>"
```
"""
KEYS_ES = """\
## Claves de API

Envíe su clave en la cabecera; las claves públicas llevan el prefijo `pk_`.

```bash
curl https://api.example.com/v1/keys \\
  -H "X-Api-Key: pk_test_<your-key>"
```
"""


def test_a_code_span_in_one_locales_prose_is_not_a_placeholder_drift(tmp_path):
    assert run(tmp_path, {"en/keys.md": KEYS_EN, "es/keys.md": KEYS_ES}) == []


def test_a_translated_placeholder_is_still_reported_with_the_hint(tmp_path):
    es = KEYS_ES.replace("<your-key>", "<tu-clave>")
    found = run(tmp_path, {"en/keys.md": KEYS_EN, "es/keys.md": es})
    assert ("placeholder-translated", "es/keys.md", line_of(es, "X-Api-Key")) in found
    assert all(f[1] == "es/keys.md" for f in found)


def test_a_hint_in_one_locale_does_not_mask_a_value_in_one_locale_only(tmp_path):
    # `/spaces/demo` named in es prose stands in both URLs: the same URL is no drift.
    en = "## Posts\n\n```bash\ncurl https://api.example.com/v1/spaces/demo/posts\n```\n"
    es = ("## Entradas\n\nCambie `/spaces/demo` por su espacio.\n\n"
          "```bash\ncurl https://api.example.com/v1/spaces/demo/posts\n```\n")
    assert run(tmp_path, {"en/p.md": en, "es/p.md": es}) == []


def test_a_code_span_naming_part_of_a_word_is_no_placeholder():
    page = page_of("## Keys\n\nKeys start with `pk_`; replace `<your-key>`.\n\n"
                   "```bash\ncurl https://api.example.com/v1/keys -H 'X-Api-Key: pk_live_<your-key>'\n```\n")
    assert page.samples[0].placeholders == ["<your-key>"]
    assert "pk_" not in page.samples[0].hinted


# ------------------------------------------------- 6. nested values at their line

CURL_PROFILE = """\
## Update a profile

```bash
curl -X PATCH https://api.example.com/v1/profile \\
  -H "Content-Type: application/json" \\
  -d '{
    "name": "Ada",
    "socialLinks": {
      "github": "ada",
      "title": "Engineer"
    }
  }'
```
"""
JS_PROFILE = """\
## Update a profile

```javascript
const profile = {
  name: 'Ada',
  socialLinks: {
    github: 'ada',
    title: 'Engineer',
  },
};
fetch('https://api.example.com/v1/profile', {
  method: 'PATCH',
  headers: {'Content-Type': 'application/json'},
  body: JSON.stringify(profile),
});
```
"""
PY_PROFILE = """\
## Update a profile

```python
import requests

profile = {
    "name": "Ada",
    "socialLinks": {
        "github": "ada",
        "title": "Engineer",
    },
}
requests.patch("https://api.example.com/v1/profile", json=profile)
```
"""


def _nested_cases(text: str) -> tuple[str, str]:
    """The profile in es with a nested value translated, and with a nested key added."""
    translated = text.replace("Engineer", "Ingeniera").replace("Update a profile", "Actualizar")
    added = text.replace("Update a profile", "Actualizar")
    for github in ('"github": "ada",', "github: 'ada',"):
        if github in added:
            mastodon = github.replace("github", "mastodon").replace("ada", "@ada")
            added = added.replace(github, github + "\n" + " " * 6 + mastodon, 1)
    return translated, added


def _check_nested(tmp_path, text: str, mastodon: str) -> None:
    translated, added = _nested_cases(text)
    found = run(tmp_path / "value", {"en/p.md": text, "es/p.md": translated})
    assert found == [("payload-value-drift", "es/p.md", line_of(translated, "Ingeniera"))]
    assert line_of(translated, "Ingeniera") != line_of(translated, "socialLinks")
    found = run(tmp_path / "key", {"en/p.md": text, "es/p.md": added})
    assert found == [("payload-drift", "es/p.md", line_of(added, mastodon))]


def test_curl_nested_values_point_at_their_own_line(tmp_path):
    _check_nested(tmp_path, CURL_PROFILE, '"mastodon"')


def test_javascript_nested_values_point_at_their_own_line(tmp_path):
    _check_nested(tmp_path, JS_PROFILE, "mastodon:")


def test_python_nested_values_point_at_their_own_line(tmp_path):
    _check_nested(tmp_path, PY_PROFILE, '"mastodon"')


def test_a_nested_key_one_language_lacks_points_at_its_object(tmp_path):
    curl = CURL_PROFILE.split("\n", 2)[2].replace('"title": "Engineer"',
                                                  '"title": "Engineer",\n      "site": "ada.dev"')
    python = PY_PROFILE.split("\n", 2)[2]
    text = ('## Update a profile\n\n{% tabs %}\n{% tab title="cURL" %}\n' + curl
            + '{% endtab %}\n{% tab title="Python" %}\n' + python + "{% endtab %}\n{% endtabs %}\n")
    found = rules(run(tmp_path, {"en/p.md": text}), DISAGREE)
    # The Python sample lacks `socialLinks.site`: reported where its
    # `socialLinks` object is written, not at the body's first line.
    python_start = line_of(text, "```python")
    expected = python_start + line_of(python, '"socialLinks": {') - 1
    assert found == [(DISAGREE, "en/p.md", expected)]
    result = check_paths([str(tmp_path)], Config())
    related = [r.line for f in result.findings if f.rule == DISAGREE for r in f.related]
    assert related == [line_of(text, '"site": "ada.dev"')]  # the cURL's own line for the key


def test_page_level_header_check_masks_endpoints_alike_in_every_locale():
    """A hint in one locale's prose ("replace `abc123` ...") must not make the
    same endpoint two endpoints in header-drift's page-wide check."""
    from checker.rules.header_drift import _headers_by_endpoint
    from tests.helpers import page_of

    code = '```bash\ncurl https://api.example.com/v1/items/abc123 -H "Authorization: Bearer YOUR_TOKEN"\n```\n'
    en = page_of("# Items\n\n## Get\n\n" + code, "en/items.md")
    fr = page_of("# Items\n\n## Lire\n\nRemplacez `abc123` par votre identifiant.\n\n" + code, "fr/items.md")
    hints = frozenset().union(*(s.hinted for p in (en, fr) for s in p.samples))
    assert hints  # the French prose does hint the value
    assert set(_headers_by_endpoint(en, hints)) == set(_headers_by_endpoint(fr, hints))


@pytest.mark.parametrize(("en_key", "fr_key", "rule"), [
    ("ENTER-YOUR-SECRET-KEY", "ENTREZ-VOTRE-CLÉ-SECRÈTE", "placeholder-translated"),
    ("ENTER-YOUR-SECRET-KEY", "ENTREZ_VOTRE_CLE", "placeholder-translated"),
    # a value spelled with hyphens is a value, not a placeholder
    ("ISO-8859-1", "UTF-8", "header-drift"),
], ids=["kebab", "kebab-to-snake", "charset"])
def test_an_upper_case_placeholder_written_with_hyphens_is_a_placeholder(tmp_path, en_key, fr_key, rule):
    def page(title: str, key: str) -> str:
        return (f"## {title}\n\n```bash\ncurl -X POST https://api.example.com/v1/chat \\\n"
                f"  --header 'Authorization: Bearer {key}'\n```\n")

    fr = page("Discuter", fr_key)
    found = run(tmp_path, {"en/chat.md": page("Chat", en_key), "fr/chat.md": fr})
    assert found == [(rule, "fr/chat.md", line_of(fr, "--header"))]
