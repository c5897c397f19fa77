"""Bundle -> FollowTheMoney entities (JSON Lines), built with followthemoney's own model.

What each thing becomes, so the file opens in Aleph-style tools:

* a document: ``Article`` (news, HTML, text, Markdown) or ``Document`` (PDF, DOCX, cables),
  with title, fileName, publishedAt, language, country, bodyText and the exploitation and
  indicator labels as keywords. Its FtM id is the tipwatch document id.
* a person, organisation or place: ``Person``, ``Organization`` (its kind in
  ``classification``) or ``Address``; the id is the entity id.
* a document naming one: ``Documentation`` (document, entity), the roles the document gives
  in ``role`` and the sentences in ``summary``: FtM's own link between a document and
  what it is about.
* a person and an organisation named in the same sentence: ``UnknownLink`` with role
  ``named in the same sentence``. No more is claimed: the facts do not say who works for
  whom, so no ``Employment`` or ``Membership`` is guessed.
* an event of a document: ``Event`` (name, date, country, summary, proof = the document).
* a case: ``Event`` spanning first to last date, its documents as proof, its people and
  bodies as ``involved``, its places as ``addressEntity``; each step of its timeline is an
  ``Event`` tied to the case by an ``UnknownLink`` (role ``part of case``).

Lines are sorted by id and keys are fixed, so equal stores give equal files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.util import make_entity_id

from ..resolve.model import Case, Entity
from .bundle import Bundle, DocumentRecord, Link, iter_evidence_quotes

ARTICLE_FORMATS = frozenset({"html", "text", "markdown"})
MAX_SUMMARY = 2000  # characters of quotes kept on a link; the full text is on the document
LEGAL_ENTITY = {"person": "Person", "organization": "Organization"}
SCHEMA = {**LEGAL_ENTITY, "place": "Address"}
MIME = {"html": "text/html", "text": "text/plain", "markdown": "text/markdown", "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "cable": "text/plain"}  # fmt: skip


def iter_ftm(bundle: Bundle) -> Iterator[EntityProxy]:
    """Every FtM entity of the export, sorted by id."""
    proxies: dict[str, EntityProxy] = {}

    def put(proxy: EntityProxy) -> None:
        assert proxy.id is not None
        if proxy.id in proxies:
            proxies[proxy.id].merge(proxy)
        else:
            proxies[proxy.id] = proxy

    for rec in bundle.documents:
        put(_document(rec))
    for entity in bundle.entities:
        put(_entity(entity))
    known = {key: proxy.schema.name for key, proxy in proxies.items()}
    for rec in bundle.documents:
        for link in rec.links:
            if link.entity_id in known:
                put(_documentation(rec, link))
        for proxy in _co_mentions(rec, known):
            put(proxy)
        for i, event in enumerate(rec.facts.events if rec.facts else []):
            e = _new("Event", "event", rec.doc.id, str(i))
            e.add("name", _event_name(event.type, event.count))
            e.add("keywords", event.type)
            e.add("date", event.date)
            e.add("country", event.country)
            e.add("summary", _quotes(event.evidence))
            e.add("proof", rec.doc.id)
            put(e)
    for case in bundle.cases:
        for proxy in _case(case, known):
            put(proxy)
    for key in sorted(proxies):
        yield proxies[key]


def write_ftm(bundle: Bundle, out: TextIO) -> int:
    """Write the bundle as FtM JSON Lines (``id`` first, as ``ftm`` writes it); returns the count."""
    n = 0
    for proxy in iter_ftm(bundle):
        data = proxy.to_dict()
        line = {
            "id": data["id"],
            "schema": data["schema"],
            "properties": dict(sorted(data["properties"].items())),
        }
        out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
        n += 1
    return n


def _new(schema: str, *key: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.id = make_entity_id("tipwatch", *key)
    return proxy


def _quotes(evidence: Any) -> str | None:
    text = "\n".join(iter_evidence_quotes(evidence))
    return text[:MAX_SUMMARY] or None


def _event_name(kind: str, count: int | None) -> str:
    return f"{kind} ({count})" if count is not None else kind


def _document(rec: DocumentRecord) -> EntityProxy:
    doc, facts = rec.doc, rec.facts
    proxy = model.make_entity("Article" if doc.format in ARTICLE_FORMATS else "Document")
    proxy.id = doc.id
    proxy.add("title", doc.title or doc.name)
    proxy.add("fileName", doc.name)
    proxy.add("publishedAt", doc.published)
    proxy.add("language", doc.language)
    proxy.add("mimeType", MIME.get(doc.format))
    proxy.add("bodyText", doc.text)
    for key in ("author", "url", "source_url"):
        value = doc.meta.get(key)
        if isinstance(value, str):
            proxy.add("author" if key == "author" else "sourceUrl", value)
    if facts is not None:
        proxy.add("country", [c.value for c in facts.countries])
        proxy.add("keywords", [x.value for x in [*facts.exploitation, *facts.indicators]])
    return proxy


def _entity(entity: Entity) -> EntityProxy:
    proxy = model.make_entity(SCHEMA.get(entity.kind, "LegalEntity"))
    proxy.id = entity.id
    proxy.add("name", entity.name)
    proxy.add("alias", [n for n in entity.names if n != entity.name])
    proxy.add("country", entity.countries)
    if entity.kind == "place":
        proxy.add("full", entity.name)
        proxy.add("region", _detail(entity, "subdivision"))
    elif entity.kind == "organization":
        proxy.add("classification", _detail(entity, "kind"))
    elif entity.kind == "person":
        roles = sorted({r for m in entity.mentions for r in m.data.get("roles") or []})
        if roles:
            proxy.add("description", "roles in the documents: " + ", ".join(roles))
    return proxy


def _detail(entity: Entity, key: str) -> str | None:
    """A value the entity or, failing that, its first mention that has one, records."""
    value = entity.data.get(key)
    if isinstance(value, str) and value:
        return value
    for m in entity.mentions:
        value = m.data.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def _documentation(rec: DocumentRecord, link: Link) -> EntityProxy:
    proxy = _new("Documentation", "documentation", rec.doc.id, link.entity_id)
    proxy.add("document", rec.doc.id)
    proxy.add("entity", link.entity_id)
    proxy.add("role", ", ".join(link.roles) or "mentioned")
    proxy.add("summary", _quotes(link.evidence))
    proxy.add("date", rec.doc.published)
    return proxy


def _co_mentions(rec: DocumentRecord, known: dict[str, str]) -> Iterator[EntityProxy]:
    """A person and an organisation quoted in the same sentence of this document."""
    persons = [x for x in rec.links if x.kind == "person" and x.entity_id in known]
    orgs = [x for x in rec.links if x.kind == "organization" and x.entity_id in known]
    for p in persons:
        spans = {(e.start, e.end) for e in p.evidence}
        for o in orgs:
            shared = [e for e in o.evidence if (e.start, e.end) in spans]
            if shared:
                proxy = _new("UnknownLink", "co-mention", rec.doc.id, p.entity_id, o.entity_id)
                proxy.add("subject", p.entity_id)
                proxy.add("object", o.entity_id)
                proxy.add("role", "named in the same sentence")
                proxy.add("summary", _quotes(shared))
                proxy.add("date", rec.doc.published)
                yield proxy


def _case(case: Case, known: dict[str, str]) -> Iterator[EntityProxy]:
    proxy = model.make_entity("Event")
    proxy.id = case.id
    proxy.add("name", case.title or case.id)
    proxy.add("description", "a case: one incident as reported across documents")
    proxy.add("startDate", case.first_date)
    proxy.add("endDate", case.last_date)
    proxy.add("country", case.countries)
    proxy.add("keywords", case.exploitation)
    proxy.add("proof", [d for d in case.doc_ids if d in known])
    for entity_id in case.entity_ids:
        if known.get(entity_id) == "Address":
            proxy.add("addressEntity", entity_id)
        elif entity_id in known:
            proxy.add("involved", entity_id)
    yield proxy
    for i, step in enumerate(case.events):
        e = _new("Event", "case-event", case.id, str(i))
        e.add("name", step.summary or step.type)
        e.add("keywords", step.type)
        e.add("date", step.date)
        e.add("location", step.place)
        e.add("summary", _quotes(step.evidence))
        if step.doc_id in known:
            e.add("proof", step.doc_id)
        yield e
        link = _new("UnknownLink", "part-of-case", case.id, str(i))
        link.add("subject", e.id)
        link.add("object", case.id)
        link.add("role", "part of case")
        yield link
