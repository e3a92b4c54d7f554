"""Unit tests for the briefing package: charts, theme, MIME renderer, geo helpers."""

from __future__ import annotations

import json

import plotly.io as pio
import pytest

from briefing import charts, data, geo, theme
from briefing.site import mime


@pytest.fixture(scope="module")
def events():
    return charts.enrich_events(data.load_events(), data.load_places(), data.load_sources())


def test_enrich_keeps_every_event_and_names_sources(events):
    raw = data.load_events()
    assert len(events) == len(raw)
    row = events[events.source_ids.str.contains(";")].iloc[0]
    assert row.sources_text.count(";") == row.source_ids.count(";")
    contested = events[events.place_id == "stepanakert"].iloc[0]
    assert contested.place_label == "Stepanakert/Khankendi"


def test_timeline_has_one_trace_per_event_type_and_every_event(events):
    fig = charts.event_timeline(events)
    assert len(fig.data) == events.event_type.nunique()
    assert sum(len(t.x) for t in fig.data) == len(events)
    ids = [i for t in fig.data for i in t.customdata]
    assert sorted(ids) == sorted(events.event_id)
    assert "Timeline of" in fig.layout.meta["alt"]


def test_map_separates_exact_from_approximate_places(events):
    fig = charts.event_map(events)
    precision = dict(zip(events.event_id, events.geo_precision))
    event_traces = [t for t in fig.data if t.customdata]
    for trace in event_traces:
        exact = {precision[i] == 1 for i in trace.customdata}
        assert exact in ({True}, {False})
        assert trace.marker.symbol == ("circle" if exact == {True} else "circle-open")
    shown = sum(len(t.lat) for t in event_traces)
    meta = fig.layout.meta
    assert shown + meta["outside"] + meta["unlocated"] == len(events)
    assert fig.layout.geo.scope == "asia"


def test_map_hover_shows_both_names(events):
    fig = charts.event_map(events)
    texts = [t for tr in fig.data if tr.customdata for t in tr.text]
    assert any("Stepanakert/Khankendi" in t for t in texts)
    assert all("Sources:" in t for t in texts)


def test_template_is_the_default_and_colour_blind_safe():
    assert pio.templates.default == theme.TEMPLATE_NAME
    assert list(pio.templates[theme.TEMPLATE_NAME].layout.colorway) == theme.OKABE_ITO
    assert len(set(charts.type_colors().values())) == len(charts.EVENT_TYPE_LABELS)


def test_figure_html_is_deterministic_and_safe():
    spec = {"data": [{"type": "scatter", "x": [1], "y": [2], "text": ["</script><b>x</b>"]}],
            "layout": {"meta": {"alt": 'A "quoted" <alt>'}}}
    a, b = mime.figure_html(spec), mime.figure_html(json.loads(json.dumps(spec)))
    assert a == b
    assert "</script><b>" not in a  # cannot close the spec's script element early
    assert 'aria-label="A &quot;quoted&quot; &lt;alt&gt;"' in a
    payload = a.split('class="briefing-plotly-spec">', 1)[1].rsplit("</script>", 1)[0]
    assert json.loads(payload.replace("<\\/", "</")) == spec


def test_mime_plugin_only_handles_plotly_blocks():
    class Data:
        mime_type = "text/plain"
        content = "x"
    assert mime.PlotlyMimeRenderer.handle_mime(None, Data, False) is None
    Data.mime_type = mime.PLOTLY_MIME
    Data.content = {"data": [], "layout": {}}
    assert mime.PlotlyMimeRenderer.handle_mime(None, Data, True) is None  # inline: not ours
    nodes = mime.PlotlyMimeRenderer.handle_mime(None, Data, False)
    assert nodes and "briefing-plotly" in nodes[0].astext()


def test_country_bounds_from_the_base_map():
    lon0, lat0, lon1, lat1 = geo.country_bounds(str(geo.default_topojson()))["ARM"]
    assert 43 < lon0 < 44 and 46 < lon1 < 47 and 38 < lat0 < 39.5 and 41 < lat1 < 41.5
    assert geo.inside_country(44.51, 40.18, "Armenia")        # Yerevan
    assert not geo.inside_country(49.89, 40.38, "Armenia")    # Baku


def test_crisis_labels_point_into_the_map_and_apart():
    from briefing import csto

    # west of the frame: label to the right; east: to the left; a point just north of another: above it
    assert csto.crisis_label_positions([45.3, 46.0, 76.9, 60.0], [39.84, 39.65, 43.2, 41.0]) == [
        "top right", "bottom right", "bottom left", "bottom center"]
