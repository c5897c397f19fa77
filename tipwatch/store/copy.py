"""Copy a whole store to another backend (SQLite -> PostgreSQL, or back) and prove nothing was lost.

``copy_store(source, target)`` takes two open stores (SQLiteStore or PostgresStore) and
copies every table of schema v1-v4 row by row, in one transaction on the target: documents
in their stored order, their original bytes, facts, countries, the analysts' judgements,
entities, mentions, cases, users and the access log. Derived data (SQLite's FTS index,
PostgreSQL's tsvector, ``doc_facets`` on both) is rebuilt by the target as rows arrive, and
compared like the rest. Then both sides are read again and, per table, the row count and a
SHA-256 over every row's content (in key order) are compared; ``CopyReport.ok`` says
whether all match. Surrogate keys (``seq``) are left out
of the checksum: the target numbers rows itself, in the same order.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import StoreError

log = logging.getLogger(__name__)

_FETCH = 1000  # rows per round trip when reading


@dataclass(frozen=True, slots=True)
class Table:
    """One table as both backends define it: its content columns and the order rows are compared in."""

    name: str
    columns: tuple[str, ...]
    order: str
    derived: bool = False  # filled by the target's own triggers: compared, not copied


# Parents before children, so foreign keys hold as rows arrive.
TABLES: tuple[Table, ...] = (
    Table("blobs", ("sha256", "size", "data"), "sha256"),
    Table(
        "documents",
        (
            "id",
            "name",
            "format",
            "language",
            "published",
            "title",
            "text",
            "meta",
            "path",
            "size",
            "blob",
            "added_at",
        ),
        "seq",
    ),
    Table("facts", ("doc_id", "data", "extracted_at"), "doc_id"),
    Table("doc_countries", ("doc_id", "country"), "doc_id, country"),
    Table(
        "judgements",
        ("left_key", "right_key", "verdict", "score", "reason", "author", "created_at"),
        "left_key, right_key",
    ),
    Table(
        "entities", ("id", "kind", "name", "countries", "protected", "mentions", "documents", "data"), "id"
    ),
    Table("entity_mentions", ("mention_key", "entity_id", "doc_id", "name"), "mention_key"),
    Table("cases", ("id", "title", "countries", "first_date", "last_date", "documents", "data"), "id"),
    Table("case_documents", ("case_id", "doc_id"), "case_id, doc_id"),
    Table("users", ("name", "role", "token_hash", "created_at", "revoked_at"), "name"),
    Table("access_log", ("at", "user", "action", "target", "detail"), "seq"),
    Table("doc_facets", ("doc_id", "kind", "value"), "doc_id, kind, value", derived=True),
)


@dataclass(frozen=True, slots=True)
class TableCheck:
    """Counts and content checksums of one table on both sides."""

    table: str
    source_rows: int
    target_rows: int
    source_sha256: str
    target_sha256: str

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and self.source_sha256 == self.target_sha256

    def summary(self) -> str:
        """One line: table, both counts, the checksum and whether they match."""
        verdict = "ok" if self.ok else f"MISMATCH (target {self.target_sha256[:16]})"
        return f"{self.table:<16} {self.source_rows:>9} -> {self.target_rows:<9} sha256 {self.source_sha256[:16]} {verdict}"


@dataclass(frozen=True, slots=True)
class CopyReport:
    checks: tuple[TableCheck, ...]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)


def _kind(store: Any) -> str:
    from .sqlite import SQLiteStore

    if isinstance(store, SQLiteStore):
        return "sqlite"
    if type(store).__name__ == "PostgresStore":
        return "postgresql"
    raise StoreError(f"cannot copy a {type(store).__name__}; copy works between SQLite and PostgreSQL stores")


def _select(table: Table) -> str:
    cols = ", ".join(f'"{c}"' for c in table.columns)
    return f"SELECT {cols} FROM {table.name} ORDER BY {table.order}"


def iter_rows(store: Any, table: Table) -> Iterator[tuple[Any, ...]]:
    """Every row of a table in key order, a page of rows in memory at a time."""
    if _kind(store) == "sqlite":
        cur = store._conn.execute(_select(table))
        while rows := cur.fetchmany(_FETCH):
            yield from rows
        return
    # A server-side cursor: a table of millions of rows is streamed, not loaded.
    with store._conn.transaction(), store._conn.cursor(name=f"copy_{table.name}") as cur:
        cur.itersize = _FETCH
        cur.execute(_select(table))
        yield from cur


def _canonical(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"b": hashlib.sha256(bytes(value)).hexdigest()}
    if isinstance(value, float):
        return {"f": repr(value)}
    return value


def table_checksum(store: Any, table: Table) -> tuple[int, str]:
    """The number of rows and a SHA-256 over their content, the same on either backend."""
    digest = hashlib.sha256()
    count = 0
    for row in iter_rows(store, table):
        digest.update(json.dumps([_canonical(v) for v in row], ensure_ascii=False).encode())
        digest.update(b"\n")
        count += 1
    return count, digest.hexdigest()


def _is_empty(store: Any) -> bool:
    for name in ("documents", "judgements", "users", "access_log"):
        if store._conn.execute(f"SELECT 1 FROM {name} LIMIT 1").fetchone() is not None:
            return False
    return True


def _write_sqlite(store: Any, rows_of: dict[str, Iterator[tuple[Any, ...]]]) -> None:
    conn = store._conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        for table in TABLES:
            if table.derived:
                continue
            cols = ", ".join(f'"{c}"' for c in table.columns)
            marks = ", ".join("?" for _ in table.columns)
            conn.executemany(f"INSERT INTO {table.name} ({cols}) VALUES ({marks})", rows_of[table.name])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _write_postgres(store: Any, rows_of: dict[str, Iterator[tuple[Any, ...]]]) -> None:
    conn = store._conn
    with conn.transaction(), conn.cursor() as cur:
        for table in TABLES:
            if table.derived:
                continue
            cols = ", ".join(f'"{c}"' for c in table.columns)
            # COPY is the bulk path: ten times the rows per second of INSERTs.
            with cur.copy(f"COPY {table.name} ({cols}) FROM STDIN") as copy:
                for row in rows_of[table.name]:
                    copy.write_row(row)


def copy_store(source: Any, target: Any) -> CopyReport:
    """Copy every table of ``source`` into the empty store ``target``, then compare both sides.

    Raises StoreError when the target already holds data or a write fails (the target is
    then left as it was: the copy is one transaction).
    """
    kinds = (_kind(source), _kind(target))
    if not _is_empty(target):
        raise StoreError(
            "the target store already holds documents, judgements or users; copy into an empty database"
        )
    rows_of = {t.name: iter_rows(source, t) for t in TABLES if not t.derived}
    # Reading a PostgreSQL source and writing a PostgreSQL target would share nothing but
    # the class; both are plain streams, so any pair of backends works the same way.
    try:
        if kinds[1] == "sqlite":
            _write_sqlite(target, rows_of)
        else:
            _write_postgres(target, rows_of)
    except StoreError:
        raise
    except Exception as exc:
        raise StoreError(f"copy failed, the target is unchanged: {' '.join(str(exc).split())}") from exc
    checks = []
    for table in TABLES:
        src = table_checksum(source, table)
        dst = table_checksum(target, table)
        checks.append(TableCheck(table.name, src[0], dst[0], src[1], dst[1]))
        log.info("copied %s: %d rows", table.name, dst[0])
    return CopyReport(tuple(checks))


__all__ = ["TABLES", "CopyReport", "Table", "TableCheck", "copy_store", "iter_rows", "table_checksum"]
