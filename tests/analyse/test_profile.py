"""tipwatch/analyse/profile.py: a country profile over a real SQLite store of fictional documents."""

from __future__ import annotations

import json

import pytest
from honduras import SUSPECT, VICTIM, build_store

from tipwatch.analyse.profile import build_profile, country_name, p_totals
from tipwatch.errors import NotFoundError
from tipwatch.store import SQLiteStore


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "p.db"
    stored = build_store(str(path))
    with SQLiteStore(path) as s:
        yield s, stored


def test_profile_tiers_from_table_and_narrative_disagree(store):
    s, stored = store
    p = build_profile(s, "HN")
    y2013 = [t for t in p.tiers if t["year"] == 2013]
    assert {(t["tier"], t["source"]) for t in y2013} == {
        ("2WL", "kelley-heiss-2017"),
        ("2", f"document:{stored.chapter.id}"),
    }
    assert next(r for r in p.tier_summary if r["year"] == 2013)["disagree"] is True
    stated = next(t for t in y2013 if t["source"].startswith("document:"))
    assert stored.chapter.text[stated["evidence"]["start"] : stated["evidence"]["end"]] == "Honduras (Tier 2)"


def test_profile_events_and_responses_by_year_and_p(store):
    s, stored = store
    p = build_profile(s, "HN")
    assert {(e["type"], e["year"], e["p"]) for e in p.events} == {
        ("arrest", "2013", "prosecution"),
        ("rescue", "2014", "protection"),
        ("charge", "2014", "prosecution"),
    }
    assert p.events_by_year["2014"]["rescue"]["n"] == 1
    y13 = p.responses_by_year["2013"]
    assert y13["protection"]["positive"]["n"] == 1  # opened two shelters
    assert y13["prosecution"]["gap"]["n"] == 1  # no convictions
    refs = y13["prosecution"]["gap"]["refs"]
    quoted = [r for r in p.responses if r["id"] in refs]
    assert quoted[0]["quote"].startswith("There were no convictions")
    assert p_totals(p)["protection"] == {"positive": 2, "gap": 2}


def test_profile_every_quote_is_the_stored_text(store):
    s, _ = store

    def walk(value):
        if isinstance(value, dict):
            if "quote" in value and "doc_id" in value and "start" in value:
                yield value
            for v in value.values():
                yield from walk(v)
        elif isinstance(value, list):
            for v in value:
                yield from walk(v)

    data = build_profile(s, "HN").to_dict()
    quotes = list(walk(data))
    assert len(quotes) > 15
    for q in quotes:
        assert s.get_document(q["doc_id"]).text[q["start"] : q["end"]] == q["quote"]
    json.dumps(data)  # JSON-ready


def test_profile_gaps_labels_victims_money(store):
    s, _ = store
    p = build_profile(s, "HN")
    assert [g["quote"][:20] for g in p.gaps["protection"]] == ["Officials lack proce", "Según la organizació"]
    assert [x["label"] for x in p.exploitation] == ["sex_trafficking", "forced_labor"]
    assert p.exploitation[0]["documents"] == 2
    assert p.victims["count_total"] == 12 and p.victims["documents_with_minors"] == 2
    assert (p.victims["age_min"], p.victims["age_max"], p.victims["sexes"]) == (17, 24, ["female"])
    assert p.money["totals"] == [{"currency": "HNL", "context": "price", "n": 1, "sum": 500.0}]


def test_profile_entities_leave_out_victims_and_cases_have_timelines(store):
    s, stored = store
    p = build_profile(s, "HN")
    assert [e["name"] for e in p.entities] == [SUSPECT]
    assert VICTIM in [e["name"] for e in build_profile(s, "HN", include_protected=True).entities]
    case = p.cases[0]
    assert case["id"] == stored.case_id and [t["type"] for t in case["timeline"]] == ["charge", "rescue"]


def test_profile_links_read_origin_and_destination(store):
    s, _ = store
    roles = {x["country"]: x["role"] for x in build_profile(s, "HN").links}
    assert roles["SV"] == "origin" and roles["NI"] == "origin"
    assert roles["GT"] == roles["MX"] == roles["US"] == "destination"


def test_profile_year_range_keeps_only_those_years(store):
    s, _ = store
    p = build_profile(s, "HN", 2014, 2014)
    assert {e["year"] for e in p.events} == {"2014"}
    assert {t["year"] for t in p.tiers} == {2014}
    assert [d["name"] for d in p.documents] == ["hn_rescate.txt"]
    assert p.victims["count_total"] == 12


def test_profile_country_without_documents_still_has_tiers(store):
    s, _ = store
    p = build_profile(s, "BZ")
    assert p.documents == [] and p.events == [] and p.tiers
    assert p.tier_summary[-1] == {
        "year": 2015,
        "tiers": ["3"],
        "sources": ["kelley-heiss-2017"],
        "disagree": False,
    }


def test_profile_unknown_code_is_a_one_line_error(store):
    s, _ = store
    with pytest.raises(NotFoundError, match="not an ISO 3166-1 alpha-2"):
        build_profile(s, "ZZ")
    assert country_name("xk") == "Kosovo"
