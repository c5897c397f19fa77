"""Hostile requests against tipwatch/serve/app.py: search syntax and SQL, escaping, paths, tokens, headers.

Search: FTS5 syntax, quotes, SQL fragments, NUL and very long input, by hand and from
hypothesis, against the API and the search pages of both roles: 200, or 400/422 with a
one-line reason, never 500. Paths: no request value is read as a file path, and
``/static/`` refuses every spelling of ``..``. Tokens: only a hash is stored and the
check goes through ``hmac.compare_digest``. Headers: every response, errors and static
files included, carries the CSP and its companions.
"""

from __future__ import annotations

import ast
import asyncio
import hashlib
import hmac
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stories import TestClient, build_store, leaks

from tipwatch.serve import auth
from tipwatch.serve.app import create_app
from tipwatch.settings import load_settings
from tipwatch.store import SQLiteStore

SERVE = Path(__file__).resolve().parents[2] / "tipwatch" / "serve"

HOSTILE = [
    '"',
    '""',
    '"unbalanced phrase',
    'bar"',
    'a"b"c"',
    "'",
    "''",
    "'; DROP TABLE documents;--",
    "1' OR '1'='1",
    "x'); DELETE FROM users; --",
    '" OR 1=1 --',
    "UNION SELECT token_hash FROM users",
    "NEAR(police rescued, 3)",
    "NEAR(",
    "NEAR/2",
    "police NEAR/2 rescued",
    "*",
    "**",
    "police*",
    "*police",
    "^police",
    "^",
    "title:police",
    "text:bar",
    "nosuchcolumn:bar",
    "{title text}: police",
    "- police",
    "-police",
    "+police",
    "(police",
    "police)",
    "((((",
    "))",
    "()",
    "police AND",
    "AND",
    "OR",
    "NOT",
    "NOT police",
    "police NOT bar",
    "a OR b AND NOT c",
    ":",
    "\\",
    "%",
    "_",
    "%_%",
    "\x00",
    "police\x00rescued",
    '"police\x00"',
    "\u202epolice",
    "\ufeffbar",
    "𝕡𝕠𝕝𝕚𝕔𝕖",
    "警察",
    "\n\t\r",
    "[police]",
    "<script>alert(1)</script>",
    "%00",
    "%27%20OR%201=1",
    "/* comment */ police",
    "police --",
    "a" * 500,
    "police " * 71,
]
TOO_LONG = ["x" * 501, "police " * 80, "\x00" * 1000]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    path = tmp_path_factory.mktemp("attacks") / "attacks.db"
    stored = build_store(str(path))
    app = create_app(load_settings(env={}, db_url=f"sqlite:///{path}"))
    with TestClient(app, base_url="https://testserver") as client:
        yield app, client, stored, path


def _bearer(stored, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {stored.tokens[role]}"}


def _assert_answered(answer, where: str) -> None:
    assert answer.status_code in (200, 400, 422), f"{where}: {answer.status_code} {answer.text[:300]}"
    if answer.status_code != 200:
        reason = answer.json()["error"] if "json" in answer.headers["content-type"] else answer.text
        assert reason and "internal error" not in reason, where


def _search_everywhere(client, stored, q: str) -> None:
    for role in ("viewer", "analyst"):
        headers = _bearer(stored, role)
        for url in ("/api/documents", "/api/entities"):
            answer = client.get(url, params={"q": q}, headers=headers)
            _assert_answered(answer, f"{role} {url} q={q!r}")
            if role == "viewer":
                assert leaks(answer.text) == [], q
        for url in ("/search", "/entities"):
            answer = client.get(url, params={"q": q}, headers={**headers, "Accept": "text/html"})
            _assert_answered(answer, f"{role} {url} q={q!r}")
            assert "<script>alert" not in answer.text


@pytest.mark.parametrize("q", HOSTILE, ids=[repr(q)[:40] for q in HOSTILE])
def test_attacks_hostile_search_is_answered_never_a_crash(served, q):
    _, client, stored, path = served
    _search_everywhere(client, stored, q)
    answer = client.get("/api/documents", params={"q": q}, headers=_bearer(stored, "analyst"))
    assert answer.status_code == 200, q  # within the length limit, every one is a search
    with SQLiteStore(path) as store:  # and none of them changed the store
        assert store.stats().documents == 3
        assert len(store.list_users()) >= 3


def test_attacks_sql_and_fts_syntax_are_searched_as_words(served):
    _, client, stored, _ = served
    analyst = _bearer(stored, "analyst")

    def ids(q: str) -> set[str]:
        return {
            h["doc_id"] for h in client.get("/api/documents", params={"q": q}, headers=analyst).json()["hits"]
        }

    assert ids("rescued") == {stored.rescue}
    assert ids("rescued OR kiln") == set()  # OR is a word to find, not an operator
    assert ids("title:Iquitos") == set()  # no column filter slips through
    assert ids('"Police in Iquitos"') == {stored.rescue}
    assert ids("'; DROP TABLE documents;--") == set()
    assert ids("Iquit*") == {stored.rescue, stored.follow_up}


@pytest.mark.parametrize("q", TOO_LONG, ids=["x501", "words80", "nul1000"])
def test_attacks_too_long_search_is_422_with_reason(served, q):
    _, client, stored, _ = served
    answer = client.get("/api/documents", params={"q": q}, headers=_bearer(stored, "viewer"))
    assert answer.status_code == 422
    assert "q:" in answer.json()["error"] and "\n" not in answer.json()["error"]


SYNTAX = st.sampled_from(
    ['"', "'", "*", "^", ":", "(", ")", "-", "+", "NEAR", "AND", "OR", "NOT", "/", "\\", "\x00", ";", "--"]
)
QUERIES = st.one_of(
    st.text(max_size=600),
    st.lists(st.one_of(SYNTAX, st.sampled_from(["police", "bar", "Iquitos", "title", " "])), max_size=40).map(
        "".join
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=QUERIES)
def test_attacks_generated_search_is_never_a_crash(served, q):
    _, client, stored, _ = served
    _search_everywhere(client, stored, q)


@pytest.mark.parametrize(
    "url",
    [
        "/api/documents?limit=-1",
        "/api/documents?offset=99999999999999999999",
        "/api/documents?year=%00",
        "/api/documents?country=' OR 1=1--",
        "/api/documents?language=en%27%3B",
        "/api/documents/'%20OR%201=1",
        "/api/documents/%00",
        "/api/entities/..%2F..%2Fetc%2Fpasswd",
        "/api/entities?kind=%27&country=%22",
        "/api/cases?country=%00",
        "/api/cases/%2e%2e",
        "/api/entities/x/graph?limit=1e9",
        "/countries/..%2F..",
        "/countries/%00",
        "/compare?cc=%27;--&cc=..",
        "/api/audit?user=' OR '1'='1",
    ],
)
def test_attacks_hostile_parameters_are_answered(served, url):
    _, client, stored, _ = served
    answer = client.get(url, headers=_bearer(stored, "admin"))
    assert answer.status_code in (200, 400, 404, 422), f"{url}: {answer.status_code} {answer.text[:200]}"


# -- files --------------------------------------------------------------------------


_READS = {"read_text", "read_bytes", "open_text", "open_binary", "FileResponse", "listdir", "scandir"}
_NO_FILES = {"os.cpu_count"}  # os calls that open nothing (app.py sizes its thread pool)


def _file_calls(source: str) -> list[tuple[int, str]]:
    """Calls that touch the file system: builtin open, pathlib.Path, and file-reading methods."""
    tree = ast.parse(source)
    from_pathlib = {
        a.asname or a.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module in ("pathlib", "os", "io", "shutil")
        for a in node.names
    }
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and (func.id == "open" or func.id in from_pathlib or func.id in _READS):
            found.append((node.lineno, func.id))
        elif (
            isinstance(func, ast.Attribute)
            and ast.unparse(func) not in _NO_FILES
            and (
                func.attr in _READS or ast.unparse(func.value) in ("os", "os.path", "pathlib", "io", "shutil")
            )
        ):
            found.append((node.lineno, ast.unparse(func)))
    return found


def test_attacks_no_route_reads_a_file():
    """Routes and the app never open files: the only files served are StaticFiles' own folder."""
    found = []
    for py in sorted([*SERVE.glob("routes/*.py"), *SERVE.glob("*.py")]):
        if py.name.startswith("cli"):
            continue  # commands read the paths their user typed; no request reaches them
        found += [f"{py.name}:{name}" for _, name in _file_calls(py.read_text(encoding="utf-8"))]
    # web.py builds its template and static folders from its own location, never from a request.
    assert found == ["web.py:Path"]
    assert _file_calls("from pathlib import Path\nPath(x).read_text()\nopen(y)\nos.path.join(a)") != []


def _raw_get(app, raw_path: str) -> tuple[int, dict[str, str], bytes]:
    """One request with its path exactly as given, as uvicorn would pass it (no client-side cleanup)."""
    messages: list[dict] = []
    requested = False
    done = asyncio.Event()

    async def receive():
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await done.wait()  # the client goes away once the whole answer is in
        return {"type": "http.disconnect"}

    async def send(message):
        messages.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            done.set()

    path, _, query = raw_path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "https",
        "path": unquote(path),
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 443),
        "state": {},
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body


TRAVERSALS = [
    "/static/../app.py",
    "/static/../../serve/auth.py",
    "/static/%2e%2e/app.py",
    "/static/%2E%2E/%2E%2E/settings.py",
    "/static/..%2fapp.py",
    "/static/..%2f..%2fsettings.py",
    "/static/..%5capp.py",
    "/static/%252e%252e/app.py",
    "/static/....//app.py",
    "/static/%2fetc%2fpasswd",
    "/static//etc/passwd",
    "/static/../../../../../../etc/passwd",
    "/static/%c0%ae%c0%ae/app.py",
    "/static/app.js%00.py",
    "/static/../templates/base.html",
    "/static/.",
    "/static/",
]


@pytest.mark.parametrize("raw", TRAVERSALS)
def test_attacks_static_refuses_every_way_out_of_its_folder(served, raw):
    app = served[0]
    status, headers, body = _raw_get(app, raw)
    assert status in (400, 404, 405), f"{raw}: {status}"
    for secret in (b"def create_app", b"hash_token", b"root:", b"load_settings", b"{% block"):
        assert secret not in body, raw
    assert headers["x-content-type-options"] == "nosniff"


def test_attacks_static_still_serves_its_own_files(served):
    status, headers, body = _raw_get(served[0], "/static/app.js")
    assert status == 200 and headers["content-type"].startswith("text/javascript") and body
    assert "no-store" not in headers.get("cache-control", "")


# -- tokens -------------------------------------------------------------------------


def test_attacks_only_the_tokens_hash_is_stored(served):
    _, _, stored, path = served
    token = stored.tokens["admin"]
    with SQLiteStore(path) as store:
        user = store.get_user("admin-one")
    assert user.token_hash == hashlib.sha256(token.encode()).hexdigest()
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))  # the file and its WAL
    assert token.encode() not in raw


def test_attacks_token_check_goes_through_compare_digest(served, monkeypatch):
    """The lookup is by hash, and the answer is confirmed with hmac.compare_digest, not ==."""
    _, _, stored, path = served
    seen: list[tuple[str, str]] = []
    real = hmac.compare_digest

    def spy(a, b):
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    token = stored.tokens["analyst"]
    with SQLiteStore(path) as store:
        assert auth.user_for_token(store, token).name == "analyst-one"
        digest = hashlib.sha256(token.encode()).hexdigest()
        assert seen == [(store.get_user("analyst-one").token_hash, digest)]
        # A near miss (one character changed) and the stored hash itself are both refused.
        assert auth.user_for_token(store, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
        assert auth.user_for_token(store, digest) is None
        assert auth.user_for_token(store, "x" * 513) is None
        assert auth.user_for_token(store, "") is None


def test_attacks_auth_never_compares_secrets_with_equals():
    """No ``==``/``!=`` in auth.py has a token, hash, digest or session id on either side."""
    tree = ast.parse((SERVE / "auth.py").read_text(encoding="utf-8"))
    secret = ("token", "hash", "digest", "sid")
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and any(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
            names = [ast.unparse(x).lower() for x in (node.left, *node.comparators)]
            assert not any(s in n for n in names for s in secret), ast.unparse(node)


# -- headers ------------------------------------------------------------------------


def _assert_headers(answer, where: str) -> None:
    h = answer.headers
    csp = h.get("content-security-policy", "")
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, where
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "default-src 'self'" in csp, where
    assert h.get("x-content-type-options") == "nosniff", where
    assert h.get("x-frame-options") == "DENY", where
    assert h.get("referrer-policy") == "no-referrer", where


def test_attacks_every_response_carries_security_headers(served):
    app, client, stored, _ = served
    viewer = _bearer(stored, "viewer")
    cases = [
        ("GET", "/login", {}, 200),
        ("GET", "/static/style.css", {}, 200),
        ("GET", "/static/nope.css", {}, 404),
        ("GET", "/api/documents", {}, 401),
        ("GET", "/cases", {}, 303),
        ("GET", "/api/users", viewer, 403),
        ("GET", "/api/documents/ffffffffffff", viewer, 404),
        ("GET", "/documents/ffffffffffff", {**viewer, "Accept": "text/html"}, 404),
        ("GET", "/no/such/page", {}, 404),
        ("PUT", "/api/documents", viewer, 405),
        ("GET", "/api/documents?limit=0", viewer, 422),
        ("POST", "/login", {}, 401),
        ("GET", "/openapi.json", viewer, 200),
        ("GET", "/api/documents?q=bar", viewer, 200),
        ("GET", "/documents.json", viewer, 404),
    ]
    for method, url, headers, status in cases:
        answer = client.request(method, url, headers=headers, follow_redirects=False)
        assert answer.status_code == status, f"{method} {url}: {answer.status_code}"
        _assert_headers(answer, f"{method} {url}")
        if not url.startswith("/static/"):
            assert answer.headers["cache-control"] == "no-store", url


def test_attacks_a_crash_answers_500_with_headers_and_no_details(tmp_path):
    path = tmp_path / "crash.db"
    build_store(str(path))
    app = create_app(load_settings(env={}, db_url=f"sqlite:///{path}"))

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("secret detail from deep inside")

    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as client:
        answer = client.get("/api/boom")
    assert answer.status_code == 500
    assert "secret detail" not in answer.text and answer.json()["error"].startswith("internal error")
    _assert_headers(answer, "500")
    assert answer.headers["cache-control"] == "no-store"
