"""Linear's CSV export (Settings -> Import/Export -> Export CSV, or a view's "Export as CSV").

Columns used: `ID` (e.g. ENG-123), `Team`, `Title`, `Status`, `Estimate` (points),
`Labels` (comma-joined in one cell), `Priority`, `Assignee`, `Creator`, `Created`,
`Updated`, `Started`, `Completed`, `Canceled`, `Due Date`, `Cycle Number`, `Cycle Name`,
`Cycle Start`, `Cycle End`, `Parent issue`, `Project`, `Project Milestone`, and where
present `Blocked by`, `Related to`, `Duplicate of` (comma-joined ids).

Cycles become sprints with their dates (per team); `Started`, `Completed` and `Canceled`
become status changes ("In Progress", "Done", "Canceled"), so cycle time works; a
canceled issue is resolved "Canceled" (closed, not delivered). The project milestone, else
the project, is the fix version.
"""
from __future__ import annotations

from pathlib import Path

from config import Settings
from data.errors import ImportRefused
from data.importers.base import StageResult, create_empty_stage_tables
from data.importers.records import StageRows, csv_rows, header_of, read_text, split_list, guess_day_first

FORMAT = "linear-csv"
_REQUIRED = {"ID", "Title", "Status"}
_LINEAR_MARKERS = {"Cycle Number", "Cycle Name", "Estimate", "Project Milestone", "Canceled", "Parent issue"}
_LINKS = (("Blocked by", "Blocks", "inward"), ("Related to", "Relates", "outward"),
          ("Duplicate of", "Duplicate", "outward"))


def sniff(head: bytes) -> bool:
    columns = set(header_of(head))
    return _REQUIRED <= columns and "Team" in columns and len(columns & _LINEAR_MARKERS) >= 2


def stage(cur, path, settings: Settings | None, file_name: str) -> StageResult:
    settings = settings or Settings()
    header, data = csv_rows(read_text(Path(path), file_name))
    missing = sorted(_REQUIRED - set(header))
    if missing:
        raise ImportRefused(f"{file_name}: not a Linear CSV export (no {', '.join(repr(m) for m in missing)} column)")
    if not data:
        raise ImportRefused(f"{file_name}: the export has a header but no issues; nothing to import")
    index = {name: position for position, name in enumerate(header)}

    def cell(row: list[str], name: str) -> str:
        position = index.get(name)
        return row[position].strip() if position is not None and position < len(row) else ""

    date_columns = ("Created", "Updated", "Started", "Completed", "Canceled", "Cycle Start", "Cycle End", "Due Date")
    rows = StageRows(settings.timezone,
                     guess_day_first([cell(r, c) for r in data[:500] for c in date_columns]))
    for number, row in enumerate(data, start=2):
        key = cell(row, "ID")
        if not key:
            rows.reject(number, "ID", None, "row without an ID: skipped")
            continue
        team = cell(row, "Team") or None
        completed = rows.timestamp(cell(row, "Completed"), number, "Completed")
        canceled = rows.timestamp(cell(row, "Canceled"), number, "Canceled")
        started = rows.timestamp(cell(row, "Started"), number, "Started")
        sprints = []
        cycle = cell(row, "Cycle Name") or (f"Cycle {cell(row, 'Cycle Number')}" if cell(row, "Cycle Number") else "")
        if cycle:
            sprints = [cycle]
            rows.add_sprint({"name": cycle, "team": team, "board": team,
                             "start_date": rows.timestamp(cell(row, "Cycle Start"), number, "Cycle Start"),
                             "end_date": rows.timestamp(cell(row, "Cycle End"), number, "Cycle End")})
        release = cell(row, "Project Milestone") or cell(row, "Project")
        if release:
            rows.add_version({"name": release, "project": team or ""})
        rows.add_issue(number, {
            "key": key, "source": FORMAT, "project": key.rsplit("-", 1)[0] if "-" in key else (team or ""),
            "issue_type": "Issue", "summary": cell(row, "Title"), "status": cell(row, "Status"),
            "status_category": None, "priority": cell(row, "Priority") or None,
            "resolution": "Canceled" if canceled else ("Done" if completed else None),
            "created": rows.timestamp(cell(row, "Created"), number, "Created"),
            "updated": rows.timestamp(cell(row, "Updated"), number, "Updated"),
            "resolved": completed or canceled,
            "due": rows.day(cell(row, "Due Date"), number, "Due Date"),
            "assignee": cell(row, "Assignee") or None, "reporter": cell(row, "Creator") or None,
            "team": team, "epic_key": None, "parent_key": cell(row, "Parent issue") or None,
            "story_points": rows.points(cell(row, "Estimate"), number, "Estimate"),
            "labels": split_list(cell(row, "Labels")), "components": [],
            "fix_versions": [release] if release else [], "sprints": sprints, "url": None,
        })
        rows.add_change(key, started, None, "In Progress")
        rows.add_change(key, completed, "In Progress" if started else None, "Done")
        rows.add_change(key, canceled, "In Progress" if started else None, "Canceled")
        for column, link_type, direction in _LINKS:
            for other in split_list(cell(row, column)):
                rows.add_link(key, link_type, direction, other, column)
    create_empty_stage_tables(cur)
    rows.write(cur)
    return StageResult(format=FORMAT, rows_read=len(data))
