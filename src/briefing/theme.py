"""The site-wide plotly template.

Colours are the Okabe-Ito palette, distinguishable with the common forms
of colour-vision deficiency.  Backgrounds are transparent and text uses a
mid-grey that reads on both the light and the dark theme of the site; the
site script (``briefing-plotly.js``) switches font and grid colours when the
reader toggles dark mode.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

#: Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#999999",  # grey (stands in for black, which vanishes in dark mode)
]

FONT_FAMILY = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif'
)
TEXT_COLOR = "#4a4a4a"
GRID_COLOR = "rgba(128,128,128,0.25)"

TEMPLATE_NAME = "briefing"


def build_template() -> go.layout.Template:
    axis = dict(
        gridcolor=GRID_COLOR,
        zerolinecolor=GRID_COLOR,
        linecolor=GRID_COLOR,
        ticks="outside",
        tickcolor=GRID_COLOR,
        automargin=True,
        title=dict(standoff=8),
    )
    return go.layout.Template(
        layout=dict(
            colorway=OKABE_ITO,
            font=dict(family=FONT_FAMILY, size=14, color=TEXT_COLOR),
            paper_bgcolor="rgba(0,0,0,0)",
            plot_bgcolor="rgba(0,0,0,0)",
            hoverlabel=dict(font=dict(family=FONT_FAMILY, size=13)),
            legend=dict(bgcolor="rgba(0,0,0,0)"),
            margin=dict(l=10, r=10, t=50, b=10),
            xaxis=axis,
            yaxis=axis,
            geo=dict(
                bgcolor="rgba(0,0,0,0)",
                showland=True,
                landcolor="rgba(160,160,160,0.18)",
                showcountries=True,
                countrycolor="rgba(128,128,128,0.8)",
                showcoastlines=True,
                coastlinecolor="rgba(128,128,128,0.6)",
                showlakes=True,
                lakecolor="rgba(86,180,233,0.25)",
                showocean=True,
                oceancolor="rgba(86,180,233,0.12)",
                resolution=50,
            ),
        )
    )


def register() -> None:
    """Register the template and make it the default for new figures."""
    pio.templates[TEMPLATE_NAME] = build_template()
    pio.templates.default = TEMPLATE_NAME


register()
