"""What every page and API route shares: the request's store, templates and JSON alternates.

Route modules (ours and the country-profile router) write::

    from ..auth import CurrentUser
    from ..web import render, store_of

    @router.get("/countries/{code}")
    def country_page(request: Request, code: str, user: CurrentUser) -> Response:
        store = store_of(request)
        data = {...}                      # plain JSON-able dict, already redacted for the user
        return render(request, "country.html", {"profile": data}, data)

``render`` answers JSON when the client asks for it (``Accept: application/json`` or a path
ending in ``.json``) and HTML otherwise, so each page is its own JSON API. Templates live in
``serve/templates`` and extend ``base.html``; Jinja2 autoescapes every value.
"""

from __future__ import annotations

import re
import threading
import weakref
from pathlib import Path
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from ..errors import ConfigError
from ..settings import Settings
from ..store import ClosableStore, open_store
from .privacy import AccessLogWriter

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def make_templates() -> Jinja2Templates:
    """Jinja2 over serve/templates with autoescaping on for every .html template."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "svg", "xml"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["snippet"] = mark_snippet
    return Jinja2Templates(env=env)


_MATCH = re.compile(r"\[([^\[\]]*)\]")


def mark_snippet(snippet: str) -> Markup:
    """A search snippet as HTML: escaped, with its ``[match]`` marks as ``<mark>`` elements."""
    return Markup(_MATCH.sub(r"<mark>\1</mark>", str(escape(snippet))))


class StoreOpener:
    """One store connection per worker thread, opened on first use.

    SQLite connections may not cross threads, and FastAPI runs each sync route and
    dependency on a thread of its pool; a connection per thread is both safe and cheap
    (WAL lets them all read while one writes). The pool ends threads that idle for 10
    seconds and starts new ones under load, so only weak references are kept here: a
    finished thread's connection is closed when its thread-local storage goes, instead of
    piling up open files for the life of the server.
    """

    def __init__(self, settings: Settings) -> None:
        if ":memory:" in settings.db_url:
            raise ConfigError(
                "TIPWATCH_DB_URL=sqlite:///:memory: gives each server thread its own empty store; "
                "use a file, e.g. sqlite:///tipwatch.db"
            )
        self.settings = settings
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: weakref.WeakSet[ClosableStore] = weakref.WeakSet()
        self.access_log = AccessLogWriter(settings)  # analysts' reads are logged off the request path

    def log_access(self, user: str, action: str, target: str, detail: str = "") -> None:
        """Queue one access-log record for the background writer (see ``AccessLogWriter``)."""
        self.access_log.log(user, action, target, detail)

    def flush(self) -> None:
        """Wait until every queued access-log record is written, before reading the log."""
        self.access_log.flush()

    def get(self) -> ClosableStore:
        """This thread's store."""
        store: ClosableStore | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.settings)
            self._local.store = store
            with self._lock:
                self._opened.add(store)
        return store

    def close(self) -> None:
        """Write the queued access log, then close what can be closed from this thread.

        The rest closes with its thread.
        """
        self.access_log.close()
        with self._lock:
            opened, self._opened = list(self._opened), weakref.WeakSet()
        for store in opened:
            try:
                store.close()
            except Exception:  # noqa: BLE001 - a connection of another thread refuses; it is freed with it
                continue


def store_of(request: Request) -> ClosableStore:
    """The store for this request, on the current thread."""
    opener: StoreOpener = request.app.state.stores
    return opener.get()


def wants_json(request: Request) -> bool:
    """True when the client asked for JSON: a ``.json`` path or an Accept header preferring it."""
    if request.scope.get("tipwatch_json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    data: Any = None,
    *,
    status_code: int = 200,
) -> Response:
    """The page as HTML, or ``data`` (default: ``context``) as JSON when the client asks for JSON."""
    path = request.url.path
    alternate = path.rstrip("/") + ".json" if path != "/" else "/index.json"
    if wants_json(request):
        return JSONResponse(context if data is None else data, status_code=status_code)
    templates: Jinja2Templates = request.app.state.templates
    page = {"user": getattr(request.state, "user", None), "json_url": alternate, **context}
    response = templates.TemplateResponse(request, template, page, status_code=status_code)
    query = request.url.query
    response.headers["Link"] = (
        f'<{alternate}{"?" + query if query else ""}>; rel="alternate"; type="application/json"'
    )
    return response
