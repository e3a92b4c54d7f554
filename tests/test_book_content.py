"""The book's promises to readers and instructors, checked on the sources and the built pages."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ["csto", "karabakh", "pivot"]
NOTEBOOKS = sorted((ROOT / "chapters").rglob("*.ipynb"))


def _contested_pairs() -> list[tuple[str, str]]:
    """Armenian-usage / Azerbaijani-usage pairs: every place places.csv marks as contested.

    ``name_en`` of a contested place is "Armenian usage/Azerbaijani usage" in Latin script.
    """
    import csv

    with open(ROOT / "data" / "places.csv", encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["contested_name"] == "true"]
    pairs = []
    for r in rows:
        hy, _, az = r["name_en"].partition("/")
        assert hy and az and r["name_hy"] and r["name_az"], f"places.csv {r['place_id']}: contested place lacks both names"
        pairs.append((hy.strip(), az.strip()))
    return pairs


#: Armenian-usage / Azerbaijani-usage pairs (the book's naming policy), from data/places.csv.
PAIRS = _contested_pairs()


def _notebook_markdown(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def _prose(text: str) -> str:
    """Text without citations, code, link targets and directive options."""
    text = re.sub(r"\{(src|event|term|download|ref|doc|numref)\}`[^`]*`", " ", text)
    text = re.sub(r"^\s*```.*$", " ", text, flags=re.M)  # fence lines; a directive's content stays
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"^:[a-z-]+:.*$", " ", text, flags=re.M)
    text = re.sub(r"^\(.*\)=$", " ", text, flags=re.M)
    return text


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_opens_with_overview_prerequisites_and_time(nb):
    first = json.loads(nb.read_text(encoding="utf-8"))["cells"][0]
    text = "".join(first["source"])
    for part in ("## Overview", "## Prerequisites", "Time to learn", "## Learning objectives", "Data used", "**Key terms:** {term}`"):
        assert part in text, f"{nb.name}: missing {part!r}"
    assert re.search(r"\|\s*Concept\s*\|", text), f"{nb.name}: prerequisites table missing"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_installs_the_package_from_the_configured_repository(nb):
    repo = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]
    cell = json.loads(nb.read_text(encoding="utf-8"))["cells"][1]
    assert cell["cell_type"] == "code" and "remove-cell" in cell["metadata"].get("tags", [])
    assert f"\"briefing @ git+{repo['url']}@{repo['branch']}\"" in "".join(cell["source"]), \
        "install cell out of step with _config.yml repository.url and .branch"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_landing_page_frames(chapter):
    text = (ROOT / "chapters" / chapter / "index.md").read_text(encoding="utf-8")
    for part in ("## Learning objectives", "## Key terms", "Time to read", "## Prerequisites", "## Discussion questions"):
        assert part in text, f"{chapter}/index.md: missing {part!r}"
    prereq = text.split("## Prerequisites", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"^\|.*\|\s*$", prereq, re.M), f"{chapter}: prerequisites are not a table"
    assert "{term}`" in text.split("## Key terms", 1)[1].split("\n## ", 1)[0]


def _all_pages():
    pages = [p for c in CHAPTERS for p in (ROOT / "chapters" / c).glob("*.md")]
    return pages + NOTEBOOKS


def _every_page():
    """Every page of the built book: chapters, instructor and reference pages, notebooks, the intro."""
    return sorted((ROOT / "chapters").rglob("*.md")) + NOTEBOOKS + [ROOT / "intro.md"]


def test_every_exercise_has_a_hidden_solution():
    labels, solutions = set(), {}
    for page in _all_pages():
        text = page.read_text(encoding="utf-8") if page.suffix == ".md" else _notebook_markdown(page)
        labels.update(re.findall(r":::\{exercise\}[^\n]*\n:label: (\S+)", text))
        for label, body in re.findall(r":::\{solution\} (\S+)\n((?::[a-z]+:.*\n)*)", text):
            solutions[label] = body
    assert len(labels) >= 10
    missing = sorted(labels - set(solutions))
    assert not missing, f"exercises without a solution: {missing}"
    shown = sorted(label for label, opts in solutions.items() if ":class: dropdown" not in opts)
    assert not shown, f"solutions not hidden until clicked: {shown}"


def test_naming_pairs_come_from_places_csv():
    assert len(PAIRS) >= 8 and ("Stepanakert", "Khankendi") in PAIRS


@pytest.mark.parametrize("page", _every_page(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_contested_places_named_both_ways_at_first_mention(page):
    text = page.read_text(encoding="utf-8") if page.suffix == ".md" else _notebook_markdown(page)
    # "Lachin corridor" is the road's established name in both sides' and international usage.
    text = _prose(text).replace("Lachin corridor", "corridor")
    for hy, az in PAIRS:
        m = re.search(rf"\b({hy}|{az})\b", text)
        if not m:
            continue
        window = text[max(0, m.start() - len(hy) - 4): m.end() + len(az) + 4]
        paired = f"{hy}/{az}" in window or re.search(rf"{hy}\s*\|\s*{az}", window)
        assert paired, f"{page.name}: first mention of {m.group(1)!r} lacks the pair {hy}/{az}"


class _Article(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = 0
        self.words = 0
        self.links = set()
        self.figures = 0
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.depth += 1
        if self.depth:
            if tag in ("script", "style"):
                self.skip += 1
            if tag == "a" and re.match(r"https?://", a.get("href", "")):
                self.links.add(a["href"])
            if tag == "div" and a.get("class") == "briefing-plotly":
                self.figures += 1

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.words += len(re.findall(r"\w+", data))


@pytest.mark.parametrize("chapter,words,figures,links", [("csto", 3500, 5, 25), ("karabakh", 5000, 7, 40), ("pivot", 4000, 5, 30)])
def test_built_chapter_meets_its_size(built_site, chapter, words, figures, links):
    parser = _Article()
    for page in sorted((built_site / "chapters" / chapter).glob("*.html")):
        parser.feed(page.read_text(encoding="utf-8"))
    assert parser.words >= words, f"{chapter}: {parser.words} words"
    assert parser.figures >= figures, f"{chapter}: {parser.figures} figures"
    assert len(parser.links) >= links, f"{chapter}: {len(parser.links)} outbound links"
