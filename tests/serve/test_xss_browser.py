"""Hostile markup in documents, facts, entities, cases, accounts and queries: shown as text, never run.

A fictional report is ingested through ``tipwatch.ingest.read_bytes`` from a text file whose
HTML entities decode to ``<script>``, ``onerror=``, ``</textarea>``, ``javascript:`` links and
attribute breakouts; its facts, entity, case, an account name and an access-log line carry
the same payloads. Every payload would set ``window.__pwned`` or ``document.title``. In
headless Chromium (Debian's, through Selenium, as tests/serve/test_browser.py) an admin opens
every kind of page, and the test checks that nothing ran, that no element, handler or
``javascript:`` URL was made from the payloads (the CSP would block inline script anyway,
so the DOM is checked too), that the browser logged no CSP refusal, and that the raw text
is visible as text.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from harness import chromium, needs_chromium, running_app
from stories import build_store, ev

from tipwatch.ingest import read_bytes
from tipwatch.model import Event, Facts, Label, Person, Place
from tipwatch.resolve.model import Case, CaseEvent, Entity, Mention
from tipwatch.serve.auth import create_user
from tipwatch.settings import load_settings
from tipwatch.store import SQLiteStore

pytestmark = needs_chromium

# A fictional report; the entities decode to markup when it is ingested.
RAW = """Raid in La Paz &lt;script&gt;window.__pwned=1&lt;/script&gt; ends a trafficking ring

Police in La Paz rescued nine workers from a textile workshop &lt;img src=x onerror="window.__pwned=2"&gt; on Monday.
Officers arrested Anselmo &lt;/textarea&gt;&lt;script&gt;document.title='pwned'&lt;/script&gt; Quiroga, the owner of the workshop.
Prosecutors charged him with trafficking; the file is at &lt;a href="javascript:window.__pwned=3"&gt;this link&lt;/a&gt;.
Labour inspectors said &lt;svg onload="window.__pwned=4"&gt; and "&gt;&lt;script&gt;window.__pwned=5&lt;/script&gt; were on a wall, {{7*7}}.
"""
TITLE_PAYLOAD = "<script>window.__pwned=1</script>"
IMG_PAYLOAD = '<img src=x onerror="window.__pwned=2">'
SUSPECT = "Anselmo </textarea><script>document.title='pwned'</script> Quiroga"
LINK_PAYLOAD = '<a href="javascript:window.__pwned=3">this link</a>'
OFFICIAL = '"><img src=x onerror=window.__pwned=6>'
CASE_TITLE = "Workshop raid <script>window.__pwned=7</script> in La Paz"
EVENT_SUMMARY = "owner held <img src=x onerror=window.__pwned=8>"
ACCOUNT = '<img src=x onerror="window.__pwned=9">'
LOGGED = "query: <script>window.__pwned=10</script>"
REFLECTED = '"><script>window.__pwned=11</script><img src=x onerror=window.__pwned=12>'


def _store(path: Path) -> tuple[str, dict[str, str]]:
    stored = build_store(str(path))
    doc = read_bytes(RAW.encode(), "la_paz_raid.txt", load_settings(env={}))
    t = doc.text
    for payload in (TITLE_PAYLOAD, IMG_PAYLOAD, SUSPECT, LINK_PAYLOAD, '"><script>window.__pwned=5'):
        assert payload in t  # the markup really is in the ingested text
    facts = Facts(
        doc=doc.name,
        doc_id=doc.id,
        language="en",
        published="2024-05-06",
        countries=[Label("BO", [ev(t, "Police in La Paz")])],
        places=[Place("La Paz", "BO", None, [ev(t, "Police in La Paz")])],
        persons=[
            Person(SUSPECT, ["suspect"], [ev(t, "Officers arrested")]),
            Person(OFFICIAL, ["official"], [ev(t, "Prosecutors charged")]),
        ],
        exploitation=[Label("forced_labor", [ev(t, "textile workshop")])],
        events=[
            Event("rescue", 9, "2024-05-06", "BO", [ev(t, "Police in La Paz rescued")]),
            Event("arrest", 1, "2024-05-06", "BO", [ev(t, "Officers arrested")]),
            Event("charge", 1, "2024-05-07", "BO", [ev(t, "Prosecutors charged")]),
        ],
    )
    with SQLiteStore(path) as store:
        store.add_document(doc, RAW.encode(), facts)
        suspect = Entity(
            id="ent-xss-suspect",
            kind="person",
            name=SUSPECT,
            names=[SUSPECT],
            countries=["BO"],
            mentions=[
                Mention(
                    key=f"{doc.id[:12]}:person:anselmo",
                    doc_id=doc.id,
                    kind="person",
                    name=SUSPECT,
                    evidence=[ev(t, "Officers arrested")],
                    country="BO",
                    data={"roles": ["suspect"]},
                )
            ],
        )
        official = Entity(
            id="ent-xss-official", kind="person", name=OFFICIAL, names=[OFFICIAL], countries=["BO"]
        )
        official.mentions = [
            Mention(
                key=f"{doc.id[:12]}:person:official",
                doc_id=doc.id,
                kind="person",
                name=OFFICIAL,
                evidence=[ev(t, "Prosecutors charged")],
                country="BO",
            )
        ]
        case = Case(
            id="case-xss-0001",
            title=CASE_TITLE,
            doc_ids=[doc.id],
            entity_ids=[suspect.id, official.id],
            countries=["BO"],
            exploitation=["forced_labor"],
            events=[
                CaseEvent("arrest", doc.id, "2024-05-06", IMG_PAYLOAD, EVENT_SUMMARY, [ev(t, "Officers")])
            ],
        )
        entities = store.list_entities(limit=1000)
        cases = store.list_cases(limit=1000)
        store.replace_resolution([*entities, suspect, official], [*cases, case])
        create_user(store, ACCOUNT, "viewer")
        store.log_access("admin-one", "search", doc.id[:12], LOGGED)
    return doc.id, stored.tokens


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("xss") / "xss.db"
    doc_id, tokens = _store(path)
    with running_app(path) as base:
        yield base, doc_id, tokens


@pytest.fixture
def browser(tmp_path):
    with chromium(tmp_path / "profile", console_log=True) as driver:
        yield driver


# What a page must not have: a sign that a payload ran, or markup made from one.
INSPECT = r"""
const bad = [];
if (window.__pwned !== undefined) bad.push('ran: window.__pwned=' + window.__pwned);
if (document.title === 'pwned') bad.push('ran: document.title');
for (const s of document.scripts) {
  if (new URL(s.src || 'inline:', location.href).pathname !== '/static/app.js') bad.push('script: ' + s.outerHTML.slice(0, 80));
}
for (const el of document.querySelectorAll('*')) {
  for (const a of el.attributes) {
    if (a.name.toLowerCase().startsWith('on')) bad.push('handler: ' + el.tagName + ' ' + a.name);
    if (/^\s*javascript:/i.test(a.value)) bad.push('javascript URL: ' + el.tagName + ' ' + a.name);
  }
}
if (document.querySelector('textarea')) bad.push('element: textarea');
if (document.querySelector('img[src="x"]')) bad.push('element: img from a payload');
return bad;
"""


def _pages(doc_id: str) -> list[tuple[str, list[str]]]:
    """Every kind of page, with the raw text each must show as text."""
    return [
        ("/search?q=workshop", [TITLE_PAYLOAD]),
        ("/search?q=Anselmo", [TITLE_PAYLOAD]),
        (
            f"/documents/{doc_id}",
            [TITLE_PAYLOAD, IMG_PAYLOAD, SUSPECT, LINK_PAYLOAD, "{{7*7}}", OFFICIAL],
        ),  # {{7*7}}: no template ran
        ("/entities", [SUSPECT, OFFICIAL]),
        ("/entities?q=Anselmo", [SUSPECT]),
        ("/entities/ent-xss-suspect", [SUSPECT, TITLE_PAYLOAD]),
        ("/graph/ent-xss-suspect", [SUSPECT]),
        ("/cases", [CASE_TITLE]),
        ("/cases/case-xss-0001", [CASE_TITLE, EVENT_SUMMARY, SUSPECT]),
        ("/countries", []),
        ("/countries/BO", []),
        ("/compare?cc=BO&cc=PE", []),
        ("/users", [ACCOUNT, LOGGED]),
        ("/docs", []),
        (
            "/documents/%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D13%3E",
            ["<img src=x onerror=window.__pwned=13>"],
        ),
        ("/login?next=javascript:window.__pwned=14", []),
    ]


def _login(browser, base: str, token: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{base}/login")
    browser.find_element(By.ID, "token").send_keys(token)
    browser.find_element(By.ID, "login-submit").click()
    WebDriverWait(browser, 15).until(lambda d: "/login" not in d.current_url)


def test_xss_browser_no_payload_runs_and_each_shows_as_text(server, browser):
    from selenium.webdriver.common.by import By

    base, doc_id, tokens = server
    _login(browser, base, tokens["admin"])
    browser.get_log("browser")  # start clean
    for url, shown in _pages(doc_id):
        browser.get(base + url)
        problems = browser.execute_script(INSPECT)
        assert problems == [], url
        text = browser.find_element(By.TAG_NAME, "body").text
        for raw in shown:
            assert raw in text, f"{url}: {raw!r} is not shown as text"
        refused = [
            e["message"] for e in browser.get_log("browser") if "Content Security Policy" in e["message"]
        ]
        assert refused == [], f"{url}: something tried to run: {refused}"


def test_xss_browser_reflected_query_stays_in_the_box(server, browser):
    from selenium.webdriver.common.by import By

    base, doc_id, tokens = server
    _login(browser, base, tokens["viewer"])
    for url in ("/search", "/entities"):
        browser.get(base + url)
        box = browser.find_element(By.CSS_SELECTOR, "input[name=q]")
        box.send_keys(REFLECTED)
        box.submit()
        time.sleep(0.3)
        browser.find_element(By.TAG_NAME, "body")
        assert browser.execute_script(INSPECT) == [], url
        assert browser.find_element(By.CSS_SELECTOR, "input[name=q]").get_attribute("value") == REFLECTED
