"""A country profile in the 3P frame, every figure tied to the documents and sentences behind it.

``build_profile(store, "GT")`` reads the store (documents naming the country, their facts,
entities and cases) and returns a ``CountryProfile``: TIP tier history (packaged table and
ingested narratives), responses per year by P (extracted events and classified sentences),
stated gaps, exploitation types and indicators, victims and money as reported, the most
mentioned entities, the cases with their timelines, and the countries linked as origin,
transit or destination. ``to_dict()`` is the JSON of ``tipwatch profile CC --json`` and of
``/countries/CC.json``.

Which sentences belong to a country: in a document that names several countries, a
sentence counts for the countries it names, and a sentence that names none counts for the
document's main country (the one with most evidence). Years come from an event's date, else
from the document (its TIP Report year or publication date); items with no year are kept
as ``"unknown"`` unless a year range is asked for.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pycountry

from ..errors import NotFoundError
from ..model import Document, Evidence, Facts
from ..store.base import Store
from .links import ROLES, role_in_sentence
from .reads import country_doc_ids
from .threep import NONE, P, Polarity, classify_document, p_of_event
from .tiers import TierRecord, dataset_tiers, merge_tiers, narrative_tiers, report_year

UNKNOWN = "unknown"
TOP_ENTITIES = 10
TOP_CASES = 20
MAX_EVIDENCE = 5  # quotes kept per label or link; the count says how many there are


@dataclass(slots=True)
class CountryProfile:
    """Everything the country page, the report and ``--json`` show; plain data, JSON-ready."""

    country: str
    name: str
    year_from: int | None = None
    year_to: int | None = None
    documents: list[dict[str, Any]] = field(default_factory=list)
    tiers: list[dict[str, Any]] = field(default_factory=list)
    tier_summary: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    events_by_year: dict[str, dict[str, Any]] = field(default_factory=dict)
    responses_by_year: dict[str, dict[str, Any]] = field(default_factory=dict)
    gaps: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    exploitation: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    victims: dict[str, Any] = field(default_factory=dict)
    money: dict[str, Any] = field(default_factory=dict)
    entities: list[dict[str, Any]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @property
    def years(self) -> list[str]:
        """Every year that has a tier, an event or a response, oldest first ("unknown" last)."""
        found = {str(t["year"]) for t in self.tiers} | set(self.events_by_year) | set(self.responses_by_year)
        return sorted(y for y in found if y != UNKNOWN) + ([UNKNOWN] if UNKNOWN in found else [])


def country_name(cc: str) -> str:
    """The English name of an ISO 3166-1 alpha-2 code; raises NotFoundError for an unknown code."""
    code = cc.strip().upper()
    if code == "XK":
        return "Kosovo"
    found = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    if found is None:
        exc = NotFoundError("country", cc)
        exc.args = (f"{cc!r} is not an ISO 3166-1 alpha-2 country code; give one such as GT, PE or MX",)
        raise exc
    return str(getattr(found, "common_name", None) or found.name)


def _year_of(value: str | None) -> str | None:
    return value[:4] if value and value[:4].isdigit() else None


def _in_range(year: str, year_from: int | None, year_to: int | None) -> bool:
    if year_from is None and year_to is None:
        return True
    if year == UNKNOWN:
        return False
    y = int(year)
    return (year_from is None or y >= year_from) and (year_to is None or y <= year_to)


def _ev(doc: Document, e: Evidence) -> dict[str, Any]:
    return {"doc_id": doc.id, "doc": doc.name, "start": e.start, "end": e.end, "quote": e.quote}


class _Ownership:
    """Which sentences of one document count for the profiled country (see the module docstring)."""

    def __init__(self, facts: Facts | None, cc: str) -> None:
        self.cc = cc
        self.spans: dict[str, list[tuple[int, int]]] = {}
        for label in facts.countries if facts else []:
            code = (label.value or "").upper()
            self.spans.setdefault(code, []).extend((e.start, e.end) for e in label.evidence)
        ranked = sorted(self.spans, key=lambda c: -len(self.spans[c]))
        self.main = ranked[0] if ranked else cc

    def named(self, start: int, end: int) -> set[str]:
        return {c for c, spans in self.spans.items() if any(a < end and start < b for a, b in spans)}

    def owns(self, start: int, end: int) -> bool:
        named = self.named(start, end)
        return self.cc in named if named else self.main == self.cc


@dataclass(slots=True)
class _Doc:
    doc: Document
    facts: Facts | None
    year: str
    owner: _Ownership


def _load_docs(store: Store, cc: str) -> list[_Doc]:
    out = []
    for doc_id in country_doc_ids(store, cc):
        doc = store.get_document(doc_id)
        facts = store.get_facts(doc_id)
        year = _year_of(doc.published) or _year_of(facts.published if facts else None)
        if year is None:
            ry = report_year(doc)
            year = str(ry) if ry else None
        out.append(_Doc(doc, facts, year or UNKNOWN, _Ownership(facts, cc)))
    return out


def _events(docs: list[_Doc], cc: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for d in docs:
        for ev in d.facts.events if d.facts else []:
            spans = ev.evidence
            if ev.country:
                if ev.country.upper() != cc:
                    continue
            elif not any(d.owner.owns(e.start, e.end) for e in spans):
                continue
            p = p_of_event(ev.type)
            out.append(
                {
                    "id": f"e{len(out) + 1}",
                    "type": ev.type,
                    "p": p.value if p else None,
                    "count": ev.count,
                    "date": ev.date,
                    "year": _year_of(ev.date) or d.year,
                    "doc_id": d.doc.id,
                    "evidence": [_ev(d.doc, e) for e in spans],
                }
            )
    return out


def _responses(docs: list[_Doc], events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Classified 3P sentences, plus the sentences of events the classifier left unlabelled."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, int]] = set()
    events_at: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for ev in events:
        for e in ev["evidence"]:
            events_at.setdefault((ev["doc_id"], e["start"]), []).append(ev)
    for d in docs:
        for s in classify_document(d.doc):
            if not d.owner.owns(s.start, s.end):
                continue
            key = (d.doc.id, s.start)
            seen.add(key)
            linked = events_at.get(key, [])
            out.append(
                {
                    "label": s.label,
                    "polarity": s.polarity,
                    "year": d.year,
                    "doc_id": d.doc.id,
                    "doc": d.doc.name,
                    "start": s.start,
                    "end": s.end,
                    "quote": s.quote,
                    "cues": list(s.cues),
                    "events": sorted({ev["type"] for ev in linked}),
                }
            )
    for ev in events:
        if ev["p"] is None:
            continue
        for e in ev["evidence"]:
            key = (ev["doc_id"], e["start"])
            if key in seen:
                continue
            seen.add(key)
            out.append(
                {
                    "label": ev["p"],
                    "polarity": Polarity.POSITIVE.value,
                    "year": ev["year"],
                    "doc_id": ev["doc_id"],
                    "doc": e["doc"],
                    "start": e["start"],
                    "end": e["end"],
                    "quote": e["quote"],
                    "cues": [f"event:{ev['type']}"],
                    "events": [ev["type"]],
                }
            )
    out.sort(key=lambda r: (r["year"] == UNKNOWN, r["year"], r["doc_id"], r["start"]))
    for i, r in enumerate(out, 1):
        r["id"] = f"r{i}"
    return out


def _by_year_events(events: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for ev in events:
        slot = out.setdefault(ev["year"], {}).setdefault(ev["type"], {"n": 0, "refs": []})
        slot["n"] += 1
        slot["refs"].append(ev["id"])
    return out


def _by_year_responses(responses: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for r in responses:
        per_p = out.setdefault(
            r["year"], {p.value: {pol.value: {"n": 0, "refs": []} for pol in Polarity} for p in P}
        )
        slot = per_p[r["label"]][r["polarity"]]
        slot["n"] += 1
        slot["refs"].append(r["id"])
    return out


def _labels(docs: list[_Doc], attr: str) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for d in docs:
        for lab in getattr(d.facts, attr) if d.facts else []:
            slot = found.setdefault(
                lab.value, {"label": lab.value, "documents": 0, "doc_ids": [], "evidence": []}
            )
            slot["documents"] += 1
            slot["doc_ids"].append(d.doc.id)
            for e in lab.evidence:
                if len(slot["evidence"]) < MAX_EVIDENCE:
                    slot["evidence"].append(_ev(d.doc, e))
    return sorted(found.values(), key=lambda x: (-x["documents"], x["label"]))


def _victims(docs: list[_Doc]) -> dict[str, Any]:
    reports: list[dict[str, Any]] = []
    for d in docs:
        v = d.facts.victims if d.facts else None
        if v is None or (v.count is None and v.minors is None and v.age_min is None and not v.sexes):
            continue
        reports.append(
            {
                "doc_id": d.doc.id,
                "doc": d.doc.name,
                "year": d.year,
                "count": v.count,
                "minors": v.minors,
                "age_min": v.age_min,
                "age_max": v.age_max,
                "sexes": list(v.sexes),
                "evidence": {k: [_ev(d.doc, e) for e in evs] for k, evs in v.evidence.items()},
            }
        )
    counts = [r["count"] for r in reports if r["count"] is not None]
    ages = [a for r in reports for a in (r["age_min"], r["age_max"]) if a is not None]
    return {
        "documents": len(reports),
        "count_total": sum(counts) if counts else None,
        "documents_with_count": len(counts),
        "documents_with_minors": sum(1 for r in reports if r["minors"]),
        "sexes": sorted({s for r in reports for s in r["sexes"]}),
        "age_min": min(ages) if ages else None,
        "age_max": max(ages) if ages else None,
        "reports": reports,
    }


def _money(docs: list[_Doc]) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    for d in docs:
        for m in d.facts.money if d.facts else []:
            if m.evidence and not any(d.owner.owns(e.start, e.end) for e in m.evidence):
                continue
            items.append(
                {
                    "amount": m.amount,
                    "amount_max": m.amount_max,
                    "currency": m.currency,
                    "context": m.context,
                    "year": d.year,
                    "doc_id": d.doc.id,
                    "evidence": [_ev(d.doc, e) for e in m.evidence],
                }
            )
    totals: dict[str, dict[str, Any]] = {}
    for item in items:
        key = f"{item['currency']} {item['context']}"
        slot = totals.setdefault(
            key, {"currency": item["currency"], "context": item["context"], "n": 0, "sum": 0.0}
        )
        slot["n"] += 1
        slot["sum"] += item["amount"]
    return {"items": items, "totals": sorted(totals.values(), key=lambda t: (t["currency"], t["context"]))}


def _entities(store: Store, cc: str, include_protected: bool) -> list[dict[str, Any]]:
    out = []
    for ent in store.list_entities(country=cc, limit=TOP_ENTITIES * 5):
        if ent.protected and not include_protected:
            continue  # a victim or a minor is never listed in a profile a viewer may see
        quotes = [
            {"doc_id": m.doc_id, "start": e.start, "end": e.end, "quote": e.quote}
            for m in ent.mentions
            for e in m.evidence[:1]
        ]
        out.append(
            {
                "id": ent.id,
                "kind": ent.kind,
                "name": ent.name,
                "documents": len(ent.doc_ids),
                "mentions": len(ent.mentions),
                "doc_ids": ent.doc_ids,
                "evidence": quotes[:MAX_EVIDENCE],
            }
        )
        if len(out) == TOP_ENTITIES:
            break
    return out


def _cases(store: Store, cc: str) -> list[dict[str, Any]]:
    out = []
    for case in store.list_cases(country=cc, limit=TOP_CASES):
        d = case.to_dict()
        d["timeline"] = sorted(d.pop("events"), key=lambda e: (e["date"] is None, e["date"] or ""))
        out.append(d)
    return out


def _links(docs: list[_Doc], cases: list[dict[str, Any]], cc: str) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for d in docs:
        for label in d.facts.countries if d.facts else []:
            other = (label.value or "").upper()
            if other == cc or not other:
                continue
            for e in label.evidence:
                role = role_in_sentence(e.quote, other, d.doc.language) or "linked"
                slot = found.setdefault(
                    other,
                    {
                        "country": other,
                        "roles": Counter(),
                        "doc_ids": set(),
                        "case_ids": set(),
                        "evidence": [],
                    },
                )
                slot["roles"][role] += 1
                slot["doc_ids"].add(d.doc.id)
                if len(slot["evidence"]) < MAX_EVIDENCE:
                    slot["evidence"].append({**_ev(d.doc, e), "role": role})
    for case in cases:
        for other in case.get("countries") or []:
            if other.upper() != cc:
                slot = found.setdefault(
                    other.upper(),
                    {
                        "country": other.upper(),
                        "roles": Counter(),
                        "doc_ids": set(),
                        "case_ids": set(),
                        "evidence": [],
                    },
                )
                slot["case_ids"].add(case["id"])
    out = []
    for slot in found.values():
        roles: Counter[str] = slot["roles"]
        flows = [r for r in ROLES[:3] if roles.get(r)]
        out.append(
            {
                "country": slot["country"],
                "role": flows[0] if len(flows) == 1 else ("mixed" if flows else "linked"),
                "roles": {r: roles[r] for r in ROLES if roles.get(r)},
                "documents": len(slot["doc_ids"]),
                "doc_ids": sorted(slot["doc_ids"]),
                "case_ids": sorted(slot["case_ids"]),
                "evidence": slot["evidence"],
            }
        )
    return sorted(out, key=lambda x: (-x["documents"], -len(x["case_ids"]), x["country"]))


def _tiers(docs: list[_Doc], cc: str) -> list[TierRecord]:
    records = dataset_tiers(cc)
    for d in docs:
        records.extend(narrative_tiers(d.doc, cc))
    return sorted(records, key=lambda r: (r.year, r.source != "kelley-heiss-2017", r.source))


def build_profile(
    store: Store,
    cc: str,
    year_from: int | None = None,
    year_to: int | None = None,
    *,
    include_protected: bool = False,
) -> CountryProfile:
    """The profile of one country (ISO 3166-1 alpha-2), optionally limited to report/event years.

    ``include_protected`` lists entities that are victims or minors among the most
    mentioned; leave it False for anything a viewer may see.
    """
    code = cc.strip().upper()
    name = country_name(code)
    docs = _load_docs(store, code)

    def keep(year: str) -> bool:
        return _in_range(year, year_from, year_to)

    tiers = [t for t in _tiers(docs, code) if keep(str(t.year))]
    events = [e for e in _events(docs, code) if keep(e["year"])]
    responses = [r for r in _responses(docs, events) if keep(r["year"])]
    in_range = [d for d in docs if keep(d.year) or year_from is None and year_to is None]
    cases = _cases(store, code)
    return CountryProfile(
        country=code,
        name=name,
        year_from=year_from,
        year_to=year_to,
        documents=[
            {
                "doc_id": d.doc.id,
                "name": d.doc.name,
                "title": d.doc.title,
                "published": d.doc.published,
                "language": d.doc.language,
                "year": d.year,
            }
            for d in in_range
        ],
        tiers=[t.to_dict() for t in tiers],
        tier_summary=merge_tiers(tiers),
        events=events,
        responses=responses,
        events_by_year=_by_year_events(events),
        responses_by_year=_by_year_responses(responses),
        gaps={
            p.value: [r for r in responses if r["label"] == p.value and r["polarity"] == Polarity.GAP]
            for p in P
        },
        exploitation=_labels(in_range, "exploitation"),
        indicators=_labels(in_range, "indicators"),
        victims=_victims(in_range),
        money=_money(in_range),
        entities=_entities(store, code, include_protected),
        cases=cases,
        links=_links(in_range, cases, code),
    )


def p_totals(profile: CountryProfile) -> dict[str, dict[str, int]]:
    """``{P: {"positive": n, "gap": n}}`` over the whole profile, every P present."""
    out = {p.value: {pol.value: 0 for pol in Polarity} for p in P}
    for r in profile.responses:
        if r["label"] != NONE:
            out[r["label"]][r["polarity"]] += 1
    return out
