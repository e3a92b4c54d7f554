"""``make check-data``: every problem in the data package, in one run.

Frictionless checks the Table Schema standard (types, formats, required values, enums,
patterns, ranges, unique and primary keys, foreign keys). The project's own rules from
:mod:`briefing.rules` run as Frictionless custom checks over the same rows, so the loaders and
this report share one implementation. Each problem is printed as

    data/events.csv, line 12, column 'sub_type', value 'summit': is not a sub-type ... [briefing:subtypes]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import rules

__all__ = ["check", "main"]


def _custom_check_class():
    from frictionless import Check, errors

    class BriefingRuleError(errors.CellError):
        type = "briefing-rule"
        title = "Briefing rule"
        description = "A value breaks one of the project's own rules (see briefing.rules)."
        template = "{note}"

    class BriefingRules(Check):
        """Runs briefing.rules on every row of the resource it is connected to."""

        type = "briefing-rules"
        Errors = [BriefingRuleError]

        def __init__(self, descriptor: dict, keys: dict):
            super().__init__()
            self._descriptor = descriptor
            self._keys = keys

        def validate_start(self):
            self._res = next(r for r in self._descriptor["resources"] if r["name"] == self.resource.name)
            self._refs = rules.list_references(self._res)
            return []

        def validate_row(self, row):
            found = list(rules.row_problems(self._res, row))
            for field, other, other_field, sep in self._refs:
                other_res = next(r for r in self._descriptor["resources"] if r["name"] == other)
                found += rules.reference_problems(field, row[field], self._keys[(other, other_field)],
                                                  other_res["path"], other_field, sep)
            for p in found:
                err = BriefingRuleError.from_row(row, note=f"{p.message} [{p.rule}]", field_name=p.column)
                err.cell = p.value
                yield err

    return BriefingRules


def _keys(root: Path, descriptor: dict) -> dict:
    """Key sets for every ``briefing:references`` target, read as plain text."""
    import csv

    wanted = {(ref[1], ref[2]) for res in descriptor["resources"] for ref in rules.list_references(res)}
    out = {}
    for other, field in wanted:
        res = next(r for r in descriptor["resources"] if r["name"] == other)
        with open(root / res["path"], encoding="utf-8", newline="") as fh:
            out[(other, field)] = {row.get(field) for row in csv.DictReader(fh)}
    return out


def check(root: str | Path) -> list[str]:
    """Every problem in the package at ``root`` (a folder holding datapackage.json), as lines."""
    from frictionless import Checklist, Package, system

    root = Path(root).resolve()
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    BriefingRules = _custom_check_class()
    package = Package(str(root / "datapackage.json"))
    lines = []
    paths = {r["name"]: f"{root.name}/{r['path']}" for r in descriptor["resources"]}
    checklist = Checklist(checks=[BriefingRules(descriptor, _keys(root, descriptor))])
    with system.use_context(trusted=True):
        report = package.validate(checklist, limit_errors=100000)
    for task in report.tasks:
        shown = paths.get(task.name, task.name)
        for err in task.errors:
            row = getattr(err, "row_number", None)
            col = getattr(err, "field_name", None)
            cell = getattr(err, "cell", None)
            if col is None and getattr(err, "field_names", None):  # foreign-key and row-level errors
                col = ",".join(err.field_names)
                cells = getattr(err, "field_cells", None)
                cell = ",".join(map(str, cells)) if cells else None
            rule = getattr(err, "type", "")
            where = shown + (f", line {row}" if row else "") + (f", column {col!r}" if col else "")
            if cell is not None:
                where += f", value {cell!r}"
            note = err.note if rule == "briefing-rule" else f"{err.title.lower()}: {err.note} [{rule}]"
            lines.append(f"{where}: {note}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check every table of the data package and list every problem.")
    parser.add_argument("data", nargs="?", default=None, help="folder with datapackage.json (default: the project's data/)")
    args = parser.parse_args(argv)
    if args.data is None:
        from .data import data_dir
        root = data_dir()
    else:
        root = Path(args.data)
    problems = check(root)
    for line in problems:
        print(line)
    if problems:
        print(f"\n{len(problems)} problem(s) found. Fix each one at the file, line and column shown.")
        return 1
    print(f"No problems found in {root / 'datapackage.json'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
