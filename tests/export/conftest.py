"""Fixtures of the export tests: a small fictional store (its data lives in exportdata.py)."""

from __future__ import annotations

import pytest
from exportdata import fill

from tipwatch.store import SQLiteStore


@pytest.fixture
def story_store(tmp_path):
    """Two fictional reports on one case: a rescue of a 14-year-old, then the trial."""
    store = SQLiteStore(tmp_path / "stories.db")
    fill(store)
    yield store
    store.close()
