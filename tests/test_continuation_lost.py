"""continuation-lost: option lines that lost the `\\` joining them to their command."""

from __future__ import annotations

from tests.helpers import findings

JOINED = ("```bash\n"
          "curl -X POST https://api.example.com/v1/users \\\n"
          "  -H \"Authorization: Bearer YOUR_API_KEY\" \\\n"
          "  -d '{\n"
          "    \"name\": \"Ada\",\n"
          "    \"note\": \"-not an option\"\n"
          "  }'\n"
          "```\n")


def lines(text: str, path: str = "fr/page.md") -> list[int]:
    return [f.line for f in findings(text, "continuation-lost", path=path)]


def test_a_joined_command_and_a_quoted_body_are_fine():
    assert lines(JOINED) == []


def test_the_first_line_that_lost_its_join_is_the_finding_once_per_command():
    broken = JOINED.replace('YOUR_API_KEY" \\\n', 'YOUR_API_KEY"\n')
    assert lines(broken) == [4]
    twice = broken + "\nThen:\n\n" + broken
    assert lines(twice) == [4, 15]


def test_options_under_a_line_that_ends_the_command_on_purpose_are_the_finding():
    text = "```bash\ncurl https://api.example.com/v1/ping\n-H 'Accept: application/json'\n```\n"
    assert lines(text) == [3]


def test_powershell_and_cmd_joins_count():
    for join in ("`", "^"):
        text = f"```bash\ncurl https://api.example.com/v1/ping {join}\n  -H 'Accept: text/plain'\n```\n"
        assert lines(text) == []


def test_a_published_page_that_lost_its_joins_is_reported_at_its_line():
    published = ("Users\n\nCreate one:\n\n"
                 "curl -X POST https://api.example.com/v1/users\n"
                 "-H \"Authorization: Bearer YOUR_API_KEY\"\n"
                 "-d '{\"name\": \"Ada\"}'\n\nThat is all.\n")
    assert lines(published, path="fr/users.txt") == [6]


def test_other_commands_and_other_languages_are_not_looked_at():
    assert lines("```bash\nnpm install \\\n  flowise\nls\n-la\n```\n") == []
    assert lines("```python\nx = 1\n-y\n```\n") == []


def test_the_request_is_still_read_with_the_options_the_author_meant():
    from checker.extract.samples import read_code

    code = ('curl -X POST https://api.example.com/v1/users\n'
            '  -H "Authorization: Bearer YOUR_API_KEY"\n'
            "  -d '{\"name\": \"Ada\"}'\n")
    [request] = read_code("bash", code).requests
    assert request.header("authorization") == "Bearer YOUR_API_KEY"
    assert (request.body, request.lines["header:authorization"], request.lines["body"]) == ({"name": "Ada"}, 2, 3)
