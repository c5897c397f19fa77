"""``tipwatch migrate --to URL``: move a store to another backend (SQLite to PostgreSQL) without loss."""

from __future__ import annotations

import dataclasses

import click

from ..settings import Settings
from ..store import open_store
from ..store.copy import copy_store
from .cli import cli, store_from


@cli.command()
@click.option(
    "--to",
    "target_url",
    required=True,
    metavar="URL",
    help="The empty store to copy into, e.g. postgresql://USER@HOST/DB.",
)
@click.pass_context
def migrate(ctx: click.Context, target_url: str) -> None:
    """Copy the store (TIPWATCH_DB_URL) into another one, e.g. SQLite to PostgreSQL.

    Every document, its original bytes and facts, the judgements, entities, cases, users and
    the access log are copied in one transaction; the target must be empty. Then each
    table's row count and content checksum are compared and printed, one line per table;
    the exit status is 1 if any differs. The source is not changed.
    """
    settings: Settings = ctx.obj
    if target_url.strip() == settings.db_url.strip():
        raise click.ClickException("--to names the store being copied; give another URL")
    with store_from(ctx) as source, open_store(dataclasses.replace(settings, db_url=target_url)) as target:
        report = copy_store(source, target)
    for check in report.checks:
        click.echo(check.summary())
    if not report.ok:
        click.echo("counts or checksums differ: the copy is not complete", err=True)
        ctx.exit(1)
    total = sum(c.target_rows for c in report.checks)
    click.echo(f"copied {total} rows in {len(report.checks)} tables; counts and checksums match")
