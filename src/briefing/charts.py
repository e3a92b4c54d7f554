"""Figure builders.  Each returns a ``plotly.graph_objects.Figure``.

Figures carry a short text alternative in ``layout.meta["alt"]``; the site
uses it as the figure's accessible label.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from . import theme  # noqa: F401  (registers the template)
from .style import add_key_dates, add_map_labels, finish, precision_key, source_line
from .theme import OKABE_ITO

#: Human labels for the event taxonomy, in display order.
EVENT_TYPE_LABELS = {
    "offensive": "Offensive",
    "armed_clash": "Armed clash",
    "strike_or_shelling": "Strike or shelling",
    "control_change": "Change of control",
    "ceasefire_or_agreement": "Ceasefire or agreement",
    "diplomatic": "Diplomatic",
    "institutional": "Institutional",
    "deployment_or_withdrawal": "Deployment or withdrawal",
    "blockade_or_humanitarian": "Blockade, closure or humanitarian",
    "displacement": "Displacement",
    "legal": "Legal",
    "political": "Political",
    "arms_transfer": "Arms transfer",
}

#: Marker symbols by UCDP location precision: solid where the place is
#: exact, open where it is approximate, so an approximate point never
#: looks exact.
GEO_PRECISION_LABELS = {
    1: "exact place",
    2: "within ~25 km",
    3: "district",
    4: "province",
    5: "wider area",
    6: "country only",
    7: "international",
}
DATE_PRECISION_LABELS = {1: "exact day", 2: "2–6 days", 3: "a week", 4: "a month", 5: "a year or more"}

#: South Caucasus frame for maps (degrees): the theatre, with Baku and Tbilisi inside.
CAUCASUS_LON = (43.4, 50.6)
CAUCASUS_LAT = (38.3, 42.2)


#: The base map the theatre maps ask the site for (``layout.meta["basemap"]``): the 1:50m Asia
#: map cropped to the South Caucasus (``briefing.site.basemap.CAUCASUS``), a quarter of the full
#: file's size. The site's build fails if a theatre map's frame reaches beyond the crop.
THEATRE_BASEMAP = "caucasus"


def regional_geo(lon_range, lat_range) -> dict:
    """Geo layout for a regional map: the 1:50m Asia base map (a third of the world file's
    size, so it loads and draws fast), framed on the given ranges."""
    return dict(
        scope="asia",
        projection=dict(type="mercator"),
        lonaxis=dict(range=list(lon_range)),
        lataxis=dict(range=list(lat_range)),
        resolution=50,
    )


def frame_theatre(fig: go.Figure, lon_range=CAUCASUS_LON, lat_range=CAUCASUS_LAT, **subplot) -> go.Figure:
    """Frame a map of the Karabakh theatre (its geo subplot, or the one ``row``/``col`` name) on
    the given ranges, and have the site draw it on the base map cropped to the South Caucasus
    (:data:`THEATRE_BASEMAP`). Call it after any ``update_layout(meta=...)``, which would drop
    the request."""
    fig.update_geos(regional_geo(lon_range, lat_range), **subplot)
    meta = dict(fig.layout.meta or {})
    meta["basemap"] = THEATRE_BASEMAP
    fig.update_layout(meta=meta)
    return fig


def animate_step(label: str, frame: str) -> dict:
    """A slider step that jumps, without transition, to the named animation frame."""
    return dict(label=label, method="animate",
                args=[[frame], dict(mode="immediate", frame=dict(duration=0, redraw=True), transition=dict(duration=0))])


def type_colors() -> dict[str, str]:
    """A fixed colour per event type (Okabe-Ito first, then muted extras)."""
    extra = ["#882255", "#44AA99", "#117733", "#332288", "#AA4499", "#DDCC77"]
    palette = OKABE_ITO[:6] + OKABE_ITO[7:] + extra
    return {t: palette[i % len(palette)] for i, t in enumerate(EVENT_TYPE_LABELS)}


def enrich_events(events: pd.DataFrame, places: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Add place names and source publishers to each event, for hover text and tables."""
    out = events.merge(
        places[["place_id", "name_en", "name_hy", "name_az"]], on="place_id", how="left", validate="many_to_one"
    )
    if len(out) != len(events):  # pragma: no cover - guarded by validate=
        raise AssertionError("merge changed the number of events")
    publishers = dict(zip(sources["source_id"], sources["publisher"]))
    out["sources_text"] = out["source_ids"].map(lambda ids: "; ".join(publishers[s] for s in ids.split(";")))
    out["publishers"] = out["source_ids"].map(lambda ids: [publishers[s] for s in ids.split(";")])
    out["place_label"] = out["name_en"].fillna("(no named place)")
    out["type_label"] = out["event_type"].map(EVENT_TYPE_LABELS)
    out["geo_precision_label"] = out["geo_precision"].map(GEO_PRECISION_LABELS).fillna("no location")
    out["date_precision_label"] = out["date_precision"].map(DATE_PRECISION_LABELS)
    out["date_label"] = [
        s.strftime("%Y-%m-%d") if s == e else f"{s:%Y-%m-%d} to {e:%Y-%m-%d}"
        for s, e in zip(out["date_start"], out["date_end"])
    ]
    return out


def _wrap(text: str, width: int = 60) -> str:
    words, lines, line = str(text).split(), [], ""
    for w in words:
        if len(line) + len(w) + 1 > width and line:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "<br>".join(html.escape(x) for x in lines)


def _shorten(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _hover(df: pd.DataFrame, compact: bool = False) -> list[str]:
    """Hover text: date, place (both names), summary and sources.

    ``compact`` shortens the summary and names only the number of sources, for views that
    show many events and list the full rows in a table beside the chart.
    """
    if compact:
        return [
            f"<b>{html.escape(r.date_label)}</b> · {html.escape(r.place_label)}<br>"
            f"{_wrap(_shorten(r.summary))}<br><i>{r.source_ids.count(';') + 1} source(s)</i>"
            for r in df.itertuples()
        ]
    return [
        f"<b>{html.escape(r.date_label)}</b> ({html.escape(r.date_precision_label)})<br>"
        f"{html.escape(r.place_label)} — location: {html.escape(r.geo_precision_label)}<br>"
        f"{_wrap(r.summary)}<br><i>Sources: {_wrap(r.sources_text)}</i>"
        for r in df.itertuples()
    ]


def event_timeline(events: pd.DataFrame, title: str = "Events by type and date", compact: bool = False) -> go.Figure:
    """One row per event type, one marker per event, hover for the details.

    ``events`` must come from :func:`enrich_events`.
    """
    colors = type_colors()
    fig = go.Figure()
    present = [t for t in EVENT_TYPE_LABELS if t in set(events["event_type"])]
    for etype in present:
        sub = events[events["event_type"] == etype].sort_values(["date_start", "event_id"])
        fig.add_trace(
            go.Scatter(
                x=sub["date_start"].dt.strftime("%Y-%m-%d").tolist(),
                y=[EVENT_TYPE_LABELS[etype]] * len(sub),
                mode="markers",
                name=EVENT_TYPE_LABELS[etype],
                marker=dict(size=11, color=colors[etype], line=dict(width=1, color="white")),
                text=_hover(sub, compact),
                customdata=sub["event_id"].tolist(),
                hovertemplate="%{text}<extra>%{customdata}</extra>",
            )
        )
    n = len(events)
    first, last = events["date_start"].min(), events["date_start"].max()
    fig.update_layout(
        height=max(300, 150 + 38 * len(present)),
        xaxis=dict(type="date", title=None),
        yaxis=dict(categoryorder="array", categoryarray=[EVENT_TYPE_LABELS[t] for t in reversed(present)]),
        meta=dict(alt=f"Timeline of {n} events from {first:%Y-%m-%d} to {last:%Y-%m-%d}, one row per event type."),
    )
    pad = pd.Timedelta(days=max(3, (last - first).days // 40))
    fig.update_xaxes(range=[f"{first - pad:%Y-%m-%d}", f"{last + pad:%Y-%m-%d}"])
    add_key_dates(fig, first - pad, last + pad)
    finish(fig, title, f"One dot per event in the data ({n} events, {first:%Y-%m-%d} to {last:%Y-%m-%d}), "
           "one row per event type; shaded: the 2020 war and the Lachin corridor closure. Hover for details.",
           source_line(p for ps in events["publishers"] for p in ps), legend=False)
    return fig


def event_map(
    events: pd.DataFrame,
    title: str = "Where the events happened",
    lon_range: tuple[float, float] = CAUCASUS_LON,
    lat_range: tuple[float, float] = CAUCASUS_LAT,
    compact: bool = False,
    places: pd.DataFrame | None = None,
) -> go.Figure:
    """Events on a base map; solid markers for exact places, open ones for approximate.

    ``events`` must come from :func:`enrich_events`.
    """
    colors = type_colors()
    fig = go.Figure()
    unlocated = int(events["latitude"].isna().sum())
    located = events[events["latitude"].notna()]
    in_frame = located["longitude"].between(*lon_range) & located["latitude"].between(*lat_range)
    outside = int((~in_frame).sum())
    events = located[in_frame]
    for etype in [t for t in EVENT_TYPE_LABELS if t in set(events["event_type"])]:
        for exact in (True, False):
            sub = events[(events["event_type"] == etype) & ((events["geo_precision"] == 1) == exact)]
            if sub.empty:
                continue
            fig.add_trace(
                go.Scattergeo(
                    lon=sub["longitude"].astype(float).tolist(),
                    lat=sub["latitude"].astype(float).tolist(),
                    mode="markers",
                    name=EVENT_TYPE_LABELS[etype],
                    showlegend=exact or not ((events["event_type"] == etype) & (events["geo_precision"] == 1)).any(),
                    legendgroup=etype,
                    marker=dict(
                        size=11 if exact else 16,
                        color=colors[etype],
                        symbol="circle" if exact else "circle-open",
                        line=dict(width=1 if exact else 2, color="white" if exact else colors[etype]),
                        opacity=0.9 if exact else 0.7,
                    ),
                    text=_hover(sub, compact),
                    customdata=sub["event_id"].tolist(),
                    hovertemplate="%{text}<extra>%{customdata}</extra>",
                )
            )
    n_located = len(events)
    fig.update_layout(
        height=560,
        meta=dict(
            alt=f"Map of {len(events)} events; solid markers are exact places, open rings "
            f"approximate ones. Not shown: {outside} events outside the map's frame and "
            f"{unlocated} without a location.",
            unlocated=unlocated,
            outside=outside,
        ),
    )
    frame_theatre(fig, lon_range, lat_range)
    precision_key(fig)
    add_map_labels(fig, places if places is not None else _places(), lon_range=lon_range, lat_range=lat_range)
    finish(fig, title, f"{n_located} events with a known place; colour: event type; filled dot: exact place, "
           f"open ring: approximate. Not shown: {outside} outside this frame, {unlocated} with no place.",
           source_line(p for ps in events["publishers"] for p in ps))
    return fig


def _places() -> pd.DataFrame:
    from . import data
    return data.load_places()


def sources_note(source_ids, sources: pd.DataFrame, limit: int = 15):
    """A Markdown line naming the sources behind a figure, with links to the originals.

    ``source_ids`` is any iterable of ';'-separated id strings. When there are more than
    ``limit`` sources, the note gives their number and points to the references page.
    """
    from IPython.display import Markdown

    ids = sorted({s for group in source_ids for s in str(group).split(";") if s})
    table = sources.set_index("source_id")
    missing = [s for s in ids if s not in table.index]
    if missing:
        raise KeyError(f"unknown source ids: {missing}")
    if len(ids) > limit:
        return Markdown(f"**Sources:** the {len(ids)} sources cited by these rows; each row's sources are "
                        "listed in the event table and on the references page.")
    links = []
    for sid in ids:
        r = table.loc[sid]
        date = "undated" if pd.isna(r.date) else f"{r.date:%Y-%m-%d}"
        links.append(f"[{r.publisher}, {date}]({r.url})")
    return Markdown("**Sources:** " + "; ".join(links) + ".")
