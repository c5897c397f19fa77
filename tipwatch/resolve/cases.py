"""Cases: reports of one incident in several documents -> one Case with a timeline.

Takes the documents' facts and the resolved entities; returns Cases. A document is a
report of an incident when it names a suspect, victim or client, or an enforcement event
(arrest, rescue, raid, charge, conviction, investigation, dismantling). Two reports are
one case when they share a suspect, victim, client or criminal group (the same resolved
entity), or, failing that, when enough weaker details agree: the same place, the same
form of exploitation, dates within a year and matching victims' details. One report
belongs to one case. Ids and order derive from content: ``case-`` + a hash of the
smallest document id.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from ..model import Event
from .mentions import DocFacts, main_country, mention_key
from .model import Case, CaseEvent, Entity, EntityKind
from .names import fold, org_key, person_key

PARTY_ROLES = frozenset({"suspect", "victim", "client"})
INCIDENT_EVENTS = frozenset(
    {"arrest", "rescue", "raid", "charge", "conviction", "investigation", "dismantling"}
)
LINK_AT = 0.9  # weak details must add up to this to join two reports without a shared party
BLOCK_CAP = 60  # reports per place block compared all-pairs; larger blocks use a date window
WINDOW = 10
EVENT_ORDER = {t: i for i, t in enumerate(["report", "investigation", "raid", "rescue", "arrest", "dismantling",
                                           "charge", "conviction", "deportation"])}  # fmt: skip


@dataclass(slots=True)
class _Report:
    doc: DocFacts
    parties: set[str] = field(
        default_factory=set
    )  # entity ids of suspects, victims, clients, criminal groups
    places: set[str] = field(default_factory=set)
    exploitation: set[str] = field(default_factory=set)
    country: str | None = None
    month: int | None = None  # months since year 0 of the report's date, for distances


def _months(date: str | None) -> int | None:
    if not date or len(date) < 4 or not date[:4].isdigit():
        return None
    month = int(date[5:7]) if len(date) >= 7 and date[5:7].isdigit() else 6
    return int(date[:4]) * 12 + month


def _report_of(doc: DocFacts, entity_of: Mapping[str, str]) -> _Report | None:
    f = doc.facts
    incident = any(set(p.roles) & PARTY_ROLES for p in f.persons) or any(
        e.type in INCIDENT_EVENTS for e in f.events
    )
    if not incident:
        return None
    r = _Report(doc, country=main_country(f))
    for p in f.persons:
        if set(p.roles) & PARTY_ROLES:
            eid = entity_of.get(mention_key(doc.doc_id, EntityKind.PERSON, person_key(p.name)))
            if eid:
                r.parties.add(eid)
    for o in f.organizations:
        if o.kind == "criminal":
            eid = entity_of.get(mention_key(doc.doc_id, EntityKind.ORGANIZATION, org_key(o.name)))
            if eid:
                r.parties.add(eid)
    for pl in f.places:
        key = mention_key(
            doc.doc_id, EntityKind.PLACE, f"{(pl.country or '').upper()}/{fold(pl.name).strip()}"
        )
        eid = entity_of.get(key)
        if eid:
            r.places.add(eid)
    r.exploitation = {x.value for x in f.exploitation}
    dates = [e.date for e in f.events if e.date] + ([doc.published] if doc.published else [])
    months = [m for m in (_months(d) for d in dates) if m is not None]
    r.month = min(months) if months else None
    return r


def _victims_agree(a: DocFacts, b: DocFacts) -> bool:
    va, vb = a.facts.victims, b.facts.victims
    if va.count is not None and vb.count is not None:
        return va.count == vb.count
    if va.age_min is not None and vb.age_min is not None:
        lo_a, hi_a = va.age_min, va.age_max if va.age_max is not None else va.age_min
        lo_b, hi_b = vb.age_min, vb.age_max if vb.age_max is not None else vb.age_min
        return lo_a <= hi_b and lo_b <= hi_a
    return False


def _link(a: _Report, b: _Report, names: Mapping[str, str]) -> tuple[float, str]:
    shared = a.parties & b.parties
    if shared:
        who = ", ".join(sorted(names.get(e, e) for e in shared))
        return 1.0, f"shared suspect, victim or group: {who}"
    score, why = 0.0, []
    if a.places & b.places:
        score += 0.35
        why.append("same place")
    elif a.country and a.country == b.country:
        score += 0.1
        why.append(f"same country {a.country}")
    if a.exploitation & b.exploitation:
        score += 0.25
        why.append("same exploitation " + "/".join(sorted(a.exploitation & b.exploitation)))
    if a.month is not None and b.month is not None:
        gap = abs(a.month - b.month)
        if gap <= 12:
            score += 0.2
            why.append("dates within a year")
        elif gap > 36:
            score -= 0.4
            why.append("dates years apart")
    if _victims_agree(a.doc, b.doc):
        score += 0.2
        why.append("victims' details agree")
    return round(score, 4), "; ".join(why) or "nothing shared"


def _candidate_pairs(reports: Sequence[_Report]) -> set[tuple[int, int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        for e in r.parties:
            blocks["p:" + e].append(i)
        for pl in r.places:
            blocks["l:" + pl].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) <= BLOCK_CAP:
            pairs.update(combinations(sorted(members), 2))
            continue
        ordered = sorted(members, key=lambda i: (reports[i].month or 0, reports[i].doc.doc_id))
        for pos, i in enumerate(ordered):
            for j in ordered[pos + 1 : pos + 1 + WINDOW]:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def _event_summary(e: Event) -> str:
    parts = [e.type]
    if e.count is not None:
        parts.append(f"of {e.count}")
    if e.country:
        parts.append(f"in {e.country}")
    return " ".join(parts)


def _timeline(docs: Sequence[DocFacts]) -> list[CaseEvent]:
    """The case's events, one per distinct (type, date, count, country), each with every reporting document."""
    merged: dict[tuple[str, str | None, int | None, str | None], CaseEvent] = {}
    out: list[CaseEvent] = []
    for doc in docs:
        f = doc.facts
        place_by_country: dict[str, str] = {}
        for pl in f.places:
            if pl.country:
                place_by_country.setdefault(pl.country.upper(), pl.name)
        title = doc.title or doc.name or doc.doc_id[:12]
        out.append(
            CaseEvent("report", doc.doc_id, doc.published, None, f"reported: {title}", [], [doc.doc_id])
        )
        for e in f.events:
            key = (e.type, e.date or doc.published, e.count, e.country)
            if key in merged:
                ev = merged[key]
                if doc.doc_id not in ev.doc_ids:
                    ev.doc_ids.append(doc.doc_id)
                    ev.evidence.extend(x for x in e.evidence[:1] if x not in ev.evidence)
                continue
            place = place_by_country.get((e.country or "").upper()) or e.country
            ev = CaseEvent(
                e.type, doc.doc_id, e.date or doc.published, place, _event_summary(e),
                list(e.evidence), [doc.doc_id],
            )  # fmt: skip
            merged[key] = ev
            out.append(ev)
    out.sort(
        key=lambda ev: (ev.date is None, ev.date or "", EVENT_ORDER.get(ev.type, 99), ev.doc_id, ev.summary)
    )
    return out


def _title(reports: Sequence[_Report], entities: Mapping[str, Entity]) -> str:
    exploitation = sorted({x for r in reports for x in r.exploitation})
    what = ", ".join(x.replace("_", " ") for x in exploitation[:2]) or "incident"
    places = sorted({entities[p].name for r in reports for p in r.places if p in entities})
    countries = sorted({r.country for r in reports if r.country})
    where = ", ".join(places[:2] + countries[:2])
    suspects = sorted(
        {
            entities[e].name
            for r in reports
            for e in r.parties
            if e in entities
            and not entities[e].protected
            and "suspect" in (entities[e].data.get("roles") or [])
        }
    )
    title = what[:1].upper() + what[1:] + (f" in {where}" if where else "")
    return title + (f": {', '.join(suspects[:3])}" if suspects else "")


def make_cases(docs: Sequence[DocFacts], entities: Sequence[Entity]) -> list[Case]:
    """Group the documents that report one incident into Cases, each with its timeline."""
    entity_of = {m.key: e.id for e in entities for m in e.mentions}
    by_id = {e.id: e for e in entities}
    # Names in link reasons: never a protected person's (a viewer may read a case).
    names = {e.id: (e.id if e.protected else e.name) for e in entities}
    reports = [r for r in (_report_of(d, entity_of) for d in sorted(docs, key=lambda d: d.doc_id)) if r]
    parent = list(range(len(reports)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    links: dict[int, list[dict[str, object]]] = defaultdict(list)
    for i, j in sorted(_candidate_pairs(reports)):
        score, reason = _link(reports[i], reports[j], names)
        if score >= LINK_AT:
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
            links[i].append({"left": reports[i].doc.doc_id, "right": reports[j].doc.doc_id,
                             "score": score, "reason": reason})  # fmt: skip
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(reports)):
        groups[find(i)].append(i)
    cases: list[Case] = []
    for members in groups.values():
        rs = [reports[i] for i in members]
        doc_ids = sorted(r.doc.doc_id for r in rs)
        entity_ids = sorted({e for r in rs for e in r.parties | r.places})
        victims = [r.doc.facts.victims for r in rs]
        countries = {r.country for r in rs if r.country} | {
            (e.country or "").upper() for r in rs for e in r.doc.facts.events if e.country
        }
        cases.append(
            Case(
                id="case-" + hashlib.sha1(doc_ids[0].encode("utf-8")).hexdigest()[:12],
                title=_title(rs, by_id),
                doc_ids=doc_ids,
                entity_ids=entity_ids,
                countries=sorted(countries),
                exploitation=sorted({x for r in rs for x in r.exploitation}),
                events=_timeline([r.doc for r in sorted(rs, key=lambda r: r.doc.doc_id)]),
                data={
                    "links": [link for i in sorted(members) for link in links.get(i, [])],
                    "victims": {
                        "count": max((v.count for v in victims if v.count is not None), default=None),
                        "minors": True if any(v.minors for v in victims) else None,
                        "age_min": min((v.age_min for v in victims if v.age_min is not None), default=None),
                        "age_max": max((v.age_max for v in victims if v.age_max is not None), default=None),
                    },
                },
            )
        )
    return sorted(cases, key=lambda c: (-len(c.doc_ids), c.id))
