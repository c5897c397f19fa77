"""tipwatch/analyse/tiers.py: the packaged tier table and tiers stated in narratives (own texts)."""

from __future__ import annotations

import hashlib
from importlib import resources

import pytest

from tipwatch.analyse.tiers import (
    DATASET_SOURCE,
    TierRecord,
    dataset_tiers,
    load_tier_table,
    merge_tiers,
    narrative_tiers,
    report_year,
)
from tipwatch.model import Document

DATA = resources.files("tipwatch") / "data" / "tiers"


def _doc(text: str, language: str = "en", published: str | None = None, title: str | None = None) -> Document:
    return Document(
        id=hashlib.sha256(text.encode()).hexdigest(),
        name="t.txt",
        format="text",
        text=text,
        language=language,
        published=published,
        title=title,
    )


def test_tiers_packaged_table_is_the_attributed_copy():
    raw = (DATA / "tip_tiers_2001_2015_kelley.csv").read_bytes()
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    assert hashlib.sha256(raw).hexdigest() in sources
    assert "Judith Kelley and Andrew Heiss" in (DATA / "LICENSE").read_text(encoding="utf-8")
    assert "MIT" in sources and "Scorecard Diplomacy" in sources


@pytest.mark.parametrize(
    ("cc", "year", "tier"),
    [
        ("GT", 2002, "2"),
        ("GT", 2004, "2WL"),
        ("TH", 2010, "2WL"),
        ("TH", 2014, "3"),
        ("AF", 2002, "3"),
        ("XK", 2015, None),
    ],
)
def test_tiers_table_codes_watch_list_and_tier_3(cc, year, tier):
    found = {r.year: r.tier for r in dataset_tiers(cc)}
    if tier is None:
        assert found, "Kosovo (KOS in the table) is read as XK"
    else:
        assert found[year] == tier


def test_tiers_table_skips_unranked_years_and_cites_its_row():
    gt = dataset_tiers("gt")
    assert min(r.year for r in gt) == 2001  # 1999 and 2000 are NA
    r = next(r for r in gt if r.year == 2002)
    assert r.source == DATASET_SOURCE and r.evidence["row"] == "Guatemala,GTM,2002,90,2"
    assert "US" not in load_tier_table()


def test_tiers_narrative_statement_with_evidence():
    text = "2011 Trafficking in Persons Report\n\nBelize (Tier 2 Watch List)\n\nBelize is a source and destination country.\n"
    records = narrative_tiers(_doc(text, published="2011-06-27"))
    assert [(r.year, r.tier) for r in records] == [(2011, "2WL")]
    ev = records[0].evidence
    assert text[ev["start"] : ev["end"]] == ev["quote"] == "Belize (Tier 2 Watch List)"
    assert ev["country"] == "BZ" and records[0].source.startswith("document:")


@pytest.mark.parametrize(
    ("text", "lang", "cc", "tier"),
    [
        ("Informe sobre Trata de Personas 2012\nNicaragua (Nivel 2)\nEl país es de origen.", "es", "NI", "2"),
        (
            "Relatório sobre Tráfico de Pessoas 2012\nAngola (Nível 2 Lista de Observação)\nO país é de origem.",
            "pt",
            "AO",
            "2WL",
        ),
        (
            "The 2012 Trafficking in Persons Report placed Paraguay on Tier 3, officials said.",
            "en",
            "PY",
            "3",
        ),
        ("In the 2012 Trafficking in Persons Report, Ecuador was downgraded to Tier Two.", "en", "EC", "2"),
    ],
)
def test_tiers_narrative_forms_in_three_languages(text, lang, cc, tier):
    records = narrative_tiers(_doc(text, lang))
    assert [(r.year, r.tier, r.evidence["country"]) for r in records] == [(2012, tier, cc)]


def test_tiers_narrative_needs_a_year_and_a_country():
    assert narrative_tiers(_doc("Chile (Tier 1)\nNo year anywhere.")) == []
    assert narrative_tiers(_doc("Something (Tier 2)", published="2010")) == []
    assert report_year(_doc("plain text", published="2009-05")) == 2009


def test_tiers_narrative_filters_by_country():
    text = "2010 Trafficking in Persons Report: Panama (Tier 2) and Cuba (Tier 3)."
    assert [r.tier for r in narrative_tiers(_doc(text), "CU")] == ["3"]


def test_tiers_merge_flags_disagreement():
    rows = merge_tiers(
        [
            TierRecord(2013, "2WL", DATASET_SOURCE),
            TierRecord(2013, "2", "document:abc"),
            TierRecord(2014, "2", DATASET_SOURCE),
        ]
    )
    assert rows[0] == {
        "year": 2013,
        "tiers": ["2", "2WL"],
        "sources": ["document:abc", DATASET_SOURCE],
        "disagree": True,
    }
    assert rows[1]["disagree"] is False
