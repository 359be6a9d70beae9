"""Published pages: code recovered without fences, sections, chrome, HTML dumps."""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

import pytest
import tree_sitter_javascript
from tree_sitter import Language, Parser

from checker.extract.samples import samples_of
from checker.model import Fence, FileKind, Page
from checker.parse.chrome import export_footer_start
from checker.parse.files import parse_text, split_lines
from checker.parse.rendered import BLANK, CHROME, CODE, PROSE, layout, reindent_python
from tests.helpers import REPO, SEEDS, doc

SOURCE = SEEDS / "fr" / "api-docs" / "authentication.md"
TEXT_FR = SEEDS / "published-text" / "fr" / "api-docs" / "authentication.txt"
TEXT_DA = SEEDS / "published-text" / "da" / "api-docs" / "authentication.txt"
SITE_FR = SEEDS / "published-site" / "fr" / "api-docs" / "authentication.txt"
PUBLISHED = {"published-text/fr": TEXT_FR, "published-text/da": TEXT_DA,
             "published-site/fr": SITE_FR}
HTML = REPO / "fixtures" / "published-html" / "fr" / "api-docs" / "authentication.html"


def _lines(path: Path) -> list[str]:
    return split_lines(path.read_text(encoding="utf-8"))


def _page(path: Path, locale: str = "fr") -> Page:
    page = parse_text(doc(f"{locale}/api-docs/{path.name}", locale), path.read_text(encoding="utf-8"))
    page.samples = samples_of(page)
    return page


@lru_cache(maxsize=1)
def _source() -> Page:
    page = _page(SOURCE)
    assert page.kind is FileKind.SOURCE
    return page


def _source_fences() -> list[Fence]:
    return [fence for fence in _source().fences if not fence.chrome]


def _js_errors(code: str) -> bool:
    parser = Parser(Language(tree_sitter_javascript.language()))
    return parser.parse(code.encode("utf-8")).root_node.has_error


# --------------------------------------------------------------------------
# Code blocks
# --------------------------------------------------------------------------

@pytest.mark.parametrize("name", PUBLISHED)
def test_fifteen_blocks_in_the_source_order(name: str) -> None:
    page = _page(PUBLISHED[name])
    assert page.kind is FileKind.PUBLISHED
    expected = [fence.language for fence in _source_fences()]
    assert len(expected) == 15
    assert [fence.language for fence in page.fences] == expected
    for fence in page.fences:
        assert (fence.fence_line, fence.closed, fence.marker, fence.info) == (fence.line, True, "", "")
        assert fence.text.endswith("\n") and fence.line <= fence.end_line
        # First and last lines are code lines of the file, and the text is theirs.
        words = [text.strip() for text in page.lines[fence.line - 1:fence.end_line]]
        assert [text.strip() for text in fence.text.split("\n")[:-1]] == words
        assert words[0] and words[-1]


@pytest.mark.parametrize("name", PUBLISHED)
def test_python_blocks_parse(name: str) -> None:
    blocks = [fence for fence in _page(PUBLISHED[name]).fences if fence.language == "python"]
    assert len(blocks) == 5
    for fence in blocks:
        ast.parse(fence.text)


@pytest.mark.parametrize("name", PUBLISHED)
def test_javascript_blocks_parse_with_tree_sitter(name: str) -> None:
    blocks = [fence for fence in _page(PUBLISHED[name]).fences if fence.language == "javascript"]
    assert len(blocks) == 5
    for fence in blocks:
        assert not _js_errors(fence.text), fence.text


@pytest.mark.parametrize("name", ["published-text/fr", "published-site/fr"])
def test_recovered_code_is_the_source_code(name: str) -> None:
    """Line for line, the same code as the fr source; the Python whose
    indentation was lost gets exactly the source's indentation back."""
    for source, fence in zip(_source_fences(), _page(PUBLISHED[name]).fences, strict=True):
        def code(text: str) -> list[str]:
            return [line for line in text.split("\n") if line.strip()]
        if fence.language == "python":
            assert code(fence.text) == code(source.text)
        else:
            assert [line.strip() for line in code(fence.text)] == \
                   [line.strip() for line in code(source.text)]


@pytest.mark.parametrize("name", PUBLISHED)
def test_extractors_read_the_same_requests_as_the_source(name: str) -> None:
    source = _source().samples
    samples = _page(PUBLISHED[name]).samples
    assert len(samples) == len(source) == 15
    for theirs, ours in zip(source, samples, strict=True):
        assert ours.error is None
        mine, reference = ours.request, theirs.request
        assert mine is not None and reference is not None
        assert (mine.method, mine.url, mine.headers, mine.expected_status) == \
               (reference.method, reference.url, reference.headers, reference.expected_status)
        assert sorted(mine.body or {}) == sorted(reference.body or {})   # body keys


# --------------------------------------------------------------------------
# Line by line: code / prose / chrome / blank, expected from the source page
# --------------------------------------------------------------------------

_STRING = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")
_COMMENT = re.compile(r"(?://|#)\s.*$")
_CLOSED_TAG = re.compile(r"\{%.*?%\}")


def _skeleton(text: str) -> str:
    """A code line with what translators may change (strings, comments) emptied:
    `console.log("Login vellykket!");` and `console.log("Connexion réussie !");`
    are the same line of code."""
    text = _STRING.sub('""', text.strip())
    return _COMMENT.sub(lambda m: m.group(0)[:2].strip(), text)


def _source_words() -> tuple[set[str], list[str]]:
    """The source's code lines (as skeletons) and its prose lines (Markdown
    and closed tags removed, so `Remplacez \\`x\\` par ...` reads as published)."""
    lines = _source().lines
    end = export_footer_start(lines) or len(lines) + 1
    code_rows: set[int] = set()
    code: set[str] = set()
    for fence in _source_fences():
        code_rows.update(range(fence.fence_line, fence.end_line + 2))
        code.update(_skeleton(text) for text in fence.text.split("\n") if text.strip())
    prose = []
    for number, text in enumerate(lines[:end - 1], start=1):
        if number in code_rows:
            continue
        cleaned = _CLOSED_TAG.sub(" ", text).replace("`", "").lstrip("#")
        cleaned = " ".join(cleaned.split())
        if cleaned:
            prose.append(f" {cleaned} ")
    return code, prose


def _expected(lines: list[str]) -> list[str]:
    """blank: nothing on the line. code: its skeleton is a line of one of the
    source's fences. prose: its words are a run of words of a source line
    outside the fences (published text may break a hint over two lines). chrome:
    anything else: the site's navigation, "Last updated", "Powered by GitBook"...

    Ambiguous by design: a bare `}` or `)` is code on both sides, and the code
    test runs first, so a line is never both. `{% endtabs %` is prose: it is
    outside the source's fences and stands in the published body.
    """
    code, prose = _source_words()
    labels = []
    for text in lines:
        stripped = " ".join(text.split())
        if not stripped:
            labels.append(BLANK)
        elif _skeleton(stripped) in code:
            labels.append(CODE)
        elif any(f" {stripped} " in line for line in prose):
            labels.append(PROSE)
        else:
            labels.append(CHROME)
    return labels


def _differences(actual: list[str], expected: list[str], lines: list[str]) -> list[str]:
    return [f"{number}: got {got}, expected {want}: {lines[number - 1]!r}"
            for number, (got, want) in enumerate(zip(actual, expected, strict=True), start=1) if got != want]


@pytest.mark.parametrize("path", [TEXT_FR, SITE_FR], ids=["published-text/fr", "published-site/fr"])
def test_every_line_labelled_as_the_source_says(path: Path) -> None:
    lines = _lines(path)
    actual, expected = layout(lines).labels, _expected(lines)
    assert len(actual) == len(lines)
    assert _differences(actual, expected, lines) == []
    assert {CODE, PROSE, CHROME, BLANK} >= set(actual)


def test_every_danish_line_labelled_as_the_source_says() -> None:
    """da has no source of its own: its published text is the fr published text
    translated line for line (same number of lines). Code lines are checked
    against the fr source by skeleton (only strings and comments are
    translated); other lines take the label of the fr line at the same place,
    itself derived from the fr source."""
    danish, french = _lines(TEXT_DA), _lines(TEXT_FR)
    assert len(danish) == len(french)
    code, _ = _source_words()
    expected = []
    for da_line, fr_label in zip(danish, _expected(french), strict=True):
        is_code = bool(da_line.strip()) and _skeleton(da_line) in code
        assert is_code == (fr_label == CODE), da_line
        expected.append(fr_label)
    assert _differences(layout(danish).labels, expected, danish) == []


@pytest.mark.parametrize("name", PUBLISHED)
def test_chrome_never_becomes_code_heading_or_tag(name: str) -> None:
    page = _page(PUBLISHED[name])
    labels = layout(page.lines).labels
    chrome = {number for number, label in enumerate(labels, start=1) if label == CHROME}
    assert chrome   # "Last updated" at least
    for fence in page.fences:
        assert not chrome & set(range(fence.line, fence.end_line + 1))
    assert not chrome & {heading.line for heading in page.headings}
    assert not chrome & {tag.line for tag in page.tags}
    # The one leaked tag, at its line in the rendered file.
    assert [(tag.raw, tag.in_published) for tag in page.tags] == [("{% endtabs %", True)]
    assert page.lines[page.tags[0].line - 1].strip() == "{% endtabs %"


def test_site_chrome_is_recognised() -> None:
    lines = _lines(SITE_FR)
    labels = layout(lines).labels
    for number, text in enumerate(lines):
        if text.lstrip().startswith("•") or text.strip() in (
                "Powered by GitBook", "On this page", "Français", "Rememberizer Docs") \
                or text.startswith(("Previous", "Last updated")):
            assert labels[number] == CHROME, text


# --------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------

def test_site_page_has_the_source_sections() -> None:
    page = _page(SITE_FR)
    assert [(h.level, h.title) for h in page.headings] == \
           [(h.level, h.title) for h in _source().headings]
    assert [s.section for s in page.samples] == [s.section for s in _source().samples]
    assert len({s.section for s in page.samples}) == 5


def test_text_dump_has_only_its_title() -> None:
    """The plain-text dumps lost the section titles with the rest of the markup:
    only the page title is recoverable (the first line, before "Last updated")."""
    assert [(h.level, h.title, h.line) for h in _page(TEXT_FR).headings] == \
           [(1, "Authentification", 1)]
    assert [(h.level, h.title, h.line) for h in _page(TEXT_DA, "da").headings] == \
           [(1, "Godkendelse", 1)]


def test_heading_levels_from_structure() -> None:
    text = ("Titre\n\nIntro de la page.\n\nPremière section\n\nSous-titre\n\nDu texte.\n\n"
            "Deuxième section\n\nDu texte.\n\nAutre\n\nSous-titre\n\nFin.\n")
    page = parse_text(doc("fr/p.txt"), text)
    assert [(h.level, h.title) for h in page.headings] == [
        (1, "Titre"), (2, "Première section"), (3, "Sous-titre"), (2, "Deuxième section"),
        (2, "Autre"), (3, "Sous-titre")]


# --------------------------------------------------------------------------
# The classifier on its own: prose in any language, code in any shape
# --------------------------------------------------------------------------

PROSE_LINES = [
    "Remplacez recaptcha_response",
    "par une réponse reCAPTCHA réelle.",
    "Erstat YOUR_JWT_TOKEN med din faktiske JWT-token.",
    "Ersetzen Sie YOUR_API_KEY durch Ihren Schlüssel (siehe oben).",
    "将 recaptcha_response 替换为实际的 reCAPTCHA 响应。",
    "استبدل YOUR_JWT_TOKEN برمز JWT الفعلي الخاص بك.",
    "YOUR_JWT_TOKEN を実際の JWT トークンに置き換えてください。",
    "curl est un outil en ligne de commande.",
    "import des données depuis un fichier",
    "Note: the refresh_token cookie is sent by the browser.",
    "Det var en god dag for API'et",
]


def _code_lines(lines: list[str]) -> list[str]:
    labels = layout(lines).labels
    return [text for text, label in zip(lines, labels, strict=True) if label == CODE]


@pytest.mark.parametrize("line", PROSE_LINES)
def test_prose_with_code_like_tokens_is_prose(line: str) -> None:
    lines = ["curl -X POST \\", "https://api.example.com/v1/x/", line, "console.log(data);", line]
    assert _code_lines([line]) == []
    # Between code lines it still ends the block before it.
    page = parse_text(doc("fr/p.txt"), "\n".join(["Titre", "Last updated", *lines]))
    assert all(page.lines[f.line - 1].strip() != line for f in page.fences)
    assert [f.language for f in page.fences] == ["bash", "javascript"]


def test_blank_lines_inside_a_block_do_not_end_it() -> None:
    lines = ["Exemple :", "", "import requests", "", "def go():", "    x = 1", "    ",
             "    print(x)", "", "go()", "", "Fin de l'exemple."]
    fences = layout(lines).fences
    assert [(f.line, f.end_line, f.language) for f in fences] == [(3, 10, "python")]
    assert fences[0].text == "\n".join(lines[2:10]) + "\n"


def test_json_response_block() -> None:
    lines = ["Réponse :", "{", '"id": 1,', '"tags": ["a", "b"]', "}", "Autre chose."]
    fences = layout(lines).fences
    assert [(f.line, f.end_line, f.language) for f in fences] == [(2, 5, "json")]


def test_language_change_splits_adjacent_blocks() -> None:
    lines = ["fetch('https://x/y');", "import requests", "requests.get('https://x/y')"]
    assert [(f.line, f.end_line, f.language) for f in layout(lines).fences] == \
           [(1, 1, "javascript"), (2, 3, "python")]


def test_a_comment_above_a_block_belongs_to_it() -> None:
    lines = ["Texte.", "// Exemple", "const a = 1;", "console.log(a);"]
    assert [(f.line, f.end_line) for f in layout(lines).fences] == [(2, 4)]


def test_reindent_python_from_structure() -> None:
    flat = ["import requests", "def get_items(token):", 'headers = {"Authorization": token}',
            "try:", 'response = requests.get(', '"https://x/items",', "headers=headers",
            ")", "except requests.HTTPError as error:", "print(error)", "return []",
            "if response.status_code == 200:", "return response.json()", "elif response.ok:",
            "return []", "else:", "raise RuntimeError(response.text)",
            'items = get_items("YOUR_TOKEN")', "print(items)"]
    code = reindent_python(flat)
    assert code is not None
    ast.parse("\n".join(code))
    assert code[3] == "    try:" and code[8] == "    except requests.HTTPError as error:"
    assert code[5] == '            "https://x/items",' and code[7] == "        )"
    assert code[11] == "    if response.status_code == 200:" and code[15] == "    else:"
    assert code[17] == 'items = get_items("YOUR_TOKEN")'


def test_reindent_keeps_code_that_parses() -> None:
    code = ["x = 1", "if x:", "  y = 2"]
    assert reindent_python(code) == code


def test_export_footer_and_header_are_chrome() -> None:
    text = ("> For the complete documentation index, see [llms.txt](https://x/llms.txt).\n"
            "Titre\n\ncurl -X GET \\\n  https://api.example.com/v1/x/\n\n---\n\n"
            "# Agent Instructions\n\nGET https://docs.example.com/page.md?ask=<question>\n")
    lines = split_lines(text)
    found = layout(lines)
    assert [(f.line, f.language) for f in found.fences] == [(4, "bash")]
    assert found.labels[0] == CHROME and found.labels[-2] == CHROME


def test_long_pages_are_read_in_linear_time() -> None:
    lines = _lines(SITE_FR)
    big = lines[:125] + lines[125:426] * 60   # ~18,000 lines, 900 samples
    found = layout(big)
    assert len(found.fences) == 900
    for nasty in ["a" * 50_000 + "(", "x" + ".a" * 25_000 + "(", "'" * 50_000, "{%" * 25_000]:
        layout([nasty] * 3)   # would hang with a catastrophically backtracking regex


# --------------------------------------------------------------------------
# HTML dumps
# --------------------------------------------------------------------------

def _line_of(lines: list[str], needle: str) -> int:
    return next(number for number, text in enumerate(lines, start=1) if needle in text)


def test_html_dump_code_blocks_at_their_lines() -> None:
    lines = _lines(HTML)
    page = _page(HTML)
    assert page.kind is FileKind.PUBLISHED
    python_end = max(number for number, text in enumerate(lines, start=1) if text == "sign_up()")
    assert [(f.language, f.line, f.end_line) for f in page.fences] == [
        ("bash", _line_of(lines, "curl -X POST"), _line_of(lines, "[email&#160;protected]")),
        ("javascript", _line_of(lines, "const signUp"), _line_of(lines, "signUp();</code>")),
        # `<code>` then a newline: the code starts on the next line, as browsers show it.
        ("python", _line_of(lines, "import requests"), python_end),
    ]
    bash, javascript, python = page.fences
    # Entities unescaped; Cloudflare's obfuscated address kept as the page shows it.
    assert '-H "Content-Type: application/json"' in bash.text
    assert "?a=1&b=2" in bash.text and "&amp;" not in bash.text
    assert "[email\xa0protected]" in bash.text
    assert "async () => {" in javascript.text and "response.status < 300 && response.ok" in javascript.text
    assert not _js_errors(javascript.text)
    ast.parse(python.text)
    assert python.text.startswith("import requests\n")


def test_html_dump_headings_chrome_and_tags() -> None:
    lines = _lines(HTML)
    page = _page(HTML)
    assert [(h.level, h.title) for h in page.headings] == [
        (1, "Authentification"), (2, "Inscription"), (3, "Exemples de requêtes")]
    assert page.headings[0].line == _line_of(lines, "<h1")
    # The nav's and the footer's code blocks are chrome; the tag in <script> too.
    assert all("nav.example.com" not in f.text and "ask=" not in f.text for f in page.fences)
    assert [(t.raw, t.line, t.column) for t in page.tags] == [
        ("{% endtabs %", _line_of(lines, "<p>{% endtabs %"), 4)]
    assert [s.section for s in page.samples] == ["Inscription"] * 3


def test_other_shapes_of_code() -> None:
    lines = ["Titre", "", "(async () => {", "const res = await fetch('https://x/y');",
             "console.log(await res.json());", "})();", "", "Réponse :", "",
             '{"id": 1, "name": "x"}', "", "Requête brute :", "", "GET /api/v1/me HTTP/1.1",
             "Host: api.example.com", "Authorization: Bearer YOUR_TOKEN", "", "Python :", "",
             "import requests", "class Client:", "def __init__(self, token):",
             '"""Un client."""', "self.token = token", "# Appelle l'API", "def me(self):",
             'return requests.get("https://x/me")', 'client = Client("YOUR_TOKEN")',
             "print(client.me())", "", "limit=10 renvoie dix éléments par page.",
             "sign_up()", "renvoie la réponse.", "interface User {", "id: number;", "}",
             "const u: User = { id: 1 };"]
    found = layout(lines)
    assert [(f.line, f.end_line, f.language) for f in found.fences] == [
        (3, 6, "javascript"), (10, 10, "json"), (14, 16, "http"), (20, 29, "python"),
        (34, 37, "typescript")]
    python = found.fences[3].text.split("\n")
    ast.parse(found.fences[3].text)
    assert python[2] == "    def __init__(self, token):" and python[8] == 'client = Client("YOUR_TOKEN")'
    # Code-shaped sentences and a lone call in the prose are prose.
    assert found.labels[30] == found.labels[31] == PROSE


def test_shell_sessions_and_their_ends() -> None:
    lines = ["Installez :", "", "git clone https://github.com/x/y.git", "cd y", "sudo apt install nginx",
             "", "docker run -d \\", " -e A=1 \\", "", "Docker Compose", "",
             "docker compose up to start the container.", "vi anbefaler at bruge docker."]
    found = layout(lines)
    # One session: commands after a blank line go on with it (only a new curl
    # or an import starts a new sample). A blank line ends a `\` continuation;
    # shell-looking sentences are prose.
    assert [(f.line, f.end_line, f.language) for f in found.fences] == [(3, 8, "bash")]
    assert found.labels[9] == found.labels[11] == found.labels[12] == PROSE


def test_python_header_with_a_trailing_comment_and_annotations() -> None:
    flat = ["import os", "class Valves:", "url: str = os.getenv('URL', '')", "def check(size):",
            "if size > 5_000_000:  # 5 MB", "return 'large'", "return 'small'", "print(check(1))"]
    found = layout(["Exemple :", *flat, "Fin de l'exemple."])
    assert [(f.line, f.end_line, f.language) for f in found.fences] == [(2, 9, "python")]
    code = found.fences[0].text.split("\n")
    ast.parse(found.fences[0].text)
    assert code[2] == "    url: str = os.getenv('URL', '')"
    assert code[5] == "        return 'large'" and code[7] == "print(check(1))"


def test_python_with_bare_placeholders_is_still_reindented() -> None:
    code = reindent_python(["def go():", "return {", '"id": <your_id>', "}", "go()"])
    assert code == ["def go():", "    return {", '        "id": <your_id>', "    }", "go()"]
