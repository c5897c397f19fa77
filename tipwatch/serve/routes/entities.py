"""Entities across documents: ``/api/entities``, ``/api/entities/{id}`` and their pages."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from ...errors import TipwatchError
from ...resolve.model import EntitySummary
from ..web import render
from ._common import UserView

router = APIRouter(tags=["entities"])

MAX_DOCUMENTS = 500  # an entity page lists at most this many documents

Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=100_000)]


def _summary(view: UserView, e: EntitySummary) -> dict[str, Any]:
    return {
        "id": e.id,
        "kind": e.kind,
        "name": view.entity_name(e),
        "countries": e.countries,
        "documents": e.documents,
        "mentions": e.mentions,
        "protected": e.protected,
    }


def _list(
    view: UserView, q: str | None, kind: str | None, country: str | None, limit: int, offset: int
) -> dict[str, Any]:
    if q and view.blocks_query(q):
        found: list[EntitySummary] = []
    else:
        # Stored and unredacted, shared by every user (names pass through entity_name) and
        # read once per store version; no mentions (the largest entities hold thousands).
        found = view.cached(
            ("entities", kind or None, country or None, q or None, limit, offset),
            lambda: view.store.entity_summaries(
                kind=kind or None, country=country or None, query=q or None, limit=limit, offset=offset
            ),
            stored=True,
        )
    if not view.full and q:
        # A name search must not tell a viewer which entity a protected name belongs to.
        found = [e for e in found if not e.protected]
    return {"entities": [_summary(view, e) for e in found], "limit": limit, "offset": offset}


@router.get("/api/entities", summary="Entities (persons, organisations, places) across documents")
def entities_api(
    view: UserView,
    q: Annotated[str | None, Query(max_length=200)] = None,
    kind: Annotated[str | None, Query(max_length=20)] = None,
    country: Annotated[str | None, Query(max_length=8)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Entities, most documents first; ``q`` matches any of their names."""
    return _list(view, q, kind, country, limit, offset)


@router.get("/entities", include_in_schema=False)
def entities_page(
    request: Request,
    view: UserView,
    q: Annotated[str | None, Query(max_length=200)] = None,
    kind: Annotated[str | None, Query(max_length=20)] = None,
    offset: Offset = 0,
) -> Response:
    data = _list(view, q, kind, None, 100, offset)
    return render(request, "entities.html", {"q": q or "", "kind": kind or "", "data": data}, data)


def _entity(view: UserView, entity_id: str) -> dict[str, Any]:
    entity = view.entity(view.store.get_entity(entity_id))
    data = entity.to_dict()
    data["documents"] = {}
    for doc_id in entity.doc_ids[:MAX_DOCUMENTS]:
        try:
            doc = view.store.get_document(doc_id)
        except TipwatchError:  # a mention of a document deleted since resolution
            continue
        data["documents"][doc_id] = {"title": view.title_of(doc), "published": doc.published}
    data["cases"] = [
        {"id": c.id, "title": view.case_title(c)} for c in view.case_summaries(entity_id=entity.id, limit=100)
    ]
    return data


@router.get("/api/entities/{entity_id}", summary="One entity with every mention across documents")
def entity_api(view: UserView, entity_id: str) -> dict[str, Any]:
    return _entity(view, entity_id)


@router.get("/entities/{entity_id}", include_in_schema=False)
def entity_page(request: Request, view: UserView, entity_id: str) -> Response:
    data = _entity(view, entity_id)
    return render(request, "entity.html", {"entity": data}, data)
