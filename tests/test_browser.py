"""The pages in a real browser: Debian's headless Chromium, driven through Debian's chromedriver.

A live server on 127.0.0.1 serves a store built from ``sources/`` plus a fixture document whose
text holds ``<script>alert(1)</script>``. The tests load each page, run a query from the query
page and read the table, follow an entity link, cancel a slow query, and check that the
document's script shows as text and never runs. Screenshots go to ``artifacts/screenshots/``.

Skipped, with the reason, when /usr/bin/chromium or /usr/bin/chromedriver is not installed
(``apt-get install chromium chromium-driver``) or selenium is not.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from flask import Flask, jsonify, request

from spacegraph.settings import PROJECT_DIR
from spacegraph.store import Store

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip(
        "headless browser tests need Debian's chromium and chromium-driver "
        "(/usr/bin/chromium, /usr/bin/chromedriver): apt-get install chromium chromium-driver",
        allow_module_level=True,
    )
webdriver = pytest.importorskip(
    "selenium.webdriver", reason="the browser tests drive Chromium with selenium (pip install)"
)
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

pytestmark = pytest.mark.slow

SCREENSHOTS = PROJECT_DIR / "artifacts" / "screenshots"
SCRIPT_DOC = "canada-japan-space-dialogue-script-2021"
JP_US_8 = "japan-us-comprehensive-dialogue-on-space-8-2023"
#: Every pair of triples, counted: seconds of work on the corpus, so there is time to cancel.
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"


@pytest.fixture
def store(corpus_store: Store) -> Store:
    return corpus_store


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tempfile.mkdtemp(prefix="spacegraph-chromium-")
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def shot(browser: object) -> Callable[[str], Path]:
    """Save a screenshot of the whole page as artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(name: str) -> Path:
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(1280, min(max(int(height), 800), 4000))
        path = SCREENSHOTS / f"{name}.png"
        assert browser.save_screenshot(str(path))
        browser.set_window_size(1280, 1000)
        return path

    return save


def wait_for(browser: object, condition: Callable[[object], object], seconds: float = 20) -> object:
    return WebDriverWait(browser, seconds, poll_frequency=0.05).until(condition)


def text_of(browser: object, css: str) -> str:
    return browser.find_element(By.CSS_SELECTOR, css).text


def assert_no_alert(browser: object) -> None:
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018


def test_each_page_loads_with_its_content(
    browser: object, live_server: str, shot: Callable[[str], Path]
) -> None:
    browser.get(live_server + "/")
    assert text_of(browser, "h1") == "spacegraph"
    documents = browser.find_elements(By.CSS_SELECTOR, "#document-list tbody tr")
    assert len(documents) == 6  # the five sources and the fixture document
    assert "2023-03-24" in text_of(browser, "#document-list")
    assert "Japan-United States Comprehensive Dialogue on Space" in text_of(
        browser, "#dialogue-list"
    )
    assert browser.find_elements(By.CSS_SELECTOR, "#saved-queries + ul a[href*='example=']")
    shot("landing")

    browser.get(live_server + "/query")
    editor = browser.find_element(By.ID, "query-text")
    assert "PREFIX sg: <https://w3id.org/spacegraph/ontology#>" in editor.get_property("value")
    assert browser.find_element(By.ID, "cancel").get_property("disabled") is True
    shot("query-page")

    browser.get(live_server + "/timeline")
    section = browser.find_element(By.ID, "d-dialogue-jp-us-comprehensive-dialogue-on-space")
    whens = [el.text for el in section.find_elements(By.CSS_SELECTOR, ".when")]
    assert whens[0] == "2017-05-16" and "planned for 2024" in whens
    assert whens.index("2023-03-24") < whens.index("planned for 2024")
    shot("timeline")

    browser.get(live_server + "/id/state/jp")
    assert text_of(browser, "h1") == "Japan"
    wikidata = browser.find_element(By.CSS_SELECTOR, "#wikidata a")
    assert wikidata.get_attribute("href") == "http://www.wikidata.org/entity/Q17"
    assert browser.find_elements(By.CSS_SELECTOR, "#incoming blockquote.quote")
    shot("entity-japan")

    browser.get(live_server + f"/documents/{JP_US_8}")
    marks = browser.find_elements(By.CSS_SELECTOR, "#doc-text a.ev")
    assert len(marks) > 10
    assert "Eighth Meeting" in text_of(browser, "h1")
    shot("document-jp-us-8")


def test_a_query_run_from_the_query_page_shows_a_table_with_links(
    browser: object, live_server: str, shot: Callable[[str], Path]
) -> None:
    browser.get(live_server + "/query")
    browser.find_element(By.CSS_SELECTOR, "a.example[data-slug='meetings-by-dialogue']").click()
    editor = browser.find_element(By.ID, "query-text")
    assert "# title: Meetings held, by dialogue" in editor.get_property("value")
    browser.find_element(By.ID, "run").click()
    wait_for(browser, lambda b: "rows in" in b.find_element(By.ID, "status").text)

    status = text_of(browser, "#status")
    rows = browser.find_elements(By.CSS_SELECTOR, "#results tbody tr")
    assert status.startswith(f"{len(rows)} rows in ")
    assert len(rows) == 5  # meetings held: 1st FR-US, 2nd FR-IN, 4th, 8th JP-US, CA-JP 3rd
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#results thead th")]
    assert headers[:3] == ["dialogue", "dialogueLabel", "meeting"]
    links = browser.find_elements(By.CSS_SELECTOR, "#results tbody a[href*='/id/dialogue/']")
    assert links and links[0].text.startswith("sgr:dialogue/")

    formats = {
        a.get_attribute("data-format"): a.get_attribute("href")
        for a in browser.find_elements(By.CSS_SELECTOR, "#downloads a")
    }
    assert sorted(formats) == ["csv", "json", "tsv", "xml"]
    csv = requests.get(formats["csv"], timeout=30)
    assert csv.status_code == 200 and csv.headers["Content-Type"].startswith("text/csv")
    assert csv.text.splitlines()[0].startswith("dialogue,dialogueLabel,meeting")
    assert len(csv.text.strip().splitlines()) == 1 + len(rows)
    shot("query-result")

    # follow an entity link out of the table
    target = links[0].get_attribute("href")
    links[0].click()
    wait_for(browser, lambda b: b.current_url == target)
    assert urlsplit(browser.current_url).path.startswith("/id/dialogue/")
    assert "Dialogue" in text_of(browser, "#classes")
    assert browser.find_elements(By.CSS_SELECTOR, "#incoming tbody tr")
    shot("entity-from-query")


def test_cancel_stops_a_slow_query(
    app: Flask,
    browser: object,
    live_server: str,
    shot: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The page's contract with the endpoint: each query carries an X-Query-Id header, and
    # Cancel posts that id to /sparql/cancel?id=... . Record what reaches the server.
    cancelled: list[str] = []
    runner = app.extensions.get("spacegraph.runner")
    has_route = any(rule.rule == "/sparql/cancel" for rule in app.url_map.iter_rules())
    if has_route and runner is not None:
        real_cancel = runner.cancel

        def recording_cancel(query_id: str) -> bool:
            cancelled.append(query_id)
            return real_cancel(query_id)

        monkeypatch.setattr(runner, "cancel", recording_cancel)
    else:  # an endpoint without a cancel route: stand in for it

        def record_cancel() -> object:
            cancelled.append(request.args.get("id", ""))
            return jsonify({"cancelled": request.args.get("id")})

        app.add_url_rule("/sparql/cancel", "test_cancel", record_cancel, methods=["POST"])

    browser.get(live_server + "/query")
    browser.execute_script("document.getElementById('query-text').value = arguments[0]", SLOW_QUERY)
    browser.find_element(By.ID, "run").click()
    wait_for(browser, lambda b: b.find_element(By.ID, "status").text == "Running…")
    assert browser.find_element(By.ID, "run").get_property("disabled") is True
    time.sleep(0.5)
    started = time.monotonic()
    browser.find_element(By.ID, "cancel").click()
    wait_for(browser, lambda b: "Cancelled" in b.find_element(By.ID, "status").text, 5)

    assert time.monotonic() - started < 3  # the query itself runs for seconds
    assert browser.find_element(By.ID, "results").is_displayed() is False
    assert browser.find_element(By.ID, "run").get_property("disabled") is False
    assert browser.find_element(By.ID, "cancel").get_property("disabled") is True
    query_id = browser.execute_script(
        "return document.getElementById('query-form').dataset.queryId"
    )
    assert query_id
    wait_for(browser, lambda b: cancelled, 5)
    assert cancelled == [query_id]
    if hasattr(runner, "running"):  # a worker pool really stops it
        wait_for(browser, lambda b: query_id not in runner.running(), 5)
    shot("query-cancelled")


def test_script_in_a_document_shows_as_text_and_never_runs(
    browser: object, live_server: str, shot: Callable[[str], Path]
) -> None:
    browser.get(live_server + f"/documents/{SCRIPT_DOC}")
    assert_no_alert(browser)
    assert text_of(browser, "h1").endswith("<script>alert(1)</script>")
    body = text_of(browser, "#doc-text")
    assert body.count("<script>alert(1)</script>") == 2
    assert '<b onmouseover="alert(2)">bold</b>' in body
    counts = browser.execute_script(
        "return [document.querySelectorAll('#doc-text script, h1 script').length,"
        " document.querySelectorAll('[onmouseover]').length,"
        " document.querySelectorAll('script').length]"
    )
    assert counts == [0, 0, 0]  # the document page itself needs no script at all
    marks = browser.find_elements(By.CSS_SELECTOR, "#doc-text a.ev")
    assert any("<script>" in mark.text for mark in marks)  # highlighted, and still text
    shot("document-with-script")

    browser.get(live_server + "/id/document/" + SCRIPT_DOC)
    assert_no_alert(browser)
    assert text_of(browser, "h1").endswith("<script>alert(1)</script>")
    shot("entity-document-with-script")
