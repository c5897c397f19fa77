"""tipwatch/serve/routes/countries.py: country pages and their JSON through the in-process client."""

from __future__ import annotations

import pytest
from stories import VICTIM, TestClient, build_store, leaks

from tipwatch.serve.app import create_app
from tipwatch.settings import load_settings
from tipwatch.store import SQLiteStore


@pytest.fixture
def served(tmp_path):
    path = tmp_path / "countries.db"
    stored = build_store(str(path))
    app = create_app(load_settings(env={}, db_url=f"sqlite:///{path}"))
    with TestClient(app, base_url="https://testserver") as client:
        yield client, stored, path


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_countries_need_an_account(served):
    client, _, _ = served
    assert client.get("/countries/PE.json").status_code == 401
    assert client.get("/countries/PE", follow_redirects=False).status_code == 303


def test_countries_viewer_gets_profile_without_victim_names(served):
    client, stored, _ = served
    viewer = bearer(stored.tokens["viewer"])
    data = client.get("/countries/PE.json", headers=viewer).json()
    assert data["country"] == "PE" and len(data["documents"]) == 3
    assert any(r["label"] == "protection" for r in data["responses"])  # the rescue
    assert {t["tier"] for t in data["tiers"] if t["year"] == 2015} == {"2"}
    assert all(not e.get("protected") for e in data["entities"])
    for url in ("/countries/PE.json", "/countries/PE", "/compare?cc=PE&cc=GT", "/countries"):
        answer = client.get(url, headers=viewer)
        assert answer.status_code == 200, url
        assert leaks(answer.text) == [], url


def test_countries_analyst_sees_names_and_the_read_is_logged(served):
    client, stored, path = served
    answer = client.get("/countries/PE.json", headers=bearer(stored.tokens["analyst"]))
    assert answer.status_code == 200 and VICTIM in answer.text
    with SQLiteStore(path) as store:
        assert ("analyst-one", "read_country", "PE") in {
            (r.user, r.action, r.target) for r in store.access_log()
        }


def test_countries_page_has_three_charts_and_json_alternate(served):
    client, stored, _ = served
    answer = client.get("/countries/PE", headers=bearer(stored.tokens["viewer"]))
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.text.count("<svg") == 3 and "/static/country.css" in answer.text
    assert 'rel="alternate"' in answer.headers["link"]
    assert client.get("/static/country.css").status_code == 200


def test_countries_range_unknown_code_and_compare(served):
    client, stored, _ = served
    viewer = bearer(stored.tokens["viewer"])
    assert client.get("/countries/PE.json", params={"from": 2030}, headers=viewer).json()["documents"] == []
    missing = client.get("/countries/ZZ.json", headers=viewer)
    assert missing.status_code == 404 and "ISO 3166-1" in missing.json()["error"]
    assert client.get("/countries/PE.json", params={"from": 1200}, headers=viewer).status_code == 422
    rows = client.get("/compare.json", params={"cc": "PE,GT"}, headers=viewer).json()
    assert rows["countries"] == ["PE", "GT"]
    assert next(r for r in rows["rows"] if r["key"] == "documents")["values"] == [3, 0]
    index = client.get("/countries.json", headers=viewer).json()
    assert index["countries"][0] == {"country": "PE", "name": "Peru", "documents": 3}


def test_countries_css_matches_the_report_css():
    from importlib import resources

    static = resources.files("tipwatch") / "serve" / "static" / "country.css"
    report = resources.files("tipwatch") / "analyse" / "templates" / "profile.css"
    assert static.read_text(encoding="utf-8") == report.read_text(encoding="utf-8")
