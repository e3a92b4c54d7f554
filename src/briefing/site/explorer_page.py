"""Sphinx extension: the event filter that works on the static site.

``{event-filter}`` (option ``:view: explorer`` or ``:view: table``) writes a
form with the same controls as :class:`briefing.explorer.EventExplorer`.
``briefing-explorer.js`` brings it to life: it filters one compact JSON file
of the events, written at build time from ``data/`` into
``_static/data/events-<hash>.json`` (the hash changes with the content, so a
browser may cache it for good), and redraws the page's map, timeline and
table.  The filter rules are the ones in :mod:`briefing.explorer`.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
from pathlib import Path

from docutils import nodes
from pandas import NA as _NA
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .. import charts, data

MARKER = "briefing-filter"
DATA_DIR = "_static/data"
#: The event columns the page needs, in the order each row lists them.
COLUMNS = ("event_id", "date_start", "date_end", "event_type", "country", "place_id", "geo_precision",
           "actors", "summary")
_CACHE: dict = {}


def _iso(value) -> str | None:
    if value is None or str(value) in ("NaT", "<NA>"):
        return None
    return value.strftime("%Y-%m-%d")


def _text(value) -> str | None:
    if value is None or value is _NA or (isinstance(value, float) and value != value):
        return None
    return str(value)


def build_payload(root: Path) -> dict:
    """The events as compact JSON: one list per event, place names once per place.

    Only the named columns are read, so new columns in ``events.csv`` are
    ignored; a missing one is an error that names the file and the column.
    """
    events = data.load_events(root)
    places = data.load_places(root)
    path = events.attrs.get("source_path", str(Path(root) / "events.csv"))
    missing = [c for c in COLUMNS if c not in events.columns]
    if missing:
        raise KeyError(f"{path}: the event filter needs the column(s) {missing}")
    events = events.sort_values(["date_start", "event_id"], kind="stable")
    from ..explorer import place_names
    names = place_names(places)
    used = sorted({p for p in events["place_id"] if isinstance(p, str)})
    rows = []
    for r in events[list(COLUMNS)].itertuples(index=False):
        start, end = _iso(r.date_start), _iso(r.date_end)
        geo = r.geo_precision
        rows.append([
            r.event_id, start, None if end == start else end, r.event_type, _text(r.country),
            _text(r.place_id), None if geo is None or str(geo) == "<NA>" else int(geo),
            _text(r.actors) or "", _text(r.summary) or "",
        ])
    present = set(events["event_type"])
    types = [[t, label] for t, label in charts.EVENT_TYPE_LABELS.items() if t in present]
    types += [[t, t.replace("_", " ").capitalize()] for t in sorted(present - set(charts.EVENT_TYPE_LABELS))]
    return {
        "version": 1,
        "columns": ["id", "start", "end", "type", "country", "place", "geo", "actors", "summary"],
        "types": types,
        "places": {p: names.get(p, []) for p in used},
        "events": rows,
    }


def payload(root: Path) -> tuple[str, bytes]:
    """``(file name, bytes)`` of the events JSON, computed once per data state."""
    root = Path(root).resolve()
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(root.glob("*.csv")))
    hit = _CACHE.get(root)
    if hit and hit[0] == stamp:
        return hit[1]
    body = json.dumps(build_payload(root), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    name = f"events-{hashlib.sha256(body).hexdigest()[:12]}.json"
    _CACHE[root] = (stamp, (name, body))
    return name, body


def payload_sizes(root: Path) -> dict:
    name, body = payload(root)
    return {"name": name, "raw": len(body), "gzip": len(gzip.compress(body, compresslevel=6)),
            "events": len(json.loads(body)["events"])}


def _write_payload(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    name, body = payload(Path(app.srcdir) / "data")
    out = Path(app.outdir) / DATA_DIR
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("events-*.json"):
        if old.name != name:
            old.unlink()
    target = out / name
    if not target.is_file() or target.read_bytes() != body:
        target.write_bytes(body)


def _options(pairs, selected=None) -> str:
    return "".join(
        f'<option value="{html.escape(str(v))}"{" selected" if v == selected else ""}>{html.escape(str(t))}</option>'
        for v, t in pairs
    )


def form_html(root: Path, view: str, docname_depth: int) -> str:
    """The filter form; hidden until the script has loaded the data."""
    name, body = payload(root)
    p = json.loads(body)
    rows = p["events"]
    years = sorted({int(r[1][:4]) for r in rows} | {int((r[2] or r[1])[:4]) for r in rows})
    countries = sorted({r[4] for r in rows if r[4]})
    uid = f"bf-{view}"
    year_opts = [(y, y) for y in range(years[0], years[-1] + 1)]
    types = "".join(
        f'<li><input type="checkbox" id="{uid}-type-{t}" name="type" value="{html.escape(t)}">'
        f'<label for="{uid}-type-{t}">{html.escape(label)}</label></li>'
        for t, label in p["types"]
    )
    prefix = "../" * docname_depth
    return f"""
<div class="{MARKER}" data-view="{view}" data-src="{prefix}{DATA_DIR}/{name}">
<form class="briefing-filter-form" hidden aria-label="Filter the events">
<fieldset class="bf-period"><legend>Period</legend>
<div class="bf-row">
<label for="{uid}-y0">From year</label><select id="{uid}-y0" name="y0">{_options(year_opts, years[0])}</select>
<label for="{uid}-y1">to year</label><select id="{uid}-y1" name="y1">{_options(year_opts, years[-1])}</select>
</div>
<div class="bf-row">
<label for="{uid}-from">From day <span class="bf-hint">(optional)</span></label><input type="date" id="{uid}-from" name="from" min="{years[0]}-01-01" max="{years[-1]}-12-31">
<label for="{uid}-to">to day <span class="bf-hint">(optional)</span></label><input type="date" id="{uid}-to" name="to" min="{years[0]}-01-01" max="{years[-1]}-12-31">
</div>
</fieldset>
<fieldset class="bf-types"><legend>Event types <span class="bf-hint">(none ticked: all)</span></legend><ul>{types}</ul></fieldset>
<div class="bf-row">
<label for="{uid}-country">Country</label><select id="{uid}-country" name="country">{_options([("", "All countries")] + [(c, c) for c in countries], "")}</select>
</div>
<div class="bf-row">
<label for="{uid}-q">Search actors, summaries and place names</label>
<input type="search" id="{uid}-q" name="q" placeholder="e.g. Lachin, Şuşa, CSTO" autocomplete="off">
</div>
<div class="bf-row">
<input type="checkbox" id="{uid}-exact" name="exact" value="1"><label for="{uid}-exact">Exact places only (a known town or village)</label>
</div>
<div class="bf-row"><button type="reset" class="bf-reset">Clear all filters</button> <a class="bf-link" href="">Link to this view</a></div>
</form>
<p class="bf-status" role="status" aria-live="polite"></p>
<noscript><p>The filter needs JavaScript; every event is listed on this page without it.</p></noscript>
</div>
"""


class EventFilter(SphinxDirective):
    """The filter bar of the static event explorer and of the event table."""

    has_content = False
    option_spec = {"view": lambda v: directives.choice(v, ("explorer", "table"))}

    def run(self):
        root = Path(self.env.srcdir) / "data"
        for f in ("events.csv", "places.csv", "datapackage.json"):
            self.env.note_dependency(str(root / f))
        depth = self.env.docname.count("/")
        view = self.options.get("view", "explorer")
        return [nodes.raw("", form_html(root, view, depth), format="html")]


EXPLORER_DOC = "chapters/karabakh/explorer"
#: The address parameters the page understands (see briefing-explorer.js).
PARAMS = ("y0", "y1", "from", "to", "type", "country", "text", "exact")


def check_view_query(query: str, root: Path) -> str:
    """Check a shared-view query string against the data; return it URL-encoded."""
    from urllib.parse import parse_qsl, urlencode

    pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=True)
    p = json.loads(payload(root)[1])
    types = {t for t, _ in p["types"]}
    countries = {r[4] for r in p["events"] if r[4]}
    for key, value in pairs:
        if key not in PARAMS:
            raise ValueError(f"unknown parameter {key!r} (known: {', '.join(PARAMS)})")
        if key == "type" and not set(value.split(",")) <= types:
            raise ValueError(f"unknown event type in {value!r}")
        if key == "country" and value not in countries:
            raise ValueError(f"no event has the country {value!r}")
    return urlencode(pairs)


class ExplorerViewRole(SphinxRole):
    """``{explorer-view}`Border clashes <y0=2021&y1=2022&type=armed_clash>``: a link to a view."""

    def run(self):
        text, query = self.text, ""
        if self.text.endswith(">") and " <" in self.text:
            text, query = self.text[:-1].rsplit(" <", 1)
        try:
            query = check_view_query(query, Path(self.env.srcdir) / "data")
        except ValueError as exc:
            msg = self.inliner.reporter.error(f"{{explorer-view}} {self.text!r}: {exc}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        self.env.note_dependency(str(Path(self.env.srcdir) / "data" / "events.csv"))
        depth = self.env.docname.count("/")
        uri = "../" * depth + EXPLORER_DOC + ".html" + (f"?{query}" if query else "")
        return [nodes.reference("", text.strip(), refuri=uri, classes=["explorer-view"])], []


def _page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if f'class="{MARKER}"' in context.get("body", ""):
        app.add_js_file("briefing-explorer.js", priority=602, defer="defer")
        app.add_css_file("briefing-explorer.css")


def setup(app: Sphinx):
    app.add_directive("event-filter", EventFilter)
    app.add_role("explorer-view", ExplorerViewRole())
    app.connect("builder-inited", _write_payload)
    app.connect("html-page-context", _page_context)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
