"""Who a sentence says a fact comes from (tipwatch/extract/attribution.py)."""

from __future__ import annotations

import pytest

from tipwatch.extract.attribution import find_source


@pytest.mark.parametrize(
    ("text", "lang", "source"),
    [
        ("Nine men were detained in the raid, reported La Voz del Norte.", "en", "La Voz del Norte"),
        ("The children were paid $5 a day, said prosecutors.", "en", "prosecutors"),
        ("According to UNICEF, the number of cases rose.", "en", "UNICEF"),
        ("The Dutch police said their investigation took two years.", "en", "Dutch police"),
        ("Mercy Adjei, the director of the shelter, said the girls were safe.", "en", "Mercy Adjei"),
        ("He added that 40 people were deported.", "en", None),
        ("Police arrested four suspects.", "en", None),
        ("Según la Fiscalía, los detenidos operaban desde 2019.", "es", "Fiscalía"),
        ("Las detenciones, informó la Policía Nacional, ocurrieron el lunes.", "es", "Policía Nacional"),
        ("Os trabalhadores foram resgatados, segundo o MPT.", "pt", "MPT"),
        ("“Foram cumpridos dez mandados”, lê-se no comunicado da PSP.", "pt", "PSP"),
        ("Nada mais aconteceu.", "pt", None),
    ],
)
def test_find_source(text, lang, source):
    assert find_source(text, lang) == source
