"""The book builds with Sphinx warnings as errors, and the build is self-contained."""

from __future__ import annotations

import re

from briefing.site import plotly_bundle, sphinxext
from conftest import ROOT, site_pages


def test_build_has_pages(built_site):
    pages = site_pages(built_site)
    assert "intro.html" in pages
    assert any(p.startswith("chapters/") for p in pages)


def test_partial_plotly_bundle_served_versioned(built_site, root):
    name = sphinxext.plotly_js_name(root)
    served = built_site / "_static" / "vendor" / name
    assert served.stat().st_size > 100_000
    assert f"plotly-{plotly_bundle.python_plotlyjs_version()}-" in name
    # only the partial bundle: never the full one as well
    assert [p.name for p in (built_site / "_static" / "vendor").glob("plotly*.js")] == [name]


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


def test_plotly_only_on_pages_with_figures(built_site):
    for rel in site_pages(built_site):
        text = (built_site / rel).read_text(encoding="utf-8")
        has_fig = 'class="briefing-plotly"' in text
        has_lib = sphinxext.plotly_js_name(ROOT) in text
        assert has_fig == has_lib, rel


def test_figure_html_is_deterministic(built_site):
    """Rendering never adds random ids or timestamps: the spec is the only content."""
    for rel in site_pages(built_site):
        text = (built_site / rel).read_text(encoding="utf-8")
        assert not re.search(r'id="[0-9a-f]{8}-[0-9a-f]{4}-', text), rel
