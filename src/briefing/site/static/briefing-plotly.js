/* Draw every plotly figure on the page from its inert JSON spec.
 * plotly.js and the Natural Earth base maps are served from this site's
 * own _static/vendor/ folder: no CDN, no network beyond the site. */
(function () {
  "use strict";

  function contentRoot() {
    var root = document.documentElement.getAttribute("data-content_root");
    if (root === null && window.DOCUMENTATION_OPTIONS) {
      root = window.DOCUMENTATION_OPTIONS.URL_ROOT || "";
    }
    return root || "";
  }

  function isDark() {
    return document.documentElement.getAttribute("data-theme") === "dark";
  }

  function themeColors() {
    return isDark()
      ? { font: "#e0e0e0", grid: "rgba(200,200,200,0.22)", land: "rgba(200,200,200,0.14)", border: "rgba(220,220,220,0.75)" }
      : { font: "#333333", grid: "rgba(110,110,110,0.25)", land: "rgba(150,150,150,0.18)", border: "rgba(90,90,90,0.8)" };
  }

  function themeUpdate(layout) {
    var c = themeColors();
    var update = { "font.color": c.font };
    Object.keys(layout).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key)) {
        update[key + ".gridcolor"] = c.grid;
        update[key + ".linecolor"] = c.grid;
      }
      if (/^geo\d*$/.test(key)) {
        update[key + ".landcolor"] = c.land;
        update[key + ".countrycolor"] = c.border;
      }
    });
    return update;
  }

  var drawn = [];

  function draw(container) {
    var specNode = container.querySelector("script.briefing-plotly-spec");
    if (!specNode) return;
    var spec = JSON.parse(specNode.textContent);
    var layout = spec.layout || {};
    layout.autosize = true;
    delete layout.width;
    var target = document.createElement("div");
    target.className = "briefing-plotly-target";
    container.appendChild(target);
    var config = Object.assign(
      { responsive: true, displaylogo: false, scrollZoom: false },
      spec.config || {},
      { topojsonURL: contentRoot() + "_static/vendor/topojson/" }
    );
    return window.Plotly.newPlot(target, {
      data: spec.data || [],
      layout: layout,
      frames: spec.frames || [],
      config: config
    }).then(function (gd) {
      drawn.push(gd);
      var update = themeUpdate(gd.layout);
      if (target.clientWidth < 560) {
        // phones: smaller title and legend so they fit the screen
        update["title.font.size"] = 13;
        update["legend.font.size"] = 10;
        update["font.size"] = 11;
      }
      return window.Plotly.relayout(gd, update);
    }).then(function () {
      var fallback = container.querySelector(".briefing-plotly-fallback");
      if (fallback) fallback.classList.add("visually-hidden");
      container.setAttribute("data-drawn", "true");
    }).catch(function (err) {
      container.setAttribute("data-error", String(err));
      console.error("briefing: figure could not be drawn:", err);
    });
  }

  function drawAll() {
    if (!window.Plotly) {
      console.error("briefing: plotly.js did not load");
      return;
    }
    var figures = document.querySelectorAll(".briefing-plotly");
    var pending = [];
    figures.forEach(function (el) { pending.push(draw(el)); });
    Promise.all(pending).then(function () {
      window.briefingDrawnAt = performance.now();
      document.documentElement.setAttribute("data-briefing-figures", String(figures.length));
    });
    new MutationObserver(function () {
      drawn.forEach(function (gd) { window.Plotly.relayout(gd, themeUpdate(gd.layout)); });
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
