"""The published date of every fictional dev-set document (bench/devset) against its gold.

The dev set mixes every date source: HTML metadata, front matter, labelled and standalone date
lines, cable date-time groups, news datelines, and a story that states no date at all (None).
"""

import json
from pathlib import Path

import pytest

from tipwatch.ingest import read_file
from tipwatch.settings import Settings

DEVSET = Path(__file__).parents[2] / "bench" / "devset"
pytestmark = pytest.mark.skipif(not DEVSET.is_dir(), reason="bench/devset is not here")


def _gold() -> dict[str, str | None]:
    path = DEVSET / "gold.jsonl"
    if not path.is_file():
        return {}
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {r["doc"]: r["published"] for r in records}


GOLD = _gold()
DOCS = sorted(p for p in (DEVSET / "docs").iterdir() if p.is_file()) if DEVSET.is_dir() else []


@pytest.fixture(scope="module")
def settings():
    return Settings()


def test_devset_documents_all_have_gold():
    assert len(DOCS) >= 20 and all(p.name in GOLD for p in DOCS)


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_devset_document_published_matches_gold(settings, path):
    doc, _ = read_file(path, settings)
    assert doc.published == GOLD[path.name]
