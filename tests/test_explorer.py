"""The live event explorer: changing a control updates the map, timeline and table."""

from __future__ import annotations

import pytest

from briefing import charts, data
from briefing.explorer import EventExplorer


@pytest.fixture
def explorer():
    events = charts.enrich_events(data.load_events(), data.load_places(), data.load_sources())
    return EventExplorer(events)


def _map_points(fig):
    """Event markers only (events carry their id in customdata; place labels and legend keys do not)."""
    return sum(len(t.lat) for t in fig.data if t.customdata)


def _timeline_points(fig):
    return sum(len(t.x) for t in fig.data)


def test_default_view_shows_everything(explorer):
    assert len(explorer.filtered) == len(explorer.events)
    assert _timeline_points(explorer.timeline_figure) == len(explorer.events)
    assert len(explorer.table) == explorer.table_rows
    assert f"of {len(explorer.events)} events" in explorer.summary.value


def test_year_range_updates_all_three_views(explorer):
    explorer.years.value = (2023, 2023)
    sel = explorer.filtered
    # rule 1: an event is kept when its span overlaps the years
    assert len(sel) > 0 and ((sel.date_start.dt.year <= 2023) & (sel.date_end.dt.year >= 2023)).all()
    assert (sel.date_start.dt.year == 2023).sum() > 0
    assert _timeline_points(explorer.timeline_figure) == len(sel)
    assert set(explorer.table.index) <= set(sel.event_id)
    assert (explorer.table["date"] <= "2023-12-31").all()
    meta = explorer.map_figure.layout.meta
    assert _map_points(explorer.map_figure) + meta["outside"] + meta["unlocated"] == len(sel)


def test_type_country_and_search_combine(explorer):
    explorer.types.value = ("control_change",)
    n_type = len(explorer.filtered)
    assert n_type > 0 and (explorer.filtered.event_type == "control_change").all()
    explorer.country.value = "Azerbaijan"
    assert (explorer.filtered.country == "Azerbaijan").all()
    explorer.search.value = "Shusha"
    sel = explorer.filtered
    assert 0 < len(sel) < n_type
    assert sel.summary.str.contains("Shusha", case=False).all() or sel.actors.str.contains("Shusha").any()
    assert list(explorer.table.index) == list(sel.event_id.head(explorer.table_rows))
    assert [i for t in explorer.timeline_figure.data for i in t.customdata] == sorted(sel.event_id)


def test_no_match_clears_the_figures(explorer):
    explorer.search.value = "no event mentions this phrase"
    assert explorer.filtered.empty
    assert explorer.map_figure is None and explorer.timeline_figure is None
    assert explorer.table.empty
    assert "<b>0</b>" in explorer.summary.value


def test_ui_holds_the_controls_and_outputs(explorer):
    box = explorer.ui()
    controls, map_out, timeline_out, table_out = box.children
    assert map_out is explorer.map_out and table_out is explorer.table_out
