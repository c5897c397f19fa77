"""Tests for tipwatch/ingest/dates.py: the document's own date at the precision it gives."""

import datetime as dt

import pytest

from tipwatch.ingest.dates import clean_metadata_date, date_of_dtg, date_of_line, find_published, parse_date

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
        "Police rescued ten boys from fishing boats, the mission said in a press release dated October 27, 2022. "
        "The boys were taken to a shelter in Ho where social workers are tracing their families and schools.\n\n"
        "http://example.org/2022/10/27/boys-rescued"
    )
    assert find_published(body, LANGS) is None


def test_find_published_ignores_last_updated():
    assert find_published("Last Updated: Tuesday, 4 May 2016\n\nGuatemala (Tier 2)", LANGS) is None


def test_find_published_returns_none_without_a_date():
    assert find_published("Police arrested two men in Quito.", LANGS) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("February 1, 2006 12:00am", "2006-02-01"),
        ("Tuesday, 24 May 2016, 11:51 GMT", "2016-05-24"),
        ("28 de janeiro de 2013", "2013-01-28"),
        ("novembro de 2022", "2022-11"),
        ("2014-07-03", "2014-07-03"),
        ("Elections were held on 5 June 2002", None),
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
    assert date_of_dtg("27", "FEB", "08") == "2008-02-27"
    assert date_of_dtg("05", "NOV", "1975") == "1975-11-05"
    assert date_of_dtg("31", "FEB", "08") is None


def test_clean_metadata_date_handles_yaml_and_strings_and_rejects_today():
    assert clean_metadata_date(dt.date(2013, 1, 28), LANGS) == "2013-01-28"
    assert clean_metadata_date("2014-07-03T10:57:30-03:00", LANGS) == "2014-07-03"
    assert clean_metadata_date(True, LANGS) is None
    assert clean_metadata_date("true", LANGS) is None
    today = dt.date.today().isoformat()
    assert clean_metadata_date(today, LANGS, reject_today=True) is None
    assert clean_metadata_date(today, LANGS) == today
