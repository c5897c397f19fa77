"""Fictional documents and facts shared by the store tests of every backend."""

from __future__ import annotations

import hashlib

from tipwatch.model import Document, Evidence, Facts, Label, Person

EN_TEXT = (
    "Police in Chiclayo arrested two men suspected of recruiting teenage girls from Cajamarca "
    "for forced labour in a brick kiln, prosecutor Lucia Farfan Huaman said. "
    "The trafficking network moved the girls by night bus."
)
ES_TEXT = (
    "El Ministério Público de Guatemala rescató a once víctimas de trata de personas en "
    "Quetzaltenango y detuvo a Ernesto Cuxil Batz, señalado como reclutador."
)
PT_TEXT = (
    "O Ministério Público do Trabalho resgatou 23 trabalhadores em condições análogas à escravidão "
    "numa fazenda em Marabá; segundo a procuradora Helena Tavares Brum, houve tráfico de pessoas."
)


def make_doc(
    text: str,
    *,
    language: str | None = "en",
    published: str | None = None,
    title: str | None = None,
    fmt: str = "text",
    name: str = "doc.txt",
) -> tuple[Document, bytes]:
    raw = text.encode("utf-8")
    doc = Document(
        id=hashlib.sha256(raw).hexdigest(),
        name=name,
        format=fmt,
        text=text,
        language=language,
        published=published,
        title=title,
        meta={"author": "Desk"},
        path=f"/tmp/{name}",
        size=len(raw),
    )
    return doc, raw


def make_facts(doc: Document, countries: list[str]) -> Facts:
    quote = doc.text[:40]
    ev = [Evidence(0, 40, quote)]
    return Facts(
        doc=doc.name,
        doc_id=doc.id,
        language=doc.language,
        published=doc.published,
        countries=[Label(cc, ev) for cc in countries],
        persons=[Person("Lucia Farfan Huaman", ["official"], ev)],
    )


def fill(store) -> None:
    """Three documents (en, es, pt) with facts naming PE, GT and BR."""
    for text, lang, pub, cc, fmt, title in (
        (EN_TEXT, "en", "2021-03-04", ["PE"], "text", "Brick kiln arrests in Chiclayo"),
        (ES_TEXT, "es", "2019-11", ["GT"], "html", "Rescate en Quetzaltenango"),
        (PT_TEXT, "pt", None, ["BR"], "pdf", None),
    ):
        doc, raw = make_doc(text, language=lang, published=pub, fmt=fmt, title=title, name=f"{lang}.txt")
        assert store.add_document(doc, raw, make_facts(doc, cc))
