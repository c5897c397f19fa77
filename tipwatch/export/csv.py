"""Bundle -> CSV: one row per fact, the flat table a spreadsheet user filters and pivots.

Columns (``COLUMNS``): the document (id, name, title, published, language), what the fact
is (``kind``: country, place, person, organization, exploitation, indicator, victims,
event, money), its ``name`` or value, ``role`` (a person's roles, an organisation's kind,
a money context), ``country``, ``detail`` (subdivision, count, date, amount), the
``entity_id`` it was resolved to, and its first evidence sentence with offsets and the
number of sentences in all. RFC 4180 quoting and line ends (``\\r\\n``), UTF-8.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading apostrophe: spreadsheets would run it as a formula (CSV injection), and the quotes
are text from the web.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any, TextIO

from ..model import Evidence, Facts
from .bundle import Bundle, DocumentRecord

COLUMNS = [
    "doc_id", "doc_name", "doc_title", "published", "language", "kind", "name", "role", "country",
    "detail", "entity_id", "quote", "quote_start", "quote_end", "quotes",
]  # fmt: skip
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def iter_rows(bundle: Bundle) -> Iterator[dict[str, Any]]:
    """One dict per fact, documents by id, facts in their stored order."""
    for rec in bundle.documents:
        if rec.facts is not None:
            yield from _rows(rec, rec.facts)


def _rows(rec: DocumentRecord, f: Facts) -> Iterator[dict[str, Any]]:
    doc = rec.doc
    base = {"doc_id": doc.id, "doc_name": doc.name, "doc_title": doc.title or "", "published": doc.published or "",
            "language": doc.language or ""}  # fmt: skip
    entity = {(x.kind, x.name): x.entity_id for x in rec.links}

    def row(kind: str, name: Any, evidence: list[Evidence], **more: Any) -> dict[str, Any]:
        first = evidence[0] if evidence else None
        out = {**base, "kind": kind, "name": name, "role": "", "country": "", "detail": "", "entity_id": ""}
        out.update({k: v for k, v in more.items() if v is not None})
        out.update(
            quote=first.quote if first else "",
            quote_start=first.start if first else "",
            quote_end=first.end if first else "",
            quotes=len(evidence),
        )
        return out

    for c in f.countries:
        yield row("country", c.value, c.evidence, country=c.value)
    for p in f.places:
        yield row("place", p.name, p.evidence, country=p.country, detail=p.subdivision,
                  entity_id=entity.get(("place", p.name)))  # fmt: skip
    for person in f.persons:
        yield row("person", person.name, person.evidence, role=";".join(person.roles),
                  detail=f"age {person.age}" if person.age is not None else None,
                  entity_id=entity.get(("person", person.name)))  # fmt: skip
    for o in f.organizations:
        yield row("organization", o.name, o.evidence, role=o.kind, detail=";".join(o.aliases),
                  entity_id=entity.get(("organization", o.name)))  # fmt: skip
    for x in f.exploitation:
        yield row("exploitation", x.value, x.evidence)
    for x in f.indicators:
        yield row("indicator", x.value, x.evidence)
    v = f.victims
    parts = [f"{k} {val}" for k, val in (("count", v.count), ("minors", v.minors), ("age_min", v.age_min),
             ("age_max", v.age_max)) if val is not None]  # fmt: skip
    if v.sexes:
        parts.append("sexes " + ",".join(v.sexes))
    if parts:
        evidence = [e for k in sorted(v.evidence) for e in v.evidence[k]]
        yield row("victims", "" if v.count is None else v.count, evidence, detail="; ".join(parts))
    for e in f.events:
        detail = "; ".join(
            f"{k} {val}" for k, val in (("count", e.count), ("date", e.date)) if val is not None
        )
        yield row("event", e.type, e.evidence, country=e.country, detail=detail, role=e.source)
    for m in f.money:
        amount = f"{m.amount:g}" + (f"-{m.amount_max:g}" if m.amount_max is not None else "")
        yield row("money", f"{amount} {m.currency}", m.evidence, role=m.context, detail=m.source)


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def write_csv(bundle: Bundle, out: TextIO) -> int:
    """Write the bundle as CSV with a header row; returns the number of data rows."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    n = 0
    for r in iter_rows(bundle):
        writer.writerow({k: _cell(v) for k, v in r.items()})
        n += 1
    return n
