"""The Store protocol: what every backend (SQLite now, PostgreSQL later) must offer.

A store holds documents (keyed by the SHA-256 of their original bytes), the original
bytes themselves (content-addressed, so text can be re-derived after a parser upgrade),
the facts extracted from each document, and a full-text index over title and text.

Writes are per document and atomic: a document is stored with its facts or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from ..model import Document, Facts


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

    def close(self) -> None: ...
