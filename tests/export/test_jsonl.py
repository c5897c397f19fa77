"""tipwatch/export/jsonl.py: one object per line, byte-identical for equal stores."""

from __future__ import annotations

import io
import json

import pytest
from exportdata import PROTECTED, fill

from tipwatch.export import export
from tipwatch.model import Document, Facts
from tipwatch.store.sqlite import SQLiteStore


def _jsonl(store, redact=False) -> str:
    out = io.StringIO()
    export(store, "jsonl", out, redact=redact)
    return out.getvalue()


def test_jsonl_lines_round_trip_through_the_model(story_store):
    lines = [json.loads(x) for x in _jsonl(story_store).splitlines()]
    assert [x["type"] for x in lines][:2] == ["document", "document"]
    assert {x["type"] for x in lines} == {"document", "entity"}
    for x in lines:
        if x["type"] == "document":
            doc = Document.from_dict(x["document"])
            facts = Facts.from_dict(x["facts"])
            assert "path" not in x["document"]  # local state, not evidence
            for e in facts.iter_evidence():
                assert doc.text[e.start : e.end] == e.quote


@pytest.mark.issue(8)
@pytest.mark.parametrize("redact", [False, True])
def test_jsonl_of_two_stores_with_the_same_documents_is_byte_identical(tmp_path, redact):
    a, b = SQLiteStore(tmp_path / "a.db"), SQLiteStore(tmp_path / "b.db")
    try:
        fill(a, ("rescue", "trial"))
        fill(b, ("trial", "rescue"))  # stored in the other order, at other times
        assert _jsonl(a, redact) == _jsonl(b, redact)
    finally:
        a.close()
        b.close()


@pytest.mark.issue(6)
def test_jsonl_redacted_names_the_suspect_and_not_the_victim(story_store):
    out = _jsonl(story_store, redact=True)
    assert "Rigoberto Letona Paiz" in out
    assert [n for n in PROTECTED if n in out] == []
    assert "Yesenia Saquic" in _jsonl(story_store)  # an analyst's export keeps her
