"""A live event explorer built with ipywidgets.

Controls (date range, event type, country, text search over actors and
summaries) drive a linked map, timeline and table.  The widgets need a live
kernel (JupyterLab, Binder, Colab); on the static site the notebook shows the
default view instead.

The logic is testable without a browser: change a control's ``value`` and the
explorer's ``filtered``, ``map_figure``, ``timeline_figure`` and ``table``
update through the widgets' own observers.
"""

from __future__ import annotations

import pandas as pd

from . import charts


class EventExplorer:
    """Filter the events and show them as a map, a timeline and a table."""

    def __init__(self, events: pd.DataFrame, table_rows: int = 15):
        import ipywidgets as w

        self.events = events.sort_values(["date_start", "event_id"]).reset_index(drop=True)
        self.table_rows = table_rows
        years = sorted(self.events.date_start.dt.year.unique())
        self.years = w.IntRangeSlider(value=(years[0], years[-1]), min=years[0], max=years[-1], step=1,
                                      description="Years", continuous_update=False,
                                      layout=w.Layout(width="95%"))
        self.types = w.SelectMultiple(options=[(charts.EVENT_TYPE_LABELS[t], t) for t in charts.EVENT_TYPE_LABELS
                                               if t in set(self.events.event_type)],
                                      description="Types", rows=6)
        countries = sorted(self.events.country.dropna().unique())
        self.country = w.Dropdown(options=[("All countries", "")] + [(c, c) for c in countries],
                                  value="", description="Country")
        self.search = w.Text(value="", placeholder="e.g. Lachin, CSTO, ceasefire", description="Search",
                             continuous_update=False)
        self.summary = w.HTML()
        self.map_out, self.timeline_out, self.table_out = w.Output(), w.Output(), w.Output()
        for control in (self.years, self.types, self.country, self.search):
            control.observe(self._on_change, names="value")
        self.filtered = self.events
        self.map_figure = self.timeline_figure = None
        self.table = None
        self._live = False  # draw into the output widgets only once ui() is on screen
        self.update()

    # -- filtering --------------------------------------------------------
    def filter(self) -> pd.DataFrame:
        ev = self.events
        lo, hi = self.years.value
        ev = ev[ev.date_start.dt.year.between(lo, hi)]
        if self.types.value:
            ev = ev[ev.event_type.isin(self.types.value)]
        if self.country.value:
            ev = ev[ev.country == self.country.value]
        text = self.search.value.strip()
        if text:
            hit = ev.summary.str.contains(text, case=False, regex=False) | ev.actors.str.contains(text, case=False, regex=False)
            ev = ev[hit]
        return ev

    def _on_change(self, change) -> None:
        self.update()

    def update(self) -> None:
        """Recompute the selection and redraw the map, timeline and table."""
        self.filtered = self.filter()
        n = len(self.filtered)
        self.summary.value = f"<b>{n}</b> of {len(self.events)} events match."
        if n:
            # compact hover: the table below carries each event's full summary and sources
            self.map_figure = charts.event_map(self.filtered, title=f"{n} events on the map", compact=True)
            self.timeline_figure = charts.event_timeline(self.filtered, title=f"{n} events by type and date",
                                                         compact=True)
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

        controls = w.VBox([self.years, w.HBox([self.types, w.VBox([self.country, self.search])]), self.summary])
        self._live = True
        self._render()
        return w.VBox([controls, self.map_out, self.timeline_out, self.table_out])
