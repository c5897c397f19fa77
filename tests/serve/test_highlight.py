"""tipwatch/serve/highlight.py: facts listed in reading order, evidence marked in escaped text."""

from __future__ import annotations

from tipwatch.model import Evidence, Facts, Label, Person
from tipwatch.serve.highlight import fact_items, mark_text

TEXT = "Intro line.\nPolice arrested <Hugo> in Tacna.\nHe sold girls for $50."


def _ev(sentence: str) -> Evidence:
    start = TEXT.index(sentence)
    return Evidence(start, start + len(sentence), sentence)


def test_highlight_items_follow_the_text_and_number_their_evidence():
    facts = Facts(
        doc="d",
        exploitation=[Label("sex_trafficking", [_ev("He sold girls for $50.")])],
        persons=[
            Person(
                "Hugo", ["suspect"], [_ev("Police arrested <Hugo> in Tacna."), _ev("He sold girls for $50.")]
            )
        ],
        countries=[Label("PE")],
    )
    items = fact_items(facts)
    assert [(i["kind"], i["label"]) for i in items] == [
        ("person", "Hugo — suspect"),
        ("exploitation", "sex trafficking"),
        ("country", "PE"),
    ]
    assert [e["id"] for e in items[0]["evidence"]] == [f"{items[0]['id']}-0", f"{items[0]['id']}-1"]


def test_highlight_marks_overlapping_spans_and_escapes_text():
    items = [
        {"id": "f0", "evidence": [{"id": "f0-0", "start": 12, "end": 44}]},
        {"id": "f1", "evidence": [{"id": "f1-0", "start": 28, "end": 67}]},
        {"id": "f2", "evidence": [{"id": "f2-0", "start": 60, "end": 999}]},  # outside the text: not marked
    ]
    html = str(mark_text(TEXT, items))
    assert "<Hugo>" not in html and "&lt;Hugo&gt;" in html
    assert TEXT.index("<Hugo>") == 28
    assert (
        '<span class="anchor" id="f0-0"></span><mark class="ev" data-ev="f0-0">Police arrested </mark>'
        in html
    )
    assert (
        '<span class="anchor" id="f1-0"></span><mark class="ev" data-ev="f0-0 f1-0">&lt;Hugo&gt; in Tacna.</mark>'
        in html
    )
    assert html.endswith('<mark class="ev" data-ev="f1-0">\nHe sold girls for $50.</mark>')
    assert 'id="f2-0"' not in html
    assert html.startswith("Intro line.\n")
