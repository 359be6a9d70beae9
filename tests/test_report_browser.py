"""The HTML report in a real browser: the system Chromium, driven by Playwright.

Skips when Chromium or Playwright is missing (`.ci/browser-deps` installs
both; CI runs it). Checks that the report renders, that every filter changes
what is shown, that the planted `<script>`/`onerror` payloads show as text
and never run, and that the page fetches nothing. Leaves a screenshot at
/tmp/sampledrift-report.png for a person to look at.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.config import Config
from checker.engine import check_paths
from checker.model import Result
from checker.report import html

REPO = Path(__file__).resolve().parent.parent
DRIFT = REPO / "fixtures" / "html-report"
SCREENSHOT = Path("/tmp/sampledrift-report.png")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VISIBLE = "article.finding:visible"


def _sync_playwright():  # noqa: ANN202 - the import is the availability check
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Python playwright is not installed: run .ci/browser-deps")
    if not Path(CHROMIUM).is_file():
        pytest.skip("Debian's chromium is not installed (/usr/bin/chromium): run .ci/browser-deps")
    return sync_playwright


@pytest.fixture(scope="module")
def result() -> Result:
    return check_paths([str(DRIFT)], Config(), display=(str(DRIFT), "docs"))


@pytest.fixture(scope="module")
def report(result: Result, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("report") / "report.html"
    target.write_text(html.render(result), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    sync_playwright = _sync_playwright()
    profile = tmp_path_factory.mktemp("chromium-profile")   # a fresh user-data-dir
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 1400, "height": 1000})
        yield context
        context.close()


class Watched:
    """A page with everything it did recorded: requests, dialogs, errors."""

    def __init__(self, context, url: str) -> None:  # noqa: ANN001
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def _dialog(self, dialog) -> None:  # noqa: ANN001
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def visible(self) -> int:
        return self.page.locator(VISIBLE).count()

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def watched(browser, report: Path) -> Iterator[Watched]:  # noqa: ANN001
    view = Watched(browser, report.as_uri())
    yield view
    view.close()
    assert view.dialogs == [], "a dialog opened: document text ran as script"
    assert view.errors == [], "the page reported errors (a CSP violation shows here)"
    assert view.requests == [report.as_uri()], "the report fetched something"


def test_report_renders_its_summary_and_grid(watched: Watched, result: Result) -> None:
    page = watched.page
    assert page.locator("#summary").is_visible()
    tiles = page.locator(".tile[data-severity]").evaluate_all(
        "tiles => tiles.map(t => [t.dataset.severity, t.querySelector('.n').textContent])")
    counts = result.counts()
    assert tiles == [["error", str(counts["error"])], ["warning", str(counts["warning"])], ["info", "0"]]
    cells = page.locator("#grid tbody td").evaluate_all(
        "cells => cells.map(c => [c.parentElement.querySelector('th').textContent, c.textContent])")
    per_cell = Counter((f.path.split("/", 2)[2].rsplit(".", 1)[0], f.locale) for f in result.findings)
    assert cells == [
        ["api/items", "0"], ["api/items", str(per_cell[("api/items", "fr")])],
        ["api/unsafe", "0"], ["api/unsafe", str(per_cell[("api/unsafe", "fr")])],
        ["api/webhooks", str(per_cell[("api/webhooks", "en")])], ["api/webhooks", "–"],
    ]
    assert page.locator("#grid button.cell").count() == 3
    assert watched.visible() == len(result.findings)
    assert page.locator("#status").text_content() == f"Showing {len(result.findings)} of {len(result.findings)} findings"
    # Side by side: the reference and the drifting locale in one row, the drifting line marked.
    row = page.locator("tr.row", has=page.locator("article[data-rule=method-drift]"))
    assert row.locator("td").evaluate_all("tds => tds.map(td => td.dataset.locale)") == ["en", "fr"]
    hit = row.locator("td[data-locale=fr] .ln.hit").first
    assert hit.locator(".no").text_content() == "11" and hit.is_visible()
    box_en = row.locator("td[data-locale=en]").bounding_box()
    box_fr = row.locator("td[data-locale=fr]").bounding_box()
    assert box_en["x"] + box_en["width"] <= box_fr["x"] + 1 and abs(box_en["y"] - box_fr["y"]) < 1


def _toggle(watched: Watched, name: str, value: str) -> None:
    watched.page.locator(f"#filters input[name={name}][value='{value}']").click()


@pytest.mark.parametrize(("name", "value"), [("severity", "warning"), ("severity", "error"),
                                             ("rule", "method-drift"), ("rule", "page-missing"),
                                             ("locale", "fr"), ("locale", "en")])
def test_each_checkbox_filter_hides_its_findings(watched: Watched, result: Result,
                                                  name: str, value: str) -> None:
    def key(finding) -> str:  # noqa: ANN001
        return {"severity": finding.severity.value, "rule": finding.rule, "locale": finding.locale}[name]

    total = len(result.findings)
    matching = sum(1 for f in result.findings if key(f) == value)
    assert matching > 0 and watched.visible() == total
    _toggle(watched, name, value)
    assert watched.visible() == total - matching
    shown = watched.page.locator(VISIBLE).evaluate_all(
        f"cards => cards.map(c => c.dataset['{name}'])")
    assert value not in shown
    assert watched.page.locator("#status").text_content() == f"Showing {total - matching} of {total} findings"
    _toggle(watched, name, value)
    assert watched.visible() == total


def test_grid_cell_filters_to_one_page_in_one_locale(watched: Watched, result: Result) -> None:
    page = watched.page
    items_fr = [f for f in result.findings if f.path.startswith("docs/fr/api/items.")]
    cell = page.locator("#grid tr", has_text="api/items").locator("button.cell[data-locale=fr]")
    cell.click()
    assert watched.visible() == len(items_fr)
    assert cell.get_attribute("aria-pressed") == "true"
    assert page.locator("#cell-filter").is_visible()
    assert page.locator("#cell-filter-text").text_content() == "api/items in fr"
    entries = page.locator("details.entry:visible h2").all_text_contents()
    assert entries == ["api/items"]
    lines = page.locator(VISIBLE).evaluate_all("cards => cards.map(c => c.querySelector('.meta .at').textContent)")
    assert sorted(lines) == sorted(f"{f.path}:{f.line}" for f in items_fr)
    # What a French translator sees after one click: the summary, then their page.
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000
    cell.click()   # the same cell again: everything back
    assert watched.visible() == len(result.findings)
    cell.click()
    page.locator("#cell-clear").click()
    assert watched.visible() == len(result.findings)
    _toggle(watched, "locale", "fr")
    page.locator("#reset").click()
    assert watched.visible() == len(result.findings)


def test_clean_samples_show_on_request(watched: Watched) -> None:
    rows = watched.page.locator("tr.row:visible")
    with_findings = rows.count()
    watched.page.locator("#show-clean").click()
    assert rows.count() > with_findings
    assert watched.page.locator("tr.row.clean:visible").count() == rows.count() - with_findings


def test_planted_script_shows_as_text_and_never_runs(watched: Watched) -> None:
    page = watched.page
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.evaluate("document.images.length") == 0
    assert page.evaluate("document.scripts.length") == 2
    text = page.locator("details.entry", has_text="api/unsafe").inner_text()
    for payload in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                    '<img src=x onerror="window.__xss=1">'):
        assert payload in text


def test_escaping_holds_without_the_csp(browser, report: Path, tmp_path: Path) -> None:  # noqa: ANN001
    """The CSP is a second wall; escaping alone must already keep the payload inert."""
    bare = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "",
                  report.read_text(encoding="utf-8"), count=1)
    assert "Content-Security-Policy" not in bare
    target = tmp_path / "bare.html"
    target.write_text(bare, encoding="utf-8")
    view = Watched(browser, target.as_uri())
    try:
        assert view.page.evaluate("typeof window.__xss") == "undefined"
        assert view.page.evaluate("document.images.length") == 0
        assert view.visible() > 0 and view.dialogs == [] and view.errors == []
        assert view.requests == [target.as_uri()]
    finally:
        view.close()


def test_the_harness_would_see_a_payload_run(browser, tmp_path: Path) -> None:  # noqa: ANN001
    """A canary: unescaped, the same payload does run here, so the checks above mean something."""
    target = tmp_path / "canary.html"
    target.write_text('<!DOCTYPE html><p>x</p><img src=x onerror="window.__xss=1">', encoding="utf-8")
    view = Watched(browser, target.as_uri())
    try:
        view.page.wait_for_function("window.__xss === 1")
        assert len(view.requests) == 2   # the page and its broken image
    finally:
        view.close()


def test_csp_blocks_a_handler_that_got_through(browser, report: Path, tmp_path: Path) -> None:  # noqa: ANN001
    """The second wall: were escaping ever to fail, the page's CSP would still refuse to run it."""
    broken = report.read_text(encoding="utf-8").replace(
        "<main>", '<main><img src=x onerror="window.__xss=1">', 1)
    target = tmp_path / "broken.html"
    target.write_text(broken, encoding="utf-8")
    view = Watched(browser, target.as_uri())
    try:
        view.page.wait_for_timeout(200)
        assert view.page.evaluate("typeof window.__xss") == "undefined"
        refused = [e for e in view.errors if "Content Security Policy" in e]
        assert len(refused) == 2, view.errors               # the handler, and the image itself
        assert any("inline event handler" in e for e in refused)
        assert any("img-src 'none'" in e for e in refused)
        assert view.visible() > 0                            # our own script still runs
    finally:
        view.close()
