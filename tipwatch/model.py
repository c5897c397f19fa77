"""The data model every stage speaks: Document, Evidence and the facts extracted from a document.

Plain dataclasses: they pickle for Dask, compare in tests and cost nothing to import.
Each class serialises itself with ``to_dict`` / ``from_dict``; the contract shape of
``facts.schema.json`` is made only in ``tipwatch.extract.contract``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence an analyst can check; ``text[start:end] == quote`` in the stored text."""

    start: int
    end: int
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "quote": self.quote}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        return cls(int(d["start"]), int(d["end"]), str(d["quote"]))


def _ev_list(items: list[Any] | None) -> list[Evidence]:
    return [Evidence.from_dict(e) for e in items or []]


@dataclass(slots=True)
class Document:
    """One ingested document: clean text that later stages cite, plus metadata.

    ``id`` is the SHA-256 of the original bytes, so the same file ingested twice is one
    document. ``published`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or None when the
    document states no date. ``meta`` holds what the format offers (title, author, site,
    cable routing: from, to, subject, tags, ...).
    """

    id: str
    name: str
    format: str
    text: str
    language: str | None = None
    published: str | None = None
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    path: str | None = None
    size: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


@dataclass(slots=True)
class Place:
    name: str
    country: str | None
    subdivision: str | None
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "subdivision": self.subdivision,
            "evidence": [e.to_dict() for e in self.evidence],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Place:
        return cls(d["name"], d.get("country"), d.get("subdivision"), _ev_list(d.get("evidence")))


@dataclass(slots=True)
class Person:
    name: str
    roles: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    source: str | None = None
    age: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "roles": list(self.roles),
            "evidence": [e.to_dict() for e in self.evidence],
            "source": self.source,
            "age": self.age,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Person:
        return cls(
            d["name"], list(d.get("roles") or []), _ev_list(d.get("evidence")), d.get("source"), d.get("age")
        )

    @property
    def is_protected(self) -> bool:
        """A victim is never shown to a viewer (minors are always victims or protected by age)."""
        return "victim" in self.roles or (self.age is not None and self.age < 18)


@dataclass(slots=True)
class Organization:
    name: str
    kind: str
    evidence: list[Evidence] = field(default_factory=list)
    source: str | None = None
    aliases: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "evidence": [e.to_dict() for e in self.evidence],
            "source": self.source,
            "aliases": list(self.aliases),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Organization:
        return cls(
            d["name"], d["kind"], _ev_list(d.get("evidence")), d.get("source"), list(d.get("aliases") or [])
        )


@dataclass(slots=True)
class Label:
    """A label (exploitation, indicator) or a country code, with the sentences that support it."""

    value: str
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "evidence": [e.to_dict() for e in self.evidence]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Label:
        return cls(d["value"], _ev_list(d.get("evidence")))


@dataclass(slots=True)
class Victims:
    """What the document says of the victims taken together; ``evidence`` maps field -> sentences."""

    count: int | None = None
    minors: bool | None = None
    age_min: int | None = None
    age_max: int | None = None
    sexes: list[str] = field(default_factory=list)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "minors": self.minors,
            "age_min": self.age_min,
            "age_max": self.age_max,
            "sexes": list(self.sexes),
            "evidence": {k: [e.to_dict() for e in v] for k, v in self.evidence.items()},
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Victims:
        return cls(
            d.get("count"),
            d.get("minors"),
            d.get("age_min"),
            d.get("age_max"),
            list(d.get("sexes") or []),
            {k: _ev_list(v) for k, v in (d.get("evidence") or {}).items()},
        )


@dataclass(slots=True)
class Event:
    type: str
    count: int | None = None
    date: str | None = None
    country: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "count": self.count,
            "date": self.date,
            "country": self.country,
            "evidence": [e.to_dict() for e in self.evidence],
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        return cls(
            d["type"],
            d.get("count"),
            d.get("date"),
            d.get("country"),
            _ev_list(d.get("evidence")),
            d.get("source"),
        )


@dataclass(slots=True)
class Amount:
    amount: float
    currency: str
    amount_max: float | None = None
    context: str = "other"
    evidence: list[Evidence] = field(default_factory=list)
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "amount": self.amount,
            "amount_max": self.amount_max,
            "currency": self.currency,
            "context": self.context,
            "evidence": [e.to_dict() for e in self.evidence],
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Amount:
        return cls(
            d["amount"],
            d["currency"],
            d.get("amount_max"),
            d.get("context", "other"),
            _ev_list(d.get("evidence")),
            d.get("source"),
        )


@dataclass(slots=True)
class Facts:
    """Everything extracted from one document, every fact with its evidence."""

    doc: str
    language: str | None = None
    published: str | None = None
    countries: list[Label] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    exploitation: list[Label] = field(default_factory=list)
    indicators: list[Label] = field(default_factory=list)
    victims: Victims = field(default_factory=Victims)
    events: list[Event] = field(default_factory=list)
    money: list[Amount] = field(default_factory=list)
    doc_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "doc_id": self.doc_id,
            "language": self.language,
            "published": self.published,
            "countries": [c.to_dict() for c in self.countries],
            "places": [p.to_dict() for p in self.places],
            "persons": [p.to_dict() for p in self.persons],
            "organizations": [o.to_dict() for o in self.organizations],
            "exploitation": [x.to_dict() for x in self.exploitation],
            "indicators": [x.to_dict() for x in self.indicators],
            "victims": self.victims.to_dict(),
            "events": [e.to_dict() for e in self.events],
            "money": [m.to_dict() for m in self.money],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Facts:
        return cls(
            doc=d["doc"],
            doc_id=d.get("doc_id"),
            language=d.get("language"),
            published=d.get("published"),
            countries=[Label.from_dict(x) for x in d.get("countries") or []],
            places=[Place.from_dict(x) for x in d.get("places") or []],
            persons=[Person.from_dict(x) for x in d.get("persons") or []],
            organizations=[Organization.from_dict(x) for x in d.get("organizations") or []],
            exploitation=[Label.from_dict(x) for x in d.get("exploitation") or []],
            indicators=[Label.from_dict(x) for x in d.get("indicators") or []],
            victims=Victims.from_dict(d.get("victims") or {}),
            events=[Event.from_dict(x) for x in d.get("events") or []],
            money=[Amount.from_dict(x) for x in d.get("money") or []],
        )

    def iter_evidence(self) -> list[Evidence]:
        """Every evidence span of every fact, for checks such as text[start:end] == quote."""
        out: list[Evidence] = []
        for group in (self.countries, self.exploitation, self.indicators):
            for lab in group:
                out.extend(lab.evidence)
        items: list[Place | Person | Organization | Event | Amount] = [
            *self.places,
            *self.persons,
            *self.organizations,
            *self.events,
            *self.money,
        ]
        for item in items:
            out.extend(item.evidence)
        for evs in self.victims.evidence.values():
            out.extend(evs)
        return out


class UserRole(StrEnum):
    """Who may see what: a viewer never sees a victim or a minor; an analyst sees all and is logged."""

    VIEWER = "viewer"
    ANALYST = "analyst"
    ADMIN = "admin"


@dataclass(slots=True)
class User:
    """An account of the API and web UI; only the SHA-256 of its token is ever stored."""

    name: str
    role: str
    token_hash: str
    created_at: str | None = None
    revoked_at: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_dict(self) -> dict[str, Any]:
        # The token hash is not part of what a listing shows.
        return {
            "name": self.name,
            "role": self.role,
            "created_at": self.created_at,
            "revoked_at": self.revoked_at,
        }


@dataclass(slots=True)
class AccessRecord:
    """One read of protected details by an analyst (or an admin action), for ``tipwatch audit``."""

    at: str
    user: str
    action: str
    target: str
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "user": self.user,
            "action": self.action,
            "target": self.target,
            "detail": self.detail,
        }
