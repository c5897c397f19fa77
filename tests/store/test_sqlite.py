"""tipwatch/store/sqlite.py: what only the SQLite store does (WAL, FTS5 syntax, file handling).

The behaviour every backend shares (round trips, search, resolution, users) is tested on
SQLite and PostgreSQL alike in test_base.py.
"""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.store.samples import EN_TEXT, fill, make_doc, make_facts
from tipwatch.errors import StoreError
from tipwatch.model import Document, Evidence, Facts, Label
from tipwatch.store.sqlite import SQLiteStore


@pytest.fixture
def store(tmp_path):
    with SQLiteStore(tmp_path / "store.db") as s:
        yield s


@pytest.fixture
def filled(store):
    fill(store)
    return store


def test_sqlite_uses_wal_and_foreign_keys(store):
    assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store._conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30_000


def _table_counts(store):
    return {
        t: store._conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("documents", "blobs", "facts", "doc_countries", "documents_fts")
    }


def test_sqlite_failed_write_leaves_index_unchanged(filled):
    before = _table_counts(filled)
    doc, raw = make_doc("A new report from Piura about the network of Ramiro Solis Quispe.")
    facts = make_facts(doc, ["PE"])
    facts.persons[0].age = object()  # cannot be written as JSON: fails inside the transaction
    with pytest.raises(TypeError):
        filled.add_document(doc, raw, facts)
    assert _table_counts(filled) == before


def test_sqlite_sql_failure_is_store_error_and_rolls_back(filled, monkeypatch):
    before = _table_counts(filled)
    doc, raw = make_doc("Another fictional report from Tumbes about Nilda Carhuas.")

    def broken(doc_id, facts):
        return [("INSERT INTO no_such_table VALUES (?)", (doc_id,))]

    monkeypatch.setattr(filled, "_facts_statements", broken)
    with pytest.raises(StoreError, match="cannot store document"):
        filled.add_document(doc, raw, make_facts(doc, ["PE"]))
    assert _table_counts(filled) == before


def test_sqlite_search_prefix_needs_star(filled):
    # FTS5 does not stem: without the star, "traffick" is a word of its own.
    assert len(filled.search("traffick*")) == 1
    assert filled.search("traffick") == []


def test_sqlite_search_not_is_a_word(filled):
    # "NOT" is searched as a word, not as an operator that would exclude documents.
    assert filled.search("NOT trafficking") == []
    assert filled.search(EN_TEXT.split()[0]) != []


def test_sqlite_open_bad_folder_raises_store_error(tmp_path):
    with pytest.raises(StoreError, match="cannot open the store"):
        SQLiteStore(tmp_path / "missing" / "store.db")


def test_sqlite_open_non_database_raises_store_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not a database, just notes from Tacna\n" * 100)
    with pytest.raises(StoreError, match="cannot open the store"):
        SQLiteStore(path)


_ev = st.builds(Evidence, st.integers(0, 10_000), st.integers(0, 10_000), st.text(max_size=30))
_meta_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**53), 2**53),
    st.text(max_size=20),
    st.lists(st.text(max_size=10), max_size=3),
)


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(max_size=300),
    title=st.none() | st.text(max_size=40),
    language=st.none() | st.sampled_from(["en", "es", "pt", "fr"]),
    published=st.none() | st.sampled_from(["2008", "2008-02", "2008-02-27", "1999-12-31"]),
    meta=st.dictionaries(st.text(max_size=10), _meta_value, max_size=4),
    countries=st.lists(st.sampled_from(["GT", "PE", "BR", "MX", "US"]), unique=True, max_size=3),
    evidence=st.lists(_ev, max_size=3),
)
def test_sqlite_add_then_get_round_trips(text, title, language, published, meta, countries, evidence):
    raw = text.encode("utf-8") + b"\x00fictional"
    doc = Document(
        id=hashlib.sha256(raw).hexdigest(),
        name="x.txt",
        format="text",
        text=text,
        language=language,
        published=published,
        title=title,
        meta=meta,
        size=len(raw),
    )
    facts = Facts(
        doc="x.txt",
        doc_id=doc.id,
        language=language,
        published=published,
        countries=[Label(cc, evidence) for cc in countries],
    )
    with SQLiteStore(":memory:") as s:
        assert s.add_document(doc, raw, facts)
        assert s.get_document(doc.id) == doc
        assert s.get_raw(doc.id) == raw
        assert s.get_facts(doc.id) == facts
        assert s.add_document(doc, raw, facts) is False
        assert s.stats().documents == 1
        for cc in countries:
            # every stored country is a filter value; a search for the document's first word finds it
            assert (
                s._conn.execute(
                    "SELECT COUNT(*) FROM doc_countries WHERE doc_id = ? AND country = ?", (doc.id, cc)
                ).fetchone()[0]
                == 1
            )


def test_sqlite_memory_store_skips_wal():
    with SQLiteStore(":memory:") as s:
        assert s._conn.execute("PRAGMA journal_mode").fetchone()[0] == "memory"


def test_sqlite_closed_store_refuses_reads(tmp_path):
    s = SQLiteStore(tmp_path / "c.db")
    s.close()
    with pytest.raises(sqlite3.ProgrammingError):
        s._conn.execute("SELECT 1")
