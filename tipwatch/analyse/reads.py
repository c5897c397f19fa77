"""Reads over a Store that the profile needs and the Store protocol does not offer.

Kept beside the analyses rather than in the store modules: the SQLite store answers them
with one indexed query (its ``doc_countries`` table); any other store is scanned through
the protocol, which is slower but gives the same answer.
"""

from __future__ import annotations

from typing import Any

from ..store.base import Store
from ..store.sqlite import SQLiteStore


def country_doc_ids(store: Store, cc: str) -> list[str]:
    """Ids of the documents whose facts name the country ``cc``, oldest first."""
    code = cc.strip().upper()
    query: Any = getattr(store, "query", None)
    if isinstance(store, SQLiteStore) and callable(query):
        rows = query(
            "SELECT c.doc_id FROM doc_countries c JOIN documents d ON d.id = c.doc_id "
            "WHERE c.country = ? ORDER BY d.seq",
            (code,),
        )
        return [str(r[0]) for r in rows]
    out = []
    for doc in store.iter_documents():
        facts = store.get_facts(doc.id)
        if facts is not None and any((c.value or "").upper() == code for c in facts.countries):
            out.append(doc.id)
    return out


def country_document_counts(store: Store) -> list[tuple[str, int]]:
    """``(ISO2, documents)`` for every country the stored facts name, most documents first."""
    query: Any = getattr(store, "query", None)
    if isinstance(store, SQLiteStore) and callable(query):
        rows = query(
            "SELECT country, COUNT(*) AS n FROM doc_countries GROUP BY country ORDER BY n DESC, country"
        )
        return [(str(r[0]), int(r[1])) for r in rows]
    counts: dict[str, int] = {}
    for doc in store.iter_documents():
        facts = store.get_facts(doc.id)
        for code in {(c.value or "").upper() for c in facts.countries} if facts else set():
            counts[code] = counts.get(code, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
