"""Bundle -> GraphML (networkx's writer), for Gephi, Cytoscape or ``networkx.read_graphml``.

Nodes carry ``type`` (document, person, organization, place, country, event, case) and
``label`` (what a graph tool shows); edges carry ``label``:

* ``mentions``   document -> person / organization / place (with ``role`` and ``quote``)
* ``reports``    document -> event, case -> document
* ``located_in`` place -> country, event -> country
* ``named_with`` person -> organization, named in the same sentence of a document
* ``involved_in`` person / organization / place -> case
* ``part_of``    a step of a case's timeline -> its case

A directed multigraph: two documents may name the same pair, and an edge's key is its
label. Attributes that are unknown are left off (GraphML has no null). Nodes and edges are
added in a fixed order, so equal stores give equal files.
"""

from __future__ import annotations

import io
import re
from typing import Any, TextIO

import networkx as nx

from .bundle import Bundle, iter_evidence_quotes

MAX_QUOTE = 500  # characters of evidence on an edge; graph tools show attributes in one line
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # XML 1.0 forbids these (a PDF's form feed)


def make_graph(bundle: Bundle) -> nx.MultiDiGraph:
    """The bundle as a networkx graph (what ``write_graphml`` serialises)."""
    g = nx.MultiDiGraph()

    def node(node_id: str, kind: str, label: str, **attrs: Any) -> None:
        if node_id not in g:
            g.add_node(node_id, type=kind, label=_safe(label), **_attrs(attrs))

    def edge(src: str, dst: str, label: str, **attrs: Any) -> None:
        if src in g and dst in g and not g.has_edge(src, dst, key=label):
            g.add_edge(src, dst, key=label, label=label, **_attrs(attrs))

    for rec in bundle.documents:
        doc = rec.doc
        node(doc.id, "document", doc.title or doc.name, name=doc.name, published=doc.published,
             language=doc.language, format=doc.format)  # fmt: skip
    for e in bundle.entities:
        node(e.id, e.kind, e.name, countries=",".join(e.countries), protected=e.protected)
        if e.kind == "place":
            for country in e.countries:
                node(f"country:{country}", "country", country)
                edge(e.id, f"country:{country}", "located_in")
    for rec in bundle.documents:
        for link in rec.links:
            edge(
                rec.doc.id, link.entity_id, "mentions", role=",".join(link.roles), quote=_quote(link.evidence)
            )
        for p in (x for x in rec.links if x.kind == "person"):
            spans = {(e.start, e.end) for e in p.evidence}
            for o in (x for x in rec.links if x.kind == "organization"):
                shared = [e for e in o.evidence if (e.start, e.end) in spans]
                if shared:
                    edge(p.entity_id, o.entity_id, "named_with", quote=_quote(shared))
        for i, ev in enumerate(rec.facts.events if rec.facts else []):
            ev_id = f"event:{rec.doc.id}:{i}"
            node(ev_id, "event", ev.type, count=ev.count, date=ev.date, country=ev.country)
            edge(rec.doc.id, ev_id, "reports", quote=_quote(ev.evidence))
            if ev.country:
                node(f"country:{ev.country}", "country", ev.country)
                edge(ev_id, f"country:{ev.country}", "located_in")
    for case in bundle.cases:
        node(case.id, "case", case.title or case.id, first_date=case.first_date, last_date=case.last_date,
             countries=",".join(case.countries), exploitation=",".join(case.exploitation))  # fmt: skip
        for doc_id in case.doc_ids:
            edge(case.id, doc_id, "reports")
        for entity_id in case.entity_ids:
            edge(entity_id, case.id, "involved_in")
        for i, step in enumerate(case.events):
            step_id = f"case-event:{case.id}:{i}"
            node(step_id, "event", step.type, date=step.date, place=step.place, summary=step.summary)
            edge(step_id, case.id, "part_of")
            edge(step.doc_id, step_id, "reports", quote=_quote(step.evidence))
    return g


def _safe(value: str) -> str:
    return _NOT_XML.sub(" ", value)


def _attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    """Known values only (GraphML has no null), strings made valid XML."""
    return {k: _safe(v) if isinstance(v, str) else v for k, v in attrs.items() if v not in (None, "")}


def _quote(evidence: Any) -> str:
    return " | ".join(iter_evidence_quotes(evidence))[:MAX_QUOTE]


def write_graphml(bundle: Bundle, out: TextIO) -> int:
    """Write the bundle as GraphML; returns the number of nodes."""
    g = make_graph(bundle)
    buffer = io.BytesIO()
    nx.write_graphml(g, buffer, encoding="utf-8", prettyprint=True)  # with the XML declaration
    out.write(buffer.getvalue().decode("utf-8"))
    return int(g.number_of_nodes())
