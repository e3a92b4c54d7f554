"""The light site: partial plotly.js bundles, inline theme icons, favicon, search index on demand.

The version check and the trace-coverage checks of the partial plotly.js bundles (a core
bundle, and a geo add-on only map pages load) run here (the book build itself also fails on
an uncovered trace type); timings and page weights are measured by scripts/benchmark.py,
never by tests.
"""

from __future__ import annotations

import json

import pytest

from briefing.site import icons, plotly_bundle, sphinxext
from conftest import ROOT, site_pages, toc_pages


def test_npm_plotlyjs_is_the_version_python_plotly_bundles():
    python_v = plotly_bundle.python_plotlyjs_version()
    # the header of the plotly.min.js inside the Python package says the same
    import plotly
    from pathlib import Path

    header = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")[:200]
    assert f"plotly.js v{python_v}" in header
    assert plotly_bundle.pinned_plotlyjs_version(ROOT) == python_v, "package.json pins another plotly.js"
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/plotly.js"]["version"] == python_v, "package-lock.json has another plotly.js"
    assert plotly_bundle.npm_plotlyjs_version(ROOT) == python_v, "node_modules has another plotly.js: run npm ci"


def test_every_notebook_trace_type_is_in_the_bundle_names():
    found = sphinxext.plotly_trace_types(ROOT)
    assert {"scatter", "bar", "scattergeo"} <= set(found)
    plotly_bundle.check_available(found, ROOT)  # raises if plotly.js has no module for one
    core, geo = sphinxext.plotly_js_names(ROOT)
    for name in (core, geo):
        assert all(f"-{t}" in name for t in found), name
    assert core.endswith(".core.min.js") and geo.endswith(".geo.min.js")


def test_trace_types_split_into_core_and_geo_add_on():
    assert plotly_bundle.split_traces({"bar", "scattergeo", "choropleth"}) == (["bar", "scatter"], ["choropleth", "scattergeo"])
    assert plotly_bundle.split_traces({"bar"}) == (["bar", "scatter"], [])
    core, geo = plotly_bundle.bundle_names("9.9.9", {"bar", "scatter"})
    assert core == "plotly-9.9.9-bar-scatter.core.min.js" and geo is None
    # the core is made for its add-on: another geo trace set is another core file
    assert plotly_bundle.bundle_names("9.9.9", {"scatter", "scattergeo"})[0] != \
        plotly_bundle.bundle_names("9.9.9", {"scatter", "scattergeo", "choropleth"})[0]


def test_page_loads_the_geo_add_on_only_for_a_map():
    from pathlib import Path

    from briefing.site.mime import figure_html

    bundles = plotly_bundle.Bundles(Path("core.js"), frozenset({"scatter", "bar"}),
                                    Path("geo.js"), frozenset({"scattergeo", "choropleth"}))
    bar = figure_html({"data": [{"type": "bar"}], "layout": {}})
    world = figure_html({"data": [{"type": "choropleth"}], "layout": {}})
    assert plotly_bundle.page_bundles(bar, bundles) == [Path("core.js")]
    assert plotly_bundle.page_bundles(bar + world, bundles) == [Path("core.js"), Path("geo.js")]
    assert plotly_bundle.missing_trace_types(bar + world, bundles.traces) == set()
    assert plotly_bundle.missing_trace_types(world, bundles.core_traces) == {"choropleth"}


def test_figure_trace_types_defaults_to_scatter_and_reads_frames():
    spec = {"data": [{"x": [1]}, {"type": "bar"}], "frames": [{"data": [{"type": "choropleth"}]}]}
    assert plotly_bundle.figure_trace_types(spec) == {"scatter", "bar", "choropleth"}


def test_page_with_an_uncovered_trace_type_is_caught():
    from briefing.site.mime import figure_html

    body = figure_html({"data": [{"type": "sankey"}, {"type": "bar"}], "layout": {"title": {"text": "x"}}})
    assert plotly_bundle.missing_trace_types(body, {"scatter", "bar"}) == {"sankey"}
    assert plotly_bundle.missing_trace_types(body, {"scatter", "bar", "sankey"}) == set()


def test_unknown_trace_type_names_notebook_and_cell(tmp_path):
    nb = tmp_path / "bad.ipynb"
    nb.write_text(json.dumps({"cells": [
        {"cell_type": "markdown", "source": "", "metadata": {}},
        {"cell_type": "code", "source": "", "metadata": {}, "outputs": [
            {"output_type": "display_data", "metadata": {},
             "data": {"application/vnd.plotly.v1+json": {"data": [{"type": "no-such-trace"}]}}}]},
    ]}), encoding="utf-8")
    found = plotly_bundle.notebook_trace_types([nb])
    with pytest.raises(plotly_bundle.BundleError, match=r"'no-such-trace' in .*bad\.ipynb, cell 2"):
        plotly_bundle.check_available(found, ROOT)


def test_inline_icons_keep_labels_and_drop_the_script():
    fa = icons.load_icons(icons.theme_script())
    page = ('<script defer src="_static/scripts/fontawesome.js?digest=1"></script>'
            '<button aria-label="Search"><i class="fa-solid fa-magnifying-glass"></i></button>'
            '<i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light" title="Light"></i>'
            '<i class="fab fa-github"></i>')
    out, missing = icons.inline_icons(page, fa)
    assert not missing
    assert "fontawesome.js" not in out and "<i " not in out
    assert out.count("<svg") == 3
    assert 'aria-label="Light"' in out and "<title>Light</title>" in out
    assert 'class="svg-inline--fa fa-magnifying-glass" aria-hidden="true"' in out
    _, missing = icons.inline_icons('<i class="fa-solid fa-no-such-icon"></i>', fa)
    assert missing == ["fas no-such-icon"]


@pytest.mark.parametrize("rel", ["intro.html", "chapters/about/methods.html"])
def test_built_pages_load_no_font_awesome_and_no_search_index(built_site, rel):
    text = (built_site / rel).read_text(encoding="utf-8")
    assert "fontawesome" not in text
    assert "searchindex.js" not in text
    assert 'rel="icon"' in text and 'rel="apple-touch-icon"' in text
    assert not (built_site / "_static" / "scripts" / "fontawesome.js").exists()
    assert not (built_site / "_static" / "vendor" / "fontawesome").exists()


def test_no_page_keeps_a_font_awesome_element(built_site):
    for rel in site_pages(built_site):
        text = (built_site / rel).read_text(encoding="utf-8")
        assert 'class="fa-' not in text and "fontawesome.js" not in text, rel
    assert "searchindex.js" in (built_site / "search.html").read_text(encoding="utf-8")


def _icons_and_search(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    fonts = []
    page.on("request", lambda r: fonts.append(r.url) if r.resource_type == "font" or "searchindex" in r.url else None)
    page.goto(f"{site_url}/chapters/about/methods.html", wait_until="load")
    return context, page, fonts


def test_icons_visible_and_labelled_in_the_browser(built_site, site_url, browser):
    context, page, requests = _icons_and_search(browser, site_url)
    try:
        shown = page.evaluate("""() => Array.from(document.querySelectorAll('svg.svg-inline--fa'))
            .filter(s => s.getClientRects().length && s.getBoundingClientRect().width > 4)
            .map(s => {
                // the icon's own name, its control's name, or the text it stands beside
                const host = s.closest('a, button, label, [aria-label], [title]');
                const named = s.getAttribute('aria-label') ||
                    (host && (host.getAttribute('aria-label') || host.getAttribute('title') || host.textContent.trim())) ||
                    s.parentElement.textContent.trim();
                return {icon: s.getAttribute('class'), named: Boolean(named)};
            })""")
        assert len(shown) >= 6, shown
        assert all(s["named"] for s in shown), [s for s in shown if not s["named"]]
        # the CSS glyphs (download links) are drawn as masks, with no icon font
        glyph = page.evaluate("""() => { const a = document.querySelector('a.reference.download');
            if (!a) return null; const st = getComputedStyle(a, '::before');
            return {mask: st.maskImage || st.webkitMaskImage, w: parseFloat(st.width)}; }""")
        if glyph is not None:
            assert glyph["mask"].startswith("url(") and glyph["w"] > 4
        assert not requests, f"icon fonts or the search index loaded on a content page: {requests}"
    finally:
        context.close()


def test_search_still_finds_pages(built_site, site_url, browser):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{site_url}/search.html?q=Karabakh", wait_until="load")
        page.wait_for_function("document.querySelectorAll('#search-results li').length > 0", timeout=20_000)
    finally:
        context.close()


def test_favicon_served(built_site):
    assert (built_site / "_static" / "favicon.svg").stat().st_size > 100
    png = (built_site / "_static" / "apple-touch-icon.png").read_bytes()
    assert png.startswith(b"\x89PNG") and int.from_bytes(png[16:20], "big") == 180


def _registered_traces(browser, site_url, rel):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{site_url}/{rel}", wait_until="load")
        page.wait_for_function("window.Plotly && window.Plotly.PlotSchema", timeout=20_000)
        # every figure drawn (briefing-plotly.js marks each), none failed
        page.wait_for_function("""() => Array.from(document.querySelectorAll('.briefing-plotly'))
            .every(c => c.hasAttribute('data-drawn') || c.hasAttribute('data-error'))""", timeout=60_000)
        errors = page.evaluate("""Array.from(document.querySelectorAll('.briefing-plotly[data-error]'))
            .map(c => c.getAttribute('data-error'))""")
        assert not errors, (rel, errors)
        return set(page.evaluate("Object.keys(Plotly.PlotSchema.get().traces)"))
    finally:
        context.close()


def _figure_pages(built_site):
    pages = {}
    for rel in toc_pages():
        path = built_site / rel
        if path.exists() and 'class="briefing-plotly"' in (text := path.read_text(encoding="utf-8")):
            pages[rel] = plotly_bundle.page_trace_types(text)
    return pages


def test_partial_bundles_register_every_figure_trace_type(built_site, site_url, browser):
    """The trace-coverage check in a browser: on a map page, the core and the geo add-on
    together know every type used, and its maps draw; on a page without maps, the core alone
    knows the page's types and no geo type (the add-on is not loaded)."""
    used = set(sphinxext.plotly_trace_types(ROOT))
    pages = _figure_pages(built_site)
    map_page = next(p for p, kinds in pages.items() if kinds & plotly_bundle.GEO_TRACES)
    plain_page = next(p for p, kinds in pages.items() if not kinds & plotly_bundle.GEO_TRACES)
    registered = _registered_traces(browser, site_url, map_page)
    assert used <= registered, f"bundles lack {used - registered}"
    assert "scatter3d" not in registered and "sankey" not in registered, "bundles are not partial"
    core_only = _registered_traces(browser, site_url, plain_page)
    assert pages[plain_page] <= core_only
    assert not core_only & plotly_bundle.GEO_TRACES, f"{plain_page}: geo traces without the add-on"


def test_geo_add_on_uses_the_cores_own_modules(built_site, site_url, browser):
    """The add-on takes the registry and the other shared modules from the core (no second
    copy): the map the core publishes holds the core's own instances, and the geo traces and
    subplot the add-on registered are in that one registry."""
    pages = _figure_pages(built_site)
    map_page = next(p for p, kinds in pages.items() if kinds & {"choropleth"})
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{site_url}/{map_page}", wait_until="load")
        page.wait_for_function("window.Plotly && window.Plotly.PlotSchema", timeout=20_000)
        shared = page.evaluate("""() => {
            const m = Plotly._sharedModules || {};
            const reg = m['plotly.js/src/registry.js'];
            return {keys: Object.keys(m).length,
                    registry: Boolean(reg) && Boolean(reg.modules.choropleth) && Boolean(reg.modules.scattergeo),
                    subplot: Boolean(reg) && Boolean(reg.subplotsRegistry.geo),
                    same: Boolean(reg) && reg.register === Plotly.register &&
                          m['plotly.js/src/plots/plots.js'].resize === Plotly.Plots.resize};
        }""")
        assert shared == {"keys": shared["keys"], "registry": True, "subplot": True, "same": True}, shared
        assert 10 < shared["keys"] < 200, shared
    finally:
        context.close()
