"""The web UI in a real browser: Debian's headless Chromium driven by Selenium 4.

A uvicorn server runs the app in a thread on a free 127.0.0.1 port. Selenium Manager is
never used (the driver's path is given), so nothing is downloaded. Screenshots go to
$TIPWATCH_SCREENSHOTS when set (to look at them), else to the test's temp folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from harness import chromium, needs_chromium, running_app
from stories import SUSPECT, VICTIM, build_store, leaks

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("browser") / "web.db"
    stored = build_store(str(path))
    with running_app(path) as base:
        yield base, stored


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    wanted = os.environ.get("TIPWATCH_SCREENSHOTS")
    folder = Path(wanted) if wanted else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def browser(tmp_path):
    with chromium(tmp_path / "profile") as driver:
        yield driver


def _login(browser, base: str, token: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{base}/search?q=Iquitos")
    assert "/login" in browser.current_url  # no session yet: the page sends us to the form
    browser.find_element(By.ID, "token").send_keys(token)
    browser.find_element(By.ID, "login-submit").click()
    _wait(browser, lambda d: "/login" not in d.current_url)


def _wait(browser, condition, seconds: float = 15):
    """Wait for a condition after a click: a click does not wait for the next page to load."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, seconds).until(condition)


def test_browser_analyst_logs_in_searches_opens_document_and_clicks_a_fact(server, browser, shots):
    from selenium.webdriver.common.by import By

    base, stored = server
    _login(browser, base, stored.tokens["analyst"])
    assert browser.current_url == f"{base}/search?q=Iquitos"  # back where we were going
    cookie = browser.get_cookie("tipwatch_session")
    assert cookie and cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Strict"
    assert browser.execute_script("return document.cookie") == ""  # HttpOnly: no script sees it
    browser.save_screenshot(str(shots / "1_search.png"))
    marks = browser.find_elements(By.CSS_SELECTOR, ".snippet mark")
    assert marks and all(m.text.lower() == "iquitos" for m in marks)
    facet = browser.find_element(By.CSS_SELECTOR, "#facet-language a")
    facet.click()
    _wait(browser, lambda d: "language=" in d.current_url)
    browser.get(f"{base}/search?q=rescued")
    browser.find_element(By.CSS_SELECTOR, ".hit-title").click()
    _wait(browser, lambda d: f"/documents/{stored.rescue}" in d.current_url)
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "a.fact-link"))
    link = next(
        a for a in browser.find_elements(By.CSS_SELECTOR, "a.fact-link") if a.text.startswith(SUSPECT)
    )
    link.click()
    active = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "mark.ev.active"))
    sentence = " ".join(m.text for m in active)
    assert sentence.startswith("Officers arrested the owner of the bar") and SUSPECT in sentence
    assert browser.find_element(By.CSS_SELECTOR, ".fact.selected").text.find(SUSPECT) >= 0
    assert browser.current_url.endswith("#" + link.get_attribute("data-ev"))
    # The marked sentence is on screen after the jump.
    in_view = browser.execute_script(
        "var r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;",
        active[0],
    )
    assert in_view
    browser.save_screenshot(str(shots / "2_document_fact.png"))
    assert VICTIM in browser.find_element(By.ID, "doctext").text  # an analyst sees everything


def test_browser_viewer_pages_never_show_the_victims_name(server, browser, shots):
    from selenium.webdriver.common.by import By

    base, stored = server
    _login(browser, base, stored.tokens["viewer"])
    pages = [
        ("3_viewer_search", "/search?q=bar"),
        ("4_viewer_document", f"/documents/{stored.rescue}"),
        ("5_viewer_followup", f"/documents/{stored.follow_up}"),
        ("6_viewer_case", f"/cases/{stored.case_id}"),
        ("7_viewer_graph", f"/graph/{stored.suspect_entity}"),
        ("8_viewer_entity", f"/entities/{stored.victim_entity}"),
        ("9_viewer_name_search", "/search?q=Tapullima"),
    ]
    for name, url in pages:
        browser.get(base + url)
        body = browser.find_element(By.TAG_NAME, "body").text
        assert leaks(body) == [], url
        assert leaks(browser.page_source) == [], url
        browser.save_screenshot(str(shots / f"{name}.png"))
    browser.get(f"{base}/documents/{stored.rescue}")
    link = next(
        a for a in browser.find_elements(By.CSS_SELECTOR, "a.fact-link") if a.text.startswith("victim 1")
    )
    link.click()
    sentence = " ".join(
        m.text for m in _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "mark.ev.active"))
    )
    assert sentence.startswith("Police in Iquitos rescued victim 1, 14,")
    browser.get(f"{base}/search?q=Tapullima")
    assert browser.find_element(By.ID, "total").text.startswith("0 documents")
