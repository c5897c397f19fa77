"""tipwatch/resolve/resolver.py: facts of many documents -> entities, judgements and cases."""

from __future__ import annotations

import gc
import random

from tipwatch.model import Event, Evidence, Facts, Label, Organization, Person, Place
from tipwatch.resolve.mentions import DocFacts
from tipwatch.resolve.model import Judgement
from tipwatch.resolve.resolver import resolve

EV = [Evidence(0, 4, "text")]


def _doc(n, country, persons=(), orgs=(), places=(), events=(), published="2023-03-10"):
    f = Facts(doc=f"{n}.txt", countries=[Label(country, EV)] if country else [])
    f.persons = [Person(name, list(roles), EV, age=age) for name, roles, age in persons]
    f.organizations = [Organization(name, kind, EV, aliases=list(al)) for name, kind, al in orgs]
    f.places = [Place(name, country, None, EV) for name in places]
    f.events = [Event(t, c, d, country, EV) for t, c, d in events]
    return DocFacts(f"{n:02d}" + "ab" * 31, f, published, f"{n}.txt")


def _corpus():
    return [
        _doc(1, "PE", [("Raúl Benavente", ["suspect"], None), ("Lucía Ccori", ["victim"], 15)],
             [("National Police of Peru", "law_enforcement", ["PNP"])], ["Cusco"], [("arrest", 1, "2023-03-08")]),
        _doc(2, "PE", [("Benavente", ["suspect"], None)], [("PNP", "law_enforcement", [])], ["Cusco"]),
        _doc(3, "PE", [("RAUL BENAVENTE", ["suspect"], None), ("Lucia Ccori", ["other"], None)],
             [("Policía Nacional del Perú", "law_enforcement", ["PNP"])]),
        _doc(4, "BO", [("Raúl Benavente", ["official"], None)], [("PNP", "law_enforcement", [])]),
    ]  # fmt: skip


def _people(result):
    return {e.name: e for e in result.entities if e.kind == "person"}


def test_variants_across_documents_are_one_person():
    people = _people(resolve(_corpus()))
    pe = [e for e in people.values() if "PE" in e.countries and "Benavente" in e.name]
    assert len(pe) == 1 and len(pe[0].doc_ids) == 3 and pe[0].name == "Raúl Benavente"


def test_namesake_in_another_country_stays_apart():
    result = resolve(_corpus())
    benaventes = [e for e in result.entities if e.kind == "person" and "Benavente" in e.name]
    assert sorted(e.countries for e in benaventes) == [["BO"], ["PE"]]


def test_acronym_and_translation_are_one_body_in_one_country():
    orgs = [e for e in resolve(_corpus()).entities if e.kind == "organization"]
    pe = [e for e in orgs if e.countries == ["PE"]]
    assert len(pe) == 1 and len(pe[0].mentions) == 3
    assert [e.countries for e in orgs if e not in pe] == [["BO"]]


def test_protected_flag_carries_to_the_entity():
    people = _people(resolve(_corpus()))
    assert people["Lucía Ccori"].protected and not people["Raúl Benavente"].protected


def test_ids_and_output_do_not_depend_on_order():
    first = resolve(_corpus())
    docs = _corpus()
    random.Random(3).shuffle(docs)
    second = resolve(docs)
    assert [e.to_dict() for e in first.entities] == [e.to_dict() for e in second.entities]
    assert [c.to_dict() for c in first.cases] == [c.to_dict() for c in second.cases]
    assert first.judgements == second.judgements
    assert all(e.id[:4] in ("per-", "org-", "plc-") for e in first.entities)


def test_every_link_is_a_judgement_with_score_and_reason():
    result = resolve(_corpus())
    assert result.judgements and all(
        j.author == "auto" and j.reason and j.score is not None for j in result.judgements
    )
    verdicts = {j.verdict for j in result.judgements}
    assert "positive" in verdicts and ("negative" in verdicts or "unsure" in verdicts)


def test_analyst_negative_splits_what_the_scores_would_join():
    docs = _corpus()
    a = next(e for e in resolve(docs).entities if e.name == "Raúl Benavente" and e.countries == ["PE"])
    keys = sorted(m.key for m in a.mentions)
    short = next(k for k in keys if k.endswith(":benavente"))
    no = [Judgement(short, k, "negative", author="ana") for k in keys if k != short]
    people = [e for e in resolve(docs, no).entities if e.kind == "person" and "Benavente" in e.name]
    assert len(people) == 3


def test_garbage_collector_is_paused_for_the_run_and_restored_after():
    seen = []

    class Docs:
        def __iter__(self):
            seen.append(gc.isenabled())
            return iter(_corpus())

    was = gc.isenabled()
    try:
        gc.enable()
        result = resolve(Docs())
        assert seen == [False] and gc.isenabled()
        gc.disable()  # a caller that paused it itself keeps it paused
        assert resolve(_corpus()).summary() == result.summary() and not gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()


def test_pairs_scored_are_counted():
    result = resolve(_corpus())
    assert 0 < result.pairs and "pairs" not in result.summary()
