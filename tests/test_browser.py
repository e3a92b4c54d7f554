"""Every page of the built site, in a real Chromium with the network cut off.

For each page: every plotly figure draws, nothing is requested from any
origin but the local server, the console stays free of errors, at phone
width (375 px) the page does not scroll sideways, and axe-core (WCAG 2 A and
AA rules) finds no serious or critical violation.
"""

from __future__ import annotations

import pytest

from conftest import axe_violations, site_pages, toc_pages

PAGES = toc_pages()


def _visit(browser, site_url, rel, width=1280, height=900):
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    page = context.new_page()
    external, errors = [], []

    def route(r):
        if r.request.url.startswith(site_url):
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}") if r.url.startswith(site_url) else None)
    page.goto(f"{site_url}/{rel}", wait_until="load")
    n = page.locator(".briefing-plotly").count()
    if n:
        page.wait_for_function(
            "document.documentElement.getAttribute('data-briefing-figures') !== null", timeout=20_000
        )
    return context, page, n, external, errors


def test_every_built_page_is_checked(built_site):
    """No page is built that the browser tests do not visit."""
    assert sorted(site_pages(built_site)) == sorted(PAGES)


@pytest.mark.parametrize("rel", PAGES)
def test_page_offline_figures_console(built_site, site_url, browser, rel):
    context, page, n, external, errors = _visit(browser, site_url, rel)
    try:
        drawn = page.locator(".briefing-plotly[data-drawn='true'] .main-svg").count()
        failed = page.evaluate(
            "Array.from(document.querySelectorAll('.briefing-plotly[data-error]')).map(e => e.dataset.error)"
        )
        assert not failed, f"{rel}: figures failed: {failed}"
        assert drawn >= n, f"{rel}: {drawn} of {n} figures drawn"
        geo = page.locator(".briefing-plotly .geolayer path.countries, .briefing-plotly .geolayer .countries path")
        if page.locator(".briefing-plotly .geo").count():
            assert geo.count() > 0, f"{rel}: a map drew without its base map"
        assert not external, f"{rel}: requests left the site: {external}"
        assert not errors, f"{rel}: {errors}"
    finally:
        context.close()


@pytest.mark.parametrize("rel", PAGES)
def test_page_fits_phone_width(built_site, site_url, browser, rel):
    context, page, n, external, errors = _visit(browser, site_url, rel, width=375, height=812)
    try:
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{rel}: page scrolls sideways by {overflow}px at 375px"
        assert not errors, f"{rel}: {errors}"
    finally:
        context.close()




@pytest.mark.parametrize("rel", PAGES)
def test_page_accessibility_axe(built_site, site_url, browser, rel):
    context, page, n, external, errors = _visit(browser, site_url, rel)
    try:
        violations = axe_violations(page)
        assert not violations, f"{rel}: {violations}"
    finally:
        context.close()
