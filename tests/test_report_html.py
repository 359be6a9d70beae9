"""`--format html`: the structure a translator relies on, read back with the
stdlib's html.parser, and the escaping that keeps document text inert."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from checker.config import Config
from checker.engine import check_paths
from checker.model import Result
from checker.report import html

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "fixtures" / "seeds"
DRIFT = REPO / "fixtures" / "html-report"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


# ------------------------------------------------------------ a small DOM

@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if ((tag is None or child.tag == tag) and (cls is None or cls in child.classes)
                        and all(child.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())):
                    found.append(child)
                found.extend(child.all(tag, cls, **attrs))
        return found

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.all(tag, cls, **attrs)
        assert len(found) == 1, (tag, cls, attrs, len(found))
        return found[0]

    def ancestor(self, tag: str, cls: str | None = None) -> Node:
        node = self.parent
        while node is not None and not (node.tag == tag and (cls is None or cls in node.classes)):
            node = node.parent
        assert node is not None, (tag, cls)
        return node

    def next_element(self) -> Node | None:
        siblings = [c for c in self.parent.children if isinstance(c, Node)]
        index = siblings.index(self)
        return siblings[index + 1] if index + 1 < len(siblings) else None


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root
        self.attributes: list[tuple[str, str, str | None]] = []   # (tag, name, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes.extend((tag, name, value) for name, value in attrs)
        node = Node(tag, {name: value or "" for name, value in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.current = self.current.parent

    def handle_endtag(self, tag: str) -> None:
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        assert node is not self.root, f"stray </{tag}>"
        assert node is self.current, f"</{tag}> closes <{self.current.tag}> too"
        self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


_CODE_MARKS = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def parse(text: str) -> _Builder:
    builder = _Builder()
    builder.feed(text)
    builder.close()
    assert builder.current is builder.root, "unclosed elements"
    return builder


# ------------------------------------------------------------- the trees

@pytest.fixture(scope="module")
def drift() -> Result:
    return check_paths([str(DRIFT)], Config(), display=(str(DRIFT), "docs"))


@pytest.fixture(scope="module")
def drift_html(drift: Result) -> str:
    return html.render(drift)


@pytest.fixture(scope="module")
def doc(drift_html: str) -> Node:
    return parse(drift_html).root


def words(node: Node) -> str:
    return " ".join(node.text.split())


def card_of(doc: Node, rule: str, path: str, line: int) -> Node:
    found = [c for c in doc.all("article", "finding", data_rule=rule)
             if c.one("p", "meta").one("code", "at").text == f"{path}:{line}"]
    assert len(found) == 1, (rule, path, line, len(found))
    return found[0]


# ----------------------------------------------------------------- summary

def test_summary_counts_match_the_result(drift: Result, doc: Node) -> None:
    tiles = {t.attrs["data-severity"]: int(t.one("span", "n").text) for t in doc.all("div", "tile")
             if "data-severity" in t.attrs}
    assert tiles == {"error": drift.counts()["error"], "warning": drift.counts()["warning"], "info": 0}
    assert tiles["error"] >= 7 and tiles["warning"] >= 4   # what the fixture plants, at least
    assert words(doc.one(id="reference")).startswith("Reference locale en ")
    by_locale = {row.attrs["data-locale"]: [int(td.text) for td in row.all("td")]
                 for row in doc.one("table", id="by-locale").all("tr") if "data-locale" in row.attrs}
    expected = {loc: [sum(1 for f in drift.findings if f.locale == loc and f.severity.value == sev)
                      for sev in ("error", "warning", "info")] for loc in ("en", "fr")}
    assert by_locale == {loc: [*counts, sum(counts)] for loc, counts in expected.items()}
    by_rule = {row.attrs["data-rule"]: int(row.one("td", "num").text)
               for row in doc.one("table", id="by-rule").all("tr") if "data-rule" in row.attrs}
    assert by_rule == dict(Counter(f.rule for f in drift.findings))
    assert {"method-drift", "endpoint-drift", "placeholder-translated", "payload-drift",
            "sample-missing", "tag-unterminated", "page-missing"} <= set(by_rule)
    assert words(doc.one("p", "scope")).startswith("5 files · 3 pages · 2 locales (en, fr) · 10 samples")


def test_grid_has_one_cell_per_page_and_locale(drift: Result, doc: Node) -> None:
    grid = doc.one("table", id="grid")
    header = [words(th) for th in grid.one("thead").all("th")]
    assert header == ["Page", "en reference", "fr"]
    cells = {}
    for row in grid.one("tbody").all("tr"):
        page = row.one("th").text
        for td, locale in zip(row.all("td"), ["en", "fr"], strict=True):
            (cell,) = [n for n in td.children if isinstance(n, Node)]
            cells[(page, locale)] = (cell.tag, sorted(cell.classes), cell.text)
    counts = Counter((f.path.split("/", 2)[2].rsplit(".", 1)[0], f.locale) for f in drift.findings)
    worst = {}
    for f in drift.findings:
        key = (f.path.split("/", 2)[2].rsplit(".", 1)[0], f.locale)
        worst[key] = max(worst.get(key, ""), f.severity.value, key=lambda s: ["", "info", "warning", "error"].index(s))

    def button(key: tuple[str, str]) -> tuple[str, list[str], str]:
        return ("button", sorted(["cell", f"sev-{worst[key]}"]), str(counts[key]))

    assert cells == {
        ("api/items", "en"): ("span", ["cell", "ok"], "0"),
        ("api/items", "fr"): button(("api/items", "fr")),
        ("api/unsafe", "en"): ("span", ["cell", "ok"], "0"),
        ("api/unsafe", "fr"): button(("api/unsafe", "fr")),
        ("api/webhooks", "en"): button(("api/webhooks", "en")),
        ("api/webhooks", "fr"): ("span", ["cell", "none"], "–"),   # no fr page at all
    }
    assert cells[("api/items", "fr")][1] == ["cell", "sev-error"]
    assert cells[("api/webhooks", "en")] == ("button", ["cell", "sev-warning"], "1")
    entries = {e.one("h2").text: e.attrs["id"] for e in doc.all("details", "entry")}
    for b in grid.all("button", "cell"):
        assert b.attrs["data-page"] == entries[b.ancestor("tr").one("th").text]
        assert b.attrs["data-locale"] in ("en", "fr") and b.attrs["aria-pressed"] == "false"


def test_filters_offer_every_severity_rule_and_locale(drift: Result, doc: Node) -> None:
    nav = doc.one("nav", id="filters")
    groups = {fs.attrs["data-filter"]: [(i.attrs["value"], "checked" in i.attrs) for i in fs.all("input")]
              for fs in nav.all("fieldset")}
    assert groups == {
        "severity": [("error", True), ("warning", True), ("info", True)],
        "rule": [(rule, True) for rule in sorted({f.rule for f in drift.findings})],
        "locale": [("en", True), ("fr", True)],
    }
    assert nav.one("input", id="show-clean").attrs["type"] == "checkbox"
    assert nav.one("button", id="reset").text == "Show all"
    assert "hidden" in nav.one(id="cell-filter").attrs


# ------------------------------------------------------------- findings

def test_every_finding_is_shown_once_with_its_filter_keys(drift: Result, doc: Node) -> None:
    cards = doc.all("article", "finding")
    assert [c.attrs["id"] for c in cards] != []
    assert sorted(c.attrs["id"] for c in cards) == sorted(f"f{i + 1}" for i in range(len(drift.findings)))
    by_id = {c.attrs["id"]: c for c in cards}
    for i, finding in enumerate(drift.findings):
        card = by_id[f"f{i + 1}"]
        assert (card.attrs["data-severity"], card.attrs["data-rule"], card.attrs["data-locale"]) == (
            finding.severity.value, finding.rule, finding.locale)
        # The plain sentence leads; its `code` spans are set as <code>.
        assert card.one("p", "msg").text == _CODE_MARKS.sub(r"\2", finding.message)
        assert [n for n in card.children if isinstance(n, Node)][0].attrs["class"] == "msg"
        assert card.one("p", "meta").one("code", "at").text == f"{finding.path}:{finding.line}"
        entry = card.ancestor("details", "entry")
        assert card.attrs["data-page"] == entry.attrs["id"]
        assert [q.one("code", "at").text for q in card.all("p", "cmp")] == [
            f"{r.path}:{r.line}" for r in finding.related]


def test_drifting_line_is_highlighted_beside_the_reference(doc: Node) -> None:
    card = card_of(doc, "method-drift", "docs/fr/api/items.md", 11)
    notes = card.ancestor("div", "notes")
    siblings = [c for c in notes.parent.children if isinstance(c, Node)]
    line = siblings[siblings.index(notes) - 1]
    assert line.classes == {"ln", "k-code", "hit", "sev-error"}
    assert (line.one("span", "no").text, line.one("span", "tx").text) == (
        "11", "curl -X PUT https://api.example.com/v1/items \\")
    assert words(card.one("p", "cmp")) == "en (reference) has, at docs/en/api/items.md:11:"
    assert [q.one("code").text for q in card.all("div", "quote")] == ["curl -X POST https://api.example.com/v1/items \\"]
    row = card.ancestor("tr", "row")
    en, fr = row.all("td")
    assert (en.attrs["data-locale"], fr.attrs["data-locale"]) == ("en", "fr")
    assert en.one("div", "where").one("code").text == "docs/en/api/items.md:11"
    en_lines = {ln.one("span", "no").text: ln.classes for ln in en.all("div", "ln")}
    rel, code, fence = {"ln", "k-code", "rel"}, {"ln", "k-code"}, {"ln", "k-fence"}
    assert en_lines == {"10": fence, "11": rel, "12": rel, "13": code, "14": rel, "15": fence}
    header = row.ancestor("table", "samples").one("thead")
    assert [words(th) for th in header.all("th")] == ["en reference Create an item", "fr Créer un élément"]


def test_missing_sample_sits_in_the_empty_cell(doc: Node) -> None:
    card = card_of(doc, "sample-missing", "docs/fr/api/items.md", 35)
    td = card.ancestor("td")
    assert td.attrs["data-locale"] == "fr"
    assert td.one("p", "absent").text == "No matching sample in fr."
    assert [q.one("code").text for q in card.all("div", "quote")] == [
        "## Lister les éléments", "curl -X DELETE https://api.example.com/v1/items/ITEM_ID \\"]
    (own,) = card.all("div", "own")
    assert own is card.all("div", "quote")[0]
    en = td.ancestor("tr", "row").all("td")[0]
    assert en.one("div", "where").one("code").text == "docs/en/api/items.md:45"


def test_findings_outside_samples_are_listed_with_their_line(doc: Node) -> None:
    entry = doc.one("details", id=card_of(doc, "tag-unterminated", "docs/fr/api/items.md", 33)
                    .attrs["data-page"])
    loose = entry.one("div", "loose")
    listed = [(c.attrs["data-rule"], c.one("p", "meta").one("code", "at").text, c.one("div", "own").one("code").text)
              for c in loose.all("article", "finding")]
    assert ("tag-unterminated", "docs/fr/api/items.md:33", "{% endtabs %") in listed
    assert ("structure-drift", "docs/fr/api/items.md:1", "# Éléments") in listed
    webhooks = next(e for e in doc.all("details", "entry") if e.one("h2").text == "api/webhooks")
    (card,) = webhooks.all("article", "finding")
    assert (card.attrs["data-rule"], card.one("div", "own").one("code").text) == ("page-missing", "# Webhooks")
    assert card.ancestor("div", "loose")


def test_pages_with_findings_open_and_list_their_files(doc: Node) -> None:
    entries = [(e.one("h2").text, "open" in e.attrs, "has-findings" in e.classes,
                [words(li) for li in e.one("ul", "files").all("li")]) for e in doc.all("details", "entry")]
    assert entries == [
        ("api/items", True, True, ["en docs/en/api/items.md source",
                                   "fr docs/fr/api/items.md source, paired by same path"]),
        ("api/unsafe", True, True, ["en docs/en/api/unsafe.md source",
                                    "fr docs/fr/api/unsafe.md source, paired by same path"]),
        ("api/webhooks", True, True, ["en docs/en/api/webhooks.md source"]),
    ]


# ---------------------------------------------------------------- escaping

PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
            '<img src=x onerror="window.__xss=1">']


def test_document_text_is_escaped_text(drift_html: str, doc: Node) -> None:
    unsafe = next(e for e in doc.all("details", "entry") if e.one("h2").text == "api/unsafe")
    text = unsafe.text
    for payload in PAYLOADS:
        assert payload in text                     # shown, as text
        assert payload not in drift_html           # never as markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in drift_html
    titles = [words(th) for th in unsafe.one("table", "samples").one("thead").all("th")]
    assert titles == ["en reference Echo <script>alert(1)</script>", "fr Écho <script>alert(1)</script>"]
    card = card_of(doc, "payload-drift", "docs/fr/api/unsafe.md", 12)
    assert "sends the body key <img src=x onerror=alert(1)> in fr" in card.one("p", "msg").text
    assert [c.text for c in card.one("p", "msg").children if isinstance(c, Node) and c.tag == "code"] == [
        "<img src=x onerror=alert(1)>"]  # as text inside <code>, never an element
    hint = card_of(doc, "tag-unbalanced", "docs/fr/api/unsafe.md", 5)
    assert hint.one("div", "own").one("code").text == (
        '{% hint style="info" %} <img src=x onerror="window.__xss=1"> <script>alert(1)</script>')


def test_no_foreign_element_attribute_or_url(drift_html: str) -> None:
    built = parse(drift_html)
    scripts = built.root.all("script")
    assert [s.attrs for s in scripts] == [{"type": "application/json", "id": "sd-data"}, {}]
    assert scripts[1].text == html._asset("_script.html.j2")
    assert built.root.all("img") == [] and built.root.all("iframe") == [] and built.root.all("link") == []
    names = {name for _, name, _ in built.attributes}
    assert not {n for n in names if n.startswith("on")}, names
    urls = [(tag, name, value) for tag, name, value in built.attributes if name in ("src", "href", "action")]
    assert urls and all(name == "href" and value.startswith("#") for _, name, value in urls), urls
    assert not [v for tag, _, v in built.attributes if tag != "meta" and re.search(r"\w+://", v or "")]


def test_csp_allows_only_our_own_script_and_style(drift_html: str, doc: Node) -> None:
    def sha(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    (meta,) = [m for m in doc.all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    style = doc.one("style").text
    script = doc.all("script")[1].text
    assert meta.attrs["content"] == (
        f"default-src 'none'; script-src {sha(script)}; style-src {sha(style)}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'")
    assert "unsafe" not in meta.attrs["content"]


def test_data_block_is_json_that_cannot_close_its_element(drift: Result, drift_html: str, doc: Node) -> None:
    raw = re.search(r'<script type="application/json" id="sd-data">(.*?)</script>', drift_html, re.S).group(1)
    assert "<" not in raw and ">" not in raw and "&" not in raw
    data = json.loads(raw)
    entries = {e.attrs["id"]: e.one("h2").text for e in doc.all("details", "entry")}
    assert data == {"total": len(drift.findings), "severities": ["error", "warning", "info"],
                    "rules": sorted({f.rule for f in drift.findings}), "locales": ["en", "fr"],
                    "pages": entries}


def test_script_json_escapes_what_would_end_the_script() -> None:
    text = str(html.script_json({"a": "</script><!-- & \u2028"}))
    assert text == '{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}'
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


# ------------------------------------------------------- other runs, same bytes

def test_same_input_same_bytes(drift: Result, drift_html: str) -> None:
    again = check_paths([str(DRIFT)], Config(), display=(str(DRIFT), "docs"))
    assert html.render(again) == drift_html == html.render(drift)


def test_demo_report_compares_against_consensus() -> None:
    demo = check_paths([str(SEEDS)], Config(), display=(str(SEEDS), "demo"))
    root = parse(html.render(demo)).root
    assert words(root.one(id="reference")).startswith("Reference locale consensus ")
    grid = root.one("table", id="grid")
    assert [words(th) for th in grid.one("thead").all("th")] == ["Page", "fr compared against", "da", "zh-cn"]
    (row,) = grid.one("tbody").all("tr")
    counts = Counter(f.locale for f in demo.findings)
    assert [td.text for td in row.all("td")] == [str(counts["fr"]), str(counts["da"]), str(counts["zh-cn"])]
    assert len(root.all("article", "finding")) == len(demo.findings)
    (entry,) = root.all("details", "entry")
    assert len(entry.all("tr", "row")) == 15                        # 15 samples, aligned in 3 locales
    assert {td.attrs["data-locale"] for td in entry.all("td")} == {"fr", "da", "zh-cn"}


def test_single_locale_pages_still_appear() -> None:
    en = DRIFT / "en"
    result = check_paths([str(en)], Config(), display=(str(en), "en"))
    root = parse(html.render(result)).root
    assert words(root.one(id="reference")).startswith("Reference locale en ")
    entries = {e.one("h2").text: len(e.all("tr", "row")) for e in root.all("details", "entry")}
    assert entries == {"api/items": 4, "api/unsafe": 1, "api/webhooks": 1}
    assert len(root.all("article", "finding")) == len(result.findings)


def test_pages_without_a_locale_or_page_set_still_appear(tmp_path: Path) -> None:
    (tmp_path / "guide.md").write_text(
        "# Guide\n\n## Ping\n\n```bash\ncurl https://api.example.com/ping\n```\n\n{% endhint %\n",
        encoding="utf-8")
    result = check_paths([str(tmp_path)], Config(), display=(str(tmp_path), "docs"))
    assert result.page_sets == [] and result.locales == []
    root = parse(html.render(result)).root
    assert words(root.one(id="reference")).startswith("Reference locale none ")
    (entry,) = root.all("details", "entry")
    assert entry.one("h2").text == "guide"
    (row,) = entry.all("tr", "row")
    assert [(td.attrs["data-locale"], td.one("div", "where").one("code").text) for td in row.all("td")] == [
        ("(none)", "docs/guide.md:6")]
    assert [c.one("p", "meta").one("code", "at").text for c in entry.all("article", "finding")] == [
        f"{f.path}:{f.line}" for f in result.findings]
    assert {f.rule for f in result.findings} >= {"tag-unterminated"}
    grid = root.one("table", id="grid")
    assert [words(th) for th in grid.one("thead").all("th")] == ["Page", "no locale"]
    assert [td.text for td in grid.one("tbody").all("td")] == [str(len(result.findings))]


def test_a_clean_run_says_so(tmp_path: Path) -> None:
    for locale in ("en", "fr"):
        page = tmp_path / locale / "ping.md"
        page.parent.mkdir()
        page.write_text("# Ping\n\n```bash\ncurl https://api.example.com/ping\n```\n", encoding="utf-8")
    result = check_paths([str(tmp_path)], Config(), display=(str(tmp_path), "docs"))
    assert result.findings == []
    root = parse(html.render(result)).root
    assert root.one("p", "clean-run").text == "No findings: the code samples agree across locales."
    assert root.all("table", id="grid") == [] and root.all("article", "finding") == []
    (entry,) = root.all("details", "entry")
    assert "open" not in entry.attrs and len(entry.all("tr", "row")) == 1


def test_each_sample_says_its_kind_and_calls(tmp_path: Path) -> None:
    """The side-by-side view labels what a block is (issue 10): a request, a
    response with its status, data; and how many calls a sample makes."""
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "p.md").write_text(
        "# P\n\n## Get\n\n```bash\ncurl https://api.example.com/a\ncurl https://api.example.com/b\n```\n\n"
        "```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"id\": 1}\n```\n\n"
        "## Config\n\n```yaml\nimage: postgres:16\n```\n", encoding="utf-8")
    result = check_paths([str(tmp_path)], Config(), display=(str(tmp_path), "docs"))
    root = parse(html.render(result)).root
    kinds = [t.text for t in root.all("span", "block-kind")]
    assert kinds == ["request, 2 calls", "response 200", "data"]
