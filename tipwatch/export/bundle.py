"""Store -> Bundle: everything an export writes, gathered once, redacted once, in a fixed order.

Every format (jsonl, ftm, graphml, csv) renders the same ``Bundle``, so what a format shows
and hides is decided here and in ``redact``, never in a writer. The order is fixed (documents,
entities and cases by id; facts in stored order), and nothing holds a time or a local path,
so two stores holding the same documents give byte-identical exports.

Entities are the resolved ones when the store has any (``store.list_entities``). Until a
store is resolved, each document's facts are grouped by a plain rule instead: persons with
the same name (accents and case folded) are one; organisations are one when a name or alias
of one is a name or alias of the other (``PNC`` and ``National Civil Police`` with alias
``PNC``); places are one per name and country.

With ``redact=True`` documents and facts go through ``Redactor.redact_document`` (with the
store-wide protected names), protected entities are left out, and each document's protected
persons become per-document nodes named by their placeholder (``victim 1``), never linked
across documents: a link between two reports is itself a clue to who she is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model import Document, Evidence, Facts
from ..resolve.model import Case, CaseEvent, Entity, EntityKind, Mention
from .redact import Redactor, fold, is_protected_entity, protected_facts, protected_names, redact_entity

PAGE = 500  # entities and cases read per query


@dataclass(slots=True)
class Link:
    """A document naming an entity: the roles it gives there and the sentences it does so in."""

    doc_id: str
    entity_id: str
    kind: str
    name: str
    roles: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class DocumentRecord:
    """One document with its facts and the entity each of its persons, organisations, places is."""

    doc: Document
    facts: Facts | None
    links: list[Link] = field(default_factory=list)


@dataclass(slots=True)
class Bundle:
    """What an export writes; every list is in its final order."""

    documents: list[DocumentRecord]
    entities: list[Entity]
    cases: list[Case]
    resolved: bool
    redacted: bool

    def entity_by_id(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}


def make_bundle(store: Any, *, redact: bool = False) -> Bundle:
    """Read a store into a Bundle (redacted when asked); see the module docstring."""
    docs = sorted(store.iter_documents(), key=lambda d: d.id)
    pairs = [(doc, store.get_facts(doc.id)) for doc in docs]
    entities = _read_all(lambda offset: store.list_entities(limit=PAGE, offset=offset))
    cases = _read_all(lambda offset: store.list_cases(limit=PAGE, offset=offset))
    resolved = bool(entities)
    if not resolved:
        entities = group_facts(pairs)
    if redact:
        bundle = _redacted_bundle(pairs, entities, cases, resolved)
    else:
        index = _mention_index(entities)
        records = [DocumentRecord(doc, facts, _links(doc, facts, index)) for doc, facts in pairs]
        bundle = Bundle(records, [_sorted_entity(e) for e in entities], cases, resolved, False)
    # A fact the resolver did not see still gets an entity of its own, so every link resolves.
    bundle.entities = sorted([*bundle.entities, *orphan_entities(bundle)], key=lambda e: e.id)
    bundle.cases = sorted(bundle.cases, key=lambda c: c.id)
    return bundle


def _read_all(read: Any) -> list[Any]:
    out: list[Any] = []
    while True:
        batch = read(len(out))
        out += batch
        if len(batch) < PAGE:
            return out


def _id(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()


def _key(kind: str, name: str) -> str:
    """The form names are grouped and looked up by (kind-independent today)."""
    return " ".join(fold(name).split())


# -- grouping facts when the store is not resolved -------------------------------------------


def group_facts(pairs: Iterable[tuple[Document, Facts | None]]) -> list[Entity]:
    """Entities from facts alone, by name (and organisation alias); ids from the grouped names."""
    mentions: dict[str, list[tuple[Mention, list[str]]]] = {}  # kind -> (mention, names it goes by)
    for doc, facts in pairs:
        if facts is None:
            continue
        for p in facts.persons:
            m = Mention(_mkey(doc.id, "person", p.name), doc.id, "person", p.name, list(p.evidence))
            m.protected, m.data = p.is_protected, {"roles": list(p.roles), "age": p.age}
            # One word ("Rivera") is too little to say two documents name the same person.
            key = p.name if len(fold(p.name).split()) >= 2 else f"{doc.id}\x1f{p.name}"
            mentions.setdefault("person", []).append((m, [key]))
        for o in facts.organizations:
            m = Mention(
                _mkey(doc.id, "organization", o.name), doc.id, "organization", o.name, list(o.evidence)
            )
            m.data = {"kind": o.kind, "aliases": list(o.aliases)}
            mentions.setdefault("organization", []).append((m, [o.name, *o.aliases]))
        for pl in facts.places:
            m = Mention(
                _mkey(doc.id, "place", pl.name), doc.id, "place", pl.name, list(pl.evidence), pl.country
            )
            m.data = {"subdivision": pl.subdivision}
            mentions.setdefault("place", []).append((m, [f"{pl.name}\x1f{pl.country or ''}"]))
    entities: list[Entity] = []
    for kind, items in mentions.items():
        entities += _cluster(kind, items)
    return sorted(entities, key=lambda e: e.id)


def _mkey(doc_id: str, kind: str, name: str) -> str:
    return f"{doc_id}:{kind}:{_key(kind, name)}"


def _cluster(kind: str, items: list[tuple[Mention, list[str]]]) -> list[Entity]:
    """Union the mentions that share a folded name; one Entity per group."""
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, (_, names) in enumerate(items):
        for name in names:
            k = _key(kind, name)
            if not k:
                continue
            if k in first:
                parent[find(i)] = find(first[k])
            else:
                first[k] = i
    groups: dict[int, list[Mention]] = {}
    for i, (m, _) in enumerate(items):
        groups.setdefault(find(i), []).append(m)
    return [_entity(kind, ms) for ms in groups.values()]


def _entity(kind: str, mentions: list[Mention]) -> Entity:
    mentions = sorted(mentions, key=lambda m: m.key)
    # The longest name is the most complete form ("National Civil Police", not "PNC").
    name = max((m.name for m in mentions), key=lambda n: (len(n), n))
    names = sorted({m.name for m in mentions} | {a for m in mentions for a in m.data.get("aliases", [])})
    countries = sorted({m.country for m in mentions if m.country})
    data: dict[str, Any] = {}
    if kind == "person":
        data["roles"] = sorted({r for m in mentions for r in m.data.get("roles", [])})
    elif kind == "organization":
        kinds = sorted({m.data["kind"] for m in mentions if m.data.get("kind")})
        data["kind"] = kinds[0] if len(kinds) == 1 else "other" if not kinds else kinds[0]
    elif kind == "place":
        subs = sorted({m.data["subdivision"] for m in mentions if m.data.get("subdivision")})
        data["subdivision"] = subs[0] if subs else None
    return Entity(
        id=_id("tipwatch", kind, *sorted(m.key for m in mentions)),
        kind=kind,
        name=name,
        names=names,
        countries=countries,
        protected=any(m.protected for m in mentions),
        mentions=mentions,
        data=data,
    )


# -- links from facts to entities --------------------------------------------------------------


def _mention_index(entities: Iterable[Entity]) -> dict[tuple[str, str, str], str]:
    """(doc id, kind, folded name) -> entity id, for every mention of every entity."""
    index: dict[tuple[str, str, str], str] = {}
    for e in entities:
        for m in e.mentions:
            index.setdefault((m.doc_id, m.kind, _key(m.kind, m.name)), e.id)
    return index


def _links(doc: Document, facts: Facts | None, index: dict[tuple[str, str, str], str]) -> list[Link]:
    if facts is None:
        return []
    links: dict[tuple[str, str], Link] = {}

    def add(kind: str, name: str, roles: list[str], evidence: list[Evidence], fallback: str) -> None:
        entity_id = index.get((doc.id, kind, _key(kind, name))) or fallback
        link = links.setdefault((kind, entity_id), Link(doc.id, entity_id, kind, name))
        link.roles += [r for r in roles if r not in link.roles]
        link.evidence += [e for e in evidence if e not in link.evidence]

    for p in facts.persons:
        add("person", p.name, p.roles, p.evidence, _id("unresolved", doc.id, "person", p.name))
    for o in facts.organizations:
        add("organization", o.name, [], o.evidence, _id("unresolved", doc.id, "organization", o.name))
    for pl in facts.places:
        add("place", pl.name, [], pl.evidence, _id("unresolved", doc.id, "place", pl.name))
    return list(links.values())


def _sorted_entity(e: Entity) -> Entity:
    e.mentions = sorted(e.mentions, key=lambda m: (m.doc_id, m.key))
    return e


def orphan_entities(bundle: Bundle) -> list[Entity]:
    """Entities a link names that the bundle does not hold (a fact the resolver did not see)."""
    known = {e.id for e in bundle.entities}
    out: dict[str, Entity] = {}
    for rec in bundle.documents:
        for link in rec.links:
            if link.entity_id not in known and link.entity_id not in out:
                m = Mention(_mkey(rec.doc.id, link.kind, link.name), rec.doc.id, link.kind, link.name)
                out[link.entity_id] = Entity(link.entity_id, link.kind, link.name, [link.name], mentions=[m])
    return sorted(out.values(), key=lambda e: e.id)


# -- redaction -----------------------------------------------------------------------------


def _redacted_bundle(
    pairs: list[tuple[Document, Facts | None]], entities: list[Entity], cases: list[Case], resolved: bool
) -> Bundle:
    store_names = {
        n
        for n in protected_names((protected_facts(d, f) for d, f in pairs), entities)
        if len(fold(n).split()) >= 2  # store-wide: full names only (see redact's docstring)
    }
    redactors: dict[str, Redactor] = {}
    records: list[DocumentRecord] = []
    visible = [e for e in entities if not (e.kind == EntityKind.PERSON and is_protected_entity(e))]
    index = _mention_index(visible)
    placeholders: list[Entity] = []
    for doc, facts in pairs:
        r = Redactor.for_document(doc, facts, store_names)
        redactors[doc.id] = r
        red_doc, red_facts = r.redact_document(doc, facts)
        links = _links(red_doc, red_facts, index)
        shown = {p.name for p in facts.persons if not r.hides(p)} if facts is not None else set()
        for link in links:
            if link.kind == "person" and link.name not in shown:  # a placeholder: this document only
                link.entity_id = _id("protected", doc.id, link.name)
                placeholders.append(_placeholder_entity(link))
        records.append(DocumentRecord(red_doc, red_facts, links))
    global_redactor = Redactor(extra=store_names)
    texts = {doc.id: doc.text for doc, _ in pairs}
    out_entities = [_redact_visible(e, redactors, global_redactor, texts) for e in visible]
    kept_ids = {e.id for e in out_entities}
    out_cases = [_redact_case(c, redactors, kept_ids, texts) for c in cases]
    return Bundle(records, [*out_entities, *placeholders], out_cases, resolved, True)


def _placeholder_entity(link: Link) -> Entity:
    m = Mention(f"{link.doc_id}:person:{link.name}", link.doc_id, "person", link.name, list(link.evidence))
    m.protected, m.data = True, {"roles": list(link.roles)}
    return Entity(
        link.entity_id,
        "person",
        link.name,
        [link.name],
        protected=True,
        mentions=[m],
        data={"roles": list(link.roles)},
    )


def _redact_visible(
    e: Entity, redactors: dict[str, Redactor], global_redactor: Redactor, texts: dict[str, str]
) -> Entity:
    """An entity a viewer may see, with every name and quote passed through the redactors."""
    e = redact_entity(e)  # a copy
    e.name = global_redactor.redact_text(e.name)
    e.names = sorted({global_redactor.redact_text(n) for n in e.names})
    for m in e.mentions:
        r = redactors.get(m.doc_id, global_redactor)
        m.name = r.redact_text(m.name)
        m.key = _mkey(m.doc_id, m.kind, m.name)
        m.data = {k: v for k, v in m.data.items() if k != "age"}
        m.evidence = r.redact_evidence(texts.get(m.doc_id, ""), m.evidence)
    e.data = {k: v for k, v in e.data.items() if k != "age"}
    return _sorted_entity(e)


def _redact_case(c: Case, redactors: dict[str, Redactor], kept_ids: set[str], texts: dict[str, str]) -> Case:
    """A case with its title, places and timeline redacted by the redactors of its documents.

    Free text of a case (title, summaries) may come from any of its documents, so it passes
    through each of their redactors; evidence passes through its own document's.
    """
    chain = [redactors[d] for d in sorted(set(c.doc_ids)) if d in redactors]

    def red(s: str) -> str:
        for r in chain:
            s = r.redact_text(s)
        return s

    events = [
        CaseEvent(
            type=ev.type,
            doc_id=ev.doc_id,
            date=ev.date,
            place=red(ev.place) if ev.place else ev.place,
            summary=red(ev.summary),
            evidence=_case_evidence(ev, redactors, texts, red),
        )
        for ev in c.events
    ]
    return Case(
        id=c.id,
        title=red(c.title),
        doc_ids=list(c.doc_ids),
        entity_ids=[i for i in c.entity_ids if i in kept_ids],
        countries=list(c.countries),
        exploitation=list(c.exploitation),
        events=events,
        data=_redact_data(c.data, red),
    )


def _case_evidence(
    ev: CaseEvent, redactors: dict[str, Redactor], texts: dict[str, str], red: Any
) -> list[Evidence]:
    r = redactors.get(ev.doc_id)
    if r is None or ev.doc_id not in texts:  # a document the store no longer holds
        return [Evidence(x.start, x.end, red(x.quote)) for x in ev.evidence]
    return [Evidence(x.start, x.end, red(x.quote)) for x in r.redact_evidence(texts[ev.doc_id], ev.evidence)]


def _redact_data(value: Any, red: Any) -> Any:
    if isinstance(value, str):
        return red(value)
    if isinstance(value, dict):
        return {k: _redact_data(v, red) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_data(v, red) for v in value]
    return value


def iter_evidence_quotes(evidence: Iterable[Evidence]) -> Iterator[str]:
    """Each quote once, whitespace collapsed, in order: what a link's description shows."""
    seen: set[str] = set()
    for e in evidence:
        q = " ".join(e.quote.split())
        if q and q not in seen:
            seen.add(q)
            yield q
