"""tipwatch/serve/cache.py, and the search and case answers the app keeps between requests."""

from __future__ import annotations

import threading

import pytest
from stories import SUSPECT, VICTIM, TestClient, build_store, leaks

from tipwatch.model import Document, Evidence, Facts, Person
from tipwatch.serve.app import create_app
from tipwatch.serve.cache import AnswerCache
from tipwatch.settings import load_settings
from tipwatch.store import SQLiteStore


def test_answer_cache_computes_once_per_key_and_version():
    cache = AnswerCache(size=2)
    calls: list[str] = []

    def compute(value: str):
        def run() -> str:
            calls.append(value)
            return value

        return run

    assert cache.get(1, "a", compute("a1")) == "a1"
    assert cache.get(1, "a", compute("a2")) == "a1"  # kept
    assert calls == ["a1"] and (cache.hits, cache.misses) == (1, 1)
    assert cache.get(2, "a", compute("a3")) == "a3"  # the store changed: recomputed
    assert cache.get(1, "a", compute("old")) == "old"  # a request that read an older version
    assert cache.get(2, "a", compute("a4")) == "a3"  # ... did not replace the newer answer
    cache.get(2, "b", compute("b"))
    cache.get(2, "c", compute("c"))  # size 2: "a" was least recently used
    assert cache.get(2, "a", compute("a5")) == "a5"
    assert cache.get(None, "a", compute("x")) == "x" and cache.get(None, "a", compute("y")) == "y"


def test_answer_cache_keeps_answers_pickled_and_gives_each_hit_its_own_copy():
    cache = AnswerCache()
    answer = {"hits": [{"id": "d1", "title": "Labour inspection in Cusco"}], "total": 1}
    first = cache.get(1, "search", lambda: answer)
    assert first is answer  # the request that computed it keeps its own object
    assert all(isinstance(kept, bytes) for kept in cache._entries.values())  # one block per answer
    second = cache.get(1, "search", lambda: {"total": 0})
    assert second == answer and second is not answer
    second["hits"].clear()  # one request changing what it got ...
    assert cache.get(1, "search", lambda: {"total": 0}) == answer  # ... changes nobody else's
    with pytest.raises(TypeError):  # an answer that cannot be kept is an error, not a silent miss
        cache.get(1, "lock", threading.Lock)
    assert cache.get(1, "lock", lambda: "computed again") == "computed again"


def test_answer_cache_is_safe_under_threads():
    cache = AnswerCache(size=8)
    errors: list[BaseException] = []

    def work(seed: int) -> None:
        try:
            for i in range(2000):
                version = (i + seed) // 100
                key = i % 13
                got = cache.get(version, key, lambda v=version, k=key: (v, k))
                assert got[1] == key and got[0] <= version
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_answer_cache_computes_an_entry_once_when_many_miss_it_at_once():
    cache = AnswerCache()
    started = threading.Barrier(8)
    calls: list[int] = []
    answers: list[str] = []

    def slow() -> str:
        calls.append(1)
        threading.Event().wait(0.3)
        return "answer"

    def ask() -> None:
        started.wait()
        answers.append(cache.get(5, "case", slow))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == ["answer"] * 8 and len(calls) == 1

    def broken() -> str:
        raise RuntimeError("the store went away")

    with pytest.raises(RuntimeError):
        cache.get(5, "other", broken)
    assert cache.get(5, "other", lambda: "second try") == "second try"  # a failure is not cached


def test_store_content_version_counts_content_writes_only(tmp_path):
    with SQLiteStore(tmp_path / "v.db") as store:
        start = store.content_version()
        text = "A fictional note from Cusco about a labour inspection."
        doc = Document(id="d" * 64, name="cusco.txt", format="txt", text=text, size=len(text))
        store.add_document(doc, text.encode(), Facts(doc=doc.id))
        after_add = store.content_version()
        assert after_add > start
        store.log_access("someone", "search", doc.id[:12])
        assert store.content_version() == after_add  # reading logs must not empty the caches
        store.put_facts(doc.id, Facts(doc=doc.id, persons=[Person(name="Elmer Quispe", roles=["suspect"])]))
        assert store.content_version() > after_add


@pytest.fixture
def served(tmp_path):
    path = tmp_path / "serve.db"
    stored = build_store(str(path))
    app = create_app(load_settings(env={}, db_url=f"sqlite:///{path}"))
    with TestClient(app, base_url="https://testserver") as client:
        yield client, stored, path, app


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_cached_search_still_logs_each_analyst_read(served):
    client, stored, path, app = served
    analyst = _bearer(stored.tokens["analyst"])
    first = client.get("/api/documents", params={"q": "Iquitos"}, headers=analyst).json()
    second = client.get("/api/documents", params={"q": "Iquitos"}, headers=analyst).json()
    assert first == second and app.state.answers.hits >= 1
    app.state.stores.flush()
    with SQLiteStore(path) as store:
        searches = [r for r in store.access_log(limit=1000) if r.action == "search"]
    assert len(searches) == 2  # one record per request, the cached one included


def test_cached_answers_follow_new_documents_and_stay_redacted(served):
    client, stored, path, app = served
    viewer = _bearer(stored.tokens["viewer"])
    before = client.get("/api/documents", params={"q": "Iquitos"}, headers=viewer).json()
    again = client.get("/api/documents", params={"q": "Iquitos"}, headers=viewer)
    assert again.json() == before and not leaks(again.text)
    case = client.get(f"/api/cases/{stored.case_id}", headers=viewer)
    assert case.status_code == 200 and not leaks(case.text)
    assert not leaks(client.get(f"/api/cases/{stored.case_id}", headers=viewer).text)  # from the cache

    text = f"A fictional follow-up from Iquitos: {SUSPECT} appeared before a judge on Monday."
    doc = Document(id="e" * 64, name="iquitos_court.txt", format="txt", text=text, size=len(text))
    quote = Evidence(text.index(SUSPECT), text.index(SUSPECT) + len(SUSPECT), SUSPECT)
    with SQLiteStore(path) as store:
        store.add_document(
            doc, text.encode(), Facts(doc=doc.id, persons=[Person(SUSPECT, ["suspect"], [quote])])
        )
    after = client.get("/api/documents", params={"q": "Iquitos"}, headers=viewer).json()
    assert after["total"] == before["total"] + 1
    assert doc.id in {h["doc_id"] for h in after["hits"]}
    assert VICTIM not in str(after)
