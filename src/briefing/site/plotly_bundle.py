"""Partial plotly.js bundles holding only the trace types the book's figures use.

The full ``plotly.min.js`` carries every trace type plotly knows (about 1.5 MB gzipped); the
book draws a handful. At build time the Sphinx extension collects the trace types from the
figures stored in the notebooks (:func:`notebook_trace_types`), and :func:`build_bundles` runs
esbuild (``plotly_bundle.mjs``) over the npm ``plotly.js`` package, pinned in
``package.json`` at exactly the version the Python plotly package bundles (a test checks it).

The trace types are split in two files, so that a page loads only what its figures draw:

* the **core bundle**: plotly.js core and every trace type outside :data:`GEO_TRACES`
  (scatter, bar), exposed as ``window.Plotly``; every page with a figure loads it;
* the **geo add-on**: the trace types drawn on a geo subplot (scattergeo, choropleth) with
  the geo subplot and its projection and topojson code (about 90 KB gzipped). It registers
  them into the already-loaded core with ``Plotly.register`` and takes every plotly.js
  module the core already holds (the trace registry, lib, axes, ...) from the core itself,
  through the map the core publishes as ``Plotly._sharedModules``: nothing is bundled or
  instantiated twice. Only pages with a map load it, after the core.

Both are classic scripts (not ES modules, which do not run from ``file://``), named after the
plotly.js version and the book's trace types (:func:`bundle_names`), and built together:
the core's shared-module map is made for that add-on. :func:`missing_trace_types` is the
guard: a page whose figure needs a trace type that neither bundle holds fails the build.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import FIGURE_CLASS, PLOTLY_MIME, basemap

NPM_NAME = "plotly.js"
SCRIPT = Path(__file__).with_name("plotly_bundle.mjs")
#: Files in plotly.js/lib/ that are not trace types.
_NOT_TRACES = {"core", "calendars", "index", "locales"}
_SPEC_RE = re.compile(
    r'<script type="application/json" class="briefing-plotly-spec">(.*?)</script>', re.DOTALL
)


class BundleError(RuntimeError):
    """The partial plotly.js bundles cannot be built or do not cover a figure."""


def python_plotlyjs_version() -> str:
    """The plotly.js version inside the installed Python plotly package."""
    from plotly.offline import get_plotlyjs_version

    return get_plotlyjs_version()


def npm_plotlyjs_version(project: Path) -> str:
    """The plotly.js version installed in ``node_modules`` (what esbuild bundles)."""
    pkg = Path(project) / "node_modules" / NPM_NAME / "package.json"
    if not pkg.is_file():
        raise BundleError(f"{pkg} is missing: run `npm ci` in {project} (make book does this)")
    return json.loads(pkg.read_text(encoding="utf-8"))["version"]


def pinned_plotlyjs_version(project: Path) -> str:
    """The plotly.js version pinned in ``package.json``."""
    pkg = json.loads((Path(project) / "package.json").read_text(encoding="utf-8"))
    deps = {**pkg.get("devDependencies", {}), **pkg.get("dependencies", {})}
    if NPM_NAME not in deps:
        raise BundleError(f"{Path(project) / 'package.json'}: no dependency on {NPM_NAME}")
    return deps[NPM_NAME]


def available_trace_types(project: Path) -> set[str]:
    """Trace types the npm plotly.js package offers as modules (``lib/<type>.js``)."""
    lib = Path(project) / "node_modules" / NPM_NAME / "lib"
    return {p.stem for p in lib.glob("*.js") if p.stem not in _NOT_TRACES and not p.stem.startswith("index")}


def figure_trace_types(spec: dict) -> set[str]:
    """Trace types of one plotly figure spec (a trace without ``type`` is a scatter)."""
    traces = list(spec.get("data") or [])
    for frame in spec.get("frames") or []:
        traces.extend(frame.get("data") or [])
    return {t.get("type") or "scatter" for t in traces if isinstance(t, dict)}


def notebook_trace_types(notebooks) -> dict[str, list[str]]:
    """``{trace type: ["notebook.ipynb, cell N", ...]}`` over the stored figure outputs."""
    found: dict[str, list[str]] = {}
    for nb_path in sorted(Path(p) for p in notebooks):
        try:
            nb = json.loads(nb_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise BundleError(f"{nb_path}: cannot read the notebook ({exc})") from exc
        for i, cell in enumerate(nb.get("cells", []), start=1):
            for out in cell.get("outputs", []) or []:
                spec = (out.get("data") or {}).get(PLOTLY_MIME)
                if spec is None:
                    continue
                if isinstance(spec, str):
                    spec = json.loads(spec)
                for kind in figure_trace_types(spec):
                    found.setdefault(kind, []).append(f"{nb_path}, cell {i}")
    return found


def check_available(found: dict[str, list[str]], project: Path) -> None:
    """Fail, naming notebook and cell, if a figure uses a type plotly.js does not offer."""
    available = available_trace_types(project)
    unknown = sorted(set(found) - available)
    if unknown:
        where = "; ".join(f"'{k}' in {found[k][0]}" for k in unknown)
        raise BundleError(
            f"figures use trace types that plotly.js {npm_plotlyjs_version(project)} has no "
            f"module for: {where}"
        )


#: Trace types drawn on a geo subplot, which needs a Natural Earth base map: the geo add-on.
GEO_TRACES = frozenset({"scattergeo", "choropleth"})


@dataclass(frozen=True)
class Bundles:
    """The built bundle files and the trace types each holds (``geo`` is None without maps)."""

    core: Path
    core_traces: frozenset[str]
    geo: Path | None = None
    geo_traces: frozenset[str] = frozenset()

    @property
    def traces(self) -> frozenset[str]:
        """Every trace type the two bundles hold."""
        return self.core_traces | self.geo_traces


def split_traces(traces) -> tuple[list[str], list[str]]:
    """``(core trace types, geo add-on trace types)``; the core always holds scatter."""
    traces = set(traces)
    core = sorted((traces - GEO_TRACES) | {"scatter"})
    return core, sorted(traces & GEO_TRACES)


def bundle_names(version: str, traces) -> tuple[str, str | None]:
    """Versioned file names of the core bundle and the geo add-on (None without geo traces).

    Both carry the plotly.js version and all the book's trace types, the core's and the
    add-on's, because they are made for each other: the core publishes exactly the modules
    that add-on takes from it. Neither a new release nor a new trace type meets a stale cache.
    """
    core, geo = split_traces(traces)
    stem = f"plotly-{version}-{'-'.join(sorted(core + geo))}"
    return f"{stem}.core.min.js", (f"{stem}.geo.min.js" if geo else None)


def build_bundles(project: Path, traces, cache_dir: Path) -> Bundles:
    """Build (or reuse from ``cache_dir``) the core bundle and, for geo traces, the add-on."""
    project = Path(project)
    core, geo = split_traces(traces)
    version = npm_plotlyjs_version(project)
    core_name, geo_name = bundle_names(version, traces)
    outs = [Path(cache_dir) / core_name] + ([Path(cache_dir) / geo_name] if geo_name else [])
    bundles = Bundles(outs[0], frozenset(core), outs[1] if geo_name else None, frozenset(geo))
    if all(out.is_file() and out.stat().st_size for out in outs):
        return bundles
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        raise BundleError("node is missing: install Debian's npm package (it brings node)")
    outs[0].parent.mkdir(parents=True, exist_ok=True)
    tmps = [out.with_suffix(".tmp.js") for out in outs]
    args = [node, str(SCRIPT), str(project), str(tmps[0]), ",".join(core)]
    if geo:
        args += [str(tmps[1]), ",".join(geo)]
    proc = subprocess.run(args, cwd=project, capture_output=True, text=True)
    if proc.returncode or not all(tmp.is_file() for tmp in tmps):
        raise BundleError(
            f"esbuild could not build the plotly.js bundles for {', '.join(core + geo)}:\n"
            f"{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
        )
    for tmp, out in zip(tmps, outs):
        tmp.replace(out)
    return bundles


def page_trace_types(body: str) -> set[str]:
    """Trace types of every figure in a rendered page body."""
    kinds: set[str] = set()
    if f'class="{FIGURE_CLASS}"' not in body:
        return kinds
    for payload in _SPEC_RE.findall(body):
        kinds |= figure_trace_types(json.loads(payload))
    return kinds


def missing_trace_types(body: str, bundled) -> set[str]:
    """Trace types a page's figures need that the bundles (``bundled``) do not hold."""
    return page_trace_types(body) - set(bundled)


def page_bundles(body: str, bundles: Bundles) -> list[Path]:
    """The bundle files a page loads, in order: the core, then the geo add-on if one of its
    figures draws a geo trace."""
    files = [bundles.core]
    if bundles.geo is not None and page_trace_types(body) & bundles.geo_traces:
        files.append(bundles.geo)
    return files


def topojson_files(spec: dict) -> set[str]:
    """Base-map files plotly.js will fetch for a figure, relative to the site's topojson folder:
    ``{scope}_{resolution}m.json``, in the folder of the cropped base map the figure asks for
    (``layout.meta["basemap"]``, :mod:`briefing.site.basemap`), if it asks for one."""
    return basemap.figure_files(spec)


def page_figures(body: str) -> list[dict]:
    """The figure specs of a rendered page body, in page order."""
    return [json.loads(payload) for payload in _SPEC_RE.findall(body)]


def page_topojson_files(body: str) -> set[str]:
    """Base-map files the figures of a rendered page body need (as :func:`topojson_files`)."""
    files: set[str] = set()
    for spec in page_figures(body):
        files |= topojson_files(spec)
    return files
