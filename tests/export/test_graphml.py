"""tipwatch/export/graphml.py: networkx reads the file back with node types and edge labels."""

from __future__ import annotations

import io
from collections import Counter

import networkx as nx
from exportdata import PROTECTED

from tipwatch.export import export


def _graph(store, tmp_path, redact=False):
    out = io.StringIO()
    export(store, "graphml", out, redact=redact)
    path = tmp_path / "g.graphml"
    path.write_text(out.getvalue(), encoding="utf-8")
    assert out.getvalue().startswith("<?xml")
    return nx.read_graphml(path), out.getvalue()


def test_graphml_reads_back_with_types_and_labels(story_store, tmp_path):
    g, _ = _graph(story_store, tmp_path)
    types = Counter(d["type"] for _, d in g.nodes(data=True))
    assert types == {"document": 2, "person": 3, "organization": 2, "place": 2, "country": 1, "event": 3}
    labels = Counter(d["label"] for *_, d in g.edges(data=True))
    assert set(labels) == {"mentions", "reports", "located_in", "named_with"}
    suspect = next(n for n, d in g.nodes(data=True) if d["label"] == "Rigoberto Letona Paiz")
    assert g.in_degree(suspect) == 2  # both documents mention him
    place = next(n for n, d in g.nodes(data=True) if d["label"] == "Escuintla")
    assert [g.nodes[t]["label"] for _, t in g.out_edges(place)] == ["GT"]


def test_graphml_redacted_shows_a_placeholder(story_store, tmp_path):
    g, text = _graph(story_store, tmp_path, redact=True)
    assert [n for n in PROTECTED if n in text] == []
    people = sorted(d["label"] for _, d in g.nodes(data=True) if d["type"] == "person")
    assert people == ["Marta Quiñónez", "Rigoberto Letona Paiz", "victim 1"]
