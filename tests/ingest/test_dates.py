"""Tests for tipwatch/ingest/dates.py: the document's own date at the precision it gives."""

import datetime as dt

import pytest

from tipwatch.ingest import read_bytes
from tipwatch.ingest.dates import (
    clean_metadata_date,
    date_of_dateline,
    date_of_dtg,
    date_of_line,
    find_dateline,
    find_published,
    parse_date,
)
from tipwatch.settings import Settings

LANGS = ("en", "es", "pt", "fr", "de", "it")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Publisher Ministry of Labour\nPublication Date 5 May 2011\n\nThe report...", "2011-05-05"),
        (
            "By Tom Ekwueme\n\nPUBLISHED:\n\n09:14 EST, 3 August 2013\n\n|\n\nUPDATED:\n\n11:02 EST, 4 August 2013\n\nText.",
            "2013-08-03",
        ),
        ("Posted on 22 November 2016\n\nInspectors in Tema...", "2016-11-22"),
        (" date 2019-04-02 Nation\n\nACCRA — Police said...", "2019-04-02"),
        (
            "date 2020-06 A polícia deteve três suspeitos em Faro, esta terça-feira, por tráfico de pessoas.",
            "2020-06",
        ),
        ("Publicado el 14 de marzo de 2019\n\nLa fiscalía...", "2019-03-14"),
        ("Data: 3 de fevereiro de 2015\n\nA polícia...", "2015-02-03"),
        ("Publié le 8 juin 2018\n\nLa police...", "2018-06-08"),
    ],
)
def test_find_published_reads_labelled_date_lines(body, expected):
    assert find_published(body, LANGS) == expected


def test_find_published_takes_the_standalone_date_nearest_the_body():
    body = (
        "March 3, 2010\n\nMinister visits Kumasi shelter\n\nThe minister met staff.\n"
        "March 2, 2010 12:00am\nSource: Coastal News Agency\n\n"
        "The minister of gender and social protection visited the shelter in Kumasi on Monday and promised "
        "new funding for the twenty girls who live there after being rescued from domestic servitude."
    )
    assert find_published(body, LANGS) == "2010-03-02"


def test_find_published_ignores_dates_inside_body_sentences_and_urls():
    body = (
        "Ten boys rescued on the lake\n\n"
        "Police rescued ten boys from fishing boats, the charity wrote in a statement issued on September 14, 2021. "
        "The boys were taken to a shelter in Ho where social workers are tracing their families and schools.\n\n"
        "http://example.org/2021/09/14/boys-rescued"
    )
    assert find_published(body, LANGS) is None


def test_find_published_ignores_last_updated():
    assert find_published("Last Updated: Friday, 6 October 2017\n\nHonduras (Tier 2)", LANGS) is None


def test_find_published_returns_none_without_a_date():
    assert find_published("Police arrested two men in Quito.", LANGS) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("February 3, 2007 12:00am", "2007-02-03"),
        ("Thursday, 9 March 2017, 08:23 GMT", "2017-03-09"),
        ("28 de janeiro de 2013", "2013-01-28"),
        ("novembro de 2022", "2022-11"),
        ("2016-09-21", "2016-09-21"),
        ("Elections were held on 18 June 2004", None),
        ("17 de março", None),
        ("June 2099", None),
    ],
)
def test_date_of_line(line, expected):
    assert date_of_line(line, LANGS) == expected


def test_parse_date_keeps_the_precision_of_the_source():
    assert parse_date("2022-11", LANGS) == "2022-11"
    assert parse_date("2002", LANGS) == "2002"
    assert parse_date("March 2020", LANGS) == "2020-03"
    assert parse_date("yesterday", LANGS) is None


def test_date_of_dtg():
    assert date_of_dtg("13", "APR", "09") == "2009-04-13"
    assert date_of_dtg("05", "NOV", "1975") == "1975-11-05"
    assert date_of_dtg("31", "APR", "09") is None


def test_clean_metadata_date_handles_yaml_and_strings_and_rejects_today():
    assert clean_metadata_date(dt.date(2013, 1, 28), LANGS) == "2013-01-28"
    assert clean_metadata_date("2016-09-21T14:08:12-03:00", LANGS) == "2016-09-21"
    assert clean_metadata_date(True, LANGS) is None
    assert clean_metadata_date("true", LANGS) is None
    today = dt.date.today().isoformat()
    assert clean_metadata_date(today, LANGS, reject_today=True) is None
    assert clean_metadata_date(today, LANGS) == today


LEAD = (
    " Police rescued nine women from a farmhouse outside the city and arrested two men accused of "
    "holding them in debt bondage, a spokesperson said on Thursday."
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("KAMPALA, March 3, 2021 —" + LEAD, "2021-03-03"),
        ("Guadalajara, a 9 de mayo de 2023.- La Fiscalía del Estado informó...", "2023-05-09"),
        ("Cochabamba, 21 de octubre de 2018 (EFE). La policía rescató...", "2018-10-21"),
        ("Valparaíso, 2 de agosto de 2017. La Fiscalía Regional...", "2017-08-02"),
        ("Beira, 4 abr 2022 (Lusa) – A polícia moçambicana...", "2022-04-04"),
        ("Porto Velho (RO), 30 de setembro de 2016 – O Ministério Público...", "2016-09-30"),
        ("TEGUCIGALPA, 5 de julio de 2020. - Las autoridades...", "2020-07-05"),
        ("Santa Cruz de la Sierra, 11 de enero de 2019", "2019-01-11"),
        ("ACCRA, Ghana, Aug. 2, 2018 (IPS) - Fishermen on the lake...", "2018-08-02"),
        ("BOSTON, Jan. 5, 2020 /PRNewswire/ -- A coalition of shelters...", "2020-01-05"),
        ("Madrid, lunes 6 de mayo de 2019 (EFE) — La Policía Nacional...", "2019-05-06"),
        ("Nampula, março de 2021 (Lusa) – A polícia...", "2021-03"),
        ("Recife, 12 de fevereiro de 2015 Em operação conjunta, a PF...", "2015-02-12"),
        # No year: a day and month do not say when the document was published.
        ("CUSCO, 8 de abril (EFE) — La policía rescató...", None),
        ("MOMBASA, May 3 — Police said...", None),
        # Not datelines: a sentence that starts with a date, or runs on after one.
        ("In Lima, 3 March 2019 — the day of the raid — police...", None),
        ("Cusco, 8 de abril de 2019, fue el día en que la policía...", None),
        ("Cusco, 8 de abril de 2019 fue el día en que la policía...", None),
        (
            "A Polícia de Segurança Pública anunciou esta quarta-feira, 4 de maio, a detenção de dois homens.",
            None,
        ),
        ("Police said in a statement dated June 4, 2020 — that nine women were freed.", None),
        ("Lima, 3 de marzo de 2099 — La policía...", None),
        ("Lima — La policía rescató a nueve mujeres el 3 de marzo de 2019.", None),
    ],
)
def test_date_of_dateline(line, expected):
    assert date_of_dateline(line, LANGS) == expected


def test_date_of_dateline_reads_only_the_start_of_the_paragraph():
    near = "Villa Nueva del Río, 3 de marzo de 2019 — La policía..."
    assert date_of_dateline(near, LANGS) == "2019-03-03"
    # The same shape, but the date ends past the first 160 characters: not a dateline.
    far = " ".join(w * 12 for w in ("Villa", "Nueva", "Alta")) + ", 3 de marzo de 2019 — La policía..."
    assert far.index("2019") > 160
    assert date_of_dateline(far, LANGS) is None


def test_find_dateline_reads_the_first_paragraph_after_the_header():
    body = (
        "Nine women freed from Jinja farmhouse\n\nBy Grace Nakato\n\n"
        "JINJA, Uganda, June 12, 2022 —" + LEAD + "\n\nThe women were taken to a shelter."
    )
    assert find_dateline(body, LANGS) == "2022-06-12"


def test_find_dateline_reads_a_place_and_date_line_above_the_headline():
    body = (
        "Red Comunitaria Frontera Sur\nComunicado\n\nTapachula, 7 de septiembre de 2021\n\n"
        "Exigimos protección para las adolescentes rescatadas en Tapachula\n\n"
        "La Red Comunitaria Frontera Sur, que acompaña a mujeres migrantes en la región del Soconusco, "
        "exige a las autoridades garantizar la protección de las once adolescentes rescatadas el martes."
    )
    assert find_dateline(body, LANGS) == "2021-09-07"


def test_find_dateline_skips_a_title_joined_to_the_first_paragraph():
    body = (
        "Relatório de atividades 2020 Recife, 10 de junho de 2021 Em 2020, a equipa de apoio acompanhou "
        "trinta e duas vítimas de tráfico de pessoas em Pernambuco e na Paraíba."
    )
    assert find_dateline(body, LANGS, title="Relatório de atividades 2020") == "2021-06-10"
    assert find_dateline(body, LANGS) is None


@pytest.mark.parametrize(
    "body",
    [
        # A date inside the lead sentence, or in a later paragraph, is never the dateline.
        "Polícia detém dois homens em Pemba\n\nA Polícia da República de Moçambique anunciou esta "
        "quinta-feira, 9 de junho, a detenção de dois homens suspeitos de tráfico de menores em Pemba, "
        "na província de Cabo Delgado.",
        "Nine fishermen freed\n\nPolice freed nine fishermen from two boats off the coast, the ministry "
        "said in a press release dated April 4, 2021, adding that the boat owners had been arrested.",
        "Shelter opens in Gulu\n\nThe shelter, run by a local charity, opened its doors to twenty girls "
        "rescued from domestic servitude in the capital over the past year, its director said.\n\n"
        "GULU, May 5, 2021 — A second shelter will open next year.",
        "LIMA, 3 de marzo (EFE) — La policía peruana rescató a doce adolescentes en Madre de Dios.",
    ],
)
def test_find_dateline_returns_none_for_dates_that_are_not_a_dateline(body):
    assert find_dateline(body, LANGS) is None


def test_read_bytes_uses_the_dateline_only_when_no_date_line_gives_a_date():
    dateline_only = "Nine women freed\n\nKISUMU, February 2, 2020 —" + LEAD
    doc = read_bytes(dateline_only.encode(), "kisumu.txt", Settings())
    assert (doc.published, doc.meta["published_source"]) == ("2020-02-02", "dateline")
    labelled = "Nine women freed\nPublished: 4 February 2020\n\nKISUMU, February 2, 2020 —" + LEAD
    doc = read_bytes(labelled.encode(), "kisumu.txt", Settings())
    assert (doc.published, doc.meta["published_source"]) == ("2020-02-04", "date line")


@pytest.mark.parametrize(
    ("text", "languages", "expected"),
    [
        ("12/03/2024", ("es", "en"), "2024-03-12"),  # day first outside English
        ("12/03/2024", ("en", "es"), "2024-12-03"),  # month first in English
        ("25/03/2024", ("en",), "2024-03-25"),  # a number above 12 is the day whatever the language
        ("03-25-2024", ("pt",), "2024-03-25"),
    ],
)
def test_parse_date_reads_numeric_dates_in_the_documents_order(text, languages, expected):
    assert parse_date(text, languages) == expected


@pytest.mark.parametrize(
    ("name", "body", "expected"),
    [
        (
            "es.txt",
            "Diario Austral | Policiales\n12/03/2024 16:42\n\nImputan a dos hombres por trata de personas "
            "en Río Gallegos, informó la fiscalía provincial este martes por la tarde.\n",
            "2024-03-12",
        ),
        (
            "tip.txt",
            "Trafficking in Persons Report, June 2021\nCountry Narratives\n\nThe Government of Tuvalu "
            "does not fully meet the minimum standards for the elimination of trafficking.\n",
            "2021-06",
        ),
        (
            "wire.txt",
            "Polícia resgata seis jovens em Nampula\n\nNAMPULA, 4 abr (Agência Kalunga) - A polícia "
            "moçambicana resgatou seis jovens numa casa do bairro de Muatala.\n\nAKG // ZM\n\n"
            "Agência Kalunga / Fim\n04-04-2024 09:12\n",
            "2024-04-04",
        ),
        (
            "sv.txt",
            "EL HERALDO DE USULUTÁN\nTribunales | Usulután, martes 7 de mayo de 2024\n\nUn juez "
            "condenó a dos hombres por trata de personas en perjuicio de tres adolescentes.\n",
            "2024-05-07",
        ),
    ],
)
def test_read_finds_the_date_in_the_header_the_foot_or_after_a_section(name, body, expected):
    doc = read_bytes(body.encode(), name, Settings())
    assert doc.published == expected
