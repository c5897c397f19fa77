"""tipwatch/analyse/reads.py: the SQLite query and the protocol scan give the same answer."""

from __future__ import annotations

from honduras import build_store

from tipwatch.analyse.reads import country_doc_ids, country_document_counts
from tipwatch.store import SQLiteStore


class _Protocol:
    """The same store seen only through the Store protocol (as a PostgreSQL store would be)."""

    def __init__(self, store):
        self._s = store

    def iter_documents(self):
        return self._s.iter_documents()

    def get_facts(self, doc_id):
        return self._s.get_facts(doc_id)


def test_reads_country_docs_sql_and_scan_agree(tmp_path):
    stored = build_store(str(tmp_path / "r.db"))
    with SQLiteStore(tmp_path / "r.db") as s:
        assert country_doc_ids(s, "hn") == [stored.chapter.id, stored.news.id]
        assert country_doc_ids(_Protocol(s), "HN") == country_doc_ids(s, "HN")
        assert country_doc_ids(s, "SV") == [stored.news.id]
        assert country_document_counts(s)[0] == ("HN", 2)
        assert country_document_counts(_Protocol(s)) == country_document_counts(s)
