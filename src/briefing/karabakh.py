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
from .charts import (CAUCASUS_LAT, CAUCASUS_LON, EVENT_TYPE_LABELS, _hover, _places, _wrap, animate_step,
                     frame_theatre, type_colors)
from .style import WAR_COUNTRY_LABELS, WAR_TOWNS, add_key_dates, add_map_labels, finish, precision_key, source_line

#: Periods for the event map's time slider.
ERAS = [
    ("1923–1994: origins and the first war", "1920-01-01", "1994-12-31"),
    ("1995–2019: the frozen conflict", "1995-01-01", "2019-12-31"),
    ("2020: the second war", "2020-01-01", "2020-12-31"),
    ("2021–2022: fighting on Armenia's border", "2021-01-01", "2022-11-30"),
    ("Dec 2022–2023: corridor closure, offensive, exodus", "2022-12-01", "2023-12-31"),
    ("2024 onwards: withdrawal and peace process", "2024-01-01", "2100-01-01"),
]
#: Event-type groups for the map's filter buttons.
TYPE_GROUPS = {
    "All types": list(EVENT_TYPE_LABELS),
    "Fighting": ["offensive", "armed_clash", "strike_or_shelling", "control_change"],
    "Agreements and diplomacy": ["ceasefire_or_agreement", "diplomatic", "institutional", "legal"],
    "Corridor closure, aid and displacement": ["blockade_or_humanitarian", "displacement"],
    "Politics, troops and arms": ["political", "deployment_or_withdrawal", "arms_transfer"],
}


def _era_of(day: pd.Timestamp) -> int:
    for i, (_, start, end) in enumerate(ERAS):
        if pd.Timestamp(start) <= day <= pd.Timestamp(end):
            return i
    raise ValueError(f"no era for {day}")


def event_explorer_map(events: pd.DataFrame, places: pd.DataFrame | None = None) -> go.Figure:
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
            mode="markers", name=EVENT_TYPE_LABELS[t], showlegend=False,
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
        buttons.append(dict(label=label, method="restyle", args=[{"visible": visible}, list(range(len(slots)))]))
    fig.update_layout(
        height=620,
        updatemenus=[dict(type="dropdown", x=0, y=1, xanchor="left", yanchor="bottom", buttons=buttons, showactive=True)],
        sliders=[dict(
            active=0, pad=dict(t=10), currentvalue=dict(prefix="Period: "), x=0, len=1, y=0, yanchor="top",
            steps=[animate_step(f"{name.split(':')[0]} ({counts[i]})", str(i)) for i, (name, _, _) in enumerate(ERAS)],
        )],
        meta=dict(alt=f"Map of {len(ev)} events in the South Caucasus from {ev.date_start.min():%Y} to {ev.date_start.max():%Y}, one "
                      f"period at a time; solid dots are exact places, open rings approximate ones. Not shown: "
                      f"{outside} events elsewhere and {unlocated} without a location.",
                  outside=outside, unlocated=unlocated, per_era=counts.tolist()),
    )
    frame_theatre(fig)
    # legend entries of their own, so the legend does not change size from one period to the next
    for t in types:
        fig.add_trace(go.Scattergeo(lon=[None], lat=[None], mode="markers", name=EVENT_TYPE_LABELS[t], legendgroup=t,
                                    marker=dict(size=10, color=colors[t]), hoverinfo="skip"))
    precision_key(fig)
    add_map_labels(fig, places if places is not None else _places(), lon_range=CAUCASUS_LON, lat_range=CAUCASUS_LAT)
    finish(fig, "Events in and around Nagorno-Karabakh, period by period",
           f"{len(ev)} located events, {ev.date_start.min():%Y} to {ev.date_start.max():%Y}; colour: event type; "
           "filled dot: exact place, open ring: approximate. Use the slider for the period and the menu for the types.",
           source_line(p for ps in ev["publishers"] for p in ps))
    return fig


def control_changes(events: pd.DataFrame, start="2020-09-27", end="2020-12-01") -> pd.DataFrame:
    """Changes of control in a period, oldest first (from :func:`briefing.charts.enrich_events`)."""
    sel = events[(events.event_type == "control_change") & events.date_start.between(start, end)]
    return sel.sort_values(["date_start", "event_id"])


def is_aggregate(changes: pd.DataFrame) -> pd.Series:
    """True for reports that gave only a number of villages or named districts, drawn at a reference
    point (no named place, location precision 5 or coarser). They are not settlements and are left
    out of the settlement count; the villages of such a report, where listed, have events of their own."""
    return (changes.place_id.isna() & changes.geo_precision.fillna(0).ge(5)).astype(bool)


def settlement_table(changes: pd.DataFrame) -> pd.DataFrame:
    """Per announcement day: settlements reported taken or handed over, how many of them are drawn at
    their own coordinates (the rest at their district's main town), and the running total (reports
    naming no single place are not counted)."""
    counted = changes[~is_aggregate(changes)]
    day = counted.date_start.dt.strftime("%Y-%m-%d")
    out = pd.DataFrame({
        "settlements": counted.groupby(day).size(),
        "at own coordinates": counted.geo_precision.eq(1).groupby(day).sum().astype(int),
        "kind": counted.groupby(day).sub_type.agg(lambda s: ", ".join(sorted(set(s)))),
    })
    out["running total"] = out.settlements.cumsum()
    out.index.name = "date announced"
    return out


def announced_place(summary: str) -> str | None:
    """The village or town an announcement named, as the event's summary gives it."""
    import re

    m = re.search(r"(?:village|settlement|town) of (.+?)(?: \(| in )", str(summary))
    return m.group(1) if m else None


def announced_district(summary: str) -> str | None:
    """The district an announcement placed a village in, as the event's summary gives it."""
    import re

    m = re.search(r" in ([A-Z][\w' -]+?) district", str(summary))
    return m.group(1) if m else None


def map_markers(changes: pd.DataFrame) -> pd.DataFrame:
    """The map's markers for a set of located reports: one per report, except that reports drawn
    at the same point (villages without confirmed coordinates, drawn at their district's main
    town) share one marker whose hover lists them all by date. Columns: longitude, latitude,
    sub_type, text, ids, count, first (the earliest date) and dates (every date, as a set)."""
    cols = ["longitude", "latitude", "sub_type", "text", "ids", "count", "first", "dates"]
    if changes.empty:
        return pd.DataFrame(columns=cols)
    texts = dict(zip(changes.event_id, _hover(changes)))
    rows = []
    # only reports drawn at a named place's coordinates share a marker; a report drawn at a reference
    # point (no named place) always has its own, even where two points coincide
    shared = changes.place_id.notna()
    keys = [changes.latitude.astype(float).round(5), changes.longitude.astype(float).round(5), changes.sub_type,
            changes.place_id.where(shared, changes.event_id)]
    for (lat, lon, kind, _), grp in changes.groupby(keys, sort=False):
        dates = set(grp.date_start)
        if len(grp) == 1:
            r = grp.iloc[0]
            rows.append((lon, lat, kind, texts[r.event_id], r.event_id, 1, r.date_start, dates))
            continue
        place = grp.place_label.iloc[0]
        districts = sorted({d for d in map(announced_district, grp.summary) if d})
        where = (f"Villages of {' and '.join(districts)} district" if districts else f"Reports at {place}")
        lines = []
        for d, sub in grp.groupby(grp.date_start.dt.strftime("%Y-%m-%d"), sort=True):
            names = [announced_place(x) or place for x in sub.summary]
            lines.append(f"<b>{d}</b>: " + _wrap(", ".join(names), 70))
        pubs = sorted({p for ps in grp.publishers for p in ps})
        text = (f"<b>{html.escape(where)}</b> (approximate): {len(grp)} {html.escape(CONTROL_SHORT[kind])}, drawn at "
                f"{html.escape(place)} because the sources cited here confirm no coordinates for these villages; "
                "the ring does not mark the town itself. All dates:<br>" + "<br>".join(lines)
                + f"<br><i>Sources: {_wrap('; '.join(pubs))}</i>")
        rows.append((lon, lat, kind, text, f"{len(grp)} reports", len(grp), min(dates), dates))
    return pd.DataFrame(rows, columns=cols)


def map_points(changes: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """The markers shown on ``day``: those with a report up to that day; ``new`` marks a report
    on that very day. Columns as :func:`map_markers`, plus ``new``."""
    pts = map_markers(changes)
    pts = pts[pts["first"] <= day].reset_index(drop=True)
    pts["new"] = [day in d for d in pts.dates]
    return pts


CONTROL_COLORS = {"capture": "#D55E00", "handover": "#0072B2"}
CONTROL_LABELS = {"capture": "reported taken in fighting", "handover": "handed over under the ceasefire"}
CONTROL_SHORT = {"capture": "captures announced", "handover": "handovers"}


def control_change_map(changes: pd.DataFrame, start="2020-09-27", end="2020-12-01",
                       places: pd.DataFrame | None = None) -> go.Figure:
    """Animated map: each day shows every settlement reported taken or handed over so far,
    with the running count below it so that the story survives a screenshot or a printout."""
    from plotly.subplots import make_subplots

    days = pd.date_range(start, end, freq="D")
    unlocated = int(changes.latitude.isna().sum())
    aggregate = changes[is_aggregate(changes)]
    all_changes = changes[~is_aggregate(changes)]  # the running count: one per named settlement or district
    changes = changes[changes.latitude.notna()]
    exact = changes.geo_precision == 1

    # Every marker and its hover text are stored once, in the traces; each day's frame carries only
    # positions (none for a place not yet reported) and sizes (larger for that day's reports).
    markers = [map_markers(changes[exact == is_exact]) for is_exact in (True, False)]

    def frame_traces(day):
        out = []
        for pts in markers:
            shown = (pts["first"] <= day).tolist()
            out.append(dict(
                type="scattergeo",
                lon=[x if ok else None for x, ok in zip(pts.longitude.astype(float), shown)],
                lat=[y if ok else None for y, ok in zip(pts.latitude.astype(float), shown)],
                marker=dict(size=[15 if day in d else 9 for d in pts.dates]),
            ))
        n = int((all_changes.date_start <= day).sum())
        out.append(dict(type="scatter", x=[f"{day:%Y-%m-%d}"], y=[n], text=[f"{day:%Y-%m-%d}: {n}"]))
        return out

    fig = make_subplots(rows=2, cols=1, specs=[[{"type": "scattergeo"}], [{"type": "xy"}]], row_heights=[0.72, 0.28],
                        vertical_spacing=0.08)
    last = frame_traces(days[-1])
    for is_exact, pts, data in zip((True, False), markers, last[:2]):
        fig.add_trace(go.Scattergeo(
            lon=data["lon"], lat=data["lat"], text=pts.text.tolist(), customdata=pts.ids.tolist(), mode="markers",
            name="exact place" if is_exact else "approximate place", showlegend=False,
            hovertemplate="%{text}<extra>%{customdata}</extra>",
            marker=dict(size=data["marker"]["size"], color=[CONTROL_COLORS[k] for k in pts.sub_type],
                        symbol="circle" if is_exact else "circle-open", line=dict(width=1 if is_exact else 2)),
        ), row=1, col=1)
    fig.add_trace(go.Scatter(x=last[2]["x"], y=last[2]["y"], text=last[2]["text"], mode="markers", showlegend=False,
                             marker=dict(size=10, color="#999999", line=dict(width=2, color="#555555")),
                             name="selected day", hovertemplate="%{text}<extra></extra>"), row=2, col=1)
    # the running count, one line per kind of change, labelled at its end (no legend needed)
    for kind, color in CONTROL_COLORS.items():
        sub = all_changes[all_changes.sub_type == kind]
        if sub.empty:
            continue
        per_day = sub.groupby(sub.date_start.dt.normalize()).size().reindex(days, fill_value=0).cumsum()
        fig.add_trace(go.Scatter(x=[f"{d:%Y-%m-%d}" for d in days], y=per_day.tolist(), mode="lines", line=dict(color=color, width=2.5, shape="hv"),
                                 name=CONTROL_LABELS[kind], showlegend=False,
                                 hovertemplate="%{x}: %{y} " + CONTROL_LABELS[kind] + "<extra></extra>"), row=2, col=1)
        # the label sits under a line that ends near the top (clear of the key-date labels), above one that ends low
        high = per_day.iloc[-1] > 0.6 * len(all_changes)
        fig.add_annotation(x=f"{days[-1]:%Y-%m-%d}", y=int(per_day.iloc[-1]), xref="x", yref="y", xanchor="right",
                           yanchor="top" if high else "bottom",
                           text=f"{int(per_day.iloc[-1])} {CONTROL_SHORT[kind]}",
                           showarrow=False, font=dict(color=color, size=12))
    for kind, color in CONTROL_COLORS.items():
        fig.add_trace(go.Scattergeo(lon=[None], lat=[None], mode="markers", name=CONTROL_LABELS[kind],
                                    marker=dict(size=10, color=color), hoverinfo="skip"), row=1, col=1)
    precision_key(fig)
    for tr in fig.data[-2:]:
        tr.geo = "geo"
    fig.frames = [go.Frame(name=f"{d:%Y-%m-%d}", data=frame_traces(d), traces=[0, 1, 2]) for d in days]
    lon_range, lat_range = (44.9, 48.3), (38.85, 40.5)
    fig.update_xaxes(type="date", range=[f"{days[0] - pd.Timedelta(days=1):%Y-%m-%d}", f"{days[-1] + pd.Timedelta(days=1):%Y-%m-%d}"],
                     row=2, col=1)
    fig.update_yaxes(title=dict(text="reports (running total)", font=dict(size=12)), rangemode="tozero", row=2, col=1)
    add_key_dates(fig, days[0], days[-1], xref="x", yref="y")
    fig.update_layout(
        height=840,
        sliders=[dict(
            active=len(days) - 1, currentvalue=dict(prefix="Up to "), pad=dict(t=40), x=0.24, len=0.76, y=0, yanchor="top",
            steps=[animate_step(f"{d:%m-%d}", f"{d:%Y-%m-%d}") for d in days],
        )],
        updatemenus=[dict(type="buttons", x=0, y=0, xanchor="left", yanchor="top", showactive=False, pad=dict(t=60), buttons=[
            dict(label="▶ Play", method="animate",
                 args=[None, dict(frame=dict(duration=250, redraw=True), fromcurrent=False, transition=dict(duration=0))]),
        ])],
        meta=dict(alt=f"Animated map of {len(changes)} located reports of changes of control between {start} and {end}, "
                      f"{int(exact.sum())} at exact places and the rest drawn at district towns or reference points, "
                      "with the running count "
                      f"below the map counting {len(all_changes)} settlements and districts.", unlocated=unlocated),
    )
    frame_theatre(fig, lon_range, lat_range, row=1, col=1)
    add_map_labels(fig, places if places is not None else _places(), towns=WAR_TOWNS, countries=WAR_COUNTRY_LABELS,
                   lon_range=lon_range, lat_range=lat_range)
    taken = int((all_changes.sub_type == "capture").sum())
    handed = int((all_changes.sub_type == "handover").sum())
    mapped = int((all_changes.latitude.notna()).sum())
    own = int((all_changes.geo_precision == 1).sum())
    approx = (all_changes.geo_precision > 1) & (all_changes.sub_type == "capture") & ~is_aggregate(all_changes)
    at_district = int((approx & all_changes.place_id.notna()).sum())
    between = int((approx & all_changes.place_id.isna()).sum())  # drawn at a point inside the district
    among = (f", {between} drawn among {'its' if between == 1 else 'their'} district's other announced villages"
             if between else "")
    missing = f" ({taken + handed - mapped} without any location are only counted)" if mapped < taken + handed else ""
    finish(fig, "The 2020 war day by day: announced captures and handovers",
           f"Places whose capture Azerbaijan announced ({taken}) and districts handed over under the ceasefire "
           f"({handed}), {start} to {end}, on the day announced. All {taken + handed} are in the running count and on "
           f"the map{missing}: {own} at their own coordinates, {at_district} villages without confirmed coordinates "
           f"as one ring per district{among}. Larger mark: that day; filled dot: exact place, ring: "
           f"approximate ({len(aggregate)} more rings mark reports that named no single place).",
           source_line(p for ps in changes["publishers"] for p in ps))
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


MEASURE_LABELS = {
    "killed": "deaths", "killed_military": "military deaths", "killed_civilian": "civilian deaths",
    "killed_or_missing": "killed or missing", "wounded": "wounded", "missing": "missing", "detained": "detained",
    "displaced": "people displaced", "arrivals": "arrivals", "troops_deployed": "troops deployed",
    "units_ordered": "units ordered", "units_delivered": "units delivered", "contract_value_usd": "contract value (US$)",
}
ROW_PX, PANEL_PX = 24, 70


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def estimate_label(value, low, high, as_of, qualifier=None) -> str:
    """The text beside a mark: the figure with its qualifier ('about 30,000') and its as-of date."""
    date = "undated" if pd.isna(as_of) else f"{as_of:%Y-%m-%d}"
    return f"{figure_text(value, low, high, qualifier)} · {date}"


def estimates_chart(est: pd.DataFrame, title: str, measures: list[str] | None = None,
                    sources: pd.DataFrame | None = None) -> go.Figure:
    """Per-source comparison: one panel per measure and counted side, one row per source
    figure, each labelled with the figure and its as-of date.

    Nothing is summed or averaged: one mark per row of ``estimates.csv`` (dot: a single figure;
    bar: a low–high range; open triangle: 'at least', 'more than' or 'up to'). A source's revised figures
    sit in consecutive rows, oldest first, joined by a dotted line, so a revision reads as a
    sequence.
    """
    from plotly.subplots import make_subplots

    if sources is None:
        from . import data
        sources = data.load_sources()
    rows = est if measures is None else est[est.measure.isin(measures)]
    if rows.empty:
        raise ValueError(f"no estimates to chart for {title!r}")
    pub = dict(zip(sources.source_id, sources.publisher))
    unknown = sorted(set(rows.source_id) - set(pub))
    if unknown:
        raise KeyError(f"estimates cite unknown source ids {unknown}")
    rows = rows.assign(publisher=rows.source_id.map(pub))
    # one panel per measure; inside it, a heading per counted side, then one row per source figure
    groups = [(m, g.sort_values(["side", "publisher", "as_of", "estimate_id"], na_position="last"))
              for m, g in rows.groupby("measure", sort=True)]
    heights = [PANEL_PX + ROW_PX * (len(g) + g.side.nunique()) for _, g in groups]
    total = sum(heights)
    spacing = 0 if len(groups) == 1 else 56 / total
    fig = make_subplots(rows=len(groups), cols=1, row_heights=[h / total for h in heights],
                        vertical_spacing=spacing,
                        subplot_titles=[MEASURE_LABELS.get(m, m.replace("_", " ")).capitalize() for m, _ in groups])
    blue, grey = "#0072B2", "#999999"
    for i, (measure, g) in enumerate(groups, start=1):
        qual = g.qualifier if "qualifier" in g.columns else [None] * len(g)
        kind = [figure_kind(v, lo, hi, q) for v, lo, hi, q in zip(g.value, g.low, g.high, qual)]
        x = [float(v) if pd.notna(v) else float((lo + hi) / 2) if k == "range" else float(lo if pd.notna(lo) else hi)
             for v, lo, hi, k in zip(g.value, g.low, g.high, kind)]
        top = max([float(h) for h in g.high.dropna()] + x)
        labels = [estimate_label(v, lo, hi, a, q) for v, lo, hi, a, q in zip(g.value, g.low, g.high, g.as_of, qual)]
        # y positions, top to bottom: a heading row for each side, then its figures
        y, pos, heads, ticks, prev_side, prev_pub = [], len(g) + g.side.nunique(), [], [], None, None
        for side, p in zip(g.side, g.publisher):
            if side != prev_side:
                heads.append((pos, side))
                pos -= 1
                prev_pub = None
            y.append(pos)
            ticks.append("↳ same source, later" if p == prev_pub else html.escape(_short(p)))
            pos -= 1
            prev_side, prev_pub = side, p
        rx, ry = [], []
        for k, lo, hi, yy in zip(kind, g.low, g.high, y):
            if k == "range":
                rx += [float(lo), float(hi), None]
                ry += [yy, yy, None]
        if rx:
            fig.add_trace(go.Scatter(x=rx, y=ry, mode="lines", line=dict(color=blue, width=5), hoverinfo="skip",
                                     showlegend=False, name="range"), row=i, col=1)
        cx, cy = [], []
        for j in range(1, len(g)):
            if ticks[j].startswith("↳"):
                cx += [x[j - 1], x[j], None]
                cy += [y[j - 1], y[j], None]
        if cx:
            fig.add_trace(go.Scatter(x=cx, y=cy, mode="lines", line=dict(color=grey, width=1.5, dash="dot"),
                                     hoverinfo="skip", showlegend=False, name="revision"), row=i, col=1)
        fig.add_trace(go.Scatter(
            x=x, y=y, mode="markers+text", text=labels, cliponaxis=False,
            textposition=["middle left" if xx > 0.55 * top else "middle right" for xx in x], textfont=dict(size=11),
            marker=dict(size=11, color=blue, line=dict(width=2, color=blue),
                        symbol=["circle" if k in ("", "about") else "line-ns" if k == "range"
                                else "triangle-right-open" if k in _LOWER_BOUND else "triangle-left-open" for k in kind]),
            customdata=[f"<b>{html.escape(p)}</b> ({html.escape(sid)})<br>{html.escape(sd)}: {html.escape(lab)}"
                        + (f"<br>{_wrap(nt)}" if isinstance(nt, str) else "")
                        for p, sid, sd, lab, nt in zip(g.publisher, g.source_id, g.side, labels, g.note)],
            hovertemplate="%{customdata}<extra></extra>", showlegend=False, name=measure,
        ), row=i, col=1)
        # headings (who is counted) are tick labels of their own rows, so they never leave the figure
        n = len(g) + g.side.nunique()
        fig.update_yaxes(tickvals=[hy for hy, _ in heads] + y,
                         ticktext=[f"<i>{html.escape(_short(side, 34))}</i>" for _, side in heads] + ticks,
                         range=[0.4, n + 0.6], showgrid=False, row=i, col=1)
        fig.update_xaxes(range=[0, top * 1.06], rangemode="tozero", tickformat="~s", row=i, col=1)
    for ann in fig.layout.annotations[:len(groups)]:  # panel titles: left-aligned over each panel
        ann.update(x=0, xanchor="left", xref="paper", font=dict(size=13))
    fig.update_layout(height=total + 40 + (len(groups) - 1) * 56)
    measures_text = ", ".join(MEASURE_LABELS.get(m, m) for m, _ in groups)
    n_undated = int(rows.as_of.isna().sum())
    fig.update_layout(meta=dict(
        alt=f"{len(rows)} figures from {rows.source_id.nunique()} sources in {len(groups)} panels, one row per "
            f"source figure, labelled with the figure and its as-of date ({n_undated} undated).",
        undated=n_undated, panels=len(groups)))
    finish(fig, title, f"Measure: {measures_text}; italic: who is counted (in full on hover). One row per source figure, labelled with "
           "the figure and the date it refers to; dot: single figure, bar: range, open triangle: a bound ('at least', "
           "'more than' or 'up to'). Dotted "
           "lines join one source's revisions, oldest first. Figures are never added or averaged.",
           source_line(rows.publisher), legend=False)
    return fig


def estimates_table(est: pd.DataFrame) -> pd.DataFrame:
    """The rows behind an estimates chart, readable, oldest first."""
    t = est.sort_values(["as_of", "side"], na_position="last").copy()
    t["as_of"] = t.as_of.dt.strftime("%Y-%m-%d").fillna("undated")
    t["figure"] = [figure_text(v, lo, hi, q) for v, lo, hi, q in zip(t.value, t.low, t.high, t.qualifier)]
    return t[["estimate_id", "as_of", "measure", "side", "figure", "source_id"]].set_index("estimate_id")
