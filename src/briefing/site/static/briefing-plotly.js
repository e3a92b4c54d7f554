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
      return window.Plotly.relayout(gd, themeUpdate(gd.layout));
    }).then(function () {
      return fitToScreen(target);
    }).then(function () {
      var fallback = container.querySelector(".briefing-plotly-fallback");
      if (fallback) fallback.classList.add("visually-hidden");
      container.setAttribute("data-drawn", "true");
    }).catch(function (err) {
      container.setAttribute("data-error", String(err));
      console.error("briefing: figure could not be drawn:", err);
    });
  }

  /* ---- Figure style: fit each figure to the screen it is drawn on ----------------
   * Figures built with briefing.style.finish() carry their title, subtitle and source
   * in layout.meta. The title block and legend sit above the plotting area, menus
   * between them; axes, sliders and buttons sit below. On every draw and resize this
   * re-wraps the title for the figure's width, measures the title, menus and legend,
   * and sets the top margin so that none of them overlap; on phones it shrinks fonts
   * and grows the figure so that the legend stays within a third of its height. */

  var PHONE = 560;

  function wrapWords(text, width) {
    var lines = [], line = "";
    String(text).split(/\s+/).forEach(function (w) {
      if (!w) return;
      if (line && line.length + 1 + w.length > width) { lines.push(line); line = w; }
      else { line = line ? line + " " + w : w; }
    });
    if (line) lines.push(line);
    return lines;
  }

  function escapeText(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function boxHeight(gd, selector) {
    var h = 0;
    gd.querySelectorAll(selector).forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.height > h) h = r.height;
    });
    return h;
  }

  function titleBottom(gd) {
    var top = gd.getBoundingClientRect().top, bottom = 0;
    gd.querySelectorAll(".infolayer .g-gtitle, .infolayer .g-gtitle-subtitle").forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.height > 0) bottom = Math.max(bottom, r.bottom - top);
    });
    return bottom;
  }

  function fitToScreen(gd) {
    var meta = (gd.layout && gd.layout.meta) || {};
    if (meta.style !== "briefing" || !gd.clientWidth) return Promise.resolve();
    var width = gd.clientWidth, phone = width < PHONE;
    if (gd._briefingFitWidth === width) return Promise.resolve();
    gd._briefingFitWidth = width;
    if (gd._briefingHeight === undefined) {
      gd._briefingHeight = gd.layout.height || 450;
      gd._briefingTop0 = (gd.layout.margin && gd.layout.margin.t) || 80;
    }
    var titleSize = phone ? 15 : 17, subSize = phone ? 12 : 13;
    var titleLines = wrapWords(meta.title, Math.floor((width - 24) / (titleSize * 0.64)));
    var subLines = wrapWords(meta.subtitle || "", Math.floor((width - 24) / (subSize * 0.56)));
    var first = {
      "title.text": titleLines.map(function (l) { return "<b>" + escapeText(l) + "</b>"; }).join("<br>"),
      "title.subtitle.text": subLines.map(escapeText).join("<br>"),
      "title.font.size": titleSize,
      "title.subtitle.font.size": subSize,
      "legend.font.size": phone ? 11 : 12,
      "font.size": phone ? 11 : 14,
      "height": gd._briefingHeight
    };
    return window.Plotly.relayout(gd, first).then(function () {
      var legendH = gd.layout.showlegend === false ? 0 : boxHeight(gd, ".infolayer .legend");
      var menus = gd.layout.updatemenus || [];
      var menusH = 0, update = {};
      menus.forEach(function (m, i) {
        if (m.y === undefined || m.y >= 1) {
          update["updatemenus[" + i + "].y"] = 1;
          update["updatemenus[" + i + "].yanchor"] = "bottom";
          update["updatemenus[" + i + "].yref"] = "paper";
          update["updatemenus[" + i + "].pad.b"] = legendH + 6;
          menusH = Math.max(menusH, 34);
        }
      });
      var top = Math.ceil(titleBottom(gd) + 6 + menusH + legendH + 4);
      update["margin.t"] = top;
      update["margin.autoexpand"] = true;
      // the plotting area keeps the height it was designed with; on phones the
      // legend stays within a third of the figure
      var height = gd._briefingHeight + Math.max(0, top - gd._briefingTop0);
      if (phone && legendH * 3 > height) height = Math.ceil(legendH * 3 + 12);
      update.height = height;
      return window.Plotly.relayout(gd, update);
    });
  }

  function refitAll() {
    drawn.forEach(function (gd) { if (gd.clientWidth !== gd._briefingFitWidth) fitToScreen(gd); });
  }
  var refitTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(refitTimer);
    refitTimer = setTimeout(refitAll, 250);
  });
  // printing: fit each figure to the printed page's width
  window.addEventListener("beforeprint", function () {
    drawn.forEach(function (gd) { window.Plotly.Plots.resize(gd); });
  });
  /* ---- end of figure style ------------------------------------------------------ */

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
