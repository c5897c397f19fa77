"""Tests for tipwatch/ingest/text.py: plain text and pages reposted as text."""

from pathlib import Path

from tipwatch.ingest.text import clean_body, guess_title, read_text

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"


def test_read_text_drops_the_hosting_sites_wrapper():
    body = read_text((FIXTURES / "repost_es.txt").read_text(encoding="utf-8")).body
    for wrapper in (
        "Enlaces de interés",
        "Questions and suggestions",
        "Photos hosted",
        "Translate this page",
        "English Español",
        "Deutsch Italiano",
        "Powered by",
        "SEE MORE",
        "Search Bajío",
        "Leave a Reply",
        "Your email address",
        "Última actualización",
    ):
        assert wrapper not in body, wrapper
    assert body.startswith("14 de marzo de 2019\n\nRescatan a 12 jornaleras en una finca de Jalisco")


def test_read_text_keeps_source_byline_and_date_lines():
    body = read_text((FIXTURES / "repost_es.txt").read_text(encoding="utf-8")).body
    assert (
        "\n13 de marzo de 2019 09:15\nFuente: Agencia Informativa del Bajío\nPor Lucía Zermeño Ochoa\n"
        in body
    )


def test_read_text_joins_a_hard_wrapped_sentence():
    body = read_text((FIXTURES / "repost_es.txt").read_text(encoding="utf-8")).body
    assert "en una finca de berries en las afueras" in body


def test_clean_body_drops_a_repeated_title():
    assert clean_body("Ten rescued on the lake\n\nTen rescued on the lake\n\nBody text.") == (
        "Ten rescued on the lake\n\nBody text."
    )


def test_guess_title_takes_a_headline_and_skips_a_leading_date_line():
    assert guess_title("14 de marzo de 2019\n\nRescatan a 12 jornaleras en Jalisco\n\nLa fiscalía...") == (
        "Rescatan a 12 jornaleras en Jalisco"
    )


def test_guess_title_refuses_a_sentence_or_a_byline():
    assert guess_title("Police in Tema freed nine boys from fishing boats on Monday.\nMore.") is None
    assert guess_title("By Kwame Asante-Boateng\n\nText.") is None


def test_clean_body_unwraps_a_fixed_width_report():
    line = "The inspectors visited eleven farms in the district of Beja during the"
    text = (
        "\n".join([line, "harvest and interviewed workers from Nepal and Romania about their pay"] * 5) + "."
    )
    body = clean_body(text)
    assert "\n" not in body
    assert "during the harvest and interviewed" in body
