"""Persons, organisations, places and countries on fictional sentences in en/es/pt."""

from __future__ import annotations

import pytest

from tests.conftest import make_doc


def _by_name(items):
    return {i.name: i for i in items}


def test_entities_english_roles_kinds_and_places(extractor):
    text = (
        "Police in Cebu City arrested Ramon Dela Cruz Villanueva, 44, who is accused of running a brothel.\n"
        '"We will not stop," said prosecutor Lourdes Abad-Santos of the Department of Justice.\n'
        "Maria Theresa Quimpo, director of the Visayan Forum Foundation, said the women came from Mindanao."
    )
    facts = extractor.extract(make_doc(text, "en", "2019-05-02"))
    persons = _by_name(facts.persons)
    assert persons["Ramon Dela Cruz Villanueva"].roles == ["suspect"]
    assert persons["Lourdes Abad-Santos"].roles == ["official"]
    assert persons["Maria Theresa Quimpo"].roles == ["civil_society"]
    orgs = _by_name(facts.organizations)
    assert orgs["Department of Justice"].kind == "government"
    assert orgs["Visayan Forum Foundation"].kind == "ngo"
    places = _by_name(facts.places)
    assert places["Cebu City"].country == "PH"
    assert places["Cebu City"].subdivision is not None
    assert "PH" in [c.value for c in facts.countries]


def test_entities_spanish_acronym_is_an_alias_of_the_full_name(extractor):
    text = (
        "La Procuraduría General de Justicia del Estado de Oaxaca (PGJEO) detuvo a Ernesto Salvador Ruiz Pineda "
        "en Juchitán. La PGJEO informó que el detenido quedó a disposición de un juez."
    )
    facts = extractor.extract(make_doc(text, "es"))
    names = [o.name for o in facts.organizations]
    assert "PGJEO" not in names
    org = _by_name(facts.organizations)["Procuraduría General de Justicia del Estado de Oaxaca"]
    assert org.kind == "judiciary"
    assert "PGJEO" in org.aliases
    assert _by_name(facts.persons)["Ernesto Salvador Ruiz Pineda"].roles == ["suspect"]


def test_entities_portuguese_title_before_name_makes_an_official(extractor):
    text = (
        'A Polícia Federal prendeu dois homens em Belém. "A investigação continua", afirmou o delegado '
        "Henrique Tavares Moura, da Superintendência da Polícia Federal no Pará."
    )
    facts = extractor.extract(make_doc(text, "pt"))
    assert _by_name(facts.persons)["Henrique Tavares Moura"].roles == ["official"]
    assert _by_name(facts.organizations)["Polícia Federal"].kind == "law_enforcement"
    places = _by_name(facts.places)
    assert places["Belém"].subdivision == "BR-PA"


@pytest.mark.parametrize(
    "text, lang, absent",
    [
        ("Officers found the van near the border with Belize, police in Chetumal said.", "en", "BZ"),
        ("The US Department of State ranked the country on its watch list.", "en", "US"),
    ],
)
def test_entities_country_only_as_reference_or_in_a_name_is_not_a_country(extractor, text, lang, absent):
    facts = extractor.extract(make_doc(text, lang))
    assert absent not in [c.value for c in facts.countries]


def test_entities_street_names_are_not_people(extractor):
    text = "La policía allanó un inmueble de la calle Benito Juárez en Puebla y rescató a tres mujeres."
    facts = extractor.extract(make_doc(text, "es"))
    assert "Benito Juárez" not in [p.name for p in facts.persons]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "The broker found the women on Facebook and WhatsApp and they sent their wages home "
            "through Western Union from Port Moresby, police said.",
            "en",
        ),
        ("Las captaban por Facebook y WhatsApp; el dinero salía por Western Union hacia Encarnación.", "es"),
        (
            "Eram aliciadas pelo Facebook e pelo WhatsApp, e o dinheiro ia pela Western Union para Belém.",
            "pt",
        ),
    ],
)
def test_entities_platforms_are_companies_and_online_recruitment_is_an_indicator(extractor, text, lang):
    facts = extractor.extract(make_doc(text, lang, "2024-04-09"))
    orgs = {o.name: o.kind for o in facts.organizations}
    assert orgs.get("Facebook") == orgs.get("WhatsApp") == orgs.get("Western Union") == "company"
    assert "online_distribution" in {i.value for i in facts.indicators}  # the name is the cue too


def test_entities_platform_words_in_lower_case_are_not_organisations(extractor):
    text = (
        "Officers sent a telegram to the embassy; a signal from the port alerted the coast guard in Durban."
    )
    facts = extractor.extract(make_doc(text, "en", "2024-04-09"))
    assert not {o.name.lower() for o in facts.organizations} & {"telegram", "signal"}


def test_entities_a_shelter_in_a_town_is_no_organisation_named_after_the_town(extractor):
    text = (
        "A associação acolheu na sua casa de abrigo em Bissau três raparigas vindas de Bafatá e de "
        "Gabú; uma delas fugiu para Ziguinchor, no Senegal."
    )
    facts = extractor.extract(make_doc(text, "pt", "2024-04-09"))
    assert "Bissau" not in {o.name for o in facts.organizations}
    places = {p.name: (p.country, p.subdivision) for p in facts.places}
    # Senegal is the only country named, but two Bissau-Guinean regions vouch for the rest
    assert places["Bissau"] == ("GW", "GW-BS") and places["Gabú"][0] == "GW"
    assert {c.value for c in facts.countries} >= {"GW", "SN"}


def test_entities_a_dollar_sign_is_no_country(extractor):
    text = "En San Miguel, el hombre pagó US$1.500 por la niña, según la Fiscalía General de la República."
    facts = extractor.extract(make_doc(text, "es", "2024-04-09"))
    assert "US" not in {c.value for c in facts.countries}


@pytest.mark.parametrize(
    ("text", "lang", "name", "kind"),
    [
        (
            "La Organización Internacional para las Migraciones atendió a las víctimas en Quito.",
            "es",
            "Organización Internacional para las Migraciones",
            "international",
        ),
        (
            "El Instituto Colombiano de Bienestar Familiar recibió a los niños en Barranquilla.",
            "es",
            "Instituto Colombiano de Bienestar Familiar",
            "government",
        ),
        (
            "La Fiscalía General de la Nación imputó cargos en Cali.",
            "es",
            "Fiscalía General de la Nación",
            "judiciary",
        ),
        (
            "The Mekong Harbour Collective said the men were held in Kampot.",
            "en",
            "Mekong Harbour Collective",
            "ngo",
        ),
        (
            "Recruits were placed by Silver Crest Placements in Nairobi.",
            "en",
            "Silver Crest Placements",
            "company",
        ),
        (
            "The Central Investigation Bureau arrested two brokers in Pokhara.",
            "en",
            "Central Investigation Bureau",
            "law_enforcement",
        ),
        (
            "A empresa Asas do Norte Táxi Aéreo levava as mulheres de Itaituba.",
            "pt",
            "Asas do Norte Táxi Aéreo",
            "company",
        ),
    ],
)
def test_entities_organisation_kinds_from_their_heads(extractor, text, lang, name, kind):
    facts = extractor.extract(make_doc(text, lang, "2024-04-09"))
    assert {o.name: o.kind for o in facts.organizations}.get(name) == kind


def test_entities_one_body_under_one_name_whatever_the_word_order(extractor):
    text = (
        "The Ministry of Interior opened an inquiry in Kampot. Cambodia's Interior Ministry said "
        "1,200 victims had been found. Kenya's Directorate of Criminal Investigations arrested two agents."
    )
    facts = extractor.extract(make_doc(text, "en", "2024-04-09"))
    names = {o.name for o in facts.organizations}
    assert "Ministry of Interior" in names and "Interior Ministry" not in names
    assert "Directorate of Criminal Investigations" in names
    assert not any(n.startswith(("Cambodia's", "Kenya's")) for n in names)


def test_entities_masthead_country_office_and_titled_body_names(extractor):
    story = (
        "EL CORREO DEL SUR | Policiales\n"
        "Lunes, 4 de marzo de 2024\n\n"
        "La policía rescató a tres mujeres en Tarija, informó la fiscalía departamental.\n"
    )
    facts = extractor.extract(make_doc(story, "es", "2024-03-04"))
    assert {o.name: o.kind for o in facts.organizations}.get("EL CORREO DEL SUR") == "media"
    release = (
        "The International Organization for Migration (IOM) helped 40 women home to Mombasa. "
        "IOM Kenya Chief of Mission Ruth Wanjala thanked the State Department for Labour, and the "
        "Principal Secretary of the State Department for Labour met them at the airport."
    )
    names = {o.name for o in extractor.extract(make_doc(release, "en", "2024-03-04")).organizations}
    assert names == {"International Organization for Migration", "State Department for Labour"}


def test_entities_known_bodies_spelled_out_in_spanish_and_portuguese_take_their_acronyms(extractor):
    text = (
        "La Organización Internacional para las Migraciones (OIM) atendió a 23 niños en Bata. "
        "Según la OIM, los padres recibieron 50.000 francos CFA por cada niño."
    )
    names = {o.name for o in extractor.extract(make_doc(text, "es", "2024-04-09")).organizations}
    assert names == {"Organización Internacional para las Migraciones"}


@pytest.mark.parametrize(
    ("text", "lang", "name", "kind"),
    [
        (
            "O vereador preside a Câmara Municipal de Itaituba desde 2021.",
            "pt",
            "Câmara Municipal de Itaituba",
            "legislature",
        ),
        (
            "The men were sent to Bukit Jarum Plantations in Johor.",
            "en",
            "Bukit Jarum Plantations",
            "company",
        ),
        (
            "The Rapid Action Battalion arrested two brokers in Dhaka.",
            "en",
            "Rapid Action Battalion",
            "law_enforcement",
        ),
    ],
)
def test_entities_more_kinds_from_heads(extractor, text, lang, name, kind):
    assert {o.name: o.kind for o in extractor.extract(make_doc(text, lang, "2024-04-09")).organizations}.get(
        name
    ) == kind


def test_entities_titles_possessives_legal_forms_and_headlines_in_capitals(extractor):
    text = (
        "POLICE OFFICER HELD AFTER RAIDS ON THREE BARS IN THE CAPITAL CITY\n\n"
        "Joint Secretary Rokeya Sultana of the Ministry of Expatriates' Welfare and Overseas Employment "
        "said the licence was suspended, according to Amina Yusuf, IOM's Chief of Mission in Ghana. "
        "The workers had been hired by Harbour Crest Seafoods, Inc. in Tema."
    )
    names = {o.name for o in extractor.extract(make_doc(text, "en", "2024-04-09")).organizations}
    assert "Ministry of Expatriates' Welfare and Overseas Employment" in names
    assert not names & {"Mission", "Chief of Mission", "Overseas Employment"}
    assert not any(n.isupper() and len(n.split()) > 6 for n in names)
    assert any(n.startswith("Harbour Crest Seafoods, Inc") for n in names)
