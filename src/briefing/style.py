"""One chart style for every figure in the book.

:func:`finish` gives a figure its title (what it shows), a subtitle (the measure, units,
period and what a mark means), a source line, and a legend placed for the screen.
:func:`add_key_dates` marks the dates a reader needs on a timeline. The site script
(``briefing-plotly.js``) reads ``layout.meta`` to re-wrap titles and restack the legend on
narrow screens; in a notebook the figure already looks right at laptop width.

Layout rule (so nothing overlaps at any width): the title block and the legend sit above
the plotting area, in that order; axes, sliders and play buttons sit below it. Menus sit
between the title block and the legend.
"""

from __future__ import annotations

import html
from collections import Counter

import pandas as pd
import plotly.graph_objects as go

from . import theme  # noqa: F401  (registers the template)

#: Dates every timeline marks, each taken from a row of ``data/events.csv``
#: (``tests/test_style.py`` checks them against those rows).
#: (event_id, label, start, end); end == start draws a line, otherwise a band.
KEY_DATES = [
    ("E0103", "2020 war", "2020-09-27", "2020-11-10"),  # E0103 start; ends with the E0152 ceasefire
    ("E0152", "ceasefire", "2020-11-10", "2020-11-10"),
    ("E0237", "corridor closed", "2022-12-12", "2023-09-24"),
    ("E0279", "offensive", "2023-09-19", "2023-09-20"),
]
KEY_DATE_COLOR = "rgba(128,128,128,0.16)"
KEY_LINE_COLOR = "rgba(128,128,128,0.75)"

TITLE_SIZE = 17
SUBTITLE_SIZE = 13
#: Characters per title line at laptop width (the site re-wraps for phones).
TITLE_CHARS = 70
SUBTITLE_CHARS = 100


def wrap_lines(text: str, width: int) -> list[str]:
    """Greedy word wrap into lines of at most ``width`` characters (longer words stay whole)."""
    lines, line = [], ""
    for word in str(text).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines


def source_line(publishers, limit: int = 3) -> str:
    """'Source: A, B, C and 12 others (full list below the chart)' from a list of publishers,
    most often cited first (repeated publishers count once per citation)."""
    counts = Counter(p for p in publishers if isinstance(p, str) and p)
    if not counts:
        raise ValueError("a figure needs at least one source")
    names = [p for p, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    shown = ", ".join(names[:limit])
    rest = len(names) - limit
    if rest > 0:
        return f"Sources: {shown} and {rest} other{'s' if rest > 1 else ''} (full list below the chart)"
    return f"Source{'s' if len(names) > 1 else ''}: {shown}"


def publishers_of(source_ids, sources: pd.DataFrame) -> list[str]:
    """The publisher of every cited source id (``source_ids``: ';'-separated strings)."""
    names = dict(zip(sources.source_id, sources.publisher))
    out = []
    for group in source_ids:
        for sid in str(group).split(";"):
            if sid not in names:
                raise KeyError(f"unknown source id {sid!r}")
            out.append(names[sid])
    return out


def _legend_rows(names: list[str], width_px: int = 880, font_px: float = 12) -> int:
    """A rough count of the rows a horizontal legend needs (for the notebook view)."""
    rows, used = 1, 0.0
    for n in names:
        w = 40 + 0.55 * font_px * len(n)
        if used and used + w > width_px:
            rows, used = rows + 1, 0.0
        used += w
    return rows


def finish(fig: go.Figure, title: str, subtitle: str, source: str, *, legend: bool | None = None,
           height: int | None = None) -> go.Figure:
    """Apply the house style: title block, legend above the plot, source line, meta for the site.

    ``legend`` None shows the legend when more than one trace is named in it.
    """
    lines_t = wrap_lines(title, TITLE_CHARS)
    lines_s = wrap_lines(subtitle, SUBTITLE_CHARS)
    entries = [t.name for t in fig.data if t.name and t.showlegend is not False]
    show = legend if legend is not None else len(entries) > 1
    legend_px = (_legend_rows(entries) * 22 + 6) if show else 0
    menus_px = 36 if any(m.y is None or m.y >= 1 for m in fig.layout.updatemenus or []) else 0
    top = 14 + 23 * len(lines_t) + 18 * len(lines_s) + 10 + menus_px + legend_px
    meta = dict(fig.layout.meta or {})
    meta.update(title=title, subtitle=subtitle, source=source, style="briefing")
    fig.update_layout(
        title=dict(
            text="<br>".join(f"<b>{html.escape(x)}</b>" for x in lines_t),
            subtitle=dict(text="<br>".join(html.escape(x) for x in lines_s), font=dict(size=SUBTITLE_SIZE)),
            font=dict(size=TITLE_SIZE), x=0, xanchor="left", xref="container", y=1, yanchor="top",
            yref="container", pad=dict(l=10, t=18),
        ),
        showlegend=show,
        legend=dict(orientation="h", x=0, xanchor="left", y=1, yanchor="bottom", yref="paper",
                    font=dict(size=12), itemwidth=30, title=None),
        margin=dict(t=top, l=10, r=10, b=10),
        meta=meta,
    )
    if height is not None:
        fig.update_layout(height=height)
    return fig


def add_key_dates(fig: go.Figure, first, last, xref: str = "x", yref: str = "y") -> go.Figure:
    """Shade the 2020 war and the closure of the Lachin corridor, draw lines at the ceasefire and the offensive,
    for every key date inside [first, last]; labels sit inside the top of the plot, stepped
    down so that neighbouring labels do not overlap. ``xref``/``yref`` name the axes of the
    panel (for figures with several)."""
    first, last = pd.Timestamp(first), pd.Timestamp(last)
    span = max((last - first).days, 1)
    shown = [(eid, label, pd.Timestamp(s), pd.Timestamp(e)) for eid, label, s, e in KEY_DATES
             if pd.Timestamp(e) >= first and pd.Timestamp(s) <= last]
    level, prev = 0, None
    ydomain = f"{yref} domain"
    for eid, label, s, e in shown:
        level = (level + 1) % 3 if prev is not None and (s - prev).days < 0.22 * span else 0
        prev = s
        x0, x1 = f"{max(s, first):%Y-%m-%d}", f"{min(e, last):%Y-%m-%d}"
        if (e - s).days >= 2:
            fig.add_shape(type="rect", x0=x0, x1=x1, y0=0, y1=1, xref=xref, yref=ydomain, fillcolor=KEY_DATE_COLOR,
                          line_width=0, layer="below", name=f"key-date {eid}")
        else:
            fig.add_shape(type="line", x0=x0, x1=x0, y0=0, y1=1, xref=xref, yref=ydomain, layer="below",
                          line=dict(color=KEY_LINE_COLOR, width=1, dash="dot"), name=f"key-date {eid}")
        fig.add_annotation(x=x0, y=1, xref=xref, yref=ydomain, yanchor="top", xanchor="left", yshift=-2 - 15 * level,
                           showarrow=False, text=html.escape(label), font=dict(size=11, color=KEY_LINE_COLOR),
                           name=f"key-date {eid}")
    if shown:
        meta = dict(fig.layout.meta or {})
        meta["key_dates"] = [label for _, label, _, _ in shown]
        fig.update_layout(meta=meta)
    return fig


# ---- Map labels -----------------------------------------------------------------------

#: Where each country's name is written on the South Caucasus maps (label positions
#: inside each territory; they locate a word, not a place).
COUNTRY_LABELS = [
    ("ARMENIA", 44.75, 40.55), ("AZERBAIJAN", 48.3, 40.75), ("GEORGIA", 44.6, 41.95),
    ("IRAN", 47.2, 38.55), ("TURKEY", 43.45, 39.0, "middle right"), ("Nakhchivan", 45.25, 39.3), ("RUSSIA", 46.9, 42.05),
]
#: Key towns on the regional maps, by place_id in ``data/places.csv`` (names and coordinates
#: come from that table) with the side of the marker the label sits on.
REGION_TOWNS = [
    ("yerevan", "middle left"), ("baku", "middle left"), ("tbilisi", "top center"), ("ganja", "top center"),
    ("stepanakert", "top right"), ("shushi", "bottom right"), ("berdzor", "middle left"),
]
WAR_TOWNS = [
    ("stepanakert", "top right"), ("shushi", "bottom left"), ("berdzor", "middle left"),
    ("hadrut", "middle right"), ("martakert", "middle right"), ("martuni", "middle right"),
    ("akna", "middle right"), ("karvachar", "top center"), ("kovsakan", "bottom right"),
    ("jabrayil", "bottom center"), ("fuzuli", "middle right"),
]
WAR_COUNTRY_LABELS = [("ARMENIA", 45.3, 40.05), ("AZERBAIJAN", 47.7, 40.3), ("IRAN", 46.9, 38.95),
                      ("Nakhchivan", 45.3, 39.35)]


#: CSTO member and former member states on the wider maps.
CSTO_STATE_LABELS = [
    ("Russia", 58.0, 57.5), ("Belarus", 28.0, 53.6), ("Kazakhstan", 67.5, 47.8), ("Kyrgyzstan", 74.8, 41.6),
    ("Tajikistan", 71.0, 38.6), ("Uzbekistan", 63.5, 41.6), ("Armenia", 44.9, 40.1, "bottom left"),
    ("Azerbaijan", 48.0, 40.4, "middle right"), ("Georgia", 43.5, 42.2, "top center"),
]


def in_frame(lon, lat, lon_range, lat_range) -> bool:
    return lon_range[0] <= lon <= lon_range[1] and lat_range[0] <= lat <= lat_range[1]


def add_map_labels(fig: go.Figure, places: pd.DataFrame | None, towns=REGION_TOWNS, countries=COUNTRY_LABELS,
                   lon_range=None, lat_range=None) -> go.Figure:
    """Write country names and key towns (both names where renamed, as in ``places.csv``)
    on a map, as two text traces kept out of the legend and the hover."""
    table = (places if places is not None else pd.DataFrame(columns=["place_id"])).set_index("place_id")
    missing = [pid for pid, _ in towns if pid not in table.index]
    if missing:
        raise KeyError(f"places.csv has no place_id {missing}")
    keep = [(pid, pos) for pid, pos in towns
            if lon_range is None or in_frame(table.loc[pid, "longitude"], table.loc[pid, "latitude"], lon_range, lat_range)]
    cs = [c for c in countries if lon_range is None or in_frame(c[1], c[2], lon_range, lat_range)]
    fig.add_trace(go.Scattergeo(
        lon=[c[1] for c in cs], lat=[c[2] for c in cs], text=[c[0] for c in cs], mode="text",
        textfont=dict(size=12, color="#868686"), hoverinfo="skip", showlegend=False,
        name="country labels", textposition=[c[3] if len(c) > 3 else "middle center" for c in cs],
    ))
    if not keep:
        meta = dict(fig.layout.meta or {})
        meta["labels"] = [c[0] for c in cs]
        fig.update_layout(meta=meta)
        return fig
    fig.add_trace(go.Scattergeo(
        lon=[float(table.loc[p, "longitude"]) for p, _ in keep], lat=[float(table.loc[p, "latitude"]) for p, _ in keep],
        text=[table.loc[p, "name_en"] for p, _ in keep], textposition=[pos for _, pos in keep], mode="markers+text",
        marker=dict(size=5, color="rgba(120,120,120,0.95)", symbol="square"), textfont=dict(size=11),
        hoverinfo="skip", showlegend=False, name="town labels",
    ))
    meta = dict(fig.layout.meta or {})
    meta["labels"] = [c[0] for c in cs] + [table.loc[p, "name_en"] for p, _ in keep]
    fig.update_layout(meta=meta)
    return fig


def precision_key(fig: go.Figure) -> go.Figure:
    """Two grey legend entries that explain the marker shapes: filled = exact, ring = approximate."""
    for name, symbol in (("● exact place", "circle"), ("○ approximate place", "circle-open")):
        fig.add_trace(go.Scattergeo(lon=[None], lat=[None], mode="markers", name=name.split(" ", 1)[1],
                                    marker=dict(size=10, color="#888888", symbol=symbol, line=dict(width=2, color="#888888")),
                                    hoverinfo="skip", legendgroup="precision"))
    return fig
