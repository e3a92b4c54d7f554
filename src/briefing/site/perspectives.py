"""Sphinx extension: each side's position on an episode, as tabs, from ``data/perspectives.csv``.

Directive
    ``{perspectives} <episode>`` — one tab per voice (sphinx-design ``tab-set``), each with
    the position in the book's own words, the sources cited through the ``{src}`` role and
    links to the events concerned. An unknown episode, or an episode without all voices, is
    a build error.

The table stays the single source: a chapter names the episode, and the text comes from
``data/perspectives.csv``, so the same wording appears wherever the episode is shown.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from .. import data

#: The voices, in the order the tabs show them.
VOICES = ("Armenia", "Azerbaijan", "Russia", "Western governments and independent bodies")
#: Short tab labels that fit a phone screen.
TAB_LABELS = {
    "Armenia": "Armenia",
    "Azerbaijan": "Azerbaijan",
    "Russia": "Russia",
    "Western governments and independent bodies": "Western and independent",
}


def perspectives_markdown(table: pd.DataFrame, episode: str) -> str:
    """MyST markdown for one episode: a ``tab-set`` with one ``tab-item`` per voice.

    Raises ``ValueError`` naming the episode when it is unknown or a voice is missing.
    """
    rows = table[table.episode == episode]
    if rows.empty:
        known = "; ".join(dict.fromkeys(table.episode))
        raise ValueError(f"no perspectives for episode {episode!r} in perspectives.csv (known: {known})")
    missing = [v for v in VOICES if v not in set(rows.voice)]
    if missing:
        raise ValueError(f"episode {episode!r} in perspectives.csv lacks the voices {missing}")
    lines = ["::::{tab-set}", ":class: briefing-perspectives", ""]
    for voice in VOICES:
        row = rows[rows.voice == voice].iloc[0]
        lines += [f":::{{tab-item}} {TAB_LABELS[voice]}", ":sync: " + voice.split()[0].lower(), ""]
        lines.append(f"**{voice}.** {row.position} {{src}}`{row.source_ids}`")
        if isinstance(row.event_ids, str) and row.event_ids:
            links = ", ".join(f"{{event}}`{e}`" for e in row.event_ids.split(";"))
            lines += ["", f"*Events:* {links} · *Row:* `{row.perspective_id}`"]
        lines += [":::", ""]
    lines.append("::::")
    return "\n".join(lines)


class PerspectivesDirective(SphinxDirective):
    """Render the four voices on one episode as tabs."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False

    def run(self):
        root = Path(self.env.srcdir) / "data"
        self.env.note_dependency(str(root / "perspectives.csv"))
        table = data.load_perspectives(root)
        try:
            text = perspectives_markdown(table, self.arguments[0].strip())
        except ValueError as exc:
            raise ExtensionError(f"{self.get_source_info()[0]}: {exc}") from None
        wrapper = nodes.container(classes=["briefing-perspectives-wrapper"])
        self.state.nested_parse(StringList(text.splitlines()), self.content_offset, wrapper)
        return [wrapper]


def setup(app):
    app.setup_extension("sphinx_design")
    app.add_directive("perspectives", PerspectivesDirective)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
