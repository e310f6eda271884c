"""Writing rows into the stage tables of this round's contract (see data/importers/base.py).

The importers written from rows in Python (Jira XML, mapped CSV) share these two helpers:
`create_stage_tables` and `insert_rows`, which takes the column types from the stage table
itself, so a row is a plain dict of Python values (datetime, date, float, list of str).
"""
from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

import pyarrow as pa

from data.importers import base

STAGE_LINK_COLUMNS = ("source_key", "link_type", "direction", "other_key", "raw_label")
STATUS_LOG_COLUMNS = ("key", "changed_at", "status", "revision", "row_number")

# until fidelity merges: base.py still has the old stage_links and no stage_status_log.
_CONTRACT_DDL = {
    "stage_links": "source_key VARCHAR, link_type VARCHAR, direction VARCHAR, other_key VARCHAR, raw_label VARCHAR",
    "stage_status_log": "key VARCHAR, changed_at TIMESTAMPTZ, status VARCHAR, revision INTEGER, row_number INTEGER",
}

_ARROW_TYPES = {
    "VARCHAR": pa.string(), "VARCHAR[]": pa.list_(pa.string()), "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(), "INTEGER": pa.int32(), "DATE": pa.date32(),
    "TIMESTAMP WITH TIME ZONE": pa.timestamp("us", tz="UTC"),
}


def create_stage_tables(cur) -> None:
    """Every stage table of the contract, empty."""
    base.create_empty_stage_tables(cur)
    if tuple(base.STAGE_TABLES.get("stage_links", ())) != STAGE_LINK_COLUMNS:   # until fidelity merges
        cur.execute(f"create or replace temp table stage_links ({_CONTRACT_DDL['stage_links']})")
    if "stage_status_log" not in base.STAGE_TABLES:                              # until fidelity merges
        cur.execute(f"create or replace temp table stage_status_log ({_CONTRACT_DDL['stage_status_log']})")


def insert_rows(cur, table: str, rows: list[dict]) -> None:
    """Append `rows` (dicts keyed by column name; missing keys are NULL) to a stage table."""
    if not rows:
        return
    described = cur.execute(f"select column_name, data_type from duckdb_columns() "
                            f"where table_name = ? and database_name = 'temp' order by column_index", [table]).fetchall()
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
    """A StageResult, with its warnings once base.StageResult has the field (until fidelity merges)."""
    if warnings and "warnings" in {f.name for f in dataclasses.fields(base.StageResult)}:
        return base.StageResult(format=fmt, rows_read=rows_read, warnings=tuple(warnings))
    return base.StageResult(format=fmt, rows_read=rows_read)


def _utc(value):
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc)
    return value


def inferred_sprint_rows(sprint_lists) -> list[dict]:
    """Sprints known only by the names items carry (no dates): one row per distinct name."""
    names = sorted({name for names in sprint_lists for name in names or ()})
    return [{"name": name, "board": "", "inferred": True} for name in names]
