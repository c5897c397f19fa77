"""tipwatch/resolve/mentions.py: stable keys and one mention per name."""

from __future__ import annotations

from tipwatch.model import Evidence, Facts, Label, Person, Place
from tipwatch.resolve.mentions import DocFacts, main_country, make_mentions

EV1, EV2 = Evidence(0, 4, "one"), Evidence(10, 14, "two")


def _doc(persons, countries=("PE",)):
    f = Facts(doc="x.txt", countries=[Label(c, [EV1]) for c in countries], persons=persons)
    return DocFacts("f" * 64, f)


def test_key_is_document_kind_and_folded_name():
    (m,) = make_mentions(_doc([Person("Raúl Benavente", ["suspect"], [EV1])]))
    assert m.key == "ffffffffffffffff:person:raul benavente" and m.country == "PE"


def test_same_name_twice_is_one_mention_with_both_evidence():
    ms = make_mentions(
        _doc([Person("Raúl Benavente", ["suspect"], [EV1]), Person("RAUL BENAVENTE", ["victim"], [EV2])])
    )
    assert len(ms) == 1 and ms[0].evidence == [EV1, EV2] and ms[0].protected
    assert ms[0].data["roles"] == ["suspect", "victim"]


def test_minor_is_protected():
    (m,) = make_mentions(_doc([Person("Lucía Ccori", ["other"], [EV1], age=15)]))
    assert m.protected


def test_main_country_is_the_most_evidenced():
    f = Facts(doc="x.txt", countries=[Label("US", [EV1]), Label("GT", [EV1, EV2])],
              places=[Place("Jutiapa", "GT", "GT-22", [EV1])])  # fmt: skip
    assert main_country(f) == "GT"
