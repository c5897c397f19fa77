"""Cases and their timelines: ``/api/cases``, ``/api/cases/{id}`` and their pages."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from ...errors import TipwatchError
from ...resolve.model import CaseSummary
from ..web import render
from ._common import UserView

router = APIRouter(tags=["cases"])

MAX_ENTITIES = 200  # entities a case page lists at most, in the case's order

Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=100_000)]


def _summary(view: UserView, case: CaseSummary) -> dict[str, Any]:
    """A case for lists: its title as the user may see it, no timeline (dates only)."""
    return {
        "id": case.id,
        "title": view.case_title(case),
        "countries": case.countries,
        "exploitation": case.exploitation,
        "documents": case.documents,
        "first_date": case.first_date,
        "last_date": case.last_date,
    }


def _list(view: UserView, country: str | None, limit: int, offset: int) -> dict[str, Any]:
    found = view.case_summaries(country=country or None, limit=limit, offset=offset)
    return {"cases": [_summary(view, c) for c in found], "limit": limit, "offset": offset}


@router.get("/api/cases", summary="Cases (one incident across documents), most documents first")
def cases_api(
    view: UserView,
    country: Annotated[str | None, Query(max_length=8)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    return _list(view, country, limit, offset)


@router.get("/cases", include_in_schema=False)
def cases_page(
    request: Request,
    view: UserView,
    country: Annotated[str | None, Query(max_length=8)] = None,
    offset: Offset = 0,
) -> Response:
    data = _list(view, country, 100, offset)
    return render(request, "cases.html", {"data": data, "country": country or ""}, data)


def _case(view: UserView, case_id: str) -> dict[str, Any]:
    case = view.case(view.stored_case(case_id))
    data = case.to_dict()
    # The timeline in date order; undated events last, in the order resolution gave them.
    data["timeline"] = sorted(data["events"], key=lambda e: (e["date"] is None, e["date"] or ""))
    data["documents"] = {}
    for doc_id in case.doc_ids[:500]:
        try:
            doc = view.store.get_document(doc_id)
        except TipwatchError:
            continue
        data["documents"][doc_id] = {"title": view.title_of(doc), "published": doc.published}
    wanted = case.entity_ids[:MAX_ENTITIES]
    found = {e.id: e for e in view.store.entity_summaries(ids=wanted, limit=MAX_ENTITIES)}
    data["entities"] = [
        {"id": e.id, "kind": e.kind, "name": view.entity_name(e)} for e in (found.get(i) for i in wanted) if e
    ]
    return data


@router.get("/api/cases/{case_id}", summary="One case with its timeline, documents and entities")
def case_api(view: UserView, case_id: str) -> dict[str, Any]:
    return _case(view, case_id)


@router.get("/cases/{case_id}", include_in_schema=False)
def case_page(request: Request, view: UserView, case_id: str) -> Response:
    data = _case(view, case_id)
    return render(request, "case.html", {"case": data}, data)
