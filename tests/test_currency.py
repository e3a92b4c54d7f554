"""The book states how current it is from the data, never by hand, and lists what is pending."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from briefing import data

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "intro.md", ROOT / "README.md", *sorted((ROOT / "chapters").rglob("*.md"))]
NOTEBOOKS = sorted((ROOT / "chapters").rglob("*.ipynb"))
INDEX_PAGES = [ROOT / "intro.md", *(ROOT / "chapters" / c / "index.md" for c in ("csto", "karabakh", "pivot", "teaching"))]


def _texts():
    for p in PAGES:
        yield p, p.read_text(encoding="utf-8")
    for p in NOTEBOOKS:
        nb = json.loads(p.read_text(encoding="utf-8"))
        yield p, "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def test_no_page_says_to_today():
    bad = [str(p.relative_to(ROOT)) for p, text in _texts() if re.search(r"\bto (today|the present day|now)\b", text, re.I)]
    assert not bad, bad


def test_the_as_of_date_is_never_typed_by_hand():
    as_of = data.as_of().strftime("%Y-%m-%d")
    role = re.compile(r"\{(src|event)\}`[^`]*`")  # source ids carry dates of their own
    bad = [str(p.relative_to(ROOT)) for p, text in _texts()
           if as_of in role.sub("", text) and p.name != "changelog.md"]
    assert not bad, f"{as_of} typed in {bad}; use {{data-asof}}`x` or the since-data-end box"


def test_landing_and_chapter_pages_show_the_pending_box():
    missing = [str(p.relative_to(ROOT)) for p in INDEX_PAGES if "{since-data-end}" not in p.read_text(encoding="utf-8")]
    assert not missing, missing


def test_pending_rows_are_after_the_data_end_and_honest_about_passed_dates():
    pending = data.load_pending()
    as_of = data.as_of()
    assert len(pending) >= 3
    early = pending[pending.date <= as_of]
    assert early.empty, f"the data already run past these: {early.pending_id.tolist()}"
    today = dt.date.today()
    for r in pending.itertuples():
        if r.date.date() < today:
            assert re.search(r"do(es)? not report", r.summary), (
                f"{r.pending_id}: its date has passed, so the summary must say the sources cited do not report the outcome")
