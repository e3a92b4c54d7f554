"""Figures for the page on displacement in 1988–1994 and its long aftermath.

One question, one encoding: to compare what different sources say about one group, a dot
(or range) plot with one row per source, its figure and its as-of date written on the row.
Figures are never added, averaged or merged across sources or groups.
"""

from __future__ import annotations

import html
import re

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import theme  # noqa: F401
from .karabakh import figure_kind, figure_text
from .style import wrap_lines

#: The displaced groups of 1988–1994, in the order the page tells them, with the
#: ``side`` values of ``estimates.csv`` that belong to each.
GROUPS: dict[str, tuple[str, ...]] = {
    "Azerbaijanis from Armenia": ("Azerbaijanis from Armenia",),
    "Azerbaijanis from Karabakh and the districts": (
        "Azerbaijanis from Karabakh and the surrounding districts",),
    "Armenians from Azerbaijan": ("Armenians from Azerbaijan",),
    "Armenians who left Baku, January 1990": ("Armenians who left Baku, January 1990",),
    "Armenians displaced inside Armenia": ("Armenians internally displaced in Armenia",),
}
#: One colour per group (Okabe–Ito), the same on every chart of the page.
GROUP_COLORS = {name: color for name, color in zip(GROUPS, ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00"))}
_SYMBOLS = {"": "circle", "about": "circle", "at least": "triangle-right-open", "more than": "triangle-right-open",
            "up to": "triangle-left-open", "range": "line-ns"}


#: Missing persons, by whose people they are.
MISSING_GROUPS: dict[str, tuple[str, ...]] = {
    "Azerbaijanis missing": ("Azerbaijanis missing",),
    "Armenians missing": ("Armenians missing",),
    "All sides": ("All sides missing",),
}


def labelled_rows(est: pd.DataFrame, measure: str, groups: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """Rows of ``estimates.csv`` for ``measure`` whose ``side`` belongs to one of ``groups``.

    Adds ``group``, ``as_of_text`` (the date, or "undated") and ``figure`` (the figure as the
    source states it). An undated figure is kept and labelled, never silently dropped.
    """
    lookup = {side: name for name, sides in groups.items() for side in sides}
    rows = est[(est.measure == measure) & est.side.isin(lookup)].copy()
    rows["group"] = rows.side.map(lookup)
    rows["as_of_text"] = rows.as_of.dt.strftime("%Y-%m-%d").fillna("undated")
    rows["figure"] = [figure_text(v, lo, hi, q) for v, lo, hi, q in zip(rows.value, rows.low, rows.high, rows.qualifier)]
    order = {name: i for i, name in enumerate(groups)}
    rows["_g"] = rows.group.map(order)
    rows["_d"] = rows.as_of.fillna(pd.Timestamp.max)
    return rows.sort_values(["_g", "_d", "estimate_id"]).drop(columns=["_g", "_d"])


def displacement_rows(est: pd.DataFrame) -> pd.DataFrame:
    """The displacement figures of 1988–1994 for the groups in :data:`GROUPS`."""
    return labelled_rows(est, "displaced", GROUPS)


def first_war_flights(events: pd.DataFrame) -> pd.DataFrame:
    """Displacement events of 1988–1994 (departures, expulsions, flights), oldest first."""
    sel = events[(events.event_type == "displacement") & events.date_start.between("1988-01-01", "1994-12-31")]
    cols = ["event_id", "date_start", "date_end", "sub_type", "summary", "source_ids"]
    out = sel.sort_values(["date_start", "event_id"])[cols].copy()
    out["date_start"] = out.date_start.dt.strftime("%Y-%m-%d")
    out["date_end"] = out.date_end.dt.strftime("%Y-%m-%d")
    return out.set_index("event_id")


def source_dot_chart(rows: pd.DataFrame, sources: pd.DataFrame, title: str, subtitle: str,
                     group_col: str = "group", colors: dict[str, str] | None = None,
                     height_per_row: int = 66) -> go.Figure:
    """A dot plot: one panel per group, one row per source and date, the figure on the x axis.

    Each panel has its own scale (a group's figures are compared with each other, never
    with another group's). A single figure is a filled dot; "at least" and "at most" figures are open triangles
    pointing the way the true number may lie; a low–high range is a line between two ticks.
    Each row is labelled with the publisher and the as-of date, and each point with its
    figure, so the chart reads without hovering and survives a screenshot.
    """
    if rows.empty:
        raise ValueError("source_dot_chart: no rows to draw")
    publisher = sources.set_index("source_id").publisher
    unknown = sorted(set(rows.source_id) - set(publisher.index))
    if unknown:
        raise KeyError(f"source_dot_chart: source ids not in sources.csv: {unknown}")
    groups = list(dict.fromkeys(rows[group_col]))
    colors = colors or {g: c for g, c in zip(groups, theme.OKABE_ITO)}
    counts = [int((rows[group_col] == g).sum()) for g in groups]
    fig = make_subplots(rows=len(groups), cols=1, shared_xaxes=False, vertical_spacing=0.11,
                        row_heights=counts, subplot_titles=[f"<b>{html.escape(g)}</b>" for g in groups])
    for i, g in enumerate(groups, start=1):
        sub = rows[rows[group_col] == g]
        kinds = [figure_kind(v, lo, hi, q) for v, lo, hi, q in zip(sub.value, sub.low, sub.high, sub.qualifier)]
        x = [float(lo) if k == "range" else float(v) for v, lo, k in zip(sub.value, sub.low, kinds)]
        ends = [float(hi) if k == "range" else xx for hi, k, xx in zip(sub.high, kinds, x)]
        top = max(ends) * 1.12
        y = list(range(len(sub)))
        # The label (figure, publisher, date) is written beside the point (never as a y tick label, which would eat a
        # phone's width): to the right of points in the left half, to the left of the others.
        labels = [f"{f}<br>{_short(publisher[s])}<br>{a}" for f, s, a in zip(sub.figure, sub.source_id, sub.as_of_text)]
        positions = ["middle right" if e <= top / 2 else "middle left" for e in ends]
        for yy, k, lo, hi in zip(y, kinds, sub.low, sub.high):
            if k == "range":
                fig.add_trace(go.Scatter(x=[float(lo), float(hi)], y=[yy, yy], mode="lines+markers",
                                         line=dict(color=colors[g], width=3), marker=dict(symbol="line-ns", size=12,
                                         line=dict(width=2, color=colors[g])), hoverinfo="skip", showlegend=False),
                              row=i, col=1)
        hover = [f"<b>{html.escape(g)}</b><br>{html.escape(f)} — {html.escape(publisher[s])}, as of {a}"
                 + (f"<br>{_wrap(n)}" if isinstance(n, str) else "")
                 for f, s, a, n in zip(sub.figure, sub.source_id, sub.as_of_text, sub.note)]
        fig.add_trace(go.Scatter(
            x=x,
            y=y, mode="markers+text", text=labels, textposition=positions,
            textfont=dict(size=12), name=g, showlegend=False, hovertext=hover, hoverinfo="text",
            customdata=list(sub.estimate_id),
            marker=dict(size=12, color=colors[g], symbol=[_SYMBOLS[k] for k in kinds],
                        line=dict(width=2, color=colors[g])),
        ), row=i, col=1)
        fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=False,
                         range=[len(sub) - 0.5, -0.5], row=i, col=1)
        fig.update_xaxes(range=[0, top], tickformat="~s", row=i, col=1)
    fig.update_xaxes(title_text="people (each source's own figure)", row=len(groups), col=1)
    fig.update_layout(
        title=dict(text=f"{title}<br><span style='font-size:12px'>{subtitle}</span>", x=0, xanchor="left"),
        height=240 + height_per_row * len(rows) + 50 * len(groups), margin=dict(l=10, r=20, t=205, b=120),
        annotations=list(fig.layout.annotations) + [dict(
            text="Sources: the publishers named on each row;<br>full list below the chart.<br>"
                 "● as stated (exact or \"about\") · ▷ \"at least\"<br>or \"more than\" · ◁ \"up to\" · — a range",
            xref="paper", yref="paper", x=0, y=0, yshift=-50, yanchor="top", xanchor="left", showarrow=False, align="left",
            font=dict(size=11))],
        meta=dict(alt=f"Dot plot of {len(rows)} figures from {rows.source_id.nunique()} sources in "
                      f"{len(groups)} groups ({', '.join(groups)}); one row per source and date, figures "
                      "never added together.", rows=len(rows), groups=groups),
    )
    for ann in fig.layout.annotations[:len(groups)]:
        ann.update(x=0, xanchor="left", font=dict(size=13))
    return fig


def figures_table(rows: pd.DataFrame, group_col: str = "group") -> pd.DataFrame:
    """The rows behind a dot chart, readable: group, as of, figure, who said it."""
    t = rows[[group_col, "as_of_text", "figure", "source_id", "note", "estimate_id"]].rename(
        columns={group_col: "group", "as_of_text": "as of"})
    return t.set_index("estimate_id")


def _short(name: str, limit: int = 24) -> str:
    """A publisher name short enough for a row label on a phone (brackets dropped)."""
    name = re.sub(r"\s*\(.*\)\s*$", "", str(name)) or str(name)
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _wrap(text: str, width: int = 60) -> str:
    lines = wrap_lines(text, width)
    return "<br>".join(html.escape(x) for x in lines)
