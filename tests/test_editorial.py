"""The editorial guide's checkable rules: source labels, plain language, and a book that speaks
only of its subject."""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from briefing import readability
from briefing.labels import STATE_MEDIA, state_media_label

ROOT = Path(__file__).resolve().parents[1]
PARTS = ["csto", "karabakh", "pivot", "teaching", "about"]


def _sources() -> list[dict]:
    with open(ROOT / "data" / "sources.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --- Source labels -------------------------------------------------------------------------------

#: Official texts of independent or jointly signed bodies (courts, UN bodies, the OSCE, a ceasefire
#: signed by all sides): no single party's label.
UNLABELLED_OFFICIAL = re.compile(
    r"\b(UN|United Nations|UNHCR|OCHA|ICJ|International Court of Justice|International Criminal Court|European Court of Human Rights|"
    r"OSCE|CSCE|Minsk Group|Cease-fire Agreement)\b")


def test_state_media_carry_their_state_label():
    wrong = []
    for row in _sources():
        expected = state_media_label(row["publisher"])
        if expected and row["party"] != expected:
            wrong.append(f"sources.csv {row['source_id']}: publisher {row['publisher']!r} is state media, "
                         f"party must be {expected!r}, not {row['party']!r}")
    assert not wrong, "\n".join(wrong)


def test_private_media_carry_no_label():
    wrong = [f"sources.csv {r['source_id']}: {r['publisher']!r} ({r['kind']}) is labelled {r['party']!r} "
             "but is not on the state-media list (briefing.labels.STATE_MEDIA)"
             for r in _sources()
             if r["party"] and r["kind"] in ("news outlet", "news agency") and not state_media_label(r["publisher"])]
    assert not wrong, "\n".join(wrong)


def test_official_statements_name_whose_they_are():
    missing = [f"sources.csv {r['source_id']}: official statement {r['title']!r} has no party label"
               for r in _sources()
               if r["kind"] == "official statement" and not r["party"]
               and not UNLABELLED_OFFICIAL.search(r["publisher"] + " " + r["title"])]
    assert not missing, "\n".join(missing)


def test_same_publisher_same_label():
    labels = defaultdict(set)
    for row in _sources():
        labels[row["publisher"]].add(row["party"])
    mixed = {p: sorted(s) for p, s in labels.items() if len(s) > 1}
    assert not mixed, f"publishers with more than one label: {mixed}"


def test_state_media_list_is_applied_to_every_side():
    # The rule is symmetric only if each government named in the conflict has its state media listed.
    for label in ("Government of Armenia", "Government of Azerbaijan", "Government of Russia",
                  "Government of Turkey", "Government of the United States"):
        assert STATE_MEDIA.get(label), f"no state media listed for {label}"


@pytest.mark.parametrize("publisher,label", [
    ("TASS", "Government of Russia"), ("UrduPoint (Sputnik)", "Government of Russia"),
    ("Armenpress (via Hyetert)", "Government of Armenia"), ("AZERTAC", "Government of Azerbaijan"),
    ("A News (Anadolu Agency)", "Government of Turkey"), ("Massis Post (RFE/RL)", "Government of the United States"),
    ("Public Radio of Armenia (RIA Novosti)", "Government of Russia"), ("TRT World", "Government of Turkey"),
    ("Reuters", None), ("Interfax", None), ("Trend News Agency", None), ("News.am", None), ("Hyetert", None),
])
def test_state_media_label_examples(publisher, label):
    assert state_media_label(publisher) == label


# --- No traces of how the book was made ----------------------------------------------------------

RESEARCH_PHRASES = re.compile(
    r"stored (page|source|copy|version)|could not (be )?retriev|this check\b|the check could|"
    r"chapter's brief|the brief\b|\bcorpus\b|search tool|asked you to find|no stored|"
    r"\bhelper\b|\bengineers?\b|\bintegrator\b|\bworktree|(?<!teaching )\bsession log|"
    r"(retrieved|gathered|collected|found) for this (project|book|briefing)|sources retrieved\b",
    re.I)


def _text_files():
    for path in sorted((ROOT / "chapters").rglob("*.md")) + [ROOT / "intro.md"]:
        yield path, path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "chapters").rglob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        yield path, "\n".join("".join(c["source"]) for c in nb["cells"])
    for path in sorted((ROOT / "data").glob("*.csv")) + sorted((ROOT / "src" / "briefing").glob("*.py")):
        yield path, path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path,text", list(_text_files()), ids=lambda x: x.relative_to(ROOT).as_posix()
                         if isinstance(x, Path) else "")
def test_sources_speak_only_of_the_subject(path, text):
    hits = [m.group(0) for m in RESEARCH_PHRASES.finditer(text)]
    assert not hits, f"{path.relative_to(ROOT)}: research-process wording {hits}"


def test_built_site_speaks_only_of_the_subject(built_site):
    bad = []
    for page in sorted(built_site.rglob("*.html")):
        text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"<[^>]+>", " ", text)
        for m in RESEARCH_PHRASES.finditer(text):
            bad.append(f"{page.relative_to(built_site)}: {m.group(0)!r}")
    assert not bad, "\n".join(bad[:40])


def test_the_phrase_check_can_fail():
    for phrase in ("the stored page does not show", "This check could not retrieve it",
                   "the chapter's brief asked you to find", "no stored source",
                   "is reported in the sources retrieved for this project"):
        assert RESEARCH_PHRASES.search(phrase), phrase


# --- Plain language ------------------------------------------------------------------------------

def _part_text(part: str) -> str:
    folder = ROOT / "chapters" / part
    pages = sorted(folder.glob("*.md")) + sorted(folder.glob("*.ipynb"))
    return "\n\n".join(readability.prose(readability.page_text(p)) for p in pages)


@pytest.mark.parametrize("part", PARTS)
def test_chapter_reads_at_grade_11_or_lower(part):
    text = _part_text(part)
    grade = readability.grade(text)
    assert grade <= 11.0, f"chapters/{part}: Flesch–Kincaid grade {grade:.1f} (limit 11)"


@pytest.mark.parametrize("part", PARTS)
def test_very_few_sentences_over_40_words(part):
    text = _part_text(part)
    sentences = readability.sentences(text)
    long = readability.long_sentences(text)
    assert len(long) <= max(3, -(-len(sentences) // 100)), (
        f"chapters/{part}: {len(long)} of {len(sentences)} sentences over 40 words:\n" + "\n".join(long))


def test_reading_time_rounds_up_to_five_minutes():
    assert readability.reading_minutes(0) == 5
    assert readability.reading_minutes(1000) == 5
    assert readability.reading_minutes(1001) == 10
    assert readability.reading_minutes(12_500) == 65


def test_prose_drops_citations_tables_and_code():
    md = "# Title\n\nA sentence {src}`a;b` with `code`.\n\n| a | b |\n|---|---|\n\n```python\nx = 1\n```\n"
    assert readability.prose(md) == "A sentence with x."


def test_landing_pages_compute_their_reading_time():
    for part in ("csto", "karabakh", "pivot"):
        text = (ROOT / "chapters" / part / "index.md").read_text(encoding="utf-8")
        line = next(line for line in text.splitlines() if "Time to read" in line)
        assert "{reading-time}`" in line and not re.search(r"\*\* \d+ minutes", line), line
