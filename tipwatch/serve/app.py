"""The web app: ``create_app(settings)`` builds a FastAPI app serving the JSON API and the web UI.

Routers, one per area (``serve/routes``), share the store, templates and sessions held on
``app.state``. Three things happen here for every response, in one place each: errors map
to status codes with a one-line reason (``_error_response``), security headers are set
(``SecurityHeaders``), and a page path ending in ``.json`` is read as a request for the
page's JSON (``JsonSuffix``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote

import anyio.to_thread
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import ConfigError, NotFoundError, StoreError, TipwatchError
from ..settings import Settings, load_settings
from .auth import FailureLimiter, SessionStore
from .cache import AnswerCache
from .memory import Trimmer, tune_malloc
from .privacy import ProtectedIndex
from .routes import apidocs, cases, countries, documents, entities, graph, login, search, users
from .web import STATIC, StoreOpener, make_templates, wants_json

log = logging.getLogger(__name__)

# No inline script or style anywhere: every script and stylesheet is a file under /static.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
# Paths that end in .json on their own (the OpenAPI schema) or are files, not pages.
_NOT_PAGES = ("/api/", "/static/", "/openapi.json")


class SecurityHeaders:
    """Adds CSP, nosniff and framing headers to every response; no-store unless it is a static file."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                if not is_static and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))  # pages may hold protected details
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class JsonSuffix:
    """``/documents/ab12.json`` is ``/documents/ab12`` asked for as JSON (``/index.json`` is ``/``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] == "http" and path.endswith(".json") and not path.startswith(_NOT_PAGES):
            page = path[: -len(".json")]
            page = "/" if page == "/index" else page
            scope = {**scope, "path": page, "raw_path": page.encode(), "tipwatch_json": True}
        await self.app(scope, receive, send)


_STATUS: list[tuple[type[TipwatchError], int]] = [
    (NotFoundError, 404),
    (ConfigError, 500),
    (StoreError, 503),
    (TipwatchError, 400),
]


def status_of(exc: TipwatchError) -> int:
    """The HTTP status a library error maps to."""
    return next(status for kind, status in _STATUS if isinstance(exc, kind))


def _one_line(text: object) -> str:
    return " ".join(str(text).split()) or "error"


def _is_page(request: Request) -> bool:
    return not request.url.path.startswith(("/api/", "/openapi.json")) and not wants_json(request)


def _error_response(
    request: Request, status: int, reason: str, headers: dict[str, str] | None = None
) -> Response:
    """The one place an error becomes a response: JSON ``{"error": reason}`` or an error page."""
    reason = _one_line(reason)
    if _is_page(request):
        if status == 401:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        templates: Jinja2Templates = request.app.state.templates
        page = {
            "user": getattr(request.state, "user", None),
            "status": status,
            "reason": reason,
            "json_url": None,
        }
        return templates.TemplateResponse(request, "error.html", page, status_code=status, headers=headers)
    return JSONResponse({"error": reason, "status": status}, status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    async def on_tipwatch(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, TipwatchError)
        status = status_of(exc)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        return _error_response(request, status, str(exc))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return _error_response(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        parts = []
        for err in exc.errors()[:3]:
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
        return _error_response(request, 422, "; ".join(parts) + "; see /docs for the parameters")

    async def on_crash(request: Request, exc: Exception) -> Response:
        log.exception("%s %s failed", request.method, request.url.path)
        response = _error_response(request, 500, "internal error; the server log has the details")
        # Starlette answers a crash from its outermost middleware, outside SecurityHeaders.
        for key, value in [*SECURITY_HEADERS, (b"cache-control", b"no-store")]:
            response.headers.setdefault(key.decode(), value.decode())
        return response

    app.add_exception_handler(TipwatchError, on_tipwatch)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(Exception, on_crash)


def create_app(settings: Settings | None = None) -> FastAPI:
    """A fresh app over the store ``settings.db_url`` names (tests get one each)."""
    settings = settings or load_settings()
    stores = StoreOpener(settings)
    stores.get().close()  # open once now: a bad URL or a newer schema fails at start, not per request
    stores = StoreOpener(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Routes are sync and CPU-bound in Python: more threads than a few per core only add
        # store connections, page caches and malloc heaps, not throughput (bench/soak.py).
        anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
        trimmer = app.state.trimmer = Trimmer()
        trimmer.start()  # hands the C heaps' free pages back every few seconds (serve/memory.py)
        try:
            yield
        finally:
            trimmer.stop()
            stores.close()

    app = FastAPI(
        title="tipwatch",
        version=__version__,
        summary="Reporting on human trafficking as a searchable, cited evidence base.",
        description=(
            "Every route needs a token: `Authorization: Bearer TOKEN` (made by `tipwatch users add`). "
            "Viewers receive victims and minors as placeholders (`victim 1`); analysts see everything "
            "and each read of protected details is logged."
        ),
        docs_url=None,  # /docs is our own page: Swagger UI would load scripts from a CDN
        redoc_url=None,
        openapi_url=None,  # served by routes/apidocs.py, behind a token like everything else
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.stores = stores
    app.state.sessions = SessionStore()
    app.state.login_limiter = FailureLimiter()
    app.state.protected = ProtectedIndex()
    app.state.answers = AnswerCache()
    app.state.templates = make_templates()
    _install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (login, search, documents, entities, cases, graph, users, apidocs, countries):
        app.include_router(module.router)
    app.add_middleware(JsonSuffix)
    app.add_middleware(SecurityHeaders)
    return app


# Threads running sync routes: two per core, at most 8 (anyio's default is 40). On two cores
# bench/soak.py served 78 requests/s with 4 and 69 with 8, at a lower p95 (1.6 s against 1.8).
WORKER_THREADS = min(8, 2 * (os.cpu_count() or 1))


def run(app: Any, host: str, port: int) -> None:
    """Serve ``app`` under uvicorn until interrupted."""
    import uvicorn

    tune_malloc()
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False, server_header=False)
