"""myst-nb MIME render plugin for plotly figure JSON."""

from __future__ import annotations

import html
import json

from docutils import nodes

from . import FIGURE_CLASS, PLOTLY_MIME

HTML_BUILDERS = ("html", "dirhtml", "singlehtml")


def figure_html(spec: dict) -> str:
    """The HTML for one figure: a container and its spec as inert JSON.

    The output depends only on ``spec`` (keys sorted, no ids), so rebuilds
    are byte-for-byte reproducible.
    """
    layout = spec.get("layout", {}) or {}
    meta = layout.get("meta") or {}
    alt = meta.get("alt") if isinstance(meta, dict) else None
    if not alt:
        title = layout.get("title")
        alt = title.get("text") if isinstance(title, dict) else title
    alt = alt or "Interactive chart"
    payload = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    # A JSON string can never legitimately contain "</"; escape it so the
    # spec cannot close the script element early.
    payload = payload.replace("</", "<\\/")
    label = html.escape(str(alt), quote=True)
    return (
        f'<div class="{FIGURE_CLASS}" role="figure" aria-label="{label}">'
        f'<p class="briefing-plotly-fallback">{label} '
        "(This interactive chart needs JavaScript.)</p>"
        f'<script type="application/json" class="briefing-plotly-spec">{payload}</script>'
        "</div>"
        + source_caption(meta)
    )


def source_caption(meta) -> str:
    """The figure's source line (``layout.meta["source"]``, set by briefing.style.finish), shown
    under the figure as text so it reads, prints and never overlaps the chart."""
    source = meta.get("source") if isinstance(meta, dict) else None
    return f'<p class="briefing-plotly-source">{html.escape(str(source))}</p>' if source else ""


class PlotlyMimeRenderer:
    """Render ``application/vnd.plotly.v1+json`` outputs on HTML builds."""

    mime_priority_overrides = [(b, PLOTLY_MIME, 5) for b in HTML_BUILDERS]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type != PLOTLY_MIME or inline:
            return None
        spec = data.content
        if isinstance(spec, str):
            spec = json.loads(spec)
        return [nodes.raw(text=figure_html(spec), format="html", classes=["output", "plotly"])]
