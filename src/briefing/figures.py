"""One rule turns the death figures linked to an event (``estimates.event_id``) into the
event's ``fatalities_low``, ``fatalities_best`` and ``fatalities_high``.

The rule, stated in words on the Data and methods page:

1. Only death counts are used (measures ``killed``, ``killed_military``, ``killed_civilian``).
   A claim about an adversary's losses (a ``side`` that reads "X (per Y)") is left out:
   it stays in ``estimates.csv``.
2. Figures are grouped by the party whose dead they count: the ``side`` label before any
   bracketed counting body, so "Azerbaijan (own Defence Ministry count)" counts for
   "Azerbaijan". Labels beginning "all sides" or "both sides" are totals for the event.
3. For each party the latest report is used (by ``as_of``; two reports of one day: the
   larger; an undated report only when the party has no dated one). Where a party reports
   all its dead in one figure (``killed``) that figure is used; otherwise its latest
   military and latest civilian counts are added.
4. ``best`` is the larger of the parties' figures added together and the latest total.
5. ``low`` and ``high`` are the smallest and largest of that sum and every reported total;
   they stay blank when all of these agree with ``best``.

A figure stated as "at least" or "more than" counts as its number; a range counts as its
lower end for ``best`` and as both its ends for ``low`` and ``high``.
"""

from __future__ import annotations

import re

import pandas as pd

DEATHS = ("killed", "killed_military", "killed_civilian")
_TOTAL = re.compile(r"^(all|both) sides\b", re.IGNORECASE)
_CLAIM = re.compile(r"\(per\b", re.IGNORECASE)

__all__ = ["DEATHS", "party_of", "event_fatalities", "derived_fatalities"]


def party_of(side: str) -> str | None:
    """Whose dead a figure counts; ``'*'`` for an all-sides total, ``None`` for a claim
    about an adversary's losses."""
    if _CLAIM.search(side):
        return None
    if _TOTAL.match(side.strip()):
        return "*"
    return side.split(" (")[0].strip()


def _latest(rows: pd.DataFrame):
    """The latest report among ``rows`` (dated ones first; same day: the larger)."""
    dated = rows[rows.as_of.notna()]
    pool = dated if len(dated) else rows
    pool = pool.assign(_fig=pool.value.fillna(pool.low).fillna(pool.high))
    if pool.as_of.notna().any():
        pool = pool[pool.as_of == pool.as_of.max()]
    return pool._fig.max()


def event_fatalities(rows: pd.DataFrame) -> tuple[int | None, int | None, int | None]:
    """(low, best, high) for one event from its linked estimate rows (any measures)."""
    rows = rows[rows.measure.isin(DEATHS)]
    parties = rows.side.map(party_of)
    rows = rows[parties.notna()].assign(_party=parties[parties.notna()])
    if rows.empty:
        return (None, None, None)
    totals = rows[rows._party == "*"]
    party_sum = None
    for _, sub in rows[rows._party != "*"].groupby("_party"):
        if (sub.measure == "killed").any():
            figure = _latest(sub[sub.measure == "killed"])
        else:
            figure = sum(_latest(part) for _, part in sub.groupby("measure"))
        party_sum = (party_sum or 0) + int(figure)
    latest_total = int(_latest(totals)) if len(totals) else None
    best = max(v for v in (party_sum, latest_total) if v is not None)
    candidates = [best] + ([party_sum] if party_sum is not None else [])
    for r in totals.itertuples():
        candidates += [int(v) for v in (r.value, r.low, r.high) if pd.notna(v)]
    low, high = min(candidates), max(candidates)
    if low == high == best:
        return (None, best, None)
    return (low, best, high)


def derived_fatalities(events: pd.DataFrame, estimates: pd.DataFrame) -> pd.DataFrame:
    """For every event with linked death figures: the stored and the derived low/best/high."""
    linked = estimates[estimates.event_id.notna() & estimates.measure.isin(DEATHS)]
    out = []
    stored = events.set_index("event_id")
    for event_id, rows in linked.groupby("event_id"):
        low, best, high = event_fatalities(rows)
        if best is None:
            continue
        ev = stored.loc[event_id]
        out.append({
            "event_id": event_id,
            "low": ev.fatalities_low, "best": ev.fatalities_best, "high": ev.fatalities_high,
            "rule_low": low, "rule_best": best, "rule_high": high,
        })
    return pd.DataFrame(out)
