"""Published pages as the site gives them: tab panels run together on one line,
HTML snippets, Python that lost its indentation (issue 11)."""

from __future__ import annotations

import ast
import itertools

import pytest

from checker.parse.rendered import layout
from tests.helpers import REPO, findings, page_of
from tests.publish import render_text

# One sample per language, each ending and starting with code, so that on
# the published page one panel's last line runs into the next one's first.
PANELS = {
    "bash": ('curl -X POST "https://api.example.com/v1/users" \\\n'
             '  -H "Authorization: Bearer YOUR_API_KEY" \\\n'
             '  -H "Content-Type: application/json" \\\n'
             '  -d \'{"name": "Ada"}\''),
    "javascript": ('const res = await fetch("https://api.example.com/v1/users", {\n'
                   '  method: "POST",\n'
                   '  headers: { Authorization: "Bearer YOUR_API_KEY", "Content-Type": "application/json" },\n'
                   '  body: JSON.stringify({ name: "Ada" }),\n'
                   '});\n'
                   'console.log(await res.json());'),
    "python": ('import requests\n\n'
               'def create():\n'
               '    response = requests.post(\n'
               '        "https://api.example.com/v1/users",\n'
               '        headers={"Authorization": "Bearer YOUR_API_KEY"},\n'
               '        json={"name": "Ada"},\n'
               '    )\n'
               '    return response.json()\n\n'
               'print(create())'),
}


def tabbed_source(order: tuple[str, ...]) -> str:
    tabs = "".join(f'{{% tab title="{language}" %}}\n```{language}\n{PANELS[language]}\n```\n{{% endtab %}}\n'
                   for language in order)
    return f"# Users\n\nCreate a user.\n\n{{% tabs %}}\n{tabs}{{% endtabs %}}\n\nThat is all.\n"


def requests_of(text: str, path: str) -> list[tuple[str, str, str, object]]:
    page = page_of(text, path)
    return [(s.language, r.method, r.path, r.body) for s in page.samples for r in s.requests]


@pytest.mark.parametrize("order", list(itertools.permutations(PANELS, 2)) + [tuple(PANELS)],
                         ids="-then-".join)
def test_run_together_panels_give_each_sample_its_language_and_request(order):
    source = tabbed_source(order)
    published = render_text(source)
    joined = [line for line in published.split("\n") if line.endswith(PANELS[order[1]].split("\n")[0])]
    assert joined and joined[0] != PANELS[order[1]].split("\n")[0], "the panels must run together"
    assert requests_of(published, "fr/users.txt") == requests_of(source, "fr/users.md")
    assert findings(published, "sample-syntax", path="fr/users.txt") == []


def test_the_next_panel_starts_on_the_line_it_shares():
    published = render_text(tabbed_source(("bash", "javascript")))
    lines = published.split("\n")
    shared = next(i for i, line in enumerate(lines, 1) if "'const res" in line)
    fences = layout(lines).fences
    assert [(f.language, f.line) for f in fences] == [("bash", fences[0].line), ("javascript", shared)]
    assert fences[0].end_line == shared
    assert fences[1].text.startswith("const res = await fetch(")
    assert fences[0].text.rstrip().endswith("-d '{\"name\": \"Ada\"}'")


def test_a_line_that_only_looks_joined_is_not_split():
    published = ("Users\n\n"
                 "const url = `${base}/users`;const other = 1;\n"
                 "console.log(url, other);\n")
    fences = layout(published.split("\n")).fences
    assert [(f.language, f.line, f.end_line) for f in fences] == [("javascript", 3, 4)]


def test_an_html_snippet_is_one_block_with_its_script_and_never_read_as_javascript():
    source = ("# Embed\n\n```html\n<script type=\"module\">\n"
              "  import Chatbot from 'https://cdn.example.com/web.js';\n"
              "  Chatbot.init({ chatflowid: 'your-id' });\n</script>\n```\n\nDone.\n")
    published = render_text(source)
    fences = layout(published.split("\n")).fences
    assert [(f.language, f.text.count("\n")) for f in fences] == [("html", 4)]
    assert findings(published, "sample-syntax", path="fr/embed.txt") == []


def test_python_whose_lost_indentation_cannot_be_told_back_is_not_a_syntax_error():
    # A real sample (a class with nested classes, methods, try in except):
    # flattened, several indentations fit its words; none that we find parses.
    code = (REPO / "fixtures" / "published" / "open-webui-pipe.py").read_text(encoding="utf-8")
    ast.parse(code)   # as its author wrote it, it parses
    flat = "\n".join(line.strip() for line in code.split("\n"))
    page = page_of(f"Open WebUI\n\nThe pipe:\n\n{flat}\nThat is all.\n", "fr/pipe.txt")
    assert any(s.fence.indentation_lost for s in page.samples if s.language == "python")
    assert findings(page, "sample-syntax") == []


def test_flush_left_python_broken_without_a_header_is_still_reported():
    published = ("Broken\n\nimport requests\n"
                 "response = requests.get(\"https://x.example/\"\nprint(response)\n")
    page = page_of(published, "fr/b.txt")
    assert [s.fence.indentation_lost for s in page.samples] == [False]
    assert [f.line for f in findings(page, "sample-syntax")] == [4]


NODE_PANEL = ("const fs = require('fs');\n"
              "const res = await fetch('https://api.example.com/v1/files', { method: 'POST', body: fs.readFileSync('a.pdf') });")
FUNCTION_PANEL = ("async function upload(file) {\n"
                  "  return fetch('https://api.example.com/v1/files', { method: 'PUT', body: file });\n}")
CURL_PANEL = ("# Upload the file\n"
              "curl -X POST https://api.example.com/v1/files -F 'file=@a.pdf'")


@pytest.mark.parametrize(("first", "second", "languages"), [
    # Two JavaScript panels (Browser, Node.js): the second starts with its import.
    (PANELS["javascript"], NODE_PANEL, ["javascript", "javascript"]),
    # ... or with a declaration, once every bracket of the one above is closed.
    (PANELS["javascript"], FUNCTION_PANEL, ["javascript", "javascript"]),
    # A cURL panel that starts with a comment, the command on its next line.
    (PANELS["javascript"], CURL_PANEL, ["javascript", "bash"]),
], ids=["require-after-javascript", "function-after-javascript", "comment-then-curl"])
def test_a_panel_that_starts_with_an_import_or_a_comment_is_its_own_sample(first, second, languages):
    source = ("# Upload\n\n{% tabs %}\n"
              f'{{% tab title="One" %}}\n```{languages[0]}\n{first}\n```\n{{% endtab %}}\n'
              f'{{% tab title="Two" %}}\n```{languages[1]}\n{second}\n```\n{{% endtab %}}\n'
              "{% endtabs %}\n\nThat is all.\n")
    published = render_text(source)
    assert any(line.endswith(");" + second.split("\n")[0]) for line in published.split("\n")), \
        "the panels must run together"
    page = page_of(published, "fr/upload.txt")
    assert [s.language for s in page.samples] == languages
    assert requests_of(published, "fr/upload.txt") == requests_of(source, "fr/upload.md")
    assert [s.fence.text.split("\n")[0] for s in page.samples][1:] == [second.split("\n")[0]]
    assert findings(published, "sample-syntax", path="fr/upload.txt") == []


def test_commands_a_comment_introduces_after_a_blank_line_are_one_sample():
    # One cURL block with three commands, each under its comment: on the
    # published page nothing but the blank lines stands between them.
    commands = "\n\n".join(f"# Step {n}\ncurl -X POST https://api.example.com/v1/files -F 'file=@{n}.pdf'"
                           for n in range(3))
    source = f"# Upload\n\n```bash\n{commands}\n```\n\nThat is all.\n"
    published = render_text(source)
    page = page_of(published, "fr/upload.txt")
    assert [(s.language, len(s.requests)) for s in page.samples] == [("bash", 3)]


def test_a_powershell_line_that_opens_with_a_cmdlet_is_a_sample():
    source = ("# Install\n\nOn Linux, run:\n\n```bash\ncurl -sfL https://get.example.com | sh -s -\n```\n\n"
              "On Windows, run PowerShell as administrator, then:\n\n```powershell\n"
              'Invoke-Expression (Invoke-WebRequest -Uri "https://get.example.com" -UseBasicParsing).Content\n'
              "```\n\nSet-Up is then done (the installer says so).\n")
    published = render_text(source)
    assert [s.language for s in page_of(published, "fr/install.txt").samples] == ["bash", "powershell"]
    assert requests_of(published, "fr/install.txt") == requests_of(source, "fr/install.md")


@pytest.mark.parametrize("code", [
    # an import right under a function's header is its first line
    ("def main(http_response: str) -> str:\n    import json\n    data = json.loads(http_response)\n"
     "    return {\n        'result': data['data']['name']\n    }"),
    # the fields a class declares
    ("class ToolCall(BaseModel):\n    id: str\n    type: str\n    function: ToolCallFunction\n\n\n"
     "class RerankResult(BaseModel):\n    model: str\n    docs: list[RerankDocument]"),
], ids=["import-in-a-function", "class-fields"])
def test_python_lines_that_only_look_like_a_new_sample_or_prose_stay_in_theirs(code):
    source = f"# Code\n\nThe code:\n\n```python\n{code}\n```\n\nNote: Important\n"
    samples = page_of(render_text(source), "fr/code.txt").samples
    assert len(samples) == 1
    assert ast.dump(ast.parse(samples[0].fence.text)) == ast.dump(ast.parse(code))


def test_a_one_line_panel_run_into_the_next_is_its_own_sample():
    source = tabbed_source(("bash", "python")).replace(PANELS["bash"],
                                                          'curl -X DELETE "https://api.example.com/v1/users/1"')
    published = render_text(source)
    assert 'users/1"import requests' in published, "the panels must run together"
    assert requests_of(published, "fr/users.txt") == requests_of(source, "fr/users.md")
