"""tipwatch/store/__init__.py: open_store picks the backend from TIPWATCH_DB_URL."""

from __future__ import annotations

import pytest

from tipwatch.errors import ConfigError, StoreError
from tipwatch.settings import load_settings
from tipwatch.store import SQLiteStore, open_store, sqlite_path


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///tipwatch.db", "tipwatch.db"),
        ("sqlite:///data/t.db", "data/t.db"),
        ("sqlite:////var/lib/tipwatch/t.db", "/var/lib/tipwatch/t.db"),
        ("sqlite:///:memory:", ":memory:"),
    ],
)
def test_sqlite_path_reads_url(url, path):
    assert sqlite_path(url) == path


def test_open_store_relative_path_is_under_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open_store(load_settings(env={}, db_url="sqlite:///rel.db")) as store:
        assert isinstance(store, SQLiteStore)
        assert store.stats().documents == 0
    assert (tmp_path / "rel.db").exists()


def test_open_store_absolute_path(tmp_path):
    path = tmp_path / "abs.db"
    with open_store(load_settings(env={"TIPWATCH_DB_URL": f"sqlite:///{path}"})) as store:
        assert store.stats().documents == 0
    assert path.exists()


def test_open_store_memory():
    with open_store(load_settings(env={}, db_url="sqlite:///:memory:")) as store:
        assert store.stats().documents == 0


def test_open_store_postgres_unreachable_is_store_error_without_password():
    # Port 1 on the loopback refuses at once: no server, no wait.
    with pytest.raises(StoreError, match="cannot connect") as info:
        open_store(load_settings(env={}, db_url="postgresql://analyst:s3cret@127.0.0.1:1/tip"))
    assert "s3cret" not in str(info.value) and "analyst" not in str(info.value)


def test_open_store_postgres_url_opens_postgres_store(pg_url):
    from tipwatch.store.postgres import PostgresStore

    for url in (pg_url, pg_url.replace("postgresql://", "postgres://", 1)):
        with open_store(load_settings(env={}, db_url=url)) as store:
            assert isinstance(store, PostgresStore)
            assert store.stats().documents == 0


def test_open_store_sqlalchemy_driver_url_raises_config_error():
    with pytest.raises(ConfigError, match="postgresql://USER@HOST/DB") as info:
        open_store(load_settings(env={}, db_url="postgresql+psycopg://analyst:s3cret@db.example/tip"))
    assert "s3cret" not in str(info.value)


@pytest.mark.parametrize("url", ["mysql://u:p@h/db", "tipwatch.db", "sqlite:///", "sqlite://relative.db", ""])
def test_open_store_unknown_url_raises_config_error(url):
    with pytest.raises(ConfigError, match="sqlite:///"):
        open_store(load_settings(env={}, db_url=url))


def test_open_store_context_manager_closes(tmp_path):
    with open_store(load_settings(env={}, db_url=f"sqlite:///{tmp_path / 'c.db'}")) as store:
        pass
    with pytest.raises(Exception, match="closed"):
        store.stats()
