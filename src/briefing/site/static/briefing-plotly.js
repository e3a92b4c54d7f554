/* Draw every plotly figure on the page from its inert JSON spec.
 * plotly.js and the Natural Earth base maps are served from this site's
 * own _static/vendor/ folder: no CDN, no network beyond the site. A map that
 * names a cropped base map in layout.meta.basemap (the theatre maps) draws on
 * the copy in _static/vendor/topojson/<basemap>/, same file names. */
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

  /* The folder plotly.js fetches a figure's base map from ("{scope}_{resolution}m.json"):
   * the full Natural Earth files, or the cropped copy the figure asks for. */
  function topojsonURL(layout) {
    var basemap = layout.meta && layout.meta.basemap;
    return contentRoot() + "_static/vendor/topojson/" + (basemap ? basemap + "/" : "");
  }

  var drawn = [];

  /* Set a dotted layout path ("title.font.size") in a plain layout object. */
  function setPath(obj, path, value) {
    var parts = path.split("."), o = obj;
    for (var i = 0; i < parts.length - 1; i++) {
      var key = parts[i];
      if (typeof o[key] === "string") o[key] = { text: o[key] };
      else if (o[key] === null || typeof o[key] !== "object") o[key] = {};
      o = o[key];
    }
    o[parts[parts.length - 1]] = value;
  }

  function getPath(obj, path) {
    return path.split(".").reduce(function (o, key) { return o == null ? undefined : o[key]; }, obj);
  }

  /* The entries of a relayout update that would change the layout. */
  function changedOnly(layout, update) {
    var out = {};
    Object.keys(update).forEach(function (path) {
      if (getPath(layout, path) !== update[path]) out[path] = update[path];
    });
    return out;
  }

  function applyUpdate(layout, update) {
    Object.keys(update).forEach(function (path) { setPath(layout, path, update[path]); });
  }

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
      { topojsonURL: topojsonURL(layout) }
    );
    // Each figure is drawn once with the colours, title wrapping, font sizes and an
    // estimated title block for the screen it is on; one relayout follows only where
    // the measured title block, legend or menus need other margins.
    applyUpdate(layout, themeUpdate(layout));
    if (target.clientWidth && target.clientWidth < PHONE) fitMapLabels(spec.data || []);
    var first = fitFirst(target, layout, target.clientWidth, spec.data);
    if (first) applyUpdate(layout, first);
    return window.Plotly.newPlot(target, {
      data: spec.data || [],
      layout: layout,
      frames: spec.frames || [],
      config: config
    }).then(function (gd) {
      drawn.push(gd);
      // colours already drawn are left alone; the measured fit needs a relayout only when
      // the estimated title block was too small or wasted space
      var update = Object.assign(first ? measuredFit(gd) : {}, changedOnly(gd.layout, themeUpdate(gd.layout)));
      return Object.keys(update).length ? window.Plotly.relayout(gd, update) : null;
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

  /* The first step of fitting, from the layout alone: title and subtitle wrapped
   * for the width, font sizes for the screen. Returns a relayout update, or null for
   * figures not built with the book's style. Records the designed height and top
   * margin on the figure's node the first time. */
  function fitFirst(gd, layout, width, data) {
    var meta = layout.meta || {};
    if (meta.style !== "briefing" || !width) return null;
    var phone = width < PHONE;
    gd._briefingFitWidth = width;
    if (gd._briefingHeight === undefined) {
      gd._briefingHeight = layout.height || 450;
      gd._briefingTop0 = (layout.margin && layout.margin.t) || 80;
    }
    var titleSize = phone ? 15 : 17, subSize = phone ? 12 : 13;
    var titleLines = wrapWords(meta.title, Math.floor((width - 24) / (titleSize * 0.64)));
    var subLines = wrapWords(meta.subtitle || "", Math.floor((width - 24) / (subSize * 0.56)));
    // the title block's height, estimated from its lines; fitSecond measures it after the draw
    var top = Math.ceil(TITLE_PAD + titleLines.length * titleSize * TITLE_LINE +
                        subLines.length * subSize * SUB_LINE + 10 + legendEstimate(layout, data, width, phone));
    return {
      "margin.t": top,
      "title.text": titleLines.map(function (l) { return "<b>" + escapeText(l) + "</b>"; }).join("<br>"),
      "title.subtitle.text": subLines.map(escapeText).join("<br>"),
      "title.font.size": titleSize,
      "title.subtitle.font.size": subSize,
      "legend.font.size": phone ? 11 : 12,
      "font.size": phone ? 11 : 14,
      "height": gd._briefingHeight + Math.max(0, top - gd._briefingTop0)
    };
  }

  // line heights of the title and subtitle (times the font size) and the space above them,
  // for the estimate of the title block
  var TITLE_PAD = 20, TITLE_LINE = 1.3, SUB_LINE = 1.3, SLACK = 16;

  /* The height of a horizontal legend above the plot, estimated from its entries' names
   * (about 0.55 of the font size per character, 40 px for the symbol and gap). */
  function legendEstimate(layout, data, width, phone) {
    if (layout.showlegend === false) return 0;
    var font = phone ? 11 : 12, rows = 0, used = 0, avail = width - 20;
    (data || []).forEach(function (trace) {
      if (trace.showlegend === false || !trace.name) return;
      var name = String(trace.name).replace(/<[^>]*>/g, "");
      var w = 40 + 0.55 * font * name.length;
      if (!rows || (used && used + w > avail)) { rows += 1; used = 0; }
      used += w;
    });
    return rows ? rows * (font + 10) + 8 : 0;
  }

  /* The relayout update a figure drawn with fitFirst still needs once measured (fitSecond),
   * or an empty one when it already fits as drawn. */
  function measuredFit(gd) {
    var update = fitSecond(gd);
    return fitsAsDrawn(gd, update) ? {} : update;
  }

  /* Whether a figure drawn with the estimated title block already fits as measured:
   * nothing overlaps (the measured top margin is not larger), at most SLACK pixels are
   * wasted above the plot or in its height, and no menu is to be placed. */
  function fitsAsDrawn(gd, update) {
    var drawnTop = gd.layout.margin.t;
    if (Object.keys(update).some(function (k) { return k.indexOf("updatemenus") === 0; })) return false;
    var drawnHeight = gd.layout.height;
    return update["margin.t"] <= drawnTop && drawnTop - update["margin.t"] <= SLACK &&
      update.height <= drawnHeight && drawnHeight - update.height <= SLACK;
  }

  /* The second step, measured on the drawn figure: the top margin that stacks title,
   * menus and legend without overlap, and the height that keeps the plotting area
   * (and, on phones, the legend within a third of the figure). */
  function fitSecond(gd) {
    var phone = gd._briefingFitWidth < PHONE;
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
    var height = gd._briefingHeight + Math.max(0, top - gd._briefingTop0);
    if (phone && legendH * 3 > height) height = Math.ceil(legendH * 3 + 12);
    update.height = height;
    return update;
  }

  /* On a phone, text on maps is drawn smaller so that double names and place labels fit
   * the narrow map: country names at 10 px, towns and marker labels at 9 px. */
  function fitMapLabels(data) {
    data.forEach(function (trace) {
      if (trace.type !== "scattergeo" || !/text/.test(trace.mode || "")) return;
      trace.textfont = Object.assign({}, trace.textfont, { size: trace.name === "country labels" ? 10 : 9 });
    });
  }

  /* Refit a drawn figure after its width changed (resize, rotation). */
  function fitToScreen(gd) {
    var width = gd.clientWidth;
    if (!width || gd._briefingFitWidth === width) return Promise.resolve();
    var first = fitFirst(gd, gd.layout, width, gd.data);
    if (!first) return Promise.resolve();
    return window.Plotly.relayout(gd, first).then(function () {
      var update = measuredFit(gd);
      return Object.keys(update).length ? window.Plotly.relayout(gd, update) : null;
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
