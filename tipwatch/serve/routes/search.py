"""Full-text search with facets: ``GET /api/documents`` and the search page (``/``, ``/search``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from ...labels import EventType, Exploitation
from ...store.facets import FACETS, FacetedResult, SearchFilters, faceted_search
from ..web import render
from ._common import UserView

router = APIRouter(tags=["search"])

PAGE = 20

Text = Annotated[str, Query(max_length=500, description='words, "a phrase" or a prefix*; empty lists all')]
Facet = Annotated[str | None, Query(max_length=64)]
Limit = Annotated[int, Query(ge=1, le=100)]
Offset = Annotated[int, Query(ge=0, le=10_000)]


def _search(view: UserView, q: str, filters: SearchFilters, limit: int, offset: int) -> dict[str, Any]:
    """One page of hits, the total and the facets, as this user may see them.

    The answer is cached per store content version (``serve/cache.py``): one for everyone
    who sees all, one per protected-name index for viewers. An analyst's search that lists
    documents with protected persons is logged every time, cached or not.
    """
    if view.blocks_query(q):
        data = FacetedResult([], 0, {name: [] for name in FACETS}).to_dict()
    else:

        def compute() -> tuple[dict[str, Any], list[str]]:
            result = faceted_search(view.store, q, filters, limit=limit, offset=offset)
            if view.full:
                return result.to_dict(), view.protected_hits(result.hits)
            result.hits = view.hits(result.hits, q)
            return result.to_dict(), []

        data, shown = view.cached(("search", q, filters, limit, offset), compute)
        view.log_search(shown, q)
    return {**data, "limit": limit, "offset": offset, "filters": filters.to_dict()}


@router.get("/api/documents", summary="Search documents (full text, with facets)")
def search_api(
    view: UserView,
    q: Text = "",
    language: Facet = None,
    country: Facet = None,
    exploitation: Facet = None,
    event_type: Facet = None,
    year: Facet = None,
    limit: Limit = PAGE,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Ranked hits with snippets (matches marked ``[like this]``), the total and facet counts.

    Facets: language, country, exploitation, event_type, year. Filters narrow to one value of each.
    """
    filters = SearchFilters(language, country, exploitation, event_type, year)
    return _search(view, q, filters, limit, offset)


def _pages(total: int, limit: int, offset: int) -> dict[str, int | None]:
    return {
        "previous": max(0, offset - limit) if offset > 0 else None,
        "next": offset + limit if offset + limit < total else None,
    }


@router.get("/", include_in_schema=False)
@router.get("/search", include_in_schema=False)
def search_page(
    request: Request,
    view: UserView,
    q: Text = "",
    language: Facet = None,
    country: Facet = None,
    exploitation: Facet = None,
    event_type: Facet = None,
    year: Facet = None,
    offset: Offset = 0,
) -> Response:
    filters = SearchFilters(
        language or None, country or None, exploitation or None, event_type or None, year or None
    )
    data = _search(view, q, filters, PAGE, offset)
    context = {
        # A page never repeats a protected name, not even the one the viewer typed.
        "q": "" if view.blocks_query(q) else q,
        "result": data,
        "pages": _pages(data["total"], PAGE, offset),
        "facet_names": {
            "language": "Language",
            "country": "Country",
            "exploitation": "Exploitation",
            "event_type": "Event",
            "year": "Year",
        },
        "known": {
            "exploitation": [e.value for e in Exploitation],
            "event_type": [e.value for e in EventType],
        },
    }
    return render(request, "search.html", context, data)
