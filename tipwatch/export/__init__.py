"""Store -> files: ``export(store, fmt, out, redact=False)`` (also ``export_store``) writes jsonl, ftm, graphml or csv.

Every format renders one ``Bundle`` (``bundle.make_bundle``): documents with their facts,
entities (resolved, or grouped from facts until the store is resolved) and cases, in a
fixed order. ``redact=True`` passes everything through ``redact``, the one place that
decides what a viewer may see of victims and minors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO

from ..errors import TipwatchError
from .bundle import Bundle, make_bundle
from .csv import write_csv
from .ftm import write_ftm
from .graphml import write_graphml
from .jsonl import write_jsonl
from .redact import Redactor, protected_names, redact_entity, store_protected_names

WRITERS: dict[str, Callable[[Bundle, TextIO], int]] = {
    "jsonl": write_jsonl,
    "ftm": write_ftm,
    "graphml": write_graphml,
    "csv": write_csv,
}
FORMATS = tuple(WRITERS)


def export_store(store: Any, fmt: str, out: TextIO, *, redact: bool = False) -> int:
    """Write the whole store to ``out`` in ``fmt``; returns how many records were written.

    Records are lines for jsonl and ftm, rows for csv, nodes for graphml.
    """
    writer = WRITERS.get(fmt)
    if writer is None:
        raise TipwatchError(f"export format {fmt!r} is unknown; use one of {', '.join(FORMATS)}")
    return writer(make_bundle(store, redact=redact), out)


export = export_store  # the short name the issue uses: ``export(store, fmt, out, redact=False)``


__all__ = [
    "FORMATS",
    "Bundle",
    "Redactor",
    "export",
    "export_store",
    "make_bundle",
    "protected_names",
    "redact_entity",
    "store_protected_names",
]
