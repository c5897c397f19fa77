"""tipwatch/export/protect.py: the text can make a person protected that extraction missed."""

from __future__ import annotations

import pytest

from tipwatch.export.protect import protect_person, text_age
from tipwatch.model import Evidence, Person


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Police found Noemí Bámaca, 15, in a bar.", 15),
        ("Police found Noemí Bámaca (16) in a bar.", 16),
        ("A 13-year-old Noemí Bámaca was found.", 13),
        ("La policía rescató a Noemí Bámaca, de 12 años, en Escuintla.", 12),
        ("Noemí Bámaca, 34, the owner, was arrested.", 34),
        ("Noemí Bámaca, 2021 report, page 4.", None),
        ("Noemí Bámaca spoke to the press.", None),
    ],
)
def test_text_age_reads_the_age_beside_a_name(text, age):
    assert text_age(text, "Noemí Bámaca") == age


def _person(text: str, name: str, roles: list[str]) -> Person:
    sentence = next(s for s in text.split(". ") if name in s)
    i = text.index(sentence)
    return Person(name, roles, [Evidence(i, i + len(sentence), sentence)])


def test_protect_person_makes_a_rescued_other_a_victim_but_not_a_suspect():
    text = "Agents rescued Dalila Chocoj and arrested Byron Girón. Edwin Paiz watched."
    assert protect_person(_person(text, "Dalila Chocoj", ["other"]), text).is_protected
    assert not protect_person(_person(text, "Byron Girón", ["suspect"]), text).is_protected
    assert not protect_person(_person(text, "Edwin Paiz", ["other"]), text).is_protected


def test_protect_person_makes_any_role_a_minor_by_age():
    text = "Byron Girón, 17, was arrested as a recruiter."
    person = protect_person(_person(text, "Byron Girón", ["suspect"]), text)
    assert person.age == 17 and person.is_protected and person.roles == ["suspect"]
