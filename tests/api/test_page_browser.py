"""The search page in a real browser: Debian's headless Chromium driven by Playwright.

A real ``kamerzoek serve`` runs on a free loopback port over a copy of the
indexed data dir; the test types a query, checks the results and their
citation line, follows a citation to its passage in context, asks a question,
and saves screenshots under ``reports/screenshots/``. Chromium comes from
``scripts/test-deps.sh`` (apt), never from ``playwright install``.
"""
from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import MANIFEST, copy_data_dir
from api.server_process import ROOT, Server

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage"]
SCREENSHOTS = ROOT / "reports" / "screenshots"


@pytest.fixture(scope="module")
def server(indexed_settings, tmp_path_factory):
    settings = copy_data_dir(indexed_settings, tmp_path_factory.mktemp("browser") / "data")
    with Server(settings.data_dir) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "run scripts/test-deps.sh (apt-get install chromium)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="nl-NL")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda err: errors.append(str(err)))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    tab.goto(f"{server.url}/")
    yield tab
    context.close()
    expected = [e for e in errors if "status of 422" in e]  # the bad-input test's own request
    assert [e for e in errors if e not in expected] == [], f"errors in the page's console: {errors}"


def test_search_shows_cited_results_and_opens_a_passage(page, server):
    page.fill("#q", "rijkshubs")
    page.click("#search-button")
    page.wait_for_selector("article.result")
    api = httpx.get(f"{server.url}/search", params={"q": "rijkshubs"}).json()["results"]
    results = page.locator("article.result")
    assert results.count() == len(api)

    first = results.first
    cite = first.locator(".cite").inner_text()
    assert cite.startswith(api[0]["title"]) and re.search(r"· \d{1,2} \w+ \d{4} · p\. \d+", cite)
    marks = [m.lower() for m in first.locator("mark").all_inner_texts()]
    assert marks and all(m.startswith("rijkshub") for m in marks)
    assert first.get_attribute("data-chunk-id") == api[0]["chunk_id"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "search-results.png"), full_page=False)

    first.locator("a.context-link").click()
    page.wait_for_selector("#passage-text")
    assert page.url.endswith(f"#passage/{api[0]['chunk_id']}")
    assert page.locator("#passage-text").inner_text().strip() == api[0]["text"].strip()
    assert page.locator("#view h2").inner_text() == api[0]["title"]
    assert "null" not in page.locator("#view").inner_text().split()
    page.screenshot(path=str(SCREENSHOTS / "passage-in-context.png"), full_page=False)

    page.click("a.back")
    page.wait_for_selector("article.result", state="visible")


def test_question_gets_an_answer_with_numbered_citations(page, server):
    question = "Hoeveel rijkshubs zijn er geopend?"
    page.fill("#q", question)
    page.press("#q", "Enter")  # ends with "?": answered, not only searched
    page.wait_for_selector("#answer .citations li")
    answer = page.locator("#answer .text").inner_text()
    assert "[1]" in answer and "rijkshubs" in answer
    citation = page.locator("#answer .citations li").first
    quote = citation.locator("blockquote").inner_text()
    assert quote.split()[0] in answer
    assert page.locator("article.result").count() > 0
    page.screenshot(path=str(SCREENSHOTS / "search-answer.png"), full_page=False)

    chunk_id = citation.get_attribute("data-chunk-id")
    citation.locator("a.context-link").click()
    page.wait_for_selector("#passage-text")
    assert page.url.endswith(f"#passage/{chunk_id}")
    assert " ".join(quote.split()) in " ".join(page.locator("#passage-text").inner_text().split())


def test_unanswerable_question_says_so_without_citations(page):
    from index.answer import NOT_FOUND

    page.fill("#q", "Wat is de hoofdstad van Australië?")
    page.click("#ask-button")
    page.wait_for_selector("#answer:not([hidden]) .text")
    assert page.locator("#answer").inner_text().split("\n")[-1].strip() == NOT_FOUND
    assert page.locator("#answer .citations li").count() == 0
    assert "null" not in page.locator("#answer").inner_text().split()


def test_filters_and_bad_input_in_the_page(page):
    page.select_option("#source", "004_66ea02ed325e333a.txt")
    page.fill("#q", "thuiswerken")
    page.click("#search-button")
    page.wait_for_selector("article.result")
    titles = set(page.locator("article.result .cite .title").all_inner_texts())
    assert titles == {MANIFEST["004_66ea02ed325e333a.txt"]["title"]}
    page.fill("#date_from", "2024-01-01")
    page.fill("#date_to", "2020-01-01")
    page.click("#search-button")
    page.wait_for_selector("#status.error")
    assert "date_from 2024-01-01 is after date_to 2020-01-01" in page.locator("#status").inner_text()


def test_motion_timeline_is_one_click_from_a_passage(page, server):
    motions = httpx.get(f"{server.url}/motions").json()["data"]
    motion = next(m for m in motions if m["mentions"])
    mention = motion["mentions"][0]
    page.goto(f"{server.url}/#passage/{mention['chunk_id']}")
    page.wait_for_selector("#passage-text")
    link = page.locator("#view a.motion-link", has_text=f"Motie {motion['id']}")
    link.first.click()
    page.wait_for_selector("#motion-title")
    assert page.locator("#motion-title").inner_text().startswith(f"Motie {motion['id']}")
    assert page.locator(".timeline li").count() == len(motion["mentions"])
    assert "null" not in page.locator("#view").inner_text().split()
    page.screenshot(path=str(SCREENSHOTS / "motion-timeline.png"), full_page=False)
