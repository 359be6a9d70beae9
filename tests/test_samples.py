"""Samples of a page: placement (section, tab, operation), the extract output,
and the rules that read them (sample-syntax, sample-disagreement)."""

from __future__ import annotations

import json

import pytest

from checker.cli import main
from tests.helpers import SEEDS, findings, page_of, where

FR_SOURCE = (SEEDS / "fr" / "api-docs" / "authentication.md").read_text(encoding="utf-8")
FR_LINES = FR_SOURCE.split("\n")
# The signin section of the fr seed: cURL, JavaScript and Python in tabs.
SIGNIN = "\n".join(FR_LINES[97:192]) + "\n"


def signin(old: str, new: str, count: int = 1) -> str:
    assert SIGNIN.count(old) >= count, old
    return SIGNIN.replace(old, new, count)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    hits = [i + 1 for i, line in enumerate(text.split("\n")) if needle in line]
    return hits[nth - 1]


def test_seed_samples_are_placed_in_section_tab_and_operation():
    page = page_of(FR_SOURCE, "fr/api-docs/authentication.md")
    placed = [(s.fence.line, s.section, s.tab, s.operation["path"], s.language)
              for s in page.samples]
    assert len(placed) == 15  # the export footer's block is chrome, not a sample
    assert placed[:3] == [(17, "Inscription", "cURL", "/auth/signup/", "bash"),
                          (36, "Inscription", "JavaScript", "/auth/signup/", "javascript"),
                          (65, "Inscription", "Python", "/auth/signup/", "python")]
    assert placed[12:] == [(370, "Déconnexion", None, "/auth/custom-logout/", "bash"),
                           (379, "Déconnexion", None, "/auth/custom-logout/", "javascript"),
                           (400, "Déconnexion", None, "/auth/custom-logout/", "python")]


def test_hinted_placeholder_from_prose_in_any_language():
    page = page_of(FR_SOURCE, "fr/api-docs/authentication.md")
    assert page.samples[0].placeholders == ["recaptcha_response"]   # "Remplacez `recaptcha_response` par"
    assert page.samples[6].placeholders == ["YOUR_JWT_TOKEN"]
    assert page.samples[9].placeholders == ["VOTRE_REFRESH_TOKEN"]
    zh = (SEEDS / "zh-cn" / "api-docs" / "authentication.md").read_text(encoding="utf-8")
    assert page_of(zh, "zh-cn/a.md").samples[0].placeholders == ["recaptcha_response"]  # "将 `recaptcha_response` 替换为"


def test_seed_sections_have_no_disagreement_and_no_syntax_error():
    assert findings(FR_SOURCE, "sample-disagreement") == []
    assert findings(FR_SOURCE, "sample-syntax") == []


def test_formatting_quoting_key_order_and_messages_are_not_disagreement():
    text = signin("""    body: JSON.stringify({
      login: 'user@example.com',
      password: 'secure_password',
      captcha: 'recaptcha_response'
    })""", """    body: JSON.stringify({captcha: "recaptcha_response", password: "secure_password",
                          "login": "user@example.com"})""")
    text = text.replace('console.log("Connexion réussie !");', "console.log('OK, logged in');")
    text = text.replace("data=json.dumps(payload)", "json=payload")
    text = text.replace('"Content-Type": "application/json"\n    }', '"content-type": "application/json; charset=utf-8"\n    }')
    text = text.replace("    \n", "\n")
    assert findings(text, "sample-disagreement") == []


@pytest.mark.parametrize("old,new,needle,message", [
    ("response = requests.post(", "response = requests.put(", "requests.put(",
     "the Python sample sends PUT, the cURL and JavaScript samples send POST"),
    ("fetch('https://api.rememberizer.ai/api/v1/auth/signin/'",
     "fetch('https://api.rememberizer.ai/api/v1/auth/login/'", "auth/login/",
     "the JavaScript sample calls https://api.rememberizer.ai/api/v1/auth/login/, the cURL and "
     "Python samples call https://api.rememberizer.ai/api/v1/auth/signin/"),
    ('        "captcha": "recaptcha_response"\n    }', '    }', 'payload = {',
     "the Python sample does not send the body key `captcha` that the cURL and JavaScript samples send"),
    ("      captcha: 'recaptcha_response'\n", "      captcha: 'recaptcha_response',\n      remember: true\n",
     "remember: true", "the JavaScript sample sends the body key `remember`, which the cURL and "
     "Python samples do not send"),
    ('  -H "Content-Type: application/json" \\\n', "", "curl -X POST",
     "the cURL sample does not send the header `Content-Type` that the JavaScript and Python samples send"),
    ("if response.status_code == 204:", "if response.status_code == 200:", "status_code == 200",
     "the Python sample expects 200, the JavaScript sample expects 204"),
])
def test_planted_disagreement_is_reported_at_its_line(old, new, needle, message):
    text = signin(old, new)
    found = findings(text, "sample-disagreement")
    assert [f.message for f in found] == [message]
    assert found[0].line == line_of(text, needle)
    assert found[0].related and all(r.path == "fr/page.md" for r in found[0].related)


def test_cookie_disagreement_but_not_against_browser_cookies():
    refresh = "\n".join(FR_LINES[285:359]) + "\n"
    assert findings(refresh, "sample-disagreement") == []  # fetch sends the browser's cookies
    without_js = refresh.replace("credentials: 'include'", "mode: 'cors'")
    found = findings(without_js, "sample-disagreement")
    assert [f.message for f in found] == [
        "the JavaScript sample does not send the cookie `refresh_token` that the cURL and "
        "Python samples send"]


def test_sample_syntax_points_at_the_page_line():
    text = signin('    if response.status_code == 204:', '    if response.status_code == 204')
    found = findings(text, "sample-syntax")
    assert where(found) == [("sample-syntax", line_of(text, "status_code == 204"), 1)]
    assert found[0].message.startswith("the Python sample does not parse")


def test_bare_angle_placeholders_are_placeholders_not_syntax_errors():
    text = ('```python\nimport requests\nbody = {"docId": <docId>, "n": 1}\n'
            'requests.post("http://localhost:3000/api/v1/upsert/<storeId>", json=body)\n```\n')
    page = page_of(text)
    assert findings(page, "sample-syntax") == []
    assert page.samples[0].request.body == {"docId": "<docId>", "n": 1}
    assert page.samples[0].placeholders == ["<docId>", "<storeId>"]


def run(capsys, *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    return exit_info.value.code, capsys.readouterr().out


def test_extract_json_matches_the_contract(capsys):
    code, out = run(capsys, "extract", str(SEEDS / "fr"))
    assert code == 0
    first = json.loads(out)["samples"][0]
    # issue 10: every entry also says its block's kind and lists all its requests
    assert first.pop("kind") == "request"
    assert first.pop("requests") == [first["request"]]
    assert first == {
        "path": f"{SEEDS / 'fr'}/api-docs/authentication.md", "line": 17, "end_line": 25,
        "locale": "fr", "page": "api-docs/authentication", "section": "Inscription",
        "operation": {"method": "POST", "path": "/auth/signup/"},
        "language": "bash", "tab": "cURL",
        "request": {
            "method": "POST", "url": "https://api.rememberizer.ai/api/v1/auth/signup/",
            "path": "/api/v1/auth/signup/", "query": {},
            "headers": {"Content-Type": "application/json"}, "cookies": {},
            "body": {"email": "user@example.com", "password": "secure_password",
                     "name": "John Doe", "captcha": "recaptcha_response"},
            "expected_status": []},
        "placeholders": ["recaptcha_response"], "error": None}


def test_extract_yaml(capsys):
    import yaml

    code, out = run(capsys, "extract", str(SEEDS / "zh-cn"), "--format", "yaml")
    samples = yaml.safe_load(out)["samples"]
    assert code == 0 and len(samples) == 15
    assert samples[9]["request"]["cookies"] == {"refresh_token": "YOUR_REFRESH_TOKEN"}
    assert samples[4]["request"]["expected_status"] == ["204"]


def test_unlabelled_fence_with_a_curl_command_is_read_as_shell():
    page = page_of("1. Get it:\n\n```\nsudo curl -L https://example.com/get.sh -o get.sh\n```\n\n"
                   "```\nnot a command\n```\n")
    assert [s.request.url if s.request else None for s in page.samples] == [
        "https://example.com/get.sh", None]
