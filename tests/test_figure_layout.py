"""Every figure's layout, measured in Chromium at laptop (1280 px) and phone (375 px) width.

For each figure: the title and subtitle lie inside the figure; legend, sliders, menus and
plotting area do not overlap; on phones the legend takes at most a third of the figure's
height; every map carries text labels (countries, towns). The measuring code is shared
with scripts/measure_figures.py.
"""

from __future__ import annotations

import pytest

from conftest import toc_pages
from figure_layout import FIGURE_PAGES, measure_page, problems


def test_figure_pages_are_the_pages_with_figures(built_site):
    with_figures = sorted(rel for rel in toc_pages()
                          if (built_site / rel).exists() and "briefing-plotly-spec" in (built_site / rel).read_text(encoding="utf-8"))
    assert with_figures == sorted(FIGURE_PAGES)


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("rel", FIGURE_PAGES)
def test_figure_layout(built_site, site_url, browser, rel, width):
    figures = measure_page(browser, site_url, rel, width, height=812 if width < 600 else 900)
    assert figures, f"{rel}: no figures measured"
    found = problems(figures, phone=width < 600)
    assert not found, f"{rel} at {width}px:\n" + "\n".join(found)


@pytest.mark.parametrize("rel", ["chapters/karabakh/event-map.html", "chapters/karabakh/war-2020-map.html"])
def test_figure_layout_dark_mode(built_site, site_url, browser, rel):
    figures = measure_page(browser, site_url, rel, 375, height=812, color_scheme="dark")
    assert not problems(figures, phone=True)
