"""An entity's neighbourhood as JSON (``/api/entities/{id}/graph``) and as an SVG page (``/graph/{id}``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from ..graphview import neighbourhood
from ..web import render
from ._common import UserView

router = APIRouter(tags=["graph"])

Limit = Annotated[int, Query(ge=1, le=100, description="most neighbours to return")]


@router.get("/api/entities/{entity_id}/graph", summary="The entities that share documents with one entity")
def graph_api(view: UserView, entity_id: str, limit: Limit = 24) -> dict[str, Any]:
    return neighbourhood(view, entity_id, limit)


@router.get("/graph/{entity_id}", include_in_schema=False)
def graph_page(request: Request, view: UserView, entity_id: str, limit: Limit = 24) -> Response:
    data = neighbourhood(view, entity_id, limit)
    where = {n["id"]: n for n in data["nodes"]}
    lines = [
        {
            "x1": where[e["source"]]["x"],
            "y1": where[e["source"]]["y"],
            "x2": where[e["target"]]["x"],
            "y2": where[e["target"]]["y"],
            "weight": e["weight"],
        }
        for e in data["edges"]
    ]
    return render(request, "graph.html", {"graph": data, "lines": lines, "center": data["nodes"][0]}, data)
