"""Measure every figure's layout on the built site at laptop and phone width.

    python scripts/measure_figures.py [SITE_DIR] [--json OUT]

Prints, per width: titles not inside their figure, overlaps between legend, sliders, menus
and plotting area, the largest legend share of a figure's height, and maps without labels.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS, serve_directory  # noqa: E402
from figure_layout import FIGURE_PAGES, measure_page  # noqa: E402

WIDTHS = (1280, 375)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site", nargs="?", default=str(ROOT / "_build" / "html"))
    ap.add_argument("--json")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    results = {}
    with serve_directory(Path(args.site)) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for width in WIDTHS:
            for rel in FIGURE_PAGES:
                results[f"{width} {rel}"] = measure_page(browser, base, rel, width, 812 if width < 600 else 900)
        browser.close()
    for width in WIDTHS:
        figs = [f for k, v in results.items() if k.startswith(f"{width} ") for f in v]
        clipped = sum(f["title_clipped"] for f in figs)
        overl = sum(bool(f["overlaps"]) for f in figs)
        maps = [f for f in figs if f["is_map"]]
        unlabelled = sum(not f["map_labels"] for f in maps)
        over_third = sum(f["legend_share"] > 0.34 for f in figs)
        print(f"{width}px: {len(figs)} figures; titles clipped {clipped}; figures with overlaps {overl}; "
              f"max legend share {max(f['legend_share'] for f in figs):.0%}; legends over a third {over_third}; "
              f"maps {len(maps)}, unlabelled {unlabelled}")
        for k, v in results.items():
            if k.startswith(f"{width} "):
                for f in v:
                    flags = []
                    if f["title_clipped"]:
                        flags.append("TITLE CLIPPED")
                    if f["overlaps"]:
                        flags.append("overlaps " + ",".join(f["overlaps"]))
                    if f["legend_share"] > 0.34:
                        flags.append(f"legend {f['legend_share']:.0%}")
                    if f["is_map"] and not f["map_labels"]:
                        flags.append("map unlabelled")
                    if flags:
                        print(f"   {k.split(' ', 1)[1]} #{f['index']} {f['title'][:40]!r}: {'; '.join(flags)}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
