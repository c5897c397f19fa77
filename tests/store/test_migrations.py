"""tipwatch/store/migrations.py: a versioned schema, applied once, refusing newer stores."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from tipwatch.errors import SchemaVersionError, StoreError
from tipwatch.model import Document
from tipwatch.store.migrations import MIGRATIONS, SCHEMA_VERSION, Migration, migrate, read_version
from tipwatch.store.sqlite import SQLiteStore


def _doc(text: str) -> tuple[Document, bytes]:
    raw = text.encode()
    return Document(id=hashlib.sha256(raw).hexdigest(), name="n.txt", format="text", text=text), raw


def _tables(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def test_migrate_new_store_reaches_current_version(tmp_path):
    path = tmp_path / "s.db"
    SQLiteStore(path).close()
    assert {"documents", "blobs", "facts", "doc_countries", "documents_fts", "schema_version"} <= _tables(
        path
    )
    conn = sqlite3.connect(path)
    assert read_version(conn) == SCHEMA_VERSION == len(MIGRATIONS)
    assert conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_migrate_reopening_applies_nothing_again(tmp_path):
    path = tmp_path / "s.db"
    SQLiteStore(path).close()
    SQLiteStore(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_migrate_newer_store_raises_schema_version_error(tmp_path):
    path = tmp_path / "s.db"
    SQLiteStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO schema_version VALUES (?, 'from the future', '2099-01-01')", (SCHEMA_VERSION + 1,)
    )
    conn.commit()
    conn.close()
    with pytest.raises(SchemaVersionError, match="upgrade tipwatch") as info:
        SQLiteStore(path)
    assert (info.value.found, info.value.known) == (SCHEMA_VERSION + 1, SCHEMA_VERSION)


def test_migrate_new_step_applies_to_existing_store_and_keeps_data(tmp_path):
    path = tmp_path / "s.db"
    doc, raw = _doc("A fictional bulletin from Huancayo.")
    with SQLiteStore(path) as s:
        s.add_document(doc, raw)
    step = Migration(
        SCHEMA_VERSION + 1,
        "watchlists",
        ("CREATE TABLE watchlists (name TEXT NOT NULL, entity_id TEXT NOT NULL)",),
    )
    with SQLiteStore(path, migrations=(*MIGRATIONS, step)) as s:
        assert s.get_document(doc.id) == doc
    assert "watchlists" in _tables(path)
    # the plain tipwatch of today now sees a newer store
    with pytest.raises(SchemaVersionError):
        SQLiteStore(path)


def test_migrate_failing_step_rolls_back_whole_migration(tmp_path):
    path = tmp_path / "s.db"
    SQLiteStore(path).close()
    bad = Migration(
        SCHEMA_VERSION + 1,
        "half a step",
        ("CREATE TABLE watchlists (id TEXT PRIMARY KEY)", "CREATE TABLE broken (oops"),
    )
    with pytest.raises(StoreError, match="cannot open the store"):
        SQLiteStore(path, migrations=(*MIGRATIONS, bad))
    assert "watchlists" not in _tables(path)
    conn = sqlite3.connect(path)
    assert read_version(conn) == SCHEMA_VERSION
    conn.close()


@pytest.mark.parametrize("versions", [(1, 3), (2,), (1, 1)])
def test_migrate_out_of_order_steps_raise(versions):
    conn = sqlite3.connect(":memory:", isolation_level=None)
    steps = [Migration(v, "x", ()) for v in versions]
    with pytest.raises(StoreError, match="in order"):
        migrate(conn, steps)


def test_read_version_empty_database_is_zero():
    assert read_version(sqlite3.connect(":memory:")) == 0
