"""Search with filters and facet counts on the PostgreSQL store: ``store/facets.py`` in PostgreSQL.

Takes a query (or none) and ``SearchFilters``; gives the same ``FacetedResult`` as the SQLite
path: ranked hits, the total and counts per language, country, exploitation, event type and
year. The full-text match is ``tsvector @@ tsquery`` in each document's language (as
``PostgresStore.search``); facts are read as ``jsonb``. ``facets.faceted_search`` calls this
through ``PostgresStore.faceted_search``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import SearchHit
from .facets import _YEAR, FACET_SIZE, FACETS, FacetedResult, SearchFilters
from .postgres import HEADLINE, match_sql, split_query

if TYPE_CHECKING:
    from .postgres import PostgresStore

_RANK_WEIGHTS = "{0.1, 0.1, 0.25, 1.0}"

_FACET_SQL = """
SELECT 'total', NULL, COUNT(*) FROM m
UNION ALL SELECT 'language', COALESCE(m.language, 'unknown'), COUNT(*) FROM m GROUP BY 2
UNION ALL SELECT 'year', substr(m.published, 1, 4), COUNT(*) FROM m WHERE m.published IS NOT NULL GROUP BY 2
UNION ALL SELECT 'country', c.country, COUNT(*) FROM m JOIN doc_countries c ON c.doc_id = m.id GROUP BY 2
UNION ALL SELECT 'exploitation', j.value ->> 'value', COUNT(DISTINCT m.id)
    FROM m JOIN facts f ON f.doc_id = m.id,
    jsonb_array_elements(COALESCE(f.data::jsonb -> 'exploitation', '[]')) j GROUP BY 2
UNION ALL SELECT 'event_type', j.value ->> 'type', COUNT(DISTINCT m.id)
    FROM m JOIN facts f ON f.doc_id = m.id,
    jsonb_array_elements(COALESCE(f.data::jsonb -> 'events', '[]')) j GROUP BY 2
"""


def _where(filters: SearchFilters) -> tuple[str, dict[str, Any]]:
    """SQL conditions on documents ``d`` for the filters, and their parameters."""
    sql: list[str] = []
    params: dict[str, Any] = {}

    def clean(value: str) -> str:
        return value.strip().replace("\x00", "")

    if filters.language:
        sql.append("d.language = %(f_lang)s")
        params["f_lang"] = clean(filters.language).lower()
    if filters.country:
        sql.append("EXISTS (SELECT 1 FROM doc_countries c WHERE c.doc_id = d.id AND c.country = %(f_cc)s)")
        params["f_cc"] = clean(filters.country).upper()
    if filters.year:
        year = clean(filters.year)
        if not _YEAR.match(year):
            return "FALSE", {}
        sql.append("d.published >= %(f_y0)s AND d.published < %(f_y1)s")
        params.update({"f_y0": year, "f_y1": str(int(year) + 1)})
    if filters.exploitation:
        sql.append(
            "EXISTS (SELECT 1 FROM facts f WHERE f.doc_id = d.id AND "
            "f.data::jsonb -> 'exploitation' @> jsonb_build_array(jsonb_build_object('value', %(f_ex)s::text)))"
        )
        params["f_ex"] = clean(filters.exploitation)
    if filters.event_type:
        sql.append(
            "EXISTS (SELECT 1 FROM facts f WHERE f.doc_id = d.id AND "
            "f.data::jsonb -> 'events' @> jsonb_build_array(jsonb_build_object('type', %(f_ev)s::text)))"
        )
        params["f_ev"] = clean(filters.event_type)
    return " AND ".join(sql) or "TRUE", params


def faceted_search_pg(
    store: PostgresStore, query: str, filters: SearchFilters, *, limit: int, offset: int, with_facets: bool
) -> FacetedResult:
    """Ranked hits (newest first for an empty query), the total and the facet counts."""
    limit, offset = max(0, limit), max(0, offset)
    where, params = _where(filters)
    parts = split_query(query) if query.strip() else None
    if query.strip() and parts is None:
        return FacetedResult([], 0, {name: [] for name in FACETS} if with_facets else {})
    params.update({"limit": limit, "offset": offset, "hl": HEADLINE})
    if parts is not None:
        q_cols, pick, any_match, match_params = match_sql(parts)
        params.update(match_params)
        head = (
            f"WITH q AS MATERIALIZED (SELECT {q_cols}), matched AS MATERIALIZED ("
            f" SELECT d.seq, d.id, d.language, d.published, t.tq FROM q CROSS JOIN documents d"
            f" CROSS JOIN LATERAL (SELECT CASE tipwatch_tsconfig(d.language) {pick} END AS tq) t"
            f" WHERE ({any_match}) AND d.tsv @@ t.tq AND {where})"
        )
        hits_sql = (
            f"{head} SELECT d.id, d.name, d.title, d.published, d.language, "
            "ts_headline(tipwatch_tsconfig(d.language), d.text, h.tq, %(hl)s), h.rank FROM ("
            f" SELECT m.seq, m.tq, ts_rank('{_RANK_WEIGHTS}', d.tsv, m.tq) AS rank"
            " FROM matched m JOIN documents d ON d.seq = m.seq"
            " ORDER BY rank DESC, m.seq LIMIT %(limit)s OFFSET %(offset)s) h"
            " JOIN documents d ON d.seq = h.seq ORDER BY h.rank DESC, h.seq"
        )
    else:
        head = f"WITH matched AS MATERIALIZED (SELECT d.seq, d.id, d.language, d.published FROM documents d WHERE {where})"
        hits_sql = (
            f"{head} SELECT d.id, d.name, d.title, d.published, d.language, substr(d.text, 1, 240), 0.0 "
            "FROM matched m JOIN documents d ON d.seq = m.seq "
            "ORDER BY d.published IS NULL, d.published DESC, d.seq DESC LIMIT %(limit)s OFFSET %(offset)s"
        )
    rows = store._query(hits_sql, params) if limit else []
    hits = [
        SearchHit(
            doc_id=r[0],
            name=r[1],
            title=r[2],
            published=r[3],
            language=r[4],
            snippet=" ".join((r[5] or "").split()),
            score=float(r[6]),
        )
        for r in rows
    ]
    if not with_facets:
        total = int(store._query(f"{head} SELECT COUNT(*) FROM matched", params)[0][0])
        return FacetedResult(hits, total, {})
    facets: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    total = 0
    facet_sql = head + ", m AS (SELECT id, language, published FROM matched) " + _FACET_SQL
    for facet, value, count in store._query(facet_sql, params):
        if facet == "total":
            total = int(count)
        elif value is not None:
            facets[facet].append((str(value), int(count)))
    for name, pairs in facets.items():
        pairs.sort(key=lambda p: (-p[1], p[0]) if name != "year" else (p[0],), reverse=name == "year")
        del pairs[FACET_SIZE:]
    return FacetedResult(hits, total, facets)


__all__ = ["faceted_search_pg"]
