"""``tipwatch backup FILE`` and ``tipwatch restore FILE``: the store to one file and back, while in use."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ConfigError
from ..settings import Settings
from ..store import sqlite_path
from ..store.backup import backup_store, restore_store
from .cli import cli


def _sqlite_store(settings: Settings) -> str:
    """The SQLite file TIPWATCH_DB_URL names; a PostgreSQL store has its own tools."""
    url = settings.db_url.strip()
    if url.lower().startswith(("postgresql", "postgres")):
        raise ConfigError(
            "TIPWATCH_DB_URL names a PostgreSQL server: back it up with pg_dump and restore with pg_restore"
        )
    return sqlite_path(url)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.pass_context
def backup(ctx: click.Context, file: Path, force: bool) -> None:
    """Copy the store to FILE, safely while the API server or an ingest is using it.

    Uses SQLite's online backup API (a consistent snapshot; writers go on), checks the copy
    with PRAGMA integrity_check and only then moves it into place as one self-contained file.
    """
    info = backup_store(_sqlite_store(ctx.obj), file, overwrite=force)
    click.echo(f"backed up to {file}: {info.summary()}")


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the store even though it holds data.")
@click.pass_context
def restore(ctx: click.Context, file: Path, force: bool) -> None:
    """Bring a backup FILE back as the store named by TIPWATCH_DB_URL.

    FILE is checked first (integrity and schema version). A store that holds data is
    replaced only with --force; otherwise point TIPWATCH_DB_URL at a new file. A running
    server sees the restored store at its next request.
    """
    target = _sqlite_store(ctx.obj)
    info = restore_store(file, target, force=force)
    click.echo(f"restored {file} to {target}: {info.summary()}")
