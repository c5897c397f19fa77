"""The store tests' backends: ``store`` is parametrized so each neutral test runs on SQLite and PostgreSQL.

The PostgreSQL half uses the session server of tests/conftest.py (``pg_url``) and is skipped,
with the reason in the summary, where the server binaries are missing.
"""

from __future__ import annotations

import dataclasses

import pytest

from tipwatch.store import open_store

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path) -> str:
    """A URL naming a new, empty store of each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def open_url(settings):
    """Open a store by URL through open_store, as the CLI does; closed at the end of the test."""
    opened = []

    def open_(url: str):
        s = open_store(dataclasses.replace(settings, db_url=url))
        opened.append(s)
        return s

    yield open_
    for s in opened:
        s.close()


@pytest.fixture
def store(store_url, open_url):
    return open_url(store_url)
