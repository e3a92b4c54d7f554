"""The event explorer: one filter, shown live (ipywidgets) and on the static site.

Controls (years, exact dates, event types, country, text search, exact places
only) drive a linked map, timeline and table.  The ipywidgets version needs a
live kernel (JupyterLab, Binder, Colab).  The static site has a JavaScript
twin (``briefing-explorer.js``) with the same controls.  Both follow the rules
below word for word, and a browser test runs the same queries through both
and compares the event ids.

Filter semantics
----------------
An event is shown when it passes **every** rule below.  The result is sorted
by ``date_start``, then ``event_id``.

1. **Period.**  The window runs from 1 January of the first year to
   31 December of the last year, inclusive.  An optional *from* date and an
   optional *to* date (``YYYY-MM-DD``) narrow the window further: the window
   is the overlap of the years and the dates.  An event is kept when its own
   span ``[date_start, date_end]`` overlaps the window, that is when
   ``date_start <= window end`` and ``date_end >= window start`` (both
   compared as ISO dates, ends included).  A window whose start is after its
   end matches nothing.
2. **Types.**  No type ticked means every type; otherwise ``event_type`` must
   be one of the ticked types.
3. **Country.**  Blank means every country; otherwise ``country`` must equal
   the chosen name exactly.  Events with no country pass only when blank.
4. **Text.**  The query and the searched text are both *folded*: Unicode
   NFKD decomposition, combining marks removed, lower case (Unicode default
   mapping), then ``ə``→``e`` and ``ı``→``i``, then every run of white space
   becomes one space and the ends are trimmed.  So "Şuşa", "SUSA" and "susa"
   are the same query.  An empty folded query matches everything; otherwise
   the folded query must occur as one piece (a substring) in the folded
   actors, the folded summary, or the folded form of any name of the
   event's place (every ``name_*`` column of ``places.csv``: English with
   both names, Armenian, Azerbaijani, Russian).  Each field is searched on
   its own; a match never spans two fields.
5. **Exact places only.**  When ticked, ``geo_precision`` must be 1 (an
   exact town or village); events with another or no precision are hidden.

The logic is testable without a browser: :func:`filter_events` applies a
:class:`Query`; change a widget's ``value`` and the explorer's ``filtered``,
``map_figure``, ``timeline_figure`` and ``table`` update through the
widgets' own observers.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from . import charts

#: Letters without a decomposition that readers type as plain Latin letters.
_FOLD_EXTRA = str.maketrans({"ə": "e", "ı": "i"})
#: White space, listed so that Python and JavaScript agree exactly.
_SPACE = re.compile("[ \t\n\r\f\v\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")


def fold(text) -> str:
    """Fold text for searching (rule 4 of the module docstring)."""
    if text is None or text is pd.NA or (isinstance(text, float) and text != text):
        return ""
    s = unicodedata.normalize("NFKD", str(text))
    s = "".join(ch for ch in s if not unicodedata.category(ch).startswith("M"))
    s = s.lower().translate(_FOLD_EXTRA)
    return _SPACE.sub(" ", s).strip(" ")


@dataclass(frozen=True)
class Query:
    """One set of filter values; blank fields filter nothing."""

    years: tuple[int, int] | None = None
    date_from: str | None = None  # ISO date
    date_to: str | None = None
    types: tuple[str, ...] = ()
    country: str = ""
    text: str = ""
    exact_only: bool = False

    def window(self) -> tuple[str, str]:
        """The period as two ISO dates (rule 1)."""
        lo, hi = "0000-01-01", "9999-12-31"
        if self.years is not None:
            lo, hi = f"{int(self.years[0]):04d}-01-01", f"{int(self.years[1]):04d}-12-31"
        if self.date_from:
            lo = max(lo, dt.date.fromisoformat(self.date_from).isoformat())
        if self.date_to:
            hi = min(hi, dt.date.fromisoformat(self.date_to).isoformat())
        return lo, hi


def place_names(places: pd.DataFrame) -> dict[str, list[str]]:
    """Every name of every place (all ``name_*`` columns), by ``place_id``."""
    cols = [c for c in places.columns if c.startswith("name_")]
    if not cols:
        raise KeyError("places table has no name_* column")
    out = {}
    for row in places[["place_id", *cols]].itertuples(index=False):
        names = [str(v) for v in row[1:] if v is not None and v is not pd.NA and str(v) != "" and v == v]
        out[row[0]] = names
    return out


def search_fields(events: pd.DataFrame, places: pd.DataFrame) -> list[list[str]]:
    """The folded texts rule 4 searches, one list per event."""
    names = place_names(places)
    out = []
    for actors, summary, pid in zip(events["actors"], events["summary"], events["place_id"]):
        fields = [fold(actors), fold(summary)]
        if isinstance(pid, str):
            fields += [fold(n) for n in names.get(pid, [])]
        out.append(fields)
    return out


def filter_events(events: pd.DataFrame, query: Query, fields: list[list[str]] | None = None,
                  places: pd.DataFrame | None = None) -> pd.DataFrame:
    """Apply ``query`` to ``events`` following the module docstring's rules.

    ``fields`` (from :func:`search_fields`, in the same row order) saves
    folding the texts again; otherwise ``places`` is needed for the names.
    """
    ev = events
    lo, hi = query.window()
    start = ev["date_start"].dt.strftime("%Y-%m-%d")
    end = ev["date_end"].dt.strftime("%Y-%m-%d")
    keep = (start <= hi) & (end >= lo)
    if query.types:
        keep &= ev["event_type"].isin(list(query.types))
    if query.country:
        keep &= (ev["country"] == query.country).fillna(False).astype(bool)
    if query.exact_only:
        keep &= (ev["geo_precision"] == 1).fillna(False).astype(bool)
    needle = fold(query.text)
    if needle:
        if fields is None:
            if places is None:
                raise ValueError("filter_events needs places (or precomputed fields) to search place names")
            fields = search_fields(ev, places)
        if len(fields) != len(ev):
            raise ValueError(f"fields has {len(fields)} rows, events {len(ev)}")
        keep &= pd.Series([any(needle in f for f in fs) for fs in fields], index=ev.index)
    out = ev[keep.to_numpy(dtype=bool)]
    return out.sort_values(["date_start", "event_id"], kind="stable")


class EventExplorer:
    """Filter the events and show them as a map, a timeline and a table."""

    #: Titles of the two figures; ``{n}`` is the number of events shown.
    MAP_TITLE = "{n} events on the map"
    TIMELINE_TITLE = "{n} events by type and date"

    def __init__(self, events: pd.DataFrame, table_rows: int = 15, places: pd.DataFrame | None = None):
        import ipywidgets as w

        if places is None:
            from . import data
            places = data.load_places()
        self.events = events.sort_values(["date_start", "event_id"]).reset_index(drop=True)
        self._fields = search_fields(self.events, places)
        self.table_rows = table_rows
        years = sorted(set(self.events.date_start.dt.year) | set(self.events.date_end.dt.year))
        self.years = w.IntRangeSlider(value=(years[0], years[-1]), min=years[0], max=years[-1], step=1,
                                      description="Years", continuous_update=False,
                                      layout=w.Layout(width="95%"))
        self.date_from = w.DatePicker(value=None, description="From")
        self.date_to = w.DatePicker(value=None, description="To")
        self.types = w.SelectMultiple(options=[(charts.EVENT_TYPE_LABELS.get(t, t), t) for t in self.type_order()],
                                      description="Types", rows=6)
        countries = sorted(self.events.country.dropna().unique())
        self.country = w.Dropdown(options=[("All countries", "")] + [(c, c) for c in countries],
                                  value="", description="Country")
        self.search = w.Text(value="", placeholder="e.g. Lachin, Şuşa, CSTO", description="Search",
                             continuous_update=False)
        self.exact = w.Checkbox(value=False, description="Exact places only")
        self.summary = w.HTML()
        self.map_out, self.timeline_out, self.table_out = w.Output(), w.Output(), w.Output()
        for control in (self.years, self.date_from, self.date_to, self.types, self.country, self.search, self.exact):
            control.observe(self._on_change, names="value")
        self.filtered = self.events
        self.map_figure = self.timeline_figure = None
        self.table = None
        self._live = False  # draw into the output widgets only once ui() is on screen
        self.update()

    def type_order(self) -> list[str]:
        present = set(self.events.event_type)
        known = [t for t in charts.EVENT_TYPE_LABELS if t in present]
        return known + sorted(present - set(known))

    # -- filtering --------------------------------------------------------
    def query(self) -> Query:
        """The controls' values as a :class:`Query`."""
        iso = lambda d: d.isoformat() if d is not None else None  # noqa: E731
        return Query(years=tuple(self.years.value), date_from=iso(self.date_from.value),
                     date_to=iso(self.date_to.value), types=tuple(self.types.value),
                     country=self.country.value or "", text=self.search.value or "",
                     exact_only=bool(self.exact.value))

    def filter(self) -> pd.DataFrame:
        return filter_events(self.events, self.query(), fields=self._fields)

    def _on_change(self, change) -> None:
        self.update()

    def update(self) -> None:
        """Recompute the selection and redraw the map, timeline and table."""
        self.filtered = self.filter()
        n = len(self.filtered)
        self.summary.value = f"<b>{n}</b> of {len(self.events)} events match."
        if n:
            # compact hover: the table below carries each event's full summary and sources
            self.map_figure = charts.event_map(self.filtered, title=self.MAP_TITLE.format(n=n), compact=True)
            self.timeline_figure = charts.event_timeline(self.filtered, title=self.TIMELINE_TITLE.format(n=n),
                                                         compact=True)
            # the static twin re-uses these figures' styling and swaps only their data
            for fig, role, title in ((self.map_figure, "map", self.MAP_TITLE),
                                     (self.timeline_figure, "timeline", self.TIMELINE_TITLE)):
                meta = dict(fig.layout.meta or {})
                meta["explorer"] = {"role": role, "title": title}
                fig.update_layout(meta=meta)
        else:
            self.map_figure = self.timeline_figure = None
        self.table = self.table_frame()
        if self._live:
            self._render()

    def _render(self) -> None:
        for out, obj in ((self.map_out, self.map_figure), (self.timeline_out, self.timeline_figure),
                         (self.table_out, self.table)):
            out.clear_output(wait=True)
            with out:
                if obj is not None:
                    from IPython.display import display
                    display(obj)

    def table_frame(self) -> pd.DataFrame:
        t = self.filtered.head(self.table_rows)
        return pd.DataFrame({
            "date": t.date_start.dt.strftime("%Y-%m-%d").tolist(),
            "place": t.place_label.tolist(),
            "type": t.type_label.tolist(),
            "summary": t.summary.tolist(),
        }, index=pd.Index(t.event_id.tolist(), name="event_id"))

    # -- display ----------------------------------------------------------
    def ui(self):
        """The controls above the linked map, timeline and table."""
        import ipywidgets as w

        dates = w.HBox([self.date_from, self.date_to])
        controls = w.VBox([self.years, dates,
                           w.HBox([self.types, w.VBox([self.country, self.search, self.exact])]), self.summary])
        self._live = True
        self._render()
        return w.VBox([controls, self.map_out, self.timeline_out, self.table_out])
