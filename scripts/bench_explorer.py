"""Time from a control change to redrawn figures on the static event explorer.

For each filter combination of the parity test (tests/test_explorer_parity.py), the
page is opened at its default view, the combination's values are put into the form
controls, and one ``change`` event is sent, as when a reader changes a control. The
time runs from that event until the map, the timeline and the table have been
redrawn (``Plotly.react`` finished and the next animation frame painted), measured
inside the page with ``performance.now()``. Each combination is measured three
times; the script reports the median per combination and over all of them.

Run on its own (``python scripts/bench_explorer.py``, after ``make book``) or from
scripts/benchmark.py.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

PAGE = "chapters/karabakh/explorer.html"
MEASURE = """async (search) => {
  const api = window.briefingExplorer, form = document.querySelector('.briefing-filter form');
  api.setForm(search);
  const before = api.draws, t0 = performance.now();
  form.dispatchEvent(new Event('change', {bubbles: true}));
  await new Promise(res => { (function poll() { api.draws > before ? res() : requestAnimationFrame(poll); })(); });
  return api.drawnAt - t0;
}"""


def measure(site: Path, browser, repeats: int = 3) -> dict[str, float]:
    """Median milliseconds from a control change to redrawn figures, per combination."""
    from conftest import serve_directory
    from test_explorer_parity import COMBOS, address

    out = {}
    with serve_directory(site) as base:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
        for name, q, _ in COMBOS:
            times = []
            for _ in range(repeats):
                page.goto(f"{base}/{PAGE}", wait_until="load")
                page.wait_for_function("() => window.briefingExplorer && window.briefingExplorer.draws > 0",
                                       timeout=20_000)
                page.wait_for_timeout(300)  # let the first drawing settle
                times.append(page.evaluate(MEASURE, address(q)))
            out[name] = statistics.median(times)
        ctx.close()
    return out


def report(site: Path | None = None) -> float:
    """Print the measurement as Markdown; return the median over all combinations (ms)."""
    from conftest import CHROMIUM, CHROMIUM_ARGS, SITE
    from playwright.sync_api import sync_playwright

    site = site or SITE
    if not (site / PAGE).is_file():
        raise SystemExit(f"{site / PAGE} is missing: run `make book` first")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        per = measure(site, browser)
        browser.close()
    overall = statistics.median(per.values())
    print(f"\nEvent explorer: control change to redrawn map, timeline and table "
          f"(median of 3 per combination, localhost, Chromium): **{overall:.0f} ms** median over "
          f"{len(per)} combinations (slowest {max(per.values()):.0f} ms).")
    for name, ms in per.items():
        print(f"- {name}: {ms:.0f} ms")
    from briefing.site.explorer_page import payload_sizes
    s = payload_sizes(ROOT / "data")
    print(f"\nEvents JSON `{s['name']}`: {s['raw'] / 1024:.1f} KB raw, {s['gzip'] / 1024:.1f} KB gzip "
          f"for {s['events']} events ({s['gzip'] / s['events']:.0f} bytes gzip per event).")
    return overall


if __name__ == "__main__":
    report()
