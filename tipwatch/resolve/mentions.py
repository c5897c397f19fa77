"""Mentions: the persons, organisations and places of one document's Facts, keyed for resolution.

Takes a document's Facts (and its id and publication date) and returns one Mention per
distinct name and kind. A mention's key is ``<doc id prefix>:<kind>:<normalised name>``,
so a re-extraction that finds the same name gives the same key, and an analyst's judgement
on that key still applies after it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import Facts
from .model import EntityKind, Mention
from .names import fold, org_key, person_key

DOC_PREFIX = 16  # hex characters of the document id in a mention key: unique enough, short to read


@dataclass(slots=True)
class DocFacts:
    """One document as resolution sees it: its id, publication date, name and facts."""

    doc_id: str
    facts: Facts
    published: str | None = None
    name: str = ""
    title: str | None = None


@dataclass(slots=True)
class DocContext:
    """What a document says around its mentions: countries and the names it co-mentions."""

    doc_id: str
    country: str | None
    countries: frozenset[str]
    names: frozenset[str] = field(default_factory=frozenset)


def mention_key(doc_id: str, kind: str, normalised: str) -> str:
    """The stable key of a mention (what judgements and entity ids are built from)."""
    return f"{doc_id[:DOC_PREFIX]}:{kind}:{normalised}"


def main_country(facts: Facts) -> str | None:
    """The country a document is most about: the most evidenced one, places counted in."""
    weight: Counter[str] = Counter()
    order: dict[str, int] = {}
    for i, label in enumerate(facts.countries):
        code = label.value.upper()
        weight[code] += max(1, len(label.evidence))
        order.setdefault(code, i)
    for place in facts.places:
        if place.country:
            weight[place.country.upper()] += max(1, len(place.evidence))
            order.setdefault(place.country.upper(), len(order))
    if not weight:
        return None
    return min(weight, key=lambda c: (-weight[c], order[c]))


def make_context(doc: DocFacts) -> DocContext:
    """The context of a document: its main country, all its countries, its co-mentioned names."""
    f = doc.facts
    countries = {c.value.upper() for c in f.countries if c.value}
    countries |= {p.country.upper() for p in f.places if p.country}
    names = {"p:" + person_key(p.name) for p in f.persons}
    names |= {"o:" + org_key(o.name) for o in f.organizations}
    return DocContext(doc.doc_id, main_country(f), frozenset(countries), frozenset(names))


def make_mentions(doc: DocFacts) -> list[Mention]:
    """One Mention per distinct person, organisation and place name of the document.

    Two facts with one normalised name in one document are one mention (their evidence
    joined), so a key is unique across the store.
    """
    f = doc.facts
    country = main_country(f)
    countries = sorted({c.value.upper() for c in f.countries if c.value})
    found: dict[str, Mention] = {}

    def add(m: Mention) -> None:
        if m.key in found:
            old = found[m.key]
            old.evidence.extend(e for e in m.evidence if e not in old.evidence)
            old.protected = old.protected or m.protected
            for k, v in m.data.items():
                if isinstance(v, list):
                    old.data[k] = sorted(set(old.data.get(k) or []) | set(v))
            return
        found[m.key] = m

    for p in f.persons:
        norm = person_key(p.name)
        if not norm:
            continue
        data: dict[str, object] = {"roles": sorted(set(p.roles)), "countries": countries}
        if p.age is not None:
            data["age"] = p.age
        add(
            Mention(
                key=mention_key(doc.doc_id, EntityKind.PERSON, norm),
                doc_id=doc.doc_id,
                kind=EntityKind.PERSON,
                name=p.name,
                evidence=list(p.evidence),
                country=country,
                protected=p.is_protected,
                data=data,
            )
        )
    for o in f.organizations:
        norm = org_key(o.name)
        if not norm:
            continue
        add(
            Mention(
                key=mention_key(doc.doc_id, EntityKind.ORGANIZATION, norm),
                doc_id=doc.doc_id,
                kind=EntityKind.ORGANIZATION,
                name=o.name,
                evidence=list(o.evidence),
                country=country,
                data={"org_kind": o.kind, "aliases": sorted(set(o.aliases)), "countries": countries},
            )
        )
    for pl in f.places:
        norm = fold(pl.name).strip()
        if not norm:
            continue
        where = (pl.country or "").upper()
        add(
            Mention(
                key=mention_key(doc.doc_id, EntityKind.PLACE, f"{where}/{norm}"),
                doc_id=doc.doc_id,
                kind=EntityKind.PLACE,
                name=pl.name,
                evidence=list(pl.evidence),
                country=where or None,
                data={"subdivision": pl.subdivision},
            )
        )
    return [found[k] for k in sorted(found)]
