"""The project's own data rules, beyond the Table Schema standard.

One implementation, used twice: the loaders in :mod:`briefing.data` stop at the first
problem, and ``make check-data`` (:mod:`briefing.checkdata`) runs the same functions as
Frictionless custom checks and reports every problem at once.

The rules read custom properties of ``datapackage.json`` (all prefixed ``briefing:``):

``briefing:listSeparator`` (field)
    the cell holds a list separated by this character; items are non-empty, unpadded.
``briefing:references`` (field)
    each list item must be a key of another table.
``briefing:subtypeOf`` / ``briefing:subtypes`` (field)
    the allowed sub-types for each value of a parent field.
``briefing:ordered`` (resource)
    groups of fields whose filled values must not decrease (``low <= best <= high``,
    ``date_start <= date_end``).
``briefing:requireOneOf`` (resource)
    at least one field of each group is filled.
``briefing:together`` (resource)
    the fields of each group are all filled or all blank.

Rows are mappings from field name to parsed value (``None`` for a blank cell).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

__all__ = ["Problem", "as_text", "list_item_problems", "row_problems", "list_references", "reference_problems"]


@dataclass(frozen=True)
class Problem:
    """One broken rule in one cell: which column, what value, which rule, what is wrong."""

    column: str
    value: str
    rule: str
    message: str


def as_text(value: Any) -> str:
    """A parsed cell value as it is written in the CSV."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)


def list_item_problems(field: dict, raw: str) -> Iterator[Problem]:
    """A list cell (``briefing:listSeparator``) has non-empty items with no spaces around them."""
    sep = field.get("briefing:listSeparator")
    if not sep or raw is None or raw == "":
        return
    for item in str(raw).split(sep):
        if item == "" or item != item.strip():
            yield Problem(field["name"], str(raw), "briefing:listSeparator",
                          f"list items separated by {sep!r} must be non-empty with no spaces around them")
            return


def row_problems(resource: dict, row: Mapping[str, Any]) -> Iterator[Problem]:
    """Every problem with the resource-level rules and sub-types in one row."""
    for rule in resource.get("briefing:ordered", []):
        present = [(c, row.get(c)) for c in rule["fields"] if row.get(c) is not None]
        for (c1, v1), (c2, v2) in zip(present, present[1:]):
            if v1 > v2:
                yield Problem(c2, as_text(v2), "briefing:ordered",
                              f"must not be less than {c1} ({as_text(v1)}): {rule['description']}")
    for group in resource.get("briefing:requireOneOf", []):
        if all(row.get(c) is None for c in group):
            yield Problem(group[0], "", "briefing:requireOneOf", f"at least one of {group} must be filled in")
    for group in resource.get("briefing:together", []):
        filled = [c for c in group if row.get(c) is not None]
        if filled and len(filled) != len(group):
            empty = [c for c in group if c not in filled]
            yield Problem(empty[0], "", "briefing:together",
                          f"must be filled in together with {filled} (all of {group} or none)")
    for field in resource["schema"]["fields"]:
        allowed = field.get("briefing:subtypes")
        if allowed is None:
            continue
        parent, child = field["briefing:subtypeOf"], field["name"]
        p, c = row.get(parent), row.get(child)
        if p is not None and c is not None and c not in allowed.get(p, []):
            yield Problem(child, str(c), "briefing:subtypes",
                          f"is not a sub-type of {parent} {p!r} (allowed: {', '.join(allowed.get(p, []))})")
    for field in resource["schema"]["fields"]:
        yield from list_item_problems(field, row.get(field["name"]))


def list_references(resource: dict) -> list[tuple[str, str, str, str]]:
    """(field, other resource, other key field, separator) for every ``briefing:references``."""
    out = []
    for field in resource["schema"]["fields"]:
        ref = field.get("briefing:references")
        if ref:
            out.append((field["name"], ref["resource"], ref["field"], field.get("briefing:listSeparator")))
    return out


def reference_problems(field: str, raw: Any, keys: set, other_file: str, other_field: str,
                       sep: str | None) -> Iterator[Problem]:
    """Each item of a (list) cell must be one of ``keys``."""
    if raw is None or raw == "":
        return
    for item in (str(raw).split(sep) if sep else [str(raw)]):
        if item not in keys:
            yield Problem(field, item, "briefing:references", f"is not a known {other_field} in {other_file}")
