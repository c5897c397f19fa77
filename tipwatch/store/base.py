"""The Store protocol: what every backend (SQLite now, PostgreSQL later) must offer.

A store holds documents (keyed by the SHA-256 of their original bytes), the original
bytes themselves (content-addressed, so text can be re-derived after a parser upgrade),
the facts extracted from each document, and a full-text index over title and text.

Writes are per document and atomic: a document is stored with its facts or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from ..model import AccessRecord, Document, Facts, User
from ..resolve.model import Case, CaseSummary, Entity, EntitySummary, Judgement


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One ranked search result with a snippet whose matches are marked ``[...]``."""

    doc_id: str
    name: str
    title: str | None
    published: str | None
    language: str | None
    snippet: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "name": self.name,
            "title": self.title,
            "published": self.published,
            "language": self.language,
            "snippet": self.snippet,
            "score": self.score,
        }


@dataclass(frozen=True, slots=True)
class Stats:
    documents: int
    by_language: dict[str, int] = field(default_factory=dict)
    by_format: dict[str, int] = field(default_factory=dict)
    by_year: dict[str, int] = field(default_factory=dict)
    facts: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "by_language": self.by_language,
            "by_format": self.by_format,
            "by_year": self.by_year,
            "documents_with_facts": self.facts,
        }


@runtime_checkable
class Store(Protocol):
    """One interface, several backends (nomenklatura's store/base.py is the model)."""

    def has_document(self, doc_id: str) -> bool:
        """True when a document with this content hash is stored."""
        ...

    def add_document(self, doc: Document, raw: bytes, facts: Facts | None = None) -> bool:
        """Store a document, its original bytes and its facts in one transaction.

        Returns False (and changes nothing) when the document is already stored.
        """
        ...

    def put_facts(self, doc_id: str, facts: Facts) -> None:
        """Replace the facts of a stored document (after a re-extraction)."""
        ...

    def get_document(self, doc_id: str) -> Document:
        """The stored document; a unique id prefix is accepted. Raises NotFoundError."""
        ...

    def get_facts(self, doc_id: str) -> Facts | None:
        """The facts of a stored document, or None when none were extracted."""
        ...

    def get_raw(self, doc_id: str) -> bytes:
        """The original bytes the document was read from."""
        ...

    def iter_documents(self) -> Any:
        """Every stored document, oldest first (an iterator of Document)."""
        ...

    def search(
        self, query: str, *, language: str | None = None, country: str | None = None, limit: int = 10
    ) -> list[SearchHit]:
        """Ranked full-text hits; any user text is a valid query (FTS syntax never raises)."""
        ...

    def stats(self) -> Stats:
        """Counts of documents by language, format and year."""
        ...

    # -- resolution (issue 5): judgements are kept; entities and cases are derived ----------

    def put_judgement(self, judgement: Judgement) -> None:
        """Store a judgement, replacing any earlier one on the same pair of keys.

        An automatic judgement never replaces an analyst's: the analyst's word stands.
        """
        ...

    def get_judgements(self, *, author: str | None = None) -> list[Judgement]:
        """Every judgement (or only one author's), in key order."""
        ...

    def delete_judgement(self, left: str, right: str) -> bool:
        """Forget the judgement on a pair; True when there was one."""
        ...

    def replace_resolution(self, entities: Sequence[Entity], cases: Sequence[Case]) -> None:
        """Replace every entity, mention and case in one transaction (judgements stay)."""
        ...

    def list_entities(
        self,
        *,
        kind: str | None = None,
        country: str | None = None,
        query: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Entity]:
        """Entities, most documents first; ``query`` matches any name, case-insensitively."""
        ...

    def entity_summaries(
        self,
        *,
        kind: str | None = None,
        country: str | None = None,
        query: str | None = None,
        ids: Sequence[str] | None = None,
        doc_id: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[EntitySummary]:
        """Entities without their mentions, filtered and ordered as ``list_entities``; only
        those of ``ids``, or those the document ``doc_id`` mentions, when given."""
        ...

    def get_entity(self, entity_id: str) -> Entity:
        """One entity with all its mentions; a unique id prefix is accepted. Raises NotFoundError."""
        ...

    def entities_of_document(self, doc_id: str) -> list[Entity]:
        """The entities a document mentions."""
        ...

    def entity_of_mention(self, mention_key: str) -> str | None:
        """The id of the entity a mention was resolved into, if any."""
        ...

    def list_cases(self, *, country: str | None = None, limit: int = 100, offset: int = 0) -> list[Case]:
        """Cases, most documents first."""
        ...

    def get_case(self, case_id: str) -> Case:
        """One case with its timeline; a unique id prefix is accepted. Raises NotFoundError."""
        ...

    def cases_of_document(self, doc_id: str) -> list[Case]:
        """The cases a document reports on."""
        ...

    def case_summaries(
        self,
        *,
        country: str | None = None,
        ids: Sequence[str] | None = None,
        entity_id: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[CaseSummary]:
        """Cases without their timelines, as ``list_cases`` orders them, or those of ``ids`` by id;
        only those listing the entity ``entity_id`` when given."""
        ...

    def case_ids_of_document(self, doc_id: str) -> list[str]:
        """The ids of the cases a document reports on, sorted: no case (and timeline) is read."""
        ...

    # -- accounts and the access log (issue 6) -------------------------------------------

    def add_user(self, user: User) -> None:
        """Add an account; raises StoreError when the name is taken."""
        ...

    def get_user(self, name: str) -> User:
        """One account by name. Raises NotFoundError."""
        ...

    def find_user(self, token_hash: str) -> User | None:
        """The active account whose token has this SHA-256, or None."""
        ...

    def list_users(self) -> list[User]:
        """Every account, revoked ones included, by name."""
        ...

    def revoke_user(self, name: str) -> None:
        """Revoke an account's token (the row stays, for the access log). Raises NotFoundError."""
        ...

    def log_access(self, user: str, action: str, target: str, detail: str = "") -> None:
        """Append one line to the access log."""
        ...

    def access_log(self, *, user: str | None = None, limit: int = 100) -> list[AccessRecord]:
        """The newest access records first."""
        ...

    def close(self) -> None: ...
