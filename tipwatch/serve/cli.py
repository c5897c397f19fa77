"""The ``tipwatch`` command: a thin click layer over the library.

Each command loads the settings, opens a library object, calls one function and prints.
Library errors (TipwatchError) become ``Error: message`` on stderr with exit status 1, in
one place (``_Group.invoke``); logging is configured here and nowhere else.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..errors import TipwatchError
from ..extract import make_extractor
from ..extract.contract import to_contract
from ..ingest import iter_files
from ..model import Amount, Event, Evidence, Facts, Place
from ..settings import Settings, load_settings
from ..store import ClosableStore, SQLiteStore, open_store
from ..store.batch import Outcome, extract_items, ingest_items
from ..store.resolution import refresh_resolution

PROGRESS_MIN_FILES = 20  # a progress bar for fewer files only flickers
SHORT_ID = 12


class _ClickHandler(logging.Handler):
    """Writes log records to whatever stderr click sees now (CliRunner swaps it per call)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(self.format(record), err=True)
        except Exception:  # pragma: no cover - logging must never break a command
            self.handleError(record)


def _configure_logging(level: str) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, _ClickHandler):
            root.removeHandler(handler)
    handler = _ClickHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level.upper())


class _Group(click.Group):
    """The top-level group: turns every TipwatchError into one line and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TipwatchError as exc:
            # One line even when a message quotes a multi-line parser error.
            raise click.ClickException(" ".join(str(exc).split())) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tipwatch")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """tipwatch: reporting on human trafficking as a searchable, cited evidence base.

    The store is named by TIPWATCH_DB_URL (default sqlite:///tipwatch.db).
    """
    settings = load_settings()
    try:
        _configure_logging(settings.log_level)
    except ValueError as exc:
        raise click.ClickException(f"TIPWATCH_LOG_LEVEL={settings.log_level!r}: {exc}") from None
    ctx.obj = settings


@contextmanager
def store_from(ctx: click.Context) -> Iterator[ClosableStore]:
    """The store the settings name, closed at the end of the ``with`` block."""
    with _store(ctx) as store:
        yield store


@contextmanager
def _store(ctx: click.Context) -> Iterator[ClosableStore]:
    settings: Settings = ctx.obj
    with open_store(settings) as store:
        yield store


# -- ingest ---------------------------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Print one line per stored or already stored file.")
@click.option(
    "--workers", type=click.IntRange(min=1), help="Extract on a local Dask cluster of N worker processes."
)
@click.option("--scheduler", metavar="URL", help="Extract on an existing Dask cluster (tcp://HOST:PORT).")
@click.pass_context
def ingest(
    ctx: click.Context, paths: tuple[Path, ...], verbose: bool, workers: int | None, scheduler: str | None
) -> None:
    """Read files and folders (recursively) into the store, with their facts.

    Reads text, HTML, PDF, DOCX, Markdown and cables. A file already stored (same bytes)
    is skipped. A file that cannot be read or extracted prints 'path: reason' on stderr
    and the batch goes on; the exit status is 1 if any file failed. The last line says
    how many documents were added, already stored and failed.
    """
    settings: Settings = ctx.obj
    items = list(iter_files(paths))
    show_bar = len(items) > PROGRESS_MIN_FILES and _stderr_is_terminal()
    counts = {"added": 0, "duplicate": 0, "failed": 0}
    with _store(ctx) as store, _progress(len(items), show_bar) as advance:
        if workers or scheduler:
            from ..store.distributed import ingest_items_distributed  # only these runs import dask

            outcomes = ingest_items_distributed(store, items, settings, workers=workers, scheduler=scheduler)
        else:
            outcomes = ingest_items(store, items, settings, make_extractor(settings))
        for outcome in outcomes:
            counts[outcome.status] += 1
            _report(outcome, verbose, show_bar)
            advance()
        if counts["added"]:
            refresh_resolution(store)  # entities and cases follow the new documents
        if isinstance(store, SQLiteStore):
            store.checkpoint()  # a busy server's readers can starve SQLite's own checkpoints
    click.echo(
        f"ingested {counts['added']} documents, {counts['duplicate']} already stored, {counts['failed']} failed"
    )
    if counts["failed"]:
        ctx.exit(1)


def _stderr_is_terminal() -> bool:
    """A progress bar belongs on a terminal, never in a pipe or a log file."""
    return sys.stderr.isatty()


@contextmanager
def _progress(total: int, show: bool) -> Iterator[Any]:
    """A callable that advances a tqdm bar on stderr, or does nothing when not shown."""
    if not show:
        yield lambda: None
        return
    from tqdm import tqdm  # only terminals pay for it

    with tqdm(total=total, file=sys.stderr, unit="file", leave=False) as bar:
        yield lambda: bar.update(1)


def _report(outcome: Outcome, verbose: bool, show_bar: bool) -> None:
    if outcome.status == "failed":
        line, err = outcome.summary(), True
    elif verbose:
        line, err = outcome.summary(), False
    else:
        return
    if show_bar:
        from tqdm import tqdm

        tqdm.write(line, file=sys.stderr if err else sys.stdout)
    else:
        click.echo(line, err=err)


# -- search, stats, show, facts ---------------------------------------------------------------


@cli.command()
@click.argument("query")
@click.option("--lang", "language", metavar="L", help="Only documents in this language (ISO 639-1, e.g. es).")
@click.option(
    "--country", metavar="CC", help="Only documents whose facts name this country (ISO 3166-1, e.g. GT)."
)
@click.option("--limit", default=10, show_default=True, type=click.IntRange(min=1), help="Most hits to show.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of hits (full document ids).")
@click.pass_context
def search(
    ctx: click.Context, query: str, language: str | None, country: str | None, limit: int, as_json: bool
) -> None:
    """Full-text search over titles and texts, best hits first.

    Every word must occur (accents and case do not matter); "a phrase in quotes" must
    occur as written; a word ending in * matches as a prefix (traffick*). Anything else
    is searched as plain words, so no query is a syntax error. Matches in the snippet
    are marked [like this].
    """
    with _store(ctx) as store:
        hits = store.search(query, language=language, country=country, limit=limit)
    if as_json:
        click.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo("no hits", err=True)
        return
    for hit in hits:
        about = "  ".join(x or "-" for x in (hit.published, hit.language))
        click.echo(f"{hit.doc_id[:SHORT_ID]}  {about}  {hit.title or hit.name}")
        click.echo(f"    {hit.snippet}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as one JSON object.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Count stored documents by language, format and year of publication."""
    with _store(ctx) as store:
        result = store.stats()
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"documents: {result.documents} ({result.facts} with facts)")
    for heading, counts in (
        ("language", result.by_language),
        ("format", result.by_format),
        ("year", result.by_year),
    ):
        click.echo(f"by {heading}: " + (", ".join(f"{k} {v}" for k, v in counts.items()) or "-"))


@cli.command()
@click.argument("doc_id")
@click.pass_context
def show(ctx: click.Context, doc_id: str) -> None:
    """Print a stored document's metadata and text. DOC_ID may be a prefix of 6+ characters."""
    with _store(ctx) as store:
        doc = store.get_document(doc_id)
    fields: list[tuple[str, Any]] = [
        ("id", doc.id),
        ("name", doc.name),
        ("title", doc.title),
        ("format", doc.format),
        ("language", doc.language),
        ("published", doc.published),
        ("size", doc.size),
        ("path", doc.path),
    ]
    fields += [(f"meta.{k}", v) for k, v in sorted(doc.meta.items())]
    for key, value in fields:
        if value not in (None, "", [], {}):
            shown = ", ".join(map(str, value)) if isinstance(value, list) else value
            click.echo(f"{key}: {shown}")
    click.echo("")
    click.echo(doc.text)


@cli.command()
@click.argument("doc_id")
@click.option("--json", "as_json", is_flag=True, help="Print the facts in the contract's JSON shape.")
@click.pass_context
def facts(ctx: click.Context, doc_id: str, as_json: bool) -> None:
    """Print the facts stored for a document, each with the sentence it came from."""
    with _store(ctx) as store:
        full = store.get_document(doc_id).id
        found = store.get_facts(full)
    if found is None:
        raise click.ClickException(f"document {full[:SHORT_ID]} has no facts; ingest it with extraction")
    if as_json:
        click.echo(json.dumps(to_contract(found), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(render_facts(found)))


def _quotes(evidence: list[Evidence]) -> list[str]:
    return [f'      "{" ".join(e.quote.split())}" [{e.start}:{e.end}]' for e in evidence]


def _place_line(p: Place) -> str:
    where = ", ".join(x for x in (p.country, p.subdivision) if x)
    return f"{p.name} ({where or '-'})"


def _event_line(e: Event) -> str:
    parts = [
        f"{k} {v}" for k, v in (("count", e.count), ("date", e.date), ("country", e.country)) if v is not None
    ]
    return ", ".join([e.type, *parts])


def _amount_line(m: Amount) -> str:
    upper = f"-{m.amount_max:g}" if m.amount_max is not None else ""
    return f"{m.amount:g}{upper} {m.currency} ({m.context})"


def render_facts(f: Facts) -> list[str]:
    """Facts as readable lines: each fact, then the quoted sentences that support it."""
    out = [f"document: {f.doc}", f"language: {f.language or '-'}", f"published: {f.published or '-'}"]

    def section(title: str, items: list[tuple[str, list[Evidence]]]) -> None:
        out.append(f"{title}:" + ("" if items else " -"))
        for line, evidence in items:
            out.append(f"  - {line}")
            out.extend(_quotes(evidence))

    section("countries", [(c.value, c.evidence) for c in f.countries])
    section("places", [(_place_line(p), p.evidence) for p in f.places])
    section("persons", [(f"{p.name}: {', '.join(p.roles) or '-'}", p.evidence) for p in f.persons])
    section("organizations", [(f"{o.name}: {o.kind}", o.evidence) for o in f.organizations])
    section("exploitation", [(x.value, x.evidence) for x in f.exploitation])
    section("indicators", [(x.value, x.evidence) for x in f.indicators])
    v = f.victims
    victims = [
        (f"{name}: {value}", v.evidence.get(name, []))
        for name, value in (
            ("count", v.count),
            ("minors", v.minors),
            ("age_min", v.age_min),
            ("age_max", v.age_max),
            ("sexes", ", ".join(v.sexes) or None),
        )
        if value is not None
    ]
    section("victims", victims)
    section("events", [(_event_line(e), e.evidence) for e in f.events])
    section("money", [(_amount_line(m), m.evidence) for m in f.money])
    return out


# -- extract ----------------------------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json", "table"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one contract object per line; json: one list; table: readable listing.",
)
@click.pass_context
def extract(ctx: click.Context, paths: tuple[Path, ...], fmt: str) -> None:
    """Extract facts from files without storing them, in the contract's shape.

    Each document gives one object of shared/contract/facts.schema.json (with evidence
    spans); its "doc" is the file's name. A file that fails prints 'path: reason' on
    stderr and the rest goes on; the exit status is 1 if any file failed.
    """
    settings: Settings = ctx.obj
    extractor = make_extractor(settings)  # loaded once for the whole run
    failed = 0
    collected: list[dict[str, Any]] = []
    for outcome in extract_items(iter_files(paths), settings, extractor):
        if outcome.facts is None:
            failed += 1
            click.echo(outcome.summary(), err=True)
            continue
        name = Path(outcome.path).name
        if fmt == "table":
            outcome.facts.doc = name
            click.echo("\n".join(render_facts(outcome.facts)) + "\n")
            continue
        obj = to_contract(outcome.facts)
        obj["doc"] = name
        if fmt == "jsonl":
            click.echo(json.dumps(obj, ensure_ascii=False))
        else:
            collected.append(obj)
    if fmt == "json":
        click.echo(json.dumps(collected, ensure_ascii=False, indent=2))
    if failed:
        ctx.exit(1)


# -- the commands of each later stage live in their own module, registered here -----------
# Each module does ``from .cli import cli, store_from`` and decorates with ``@cli.command()``;
# importing it here (after ``cli`` exists) registers its commands.
from . import (  # noqa: E402  after ``cli`` exists, so each module can register its commands
    cli_admin,  # noqa: F401  migrate
    cli_backup,  # noqa: F401  backup, restore
    cli_export,  # noqa: F401  export
    cli_profile,  # noqa: F401  profile, compare
    cli_resolve,  # noqa: F401  entities, entity, merge, split, resolve, cases, case
    cli_serve,  # noqa: F401  serve, users, audit
)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``tipwatch`` script."""
    cli.main(args=argv, prog_name="tipwatch")
