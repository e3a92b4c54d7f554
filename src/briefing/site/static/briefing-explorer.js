/* The event filter on the static site: the same controls and the same rules as the
 * Python EventExplorer (see the docstring of briefing/explorer.py, "Filter semantics").
 * It loads one JSON file of the events from this site, keeps the filters in the page
 * address (?y0=…&q=…), and redraws the page's own map and timeline with Plotly.react,
 * re-using each stored figure's layout and styling and swapping only its points.
 * On the event table page it filters and sorts the table instead. No network beyond
 * the site, no framework. */
(function () {
  "use strict";

  // ---- rule 4: folding (must match briefing.explorer.fold exactly) ----------------
  var SPACE = /[ \t\n\r\f\v\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
  var MARK = /\p{M}/gu;
  function fold(s) {
    if (s === null || s === undefined) return "";
    return String(s).normalize("NFKD").replace(MARK, "").toLowerCase()
      .replace(/ə/g, "e").replace(/ı/g, "i").replace(SPACE, " ").replace(/^ +| +$/g, "");
  }

  var ISO = /^\d{4}-\d{2}-\d{2}$/;
  function pad4(y) { var s = String(y); while (s.length < 4) s = "0" + s; return s; }

  // ---- the data -------------------------------------------------------------------
  function prepare(payload) {
    var places = payload.places || {};
    var types = {};
    payload.types.forEach(function (t) { types[t[0]] = t[1]; });
    var events = payload.events.map(function (r) {
      var names = (r[5] && places[r[5]]) || [];
      var ev = {
        id: r[0], start: r[1], end: r[2] || r[1], type: r[3], country: r[4] || "",
        place: r[5] || "", geo: r[6], actors: r[7] || "", summary: r[8] || "",
        placeLabel: names.length ? names[0] : "(no named place)",
        typeLabel: types[r[3]] || r[3]
      };
      ev.fields = [fold(ev.actors), fold(ev.summary)].concat(names.map(fold));
      return ev;
    });
    events.sort(function (a, b) { return a.start < b.start ? -1 : a.start > b.start ? 1 : (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); });
    var y0 = Infinity, y1 = -Infinity;
    events.forEach(function (e) {
      y0 = Math.min(y0, +e.start.slice(0, 4)); y1 = Math.max(y1, +e.end.slice(0, 4));
    });
    return { events: events, types: payload.types, y0: y0, y1: y1 };
  }

  // ---- rules 1-5 ----------------------------------------------------------------------
  function windowOf(st) {
    var lo = pad4(st.y0) + "-01-01", hi = pad4(st.y1) + "-12-31";
    if (st.from && st.from > lo) lo = st.from;
    if (st.to && st.to < hi) hi = st.to;
    return [lo, hi];
  }
  function filterEvents(events, st) {
    var w = windowOf(st), lo = w[0], hi = w[1];
    var types = st.types.length ? new Set(st.types) : null;
    var needle = fold(st.q);
    return events.filter(function (e) {
      if (!(e.start <= hi && e.end >= lo)) return false;
      if (types && !types.has(e.type)) return false;
      if (st.country && e.country !== st.country) return false;
      if (st.exact && e.geo !== 1) return false;
      if (needle) {
        for (var i = 0; i < e.fields.length; i++) if (e.fields[i].indexOf(needle) !== -1) return true;
        return false;
      }
      return true;
    });
  }

  // ---- state <-> address and form -----------------------------------------------------
  function defaults(db) { return { y0: db.y0, y1: db.y1, from: "", to: "", types: [], country: "", q: "", exact: false }; }

  function fromURL(db, search) {
    var p = new URLSearchParams(search === undefined ? window.location.search : search), st = defaults(db);
    var y0 = parseInt(p.get("y0"), 10), y1 = parseInt(p.get("y1"), 10);
    if (!isNaN(y0)) st.y0 = Math.min(Math.max(y0, db.y0), db.y1);
    if (!isNaN(y1)) st.y1 = Math.min(Math.max(y1, db.y0), db.y1);
    if (ISO.test(p.get("from") || "")) st.from = p.get("from");
    if (ISO.test(p.get("to") || "")) st.to = p.get("to");
    var known = new Set(db.types.map(function (t) { return t[0]; }));
    st.types = p.getAll("type").join(",").split(",").filter(function (t) { return known.has(t); });
    st.country = p.get("country") || "";
    st.q = p.get("text") || "";
    st.exact = p.get("exact") === "1";
    return st;
  }

  function toQuery(st, db) {
    var p = new URLSearchParams();
    if (st.y0 !== db.y0) p.set("y0", st.y0);
    if (st.y1 !== db.y1) p.set("y1", st.y1);
    if (st.from) p.set("from", st.from);
    if (st.to) p.set("to", st.to);
    if (st.types.length) p.set("type", st.types.join(","));
    if (st.country) p.set("country", st.country);
    if (st.q) p.set("text", st.q);
    if (st.exact) p.set("exact", "1");
    var s = p.toString();
    return s ? "?" + s : "";
  }

  function readForm(form, db) {
    var st = defaults(db);
    st.y0 = parseInt(form.elements.y0.value, 10);
    st.y1 = parseInt(form.elements.y1.value, 10);
    st.from = form.elements.from.value || "";
    st.to = form.elements.to.value || "";
    st.types = Array.prototype.filter.call(form.querySelectorAll("input[name=type]"), function (c) { return c.checked; })
      .map(function (c) { return c.value; });
    st.country = form.elements.country.value;
    st.q = form.elements.q.value;
    st.exact = form.elements.exact.checked;
    return st;
  }

  function writeForm(form, st) {
    form.elements.y0.value = String(st.y0);
    form.elements.y1.value = String(st.y1);
    form.elements.from.value = st.from;
    form.elements.to.value = st.to;
    var on = new Set(st.types);
    form.querySelectorAll("input[name=type]").forEach(function (c) { c.checked = on.has(c.value); });
    var country = form.elements.country;
    country.value = st.country;
    if (country.value !== st.country) { // a country with no events: keep it, honestly empty
      var o = document.createElement("option"); o.value = o.textContent = st.country; country.appendChild(o); country.value = st.country;
    }
    form.elements.q.value = st.q;
    form.elements.exact.checked = st.exact;
  }

  // ---- figures: stored default view as template, points swapped -------------------------
  function decode(v) {
    if (!v || typeof v !== "object" || typeof v.bdata !== "string" || /,/.test(String(v.shape || ""))) return null;
    var T = { f8: Float64Array, f4: Float32Array, i1: Int8Array, u1: Uint8Array, i2: Int16Array,
      u2: Uint16Array, i4: Int32Array, u4: Uint32Array }[v.dtype];
    if (!T) return null;
    var bin = atob(v.bdata), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return Array.from(new T(bytes.buffer));
  }
  function pick(obj, n, idx) {
    var out = {};
    Object.keys(obj).forEach(function (k) {
      var v = obj[k], arr = Array.isArray(v) ? v : decode(v);
      if (arr && arr.length === n && k !== "colorscale") out[k] = idx.map(function (i) { return arr[i]; });
      else if (v && typeof v === "object" && !Array.isArray(v) && !arr) out[k] = pick(v, n, idx);
      else out[k] = v;
    });
    return out;
  }
  function eventId(cd) { return Array.isArray(cd) ? cd[0] : cd; }

  function subsetTrace(tr, ids, known) {
    var cd = Array.isArray(tr.customdata) ? tr.customdata : null;
    if (!cd || !cd.some(function (c) { return known.has(eventId(c)); })) return tr; // not an event layer
    var idx = [];
    for (var i = 0; i < cd.length; i++) if (ids.has(eventId(cd[i]))) idx.push(i);
    var out = pick(tr, cd.length, idx);
    // an empty layer stays (same number of traces: Plotly.react then restyles instead of
    // drawing the whole figure, base map included, again) but leaves the legend
    if (!idx.length) out.showlegend = false;
    return out;
  }

  function figureTemplates() {
    var out = [];
    document.querySelectorAll(".briefing-plotly").forEach(function (c) {
      var node = c.querySelector("script.briefing-plotly-spec");
      if (!node) return;
      var spec = JSON.parse(node.textContent);
      var meta = (spec.layout && spec.layout.meta) || {};
      if (!meta.explorer) return;
      out.push({ container: c, spec: spec, role: meta.explorer.role, title: meta.explorer.title || "" });
    });
    return out;
  }

  function redrawFigure(f, sel, ids, known) {
    var gd = f.container.querySelector(".briefing-plotly-target");
    if (!gd || !window.Plotly) return Promise.resolve();
    f.container.hidden = sel.length === 0;
    if (!sel.length) return Promise.resolve();
    var data = f.spec.data.map(function (tr) { return subsetTrace(tr, ids, known); });
    var layout = Object.assign({}, gd.layout);
    var title = f.title.replace("{n}", String(sel.length));
    if (f.title) layout.title = Object.assign({}, layout.title || {}, { text: title });
    var y = f.spec.layout.yaxis;
    if (f.role === "timeline" && y && Array.isArray(y.categoryarray)) {
      var present = new Set();
      data.forEach(function (t) { (t.y || []).forEach(function (v) { present.add(v); }); });
      var cats = y.categoryarray.filter(function (c) { return present.has(c); });
      layout.yaxis = Object.assign({}, layout.yaxis, { categoryarray: cats });
      var h0 = f.spec.layout.height, k0 = y.categoryarray.length;
      if (h0 && k0) layout.height = Math.max(280, Math.round(h0 - (h0 - 90) * (k0 - cats.length) / k0));
    }
    f.container.setAttribute("aria-label", title + " (filtered view; the table below lists the same events)");
    return window.Plotly.react(gd, data, layout);
  }

  function waitForFigures() {
    return new Promise(function (resolve) {
      if (!document.querySelector(".briefing-plotly")) return resolve();
      var html = document.documentElement;
      if (html.hasAttribute("data-briefing-figures")) return resolve();
      new MutationObserver(function (m, obs) {
        if (html.hasAttribute("data-briefing-figures")) { obs.disconnect(); resolve(); }
      }).observe(html, { attributes: true, attributeFilter: ["data-briefing-figures"] });
    });
  }

  // ---- tables and sorting ---------------------------------------------------------------
  function cmp(a, b) {
    if (a === b) return 0;
    if (a === "") return 1;
    if (b === "") return -1;
    return a.localeCompare(b, "en", { numeric: true, sensitivity: "base" });
  }

  function makeSortable(table, onSort) {
    var ths = table.querySelectorAll("thead th");
    ths.forEach(function (th, col) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "bf-sort";
      b.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(b);
      b.addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        ths.forEach(function (t) { t.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
        onSort(col, dir === "ascending" ? 1 : -1);
      });
    });
  }

  function sortRows(tbody, col, dir) {
    var rows = Array.prototype.slice.call(tbody.rows);
    var keyed = rows.map(function (r, i) { return [r.cells[col] ? r.cells[col].textContent.trim() : "", i, r]; });
    keyed.sort(function (a, b) { return dir * cmp(a[0], b[0]) || a[1] - b[1]; });
    var frag = document.createDocumentFragment();
    keyed.forEach(function (k) { frag.appendChild(k[2]); });
    tbody.appendChild(frag);
  }

  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  var PAGE_ROWS = 50;
  var COLS = [
    function (e) { return e.id; },
    function (e) { return e.end !== e.start ? e.start + " to " + e.end : e.start; },
    function (e) { return e.placeLabel; },
    function (e) { return e.typeLabel; },
    function (e) { return e.summary; }
  ];

  function explorerTable(root) {
    var wrap = document.createElement("div");
    wrap.className = "bf-table-wrap";
    wrap.innerHTML = '<table class="bf-table table"><caption>The events that match, oldest first; the buttons in the header sort the table.</caption>' +
      '<thead><tr><th scope="col">ID</th><th scope="col">Date</th><th scope="col">Place</th><th scope="col">Type</th><th scope="col">Summary</th></tr></thead><tbody></tbody></table>' +
      '<p class="bf-more" hidden><button type="button"></button></p>';
    var stored = document.querySelector(".tag_explorer-default-table");
    if (stored) { stored.hidden = true; stored.parentNode.insertBefore(wrap, stored.nextSibling); }
    else root.appendChild(wrap);
    var table = wrap.querySelector("table"), more = wrap.querySelector(".bf-more"), sort = null, rows = [], limit = PAGE_ROWS;
    function render() {
      var list = rows;
      if (sort) {
        var key = COLS[sort[0]], dir = sort[1];
        list = rows.map(function (e, i) { return [key(e), i, e]; })
          .sort(function (a, b) { return dir * cmp(a[0], b[0]) || a[1] - b[1]; })
          .map(function (k) { return k[2]; });
      }
      table.tBodies[0].innerHTML = list.slice(0, limit).map(function (e) {
        return '<tr data-event-id="' + esc(e.id) + '"><td><code>' + esc(e.id) + "</code></td><td>" + esc(COLS[1](e)) + "</td><td>" +
          esc(e.placeLabel) + "</td><td>" + esc(e.typeLabel) + "</td><td>" + esc(e.summary) + "</td></tr>";
      }).join("");
      more.hidden = list.length <= limit;
      more.firstChild.textContent = "Show all " + list.length + " events in the table";
      wrap.hidden = list.length === 0;
    }
    makeSortable(table, function (col, dir) { sort = [col, dir]; render(); });
    more.firstChild.addEventListener("click", function () { limit = Infinity; render(); });
    return function (sel) { rows = sel; limit = PAGE_ROWS; render(); };
  }

  function referenceTable() {
    var table = document.querySelector("table.briefing-events");
    if (!table) return function () {};
    var rows = {};
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) { rows[r.id.replace(/^ev-/, "")] = r; });
    makeSortable(table, function (col, dir) { sortRows(table.tBodies[0], col, dir); });
    return function (sel, ids) {
      Object.keys(rows).forEach(function (id) { rows[id].hidden = !ids.has(id); });
    };
  }

  // ---- wiring ---------------------------------------------------------------------------
  function start(root) {
    var form = root.querySelector("form");
    var status = root.querySelector(".bf-status");
    var link = root.querySelector(".bf-link");
    var view = root.getAttribute("data-view");
    var src = root.getAttribute("data-src");
    var api = window.briefingExplorer = { draws: 0, lastIds: [], ready: false };
    Promise.all([fetch(src).then(function (r) {
      if (!r.ok) throw new Error("could not load " + src + " (" + r.status + ")");
      return r.json();
    }), waitForFigures()]).then(function (res) {
      var db = prepare(res[0]);
      var known = new Set(db.events.map(function (e) { return e.id; }));
      var figs = view === "explorer" ? figureTemplates() : [];
      var table = view === "explorer" ? explorerTable(root) : referenceTable();
      var typing = false, timer = null, current = null;

      function draw(st) {
        var sel = filterEvents(db.events, st);
        var ids = new Set(sel.map(function (e) { return e.id; }));
        table(sel, ids);
        var n = sel.length, total = db.events.length;
        status.textContent = n ? n + " of " + total + " events match." :
          "No event matches these filters (0 of " + total + "). Untick a type, widen the years or clear the search, or use “Clear all filters”.";
        api.lastIds = sel.map(function (e) { return e.id; });
        return Promise.all(figs.map(function (f) { return redrawFigure(f, sel, ids, known); })).then(function () {
          return new Promise(function (r) { requestAnimationFrame(function () { r(); }); });
        }).then(function () {
          api.draws += 1;
          api.drawnAt = performance.now();
          root.setAttribute("data-draws", String(api.draws));
        });
      }

      function apply(st, mode) {
        current = st;
        var url = window.location.pathname + toQuery(st, db) + window.location.hash;
        if (mode === "push" && url !== window.location.pathname + window.location.search + window.location.hash) {
          window.history.pushState(null, "", url);
        } else if (mode !== "none") {
          window.history.replaceState(null, "", url);
        }
        link.href = url;
        return draw(st);
      }
      api.apply = function (st, mode) { writeForm(form, Object.assign(defaults(db), st)); return apply(readForm(form, db), mode || "push"); };
      api.fold = fold;
      // for the benchmark: put a view's values in the form without applying them
      api.setForm = function (search) { writeForm(form, fromURL(db, search)); };

      form.addEventListener("submit", function (e) { e.preventDefault(); typing = false; apply(readForm(form, db), "push"); });
      form.addEventListener("change", function (e) {
        if (e.target.name === "q") { typing = false; return; } // already applied while typing
        apply(readForm(form, db), "push");
      });
      form.elements.q.addEventListener("keydown", function (e) {
        if (e.key !== "Enter") return;
        e.preventDefault(); clearTimeout(timer); typing = false;
        var st = readForm(form, db);
        if (!current || st.q !== current.q) apply(st, "push");
      });
      form.elements.q.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var st = readForm(form, db);
          if (current && st.q === current.q) return;
          apply(st, typing ? "replace" : "push");
          typing = true;
        }, 250);
      });
      form.addEventListener("reset", function () {
        setTimeout(function () { writeForm(form, defaults(db)); typing = false; apply(defaults(db), "push"); }, 0);
      });
      window.addEventListener("popstate", function () {
        var st = fromURL(db); writeForm(form, st); typing = false; apply(st, "none");
      });

      form.hidden = false;
      var st = fromURL(db);
      writeForm(form, st);
      api.ready = true;
      return apply(st, "replace");
    }).catch(function (err) {
      status.textContent = "The filter could not start: " + err.message;
      root.setAttribute("data-error", String(err));
      console.error("briefing: event filter:", err);
    });
  }

  function init() { document.querySelectorAll(".briefing-filter").forEach(start); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
