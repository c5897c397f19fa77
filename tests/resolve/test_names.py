"""tipwatch/resolve/names.py: the comparable forms of names."""

from __future__ import annotations

import pytest

from tipwatch.resolve.names import initials, is_acronym, name_tokens, org_key, phonetic


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("Raúl Benavente", ("raul", "benavente")),
        ("RAUL BENAVENTE", ("raul", "benavente")),
        ("R. Benavente", ("r", "benavente")),
        ("Lic. Ernesto de la Cruz Batz", ("ernesto", "cruz", "batz")),
        ("Ana O'Neill", ("ana", "oneill")),
    ],
)
def test_name_tokens_fold_titles_particles(name, tokens):
    assert name_tokens(name) == tokens


def test_phonetic_joins_typos_and_spellings():
    assert phonetic("benavides") == phonetic("benavidez")
    assert phonetic("gonzalez") == phonetic("gonsales")
    assert phonetic("quispe") != phonetic("mamani")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Policía Nacional Civil", "National Civil Police"),
        ("Ministerio Público", "the Public Ministry"),
        ("Ministério Público do Trabalho", "Public Labour Ministry"),
        ("Fundación Camino Seguro", "Camino Seguro Foundation"),
    ],
)
def test_org_key_same_body_across_languages(a, b):
    assert org_key(a) == org_key(b)


def test_org_key_keeps_a_unit_apart_from_its_body():
    assert org_key("PNC Anti-TIP Unit") != org_key("PNC")
    assert org_key("Supreme Court") != org_key("Supreme Court of Justice")


def test_acronyms_and_initials():
    assert is_acronym("PNC") and is_acronym("U.N.")
    assert not is_acronym("Comercio") and not is_acronym("A")
    assert initials("Policía Nacional Civil") == "PNC"
    assert initials("Ministério Público do Trabalho") == "MPT"
