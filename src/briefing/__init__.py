"""Shared code for the CSTO / Nagorno-Karabakh briefing.

- :mod:`briefing.data` loads and validates the tables in ``data/``;
- :mod:`briefing.theme` holds the site-wide plotly template;
- :mod:`briefing.charts` builds the book's figures;
- :mod:`briefing.site` integrates plotly with the static Jupyter Book site.
"""

__version__ = "0.1.0"
