"""Screenshots of three figures in light mode, dark mode and at phone width (docs/screenshots/).

Run with ``make screenshots`` after ``make book``. The README shows them. Each shot is of
the figure itself (with its source line), so it shows exactly what a reader sees there.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS, serve_directory  # noqa: E402

#: (name, page, index of the figure on the page)
FIGURES = [
    ("event-map", "chapters/karabakh/event-map.html", 0),
    ("war-2020-map", "chapters/karabakh/war-2020-map.html", 0),
    ("contested-numbers", "chapters/karabakh/contested-numbers.html", 1),
]
VIEWS = [("light", "light", 1280, 900), ("dark", "dark", 1280, 900), ("phone", "light", 375, 812)]
OUT = ROOT / "docs" / "screenshots"


def main():
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with serve_directory(ROOT / "_build" / "html") as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for fig_name, rel, index in FIGURES:
            for view, scheme, width, height in VIEWS:
                ctx = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                          device_scale_factor=1)
                page = ctx.new_page()
                page.goto(f"{base}/{rel}", timeout=120_000)
                page.wait_for_function("document.documentElement.hasAttribute('data-briefing-figures')",
                                       timeout=120_000)
                # hide the sticky header so it never covers the figure
                page.add_style_tag(content=".bd-header, .bd-header-article, #pst-skip-link { display: none !important; }")
                figure = page.locator(".briefing-plotly").nth(index)
                figure.scroll_into_view_if_needed()
                page.wait_for_timeout(400)
                box = figure.bounding_box()
                caption = page.locator(".briefing-plotly-source").nth(index).bounding_box()
                bottom = max(box["y"] + box["height"], (caption["y"] + caption["height"]) if caption else 0)
                path = OUT / f"{fig_name}-{view}.png"
                page.screenshot(path=str(path), full_page=True,
                                clip=dict(x=0, y=max(0, box["y"] + page.evaluate("window.scrollY") - 24), width=width,
                                          height=bottom - box["y"] + 40))
                ctx.close()
                print("wrote", path.relative_to(ROOT))
        browser.close()


if __name__ == "__main__":
    main()
