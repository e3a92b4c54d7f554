"""The book builds with Sphinx warnings as errors, and the build is self-contained."""

from __future__ import annotations

import re

from briefing.site import plotly_bundle, sphinxext
from conftest import ROOT, site_pages


def test_build_has_pages(built_site):
    pages = site_pages(built_site)
    assert "intro.html" in pages
    assert any(p.startswith("chapters/") for p in pages)


def test_partial_plotly_bundles_served_versioned(built_site, root):
    core, geo = sphinxext.plotly_js_names(root)
    assert geo is not None, "the book has maps: a geo add-on is expected"
    vendor = built_site / "_static" / "vendor"
    assert (vendor / core).stat().st_size > 100_000
    assert 20_000 < (vendor / geo).stat().st_size < (vendor / core).stat().st_size / 2
    for name in (core, geo):
        assert name.startswith(f"plotly-{plotly_bundle.python_plotlyjs_version()}-"), name
    # only the two partial bundles: never the full one, nor an earlier build's
    assert sorted(p.name for p in vendor.glob("plotly*.js")) == sorted([core, geo])


def test_base_maps_served_by_the_site(built_site):
    for name in sphinxext.TOPOJSON_FILES:
        assert (built_site / "_static" / "vendor" / "topojson" / name).stat().st_size > 10_000


_URL_IN_TAG = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"(https?:)?//", re.I)


def test_no_page_references_an_external_asset(built_site):
    offenders = []
    for rel in site_pages(built_site):
        text = (built_site / rel).read_text(encoding="utf-8")
        if _URL_IN_TAG.search(text):
            offenders.append(rel)
    assert not offenders, f"pages load assets from another origin: {offenders}"


_SCRIPT_SRC = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"')


def test_plotly_only_on_pages_with_figures(built_site):
    core, geo = sphinxext.plotly_js_names(ROOT)
    for rel in site_pages(built_site):
        text = (built_site / rel).read_text(encoding="utf-8")
        has_fig = 'class="briefing-plotly"' in text
        assert has_fig == (core in text), rel
        if not has_fig:
            assert geo not in text, rel


def test_geo_add_on_only_on_map_pages_after_the_core(built_site):
    """A page without maps loads the core bundle alone; a map page loads the core, then the
    geo add-on, then the figure script (the add-on registers into the core)."""
    core, geo = sphinxext.plotly_js_names(ROOT)
    map_pages = plain_pages = 0
    for rel in site_pages(built_site):
        text = (built_site / rel).read_text(encoding="utf-8")
        if 'class="briefing-plotly"' not in text:
            continue
        scripts = [s.rsplit("/", 1)[-1].split("?", 1)[0] for s in _SCRIPT_SRC.findall(text)]
        has_map = bool(plotly_bundle.page_trace_types(text) & plotly_bundle.GEO_TRACES)
        if has_map:
            map_pages += 1
            assert scripts.count(core) == scripts.count(geo) == 1, rel
            assert scripts.index(core) < scripts.index(geo) < scripts.index("briefing-plotly.js"), (rel, scripts)
        else:
            plain_pages += 1
            assert geo not in text, f"{rel} has no map but loads the geo add-on"
            assert scripts.index(core) < scripts.index("briefing-plotly.js"), (rel, scripts)
        for tag in re.findall(r"<script\b[^>]*\bsrc=\"[^\"]*plotly[^>]*>", text):
            assert "defer" in tag, (rel, tag)
    assert map_pages and plain_pages, (map_pages, plain_pages)


def test_figure_html_is_deterministic(built_site):
    """Rendering never adds random ids or timestamps: the spec is the only content."""
    for rel in site_pages(built_site):
        text = (built_site / rel).read_text(encoding="utf-8")
        assert not re.search(r'id="[0-9a-f]{8}-[0-9a-f]{4}-', text), rel


def test_every_link_inside_the_site_reaches_its_page_and_anchor(built_site):
    """Relative links (references, event rows, glossary terms, sources lists) all land."""
    import html as html_lib
    import re
    from urllib.parse import unquote, urlsplit

    ids: dict = {}

    def anchors(path):
        if path not in ids:
            text = path.read_text(encoding="utf-8")
            ids[path] = set(re.findall(r'\sid="([^"]+)"', text)) | set(re.findall(r"\sid='([^']+)'", text))
        return ids[path]

    broken = []
    for page in sorted(built_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for href in re.findall(r'<a\s[^>]*?href="([^"]+)"', text):
            href = html_lib.unescape(href)
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(built_site)}: {href} (no such file)")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in anchors(target):
                broken.append(f"{page.relative_to(built_site)}: {href} (no such anchor)")
    assert not broken, f"{len(broken)} broken links, first: " + "; ".join(broken[:15])
