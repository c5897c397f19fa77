"""What resolution produces and what the store keeps of it: mentions, entities, judgements, cases.

Resolution is pure (facts and judgements in, entities and cases out); the store persists
its output as derived data that a re-run replaces, and the judgements as the one input an
analyst owns. Every id here is derived from content (a hash of mention keys), never from
run order or time, so two runs over the same documents give the same ids.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..model import Evidence


class EntityKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"


class Verdict(StrEnum):
    """A judgement on whether two things are one (nomenklatura's Judgement)."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    UNSURE = "unsure"


AUTO = "auto"  # the author of judgements the resolver makes itself; anything else is an analyst


def _evidence_list(raw: Any) -> list[Evidence]:
    return [Evidence(int(e["start"]), int(e["end"]), str(e["quote"])) for e in raw or []]


def _evidence_dicts(evidence: list[Evidence]) -> list[dict[str, Any]]:
    return [{"start": e.start, "end": e.end, "quote": e.quote} for e in evidence]


@dataclass(slots=True)
class Mention:
    """One person, organisation or place as one document names it, with its evidence.

    ``key`` is stable across runs (document id, kind and normalised name); judgements and
    entity ids are built from keys. ``data`` holds what the kind adds: roles, age, an
    organisation's kind and aliases, a place's country and subdivision.
    """

    key: str
    doc_id: str
    kind: str
    name: str
    evidence: list[Evidence] = field(default_factory=list)
    country: str | None = None
    protected: bool = False
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "doc_id": self.doc_id,
            "kind": self.kind,
            "name": self.name,
            "evidence": _evidence_dicts(self.evidence),
            "country": self.country,
            "protected": self.protected,
            "data": self.data,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Mention:
        return cls(
            key=raw["key"],
            doc_id=raw["doc_id"],
            kind=raw["kind"],
            name=raw["name"],
            evidence=_evidence_list(raw.get("evidence")),
            country=raw.get("country"),
            protected=bool(raw.get("protected", False)),
            data=dict(raw.get("data") or {}),
        )


@dataclass(slots=True)
class Entity:
    """One real person, body or place across documents: a cluster of mentions.

    ``protected`` is true when any mention is a victim or a minor; such an entity is
    never shown to a viewer.
    """

    id: str
    kind: str
    name: str
    names: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    protected: bool = False
    mentions: list[Mention] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def doc_ids(self) -> list[str]:
        return sorted({m.doc_id for m in self.mentions})

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "names": self.names,
            "countries": self.countries,
            "protected": self.protected,
            "mentions": [m.to_dict() for m in self.mentions],
            "data": self.data,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Entity:
        return cls(
            id=raw["id"],
            kind=raw["kind"],
            name=raw["name"],
            names=list(raw.get("names") or []),
            countries=list(raw.get("countries") or []),
            protected=bool(raw.get("protected", False)),
            mentions=[Mention.from_dict(m) for m in raw.get("mentions") or []],
            data=dict(raw.get("data") or {}),
        )


@dataclass(slots=True)
class EntitySummary:
    """An entity without its mentions, for lists and links: the largest have thousands.

    ``protected`` is what ``export.redact.is_protected_entity`` says of the whole entity (its
    flag or any mention of a victim or a minor); ``documents`` and ``mentions`` count them.
    """

    id: str
    kind: str
    name: str
    countries: list[str] = field(default_factory=list)
    protected: bool = False
    documents: int = 0
    mentions: int = 0

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> EntitySummary:
        """From (id, kind, name, countries as a JSON array, protected, documents, mentions): the
        row both stores' ``entity_summaries`` select."""
        return cls(
            row[0], row[1], row[2], json.loads(row[3]) if row[3] else [], bool(row[4]), *map(int, row[5:7])
        )


@dataclass(slots=True)
class Judgement:
    """A decision that two things (mention keys) are, are not, or may be one entity."""

    left: str
    right: str
    verdict: str
    score: float | None = None
    reason: str = ""
    author: str = AUTO
    created_at: str | None = None

    def __post_init__(self) -> None:
        # One row per unordered pair: (a, b) and (b, a) are the same question.
        if self.right < self.left:
            self.left, self.right = self.right, self.left

    @property
    def by_analyst(self) -> bool:
        return self.author != AUTO

    def to_dict(self) -> dict[str, Any]:
        return {
            "left": self.left,
            "right": self.right,
            "verdict": self.verdict,
            "score": self.score,
            "reason": self.reason,
            "author": self.author,
            "created_at": self.created_at,
        }


@dataclass(slots=True)
class CaseEvent:
    """One event of a case's timeline, linked to the document and sentence that report it."""

    type: str
    doc_id: str
    date: str | None = None
    place: str | None = None
    summary: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)  # every document reporting it; doc_id is the first

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "doc_id": self.doc_id,
            "date": self.date,
            "place": self.place,
            "summary": self.summary,
            "evidence": _evidence_dicts(self.evidence),
            "doc_ids": list(self.doc_ids),
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> CaseEvent:
        return cls(
            type=raw["type"],
            doc_id=raw["doc_id"],
            date=raw.get("date"),
            place=raw.get("place"),
            summary=raw.get("summary") or "",
            evidence=_evidence_list(raw.get("evidence")),
            doc_ids=list(raw.get("doc_ids") or []),
        )


SUMMARY_DOCS = 50  # document ids a CaseSummary carries: enough to redact its title for a viewer


@dataclass(slots=True)
class CaseSummary:
    """A case without its timeline, for lists: a case can report thousands of events.

    ``doc_ids`` holds the first ``SUMMARY_DOCS`` of the case's documents; ``documents`` counts all.
    """

    id: str
    title: str
    documents: int
    first_date: str | None = None
    last_date: str | None = None
    countries: list[str] = field(default_factory=list)
    exploitation: list[str] = field(default_factory=list)
    entity_ids: list[str] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> CaseSummary:
        """From (id, title, documents, first_date, last_date, countries, exploitation, entity_ids,
        doc_ids), the lists as JSON arrays: the row both stores' ``case_summaries`` select."""
        lists = [json.loads(x) if x else [] for x in row[5:9]]
        return cls(row[0], row[1], int(row[2]), row[3], row[4], *lists)


@dataclass(slots=True)
class Case:
    """One incident as reported across documents, with a timeline of its events."""

    id: str
    title: str
    doc_ids: list[str] = field(default_factory=list)
    entity_ids: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    exploitation: list[str] = field(default_factory=list)
    events: list[CaseEvent] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def first_date(self) -> str | None:
        dates = sorted(e.date for e in self.events if e.date)
        return dates[0] if dates else None

    @property
    def last_date(self) -> str | None:
        dates = sorted(e.date for e in self.events if e.date)
        return dates[-1] if dates else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "doc_ids": self.doc_ids,
            "entity_ids": self.entity_ids,
            "countries": self.countries,
            "exploitation": self.exploitation,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "events": [e.to_dict() for e in self.events],
            "data": self.data,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Case:
        return cls(
            id=raw["id"],
            title=raw["title"],
            doc_ids=list(raw.get("doc_ids") or []),
            entity_ids=list(raw.get("entity_ids") or []),
            countries=list(raw.get("countries") or []),
            exploitation=list(raw.get("exploitation") or []),
            events=[CaseEvent.from_dict(e) for e in raw.get("events") or []],
            data=dict(raw.get("data") or {}),
        )
