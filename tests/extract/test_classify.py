"""Exploitation and indicator labels (tipwatch/extract/classify.py) on fictional sentences."""

from __future__ import annotations

import pytest

from tests.conftest import make_ctx
from tipwatch.extract.classify import extract_labels


def labels(ctx):
    extract_labels(ctx)
    return {x.value for x in ctx.facts.exploitation}, {x.value for x in ctx.facts.indicators}


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Police said the teenagers were forced into prostitution at a bar in Tema.",
            "en",
            {"sex_trafficking", "child_sexual_exploitation"},
        ),
        ("The farm owner held eleven men in debt bondage and withheld their wages.", "en", {"forced_labor"}),
        ("A nurse was accused of selling newborns to foreign couples.", "en", {"illegal_adoption"}),
        (
            "The gang sold teenage girls for sex in two hotels.",
            "en",
            {"sex_trafficking", "child_sexual_exploitation"},
        ),
        (
            "Investigators are probing whether the clinic took part in organ trafficking.",
            "en",
            {"organ_removal"},
        ),
        ("The boys were made to beg at traffic lights and hand over their earnings.", "en", {"begging"}),
        (
            "The men were charged with migrant smuggling after a lorry stop near Calais.",
            "en",
            {"migrant_smuggling"},
        ),
        (
            "Officers seized laptops holding child pornography.",
            "en",
            {"child_sexual_abuse_material", "child_sexual_exploitation"},
        ),
        (
            "La policía rescató a cinco mujeres obligadas a prostituirse en un bar de Cusco.",
            "es",
            {"sex_trafficking"},
        ),
        ("Detuvieron a dos polleros por tráfico de migrantes en la frontera.", "es", {"migrant_smuggling"}),
        ("Los jornaleros vivían en condiciones de esclavitud y sin recibir salario.", "es", {"forced_labor"}),
        (
            "Os fiscais encontraram nove trabalhadores em condições análogas à de escravo.",
            "pt",
            {"forced_labor"},
        ),
        ("A mulher tentou negociar a venda do filho com um empresário.", "pt", {"illegal_adoption"}),
    ],
)
def test_labels_exploitation_reported(text, lang, expected):
    exploitation, _ = labels(make_ctx(text, lang))
    assert exploitation == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Forced labour is a form of exploitation that affects millions of workers.", "en"),  # definition
        ("Inspectors found no evidence of forced labour at the plantation.", "en"),  # negated
        ("She founded a coalition working against the sexual exploitation of children.", "en"),  # scope
        ("Activists called for tougher penalties for sex trafficking.", "en"),  # advocacy
        ("Prostitution is legal in the country.", "en"),  # a legal statement
        ("Many people confuse trafficking with migrant smuggling.", "en"),  # only "confused with"
        ("La explotación laboral es una forma de violencia contra los trabajadores.", "es"),
        ("O seminário marcou o dia de combate ao trabalho escravo.", "pt"),
    ],
)
def test_labels_skip_sentences_that_report_no_case(text, lang):
    exploitation, _ = labels(make_ctx(text, lang))
    assert exploitation == set()


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("The network paid corrupt customs officers to look away.", "en", {"corruption", "organized_crime"}),
        ("The ministry launched anti-corruption training for judges.", "en", set()),
        ("Two police officers were also arrested in the case.", "en", {"official_complicity"}),
        (
            "The ring recruited the women through social media and online job ads.",
            "en",
            {"organized_crime", "online_distribution"},
        ),
        ("He said he shares photos of his dog on social networks.", "en", {"online_distribution"}),
        ("The victims were drugged and moved at night.", "en", {"drugging"}),
        ("The workers were given forged passports before the trip.", "en", {"document_fraud"}),
        ("Rights groups say traffickers go unpunished in the region.", "en", {"impunity"}),
        (
            "La banda operaba con documentos falsos y redes sociales.",
            "es",
            {"organized_crime", "document_fraud", "online_distribution"},
        ),
        (
            "A quadrilha atuava com a conivência de funcionários públicos.",
            "pt",
            {"organized_crime", "official_complicity"},
        ),
        ("Segundo a polícia, os crimes ficam impunes.", "pt", {"impunity"}),
    ],
)
def test_labels_indicators(text, lang, expected):
    _, indicators = labels(make_ctx(text, lang))
    assert indicators == expected


def test_labels_cue_inside_an_organisation_name_is_a_name():
    text = "The Office for Organized Crime opened a case."
    ctx = make_ctx(text, mentions=[("Office for Organized Crime", "org", "office", {"kind": "judiciary"})])
    assert labels(ctx) == (set(), set())


def test_labels_cross_border_from_movement_to_a_foreign_country():
    text = "The women were trafficked to Spain from Lima."
    ctx = make_ctx(
        text,
        mentions=[("Spain", "country", "ES", {}), ("Lima", "place", "lima", {"country": "PE"})],
        main_country="PE",
    )
    assert "cross_border" in labels(ctx)[1]


def test_labels_cross_border_from_victims_origin():
    text = "Most of the rescued victims came from Honduras."
    ctx = make_ctx(text, mentions=[("Honduras", "country", "HN", {})], main_country="GT")
    assert "cross_border" in labels(ctx)[1]


def test_labels_no_cross_border_for_a_trip_that_did_not_happen_or_a_buyer():
    text = "The scheme promised jobs in Qatar. The buyer was a businessman from Zambia."
    ctx = make_ctx(
        text, mentions=[("Qatar", "country", "QA", {}), ("Zambia", "country", "ZM", {})], main_country="MW"
    )
    assert "cross_border" not in labels(ctx)[1]


def test_labels_a_denied_claim_reports_nothing():
    text = "The prosecutor ruled out reports that the children were sold for organ trafficking."
    assert labels(make_ctx(text)) == (set(), set())


def test_labels_evidence_quotes_the_sentence():
    text = "Nothing happened on Monday. Police rescued six girls from a brothel in Kumasi."
    ctx = make_ctx(text)
    extract_labels(ctx)
    for lab in ctx.facts.exploitation:
        assert lab.evidence
        for ev in lab.evidence:
            assert text[ev.start : ev.end] == ev.quote
            assert "brothel" in ev.quote


def test_labels_sexual_exploitation_of_a_victim_under_18_is_child_sexual_exploitation():
    text = "Police rescued nine women from a brothel.\nOne of them, a 16-year-old girl, had been recruited online."
    exploitation, _ = labels(make_ctx(text))
    assert exploitation == {"sex_trafficking", "child_sexual_exploitation"}


def test_labels_no_cross_border_for_an_intercepted_trip():
    text = "The girls were intercepted at the border post as they were about to be taken to South Africa."
    ctx = make_ctx(text, mentions=[("South Africa", "country", "ZA", {})], main_country="MZ")
    assert "cross_border" not in labels(ctx)[1]


def test_labels_migrants_with_a_foreign_country_crossed_a_border():
    text = "The migrants, most of them from Honduras, were found in a truck."
    ctx = make_ctx(text, mentions=[("Honduras", "country", "HN", {})], main_country="MX")
    assert "cross_border" in labels(ctx)[1]


@pytest.mark.parametrize(
    ("text", "lang", "exploitation", "indicators"),
    [
        (
            "The workers were forced to run romance scams from a compound in Bavet.",
            "en",
            {"forced_criminality"},
            set(),
        ),
        (
            "The women were made to drink with customers and have sex with them behind the bar.",
            "en",
            {"sex_trafficking"},
            set(),
        ),
        (
            "La red los obligaba a transportar cocaína a Madrid; uno viajó con una cédula de identidad adulterada.",
            "es",
            {"forced_criminality"},
            {"document_fraud", "organized_crime"},
        ),
        ("Compró a una niña de 12 años como esposa por 800 dólares.", "es", {"forced_marriage"}, set()),
        ("The ministry has not convicted a single trafficker in five years.", "en", set(), {"impunity"}),
        ("Casi nunca se procesa a los clientes extranjeros.", "es", set(), {"impunity"}),
        (
            "Na região, raramente alguém é responsabilizado pelos casamentos forçados.",
            "pt",
            {"forced_marriage"},
            {"impunity"},
        ),
    ],
)
def test_labels_scams_sex_drugs_marriage_fraud_and_impunity(text, lang, exploitation, indicators):
    found_exploitation, found_indicators = labels(make_ctx(text, lang))
    assert found_exploitation == exploitation and found_indicators == indicators


def test_labels_an_official_among_the_suspects_is_official_complicity(extractor):
    from tests.conftest import make_doc

    text = (
        "Police arrested three men in Kalimpong, among them the ward secretary Dorje Tamang, who is "
        "accused of signing papers for the recruiters."
    )
    facts = extractor.extract(make_doc(text, "en", "2024-04-09"))
    assert {"suspect", "official"} <= set(next(p for p in facts.persons if p.name == "Dorje Tamang").roles)
    assert "official_complicity" in {i.value for i in facts.indicators}
