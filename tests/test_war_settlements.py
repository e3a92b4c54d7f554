"""The 2020 war map counts every reported settlement once, and maps only those with coordinates."""

import pandas as pd
import pytest

from briefing import charts, data, karabakh


@pytest.fixture(scope="module")
def changes():
    events = charts.enrich_events(data.load_events(), data.load_places(), data.load_sources())
    return karabakh.control_changes(events)


def _row(eid, day, place=None, lat=None, prec=None, kind="capture"):
    return dict(event_id=eid, date_start=pd.Timestamp(day), place_id=place, latitude=lat, longitude=lat,
                geo_precision=prec, sub_type=kind)


def test_aggregate_reports_are_not_settlements():
    df = pd.DataFrame([
        _row("E1", "2020-10-20", "kovsakan", 39.08, 1),         # a named town
        _row("E2", "2020-10-20", None, 39.4, 5),                # "24 villages": a reference point
        _row("E3", "2020-10-20"),                               # a named village with no coordinates
        _row("E4", "2020-11-20", "akna", 39.99, 3, "handover"),  # a district
    ])
    assert karabakh.is_aggregate(df).tolist() == [False, True, False, False]
    table = karabakh.settlement_table(df)
    assert table.settlements.tolist() == [2, 1]
    assert table["on the map"].tolist() == [1, 1]
    assert table["running total"].tolist() == [2, 3]


def test_every_village_of_the_big_announcements_is_counted(changes):
    table = karabakh.settlement_table(changes)
    # Aliyev's lists: 24 villages and the town of Zangilan on 2020-10-20; 23 villages on 2020-11-09
    assert table.loc["2020-10-20", "settlements"] >= 25
    assert table.loc["2020-11-09", "settlements"] >= 23
    assert table["running total"].iloc[-1] == (~karabakh.is_aggregate(changes)).sum() > 100


def test_map_shows_located_reports_and_counts_all(changes):
    fig = karabakh.control_change_map(changes)
    on_map = sum(len(t.lon) for t in fig.data[:2])
    assert on_map == changes.latitude.notna().sum() < len(changes)
    counted = (~karabakh.is_aggregate(changes)).sum()
    ends = [int(t.y[-1]) for t in fig.data if t.type == "scatter" and t.mode == "lines"]
    assert sum(ends) == counted
    sub = fig.layout.meta["subtitle"]
    assert f"All {counted} are in the running count" in sub
    assert f"{int(changes[~karabakh.is_aggregate(changes)].latitude.notna().sum())} with known coordinates" in sub
