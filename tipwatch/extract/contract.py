"""Facts -> the shape of shared/contract/facts.schema.json (plus evidence and source as extra keys).

The contract keys are what is scored; ``evidence`` and ``source`` ride along as extra keys,
which the contract allows. This is the only place that makes the contract shape.
"""

from __future__ import annotations

from typing import Any

from ..model import Evidence, Facts


def _ev(evs: list[Evidence]) -> list[dict[str, Any]]:
    return [e.to_dict() for e in evs]


def _num(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def to_contract(facts: Facts, *, evidence: bool = True) -> dict[str, Any]:
    """One JSON-ready object per document, in the contract's key order."""

    def with_ev(d: dict[str, Any], evs: list[Evidence], source: str | None = None) -> dict[str, Any]:
        if evidence:
            d["evidence"] = _ev(evs)
            if source:
                d["source"] = source
        return d

    out: dict[str, Any] = {
        "doc": facts.doc,
        "language": facts.language,
        "published": facts.published,
        "countries": [c.value for c in facts.countries],
        "places": [
            with_ev({"name": p.name, "country": p.country, "subdivision": p.subdivision}, p.evidence)
            for p in facts.places
        ],
        "persons": [
            with_ev({"name": p.name, "roles": list(p.roles)}, p.evidence, p.source) for p in facts.persons
        ],
        "organizations": [
            with_ev({"name": o.name, "kind": o.kind}, o.evidence, o.source) for o in facts.organizations
        ],
        "exploitation": [x.value for x in facts.exploitation],
        "indicators": [x.value for x in facts.indicators],
        "victims": {
            "count": facts.victims.count,
            "minors": facts.victims.minors,
            "age_min": facts.victims.age_min,
            "age_max": facts.victims.age_max,
            "sexes": list(facts.victims.sexes),
        },
        "events": [
            with_ev(
                {"type": e.type, "count": e.count, "date": e.date, "country": e.country}, e.evidence, e.source
            )
            for e in facts.events
        ],
        "money": [
            with_ev(
                {
                    "amount": _num(m.amount),
                    "amount_max": _num(m.amount_max),
                    "currency": m.currency,
                    "context": m.context,
                },
                m.evidence,
                m.source,
            )
            for m in facts.money
        ],
    }
    if evidence:
        out["doc_id"] = facts.doc_id
        out["evidence"] = {
            "countries": {c.value: _ev(c.evidence) for c in facts.countries},
            "exploitation": {x.value: _ev(x.evidence) for x in facts.exploitation},
            "indicators": {x.value: _ev(x.evidence) for x in facts.indicators},
            "victims": {k: _ev(v) for k, v in facts.victims.evidence.items()},
        }
    return out
