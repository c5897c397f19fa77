"""Commands of resolution (issue 5): resolve, entities, entity, merge, split, cases, case.

Thin wrappers over ``tipwatch.store.resolution`` and the Store's resolution methods. The
CLI is an analyst's tool on their own store: protected persons (victims, minors) are shown
but marked ``[protected]``; viewers go through the API and web UI, which hide them.
"""

from __future__ import annotations

import getpass
import json
from typing import Any

import click

from ..errors import NotFoundError
from ..resolve.model import Case, Entity
from ..store.resolution import merge_entities, refresh_resolution, split_entity
from .cli import cli, store_from

SHORT_DOC = 12
KINDS = ["person", "organization", "place"]


def _author() -> str:
    try:
        return getpass.getuser() or "analyst"
    except (KeyError, OSError):  # no user name in a container
        return "analyst"


def _dump(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


def _summary_line(summary: dict[str, Any]) -> str:
    ents = summary.get("entities") or {}
    counts = ", ".join(f"{n} {k}s" for k, n in ents.items()) if isinstance(ents, dict) else ""
    verdicts = ", ".join(f"{n} {v}" for v, n in (summary.get("judgements") or {}).items())
    return (
        f"resolved {summary.get('mentions', 0)} mentions into {counts or 'no entities'}; "
        f"{summary.get('cases', 0)} cases ({summary.get('multi_document_cases', 0)} across documents); "
        f"automatic judgements: {verdicts or 'none'}"
    )


def _mark(e: Entity) -> str:
    return " [protected]" if e.protected else ""


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.pass_context
def resolve(ctx: click.Context, as_json: bool) -> None:
    """Resolve persons, organisations and places across all documents, and group cases.

    Runs by itself after every ingest that adds documents; run it by hand after changing
    judgements outside tipwatch. Analysts' merges and splits are kept.
    """
    with store_from(ctx) as store:
        summary = refresh_resolution(store)
    if as_json:
        _dump(summary)
        return
    click.echo(_summary_line(summary))
    for line in summary.get("conflicts") or []:
        click.echo(f"conflict: {line}", err=True)


@cli.command()
@click.option("--kind", type=click.Choice(KINDS), help="Only entities of this kind.")
@click.option("--country", metavar="CC", help="Only entities seen in this country (ISO 3166-1, e.g. GT).")
@click.option("--query", "-q", metavar="TEXT", help="Only entities with a name containing TEXT.")
@click.option(
    "--limit", default=50, show_default=True, type=click.IntRange(min=1), help="Most entities to show."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of entities (with mentions).")
@click.pass_context
def entities(
    ctx: click.Context, kind: str | None, country: str | None, query: str | None, limit: int, as_json: bool
) -> None:
    """List resolved entities, those in most documents first."""
    with store_from(ctx) as store:
        found = store.list_entities(kind=kind, country=country, query=query, limit=limit)
    if as_json:
        _dump([e.to_dict() for e in found])
        return
    if not found:
        click.echo("no entities; ingest documents or run 'tipwatch resolve'", err=True)
        return
    for e in found:
        where = ",".join(e.countries) or "-"
        others = [n for n in e.names if n != e.name]
        aka = f"  (also: {'; '.join(others[:4])})" if others else ""
        click.echo(f"{e.id}  {e.kind:<12}  {len(e.doc_ids)} docs  {where:<8}  {e.name}{_mark(e)}{aka}")


@cli.command()
@click.argument("entity_id")
@click.option("--json", "as_json", is_flag=True, help="Print the entity with its mentions as JSON.")
@click.pass_context
def entity(ctx: click.Context, entity_id: str, as_json: bool) -> None:
    """Show one entity: every mention, in every document, with its evidence, and why they are one."""
    with store_from(ctx) as store:
        e = store.get_entity(entity_id)
        docs = {d: store.get_document(d) for d in e.doc_ids}
        cases = sorted(
            {c.id: c for d in e.doc_ids for c in store.cases_of_document(d)}.values(), key=lambda c: c.id
        )
    if as_json:
        out = e.to_dict()
        out["cases"] = [c.id for c in cases if e.id in c.entity_ids]
        _dump(out)
        return
    click.echo(f"{e.id}  {e.kind}  {e.name}{_mark(e)}")
    if len(e.names) > 1:
        click.echo(f"names: {'; '.join(e.names)}")
    click.echo(f"countries: {', '.join(e.countries) or '-'}")
    for key in ("roles", "org_kind", "subdivision", "ages"):
        if e.data.get(key):
            value = e.data[key]
            click.echo(f"{key}: {', '.join(map(str, value)) if isinstance(value, list) else value}")
    click.echo(f"mentions ({len(e.mentions)} in {len(e.doc_ids)} documents):")
    for m in e.mentions:
        doc = docs.get(m.doc_id)
        label = f"{m.doc_id[:SHORT_DOC]} {doc.name if doc else ''}".strip()
        extra = ", ".join(m.data.get("roles") or []) or m.data.get("org_kind") or ""
        click.echo(f"  - {m.name} ({extra or '-'})  in {label}  [{m.key}]")
        for ev in m.evidence:
            click.echo(f'      "{" ".join(ev.quote.split())}" [{ev.start}:{ev.end}]')
    links = e.data.get("links") or []
    if links:
        click.echo("why these are one:")
        for j in links:
            click.echo(f"  - {j['verdict']} {j.get('score')}  by {j['author']}: {j['reason']}")
    linked = [c for c in cases if e.id in c.entity_ids]
    if linked:
        click.echo("cases: " + "; ".join(f"{c.id} {c.title}" for c in linked))


@cli.command()
@click.argument("entity_ids", nargs=-1, required=True)
@click.option("--author", default=None, help="Who decides (default: the login name).")
@click.option("--reason", default="", help="Why, in a few words (kept with the judgement).")
@click.pass_context
def merge(ctx: click.Context, entity_ids: tuple[str, ...], author: str | None, reason: str) -> None:
    """Say that two or more entities are one. The judgement survives every later run and ingest."""
    with store_from(ctx) as store:
        summary = merge_entities(store, list(entity_ids), author=author or _author(), reason=reason)
    click.echo(f"merged into {summary['entity']}")
    click.echo(_summary_line(summary))


@cli.command()
@click.argument("entity_id")
@click.option("--author", default=None, help="Who decides (default: the login name).")
@click.option("--reason", default="", help="Why, in a few words (kept with the judgements).")
@click.pass_context
def split(ctx: click.Context, entity_id: str, author: str | None, reason: str) -> None:
    """Split an entity into its name-groups, kept apart on every later run and ingest."""
    with store_from(ctx) as store:
        summary = split_entity(store, entity_id, author=author or _author(), reason=reason)
    click.echo(f"split into {' '.join(summary['entities'])}")
    click.echo(_summary_line(summary))


def _case_line(c: Case) -> str:
    span = " .. ".join(dict.fromkeys(x for x in (c.first_date, c.last_date) if x)) or "undated"
    where = ",".join(c.countries) or "-"
    return f"{c.id}  {len(c.doc_ids)} docs  {where:<8}  {span:<24}  {c.title}"


@cli.command()
@click.option("--country", metavar="CC", help="Only cases in this country (ISO 3166-1, e.g. PE).")
@click.option(
    "--limit", default=50, show_default=True, type=click.IntRange(min=1), help="Most cases to show."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of cases with their timelines.")
@click.pass_context
def cases(ctx: click.Context, country: str | None, limit: int, as_json: bool) -> None:
    """List cases (one incident reported in one or more documents), most documents first."""
    with store_from(ctx) as store:
        found = store.list_cases(country=country, limit=limit)
    if as_json:
        _dump([c.to_dict() for c in found])
        return
    if not found:
        click.echo("no cases; ingest documents or run 'tipwatch resolve'", err=True)
        return
    for c in found:
        click.echo(_case_line(c))


@cli.command()
@click.argument("case_id")
@click.option("--json", "as_json", is_flag=True, help="Print the case and its timeline as JSON.")
@click.pass_context
def case(ctx: click.Context, case_id: str, as_json: bool) -> None:
    """Show one case: its documents, entities and timeline, each event with its sources."""
    with store_from(ctx) as store:
        c = store.get_case(case_id)
        docs = {d: store.get_document(d) for d in c.doc_ids}
        ents = {}
        for eid in c.entity_ids:
            try:
                ents[eid] = store.get_entity(eid)
            except NotFoundError:  # an entity gone since the last run is only left out
                continue
    if as_json:
        _dump(c.to_dict())
        return
    click.echo(f"{c.id}  {c.title}")
    click.echo(
        f"countries: {', '.join(c.countries) or '-'}; exploitation: {', '.join(c.exploitation) or '-'}"
    )
    click.echo("documents:")
    for d in c.doc_ids:
        doc = docs[d]
        click.echo(f"  - {d[:SHORT_DOC]}  {doc.published or '-'}  {doc.title or doc.name}")
    if ents:
        click.echo("entities:")
        for e in sorted(ents.values(), key=lambda e: (e.kind, e.name)):
            click.echo(f"  - {e.id}  {e.kind:<12}  {e.name}{_mark(e)}")
    click.echo("timeline:")
    for ev in c.events:
        sources = ", ".join(d[:SHORT_DOC] for d in (ev.doc_ids or [ev.doc_id]))
        where = f" ({ev.place})" if ev.place else ""
        click.echo(f"  {ev.date or 'undated':<10}  {ev.summary}{where}  [{sources}]")
        for x in ev.evidence[:1]:
            click.echo(f'      "{" ".join(x.quote.split())}"')
