"""Enforcement and response events (tipwatch/extract/events.py) on fictional sentences."""

from __future__ import annotations

import pytest

from tests.conftest import make_ctx, make_doc
from tipwatch.extract.events import extract_events


def events(text, lang="en", **kw):
    ctx = make_ctx(text, lang, **kw)
    extract_events(ctx)
    return [(e.type, e.count, e.date, e.country) for e in ctx.facts.events]


def test_events_arrest_with_count_date_and_place_country():
    text = "Police arrested 12 people in Trujillo on March 3 for exploiting farm workers."
    got = events(
        text,
        mentions=[("Trujillo", "place", "trujillo", {"country": "PE", "subdivision": "PE-LAL"})],
        main_country="BO",
        published="2023-05-01",
    )
    assert got == [("arrest", 12, "2023-03-03", "PE")]


def test_events_counts_of_a_combined_action_add_up():
    assert events("Four traffickers and two clients were detained.", main_country="KE") == [
        ("arrest", 6, None, "KE")
    ]


def test_events_two_actions_in_one_clause_keep_their_own_counts():
    got = events(
        "Officers rescued nine women and arrested two suspects at a massage parlour.", main_country="TH"
    )
    assert sorted(got) == [("arrest", 2, None, "TH"), ("rescue", 9, None, "TH")]


def test_events_people_named_one_by_one_are_counted():
    got = events("Prosecutors charged a landowner and his wife with forced labour.", main_country="IN")
    assert got == [("charge", 2, None, "IN")]


def test_events_groups_are_no_count_of_people():
    assert events("Police broke up 12 gangs across the province.", main_country="NG") == [
        ("dismantling", None, None, "NG")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "No arrests have been made so far.",
        "Police will investigate the farm next month.",
        "The union called for an investigation into the deaths.",
        "If the suspects are captured, they face ten years.",
        "A judge issued an arrest warrant for the owner.",
        "The court ordered the preventive detention of the mayor.",
        "Migrants fear deportation if they report abuse.",
        "Investigations are rare and slow.",
    ],
)
def test_events_none_for_negated_planned_requested_or_hypothetical_actions(text):
    assert events(text, main_country="GT") == []


def test_events_mentions_of_one_action_merge():
    text = (
        "Police rescue 14 workers from brick kiln.\n"
        "Police on Tuesday rescued 14 workers from a brick kiln near Lahore.\n"
        "The rescue followed a tip from a local charity."
    )
    got = events(text, main_country="PK")
    assert got == [("rescue", 14, None, "PK")]


def test_events_a_total_its_parts_add_up_to_is_replaced_by_the_parts():
    text = (
        "Police rescued 10 children from fishing boats.\n"
        "Seven children were rescued on 3 May 2022 near Yeji.\n"
        "Three more children were rescued on 5 May 2022 near Kete Krachi."
    )
    got = events(text, main_country="GH")
    assert sorted(got) == [("rescue", 3, "2022-05-05", "GH"), ("rescue", 7, "2022-05-03", "GH")]


def test_events_smaller_undated_count_after_a_total_is_part_of_it():
    text = "Police arrested 9 people in the raid on Friday.\nA doctor and a nurse were also arrested."
    got = events(text, main_country="PH", published="2021-06-14")
    assert [g for g in got if g[0] == "arrest"] == [("arrest", 9, "2021-06-11", "PH")]


def test_events_period_statistic_stays_beside_a_single_case():
    text = (
        "Nationwide, police arrested 500 suspects this year.\nIn one case, three men were arrested in Kisumu."
    )
    got = events(text, mentions=[("Kisumu", "place", "kisumu", {"country": "KE"})], main_country="KE")
    assert sorted(got) == [("arrest", 3, None, "KE"), ("arrest", 500, None, "KE")]


def test_events_respectively_pairs_counts_with_dates():
    text = "Operations on 2 and 9 June 2021 respectively freed six and four girls."
    got = events(text, main_country="NP")
    assert sorted(got) == [("rescue", 4, "2021-06-09", "NP"), ("rescue", 6, "2021-06-02", "NP")]


def test_events_deportation_country_is_the_country_it_leaves():
    text = "Officials said 1,200 Hondurans were deported from Mexico in 2019."
    got = events(
        text,
        mentions=[("Hondurans", "country", "HN", {"via": "demonym"}), ("Mexico", "country", "MX", {})],
        main_country="HN",
    )
    assert got == [("deportation", 1200, "2019", "MX")]


def test_events_the_acting_police_give_the_country():
    text = "The Italian police said their investigation had traced the ring."
    got = events(text, mentions=[("Italian", "country", "IT", {"via": "demonym"})], main_country="AL")
    assert got == [("investigation", None, None, "IT")]


def test_events_spanish():
    text = "La Fiscalía detuvo a tres personas y rescató a cinco víctimas tras un operativo en un domicilio de Lima."
    got = events(text, "es", mentions=[("Lima", "place", "lima", {"country": "PE"})], main_country="PE")
    assert sorted(got) == [("arrest", 3, None, "PE"), ("raid", None, None, "PE"), ("rescue", 5, None, "PE")]


def test_events_spanish_conviction_needs_a_sentence():
    assert events(
        "Un tribunal condenó a 15 años de prisión a un hombre por trata.", "es", main_country="AR"
    ) == [("conviction", 1, None, "AR")]
    assert events("El gobierno condenó el ataque contra la sede.", "es", main_country="AR") == []


def test_events_portuguese():
    text = "A polícia deteve 12 pessoas e cumpriu 20 mandados de busca. O MPF denunciou dois fazendeiros."
    got = events(text, "pt", main_country="BR")
    assert sorted(got) == [("arrest", 12, None, "BR"), ("charge", 2, None, "BR"), ("raid", None, None, "BR")]


def test_events_portuguese_unexecuted_warrant_is_no_arrest():
    assert events("O juiz emitiu um mandado de prisão contra o empresário.", "pt", main_country="BR") == []


def test_events_carry_evidence_and_source():
    text = "It rained. Three smugglers were arrested at the border, said prosecutors."
    ctx = make_ctx(text, main_country="US")
    extract_events(ctx)
    (event,) = ctx.facts.events
    assert event.source == "prosecutors"
    assert [text[e.start : e.end] for e in event.evidence] == [ev.quote for ev in event.evidence]
    assert event.evidence[0].quote.startswith("Three smugglers")


def test_events_comparison_with_an_earlier_year_is_a_second_event():
    text = "In 2020 the unit investigated 64 trafficking cases, compared with 41 in 2019."
    got = events(text, main_country="NP", published="2021-03-01")
    assert sorted(got, key=str) == [("investigation", 41, "2019", "NP"), ("investigation", 64, "2020", "NP")]


def test_events_charge_of_the_detainees_takes_the_arrest_count():
    text = "Police detained four men in Cebu.\nThe detainees were charged with trafficking on Friday."
    got = events(text, mentions=[("Cebu", "place", "cebu", {"country": "PH"})], main_country="PH")
    assert ("charge", 4) in [(t, c) for t, c, _, _ in got]


def test_events_undated_actions_of_an_operation_take_the_lead_date():
    text = (
        "Police rescued 12 women from a farm on 3 May 2022.\n"
        "Officers said the owner was arrested at the scene."
    )
    got = events(text, main_country="KE")
    assert ("arrest", 1, "2022-05-03", "KE") in got


def test_events_back_reference_carries_no_count_or_date():
    text = "La policía rescató a 20 mujeres.\nEntre las personas rescatadas hay 3 menores, informó el martes la fiscalía."
    got = events(text, "es", main_country="PE", published="2022-06-10")
    assert [g for g in got if g[0] == "rescue"] == [("rescue", 20, None, "PE")]


def test_events_a_date_of_a_law_or_a_period_start_dates_no_action():
    text = "Prosecutors charged the owner under a 2005 law against begging.\nThe ring, active since 2016, was dismantled."
    got = events(text, main_country="SN", published="2023-01-10")
    assert {(t, d) for t, _, d, _ in got} == {("charge", None), ("dismantling", None)}


def test_events_place_after_a_relative_clause_is_not_where_it_happened():
    text = "Police in Pune arrested three men who lured women with jobs in Dubai."
    got = events(
        text,
        mentions=[
            ("Pune", "place", "pune", {"country": "IN"}),
            ("Dubai", "place", "dubai", {"country": "AE"}),
        ],
        main_country="IN",
    )
    assert got == [("arrest", 3, None, "IN")]


def test_events_imputar_a_is_a_charge_and_a_repatriation_is_no_deportation(extractor):
    text = (
        "El Ministerio Público imputó a tres personas por trata de personas en Pedro Juan Caballero. "
        "Las dos víctimas fueron repatriadas a Paraguay la semana pasada."
    )
    facts = extractor.extract(make_doc(text, "es", "2024-05-10"))
    types = {e.type: e.count for e in facts.events}
    assert types.get("charge") == 3
    assert "deportation" not in types


def test_events_a_case_filed_against_people_is_a_charge(extractor):
    text = "On Monday the District Attorney's Office filed a case against all three in Nuwakot."
    facts = extractor.extract(make_doc(text, "en", "2024-05-10"))
    assert [(e.type, e.count) for e in facts.events] == [("charge", 3)]


@pytest.mark.parametrize(
    ("text", "lang", "count"),
    [
        ("Twelve of the women were detained and deported by the authorities in Jeddah.", "en", 12),
        ("Nueve de los trabajadores fueron detenidos y deportados a Nicaragua.", "es", 9),
    ],
)
def test_events_detained_and_deported_is_one_deportation(extractor, text, lang, count):
    facts = extractor.extract(make_doc(text, lang, "2024-05-10"))
    assert [(e.type, e.count) for e in facts.events] == [("deportation", count)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # a negated subject negates the passive action however far the negation stands
        ("Not a single brick kiln owner in the district has been convicted of forced labour.", "en", []),
        ("Activists said no recruiter had ever been convicted in the province.", "en", []),
        ("Ningún tratante ha sido condenado en la provincia, dijo la fiscal.", "es", []),
        ("Nenhum aliciador foi condenado no estado, segundo o relatório.", "pt", []),
        # a negation inside a prepositional phrase negates a thing, not the action
        ("Six men with no papers were arrested in Lahore.", "en", [("arrest", 6)]),
        ("Six men without papers were arrested in Lahore.", "en", [("arrest", 6)]),
        ("Seis mujeres sin documentos fueron detenidas en Salta.", "es", [("arrest", 6)]),
        ("Seis mulheres sem documentos foram presas em Manaus.", "pt", [("arrest", 6)]),
        # a negation that ended in its own clause leaves the next one alone
        ("Police said no one was hurt and three men were arrested.", "en", [("arrest", 3)]),
        ("They have not been arrested.", "en", []),
    ],
)
def test_events_negated_subjects_and_negations_inside_phrases(text, lang, expected):
    assert [(t, c) for t, c, _, _ in events(text, lang)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Two of them - Kofi Mensah, 41, who runs a placement agency, and Ama Owusu, 33 - were charged.",
        "Two of them – Kofi Mensah, 41, and Ama Owusu, 33 – were charged.",
        "Two of them (both from Kumasi) were charged.",
        "In May both were charged in Accra, Mensah with trafficking and Owusu with forgery.",
    ],
)
def test_events_count_before_an_insertion_or_both_counts_the_charged(text):
    assert [(t, c) for t, c, _, _ in events(text)] == [("charge", 2)]
