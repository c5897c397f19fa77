"""tipwatch/store/migrations.py: a versioned schema, applied once, refusing newer stores."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from tipwatch.errors import SchemaVersionError, StoreError
from tipwatch.model import Document, Event, Facts, Label
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


# -- v4: facets derived from facts ----------------------------------------------------------

_BY_HAND = """
SELECT 'total', '', COUNT(*) FROM documents
UNION ALL SELECT 'language', COALESCE(language, 'unknown'), COUNT(*) FROM documents GROUP BY 2
UNION ALL SELECT 'year', substr(published, 1, 4), COUNT(*) FROM documents WHERE published IS NOT NULL GROUP BY 2
UNION ALL SELECT 'country', country, COUNT(*) FROM doc_countries GROUP BY 2
UNION ALL SELECT kind, value, COUNT(*) FROM doc_facets GROUP BY 1, 2
"""


def _counts(conn) -> tuple[dict, dict]:
    by_hand = {(k, v): n for k, v, n in conn.execute(_BY_HAND) if n}
    kept = {(k, v): n for k, v, n in conn.execute("SELECT kind, value, documents FROM facet_counts") if n}
    return by_hand, kept


def _facts_doc(text: str, published: str | None, exploitation: list[str], events: list[str], countries):
    doc, raw = _doc(text)
    doc.published = published
    facts = Facts(
        doc=doc.name,
        doc_id=doc.id,
        countries=[Label(c) for c in countries],
        exploitation=[Label(x) for x in exploitation],
        events=[Event(t) for t in events],
    )
    return doc, raw, facts


def test_migrate_v4_backfills_facets_of_an_older_store_and_triggers_keep_them(tmp_path):
    path = tmp_path / "s.db"
    docs = [
        _facts_doc(
            "A fictional brick kiln report from Puno.",
            "2021",
            ["forced_labor", "forced_labor"],
            ["rescue"],
            ["PE"],
        ),
        _facts_doc(
            "A fictional bar raid in Tapachula.",
            "2022-05",
            ["sex_trafficking"],
            ["raid", "arrest"],
            ["MX", "GT"],
        ),
        _facts_doc("A fictional note with no facts of interest.", None, [], [], []),
    ]
    with SQLiteStore(path, migrations=MIGRATIONS[:3]) as s:  # a store written before v4
        for doc, raw, facts in docs:
            s.add_document(doc, raw, facts)
    assert "doc_facets" not in _tables(path)
    with SQLiteStore(path) as s:  # opening migrates and backfills
        rows = sorted(s.query("SELECT kind, value FROM doc_facets WHERE doc_id = ?", (docs[1][0].id,)))
        assert rows == [("event_type", "arrest"), ("event_type", "raid"), ("exploitation", "sex_trafficking")]
        assert s.query("SELECT COUNT(*) FROM doc_facets WHERE doc_id = ?", (docs[0][0].id,)) == [(2,)]
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")  # as the store sets it: deletes cascade
        by_hand, kept = _counts(conn)
        assert kept == by_hand and kept[("exploitation", "forced_labor")] == 1 and kept[("total", "")] == 3
        # Rewritten facts, a new document and a deleted one: the triggers follow each.
        doc, _, facts = docs[0]
        facts.exploitation, facts.countries = [Label("begging")], [Label("BO")]
        s.put_facts(doc.id, facts)
        new, raw, new_facts = _facts_doc(
            "A fictional mine inspection.", "2021-02", ["forced_labor"], ["rescue"], ["PE"]
        )
        s.add_document(new, raw, new_facts)
        conn.execute("DELETE FROM documents WHERE id = ?", (docs[1][0].id,))
        by_hand, kept = _counts(conn)
        assert kept == by_hand
        assert ("exploitation", "sex_trafficking") not in kept and kept[("year", "2021")] == 2
        assert conn.execute(
            "SELECT COUNT(*) FROM doc_facets WHERE doc_id = ?", (docs[1][0].id,)
        ).fetchone() == (0,)
        conn.close()
