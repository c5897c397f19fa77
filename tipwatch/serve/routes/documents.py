"""A document with its text and its facts: ``GET /api/documents/{id}`` and ``/documents/{id}``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from ...model import Facts
from ..highlight import fact_items, mark_text
from ..web import render
from ._common import UserView, document_json

router = APIRouter(tags=["documents"])

MAX_ENTITIES = 2000  # entities a document page lists at most


def _document(view: UserView, doc_id: str) -> tuple[dict[str, Any], Facts | None]:
    if view.full:  # an analyst's every read of protected details is logged: never from a cache
        return _build(view, doc_id)
    found: tuple[dict[str, Any], Facts | None] = view.cached(
        ("document", doc_id), lambda: _build(view, doc_id)
    )
    return found


def _build(view: UserView, doc_id: str) -> tuple[dict[str, Any], Facts | None]:
    doc, facts = view.document(doc_id)
    data = document_json(doc, facts)
    data["entities"] = [
        {"id": e.id, "kind": e.kind, "name": view.entity_name(e)}
        for e in view.store.entity_summaries(doc_id=doc.id, limit=MAX_ENTITIES)
    ]
    cases = view.case_summaries(ids=view.store.case_ids_of_document(doc.id), limit=1000)
    data["cases"] = [{"id": c.id, "title": view.case_title(c)} for c in cases]
    return data, facts


@router.get("/api/documents/{doc_id}", summary="A document with its text and facts with evidence")
def document_api(view: UserView, doc_id: str) -> dict[str, Any]:
    """The document (an id prefix of 6+ characters will do) with its facts, entities and cases."""
    return _document(view, doc_id)[0]


@router.get("/documents/{doc_id}", include_in_schema=False)
def document_page(request: Request, view: UserView, doc_id: str) -> Response:
    data, facts = _document(view, doc_id)
    items = fact_items(facts)
    context = {"doc": data, "items": items, "marked": mark_text(data["text"], items)}
    return render(request, "document.html", context, data)
