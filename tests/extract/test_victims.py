"""What a document says of its victims (tipwatch/extract/victims.py), on fictional sentences."""

from __future__ import annotations

import pytest

from tests.conftest import make_ctx
from tipwatch.extract.classify import extract_labels
from tipwatch.extract.events import extract_events
from tipwatch.extract.victims import extract_victims


def ctx_with_events(text, lang="en", main_country=None, published=None):
    """A Context over fictional text, with the labels and events that run before victims."""
    ctx = make_ctx(text, lang, main_country=main_country, published=published)
    extract_labels(ctx)
    extract_events(ctx)
    return ctx


def victims(text, lang="en"):
    ctx = ctx_with_events(text, lang)
    extract_victims(ctx)
    v = ctx.facts.victims
    return v.count, v.minors, v.age_min, v.age_max, sorted(v.sexes)


def test_victims_count_from_rescues_adds_itemised_operations():
    text = "Police rescued 10 children.\nSix children were rescued on 2 May 2022.\nFour children were rescued on 4 May 2022."
    assert victims(text)[0] == 10


def test_victims_count_from_victim_words_when_no_rescue():
    assert victims("The court heard that the farmer exploited seven workers for two years.")[0] == 7
    assert victims("Las víctimas eran tres adolescentes de una escuela rural.", "es")[0] == 3


def test_victims_national_estimates_are_no_case_count():
    assert victims("Each year some 5,000 women are trafficked to the capital.")[0] is None


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("The girls, aged 13 to 16, were forced into prostitution.", "en", (True, 13, 16, ["female"])),
        ("The victims, aged 19 to 24, were forced to work in a bakery.", "en", (False, 19, 24, [])),
        (
            "The suspects, aged 30 and 45, were arrested. The children were rescued.",
            "en",
            (True, None, None, []),
        ),
        ("Women and children were trafficked across the border.", "en", (True, None, None, ["female"])),
        (
            "The ring filmed children of both sexes who were sexually abused.",
            "en",
            (True, None, None, ["female", "male"]),
        ),
        ("Los niños eran explotados en una mina.", "es", (True, None, None, [])),
        ("El menor, de 15 años, fue rescatado de un taller textil.", "es", (True, 15, 15, ["male"])),
        (
            "Uma mulher de 29 anos tentou negociar a venda do filho, de cinco meses.",
            "pt",
            (True, 0, 0, ["male"]),
        ),
        ("As vítimas eram trabalhadores rurais aliciados no interior.", "pt", (None, None, None, [])),
    ],
)
def test_victims_minors_ages_and_sexes(text, lang, expected):
    assert victims(text, lang)[1:] == expected


def test_victims_juvenile_suspect_is_no_minor_victim():
    text = "Three men were arrested. One of them, a juvenile, was later handed to his parents."
    assert victims(text)[1] is None


def test_victims_evidence_quotes_the_sentences():
    text = "It was late. Police rescued five girls from a bar in Tacna."
    ctx = ctx_with_events(text, main_country="PE")
    extract_victims(ctx)
    v = ctx.facts.victims
    assert v.count == 5 and v.minors is True and v.sexes == ["female"]
    for field in ("count", "minors", "sexes"):
        assert v.evidence[field]
        for ev in v.evidence[field]:
            assert text[ev.start : ev.end] == ev.quote == "Police rescued five girls from a bar in Tacna."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an adult age right after a word for the victims counts even in a case with minors
        ("The victims, aged 15 to 23, were forced into prostitution.", (True, 15, 23)),
        # a prison term is no age
        ("A court sentenced the recruiter to 12 to 15 years for exploiting two girls.", (True, None, None)),
        # a list of ages
        ("The traffickers sold three girls, aged 13, 14 and 16, to a brothel.", (True, 13, 16)),
        # the youngest bounds only one side
        ("The ring forced 20 women and girls into marriage, the youngest aged 14.", (True, 14, None)),
    ],
)
def test_victims_ages_from_explicit_numbers(text, expected):
    assert victims(text)[1:4] == expected


def test_victims_counts_joined_by_and_add_up_but_breakdowns_do_not():
    assert victims("The exploited workers, six men and three women, slept in a barn.")[0] == 9
    assert victims("Police found five victims, four men and a woman, on the farm.")[0] == 5


def test_victims_buyers_and_names_of_bodies_give_no_sex():
    text = "The girls were sold to men who paid $300 each. The Ministry of Women took over their care."
    assert victims(text)[4] == ["female"]


def test_victims_stated_count_above_the_rescued_and_a_list_of_ages(extractor):
    from tests.conftest import make_doc

    text = (
        "Hasta ahora fueron identificadas siete víctimas, todas mujeres de entre 17 y 25 años. "
        "Dos de las víctimas fueron rescatadas el 3 de octubre en Clorinda."
    )
    v = extractor.extract(make_doc(text, "es", "2023-10-10")).victims
    assert (v.count, v.minors, v.age_min, v.age_max) == (7, True, 17, 25)
    text = "A polícia resgatou três raparigas de 13, 14 e 15 anos prometidas em casamento em Bafatá."
    v = extractor.extract(make_doc(text, "pt", "2023-10-10")).victims
    assert (v.count, v.minors, v.age_min, v.age_max) == (3, True, 13, 15)
