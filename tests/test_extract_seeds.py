"""`extract` on every seed locale and form: the 5 operations x 3 languages,
with method, URL, headers, cookies, body and expected statuses right."""

from __future__ import annotations

import json

import pytest

from checker.cli import main
from tests.helpers import SEEDS

API = "https://api.rememberizer.ai/api/v1/auth/"
JSON = {"Content-Type": "application/json"}
JWT = {"Authorization": "Bearer YOUR_JWT_TOKEN", "Content-Type": "application/json"}
SIGNUP = {"email": "user@example.com", "password": "secure_password", "name": "John Doe",
          "captcha": "recaptcha_response"}
SIGNIN = {"login": "user@example.com", "password": "secure_password", "captcha": "recaptcha_response"}
VERIFY = {"verification_code": "123456"}

# (language, path, headers, cookies, body, expected statuses) per sample, in page order;
# every request is a POST. TOKEN stands for the locale's refresh-token placeholder.
EXPECTED = [
    ("bash", "signup/", JSON, {}, SIGNUP, []),
    ("javascript", "signup/", JSON, {}, SIGNUP, []),
    ("python", "signup/", JSON, {}, SIGNUP, []),
    ("bash", "signin/", JSON, {}, SIGNIN, []),
    ("javascript", "signin/", JSON, {}, SIGNIN, ["204"]),
    ("python", "signin/", JSON, {}, SIGNIN, ["204"]),
    ("bash", "verify-email/", JWT, {}, VERIFY, []),
    ("javascript", "verify-email/", JWT, {}, VERIFY, ["200"]),
    ("python", "verify-email/", JWT, {}, VERIFY, ["200"]),
    ("bash", "custom-refresh/", {}, {"refresh_token": "TOKEN"}, None, []),
    ("javascript", "custom-refresh/", {}, {}, None, ["204"]),
    ("python", "custom-refresh/", {}, {"refresh_token": "TOKEN"}, None, ["204"]),
    ("bash", "custom-logout/", {}, {}, None, []),
    ("javascript", "custom-logout/", {}, {}, None, ["204"]),
    ("python", "custom-logout/", {}, {}, None, ["204"]),
]

FILES = [  # (file under the seed tree, locale, its refresh-token placeholder)
    ("fr/api-docs/authentication.md", "fr", "VOTRE_REFRESH_TOKEN"),
    ("published-text/fr/api-docs/authentication.txt", "fr", "VOTRE_REFRESH_TOKEN"),
    ("published-site/fr/api-docs/authentication.txt", "fr", "VOTRE_REFRESH_TOKEN"),
    ("published-text/da/api-docs/authentication.txt", "da", "DIN_REFRESH_TOKEN"),
    ("zh-cn/api-docs/authentication.md", "zh-cn", "YOUR_REFRESH_TOKEN"),
]


def samples_of(capsys, path: str) -> list[dict]:
    with pytest.raises(SystemExit) as done:
        main(["extract", str(SEEDS / path)])
    assert done.value.code == 0
    return json.loads(capsys.readouterr().out)["samples"]


@pytest.mark.parametrize("path,locale,token", FILES, ids=[f[0] for f in FILES])
def test_every_seed_form_yields_the_15_requests(capsys, path, locale, token):
    samples = samples_of(capsys, path)
    assert len(samples) == 15
    for sample, (language, op, headers, cookies, body, statuses) in zip(samples, EXPECTED, strict=True):
        request = sample["request"]
        assert sample["language"] == language and sample["locale"] == locale
        assert sample["error"] is None
        assert (request["method"], request["url"], request["path"]) == (
            "POST", API + op, "/api/v1/auth/" + op)
        assert request["headers"] == headers
        assert request["cookies"] == {k: token for k in cookies}
        assert request["body"] == body
        assert request["expected_status"] == statuses
        assert request["query"] == {}
