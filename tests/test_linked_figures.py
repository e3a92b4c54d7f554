"""Estimates are linked to their events, stated with their qualifier, and consistent with events.csv."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from briefing import data


@pytest.fixture(scope="module")
def est():
    return data.load_estimates()


@pytest.fixture(scope="module")
def ev():
    return data.load_events()


def test_at_least_a_hundred_estimates_are_linked_to_their_event(est):
    assert est.event_id.notna().sum() >= 100


def test_no_figure_is_reported_before_its_event(est, ev):
    merged = est.dropna(subset=["event_id", "as_of"]).merge(ev[["event_id", "date_start"]], on="event_id")
    early = merged[merged.as_of < merged.date_start]
    assert early.empty, early[["estimate_id", "event_id", "as_of", "date_start"]].to_string()


_WORDING = re.compile(
    r"\b(at least|more than|over|above|up to|as many as|about|around|approximately|approx\.|some|nearly|~)\s*"
    r"(\d[\d,]*(?:\.\d+)?)(\s*(?:thousand|million))?",
    re.IGNORECASE,
)


def _number(digits: str, scale: str | None) -> int:
    n = float(digits.replace(",", ""))
    if scale:
        n *= 1000 if "thousand" in scale.lower() else 1_000_000
    return int(round(n))


def test_qualified_wording_is_not_stored_as_exact(est):
    """A note quoting 'at least 200' (or 'about', 'more than', 'up to' ...) for the stored
    figure itself means the qualifier cannot be 'exact'."""
    bad = []
    for r in est.dropna(subset=["value", "note"]).itertuples():
        for m in _WORDING.finditer(r.note):
            if _number(m.group(2), m.group(3)) == r.value and r.qualifier == "exact":
                bad.append(f"{r.estimate_id}: {m.group(0)!r} but qualifier 'exact'")
    assert not bad, bad


def test_single_bounds_are_stored_as_qualified_values(est):
    """'at least 94' is value 94 with qualifier 'at least', never a lone low (or high) bound."""
    lone = est[est.low.notna() != est.high.notna()]
    assert lone.empty, lone.estimate_id.tolist()
    assert set(est.qualifier.dropna()) <= {"exact", "at least", "more than", "about", "up to"}
