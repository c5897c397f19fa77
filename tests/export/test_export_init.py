"""tipwatch/export/__init__.py: one entry point for every format."""

from __future__ import annotations

import io

import pytest
from exportdata import PROTECTED

from tipwatch.errors import TipwatchError
from tipwatch.export import FORMATS, export


def test_export_rejects_an_unknown_format(story_store):
    with pytest.raises(TipwatchError, match="use one of jsonl, ftm, graphml, csv"):
        export(story_store, "xlsx", io.StringIO())


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_redacted_never_names_the_victim_in_any_format(story_store, fmt):
    out = io.StringIO()
    assert export(story_store, fmt, out, redact=True) > 0
    assert [n for n in PROTECTED if n.casefold() in out.getvalue().casefold()] == []
    assert "Rigoberto Letona Paiz" in out.getvalue()
