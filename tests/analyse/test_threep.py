"""tipwatch/analyse/threep.py: 3P labels and polarity of sentences in en/es/pt (own sentences)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tipwatch.analyse.threep import (
    NONE,
    classify_document,
    classify_sentence,
    classify_text,
    count_by_label,
    p_of_event,
)
from tipwatch.model import Document

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("sentence", "lang", "label", "polarity"),
    [
        (
            "The Ministry of Labour trained 80 inspectors to spot debt bondage on cattle ranches.",
            "en",
            "prevention",
            "positive",
        ),
        ("No awareness campaign was run in the border provinces this year.", "en", "prevention", "gap"),
        (
            "Rescued boys were taken to a shelter run by a church in Comayagua.",
            "en",
            "protection",
            "positive",
        ),
        (
            "Victims shall not be punished for offences they were compelled to commit.",
            "en",
            "protection",
            "positive",
        ),
        ("Foreign women were detained and deported without any screening.", "en", "protection", "gap"),
        (
            "A court in Tela sentenced two brothers to 15 years for trafficking a teenager.",
            "en",
            "prosecution",
            "positive",
        ),
        ("There have been no prosecutions of labour recruiters since 2016.", "en", "prosecution", "gap"),
        ("The boys were promised jobs on a fishing boat and never paid.", "en", NONE, None),
        (
            "El gobierno lanzó una campaña de sensibilización en escuelas de Olancho.",
            "es",
            "prevention",
            "positive",
        ),
        (
            "La policía detuvo a dos hombres acusados de explotar a niñas en Choloma.",
            "es",
            "prosecution",
            "positive",
        ),
        ("No existen albergues para víctimas varones en el país.", "es", "protection", "gap"),
        ("Los tratantes captaban a las jóvenes en las terminales de autobús.", "es", NONE, None),
        (
            "Auditores fiscais resgataram 20 trabalhadores numa carvoaria no Maranhão.",
            "pt",
            "protection",
            "positive",
        ),
        ("A Polícia Federal prendeu três aliciadores em Corumbá.", "pt", "prosecution", "positive"),
        ("O comitê estadual não tem orçamento próprio.", "pt", "prevention", "gap"),
    ],
)
def test_threep_classifies_sentence(sentence, lang, label, polarity):
    got, pol, cues, score = classify_sentence(sentence, lang)
    assert (got, pol) == (label, polarity), cues
    assert (score >= 1) == (label != NONE)


def test_threep_actor_word_alone_is_no_response():
    # "prosecutors" says who spoke, not what was done
    assert classify_sentence("Prosecutors said the women had been moved at night.", "en")[0] == NONE


def test_threep_unknown_language_reads_english_cues():
    assert classify_sentence("Police arrested four suspects in the port.", "fr")[0] == "prosecution"


def test_threep_text_offsets_are_exact_and_headings_are_skipped():
    text = "Victim Protection Efforts\nThe ministry opened a hotline for victims in May. Nothing else happened there."
    found = classify_text(text, "en")
    assert [(s.label, s.polarity) for s in found] == [("protection", "positive")]
    s = found[0]
    assert text[s.start : s.end] == s.quote and s.quote.startswith("The ministry opened")
    assert "hotline" in s.cues


def test_threep_document_uses_its_language():
    text = "La fiscalía imputó a tres funcionarios por encubrir la red."
    doc = Document(id="x" * 64, name="d.txt", format="text", text=text, language="es")
    assert [s.label for s in classify_document(doc)] == ["prosecution"]
    counts = count_by_label(classify_document(doc))
    assert counts["prosecution"] == {"positive": 1, "gap": 0} and counts["prevention"] == {
        "positive": 0,
        "gap": 0,
    }


@pytest.mark.parametrize(
    ("event", "p"),
    [
        ("arrest", "prosecution"),
        ("conviction", "prosecution"),
        ("rescue", "protection"),
        ("deportation", None),
    ],
)
def test_threep_maps_event_types_to_p(event, p):
    got = p_of_event(event)
    assert (got.value if got else None) == p


def test_threep_tuning_set_stays_above_its_floor():
    """The labelled set of bench/threep_set: a drop below this floor is a regression in the cues."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from threep import SET, read_set
    finally:
        sys.path.pop(0)
    rows = [(lang.stem, *row) for lang in sorted(SET.glob("*.tsv")) for row in read_set(lang)]
    assert len(rows) >= 150
    correct = sum(classify_sentence(s, lang)[0] == gold for lang, gold, _, s in rows)
    assert correct / len(rows) >= 0.95
