"""Figures for the chapter on Armenia's realignment: swimlanes, arms partners, op-ed claims."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from . import theme  # noqa: F401
from .charts import EVENT_TYPE_LABELS, _wrap
from .style import add_key_dates, finish, publishers_of, source_line


def _sources(sources):
    if sources is None:
        from . import data
        return data.load_sources()
    return sources


def _event_source(ev: pd.DataFrame) -> str:
    if "publishers" in ev.columns:
        return source_line(p for ps in ev.publishers for p in ps)
    return source_line(publishers_of(ev.source_ids, _sources(None)))

#: Lanes of the alignment timeline, top to bottom.
LANES = ["Russia and the CSTO", "European Union", "United States", "France", "India",
         "Peace process with Azerbaijan", "ICC and others"]
#: An event is "formal" when it is an act with legal or material effect; otherwise a signal.
FORMAL_TYPES = {"institutional", "legal", "ceasefire_or_agreement", "arms_transfer", "deployment_or_withdrawal", "control_change"}


def alignment_lane(actors: str, summary: str, event_type: str) -> str | None:
    """The lane of an event, by this documented rule (first match wins):

    1. an actor named 'CSTO', 'Russia' or a Russian body, or 'Eurasian Economic Union' -> Russia and the CSTO;
    2. 'European Union' or 'EU' among the actors -> European Union;
    3. 'United States' -> United States; 4. 'France' -> France; 5. 'India' -> India;
    6. 'Azerbaijan' among the actors and the type is an agreement, diplomatic or legal event ->
       Peace process with Azerbaijan;
    7. 'ICC' or 'Rome Statute' in the actors or summary -> ICC and others;
    otherwise the event is not on the timeline (None).
    """
    names = {a.strip() for a in actors.split(";")}
    low = {n.lower() for n in names}
    if {"csto", "russia"} & low or any(n.startswith(("russian", "collective security")) for n in low) \
            or any("eurasian economic union" in n for n in low):
        return LANES[0]
    if {"european union", "eu"} & low or any(n.startswith("eu ") for n in low):
        return LANES[1]
    if "united states" in low:
        return LANES[2]
    if "france" in low:
        return LANES[3]
    if "india" in low:
        return LANES[4]
    if "azerbaijan" in low and event_type in {"ceasefire_or_agreement", "diplomatic", "legal"}:
        return LANES[5]
    if "icc" in low or "rome statute" in summary.lower() or "international criminal court" in summary.lower():
        return LANES[6]
    return None


def alignment_events(events: pd.DataFrame, start: str = "2018-01-01") -> pd.DataFrame:
    """Events involving Armenia since ``start``, with lane and formal/signal coding."""
    ev = events[(events.date_start >= start) & events.actors.str.contains("Armenia")].copy()
    ev["lane"] = [alignment_lane(a, s, t) for a, s, t in zip(ev.actors, ev.summary, ev.event_type)]
    ev = ev[ev.lane.notna()].copy()
    ev["kind"] = ["formal act" if t in FORMAL_TYPES else "statement or signal" for t in ev.event_type]
    return ev.sort_values(["date_start", "event_id"])


def alignment_timeline(ev: pd.DataFrame) -> go.Figure:
    """Swimlanes by partner; filled markers for formal acts, open ones for statements and signals."""
    fig = go.Figure()
    for kind, symbol in (("formal act", "diamond"), ("statement or signal", "circle-open")):
        sub = ev[ev.kind == kind]
        fig.add_trace(go.Scatter(
            x=sub.date_start.dt.strftime("%Y-%m-%d").tolist(), y=sub.lane.tolist(), mode="markers", name=kind,
            marker=dict(symbol=symbol, size=12, color="#0072B2" if kind == "formal act" else "#E69F00", line=dict(width=2)),
            text=[f"<b>{r.date_start:%Y-%m-%d}</b> · {html.escape(EVENT_TYPE_LABELS[r.event_type])}<br>{_wrap(r.summary)}"
                  for r in sub.itertuples()],
            customdata=sub.event_id.tolist(), hovertemplate="%{text}<extra>%{customdata}</extra>",
        ))
    fig.update_layout(
        height=480,
        xaxis=dict(type="date", title=None),
        yaxis=dict(categoryorder="array", categoryarray=list(reversed(LANES)), title=None),
        meta=dict(alt=f"Timeline of {len(ev)} events from {ev.date_start.min():%Y} to {ev.date_start.max():%Y-%m-%d} in "
                      "seven lanes, one per partner; diamonds are formal acts, open circles statements or signals."),
    )
    add_key_dates(fig, ev.date_start.min(), ev.date_start.max())
    finish(fig, "Armenia's ties, partner by partner",
           f"One mark per event involving Armenia, {ev.date_start.min():%Y} to {ev.date_start.max():%Y-%m-%d}; "
           "diamond: a formal act, open circle: a statement or signal. Hover for details.", _event_source(ev))
    return fig


def lane_counts(ev: pd.DataFrame) -> pd.DataFrame:
    """Events per lane and kind, with the year of the first and last event."""
    t = ev.groupby(["lane", "kind"]).size().unstack(fill_value=0)
    t = t.reindex([lane for lane in LANES if lane in t.index])
    t["first"] = ev.groupby("lane").date_start.min().dt.year
    t["last"] = ev.groupby("lane").date_start.max().dt.year
    return t


def supplier(actors: str) -> str:
    for name in ("India", "France", "European Union", "Russia", "United States"):
        if name in actors.split(";"):
            return name
    return "other"


def arms_chart(events: pd.DataFrame, estimates: pd.DataFrame) -> go.Figure:
    """Arms deals and deliveries by supplier; reported amounts in the hover, labelled as reported."""
    arms = events[events.event_type == "arms_transfer"].copy()
    arms["supplier"] = arms.actors.map(supplier)
    amounts = estimates[estimates.episode == "arms transfers"]
    fig = go.Figure()
    for sub_type, symbol in (("deal", "square"), ("delivery", "triangle-up")):
        sub = arms[arms.sub_type == sub_type].sort_values("date_start")
        fig.add_trace(go.Scatter(
            x=sub.date_start.dt.strftime("%Y-%m-%d").tolist(), y=sub.supplier.tolist(), mode="markers", name=sub_type,
            marker=dict(symbol=symbol, size=16, color="#009E73" if sub_type == "deal" else "#CC79A7", line=dict(width=1, color="white")),
            text=[f"<b>{r.date_start:%Y-%m-%d}</b> ({html.escape(r.date_precision_label)})<br>{_wrap(r.summary)}"
                  if hasattr(r, "date_precision_label") else f"<b>{r.date_start:%Y-%m-%d}</b><br>{_wrap(r.summary)}"
                  for r in sub.itertuples()],
            customdata=sub.event_id.tolist(), hovertemplate="%{text}<extra>%{customdata}</extra>",
        ))
    fig.update_layout(
        height=380,
        xaxis=dict(type="date", title=None), yaxis=dict(title=None),
        meta=dict(alt=f"{len(arms)} reported arms deals and deliveries from {arms.date_start.min():%Y} to "
                      f"{arms.date_start.max():%Y}, by supplier; {len(amounts)} reported amounts are in the table below."),
    )
    pad = pd.Timedelta(days=90)
    add_key_dates(fig, arms.date_start.min() - pad, arms.date_start.max() + pad)
    fig.update_xaxes(range=[f"{arms.date_start.min() - pad:%Y-%m-%d}", f"{arms.date_start.max() + pad:%Y-%m-%d}"])
    finish(fig, "Arms deals and deliveries for Armenia, by supplier",
           f"One mark per reported deal (square) or delivery (triangle), {arms.date_start.min():%Y} to "
           f"{arms.date_start.max():%Y}; dates and amounts as reported, most not officially confirmed.", _event_source(arms))
    return fig


VERDICTS = ["accurate", "partly accurate", "misleading", "inaccurate", "cannot be verified"]
VERDICT_COLORS = {"accurate": "#009E73", "partly accurate": "#56B4E9", "misleading": "#E69F00",
                  "inaccurate": "#D55E00", "cannot be verified": "#999999"}


def verdict_counts(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    names = dict(zip(sources.source_id, sources.publisher))
    t = claims.assign(op_ed=claims.oped.map(names)).groupby(["op_ed", "verdict"]).size().unstack(fill_value=0)
    return t.reindex(columns=[v for v in VERDICTS if v in t.columns])


def oped_labels(claims: pd.DataFrame, sources: pd.DataFrame) -> dict[str, str]:
    """Short labels for the op-eds the claims come from: 'Publisher, YYYY-MM-DD'."""
    return {s.source_id: f"{s.publisher.split(' (')[0]}, {s.date:%Y-%m-%d}" for s in sources.itertuples()
            if s.source_id in set(claims.oped)}


def verdict_chart(claims: pd.DataFrame, sources: pd.DataFrame) -> go.Figure:
    """Stacked bars: verdicts per op-ed; hover lists the claim ids."""
    labels = oped_labels(claims, sources)
    fig = go.Figure()
    for verdict in VERDICTS:
        sub = claims[claims.verdict == verdict]
        per = sub.groupby("oped").claim_id.apply(list)
        ops = sorted(labels)
        fig.add_trace(go.Bar(
            y=[labels[o] for o in ops], x=[len(per.get(o, [])) for o in ops], orientation="h", name=verdict,
            marker_color=VERDICT_COLORS[verdict],
            text=[", ".join(per.get(o, [])) for o in ops], hovertemplate=verdict + ": %{x} (%{text})<extra></extra>",
            textposition="none",
        ))
    fig.update_layout(
        barmode="stack", height=330,
        xaxis=dict(title="number of claims"), yaxis=dict(title=None),
        meta=dict(alt=f"Stacked bars of verdicts on {len(claims)} claims in {claims.oped.nunique()} op-eds."),
    )
    finish(fig, "Verdicts on the op-eds' claims",
           f"Number of claims in each op-ed ({len(claims)} in all), by verdict against the event data.",
           source_line(publishers_of(claims.oped, sources)))
    return fig


def claims_table(claims: pd.DataFrame, verdict: str | None = None) -> pd.DataFrame:
    t = claims if verdict is None else claims[claims.verdict == verdict]
    return t[["claim_id", "verdict", "claim", "event_ids"]].set_index("claim_id")


def lane_year_chart(ev: pd.DataFrame) -> go.Figure:
    """Events per year in each lane (stacked), to show when the weight shifted."""
    counts = ev.groupby([ev.date_start.dt.year.rename("year"), "lane"]).size().unstack(fill_value=0)
    colors = ["#999999", "#0072B2", "#56B4E9", "#CC79A7", "#E69F00", "#009E73", "#D55E00"]
    fig = go.Figure()
    for lane, color in zip(LANES, colors):
        if lane not in counts:
            continue
        fig.add_trace(go.Bar(x=[str(y) for y in counts.index], y=counts[lane].tolist(), name=lane, marker_color=color,
                             hovertemplate=lane + ", %{x}: %{y} events<extra></extra>"))
    fig.update_layout(
        barmode="stack", height=420,
        xaxis=dict(title=None, type="category"), yaxis=dict(title="events in the data"),
        meta=dict(alt=f"Stacked bars of events per year and partner, {counts.index.min()} to {counts.index.max()}."),
    )
    finish(fig, "Events per year and partner",
           f"Number of events involving Armenia in the data, per year ({counts.index.min()}–{counts.index.max()}) "
           "and partner lane. A count of recorded events, not a measure of closeness.", _event_source(ev))
    return fig


def claims_explorer(claims: pd.DataFrame, sources: pd.DataFrame) -> go.Figure:
    """Every claim as a dot: one row per op-ed, one column per verdict; hover for the claim,
    the reason and the deciding events."""
    labels = oped_labels(claims, sources)
    fig = go.Figure()
    for verdict in VERDICTS:
        sub = claims[claims.verdict == verdict].sort_values("claim_id")
        if sub.empty:
            continue
        rank = sub.groupby("oped").cumcount()
        fig.add_trace(go.Scatter(
            x=[VERDICTS.index(verdict) + 0.12 * (k % 6) - 0.3 for k in rank],
            y=[labels[o] for o in sub.oped],
            mode="markers+text", text=sub.claim_id.tolist(), textposition="top center", textfont=dict(size=9),
            name=verdict, marker=dict(size=13, color=VERDICT_COLORS[verdict], line=dict(width=1, color="white")),
            customdata=[[_wrap(c), _wrap(e), (ev or "—").replace(";", ", ")] for c, e, ev in
                        zip(sub.claim, sub.explanation, sub.event_ids.fillna(""))],
            hovertemplate="<b>%{text}</b>: %{customdata[0]}<br><b>Why:</b> %{customdata[1]}"
                          "<br><b>Events:</b> %{customdata[2]}<extra>" + verdict + "</extra>",
        ))
    fig.update_layout(
        height=440,
        xaxis=dict(tickmode="array", tickvals=list(range(len(VERDICTS))), ticktext=VERDICTS, range=[-0.6, 4.6],
                   title=None, showgrid=False),
        yaxis=dict(title=None),
        meta=dict(alt=f"{len(claims)} claims from {claims.oped.nunique()} op-eds as dots grouped by verdict; "
                      "hover shows each claim, the reason for its verdict and the deciding events."),
    )
    finish(fig, "Every claim, placed by verdict",
           f"One dot per claim ({len(claims)}), labelled with its id; row: the op-ed, column: the verdict. "
           "Hover for the claim, the reason and the deciding events.",
           source_line(publishers_of(claims.oped, sources)), legend=False)
    return fig
