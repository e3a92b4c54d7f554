"""`make check-data` reports every problem in one run, with file, line, column, value and rule."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import checkdata, data
from briefing.data import DataValidationError

ROOT = Path(__file__).resolve().parents[1]


def _edit(path: Path, edits: dict[tuple[int, str], str]):
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    for (i, col), value in edits.items():
        rows[i][col] = value
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


@pytest.fixture
def five_problems(tmp_data):
    """A copy of the data with five different problems, in three files."""
    _edit(tmp_data / "events.csv", {
        (0, "date_start"): "2023-13-01",                    # not a date (Table Schema type)
        (1, "event_type"): "armed_clash",                   # sub-type of another type (custom)
        (1, "sub_type"): "summit",
        (2, "fatalities_low"): "50",                        # low > best (custom, ordered)
        (2, "fatalities_best"): "5",
        (3, "source_ids"): "no-such-source",                # list reference (custom)
    })
    _edit(tmp_data / "estimates.csv", {(0, "event_id"): "E9999"})  # foreign key (Table Schema)
    return tmp_data


EXPECTED = [
    ("events.csv, line 2", "'date_start'", "'2023-13-01'", "type-error"),
    ("events.csv, line 3", "'sub_type'", "'summit'", "briefing:subtypes"),
    ("events.csv, line 4", "'fatalities_best'", "'5'", "briefing:ordered"),
    ("events.csv, line 5", "'source_ids'", "'no-such-source'", "briefing:references"),
    ("estimates.csv, line 2", "'event_id'", "'E9999'", "foreign-key"),
]


def test_check_data_reports_all_five_problems(five_problems):
    proc = subprocess.run([sys.executable, "-m", "briefing.checkdata", str(five_problems)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = [ln for ln in proc.stdout.splitlines() if "line " in ln]
    for where, column, value, rule in EXPECTED:
        hits = [ln for ln in lines if where in ln and column in ln and value in ln and rule in ln]
        assert hits, f"no report of {where} {column} {value} [{rule}] in:\n{proc.stdout}"
    assert "5 problem(s) found" in proc.stdout, proc.stdout


def test_loaders_stop_at_the_first_problem_with_the_same_rule(five_problems):
    with pytest.raises(DataValidationError) as exc:
        data.load_events(five_problems)
    assert exc.value.line == 2 and exc.value.column == "date_start"


def test_the_real_data_has_no_problems():
    assert checkdata.check(ROOT / "data") == []
