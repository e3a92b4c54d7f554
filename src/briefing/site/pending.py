"""The box "Since the data end (YYYY-MM-DD)": scheduled or announced developments from
``data/pending.csv`` whose outcome the data do not hold yet. The date is the data's as-of date
(the latest event end date), computed at build time, never typed by hand.

Usage in a page::

    ```{since-data-end}
    ```
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .. import data
from .citations import _tables, source_label

_PRECISION = {1: "", 2: " (within a few days)", 3: " (that week)", 4: " (that month)", 5: " or later that year"}


class SinceDataEnd(SphinxDirective):
    has_content = False

    def run(self):
        tables = _tables(self.env)
        root = Path(self.env.srcdir) / "data"
        self.env.note_dependency(str(root / "pending.csv"))
        as_of = tables["events"]["date_end"].max().strftime("%Y-%m-%d")
        pending = data.load_pending(root).sort_values(["date", "pending_id"])
        box = nodes.admonition(classes=["since-data-end", "note"])
        box += nodes.title(text=f"Since the data end ({as_of})")
        box += nodes.paragraph(text=(
            f"The tables run to {as_of}. These developments were scheduled or announced before then; "
            "their outcome is not in the data yet."))
        items = nodes.bullet_list()
        for r in pending.itertuples(index=False):
            para = nodes.paragraph()
            para += nodes.strong(text=f"{r.date:%Y-%m-%d}{_PRECISION.get(int(r.date_precision), '')}")
            para += nodes.Text(f" ({r.status}) — {r.title}. {r.summary} ")
            for i, sid in enumerate(r.source_ids.split(";")):
                src = tables["sources"][sid]
                para += nodes.Text("(" if i == 0 else "; ")
                para += nodes.reference("", source_label(src), refuri=src.url)
            para += nodes.Text(")")
            items += nodes.list_item("", para)
        box += items
        return [box]


def setup(app):
    app.add_directive("since-data-end", SinceDataEnd)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
