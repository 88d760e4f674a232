"""In real headless Chromium (Debian ``chromium`` driven by Playwright through ``executable_path``).

Set ``TIDINGS_SCREENSHOTS=1`` to (re)write the README screenshots in ``docs/img/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import TOKEN, XSS_DOC

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SEED = "seed-2025-02-13-trump-putin"
DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"

if not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": 1400, "height": 900})
    p = context.new_page()
    p.set_default_timeout(10_000)
    outside: list[str] = []
    p.on("request", lambda r: outside.append(r.url) if not r.url.startswith((server, "data:")) else None)
    yield p
    context.close()
    assert outside == [], f"the page reached outside the server: {outside}"


def test_example_article_shows_the_planned_summit(page):
    page.goto(f"/articles/{SEED}")
    assert page.locator("h1").inner_text().startswith("Trump's Diplomatic Engagement")
    summit = page.locator("details.event", has_text="Saudi Arabia")
    sync_api.expect(summit).to_have_count(1)
    sync_api.expect(summit.locator("summary")).to_contain_text("AGREE/meet")
    sync_api.expect(summit.locator("summary .st-planned")).to_be_visible()
    sync_api.expect(summit.locator("summary")).to_contain_text("meeting planned")
    assert "planned" in summit.get_attribute("class")
    # the evidence is highlighted in the text and linked to its panel
    n = summit.get_attribute("id")
    mark = page.locator(f'mark.ev[data-ev~="{n}"]').first
    sync_api.expect(mark).to_contain_text("face-to-face")
    mark.click()
    sync_api.expect(summit).to_have_class("event planned flash")
    sync_api.expect(page.locator(".findings")).to_contain_text("office-mismatch")


def test_example_article_brief(page):
    page.goto(f"/articles/{SEED}")
    page.locator("a.brief-link").click()
    page.wait_for_url(f"**/articles/{SEED}/brief")
    sync_api.expect(page.locator("h1")).to_have_text("Trump's Diplomatic Engagement with Putin: Implications for Ukraine")
    timeline = page.locator("#timeline")
    sync_api.expect(timeline.locator("li.planned", has_text="Saudi Arabia")).to_contain_text("pending")
    sync_api.expect(timeline).to_contain_text("Moscow")
    sync_api.expect(page.locator("#stances")).to_contain_text("pre-2014 borders")
    finding = page.locator("#findings li", has_text="former President")
    sync_api.expect(finding).to_contain_text("office-mismatch")
    # the finding's citation leads to the source list, and from there to the marked text
    finding.locator("sup.cite a").first.click()
    source = page.locator("ol.sources li:target")
    sync_api.expect(source).to_have_count(1)
    source.locator("a").click()
    page.wait_for_url(f"**/articles/{SEED}?mark=*")
    sync_api.expect(page.locator("mark.cited#cited")).to_contain_text("former President")


def test_filter_events_by_actor_then_open_putin(page):
    page.goto("/events")
    all_rows = page.locator("table.events tbody tr").count()
    page.fill("input[name=actor]", "Putin")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?actor=Putin*")
    rows = page.locator("table.events tbody tr")
    assert 0 < rows.count() < all_rows
    for i in range(rows.count()):
        assert "Putin" in rows.nth(i).inner_text()
    csv_link = page.locator("a", has_text="CSV")
    assert "actor=Putin" in csv_link.get_attribute("href")
    page.locator("table.events a.who", has_text="Vladimir Putin").first.click()
    page.wait_for_url("**/actors/vladimir-putin")
    sync_api.expect(page.locator("h1")).to_have_text("Vladimir Putin")
    sync_api.expect(page.locator("table.offices")).to_contain_text("President of Russia")
    sync_api.expect(page.locator("svg.timeline circle").first).to_be_visible()


def test_upload_an_article_and_see_its_events(page):
    page.goto("/ingest")
    page.fill("input[name=token]", TOKEN)
    page.set_input_files("input[name=file]", files=[{
        "name": "macron-merz.txt", "mimeType": "text/plain",
        "buffer": (b"Macron and Merz meet in Berlin\n\nBERLIN, May 5, 2025 - French President Emmanuel Macron met "
                   b"German Chancellor Friedrich Merz in Berlin on Monday. Merz criticised Russia.\n")}])
    page.click("form.stack button[type=submit]")
    result = page.locator("#result")
    sync_api.expect(result).to_contain_text("ingested 1")
    assert result.locator("table.events tbody tr, table.events tr:has(td)").count() >= 1
    sync_api.expect(result.locator("table.events")).to_contain_text("Friedrich Merz")
    result.locator("h3 a").click()
    sync_api.expect(page.locator("h1")).to_have_text("Macron and Merz meet in Berlin")
    assert page.locator("details.event").count() >= 1


def test_script_in_article_is_not_executed(page):
    for path in (f"/articles/{XSS_DOC}", "/articles", "/events", f"/timeline?article={XSS_DOC}",
                 f"/articles/{XSS_DOC}/brief", "/stories", "/stances", "/planned"):
        page.goto(path)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__xss") == "undefined", path
    page.goto(f"/articles/{XSS_DOC}")
    text = page.locator("article.text").inner_text()
    assert "<script>window.__xss=1</script>" in text and 'onerror="window.__xss=2"' in text
    page.locator("article.text mark.ev").first.click()  # evidence links still work
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_timeline_network_and_screenshots(page, tmp_path):
    page.goto("/timeline")
    sync_api.expect(page.locator("svg.timeline circle.planned").first).to_be_attached()
    page.goto("/network")
    edges = page.locator("svg.network path.edge")
    assert edges.count() > 3
    colours = {edges.nth(i).get_attribute("stroke") for i in range(edges.count())}
    assert len(colours) >= 2  # quad categories are told apart
    out = DOCS_IMG if os.environ.get("TIDINGS_SCREENSHOTS") == "1" else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    for name, path in [("article", f"/articles/{SEED}"), ("events", "/events?actor=Putin"),
                       ("actor", "/actors/vladimir-putin"), ("timeline", "/timeline?actor=Putin"),
                       ("network", "/network"), ("ingest", "/ingest")]:
        page.goto(path)
        page.screenshot(path=str(out / f"web-{name}.png"))
        assert (out / f"web-{name}.png").stat().st_size > 10_000
