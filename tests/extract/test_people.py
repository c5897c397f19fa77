"""Persons: ages beside a name and victims named as the object of a rescue (tipwatch/extract/people.py).

A victim or a minor the extractor misses is a name a viewer could see, so these are the
cases redaction depends on. Fictional people in real places.
"""

from __future__ import annotations

import pytest

from tests.conftest import make_doc


def _persons(extractor, text: str, language: str = "en") -> dict[str, tuple[list[str], int | None]]:
    facts = extractor.extract(make_doc(text, language, published="2024-03-05"))
    return {p.name: (list(p.roles), p.age) for p in facts.persons}


@pytest.mark.parametrize(
    ("text", "language", "name", "age"),
    [
        (
            "Police in Cobán rescued Elvira Choc Tiul, 14, from a farm on Sunday.",
            "en",
            "Elvira Choc Tiul",
            14,
        ),
        (
            "Agentes rescataron a Dayana Ruiz Paz, de 15 años, en una cantina de Zacapa.",
            "es",
            "Dayana Ruiz Paz",
            15,
        ),
        ("A polícia resgatou Joana Reis Matos, 16, de uma boate em Belém.", "pt", "Joana Reis Matos", 16),
    ],
)
def test_rescued_person_is_a_victim_with_age(extractor, text, language, name, age):
    persons = _persons(extractor, text, language)
    assert persons[name] == (["victim"], age)
    facts = extractor.extract(make_doc(text, language))
    assert next(p for p in facts.persons if p.name == name).is_protected


def test_suspect_keeps_age_and_is_not_a_victim(extractor):
    persons = _persons(
        extractor,
        "Police rescued Elvira Choc Tiul, 14, and arrested the farm's owner, Baltazar Ical Pop, 52, in Cobán.",
    )
    assert persons["Baltazar Ical Pop"] == (["suspect"], 52)
    assert persons["Elvira Choc Tiul"] == (["victim"], 14)


def test_age_before_the_name(extractor):
    persons = _persons(
        extractor, "The 13-year-old Marisol Tzoc was found in Quetzaltenango, prosecutors said."
    )
    assert persons["Marisol Tzoc"][1] == 13


def test_an_age_is_not_a_count_of_people(extractor):
    facts = extractor.extract(
        make_doc("Police rescue 14-year-old girl from a bar in Escuintla\n\nThe girl was taken to a shelter.")
    )
    rescues = [e for e in facts.events if e.type == "rescue"]
    assert rescues and all(e.count in (None, 1) for e in rescues)
    assert facts.victims.count in (None, 1)


def test_foreign_demonym_inside_a_surname_is_no_country(extractor):
    facts = extractor.extract(
        make_doc("In Escuintla, Guatemala, Baltazar Letona Ical denied the charges at his first hearing.")
    )
    assert [c.value for c in facts.countries] == ["GT"]


def test_spanish_head_word_starts_an_organisation_in_english(extractor):
    facts = extractor.extract(
        make_doc(
            "Irma Coj Sis, director of the NGO Fundacion Luna Nueva, said the shelter in Asunción "
            "had taken in six women."
        )
    )
    assert "Fundacion Luna Nueva" in [o.name for o in facts.organizations]
    assert "Luna Nueva" not in [p.name for p in facts.persons]


def test_byline_signature_and_contact_lines_name_persons(extractor):
    """A line that is a name is written in capitals word by word, like a headline; it is a person."""
    text = (
        "DIARIO DEL NORTE | Sociedad\n"
        "Martes, 4 de junio de 2024\n"
        "Por Rigoberto Anselmo Quiñónez Tábora\n\n"
        "La Fiscalía de Choluteca imputó a dos hombres por trata de personas.\n\n"
        "Abg. Marcela Iveth Cerrato Lanza\n"
        "Fiscal Especial contra la Trata de Personas\n"
    )
    persons = _persons(extractor, text, "es")
    assert persons["Rigoberto Anselmo Quiñónez Tábora"][0] == ["civil_society"]  # the byline: the press
    assert "Marcela Iveth Cerrato Lanza" in persons
    contact = (
        "Kisumu workers return home\n\n"
        "Forty women came back from the Gulf on Tuesday.\n\n"
        "For more information, please contact:\n"
        "Odhiambo Kennedy Wafula, Communications Officer, Kisumu Workers' Centre\n"
    )
    assert "Odhiambo Kennedy Wafula" in _persons(extractor, contact)


def test_a_short_sentence_of_names_is_not_a_headline(extractor):
    text = "The Coral Garden was run by Winston Baptiste, 47. Police in Arima arrested him on Monday."
    assert persons_of(extractor, text) >= {"Winston Baptiste"}


def persons_of(extractor, text: str, language: str = "en") -> set[str]:
    return set(_persons(extractor, text, language))


@pytest.mark.parametrize(
    ("text", "language", "name", "roles"),
    [
        (
            "His lawyer, Reginald Mohammed, said his client denies the charges.",
            "en",
            "Reginald Mohammed",
            ["other"],
        ),
        (
            "Police Corporal Shivnarine Persad, stationed in Couva, is accused of warning the bar owner.",
            "en",
            "Shivnarine Persad",
            ["suspect", "official"],
        ),
        ("The court acquitted Marlon Baptiste of all charges.", "en", "Marlon Baptiste", ["suspect"]),
        (
            "El tribunal absolvió por falta de pruebas a Hernán Oswaldo Pineda Mejía, vecino de la familia.",
            "es",
            "Hernán Oswaldo Pineda Mejía",
            ["suspect"],
        ),
        (
            "O responsável pela fazenda, Ademir Tavares Quintela, foi levado à delegacia.",
            "pt",
            "Ademir Tavares Quintela",
            ["suspect"],
        ),
        (
            "Segundo o auditor-fiscal Renato Siqueira Barros, os trabalhadores dormiam em barracos.",
            "pt",
            "Renato Siqueira Barros",
            ["official"],
        ),
    ],
)
def test_roles_from_titles_acquittals_employers_and_the_verb_after_an_apposition(
    extractor, text, language, name, roles
):
    assert sorted(_persons(extractor, text, language)[name][0]) == sorted(roles)


@pytest.mark.parametrize(
    ("text", "language", "name", "absent_org"),
    [
        ("The officer, Lieutenant Colonel Sokha Pheakdey, has been suspended.", "en", "Sokha Pheakdey", None),
        (
            "Superintendent of Police Bhuwan Adhikari said the bureau was tracing transfers.",
            "en",
            "Bhuwan Adhikari",
            "Superintendent of Police",
        ),
        (
            "disse o delegado da Polícia Federal Caio Brandão Figueira, que conduziu o inquérito.",
            "pt",
            "Caio Brandão Figueira",
            "Polícia Federal Caio Brandão Figueira",
        ),
        (
            "O inspetor da Polícia Judiciária Lamine Baldé Sambú reconhece as dificuldades.",
            "pt",
            "Lamine Baldé Sambú",
            "Polícia Judiciária Lamine Baldé Sambú",
        ),
    ],
)
def test_a_title_or_a_titled_state_body_introduces_a_name_the_data_does_not_know(
    extractor, text, language, name, absent_org
):
    facts = extractor.extract(make_doc(text, language, published="2024-03-05"))
    persons = {p.name: p.roles for p in facts.persons}
    assert persons.get(name) == ["official"]
    assert absent_org not in {o.name for o in facts.organizations}


def test_a_body_named_after_a_person_keeps_its_name(extractor):
    text = "A diretora da Fundação Maria Eugênia Lopes disse que as vítimas estão abrigadas em Recife."
    facts = extractor.extract(make_doc(text, "pt", published="2024-03-05"))
    assert "Fundação Maria Eugênia Lopes" in {o.name for o in facts.organizations}
    assert not facts.persons


@pytest.mark.parametrize(
    ("text", "language", "name", "roles"),
    [
        (
            '"They took our passports at the airport," said Nafula, 27, whose name has been changed. '
            "She was found in a house in Muscat.",
            "en",
            "Nafula",
            ["victim"],
        ),
        (
            "Yuliana (nombre cambiado) tenía 15 años cuando la captaron en Tumbes. Su madre, Elsa, "
            "denunció la desaparición a la policía.",
            "es",
            "Yuliana",
            ["victim"],
        ),
        (
            "Um dos resgatados, Josué, contou que trabalhava sem salário havia oito meses em Rondônia.",
            "pt",
            "Josué",
            ["victim"],
        ),
    ],
)
def test_a_person_named_by_a_given_name_alone(extractor, text, language, name, roles):
    persons = _persons(extractor, text, language)
    assert persons[name][0] == roles


def test_a_lone_given_name_without_a_persons_mark_is_not_a_person(extractor):
    text = "Flights from Victoria and Georgetown were delayed; Grace Church opened its doors in Kingston."
    assert not {"Victoria", "Grace"} & persons_of(extractor, text)


def test_a_victim_under_a_pseudonym_is_hidden_from_viewers(extractor):
    from tipwatch.export.redact import Redactor

    text = "Kelly (nome fictício) tinha 19 anos quando foi levada para um garimpo. Kelly fugiu em março."
    doc = make_doc(text, "pt", published="2024-03-05")
    facts = extractor.extract(doc)
    redacted, _ = Redactor.for_document(doc, facts).redact_document(doc, facts)
    assert "Kelly" not in redacted.text and "victim 1" in redacted.text


@pytest.mark.parametrize(
    ("text", "language", "name", "roles"),
    [
        (
            "La fiscal Noemí Graciela Ferreyra, a cargo de la Fiscalía de Cibercrimen, les imputó ayer "
            "los delitos y ordenó que ambos permanezcan detenidos.",
            "es",
            "Noemí Graciela Ferreyra",
            ["official"],
        ),
        (
            "El segundo detenido, Gustavo Ramiro Peralta, estaba a cargo, según los investigadores, del canal.",
            "es",
            "Gustavo Ramiro Peralta",
            ["suspect"],
        ),
        (
            "One regular customer, a mechanic named Keron Bissessar, told investigators he paid the bar for a girl.",
            "en",
            "Keron Bissessar",
            ["client"],
        ),
        (
            "Prosecutors identify the woman who recruited them as Yusmary Carrasquel, 41, a Venezuelan.",
            "en",
            "Yusmary Carrasquel",
            ["other"],
        ),
        (
            '"They move the workers every week," said Sreymom Chan, a spokesperson for the Tonle Rights '
            "Collective, a group based in Phnom Penh.",
            "en",
            "Sreymom Chan",
            ["civil_society"],
        ),
        (
            'A Associação Mãos pelas Meninas (AMM) acolheu três raparigas. "A lei não é aplicada", '
            "lamenta a presidente da AMM, Aminata Mendes Indjai.",
            "pt",
            "Aminata Mendes Indjai",
            ["civil_society"],
        ),
    ],
)
def test_roles_of_agents_descriptions_speakers_and_groups(extractor, text, language, name, roles):
    assert sorted(_persons(extractor, text, language)[name][0]) == sorted(roles)


def test_suspects_listed_after_the_sentence_that_says_what_they_are(extractor):
    text = (
        "Officers arrested the three suspects on Friday in Pokhara. Police identified them as Dil Bahadur "
        "Gurung, 49; his nephew Suman Gurung, 28; and Prem Kumar Thapa, 52."
    )
    persons = _persons(extractor, text)
    assert all(
        persons[n][0] == ["suspect"] for n in ("Dil Bahadur Gurung", "Suman Gurung", "Prem Kumar Thapa")
    )


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        (
            "Police are seeking a fourth man, Sanjeev Prasad Kumar, 38, who left for Suva.",
            "en",
            "Sanjeev Prasad Kumar",
        ),
        (
            "The Minister of Social Welfare, Fatmata Bangura-Koroma, met the women in Freetown.",
            "en",
            "Fatmata Bangura-Koroma",
        ),
        (
            "Comfort, una niña de 13 años, relató a las trabajadoras sociales cómo llegó a Bata.",
            "es",
            "Comfort",
        ),
        ("Yanelis, de 24 años, salió de Holguín en enero con una promesa de empleo.", "es", "Yanelis"),
        ('"Eu ligava para a minha mulher, a Josefa, e dizia que o dinheiro ia chegar."', "pt", "Josefa"),
        (
            "Uma venezuelana de 23 anos identificada apenas como Yorleidys contou que lhe tiraram o passaporte.",
            "pt",
            "Yorleidys",
        ),
    ],
)
def test_names_the_data_does_not_know_beside_a_person_noun_an_age_or_a_title(extractor, text, language, name):
    assert name in persons_of(extractor, text, language)


def test_two_authors_on_one_byline(extractor):
    text = "Por Marisol Ugarte Peña y Rodrigo Aldana Ruiz\n\nLa red operaba en Cancún desde 2021.\n"
    persons = _persons(extractor, text, "es")
    assert persons["Marisol Ugarte Peña"][0] == persons["Rodrigo Aldana Ruiz"][0] == ["civil_society"]


@pytest.mark.parametrize(
    ("text", "language", "name", "roles"),
    [
        (
            "O advogado do vereador, Márcio Vinícius Tapajós, disse que seu cliente é inocente.",
            "pt",
            "Márcio Vinícius Tapajós",
            ["other"],
        ),
        (
            "Ghana's chargé d'affaires in Muscat, Kwame Osei Mensah, said travel documents were issued.",
            "en",
            "Kwame Osei Mensah",
            ["official"],
        ),
        (
            '"Cobraban 60 dólares la hora", explicó Yaneth Castillo, subcomisionada de la policía de Colón.',
            "es",
            "Yaneth Castillo",
            ["official"],
        ),
        (
            '"A tentação de partir é enorme", disse Januário Lopes d\'Alva, coordenador da associação.',
            "pt",
            "Januário Lopes d'Alva",
            ["civil_society"],
        ),
    ],
)
def test_roles_of_lawyers_diplomats_police_ranks_and_particles(extractor, text, language, name, roles):
    assert _persons(extractor, text, language)[name][0] == roles


def test_a_ministry_portfolio_is_not_a_person(extractor):
    text = "La ministra de Asuntos Sociales e Igualdad de Género, Salomé Mbá Nchama, agradeció el apoyo."
    persons = _persons(extractor, text, "es")
    assert "Igualdad de Género" not in persons
    assert persons["Salomé Mbá Nchama"][0] == ["official"]


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("Comfort, una niña nigeriana de 13 años, relató cómo llegó a Bata.", "es", "Comfort"),
        (
            "A social worker said one of the women, Yanisleidy, 19, had been kept above the bar.",
            "en",
            "Yanisleidy",
        ),
        (
            "Um dos resgatados, Josué Pereira Lima, contou que dormia no chão da carvoaria.",
            "pt",
            "Josué Pereira Lima",
        ),
    ],
)
def test_a_person_set_beside_a_noun_for_the_victims_is_a_victim(extractor, text, language, name):
    assert _persons(extractor, text, language)[name][0] == ["victim"]
