"""The seed pages against specs: Rememberizer's public one, and a fixture with
the five auth operations as the pages state them, with mismatches planted."""

from __future__ import annotations

import pytest

from checker.config import Config
from checker.engine import check_paths
from tests.helpers import REPO, SEEDS

PUBLIC_SPEC = REPO / "fixtures" / "specs" / "public" / "rememberizer_openapi.yml"
AUTH_SPEC = str(REPO / "fixtures" / "specs" / "auth.yml")
FR = (SEEDS / "fr" / "api-docs" / "authentication.md").read_text(encoding="utf-8")
SPEC_RULES = {"spec-unknown-operation", "spec-body", "spec-status", "spec-auth", "spec-query",
              "spec-block-mismatch", "spec-unreadable"}


def spec_findings(tmp_path, text: str, spec: str) -> list[tuple[str, int, str]]:
    page = tmp_path / "fr" / "authentication.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text, encoding="utf-8")
    result = check_paths([str(page.parent)], Config(), specs=[spec])
    return [(f.rule, f.line, f.message) for f in result.findings if f.rule in SPEC_RULES]


def test_public_spec_has_no_auth_paths(tmp_path):
    found = spec_findings(tmp_path, FR, str(PUBLIC_SPEC))
    assert len(found) == 15 and {rule for rule, _, _ in found} == {"spec-unknown-operation"}
    assert found[0] == ("spec-unknown-operation", 18, "the cURL sample calls POST /auth/signup/, "
                        "which rememberizer_openapi.yml does not have")


def test_consistent_pages_fit_the_auth_spec(tmp_path):
    assert spec_findings(tmp_path, FR, AUTH_SPEC) == []
    zh = (SEEDS / "zh-cn" / "api-docs" / "authentication.md").read_text(encoding="utf-8")
    assert spec_findings(tmp_path, zh, AUTH_SPEC) == []


def line_of(text: str, needle: str, start: str = "") -> int:
    return text.count("\n", 0, text.index(needle, text.index(start) if start else 0)) + 1


@pytest.mark.parametrize("rule,old,new,needle,start", [
    ("spec-status", "if response.status_code == 204:", "if response.status_code == 201:",
     "status_code == 201", ""),
    ("spec-body", '      password: \'secure_password\',\n      captcha', "      captcha",
     "body: JSON.stringify", "const signIn"),
    ("spec-body", "verification_code: '123456'", "verification_code: '123456', remember: true",
     "verification_code: '123456', remember", ""),
    ("spec-unknown-operation", "response = requests.post(\n        \"https://api.rememberizer.ai/api/v1/auth/verify-email/\"",
     "response = requests.put(\n        \"https://api.rememberizer.ai/api/v1/auth/verify-email/\"",
     "requests.put(", ""),
    ("spec-auth", '  -H "Authorization: Bearer YOUR_JWT_TOKEN" \\\n', "", "curl -X POST", "## Vérification"),
])
def test_planted_mismatch_gives_the_right_rule(tmp_path, rule, old, new, needle, start):
    assert old in FR, old
    text = FR.replace(old, new, 1)
    found = spec_findings(tmp_path, text, AUTH_SPEC)
    rules = {r for r, _, _ in found}
    assert rule in rules, found
    assert [line for r, line, _ in found if r == rule] == [line_of(text, needle, start)]
    # Changing the method also leaves the section's API block behind.
    assert rules <= {rule, "spec-block-mismatch"}


def test_block_mismatch_without_any_spec(tmp_path):
    text = FR.replace("fetch('https://api.rememberizer.ai/api/v1/auth/signup/'",
                      "fetch('https://api.rememberizer.ai/api/v1/auth/signin/'")
    page = tmp_path / "fr" / "a.md"
    page.parent.mkdir()
    page.write_text(text, encoding="utf-8")
    found = [f for f in check_paths([str(page)], Config()).findings if f.rule == "spec-block-mismatch"]
    assert [(f.line, f.message) for f in found] == [(
        37, "the JavaScript sample calls POST /api/v1/auth/signin/, but its section's API block "
            "(line 7) shows POST /auth/signup/")]


def test_page_named_spec_is_used_and_a_missing_one_reported(tmp_path):
    spec = tmp_path / "assets" / "api (1).yml"
    spec.parent.mkdir()
    spec.write_text((REPO / "fixtures" / "specs" / "auth.yml").read_text(encoding="utf-8"))
    page = tmp_path / "fr" / "a.md"
    page.parent.mkdir()
    text = FR.replace('src="/files/k0wV9YEEppPnffcGeVUk" path="/auth/signup/"',
                      'src="../assets/api (1).yml" path="/auth/signup/"')
    text = text.replace('src="/files/k0wV9YEEppPnffcGeVUk" path="/auth/signin/"',
                        'src="../assets/missing.yml" path="/auth/signin/"')
    text = text.replace("if response.status_code == 204:", "if response.status_code == 201:", 1)
    page.write_text(text, encoding="utf-8")
    # The spec sits beside the checked file's folder, outside it: opted in.
    found = [(f.rule, f.line) for f in check_paths([str(page)], Config(),
                                                   allow_outside=[str(spec.parent)]).findings
             if f.rule.startswith("spec-")]
    assert found == [("spec-unreadable", 100)]  # signin's spec is missing; its 201 goes unchecked
    text = text.replace('if response.status_code == 201:', 'if response.status_code == 204:')
    text = FR.replace('src="/files/k0wV9YEEppPnffcGeVUk" path="/auth/signin/"',
                      'src="../assets/api (1).yml" path="/auth/signin/"').replace(
        "if response.status_code == 204:", "if response.status_code == 201:", 1)
    page.write_text(text, encoding="utf-8")
    # The spec sits beside the checked file's folder, outside it: opted in.
    found = [(f.rule, f.line) for f in check_paths([str(page)], Config(),
                                                   allow_outside=[str(spec.parent)]).findings
             if f.rule.startswith("spec-")]
    assert found == [("spec-status", line_of(text, "status_code == 201"))]
