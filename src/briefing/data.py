"""Load and validate the briefing's tables.

Every table in ``data/`` is a UTF-8 CSV described by the Frictionless Data
Package ``data/datapackage.json``.  Each loader reads its CSV as text,
checks every cell against the schema and returns a typed DataFrame.  Any
problem raises :class:`DataValidationError`, whose message names the file,
the line, the column and the offending value.  Nothing is dropped,
defaulted or coerced: a blank cell stays missing (``<NA>``), and a cell that
does not match its declared type is an error.

Beyond the Table Schema standard, the package uses a few custom properties
(all prefixed ``briefing:``: list separators, list references, sub-types, ordered fields,
one-of and together groups). They are checked by :mod:`briefing.rules`, the same code that
``make check-data`` (:mod:`briefing.checkdata`) runs as Frictionless custom checks; the
loaders stop at the first problem, ``make check-data`` lists them all.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import rules

__all__ = [
    "DataValidationError",
    "DataPackage",
    "data_dir",
    "load_package",
    "load_table",
    "load_events",
    "load_places",
    "load_sources",
    "load_estimates",
    "load_membership",
    "load_requests",
    "load_claims",
    "load_pending",
]

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT_RE = re.compile(r"^-?\d+$")
_NUM_RE = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)$")


class DataValidationError(ValueError):
    """A value in a data file breaks the schema.

    Attributes name exactly where: ``path`` (the CSV file), ``line`` (1-based
    line in the file, the header being line 1), ``column`` and ``value``.
    """

    def __init__(self, path, line, column, value, problem):
        self.path = str(path)
        self.line = line
        self.column = column
        self.value = value
        self.problem = problem
        where = f"{self.path}"
        if line is not None:
            where += f", line {line} (data row {line - 1})"
        if column is not None:
            where += f", column '{column}'"
        if value is not None:
            where += f": value {value!r}"
        super().__init__(f"{where}: {problem}")


def data_dir() -> Path:
    """The project's ``data/`` folder (found from this file or the cwd)."""
    here = Path(__file__).resolve()
    for parent in [*here.parents, Path.cwd(), *Path.cwd().parents]:
        candidate = parent / "data" / "datapackage.json"
        if candidate.is_file():
            return candidate.parent
    raise FileNotFoundError(
        "could not find data/datapackage.json above "
        f"{here} or the current directory {Path.cwd()}"
    )


@dataclass(frozen=True)
class DataPackage:
    """The parsed ``datapackage.json`` and the folder it lives in."""

    root: Path
    descriptor: dict

    def resource(self, name: str) -> dict:
        for res in self.descriptor["resources"]:
            if res["name"] == name:
                return res
        known = ", ".join(r["name"] for r in self.descriptor["resources"])
        raise KeyError(f"no resource {name!r} in {self.root / 'datapackage.json'} (known: {known})")

    @property
    def resource_names(self) -> list[str]:
        return [r["name"] for r in self.descriptor["resources"]]


def load_package(root: str | Path | None = None) -> DataPackage:
    root = Path(root) if root is not None else data_dir()
    path = root / "datapackage.json"
    with open(path, encoding="utf-8") as fh:
        descriptor = json.load(fh)
    return DataPackage(root=root, descriptor=descriptor)


# ---------------------------------------------------------------------------
# cell parsing


def _parse_cell(raw: str, field: dict, err):
    """Parse one non-empty cell according to its field; ``err(problem)`` raises."""
    ftype = field.get("type", "string")
    sep = field.get("briefing:listSeparator")
    if ftype == "string":
        if raw != raw.strip():
            err("has leading or trailing spaces")
        for problem in rules.list_item_problems(field, raw):
            err(problem.message)
        return raw
    if ftype == "integer":
        if not _INT_RE.match(raw):
            err("is not a whole number")
        return int(raw)
    if ftype == "number":
        if not _NUM_RE.match(raw):
            err("is not a number")
        return float(raw)
    if ftype == "date":
        if not _DATE_RE.match(raw):
            err("is not a date in ISO 8601 form YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            err("is not a real calendar date")
    if ftype == "boolean":
        if raw not in ("true", "false"):
            err("must be 'true' or 'false'")
        return raw == "true"
    raise ValueError(f"schema uses unsupported field type {ftype!r} for field {field['name']!r}")


def _check_constraints(value, raw: str, field: dict, err):
    cons = field.get("constraints", {})
    sep = field.get("briefing:listSeparator")
    if "enum" in cons:
        items = raw.split(sep) if sep else [value]
        for item in items:
            if item not in cons["enum"]:
                allowed = ", ".join(map(str, cons["enum"]))
                err(f"is not one of the allowed values ({allowed})")
    if "pattern" in cons and not re.fullmatch(cons["pattern"], raw):
        err(f"does not match the pattern {cons['pattern']}")
    if "minimum" in cons:
        minimum = cons["minimum"]
        if isinstance(value, dt.date):
            minimum = dt.date.fromisoformat(minimum)
        if value < minimum:
            err(f"is below the minimum {cons['minimum']}")
    if "maximum" in cons:
        maximum = cons["maximum"]
        if isinstance(value, dt.date):
            maximum = dt.date.fromisoformat(maximum)
        if value > maximum:
            err(f"is above the maximum {cons['maximum']}")
    if "maxLength" in cons and len(raw) > cons["maxLength"]:
        err(f"is longer than {cons['maxLength']} characters")


_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
}


def _read_rows(path: Path, fields: list[dict]):
    names = [f["name"] for f in fields]
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataValidationError(path, None, None, None, f"is not valid UTF-8 ({exc})") from None
    if text.startswith("\ufeff"):
        raise DataValidationError(path, 1, None, None, "starts with a byte-order mark; save as UTF-8 without BOM")
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DataValidationError(path, 1, None, None, "is empty (no header row)") from None
    if header != names:
        missing = [n for n in names if n not in header]
        extra = [h for h in header if h not in names]
        detail = []
        if missing:
            detail.append(f"missing columns {missing}")
        if extra:
            detail.append(f"unexpected columns {extra}")
        if not detail:
            detail.append(f"columns out of order; expected {names}")
        raise DataValidationError(path, 1, None, None, "header does not match the schema: " + "; ".join(detail))
    rows = []
    try:
        for row in reader:
            line = reader.line_num
            if len(row) != len(names):
                raise DataValidationError(
                    path, line, None, None, f"has {len(row)} cells, the header has {len(names)}"
                )
            rows.append((line, row))
    except csv.Error as exc:
        raise DataValidationError(path, reader.line_num, None, None, f"is not valid CSV ({exc})") from None
    return rows


def _validate_resource(pkg: DataPackage, name: str) -> tuple[pd.DataFrame, list[int]]:
    res = pkg.resource(name)
    path = pkg.root / res["path"]
    fields = res["schema"]["fields"]
    rows = _read_rows(path, fields)
    columns: dict[str, list] = {f["name"]: [] for f in fields}
    lines = []
    for line, row in rows:
        lines.append(line)
        for field, raw in zip(fields, row):
            col = field["name"]

            def err(problem, _line=line, _col=col, _raw=raw):
                raise DataValidationError(path, _line, _col, _raw, problem)

            if raw == "":
                if field.get("constraints", {}).get("required"):
                    raise DataValidationError(path, line, col, raw, "is required but empty")
                columns[col].append(None)
                continue
            value = _parse_cell(raw, field, err)
            _check_constraints(value, raw, field, err)
            columns[col].append(value)

    # uniqueness of single fields and of the primary key
    for field in fields:
        if field.get("constraints", {}).get("unique"):
            _check_unique(path, [field["name"]], columns, lines)
    pk = res["schema"].get("primaryKey")
    if pk:
        _check_unique(path, [pk] if isinstance(pk, str) else pk, columns, lines)

    # the project's own rules (shared with make check-data, see briefing.rules)
    names = [f["name"] for f in fields]
    for i, line in enumerate(lines):
        row = {n: columns[n][i] for n in names}
        for problem in rules.row_problems(res, row):
            raise DataValidationError(path, line, problem.column, problem.value, problem.message)

    df = pd.DataFrame(
        {
            f["name"]: _typed_series(columns[f["name"]], f)
            for f in fields
        }
    )
    df.attrs["source_path"] = str(path)
    df.attrs["lines"] = lines
    return df, lines


def _raw_str(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _typed_series(values: list, field: dict) -> pd.Series:
    ftype = field.get("type", "string")
    if ftype == "date":
        return pd.Series(pd.to_datetime([v if v is not None else None for v in values]), dtype="datetime64[ns]")
    return pd.Series(values, dtype=_DTYPES[ftype])


def _check_unique(path, cols, columns, lines):
    seen: dict[tuple, int] = {}
    for i, line in enumerate(lines):
        key = tuple(columns[c][i] for c in cols)
        if any(k is None for k in key):
            continue
        if key in seen:
            label = cols[0] if len(cols) == 1 else "+".join(cols)
            value = key[0] if len(key) == 1 else "|".join(map(_raw_str, key))
            raise DataValidationError(
                path, line, label, _raw_str(value) if len(key) == 1 else value,
                f"duplicates line {seen[key]}; this must be unique",
            )
        seen[key] = line


def _check_references(pkg: DataPackage, name: str, df: pd.DataFrame, tables: dict[str, pd.DataFrame]):
    res = pkg.resource(name)
    path = pkg.root / res["path"]
    lines = df.attrs["lines"]
    refs = []
    for fk in res["schema"].get("foreignKeys", []):
        refs.append((fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"], None))
    refs.extend(rules.list_references(res))
    for col, other, other_col, sep in refs:
        col = col if isinstance(col, str) else col[0]
        other_col = other_col if isinstance(other_col, str) else other_col[0]
        if other not in tables:
            tables[other] = _validate_resource(pkg, other)[0]
        keys = set(tables[other][other_col].dropna())
        other_path = pkg.root / pkg.resource(other)["path"]
        for line, raw in zip(lines, df[col]):
            if raw is pd.NA or raw is None:
                continue
            for problem in rules.reference_problems(col, raw, keys, other_path.name, other_col, sep):
                raise DataValidationError(path, line, problem.column, problem.value, problem.message)


def load_table(name: str, root: str | Path | None = None) -> pd.DataFrame:
    """Load and validate one resource of the data package by name."""
    pkg = load_package(root)
    return _load_cached(pkg.root.resolve(), name).copy()


@lru_cache(maxsize=32)
def _load_cached(root: Path, name: str) -> pd.DataFrame:
    pkg = load_package(root)
    df, _ = _validate_resource(pkg, name)
    _check_references(pkg, name, df, {name: df})
    return df


def clear_cache() -> None:
    """Forget loaded tables (after editing a CSV in a live session)."""
    _load_cached.cache_clear()


def load_events(root=None) -> pd.DataFrame:
    """``events.csv``: one row per event, UCDP-style precision codes."""
    return load_table("events", root)


def load_places(root=None) -> pd.DataFrame:
    """``places.csv``: places with their names in English, Armenian, Azerbaijani and Russian."""
    return load_table("places", root)


def load_sources(root=None) -> pd.DataFrame:
    """``sources.csv``: every source cited by any table or chapter."""
    return load_table("sources", root)


def load_estimates(root=None) -> pd.DataFrame:
    """``estimates.csv``: contested and revised figures, one per source and date."""
    return load_table("estimates", root)


def load_membership(root=None) -> pd.DataFrame:
    """``csto_membership.csv``: each state's treaty and organisation actions."""
    return load_table("csto_membership", root)


def load_requests(root=None) -> pd.DataFrame:
    """``assistance_requests.csv``: requests for help and what came back."""
    return load_table("assistance_requests", root)


def load_claims(root=None) -> pd.DataFrame:
    """``claims.csv``: op-ed claims with verdicts and evidence."""
    return load_table("claims", root)


def load_pending(root=None) -> pd.DataFrame:
    """``pending.csv``: scheduled or announced developments whose outcome the data do not hold."""
    return load_table("pending", root)


def as_of(root=None) -> pd.Timestamp:
    """The date the data run to: the latest event end date (never typed by hand)."""
    return load_events(root)["date_end"].max()


def validate_all(root=None) -> dict[str, int]:
    """Load every resource; return the row count of each."""
    pkg = load_package(root)
    return {name: len(load_table(name, pkg.root)) for name in pkg.resource_names}
