"""Checks on our gold sets: bench/devset and the two parts of bench/heldout.

A gold set is only useful if its gold is right, so these tests check what can be checked
mechanically: schema, ISO codes, names that really occur in the text, and that the shared
scorer accepts the file; for the dev set also coverage of every label and its sources file.
They read no model and run in well under a second.
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pycountry
import pytest

from tipwatch.labels import EventType, Exploitation, Indicator, OrgKind, Role

BENCH = Path(__file__).resolve().parents[2] / "bench"
DEVSET = BENCH / "devset"
DOCS = DEVSET / "docs"
# Every gold set: its folder holds docs/ and gold.jsonl.
SETS = {
    "devset": DEVSET,
    "heldout-tune": BENCH / "heldout" / "tune",
    "heldout-sealed": BENCH / "heldout" / "sealed",
}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


GOLD = read_jsonl(DEVSET / "gold.jsonl")
SOURCES = read_jsonl(DEVSET / "sources.jsonl")
# (set name, gold line) for every line of every set
ALL = [(name, g) for name, folder in SETS.items() for g in read_jsonl(folder / "gold.jsonl")]


def _id(item: tuple[str, dict]) -> str:
    return f"{item[0]}:{item[1]['doc']}"


def doc_text(name: str, folder: Path = DEVSET) -> str:
    """The file's text with HTML entities decoded, which is how the notes say names are copied."""
    return html.unescape((folder / "docs" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("folder", SETS.values(), ids=SETS.keys())
def test_gold_has_one_line_per_document_file(folder):
    names = [g["doc"] for g in read_jsonl(folder / "gold.jsonl")]
    assert len(names) == len(set(names))
    assert set(names) == {p.name for p in (folder / "docs").iterdir() if p.is_file()}


def test_devset_has_nine_documents_per_language():
    counts = Counter(g["language"] for g in GOLD)
    for lang in ("en", "es", "pt"):
        assert counts[lang] >= 9, counts


def test_gold_matches_the_contract_schema(shared):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((shared / "contract" / "facts.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for name, g in ALL:
        errors = [e.message for e in validator.iter_errors(g)]
        assert not errors, (name, g["doc"], errors)


@pytest.mark.parametrize("folder", SETS.values(), ids=SETS.keys())
def test_gold_scores_perfectly_against_itself(shared, folder):
    gold = folder / "gold.jsonl"
    n = len(read_jsonl(gold))
    out = subprocess.run(
        [sys.executable, str(shared / "tools" / "score.py"), str(gold), str(gold)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"documents covered {n}/{n}" in out
    assert "macro F1 1.000" in out


@pytest.mark.parametrize("item", ALL, ids=_id)
def test_gold_places_carry_first_level_iso_subdivisions(item):
    _, g = item
    for place in g["places"]:
        assert pycountry.countries.get(alpha_2=place["country"]) is not None, place
        code = place["subdivision"]
        if code is None:
            continue
        sub = pycountry.subdivisions.get(code=code)
        assert sub is not None, f"{g['doc']}: {code} is not in pycountry"
        assert sub.parent_code is None, f"{g['doc']}: {code} is not first-level (parent {sub.parent_code})"
        assert sub.country_code == place["country"], place


@pytest.mark.parametrize("item", ALL, ids=_id)
def test_gold_codes_and_currencies_exist(item):
    _, g = item
    for cc in g["countries"]:
        assert pycountry.countries.get(alpha_2=cc) is not None, cc
    for ev in g["events"]:
        assert ev["country"] is None or ev["country"] in g["countries"], ev
        if ev["date"] and g["published"]:
            assert ev["date"][: len(g["published"])] <= g["published"], ev
    for m in g["money"]:
        assert pycountry.currencies.get(alpha_3=m["currency"]) is not None, m
        assert m["amount"] > 0
        assert m["amount_max"] is None or m["amount_max"] > m["amount"], m


@pytest.mark.parametrize("item", ALL, ids=_id)
def test_gold_names_are_copied_from_the_text(item):
    name, g = item
    text = doc_text(g["doc"], SETS[name])
    for key in ("places", "persons", "organizations"):
        for item in g[key]:
            assert item["name"] in text, f"{g['doc']}: {key} name {item['name']!r} is not in the text"


@pytest.mark.parametrize("item", ALL, ids=_id)
def test_gold_victims_are_consistent(item):
    _, g = item
    v = g["victims"]
    if v["age_min"] is not None and v["age_max"] is not None:
        assert v["age_min"] <= v["age_max"]
    if v["age_min"] is not None and v["age_min"] < 18:
        assert v["minors"] is True
    if v["minors"] is False:
        assert v["age_min"] is not None and v["age_min"] >= 18


def test_devset_covers_every_label_event_type_role_and_kind():
    def docs_with(values) -> Counter:
        return Counter(x for vals in values for x in set(vals))

    exploitation = docs_with(g["exploitation"] for g in GOLD)
    indicators = docs_with(g["indicators"] for g in GOLD)
    events = docs_with([e["type"] for e in g["events"]] for g in GOLD)
    roles = docs_with([r for p in g["persons"] for r in p["roles"]] for g in GOLD)
    kinds = docs_with([o["kind"] for o in g["organizations"]] for g in GOLD)
    for enum, seen in ((Exploitation, exploitation), (Indicator, indicators), (EventType, events)):
        thin = [x.value for x in enum if seen[x.value] < 2]
        assert not thin, f"fewer than two documents have {thin}"
    for enum, seen in ((Role, roles), (OrgKind, kinds)):
        missing = [x.value for x in enum if seen[x.value] == 0]
        assert not missing, f"no document has {missing}"


def test_devset_sources_point_at_gold_facts_and_quote_the_text():
    assert len(SOURCES) >= 15
    gold = {g["doc"]: g for g in GOLD}
    key_of = {"event": "events", "person": "persons", "organization": "organizations", "money": "money"}
    for s in SOURCES:
        g = gold[s["doc"]]
        facts = g[key_of[s["kind"]]]
        hits = [f for f in facts if all(f.get(k) == v for k, v in s["match"].items())]
        assert hits, f"{s['doc']}: no {s['kind']} matches {s['match']}"
        assert s["source"].lower() in doc_text(s["doc"]).lower(), s
