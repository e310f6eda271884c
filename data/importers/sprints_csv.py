"""A sprint calendar CSV: `sprint, team, start, end` (optional `state`, `goal`), one row per
sprint. It gives dates to sprints that an export names without them (Jira CSV, Azure DevOps
iteration paths), so velocity and the program board work from a CSV export; a sprint with
dates replaces the same-named sprint that was only inferred from issues.
"""
from __future__ import annotations

from pathlib import Path

from config import Settings
from data.errors import ImportRefused
from data.importers.base import StageResult, create_empty_stage_tables
from data.importers.records import StageRows, csv_rows, guess_day_first, header_of, read_text

FORMAT = "sprints-csv"
_REQUIRED = ("sprint", "start", "end")
_STATES = ("future", "active", "closed")


def sniff(head: bytes) -> bool:
    columns = {c.lower() for c in header_of(head)}
    return set(_REQUIRED) <= columns and len(columns) <= 8


def stage(cur, path, settings: Settings | None, file_name: str) -> StageResult:
    settings = settings or Settings()
    header, data = csv_rows(read_text(Path(path), file_name))
    index = {name.lower(): position for position, name in enumerate(header)}
    missing = [c for c in _REQUIRED if c not in index]
    if missing:
        raise ImportRefused(f"{file_name}: not a sprint calendar (needs the columns sprint, team, start, end; "
                            f"missing {', '.join(missing)})")
    if not data:
        raise ImportRefused(f"{file_name}: the calendar has a header but no sprints; nothing to import")

    def cell(row: list[str], name: str) -> str:
        position = index.get(name)
        return row[position].strip() if position is not None and position < len(row) else ""

    rows = StageRows(settings.timezone, guess_day_first([cell(r, c) for r in data for c in ("start", "end")]))
    for number, row in enumerate(data, start=2):
        name = cell(row, "sprint")
        if not name:
            rows.reject(number, "sprint", None, "row without a sprint name: skipped")
            continue
        start = rows.timestamp(cell(row, "start"), number, "start")
        end = rows.timestamp(cell(row, "end"), number, "end")
        if start and end and end < start:
            rows.reject(number, "end", cell(row, "end"), "the sprint ends before it starts: skipped")
            continue
        state = cell(row, "state").lower()
        if state and state not in _STATES:
            rows.reject(number, "state", state, f"state must be one of {', '.join(_STATES)}: left empty")
            state = ""
        team = cell(row, "team") or None
        rows.add_sprint({"name": name, "team": team, "board": team, "start_date": start, "end_date": end,
                         "state": state or None, "goal": cell(row, "goal") or None})
    create_empty_stage_tables(cur)
    rows.write(cur)
    return StageResult(format=FORMAT, rows_read=len(data))
