"""Citations and data tables built from ``data/`` at build time.

Roles
    ``{src}`id1;id2``` — cite sources from ``data/sources.csv``.  Each group
    renders as one numbered superscript marker; numbers follow the order of first
    citation on the page, and a "Sources on this page" list at the end of the page
    gives each source's publisher, date, title, label, a link to the original and a
    link to its entry on the references page.  ``briefing-citations.js`` turns each
    marker into a pop-up card.  An unknown id is a build error.
    ``{event}`E0123``` — link to an event's row in the event table.

Directives
    ``{sources-list}`` — the bibliography, one entry per row of ``sources.csv``, split
    over the pages of ``REFERENCE_PARTS`` by the publisher's initial (a page lists
    its own part); ``{sources-parts}`` lists those pages with their counts.
    ``{events-table}`` — every event, with its sources, as an HTML table; each source
    links to its entry in the references (title, label and the original's link).

The sources table therefore stays the single source of truth: chapters cite
by id, and the references pages are generated from the same file.
"""

from __future__ import annotations

import html
import unicodedata
from collections import Counter
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .. import data

logger = logging.getLogger(__name__)

REFERENCES_DOC = "references"
EVENTS_DOC = "events-table"

#: The references, split by the publisher's initial so that no page is too heavy for a
#: phone: (page, first initial). A part holds every publisher from its first initial up to
#: the next part's, so the parts cover every source exactly once; anything before "B"
#: (digits included) is in the first, anything from "S" on (other scripts included) in
#: the last.
REFERENCE_PARTS = (("references-a", ""), ("references-b-l", "B"), ("references-m-r", "M"), ("references-s-z", "S"))


def filing_key(publisher: str) -> str:
    """A publisher's name as it is sorted and filed: lower case, accents removed, so that
    Azerbaijani, Turkish and other Latin letters go with their base letter (Ç with C, Ş with S,
    İ with I; Ə, which has no base letter, with E, which it follows in the alphabet)."""
    text = unicodedata.normalize("NFKD", publisher.strip().replace("Ə", "E").replace("ə", "e"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def initial(publisher: str) -> str:
    """The letter a publisher is filed under: the first of its :func:`filing_key`, in upper case."""
    return filing_key(publisher)[:1].upper()


def reference_part(publisher: str) -> str:
    """The references page (its name, without folder) that lists a publisher's sources."""
    key = initial(publisher)
    part = REFERENCE_PARTS[0][0]
    for name, first in REFERENCE_PARTS:
        if key >= first:
            part = name
    return part


_CACHE: dict = {}  # per data folder; never stored on the (pickled) environment


def _tables(env, note: bool = True):
    """Sources and events, loaded once per build and shared by all documents."""
    root = Path(env.srcdir) / "data"
    cache = _CACHE.get(root)
    if cache is None:
        sources = data.load_sources(root)
        events = data.load_events(root)
        cache = {
            "sources": {r.source_id: r for r in sources.itertuples(index=False)},
            "events": events,
            "event_ids": set(events["event_id"]),
            "root": root,
        }
        _CACHE[root] = cache
    if note:  # only while a document is read
        for name in ("sources.csv", "events.csv", "datapackage.json"):
            env.note_dependency(str(cache["root"] / name))
    return cache


def source_label(row) -> str:
    date = row.date.strftime("%Y-%m-%d") if row.date is not None and str(row.date) != "NaT" else "undated"
    return f"{row.publisher}, {date}"


class cite_group(nodes.Inline, nodes.Element):
    """One ``{src}`` citation group; numbered and rendered once the page is complete."""


class SourceRole(SphinxRole):
    def run(self):
        tables = _tables(self.env)
        ids = [s.strip() for s in self.text.split(";") if s.strip()]
        if not ids:
            msg = self.inliner.reporter.error("{src} needs at least one source id", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        for sid in ids:
            if sid not in tables["sources"]:
                msg = self.inliner.reporter.error(
                    f"unknown source id {sid!r}: add it to data/sources.csv", line=self.lineno
                )
                return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        return [cite_group(source_ids=ids)], []


PAGE_SOURCES_ID = "sources-on-this-page"


def compact_numbers(nums: list[int]) -> str:
    """``[3, 4, 5, 9]`` -> ``"3–5,9"``: runs of three or more become a range."""
    out, i = [], 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        if j - i >= 2:
            out.append(f"{nums[i]}\u2013{nums[j]}")
        else:
            out.extend(str(n) for n in nums[i:j + 1])
        i = j + 1
    return ",".join(out)


def _marker_html(k: int, nums: list[int]) -> str:
    name = ("Sources " if len(nums) > 1 else "Source ") + ", ".join(map(str, nums))
    return (
        f'<span class="briefing-cite"><sup><a class="briefing-cite-marker" id="cite-{k}" '
        f'href="#page-source-{nums[0]}" aria-label="{name}" data-sources="{" ".join(map(str, nums))}">'
        f"{compact_numbers(nums)}</a></sup></span>"
    )


def _party_text(row) -> str:
    party = row.party if row.party is not None and str(row.party) not in ("", "<NA>", "nan") else "none"
    return f"Source label: {party}"


def _sources_html(app, docname: str, order: dict, first_marker: dict, tables) -> str:
    std = app.env.get_domain("std")
    items = []
    for sid, n in order.items():
        row = tables["sources"][sid]
        date = source_label(row).rsplit(", ", 1)[1]
        ref = ""
        target = std.anonlabels.get(f"src-{sid}")
        if target:
            uri = app.builder.get_relative_uri(docname, target[0]) + "#" + target[1]
            ref = f' <a class="briefing-source-ref" href="{html.escape(uri)}">Entry in the references</a>.'
        items.append(
            f'<li id="page-source-{n}" data-source-id="{html.escape(sid)}">'
            f'<span class="briefing-source-entry"><strong>{html.escape(row.publisher)}</strong>, {date}. '
            f'<a class="reference external" href="{html.escape(row.url)}">{html.escape(row.title)}</a>. '
            f'<span class="briefing-source-party">{html.escape(_party_text(row))}</span>.</span>{ref} '
            f'<a class="briefing-source-back" href="#cite-{first_marker[sid]}">Back to the text</a></li>'
        )
    return (
        f'<section class="briefing-page-sources" id="{PAGE_SOURCES_ID}" aria-labelledby="{PAGE_SOURCES_ID}-title">'
        f'<h2 id="{PAGE_SOURCES_ID}-title">Sources on this page</h2>'
        '<p class="briefing-page-sources-note">Numbered in order of first citation. '
        "Each number in the text opens its sources; the full list of sources is on the references page.</p>"
        f'<ol class="briefing-page-sources-list">{"".join(items)}</ol></section>'
    )


def _number_citations(app, doctree, docname) -> None:
    """Number each page's citation groups, make them markers, and list the page's sources.

    Numbers follow the order of first citation on the page; a source cited twice keeps its
    number. In HTML each group is a superscript link to the page's source list (the card
    script turns it into a pop-up card); other builders get ``[n]``.
    """
    groups = list(doctree.findall(cite_group))
    if not groups:
        return
    tables = _tables(app.env, note=False)
    is_html = app.builder.format == "html"
    order: dict[str, int] = {}
    first_marker: dict[str, int] = {}
    for k, group in enumerate(groups, 1):
        nums = []
        for sid in group["source_ids"]:
            if sid not in order:
                order[sid] = len(order) + 1
                first_marker[sid] = k
            if order[sid] not in nums:
                nums.append(order[sid])
        parent = group.parent
        idx = parent.index(group)
        if idx and isinstance(parent[idx - 1], nodes.Text):  # no space before a superscript
            parent[idx - 1] = nodes.Text(str(parent[idx - 1]).rstrip())
        if is_html:
            group.replace_self(nodes.raw("", _marker_html(k, nums), format="html"))
        else:
            group.replace_self(nodes.inline("", f"[{compact_numbers(nums)}]", classes=["briefing-cite"]))
    if not is_html:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    holder = section if section is not None else doctree
    holder += nodes.raw("", _sources_html(app, docname, order, first_marker, tables), format="html")


class EventRole(SphinxRole):
    def run(self):
        tables = _tables(self.env)
        eid = self.text.strip()
        if eid not in tables["event_ids"]:
            msg = self.inliner.reporter.error(f"unknown event id {eid!r} (not in data/events.csv)", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        xref = addnodes.pending_xref(
            "", refdomain="std", reftype="ref", reftarget=f"ev-{eid}", refexplicit=True, refwarn=True
        )
        xref += nodes.literal("", eid, classes=["event-id"])
        return [xref], []


def _register_label(env, docname, label, title):
    std = env.get_domain("std")
    std.note_hyperlink_target(label, docname, label, title)


class SourcesList(SphinxDirective):
    """The bibliography from ``data/sources.csv``: on a page of ``REFERENCE_PARTS``, that
    part; anywhere else, every source."""

    has_content = False

    def run(self):
        tables = _tables(self.env)
        rows = sorted(tables["sources"].values(), key=lambda r: (filing_key(r.publisher), str(r.date), r.source_id))
        here = self.env.docname.rsplit("/", 1)[-1]
        if here in dict(REFERENCE_PARTS):
            rows = [r for r in rows if reference_part(r.publisher) == here]
        out = nodes.enumerated_list(classes=["briefing-references"])
        for row in rows:
            label = f"src-{row.source_id}"
            item = nodes.list_item(ids=[label])
            para = nodes.paragraph()
            para += nodes.strong("", row.publisher)
            date = source_label(row).rsplit(", ", 1)[1]
            para += nodes.Text(f" ({date}). ")
            para += nodes.reference("", row.title, refuri=row.url)
            extra = [row.kind, f"language: {row.language}"]
            if row.party is not None and str(row.party) not in ("", "<NA>"):
                extra.append(f"source label: {row.party}")
            para += nodes.Text(". " + "; ".join(extra) + ". ")
            para += nodes.literal("", row.source_id)
            item += para
            out += item
            _register_label(self.env, self.env.docname, label, f"{row.publisher} ({date})")
        publishers = len({r.publisher for r in rows})
        intro = nodes.paragraph(text=f"{len(rows)} sources from {publishers} publishers, alphabetical by publisher.")
        return [intro, out]


class SourcesParts(SphinxDirective):
    """The pages of the references, each with its publishers' initials and its count."""

    has_content = False

    def run(self):
        tables = _tables(self.env)
        folder = self.env.docname.rsplit("/", 1)[0]
        counts = Counter(reference_part(row.publisher) for row in tables["sources"].values())
        out = nodes.bullet_list()
        for name, _ in REFERENCE_PARTS:
            if not counts[name]:
                raise self.error(f"references page {name} would list no source; change REFERENCE_PARTS")
            para = nodes.paragraph()
            ref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget=f"/{folder}/{name}",
                                        refexplicit=False, refwarn=True)
            ref += nodes.inline("", name)  # replaced by the page's title
            para += ref
            para += nodes.Text(f": {counts[name]} sources")
            out += nodes.list_item("", para)
        return [out]


class EventsTable(SphinxDirective):
    """Every event with its date, place, type, fatalities and sources."""

    has_content = False
    option_spec = {"class": directives.class_option}

    def run(self):
        tables = _tables(self.env)
        ev = tables["events"].sort_values(["date_start", "event_id"], kind="stable")  # by date, as the explorer
        places = data.load_places(tables["root"]).set_index("place_id")["name_en"].to_dict()
        # the references pages sit beside this page
        folder = self.env.docname.rsplit("/", 1)[0]
        part_uri = {name: self.env.app.builder.get_relative_uri(self.env.docname, f"{folder}/{name}")
                    for name, _ in REFERENCE_PARTS}
        parts = [
            '<div class="briefing-table-wrap"><table class="briefing-events table">',
            "<caption>Every event in the dataset, oldest first. Blank fatalities mean none were reported.</caption>",
            "<thead><tr><th scope='col'>ID</th><th scope='col'>Date</th><th scope='col'>Place</th>"
            "<th scope='col'>Type</th><th scope='col'>Deaths (low / best / high)</th>"
            "<th scope='col'>Summary</th><th scope='col'>Sources</th></tr></thead><tbody>",
        ]
        for r in ev.itertuples(index=False):
            label = f"ev-{r.event_id}"
            _register_label(self.env, self.env.docname, label, f"event {r.event_id}")
            date = r.date_start.strftime("%Y-%m-%d")
            if r.date_end != r.date_start:
                date += f" to {r.date_end:%Y-%m-%d}"
            place = places.get(r.place_id, "") if isinstance(r.place_id, str) else ""
            if not place and isinstance(r.country, str):
                place = f"({r.country})"
            fat = " / ".join("" if v is None or str(v) == "<NA>" else str(v) for v in (r.fatalities_low, r.fatalities_best, r.fatalities_high))
            links = []
            for sid in r.source_ids.split(";"):
                s = tables["sources"][sid]
                links.append(f'<a href="{part_uri[reference_part(s.publisher)]}#src-{html.escape(sid)}">'
                             f"{html.escape(source_label(s))}</a>")
            parts.append(
                f'<tr id="{label}"><td><code>{r.event_id}</code></td><td>{date}</td><td>{html.escape(place)}</td>'
                f"<td>{html.escape(r.event_type.replace('_', ' '))}: {html.escape(r.sub_type.replace('_', ' '))}</td>"
                f"<td>{fat.strip(' /') and fat}</td><td>{html.escape(r.summary)}</td><td>{'; '.join(links)}</td></tr>"
            )
        parts.append("</tbody></table></div>")
        return [nodes.raw("", "".join(parts), format="html")]


class DataSchema(SphinxDirective):
    """One table per resource of ``data/datapackage.json``: field, type, rules, meaning."""

    has_content = False

    def run(self):
        tables = _tables(self.env)
        pkg = data.load_package(tables["root"])
        out = []
        for res in pkg.descriptor["resources"]:
            counts = len(data.load_table(res["name"], tables["root"]))
            sec_id = f"schema-{res['name']}"
            section = nodes.section(ids=[sec_id])
            section += nodes.title(text=f"{res['path']} — {res['title']} ({counts} rows)")
            section += nodes.paragraph(text=res.get("description", ""))
            rows = []
            for f in res["schema"]["fields"]:
                cons = f.get("constraints", {})
                rules = []
                if cons.get("required"):
                    rules.append("required")
                if cons.get("unique"):
                    rules.append("unique")
                if "minimum" in cons or "maximum" in cons:
                    rules.append(f"{cons.get('minimum', '')}–{cons.get('maximum', '')}")
                if "enum" in cons and f["name"] not in ("sub_type", "country"):
                    rules.append("one of: " + ", ".join(map(str, cons["enum"])))
                if "pattern" in cons:
                    rules.append(f"pattern {cons['pattern']}")
                if "briefing:listSeparator" in f:
                    rules.append("list separated by ';'")
                if "briefing:references" in f:
                    ref = f["briefing:references"]
                    rules.append(f"each item in {ref['resource']}.{ref['field']}")
                rows.append((f["name"], f.get("type", "string"), "; ".join(rules), f.get("description", "")))
            section += _simple_table(["Column", "Type", "Rules", "Meaning"], rows)
            out.append(section)
        return out


def _simple_table(header, rows):
    table = nodes.table(classes=["briefing-schema"])
    tgroup = nodes.tgroup(cols=len(header))
    table += tgroup
    for _ in header:
        tgroup += nodes.colspec(colwidth=1)
    thead = nodes.thead()
    tgroup += thead
    hrow = nodes.row()
    for h in header:
        hrow += nodes.entry("", nodes.paragraph(text=h))
    thead += hrow
    tbody = nodes.tbody()
    tgroup += tbody
    for r in rows:
        row = nodes.row()
        for i, cell in enumerate(r):
            para = nodes.paragraph()
            para += nodes.literal(text=cell) if i == 0 else nodes.Text(cell)
            row += nodes.entry("", para)
        tbody += row
    return table


class ClaimsTable(SphinxDirective):
    """Every checked op-ed claim with its verdict, the events and the sources that decide it."""

    has_content = False

    def run(self):
        tables = _tables(self.env)
        claims = data.load_claims(tables["root"])
        env = self.env
        env.note_dependency(str(tables["root"] / "claims.csv"))
        table = nodes.table(classes=["briefing-claims"])
        tgroup = nodes.tgroup(cols=5)
        table += tgroup
        for w in (1, 5, 2, 6, 4):
            tgroup += nodes.colspec(colwidth=w)
        thead = nodes.thead()
        hrow = nodes.row()
        for h in ("Claim", "What the op-ed says (paraphrased)", "Verdict", "Why", "Evidence"):
            hrow += nodes.entry("", nodes.paragraph(text=h))
        thead += hrow
        tgroup += thead
        tbody = nodes.tbody()
        tgroup += tbody
        for c in claims.itertuples():
            row = nodes.row(ids=[f"claim-{c.claim_id}"])
            row += nodes.entry("", nodes.paragraph("", "", nodes.literal(text=c.claim_id)))
            op = tables["sources"][c.oped]
            row += nodes.entry("", nodes.paragraph(text=f"{c.claim} ({op.publisher.split(' (')[0]})"))
            row += nodes.entry("", nodes.paragraph("", "", nodes.strong(text=c.verdict)))
            row += nodes.entry("", nodes.paragraph(text=c.explanation))
            ev = nodes.paragraph()
            if isinstance(c.event_ids, str):
                for i, eid in enumerate(c.event_ids.split(";")):
                    if i:
                        ev += nodes.Text(", ")
                    x = addnodes.pending_xref("", refdomain="std", reftype="ref", reftarget=f"ev-{eid}",
                                              refexplicit=True, refwarn=True)
                    x += nodes.literal(text=eid)
                    ev += x
                ev += nodes.Text("; ")
            for i, sid in enumerate(c.source_ids.split(";")):
                if i:
                    ev += nodes.Text("; ")
                src = tables["sources"][sid]
                ev += nodes.reference("", source_label(src), refuri=src.url)
            row += nodes.entry("", ev)
            tbody += row
        return [table]


class DataAsOf(SphinxRole):
    """The date the data runs to: the latest event end date."""

    def run(self):
        ev = _tables(self.env)["events"]
        return [nodes.inline(text=ev["date_end"].max().strftime("%Y-%m-%d"), classes=["data-as-of"])], []


class DataCount(SphinxRole):
    """Row count of a table: {data-count}`events`."""

    def run(self):
        root = _tables(self.env)["root"]
        return [nodes.inline(text=str(len(data.load_table(self.text.strip(), root))))], []


def setup(app):
    app.add_directive("data-schema", DataSchema)
    app.add_directive("claims-table", ClaimsTable)
    app.add_role("data-asof", DataAsOf())
    app.add_role("data-count", DataCount())
    app.add_role("src", SourceRole())
    app.add_node(cite_group)
    app.connect("doctree-resolved", _number_citations)
    app.add_role("event", EventRole())
    app.add_directive("sources-list", SourcesList)
    app.add_directive("sources-parts", SourcesParts)
    app.add_directive("events-table", EventsTable)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
