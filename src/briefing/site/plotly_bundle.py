"""A partial plotly.js bundle holding only the trace types the book's figures use.

The full ``plotly.min.js`` carries every trace type plotly knows (about 1.5 MB gzipped); the
book draws a handful. At build time the Sphinx extension collects the trace types from the
figures stored in the notebooks (:func:`notebook_trace_types`), and :func:`build_bundle` runs
esbuild (``plotly_bundle.mjs``) over the npm ``plotly.js`` package, pinned in
``package.json`` at exactly the version the Python plotly package bundles (a test checks it).
:func:`missing_trace_types` is the guard: a page whose figure needs a trace type that is not
in the bundle fails the build.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from . import FIGURE_CLASS, PLOTLY_MIME

NPM_NAME = "plotly.js"
SCRIPT = Path(__file__).with_name("plotly_bundle.mjs")
#: Files in plotly.js/lib/ that are not trace types.
_NOT_TRACES = {"core", "calendars", "index", "locales"}
_SPEC_RE = re.compile(
    r'<script type="application/json" class="briefing-plotly-spec">(.*?)</script>', re.DOTALL
)


class BundleError(RuntimeError):
    """The partial plotly.js bundle cannot be built or does not cover a figure."""


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


def bundle_name(version: str, traces) -> str:
    """Versioned file name: the plotly.js version and the trace types it holds."""
    return f"plotly-{version}-{'-'.join(sorted(traces))}.min.js"


def build_bundle(project: Path, traces, cache_dir: Path) -> Path:
    """Build (or reuse from ``cache_dir``) the partial bundle; return its path."""
    project = Path(project)
    traces = sorted(set(traces))
    if not traces:
        traces = ["scatter"]
    version = npm_plotlyjs_version(project)
    out = Path(cache_dir) / bundle_name(version, traces)
    if out.is_file() and out.stat().st_size:
        return out
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        raise BundleError("node is missing: install Debian's npm package (it brings node)")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp.js")
    proc = subprocess.run(
        [node, str(SCRIPT), str(project), str(tmp), *traces],
        cwd=project, capture_output=True, text=True,
    )
    if proc.returncode or not tmp.is_file():
        raise BundleError(
            f"esbuild could not build the plotly.js bundle for {', '.join(traces)}:\n"
            f"{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
        )
    tmp.replace(out)
    return out


def page_trace_types(body: str) -> set[str]:
    """Trace types of every figure in a rendered page body."""
    kinds: set[str] = set()
    if f'class="{FIGURE_CLASS}"' not in body:
        return kinds
    for payload in _SPEC_RE.findall(body):
        kinds |= figure_trace_types(json.loads(payload))
    return kinds


def missing_trace_types(body: str, bundled) -> set[str]:
    """Trace types a page's figures need that the bundle does not hold."""
    return page_trace_types(body) - set(bundled)


#: Trace types drawn on a geo subplot, which needs a Natural Earth base map.
GEO_TRACES = {"scattergeo", "choropleth"}


def topojson_files(spec: dict) -> set[str]:
    """Base-map files plotly.js will fetch for a figure: ``{scope}_{resolution}m.json``."""
    layout = spec.get("layout") or {}
    template = ((layout.get("template") or {}).get("layout") or {})
    files = set()
    for trace in spec.get("data") or []:
        if not isinstance(trace, dict) or trace.get("type") not in GEO_TRACES:
            continue
        key = trace.get("geo") or "geo"
        geo = {**(template.get("geo") or {}), **(layout.get(key) or {})}
        files.add(f"{geo.get('scope') or 'world'}_{geo.get('resolution') or 110}m.json")
    return files


def page_topojson_files(body: str) -> set[str]:
    """Base-map files the figures of a rendered page body need."""
    files: set[str] = set()
    for payload in _SPEC_RE.findall(body):
        files |= topojson_files(json.loads(payload))
    return files
