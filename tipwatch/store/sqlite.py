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
from ..model import AccessRecord, Document, Facts, User
from ..resolve.model import AUTO, SUMMARY_DOCS, Case, CaseSummary, Entity, EntitySummary, Judgement
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

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Rows of one read-only statement, for helpers beside the store (store/facets.py).

        Callers pass parameters, never user text spliced into ``sql``.
        """
        return self._query(sql, params)

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

    # -- resolution: judgements are kept; entities, mentions and cases are derived ---------

    def put_judgement(self, judgement: Judgement) -> None:
        """Store a judgement on a pair of keys; an automatic one never replaces an analyst's."""
        created = judgement.created_at or _now()
        sql = (
            "INSERT INTO judgements(left_key, right_key, verdict, score, reason, author, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(left_key, right_key) DO UPDATE SET "
            "verdict = excluded.verdict, score = excluded.score, reason = excluded.reason, "
            "author = excluded.author, created_at = excluded.created_at"
        )
        if not judgement.by_analyst:
            sql += f" WHERE judgements.author = '{AUTO}'"
        params = (
            judgement.left,
            judgement.right,
            str(judgement.verdict),
            judgement.score,
            judgement.reason,
            judgement.author,
            created,
        )
        self._write([(sql, params)])

    def get_judgements(self, *, author: str | None = None) -> list[Judgement]:
        """Every judgement (or one author's), in key order."""
        sql = "SELECT left_key, right_key, verdict, score, reason, author, created_at FROM judgements"
        params: tuple[Any, ...] = ()
        if author is not None:
            sql += " WHERE author = ?"
            params = (author,)
        rows = self._query(sql + " ORDER BY left_key, right_key", params)
        return [Judgement(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows]

    def delete_judgement(self, left: str, right: str) -> bool:
        """Forget the judgement on a pair; True when there was one."""
        a, b = sorted((left, right))
        found = bool(self._query("SELECT 1 FROM judgements WHERE left_key = ? AND right_key = ?", (a, b)))
        self._write([("DELETE FROM judgements WHERE left_key = ? AND right_key = ?", (a, b))])
        return found

    def replace_resolution(self, entities: Sequence[Entity], cases: Sequence[Case]) -> None:
        """Make the stored entities, mentions and cases these, in one transaction (judgements stay).

        Only the differences are written: an ingest of a few documents changes a few
        entities, and rewriting all of them held the write lock (and grew the WAL) for the
        whole resolution each time. Mentions and case links to documents that are not
        stored are skipped rather than failing the whole run.
        """
        ent_rows: dict[str, tuple[Any, ...]] = {}
        mention_rows: dict[str, tuple[Any, ...]] = {}
        case_rows: dict[str, tuple[Any, ...]] = {}
        links: set[tuple[str, str]] = set()
        for e in entities:
            if e.id in ent_rows:
                raise StoreError(f"{self.path}: entity {e.id} is given twice; resolve again")
            ent_rows[e.id] = _entity_columns(e)
            for m in e.mentions:
                mention_rows.setdefault(m.key, (e.id, m.doc_id, m.name))  # the first entity keeps a key
        for c in cases:
            if c.id in case_rows:
                raise StoreError(f"{self.path}: case {c.id} is given twice; resolve again")
            case_rows[c.id] = _case_columns(c)
            links |= {(c.id, d) for d in c.doc_ids}
        try:
            self._conn.execute("BEGIN IMMEDIATE")  # read what is stored under the lock it is changed under
            try:
                self._apply_resolution(ent_rows, mention_rows, case_rows, links)
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: write failed: {exc}") from exc

    def _apply_resolution(
        self,
        ent_rows: dict[str, tuple[Any, ...]],
        mention_rows: dict[str, tuple[Any, ...]],
        case_rows: dict[str, tuple[Any, ...]],
        links: set[tuple[str, str]],
    ) -> None:
        """The writes that turn the stored resolution into the given one (inside a transaction)."""
        conn = self._conn
        known = {r[0] for r in conn.execute("SELECT id FROM documents")}
        mention_rows = {k: v for k, v in mention_rows.items() if v[1] in known}
        links = {link for link in links if link[1] in known}

        _sync_rows(conn, "entities", _ENTITY_COLUMNS, ent_rows)
        # Read after the sync: deleting an entity cascaded to its mentions, and those that
        # move elsewhere are written again below.
        stored_mentions = {
            r[0]: tuple(r[1:])
            for r in conn.execute("SELECT mention_key, entity_id, doc_id, name FROM entity_mentions")
        }
        conn.executemany(
            "DELETE FROM entity_mentions WHERE mention_key = ?",
            [(k,) for k in stored_mentions.keys() - mention_rows.keys()],
        )
        conn.executemany(
            "INSERT INTO entity_mentions(entity_id, doc_id, name, mention_key) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(mention_key) DO UPDATE SET entity_id = excluded.entity_id, "
            "doc_id = excluded.doc_id, name = excluded.name",
            [(*row, k) for k, row in mention_rows.items() if stored_mentions.get(k) != row],
        )

        _sync_rows(conn, "cases", _CASE_COLUMNS, case_rows)
        stored_links = {(r[0], r[1]) for r in conn.execute("SELECT case_id, doc_id FROM case_documents")}
        conn.executemany(
            "DELETE FROM case_documents WHERE case_id = ? AND doc_id = ?", sorted(stored_links - links)
        )
        conn.executemany(
            "INSERT INTO case_documents(case_id, doc_id) VALUES (?, ?)", sorted(links - stored_links)
        )

    def content_version(self) -> int:
        """A number that changes whenever documents, facts, resolution or judgements are written.

        Read it before reading what it stands for: a cache entry computed after reading
        version v is never older than v (schema v5 bumps it inside each writing transaction).
        """
        return int(self._query("SELECT n FROM content_version WHERE id = 1")[0][0])

    def checkpoint(self) -> tuple[int, int, int]:
        """Copy what the WAL holds into the database file without waiting for readers (PASSIVE).

        A server that reads all the time can starve SQLite's automatic checkpoints while
        ingest batches write, and the WAL then grows without bound; the ingest command calls
        this after its writes. Returns (busy, WAL frames, frames checkpointed).
        """
        try:
            row = self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error as exc:
            raise StoreError(
                f"{self.path}: checkpoint failed: {exc}; it is retried after the next ingest"
            ) from exc
        return (int(row[0]), int(row[1]), int(row[2]))

    def list_entities(
        self,
        *,
        kind: str | None = None,
        country: str | None = None,
        query: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Entity]:
        """Entities, most documents first; ``query`` matches any mentioned name, case-insensitively."""
        where, params = _entity_filter(kind, country, query)
        sql = f"SELECT data FROM entities e WHERE {where} {_ENTITY_ORDER} LIMIT ? OFFSET ?"
        return [Entity.from_dict(json.loads(r[0])) for r in self._query(sql, [*params, limit, offset])]

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
        those of ``ids``, or those the document ``doc_id`` mentions, when given.

        Read from the columns, with ``protected`` worked out from the stored JSON in SQL: no
        entity's mentions become Python objects (the largest entities hold thousands).
        """
        where, params = _entity_filter(kind, country, query)
        if doc_id is not None:
            where += " AND e.id IN (SELECT entity_id FROM entity_mentions WHERE doc_id = ?)"
            params.append(self.resolve_id(doc_id))
        sql = f"SELECT {_ENTITY_SUMMARY} FROM entities e WHERE {where}"
        if ids is None:
            rows = self._query(f"{sql} {_ENTITY_ORDER} LIMIT ? OFFSET ?", [*params, limit, offset])
            return [EntitySummary.from_row(r) for r in rows]
        wanted = list(dict.fromkeys(ids))
        found: list[EntitySummary] = []
        for i in range(0, len(wanted), _PAGE):  # well under SQLite's limit on parameters
            chunk = wanted[i : i + _PAGE]
            rows = self._query(f"{sql} AND e.id IN ({', '.join('?' * len(chunk))})", [*params, *chunk])
            found += [EntitySummary.from_row(r) for r in rows]
        found.sort(key=lambda e: (-e.documents, -e.mentions, e.name, e.id))
        return found[offset : offset + limit]

    def _by_prefix(self, table: str, what: str, ident: str) -> str:
        key = ident.strip()
        rows = self._query(f"SELECT id FROM {table} WHERE id >= ? AND id < ? LIMIT 2", (key, key + "\uffff"))
        if len(rows) == 1 and (len(key) >= MIN_PREFIX or rows[0][0] == key):
            return str(rows[0][0])
        exc = NotFoundError(what, ident)
        if len(rows) > 1:
            exc.args = (
                f"no single {what} with id {ident!r}: the prefix matches several; give more characters",
            )
        raise exc

    def get_entity(self, entity_id: str) -> Entity:
        """One entity with all its mentions; a unique id prefix is accepted."""
        full = self._by_prefix("entities", "entity", entity_id)
        return Entity.from_dict(
            json.loads(self._query("SELECT data FROM entities WHERE id = ?", (full,))[0][0])
        )

    def entities_of_document(self, doc_id: str) -> list[Entity]:
        """The entities a document mentions, most documents first."""
        full = self.resolve_id(doc_id)
        rows = self._query(
            "SELECT data FROM entities WHERE id IN (SELECT entity_id FROM entity_mentions WHERE doc_id = ?) "
            "ORDER BY documents DESC, name",
            (full,),
        )
        return [Entity.from_dict(json.loads(r[0])) for r in rows]

    def entity_of_mention(self, mention_key: str) -> str | None:
        """The id of the entity a mention was resolved into, if any."""
        rows = self._query("SELECT entity_id FROM entity_mentions WHERE mention_key = ?", (mention_key,))
        return str(rows[0][0]) if rows else None

    def list_cases(self, *, country: str | None = None, limit: int = 100, offset: int = 0) -> list[Case]:
        """Cases, most documents first."""
        sql = "SELECT data FROM cases"
        params: list[Any] = []
        if country:
            sql += " WHERE instr(countries, ?) > 0"
            params.append(f",{country.strip().upper()},")
        sql += " ORDER BY documents DESC, first_date, id LIMIT ? OFFSET ?"
        params += [limit, offset]
        return [Case.from_dict(json.loads(r[0])) for r in self._query(sql, params)]

    def get_case(self, case_id: str) -> Case:
        """One case with its timeline; a unique id prefix is accepted."""
        full = self._by_prefix("cases", "case", case_id)
        return Case.from_dict(json.loads(self._query("SELECT data FROM cases WHERE id = ?", (full,))[0][0]))

    def cases_of_document(self, doc_id: str) -> list[Case]:
        """The cases a document reports on."""
        full = self.resolve_id(doc_id)
        rows = self._query(
            "SELECT data FROM cases WHERE id IN (SELECT case_id FROM case_documents WHERE doc_id = ?) ORDER BY id",
            (full,),
        )
        return [Case.from_dict(json.loads(r[0])) for r in rows]

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
        only those listing the entity ``entity_id`` when given.

        The lists come out of the stored JSON in SQL: a case of thousands of events is never
        parsed into Python objects for a line in a list.
        """
        sql = (
            "SELECT id, title, documents, first_date, last_date, json_extract(data, '$.countries'), "
            "json_extract(data, '$.exploitation'), json_extract(data, '$.entity_ids'), "
            "(SELECT json_group_array(value) FROM "
            f"(SELECT value FROM json_each(cases.data, '$.doc_ids') LIMIT {SUMMARY_DOCS})) FROM cases"
        )
        if ids is not None:
            wanted = list(dict.fromkeys(ids))
            rows = []
            for i in range(0, len(wanted), _PAGE):  # well under SQLite's limit on parameters
                chunk = wanted[i : i + _PAGE]
                rows += self._query(f"{sql} WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
            rows.sort(key=lambda r: r[0])
            return [CaseSummary.from_row(r) for r in rows[offset : offset + limit]]
        where, params = ["1 = 1"], []
        if country:
            where.append("instr(countries, ?) > 0")
            params.append(f",{country.strip().upper()},")
        if entity_id is not None:
            where.append("EXISTS (SELECT 1 FROM json_each(cases.data, '$.entity_ids') x WHERE x.value = ?)")
            params.append(entity_id)
        sql += f" WHERE {' AND '.join(where)} ORDER BY documents DESC, first_date, id LIMIT ? OFFSET ?"
        return [CaseSummary.from_row(r) for r in self._query(sql, [*params, limit, offset])]

    def case_ids_of_document(self, doc_id: str) -> list[str]:
        """The ids of the cases a document reports on, sorted: no case (and timeline) is read."""
        rows = self._query(
            "SELECT case_id FROM case_documents WHERE doc_id = ? ORDER BY case_id", (self.resolve_id(doc_id),)
        )
        return [r[0] for r in rows]

    # -- accounts and the access log --------------------------------------------------------

    def add_user(self, user: User) -> None:
        """Add an account; StoreError when the name is taken."""
        if self._query("SELECT 1 FROM users WHERE name = ?", (user.name,)):
            raise StoreError(f"user {user.name!r} exists already; revoke it or choose another name")
        self._write(
            [
                (
                    "INSERT INTO users(name, role, token_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?)",
                    (user.name, str(user.role), user.token_hash, user.created_at or _now(), user.revoked_at),
                )
            ]
        )

    _USER_COLUMNS = "name, role, token_hash, created_at, revoked_at"

    def get_user(self, name: str) -> User:
        """One account by name."""
        rows = self._query(f"SELECT {self._USER_COLUMNS} FROM users WHERE name = ?", (name,))
        if not rows:
            raise NotFoundError("user", name)
        return User(*rows[0])

    def find_user(self, token_hash: str) -> User | None:
        """The active account whose token has this SHA-256, or None."""
        rows = self._query(
            f"SELECT {self._USER_COLUMNS} FROM users WHERE token_hash = ? AND revoked_at IS NULL",
            (token_hash,),
        )
        return User(*rows[0]) if rows else None

    def list_users(self) -> list[User]:
        """Every account, revoked ones included, by name."""
        return [User(*r) for r in self._query(f"SELECT {self._USER_COLUMNS} FROM users ORDER BY name")]

    def revoke_user(self, name: str) -> None:
        """Revoke an account's token; the row stays for the access log."""
        self.get_user(name)
        self._write(
            [("UPDATE users SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", (_now(), name))]
        )

    def log_access(self, user: str, action: str, target: str, detail: str = "") -> None:
        """Append one line to the access log."""
        self._write(
            [
                (
                    "INSERT INTO access_log(at, user, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                    (_now(), user, action, target, detail),
                )
            ]
        )

    def access_log(self, *, user: str | None = None, limit: int = 100) -> list[AccessRecord]:
        """The newest access records first."""
        sql = "SELECT at, user, action, target, detail FROM access_log"
        params: list[Any] = []
        if user:
            sql += " WHERE user = ?"
            params.append(user)
        sql += " ORDER BY seq DESC LIMIT ?"
        params.append(limit)
        return [AccessRecord(*r) for r in self._query(sql, params)]


def _joined(codes: Sequence[str]) -> str:
    """Country codes as ',GT,MX,' so one instr() finds a code without matching part of another."""
    return "," + ",".join(sorted({c.upper() for c in codes if c})) + "," if codes else ""


def _entity_filter(kind: str | None, country: str | None, query: str | None) -> tuple[str, list[Any]]:
    """The WHERE clause over ``entities e`` of an entity list, and its parameters."""
    where, params = "1 = 1", []
    if kind:
        where += " AND e.kind = ?"
        params.append(kind)
    if country:
        where += " AND instr(e.countries, ?) > 0"
        params.append(f",{country.strip().upper()},")
    if query:
        where += (
            " AND (instr(lower(e.name), ?) > 0 OR EXISTS (SELECT 1 FROM entity_mentions m "
            "WHERE m.entity_id = e.id AND instr(lower(m.name), ?) > 0))"
        )
        params += [query.strip().lower()] * 2
    return where, params


_ENTITY_ORDER = "ORDER BY e.documents DESC, e.mentions DESC, e.name, e.id"

# ``Person.is_protected`` of a JSON person or mention data ``{p}``: a victim, or an age under
# 18. Readers that pick protected people out in SQL use it; it may only ever say too much.
PROTECTED_PERSON_JSON = (
    "(EXISTS (SELECT 1 FROM json_each({p}, '$.roles') r WHERE r.value = 'victim') "
    "OR (json_type({p}, '$.age') IN ('integer', 'real') AND json_extract({p}, '$.age') < 18))"
)
# ``export.redact.is_protected_entity`` of ``entities e``: its flag or any protected mention.
PROTECTED_ENTITY_SQL = (
    "(e.protected = 1 OR EXISTS (SELECT 1 FROM json_each(e.data, '$.mentions') m "
    "WHERE json_extract(m.value, '$.protected') OR "
    + PROTECTED_PERSON_JSON.format(p="json_extract(m.value, '$.data')")
    + "))"
)
_ENTITY_SUMMARY = (
    "e.id, e.kind, e.name, json_extract(e.data, '$.countries'), "
    f"{PROTECTED_ENTITY_SQL}, e.documents, e.mentions"
)


def _entity_columns(e: Entity) -> tuple[Any, ...]:
    """An entity's row after its id: kind, name, countries, protected, counts and its JSON."""
    return (
        e.kind,
        e.name,
        _joined(e.countries),
        int(e.protected),
        len(e.mentions),
        len(e.doc_ids),
        json.dumps(e.to_dict(), ensure_ascii=False),
    )


def _case_columns(c: Case) -> tuple[Any, ...]:
    """A case's row after its id: title, countries, first and last date, documents and its JSON."""
    return (
        c.title,
        _joined(c.countries),
        c.first_date,
        c.last_date,
        len(c.doc_ids),
        json.dumps(c.to_dict(), ensure_ascii=False),
    )


_ENTITY_COLUMNS = ("kind", "name", "countries", "protected", "mentions", "documents", "data")
_CASE_COLUMNS = ("title", "countries", "first_date", "last_date", "documents", "data")


def _sync_rows(
    conn: sqlite3.Connection, table: str, columns: Sequence[str], rows: dict[str, tuple[Any, ...]]
) -> None:
    """Make ``table`` hold exactly ``rows`` (id -> values of ``columns``), writing only what differs.

    Rows no longer given are deleted (their dependants go by cascade), new ones inserted and
    changed ones updated; a row stored as given is not written at all.
    """
    names = ", ".join(columns)
    stored = {r[0]: tuple(r[1:]) for r in conn.execute(f"SELECT id, {names} FROM {table}")}
    conn.executemany(f"DELETE FROM {table} WHERE id = ?", [(i,) for i in sorted(stored.keys() - rows.keys())])
    conn.executemany(
        f"INSERT INTO {table}({names}, id) VALUES ({', '.join('?' * (len(columns) + 1))})",
        [(*row, i) for i, row in rows.items() if i not in stored],
    )
    conn.executemany(
        f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
        [(*row, i) for i, row in rows.items() if i in stored and stored[i] != row],
    )
