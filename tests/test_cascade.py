"""One mistake, one finding, where it is fixed: a lost closing fence or a
missing `{% endtab %}` is reported once, with the repair, and the findings
it causes are not shown (checker/cascade.py)."""

from __future__ import annotations

from checker.config import Config
from checker.engine import check_paths
from tests.helpers import write_tree

PAGE = '''# Auth

## Login

{% tabs %}
{% tab title="cURL" %}
```bash
curl -X POST https://api.example.com/login -H "Authorization: Bearer YOUR_TOKEN" -H "Content-Type: application/json" -d '{"user": "a"}'
```
{% endtab %}
{% tab title="Python" %}
```python
import requests
requests.post("https://api.example.com/login", headers={"Authorization": "Bearer YOUR_TOKEN"}, json={"user": "a"})
```
{% endtab %}
{% endtabs %}

## Logout

{% tabs %}
{% tab title="cURL" %}
```bash
curl -X POST https://api.example.com/logout -H "Authorization: Bearer YOUR_TOKEN"
```
{% endtab %}
{% endtabs %}
'''


def drop_line(text: str, line: str, nth: int = 0) -> str:
    lines = text.split("\n")
    index = [i for i, x in enumerate(lines) if x == line][nth]
    return "\n".join(lines[:index] + lines[index + 1:])


def run(tmp_path, fr: str) -> list[tuple[str, int, str]]:
    root = write_tree(tmp_path, {"en/auth.md": PAGE, "fr/auth.md": fr.replace("## Logout", "## Déconnexion")})
    result = check_paths([root], Config())
    return [(f.rule, f.line, f.message) for f in result.findings if f.path.endswith("fr/auth.md")]


def test_a_lost_closing_fence_is_one_finding_at_the_fence_with_where_to_close_it(tmp_path):
    got = run(tmp_path, drop_line(PAGE, "```", nth=1))
    assert [(rule, line) for rule, line, _ in got] == [("fence-unclosed", 12)]
    message = got[0][2]
    assert "runs into `{% endtab %}` at 15" in message and "close it after line 14" in message
    assert message.endswith("(3 findings it causes are not shown)")


def test_a_missing_endtab_is_one_finding_with_where_to_add_it(tmp_path):
    got = run(tmp_path, drop_line(PAGE, "{% endtab %}"))
    assert [(rule, line) for rule, line, _ in got] == [("tag-unbalanced", 6)]
    message = got[0][2]
    assert "add it before line 10, where the next `{% tab %}` opens" in message
    assert message.endswith("(2 findings it causes are not shown)")


def test_the_pages_own_findings_stay(tmp_path):
    """A translated placeholder in the Login cURL sample, above the lost fence,
    is not caused by it: it is still reported."""
    fr = drop_line(PAGE, "```", nth=1).replace("login -H \"Authorization: Bearer YOUR_TOKEN",
                                               "login -H \"Authorization: Bearer VOTRE_JETON")
    got = run(tmp_path, fr)
    assert [(rule, line) for rule, line, _ in got] == [("placeholder-translated", 8),
                                                      ("fence-unclosed", 12)]


def test_without_a_root_cause_nothing_is_hidden(tmp_path):
    fr = PAGE.replace('"user": "a"}\'', '"usager": "a"}\'')
    got = run(tmp_path, fr)
    assert [(rule, line) for rule, line, _ in got] == [("payload-drift", 8)]


def test_markdown_examples_in_a_fence_are_no_swallow(tmp_path):
    example = "# GitBook\n\n```markdown\n{% tabs %}\n{% tab title=\"A\" %}\nText\n{% endtab %}\n{% endtabs %}\n```\n"
    root = write_tree(tmp_path, {"en/g.md": example, "fr/g.md": example})
    assert check_paths([root], Config()).findings == []
