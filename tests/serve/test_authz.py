"""Who gets what: every route of tipwatch/serve/app.py times every role (none, viewer, analyst, admin).

``RULES`` names each route the app serves, read from ``app.routes``; a route added without
a rule fails ``test_authz_every_route_has_a_rule``. For each rule the matrix asserts:

- no account: 401 with a JSON reason for the API, a redirect to the login form for pages;
- viewer: 200 with every victim's name hidden (or 403 on admin routes);
- analyst: 200 with the protected details, and a new access-log line where they are shown;
- admin: what an analyst gets, plus the account routes.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import pytest
from starlette.routing import Mount
from stories import VICTIM, TestClient, build_store, leaks

from tipwatch.serve.app import create_app
from tipwatch.settings import load_settings
from tipwatch.store import SQLiteStore

ROLES = ("none", "viewer", "analyst", "admin")


@dataclass(frozen=True)
class Rule:
    """How one route answers each role; ``url`` may name fixture ids as {rescue}, {victim}, {case}."""

    url: str
    access: str = "user"  # "public", "user" (any account) or "admin"
    shows_protected: bool = False  # an analyst's answer holds the victim's name...
    logs: bool = False  # ...and the read is written to the access log
    body: dict[str, str] | None = field(default=None, hash=False)  # form or JSON body of a POST
    ok: int = 200


RULES: dict[tuple[str, str], Rule] = {
    ("MOUNT", "/static"): Rule("/static/style.css", access="public"),
    ("GET", "/login"): Rule("/login", access="public"),
    ("POST", "/login"): Rule("/login", access="public"),  # checked in its own test below
    ("POST", "/logout"): Rule("/logout", access="public"),  # likewise
    ("GET", "/api/me"): Rule("/api/me"),
    ("GET", "/api/documents"): Rule("/api/documents?q=Tapullima", shows_protected=True, logs=True),
    ("GET", "/search"): Rule("/search?q=rescued", shows_protected=True, logs=True),
    ("GET", "/"): Rule("/?q=rescued", shows_protected=True, logs=True),
    ("GET", "/api/documents/{doc_id}"): Rule("/api/documents/{rescue}", shows_protected=True, logs=True),
    ("GET", "/documents/{doc_id}"): Rule("/documents/{rescue}", shows_protected=True, logs=True),
    ("GET", "/api/entities"): Rule("/api/entities", shows_protected=True, logs=True),
    ("GET", "/entities"): Rule("/entities", shows_protected=True, logs=True),
    ("GET", "/api/entities/{entity_id}"): Rule("/api/entities/{victim}", shows_protected=True, logs=True),
    ("GET", "/entities/{entity_id}"): Rule("/entities/{victim}", shows_protected=True, logs=True),
    ("GET", "/api/entities/{entity_id}/graph"): Rule(
        "/api/entities/{suspect}/graph", shows_protected=True, logs=True
    ),
    ("GET", "/graph/{entity_id}"): Rule("/graph/{suspect}", shows_protected=True, logs=True),
    ("GET", "/api/cases"): Rule("/api/cases", shows_protected=True, logs=True),
    ("GET", "/cases"): Rule("/cases", shows_protected=True, logs=True),
    ("GET", "/api/cases/{case_id}"): Rule("/api/cases/{case}", shows_protected=True, logs=True),
    ("GET", "/cases/{case_id}"): Rule("/cases/{case}", shows_protected=True, logs=True),
    ("GET", "/countries"): Rule("/countries"),
    ("GET", "/countries/{cc}"): Rule("/countries/PE", logs=True),  # profiles never name victims
    ("GET", "/compare"): Rule("/compare?cc=PE&cc=BO"),
    ("GET", "/openapi.json"): Rule("/openapi.json"),
    ("GET", "/docs"): Rule("/docs"),
    ("GET", "/api/users"): Rule("/api/users", access="admin"),
    ("POST", "/api/users"): Rule("/api/users", access="admin", body={"role": "viewer"}, ok=201),
    ("DELETE", "/api/users/{name}"): Rule("/api/users/spare-{role}", access="admin"),
    ("GET", "/api/audit"): Rule("/api/audit", access="admin"),
    ("GET", "/users"): Rule("/users", access="admin"),
    ("POST", "/users"): Rule("/users", access="admin", body={"action": "add", "role": "viewer"}),
}


def _walk(routes, prefix: str = ""):
    """(method, path) of every route, through FastAPI's included routers and mounts."""
    for route in routes:
        if hasattr(route, "original_router"):  # FastAPI 0.165 wraps each included router
            yield from _walk(route.original_router.routes, prefix + route.include_context.prefix)
        elif isinstance(route, Mount):
            yield "MOUNT", prefix + route.path
        else:
            for method in sorted(route.methods - {"HEAD"}):
                yield method, prefix + route.path


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    path = tmp_path_factory.mktemp("authz") / "authz.db"
    stored = build_store(str(path))
    app = create_app(load_settings(env={}, db_url=f"sqlite:///{path}"))
    clients = {}
    with TestClient(app, base_url="https://testserver") as anonymous:
        clients["none"] = anonymous
        opened = []
        for role in ROLES[1:]:
            client = TestClient(app, base_url="https://testserver")
            client.__enter__()
            opened.append(client)
            assert client.post("/login", data={"token": stored.tokens[role]}).status_code == 200
            clients[role] = client
        admin = {"Authorization": f"Bearer {stored.tokens['admin']}"}
        for role in ROLES:
            made = anonymous.post(
                "/api/users", json={"name": f"spare-{role}", "role": "viewer"}, headers=admin
            )
            assert made.status_code == 201
        yield app, clients, stored, path
        for client in opened:
            client.__exit__(None, None, None)


def test_authz_every_route_has_a_rule(world):
    app = world[0]
    served = set(_walk(app.routes))
    assert served == set(RULES), f"routes without a rule: {served - set(RULES)}; stale: {set(RULES) - served}"


def _url(rule: Rule, stored, role: str) -> str:
    return rule.url.format(
        rescue=stored.rescue,
        victim=stored.victim_entity,
        suspect=stored.suspect_entity,
        case=stored.case_id,
        role=role,
    )


def _is_api(url: str) -> bool:
    return url.startswith(("/api/", "/openapi.json"))


def _log_size(path, user: str) -> int:
    with SQLiteStore(path) as store:
        return len(store.access_log(user=user, limit=100_000))


_serial = itertools.count()


def _call(client, method: str, rule: Rule, url: str, role: str, token: str | None):
    headers = {"Authorization": f"Bearer {token}"} if token and _is_api(url) else {}
    if method == "MOUNT":
        method = "GET"
    kwargs = {}
    if rule.body is not None:
        body = {**rule.body, "name": f"made-by-{role}-{next(_serial)}"}
        kwargs = {"json": body} if _is_api(url) else {"data": body}
    return client.request(method, url, headers=headers, follow_redirects=False, **kwargs)


MATRIX = [
    key
    for key, rule in RULES.items()
    if key not in {("POST", "/login"), ("POST", "/logout")}  # they change the session: own tests
]


@pytest.mark.parametrize("key", MATRIX, ids=[f"{m} {p}" for m, p in MATRIX])
def test_authz_role_matrix(world, key):
    app, clients, stored, path = world
    method, _ = key
    rule = RULES[key]
    for role in ROLES:
        url = _url(rule, stored, role)
        client = clients[role]
        token = stored.tokens.get(role)
        user = f"{role}-one"
        before = _log_size(path, user) if role != "none" else 0
        answer = _call(client, method, rule, url, role, token)
        where = f"{role} {method} {url}"
        if rule.access == "public":
            assert answer.status_code == 200, where
            continue
        if role == "none":
            if _is_api(url):
                assert answer.status_code == 401, where
                assert answer.json()["status"] == 401 and answer.json()["error"], where
                assert answer.headers["www-authenticate"] == "Bearer", where
            else:
                assert answer.status_code == 303, where
                assert answer.headers["location"].startswith("/login?next=%2F"), where
            continue
        if rule.access == "admin" and role != "admin":
            assert answer.status_code == 403, where
            assert "needs the admin role" in answer.text, where
            continue
        assert answer.status_code == rule.ok, f"{where}: {answer.status_code} {answer.text[:200]}"
        if role == "viewer":
            assert leaks(answer.text) == [], where
            assert _log_size(path, user) == before, f"{where}: a viewer's read is not an access to log"
        elif rule.shows_protected:
            assert VICTIM in answer.text or "Tapullima" in answer.text, where
        if role in ("analyst", "admin") and rule.logs:
            assert _log_size(path, user) > before, f"{where}: the read was not logged"


def test_authz_page_json_alternates_answer_401_not_a_redirect(world):
    _, clients, stored, _ = world
    for url in (f"/documents/{stored.rescue}.json", "/cases.json", "/index.json", "/countries/PE.json"):
        answer = clients["none"].get(url, follow_redirects=False)
        assert answer.status_code == 401, url
        assert answer.json()["status"] == 401


def test_authz_login_form_post_and_logout(world):
    app, _, stored, _ = world
    with TestClient(app, base_url="https://testserver") as client:
        assert client.post("/login", data={"token": "nope"}, follow_redirects=False).status_code == 401
        for role in ROLES[1:]:
            answer = client.post("/login", data={"token": stored.tokens[role]}, follow_redirects=False)
            assert answer.status_code == 303
            assert client.get("/api/me").json()["role"] == role
            assert client.post("/logout", follow_redirects=False).status_code == 303
            assert client.get("/api/me").status_code == 401
        assert client.post("/logout", follow_redirects=False).status_code == 303  # no session: harmless


def test_authz_revoked_admin_is_refused_at_once(world):
    app, clients, stored, path = world
    admin = {"Authorization": f"Bearer {stored.tokens['admin']}"}
    made = clients["none"].post("/api/users", json={"name": "short-lived", "role": "admin"}, headers=admin)
    theirs = {"Authorization": f"Bearer {made.json()['token']}"}
    assert clients["none"].get("/api/users", headers=theirs).status_code == 200
    assert clients["none"].delete("/api/users/short-lived", headers=admin).status_code == 200
    assert clients["none"].get("/api/users", headers=theirs).status_code == 401
    assert (
        clients["none"].post("/api/users", json={"name": "x2", "role": "admin"}, headers=theirs).status_code
        == 401
    )
