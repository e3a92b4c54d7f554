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
    assert table["at own coordinates"].tolist() == [1, 0]
    assert table["running total"].tolist() == [2, 3]


def test_every_village_of_the_big_announcements_is_counted(changes):
    table = karabakh.settlement_table(changes)
    # Aliyev's lists: 24 villages and the town of Zangilan on 2020-10-20; 23 villages on 2020-11-09
    assert table.loc["2020-10-20", "settlements"] >= 25
    assert table.loc["2020-11-09", "settlements"] >= 23
    assert table["running total"].iloc[-1] == (~karabakh.is_aggregate(changes)).sum() > 100


def test_map_shows_every_located_report_and_counts_all(changes):
    fig = karabakh.control_change_map(changes)
    located = changes[changes.latitude.notna()]
    # reports drawn at the same point share one marker; together the markers hold every located report
    pts = [karabakh.map_points(located[(located.geo_precision == 1) == ex], located.date_start.max()) for ex in (True, False)]
    assert sum(len(t.lon) for t in fig.data[:2]) == sum(len(p) for p in pts)
    assert sum(int(p["count"].sum()) for p in pts) == len(located)
    counted = ~karabakh.is_aggregate(changes)
    assert changes[counted].latitude.notna().all(), "a counted settlement is not on the map"
    ends = [int(t.y[-1]) for t in fig.data if t.type == "scatter" and t.mode == "lines"]
    assert sum(ends) == counted.sum()
    sub = fig.layout.meta["subtitle"]
    assert f"All {counted.sum()} are in the running count and on the map:" in sub
    assert f"{int((changes[counted].geo_precision == 1).sum())} at their own coordinates" in sub
    # every counted capture is accounted for in the subtitle: own coordinates, district rings, or among its district
    caps = changes[counted & (changes.sub_type == "capture")]
    rings = int(((caps.geo_precision > 1) & caps.place_id.notna()).sum())
    among = int(((caps.geo_precision > 1) & caps.place_id.isna()).sum())
    assert f"{rings} villages without confirmed coordinates as one ring per district" in sub
    assert int((caps.geo_precision == 1).sum()) + rings + among == len(caps)
    assert (f", {among} drawn among" in sub) == (among > 0)
    assert "{" not in fig.layout.meta["alt"]
    # hover text is stored once, in the traces; frames carry positions and sizes only
    assert all("text" not in tr for fr in fig.to_dict()["frames"] for tr in fr["data"][:2])
    first = fig.frames[0].data[0]
    assert sum(x is not None for x in first.lon) < len(fig.data[0].lon)


def test_reports_at_one_point_share_a_marker_listing_them_all():
    df = pd.DataFrame([
        _row("E1", "2020-10-04", "jabrayil", 39.4, 1),
        _row("E2", "2020-10-04", "jabrayil", 39.4, 3),
        _row("E3", "2020-10-09", "jabrayil", 39.4, 3),
        _row("E4", "2020-10-09", "fuzuli", 39.6, 3),
        _row("E5", "2020-10-20", None, 39.4, 5),  # a report naming no single place, at the same point
    ])
    df["place_label"] = df.place_id.str.title().fillna("(no named place)")
    df["summary"] = ["Aliyev: the town of Jabrayil in Jabrayil district.", "Aliyev: the village of Karkhulu in Jabrayil district.",
                     "Aliyev: the village of Dejal in Jabrayil district.", "Aliyev: the village of Arish in Fuzuli district.",
                     "Alongside the town of Zangilan, Aliyev named 24 villages in four districts."]
    df["publishers"] = [["AzerNews"]] * 5
    for c in ("date_label", "date_precision_label", "geo_precision_label", "sources_text"):
        df[c] = "x"
    approx = karabakh.map_points(df[df.geo_precision > 1], pd.Timestamp("2020-10-20"))
    assert approx["count"].tolist() == [2, 1, 1] and approx.ids.iloc[2] == "E5"
    text = approx.text.iloc[0]
    assert "<b>2020-10-04</b>: Karkhulu" in text and "<b>2020-10-09</b>: Dejal" in text
    assert text.startswith("<b>Villages of Jabrayil district</b> (approximate)") and "does not mark the town itself" in text
    assert approx.new.tolist() == [False, False, True]
    early = karabakh.map_points(df[df.geo_precision > 1], pd.Timestamp("2020-10-05"))
    assert early["count"].tolist() == [2] and early.new.tolist() == [False]  # Fuzuli's ring appears on 2020-10-09
    exact = karabakh.map_points(df[df.geo_precision == 1], pd.Timestamp("2020-10-09"))
    assert exact.ids.tolist() == ["E1"]
