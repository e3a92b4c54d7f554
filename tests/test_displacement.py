"""The displacement page: its data (both directions, dated figures) and its dot chart."""

from __future__ import annotations

import pandas as pd
import pytest

from briefing import data, displacement


@pytest.fixture(scope="module")
def est():
    return data.load_estimates()


@pytest.fixture(scope="module")
def sources():
    return data.load_sources()


def test_events_cover_departures_in_both_directions_and_the_district_flights():
    ev = data.load_events()
    flights = displacement.first_war_flights(ev)
    actors = ev.set_index("event_id").loc[flights.index, "actors"]
    assert actors.str.contains("Azerbaijani residents of Armenia").any()
    assert actors.str.contains("Armenian residents of Azerbaijan").any()
    assert (flights.date_start.str[:4].isin(["1988", "1989"])).sum() >= 2
    assert (flights.date_start.str[:4] == "1993").sum() >= 3  # Kalbajar, Martakert, Aghdam, Fuzuli...


def test_each_group_has_several_figures_and_at_least_one_dated(est):
    rows = displacement.displacement_rows(est)
    for group in list(displacement.GROUPS)[:3]:
        sub = rows[rows.group == group]
        assert len(sub) >= 3, group
        assert sub.as_of.notna().any(), group


def test_undated_figures_are_kept_and_labelled(est):
    rows = displacement.displacement_rows(est)
    undated = rows[rows.as_of.isna()]
    assert len(undated) > 0
    assert (undated.as_of_text == "undated").all()


def test_figures_keep_the_sources_wording(est):
    rows = displacement.displacement_rows(est).set_index("estimate_id")
    assert rows.loc["X0400", "figure"] == "more than 78,000"
    assert rows.loc["X0401", "figure"] == "about 200,000"


def test_dot_chart_draws_one_marker_per_row_and_sums_nothing(est, sources):
    rows = displacement.displacement_rows(est)
    fig = displacement.source_dot_chart(rows, sources, "t", "s")
    points = [t for t in fig.data if t.mode == "markers+text"]
    assert sum(len(t.x) for t in points) == len(rows)
    assert [t.name for t in points] == list(dict.fromkeys(rows.group))
    for t in points:
        assert list(t.y) == list(range(len(t.y))), t.name  # one row per source and date within a panel
    texts = [x for t in points for x in t.text]
    for text, figure, as_of in zip(texts, rows.figure, rows.as_of_text):
        assert text.startswith(figure + "<br>") and text.endswith("<br>" + as_of)  # figure, publisher, date
    assert fig.layout.meta["rows"] == len(rows)


def test_dot_chart_draws_a_range_as_a_line(sources):
    rows = pd.DataFrame({
        "estimate_id": ["X1", "X2"], "group": ["g", "g"], "side": ["a", "a"], "measure": ["missing"] * 2,
        "qualifier": [pd.NA, "about"], "value": pd.array([pd.NA, 10], dtype="Int64"),
        "low": pd.array([5, pd.NA], dtype="Int64"), "high": pd.array([9, pd.NA], dtype="Int64"),
        "as_of": pd.to_datetime(["2020-01-01", None]), "as_of_text": ["2020-01-01", "undated"],
        "figure": ["5–9", "about 10"], "source_id": [sources.source_id.iloc[0]] * 2, "note": [None, None],
    })
    fig = displacement.source_dot_chart(rows, sources, "t", "s")
    lines = [t for t in fig.data if t.mode == "lines+markers"]
    assert len(lines) == 1 and list(lines[0].x) == [5.0, 9.0]


def test_dot_chart_rejects_unknown_sources_and_empty_input(est, sources):
    rows = displacement.displacement_rows(est).head(2).copy()
    rows["source_id"] = "no-such-source"
    with pytest.raises(KeyError, match="no-such-source"):
        displacement.source_dot_chart(rows, sources, "t", "s")
    with pytest.raises(ValueError, match="no rows"):
        displacement.source_dot_chart(rows.iloc[0:0], sources, "t", "s")


def test_missing_persons_of_both_sides_are_recorded(est):
    rows = displacement.labelled_rows(est, "missing", displacement.MISSING_GROUPS)
    assert set(rows.group) == set(displacement.MISSING_GROUPS)
