"""Fictional documents about Honduras with hand-made facts, for the profile tests (people invented).

``build_store(path)`` stores a TIP-Report-like chapter (2013, stating Tier 2 where the
packaged table says Tier 2 Watch List), a Spanish news story of a rescue and a charge, one
resolved suspect, one protected victim entity and one case.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from tipwatch.extract.sentences import split_sentences
from tipwatch.model import Amount, Document, Event, Evidence, Facts, Label, Person, Victims
from tipwatch.resolve.model import Case, CaseEvent, Entity, Mention
from tipwatch.store import SQLiteStore

VICTIM = "Maritza Alvarado Funes"
SUSPECT = "Aurelio Canales Mejía"

CHAPTER = """2013 Trafficking in Persons Report - Honduras

Honduras (Tier 2)

Honduras is mainly a source and transit country for women and children subjected to sex trafficking and forced labour.
Honduran women are taken to Guatemala, Mexico and the United States, where they are exploited in bars.
Migrants from Nicaragua travel through Honduras on their way north.
The government opened two new shelters for child victims in San Pedro Sula and Choluteca.
There were no convictions for labour trafficking during the year.
Officials lack procedures to identify victims among deported migrants.
Police arrested nine suspected traffickers in La Ceiba in March.
"""

NEWS = f"""Rescatan a doce mujeres en Tegucigalpa

La policía rescató a doce mujeres de un bar en Tegucigalpa el sábado, entre ellas {VICTIM}.
Las víctimas, de entre 17 y 24 años, eran originarias de El Salvador.
La fiscalía imputó al dueño del bar, {SUSPECT}, por trata de personas.
Los clientes pagaban 500 lempiras por hora.
Según la organización Casa Refugio, el único albergue para mujeres adultas carece de fondos.
"""


def doc(text: str, name: str, language: str, published: str, title: str) -> Document:
    return Document(
        id=hashlib.sha256(text.encode()).hexdigest(),
        name=name,
        format="text",
        text=text,
        language=language,
        published=published,
        title=title,
    )


def ev(text: str, needle: str) -> Evidence:
    """The sentence of ``text`` that holds ``needle``, as evidence with true offsets."""
    at = text.index(needle)
    for s in split_sentences(text):
        if s.start <= at < s.end:
            return Evidence(s.start, s.end, s.text)
    raise AssertionError(needle)


@dataclass
class Stored:
    chapter: Document
    news: Document
    suspect_id: str
    victim_id: str
    case_id: str


def chapter_facts(d: Document) -> Facts:
    t = d.text
    return Facts(
        doc=d.name,
        doc_id=d.id,
        language="en",
        published=d.published,
        countries=[
            Label(
                "HN",
                [
                    ev(t, "Honduras (Tier"),
                    ev(t, "mainly a source"),
                    ev(t, "Honduran women"),
                    ev(t, "Migrants from"),
                ],
            ),
            Label("GT", [ev(t, "Honduran women")]),
            Label("MX", [ev(t, "Honduran women")]),
            Label("US", [ev(t, "Honduran women")]),
            Label("NI", [ev(t, "Migrants from")]),
        ],
        exploitation=[
            Label("sex_trafficking", [ev(t, "sex trafficking")]),
            Label("forced_labor", [ev(t, "forced labour")]),
        ],
        indicators=[Label("cross_border", [ev(t, "Honduran women")])],
        victims=Victims(minors=True, sexes=["female"], evidence={"minors": [ev(t, "women and children")]}),
        events=[Event("arrest", 9, "2013-03", "HN", [ev(t, "Police arrested")])],
    )


def news_facts(d: Document) -> Facts:
    t = d.text
    return Facts(
        doc=d.name,
        doc_id=d.id,
        language="es",
        published=d.published,
        countries=[
            Label("HN", [ev(t, "La policía rescató")]),
            Label("SV", [ev(t, "originarias de El Salvador")]),
        ],
        persons=[Person(VICTIM, ["victim"], [ev(t, VICTIM)]), Person(SUSPECT, ["suspect"], [ev(t, SUSPECT)])],
        exploitation=[Label("sex_trafficking", [ev(t, "trata de personas")])],
        victims=Victims(
            count=12,
            minors=True,
            age_min=17,
            age_max=24,
            sexes=["female"],
            evidence={"count": [ev(t, "doce mujeres de")], "age_min": [ev(t, "entre 17 y 24")]},
        ),
        events=[
            Event("rescue", 12, "2014-02-08", "HN", [ev(t, "La policía rescató")]),
            Event("charge", 1, "2014-02", "HN", [ev(t, "La fiscalía imputó")]),
        ],
        money=[Amount(500, "HNL", None, "price", [ev(t, "500 lempiras")])],
    )


def build_store(path: str) -> Stored:
    chapter = doc(CHAPTER, "hn_2013.txt", "en", "2013-06-19", "2013 Trafficking in Persons Report - Honduras")
    news = doc(NEWS, "hn_rescate.txt", "es", "2014-02-10", "Rescatan a doce mujeres en Tegucigalpa")
    with SQLiteStore(path) as store:
        store.add_document(chapter, CHAPTER.encode(), chapter_facts(chapter))
        store.add_document(news, NEWS.encode(), news_facts(news))
        s_ev, v_ev = ev(NEWS, SUSPECT), ev(NEWS, VICTIM)
        suspect = Entity(
            "ent-suspect",
            "person",
            SUSPECT,
            [SUSPECT],
            ["HN"],
            False,
            [Mention("m-s", news.id, "person", SUSPECT, [s_ev], "HN", False, {"roles": ["suspect"]})],
        )
        victim = Entity(
            "ent-victim",
            "person",
            VICTIM,
            [VICTIM],
            ["HN"],
            True,
            [Mention("m-v", news.id, "person", VICTIM, [v_ev], "HN", True, {"roles": ["victim"]})],
        )
        case = Case(
            "case-teg",
            f"Rescue in Tegucigalpa ({SUSPECT})",
            [news.id],
            [suspect.id, victim.id],
            ["HN", "SV"],
            ["sex_trafficking"],
            [
                CaseEvent(
                    "rescue",
                    news.id,
                    "2014-02-08",
                    "Tegucigalpa",
                    "twelve women rescued",
                    [ev(NEWS, "La policía rescató")],
                ),
                CaseEvent("charge", news.id, "2014-02", None, "", [ev(NEWS, "La fiscalía imputó")]),
            ],
        )
        store.replace_resolution([suspect, victim], [case])
    return Stored(chapter, news, suspect.id, victim.id, case.id)
