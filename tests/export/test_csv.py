"""tipwatch/export/csv.py: one row per fact, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from exportdata import PROTECTED

from tipwatch.export import export
from tipwatch.export.csv import COLUMNS


def _rows(store, redact=False):
    out = io.StringIO()
    export(store, "csv", out, redact=redact)
    return list(csv.DictReader(io.StringIO(out.getvalue(), newline=""))), out.getvalue()


def test_csv_has_one_row_per_fact_with_its_evidence(story_store):
    rows, _ = _rows(story_store)
    assert list(rows[0]) == COLUMNS
    kinds = sorted({r["kind"] for r in rows})
    assert kinds == ["country", "event", "exploitation", "organization", "person", "place", "victims"]
    suspect = [r for r in rows if r["name"] == "Rigoberto Letona Paiz"]
    assert len(suspect) == 2 and all(r["role"] == "suspect" and r["entity_id"] for r in suspect)
    assert suspect[0]["entity_id"] == suspect[1]["entity_id"]
    victim = next(r for r in rows if r["kind"] == "person" and r["role"] == "victim")
    assert victim["detail"] == "age 14" and victim["quotes"] == "2"


def test_csv_cells_that_look_like_formulas_are_quoted_as_text(story_store):
    rows, _ = _rows(story_store)
    quotes = [r["quote"] for r in rows if "spreadsheet" in r["quote"]]
    assert quotes == ["'=cmd| a line a spreadsheet must not run."]


def test_csv_redacted_has_no_victim_name_or_age(story_store):
    rows, text = _rows(story_store, redact=True)
    assert [n for n in PROTECTED if n in text] == []
    victim = next(r for r in rows if r["kind"] == "person" and r["role"] == "victim")
    assert victim["name"] == "victim 1" and victim["detail"] == ""
    assert next(r for r in rows if r["kind"] == "victims")["detail"].startswith("count 1; minors True")
