"""A small store of fictional reports for the export tests (fictional people in real places).

Facts are written by hand, not extracted, so the tests are fast and say exactly what each
export must show; tests/serve/test_cli_export.py runs the real extractor end to end.
"""

from __future__ import annotations

import hashlib

from tipwatch.model import Document, Event, Evidence, Facts, Label, Organization, Person, Place, Victims
from tipwatch.store.sqlite import SQLiteStore

RESCUE = (
    "Police rescue girl in Escuintla\n"
    "Agents of the Policía Nacional Civil (PNC) rescued Yesenia Saquic, 14, from a bar in Escuintla. "
    "The bar owner, Rigoberto Letona Paiz, was arrested on charges of trafficking. "
    "Saquic was taken to a shelter run by Fundación Sobrevivientes."
)
TRIAL = (
    "Trial opens in Guatemala City\n"
    "Rigoberto Letona Paiz appeared before a court in Guatemala City on Monday. "
    "Prosecutor Marta Quiñónez of the Policía Nacional Civil unit said the case involved forced labor. "
    "=cmd| a line a spreadsheet must not run."
)


def ev(text: str, quote: str) -> Evidence:
    i = text.index(quote)
    return Evidence(i, i + len(quote), quote)


def doc_of(text: str, name: str, published: str | None = None) -> Document:
    return Document(
        hashlib.sha256(text.encode()).hexdigest(), name, "html", text, "en", published,
        text.split("\n", 1)[0], {"author": "Redacción"}, f"/home/analyst/{name}", len(text),
    )  # fmt: skip


def rescue_facts(doc: Document) -> Facts:
    t = doc.text
    s1 = "Agents of the Policía Nacional Civil (PNC) rescued Yesenia Saquic, 14, from a bar in Escuintla."
    s2 = "The bar owner, Rigoberto Letona Paiz, was arrested on charges of trafficking."
    s3 = "Saquic was taken to a shelter run by Fundación Sobrevivientes."
    return Facts(
        doc=doc.name,
        doc_id=doc.id,
        language="en",
        countries=[Label("GT", [ev(t, s1)])],
        places=[Place("Escuintla", "GT", "GT-05", [ev(t, s1)])],
        persons=[
            Person("Yesenia Saquic", ["victim"], [ev(t, s1), ev(t, s3)], age=14),
            Person("Rigoberto Letona Paiz", ["suspect"], [ev(t, s2)]),
        ],
        organizations=[
            Organization("Policía Nacional Civil", "law_enforcement", [ev(t, s1)], None, ["PNC"]),
            Organization("Fundación Sobrevivientes", "ngo", [ev(t, s3)]),
        ],
        exploitation=[Label("sex_trafficking", [ev(t, s2)])],
        victims=Victims(
            count=1, minors=True, age_min=14, age_max=14, sexes=["female"], evidence={"count": [ev(t, s1)]}
        ),
        events=[
            Event("rescue", 1, "2021-03-02", "GT", [ev(t, s1)]),
            Event("arrest", 1, None, "GT", [ev(t, s2)]),
        ],
    )


def trial_facts(doc: Document) -> Facts:
    t = doc.text
    s1 = "Rigoberto Letona Paiz appeared before a court in Guatemala City on Monday."
    s2 = "Prosecutor Marta Quiñónez of the Policía Nacional Civil unit said the case involved forced labor."
    return Facts(
        doc=doc.name,
        doc_id=doc.id,
        language="en",
        countries=[Label("GT", [ev(t, s1)])],
        places=[Place("Guatemala City", "GT", "GT-01", [ev(t, s1)])],
        persons=[
            Person("Rigoberto Letona Paiz", ["suspect"], [ev(t, s1)]),
            Person("Marta Quiñónez", ["official"], [ev(t, s2)]),
        ],
        organizations=[Organization("PNC", "law_enforcement", [ev(t, s2)])],
        exploitation=[Label("forced_labor", [ev(t, s2)])],
        events=[Event("charge", None, None, "GT", [ev(t, "=cmd| a line a spreadsheet must not run.")])],
    )


def fill(store: SQLiteStore, order: tuple[str, ...] = ("rescue", "trial")) -> dict[str, Document]:
    docs = {"rescue": doc_of(RESCUE, "rescue.html", "2021-03-03"), "trial": doc_of(TRIAL, "trial.html")}
    makers = {"rescue": rescue_facts, "trial": trial_facts}
    for key in order:
        store.add_document(docs[key], docs[key].text.encode(), makers[key](docs[key]))
    return docs


PROTECTED = {"Yesenia Saquic", "Yesenia", "Saquic"}  # what no redacted export may contain
