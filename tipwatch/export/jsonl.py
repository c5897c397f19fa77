"""Bundle -> JSON Lines: one object per line, documents (with facts), then entities, then cases.

Each line has a ``type`` (``document``, ``entity``, ``case``) and the object's own
``to_dict`` shape, keys sorted, so two stores holding the same documents write the same
bytes. A document line leaves out ``path``: where a file lay on one machine is local state,
not evidence, and would make two otherwise equal exports differ.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from .bundle import Bundle


def iter_jsonl(bundle: Bundle) -> Iterator[dict[str, Any]]:
    """The objects of the export in order, before serialisation."""
    for rec in bundle.documents:
        doc = rec.doc.to_dict()
        doc.pop("path", None)
        yield {
            "type": "document",
            "id": rec.doc.id,
            "document": doc,
            "facts": rec.facts.to_dict() if rec.facts is not None else None,
            "entities": sorted({link.entity_id for link in rec.links}),
            "redacted": bundle.redacted,
        }
    for entity in bundle.entities:
        yield {"type": "entity", "resolved": bundle.resolved, **entity.to_dict()}
    for case in bundle.cases:
        yield {"type": "case", **case.to_dict()}


def write_jsonl(bundle: Bundle, out: TextIO) -> int:
    """Write the bundle as JSON Lines; returns the number of lines."""
    n = 0
    for obj in iter_jsonl(bundle):
        out.write(json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")
        n += 1
    return n
