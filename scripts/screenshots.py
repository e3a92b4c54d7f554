"""Screenshots of one chart page in light mode, dark mode and at phone width (docs/screenshots/).

Run with ``make screenshots`` after ``make book``. The README shows them.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS, serve_directory  # noqa: E402

PAGE = "chapters/karabakh/contested-numbers.html"
OUT = ROOT / "docs" / "screenshots"


def main():
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    shots = [("light", "light", 1280, 900), ("dark", "dark", 1280, 900), ("phone", "light", 375, 812)]
    with serve_directory(ROOT / "_build" / "html") as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for name, scheme, width, height in shots:
            ctx = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                      device_scale_factor=1)
            page = ctx.new_page()
            page.goto(f"{base}/{PAGE}")
            page.wait_for_function("document.documentElement.hasAttribute('data-briefing-figures')")
            page.locator(".briefing-plotly").nth(2).scroll_into_view_if_needed()
            page.wait_for_timeout(400)
            page.screenshot(path=str(OUT / f"chart-{name}.png"))
            ctx.close()
            print("wrote", (OUT / f"chart-{name}.png").relative_to(ROOT))
        browser.close()


if __name__ == "__main__":
    main()
