"""Labels, events, victims and money on the shared real documents, scored with shared/tools/score.py.

The floors sit below today's scores so noise does not fail the suite while a real drop
does; they are never lowered to make a change pass. The test also checks that every
label, event, victims field and amount quotes its sentence exactly.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from tipwatch.extract.contract import to_contract
from tipwatch.ingest import read_file

pytestmark = pytest.mark.slow
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"

FLOORS = {
    "exploitation": 0.85,
    "indicators": 0.85,
    "victims": 0.85,
    "event_types": 0.85,
    "events": 0.80,
    "money": 0.85,
}


def _load_scorer():
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus_facts(extractor, settings):
    corpus = SHARED / "corpus"
    if not corpus.is_dir() or not (SHARED / "tools" / "score.py").is_file():
        pytest.skip("../shared/corpus or ../shared/tools/score.py is not beside the repository")
    gold = []
    for path in (corpus / "gold" / "seeds.jsonl", corpus / "dev" / "gold.jsonl"):
        gold += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    files = sorted((corpus / "seeds").iterdir()) + sorted((corpus / "dev" / "docs").iterdir())
    facts = []
    for path in files:
        doc, _ = read_file(path, settings)
        facts.append((doc, extractor.extract(doc)))
    return gold, facts


def test_facts_shared_scores_stay_above_floors(corpus_facts):
    gold, facts = corpus_facts
    scorer = _load_scorer()
    pred = [to_contract(f, evidence=False) for _, f in facts]
    scores = scorer.score(gold, pred)
    low = {k: round(scores[k].f, 3) for k, floor in FLOORS.items() if scores[k].f < floor}
    assert not low, f"below floor: {low}"


def test_facts_shared_evidence_quotes_the_stored_text(corpus_facts):
    _, facts = corpus_facts
    for doc, f in facts:
        evidence = [ev for lab in f.exploitation + f.indicators for ev in lab.evidence]
        evidence += [ev for item in [*f.events, *f.money] for ev in item.evidence]
        evidence += [ev for evs in f.victims.evidence.values() for ev in evs]
        for ev in evidence:
            assert doc.text[ev.start : ev.end] == ev.quote, doc.name
        assert all(e.evidence for e in f.events), doc.name
        assert all(m.evidence for m in f.money), doc.name
