"""The house chart style: key dates from the data, titles, source lines, map labels."""

from __future__ import annotations

import pandas as pd
import pytest

from briefing import charts, csto, data, karabakh, pivot, style


@pytest.fixture(scope="module")
def events():
    return charts.enrich_events(data.load_events(), data.load_places(), data.load_sources())


def test_key_dates_match_their_event_rows():
    ev = data.load_events().set_index("event_id")
    war, ceasefire, blockade, offensive = style.KEY_DATES
    assert f"{ev.loc['E0103', 'date_start']:%Y-%m-%d}" == war[2]
    assert f"{ev.loc['E0152', 'date_end']:%Y-%m-%d}" == war[3] == ceasefire[2]
    assert (f"{ev.loc['E0237', 'date_start']:%Y-%m-%d}", f"{ev.loc['E0237', 'date_end']:%Y-%m-%d}") == blockade[2:]
    assert (f"{ev.loc['E0279', 'date_start']:%Y-%m-%d}", f"{ev.loc['E0279', 'date_end']:%Y-%m-%d}") == offensive[2:]
    assert ev.loc["E0237", "event_type"] == "blockade_or_humanitarian"
    assert ev.loc["E0279", "event_type"] == "offensive"


def test_wrap_lines_respects_width():
    lines = style.wrap_lines("Who was in the Collective Security Treaty and the CSTO, and when", 24)
    assert all(len(x) <= 24 for x in lines) and " ".join(lines).startswith("Who was")


def test_source_line_names_publishers_and_counts_the_rest():
    assert style.source_line(["A", "B", "A"]) == "Sources: A, B"
    line = style.source_line(["A", "B", "C", "D", "E", "A"])
    assert line.startswith("Sources: A, B, C and 2 others")
    with pytest.raises(ValueError):
        style.source_line([])
    with pytest.raises(KeyError, match="nope"):
        style.publishers_of(["nope"], data.load_sources())


def test_timelines_carry_key_dates_only_inside_their_range(events):
    fig = charts.event_timeline(events[events.date_start.between("2020-01-01", "2020-12-31")], "2020")
    assert fig.layout.meta["key_dates"] == ["2020 war", "ceasefire"]
    fig = charts.event_timeline(events[events.date_start >= "1988-01-01"], "all")
    assert fig.layout.meta["key_dates"] == ["2020 war", "ceasefire", "corridor closed", "offensive"]
    assert {a.text for a in fig.layout.annotations} >= {"2020 war", "corridor closed", "offensive"}


def test_every_figure_has_title_subtitle_and_source(events):
    sources, est, places = data.load_sources(), data.load_estimates(), data.load_places()
    membership = data.load_membership()
    status = csto.membership_status(membership, events.date_end.max())
    requests, claims = data.load_requests(), data.load_claims()
    aligned = pivot.alignment_events(events)
    figs = [
        charts.event_timeline(events, "t"), charts.event_map(events, "m"), karabakh.event_explorer_map(events),
        karabakh.control_change_map(karabakh.control_changes(events)),
        karabakh.estimates_chart(est[est.episode == "2016 April clashes"], "e"),
        csto.membership_timeline(status, membership), csto.membership_map(status, [1992, 2024], membership),
        csto.requests_chart(requests), csto.crises_map(requests, places),
        pivot.alignment_timeline(aligned), pivot.lane_year_chart(aligned), pivot.arms_chart(events, est),
        pivot.verdict_chart(claims, sources), pivot.claims_explorer(claims, sources),
    ]
    for fig in figs:
        meta = fig.layout.meta
        assert meta["style"] == "briefing" and meta["title"] and meta["subtitle"], meta.get("title")
        assert meta["source"].startswith("Source"), meta["title"]
        assert fig.layout.title.text and fig.layout.title.subtitle.text
        if fig.layout.showlegend:  # legends sit above the plot, never over it
            assert fig.layout.legend.y == 1 and fig.layout.legend.yanchor == "bottom"
        if fig.layout.geo and fig.layout.geo.lonaxis.range:
            assert meta["labels"], meta["title"]


def test_regional_maps_name_countries_and_both_names_of_renamed_towns(events):
    fig = charts.event_map(events, "m")
    labels = fig.layout.meta["labels"]
    for name in ("ARMENIA", "AZERBAIJAN", "Nakhchivan", "GEORGIA", "IRAN", "TURKEY",
                 "Stepanakert/Khankendi", "Shushi/Shusha", "Berdzor/Lachin"):
        assert name in labels
    war = karabakh.control_change_map(karabakh.control_changes(events))
    assert "Martakert/Aghdara" in war.layout.meta["labels"]


def test_estimates_comparison_one_row_per_figure_labelled_with_date():
    est = data.load_estimates()
    apr = est[est.episode == "2016 April clashes"]
    fig = karabakh.estimates_chart(apr, "April 2016")
    marks = [t for t in fig.data if t.mode == "markers+text"]
    assert sum(len(t.x) for t in marks) == len(apr)
    labels = [x for t in marks for x in t.text]
    for r in apr.itertuples():
        date = "undated" if pd.isna(r.as_of) else f"{r.as_of:%Y-%m-%d}"
        assert any(lab.endswith(date) or f"· {date}" in lab for lab in labels), r.estimate_id
    assert fig.layout.meta["panels"] == apr.measure.nunique()


def test_estimates_label_includes_qualifier():
    assert karabakh.estimate_label(10, None, None, pd.Timestamp("2020-10-01"), "about") == "about 10 · 2020-10-01"
    assert karabakh.estimate_label(10, None, None, pd.Timestamp("2020-10-01"), "exact") == "10 · 2020-10-01"
    assert karabakh.estimate_label(None, 5, None, pd.NaT) == "at least 5 · undated"


def test_war_map_has_a_running_count(events):
    changes = karabakh.control_changes(events)
    fig = karabakh.control_change_map(changes)
    lines = [t for t in fig.data if t.type == "scatter" and t.mode == "lines"]
    # one per named place or district; reports that named no single place are not counted
    assert sum(t.y[-1] for t in lines) == len(changes) - karabakh.is_aggregate(changes).sum()
    assert all(len(f.data) == 3 and list(f.traces) == [0, 1, 2] for f in fig.frames)
