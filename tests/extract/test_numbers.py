"""Numbers, counts of people and ages (tipwatch/extract/numbers.py), on fictional sentences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tipwatch.errors import ConfigError
from tipwatch.extract import numbers
from tipwatch.extract.numbers import find_ages, find_counts, find_numbers, parse_number


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("14", "en", 14),
        ("23,063", "en", 23063),
        ("1,200,000", "en", 1200000),
        ("1.5", "en", 1.5),
        ("0.5", "en", 0.5),
        ("2.004", "es", 2004),
        ("2.004", "pt", 2004),
        ("1,5", "es", 1.5),
        ("1,5", "pt", 1.5),
        ("0,500", "pt", 0.5),
        ("1.500,00", "pt", 1500),
        ("1,500.75", "en", 1500.75),
        ("7,000", "es", 7000),
        ("3\u00a0500", "pt", 3500),
        ("fourteen", "en", 14),
        ("ten", "en", 10),
        ("twenty-one", "en", 21),
        ("two hundred and fifty", "en", 250),
        ("a dozen", "en", 12),
        ("two dozen", "en", 24),
        ("una docena", "es", 12),
        ("catorce", "es", 14),
        ("cuatro", "es", 4),
        ("treinta y dos", "es", 32),
        ("dos mil quinientos", "es", 2500),
        ("un millón", "es", 1000000),
        ("quatrocentos", "pt", 400),
        ("sessenta e cinco", "pt", 65),
        ("dois", "pt", 2),
        ("dois milhões", "pt", 2000000),
        ("um milhão", "pt", 1000000),
        ("2 mil", "pt", 2000),
        ("1,5 milhões", "pt", 1500000),
        ("3 million", "en", 3000000),
    ],
)
def test_parse_number_reads_digits_and_words(text, lang, expected):
    assert parse_number(text, lang) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("dozens", "en"),
        ("hundreds", "en"),
        ("thousands", "en"),
        ("decenas", "es"),
        ("miles", "es"),
        ("millones", "es"),
        ("dezenas", "pt"),
        ("centenas", "pt"),
        ("milhares", "pt"),
        ("several", "en"),
        ("", "en"),
        ("14 15", "en"),
        ("1.2.3", "en"),
    ],
)
def test_parse_number_rejects_vague_quantities(text, lang):
    assert parse_number(text, lang) is None


def test_find_numbers_keeps_two_numbers_apart():
    spans = find_numbers("between fourteen and fifteen girls", "en")
    assert [s.value for s in spans] == [14, 15]


def test_find_numbers_skips_ordinals():
    assert [s.value for s in find_numbers("on the 5th floor, 3 rooms", "en")] == [3]


def test_find_numbers_records_scale():
    (span,) = find_numbers("R$ 20 mil", "pt")
    assert (span.value, span.scale) == (20000, 1000)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Police freed over 180 children from two farms.", "en", [(180, True, "children")]),
        ("Officers arrested 14 suspected traffickers in Accra.", "en", [(14, False, "traffickers")]),
        ("More than 100 migrants were found in the truck.", "en", [(100, True, "migrants")]),
        ("At least 3 suspects fled.", "en", [(3, True, "suspects")]),
        ("Agents detained 5 accused and 6 clients at the bar.", "en", [(5, False, "accused"), (6, False, "clients")]),
        ("Some 40 Bolivian workers and one child were rescued.", "en", [(40, True, "workers"), (1, False, "child")]),
        ("They found 100 people or more in the warehouse.", "en", [(100, True, "people")]),
        ("Inspectors met two dozen women at the site.", "en", [(24, False, "women")]),
        ("Fueron rescatados cerca de cuatrocientos trabajadores.", "es", [(400, True, "trabajadores")]),
        ("La policía detuvo a catorce personas en Tapachula.", "es", [(14, False, "personas")]),
        ("Rescataron a cuatro presuntas víctimas y detuvieron a una mujer.", "es",
         [(4, False, "víctimas"), (1, False, "mujer")]),
        ("Unas 30 menores trabajaban en el bar.", "es", [(30, True, "menores")]),
        ("Mais de 20 pessoas foram detidas em Beja.", "pt", [(20, True, "pessoas")]),
        ("Foram resgatados 12 trabalhadores rurais e uma criança.", "pt",
         [(12, False, "trabalhadores"), (1, False, "criança")]),
        ("A GNR identificou trinta e dois imigrantes.", "pt", [(32, False, "imigrantes")]),
    ],
)  # fmt: skip
def test_find_counts_finds_people(text, lang, expected):
    assert [(c.value, c.approx, c.head) for c in find_counts(text, lang)] == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Police dismantled two major child trafficking gangs.", "en"),
        ("In 2016 women were the majority of victims.", "en"),
        ("Dozens of victims were freed.", "en"),
        ("The drug ring sold 200 kilograms.", "en"),
        ("Un grupo de personas protestó frente a la fiscalía.", "es"),
        ("Hace 10 años que las víctimas esperan.", "es"),
        ("Centenas de pessoas foram ouvidas.", "pt"),
        ("Clients paid $90 for a room.", "en"),
        ("COVID-19 victims were buried.", "en"),
        ("Um grupo de pessoas chegou à praça.", "pt"),
    ],
)
def test_find_counts_ignores_non_counts(text, lang):
    assert find_counts(text, lang) == []


def test_find_counts_offsets_cover_cue_and_head():
    text = "Agents freed over 180 children."
    (count,) = find_counts(text, "en")
    assert text[count.start : count.end] == "over 180 children"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("The girls, aged between 14 and 16, served drinks in a bar.", "en", [(14, 16)]),
        ("Eight boys aged 10 to 15 years were taken off the boats.", "en", [(10, 15)]),
        ("The victims, ranging in age from 12 to 17, went to a shelter.", "en", [(12, 17)]),
        ("A 13-year-old girl was found in Tema.", "en", [(13, 13)]),
        ("A thirteen-year-old boy escaped.", "en", [(13, 13)]),
        ("Two girls aged 14 and 15 were rescued.", "en", [(14, 15)]),
        ("Children between the ages of 12 and 15 sold sweets.", "en", [(12, 15)]),
        ("The boy was 12 years of age.", "en", [(12, 12)]),
        ("A baby of eight months was sold.", "en", [(0, 0)]),
        ("An 8-month-old baby was found.", "en", [(0, 0)]),
        ("Lucy Mensah, 34, was charged.", "en", [(34, 34)]),
        ("Tres menores de entre 15 y 17 años fueron localizadas.", "es", [(15, 17)]),
        ("Las víctimas, de entre 13 y 16 años, eran de Oaxaca.", "es", [(13, 16)]),
        ("Una niña de 15 años fue localizada.", "es", [(15, 15)]),
        ("La joven tenía 14 años de edad.", "es", [(14, 14)]),
        ("Dos hermanas de 14 y 16 años declararon.", "es", [(14, 16)]),
        ("Su hijo, de ocho meses, estaba con ella.", "es", [(0, 0)]),
        ("Una menor de 15 años denunció los hechos.", "es", [(15, 15)]),
        ("O menino de 13 anos foi resgatado.", "pt", [(13, 13)]),
        ("Uma menina com 12 anos trabalhava na casa.", "pt", [(12, 12)]),
        ("O seu filho de oito meses foi vendido.", "pt", [(0, 0)]),
        ("A mulher de 31 anos foi detida.", "pt", [(31, 31)]),
        ("Os trabalhadores, com idades entre os 24 e os 61 anos, dormiam num armazém.", "pt", [(24, 61)]),
    ],
)
def test_find_ages_reads_ages(text, lang, expected):
    assert [(a.age_min, a.age_max) for a in find_ages(text, lang)] == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("He was sentenced to 10 years in prison.", "en"),
        ("In the past ten years the numbers rose.", "en"),
        ("Arrests went from 300 in 2016 to 500.", "en"),
        ("It is a crime to employ anyone under the age of 18.", "en"),
        ("Fue condenado a 10 años de prisión.", "es"),
        ("Recibió una pena de 10 años de prisión.", "es"),
        ("Hace más de 10 años que vive en Puebla.", "es"),
        ("La ley protege a los menores de 18 años.", "es"),
        ("Foi condenado a uma pena de 8 anos de prisão.", "pt"),
        ("Há mais de 10 anos que o caso se arrasta.", "pt"),
        ("A investigação durou seis meses.", "pt"),
    ],
)
def test_find_ages_ignores_terms_and_thresholds(text, lang):
    assert find_ages(text, lang) == []


def test_find_ages_span_is_the_age_phrase():
    text = "The girls, aged between 14 and 16, served drinks there."
    (age,) = find_ages(text, "en")
    assert text[age.start : age.end] == "aged between 14 and 16"


def test_unknown_language_is_read_as_english():
    assert parse_number("fourteen", "fr") == 14


def test_load_data_rejects_bare_yaml_booleans():
    with pytest.raises(ConfigError, match="quote it"):
        numbers._check_no_booleans({"words": ["in", True]}, "numbers/xx.yaml")


@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789 ,.-aged years old de años anos two dozen mil people")),
        max_size=80,
    )
)
@settings(max_examples=200, deadline=None)
def test_spans_stay_inside_the_text(text):
    for lang in ("en", "es", "pt"):
        for span in [*find_numbers(text, lang), *find_counts(text, lang), *find_ages(text, lang)]:
            assert 0 <= span.start < span.end <= len(text)
        for age in find_ages(text, lang):
            assert 0 <= age.age_min <= age.age_max <= 120
