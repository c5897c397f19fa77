"""The default store: one SQLite file with FTS5, through the standard library's sqlite3.

Takes Documents, their original bytes and their Facts; gives them back, searches them and
counts them. WAL mode lets readers (search, the API) run while a batch ingests; a busy
timeout makes a second writer wait instead of failing; every write is one short
transaction, so a document is stored with its facts or not at all.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from ..errors import NotFoundError, StoreError
from ..model import Document, Facts
from .base import SearchHit, Stats
from .fts import make_fts_query
from .migrations import MIGRATIONS, Migration, migrate

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000
MIN_PREFIX = 6  # shorter id prefixes match too many documents to be worth accepting
_PAGE = 500  # rows per query when iterating, so no read cursor stays open across writes

_DOC_COLUMNS = "id, name, format, text, language, published, title, meta, path, size"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _row_to_document(row: Sequence[Any]) -> Document:
    return Document(
        id=row[0],
        name=row[1],
        format=row[2],
        text=row[3],
        language=row[4],
        published=row[5],
        title=row[6],
        meta=json.loads(row[7]),
        path=row[8],
        size=row[9],
    )


def _countries(facts: Facts) -> list[str]:
    return sorted({c.value.upper() for c in facts.countries if c.value})


class SQLiteStore:
    """A Store on one SQLite file (or ``:memory:``); a plain class because opening migrates."""

    def __init__(self, path: str | Path, *, migrations: Sequence[Migration] = MIGRATIONS) -> None:
        self.path = str(path)
        try:
            # Autocommit mode: this class opens and ends every transaction itself.
            self._conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise StoreError(
                f"{self.path}: cannot open the store: {exc}; check that its folder exists and is writable"
            ) from exc
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._conn.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self._conn.execute("PRAGMA journal_mode = WAL")
                self._conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; fsync at checkpoints
            migrate(self._conn, migrations)
        except sqlite3.Error as exc:
            self._conn.close()
            raise StoreError(
                f"{self.path}: cannot open the store: {exc}; is it a tipwatch SQLite file?"
            ) from exc
        except BaseException:
            self._conn.close()
            raise

    # -- context manager -------------------------------------------------------------------

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; further calls fail."""
        self._conn.close()

    # -- helpers ---------------------------------------------------------------------------

    def _write(self, statements: list[tuple[str, Sequence[Any]]]) -> None:
        """Run statements in one IMMEDIATE transaction: all of them or none."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                for sql, params in statements:
                    self._conn.execute(sql, params)
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: write failed: {exc}") from exc

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: read failed: {exc}") from exc

    def _facts_statements(self, doc_id: str, facts: Facts) -> list[tuple[str, Sequence[Any]]]:
        data = json.dumps(facts.to_dict(), ensure_ascii=False)
        out: list[tuple[str, Sequence[Any]]] = [
            ("DELETE FROM doc_countries WHERE doc_id = ?", (doc_id,)),
            (
                "INSERT INTO facts(doc_id, data, extracted_at) VALUES (?, ?, ?) "
                "ON CONFLICT(doc_id) DO UPDATE SET data = excluded.data, extracted_at = excluded.extracted_at",
                (doc_id, data, _now()),
            ),
        ]
        out += [
            ("INSERT INTO doc_countries(doc_id, country) VALUES (?, ?)", (doc_id, cc))
            for cc in _countries(facts)
        ]
        return out

    def resolve_id(self, doc_id: str) -> str:
        """The full id of the one document whose id is or starts with ``doc_id``."""
        ident = doc_id.strip().lower()
        if len(ident) < MIN_PREFIX:
            exc = NotFoundError("document", doc_id)
            exc.args = (f"no document with id {doc_id!r}; give at least {MIN_PREFIX} characters of the id",)
            raise exc
        # A range scan uses the unique index on id; LIKE would treat % and _ in user text as wildcards.
        rows = self._query(
            "SELECT id FROM documents WHERE id >= ? AND id < ? LIMIT 2", (ident, ident + "\uffff")
        )
        if len(rows) == 1:
            return str(rows[0][0])
        exc = NotFoundError("document", doc_id)
        if rows:
            exc.args = (
                f"no single document with id {doc_id!r}: the prefix matches several; give more characters",
            )
        raise exc

    # -- the Store protocol ----------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        """True when a document with this content hash is stored."""
        return bool(self._query("SELECT 1 FROM documents WHERE id = ?", (doc_id,)))

    def add_document(self, doc: Document, raw: bytes, facts: Facts | None = None) -> bool:
        """Store a document, its bytes and its facts in one transaction; False if already stored."""
        if facts is not None and facts.doc_id not in (None, doc.id):
            raise StoreError(
                f"{doc.name}: facts are for document {facts.doc_id}, not {doc.id}; extract again"
            )
        sha = hashlib.sha256(raw).hexdigest()
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                if self._conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone():
                    self._conn.execute("ROLLBACK")
                    return False
                self._conn.execute(
                    "INSERT INTO blobs(sha256, size, data) VALUES (?, ?, ?) ON CONFLICT(sha256) DO NOTHING",
                    (sha, len(raw), raw),
                )
                self._conn.execute(
                    "INSERT INTO documents(id, name, format, text, language, published, title, meta, path, "
                    "size, blob, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        doc.id,
                        doc.name,
                        doc.format,
                        doc.text,
                        doc.language,
                        doc.published,
                        doc.title,
                        json.dumps(doc.meta, ensure_ascii=False, default=str),
                        doc.path,
                        doc.size,
                        sha,
                        _now(),
                    ),
                )
                if facts is not None:
                    for sql, params in self._facts_statements(doc.id, facts):
                        self._conn.execute(sql, params)
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(f"{doc.name}: cannot store document {doc.id[:12]}: {exc}") from exc
        return True

    def put_facts(self, doc_id: str, facts: Facts) -> None:
        """Replace the facts (and the country rows) of a stored document."""
        full = self.resolve_id(doc_id)
        self._write(self._facts_statements(full, facts))

    def get_document(self, doc_id: str) -> Document:
        """The stored document; a unique id prefix of at least 6 characters is accepted."""
        full = self.resolve_id(doc_id)
        rows = self._query(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", (full,))
        if not rows:  # deleted between the two reads
            raise NotFoundError("document", doc_id)
        return _row_to_document(rows[0])

    def get_facts(self, doc_id: str) -> Facts | None:
        """The stored facts, or None when the document was stored without any."""
        full = self.resolve_id(doc_id)
        rows = self._query("SELECT data FROM facts WHERE doc_id = ?", (full,))
        return Facts.from_dict(json.loads(rows[0][0])) if rows else None

    def get_raw(self, doc_id: str) -> bytes:
        """The original bytes the document was read from."""
        full = self.resolve_id(doc_id)
        rows = self._query(
            "SELECT b.data FROM documents d JOIN blobs b ON b.sha256 = d.blob WHERE d.id = ?", (full,)
        )
        if not rows:
            raise NotFoundError("document", doc_id)
        return bytes(rows[0][0])

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document, oldest first, read a page at a time."""
        last = 0
        while True:
            rows = self._query(
                f"SELECT seq, {_DOC_COLUMNS} FROM documents WHERE seq > ? ORDER BY seq LIMIT ?", (last, _PAGE)
            )
            for row in rows:
                yield _row_to_document(row[1:])
            if len(rows) < _PAGE:
                return
            last = rows[-1][0]

    def search(
        self, query: str, *, language: str | None = None, country: str | None = None, limit: int = 10
    ) -> list[SearchHit]:
        """Ranked hits (best first; ``score`` is -bm25, higher is better); never fails on syntax."""
        match = make_fts_query(query)
        if match is None or limit <= 0:
            return []
        sql = (
            "SELECT d.id, d.name, d.title, d.published, d.language, "
            "snippet(documents_fts, -1, '[', ']', '…', 24), "
            "bm25(documents_fts, 4.0, 1.0) AS rank "  # a match in the title counts four times
            "FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid "
            "WHERE documents_fts MATCH ?"
        )
        params: list[Any] = [match]
        if language:
            sql += " AND d.language = ?"
            params.append(language.strip().lower())
        if country:
            sql += " AND EXISTS (SELECT 1 FROM doc_countries c WHERE c.doc_id = d.id AND c.country = ?)"
            params.append(country.strip().upper())
        sql += " ORDER BY rank LIMIT ?"
        params.append(limit)
        try:
            rows = self._conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            # make_fts_query should leave nothing FTS5 can reject; if it ever does, a search
            # box must still answer, so this is logged and read as "no hits".
            log.warning("search %r (as %r) failed: %s", query, match, exc)
            return []
        return [
            SearchHit(
                doc_id=r[0],
                name=r[1],
                title=r[2],
                published=r[3],
                language=r[4],
                snippet=" ".join((r[5] or "").split()),
                score=-float(r[6]),
            )
            for r in rows
        ]

    def stats(self) -> Stats:
        """Documents by language, format and year of publication ("unknown" when not known)."""

        def counts(expr: str) -> dict[str, int]:
            rows = self._query(f"SELECT {expr} AS k, COUNT(*) FROM documents GROUP BY k ORDER BY k")
            return {str(k): int(n) for k, n in rows}

        total = int(self._query("SELECT COUNT(*) FROM documents")[0][0])
        with_facts = int(self._query("SELECT COUNT(*) FROM facts")[0][0])
        return Stats(
            documents=total,
            by_language=counts("COALESCE(language, 'unknown')"),
            by_format=counts("format"),
            by_year=counts("COALESCE(substr(published, 1, 4), 'unknown')"),
            facts=with_facts,
        )
