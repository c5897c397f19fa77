"""Tests for tipwatch/store/backup.py: online backup while the store is written, checked restore."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.store.workload import check_store, ingest_folder, write_batch
from tipwatch.errors import ConfigError, SchemaVersionError, StoreError
from tipwatch.store.backup import backup_store, check_backup, restore_store
from tipwatch.store.migrations import SCHEMA_VERSION
from tipwatch.store.sqlite import SQLiteStore

WORKLOAD = Path(__file__).with_name("workload.py")


@pytest.fixture
def store_db(tmp_path):
    """A store of 10 documents with facts."""
    db = tmp_path / "store.db"
    ingest_folder(write_batch(tmp_path / "in", 10, paragraphs=4)[0].parent, db)
    return db


def _journal_mode(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


def test_backup_store_takes_consistent_snapshots_while_an_ingest_writes(tmp_path):
    db = tmp_path / "busy.db"
    folder = tmp_path / "in"
    write_batch(folder, 40, paragraphs=20)
    SQLiteStore(db).close()  # the store exists before the writer starts
    writer = subprocess.Popen(
        [sys.executable, str(WORKLOAD), str(folder), str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    counts = []
    try:
        while writer.poll() is None or not counts:
            copy = tmp_path / f"copy{len(counts)}.db"
            info = backup_store(db, copy)
            assert check_store(copy) == info.documents  # no document half-copied
            counts.append(info.documents)
            time.sleep(0.05)
    finally:
        _, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert counts == sorted(counts)
    assert any(0 < n < 40 for n in counts)  # at least one snapshot taken mid-batch
    final = backup_store(db, tmp_path / "final.db")
    assert final.documents == check_store(tmp_path / "final.db") == 40


def test_backup_store_is_one_checked_file(store_db, tmp_path):
    target = tmp_path / "out" / "backup.db"
    target.parent.mkdir()
    info = backup_store(store_db, target)
    assert (info.version, info.documents) == (SCHEMA_VERSION, 10)
    assert info.size == target.stat().st_size
    assert _journal_mode(target) == "delete"
    assert sorted(p.name for p in target.parent.iterdir()) == ["backup.db"]  # no -wal, no partial file


def test_backup_store_refuses_an_existing_file_unless_told(store_db, tmp_path):
    target = tmp_path / "backup.db"
    target.write_bytes(b"keep me")
    with pytest.raises(StoreError, match="already exists; choose a new file or add --force"):
        backup_store(store_db, target)
    assert target.read_bytes() == b"keep me"
    assert backup_store(store_db, target, overwrite=True).documents == 10


@pytest.mark.parametrize(
    ("source", "error", "message"),
    [
        ("missing.db", StoreError, "no store there to back up"),
        (":memory:", ConfigError, "in-memory store"),
    ],
)
def test_backup_store_refuses_what_is_not_a_store(tmp_path, source, error, message):
    path = source if source == ":memory:" else tmp_path / source
    with pytest.raises(error, match=message):
        backup_store(path, tmp_path / "backup.db")


def test_backup_store_refuses_an_sqlite_file_that_is_not_tipwatch(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(StoreError, match="not a tipwatch store"):
        backup_store(other, tmp_path / "backup.db")
    assert not (tmp_path / "backup.db").exists()


def test_check_backup_reads_a_good_backup(store_db, tmp_path):
    backup_store(store_db, tmp_path / "b.db")
    info = check_backup(tmp_path / "b.db")
    assert (info.documents, info.version) == (10, SCHEMA_VERSION)


def test_check_backup_refuses_a_truncated_backup(store_db, tmp_path):
    backup_store(store_db, tmp_path / "b.db")
    data = (tmp_path / "b.db").read_bytes()
    (tmp_path / "cut.db").write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreError, match=r"cut\.db: (integrity check failed|not a readable SQLite store)"):
        check_backup(tmp_path / "cut.db")


def test_check_backup_refuses_junk(tmp_path):
    (tmp_path / "junk.db").write_bytes(os.urandom(8192))
    with pytest.raises(StoreError, match="not a readable SQLite store"):
        check_backup(tmp_path / "junk.db")


def test_check_backup_refuses_a_newer_schema(store_db, tmp_path):
    backup_store(store_db, tmp_path / "b.db")
    conn = sqlite3.connect(tmp_path / "b.db")
    conn.execute("INSERT INTO schema_version VALUES (99, 'from the future', '2031-01-01')")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaVersionError, match="store schema version 99 is newer"):
        check_backup(tmp_path / "b.db")


def test_restore_store_to_a_new_path(store_db, tmp_path):
    backup_store(store_db, tmp_path / "b.db")
    target = tmp_path / "restored.db"
    assert restore_store(tmp_path / "b.db", target).documents == 10
    assert check_store(target) == 10
    assert _journal_mode(target) == "wal"


def test_restore_store_refuses_to_replace_a_store_with_data(store_db, tmp_path):
    backup_store(store_db, tmp_path / "b.db")
    other = tmp_path / "other.db"
    ingest_folder(write_batch(tmp_path / "more", 3, paragraphs=4, seed=5)[0].parent, other)
    with pytest.raises(StoreError, match="holds data; add --force .* or point TIPWATCH_DB_URL at a new file"):
        restore_store(tmp_path / "b.db", other)
    assert check_store(other) == 3


def test_restore_store_with_force_is_seen_by_an_open_store(store_db, tmp_path):
    """A server's open connection sees the restored content at its next query."""
    backup_store(store_db, tmp_path / "b.db")
    ingest_folder(write_batch(tmp_path / "more", 3, paragraphs=4, seed=5)[0].parent, store_db)
    with SQLiteStore(store_db) as open_store:
        assert open_store.stats().documents == 13
        restore_store(tmp_path / "b.db", store_db, force=True)
        assert open_store.stats().documents == 10
    assert check_store(store_db) == 10


def test_restore_store_leaves_the_store_alone_when_the_backup_is_damaged(store_db, tmp_path):
    (tmp_path / "junk.db").write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    with pytest.raises(StoreError):
        restore_store(tmp_path / "junk.db", store_db, force=True)
    assert check_store(store_db) == 10
