"""Static SVG pictures of a country profile, drawn on the server: no CDN, no JavaScript.

Takes the plain data of a ``CountryProfile`` and returns SVG strings that can be put
inline in a page or a report: a tier timeline, stacked bars of responses per year by P, and
a schematic map of the countries a profile links to (origin, transit, destination). Each
mark carries a ``<title>`` (a tooltip) and links to the anchor of the list of sentences
behind it (``anchor_*`` below), so every figure leads to its evidence.

The map has no borders: no world shape file with a licence was at hand, so land is drawn
as dots where GeoNames has populated places and each country is a point at its capital
(``tipwatch/data/maps/``, CC BY 4.0, see its SOURCES.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .threep import P, Polarity

MAPS = resources.files("tipwatch") / "data" / "maps"
TIER_COLOURS = {"1": "#2e7d32", "2": "#f9a825", "2WL": "#ef6c00", "3": "#c62828"}
TIER_NAMES = {"1": "Tier 1", "2": "Tier 2", "2WL": "Tier 2 Watch List", "3": "Tier 3"}
P_COLOURS = {P.PREVENTION: "#1565c0", P.PROTECTION: "#2e7d32", P.PROSECUTION: "#6a1b9a"}
GAP_COLOURS = {P.PREVENTION: "#90caf9", P.PROTECTION: "#a5d6a7", P.PROSECUTION: "#ce93d8"}
ROLE_COLOURS = {
    "origin": "#c62828",
    "transit": "#ef6c00",
    "destination": "#1565c0",
    "mixed": "#6a1b9a",
    "linked": "#757575",
}
DATASET_SOURCE = "kelley-heiss-2017"
FONT = "font-family='system-ui, sans-serif' font-size='11'"


def anchor_tier(year: int | str) -> str:
    return f"tier-{year}"


def anchor_responses(year: str, p: str, polarity: str) -> str:
    return f"resp-{year}-{p}-{polarity}"


def anchor_link(cc: str) -> str:
    return f"link-{cc}"


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='{width}' height='{height}' "
        f"role='img' aria-label={quoteattr(label)} {FONT}>" + "".join(body) + "</svg>"
    )


def _link(href: str, inner: str, title: str) -> str:
    return f"<a href={quoteattr('#' + href)}><title>{escape(title)}</title>{inner}</a>"


# -- tier timeline ------------------------------------------------------------------------


def tier_timeline_svg(tiers: Sequence[Mapping[str, Any]]) -> str:
    """One row for the packaged table and one for tiers stated in ingested reports, by year."""
    if not tiers:
        return _svg(
            320, 40, ["<text x='8' y='24'>No tier placement known.</text>"], "No tier placement known"
        )
    years = [int(t["year"]) for t in tiers]
    first, last = min(years), max(years)
    rows = [("TIP table", [t for t in tiers if t["source"] == DATASET_SOURCE])]
    stated = [t for t in tiers if t["source"] != DATASET_SOURCE]
    if stated:
        rows.append(("Reports", stated))
    cell, left, top = 28, 76, 18
    width = left + cell * (last - first + 1) + 10
    height = top + 26 * len(rows) + 70
    body: list[str] = []
    for i, year in enumerate(range(first, last + 1)):
        x = left + i * cell
        if year % 2 == first % 2 or last - first < 10:
            body.append(f"<text x='{x + cell / 2}' y='12' text-anchor='middle' font-size='9'>{year}</text>")
    by_year: dict[int, set[str]] = {}
    for t in tiers:
        by_year.setdefault(int(t["year"]), set()).add(str(t["tier"]))
    for r, (name, items) in enumerate(rows):
        y = top + r * 26
        body.append(f"<text x='{left - 6}' y='{y + 15}' text-anchor='end'>{escape(name)}</text>")
        for t in items:
            year, tier = int(t["year"]), str(t["tier"])
            x = left + (year - first) * cell
            disagree = len(by_year[year]) > 1
            stroke = " stroke='#000' stroke-width='2'" if disagree else ""
            rect = (
                f"<rect x='{x + 1}' y='{y}' width='{cell - 2}' height='22' rx='3' "
                f"fill='{TIER_COLOURS.get(tier, '#9e9e9e')}'{stroke}/>"
                f"<text x='{x + cell / 2}' y='{y + 15}' text-anchor='middle' fill='#fff' font-size='10'>"
                f"{escape(tier)}</text>"
            )
            note = " (sources disagree)" if disagree else ""
            body.append(_link(anchor_tier(year), rect, f"{year}: {TIER_NAMES.get(tier, tier)}, {name}{note}"))
    y = top + 26 * len(rows) + 16
    x = left
    for tier, colour in TIER_COLOURS.items():
        body.append(f"<rect x='{x}' y='{y}' width='12' height='12' fill='{colour}'/>")
        body.append(f"<text x='{x + 16}' y='{y + 10}'>{escape(TIER_NAMES[tier])}</text>")
        x += 30 + 7 * len(TIER_NAMES[tier])
    body.append(
        f"<text x='{left}' y='{y + 32}' font-size='9'>A black outline: the sources disagree for that year.</text>"
    )
    return _svg(max(width, 480), height, body, "Tier placements by year")


# -- responses per year by P ----------------------------------------------------------------


def p_bars_svg(responses_by_year: Mapping[str, Mapping[str, Any]]) -> str:
    """Stacked bars per year: actions (solid) and stated gaps (light) of each P."""
    years = sorted(y for y in responses_by_year if y != "unknown") + (
        ["unknown"] if "unknown" in responses_by_year else []
    )
    if not years:
        return _svg(320, 40, ["<text x='8' y='24'>No responses reported.</text>"], "No responses reported")
    segments = [(p, pol) for p in P for pol in Polarity]

    def n(year: str, p: P, pol: Polarity) -> int:
        return int(responses_by_year[year].get(p.value, {}).get(pol.value, {}).get("n", 0))

    totals = [sum(n(y, p, pol) for p, pol in segments) for y in years]
    peak = max(max(totals), 1)
    bar, gap, left, top, plot_h = 34, 14, 40, 12, 180
    width = left + len(years) * (bar + gap) + 10
    height = top + plot_h + 90
    body: list[str] = [
        f"<line x1='{left}' y1='{top + plot_h}' x2='{width - 5}' y2='{top + plot_h}' stroke='#444'/>",
        f"<text x='{left - 6}' y='{top + 8}' text-anchor='end' font-size='9'>{peak}</text>",
        f"<text x='{left - 6}' y='{top + plot_h}' text-anchor='end' font-size='9'>0</text>",
    ]
    for i, year in enumerate(years):
        x = left + 6 + i * (bar + gap)
        base: float = top + plot_h
        for p, pol in segments:
            count = n(year, p, pol)
            if not count:
                continue
            h = plot_h * count / peak
            base -= h
            colour = P_COLOURS[p] if pol == Polarity.POSITIVE else GAP_COLOURS[p]
            what = "actions" if pol == Polarity.POSITIVE else "stated gaps"
            rect = (
                f"<rect x='{x}' y='{base:.1f}' width='{bar}' height='{h:.1f}' fill='{colour}' stroke='#fff'/>"
            )
            body.append(
                _link(anchor_responses(year, p.value, pol.value), rect, f"{year}: {count} {p.value} {what}")
            )
        body.append(
            f"<text x='{x + bar / 2}' y='{top + plot_h + 13}' text-anchor='middle' font-size='9'>{year}</text>"
        )
        body.append(
            f"<text x='{x + bar / 2}' y='{base - 3:.1f}' text-anchor='middle' font-size='9'>{totals[i]}</text>"
        )
    y = top + plot_h + 30
    for row, pol in enumerate(Polarity):
        x = left
        for p in P:
            colour = P_COLOURS[p] if pol == Polarity.POSITIVE else GAP_COLOURS[p]
            label = f"{p.value} {'actions' if pol == Polarity.POSITIVE else 'gaps'}"
            body.append(f"<rect x='{x}' y='{y + row * 18}' width='12' height='12' fill='{colour}'/>")
            body.append(f"<text x='{x + 16}' y='{y + row * 18 + 10}'>{escape(label)}</text>")
            x += 130
    return _svg(max(width, 440), height, body, "Responses per year by P")


# -- the link map -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _MapData:
    points: dict[str, tuple[float, float, str]]  # ISO2 -> (lat, lon, place)
    land: tuple[tuple[int, int], ...]  # (row, col) cells
    cell: int


@cache
def _map_data() -> _MapData:
    points: dict[str, tuple[float, float, str]] = {}
    for line in (MAPS / "centroids.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cc, lat, lon, place = line.split("\t")
        points[cc] = (float(lat), float(lon), place)
    rows = [
        r for r in (MAPS / "land.txt").read_text(encoding="utf-8").splitlines() if r and not r.startswith("#")
    ]
    cell = 180 // len(rows)
    land = tuple((r, c) for r, row in enumerate(rows) for c, ch in enumerate(row) if ch == "1")
    return _MapData(points, land, cell)


def country_point(cc: str) -> tuple[float, float] | None:
    """Latitude and longitude the map draws a country at (its capital), or None."""
    found = _map_data().points.get(cc.upper())
    return (found[0], found[1]) if found else None


def link_map_svg(cc: str, links: Sequence[Mapping[str, Any]], width: int = 640) -> str:
    """The profiled country and the countries its documents and cases link to.

    Origins draw an arrow into the country, destinations an arrow out of it, transit and
    plain links a line; the view is the region around them (the world when they are spread).
    """
    data = _map_data()
    home = data.points.get(cc.upper())
    if home is None:
        return _svg(320, 40, ["<text x='8' y='24'>No map point for this country.</text>"], "No map")
    shown = [link for link in links if str(link["country"]).upper() in data.points]
    lats = [home[0]] + [data.points[str(link["country"]).upper()][0] for link in shown]
    lons = [home[1]] + [data.points[str(link["country"]).upper()][1] for link in shown]
    lat0, lat1 = max(-60.0, min(lats) - 12), min(80.0, max(lats) + 12)
    lon0, lon1 = max(-180.0, min(lons) - 18), min(180.0, max(lons) + 18)
    if lon1 - lon0 < 60:  # never zoom closer than a region of about 60 by 40 degrees
        mid = (lon0 + lon1) / 2
        lon0, lon1 = mid - 30, mid + 30
    if lat1 - lat0 < 40:
        mid = (lat0 + lat1) / 2
        lat0, lat1 = mid - 20, mid + 20
    scale = width / (lon1 - lon0)
    height = int((lat1 - lat0) * scale) + 40

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (lon - lon0) * scale, (lat1 - lat) * scale

    body = [
        "<defs>"
        + "".join(
            f"<marker id='arrow-{role}' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='6' markerHeight='6' "
            f"orient='auto-start-reverse'><path d='M0,0 L10,5 L0,10 z' fill='{colour}'/></marker>"
            for role, colour in ROLE_COLOURS.items()
        )
        + "</defs>",
        f"<rect x='0' y='0' width='{width}' height='{height - 40}' fill='#eef3f7'/>",
    ]
    r = max(0.8, data.cell * scale * 0.35)
    dots = []
    for row, col in data.land:
        lat = 90 - (row + 0.5) * data.cell
        lon = -180 + (col + 0.5) * data.cell
        if lat0 <= lat <= lat1 and lon0 <= lon <= lon1:
            x, y = xy(lat, lon)
            dots.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{r:.1f}'/>")
    body.append("<g fill='#c5ccd3'>" + "".join(dots) + "</g>")
    hx, hy = xy(home[0], home[1])
    for link in shown:
        other = str(link["country"]).upper()
        role = str(link.get("role") or "linked")
        ox, oy = xy(*data.points[other][:2])
        colour = ROLE_COLOURS.get(role, ROLE_COLOURS["linked"])
        if role == "origin":
            (x1, y1), (x2, y2) = (ox, oy), (hx, hy)
        else:
            (x1, y1), (x2, y2) = (hx, hy), (ox, oy)
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2 - 0.15 * abs(x2 - x1) - 10
        dash = " stroke-dasharray='4 3'" if role in ("linked", "transit") else ""
        marker = f" marker-end='url(#arrow-{role})'" if role in ("origin", "destination", "mixed") else ""
        width_px = 1.5 + min(3.0, float(link.get("documents") or 1) * 0.5)
        path = (
            f"<path d='M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {x2:.1f},{y2:.1f}' fill='none' stroke='{colour}' "
            f"stroke-width='{width_px:.1f}'{dash}{marker}/>"
            f"<circle cx='{ox:.1f}' cy='{oy:.1f}' r='4' fill='{colour}'/>"
            f"<text x='{ox + 6:.1f}' y='{oy - 5:.1f}' font-size='10'>{escape(other)}</text>"
        )
        docs = int(link.get("documents") or 0)
        body.append(_link(anchor_link(other), path, f"{other}: {role} ({docs} documents)"))
    body.append(
        f"<circle cx='{hx:.1f}' cy='{hy:.1f}' r='6' fill='#000'/>"
        f"<text x='{hx + 8:.1f}' y='{hy + 4:.1f}' font-weight='bold'>{escape(cc.upper())}</text>"
    )
    x = 8
    for role, colour in ROLE_COLOURS.items():
        body.append(f"<rect x='{x}' y='{height - 30}' width='12' height='12' fill='{colour}'/>")
        body.append(f"<text x='{x + 16}' y='{height - 20}'>{role}</text>")
        x += 24 + 8 * len(role)
    body.append(
        f"<text x='{width - 6}' y='{height - 6}' text-anchor='end' font-size='8'>"
        "Contains data from GeoNames (CC BY 4.0); points at capitals, no borders drawn.</text>"
    )
    return _svg(width, height, body, f"Countries linked to {cc.upper()}")
