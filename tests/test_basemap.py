"""Cropped base maps: the theatre maps draw on the 1:50m Asia map cut to the South Caucasus.

The crop (briefing.site.basemap) is checked on a small hand-made topology and on the real
Natural Earth file; the figures, the build's checks and preloads, and the pages' fetches
are checked against it.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from sphinx.errors import ExtensionError

from briefing import charts, csto, data, karabakh
from briefing.site import basemap, mime, plotly_bundle, sphinxext
from conftest import ROOT

TOPOJSON = sphinxext.topojson_dir(ROOT)
BOX = (10.0, 10.0, 20.0, 20.0)

# ---- a small topology: transform scale 1, so a quantised position is its degrees ---------
ARCS = [
    [[0, 0], [5, 0]],  # 0: outside the box
    [[12, 12], [6, 0]],  # 1: inside
    [[18, 12], [0, 6], [-6, 0]],  # 2: inside
    [[12, 18], [0, -6]],  # 3: inside
    [[30, 30], [5, 0], [0, 5], [-5, -5]],  # 4: a ring outside
    [[14, 14], [2, 0], [0, 2], [-2, -2]],  # 5: a hole inside
    [[40, 40], [5, 0], [0, 5], [-5, -5]],  # 6: a hole outside
    [[0, 0], [50, 0], [0, 50], [-50, 0], [0, -50]],  # 7: a ring around the box
    [[5, 5], [20, 20]],  # 8: a line across the box
    [[60, 60], [10, 10]],  # 9: a line outside
]


def small_topology() -> dict:
    return {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "bbox": [0, 0, 70, 70],
        "arcs": json.loads(json.dumps(ARCS)),
        "objects": {
            "land": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "id": "A", "properties": {"ct": [15, 15]}, "arcs": [[1, 2, 3]]},
                {"type": "Polygon", "id": "B", "arcs": [[4]]},
                {"type": "MultiPolygon", "id": "C", "arcs": [[[~3, ~2, ~1]], [[4]]]},
                {"type": "Polygon", "id": "D", "arcs": [[7], [5], [6]]},
                {"type": "MultiPolygon", "id": "E", "arcs": [[[4]], [[6]]]},
            ]},
            "rivers": {"type": "GeometryCollection", "geometries": [
                {"type": "LineString", "id": "r1", "arcs": [8]},
                {"type": "MultiLineString", "id": "r2", "arcs": [[8], [9]]},
                {"type": "LineString", "id": "r3", "arcs": [9]},
                {"type": "LineString", "id": "r4", "arcs": [0]},
            ]},
            "towns": {"type": "GeometryCollection", "geometries": [
                {"type": "Point", "id": "in", "coordinates": [15, 15]},
                {"type": "Point", "id": "out", "coordinates": [60, 60]},
                {"type": "MultiPoint", "id": "some", "coordinates": [[60, 60], [11, 19]]},
            ]},
            "far": {"type": "GeometryCollection", "geometries": [{"type": "LineString", "arcs": [9]}]},
        },
    }


def geometries(topo, obj):
    return {g.get("id"): g for g in topo["objects"][obj]["geometries"]}


def test_small_topology_keeps_what_reaches_the_box_and_renumbers_arcs():
    topo = small_topology()
    out = basemap.crop_topology(topo, BOX)
    # arcs 1, 2, 3, 5, 7 and 8 are drawn; they keep their order and their encoding
    assert out["arcs"] == [ARCS[i] for i in (1, 2, 3, 5, 7, 8)]
    assert out["transform"] == topo["transform"]
    land = geometries(out, "land")
    assert set(land) == {"A", "C", "D"}  # B and E lie wholly outside
    assert land["A"]["arcs"] == [[0, 1, 2]]
    assert land["A"]["properties"] == {"ct": [15, 15]}
    # reversed references stay reversed: ~3 -> ~2, ~1 -> ~0; the part outside is left out
    assert land["C"] == {"type": "MultiPolygon", "id": "C", "arcs": [[[~2, ~1, ~0]]]}
    # the ring around the box and the hole inside it stay; the hole outside goes
    assert land["D"]["arcs"] == [[4], [3]]
    rivers = geometries(out, "rivers")
    assert set(rivers) == {"r1", "r2"}
    assert rivers["r1"]["arcs"] == [5] and rivers["r2"]["arcs"] == [[5]]
    towns = geometries(out, "towns")
    assert towns["in"]["coordinates"] == [15, 15] and "out" not in towns
    assert towns["some"]["coordinates"] == [[11, 19]]
    # an object with nothing in the box stays, empty, so that plotly.js finds every layer
    assert out["objects"]["far"] == {"type": "GeometryCollection", "geometries": []}
    assert out["bbox"] == [0, 0, 50, 50]
    # the input is left as it was
    assert topo == small_topology()


def test_small_topology_draws_the_same_inside_the_box():
    topo, out = small_topology(), basemap.crop_topology(small_topology(), BOX)
    for obj in ("land", "rivers"):
        before, after = geometries(topo, obj), geometries(out, obj)
        for gid, geom in after.items():
            assert set(lines(out, geom)) <= set(lines(topo, before[gid]))
    assert lines(out, geometries(out, "land")["C"]) == lines(topo, {"type": "Polygon", "arcs": [[~3, ~2, ~1]]})


def test_unquantised_topology_and_bad_input():
    topo = small_topology()
    del topo["transform"]  # positions in degrees, not delta-encoded
    topo["arcs"] = [[[10.5, 10.5], [11.5, 11.5]], [[30.0, 30.0], [31.0, 31.0]]]
    topo["objects"] = {"rivers": {"type": "GeometryCollection", "geometries": [
        {"type": "LineString", "arcs": [~1]}, {"type": "MultiLineString", "arcs": [[1], [~0]]}]}}
    out = basemap.crop_topology(topo, BOX)
    assert out["arcs"] == [[[10.5, 10.5], [11.5, 11.5]]]
    assert out["objects"]["rivers"]["geometries"] == [{"type": "MultiLineString", "arcs": [[~0]]}]
    with pytest.raises(basemap.BasemapError, match="not a TopoJSON"):
        basemap.crop_topology({"type": "FeatureCollection"}, BOX)
    with pytest.raises(basemap.BasemapError, match="empty box"):
        basemap.crop_topology(small_topology(), (20, 10, 10, 20))
    bad = small_topology()
    bad["objects"]["land"]["geometries"].append({"type": "Polygon", "arcs": [[1, 2, 30]]})
    with pytest.raises(basemap.BasemapError, match="refers to arc 30"):
        basemap.crop_topology(bad, BOX)


# ---- the real base map ---------------------------------------------------------------------


def decoded_arcs(topo):
    """Every arc as absolute positions (quantised integers when the topology is quantised)."""
    out = []
    for arc in topo["arcs"]:
        if "transform" not in topo:
            out.append([tuple(p) for p in arc])
            continue
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x, y))
        out.append(pts)
    return out


def lines(topo, geom):
    """The rings and lines of a geometry, each as a tuple of positions."""
    arcs = decoded_arcs(topo)

    def line(refs):
        pts = []
        for r in refs:
            a = arcs[r] if r >= 0 else arcs[~r][::-1]
            pts.extend(a if not pts else a[1:])
        return tuple(pts)

    kind, a = geom["type"], geom.get("arcs")
    if kind == "LineString":
        return [line(a)]
    if kind in ("MultiLineString", "Polygon"):
        return [line(x) for x in a]
    if kind == "MultiPolygon":
        return [line(r) for p in a for r in p]
    return []


def degrees_box(topo, positions):
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    xs = [x * sx + tx for x, _ in positions]
    ys = [y * sy + ty for _, y in positions]
    return min(xs), min(ys), max(xs), max(ys)


def reaches(box, crop):
    return box[0] <= crop[2] and box[2] >= crop[0] and box[1] <= crop[3] and box[3] >= crop[1]


@pytest.fixture(scope="module")
def asia():
    return json.loads((TOPOJSON / "asia_50m.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def caucasus(asia):
    return basemap.crop_topology(asia, basemap.CAUCASUS.box)


def test_real_crop_is_valid_topojson(caucasus, asia):
    assert caucasus["type"] == "Topology" and caucasus["transform"] == asia["transform"]
    assert set(caucasus["objects"]) == set(asia["objects"])
    used = Counter()
    for obj in caucasus["objects"].values():
        assert obj["type"] == "GeometryCollection"
        for geom in obj["geometries"]:
            refs = basemap._refs(geom["arcs"])
            used.update(basemap._index(r) for r in refs)
            if geom["type"] in ("Polygon", "MultiPolygon"):
                for ring in lines(caucasus, geom):  # rings close
                    assert ring[0] == ring[-1]
    assert set(used) == set(range(len(caucasus["arcs"]))), "every arc kept is used, every arc used is kept"
    json.dumps(caucasus, allow_nan=False)


def test_real_crop_is_much_smaller(caucasus):
    full = (TOPOJSON / "asia_50m.json").read_bytes()
    crop = json.dumps(caucasus, separators=(",", ":")).encode()
    assert len(crop) < 0.3 * len(full)
    assert len(gzip.compress(crop)) < 0.35 * len(gzip.compress(full))


def test_real_crop_keeps_everything_that_reaches_the_box(caucasus, asia):
    """Every ring and line of the full file that reaches the box is in the crop, unchanged, in
    the same object (and the crop invents none)."""
    box = basemap.CAUCASUS.box
    for name, obj in asia["objects"].items():
        full = Counter(ln for g in obj["geometries"] for ln in lines(asia, g))
        cropped = Counter(ln for g in caucasus["objects"][name]["geometries"] for ln in lines(caucasus, g))
        assert not cropped - full, name
        needed = Counter(ln for ln in full.elements() if reaches(degrees_box(asia, ln), box))
        assert not needed - cropped, f"{name}: a ring or line in the box was left out"


def test_real_crop_has_the_theatre(caucasus):
    countries = {g.get("id") for g in caucasus["objects"]["countries"]["geometries"]}
    assert {"ARM", "AZE", "GEO", "IRN", "TUR"} <= countries
    assert not countries & {"CHN", "IND", "JPN", "MNG"}
    # the Caspian (an ocean polygon in Natural Earth) and lakes Sevan, Van and Urmia
    ocean = [degrees_box(caucasus, ring) for g in caucasus["objects"]["ocean"]["geometries"]
             for ring in lines(caucasus, g)]
    assert any(b[0] < 47 and b[2] > 54 and b[1] < 37 and b[3] > 46.5 for b in ocean), "the Caspian"
    lakes = [degrees_box(caucasus, ring) for g in caucasus["objects"]["lakes"]["geometries"]
             for ring in lines(caucasus, g)]
    for lon, lat in ((45.3, 40.4), (43.0, 38.6), (45.5, 37.7)):  # Sevan, Van, Urmia
        assert any(b[0] < lon < b[2] and b[1] < lat < b[3] for b in lakes), (lon, lat)
    assert caucasus["objects"]["land"]["geometries"] and caucasus["objects"]["coastlines"]["geometries"]


def test_write_basemaps_writes_only_when_changed(tmp_path):
    out = tmp_path / "topojson"
    (out / "caucasus").mkdir(parents=True)
    (out / "caucasus" / "world_110m.json").write_text("{}")  # a file the base map no longer holds
    first = basemap.write_basemaps(TOPOJSON, out)
    assert [p.relative_to(out).as_posix() for p in first] == ["caucasus/asia_50m.json"]
    assert not (out / "caucasus" / "world_110m.json").exists()
    stamp = first[0].stat().st_mtime_ns
    os.utime(first[0], ns=(stamp - 10**9, stamp - 10**9))
    basemap.write_basemaps(TOPOJSON, out)
    assert first[0].stat().st_mtime_ns == stamp - 10**9, "an unchanged crop is not written again"
    with pytest.raises(basemap.BasemapError, match="missing"):
        basemap.write_basemaps(tmp_path, out)


# ---- figures ------------------------------------------------------------------------------


def test_theatre_frames_lie_inside_the_crop_with_margin():
    west, south, east, north = basemap.CAUCASUS.box
    m = basemap.CAUCASUS.margin
    assert west + m <= charts.CAUCASUS_LON[0] < charts.CAUCASUS_LON[1] <= east - m
    assert south + m <= charts.CAUCASUS_LAT[0] < charts.CAUCASUS_LAT[1] <= north - m
    assert charts.THEATRE_BASEMAP == basemap.CAUCASUS.name


@pytest.fixture(scope="module")
def events():
    return charts.enrich_events(data.load_events(), data.load_places(), data.load_sources())


def spec_of(fig):
    return json.loads(fig.to_json())


def test_theatre_figures_ask_for_the_cropped_map(events):
    theatre = [charts.event_map(events), karabakh.event_explorer_map(events),
               karabakh.control_change_map(karabakh.control_changes(events))]
    for fig in theatre:
        spec = spec_of(fig)
        assert basemap.figure_basemap(spec) == "caucasus"
        assert plotly_bundle.topojson_files(spec) == {"caucasus/asia_50m.json"}
        assert basemap.figure_problems(spec) == []
        assert fig.layout.meta["title"] and fig.layout.meta["alt"]  # the rest of meta is kept


def test_csto_maps_keep_the_full_files(events):
    membership = data.load_membership()
    status = csto.membership_status(membership, events.date_end.max())
    figs = [csto.membership_map(status, [1992, 2024], membership),
            csto.crises_map(data.load_requests(), data.load_places(), data.load_sources())]
    files = set()
    for fig in figs:
        spec = spec_of(fig)
        assert basemap.figure_basemap(spec) is None
        files |= plotly_bundle.topojson_files(spec)
    assert files == {"world_110m.json", "asia_50m.json"}


def test_stored_figures_ask_for_the_cropped_map_only_in_the_theatre():
    """The figures stored in the notebooks (what the site draws): every map in the Karabakh
    chapter asks for the cropped map and fits it, no other map does."""
    seen = Counter()
    for nb in sphinxext.notebooks(ROOT, ["_build/*", "**/.ipynb_checkpoints/*"]):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            for out in cell.get("outputs", []):
                spec = (out.get("data") or {}).get(mime.PLOTLY_MIME)
                if spec is None or not basemap.drawn_geos(spec):
                    continue
                theatre = nb.parent.name == "karabakh"
                assert (basemap.figure_basemap(spec) == "caucasus") == theatre, nb
                assert basemap.figure_problems(spec) == [], nb
                seen[theatre] += 1
    assert seen[True] >= 3 and seen[False] >= 2, seen


def theatre_spec(**geo):
    return {
        "data": [{"type": "scattergeo", "lon": [46], "lat": [40]}],
        "layout": {"geo": {"scope": "asia", "resolution": 50, "lonaxis": {"range": [43.4, 50.6]},
                           "lataxis": {"range": [38.3, 42.2]}, **geo},
                   "meta": {"basemap": "caucasus", "title": "A theatre map"}},
    }


def test_figure_problems_name_what_is_wrong():
    assert basemap.figure_problems(theatre_spec()) == []
    unknown = theatre_spec()
    unknown["layout"]["meta"]["basemap"] = "balkans"
    [msg] = basemap.figure_problems(unknown)
    assert "'balkans'" in msg and "does not exist" in msg and "caucasus" in msg
    [msg] = basemap.figure_problems(theatre_spec(lonaxis={"range": [38.0, 80.0]}))
    assert "38.0–80.0°E" in msg and "not inside" in msg
    [msg] = basemap.figure_problems(theatre_spec(lataxis={"range": [38.3, 44.0]}))  # inside, but within the margin
    assert "not inside" in msg
    assert "no lonaxis" in basemap.figure_problems(theatre_spec(lonaxis={}))[0]
    assert "fitbounds" in basemap.figure_problems(theatre_spec(fitbounds="locations"))[0]
    assert "zoomed out" in basemap.figure_problems(theatre_spec(projection={"scale": 0.5}))[0]
    [msg] = basemap.figure_problems(theatre_spec(scope="world", resolution=110))
    assert "world_110m.json" in msg and "asia_50m.json" in msg
    # a figure on a second geo subplot is checked there
    two = theatre_spec()
    two["data"].append({"type": "scattergeo", "geo": "geo2", "lon": [1], "lat": [1]})
    two["layout"]["geo2"] = {"scope": "asia", "resolution": 50}
    [msg] = basemap.figure_problems(two)
    assert msg.startswith("geo2 ")


def test_page_problems_name_the_figure():
    served = sphinxext.served_topojson_files()
    assert served >= {"asia_50m.json", "caucasus/asia_50m.json", "world_110m.json"}
    assert basemap.page_problems([theatre_spec()], served) == []
    wide = theatre_spec(lonaxis={"range": [30, 60]})
    [msg] = basemap.page_problems([wide], served)
    assert msg.startswith("figure 'A theatre map' ")
    # the same file name from two folders on one page
    full = theatre_spec()
    del full["layout"]["meta"]["basemap"]
    full["layout"]["meta"]["title"] = "All of Asia"
    [msg] = basemap.page_problems([theatre_spec(), full], served)
    assert "asia_50m.json" in msg and "'All of Asia'" in msg and "'A theatre map'" in msg
    # a full file the site does not serve
    europe = {"data": [{"type": "choropleth"}], "layout": {"geo": {"scope": "europe", "resolution": 50}}}
    [msg] = basemap.page_problems([europe], served)
    assert "europe_50m.json" in msg and "does not serve" in msg


def page_context(spec, pagename="chapters/karabakh/some-map"):
    bundles = plotly_bundle.Bundles(Path("core.js"), frozenset({"scatter"}), Path("geo.js"),
                                    frozenset(plotly_bundle.GEO_TRACES))
    app = SimpleNamespace(briefing_plotly=bundles, add_js_file=lambda *a, **k: None)
    context = {"body": mime.figure_html(spec)}
    sphinxext._page_context(app, pagename, "page.html", context, None)
    return context


def test_build_fails_naming_page_and_figure():
    with pytest.raises(ExtensionError, match=r"page chapters/karabakh/some-map: figure 'A theatre map' geo frames "
                                             r"43\.4–56\.0°E"):
        page_context(theatre_spec(lonaxis={"range": [43.4, 56.0]}))
    unknown = theatre_spec()
    unknown["layout"]["meta"]["basemap"] = "balkans"
    with pytest.raises(ExtensionError, match="'balkans'.*does not exist"):
        page_context(unknown)


def test_preload_is_the_file_the_figure_fetches():
    tags = page_context(theatre_spec())["metatags"]
    assert re.findall(r'href="([^"]+)"', tags) == ["../../_static/vendor/topojson/caucasus/asia_50m.json"]
    full = theatre_spec()
    del full["layout"]["meta"]["basemap"]
    tags = page_context(full, "chapters/csto/crises-map")["metatags"]
    assert re.findall(r'href="([^"]+)"', tags) == ["../../_static/vendor/topojson/asia_50m.json"]


def test_pages_are_checked_again_when_a_cropped_map_changes(monkeypatch):
    bundles = plotly_bundle.Bundles(Path("core.js"), frozenset({"scatter"}))
    app = SimpleNamespace(briefing_plotly=bundles)
    env = SimpleNamespace(found_docs={"a", "b", "c"})
    assert sphinxext._rewrite_pages_for_new_bundles(app, env, {"a"}, set(), set()) == ["b", "c"]
    assert sphinxext._rewrite_pages_for_new_bundles(app, env, set(), set(), set()) == []
    smaller = basemap.Basemap("caucasus", (42.0, 37.0, 51.0, 43.0), ("asia_50m.json",))
    monkeypatch.setattr(basemap, "BASEMAPS", {"caucasus": smaller})
    assert sphinxext._rewrite_pages_for_new_bundles(app, env, set(), {"b"}, set()) == ["a", "c"]


# ---- the built site -----------------------------------------------------------------------

THEATRE_PAGES = ["chapters/karabakh/event-map.html", "chapters/karabakh/war-2020-map.html",
                 "chapters/karabakh/explorer.html"]
CSTO_MAP_PAGES = ["chapters/csto/membership.html", "chapters/csto/crises-map.html"]
_PRELOAD = re.compile(r'<link rel="preload" as="fetch" crossorigin="anonymous" href="([^"]+)" />')


def test_site_serves_the_cropped_map(built_site):
    folder = built_site / "_static" / "vendor" / "topojson"
    crop, full = folder / "caucasus" / "asia_50m.json", folder / "asia_50m.json"
    assert 10_000 < crop.stat().st_size < 0.3 * full.stat().st_size
    assert json.loads(crop.read_text(encoding="utf-8")) == basemap.crop_topology(
        json.loads(full.read_text(encoding="utf-8")), basemap.CAUCASUS.box)


def test_pages_preload_the_base_maps_their_figures_fetch(built_site):
    for rel in THEATRE_PAGES + CSTO_MAP_PAGES:
        text = (built_site / rel).read_text(encoding="utf-8")
        hrefs = _PRELOAD.findall(text)
        root = "../" * rel.count("/")
        assert hrefs == [f"{root}_static/vendor/topojson/{f}" for f in sorted(plotly_bundle.page_topojson_files(text))]
        for href in hrefs:
            assert (built_site / rel).parent.joinpath(href).resolve().is_file(), (rel, href)
        names = [h.split("/_static/vendor/topojson/")[1] for h in hrefs]
        if rel in THEATRE_PAGES:
            assert names == ["caucasus/asia_50m.json"], rel
        else:
            assert "caucasus/asia_50m.json" not in names and names, rel


def _fetched_base_maps(browser, site_url, rel):
    page = browser.new_page()
    try:
        page.goto(f"{site_url}/{rel}", timeout=120_000)
        page.wait_for_function("document.documentElement.hasAttribute('data-briefing-figures')", timeout=120_000)
        assert page.evaluate("document.querySelectorAll('.briefing-plotly[data-error]').length") == 0
        assert page.locator(".briefing-plotly .geolayer .countries path").count() > 0, "the map drew without its base map"
        names = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    finally:
        page.close()
    return sorted({n.split("/_static/vendor/topojson/")[1] for n in names if "/_static/vendor/topojson/" in n})


@pytest.mark.parametrize("rel", THEATRE_PAGES + CSTO_MAP_PAGES)
def test_pages_fetch_the_base_map_they_preload(built_site, site_url, browser, rel):
    fetched = _fetched_base_maps(browser, site_url, rel)
    assert fetched == [h.split("/_static/vendor/topojson/")[1] for h in _PRELOAD.findall((built_site / rel).read_text())]
    assert ("caucasus/asia_50m.json" in fetched) == (rel in THEATRE_PAGES)
