"""Date expressions and their resolution (tipwatch/extract/dates.py), on fictional sentences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tipwatch.extract.dates import find_dates, parse_published, resolve_date


def _exprs(text, lang):
    return [text[d.start : d.end] for d in find_dates(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Police arrested the pair on November 7 in Lima.", "en", ["on November 7"]),
        ("The raid took place last December.", "en", ["last December"]),
        ("They were detained in December 2011.", "en", ["in December 2011"]),
        ("The truck was stopped July 12 near Laredo.", "en", ["July 12"]),
        ("On Saturday, agents closed a bar in Escuintla.", "en", ["On Saturday"]),
        ("This Tuesday the court heard the case.", "en", ["This Tuesday"]),
        ("The law was passed in 2011.", "en", ["in 2011"]),
        ("In the early hours of Thursday, March 9, officers entered the farm.", "en",
         ["In the early hours of Thursday, March 9"]),
        ("Returns climbed to 1,870 in the first three months of 2009.", "en", ["in the first three months of 2009"]),
        ("Cases doubled between 2008 and 2010.", "en", ["between 2008 and 2010"]),
        ("Yesterday the minister visited Tema.", "en", ["Yesterday"]),
        ("The cable is dated 141530Z MAR 09.", "en", ["141530Z MAR 09"]),
        ("El pasado 12 de mayo fueron detenidos dos hombres.", "es", ["El pasado 12 de mayo"]),
        ("Este viernes se presentó la denuncia.", "es", ["Este viernes"]),
        ("El sábado la policía rescató a tres jóvenes.", "es", ["El sábado"]),
        ("El acusado quedó preso en junio de este año.", "es", ["en junio de este año"]),
        ("Lo detuvieron en agosto de 2013 en Tijuana.", "es", ["en agosto de 2013"]),
        ("Ayer la fiscalía abrió una investigación.", "es", ["Ayer"]),
        ("Foram resgatados em 2011 na Bahia.", "pt", ["em 2011"]),
        ("A polícia deteve esta quarta-feira três homens.", "pt", ["esta quarta-feira"]),
        ("Na segunda-feira, 16, a polícia fez buscas.", "pt", ["Na segunda-feira, 16"]),
        ("A operação ocorreu no final da semana passada.", "pt", ["no final da semana passada"]),
        ("No dia 17 de março houve buscas em Évora.", "pt", ["No dia 17 de março"]),
        ("Na segunda fase da operação, ninguém foi preso.", "pt", []),
        ("The men were arrested three days ago.", "en", ["three days ago"]),
        ("Fueron detenidos hace dos semanas.", "es", ["hace dos semanas"]),
        ("Ele há muito tempo vive ali.", "pt", []),
        ("Na sexta, a polícia ouviu os suspeitos.", "pt", ["Na sexta"]),
        ("The suspects may 5 times have crossed.", "en", []),
        ("Prices rose 12% in the period.", "en", []),
    ],
)  # fmt: skip
def test_find_dates_finds_expressions(text, lang, expected):
    assert _exprs(text, lang) == expected


def test_find_dates_splits_days_that_share_a_month():
    text = "Operations on the 5th and 7th October 2022 freed ten children."
    spans = find_dates(text, "en")
    assert [resolve_date(s.expr, None, "en") for s in spans] == ["2022-10-05", "2022-10-07"]
    assert text[spans[1].start : spans[1].end] == "7th October 2022"


def test_find_dates_splits_spanish_day_list():
    spans = find_dates("Los días 5 y 7 de octubre de 2022 hubo cateos.", "es")
    assert [resolve_date(s.expr, None, "es") for s in spans] == ["2022-10-05", "2022-10-07"]


def test_find_dates_keeps_day_and_count_apart():
    text = "On July 12, 15 people were found."
    assert _exprs(text, "en") == ["On July 12"]


@pytest.mark.parametrize(
    ("expr", "published", "lang", "expected"),
    [
        # explicit dates keep their precision
        ("on 7 November 2011", None, "en", "2011-11-07"),
        ("November 7, 2011", "2020-01-01", "en", "2011-11-07"),
        ("in December 2011", None, "en", "2011-12"),
        ("in 2011", None, "en", "2011"),
        ("en agosto de 2013", None, "es", "2013-08"),
        ("12 de mayo de 2013", None, "es", "2013-05-12"),
        ("17 de março de 2020", None, "pt", "2020-03-17"),
        ("em 2011", None, "pt", "2011"),
        ("2021-07-16", None, "en", "2021-07-16"),
        ("16/07/2021", None, "pt", "2021-07-16"),
        ("7/16/2021", None, "en", "2021-07-16"),
        ("03/04/2015", None, "en", None),
        # day and month without a year: most recent one not after publication
        ("July 12", "2021-07-16", "en", "2021-07-12"),
        ("December 20", "2006-02-01", "en", "2005-12-20"),
        ("on November 7", None, "en", None),
        ("el pasado 12 de mayo", "2013-05-20", "es", "2013-05-12"),
        ("17 de março", "2020-03", "pt", "2020-03-17"),
        ("17 de março", "2020", "pt", None),
        # month alone
        ("last December", "2006-02-01", "en", "2005-12"),
        ("in January", "2006-02-01", "en", "2006-01"),
        ("last December", None, "en", None),
        ("en junio de este año", None, "es", None),
        ("en junio de este año", "2006-02-01", "es", "2006-06"),
        ("en agosto del año pasado", "2014-03-01", "es", "2013-08"),
        # weekdays
        ("on Saturday", "2006-02-01", "en", "2006-01-28"),
        ("this Tuesday", "2021-07-16", "en", "2021-07-13"),
        ("last Friday", "2021-07-16", "en", "2021-07-09"),
        ("on Friday", "2021-07-16", "en", "2021-07-16"),
        ("el sábado", "2006-02-01", "es", "2006-01-28"),
        ("este viernes", None, "es", None),
        ("esta quarta-feira", "2022-11", "pt", "2022-11"),
        ("esta quarta-feira", "2022-11-25", "pt", "2022-11-23"),
        ("na segunda-feira, 16", "2022-11-20", "pt", "2022-11-16"),
        ("Thursday, March 9", "2023-03-20", "en", "2023-03-09"),
        # relative days, weeks, months and years
        ("yesterday", "2021-07-16", "en", "2021-07-15"),
        ("ayer", "2006-03-01", "es", "2006-02-28"),
        ("ontem", "2022-11", "pt", "2022-11"),
        ("anteayer", None, "es", None),
        ("last week", "2021-07-16", "en", "2021-07"),
        ("no final da semana passada", "2022-11-23", "pt", "2022-11"),
        ("last week", "2021-08-04", "en", "2021"),  # 26 July to 1 August
        ("el mes pasado", "2006-01-15", "es", "2005-12"),
        ("this year", None, "en", None),
        ("este año", "2006-02-01", "es", "2006"),
        ("no ano passado", "2013-01-28", "pt", "2012"),
        # counted back: "three days ago", "hace dos semanas", "há três meses"
        ("three days ago", "2021-07-16", "en", "2021-07-13"),
        ("three days ago", None, "en", None),
        ("a year ago", "2021-07-16", "en", "2020"),
        ("two weeks ago", "2021-07-28", "en", "2021-07"),
        ("hace dos semanas", "2021-07-16", "es", "2021"),  # 28 June to 4 July
        ("hace 10 años", "2021-07-16", "es", "2011"),
        ("há três dias", "2022-11-23", "pt", "2022-11-20"),
        ("há três meses", "2022-11", "pt", "2022-08"),
        # ranges
        ("the first three months of 2009", None, "en", "2009"),
        ("between January and March 2008", None, "en", "2008"),
        ("between 2008 and 2010", "2012-01-01", "en", None),
        ("2008–10", None, "en", None),
        ("2008-2010", None, "en", None),
        ("2022-11", None, "en", "2022-11"),  # ISO year-month, as in a date line
        ("entre 2015 y 2017", None, "es", None),
        ("a principios de 2008", None, "es", "2008"),
    ],
)
def test_resolve_date_follows_the_notes(expr, published, lang, expected):
    assert resolve_date(expr, published, lang) == expected


@pytest.mark.parametrize(
    ("expr", "lang", "expected"),
    [
        ("February 3, 2007", "en", "2007-02-03"),
        ("Posted on 22 April 2016", "en", "2016-04-22"),
        ("Publication Date 18 June 2004", None, "2004-06-18"),
        ("130842Z APR 09", None, "2009-04-13"),
        ("date 2021-07-16", None, "2021-07-16"),
        ("date 2022-11", None, "2022-11"),
        ("1 de febrero de 2006", "es", "2006-02-01"),
        ("28 de janeiro de 2013", "pt", "2013-01-28"),
        ("junho de 2013", "pt", "2013-06"),
        ("Mon, 28 Jan 2013 10:00:00 +0000", None, "2013-01-28"),
        ("Published March 2019", "en", "2019-03"),
        ("yesterday", "en", None),
        ("no date given", None, None),
        ("", None, None),
    ],
)
def test_parse_published_keeps_written_precision(expr, lang, expected):
    assert parse_published(expr, lang) == expected


@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789 ,.-/$ade mayo July Saturday semana passada de 2011")),
        max_size=80,
    )
)
@settings(max_examples=200, deadline=None)
def test_find_dates_spans_stay_inside_the_text(text):
    for lang in ("en", "es", "pt"):
        for span in find_dates(text, lang):
            assert 0 <= span.start < span.end <= len(text)
            resolve_date(span.expr, "2021-07-16", lang)  # never raises
