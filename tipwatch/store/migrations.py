"""The versioned schema of the SQLite store: an ordered list of steps, each applied once.

A store records every step it has run in ``schema_version``. Opening a store applies the
steps it lacks, all in one transaction, so a store is never left half-migrated. A store
whose version is newer than the last step known here was written by a newer tipwatch and
is refused with SchemaVersionError rather than misread.

Later issues add their tables (entities, judgements, cases, users, access log) by
appending a ``Migration`` to ``MIGRATIONS``. A released step is never edited: stores in
the field have already run it, so a change is always a new step.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..errors import SchemaVersionError, StoreError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: the version it brings the store to and the statements that do it."""

    version: int
    description: str
    statements: tuple[str, ...]


# Version 1: documents keyed by content hash, original bytes content-addressed, facts as
# JSON, a country table for search filters, and an FTS5 index over title + text.
# The FTS table uses the documents table as external content (no second copy of the text);
# triggers keep the two in step, so every write path updates the index the same way.
# remove_diacritics 2 lets "Ministerio" find "Ministério" and "policia" find "policía".
_V1 = Migration(
    1,
    "documents, blobs, facts, document countries and the full-text index",
    (
        """CREATE TABLE blobs (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            data BLOB NOT NULL
        )""",
        """CREATE TABLE documents (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            format TEXT NOT NULL,
            language TEXT,
            published TEXT,
            title TEXT,
            text TEXT NOT NULL,
            meta TEXT NOT NULL DEFAULT '{}',
            path TEXT,
            size INTEGER NOT NULL DEFAULT 0,
            blob TEXT NOT NULL REFERENCES blobs(sha256),
            added_at TEXT NOT NULL
        )""",
        "CREATE INDEX documents_language ON documents(language)",
        "CREATE INDEX documents_published ON documents(published)",
        """CREATE TABLE facts (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            data TEXT NOT NULL,
            extracted_at TEXT NOT NULL
        )""",
        """CREATE TABLE doc_countries (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            country TEXT NOT NULL,
            PRIMARY KEY (doc_id, country)
        ) WITHOUT ROWID""",
        "CREATE INDEX doc_countries_country ON doc_countries(country, doc_id)",
        """CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text,
            content='documents', content_rowid='seq',
            tokenize='unicode61 remove_diacritics 2'
        )""",
        """CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
        END""",
        """CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.seq, old.title, old.text);
        END""",
        """CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.seq, old.title, old.text);
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
        END""",
    ),
)

# Version 2: resolution. Judgements are the analyst's (and the resolver's) decisions and
# survive every re-run; entities, mentions and cases are derived and replaced wholesale by
# each resolution run. Entities and cases keep their full shape as JSON (resolve/model.py)
# beside the columns that lists filter and sort on.
_V2 = Migration(
    2,
    "judgements, entities, entity mentions, cases",
    (
        """CREATE TABLE judgements (
            left_key TEXT NOT NULL,
            right_key TEXT NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('positive', 'negative', 'unsure')),
            score REAL,
            reason TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (left_key, right_key)
        )""",
        """CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            countries TEXT NOT NULL DEFAULT '',
            protected INTEGER NOT NULL DEFAULT 0,
            mentions INTEGER NOT NULL DEFAULT 0,
            documents INTEGER NOT NULL DEFAULT 0,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX entities_kind ON entities(kind, documents DESC)",
        """CREATE TABLE entity_mentions (
            mention_key TEXT PRIMARY KEY,
            entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            name TEXT NOT NULL
        )""",
        "CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id)",
        "CREATE INDEX entity_mentions_doc ON entity_mentions(doc_id)",
        """CREATE TABLE cases (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            countries TEXT NOT NULL DEFAULT '',
            first_date TEXT,
            last_date TEXT,
            documents INTEGER NOT NULL DEFAULT 0,
            data TEXT NOT NULL
        )""",
        """CREATE TABLE case_documents (
            case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            PRIMARY KEY (case_id, doc_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX case_documents_doc ON case_documents(doc_id)",
    ),
)

# Version 3: accounts (only a SHA-256 of each token is kept) and the access log of reads
# of protected details.
_V3 = Migration(
    3,
    "users and the access log",
    (
        """CREATE TABLE users (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        )""",
        """CREATE TABLE access_log (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX access_log_user ON access_log(user, seq)",
    ),
)

# Version 4: search facets without reading facts JSON per search.
#
# doc_facets holds what the facts say a document is about, one row per (document, kind,
# value), kind 'exploitation' (facts.exploitation[].value) or 'event_type'
# (facts.events[].type). Counting those by parsing every matching document's facts JSON
# cost about 15 ms per 1,000 documents, so facets were counted over a sample; as rows they
# are an indexed join, exact. A value listed twice in one document's facts is one row:
# counts are of documents.
#
# facet_counts holds the same counts over the whole store (kind 'total' with value '',
# 'language', 'year', 'country', 'exploitation', 'event_type'). A search matching most of
# the store ("trafficking" in a trafficking corpus) is counted as the store's counts minus
# those of the few documents that do not match (store/facets.py).
#
# Both are derived, and triggers keep them in step (as v1's for the full-text index), so
# every write path fills them the same way: the store's own writes, FK cascades and
# copy.py's row-by-row copy. A row of facet_counts whose count falls to 0 stays, unread.
# UNION, not UNION ALL, drops a value the facts list twice: an OR IGNORE in a trigger does
# not help, since the conflict policy of the statement that fired it (the store's upsert of
# facts) replaces the trigger's own.
_FACT_ROWS = """
    SELECT {doc}, 'exploitation', CAST(json_extract(j.value, '$.value') AS TEXT)
        FROM json_each({data}, '$.exploitation') j WHERE json_extract(j.value, '$.value') IS NOT NULL
    UNION
    SELECT {doc}, 'event_type', CAST(json_extract(j.value, '$.type') AS TEXT)
        FROM json_each({data}, '$.events') j WHERE json_extract(j.value, '$.type') IS NOT NULL"""
# Adds ``{n}`` (1 or -1) to the counts of each (kind, value) the SELECT gives. The SELECT
# always ends in WHERE: that is how SQLite tells an upsert from a join after INSERT ... SELECT.
_BUMP = """INSERT INTO facet_counts(kind, value, documents) {rows}
            ON CONFLICT(kind, value) DO UPDATE SET documents = documents + excluded.documents"""
_DOC_ROWS = """SELECT 'total', '', {n} WHERE 1
            UNION ALL SELECT 'language', COALESCE({d}.language, 'unknown'), {n} WHERE 1
            UNION ALL SELECT 'year', substr({d}.published, 1, 4), {n} WHERE {d}.published IS NOT NULL"""


def _bump(rows: str, **names: object) -> str:
    return _BUMP.format(rows=rows.format(**names))


_V4 = Migration(
    4,
    "search facets: doc_facets (exploitation, event types from facts) and facet_counts",
    (
        """CREATE TABLE doc_facets (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (doc_id, kind, value)
        ) WITHOUT ROWID""",
        "CREATE INDEX doc_facets_value ON doc_facets(kind, value, doc_id)",
        """CREATE TABLE facet_counts (
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            documents INTEGER NOT NULL,
            PRIMARY KEY (kind, value)
        ) WITHOUT ROWID""",
        # doc_facets from facts
        f"""CREATE TRIGGER doc_facets_insert AFTER INSERT ON facts BEGIN
            INSERT INTO doc_facets(doc_id, kind, value)
            {_FACT_ROWS.format(doc="new.doc_id", data="new.data")};
        END""",
        f"""CREATE TRIGGER doc_facets_update AFTER UPDATE OF doc_id, data ON facts BEGIN
            DELETE FROM doc_facets WHERE doc_id = old.doc_id;
            INSERT INTO doc_facets(doc_id, kind, value)
            {_FACT_ROWS.format(doc="new.doc_id", data="new.data")};
        END""",
        """CREATE TRIGGER doc_facets_delete AFTER DELETE ON facts BEGIN
            DELETE FROM doc_facets WHERE doc_id = old.doc_id;
        END""",
        # facet_counts from documents, doc_countries and doc_facets
        f"""CREATE TRIGGER facet_counts_document_insert AFTER INSERT ON documents BEGIN
            {_bump(_DOC_ROWS, d="new", n=1)};
        END""",
        f"""CREATE TRIGGER facet_counts_document_delete AFTER DELETE ON documents BEGIN
            {_bump(_DOC_ROWS, d="old", n=-1)};
        END""",
        f"""CREATE TRIGGER facet_counts_document_update AFTER UPDATE OF language, published ON documents BEGIN
            {_bump(_DOC_ROWS, d="old", n=-1)};
            {_bump(_DOC_ROWS, d="new", n=1)};
        END""",
        f"""CREATE TRIGGER facet_counts_country_insert AFTER INSERT ON doc_countries BEGIN
            {_bump("SELECT 'country', new.country, 1 WHERE 1")};
        END""",
        f"""CREATE TRIGGER facet_counts_country_delete AFTER DELETE ON doc_countries BEGIN
            {_bump("SELECT 'country', old.country, -1 WHERE 1")};
        END""",
        f"""CREATE TRIGGER facet_counts_country_update AFTER UPDATE OF country ON doc_countries BEGIN
            {_bump("SELECT 'country', old.country, -1 WHERE 1")};
            {_bump("SELECT 'country', new.country, 1 WHERE 1")};
        END""",
        f"""CREATE TRIGGER facet_counts_fact_insert AFTER INSERT ON doc_facets BEGIN
            {_bump("SELECT new.kind, new.value, 1 WHERE 1")};
        END""",
        f"""CREATE TRIGGER facet_counts_fact_delete AFTER DELETE ON doc_facets BEGIN
            {_bump("SELECT old.kind, old.value, -1 WHERE 1")};
        END""",
        # Backfill: doc_facets from the facts already stored (its triggers count them), then
        # the counts of documents and countries.
        """INSERT INTO doc_facets(doc_id, kind, value)
            SELECT f.doc_id, 'exploitation', CAST(json_extract(j.value, '$.value') AS TEXT)
                FROM facts f, json_each(f.data, '$.exploitation') j
                WHERE json_extract(j.value, '$.value') IS NOT NULL
            UNION
            SELECT f.doc_id, 'event_type', CAST(json_extract(j.value, '$.type') AS TEXT)
                FROM facts f, json_each(f.data, '$.events') j
                WHERE json_extract(j.value, '$.type') IS NOT NULL""",
        _bump(
            """SELECT 'total', '', COUNT(*) FROM documents WHERE 1
            UNION ALL SELECT 'language', COALESCE(language, 'unknown'), COUNT(*) FROM documents WHERE 1 GROUP BY 2
            UNION ALL SELECT 'year', substr(published, 1, 4), COUNT(*) FROM documents
                WHERE published IS NOT NULL GROUP BY 2
            UNION ALL SELECT 'country', country, COUNT(*) FROM doc_countries WHERE 1 GROUP BY 2"""
        ),
    ),
)

# Version 5: one counter that every write of content bumps, in the writing transaction, so a
# reader can tell in one indexed read whether anything it may have cached is stale (the
# server's search cache and protected-name index). The access log and users do not count:
# an analyst's read writes the log, and must not empty every cache.
_CONTENT_TABLES = (
    "documents",
    "facts",
    "doc_countries",
    "entities",
    "entity_mentions",
    "cases",
    "case_documents",
    "judgements",
)
_V5 = Migration(
    5,
    "content_version: a counter bumped by every write of documents, facts, resolution and judgements",
    (
        """CREATE TABLE content_version (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            n INTEGER NOT NULL
        )""",
        "INSERT INTO content_version(id, n) VALUES (1, 0)",
        *(
            f"""CREATE TRIGGER content_version_{table}_{op.lower()} AFTER {op} ON {table} BEGIN
                UPDATE content_version SET n = n + 1 WHERE id = 1;
            END"""
            for table in _CONTENT_TABLES
            for op in ("INSERT", "UPDATE", "DELETE")
        ),
    ),
)

MIGRATIONS: tuple[Migration, ...] = (_V1, _V2, _V3, _V4, _V5)
SCHEMA_VERSION: int = MIGRATIONS[-1].version

_CREATE_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""


def read_version(conn: sqlite3.Connection) -> int:
    """The schema version a store is at; 0 for a new, empty database."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not has_table:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def check_order(migrations: Sequence[Migration], where: str = "store/migrations.py") -> None:
    """Refuse a list of steps with a gap or a repeat: it would silently skip a step in some stores."""
    expected = list(range(1, len(migrations) + 1))
    if [m.version for m in migrations] != expected:
        raise StoreError(f"migration versions must run 1..{len(migrations)} in order; fix {where}")


def apply_steps(conn: Any, migrations: Sequence[Migration], found: int, placeholder: str = "?") -> None:
    """Create the version table and run every step after ``found``, recording each one.

    The caller holds the transaction and the lock that keep two openers apart; SQLite and
    PostgreSQL differ only there and in the parameter ``placeholder`` ("?" or "%s").
    """
    conn.execute(_CREATE_VERSION_TABLE)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    record = (
        "INSERT INTO schema_version(version, description, applied_at) "
        f"VALUES ({placeholder}, {placeholder}, {placeholder})"
    )
    for step in migrations:
        if step.version <= found:
            continue
        log.info("applying store migration %d: %s", step.version, step.description)
        for statement in step.statements:
            conn.execute(statement)
        conn.execute(record, (step.version, step.description, now))


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Apply the steps a store lacks, in one transaction; returns the version it is then at.

    The connection must be in autocommit mode (``isolation_level=None``): this function
    opens and ends its own transaction. Raises SchemaVersionError for a newer store.
    """
    check_order(migrations)
    known = migrations[-1].version if migrations else 0
    found = read_version(conn)
    if found > known:
        raise SchemaVersionError(found, known)
    if found == known:
        return found
    # Take the write lock before re-reading: two processes opening a new store at once
    # must not both run step 1.
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = read_version(conn)
        if found > known:
            raise SchemaVersionError(found, known)
        apply_steps(conn, migrations, found)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return known
