"""How much of a page's visible text is citation markers, measured in Chromium.

Shared by tests/test_citations.py and scripts/measure_citations.py. The text counted is the
article's rendered, visible text (non-whitespace characters), without the page's own
"Sources on this page" list; citation text is every visible character inside ``.briefing-cite``.
"""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT

#: Narrative pages: every Markdown page under chapters/, as built HTML paths.
NARRATIVE_PAGES = sorted(p.relative_to(ROOT).with_suffix(".html").as_posix()
                         for p in (ROOT / "chapters").rglob("*.md"))

SHARE_JS = """() => {
  const article = document.querySelector('main .bd-article') || document.querySelector('main');
  const skip = el => el.closest('.briefing-page-sources, .briefing-cite-card, script, style, noscript');
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  let total = 0, cite = 0, markers = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || skip(el)) continue;
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const r = document.createRange(); r.selectNodeContents(n);
    if (!r.getClientRects().length) continue;
    const k = n.textContent.replace(/\\s+/g, '').length;
    total += k;
    if (el.closest('.briefing-cite')) cite += k;
  }
  markers = article.querySelectorAll('.briefing-cite').length;
  return {total, cite, markers, share: total ? cite / total : 0};
}"""


def measure(browser, base: str, rel: str, width: int = 375, height: int = 812) -> dict:
    """Visible characters, citation characters, citation groups and their share on one page."""
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    try:
        page = context.new_page()
        page.goto(f"{base}/{rel}", wait_until="load")
        return page.evaluate(SHARE_JS)
    finally:
        context.close()


def page_title(site: Path, rel: str) -> str:
    import re

    m = re.search(r"<title>(.*?)</title>", (site / rel).read_text(encoding="utf-8"), re.S)
    return m.group(1).split("&#8212;")[0].strip() if m else rel
