"""Measure the layout of every drawn figure on a page, in a real browser.

Used by tests/test_figure_layout.py and by scripts/measure_figures.py (which prints the
measurements for a built site, e.g. before and after a change).

For each figure: whether the title (and subtitle) lies inside the figure, which of
legend / sliders / menus / plotting area overlap, the legend's share of the figure's
height, and how many text labels a map carries.
"""

from __future__ import annotations

MEASURE_JS = r"""
() => {
  function box(el) { const r = el.getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height}; }
  function union(els) {
    let b = null;
    els.forEach(el => {
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) return;
      b = b ? {l: Math.min(b.l, r.left), t: Math.min(b.t, r.top), r: Math.max(b.r, r.right), b: Math.max(b.b, r.bottom)}
            : {l: r.left, t: r.top, r: r.right, b: r.bottom};
    });
    return b;
  }
  function overlap(a, b) {
    if (!a || !b) return 0;
    const w = Math.min(a.r, b.r) - Math.max(a.l, b.l), h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
    return (w > 2 && h > 2) ? Math.round(w * h) : 0;
  }
  const out = [];
  document.querySelectorAll('.briefing-plotly').forEach((fig, i) => {
    const gd = fig.querySelector('.js-plotly-plot');
    if (!gd) return;
    const svg = gd.querySelector('.main-svg');
    const f = union([svg]);
    const titleEls = Array.from(gd.querySelectorAll('.infolayer .g-gtitle text, .infolayer .g-gtitle-subtitle text'));
    // a text element's box covers what is drawn, even where the svg clips it
    const title = union(titleEls);
    const legend = union(Array.from(gd.querySelectorAll('.infolayer .legend')));
    const sliders = union(Array.from(gd.querySelectorAll('.slider-container')));
    const menus = union(Array.from(gd.querySelectorAll('.updatemenu-container .updatemenu-header-group, .updatemenu-container .updatemenu-button')));
    const plotEls = Array.from(gd.querySelectorAll('.cartesianlayer .subplot .bg, .cartesianlayer .xy .bg, .geolayer .geo .bglayer rect, .geolayer .geo'));
    const plot = union(plotEls.length ? plotEls : Array.from(gd.querySelectorAll('.draglayer .nsewdrag')));
    const parts = {legend, sliders, menus, plot};
    const overlaps = [];
    const names = Object.keys(parts);
    for (let a = 0; a < names.length; a++) for (let b = a + 1; b < names.length; b++) {
      const o = overlap(parts[names[a]], parts[names[b]]);
      if (o) overlaps.push(names[a] + '/' + names[b] + ':' + o);
    }
    const titleText = titleEls.map(t => t.textContent).join(' ');
    const clipped = !title || title.l < f.l - 1 || title.r > f.r + 1 || title.t < f.t - 1 || title.b > f.b + 1;
    const isMap = !!gd.querySelector('.geolayer .geo');
    const labelEls = isMap ? Array.from(gd.querySelectorAll('.geolayer text')).filter(t => t.textContent.trim()) : [];
    const labels = isMap ? labelEls.length : null;
    // a label running past the map's frame is cut by the map's clip path
    const frame = union(Array.from(gd.querySelectorAll('.geolayer .geo > .layer.bg')));
    const cut = isMap && frame ? labelEls.filter(t => {
      const r = t.getBoundingClientRect();
      return r.width > 0 && (r.left < frame.l - 2 || r.right > frame.r + 2);
    }).map(t => t.textContent.trim()) : [];
    out.push({
      index: i, title: titleText.slice(0, 90), width: Math.round(f.r - f.l), height: Math.round(f.b - f.t),
      title_clipped: clipped, overlaps: overlaps,
      legend_share: legend ? +((legend.b - legend.t) / (f.b - f.t)).toFixed(3) : 0,
      is_map: isMap, map_labels: labels, cut_labels: cut,
    });
  });
  return out;
}
"""

#: The pages that carry figures (notebooks).
FIGURE_PAGES = [
    "chapters/csto/crises-map.html", "chapters/csto/membership.html", "chapters/csto/requests.html",
    "chapters/karabakh/blockade-exodus.html", "chapters/karabakh/contested-numbers.html",
    "chapters/karabakh/displacement-1988-1994.html",
    "chapters/karabakh/event-map.html", "chapters/karabakh/explorer.html", "chapters/karabakh/war-2020-map.html",
    "chapters/pivot/alignment-timeline.html", "chapters/pivot/arms-partners.html", "chapters/pivot/op-ed-checker.html",
]


def measure_page(browser, base_url: str, rel: str, width: int, height: int = 900, color_scheme: str = "light"):
    """Open a page at the given viewport width, wait for every figure, and measure them."""
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=color_scheme,
                                  service_workers="block")
    page = context.new_page()
    try:
        page.goto(f"{base_url}/{rel}", wait_until="load", timeout=120_000)
        page.wait_for_function("document.documentElement.getAttribute('data-briefing-figures') !== null",
                               timeout=120_000)
        page.wait_for_timeout(300)
        return page.evaluate(MEASURE_JS)
    finally:
        context.close()


def problems(figures: list[dict], phone: bool) -> list[str]:
    """Human-readable layout problems among the measured figures."""
    out = []
    for f in figures:
        name = f"figure {f['index']} ({f['title'][:50]!r})"
        if f["title_clipped"]:
            out.append(f"{name}: title not inside the figure")
        if f["overlaps"]:
            out.append(f"{name}: overlaps {f['overlaps']}")
        if phone and f["legend_share"] > 0.34:
            out.append(f"{name}: legend takes {f['legend_share']:.0%} of the figure's height")
        if f["is_map"] and not f["map_labels"]:
            out.append(f"{name}: map without text labels")
        if f.get("cut_labels"):
            out.append(f"{name}: map labels cut at the map's edge: {f['cut_labels']}")
    return out
