"""Tests for tipwatch/ingest/layout.py: the header block in front of the body."""

from tipwatch.ingest.layout import Extracted, compose_text, is_real_name


def test_compose_text_puts_title_standfirst_and_byline_before_the_body():
    ex = Extracted(
        body="Puebla. La fiscalía rescató a cuatro mujeres.",
        title="Rescatan a cuatro víctimas de trata",
        author="La Crónica de Puebla",
        standfirst=["El operativo se hizo en una casa del centro tras una denuncia anónima."],
    )
    assert compose_text(ex, "es") == (
        "Rescatan a cuatro víctimas de trata\n"
        "El operativo se hizo en una casa del centro tras una denuncia anónima.\n"
        "Por La Crónica de Puebla\n\n"
        "Puebla. La fiscalía rescató a cuatro mujeres."
    )


def test_compose_text_does_not_repeat_a_title_the_body_starts_with():
    ex = Extracted(body="Ten boys rescued\n\nPolice said...", title="Ten boys rescued")
    assert compose_text(ex, "en") == "Ten boys rescued\n\nPolice said..."


def test_compose_text_moves_the_bodys_title_line_above_the_byline():
    ex = Extracted(body="Ten boys rescued\n\nPolice said...", title="Ten Boys Rescued", author="Kojo Mensah")
    assert compose_text(ex, "en") == "Ten boys rescued\nBy Kojo Mensah\n\nPolice said..."


def test_compose_text_skips_a_byline_the_body_already_has():
    ex = Extracted(body="By Kojo Mensah\n\nPolice said...", title="Ten boys rescued", author="Kojo Mensah")
    assert compose_text(ex, "en") == "Ten boys rescued\n\nBy Kojo Mensah\n\nPolice said..."


def test_is_real_name():
    assert is_real_name("Adaeze Okonkwo-Bright")
    assert is_real_name("REDACCION")
    for placeholder in (None, "", "None", "null", "admin", "http://example.org/me", "12"):
        assert not is_real_name(placeholder)
    assert not is_real_name("Harbour Post", site="Harbour Post")
