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

MIGRATIONS: tuple[Migration, ...] = (_V1,)
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


def _check_order(migrations: Sequence[Migration]) -> None:
    # A gap or a repeat would silently skip a step in some stores; catch it at open time.
    expected = list(range(1, len(migrations) + 1))
    if [m.version for m in migrations] != expected:
        raise StoreError(
            f"migration versions must run 1..{len(migrations)} in order; fix store/migrations.py"
        )


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Apply the steps a store lacks, in one transaction; returns the version it is then at.

    The connection must be in autocommit mode (``isolation_level=None``): this function
    opens and ends its own transaction. Raises SchemaVersionError for a newer store.
    """
    _check_order(migrations)
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
        conn.execute(_CREATE_VERSION_TABLE)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for step in migrations:
            if step.version <= found:
                continue
            log.info("applying store migration %d: %s", step.version, step.description)
            for statement in step.statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version(version, description, applied_at) VALUES (?, ?, ?)",
                (step.version, step.description, now),
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return known
