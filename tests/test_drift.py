"""Cross-locale drift: each kind planted in a copy of a seed page is reported
at its line in the drifting locale; changes a translator may make are not."""

from __future__ import annotations

import pytest

from checker.config import Config
from checker.engine import check_paths
from tests.helpers import SEEDS, write_tree

FR = (SEEDS / "fr" / "api-docs" / "authentication.md").read_text(encoding="utf-8")
# The seed's own fault (`{% endtabs %`) and translated placeholder are left out
# of the base so that only what a test plants can be found.
BASE = FR.replace("{% endtabs %\n", "").replace("VOTRE_REFRESH_TOKEN", "YOUR_REFRESH_TOKEN")


def tree(tmp_path, de: str, en: str = BASE, extra: dict[str, str] | None = None) -> str:
    return write_tree(tmp_path, {"en/api-docs/authentication.md": en,
                                 "de/api-docs/authentication.md": de, **(extra or {})})


def found(tmp_path, de: str, **kwargs) -> list[tuple[str, str, int]]:
    result = check_paths([tree(tmp_path, de, **kwargs)], Config())
    return [(f.rule, f.path.split(str(tmp_path) + "/")[-1], f.line) for f in result.findings]


def plant(old: str, new: str, nth: int = 1) -> tuple[str, int]:
    """BASE with the nth `old` replaced; and the line where it now stands."""
    at = -1
    for _ in range(nth):
        at = BASE.index(old, at + 1)
    text = BASE[:at] + new + BASE[at + len(old):]
    return text, text.count("\n", 0, at) + 1


DE = "de/api-docs/authentication.md"


def test_identical_code_and_translated_prose_give_nothing(tmp_path):
    german = (BASE.replace("# Authentification", "# Authentifizierung")
              .replace("## Connexion", "## Anmeldung")
              .replace('{% tab title="Python" %}', '{% tab title="Python-Beispiel" %}')
              .replace("Remplacez", "Ersetzen Sie")
              .replace("Connexion réussie !", "Anmeldung erfolgreich!")
              .replace("// Vérifiez les cookies d'authentification dans la réponse", "// Cookies prüfen"))
    assert found(tmp_path, german) == []


def test_formatting_quoting_key_order_and_json_dumps_are_not_drift(tmp_path):
    german = BASE.replace("""    body: JSON.stringify({
      login: 'user@example.com',
      password: 'secure_password',
      captcha: 'recaptcha_response'
    })""", """    body: JSON.stringify({ "captcha": "recaptcha_response",
                           "password": "secure_password", "login": "user@example.com" })""")
    german = german.replace("data=json.dumps(payload)", "json=payload", 2)
    german = german.replace("  -H \"Content-Type: application/json\" \\\n  -d '{\n    \"login\"",
                            "  -H 'content-type: application/json' \\\n  -d '{\n    \"login\"")
    german = german.replace("        \"Content-Type\": \"application/json\"\n", "      \"Content-Type\":\"application/json\"\n", 1)
    assert found(tmp_path, german) == []


@pytest.mark.parametrize("rule,old,new,nth", [
    ("method-drift", "curl -X POST", "curl -X PUT", 2),
    ("endpoint-drift", "fetch('https://api.rememberizer.ai/api/v1/auth/signin/'",
     "fetch('https://api.rememberizer.ai/api/v1/auth/login/'", 1),
    ("payload-drift", '        "captcha": "recaptcha_response"\n    }\n    \n    response = requests.post(\n        "https://api.rememberizer.ai/api/v1/auth/signin/"',
     '        "captchaToken": "recaptcha_response"\n    }\n    \n    response = requests.post(\n        "https://api.rememberizer.ai/api/v1/auth/signin/"', 1),
    ("payload-value-drift", '"name": "John Doe"', '"name": "Hans Müller"', 1),
    ("header-drift", "'Authorization': 'Bearer YOUR_JWT_TOKEN',\n", "", 1),
    ("status-drift", "if response.status_code == 204:", "if response.status_code == 200:", 1),
    ("placeholder-translated", '-H "Authorization: Bearer YOUR_JWT_TOKEN"',
     '-H "Authorization: Bearer IHR_JWT_TOKEN"', 1),
    ("spec-ref-drift", 'path="/auth/signin/" method="post"', 'path="/auth/login/" method="post"', 1),
])
def test_planted_drift_is_reported_at_its_line(tmp_path, rule, old, new, nth):
    german, line = plant(old, new, nth)
    got = found(tmp_path, german)
    if rule == "header-drift":
        line = german.index("const verifyEmail")  # a header gone: the call that lacks it
        line = german.count("\n", 0, german.index("await fetch", line)) + 1
    if rule == "payload-drift":  # a renamed key: one finding, at the new key
        line = german.count("\n", 0, german.index('"captchaToken"')) + 1
    assert got == [(rule, DE, line)]


def test_missing_sample_does_not_shift_the_rest(tmp_path):
    start = BASE.index('{% tab title="JavaScript" %}')
    end = BASE.index("{% endtab %}", start) + len("{% endtab %}\n")
    german = BASE[:start] + BASE[end:]  # the signup JS tab is gone
    signin = german.index("curl -X POST", german.index("## Connexion"))
    german = german[:signin] + "curl -X PUT" + german[signin + len("curl -X POST"):]
    got = found(tmp_path, german)
    assert sorted(rule for rule, _, _ in got) == ["method-drift", "sample-missing"]
    method = next(line for rule, _, line in got if rule == "method-drift")
    assert german.split("\n")[method - 1].startswith("curl -X PUT")
    assert german.count("\n", 0, signin) + 1 == method


def test_missing_api_block_is_structure_drift(tmp_path):
    start = BASE.index('{% openapi src="/files/k0wV9YEEppPnffcGeVUk" path="/auth/verify-email/"')
    end = BASE.index("{% endopenapi %}", start) + len("{% endopenapi %}\n")
    got = found(tmp_path, BASE[:start] + BASE[end:])
    assert [rule for rule, _, _ in got] == ["structure-drift"]


def test_page_missing_in_a_locale(tmp_path):
    got = found(tmp_path, BASE, extra={"en/api-docs/other.md": "# Other\n"})
    assert got == [("page-missing", "en/api-docs/other.md", 1)]


def test_translated_slug_pairs_by_what_the_page_calls(tmp_path):
    root = write_tree(tmp_path, {
        "en/api-reference/authentication.md": BASE,
        "es/referencia-api/autenticacion.md": BASE.replace("curl -X POST", "curl -X GET", 1)})
    result = check_paths([root], Config())
    assert [(f.rule, f.locale) for f in result.findings] == [("method-drift", "es")]
    (page_set,) = result.page_sets
    assert page_set.how == {"en": "reference", "es": "same API calls (88% alike)"}


def test_pages_pair_by_summary_place_name_and_readme(tmp_path):
    root = write_tree(tmp_path, {
        "en/SUMMARY.md": "* [Guide](guide/README.md)\n  * [Start](guide/start.md)\n  * [Setup](guide/setup.md)\n",
        "es/SUMMARY.md": "* [Guía](guia/README.md)\n  * [Inicio](guia/inicio.md)\n  * [Setup](guia/setup.md)\n",
        "en/guide/README.md": "# Guide\n", "en/guide/start.md": "# Start\n", "en/guide/setup.md": "# Setup\n",
        "es/guia/README.md": "# Guía\n", "es/guia/inicio.md": "# Inicio\n", "es/guia/setup.md": "# Setup\n"})
    result = check_paths([root], Config())
    how = {s.key: s.how["es"] for s in result.page_sets}
    assert how == {"guide/README": "README of the paired folder",
                   "guide/setup": "SUMMARY.md: same name, same place",
                   "guide/start": "SUMMARY.md: entry 2 in both"}
    assert result.findings == []


def test_consensus_reports_the_odd_locale(tmp_path):
    odd, line = plant("curl -X POST", "curl -X PUT", 1)
    files = {f"{loc}/api-docs/authentication.md": BASE for loc in ("fr", "da")}
    files["ja/api-docs/authentication.md"] = odd
    result = check_paths([write_tree(tmp_path, files)], Config())
    assert result.reference is None
    assert [(f.rule, f.locale, f.line) for f in result.findings] == [("method-drift", "ja", line)]
    assert sorted(r.locale for r in result.findings[0].related) == ["da", "fr"]


def test_header_never_sent_on_the_page_is_one_finding(tmp_path):
    # An older translation lacks the cURL sample that authenticates; its
    # remaining JavaScript sample to the same endpoint aligns with one that
    # does not authenticate either. The page is reported once for the header.
    curl = ('```bash\ncurl -X POST https://api.example.com/v1/upsert/{id} \\\n'
            '  -H "Authorization: Bearer YOUR_TOKEN" -F "files=@report.pdf"\n```\n\n')
    js = ('```javascript\nconst form = new FormData();\nform.append("files", file);\n'
          'fetch("https://api.example.com/v1/upsert/{id}", {method: "POST", body: form});\n```\n')
    root = write_tree(tmp_path, {"en/upload.md": "## Upload\n\n" + curl + js,
                                 "de/upload.md": "## Hochladen\n\n" + js})
    result = check_paths([root], Config())
    # (en's own JavaScript sample lacks the header its cURL sends: true as well.)
    assert sorted((f.rule, f.locale, f.line) for f in result.findings) == [
        ("header-drift", "de", 6), ("sample-disagreement", "en", 11), ("sample-missing", "de", 1)]
    header = next(f for f in result.findings if f.rule == "header-drift")
    assert header.message == ("no sample on this page sends the header `Authorization` to POST "
                              "/v1/upsert/{id}; en's samples do")
    assert (header.related[0].locale, header.related[0].line) == ("en", 5)


def test_a_disagreement_every_locale_has_is_reported_alike_whatever_else_drifted(tmp_path):
    # en's Python sample sends a key its cURL sample does not, and both
    # translations copied that. da's cURL sample drifted as well, in another
    # value: that drift does not explain the disagreement it shares with en
    # and fr, so da's stays, like theirs. A disagreement only the drift
    # makes goes (test_consensus_reports_the_odd_locale and the like).
    curl = ("```bash\ncurl -X POST https://api.example.com/v1/chat -H 'Content-Type: application/json' \\\n"
            "  -d '{\"user\": \"abc-123\", \"inputs\": {}}'\n```\n")
    python = ('```python\nimport requests\n\nrequests.post("https://api.example.com/v1/chat", '
              'json={"user": "abc-123", "inputs": {"text": "Hi"}})\n```\n')

    def page(title: str, curl: str) -> str:
        return (f"## {title}\n\n{{% tabs %}}\n{{% tab title=\"cURL\" %}}\n{curl}{{% endtab %}}\n"
                f"{{% tab title=\"Python\" %}}\n{python}{{% endtab %}}\n{{% endtabs %}}\n")

    pages = {"en/chat.md": page("Chat", curl), "fr/chat.md": page("Discuter", curl),
             "da/chat.md": page("Chat", curl.replace('"user": "abc-123"', '"user": "abc-124"'))}
    result = check_paths([write_tree(tmp_path, pages)], Config())
    assert sorted((f.rule, f.locale) for f in result.findings) == [
        ("payload-value-drift", "da"), ("sample-disagreement", "da"), ("sample-disagreement", "en"),
        ("sample-disagreement", "fr")]
