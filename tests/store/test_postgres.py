"""tipwatch/store/postgres.py and pg_schema.py: what only the PostgreSQL store does.

Stemming in the document's language, very long documents, NUL characters, the versioned
schema. The shared behaviour is tested on both backends in test_base.py.
"""

from __future__ import annotations

import hashlib

import psycopg
import pytest

from tests.store.samples import EN_TEXT, fill, make_doc, make_facts
from tipwatch.errors import SchemaVersionError, StoreError
from tipwatch.model import Document
from tipwatch.store.pg_schema import PG_MIGRATIONS, read_pg_version
from tipwatch.store.postgres import PostgresStore, split_query


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("trata de personas", ("trata de personas", [], [])),
        ('"forced labour" Ica', ("Ica", ["forced labour"], [])),
        ("traffick* Lima", ("Lima", [], ["traffick"])),
        ("title:Chiclayo -network", ("title Chiclayo network", [], [])),
        ("a:* & !b", ("b", [], ["a"])),
        ("e-mail*", ("e", [], ["mail"])),
        ('"unbalanced phrase', ("unbalanced phrase", [], [])),
        ("trata\x00personas", ("trata personas", [], [])),
    ],
)
def test_split_query_words_phrases_prefixes(text, parts):
    assert split_query(text) == parts


@pytest.mark.parametrize("text", ["", "   ", '""', "*", "'; --", "\x00", "(+)"])
def test_split_query_nothing_to_search_is_none(text):
    assert split_query(text) is None


@pytest.fixture
def store(pg_url):
    with PostgresStore(pg_url) as s:
        yield s


def test_postgres_search_stems_in_the_document_language(store):
    fill(store)
    assert len(store.search("traffick")) == 1  # english stem of "trafficking"
    assert len(store.search("arrest")) == 1  # "arrested"
    assert len(store.search("resgatar", language="pt")) == 1  # "resgatou": the same stem
    assert store.search("trabalhador")[0].language == "pt"  # portuguese stem of "trabalhadores"


def test_postgres_uses_language_configuration_and_gin_index(store):
    fill(store)
    configs = store._conn.execute(
        "SELECT language, tipwatch_tsconfig(language)::text FROM documents ORDER BY language"
    ).fetchall()
    assert configs == [("en", "tipwatch_english"), ("es", "tipwatch_spanish"), ("pt", "tipwatch_portuguese")]
    assert store._conn.execute("SELECT tipwatch_tsconfig('fr')::text").fetchone()[0] == "tipwatch_simple"
    indexes = {
        r[0] for r in store._conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'documents'")
    }
    assert "documents_tsv" in indexes


def test_postgres_document_with_too_many_distinct_words_is_stored_and_found(store):
    # 150,000 distinct words pass a tsvector's 1 MB: the text is indexed on its head, stored whole.
    text = "Quillabamba " + " ".join(f"q{n}" for n in range(150_000)) + " Sicuani"
    raw = text.encode()
    doc = Document(
        id=hashlib.sha256(raw).hexdigest(), name="annex.txt", format="text", text=text, language="es"
    )
    assert store.add_document(doc, raw)
    assert store.get_document(doc.id).text == text
    assert [h.doc_id for h in store.search("Quillabamba")] == [doc.id]
    assert [h.doc_id for h in store.search("q1234")] == [doc.id]
    assert store.search("Sicuani") == []  # past the indexed head


def test_postgres_nul_in_text_is_store_error(store):
    doc, raw = make_doc("A note from Puno\x00 with a NUL byte.")
    with pytest.raises(StoreError, match="NUL character"):
        store.add_document(doc, raw)
    assert store.stats().documents == 0


def test_postgres_sql_failure_is_store_error_and_rolls_back(store, monkeypatch):
    doc, raw = make_doc(EN_TEXT)
    monkeypatch.setattr(
        store, "_facts_statements", lambda d, f: [("INSERT INTO no_such_table VALUES (%s)", (d,))]
    )
    with pytest.raises(StoreError, match="cannot store document"):
        store.add_document(doc, raw, make_facts(doc, ["PE"]))
    assert store.stats().documents == 0
    assert store._conn.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 0


def test_postgres_blank_database_is_migrated_once(pg_blank_url):
    with PostgresStore(pg_blank_url) as s:
        assert read_pg_version(s._conn) == len(PG_MIGRATIONS) == 4
        applied = s._conn.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
        assert applied == [(1,), (2,), (3,), (4,)]
    with PostgresStore(pg_blank_url) as s:  # opening again applies nothing
        assert s._conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == 4


def test_postgres_newer_schema_is_refused(pg_blank_url):
    PostgresStore(pg_blank_url).close()
    with psycopg.connect(pg_blank_url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_version VALUES (9, 'from the future', '2030-01-01')")
    with pytest.raises(SchemaVersionError, match="upgrade tipwatch"):
        PostgresStore(pg_blank_url)


def test_postgres_connection_error_names_server_not_password():
    with pytest.raises(StoreError, match=r"PostgreSQL at 127\.0\.0\.1:1/tip: cannot connect") as info:
        PostgresStore("postgresql://analyst:s3cret@127.0.0.1:1/tip")
    assert "s3cret" not in str(info.value)
