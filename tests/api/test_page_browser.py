"""The search page in a real browser: Debian's headless Chromium driven by Playwright.

A real ``kamerzoek serve`` runs on a free loopback port over a copy of the
indexed data dir; the test types a query, checks the results and their
citation line, follows a citation to its passage in context, asks a question,
and saves screenshots in a temporary folder (``pytest --screenshots DIR`` keeps
them in DIR). Chromium comes from ``scripts/test-deps.sh`` (apt), never from
``playwright install``.
"""
from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import MANIFEST, copy_data_dir
from scripts.server_process import Server

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage"]


def wait_for_url(page, part: str, tries: int = 150) -> None:
    """Wait until the page's URL holds ``part`` (the page's CSP forbids Playwright's string eval)."""
    for _ in range(tries):
        if part in page.url:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{part!r} never appeared in {page.url}")


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


def test_search_shows_cited_results_and_opens_a_passage(page, server, screenshots):
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
    page.screenshot(path=str(screenshots / "search-results.png"), full_page=False)

    first.locator("a.context-link").click()
    page.wait_for_selector("#passage-text")
    assert page.url.endswith(f"#passage/{api[0]['chunk_id']}")
    assert page.locator("#passage-text").inner_text().strip() == api[0]["text"].strip()
    assert page.locator("#view h2").inner_text() == api[0]["title"]
    assert "null" not in page.locator("#view").inner_text().split()
    page.screenshot(path=str(screenshots / "passage-in-context.png"), full_page=False)

    page.click("a.back")
    page.wait_for_selector("article.result", state="visible")


def test_question_gets_an_answer_with_numbered_citations(page, server, screenshots):
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
    page.screenshot(path=str(screenshots / "search-answer.png"), full_page=False)

    chunk_id = citation.get_attribute("data-chunk-id")
    citation.locator("a.context-link").click()
    page.wait_for_selector("#passage-text")
    assert page.url.endswith(f"#passage/{chunk_id}")
    assert " ".join(quote.split()) in " ".join(page.locator("#passage-text").inner_text().split())


def test_the_asked_for_span_is_bold_in_the_answer_and_its_quote(page, server):
    """'Hoeveel …?' → the number itself in bold, in the answer and in the quoted sentence."""
    page.fill("#q", "Hoeveel rijkshubs heeft het Ministerie van BZK geopend?")
    page.press("#q", "Enter")
    page.wait_for_selector("#answer .citations li")
    body = httpx.post(f"{server.url}/ask", json={"question": "Hoeveel rijkshubs heeft het Ministerie van BZK geopend?"}).json()
    first = body["citations"][0]
    expected = first["quote"][first["answer_span"][0]:first["answer_span"][1]]
    assert expected == "zeven"
    assert page.locator("#answer .text strong.answer-span").inner_text() == expected
    assert page.locator("#answer .citations li blockquote strong.answer-span").first.inner_text() == expected


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


def test_motion_timeline_is_one_click_from_a_passage(page, server, screenshots):
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
    page.screenshot(path=str(screenshots / "motion-timeline.png"), full_page=False)


def test_reference_query_facets_and_sort_live_in_the_url(page, server, screenshots):
    page.fill("#q", "Kamerstuk 35 669, nr. 36")
    page.click("#search-button")
    page.wait_for_selector("article.result")
    assert "Herkend" in page.locator("#reference").inner_text()
    api = httpx.get(f"{server.url}/search", params={"q": "Kamerstuk 35 669, nr. 36"}).json()
    first_three = [page.locator("article.result").nth(i).get_attribute("data-chunk-id") for i in range(3)]
    assert first_three == api["reference"]["citing"][:3]
    assert page.locator("article.result .cites").count() >= 3
    page.screenshot(path=str(screenshots / "reference-query.png"), full_page=False)

    page.fill("#q", "thuiswerken")
    page.select_option("#sort", "date")
    wait_for_url(page, "sort=date")
    page.wait_for_selector("#facets ul[data-facet=year] a")
    dates = [c.split(" · ")[1] for c in page.locator("article.result .cite").all_inner_texts()]
    assert dates[0].endswith("2024")  # newest letter first
    page.locator("#facets ul[data-facet=year] a", has_text="2021").click()
    wait_for_url(page, "date_from=2021-01-01")
    page.wait_for_selector("#facets ul[data-facet=year] a.active")
    cites = page.locator("article.result .cite").all_inner_texts()
    assert cites and all(c.split(" · ")[1].endswith("2021") for c in cites)
    assert "date_to=2021-12-31" in page.url and "sort=date" in page.url
    csv_href = page.locator("#search-csv").get_attribute("href")
    assert "format=csv" in csv_href and "date_from=2021-01-01" in csv_href
    assert httpx.get(f"{server.url}{csv_href}").headers["content-type"].startswith("text/csv")
    page.screenshot(path=str(screenshots / "search-facets.png"), full_page=False)
    page.reload()  # the state comes back from the URL
    page.wait_for_selector("article.result")
    assert page.locator("#sort").input_value() == "date" and page.locator("#date_from").input_value() == "2021-01-01"


def test_motions_view_filters_by_status_and_opens_a_timeline(page, server, screenshots):
    page.click("#nav-motions")
    page.wait_for_selector("#motions-table tbody tr")
    api = httpx.get(f"{server.url}/motions").json()
    assert page.locator("#motions-table tbody tr").count() == api["count"]
    page.select_option("#status-filter", "genoemd")
    wait_for_url(page, "#motions?status=genoemd")
    page.wait_for_selector("#view-title:has-text('(0)')")
    page.select_option("#status-filter", "afgedaan")
    page.wait_for_selector("#motions-table tbody tr")
    assert "status=afgedaan" in page.locator("#view a.csv-link").get_attribute("href")
    page.screenshot(path=str(screenshots / "motions-view.png"), full_page=False)
    page.locator("#motions-table a.motion-link", has_text="35669-36").click()
    page.wait_for_selector("#motion-title")
    motion = httpx.get(f"{server.url}/motions/35669-36").json()
    assert page.locator(".timeline li").count() == len(motion["mentions"])


def test_open_commitments_oldest_first_with_their_timeline(page, server, screenshots):
    page.click("#nav-commitments")
    page.wait_for_selector("#commitments-table tbody tr")
    api = httpx.get(f"{server.url}/commitments", params={"status": "openstaand", "sort": "age"}).json()
    rows = page.locator("#commitments-table tbody tr")
    assert [rows.nth(i).get_attribute("data-id") for i in range(rows.count())] == [c["id"] for c in api["data"]]
    assert "open" in rows.first.locator(".age").inner_text()
    page.screenshot(path=str(screenshots / "open-commitments.png"), full_page=False)
    page.select_option("#status-filter", "")  # all commitments
    wait_for_url(page, "#commitments?status=")
    page.wait_for_selector("#view-title:has-text('Toezeggingen (')")
    every = httpx.get(f"{server.url}/commitments").json()["data"]
    followed = max(every, key=lambda c: c["mention_count"])
    row = page.locator(f"#commitments-table tr[data-id='{followed['id']}']")
    row.locator("summary").click()
    assert row.locator(".timeline li").count() == followed["mention_count"]
    row.locator("a.commitment-link").click()
    page.wait_for_selector("#commitment-title")
    assert page.locator(".timeline li").count() == followed["mention_count"]
    assert "gekoppeld: zelfde herkomst, de brief van 16 november 2020" in page.locator("#view").inner_text()
    assert "null" not in page.locator("#view").inner_text().split()
    page.screenshot(path=str(screenshots / "commitment-timeline.png"), full_page=False)
    page.locator(".timeline a.context-link").first.click()
    page.wait_for_selector("#passage-text")
    quote = followed["mentions"][0]["quote"]
    assert " ".join(quote.split())[:40] in " ".join(page.locator("#passage-text").inner_text().split())


def test_measures_and_watches_views(page, server, screenshots):
    page.click("#nav-measures")
    page.wait_for_selector("#measures-table tbody tr")
    assert page.locator("#measures-table tbody tr").count() == httpx.get(f"{server.url}/measures").json()["count"]
    page.screenshot(path=str(screenshots / "measures-view.png"), full_page=False)

    page.click("#nav-watches")
    page.wait_for_selector("#watch-query")
    page.fill("#watch-query", "35669-36")
    page.click("#watch-add")
    page.wait_for_selector("#watches-table a.feed-link")
    watch = httpx.get(f"{server.url}/watches").json()["data"][-1]
    feed = page.locator(f"#watches-table tr[data-id='{watch['id']}'] a.feed-link")
    assert feed.get_attribute("href") == f"/watches/{watch['id']}/feed.atom"
    assert httpx.get(f"{server.url}{watch['feed_url']}").headers["content-type"].startswith("application/atom+xml")
    page.screenshot(path=str(screenshots / "watches-view.png"), full_page=False)
    # follow a search from the results
    page.goto(f"{server.url}/?q=rijkshubs&doc_type=Kamerbrief")
    page.wait_for_selector("article.result")
    page.click("#watch-button")
    wait_for_url(page, "#watches")
    page.wait_for_selector("#watches-table tbody tr:nth-child(2)")
    latest = httpx.get(f"{server.url}/watches").json()["data"][-1]
    assert latest["query"] == "rijkshubs" and latest["filters"] == {"doc_type": "Kamerbrief"}
    page.locator(f"#watches-table tr[data-id='{latest['id']}'] button").click()
    page.wait_for_selector(f"#watches-table tr[data-id='{latest['id']}']", state="detached")
    assert latest["id"] not in {w["id"] for w in httpx.get(f"{server.url}/watches").json()["data"]}
