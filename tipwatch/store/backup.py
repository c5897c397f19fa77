"""Backups of the SQLite store: a live store -> one self-contained file, and back.

Both directions use SQLite's online backup API (``sqlite3.Connection.backup``), never a file
copy: a copy of a store in WAL mode taken while the API server or an ingest writes can miss
the pages still in the ``-wal`` file, or catch a transaction half-written. The backup API
copies a consistent snapshot while readers and writers go on, and a restore writes through
SQLite's locks, so a running server sees the restored store at its next query.

A backup is checked (``PRAGMA integrity_check``) before it is moved into place, and a file is
checked (integrity and schema version) before it is restored. A restore never replaces a store
that holds data unless told to (``force``).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, SchemaVersionError, StoreError
from .migrations import SCHEMA_VERSION, read_version

__all__ = ["BackupInfo", "backup_store", "check_backup", "restore_store"]

BUSY_TIMEOUT_S = 30.0  # wait this long for a writer's transaction to end, as the store does


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """What a backup file holds."""

    path: str
    version: int
    documents: int
    size: int

    def summary(self) -> str:
        return f"{self.documents} documents, schema version {self.version}, {self.size} bytes"


def _connect(path: str | Path, *, read_only: bool = False) -> sqlite3.Connection:
    try:
        if read_only:
            uri = f"{Path(path).resolve().as_uri()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_S)
        else:
            conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open: {exc}; check the path and its permissions") from exc
    return conn


def _check(conn: sqlite3.Connection, label: str) -> BackupInfo:
    """Integrity and schema version of an open database; raises StoreError when unusable."""
    try:
        result = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            raise StoreError(
                f"{label}: integrity check failed ({'; '.join(result)[:200]}); it cannot be used"
            )
        version = read_version(conn)
        if version == 0:
            raise StoreError(f"{label}: not a tipwatch store (no schema version); check the file")
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(version, SCHEMA_VERSION)
        documents = int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        pages = (
            conn.execute("PRAGMA page_count").fetchone()[0] * conn.execute("PRAGMA page_size").fetchone()[0]
        )
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{label}: not a readable SQLite store ({exc}); check the file") from exc
    return BackupInfo(label, version, documents, int(pages))


def check_backup(path: str | Path) -> BackupInfo:
    """Check a backup file before it is trusted: it opens, passes ``integrity_check`` and has a known schema.

    Raises:
        StoreError: missing, not SQLite, damaged, or not a tipwatch store.
        SchemaVersionError: written by a newer tipwatch.
    """
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"{path}: no such backup file; check the path")
    conn = _connect(path, read_only=True)
    try:
        return _check(conn, str(path))
    finally:
        conn.close()


def _store_path(source: str | Path) -> Path:
    if str(source) == ":memory:":
        raise ConfigError("TIPWATCH_DB_URL names an in-memory store: there is nothing to back up or restore")
    return Path(source)


def backup_store(source: str | Path, target: str | Path, *, overwrite: bool = False) -> BackupInfo:
    """Copy the store at ``source`` to ``target`` while it is in use; return what the copy holds.

    The copy is written beside ``target`` under a temporary name, switched to a rollback
    journal (one self-contained file, no ``-wal``), checked, and only then renamed into place,
    so ``target`` is never a half-written backup.

    Raises:
        StoreError: ``source`` is missing or not a store, ``target`` exists (without
            ``overwrite``), or the copy fails its check.
    """
    source, target = _store_path(source), Path(target)
    if not source.is_file():
        raise StoreError(f"{source}: no store there to back up; check TIPWATCH_DB_URL")
    if target.exists() and not overwrite:
        raise StoreError(f"{target}: already exists; choose a new file or add --force to replace it")
    if target.resolve() == source.resolve():
        raise StoreError(f"{target}: is the store itself; choose another file")
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    src = _connect(source)
    try:
        if read_version(src) == 0:
            raise StoreError(f"{source}: not a tipwatch store (no schema version); check TIPWATCH_DB_URL")
        partial.unlink(missing_ok=True)
        dst = _connect(partial)
        try:
            src.backup(dst)  # one step: a consistent snapshot; WAL lets writers go on meanwhile
            dst.execute("PRAGMA journal_mode = DELETE")
            info = _check(dst, str(target))
        finally:
            dst.close()
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise StoreError(f"{source}: backup to {target} failed: {exc}") from exc
    finally:
        src.close()
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    return info


def _holds_data(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return False
    conn = _connect(path)
    try:
        return bool(conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone())
    except sqlite3.DatabaseError:
        return True  # something that is not a database: not ours to overwrite either
    finally:
        conn.close()


def restore_store(backup: str | Path, target: str | Path, *, force: bool = False) -> BackupInfo:
    """Bring the backup file back as the store at ``target``; return what it holds.

    The backup is checked first. A ``target`` holding data is replaced only with ``force``;
    it is written through SQLite's online backup API, so a server with the store open sees the
    restored content at its next query. An older schema is migrated when the store next opens.

    Raises:
        StoreError: the backup is missing or damaged, or ``target`` holds data and not ``force``.
        SchemaVersionError: the backup was written by a newer tipwatch.
    """
    target = _store_path(target)
    info = check_backup(backup)
    if Path(backup).resolve() == target.resolve():
        raise StoreError(f"{backup}: is the store itself; nothing to restore")
    if _holds_data(target) and not force:
        raise StoreError(
            f"{target}: the store holds data; add --force to replace it with {backup}, "
            "or point TIPWATCH_DB_URL at a new file"
        )
    src = _connect(backup, read_only=True)
    try:
        dst = _connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = WAL")  # the store's own mode, as SQLiteStore sets it
            _check(dst, str(target))
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise StoreError(f"{target}: restore from {backup} failed: {exc}") from exc
    finally:
        src.close()
    return info
