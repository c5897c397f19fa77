"""tipwatch/analyse/compare.py: rows of measures for several profiles."""

from __future__ import annotations

import pytest
from honduras import build_store

from tipwatch.analyse.compare import compare_rows, latest_tier
from tipwatch.analyse.profile import build_profile
from tipwatch.store import SQLiteStore


@pytest.fixture
def store(tmp_path):
    build_store(str(tmp_path / "c.db"))
    with SQLiteStore(tmp_path / "c.db") as s:
        yield s


def test_compare_rows_one_value_per_country(store):
    s = store
    rows = {r["key"]: r["values"] for r in compare_rows([build_profile(s, "HN"), build_profile(s, "SV")])}
    assert rows["documents"] == [2, 1]
    assert rows["prosecution_actions"][0] >= 2
    assert rows["latest_tier"][0] == "2 (2015)"


def test_compare_latest_tier_reads_the_table_coding(store):
    assert latest_tier(build_profile(store, "BZ")) == "3 (2015)"  # code 4 in the table
    assert latest_tier(build_profile(store, "US")) is None  # the table does not rate the US
