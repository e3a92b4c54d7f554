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


def test_no_event_with_reported_deaths_has_blank_fatalities(est, ev):
    from briefing.figures import DEATHS, party_of

    deaths = est[est.event_id.notna() & est.measure.isin(DEATHS) & est.side.map(party_of).notna()]
    blank = ev[ev.event_id.isin(deaths.event_id) & ev.fatalities_best.isna()]
    assert blank.empty, blank.event_id.tolist()


def test_event_fatalities_follow_the_documented_rule(est, ev):
    """events.csv holds exactly what the rule on the methods page derives from the linked figures."""
    from briefing.figures import derived_fatalities

    d = derived_fatalities(ev, est)
    assert len(d) >= 20
    bad = []
    for r in d.itertuples():
        stored = tuple(None if pd.isna(v) else int(v) for v in (r.low, r.best, r.high))
        rule = tuple(None if v is None or pd.isna(v) else int(v) for v in (r.rule_low, r.rule_best, r.rule_high))
        if stored != rule:
            bad.append(f"{r.event_id}: events.csv has low/best/high {stored}, the rule gives {rule}")
    assert not bad, "\n".join(bad)


def _rows(*rows):
    cols = ["measure", "side", "value", "low", "high", "as_of"]
    df = pd.DataFrame(rows, columns=cols)
    df["as_of"] = pd.to_datetime(df.as_of)
    return df


def test_rule_adds_each_sides_latest_own_report_and_ignores_claims_about_the_adversary():
    from briefing.figures import event_fatalities

    rows = _rows(
        ("killed_military", "Armenia", 2, None, None, "2023-09-01"),
        ("killed_military", "Armenia", 4, None, None, "2023-09-01"),
        ("killed_military", "Armenia", 3, None, None, "2023-09-02"),  # the final, revised figure
        ("killed_military", "Azerbaijan (own Defence Ministry count)", 5, None, None, "2023-09-01"),
        ("killed_civilian", "Azerbaijan", 1, None, None, "2023-09-03"),
        ("killed_military", "Azerbaijan (per Armenian side)", 50, None, None, "2023-09-02"),
    )
    assert event_fatalities(rows) == (None, 9, None)


def test_rule_takes_low_and_high_from_the_reported_totals():
    from briefing.figures import event_fatalities

    rows = _rows(
        ("killed", "Kyrgyzstan", 59, None, None, "2022-09-19"),
        ("killed", "Tajikistan", 41, None, None, "2022-09-19"),
        ("killed", "both sides (total)", 81, None, None, "2022-09-18"),
        ("killed", "all sides", None, 70, 120, "2022-09-18"),
    )
    assert event_fatalities(rows) == (70, 100, 120)


def test_every_pointer_to_the_estimates_leads_somewhere(est, ev):
    """A summary that sends readers to estimates.csv has figures linked to it there."""
    pointing = ev[ev.summary.str.contains("estimates", case=False)]
    orphans = sorted(set(pointing.event_id) - set(est.event_id.dropna()))
    assert not orphans, orphans
