"""``tipwatch export``: the whole store as FtM entities, GraphML, JSON Lines or CSV."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import TipwatchError
from ..export import FORMATS, export_store
from .cli import cli, store_from


@cli.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="jsonl",
    show_default=True,
    help="ftm: FollowTheMoney entities (JSON Lines); graphml: a graph for Gephi or networkx; "
    "jsonl: documents with facts, entities, cases; csv: one row per fact.",
)
@click.option(
    "--redact", is_flag=True, help="Replace every victim and minor by a placeholder (victim 1, minor 1)."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file (replaced only when the export succeeds) instead of stdout.",
)
@click.pass_context
def export_command(ctx: click.Context, fmt: str, redact: bool, output: Path | None) -> None:
    """Export every document, fact, entity and case of the store.

    Output is UTF-8 and in a fixed order (by id), so two stores holding the same documents
    give the same bytes. With --redact no victim's or minor's name, age or identifying
    detail is written in any format; shared without --redact, the file names them.
    """
    with store_from(ctx) as store:
        if output is None:
            stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
            try:
                count = export_store(store, fmt, stream, redact=redact)
            finally:
                stream.flush()
                stream.detach()  # stdout stays open for click
        else:
            count = _export_to_file(store, fmt, output, redact)
    where = f" to {output}" if output is not None else ""
    click.echo(f"exported {count} {_unit(fmt)}{where}" + (" (redacted)" if redact else ""), err=True)


def _export_to_file(store: Any, fmt: str, output: Path, redact: bool) -> int:
    """Write beside the target, then rename: a failed export never leaves half a file."""
    folder = output.resolve().parent
    if not folder.is_dir():
        raise TipwatchError(f"{output}: folder {folder} does not exist; create it or choose another path")
    tmp = folder / f".{output.name}.{os.getpid()}.part"
    try:
        with tmp.open("x", encoding="utf-8", newline="") as fh:
            count = export_store(store, fmt, fh, redact=redact)
        os.replace(tmp, output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


def _unit(fmt: str) -> str:
    return {"graphml": "nodes", "csv": "rows"}.get(fmt, "lines")
