"""tipwatch/serve/app.py and its routers, through FastAPI's in-process client on a real store.

The client speaks https://testserver so that the Secure session cookie is sent back, as
browsers do for https and for http://127.0.0.1.
"""

from __future__ import annotations

import json

import pytest
from stories import OFFICIAL, SUSPECT, VICTIM, TestClient, build_store, leaks

from tipwatch.serve.app import create_app
from tipwatch.settings import load_settings
from tipwatch.store import SQLiteStore


@pytest.fixture
def served(tmp_path):
    path = tmp_path / "serve.db"
    stored = build_store(str(path))
    app = create_app(load_settings(env={}, db_url=f"sqlite:///{path}"))
    with TestClient(app, base_url="https://testserver") as client:
        yield client, stored, path


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_app_refuses_a_call_without_token(served):
    client, stored, _ = served
    answer = client.get("/api/documents", params={"q": "Iquitos"})
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"
    body = answer.json()
    assert body["status"] == 401 and "\n" not in body["error"] and body["error"]
    assert client.get("/api/documents", headers=bearer("not-a-token")).status_code == 401
    assert client.get(f"/api/documents/{stored.rescue}.json").status_code == 401


def test_app_page_without_session_redirects_to_login(served):
    client, stored, _ = served
    answer = client.get(f"/documents/{stored.rescue}", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login?next=%2Fdocuments%2F")


def test_app_analyst_finds_victim_by_name_and_read_is_logged(served):
    client, stored, path = served
    answer = client.get("/api/documents", params={"q": "Tapullima"}, headers=bearer(stored.tokens["analyst"]))
    assert answer.status_code == 200
    hits = answer.json()["hits"]
    assert {h["doc_id"] for h in hits} == {stored.rescue, stored.follow_up}
    assert any("Tapullima" in h["snippet"] for h in hits)
    doc = client.get(f"/api/documents/{stored.rescue}", headers=bearer(stored.tokens["analyst"])).json()
    assert VICTIM in doc["text"]
    assert any(p["name"] == VICTIM and p["age"] == 14 for p in doc["facts"]["persons"])
    with SQLiteStore(path) as store:
        actions = {(r.user, r.action, r.target[:12]) for r in store.access_log()}
    assert ("analyst-one", "read_document", stored.rescue[:12]) in actions
    assert ("analyst-one", "search", stored.rescue[:12]) in actions


def test_app_viewer_never_receives_the_victims_name(served):
    client, stored, _ = served
    viewer = bearer(stored.tokens["viewer"])
    bodies = []
    for q in ("Tapullima", "Yessenia", VICTIM, "Iquitos", "bar", ""):
        answer = client.get("/api/documents", params={"q": q}, headers=viewer)
        assert answer.status_code == 200
        bodies.append(answer.text)
    assert client.get("/api/documents", params={"q": "Tapullima"}, headers=viewer).json()["total"] == 0
    found = client.get("/api/documents", params={"q": "Iquitos bar"}, headers=viewer).json()
    assert stored.rescue in {h["doc_id"] for h in found["hits"]}
    for url in (
        f"/api/documents/{stored.rescue}",
        f"/api/documents/{stored.follow_up}",
        "/api/entities",
        f"/api/entities/{stored.victim_entity}",
        f"/api/entities/{stored.suspect_entity}",
        f"/api/entities/{stored.suspect_entity}/graph",
        "/api/cases",
        f"/api/cases/{stored.case_id}",
    ):
        answer = client.get(url, headers=viewer)
        assert answer.status_code == 200, url
        bodies.append(answer.text)
    for body in bodies:
        assert leaks(body) == []
    doc = client.get(f"/api/documents/{stored.rescue}", headers=viewer).json()
    assert "victim 1" in doc["text"] and SUSPECT in doc["text"] and OFFICIAL in doc["text"]
    victim = next(p for p in doc["facts"]["persons"] if "victim" in p["roles"])
    assert victim["name"] == "victim 1" and victim["age"] is None
    # The redacted copy keeps every evidence offset true.
    for person in doc["facts"]["persons"]:
        for e in person["evidence"]:
            assert doc["text"][e["start"] : e["end"]] == e["quote"]


def test_app_viewer_pages_never_show_the_victims_name(served):
    client, stored, _ = served
    client.post("/login", data={"token": stored.tokens["viewer"], "next": "/"})
    for url in (
        "/",
        "/search?q=Iquitos",
        f"/documents/{stored.rescue}",
        f"/documents/{stored.follow_up}",
        "/entities",
        f"/entities/{stored.victim_entity}",
        f"/entities/{stored.suspect_entity}",
        f"/graph/{stored.suspect_entity}",
        "/cases",
        f"/cases/{stored.case_id}",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert page.headers["content-type"].startswith("text/html")
        assert leaks(page.text) == [], url


def test_app_login_sets_a_strict_session_cookie_and_logout_ends_it(served):
    client, stored, _ = served
    bad = client.post("/login", data={"token": "wrong", "next": "/"}, follow_redirects=False)
    assert bad.status_code == 401 and "not valid" in bad.text
    good = client.post(
        "/login", data={"token": stored.tokens["analyst"], "next": "/cases"}, follow_redirects=False
    )
    assert good.status_code == 303 and good.headers["location"] == "/cases"
    cookie = good.headers["set-cookie"].lower()
    assert "httponly" in cookie and "secure" in cookie and "samesite=strict" in cookie
    assert client.get("/cases").status_code == 200
    client.post("/logout")
    assert client.get("/cases", follow_redirects=False).status_code == 303


def test_app_login_never_redirects_off_site(served):
    client, stored, _ = served
    for target in ("https://elsewhere.example/", "//elsewhere.example/x", "/\\elsewhere"):
        answer = client.post(
            "/login", data={"token": stored.tokens["viewer"], "next": target}, follow_redirects=False
        )
        assert answer.headers["location"] == "/"


def test_app_revoked_token_ends_sessions_and_api_access(served):
    client, stored, path = served
    client.post("/login", data={"token": stored.tokens["viewer"], "next": "/"})
    assert client.get("/cases").status_code == 200
    answer = client.delete("/api/users/viewer-one", headers=bearer(stored.tokens["admin"]))
    assert answer.status_code == 200
    assert client.get("/cases", follow_redirects=False).status_code == 303
    assert client.get("/api/cases", headers=bearer(stored.tokens["viewer"])).status_code == 401


@pytest.mark.parametrize("role, status", [("viewer", 403), ("analyst", 403), ("admin", 200)])
def test_app_only_admins_manage_users(served, role, status):
    client, stored, _ = served
    assert client.get("/api/users", headers=bearer(stored.tokens[role])).status_code == status


def test_app_admin_adds_user_whose_token_works(served):
    client, stored, _ = served
    made = client.post(
        "/api/users", json={"name": "lucia", "role": "viewer"}, headers=bearer(stored.tokens["admin"])
    )
    assert made.status_code == 201
    assert client.get("/api/me", headers=bearer(made.json()["token"])).json() == {
        "name": "lucia",
        "role": "viewer",
    }
    again = client.post(
        "/api/users", json={"name": "lucia", "role": "viewer"}, headers=bearer(stored.tokens["admin"])
    )
    assert again.status_code == 503 and "exists already" in again.json()["error"]
    wrong = client.post(
        "/api/users", json={"name": "x", "role": "owner"}, headers=bearer(stored.tokens["admin"])
    )
    assert wrong.status_code == 422


@pytest.mark.parametrize(
    "url, status",
    [
        ("/api/documents/ffffffffffff", 404),
        ("/api/documents/abc", 404),
        ("/api/entities/no-such-entity", 404),
        ("/api/cases/no-such-case", 404),
        ("/api/documents?limit=0", 422),
        ("/api/documents?year=twenty", 200),
    ],
)
def test_app_errors_map_to_status_with_one_line_reason(served, url, status):
    client, stored, _ = served
    answer = client.get(url, headers=bearer(stored.tokens["analyst"]))
    assert answer.status_code == status
    if status >= 400:
        body = answer.json()
        assert body["status"] == status and body["error"] and "\n" not in body["error"]


def test_app_error_page_for_a_browser(served):
    client, stored, _ = served
    client.post("/login", data={"token": stored.tokens["analyst"], "next": "/"})
    page = client.get("/documents/ffffffffffff")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert "no document with id" in page.text


def test_app_search_facets_and_filters(served):
    client, stored, _ = served
    analyst = bearer(stored.tokens["analyst"])
    data = client.get("/api/documents", headers=analyst).json()
    assert data["total"] == 3
    facets = {k: {f["value"]: f["count"] for f in v} for k, v in data["facets"].items()}
    assert facets["language"] == {"en": 2, "es": 1}
    assert facets["country"] == {"PE": 3}
    assert facets["exploitation"] == {"sex_trafficking": 2, "forced_labor": 1}
    assert facets["event_type"] == {"rescue": 1, "arrest": 1, "charge": 1, "investigation": 1}
    assert facets["year"] == {"2024": 2, "2023": 1}
    narrowed = client.get("/api/documents", params={"exploitation": "forced_labor"}, headers=analyst).json()
    assert [h["doc_id"] for h in narrowed["hits"]] == [stored.labour]
    by_year = client.get(
        "/api/documents", params={"q": "Iquitos", "year": "2024", "language": "es"}, headers=analyst
    )
    assert [h["doc_id"] for h in by_year.json()["hits"]] == [stored.follow_up]


def test_app_page_json_alternates(served):
    client, stored, _ = served
    analyst = bearer(stored.tokens["analyst"])
    by_suffix = client.get(f"/documents/{stored.rescue}.json", headers=analyst)
    by_accept = client.get(f"/documents/{stored.rescue}", headers={**analyst, "Accept": "application/json"})
    api = client.get(f"/api/documents/{stored.rescue}", headers=analyst)
    assert by_suffix.json() == by_accept.json() == api.json()
    page = client.get(f"/documents/{stored.rescue}", headers={**analyst, "Accept": "text/html"})
    assert f'</documents/{stored.rescue}.json>; rel="alternate"' in page.headers["link"]
    assert client.get("/index.json", headers=analyst).json()["total"] == 3
    assert (
        client.get(f"/cases/{stored.case_id}.json", headers=analyst).json()["timeline"][0]["type"] == "rescue"
    )


def test_app_document_page_marks_each_fact(served):
    client, stored, _ = served
    client.post("/login", data={"token": stored.tokens["analyst"], "next": "/"})
    page = client.get(f"/documents/{stored.rescue}").text
    assert 'class="fact-link"' in page and '<mark class="ev" data-ev="' in page
    assert f"{SUSPECT} — suspect, age 47" in page


def test_app_sets_security_headers(served):
    client, stored, _ = served
    for url in ("/login", "/api/documents", "/static/style.css"):
        answer = client.get(url)
        csp = answer.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert answer.headers["x-content-type-options"] == "nosniff"
    assert client.get("/api/documents").headers["cache-control"] == "no-store"


def test_app_pages_have_no_inline_script_and_no_outside_assets(served):
    client, stored, _ = served
    client.post("/login", data={"token": stored.tokens["admin"], "next": "/"})
    for url in ("/", f"/documents/{stored.rescue}", f"/graph/{stored.suspect_entity}", "/users", "/docs"):
        page = client.get(url).text
        assert "<script>" not in page and "http://" not in page and "https://" not in page, url
        assert 'src="/static/app.js"' in page


def test_app_escapes_text_from_documents(tmp_path):
    from tests.conftest import make_doc

    path = tmp_path / "x.db"
    doc = make_doc("<script>alert(1)</script> trafficking ring in Cusco", name="<b>x</b>.txt")
    doc.title = "<img src=x onerror=alert(1)>"
    with SQLiteStore(path) as store:
        store.add_document(doc, doc.text.encode())
        token = build_token(store)
    with TestClient(
        create_app(load_settings(env={}, db_url=f"sqlite:///{path}")), base_url="https://t"
    ) as client:
        client.post("/login", data={"token": token, "next": "/"})
        for url in ("/search?q=trafficking", f"/documents/{doc.id}"):
            page = client.get(url).text
            assert "<script>alert" not in page and "<img src=x" not in page
            assert "&lt;img src=x onerror=alert(1)&gt;" in page


def build_token(store):
    from tipwatch.serve.auth import create_user

    return create_user(store, "someone", "viewer")


def test_app_docs_and_schema_need_a_token(served):
    client, stored, _ = served
    assert client.get("/openapi.json").status_code == 401
    schema = client.get("/openapi.json", headers=bearer(stored.tokens["viewer"])).json()
    assert "/api/documents" in schema["paths"] and "/api/entities/{entity_id}/graph" in schema["paths"]
    client.post("/login", data={"token": stored.tokens["viewer"], "next": "/"})
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/documents/{doc_id}" in docs.text


def test_app_graph_links_entities_that_share_documents(served):
    client, stored, _ = served
    graph = client.get(
        f"/api/entities/{stored.suspect_entity}/graph", headers=bearer(stored.tokens["viewer"])
    ).json()
    names = {n["id"]: n["name"] for n in graph["nodes"]}
    assert names[stored.victim_entity] == "protected person"
    assert {e["target"] for e in graph["edges"] if e["source"] == stored.suspect_entity} >= {
        stored.victim_entity
    }
    weights = {e["target"]: e["weight"] for e in graph["edges"] if e["source"] == stored.suspect_entity}
    assert weights[stored.victim_entity] == 2
    json.dumps(graph)
