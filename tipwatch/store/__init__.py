"""Where documents and facts live: ``open_store(settings)`` picks the backend from the URL.

``TIPWATCH_DB_URL`` takes ``sqlite:///relative/path.db``, ``sqlite:////absolute/path.db`` or
``sqlite:///:memory:``. A ``postgresql://`` (or ``postgres://``) URL selects
``store/postgres.py``, a server shared by a team.
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from ..errors import ConfigError
from ..settings import Settings
from .base import SearchHit, Stats, Store
from .sqlite import SQLiteStore

_SQLITE = "sqlite:///"


class ClosableStore(Store, Protocol):
    """A Store that closes itself at the end of a ``with`` block."""

    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


def sqlite_path(db_url: str) -> str:
    """The file path (or ``:memory:``) in a ``sqlite:///`` URL; raises ConfigError otherwise."""
    if not db_url.startswith(_SQLITE):
        raise ConfigError(f"TIPWATCH_DB_URL={db_url!r} is not a sqlite:/// URL; use sqlite:///PATH")
    path = db_url[len(_SQLITE) :]  # "sqlite:////abs" leaves "/abs"; "sqlite:///rel" leaves "rel"
    if not path:
        raise ConfigError(f"TIPWATCH_DB_URL={db_url!r} names no file; use sqlite:///tipwatch.db")
    return path


def open_store(settings: Settings) -> ClosableStore:
    """The store named by ``settings.db_url``, migrated to the current schema."""
    url = settings.db_url.strip()
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "sqlite":
        return SQLiteStore(sqlite_path(url))
    if scheme in ("postgresql", "postgres"):
        from .postgres import PostgresStore  # psycopg is imported only for a PostgreSQL store

        return PostgresStore(url)
    if scheme.startswith("postgresql+"):
        # The URL itself is not echoed: a server URL may carry a password.
        raise ConfigError(
            f"TIPWATCH_DB_URL: {scheme}:// is an SQLAlchemy driver URL; write postgresql://USER@HOST/DB"
        )
    raise ConfigError(
        f"TIPWATCH_DB_URL: unknown kind of store {scheme or url[:20]!r}; use sqlite:///PATH "
        "(e.g. sqlite:///tipwatch.db)"
    )


__all__ = ["ClosableStore", "SQLiteStore", "SearchHit", "Stats", "Store", "open_store", "sqlite_path"]
