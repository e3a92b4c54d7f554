"""A student's first visit on a slow phone network, measured in Chromium.

Used by ``scripts/benchmark.py``. Each page is opened in a fresh browser context (empty
cache) with Chromium's own network throttling, set through the DevTools protocol
(``Network.emulateNetworkConditions``): 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up,
a slow 4G phone connection. The site is served the way a static host serves it: text files
(HTML, JS, CSS, JSON, SVG) gzip-compressed, fonts and images as they are. Requests that
would leave the site (a CDN) are blocked, as they would fail offline.

Bytes are what the browser received (``encodedDataLength``: compressed bodies plus headers).
Time is from navigation start until the ``load`` event (first page), or until every figure
on the page has drawn (chart pages).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import mimetypes
import os
import socketserver
import threading
from pathlib import Path

LATENCY_MS = 150
DOWN_BPS = 1_600_000 / 8  # bytes per second
UP_BPS = 750_000 / 8
#: Files a static host sends as they are (already compressed).
NOT_GZIPPED = (".woff2", ".woff", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".zip", ".gz")


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed (level 6) when the browser accepts it."""

    _cache: dict[str, bytes] = {}

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 (http.server's naming)
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            index = os.path.join(path, "index.html")
            if self.path.endswith("/") and os.path.isfile(index):
                path = index
            else:
                return super().do_GET()
        if (not os.path.isfile(path) or path.endswith(NOT_GZIPPED)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = self._cache.get(path)
        if body is None:
            body = gzip.compress(Path(path).read_bytes(), compresslevel=6)
            self._cache[path] = body
        ctype = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve_gzip(directory: Path):
    """Serve a folder gzip-compressed on a free loopback port; yields the base URL."""
    handler = functools.partial(_GzipHandler, directory=str(directory))
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as httpd:
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}"
        finally:
            httpd.shutdown()


def measure_cold(site: Path, pages: list[str], browser, figure_wait: str, timeout_s: float = 90) -> dict:
    """Cold, throttled first visit of each page: ``{page: {bytes, seconds, figures, drew}}``.

    ``figure_wait`` is a JS expression giving ``{count, done, at}`` (as in benchmark.py);
    ``at`` is the time in ms since navigation start when the last figure drew.
    """
    results = {}
    with serve_gzip(site) as base:
        for rel in pages:
            ctx = browser.new_context(viewport={"width": 412, "height": 915}, service_workers="block")
            page = ctx.new_page()
            cdp = ctx.new_cdp_session(page)
            received = [0]
            cdp.on("Network.loadingFinished", lambda e: received.__setitem__(0, received[0] + e["encodedDataLength"]))
            cdp.send("Network.enable")
            cdp.send("Network.setBlockedURLs", {"urls": ["https://*"]})
            cdp.send("Network.emulateNetworkConditions", {
                "offline": False, "latency": LATENCY_MS,
                "downloadThroughput": DOWN_BPS, "uploadThroughput": UP_BPS,
            })
            page.goto(f"{base}/{rel}", wait_until="load", timeout=timeout_s * 1000)
            load_s = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000
            load_bytes = received[0]
            n_fig = page.evaluate(figure_wait + ".count")
            drew, seconds, nbytes = True, load_s, load_bytes
            if n_fig:
                try:
                    page.wait_for_function(figure_wait + ".done", timeout=timeout_s * 1000, polling=50)
                    seconds = max(load_s, page.evaluate(figure_wait + ".at") / 1000)
                    nbytes = received[0]
                except Exception:
                    drew = False
            ctx.close()
            results[rel] = dict(bytes=nbytes, seconds=seconds, figures=n_fig, drew=drew,
                                load_bytes=load_bytes, load_seconds=load_s)
    return results
