"""Membership status, requests for assistance and their figures (the CSTO chapter)."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from . import theme  # noqa: F401  (registers the template)
from .charts import _wrap, animate_step, regional_geo
from .geo import ISO3
from .style import CSTO_STATE_LABELS, add_key_dates, add_map_labels, finish, publishers_of, source_line


def _sources(sources):
    if sources is None:
        from . import data
        return data.load_sources()
    return sources

#: How an action changes a state's status. Actions not listed leave it unchanged.
STATUS_AFTER = {
    ("signed", "treaty"): "signed, not yet in force",
    ("acceded", "treaty"): "signed, not yet in force",
    ("entered_into_force", "treaty"): "member",
    ("left", "extension protocol"): "not a member",
    ("rejoined", "organisation"): "member",
    ("suspended", "organisation"): "membership suspended",
    ("froze_participation", "organisation"): "participation frozen",
}
STATUS_ORDER = ["member", "signed, not yet in force", "participation frozen", "membership suspended", "not a member"]
STATUS_COLORS = {
    "member": "#0072B2",
    "signed, not yet in force": "#56B4E9",
    "participation frozen": "#E69F00",
    "membership suspended": "#D55E00",
    "not a member": "#999999",
}
ACTION_LABELS = {
    "signed": "signed", "acceded": "acceded", "entered_into_force": "entered into force", "ratified": "ratified",
    "renewed": "signed the 1999 extension", "left": "did not renew (left)", "rejoined": "rejoined",
    "suspended": "suspended", "froze_participation": "froze participation", "stopped_funding": "stopped funding",
    "announced_intent_to_leave": "said it would leave", "other": "other",
}
OUTCOME_COLORS = {
    "collective force deployed": "#0072B2",
    "monitoring or fact-finding only": "#56B4E9",
    "conditional pledge only": "#E69F00",
    "no collective action": "#CC79A7",
    "declined": "#D55E00",
    "no response reported": "#999999",
}


def membership_status(membership: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Intervals of each state's status: state, status, start, end (end = ``as_of`` for the last).

    The status changes only on the actions in :data:`STATUS_AFTER`; ratifications,
    renewals, funding stops and statements are events, not status changes.
    """
    rows = []
    for state, acts in membership.sort_values(["date", "action"]).groupby("state", sort=True):
        status, since = None, None
        for a in acts.itertuples():
            new = STATUS_AFTER.get((a.action, a.instrument))
            if new is None or new == status:
                continue
            if status is not None:
                rows.append((state, status, since, a.date))
            status, since = new, a.date
        if status is not None:
            rows.append((state, status, since, as_of))
    out = pd.DataFrame(rows, columns=["state", "status", "start", "end"])
    if (out["end"] < out["start"]).any():
        raise ValueError("membership actions after the as-of date")
    return out


def status_on(status: pd.DataFrame, day: pd.Timestamp) -> dict[str, str]:
    """Each state's status on a given day (states with no status yet are left out)."""
    current = status[(status.start <= day) & (day < status.end)]
    last = status[status.end == status.end.max()]
    out = dict(zip(current.state, current.status))
    if day >= status.end.max():
        out.update(dict(zip(last.state, last.status)))
    return out


def membership_timeline(status: pd.DataFrame, membership: pd.DataFrame, sources: pd.DataFrame | None = None) -> go.Figure:
    """One bar per state, coloured by status over time, with a marker for every action."""
    states = sorted(status.state.unique(), key=lambda s: (status[status.state == s].start.min(), s))
    fig = go.Figure()
    day = pd.Timedelta(days=1)
    for st in STATUS_ORDER:
        sub = status[status.status == st]
        if sub.empty:
            continue
        fig.add_trace(go.Bar(
            y=sub.state.tolist(),
            x=((sub.end - sub.start) / day).round().astype(int).tolist(),
            base=sub.start.dt.strftime("%Y-%m-%d").tolist(),
            orientation="h", name=st, marker_color=STATUS_COLORS[st],
            customdata=[[s, e] for s, e in zip(sub.start.dt.strftime("%Y-%m-%d"), sub.end.dt.strftime("%Y-%m-%d"))],
            hovertemplate="%{y}: " + html.escape(st) + "<br>%{customdata[0]} to %{customdata[1]}<extra></extra>",
        ))
    acts = membership.sort_values("date")
    fig.add_trace(go.Scatter(
        x=acts.date.dt.strftime("%Y-%m-%d").tolist(), y=acts.state.tolist(), mode="markers", name="action",
        marker=dict(symbol="line-ns-open", size=16, color="#333333", line=dict(width=2)),
        text=[f"{r.date:%Y-%m-%d}: {r.state} {ACTION_LABELS[r.action]} ({r.instrument})" for r in acts.itertuples()],
        hovertemplate="%{text}<extra></extra>",
    ))
    # convert bar lengths from days to milliseconds on a date axis
    for tr in fig.data[:-1]:
        tr.x = [v * 86_400_000 for v in tr.x]
    fig.update_layout(
        barmode="overlay", height=150 + 36 * len(states),
        xaxis=dict(type="date", title=None),
        yaxis=dict(categoryorder="array", categoryarray=list(reversed(states)), title=None),
        meta=dict(alt=f"Timeline of the status of {len(states)} states from {status.start.min():%Y} to "
                      f"{status.end.max():%Y-%m-%d}: member, signed, frozen, suspended or not a member."),
    )
    add_key_dates(fig, status.start.min(), status.end.max())
    finish(fig, "Who was in the Collective Security Treaty and the CSTO, and when",
           f"Each bar: one state's status, {status.start.min():%Y} to {status.end.max():%Y-%m-%d}, coloured by status; "
           "tick: a signature, ratification, withdrawal or other act (hover for details).",
           source_line(publishers_of(membership.source_ids, _sources(sources))))
    return fig


def membership_map(status: pd.DataFrame, years: list[int], membership: pd.DataFrame | None = None,
                   sources: pd.DataFrame | None = None) -> go.Figure:
    """Choropleth of each state's status at the end of each year, with a year slider."""
    codes = {s: i for i, s in enumerate(STATUS_ORDER)}
    n = len(STATUS_ORDER)
    scale = []
    for s, i in codes.items():
        scale += [[i / n, STATUS_COLORS[s]], [(i + 1) / n, STATUS_COLORS[s]]]
    states = sorted(status.state.unique())

    def trace(year):
        on = status_on(status, pd.Timestamp(f"{year}-12-31"))
        shown = [s for s in states if s in on]
        return go.Choropleth(
            locations=[ISO3[s] for s in shown], z=[codes[on[s]] + 0.5 for s in shown], zmin=0, zmax=n,
            colorscale=scale, showscale=False, marker_line_color="white", marker_line_width=0.6,
            text=[f"{s}: {on[s]} (end of {year})" for s in shown], hovertemplate="%{text}<extra></extra>",
        )

    frames = [go.Frame(name=str(y), data=[trace(y)]) for y in years]
    fig = go.Figure(data=[trace(years[-1])], frames=frames)
    # a legend: one invisible marker per status
    for s in STATUS_ORDER:
        fig.add_trace(go.Scattergeo(lon=[None], lat=[None], mode="markers", name=s,
                                    marker=dict(size=12, color=STATUS_COLORS[s], symbol="square")))
    fig.update_layout(
        height=520,
        geo=dict(scope="world", resolution=110, projection=dict(type="mercator"),
                 lonaxis=dict(range=[20, 90]), lataxis=dict(range=[33, 62]),
                 showcountries=True),
        sliders=[dict(
            active=len(years) - 1, currentvalue=dict(prefix="Year: "), pad=dict(t=20), x=0, len=1, y=0, yanchor="top",
            steps=[animate_step(str(y), str(y)) for y in years],
        )],
        meta=dict(alt=f"Map of the treaty's and the organisation's member states, {years[0]} to {years[-1]}, "
                      "with a slider to choose the year."),
    )
    add_map_labels(fig, None, towns=[], countries=CSTO_STATE_LABELS)
    finish(fig, "Member states of the treaty and the CSTO, year by year",
           f"Colour: each state's status at the end of the year chosen on the slider ({years[0]}–{years[-1]}); "
           "grey: not a member.",
           source_line(publishers_of(membership.source_ids, _sources(sources))) if membership is not None
           else "Source: the membership table on this page")
    return fig


def requests_table(requests: pd.DataFrame) -> pd.DataFrame:
    """The requests as a readable table, oldest first."""
    t = requests.sort_values("date").copy()
    t["date"] = t["date"].dt.strftime("%Y-%m-%d")
    t["response_date"] = t["response_date"].dt.strftime("%Y-%m-%d").fillna("—")
    return t[["request_id", "date", "requester", "addressee", "legal_basis", "outcome", "response_date"]].set_index("request_id")


def requests_chart(requests: pd.DataFrame, sources: pd.DataFrame | None = None) -> go.Figure:
    """Every request by date, one row per requester, coloured by outcome."""
    fig = go.Figure()
    order = sorted(requests.requester.unique())
    for outcome, color in OUTCOME_COLORS.items():
        sub = requests[requests.outcome == outcome].sort_values("date")
        if sub.empty:
            continue
        fig.add_trace(go.Scatter(
            x=sub.date.dt.strftime("%Y-%m-%d").tolist(), y=sub.requester.tolist(), mode="markers", name=outcome,
            marker=dict(size=18, color=color, symbol=["diamond" if a == "Russia" else "circle" for a in sub.addressee],
                        line=dict(width=1, color="white")),
            text=[
                f"<b>{r.request_id} · {r.date:%Y-%m-%d}</b>: {html.escape(r.requester)} asked {html.escape(r.addressee)}<br>"
                f"<b>Legal basis:</b> {_wrap(r.legal_basis)}<br><b>Asked for:</b> {_wrap(r.request)}<br>"
                f"<b>Response</b> ({'' if pd.isna(r.response_date) else f'{r.response_date:%Y-%m-%d}'}): {_wrap(r.response)}"
                for r in sub.itertuples()
            ],
            hovertemplate="%{text}<extra>" + html.escape(outcome) + "</extra>",
        ))
    fig.update_layout(
        height=400, xaxis=dict(type="date", title=None),
        yaxis=dict(categoryorder="array", categoryarray=order, title=None),
        meta=dict(alt=f"{len(requests)} requests for assistance from {requests.date.min():%Y} to "
                      f"{requests.date.max():%Y}, coloured by outcome; only one led to a collective deployment."),
    )
    pad = pd.Timedelta(days=120)
    add_key_dates(fig, requests.date.min() - pad, requests.date.max() + pad)
    fig.update_xaxes(range=[f"{requests.date.min() - pad:%Y-%m-%d}", f"{requests.date.max() + pad:%Y-%m-%d}"])
    finish(fig, "Who asked, who came: requests for help and their outcome",
           f"One mark per request ({requests.date.min():%Y}–{requests.date.max():%Y}), one row per state asking; "
           "circle: asked the CSTO, diamond: asked Russia; colour: the outcome.",
           source_line(publishers_of(requests.source_ids, _sources(sources))))
    return fig


def crisis_label_positions(lon, lat, west: float = 52.0, east: float = 68.0) -> list[str]:
    """Where each crisis label sits, so that labels stay inside the map and off each other: to the
    right of points in the west of the frame, to the left in the east, centred between; above the
    point when another crisis lies just south of it, below otherwise."""
    pts = list(zip(map(float, lon), map(float, lat)))
    out = []
    for i, (x, y) in enumerate(pts):
        side = "right" if x < west else "left" if x > east else "center"
        crowded = any(j != i and abs(x - x2) < 1.5 and 0 < y - y2 < 1.0 for j, (x2, y2) in enumerate(pts))
        out.append(f"{'top' if crowded else 'bottom'} {side}")
    return out


def crises_map(requests: pd.DataFrame, places: pd.DataFrame, sources: pd.DataFrame | None = None) -> go.Figure:
    """Where the crises behind the requests happened (requests with a crisis place only)."""
    located = requests.dropna(subset=["crisis_place_id"]).merge(
        places[["place_id", "name_en", "latitude", "longitude"]], left_on="crisis_place_id", right_on="place_id")
    located["label_position"] = crisis_label_positions(located.longitude, located.latitude)
    fig = go.Figure()
    for outcome, color in OUTCOME_COLORS.items():
        sub = located[located.outcome == outcome]
        if sub.empty:
            continue
        fig.add_trace(go.Scattergeo(
            lon=sub.longitude.tolist(), lat=sub.latitude.tolist(), mode="markers+text", name=outcome,
            marker=dict(size=16, color=color, line=dict(width=1, color="white")),
            text=[f"{r.requester} {r.date:%Y}: {r.name_en}" for r in sub.itertuples()], textposition=sub.label_position.tolist(),
            textfont=dict(size=11),
            customdata=[f"{html.escape(r.name_en)}: {r.request_id}, {r.date:%Y-%m-%d}, outcome: {r.outcome}" for r in sub.itertuples()],
            hovertemplate="%{customdata}<extra></extra>",
        ))
    geo = regional_geo((38.0, 80.0), (35.0, 48.0))  # the full Asia base map: Russia and Central Asia
    # Russia's label moves south into this frame
    labels = [c for c in CSTO_STATE_LABELS if c[0] != "Russia"] + [("Russia", 46.5, 46.9)]
    fig.update_layout(
        height=480, geo=geo,
        meta=dict(alt=f"Map of {len(located)} crises that led to requests for help, from Armenia's borders "
                      "to Kazakhstan and Kyrgyzstan, coloured by outcome.",
                  not_shown=int(requests.crisis_place_id.isna().sum())),
    )
    add_map_labels(fig, None, towns=[], countries=labels, lon_range=(38.0, 80.0), lat_range=(35.0, 48.0))
    finish(fig, "Where the crises behind the requests were",
           f"One dot per request tied to one crisis area ({len(located)} of {len(requests)}), labelled with the state "
           "that asked, the year and the place; colour: the outcome. Grey names: CSTO members and former members.",
           source_line(publishers_of(located.source_ids, _sources(sources))))
    return fig
