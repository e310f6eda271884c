"""Writing rows into the stage tables of this round's contract (see data/importers/base.py).

The importers written from rows in Python (Jira XML, mapped CSV) share these two helpers:
`create_stage_tables` and `insert_rows`, which takes the column types from the stage table
itself, so a row is a plain dict of Python values (datetime, date, float, list of str).
"""
from __future__ import annotations

from datetime import datetime, timezone

import pyarrow as pa

from data.importers import base

_ARROW_TYPES = {
    "VARCHAR": pa.string(), "VARCHAR[]": pa.list_(pa.string()), "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(), "INTEGER": pa.int32(), "DATE": pa.date32(),
    "TIMESTAMP WITH TIME ZONE": pa.timestamp("us", tz="UTC"),
}


def create_stage_tables(cur) -> None:
    """Every stage table of the contract, empty."""
    base.create_empty_stage_tables(cur)


def insert_rows(cur, table: str, rows: list[dict]) -> None:
    """Append `rows` (dicts keyed by column name; missing keys are NULL) to a stage table."""
    if not rows:
        return
    described = cur.execute("select column_name, data_type from duckdb_columns() "
                            "where table_name = ? and database_name = 'temp' order by column_index", [table]).fetchall()
    arrays = {}
    for column, data_type in described:
        values = [_utc(row.get(column)) for row in rows]
        arrays[column] = pa.array(values, type=_ARROW_TYPES[data_type])
    view = f"_rows_for_{table}"
    cur.register(view, pa.table(arrays))
    try:
        cur.execute(f"insert into {table} by name select * from {view}")
    finally:
        cur.unregister(view)


def stage_result(fmt: str, rows_read: int, warnings: tuple[str, ...] = ()) -> base.StageResult:
    return base.StageResult(format=fmt, rows_read=rows_read, warnings=tuple(warnings))


def _utc(value):
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc)
    return value


def inferred_sprint_rows(sprint_lists) -> list[dict]:
    """Sprints known only by the names items carry (no dates): one row per distinct name."""
    names = sorted({name for names in sprint_lists for name in names or ()})
    return [{"name": name, "board": "", "inferred": True} for name in names]
