"""The loaders reject malformed input with a message naming file, line, column and value."""

from __future__ import annotations

import csv
import re

import pytest

from briefing import data
from briefing.data import DataValidationError


def _rewrite(path, mutate):
    """Read a CSV into dict rows, let ``mutate`` change them, write it back."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames
        rows = list(reader)
    rows = mutate(rows) or rows
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _set(path, row_index, column, value):
    def mutate(rows):
        rows[row_index][column] = value
    _rewrite(path, mutate)


def _expect(exc: pytest.ExceptionInfo, file: str, line: int, column: str, value: str, problem: str):
    err = exc.value
    msg = str(err)
    assert err.path.endswith(file), msg
    assert err.line == line, msg
    assert err.column == column, msg
    assert err.value == value, msg
    assert re.search(problem, msg), msg
    assert file in msg and f"line {line}" in msg and f"'{column}'" in msg and repr(value) in msg


def test_real_data_loads():
    counts = data.validate_all()
    assert counts["events"] > 0 and counts["sources"] > 0 and counts["places"] > 0


@pytest.mark.parametrize(
    "column,value,problem",
    [
        ("date_start", "2023-13-01", "not a real calendar date"),
        ("date_start", "20 Sept 2023", "not a date in ISO 8601"),
        ("event_type", "skirmish", "not one of the allowed values"),
        ("sub_type", "summit", "not a sub-type of event_type"),
        ("latitude", "95.5", "above the maximum 90"),
        ("longitude", "east", "not a number"),
        ("date_precision", "9", "above the maximum 5"),
        ("geo_precision", "1.5", "not a whole number"),
        ("fatalities_best", "-3", "below the minimum 0"),
        ("country", "Artsakh", "not one of the allowed values"),
    ],
)
def test_bad_cell_in_events(tmp_data, column, value, problem):
    _set(tmp_data / "events.csv", 1, column, value)
    with pytest.raises(DataValidationError) as exc:
        data.load_events(tmp_data)
    _expect(exc, "events.csv", 3, column, value, problem)


def test_unknown_source_id(tmp_data):
    first = data.load_events(tmp_data)["source_ids"].iloc[0].split(";")[0]
    data.clear_cache()
    _set(tmp_data / "events.csv", 0, "source_ids", f"{first};no-such-source")
    with pytest.raises(DataValidationError) as exc:
        data.load_events(tmp_data)
    _expect(exc, "events.csv", 2, "source_ids", "no-such-source", "not a known source_id in sources.csv")


def test_unknown_place_id(tmp_data):
    _set(tmp_data / "events.csv", 0, "place_id", "atlantis")
    with pytest.raises(DataValidationError) as exc:
        data.load_events(tmp_data)
    _expect(exc, "events.csv", 2, "place_id", "atlantis", "not a known place_id in places.csv")


def test_duplicate_event_id(tmp_data):
    def mutate(rows):
        rows[2]["event_id"] = rows[0]["event_id"]
    _rewrite(tmp_data / "events.csv", mutate)
    with pytest.raises(DataValidationError) as exc:
        data.load_events(tmp_data)
    first = exc.value.value
    _expect(exc, "events.csv", 4, "event_id", first, "duplicates line 2")


def test_low_greater_than_high(tmp_data):
    def mutate(rows):
        rows[0].update(fatalities_low="50", fatalities_best="", fatalities_high="10")
    _rewrite(tmp_data / "events.csv", mutate)
    with pytest.raises(DataValidationError) as exc:
        data.load_events(tmp_data)
    _expect(exc, "events.csv", 2, "fatalities_high", "10", r"must not be less than fatalities_low \(50\)")


def test_best_outside_range(tmp_data):
    def mutate(rows):
        rows[0].update(fatalities_low="5", fatalities_best="4", fatalities_high="10")
    _rewrite(tmp_data / "events.csv", mutate)
    with pytest.raises(DataValidationError) as exc:
        data.load_events(tmp_data)
    _expect(exc, "events.csv", 2, "fatalities_best", "4", "must not be less than fatalities_low")


def test_end_before_start(tmp_data):
    def mutate(rows):
        rows[0].update(date_start="2023-09-20", date_end="2023-09-19")
    _rewrite(tmp_data / "events.csv", mutate)
    with pytest.raises(DataValidationError) as exc:
        data.load_events(tmp_data)
    _expect(exc, "events.csv", 2, "date_end", "2023-09-19", "date_start <= date_end")


def test_missing_required_field(tmp_data):
    _set(tmp_data / "events.csv", 0, "summary", "")
    with pytest.raises(DataValidationError) as exc:
        data.load_events(tmp_data)
    _expect(exc, "events.csv", 2, "summary", "", "required but empty")


def test_blank_fatalities_stay_missing_not_zero():
    ev = data.load_events()
    blank = ev["fatalities_best"].isna()
    assert blank.any(), "the dataset should have events with no reported deaths"
    assert str(ev["fatalities_best"].dtype) == "Int64"


def test_spaces_are_not_trimmed_silently(tmp_data):
    _set(tmp_data / "events.csv", 0, "country", " Azerbaijan")
    with pytest.raises(DataValidationError) as exc:
        data.load_events(tmp_data)
    _expect(exc, "events.csv", 2, "country", " Azerbaijan", "leading or trailing spaces")


def test_bad_source_url_and_kind(tmp_data):
    _set(tmp_data / "sources.csv", 0, "kind", "blog")
    with pytest.raises(DataValidationError) as exc:
        data.load_sources(tmp_data)
    _expect(exc, "sources.csv", 2, "kind", "blog", "not one of the allowed values")


def test_wrong_header(tmp_data):
    path = tmp_data / "places.csv"
    text = path.read_text(encoding="utf-8").replace("name_az", "name_aze", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"places.csv, line 1.*missing columns \['name_az'\].*unexpected columns \['name_aze'\]"):
        data.load_places(tmp_data)


def test_ragged_row(tmp_data):
    path = tmp_data / "sources.csv"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("extra,row\n")
    n = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(DataValidationError, match=rf"sources.csv, line {n} .*has 2 cells"):
        data.load_sources(tmp_data)


def test_not_utf8(tmp_data):
    path = tmp_data / "sources.csv"
    path.write_bytes(path.read_bytes() + "caf\u00e9,x\n".encode("latin-1"))
    with pytest.raises(DataValidationError, match="sources.csv.*not valid UTF-8"):
        data.load_sources(tmp_data)


def test_estimate_needs_a_figure(tmp_data):
    src = data.load_sources(tmp_data)["source_id"].iloc[0]
    path = tmp_data / "estimates.csv"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f"X9999,killed,other,,Nobody,,,,,2023-01-01,{src},\n")
    n = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(DataValidationError) as exc:
        data.load_estimates(tmp_data)
    _expect(exc, "estimates.csv", n, "value", "", "at least one of")


def test_estimate_value_needs_its_qualifier(tmp_data):
    _set(tmp_data / "estimates.csv", 0, "qualifier", "")
    with pytest.raises(DataValidationError) as exc:
        data.load_estimates(tmp_data)
    _expect(exc, "estimates.csv", 2, "qualifier", "", "filled in together with")


def test_estimate_qualifier_is_from_the_list(tmp_data):
    _set(tmp_data / "estimates.csv", 0, "qualifier", "roughly")
    with pytest.raises(DataValidationError) as exc:
        data.load_estimates(tmp_data)
    _expect(exc, "estimates.csv", 2, "qualifier", "roughly", "not one of the allowed values")


def test_estimate_event_must_exist(tmp_data):
    _set(tmp_data / "estimates.csv", 0, "event_id", "E9999")
    with pytest.raises(DataValidationError) as exc:
        data.load_estimates(tmp_data)
    _expect(exc, "estimates.csv", 2, "event_id", "E9999", "not a known event_id in events.csv")
