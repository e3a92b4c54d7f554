"""Cropped base maps: a regional map fetches only the part of Natural Earth it shows.

plotly.js draws a map's base layers (land, ocean, lakes, rivers, countries, coastlines) from one
TopoJSON file per scope and resolution, ``<topojsonURL>{scope}_{resolution}m.json``, and projects
every polygon of that file on every draw. The maps of the Karabakh theatre show about seven by
four degrees of the South Caucasus, yet the 1:50m Asia file they use covers all of Asia.

A *basemap* is a named crop of such files, served in a folder of its own under the same file
names (``_static/vendor/topojson/<basemap>/asia_50m.json``). :func:`crop_topology` keeps, in
every object of the topology, the geometries that reach into the basemap's box, and the arcs
they use; nothing kept is cut, so every outline that enters the box is drawn exactly as in the
full file. Inside a kept geometry it leaves out what lies wholly outside the box: the polygons
of a multi-polygon and the lines of a multi-line string that do not reach it, and the holes of a
polygon that do not reach it (a left-out hole only fills an island that lies outside the box).
A polygon always keeps its first ring.

A figure asks for a basemap with ``layout.meta["basemap"]`` (``briefing.charts`` sets it on the
theatre maps); ``briefing-plotly.js`` then points plotly.js at that folder. The Sphinx extension
writes the crops at build time (:func:`write_basemaps`) and fails the build when a figure asks
for a basemap that does not exist, or frames its map beyond the basemap's box
(:func:`figure_problems`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

#: Longitude/latitude box: (west, south, east, north), in degrees.
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Basemap:
    """A named crop of some of the site's base-map files."""

    name: str
    box: Box
    files: tuple[str, ...]
    #: Degrees a map's frame must stay inside the box, so that a small pan still finds a map.
    margin: float = 1.0


#: The South Caucasus theatre: Armenia, Azerbaijan and Georgia with the edges of Turkey, Iran
#: and Russia, and the Caspian. Every theatre map frames a part of 43–51°E, 38–42.5°N.
CAUCASUS = Basemap("caucasus", (40.0, 36.0, 52.0, 44.5), ("asia_50m.json",))
BASEMAPS = {b.name: b for b in (CAUCASUS,)}


class BasemapError(ValueError):
    """A topology cannot be cropped, or a figure asks for a basemap it cannot have."""


# ---- cropping ------------------------------------------------------------------------------


def arc_boxes(topology: dict) -> list[Box]:
    """The longitude/latitude box of every arc (quantised, delta-encoded arcs are decoded
    through the topology's ``transform``)."""
    transform = topology.get("transform")
    boxes = []
    for arc in topology.get("arcs", []):
        if not arc:
            raise BasemapError("the topology has an empty arc")
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            xs, ys = [], []
            for point in arc:
                x += point[0]
                y += point[1]
                xs.append(x * sx + tx)
                ys.append(y * sy + ty)
        else:
            xs = [p[0] for p in arc]
            ys = [p[1] for p in arc]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes


def _index(ref: int) -> int:
    """The arc an arc reference points at (``~i``, that is ``-i - 1``, is arc ``i`` reversed)."""
    return ref if ref >= 0 else ~ref


def _refs(arcs) -> list[int]:
    """Every arc reference in a (nested) ``arcs`` list."""
    if isinstance(arcs, int):
        return [arcs]
    return [r for part in arcs for r in _refs(part)]


def _union(boxes) -> Box | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _meets(box: Box | None, crop: Box) -> bool:
    return box is not None and box[0] <= crop[2] and box[2] >= crop[0] and box[1] <= crop[3] and box[3] >= crop[1]


def _point_box(coordinates, topology: dict) -> Box:
    transform = topology.get("transform")
    if transform:  # a point's position is quantised but not delta-encoded
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x, y = coordinates[0] * sx + tx, coordinates[1] * sy + ty
    else:
        x, y = coordinates[0], coordinates[1]
    return (x, y, x, y)


def _crop_geometry(geom: dict, crop: Box, boxes: list[Box], topology: dict) -> dict | None:
    """The part of one geometry to keep (a copy), or None when it does not reach the box."""
    kind = geom.get("type")

    def reaches(arcs) -> bool:
        return _meets(_union(boxes[_index(r)] for r in _refs(arcs)), crop)

    def polygon(rings):
        return [rings[0]] + [ring for ring in rings[1:] if reaches(ring)]

    out = dict(geom)
    if kind == "GeometryCollection":
        kept = [g for g in (_crop_geometry(g, crop, boxes, topology) for g in geom.get("geometries", [])) if g]
        if not kept:
            return None
        out["geometries"] = kept
        return out
    if kind in ("Point", "MultiPoint"):
        points = [geom["coordinates"]] if kind == "Point" else geom["coordinates"]
        kept = [p for p in points if _meets(_point_box(p, topology), crop)]
        if not kept:
            return None
        out["coordinates"] = kept[0] if kind == "Point" else kept
        return out
    if kind in ("LineString", "Polygon"):
        if not reaches(geom["arcs"]):
            return None
        if kind == "Polygon":
            out["arcs"] = polygon(geom["arcs"])
        return out
    if kind == "MultiLineString":
        kept = [line for line in geom["arcs"] if reaches(line)]
    elif kind == "MultiPolygon":
        kept = [polygon(rings) for rings in geom["arcs"] if reaches(rings)]
    elif kind is None:  # a null geometry: no shape to draw
        return None
    else:
        raise BasemapError(f"unknown TopoJSON geometry type {kind!r}")
    if not kept:
        return None
    out["arcs"] = kept
    return out


def _renumber(geom: dict, new_index: dict[int, int]) -> None:
    def renumber(arcs):
        if isinstance(arcs, int):
            i = new_index[_index(arcs)]
            return i if arcs >= 0 else ~i
        return [renumber(part) for part in arcs]

    if "arcs" in geom:
        geom["arcs"] = renumber(geom["arcs"])
    for child in geom.get("geometries", []):
        _renumber(child, new_index)


def crop_topology(topology: dict, box: Box) -> dict:
    """A copy of ``topology`` holding, in every object, only what reaches ``box`` (module
    docstring), with only the arcs that is drawn from, renumbered in their original order.

    Arcs are copied as they are: quantised and delta-encoded against the same ``transform``.
    ``bbox`` becomes the box of the arcs kept.
    """
    if topology.get("type") != "Topology":
        raise BasemapError("not a TopoJSON topology")
    west, south, east, north = box
    if not (west < east and south < north):
        raise BasemapError(f"an empty box: {box}")
    boxes = arc_boxes(topology)
    for name, obj in topology.get("objects", {}).items():
        bad = [r for r in _geometry_refs(obj) if not 0 <= _index(r) < len(boxes)]
        if bad:
            raise BasemapError(f"object {name!r} refers to arc {bad[0]}, but the topology has {len(boxes)} arcs")
    objects = {}
    for name, obj in topology.get("objects", {}).items():
        kept = _crop_geometry(obj, box, boxes, topology)
        if kept is None:  # the object stays, empty, so that every layer plotly.js asks for exists
            kept = {"type": "GeometryCollection", "geometries": []}
        objects[name] = kept
    used = sorted({_index(r) for obj in objects.values() for r in _geometry_refs(obj)})
    new_index = {old: new for new, old in enumerate(used)}
    for obj in objects.values():
        _renumber(obj, new_index)
    out = {k: v for k, v in topology.items() if k not in ("objects", "arcs", "bbox")}
    out["objects"] = objects
    out["arcs"] = [topology["arcs"][i] for i in used]
    kept_box = _union(boxes[i] for i in used)
    if kept_box is not None:
        out["bbox"] = list(kept_box)
    return out


def _geometry_refs(geom: dict) -> list[int]:
    refs = _refs(geom["arcs"]) if "arcs" in geom else []
    for child in geom.get("geometries", []):
        refs += _geometry_refs(child)
    return refs


def write_basemaps(source_dir: Path, out_dir: Path, basemaps=None) -> list[Path]:
    """Write every basemap's crops to ``out_dir/<name>/<file>``, each only when its content
    changed (an incremental build then leaves the file, and its date, alone); remove files of
    a basemap folder that the basemap no longer holds. Returns the files written or kept."""
    basemaps = BASEMAPS if basemaps is None else basemaps
    written = []
    for basemap in basemaps.values():
        folder = Path(out_dir) / basemap.name
        folder.mkdir(parents=True, exist_ok=True)
        for name in basemap.files:
            src = Path(source_dir) / name
            if not src.is_file():
                raise BasemapError(f"base map {src} is missing (basemap {basemap.name!r} is a crop of it)")
            cropped = crop_topology(json.loads(src.read_text(encoding="utf-8")), basemap.box)
            data = json.dumps(cropped, separators=(",", ":")).encode("utf-8")
            dst = folder / name
            if not (dst.is_file() and dst.read_bytes() == data):
                dst.write_bytes(data)
            written.append(dst)
        for stale in folder.glob("*.json"):
            if stale.name not in basemap.files:
                stale.unlink()
    return written


# ---- figures -------------------------------------------------------------------------------


def figure_basemap(spec: dict) -> str | None:
    """The basemap a figure asks for (``layout.meta["basemap"]``), or None for the full files."""
    meta = (spec.get("layout") or {}).get("meta")
    return meta.get("basemap") if isinstance(meta, dict) else None


def figure_name(spec: dict) -> str:
    """A figure's title (``layout.meta["title"]``, else the layout title or alt text), to name it
    in an error message."""
    layout = spec.get("layout") or {}
    meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
    title = layout.get("title")
    title = title.get("text") if isinstance(title, dict) else title
    return str(meta.get("title") or title or meta.get("alt") or "untitled figure")


def drawn_geos(spec: dict) -> dict[str, dict]:
    """``{geo subplot id: its layout (template defaults below the figure's own)}`` for every geo
    subplot a trace of the figure is drawn on."""
    from .plotly_bundle import GEO_TRACES

    layout = spec.get("layout") or {}
    template = (layout.get("template") or {}).get("layout") or {}
    geos = {}
    for trace in spec.get("data") or []:
        if isinstance(trace, dict) and trace.get("type") in GEO_TRACES:
            key = trace.get("geo") or "geo"
            geos[key] = {**(template.get("geo") or {}), **(layout.get(key) or {})}
    return geos


def geo_file(geo: dict) -> str:
    """The base-map file plotly.js fetches for a geo subplot: ``{scope}_{resolution}m.json``."""
    return f"{(geo.get('scope') or 'world').replace(' ', '-')}_{geo.get('resolution') or 110}m.json"


def frame_problem(geo: dict, basemap: Basemap) -> str | None:
    """Why a geo subplot's frame may show more than ``basemap`` holds, or None if it cannot."""
    lon = (geo.get("lonaxis") or {}).get("range")
    lat = (geo.get("lataxis") or {}).get("range")
    if geo.get("fitbounds"):
        return "fits its frame to the data (geo.fitbounds), so the frame is not known when the base map is cut"
    if not (lon and lat and len(lon) == 2 and len(lat) == 2):
        return "has no lonaxis and lataxis range, so it frames the whole scope"
    scale = (geo.get("projection") or {}).get("scale")
    if scale is not None and scale < 1:
        return f"is zoomed out (projection.scale {scale}) beyond its lonaxis and lataxis range"
    west, south, east, north = basemap.box
    m = basemap.margin
    (lon0, lon1), (lat0, lat1) = sorted(lon), sorted(lat)
    if lon0 < west + m or lon1 > east - m or lat0 < south + m or lat1 > north - m:
        return (f"frames {lon0}–{lon1}°E, {lat0}–{lat1}°N, which is not inside the {basemap.name!r} base "
                f"map's box, {west}–{east}°E, {south}–{north}°N, less a margin of {m}°")
    return None


def figure_problems(spec: dict, basemaps=None) -> list[str]:
    """What keeps a figure that asks for a basemap from drawing on it: an unknown basemap, a
    base-map file the basemap does not hold, or a frame beyond its box. Empty when all is well
    (and for a figure that asks for no basemap)."""
    basemaps = BASEMAPS if basemaps is None else basemaps
    name = figure_basemap(spec)
    if name is None:
        return []
    if name not in basemaps:
        known = ", ".join(sorted(basemaps)) or "none"
        return [f"asks for base map {name!r} (layout.meta.basemap), which does not exist (base maps: {known})"]
    basemap = basemaps[name]
    problems = []
    for key, geo in sorted(drawn_geos(spec).items()):
        file = geo_file(geo)
        if file not in basemap.files:
            problems.append(f"{key} draws on {file}, but base map {name!r} is cut only from "
                            f"{', '.join(basemap.files)}")
        why = frame_problem(geo, basemap)
        if why:
            problems.append(f"{key} {why}")
    return problems


def figure_files(spec: dict) -> set[str]:
    """The base-map files plotly.js fetches for a figure, relative to the site's topojson
    folder: ``{scope}_{resolution}m.json``, in the folder of the basemap the figure asks for."""
    name = figure_basemap(spec)
    prefix = f"{name}/" if name else ""
    return {prefix + geo_file(geo) for geo in drawn_geos(spec).values()}


def page_problems(specs, served) -> list[str]:
    """What keeps the figures of one page (``specs``) from drawing on their base maps, each
    naming its figure: :func:`figure_problems`, a file the site does not serve (``served``:
    paths relative to the topojson folder), and figures that fetch the same file name from two
    folders (plotly.js keeps one base map per file name on a page, whichever loaded first)."""
    served = set(served)
    problems = []
    folders: dict[str, dict[str, str]] = {}  # file name -> {path fetched: first figure fetching it}
    for spec in specs:
        figure = figure_name(spec)
        own = figure_problems(spec)
        problems += [f"figure {figure!r} {p}" for p in own]
        for path in sorted(figure_files(spec)):
            if not own and path not in served:
                problems.append(f"figure {figure!r} draws on base map {path}, which the site does not serve "
                                f"(it serves {', '.join(sorted(served))})")
            folders.setdefault(path.rsplit("/", 1)[-1], {}).setdefault(path, figure)
    for file, paths in sorted(folders.items()):
        if len(paths) > 1:
            who = "; ".join(f"{fig!r} draws on {path}" for path, fig in sorted(paths.items()))
            problems.append(f"figures on one page draw on {file} from different folders ({who}), but plotly.js "
                            "keeps one base map per file name on a page: put them on separate pages")
    return problems
