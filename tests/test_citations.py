"""Citations: numbered markers, their cards and each page's "Sources on this page" list.

The ``{src}`` role (briefing.site.citations) renders each citation group as one superscript
marker; briefing-citations.js opens a card from it. These tests build a tiny book to check the
numbering and the unknown-id error, and drive the built site in Chromium to check that the
markers stay small at phone width, that every card and every page list links every cited
source, that the cards work from the keyboard and without JavaScript, and that axe-core,
dark mode and print are content with them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import data
from briefing.site.perspectives import perspectives_markdown
from citation_share import NARRATIVE_PAGES, measure
from conftest import ROOT, axe_violations

SRC_ROLE = re.compile(r"(?<!`)\{src\}`([^`]*)`")
PERSPECTIVES = re.compile(r"^:::\{perspectives\}\s*(.+?)\s*$", re.M)
CITED_PAGES = [rel for rel in NARRATIVE_PAGES
               if SRC_ROLE.search((ROOT / rel).with_suffix(".md").read_text(encoding="utf-8"))]
PAGE = "chapters/karabakh/war-2020.html"


def _groups(rel: str) -> list[list[str]]:
    """The citation groups of a narrative page, in order, from its Markdown."""
    text = (ROOT / rel).with_suffix(".md").read_text(encoding="utf-8")
    table = data.load_perspectives()  # the {perspectives} directive cites through {src} too
    text = PERSPECTIVES.sub(lambda m: perspectives_markdown(table, m.group(1)), text)
    return [[s.strip() for s in m.group(1).split(";") if s.strip()] for m in SRC_ROLE.finditer(text)]


@pytest.fixture(scope="module")
def urls():
    return dict(zip(data.load_sources().source_id, data.load_sources().url))


# --- the role, in a tiny book -------------------------------------------------------------

def _tiny_book(tmp_data: Path, body: str) -> subprocess.CompletedProcess:
    src = tmp_data.parent
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'briefing.site.citations']\nexclude_patterns = ['data', 'out']\n",
        encoding="utf-8")
    (src / "index.md").write_text(body, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(src), str(src / "out")],
                          capture_output=True, text=True, timeout=300)


def test_unknown_source_id_fails_the_build(tmp_data):
    proc = _tiny_book(tmp_data, "# T\n\nA claim {src}`tass-2020-09-27;no-such-source-1999`.\n")
    assert proc.returncode != 0
    assert "unknown source id 'no-such-source-1999'" in proc.stdout + proc.stderr


def test_markers_numbered_by_first_citation(tmp_data, urls):
    ids = list(urls)[:3]
    body = (f"# T\n\nOne {{src}}`{ids[1]}`. Two {{src}}`{ids[0]};{ids[1]}`.\n\n"
            f"## Part\n\nThree {{src}}`{ids[2]};{ids[0]}`.\n")
    proc = _tiny_book(tmp_data, body)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = (tmp_data.parent / "out" / "index.html").read_text(encoding="utf-8")
    markers = re.findall(r'<a class="briefing-cite-marker" id="cite-(\d+)" href="#page-source-(\d+)" '
                         r'aria-label="([^"]+)" data-sources="([^"]+)">([^<]+)</a>', html)
    assert markers == [("1", "1", "Source 1", "1", "1"), ("2", "2", "Sources 2, 1", "2 1", "2,1"),
                       ("3", "3", "Sources 3, 2", "3 2", "3,2")]
    assert "One<span" in html, "the space before a marker is dropped"
    listed = re.findall(r'<li id="page-source-(\d+)" data-source-id="([^"]+)">', html)
    assert listed == [("1", ids[1]), ("2", ids[0]), ("3", ids[2])]
    assert html.index("Sources on this page") > html.index("Three")


# --- the built site, in Chromium ----------------------------------------------------------

def _open(browser, site_url, rel, width=375, height=812, **kw):
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block", **kw)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site_url}/{rel}", wait_until="load")
    return context, page, errors


@pytest.mark.parametrize("rel", NARRATIVE_PAGES)
def test_citation_markers_at_most_5_percent_at_phone_width(built_site, site_url, browser, rel):
    r = measure(browser, site_url, rel, 375, 812)
    assert r["total"] > 0, f"{rel}: no visible text measured"
    assert r["share"] <= 0.05, f"{rel}: citation markers are {r['share']:.1%} of the visible text ({r}) at 375 px"


@pytest.mark.parametrize("rel", CITED_PAGES)
def test_every_card_and_the_page_list_link_every_cited_source(built_site, site_url, browser, rel, urls):
    groups = _groups(rel)
    order = list(dict.fromkeys(s for g in groups for s in g))
    context, page, errors = _open(browser, site_url, rel, width=1280, height=900)
    try:
        listed = page.evaluate("""() => Array.from(document.querySelectorAll('.briefing-page-sources-list > li'))
            .map(li => [li.dataset.sourceId, li.querySelector('a.reference.external').getAttribute('href')])""")
        assert [sid for sid, _ in listed] == order, f"{rel}: the page list is not the cited sources in order"
        for sid, href in listed:
            assert href == urls[sid], f"{rel}: {sid} links {href}, not {urls[sid]}"
        cards = page.evaluate("""() => Array.from(document.querySelectorAll('.briefing-cite-marker')).map(m => {
            m.click();
            const card = document.getElementById(m.getAttribute('aria-controls'));
            const shown = Boolean(card) && !card.hidden;  // a marker in a hidden tab opens a hidden card
            const hrefs = card ? Array.from(card.querySelectorAll('a.reference.external')).map(a => a.getAttribute('href')) : [];
            m.click();
            return {shown, hrefs, name: m.getAttribute('aria-label'), target: m.getAttribute('href')};
        })""")
        assert len(cards) == len(groups), f"{rel}: {len(cards)} markers for {len(groups)} citation groups"
        for i, (card, group) in enumerate(zip(cards, groups), 1):
            want = list(dict.fromkeys(urls[s] for s in group))
            assert card["shown"], f"{rel}: marker {i} ({card['name']}) opened no card"
            assert card["hrefs"] == want, f"{rel}: marker {i} card links {card['hrefs']}, cited {want}"
            nums = [order.index(s) + 1 for s in dict.fromkeys(group)]
            assert card["name"] == ("Sources " if len(nums) > 1 else "Source ") + ", ".join(map(str, nums))
            assert card["target"] == f"#page-source-{nums[0]}"
        assert not errors, f"{rel}: {errors}"
    finally:
        context.close()


def test_card_keyboard_open_and_close(built_site, site_url, browser):
    context, page, errors = _open(browser, site_url, PAGE)
    try:
        marker = page.locator(".briefing-cite-marker").nth(1)
        marker.focus()
        card_id = marker.get_attribute("aria-controls")
        card = page.locator(f"#{card_id}")
        assert card.is_visible() and marker.get_attribute("aria-expanded") == "true"
        page.keyboard.press("Tab")
        assert page.evaluate(f"document.getElementById('{card_id}').contains(document.activeElement)"), \
            "Tab from a marker does not reach its card"
        page.keyboard.press("Escape")
        assert card.is_hidden() and marker.get_attribute("aria-expanded") == "false"
        assert page.evaluate("document.activeElement.classList.contains('briefing-cite-marker')"), \
            "Escape does not return focus to the marker"
        page.keyboard.press("Enter")
        assert card.is_visible(), "Enter on a marker does not open its card"
        page.keyboard.press("Escape")
        assert card.is_hidden()
        # at phone width the card stays on screen and the page does not scroll sideways
        shown = page.locator(".briefing-cite-marker").filter(visible=True)  # not those in closed tabs
        for i in (0, 5, 20):
            m = shown.nth(i)
            m.scroll_into_view_if_needed()
            m.click()
            box = page.locator(f"#{m.get_attribute('aria-controls')}").bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, f"card {i} off screen: {box}"
            assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 1
            page.mouse.click(5, 400)
        assert not errors, errors
    finally:
        context.close()


def test_markers_link_to_the_list_without_javascript(built_site, site_url, browser):
    context, page, errors = _open(browser, site_url, PAGE, java_script_enabled=False)
    try:
        marker = page.locator(".briefing-cite-marker").nth(2)
        target = marker.get_attribute("href")
        marker.click()
        assert page.url.endswith(target)
        assert page.locator(target).is_visible()
        assert page.locator(f"{target} a.reference.external").count() == 1
    finally:
        context.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_open_card_accessible_axe(built_site, site_url, browser, theme):
    context, page, errors = _open(browser, site_url, PAGE)
    try:
        page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
        page.locator(".briefing-cite-marker").nth(1).focus()
        violations = axe_violations(page)
        assert not violations, f"{theme}: {violations}"
    finally:
        context.close()


def test_print_shows_the_list_and_hides_cards(built_site, site_url, browser):
    context, page, errors = _open(browser, site_url, PAGE, width=1280, height=900)
    try:
        page.locator(".briefing-cite-marker").first.click()
        page.emulate_media(media="print")
        assert page.locator(".briefing-page-sources-list").is_visible()
        assert page.locator(".briefing-cite-card:not([hidden])").count() == 1
        assert page.locator(".briefing-cite-card:not([hidden])").is_hidden(), "an open card would print"
    finally:
        context.close()


# --- the references, split over pages by publisher --------------------------------------

def test_reference_parts_file_every_publisher_once():
    from briefing.site.citations import REFERENCE_PARTS, reference_part

    assert reference_part("1news.az") == reference_part("Armenpress") == "references-a"
    assert reference_part("azatutyun") == "references-a"  # case does not matter
    assert reference_part("BBC") == reference_part("Lragir") == "references-b-l"
    assert reference_part("Meduza") == reference_part("RFE/RL") == "references-m-r"
    assert reference_part("TASS") == reference_part("Zarkalo") == reference_part("Шанс") == "references-s-z"
    # Azerbaijani and Turkish letters are filed with their base letter, not after Z
    assert reference_part("Çay TV") == reference_part("İctimai TV") == reference_part("Əks-səda") == "references-b-l"
    assert reference_part("Ölkə") == "references-m-r" and reference_part("Şərq") == "references-s-z"
    from briefing.site.citations import filing_key
    assert sorted(["Zerkalo", "Şərq", "Sabah"], key=filing_key) == ["Sabah", "Şərq", "Zerkalo"]
    names = [name for name, _ in REFERENCE_PARTS]
    for name in names:
        assert (ROOT / "chapters" / "about" / f"{name}.md").is_file(), name
    parts = {name: 0 for name in names}
    for publisher in data.load_sources().publisher:
        parts[reference_part(publisher)] += 1
    assert all(parts.values()), parts  # no empty page
    assert sum(parts.values()) == len(data.load_sources())


def test_references_pages_list_every_source_once(built_site):
    listed = []
    for path in sorted((built_site / "chapters" / "about").glob("references-*.html")):
        listed += re.findall(r'<li id="src-([^"]+)"', path.read_text(encoding="utf-8"))
    assert sorted(listed) == sorted(data.load_sources().source_id)
    index = (built_site / "chapters" / "about" / "references.html").read_text(encoding="utf-8")
    assert 'id="src-' not in index
    for name in ("references-a", "references-b-l", "references-m-r", "references-s-z"):
        assert f'href="{name}.html"' in index


def test_event_table_links_each_source_to_its_entry(built_site):
    page = (built_site / "chapters" / "about" / "events-table.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="(references-[a-z-]+\.html)#src-([^"]+)">', page)
    events = data.load_events()
    assert len(links) == sum(len(ids.split(";")) for ids in events.source_ids)
    for target, sid in links:
        entry = (built_site / "chapters" / "about" / target).read_text(encoding="utf-8")
        assert f'<li id="src-{sid}">' in entry, (target, sid)
