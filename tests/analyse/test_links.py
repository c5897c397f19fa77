"""tipwatch/analyse/links.py: the role of a linked country in one sentence (own sentences)."""

from __future__ import annotations

import pytest

from tipwatch.analyse.links import role_in_sentence


@pytest.mark.parametrize(
    ("sentence", "lang", "cc", "role"),
    [
        ("Girls were brought from Nepal to work in Delhi.", "en", "NP", "origin"),
        ("Workers were sent to Qatar, Bahrain and the United Arab Emirates.", "en", "AE", "destination"),
        ("Smugglers moved them through Mexico before the crossing.", "en", "MX", "transit"),
        ("Nigerian women were found in the flat.", "en", "NG", "origin"),
        ("The Italian police made the arrests.", "en", "IT", "linked"),
        ("Las jóvenes fueron llevadas a España.", "es", "ES", "destination"),
        ("Os trabalhadores vindos da Bolívia foram resgatados.", "pt", "BO", "origin"),
        ("Nothing about that place here.", "en", "FR", None),
    ],
)
def test_links_role_in_sentence(sentence, lang, cc, role):
    assert role_in_sentence(sentence, cc, lang) == role
