"""Shared fixtures: the project root, the built site, a local server and a browser."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socketserver
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
CHROMIUM = os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def build_book(extra_args=()) -> subprocess.CompletedProcess:
    """Build the book with warnings as errors; return the finished process."""
    jb = Path(sys.executable).parent / "jupyter-book"
    cmd = [str(jb), "build", str(ROOT), "-W", "-n", "--keep-going", *extra_args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800)


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The book, built once per test session with Sphinx -W.

    Pages and doctrees are rebuilt from scratch so no stale page survives;
    the notebook execution cache is kept, so unchanged notebooks are not re-run.
    """
    for stale in (SITE, ROOT / "_build" / ".doctrees"):
        shutil.rmtree(stale, ignore_errors=True)
    proc = build_book()
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        pytest.fail(f"book build failed (exit {proc.returncode}):\n{log[-6000:]}")
    return SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@contextlib.contextmanager
def serve_directory(directory: Path):
    """Serve a folder over HTTP on a free loopback port; yields the base URL.

    Used by the browser tests, the benchmark and the screenshot script.
    """
    handler = functools.partial(_QuietHandler, directory=str(directory))
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as httpd:
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}"
        finally:
            httpd.shutdown()


@pytest.fixture(scope="session")
def site_url(built_site):
    """Serve the built site on a free loopback port for the session."""
    with serve_directory(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package (make test does this as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def toc_pages() -> list[str]:
    """The pages the book promises: every file in ``_toc.yml``, plus search and index."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return [f"{Path(f).with_suffix('').as_posix()}.html" for f in files] + ["genindex.html", "search.html"]


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site, as paths relative to its root."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("_static/", "_sources/", "_images/")):
            continue
        if rel == "index.html":  # a redirect stub to the landing page
            continue
        pages.append(rel)
    return pages


@pytest.fixture
def tmp_data(tmp_path) -> Path:
    """A copy of data/ that a test may break."""
    dst = tmp_path / "data"
    shutil.copytree(ROOT / "data", dst)
    return dst


#: axe-core, served by npm (package.json); the browser tests inject it into a page.
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[str]:
    """Run axe-core (WCAG 2 A and AA) on the page; its serious and critical violations, one line each."""
    assert AXE.is_file(), f"{AXE} missing: run `npm ci` (make test does)"
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}});
            return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => `${v.id} (${v.impact}): ${v.nodes.length} element(s), e.g. ${v.nodes[0].target.join(' ')}`);
        }"""
    )
