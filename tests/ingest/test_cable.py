"""Tests for tipwatch/ingest/cable.py: routing to metadata, body from the first paragraph."""

from pathlib import Path

from tipwatch.ingest.cable import is_cable, read_cable

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"


def _cable():
    return read_cable((FIXTURES / "cable_lima.txt").read_text(encoding="utf-8"))


def test_read_cable_takes_published_from_the_date_time_group():
    ex = _cable()
    assert ex.published == "2009-03-14"
    assert ex.meta["dtg"] == "140930Z MAR 09"


def test_read_cable_puts_routing_in_meta():
    meta = _cable().meta
    assert meta["from"] == "AMEMBASSY LIMA"
    assert meta["to"] == ["SECSTATE WASHDC"]
    assert meta["info"] == ["AMEMBASSY BOGOTA", "AMEMBASSY QUITO", "DEPT OF JUSTICE WASHDC"]
    assert meta["tags"] == ["PHUM", "KTIP", "ELAB", "PE"]
    assert meta["classification"] == "UNCLAS"
    assert meta["subject"] == "PERU: MINING TOWN RAIDS FREE FORCED LABORERS"
    assert meta["for"] == ["DEPT FOR G/TIP, WHA/AND AND DRL/ILCSR"]
    assert meta["captions"] == ["SIPDIS", "SENSITIVE"]


def test_read_cable_body_starts_at_the_first_paragraph_and_keeps_the_signature():
    ex = _cable()
    assert ex.title == "PERU: MINING TOWN RAIDS FREE FORCED LABORERS"
    assert ex.body.startswith("¶1. (SBU) Summary: Police and labor inspectors raided")
    assert ex.body.endswith("¶3. (U) Post will continue to track the case.\nHALVORSEN")
    for routing in (
        "VZCZC",
        "RUEH",
        "AMEMBASSY",
        "SIPDIS",
        "UNCLAS",
        "TAGS",
        "E.O.",
        "DEPT FOR",
        "protect accordingly",
    ):
        assert routing not in ex.body, routing


def test_read_cable_keeps_headings_as_lines_without_marks():
    body = _cable().body
    assert "\n\nRaids in Madre de Dios\n\n" in body
    assert "#" not in body and "-----" not in body


def test_read_cable_joins_a_paragraph_split_mid_sentence():
    assert "then charged workers for food" in _cable().body
    assert "most of the workers and paid them" in _cable().body


def test_is_cable_ignores_a_news_story_about_a_cable():
    story = (
        "A leaked embassy cable from Lima described raids on gold camps.\n"
        "The cable, sent in March 2009, was marked sensitive.\nSUBJECT lines were redacted.\n"
    )
    assert not is_cable(story)
    assert is_cable((FIXTURES / "cable_lima.txt").read_text(encoding="utf-8"))


def test_read_cable_joins_fixed_width_lines_of_an_all_caps_cable():
    cable = (
        "R 021200Z JUN 76\nFM AMEMBASSY LISBON\nTO SECSTATE WASHDC 4410\nUNCLAS LISBON 2231\n"
        "E.O. 11652: N/A\nTAGS: PHUM, ELAB, PO\nSUBJECT: LABOR CONTRACTORS IN ALGARVE\n\n"
        "1. EMBASSY OFFICER MET WITH LABOR INSPECTOR JOAQUIM VARELA IN FARO\n"
        "ON MAY 28. VARELA SAID CONTRACTORS RECRUIT SEASONAL WORKERS IN THE\n"
        "NORTH AND HOLD THEIR PAY UNTIL THE HARVEST ENDS.\n\n"
        "2. COMMENT: POST WILL FOLLOW UP.\nCARLSON\n"
    )
    ex = read_cable(cable)
    assert ex.published == "1976-06-02"
    assert ex.meta["tags"] == ["PHUM", "ELAB", "PO"]
    assert ex.body == (
        "1. EMBASSY OFFICER MET WITH LABOR INSPECTOR JOAQUIM VARELA IN FARO ON MAY 28. VARELA SAID "
        "CONTRACTORS RECRUIT SEASONAL WORKERS IN THE NORTH AND HOLD THEIR PAY UNTIL THE HARVEST ENDS.\n\n"
        "2. COMMENT: POST WILL FOLLOW UP.\nCARLSON"
    )
