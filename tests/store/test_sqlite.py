"""tipwatch/store/sqlite.py: a real SQLite file per test, fictional documents written here."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tipwatch.errors import NotFoundError, StoreError
from tipwatch.model import Document, Evidence, Facts, Label, Person
from tipwatch.store import sqlite as sqlite_module
from tipwatch.store.base import Store
from tipwatch.store.sqlite import SQLiteStore

EN_TEXT = (
    "Police in Chiclayo arrested two men suspected of recruiting teenage girls from Cajamarca "
    "for forced labour in a brick kiln, prosecutor Lucia Farfan Huaman said. "
    "The trafficking network moved the girls by night bus."
)
ES_TEXT = (
    "El Ministério Público de Guatemala rescató a once víctimas de trata de personas en "
    "Quetzaltenango y detuvo a Ernesto Cuxil Batz, señalado como reclutador."
)
PT_TEXT = (
    "O Ministério Público do Trabalho resgatou 23 trabalhadores em condições análogas à escravidão "
    "numa fazenda em Marabá; segundo a procuradora Helena Tavares Brum, houve tráfico de pessoas."
)


def make_doc(
    text: str,
    *,
    language: str | None = "en",
    published: str | None = None,
    title: str | None = None,
    fmt: str = "text",
    name: str = "doc.txt",
) -> tuple[Document, bytes]:
    raw = text.encode("utf-8")
    doc = Document(
        id=hashlib.sha256(raw).hexdigest(),
        name=name,
        format=fmt,
        text=text,
        language=language,
        published=published,
        title=title,
        meta={"author": "Desk"},
        path=f"/tmp/{name}",
        size=len(raw),
    )
    return doc, raw


def make_facts(doc: Document, countries: list[str]) -> Facts:
    quote = doc.text[:40]
    ev = [Evidence(0, 40, quote)]
    return Facts(
        doc=doc.name,
        doc_id=doc.id,
        language=doc.language,
        published=doc.published,
        countries=[Label(cc, ev) for cc in countries],
        persons=[Person("Lucia Farfan Huaman", ["official"], ev)],
    )


@pytest.fixture
def store(tmp_path):
    with SQLiteStore(tmp_path / "store.db") as s:
        yield s


@pytest.fixture
def filled(store):
    for text, lang, pub, cc, fmt, title in (
        (EN_TEXT, "en", "2021-03-04", ["PE"], "text", "Brick kiln arrests in Chiclayo"),
        (ES_TEXT, "es", "2019-11", ["GT"], "html", "Rescate en Quetzaltenango"),
        (PT_TEXT, "pt", None, ["BR"], "pdf", None),
    ):
        doc, raw = make_doc(text, language=lang, published=pub, fmt=fmt, title=title, name=f"{lang}.txt")
        assert store.add_document(doc, raw, make_facts(doc, cc))
    return store


def test_sqlite_store_satisfies_protocol(store):
    assert isinstance(store, Store)


def test_sqlite_round_trips_document_raw_and_facts(store):
    doc, raw = make_doc(EN_TEXT, published="2021-03-04", title="Arrests")
    facts = make_facts(doc, ["PE"])
    assert store.add_document(doc, raw, facts) is True
    assert store.has_document(doc.id)
    assert store.get_document(doc.id) == doc
    assert store.get_raw(doc.id) == raw
    assert store.get_facts(doc.id) == facts


def test_sqlite_document_survives_reopen(tmp_path):
    doc, raw = make_doc(ES_TEXT, language="es")
    with SQLiteStore(tmp_path / "s.db") as s:
        s.add_document(doc, raw)
    with SQLiteStore(tmp_path / "s.db") as s:
        assert s.get_document(doc.id) == doc
        assert s.get_facts(doc.id) is None


def test_sqlite_uses_wal_and_foreign_keys(store):
    assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store._conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30_000


def test_sqlite_same_document_twice_adds_nothing(store):
    doc, raw = make_doc(EN_TEXT)
    assert store.add_document(doc, raw, make_facts(doc, ["PE"]))
    assert store.add_document(doc, raw, make_facts(doc, ["BR"])) is False
    assert store.stats().documents == 1
    assert store.search("trafficking", country="BR") == []  # the second call changed nothing


def test_sqlite_blobs_are_content_addressed(store):
    doc, raw = make_doc(EN_TEXT)
    other = Document(**{**doc.to_dict(), "id": "f" * 64})  # same bytes, another id
    store.add_document(doc, raw)
    store.add_document(other, raw)
    assert store._conn.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 1
    assert store.get_raw(other.id) == raw


def _table_counts(store):
    return {
        t: store._conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("documents", "blobs", "facts", "doc_countries", "documents_fts")
    }


def test_sqlite_failed_write_leaves_store_unchanged(filled):
    before = _table_counts(filled)
    doc, raw = make_doc("A new report from Piura about the network of Ramiro Solis Quispe.")
    facts = make_facts(doc, ["PE"])
    facts.persons[0].age = object()  # cannot be written as JSON: fails inside the transaction
    with pytest.raises(TypeError):
        filled.add_document(doc, raw, facts)
    assert _table_counts(filled) == before
    assert not filled.has_document(doc.id)
    assert filled.search("Ramiro") == []


def test_sqlite_sql_failure_is_store_error_and_rolls_back(filled, monkeypatch):
    before = _table_counts(filled)
    doc, raw = make_doc("Another fictional report from Tumbes about Nilda Carhuas.")

    def broken(doc_id, facts):
        return [("INSERT INTO no_such_table VALUES (?)", (doc_id,))]

    monkeypatch.setattr(filled, "_facts_statements", broken)
    with pytest.raises(StoreError, match="cannot store document"):
        filled.add_document(doc, raw, make_facts(doc, ["PE"]))
    assert _table_counts(filled) == before


def test_sqlite_facts_for_another_document_are_refused(store):
    doc, raw = make_doc(EN_TEXT)
    other, _ = make_doc(ES_TEXT)
    with pytest.raises(StoreError, match="facts are for document"):
        store.add_document(doc, raw, make_facts(other, []))
    assert not store.has_document(doc.id)


def test_sqlite_get_document_accepts_unique_prefix(filled):
    doc, _ = make_doc(EN_TEXT)
    assert filled.get_document(doc.id[:6]).id == doc.id
    assert filled.get_document(doc.id[:12].upper()).id == doc.id


@pytest.mark.parametrize("ident", ["", "abc", "a" * 5, "0" * 64, "zzzzzzzz", "%%%%%%", "______"])
def test_sqlite_get_document_unknown_or_short_id_raises_not_found(filled, ident):
    with pytest.raises(NotFoundError):
        filled.get_document(ident)


def test_sqlite_get_document_ambiguous_prefix_raises_not_found(store):
    for n in (1, 2):
        doc, raw = make_doc(f"Report number {n} from Arequipa.")
        store.add_document(Document(**{**doc.to_dict(), "id": f"abcdef{n}" + "0" * 57}), raw)
    with pytest.raises(NotFoundError, match="several"):
        store.get_document("abcdef")
    assert store.get_document("abcdef2").id.startswith("abcdef2")


def test_sqlite_put_facts_replaces_facts_and_countries(filled):
    doc, _ = make_doc(EN_TEXT)
    assert [h.doc_id for h in filled.search("trafficking", country="PE")] == [doc.id]
    filled.put_facts(doc.id[:8], make_facts(doc, ["EC", "co"]))
    assert filled.search("trafficking", country="PE") == []
    assert [h.doc_id for h in filled.search("trafficking", country="CO")] == [doc.id]
    assert [c.value for c in filled.get_facts(doc.id).countries] == ["EC", "co"]


def test_sqlite_put_facts_unknown_document_raises(store):
    doc, _ = make_doc(EN_TEXT)
    with pytest.raises(NotFoundError):
        store.put_facts(doc.id, make_facts(doc, []))


def test_sqlite_search_ranks_and_marks_matches(filled):
    hits = filled.search("Chiclayo trafficking")
    assert len(hits) == 1
    hit = hits[0]
    assert hit.title == "Brick kiln arrests in Chiclayo"
    assert hit.published == "2021-03-04" and hit.language == "en"
    assert "[Chiclayo]" in hit.snippet or "[trafficking]" in hit.snippet
    assert hit.score > 0


def test_sqlite_search_ranks_title_match_first(store):
    a, ra = make_doc("Notes on the harvest in Salta. Nothing else here.", title="Salta harvest notes")
    b, rb = make_doc("A long report on labour. " * 20 + "Salta is mentioned once.", title="Labour report")
    store.add_document(b, rb)
    store.add_document(a, ra)
    assert [h.doc_id for h in store.search("Salta")] == [a.id, b.id]


def test_sqlite_search_is_and_of_terms(filled):
    assert len(filled.search("Ministério")) == 2
    assert len(filled.search("Ministério Quetzaltenango")) == 1
    assert filled.search("Ministério Chiclayo") == []


def test_sqlite_search_phrase_in_quotes(store):
    a, ra = make_doc("Inspectors found forced labour at the Ica vineyard.")
    b, rb = make_doc("The labour was forced on them, inspectors in Ica said.")
    store.add_document(a, ra)
    store.add_document(b, rb)
    assert {h.doc_id for h in store.search("forced labour")} == {a.id, b.id}
    assert [h.doc_id for h in store.search('"forced labour"')] == [a.id]


def test_sqlite_search_ignores_diacritics_and_case(filled):
    assert len(filled.search("ministerio")) == 2
    assert len(filled.search("TRAFICO")) == 1
    assert "[Ministério]" in filled.search("ministerio", language="pt")[0].snippet


def test_sqlite_search_prefix_with_star(filled):
    assert len(filled.search("traffick*")) == 1
    assert filled.search("traffick") == []


@pytest.mark.parametrize(
    ("language", "country", "expected"),
    [
        (None, None, 2),
        ("pt", None, 1),
        ("ES", None, 1),
        ("en", None, 0),
        (None, "gt", 1),
        (None, "BR", 1),
        ("es", "BR", 0),
        (None, "PE", 0),
    ],
)
def test_sqlite_search_filters_language_and_country(filled, language, country, expected):
    assert len(filled.search("Ministério", language=language, country=country)) == expected


def test_sqlite_search_limit(filled):
    assert len(filled.search("Ministério", limit=1)) == 1
    assert filled.search("Ministério", limit=0) == []


HOSTILE = [
    '"',
    '""',
    '"""',
    "*",
    "**",
    "AND OR NOT",
    "AND",
    "NOT trafficking",
    "trafficking OR",
    "NEAR(",
    "NEAR(trata personas",
    "NEAR(a b, 3)",
    "title:trafficking",
    "col:",
    "text:",
    "-trafficking",
    "trafficking -network",
    "(",
    ")",
    "((trata",
    "trata)",
    "'; DROP TABLE documents; --",
    '" OR 1=1 --',
    "^trafficking",
    "trafficking^",
    "{title text}: trata",
    "+",
    "\\",
    "%",
    "_",
    "   ",
    "",
    "\x00",
    "trata\x00personas",
    "ministé\u0301rio",
    "🙂 trata",
    "a" * 5000,
    "MATCH",
    "rank",
    "bm25(documents_fts)",
    "snippet(",
    '"unbalanced phrase',
    'tra"ta',
    "*trata",
    "trata**",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_sqlite_search_hostile_query_never_raises(filled, query):
    hits = filled.search(query)
    assert isinstance(hits, list)
    assert filled.stats().documents == 3


def test_sqlite_search_operators_typed_as_words_are_words(filled):
    # "NOT" is searched as a word, not as an operator that would exclude documents.
    assert filled.search("NOT trafficking") == []
    assert len(filled.search("trata OR personas")) == 0  # "or" is not in the text
    assert len(filled.search("-trafficking")) == 1
    assert len(filled.search("title:Chiclayo")) == 0  # "title" is not in the text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=60))
def test_sqlite_search_any_text_never_raises(filled, query):
    assert isinstance(filled.search(query, language="es", country="GT"), list)
    assert isinstance(filled.search(query), list)


def test_sqlite_stats_counts_by_language_format_year(filled):
    doc, raw = make_doc("Undated note from Iquitos.", language=None, fmt="text")
    filled.add_document(doc, raw)
    stats = filled.stats()
    assert stats.documents == 4
    assert stats.facts == 3
    assert stats.by_language == {"en": 1, "es": 1, "pt": 1, "unknown": 1}
    assert stats.by_format == {"html": 1, "pdf": 1, "text": 2}
    assert stats.by_year == {"2019": 1, "2021": 1, "unknown": 2}
    assert stats.to_dict()["documents"] == 4


def test_sqlite_stats_empty_store(store):
    assert store.stats().to_dict() == {
        "documents": 0,
        "by_language": {},
        "by_format": {},
        "by_year": {},
        "documents_with_facts": 0,
    }


def test_sqlite_iter_documents_oldest_first_across_pages(store, monkeypatch):
    monkeypatch.setattr(sqlite_module, "_PAGE", 2)
    ids = []
    for n in range(5):
        doc, raw = make_doc(f"Fictional bulletin {n} from Cusco.")
        store.add_document(doc, raw)
        ids.append(doc.id)
    assert [d.id for d in store.iter_documents()] == ids


def test_sqlite_open_bad_folder_raises_store_error(tmp_path):
    with pytest.raises(StoreError, match="cannot open the store"):
        SQLiteStore(tmp_path / "missing" / "store.db")


def test_sqlite_open_non_database_raises_store_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not a database, just notes from Tacna\n" * 100)
    with pytest.raises(StoreError, match="cannot open the store"):
        SQLiteStore(path)


def test_sqlite_readers_see_committed_writes_from_another_connection(tmp_path):
    path = tmp_path / "shared.db"
    with SQLiteStore(path) as writer, SQLiteStore(path) as reader:
        doc, raw = make_doc(PT_TEXT, language="pt")
        writer.add_document(doc, raw)
        assert reader.has_document(doc.id)
        assert len(reader.search("Marabá")) == 1


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
