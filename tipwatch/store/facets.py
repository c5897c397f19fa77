"""Search with filters and facet counts: a query (or none) and filters in, ranked hits, the
total and counts per language, country, exploitation, event type and year out.

``Store.search`` filters on language and country only; the web UI also filters on what the
facts say (exploitation, event types) and on the year. This module does that in SQL over
the SQLite store's tables through its public ``query`` method, so ``sqlite.py`` stays as it
is. Every statement is plain SQL a PostgreSQL store can mirror: the FTS5 MATCH becomes a
``tsvector @@ tsquery``, ``json_each(f.data, '$.events')`` becomes
``jsonb_array_elements(f.data -> 'events')`` and ``json_extract(j.value, '$.type')`` becomes
``j.value ->> 'type'``. A store that offers its own ``faceted_search`` method is used as is.
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
FACET_SAMPLE = 1000  # matches whose facts are read for the exploitation and event facets
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
    sampled: list[str] = field(default_factory=list)  # facets counted over FACET_SAMPLE matches only

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "sampled": list(self.sampled),
            "hits": [h.to_dict() for h in self.hits],
            "facets": {k: [{"value": v, "count": n} for v, n in pairs] for k, pairs in self.facets.items()},
        }


def _where(filters: SearchFilters) -> tuple[str, list[Any]]:
    """SQL conditions on documents ``d`` for the filters, and their parameters."""
    sql: list[str] = []
    params: list[Any] = []
    if filters.language:
        sql.append("d.language = ?")
        params.append(filters.language.strip().lower())
    if filters.country:
        sql.append("EXISTS (SELECT 1 FROM doc_countries c WHERE c.doc_id = d.id AND c.country = ?)")
        params.append(filters.country.strip().upper())
    if filters.year:
        year = filters.year.strip()
        if not _YEAR.match(year):
            return "0 = 1", []  # no document is published in a year that is not a year
        # A range on the indexed column: 'YYYY', 'YYYY-MM' and 'YYYY-MM-DD' all sort inside it.
        sql.append("d.published >= ? AND d.published < ?")
        params += [year, str(int(year) + 1)]
    if filters.exploitation:
        sql.append(
            "EXISTS (SELECT 1 FROM facts f, json_each(f.data, '$.exploitation') j "
            "WHERE f.doc_id = d.id AND json_extract(j.value, '$.value') = ?)"
        )
        params.append(filters.exploitation.strip())
    if filters.event_type:
        sql.append(
            "EXISTS (SELECT 1 FROM facts f, json_each(f.data, '$.events') j "
            "WHERE f.doc_id = d.id AND json_extract(j.value, '$.type') = ?)"
        )
        params.append(filters.event_type.strip())
    return " AND ".join(sql) or "1 = 1", params


# Facet counts over the matched set ``m``, in one statement so the full-text match runs once.
# Language, country and year are columns and are counted exactly. Exploitation and event
# types live in each document's facts JSON, and parsing it is the slow part (about 15 ms
# per 1,000 documents): they are counted over a sample ``s`` of at most FACET_SAMPLE
# matches (the most recently stored), and the result says so in ``sampled``.
_FACET_SQL = """
SELECT 'total', NULL, COUNT(*) FROM m
UNION ALL SELECT 'language', COALESCE(m.language, 'unknown'), COUNT(*) FROM m GROUP BY 2
UNION ALL SELECT 'year', substr(m.published, 1, 4), COUNT(*) FROM m WHERE m.published IS NOT NULL GROUP BY 2
UNION ALL SELECT 'country', c.country, COUNT(*) FROM m JOIN doc_countries c ON c.doc_id = m.id GROUP BY 2
UNION ALL SELECT 'exploitation', json_extract(j.value, '$.value'), COUNT(DISTINCT s.id)
    FROM s JOIN facts f ON f.doc_id = s.id, json_each(f.data, '$.exploitation') j GROUP BY 2
UNION ALL SELECT 'event_type', json_extract(j.value, '$.type'), COUNT(DISTINCT s.id)
    FROM s JOIN facts f ON f.doc_id = s.id, json_each(f.data, '$.events') j GROUP BY 2
"""


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
            f"WHERE documents_fts MATCH ? AND {where} ORDER BY rank LIMIT ? OFFSET ?"
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
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    total = 0
    sql = (
        f"WITH m AS MATERIALIZED ({matched}), "
        f"s AS MATERIALIZED (SELECT id FROM m ORDER BY seq DESC LIMIT {FACET_SAMPLE}) {_FACET_SQL}"
    )
    for facet, value, count in store.query(sql, matched_params):
        if facet == "total":
            total = int(count)
        elif value is not None:
            facets[facet].append((str(value), int(count)))
    for name, pairs in facets.items():
        pairs.sort(key=lambda p: (-p[1], p[0]) if name != "year" else (p[0],), reverse=name == "year")
        del pairs[FACET_SIZE:]
    sampled = ["exploitation", "event_type"] if total > FACET_SAMPLE else []
    return FacetedResult(hits, total, facets, sampled)
