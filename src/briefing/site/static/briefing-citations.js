/* Citation cards: each numbered marker in the text opens a small card with its sources.
 *
 * Without this script every marker is a plain link to its entry in the page's
 * "Sources on this page" list. With it, a marker opens a card on hover (mouse), on focus
 * (keyboard) or on tap; the card holds copies of the list entries (publisher, date, title,
 * label, link to the original). Escape, a tap outside, the close button or moving focus
 * away closes it. No dependencies.
 */
(function () {
  "use strict";
  var open = null;        // the wrapper whose card is shown
  var openedAt = 0;
  var quietFocus = false; // focus returned by Escape should not reopen the card

  function cardFor(wrap) {
    var card = wrap.querySelector(".briefing-cite-card");
    if (card) return card;
    var marker = wrap.querySelector(".briefing-cite-marker");
    card = document.createElement("span");
    card.className = "briefing-cite-card";
    card.id = "card-" + marker.id;
    card.setAttribute("role", "group");
    card.setAttribute("aria-label", marker.getAttribute("aria-label"));
    card.hidden = true;
    marker.dataset.sources.split(" ").forEach(function (n) {
      var entry = document.querySelector("#page-source-" + n + " .briefing-source-entry");
      if (!entry) return;
      var item = document.createElement("span");
      item.className = "briefing-cite-card-item";
      var num = document.createElement("span");
      num.className = "briefing-cite-card-num";
      num.textContent = n;
      item.appendChild(num);
      var body = entry.cloneNode(true);
      body.className = "briefing-cite-card-body";
      item.appendChild(body);
      card.appendChild(item);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.className = "briefing-cite-card-close";
    close.setAttribute("aria-label", "Close " + marker.getAttribute("aria-label"));
    close.textContent = "\u00d7";
    close.addEventListener("click", function (e) {
      e.preventDefault();
      hide(wrap, true);
    });
    card.appendChild(close);
    wrap.appendChild(card);
    marker.setAttribute("aria-controls", card.id);
    return card;
  }

  function place(wrap, card) {
    card.style.left = "0px";
    card.style.top = "";
    card.style.bottom = "";
    var w = wrap.getBoundingClientRect();
    var vw = document.documentElement.clientWidth;
    var cw = card.offsetWidth;
    var x = Math.max(8, Math.min(w.left, vw - cw - 8));
    card.style.left = (x - w.left) + "px";
    var c = card.getBoundingClientRect();
    if (c.bottom > window.innerHeight && w.top - c.height > 8) {
      card.style.top = "auto";
      card.style.bottom = "100%";
    }
  }

  function show(wrap) {
    if (open && open !== wrap) hide(open, false);
    var card = cardFor(wrap);
    if (!card.hidden) return;
    card.hidden = false;
    wrap.querySelector(".briefing-cite-marker").setAttribute("aria-expanded", "true");
    place(wrap, card);
    open = wrap;
    openedAt = Date.now();
  }

  function hide(wrap, refocus) {
    var card = wrap.querySelector(".briefing-cite-card");
    var marker = wrap.querySelector(".briefing-cite-marker");
    if (card) card.hidden = true;
    marker.setAttribute("aria-expanded", "false");
    if (open === wrap) open = null;
    if (refocus) {
      quietFocus = true;
      marker.focus();
      quietFocus = false;
    }
  }

  function init() {
    var wraps = document.querySelectorAll(".briefing-cite");
    Array.prototype.forEach.call(wraps, function (wrap) {
      var marker = wrap.querySelector(".briefing-cite-marker");
      if (!marker) return;
      var timer = null;
      marker.setAttribute("aria-expanded", "false");
      marker.addEventListener("click", function (e) {
        e.preventDefault();
        var card = wrap.querySelector(".briefing-cite-card");
        if (card && !card.hidden && Date.now() - openedAt > 400) hide(wrap, false);
        else show(wrap);
      });
      marker.addEventListener("focus", function () {
        if (!quietFocus) show(wrap);
      });
      wrap.addEventListener("focusout", function (e) {
        if (!e.relatedTarget || !wrap.contains(e.relatedTarget)) {
          if (!wrap.matches(":hover")) hide(wrap, false);
        }
      });
      wrap.addEventListener("keydown", function (e) {
        if (e.key === "Escape" && open === wrap) {
          e.preventDefault();
          hide(wrap, true);
        }
      });
      wrap.addEventListener("pointerenter", function (e) {
        if (e.pointerType !== "mouse") return;
        clearTimeout(timer);
        timer = setTimeout(function () { show(wrap); }, 120);
      });
      wrap.addEventListener("pointerleave", function (e) {
        if (e.pointerType !== "mouse") return;
        clearTimeout(timer);
        timer = setTimeout(function () {
          if (!wrap.contains(document.activeElement)) hide(wrap, false);
        }, 300);
      });
    });
    document.addEventListener("click", function (e) {
      if (open && !open.contains(e.target)) hide(open, false);
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && open) hide(open, open.contains(document.activeElement));
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
