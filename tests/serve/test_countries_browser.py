"""The country page in headless Chromium: its three charts render and a bar leads to its sentences.

Reuses the web UI's browser fixtures (a uvicorn server on 127.0.0.1, Debian's chromium and
chromedriver, nothing downloaded) from test_browser.py.
"""

from __future__ import annotations

from stories import leaks
from test_browser import _login, browser, pytestmark, server, shots  # noqa: F401  fixtures reused


def test_browser_country_page_renders_its_charts_for_a_viewer(server, browser, shots):  # noqa: F811
    from selenium.webdriver.common.by import By

    base, stored = server
    _login(browser, base, stored.tokens["viewer"])
    browser.get(f"{base}/countries/PE")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Peru")
    charts = browser.find_elements(By.CSS_SELECTOR, "figure.tw-chart > svg")
    assert len(charts) == 3
    for svg in charts:
        assert svg.size["width"] > 200 and svg.size["height"] > 30
    browser.save_screenshot(str(shots / "country_PE.png"))
    assert leaks(browser.page_source) == []

    # a segment of the bar chart links to the list of sentences behind it
    segment = browser.find_elements(By.CSS_SELECTOR, "figure.tw-chart svg a")
    assert segment
    bars = [a for a in segment if "resp-" in (a.get_dom_attribute("href") or "")]
    assert bars
    target = bars[0].get_dom_attribute("href").split("#", 1)[1]
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", bars[0])
    assert browser.current_url.endswith(f"#{target}")
    group = browser.find_element(By.ID, target)
    assert group.find_elements(By.CSS_SELECTOR, "blockquote.tw-quote")


def test_browser_compare_page_shows_a_column_per_country(server, browser, shots):  # noqa: F811
    from selenium.webdriver.common.by import By

    base, stored = server
    _login(browser, base, stored.tokens["analyst"])
    browser.get(f"{base}/compare?cc=PE&cc=GT")
    heads = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.tw-compare thead th")]
    assert heads[1:] == ["Peru (PE)", "Guatemala (GT)"]
    assert len(browser.find_elements(By.CSS_SELECTOR, "figure.tw-chart > svg")) == 4
    browser.save_screenshot(str(shots / "compare_PE_GT.png"))
