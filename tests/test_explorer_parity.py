"""One filter, two implementations: the Python EventExplorer and the static page agree.

Each combination below is applied to the ipywidgets explorer (by setting its
controls) and to the built explorer page in Chromium (through the page
address, and for one case through the form controls).  Both must show the
same event ids, in the same order, in the table and in the timeline, and the
same located events on the map.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pytest

from briefing import charts, data
from briefing.explorer import EventExplorer, Query, filter_events, fold
from conftest import axe_violations

#: (name, query, expect_empty)
COMBOS = [
    ("everything", Query(), False),
    ("border clashes 2021-2022", Query(years=(2021, 2022), types=("armed_clash", "strike_or_shelling")), False),
    ("Armenian name of a renamed town", Query(text="Shushi"), False),
    ("Azerbaijani name of the same town", Query(text="Shusha"), False),
    ("non-ASCII Azerbaijani spelling", Query(text="Şuşa"), False),
    ("Cyrillic name", Query(text="Шуша"), False),
    ("schwa folded, upper case", Query(text="XANKENDI"), False),
    ("single day", Query(date_from="2020-09-27", date_to="2020-09-27"), False),
    ("blockade period, overlapping spans", Query(date_from="2022-12-12", date_to="2023-09-30",
                                                 types=("blockade_or_humanitarian", "displacement")), False),
    ("country and exact places only", Query(years=(2022, 2022), country="Armenia", exact_only=True), False),
    ("white space and case in the search", Query(years=(2022, 2023), text="  lachin   CORRIDOR "), False),
    ("no match", Query(text="no event mentions this phrase"), True),
    ("window reversed", Query(date_from="2023-01-01", date_to="2021-12-31"), True),
]
IDS = [c[0] for c in COMBOS]


@pytest.fixture(scope="module")
def events():
    return charts.enrich_events(data.load_events(), data.load_places(), data.load_sources())


@pytest.fixture(scope="module")
def explorer(events):
    return EventExplorer(events, places=data.load_places())


def set_controls(ex: EventExplorer, q: Query) -> None:
    """Drive the ipywidgets controls to the query's values."""
    ex.years.value = q.years if q.years is not None else (ex.years.min, ex.years.max)
    ex.date_from.value = dt.date.fromisoformat(q.date_from) if q.date_from else None
    ex.date_to.value = dt.date.fromisoformat(q.date_to) if q.date_to else None
    ex.types.value = tuple(q.types)
    ex.country.value = q.country
    ex.search.value = q.text
    ex.exact.value = q.exact_only


def address(q: Query) -> str:
    """The page address parameters for a query (the format briefing-explorer.js reads)."""
    p = []
    if q.years is not None:
        p += [("y0", q.years[0]), ("y1", q.years[1])]
    if q.date_from:
        p.append(("from", q.date_from))
    if q.date_to:
        p.append(("to", q.date_to))
    if q.types:
        p.append(("type", ",".join(q.types)))
    if q.country:
        p.append(("country", q.country))
    if q.text:
        p.append(("text", q.text))
    if q.exact_only:
        p.append(("exact", "1"))
    return "?" + urlencode(p) if p else ""


def python_view(ex: EventExplorer, q: Query) -> dict:
    set_controls(ex, q)
    ids = list(ex.filtered.event_id)
    timeline = sorted(i for t in ex.timeline_figure.data if t.customdata is not None for i in t.customdata) if ex.timeline_figure else []
    map_ids = sorted(i for t in ex.map_figure.data if t.customdata is not None for i in t.customdata) if ex.map_figure else []
    return {"ids": ids, "timeline": timeline, "map": map_ids}


def test_fold_rules():
    assert fold("  Şuşa\u00a0 ") == fold("SUSA") == "susa"
    assert fold("Xankəndi") == "xankendi"
    assert fold("Ağdərə") == "agdere"
    assert fold(None) == ""


@pytest.mark.parametrize("name,q,empty", COMBOS, ids=IDS)
def test_python_widgets_follow_the_rules(explorer, events, name, q, empty):
    view = python_view(explorer, q)
    assert view["ids"] == list(filter_events(explorer.events, q, places=data.load_places()).event_id)
    assert (len(view["ids"]) == 0) == empty, f"{name}: {len(view['ids'])} events"
    assert view["timeline"] == sorted(view["ids"])


def test_both_names_and_spellings_find_the_town(explorer):
    hits = {}
    for text in ("Shushi", "Shusha", "Şuşa", "SUSA", "Шуша"):
        set_controls(explorer, Query(text=text))
        hits[text] = set(explorer.filtered.event_id)
    place_events = set(explorer.events.event_id[explorer.events.place_id == "shushi"])
    assert place_events and all(place_events <= h for h in hits.values())
    assert hits["Şuşa"] == hits["SUSA"]  # case and diacritics folded alike


def _wait_drawn(page, draws_before=0):
    page.wait_for_function(
        f"(() => {{ const r = document.querySelector('.briefing-filter');"
        f" return r && +(r.getAttribute('data-draws') || 0) > {draws_before}; }})()",
        timeout=20_000,
    )


PAGE_VIEW = """() => {
  const ids = (sel) => Array.from(document.querySelectorAll(sel)).map(r => r.dataset.eventId);
  const fig = (role) => {
    for (const c of document.querySelectorAll('.briefing-plotly')) {
      const spec = JSON.parse(c.querySelector('script.briefing-plotly-spec').textContent);
      if (((spec.layout || {}).meta || {}).explorer?.role !== role) continue;
      if (c.hidden) return [];
      const gd = c.querySelector('.briefing-plotly-target');
      return gd.data.flatMap(t => t.customdata || []).map(x => Array.isArray(x) ? x[0] : x).sort();
    }
    return null;
  };
  return {ids: window.briefingExplorer.lastIds, table: ids('.bf-table tbody tr'),
          timeline: fig('timeline'), map: fig('map'),
          status: document.querySelector('.bf-status').textContent};
}"""


def _open(browser, url):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = ctx.new_page()
    outside, errors = [], []
    base = url.split("/chapters/")[0]
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else (outside.append(r.request.url), r.abort()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url, wait_until="load")
    _wait_drawn(page)
    return ctx, page, outside, errors


@pytest.mark.parametrize("name,q,empty", COMBOS, ids=IDS)
def test_page_matches_python(explorer, site_url, browser, name, q, empty):
    expected = python_view(explorer, q)
    ctx, page, outside, errors = _open(browser, f"{site_url}/chapters/karabakh/explorer.html{address(q)}")
    try:
        got = page.evaluate(PAGE_VIEW)
        assert got["ids"] == expected["ids"], name
        assert got["table"] == expected["ids"][:50], name  # the table shows the first 50, then a button
        assert got["timeline"] == expected["timeline"], name
        assert got["map"] == expected["map"], name
        assert got["status"].startswith(f"{len(expected['ids'])} of ") or (empty and got["status"].startswith("No event"))
        assert not outside and not errors, (outside, errors)
    finally:
        ctx.close()


def test_controls_address_reload_and_back(explorer, site_url, browser):
    """Changing each control redraws; the address keeps the state; reload and back restore it."""
    ctx, page, outside, errors = _open(browser, f"{site_url}/chapters/karabakh/explorer.html")
    try:
        total = len(page.evaluate(PAGE_VIEW)["ids"])
        from dataclasses import replace
        box = page.get_by_label("Search actors")
        steps = [
            ("y0", lambda: page.get_by_label("From year").select_option("2020"), dict(years=(2020, explorer.years.max))),
            ("to", lambda: page.get_by_label("to day").fill("2023-12-31"), dict(date_to="2023-12-31")),
            ("type", lambda: page.get_by_label("Armed clash").check(), dict(types=("armed_clash",))),
            ("country", lambda: page.get_by_label("Country").select_option("Azerbaijan"), dict(country="Azerbaijan")),
            ("exact", lambda: page.get_by_label("Exact places only").check(), dict(exact_only=True)),
            ("text", lambda: (box.fill("Shusha"), box.press("Enter")), dict(text="Shusha")),
        ]
        q = Query()
        seen = [total]
        for key, act, change in steps:
            q = replace(q, **change)
            before = int(page.locator(".briefing-filter").get_attribute("data-draws"))
            act()
            _wait_drawn(page, before)
            page.wait_for_function("() => document.querySelector('.bf-status').textContent.length > 0")
            got = page.evaluate(PAGE_VIEW)
            assert got["ids"] == python_view(explorer, q)["ids"], key
            assert f"{key}=" in page.url, (key, page.url)
            seen.append(len(got["ids"]))
        assert seen == sorted(seen, reverse=True) and seen[-1] < seen[0]
        final = page.evaluate(PAGE_VIEW)["ids"]
        page.reload(wait_until="load")
        _wait_drawn(page)
        assert page.evaluate(PAGE_VIEW)["ids"] == final
        assert page.get_by_label("Exact places only").is_checked()
        page.go_back(wait_until="commit")
        page.wait_for_function("() => !location.search.includes('text=')")
        page.wait_for_function(f"() => window.briefingExplorer.lastIds.length === {seen[-2]}")
        assert not page.get_by_label("Search actors").input_value()
        assert not outside and not errors, (outside, errors)
    finally:
        ctx.close()


def test_event_table_filters_and_sorts(explorer, site_url, browser):
    q = Query(years=(2022, 2023), text="Lachin")
    ctx, page, outside, errors = _open(browser, f"{site_url}/chapters/about/events-table.html{address(q)}")
    try:
        visible = page.evaluate("Array.from(document.querySelectorAll('table.briefing-events tbody tr'))"
                                ".filter(r => !r.hidden).map(r => r.id.slice(3))")
        assert visible == python_view(explorer, q)["ids"]
        page.get_by_role("button", name="Date").click()
        page.get_by_role("button", name="Date").click()
        assert page.locator("th[aria-sort='descending']").count() == 1
        dates = page.evaluate("Array.from(document.querySelectorAll('table.briefing-events tbody tr'))"
                              ".filter(r => !r.hidden).map(r => r.cells[1].textContent.slice(0, 10))")
        assert dates == sorted(dates, reverse=True) and len(dates) == len(visible)
        assert not outside and not errors, (outside, errors)
    finally:
        ctx.close()


def test_show_all_rows(explorer, site_url, browser):
    ctx, page, outside, errors = _open(browser, f"{site_url}/chapters/karabakh/explorer.html")
    try:
        assert page.locator(".bf-table tbody tr").count() == 50
        page.get_by_role("button", name="Show all").click()
        assert page.locator(".bf-table tbody tr").count() == len(explorer.events)
    finally:
        ctx.close()


@pytest.mark.parametrize("rel", ["chapters/karabakh/explorer.html?y0=2020&text=Shusha",
                                 "chapters/about/events-table.html?type=displacement"])
@pytest.mark.parametrize("width", [375, 1280])
def test_filter_pages_accessible_at_phone_width(root, site_url, browser, rel, width):
    """With the filter shown and applied: no serious axe-core violation, no sideways scrolling."""
    ctx = browser.new_context(viewport={"width": width, "height": 812}, service_workers="block")
    page = ctx.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(site_url) else r.abort())
    try:
        page.goto(f"{site_url}/{rel}", wait_until="load")
        _wait_drawn(page)
        assert page.locator(".briefing-filter-form").is_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{rel}: scrolls sideways by {overflow}px at {width}px"
        assert axe_violations(page) == []
    finally:
        ctx.close()


def test_azerbaijani_spellings_find_places_named_otherwise_in_english():
    """places.csv holds each place's Azerbaijani spelling (Xocalı, Gəncə, Bakı), and the search folds
    ı and ə, so both the spelling and its plain-letter form find the place's events."""
    places = data.load_places()
    events = data.load_events()
    for place_id, spelling, plain in (("khojaly", "Xocalı", "xocali"), ("ganja", "Gəncə", "gence"), ("baku", "Bakı", "baki")):
        assert places.set_index("place_id").at[place_id, "name_az"] == spelling
        at_place = set(events.event_id[events.place_id == place_id])
        assert at_place, place_id
        for text in (spelling, plain):
            found = set(filter_events(events, Query(text=text), places=places).event_id)
            assert at_place <= found, (place_id, text)
