"""tipwatch/resolve/cases.py: reports of one incident -> one case with a timeline."""

from __future__ import annotations

from tipwatch.model import Event, Evidence, Facts, Label, Person, Place, Victims
from tipwatch.resolve.mentions import DocFacts
from tipwatch.resolve.resolver import resolve

EV = [Evidence(0, 4, "text")]


def _doc(n, persons, events=(), places=("Cusco",), published="2023-03-10", exploitation=("forced_labor",),
         victims=None, country="PE"):  # fmt: skip
    f = Facts(doc=f"{n}.txt", countries=[Label(country, EV)], published=published)
    f.persons = [Person(name, list(roles), EV) for name, roles in persons]
    f.places = [Place(p, country, None, EV) for p in places]
    f.events = [Event(t, c, d, country, EV) for t, c, d in events]
    f.exploitation = [Label(x, EV) for x in exploitation]
    f.victims = victims or Victims()
    return DocFacts(f"{n:02d}" + "cd" * 31, f, published, f"{n}.txt", f"Report {n}")


def test_shared_suspect_makes_one_case_with_a_timeline():
    docs = [
        _doc(1, [("Raúl Benavente", ["suspect"])], [("arrest", 1, "2023-03-08")]),
        _doc(2, [("Raul Benavente", ["suspect"])], [("arrest", 1, "2023-03-08"), ("charge", 1, "2023-04-02")],
             published="2023-04-03"),
        _doc(3, [("Ana Batz", ["suspect"])], [("raid", None, "2019-01-05")], places=("Lima",), published="2019-01-06"),
    ]  # fmt: skip
    cases = resolve(docs).cases
    assert [len(c.doc_ids) for c in cases] == [2, 1]
    big = cases[0]
    assert big.id.startswith("case-") and "Raúl Benavente" in big.title
    types = [(e.type, e.date) for e in big.events]
    assert types == [("arrest", "2023-03-08"), ("report", "2023-03-10"), ("charge", "2023-04-02"),
                     ("report", "2023-04-03")]  # fmt: skip
    arrest = big.events[0]
    assert arrest.doc_ids == sorted(d.doc_id for d in docs[:2])  # one arrest, reported twice
    assert big.first_date == "2023-03-08" and big.last_date == "2023-04-03"


def test_weak_details_together_join_reports():
    v = Victims(count=7, minors=True)
    docs = [
        _doc(1, [], [("rescue", 7, "2023-03-08")], victims=v),
        _doc(2, [], [("investigation", None, None)], published="2023-05-01", victims=Victims(count=7)),
    ]
    assert len(resolve(docs).cases) == 1


def test_same_place_years_apart_stays_two_cases():
    docs = [
        _doc(1, [], [("rescue", 7, "2023-03-08")]),
        _doc(2, [], [("rescue", 7, "2016-01-08")], published="2016-01-09"),
    ]
    assert len(resolve(docs).cases) == 2


def test_victim_name_never_in_case_title_or_link_reasons():
    docs = [
        _doc(1, [("Lucía Ccori", ["victim"])], [("rescue", 1, "2023-03-08")]),
        _doc(2, [("Lucia Ccori", ["victim"])], [("rescue", 1, "2023-03-08")]),
    ]
    (case,) = resolve(docs).cases
    assert "Ccori" not in case.title and "Ccori" not in str(case.data)


def test_document_without_incident_is_no_case():
    assert resolve([_doc(1, [("Ana Batz", ["official"])], exploitation=())]).cases == []
