"""The events JSON behind the static explorer, and the links to shared views."""

from __future__ import annotations

import json

import pytest

from briefing import data
from briefing.explorer import place_names
from briefing.site import explorer_page


def test_payload_has_every_event_once(root):
    name, body = explorer_page.payload(root / "data")
    p = json.loads(body)
    events = data.load_events(root / "data")
    assert [r[0] for r in p["events"]] == list(events.sort_values(["date_start", "event_id"]).event_id)
    assert name.startswith("events-") and len(name) == len("events-") + 12 + len(".json")
    names = place_names(data.load_places(root / "data"))
    for r in p["events"]:
        if r[5]:
            assert p["places"][r[5]] == names[r[5]]  # every name of the place, for the search


def test_payload_name_changes_with_the_data(tmp_data):
    before, _ = explorer_page.payload(tmp_data)
    path = tmp_data / "events.csv"
    text = path.read_text(encoding="utf-8")
    assert "Soviet authorities" in text
    path.write_text(text.replace("Soviet authorities", "The Soviet authorities", 1), encoding="utf-8")
    data.clear_cache()
    after, body = explorer_page.payload(tmp_data)
    assert after != before and "The Soviet authorities" in body.decode("utf-8")


def test_view_links_are_checked(root):
    ok = explorer_page.check_view_query("y0=2021&y1=2022&type=armed_clash&text=Şuşa", root / "data")
    assert "text=%C5%9Eu%C5%9Fa" in ok
    for bad in ("q=Shusha", "type=battle", "country=Atlantis"):
        with pytest.raises(ValueError):
            explorer_page.check_view_query(bad, root / "data")
