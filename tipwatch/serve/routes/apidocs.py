"""The OpenAPI schema (``/openapi.json``) and a readable page of it (``/docs``), behind a token.

FastAPI's Swagger UI loads its scripts from a CDN and runs inline script; tipwatch serves
every asset itself under a CSP without inline script, so ``/docs`` is a plain page drawn
from the same schema.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from ..auth import CurrentUser
from ..web import render

router = APIRouter(include_in_schema=False)


@router.get("/openapi.json")
def openapi(request: Request, user: CurrentUser) -> Response:
    return JSONResponse(request.app.openapi())


@router.get("/docs")
def docs(request: Request, user: CurrentUser) -> Response:
    schema: dict[str, Any] = request.app.openapi()
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {
                    "name": p["name"],
                    "in": p["in"],
                    "required": p.get("required", False),
                    "description": p.get("description") or p.get("schema", {}).get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": params,
                    "tag": (op.get("tags") or ["other"])[0],
                }
            )
    context = {"info": schema.get("info", {}), "operations": operations}
    return render(request, "apidocs.html", context, schema)
