"""``tipwatch serve``, ``tipwatch users add|list|revoke`` and ``tipwatch audit``."""

from __future__ import annotations

import json

import click

from ..settings import Settings
from .auth import create_user, parse_role
from .cli import cli, store_from


@cli.command()
@click.option("--host", default=None, help="Address to bind (default TIPWATCH_HOST, 127.0.0.1).")
@click.option(
    "--port", default=None, type=click.IntRange(1, 65535), help="TCP port (default TIPWATCH_PORT, 8000)."
)
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Serve the web UI and the JSON API (docs at /docs) until interrupted.

    Every page and API call needs a token made by 'tipwatch users add'. Binds 127.0.0.1
    unless told otherwise: put a TLS proxy in front before opening it to a network.
    """
    from .app import create_app, run  # FastAPI loads only for this command

    settings: Settings = ctx.obj
    host = host or settings.host
    port = port or settings.port
    app = create_app(settings)
    click.echo(f"tipwatch serving on http://{host}:{port}/ (Ctrl+C stops it)", err=True)
    run(app, host, port)


@cli.group()
def users() -> None:
    """Accounts of the web UI and API: viewers, analysts and admins."""


@users.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["viewer", "analyst", "admin"]),
    default="viewer",
    show_default=True,
    help="viewer: victims and minors hidden; analyst: sees all, reads logged; admin: also manages users.",
)
@click.pass_context
def users_add(ctx: click.Context, name: str, role: str) -> None:
    """Add an account and print its token once: only a hash of it is kept."""
    parse_role(role)
    with store_from(ctx) as store:
        token = create_user(store, name, role)
        store.log_access("cli", "add_user", name, role)
    click.echo(token)
    click.echo(f"user {name!r} added as {role}; the token above is not shown again", err=True)


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@click.pass_context
def users_list(ctx: click.Context, as_json: bool) -> None:
    """List accounts (name, role, created, revoked); tokens are never shown."""
    with store_from(ctx) as store:
        found = store.list_users()
    if as_json:
        click.echo(json.dumps([u.to_dict() for u in found], indent=2))
        return
    for u in found:
        state = f"revoked {u.revoked_at}" if u.revoked_at else "active"
        click.echo(f"{u.name}\t{u.role}\tcreated {u.created_at}\t{state}")


@users.command("revoke")
@click.argument("name")
@click.pass_context
def users_revoke(ctx: click.Context, name: str) -> None:
    """Revoke an account's token at once (its sessions end on their next request)."""
    with store_from(ctx) as store:
        store.revoke_user(name)
        store.log_access("cli", "revoke_user", name)
    click.echo(f"user {name!r} revoked")


@cli.command()
@click.option("--user", default=None, help="Only this account's records.")
@click.option(
    "--limit", default=50, show_default=True, type=click.IntRange(min=1), help="Most records to show."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@click.pass_context
def audit(ctx: click.Context, user: str | None, limit: int, as_json: bool) -> None:
    """The access log, newest first: analysts' reads of protected details and account changes."""
    with store_from(ctx) as store:
        records = store.access_log(user=user, limit=limit)
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in records], ensure_ascii=False, indent=2))
        return
    for r in records:
        click.echo("\t".join(x for x in (r.at, r.user, r.action, r.target, r.detail) if x is not None))
