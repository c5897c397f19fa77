"""tipwatch/analyse/charts.py: the SVG pictures parse, and each mark links to its evidence."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tipwatch.analyse.charts import (
    TIER_COLOURS,
    anchor_link,
    anchor_responses,
    anchor_tier,
    country_point,
    link_map_svg,
    p_bars_svg,
    tier_timeline_svg,
)

NS = {"s": "http://www.w3.org/2000/svg"}
TIERS = [
    {"year": 2012, "tier": "2", "source": "kelley-heiss-2017", "evidence": {}},
    {"year": 2013, "tier": "2WL", "source": "kelley-heiss-2017", "evidence": {}},
    {"year": 2013, "tier": "2", "source": "document:abc", "evidence": {}},
]


def _hrefs(svg: str) -> set[str]:
    root = ET.fromstring(svg)
    return {a.get("href") for a in root.iter("{http://www.w3.org/2000/svg}a")}


def test_charts_tier_timeline_marks_disagreement():
    svg = tier_timeline_svg(TIERS)
    root = ET.fromstring(svg)
    assert _hrefs(svg) == {"#" + anchor_tier(2012), "#" + anchor_tier(2013)}
    outlined = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("stroke") == "#000"]
    assert len(outlined) == 2  # both 2013 cells, one per source row
    assert TIER_COLOURS["2WL"] in svg and "Reports" in svg


def test_charts_bars_one_link_per_segment_with_tooltips():
    by_year = {
        "2013": {"prosecution": {"positive": {"n": 3, "refs": []}, "gap": {"n": 1, "refs": []}}},
        "unknown": {"protection": {"positive": {"n": 2, "refs": []}, "gap": {"n": 0, "refs": []}}},
    }
    svg = p_bars_svg(by_year)
    assert _hrefs(svg) == {
        "#" + anchor_responses("2013", "prosecution", "positive"),
        "#" + anchor_responses("2013", "prosecution", "gap"),
        "#" + anchor_responses("unknown", "protection", "positive"),
    }
    assert "2013: 3 prosecution actions" in svg


def test_charts_map_draws_linked_countries_and_credits_geonames():
    links = [
        {"country": "SV", "role": "origin", "documents": 2},
        {"country": "US", "role": "destination", "documents": 1},
    ]
    svg = link_map_svg("HN", links)
    root = ET.fromstring(svg)
    assert _hrefs(svg) == {"#" + anchor_link("SV"), "#" + anchor_link("US")}
    assert len(list(root.iter("{http://www.w3.org/2000/svg}circle"))) > 50  # land dots
    assert "GeoNames" in svg and "marker-end" in svg
    lat, lon = country_point("HN")
    assert 13 < lat < 16 and -89 < lon < -86


def test_charts_empty_data_says_so():
    assert "No tier placement" in tier_timeline_svg([])
    assert "No responses" in p_bars_svg({})
    ET.fromstring(link_map_svg("HN", []))
