"""An entity's neighbourhood: the entities that share documents with it, laid out for SVG.

Takes a store (through a View, so protected entities are placeholders for a viewer) and an
entity id; gives nodes (the entity and up to ``limit`` neighbours, most shared documents
first) and edges weighted by the number of documents two entities share, with positions
on a circle around the centre. The page draws it as server-side SVG: no script needed.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from ..errors import TipwatchError
from ..resolve.model import Entity, EntitySummary
from .privacy import View, is_protected

MAX_DOCUMENTS = 200  # documents of the centre read to find neighbours
MAX_NEIGHBOURS = 2000  # entities read per document
SIZE = 640  # the SVG's width and height
RADIUS = 240


def neighbourhood(view: View, entity_id: str, limit: int = 24) -> dict[str, Any]:
    """The graph around one entity: ``{center, nodes, edges}`` as plain JSON."""
    center = view.store.get_entity(entity_id)
    view.entity(center)  # logs an analyst's read of a protected entity
    shared: Counter[str] = Counter()
    found: dict[str, EntitySummary] = {}
    docs_of: dict[str, set[str]] = {}
    for doc_id in center.doc_ids[:MAX_DOCUMENTS]:
        try:
            others = view.store.entity_summaries(doc_id=doc_id, limit=MAX_NEIGHBOURS)
        except TipwatchError:
            continue
        for other in others:
            docs_of.setdefault(other.id, set()).add(doc_id)
            if other.id != center.id:
                shared[other.id] += 1
                found[other.id] = other
    chosen = [
        found[i] for i, _ in sorted(shared.items(), key=lambda kv: (-kv[1], found[kv[0]].name, kv[0]))[:limit]
    ]
    nodes = [_node(view, center, SIZE / 2, SIZE / 2, len(center.doc_ids))]
    for n, other in enumerate(chosen):
        angle = 2 * math.pi * n / max(1, len(chosen)) - math.pi / 2
        x = SIZE / 2 + RADIUS * math.cos(angle)
        y = SIZE / 2 + RADIUS * math.sin(angle)
        nodes.append(_node(view, other, x, y, shared[other.id]))
    edges = [{"source": center.id, "target": o.id, "weight": shared[o.id]} for o in chosen]
    # Neighbours that share documents with each other are linked too (a triangle is a story).
    for i, a in enumerate(chosen):
        for b in chosen[i + 1 :]:
            common = len(docs_of.get(a.id, set()) & docs_of.get(b.id, set()))
            if common:
                edges.append({"source": a.id, "target": b.id, "weight": common})
    return {"center": center.id, "nodes": nodes, "edges": edges, "size": SIZE}


def _node(view: View, entity: Entity | EntitySummary, x: float, y: float, weight: int) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": view.entity_name(entity),
        "kind": entity.kind,
        "protected": is_protected(entity),
        "weight": weight,
        "x": round(x, 1),
        "y": round(y, 1),
    }
