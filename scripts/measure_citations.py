"""Share of each narrative page's visible text that is citation markers, at phone width.

    python scripts/measure_citations.py [SITE_DIR] [--width 375] [--json OUT]

Narrative pages are the Markdown pages under chapters/. The text counted is what Chromium
renders visibly in the article, without the page's "Sources on this page" list.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from citation_share import NARRATIVE_PAGES, measure, page_title  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, serve_directory  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site", nargs="?", default=str(ROOT / "_build" / "html"))
    ap.add_argument("--width", type=int, default=375)
    ap.add_argument("--json")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    site = Path(args.site)
    results = {}
    with serve_directory(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for rel in NARRATIVE_PAGES:
            results[rel] = measure(browser, base, rel, args.width) | {"title": page_title(site, rel)}
        browser.close()
    print(f"{'page':45} {'groups':>6} {'cite chars':>10} {'visible':>8} {'share':>6}")
    for rel, r in results.items():
        print(f"{rel:45} {r['markers']:6d} {r['cite']:10d} {r['total']:8d} {r['share']:6.1%}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
