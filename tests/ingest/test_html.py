"""Tests for tipwatch/ingest/html.py: main text and metadata, without the site's furniture."""

import datetime as dt
from pathlib import Path

from tipwatch.ingest.html import decode_html, read_html

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"
LANGS = ("en", "es", "pt", "fr")


def _page():
    return read_html((FIXTURES / "page_en.html").read_bytes(), LANGS)


def test_read_html_keeps_the_article():
    body = _page().body
    assert "sentenced a recruitment agent, Tobiloba Fashanu-Reid, to seven years" in body
    assert body.rstrip().endswith(
        "ordered that the women be paid compensation from the agent's seized accounts."
    )


def test_read_html_leaves_navigation_sidebar_footer_and_comments_out():
    body = _page().body
    for furniture in (
        "Home",
        "Sport",
        "Opinion",
        "Most Read",
        "Ferry fares",
        "Super Eagles",
        "Leave a Reply",
        "Your email address",
        "All rights reserved",
        "Privacy Policy",
        "Contact us",
    ):
        assert furniture not in body, furniture


def test_read_html_reads_title_author_site_and_date():
    ex = _page()
    assert ex.title == "Lagos court jails recruiter who trafficked women to Beirut"
    assert ex.author == "Adaeze Okonkwo-Bright"
    assert ex.site == "Harbour Post"
    assert ex.published == "2021-03-18"


def test_read_html_keeps_leading_text_of_a_br_separated_container():
    # On this layout trafilatura alone drops the text before the first <br> (checked below).
    import trafilatura

    raw = (FIXTURES / "br_page.html").read_bytes()
    assert not trafilatura.extract(raw.decode(), favor_precision=True).startswith('"We need more beds')
    body = read_html(raw, LANGS).body
    assert body.startswith('"We need more beds before the rains come')
    assert "\n\nThe home opened in 2019" in body
    for teaser in ("Takoradi", "Cocoa farmers", "marathon", "cedi", "ferries"):
        assert teaser not in body


def test_read_html_drops_a_site_section_after_the_article():
    para = "The labour inspectorate in Porto found 23 seasonal workers housed in shipping containers near the vineyards. "
    page = (
        "<html><head><title>Inspectors find workers in containers</title></head><body><article>"
        f"<p>{para * 2}</p><p>{para}</p>"
        "<h2>Related articles</h2><p>Ferry strike ends after three days of talks in Lisbon harbour area.</p>"
        "</article></body></html>"
    )
    body = read_html(page.encode(), LANGS).body
    assert "Ferry strike" not in body
    assert "shipping containers" in body


def test_read_html_never_takes_todays_date():
    today = dt.date.today().isoformat()
    page = (
        f"<html><head><title>Note</title><meta property='article:published_time' content='{today}'></head>"
        "<body><article><p>"
        + "Workers in Recife were freed by inspectors on the construction site. " * 6
        + "</p></article></body></html>"
    )
    assert read_html(page.encode(), LANGS).published is None


def test_decode_html_repairs_utf8_c1_quotes_on_a_latin1_page():
    raw = "<meta charset='iso-8859-1'><p>a combination of \u0093memory\u0094</p>".encode()
    assert "“memory”" in decode_html(raw)


def test_decode_html_falls_back_to_the_declared_charset():
    raw = "<meta charset='iso-8859-1'><p>Ministério</p>".encode("latin-1")
    assert "Ministério" in decode_html(raw)


def test_read_html_takes_the_date_line_above_the_article_not_a_sidebar_date():
    para = "Inspectors in Braga found nine farm workers sleeping in a barn and paid half the agreed wage. "
    page = (
        "<html><head><title>Farm workers found in barn</title></head><body>"
        "<div class='post'><h1>Farm workers found in barn</h1><p class='kicker'>Posted on 4 October 2018</p>"
        f"<div class='entry'><p>{para * 3}</p><p>{para * 2}</p></div></div>"
        "<div class='sidebar'><h3>Archive</h3><ul><li>Posted on 1 January 2020</li></ul></div>"
        "</body></html>"
    )
    ex = read_html(page.encode(), LANGS)
    assert ex.published == "2018-10-04"
    assert ex.published_source == "date line"


def test_read_html_takes_no_year_from_a_body_sentence():
    raw = (FIXTURES / "br_page.html").read_bytes()
    assert "opened in 2019" in read_html(raw, LANGS).body
    assert read_html(raw, LANGS).published is None
