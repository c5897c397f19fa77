"""tipwatch/export/redact.py: no victim or minor survives redaction, and evidence stays true.

Every name here is fictional (fictional people in real places); the property test builds
random documents from the name lists below and searches the whole redacted output as JSON.
"""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tipwatch.export.redact import (
    WITHHELD,
    Redactor,
    name_parts,
    protected_names,
    redact_entity,
    store_protected_names,
)
from tipwatch.model import Document, Evidence, Facts, Organization, Person, Place, Victims
from tipwatch.resolve.model import Entity, Mention
from tipwatch.store.sqlite import SQLiteStore

# Disjoint pools: a victim never shares a word with a suspect or an official in the property test
# (shared surnames have their own test below).
VICTIM_GIVEN = ["Ana Lucía", "Yesenia", "Marisol", "Jazmín", "Noemí", "Thaís", "Dalila", "Fabiola", "Joselyn"]
VICTIM_SURNAMES = ["Ixcot", "Tzoc Ajpop", "Xicará", "Saquic", "Bámaca", "Chocoj", "Villatoro", "Cárcamo"]
OTHER_GIVEN = ["Héctor", "Rigoberto", "Edwin", "Wálter", "Osmar", "Byron", "Leticia", "Gladys"]
OTHER_SURNAMES = ["Letona", "Castañeda", "Paiz", "Recinos", "Girón", "Marroquín", "Orellana"]
PLACES = ["Escuintla", "Coatepeque", "Mazatenango", "Retalhuleu", "Huehuetenango"]


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(c for c in s if not unicodedata.combining(c))


def _leaks(output: str, names: set[str]) -> list[str]:
    """The protected names found in ``output`` as whole words, accents and case folded."""
    text = _fold(output).replace("_", " ")
    found = []
    for name in names:
        words = re.findall(r"\w+", _fold(name))
        if words and re.search(r"(?<!\w)" + r"\W{1,3}".join(map(re.escape, words)) + r"(?!\w)", text):
            found.append(name)
    return found


class _Builder:
    """Text made sentence by sentence, each sentence's span kept as evidence."""

    def __init__(self) -> None:
        self.text = ""

    def add(self, sentence: str) -> Evidence:
        if self.text:
            self.text += " "
        start = len(self.text)
        self.text += sentence
        return Evidence(start, len(self.text), sentence)


def _name_forms(draw, full: str) -> str:
    """One way a story refers to a person: full name, a part, capitals or without accents."""
    parts = name_parts(full) or [full]
    form = draw(st.sampled_from(["full", "part", "upper", "plain", "surname_first"]))
    if form == "part":
        return draw(st.sampled_from(parts))
    if form == "upper":
        return full.upper()
    if form == "plain":
        return "".join(c for c in unicodedata.normalize("NFKD", full) if not unicodedata.combining(c))
    if form == "surname_first" and " " in full:
        given_name, _, surname = full.rpartition(" ")
        return f"{surname}, {given_name}"
    return full


@st.composite
def stories(draw):
    """A fictional rescue story: victims and minors among suspects and officials."""
    n_victims = draw(st.integers(1, 3))
    victims = draw(
        st.lists(
            st.tuples(st.sampled_from(VICTIM_GIVEN), st.sampled_from(VICTIM_SURNAMES)),
            min_size=n_victims,
            max_size=n_victims,
            unique_by=lambda t: t[1],
        )
    )
    others = draw(
        st.lists(
            st.tuples(st.sampled_from(OTHER_GIVEN), st.sampled_from(OTHER_SURNAMES)),
            min_size=1,
            max_size=3,
            unique_by=lambda t: t[1],
        )
    )
    place = draw(st.sampled_from(PLACES))
    b = _Builder()
    persons: list[Person] = []
    title_victim = f"{victims[0][0]} {victims[0][1]}"
    for i, (given_name, surname) in enumerate(victims):
        full = f"{given_name} {surname}"
        age = draw(st.integers(9, 30))
        is_victim = draw(st.booleans()) or age >= 18  # an adult is protected only as a victim
        evidence = [b.add(f"Police in {place} found {full}, {age}, in a bar on the highway.")]
        for _ in range(draw(st.integers(0, 3))):
            form = _name_forms(draw, full)
            evidence.append(b.add(draw(st.sampled_from(SENTENCES)).format(name=form, place=place)))
        roles = ["victim"] if is_victim else ["other"]
        # a victim's age may be unknown; a minor who is not a victim is protected by her age
        persons.append(Person(full, roles, evidence, age=age if i % 2 == 0 or not is_victim else None))
        if draw(st.booleans()):
            persons.append(Person(draw(st.sampled_from(name_parts(full))), roles, [], age=age))
    for given_name, surname in others:
        full = f"{given_name} {surname}"
        role = draw(st.sampled_from(["suspect", "official", "civil_society"]))
        persons.append(Person(full, [role], [b.add(f"Prosecutors in {place} said {full} was questioned.")]))
    draw(st.randoms()).shuffle(persons)
    doc = Document(
        id="f" * 64,
        name=f"{title_victim.replace(' ', '_').lower()}.html",
        format="html",
        text=b.text,
        title=f"Girl found in {place}: {title_victim}",
        meta={"subject": f"CASE OF {title_victim.upper()}", "tags": [title_victim]},
        path=f"/data/{title_victim}.html",
    )
    facts = Facts(
        doc=doc.name,
        doc_id=doc.id,
        persons=persons,
        places=[Place(place, "GT", None, [])],
        organizations=[Organization("Policía Nacional Civil", "law_enforcement", [], None, ["PNC"])],
        victims=Victims(count=len(victims), minors=True, age_min=9, age_max=17),
    )
    others_full = [f"{g} {s}" for g, s in others]
    return doc, facts, others_full


SENTENCES = [
    "{name} had been promised work in a restaurant in {place}.",
    "Social workers took {name} to a shelter.",
    "According to the report, {name} was moved at night.",
    "{name} told investigators she was not paid.",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories())
def test_redact_document_leaves_no_protected_name_and_true_offsets(story):
    doc, facts, others = story
    names = protected_names([facts])
    assert names  # the generator always makes a protected person
    red_doc, red_facts = Redactor.for_document(doc, facts).redact_document(doc, facts)
    out = json.dumps({"doc": red_doc.to_dict(), "facts": red_facts.to_dict()}, ensure_ascii=False)
    assert _leaks(out, names) == []
    for e in red_facts.iter_evidence():
        assert red_doc.text[e.start : e.end] == e.quote
    for full in others:  # the suspects and officials stay readable
        assert full in red_doc.text
        assert full in [p.name for p in red_facts.persons]
    # one entry per protected person, under its placeholder, with no age
    hidden = [p for p in red_facts.persons if p.is_protected or "victim" in p.roles]
    assert len({p.name for p in hidden}) == len(hidden)
    assert all(re.fullmatch(r"(victim|minor) \d+", p.name) and p.age is None for p in hidden)
    assert red_facts.victims.count == facts.victims.count


@settings(max_examples=100, deadline=None)
@given(stories())
def test_redact_text_and_snippet_leave_no_protected_name(story):
    doc, facts, _ = story
    r = Redactor.for_document(doc, facts)
    names = protected_names([facts])
    assert _leaks(r.redact_text(doc.text), names) == []
    # an FTS snippet marks matches with [ ]; the marks may cut through a name
    snippet = re.sub(
        r"\b(\w+)\b", lambda m: f"[{m.group(1)}]" if len(m.group(1)) % 3 == 0 else m.group(1), doc.text
    )
    red = r.redact_snippet(snippet)
    assert _leaks(red.replace("[", " ").replace("]", " "), names) == []
    assert red.count("[") == red.count("]")


STORY = (
    "Police in Escuintla rescued Ana Lucía Ixcot, 14, from a bar on Tuesday. "
    "Her uncle Jorge Ixcot Letona was arrested. "
    "ANA IXCOT had been held for months, said Santa Rosa prosecutor Marta Quiñónez. "
    "Ixcot told officers she was not paid. Ana María Ixcot was moved to a shelter. "
    "Her cousin Rosa Tzoc, 16, was found with her. Rosa said little."
)


def _ev(text: str, quote: str) -> Evidence:
    i = text.index(quote)
    return Evidence(i, i + len(quote), quote)


def _story() -> tuple[Document, Facts]:
    doc = Document("a" * 64, "ana_ixcot.txt", "text", STORY, title="Girl, 14, rescued: Ana Ixcot")
    facts = Facts(
        doc=doc.name,
        persons=[
            Person(
                "Ana Lucía Ixcot",
                ["victim"],
                [_ev(STORY, "Police in Escuintla rescued Ana Lucía Ixcot, 14,")],
                age=14,
            ),
            Person(
                "Jorge Ixcot Letona", ["suspect"], [_ev(STORY, "Her uncle Jorge Ixcot Letona was arrested.")]
            ),
            Person("Marta Quiñónez", ["official"], [_ev(STORY, "Santa Rosa prosecutor Marta Quiñónez")]),
            Person("Rosa Tzoc", ["other"], [_ev(STORY, "Rosa Tzoc, 16,")], age=16),
            Person("Ana", ["victim"], [_ev(STORY, "Ana María Ixcot was moved")]),
        ],
        places=[Place("Santa Rosa", "GT", "GT-06", [])],
    )
    return doc, facts


def test_redactor_numbers_placeholders_by_first_mention_and_keeps_other_names():
    doc, facts = _story()
    red_doc, red_facts = Redactor.for_document(doc, facts).redact_document(doc, facts)
    assert red_doc.text == (
        "Police in Escuintla rescued victim 1, 14, from a bar on Tuesday. "
        "Her uncle Jorge Ixcot Letona was arrested. "
        "victim 1 had been held for months, said Santa Rosa prosecutor Marta Quiñónez. "
        "victim 1 told officers she was not paid. victim 1 was moved to a shelter. "
        "Her cousin minor 1, 16, was found with her. minor 1 said little."
    )
    assert red_doc.title == "Girl, 14, rescued: victim 1"
    assert red_doc.name == "victim 1.txt"
    names = [p.name for p in red_facts.persons]
    assert names == ["victim 1", "Jorge Ixcot Letona", "Marta Quiñónez", "minor 1"]
    victim = red_facts.persons[0]
    assert victim.age is None and victim.roles == ["victim"] and len(victim.evidence) == 2
    assert [e.quote for e in victim.evidence] == [
        "Police in Escuintla rescued victim 1, 14,",
        "victim 1 was moved",
    ]
    assert red_facts.persons[3].roles == ["other"]  # a minor keeps her role, loses her age


def test_redactor_withholds_a_part_two_victims_share():
    text = "Yesenia Saquic and Dalila Saquic, sisters, were found in Coatepeque. Saquic is a common name."
    facts = Facts(
        doc="d", persons=[Person("Yesenia Saquic", ["victim"]), Person("Dalila Saquic", ["victim"])]
    )
    r = Redactor.for_document(Document("b" * 64, "d", "text", text), facts)
    assert r.redact_text(text) == (
        f"victim 1 and victim 2, sisters, were found in Coatepeque. {WITHHELD} is a common name."
    )


def test_redactor_hides_store_wide_names_but_not_their_single_words():
    text = "Thaís Villatoro testified in Retalhuleu. Villatoro Street is closed; Thaís Cárcamo spoke."
    r = Redactor(extra=["Thaís Villatoro", "Osmar"])
    assert r.redact_text(text) == (
        "protected person 1 testified in Retalhuleu. Villatoro Street is closed; Thaís Cárcamo spoke."
    )


def test_redactor_without_protected_persons_changes_nothing():
    doc, facts = _story()
    facts.persons = [p for p in facts.persons if not p.is_protected]
    red_doc, red_facts = Redactor.for_document(doc, facts).redact_document(doc, facts)
    assert red_doc.text == doc.text and red_doc.title == doc.title
    assert [p.to_dict() for p in red_facts.persons] == [p.to_dict() for p in facts.persons]


def test_redact_snippet_keeps_marks_balanced():
    doc, facts = _story()
    r = Redactor.for_document(doc, facts)
    assert r.redact_snippet("rescued [Ana] Lucía Ixcot, 14, from") == "rescued [victim 1], 14, from"
    assert (
        r.redact_snippet("uncle [Jorge] Ixcot Letona was [arrested]")
        == "uncle [Jorge] Ixcot Letona was [arrested]"
    )


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Dr. Ana Lucía de la Paz", ["Ana", "Lucía", "Paz"]),
        ("Li Wu Ixcot", ["Ixcot"]),
        ("Marisol", []),
        ("Sra. Noemí Bámaca Jr", ["Noemí", "Bámaca"]),
    ],
)
def test_name_parts_leaves_out_titles_particles_and_short_tokens(name, parts):
    assert name_parts(name) == parts


def test_protected_names_reads_facts_and_entities():
    facts = Facts(doc="d", persons=[Person("Joselyn Chocoj", ["victim"]), Person("Edwin Paiz", ["suspect"])])
    entity = Entity(
        "e1",
        "person",
        "Gladys Orellana",
        names=["Gladys Orellana"],
        protected=True,
        mentions=[Mention("k", "d", "person", "G. Orellana")],
    )
    assert protected_names([facts, None], [entity]) == {
        "Joselyn Chocoj",
        "Joselyn",
        "Chocoj",
        "Gladys Orellana",
        "Gladys",
        "Orellana",
        "G. Orellana",
    }


def test_redact_entity_keeps_only_id_kind_countries_and_documents():
    entity = Entity(
        "e1",
        "person",
        "Gladys Orellana",
        names=["Gladys Orellana", "Orellana"],
        countries=["GT"],
        protected=True,
        mentions=[
            Mention(
                "doc1:person:gladys orellana",
                "doc1",
                "person",
                "Gladys Orellana",
                [Evidence(0, 5, "Glady")],
                "GT",
                True,
                {"age": 15},
            )
        ],
        data={"roles": ["victim"], "age": 15},
    )
    red = redact_entity(entity)
    assert red.id == "e1" and red.countries == ["GT"] and red.doc_ids == ["doc1"]
    assert _leaks(json.dumps(red.to_dict()), {"Gladys", "Orellana"}) == []
    assert red.data == {} and red.mentions[0].evidence == []
    plain = Entity("e2", "person", "Edwin Paiz", names=["Edwin Paiz"])
    assert redact_entity(plain).to_dict() == plain.to_dict()


def test_store_protected_names_reads_every_document(tmp_path):
    store = SQLiteStore(tmp_path / "t.db")
    try:
        text = "Police found Joselyn Chocoj and Noemí in Escuintla; Edwin Paiz was arrested."
        doc = Document("c" * 64, "d.txt", "text", text)
        facts = Facts(
            doc="d.txt",
            doc_id=doc.id,
            persons=[
                Person("Joselyn Chocoj", ["victim"]),
                Person("Noemí", ["victim"]),
                Person("Edwin Paiz", ["suspect"]),
            ],
        )
        store.add_document(doc, text.encode(), facts)
        # single words are left out store-wide: they would erase every namesake in the corpus
        assert store_protected_names(store) == {"Joselyn Chocoj"}
    finally:
        store.close()


def test_redactor_hides_every_spelling_of_a_store_wide_name():
    # a shorter spelling covered by a longer one must still be hidden where it stands alone
    r = Redactor(extra=["Ana Maria Perez", "Ana Perez"])
    out = r.redact_text("Witnesses saw Ana Perez and Ana Maria Perez in Lima.")
    assert "Perez" not in out and "Ana" not in out


def _fold_by_char(text: str) -> tuple[str, list[int]]:
    """The plain definition of folding: each character on its own, with its source index."""
    out, index = [], []
    for i, c in enumerate(text):
        if c.isascii():
            f = " " if c == "_" else c.lower()
        else:
            parts = unicodedata.normalize("NFKD", c)
            f = "".join(ch for ch in parts if not unicodedata.combining(ch)).casefold()
        out.append(f)
        index += [i] * len(f)
    return "".join(out), index


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60))
def test_fold_with_index_matches_folding_each_character(text):
    from tipwatch.export.redact import _fold_with_index

    folded, index = _fold_with_index(text)
    expected, expected_index = _fold_by_char(text)
    assert folded == expected
    assert (index if index is not None else list(range(len(folded)))) == expected_index
