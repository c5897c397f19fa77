"""Tests for tipwatch/ingest/language.py: ISO 639-1 among the configured languages."""

import pytest

from tipwatch.ingest.language import detect_language

LANGS = ("en", "es", "pt", "fr", "de", "it")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Police in Tema rescued nine boys from fishing boats on Monday. The owners were arrested.", "en"),
        ("La fiscalía de Jalisco rescató a doce mujeres que trabajaban sin paga en una finca.", "es"),
        ("A polícia federal resgatou oito trabalhadores numa fazenda de café no sul de Minas.", "pt"),
        ("La police a arrêté trois hommes soupçonnés de traite d'êtres humains à Marseille.", "fr"),
        ("Die Polizei hat in Hamburg zwei Männer wegen Menschenhandels festgenommen.", "de"),
    ],
)
def test_detect_language_on_a_sentence_or_two(text, code):
    assert detect_language(text, LANGS) == code


def test_detect_language_returns_none_without_letters():
    assert detect_language("12 345 — 2019/03/04 ... 77%", LANGS) is None
    assert detect_language("", LANGS) is None


def test_detect_language_stays_inside_the_configured_set():
    assert detect_language("A polícia federal resgatou oito trabalhadores numa fazenda.", ("en", "es")) in (
        "en",
        "es",
    )
