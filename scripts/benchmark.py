"""Measure page weight, figure draw time and build times; compare with a naive setup.

Run with ``make bench`` (not part of the test suite). Prints a Markdown table for the
README. Two builds of the same content are measured in the same run:

* **this book**: figures stored as plotly JSON and drawn by the site's own plotly.js,
  loaded once per page from ``_static/`` (cached across pages);
* **naive**: a default Jupyter Book set-up of the same notebooks executed with plotly's
  ``notebook`` renderer, which inlines plotly.js into every page that has a figure.

Page weight is what a static host sends with gzip: the gzip -6 size of each file a page
loads. "Further page" counts the page's HTML plus anything it loads that is not a shared
site asset (``_static/`` and the search index, cached after the first page). Draw time is from
navigation start until every figure on the page has drawn, on a localhost server, with a
warm cache, median of three loads.

A cold first visit on a slow phone network (``scripts/bench_cold.py``: Chromium's own
throttling, 150 ms, 1.6 Mbit/s, served gzipped) is measured for both set-ups too: bytes and
time until ``load`` for the first page, and until every figure is drawn for each chart page.
"""

from __future__ import annotations

import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS, serve_directory, toc_pages  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from bench_cold import measure_cold  # noqa: E402

JB = str(Path(sys.executable).parent / "jupyter-book")
BUDGET_PAGE = 100 * 1024
#: Files every page shares and a browser caches after the first page.
SHARED = ("_static/", "searchindex.js")
BUDGET_DRAW = 1.0
BUDGET_REBUILD = 15.0
BUDGET_CLEAN = 180.0
#: Cold first visit on a slow phone network (bench_cold.py).
BUDGET_FIRST_BYTES = 300 * 1024
BUDGET_FIRST_S = 2.5
BUDGET_CHART_BYTES = 900 * 1024
BUDGET_CHART_S = 6.0


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def timed(cmd, cwd, env=None) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return time.perf_counter() - t0


def measure_site(site: Path, pages: list[str], browser, figure_wait: str) -> dict:
    results = {}
    with serve_directory(site) as base:
        for rel in pages:
            # page weight: every same-origin file the page loads, cold
            ctx = browser.new_context()
            page = ctx.new_page()
            loaded = []
            page.on("requestfinished", lambda r: loaded.append(r.url))
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
            page.goto(f"{base}/{rel}", wait_until="load")
            n_fig = page.evaluate(figure_wait + ".count")
            try:
                page.wait_for_function(figure_wait + ".done", timeout=15_000)
                drew = True
            except Exception:
                drew = False
            page.wait_for_timeout(300)
            # a map "drew" only if its base map (country outlines) is there too
            if drew and page.locator(".geo").count():
                drew = page.locator(".geolayer .countries path, .geolayer path.countries").count() > 0
            files = {}
            for url in loaded:
                path = site / urlparse(url).path.lstrip("/")
                if path.is_file():
                    files[urlparse(url).path.lstrip("/")] = gz(path)
            cold = sum(files.values())
            warm = sum(v for k, v in files.items() if not k.startswith(SHARED))
            # draw time with a warm cache: reload three times in the same context
            times = []
            if n_fig and drew:
                for _ in range(3):
                    page.goto(f"{base}/{rel}", wait_until="commit")
                    page.wait_for_function(figure_wait + ".done", timeout=15_000)
                    times.append(page.evaluate(figure_wait + ".at") / 1000)
            ctx.close()
            results[rel] = dict(figures=n_fig, drew=drew, cold=cold, warm=warm,
                                draw=statistics.median(times) if times else None)
    return results


OURS_WAIT = ("({count: document.querySelectorAll('.briefing-plotly').length,"
             " done: document.documentElement.hasAttribute('data-briefing-figures'),"
             " at: window.briefingDrawnAt || 0})")
NAIVE_WAIT = ("({count: document.querySelectorAll('.plotly-graph-div').length,"
              " done: Array.from(document.querySelectorAll('.plotly-graph-div')).every(d => d.querySelector('.main-svg')),"
              " at: performance.now()})")


def naive_copy(dst: Path) -> None:
    """The same book, set up the way a new user would: no asset handling, notebook renderer."""
    for name in ["_toc.yml", "intro.md", "chapters", "data", "node_modules"]:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dst / name, ignore=shutil.ignore_patterns("_build", ".ipynb_checkpoints"))
        else:
            shutil.copy(src, dst / name)
    cfg = (ROOT / "_config.yml").read_text(encoding="utf-8")
    cfg = cfg.replace('execute_notebooks: "off"', "execute_notebooks: force")
    cfg = cfg.replace("    - briefing.site.sphinxext\n", "")
    cfg = cfg.replace("    nb_ipywidgets_js: {}\n", "")
    (dst / "_config.yml").write_text(cfg, encoding="utf-8")


def main() -> None:
    from playwright.sync_api import sync_playwright

    pages = toc_pages()
    # --- this book
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    t_exec = timed([sys.executable, "scripts/execute_notebooks.py", "--force"], ROOT)
    t_clean = timed([JB, "build", ".", "-W", "-n", "--keep-going"], ROOT)
    t_rebuild = timed([JB, "build", ".", "-W", "-n", "--keep-going"], ROOT)
    # --- naive
    tmp = Path(tempfile.mkdtemp(prefix="naive-book-"))
    reuse = os.environ.get("BRIEFING_NAIVE_SITE")  # a naive _build/html from an earlier run
    if reuse:
        shutil.copytree(reuse, tmp / "_build" / "html")
        t_naive_clean = t_naive_rebuild = float("nan")
    else:
        naive_copy(tmp)
        env = dict(os.environ, PLOTLY_RENDERER="notebook")
        t_naive_clean = timed([JB, "build", str(tmp), "-n", "--keep-going"], tmp, env)
        t_naive_rebuild = timed([JB, "build", str(tmp), "-n", "--keep-going"], tmp, env)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        ours = measure_site(ROOT / "_build" / "html", pages, browser, OURS_WAIT)
        naive = measure_site(tmp / "_build" / "html", pages, browser, NAIVE_WAIT)
        cold_pages = [pages[0]] + [p for p in pages[1:] if ours[p]["figures"]]
        cold = measure_cold(ROOT / "_build" / "html", cold_pages, browser, OURS_WAIT)
        ncold = measure_cold(tmp / "_build" / "html", cold_pages, browser, NAIVE_WAIT)
        browser.close()
    shutil.rmtree(tmp, ignore_errors=True)

    kb = lambda b: f"{b / 1024:,.1f} KB"
    fig_pages = [p for p in pages if ours[p]["figures"]]
    first = pages[0]
    first_fig = fig_pages[0] if fig_pages else first
    further = [p for p in pages if p != first]
    worst_warm = max(further, key=lambda p: ours[p]["warm"])
    worst_naive = max(further, key=lambda p: naive[p]["warm"])
    draws = [ours[p]["draw"] for p in fig_pages if ours[p]["draw"] is not None]
    ndraws = [naive[p]["draw"] for p in fig_pages if naive[p]["draw"] is not None]
    ok = lambda cond: "within budget" if cond else "OVER BUDGET"

    print(f"Benchmark, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores; {len(pages)} pages, {len(fig_pages)} with figures.\n")
    print("| Measure | This book | Naive set-up | Budget |")
    print("|---|---|---|---|")
    print(f"| First page (`{first}`), gzip, cold cache | {kb(ours[first]['cold'])} | {kb(naive[first]['cold'])} | — |")
    print(f"| First chart page (`{first_fig}`), gzip, cold cache | {kb(ours[first_fig]['cold'])} | {kb(naive[first_fig]['cold'])} | — |")
    c1, n1 = cold[first], ncold[first]
    print(f"| First page, cold visit on a slow phone network: bytes | {kb(c1['bytes'])} | {kb(n1['bytes'])} | ≤ 300 KB: {ok(c1['bytes'] <= BUDGET_FIRST_BYTES)} |")
    print(f"| First page, cold visit on a slow phone network: time to load | {c1['seconds']:.2f} s | {n1['seconds']:.2f} s | ≤ 2.5 s: {ok(c1['seconds'] <= BUDGET_FIRST_S)} |")
    cold_fig = [p for p in fig_pages if p in cold]
    if cold_fig:
        hb = max(cold_fig, key=lambda p: cold[p]["bytes"])
        hs = max(cold_fig, key=lambda p: cold[p]["seconds"] if cold[p]["drew"] else float("inf"))
        nb = max(cold_fig, key=lambda p: ncold[p]["bytes"])
        ns = max(cold_fig, key=lambda p: ncold[p]["seconds"])
        all_drew = all(cold[p]["drew"] for p in cold_fig)
        print(f"| Heaviest chart page, cold visit on a slow phone network: bytes until every figure drawn | {kb(cold[hb]['bytes'])} (`{hb}`) | {kb(ncold[nb]['bytes'])} (`{nb}`) | ≤ 900 KB: {ok(cold[hb]['bytes'] <= BUDGET_CHART_BYTES)} |")
        print(f"| Slowest chart page, cold visit on a slow phone network: every figure drawn | {cold[hs]['seconds']:.2f} s (`{hs}`) | {ncold[ns]['seconds']:.2f} s (`{ns}`) | ≤ 6 s: {ok(all_drew and cold[hs]['seconds'] <= BUDGET_CHART_S)} |")
    print(f"| Heaviest further page, gzip, warm cache | {kb(ours[worst_warm]['warm'])} (`{worst_warm}`) | {kb(naive[worst_naive]['warm'])} (`{worst_naive}`) | ≤ 100 KB: {ok(ours[worst_warm]['warm'] <= BUDGET_PAGE)} |")
    print(f"| Median further page, gzip, warm cache | {kb(statistics.median(ours[p]['warm'] for p in further))} | {kb(statistics.median(naive[p]['warm'] for p in further))} | — |")
    slow = max(draws) if draws else 0
    print(f"| Slowest page until every figure drawn (warm, localhost) | {slow:.2f} s | "
          f"{(f'{max(ndraws):.2f} s' if ndraws else 'n/a')} | ≤ 1 s: {ok(slow <= BUDGET_DRAW)} |")
    naive_drawn = sum(1 for p in fig_pages if naive[p]["drew"])
    print(f"| Chart pages whose figures all drew, base maps included, offline | {sum(1 for p in fig_pages if ours[p]['drew'])} of {len(fig_pages)} | {naive_drawn} of {len(fig_pages)} | all |")
    print(f"| Clean build (site only; notebooks already executed) | {t_clean:.1f} s | {t_naive_clean:.1f} s (executes notebooks) | ≤ 180 s: {ok(t_clean + t_exec <= BUDGET_CLEAN)} with execution |")
    print(f"| Executing every notebook | {t_exec:.1f} s | (inside its build) | — |")
    print(f"| No-change rebuild | {t_rebuild:.1f} s | {t_naive_rebuild:.1f} s | ≤ 15 s: {ok(t_rebuild <= BUDGET_REBUILD)} |")
    print("\nPer page (this book): warm-cache gzip bytes, figures, draw time")
    for p in pages:
        r = ours[p]
        print(f"- `{p}`: {kb(r['warm'])}, {r['figures']} figures" + (f", {r['draw']:.2f} s" if r["draw"] else ""))
    import bench_explorer  # the static event explorer: control change to redraw
    bench_explorer.report(ROOT / "_build" / "html")
    print("\nCold visit on a slow phone network (150 ms, 1.6 Mbit/s), this book vs naive: bytes, seconds")
    for p in cold:
        c, n = cold[p], ncold[p]
        print(f"- `{p}`: {kb(c['bytes'])}, {c['seconds']:.2f} s" + ("" if c["drew"] else " (figures NOT drawn)")
              + f" | naive {kb(n['bytes'])}, {n['seconds']:.2f} s" + ("" if n["drew"] else " (figures not drawn)"))


if __name__ == "__main__":
    main()
