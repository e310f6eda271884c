"""Writing rows into the stage tables of this round's contract (see data/importers/base.py).

The importers written from rows in Python (Jira XML, mapped CSV) share these two helpers:
`create_stage_tables` and `insert_rows` (records.insert, the writer every importer uses), so a
row is a plain dict of Python values (datetime, date, float, list of str).
"""
from __future__ import annotations

from data.importers import base, records


def create_stage_tables(cur) -> None:
    """Every stage table of the contract, empty."""
    base.create_empty_stage_tables(cur)


def insert_rows(cur, table: str, rows: list[dict]) -> None:
    """Append `rows` (dicts keyed by column name; missing keys are NULL) to a stage table:
    the one stage-row writer, `data.importers.records.insert`."""
    records.insert(cur, table, rows)


def stage_result(fmt: str, rows_read: int, warnings: tuple[str, ...] = ()) -> base.StageResult:
    return base.StageResult(format=fmt, rows_read=rows_read, warnings=tuple(warnings))


def inferred_sprint_rows(sprint_lists) -> list[dict]:
    """Sprints known only by the names items carry (no dates): one row per distinct name."""
    names = sorted({name for names in sprint_lists for name in names or ()})
    return [{"name": name, "board": "", "inferred": True} for name in names]
