"""Figures for the Nagorno-Karabakh chapter: the event explorer map, the 2020 war map,
contested numbers and arrivals.

Rules these builders keep: figures from different sources are never added or averaged;
each estimate is drawn as its own dated point (or range); an approximate location is
drawn as an open ring, never as an exact dot.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from . import theme  # noqa: F401
from .charts import (CAUCASUS_LAT, CAUCASUS_LON, EVENT_TYPE_LABELS, _hover, _wrap, animate_step, caucasus_geo,
                     type_colors)

#: Periods for the event map's time slider.
ERAS = [
    ("1923–1994: origins and the first war", "1920-01-01", "1994-12-31"),
    ("1995–2019: the frozen conflict", "1995-01-01", "2019-12-31"),
    ("2020: the second war", "2020-01-01", "2020-12-31"),
    ("2021–2022: fighting on Armenia's border", "2021-01-01", "2022-11-30"),
    ("Dec 2022–2023: blockade, offensive, exodus", "2022-12-01", "2023-12-31"),
    ("2024 onwards: withdrawal and peace process", "2024-01-01", "2100-01-01"),
]
#: Event-type groups for the map's filter buttons.
TYPE_GROUPS = {
    "All types": list(EVENT_TYPE_LABELS),
    "Fighting": ["offensive", "armed_clash", "strike_or_shelling", "control_change"],
    "Agreements and diplomacy": ["ceasefire_or_agreement", "diplomatic", "institutional", "legal"],
    "Blockade and displacement": ["blockade_or_humanitarian", "displacement"],
    "Politics, troops and arms": ["political", "deployment_or_withdrawal", "arms_transfer"],
}


def _era_of(day: pd.Timestamp) -> int:
    for i, (_, start, end) in enumerate(ERAS):
        if pd.Timestamp(start) <= day <= pd.Timestamp(end):
            return i
    raise ValueError(f"no era for {day}")


def event_explorer_map(events: pd.DataFrame) -> go.Figure:
    """Events on a map of the South Caucasus with a period slider and type-group buttons.

    ``events`` comes from :func:`briefing.charts.enrich_events`. One trace per event type
    and location precision (exact / approximate); the slider animates between periods,
    the buttons show or hide groups of types, and the legend toggles single types.
    """
    colors = type_colors()
    ev = events[events.latitude.notna()]
    in_frame = ev.longitude.between(*CAUCASUS_LON) & ev.latitude.between(*CAUCASUS_LAT)
    outside, unlocated = int((~in_frame).sum()), int(events.latitude.isna().sum())
    ev = ev[in_frame].copy()
    ev["era"] = ev.date_start.map(_era_of)
    types = [t for t in EVENT_TYPE_LABELS if t in set(ev.event_type)]
    slots = [(t, exact) for t in types for exact in (True, False)]

    def traces(era):
        out = []
        for t, exact in slots:
            sub = ev[(ev.event_type == t) & ((ev.geo_precision == 1) == exact) & (ev.era == era)]
            out.append(dict(
                type="scattergeo", lon=sub.longitude.astype(float).tolist(), lat=sub.latitude.astype(float).tolist(),
                text=_hover(sub), customdata=sub.event_id.tolist(),
            ))
        return out

    fig = go.Figure()
    first = traces(0)
    for (t, exact), data in zip(slots, first):
        fig.add_trace(go.Scattergeo(
            **{k: v for k, v in data.items() if k != "type"},
            mode="markers", name=EVENT_TYPE_LABELS[t] + ("" if exact else " (approximate place)"),
            legendgroup=t, hovertemplate="%{text}<extra>%{customdata}</extra>",
            marker=dict(size=10 if exact else 15, color=colors[t], symbol="circle" if exact else "circle-open",
                        line=dict(width=1 if exact else 2, color="white" if exact else colors[t]),
                        opacity=0.9 if exact else 0.75),
        ))
    fig.frames = [go.Frame(name=str(i), data=traces(i)) for i in range(len(ERAS))]
    counts = ev.groupby("era").size().reindex(range(len(ERAS)), fill_value=0)
    buttons = []
    for label, group in TYPE_GROUPS.items():
        visible = [t in group for t, _ in slots]
        buttons.append(dict(label=label, method="restyle", args=[{"visible": visible}]))
    fig.update_layout(
        title="Events in and around Nagorno-Karabakh, by period",
        height=600,
        geo=caucasus_geo(),
        legend=dict(orientation="h", y=-0.28, font=dict(size=11)),
        updatemenus=[dict(type="dropdown", x=0, y=1.08, xanchor="left", buttons=buttons, showactive=True)],
        sliders=[dict(
            active=0, pad=dict(t=10), currentvalue=dict(prefix="Period: "),
            steps=[animate_step(f"{name.split(':')[0]} ({counts[i]})", str(i)) for i, (name, _, _) in enumerate(ERAS)],
        )],
        meta=dict(alt=f"Map of {len(ev)} events in the South Caucasus from {ev.date_start.min():%Y} to {ev.date_start.max():%Y}, one "
                      f"period at a time; solid dots are exact places, open rings approximate ones. Not shown: "
                      f"{outside} events elsewhere and {unlocated} without a location.",
                  outside=outside, unlocated=unlocated, per_era=counts.tolist()),
    )
    return fig


def control_changes(events: pd.DataFrame, start="2020-09-27", end="2020-12-01") -> pd.DataFrame:
    """Changes of control in a period, oldest first (from :func:`briefing.charts.enrich_events`)."""
    sel = events[(events.event_type == "control_change") & events.date_start.between(start, end)]
    return sel.sort_values(["date_start", "event_id"])


def control_change_map(changes: pd.DataFrame, start="2020-09-27", end="2020-12-01") -> go.Figure:
    """Animated map: each day shows every settlement reported taken or handed over so far."""
    days = pd.date_range(start, end, freq="D")
    changes = changes[changes.latitude.notna()]
    exact = changes.geo_precision == 1

    def frame_traces(day):
        upto = changes[changes.date_start <= day]
        out = []
        for is_exact in (True, False):
            sub = upto[(upto.geo_precision == 1) == is_exact]
            new = (sub.date_start == day).tolist()
            out.append(dict(
                type="scattergeo", lon=sub.longitude.astype(float).tolist(), lat=sub.latitude.astype(float).tolist(),
                text=_hover(sub), customdata=sub.event_id.tolist(),
                marker=dict(size=[16 if n else 10 for n in new],
                            color=["#D55E00" if s == "capture" else "#0072B2" for s in sub.sub_type]),
            ))
        return out

    fig = go.Figure()
    for is_exact, data in zip((True, False), frame_traces(days[-1])):
        fig.add_trace(go.Scattergeo(
            lon=data["lon"], lat=data["lat"], text=data["text"], customdata=data["customdata"], mode="markers",
            name="exact place" if is_exact else "approximate place (reference point)",
            hovertemplate="%{text}<extra>%{customdata}</extra>",
            marker=dict(size=data["marker"]["size"], color=data["marker"]["color"],
                        symbol="circle" if is_exact else "circle-open", line=dict(width=1 if is_exact else 2)),
        ))
    fig.frames = [go.Frame(name=f"{d:%Y-%m-%d}", data=frame_traces(d)) for d in days]
    fig.update_layout(
        title="2020: settlements reported taken (vermilion) or handed over (blue), day by day",
        height=560, geo=caucasus_geo((45.6, 47.6), (38.9, 40.6)),
        legend=dict(orientation="h", y=-0.25),
        sliders=[dict(
            active=len(days) - 1, currentvalue=dict(prefix="Up to "), pad=dict(t=10),
            steps=[animate_step(f"{d:%m-%d}", f"{d:%Y-%m-%d}") for d in days],
        )],
        updatemenus=[dict(type="buttons", x=0, y=-0.1, xanchor="left", showactive=False, buttons=[
            dict(label="▶ Play", method="animate",
                 args=[None, dict(frame=dict(duration=250, redraw=True), fromcurrent=False, transition=dict(duration=0))]),
        ])],
        meta=dict(alt=f"Animated map of {len(changes)} reported changes of control between {start} and {end}; "
                      f"{int(exact.sum())} at exact places, the rest at reference points."),
    )
    return fig


def figure_kind(value, low, high, qualifier=None) -> str:
    """How an estimate is stated: '' (an exact figure), 'range', or the qualifier of a single
    figure ('at least', 'more than', 'about', 'up to'), as in the ``qualifier`` column."""
    if pd.notna(value):
        return "" if qualifier is None or pd.isna(qualifier) or qualifier == "exact" else str(qualifier)
    if pd.notna(low) and pd.notna(high):
        return "range"
    return "at least" if pd.notna(low) else "up to"


def figure_text(value, low, high, qualifier=None) -> str:
    """An estimate as a reader sees it: '1,234', '100–200', 'at least 88,000', 'about 30,000'."""
    kind = figure_kind(value, low, high, qualifier)
    if kind == "range":
        return f"{int(low):,}–{int(high):,}"
    figure = value if pd.notna(value) else (low if pd.notna(low) else high)
    return f"{kind} {int(figure):,}".strip()


_LOWER_BOUND = ("at least", "more than")


def estimates_chart(est: pd.DataFrame, title: str, measures: list[str] | None = None) -> go.Figure:
    """Each source's figure as a dated point (or a low–high range), one colour per counted side.

    Nothing is summed or averaged: one marker per row of ``estimates.csv``. Rows without an
    as-of date cannot be placed on the time axis and are reported in ``layout.meta``.
    """
    rows = est if measures is None else est[est.measure.isin(measures)]
    undated = rows[rows.as_of.isna()]
    rows = rows[rows.as_of.notna()].sort_values(["side", "as_of"])
    palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#882255", "#44AA99", "#999999", "#332288"]
    fig = go.Figure()
    for i, ((side, measure), sub) in enumerate(rows.groupby(["side", "measure"], sort=True)):
        y = sub.value.where(sub.value.notna(), sub.low.where(sub.low.notna(), sub.high)).astype(float)
        has_range = sub.low.notna() & sub.high.notna()
        kind = [figure_kind(v, lo, hi, q) for v, lo, hi, q in zip(sub.value, sub.low, sub.high, sub.qualifier)]
        point = pd.Series([k in ("", "about") for k in kind], index=sub.index)
        fig.add_trace(go.Scatter(
            x=sub.as_of.dt.strftime("%Y-%m-%d").tolist(), y=y.tolist(), mode="markers",
            name=f"{side} — {measure.replace('_', ' ')}",
            marker=dict(size=11, color=palette[i % len(palette)],
                        symbol=["circle" if p else "triangle-up-open" if k in _LOWER_BOUND else "triangle-down-open" if k == "up to" else "diamond-open" for p, k in zip(point, kind)],
                        line=dict(width=2, color=palette[i % len(palette)])),
            error_y=dict(type="data", symmetric=False,
                         array=[(hi - v) if r else 0 for r, hi, v in zip(has_range, sub.high.fillna(0), y)],
                         arrayminus=[(v - lo) if r else 0 for r, lo, v in zip(has_range, sub.low.fillna(0), y)],
                         visible=bool(has_range.any())),
            text=[f"<b>{html.escape(side)}</b>: {measure.replace('_', ' ')} "
                  f"{(k + ' ') if k and k != 'range' else ''}{int(v):,}"
                  + (f" (range {int(lo):,}–{int(hi):,})" if r else "")
                  + f"<br>as of {a:%Y-%m-%d}, source: {html.escape(s)}" + (f"<br>{_wrap(n)}" if isinstance(n, str) else "")
                  for v, k, r, lo, hi, a, s, n in zip(y, kind, has_range, sub.low.fillna(0), sub.high.fillna(0), sub.as_of, sub.source_id, sub.note)],
            hovertemplate="%{text}<extra></extra>",
        ))
    fig.update_layout(
        title=title, height=460, xaxis=dict(type="date", title="as of"), yaxis=dict(title="reported figure", rangemode="tozero"),
        legend=dict(orientation="h", y=-0.25, font=dict(size=11)),
        meta=dict(alt=f"{len(rows)} dated figures from {rows.source_id.nunique()} sources, one marker each; "
                      f"filled circles are single figures (exact or 'about'), upward open triangles 'at least' or 'more than' figures, "
                      f"downward open triangles 'up to' figures. {len(undated)} undated "
                      "figures are listed in the table instead.", undated=len(undated)),
    )
    return fig


def estimates_table(est: pd.DataFrame) -> pd.DataFrame:
    """The rows behind an estimates chart, readable, oldest first."""
    t = est.sort_values(["as_of", "side"], na_position="last").copy()
    t["as_of"] = t.as_of.dt.strftime("%Y-%m-%d").fillna("undated")
    t["figure"] = [figure_text(v, lo, hi, q) for v, lo, hi, q in zip(t.value, t.low, t.high, t.qualifier)]
    return t[["estimate_id", "as_of", "measure", "side", "figure", "source_id"]].set_index("estimate_id")
