"""Failed token checks are limited per client address (tipwatch/serve/auth.py FailureLimiter, routes/login.py).

The app runs with a limiter of 3 failures per 60 s on a clock the test moves, so nothing
sleeps; the default limits are checked separately.
"""

from __future__ import annotations

import pytest
from stories import TestClient, build_store

from tipwatch.serve import auth
from tipwatch.serve.app import create_app
from tipwatch.serve.auth import FailureLimiter
from tipwatch.settings import load_settings


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def limited(tmp_path):
    path = tmp_path / "limit.db"
    stored = build_store(str(path))
    app = create_app(load_settings(env={}, db_url=f"sqlite:///{path}"))
    clock = Clock()
    app.state.login_limiter = FailureLimiter(max_failures=3, window=60, clock=clock)
    with TestClient(app, base_url="https://testserver", client=("192.0.2.7", 40000)) as client:
        yield app, client, stored, clock


def _login(client, token: str):
    return client.post("/login", data={"token": token, "next": "/cases"}, follow_redirects=False)


def test_ratelimit_login_answers_429_with_retry_after_past_the_limit(limited):
    _, client, stored, clock = limited
    for _ in range(3):
        assert _login(client, "guess").status_code == 401
    clock.now += 10
    blocked = _login(client, "guess")
    assert blocked.status_code == 429
    assert blocked.headers["retry-after"] == "50"  # the oldest failure leaves the window in 50 s
    assert "try again in 50 s" in blocked.text and "text/html" in blocked.headers["content-type"]
    assert blocked.headers["x-content-type-options"] == "nosniff"
    # While blocked, even a valid token is not looked at: the answer tells nothing about guesses.
    assert _login(client, stored.tokens["analyst"]).status_code == 429
    clock.now += 50
    assert _login(client, stored.tokens["analyst"]).status_code == 303


def test_ratelimit_bearer_failures_share_the_count_with_the_form(limited):
    _, client, stored, _ = limited
    assert _login(client, "guess").status_code == 401
    for _ in range(2):
        answer = client.get("/api/cases", headers={"Authorization": "Bearer guess"})
        assert answer.status_code == 401
    blocked = client.get("/api/cases", headers={"Authorization": f"Bearer {stored.tokens['viewer']}"})
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) == 60
    assert blocked.json()["status"] == 429 and "too many failed token checks" in blocked.json()["error"]
    assert _login(client, stored.tokens["viewer"]).status_code == 429


def test_ratelimit_is_per_address_and_spares_open_sessions(limited):
    app, client, stored, _ = limited
    assert _login(client, stored.tokens["viewer"]).status_code == 303  # a session opened before
    for _ in range(3):
        _login(client, "guess")
    assert _login(client, "guess").status_code == 429
    assert client.get("/cases").status_code == 200  # the session cookie is no token check
    with TestClient(app, base_url="https://testserver", client=("198.51.100.9", 40000)) as other:
        assert _login(other, stored.tokens["analyst"]).status_code == 303
        assert other.get("/api/me", headers={"Authorization": f"Bearer {stored.tokens['admin']}"}).json() == {
            "name": "admin-one",
            "role": "admin",
        }


def test_ratelimit_success_does_not_clear_the_count(limited):
    _, client, stored, _ = limited
    for _ in range(2):
        _login(client, "guess")
    assert _login(client, stored.tokens["viewer"]).status_code == 303
    assert _login(client, "guess").status_code == 401
    assert _login(client, "guess").status_code == 429


def test_ratelimit_limiter_window_slides_and_memory_is_bounded(monkeypatch):
    clock = Clock()
    limiter = FailureLimiter(max_failures=2, window=10, clock=clock)
    limiter.fail("a")
    clock.now += 6
    limiter.fail("a")
    assert limiter.retry_after("a") == 4
    clock.now += 4
    assert limiter.retry_after("a") == 0  # the first failure has left the window
    limiter.fail("a")
    assert limiter.retry_after("a") == 6
    assert limiter.retry_after("b") == 0
    monkeypatch.setattr(auth, "MAX_TRACKED", 5)
    for n in range(50):
        limiter.fail(f"addr-{n}")
    assert len(limiter._failures) == 5 and "addr-49" in limiter._failures


def test_ratelimit_defaults_are_strict_enough():
    limiter = FailureLimiter()
    assert limiter.max_failures <= 10 and limiter.window >= 60
