"""Search with filters and facet counts: a query (or none) and filters in, ranked hits, the
total and counts per language, country, exploitation, event type and year out.

``Store.search`` filters on language and country only; the web UI also filters on what the
facts say (exploitation, event types) and on the year. This module does that in SQL over
the SQLite store's tables through its public ``query`` method, so ``sqlite.py`` stays as it
is. What the facts say is read from ``doc_facets`` (schema v4: one row per document, kind
and value, kept in step with the facts by triggers), never by parsing facts JSON per
search, so every count is exact. Every statement is plain SQL a PostgreSQL store can
mirror: the FTS5 MATCH becomes a ``tsvector @@ tsquery``. A store that offers its own
``faceted_search`` method is used as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .base import SearchHit, Store
from .fts import make_fts_query
from .sqlite import SQLiteStore

FACETS = ("language", "country", "exploitation", "event_type", "year")
FACET_SIZE = 30  # values shown per facet; the rest are rarely worth a click
FACT_FACETS = ("exploitation", "event_type")  # kinds of doc_facets rows (migrations.py, v4)
SNIPPET_TOKENS = 24
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """What a search is narrowed to; None means no filter on that facet."""

    language: str | None = None
    country: str | None = None
    exploitation: str | None = None
    event_type: str | None = None
    year: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {name: getattr(self, name) for name in FACETS}


@dataclass(slots=True)
class FacetedResult:
    """One page of hits, how many documents match in all, and the facet counts over all of them."""

    hits: list[SearchHit]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # Facets counted over part of the matches only. Always empty for SQLite since schema v4
    # (every count is exact); kept so API clients and other backends keep their shape.
    sampled: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "sampled": list(self.sampled),
            "hits": [h.to_dict() for h in self.hits],
            "facets": {k: [{"value": v, "count": n} for v, n in pairs] for k, pairs in self.facets.items()},
        }


def _where(filters: SearchFilters) -> tuple[str, list[Any]]:
    """SQL conditions on documents ``d`` for the filters, and their parameters.

    Filters on other tables are ``d.id IN (...)``, not ``EXISTS``: SQLite then reads the
    few ids once through the value's index and checks each candidate against that list,
    which is two to four times faster than a lookup per candidate when most of the store
    matches the query.
    """
    sql: list[str] = []
    params: list[Any] = []
    if filters.language:
        sql.append("d.language = ?")
        params.append(filters.language.strip().lower())
    if filters.country:
        sql.append("d.id IN (SELECT doc_id FROM doc_countries WHERE country = ?)")
        params.append(filters.country.strip().upper())
    if filters.year:
        year = filters.year.strip()
        if not _YEAR.match(year):
            return "0 = 1", []  # no document is published in a year that is not a year
        # A range on the indexed column: 'YYYY', 'YYYY-MM' and 'YYYY-MM-DD' all sort inside it.
        sql.append("d.published >= ? AND d.published < ?")
        params += [year, str(int(year) + 1)]
    for kind in FACT_FACETS:
        value = getattr(filters, kind)
        if value:
            sql.append("d.id IN (SELECT doc_id FROM doc_facets WHERE kind = ? AND value = ?)")
            params += [kind, value.strip()]
    return " AND ".join(sql) or "1 = 1", params


# Facet counts over the matched set ``m``, in one statement so the full-text match runs once.
# Language and year are columns of ``m``; countries and what the facts say are looked up
# per matched document. CROSS JOIN keeps ``m`` the outer loop: left to itself the planner
# scans all of doc_countries and doc_facets and probes ``m``, which costs the size of the
# store even when three documents match. Counts are of documents: doc_countries and
# doc_facets hold one row per (document, value). This costs about 3 ms per 1,000 matches.
_FACET_SQL = """
SELECT 'total' AS facet, NULL AS value, COUNT(*) AS n FROM m
UNION ALL SELECT 'language', COALESCE(m.language, 'unknown'), COUNT(*) FROM m GROUP BY 2
UNION ALL SELECT 'year', substr(m.published, 1, 4), COUNT(*) FROM m WHERE m.published IS NOT NULL GROUP BY 2
UNION ALL SELECT 'country', c.country, COUNT(*) FROM m CROSS JOIN doc_countries c ON c.doc_id = m.id GROUP BY 2
UNION ALL SELECT f.kind, f.value, COUNT(*) FROM m CROSS JOIN doc_facets f
    ON f.doc_id = m.id AND f.kind IN ('exploitation', 'event_type') GROUP BY 1, 2
"""
# The store's own counts (kept by triggers, migrations.py v4), for a search with no filter.
_STORE_COUNTS = "SELECT kind, value, documents FROM facet_counts WHERE documents <> 0"
# An unfiltered search that matches most of the store is counted the other way round: the
# store's counts minus those of the documents that do not match, which are few. Both halves
# are read in one statement, from one snapshot of the store, so the difference is exact.
_COMPLEMENT_SQL = f"""
WITH m AS MATERIALIZED (SELECT d.seq, d.id, d.language, d.published FROM documents d
    WHERE d.seq NOT IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?))
{_STORE_COUNTS} UNION ALL SELECT facet, value, -n FROM ({_FACET_SQL})
"""
_SIZES = (
    "SELECT (SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH ?), "
    "(SELECT documents FROM facet_counts WHERE kind = 'total' AND value = '')"
)


def faceted_search(
    store: Store,
    query: str,
    filters: SearchFilters | None = None,
    *,
    limit: int = 20,
    offset: int = 0,
    with_facets: bool = True,
) -> FacetedResult:
    """Ranked hits for ``query`` (newest documents first when it is empty) with facet counts.

    Any user text is a valid query. Snippets mark matches ``[like this]`` as Store.search does.
    """
    filters = filters or SearchFilters()
    own = getattr(store, "faceted_search", None)
    if own is not None:  # a backend with its own implementation (PostgreSQL)
        result: FacetedResult = own(query, filters, limit=limit, offset=offset, with_facets=with_facets)
        return result
    if not isinstance(store, SQLiteStore):
        # A backend without facets still answers: hits from the protocol's search, no counts.
        hits = store.search(query, language=filters.language, country=filters.country, limit=limit + offset)
        return FacetedResult(hits[offset:], len(hits), {})
    return _sqlite_search(store, query, filters, max(0, limit), max(0, offset), with_facets)


def _facet_statement(
    store: SQLiteStore, match: str | None, where: str, matched: str, matched_params: list[Any]
) -> tuple[str, list[Any]]:
    """The statement (and its parameters) giving (facet, value, count) rows to add up."""
    if where != "1 = 1":  # filtered: count what matches
        return f"WITH m AS MATERIALIZED ({matched}) {_FACET_SQL}", matched_params
    if match is None:  # the whole store
        return _STORE_COUNTS, []
    # Counting a match costs about its size, and so does counting what it leaves out.
    found, stored = store.query(_SIZES, [match])[0]
    if 2 * int(found) > int(stored or 0):
        return _COMPLEMENT_SQL, [match]
    return f"WITH m AS MATERIALIZED ({matched}) {_FACET_SQL}", matched_params


def _sqlite_search(
    store: SQLiteStore, query: str, filters: SearchFilters, limit: int, offset: int, with_facets: bool
) -> FacetedResult:
    where, params = _where(filters)
    match = make_fts_query(query) if query.strip() else None
    if query.strip() and match is None:
        return FacetedResult([], 0, {name: [] for name in FACETS} if with_facets else {})
    if match is not None:
        matched = (
            "SELECT d.seq, d.id, d.language, d.published FROM documents_fts "
            f"JOIN documents d ON d.seq = documents_fts.rowid WHERE documents_fts MATCH ? AND {where}"
        )
        matched_params = [match, *params]
        hits_sql = (
            "SELECT d.id, d.name, d.title, d.published, d.language, "
            f"snippet(documents_fts, -1, '[', ']', '…', {SNIPPET_TOKENS}), "
            "bm25(documents_fts, 4.0, 1.0) AS rank "  # a match in the title counts four times
            "FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid "
            # Stored order breaks ties (a word in every document scores them all alike), so
            # pages never repeat or skip a document.
            f"WHERE documents_fts MATCH ? AND {where} ORDER BY rank, d.seq LIMIT ? OFFSET ?"
        )
    else:
        matched = f"SELECT d.seq, d.id, d.language, d.published FROM documents d WHERE {where}"
        matched_params = list(params)
        hits_sql = (
            "SELECT d.id, d.name, d.title, d.published, d.language, substr(d.text, 1, 240), 0.0 "
            f"FROM documents d WHERE {where} ORDER BY d.published IS NULL, d.published DESC, d.seq DESC "
            "LIMIT ? OFFSET ?"
        )
    rows = store.query(hits_sql, [*matched_params, limit, offset]) if limit else []
    hits = [
        SearchHit(
            doc_id=r[0],
            name=r[1],
            title=r[2],
            published=r[3],
            language=r[4],
            snippet=" ".join((r[5] or "").split()),
            score=-float(r[6]),
        )
        for r in rows
    ]
    if not with_facets:
        total = int(store.query(f"SELECT COUNT(*) FROM ({matched})", matched_params)[0][0])
        return FacetedResult(hits, total, {})
    counts: dict[tuple[str, str | None], int] = {}
    for facet, value, count in store.query(*_facet_statement(store, match, where, matched, matched_params)):
        key = ("total", None) if facet == "total" else (str(facet), None if value is None else str(value))
        counts[key] = counts.get(key, 0) + int(count)
    total = counts.pop(("total", None), 0)
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    for (facet, value), count in counts.items():
        if facet in facets and value is not None and count > 0:
            facets[facet].append((value, count))
    for name, pairs in facets.items():
        pairs.sort(key=lambda p: (-p[1], p[0]) if name != "year" else (p[0],), reverse=name == "year")
        del pairs[FACET_SIZE:]
    return FacetedResult(hits, total, facets)
