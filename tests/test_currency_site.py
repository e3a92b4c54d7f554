"""The built landing page and chapter pages show the generated box 'Since the data end (date)'."""

from __future__ import annotations

import re

import pytest

from briefing import data

PAGES = ["intro.html", "chapters/csto/index.html", "chapters/karabakh/index.html",
         "chapters/pivot/index.html", "chapters/teaching/index.html"]


@pytest.mark.parametrize("page", PAGES)
def test_page_shows_the_as_of_date_and_every_pending_development(built_site, page):
    html = (built_site / page).read_text(encoding="utf-8")
    as_of = data.as_of().strftime("%Y-%m-%d")
    assert f"Since the data end ({as_of})" in html
    text = re.sub(r"<[^>]+>", "", html)
    for r in data.load_pending().itertuples():
        assert r.title.replace("'", "’") in text or r.title in text, (page, r.pending_id)
    assert not re.search(r"\bto today\b", text, re.I)
