"""Who must be hidden: the persons a document reports as victims or minors.

Extraction marks a victim by role and a minor by age (``Person.is_protected``), but it can
miss either: "rescued Ana Pérez, 14," may come out as a person with role ``other`` and no
age. Redaction must not depend on that, so this module reads the text again around each
person a document names and adds what it finds:

* an age next to the name below 18 (``Ana Pérez, 14,``, ``Ana Pérez (14)``, ``14-year-old
  Ana Pérez``, ``Ana Pérez, de 14 años``) makes the person a minor, whatever her role;
* a person with no role but ``other`` whose sentence speaks of rescue, victims or
  exploitation (``rescued``, ``víctima``, ``resgatada``...) is treated as a victim, and so is
  one called a girl, boy, child or minor right before her name.

A suspect, official or civil-society speaker is never made a victim by a cue word (the
sentence "police rescued five girls and arrested Jorge Paiz" names Jorge as a suspect),
but is a minor when the text gives an age under 18. Hiding one person too many is cheap;
showing one victim is not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from ..model import Document, Facts, Person

ADULT = 18
_ROLES_THAT_SPEAK = frozenset({"suspect", "client", "official", "civil_society"})
# Word starts, accents folded: en, es, pt.
_VICTIM_CUES = re.compile(
    r"\b(?:rescu|victim|freed|liberat|survivor|abduct|kidnap|enslav|"
    r"rescat|liberad|sobrevivi|explotad|secuestrad|sustraid|"
    r"resgat|vitima|libertad|sobreviven|explorad|sequestrad|aliciad)",
)
_MINOR_WORDS = (
    r"girl|boy|child|minor|teen|teenager|daughter|son|"
    r"nina|nino|menor|adolescente|hija|hijo|"
    r"menina|menino|garota|garoto|crianca|filha|filho"
)
_AGE_WORDS = r"(?:\s*(?:years?(?:\s+old)?|yrs?|anos|años))?"
_AGE_AFTER = re.compile(
    r"^\s*(?:,|\()\s*(?:aged\s+|age\s+|de\s+|con\s+|com\s+)?(\d{1,2})"
    + _AGE_WORDS
    + r"\s*(?:,|\)|\.|;|\s+(?:was|were|is|fue|foi|and|y|e)\b)",
    re.IGNORECASE,
)
_AGE_BEFORE = re.compile(r"(\d{1,2})[-\s](?:year|yr)s?[-\s]old\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_MINOR_BEFORE = re.compile(r"\b(?:" + _MINOR_WORDS + r")\s*,?\s*(?:\w+\s+){0,1}$")


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(c for c in s if not unicodedata.combining(c))


def _occurrences(text: str, name: str) -> list[tuple[int, int]]:
    words = [re.escape(w) for w in re.findall(r"\w+", name)]
    if not words:
        return []
    pattern = re.compile(r"(?<!\w)" + r"\W{1,3}".join(words) + r"(?!\w)", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def text_age(text: str, name: str) -> int | None:
    """The smallest age the text writes next to ``name`` (``Ana Pérez, 14,``), or None."""
    ages: list[int] = []
    for start, end in _occurrences(text, name):
        after = _AGE_AFTER.match(text[end : end + 40])
        if after:
            ages.append(int(after.group(1)))
        before = _AGE_BEFORE.search(text[max(0, start - 40) : start])
        if before:
            ages.append(int(before.group(1)))
    return min(ages) if ages else None


def _called_a_minor(text: str, name: str) -> bool:
    return any(_MINOR_BEFORE.search(_fold(text[max(0, s - 30) : s])) for s, _ in _occurrences(text, name))


def _has_victim_cue(person: Person, text: str) -> bool:
    sentences = [e.quote for e in person.evidence]
    if not sentences:  # no evidence: the text around each mention stands in for the sentence
        sentences = [text[max(0, s - 150) : e + 150] for s, e in _occurrences(text, person.name)]
    return any(_VICTIM_CUES.search(_fold(s)) for s in sentences)


def protect_person(person: Person, text: str) -> Person:
    """The person as redaction must treat her: with an age or a victim role the text supports."""
    if "victim" in person.roles and person.age is not None:
        return person
    age = person.age if person.age is not None else text_age(text, person.name)
    roles = list(person.roles)
    speaks = bool(set(roles) & _ROLES_THAT_SPEAK)
    if (
        "victim" not in roles
        and not speaks
        and (_has_victim_cue(person, text) or _called_a_minor(text, person.name))
    ):
        roles.append("victim")
    if age == person.age and roles == person.roles:
        return person
    return replace(person, roles=roles, age=age if age is not None and age < ADULT else person.age)


def protected_persons(doc: Document | None, facts: Facts | None) -> list[Person]:
    """Every person of the document as redaction treats her (see the module docstring).

    The list has one entry per fact person, in order; those with ``is_protected`` are hidden.
    """
    if facts is None:
        return []
    text = "" if doc is None else f"{doc.title or ''}\n{doc.text}"
    return [protect_person(p, text) if text else p for p in facts.persons]
