"""Azure DevOps / TFS work-item query results exported to CSV (Boards -> Queries -> a query
-> "Export to CSV"), in three shapes:

* a flat list: `ID, Work Item Type, Title, State, Area Path, Iteration Path, Tags, ...`;
* a tree query: `Title 1, Title 2, ...` instead of `Title`: the column a row's title sits
  in is its level, and the nearest row above it one level up is its parent;
* "work items and direct links": a `Link Type` column; a row with one is linked to the last
  row above it without one (`Successor`/`Predecessor` -> blocks, `Child`/`Parent` -> the
  parent key, `Related` -> relates); columns `Predecessor`/`Successor` listing ids work too;
* revision history (`ID, Rev, State, Changed Date, ...`, one row per revision): every row
  goes to the status log (the shared step keeps the rows where the state changed) and the
  latest revision of each ID is the work item.

The team is one level of the Area Path (settings `[azure_devops] team_level`, 0 = the last
level); the sprint is the Iteration Path's last level (dates come from a sprint calendar
CSV); tags are `; `-separated; points come from `Story Points`, else `Effort`, else `Size`;
`Assigned To` is `Name <email>`; dates follow the exporting user's locale.
"""
from __future__ import annotations

import re
from pathlib import Path

from config import Settings
from data.errors import ImportRefused
from data.importers.base import StageResult, create_empty_stage_tables
from data.importers.records import StageRows, csv_rows, guess_day_first, header_of, person, read_text, split_list

FORMAT = "azure-devops-csv"
_TITLE_LEVEL = re.compile(r"^Title (\d+)$")
_POINT_COLUMNS = ("Story Points", "Effort", "Size")
_DATE_COLUMNS = ("Created Date", "Changed Date", "Activated Date", "Resolved Date", "Closed Date",
                 "State Change Date", "Target Date", "Due Date")
# Link type (as the export names the linked row's role) -> (link type, direction, parent?)
_ROLE = {"successor": ("Blocks", "outward"), "predecessor": ("Blocks", "inward"),
         "related": ("Relates", "outward"), "duplicate": ("Duplicate", "outward"),
         "duplicate of": ("Duplicate", "inward")}


def sniff(head: bytes) -> bool:
    columns = set(header_of(head))
    has_title = "Title" in columns or any(_TITLE_LEVEL.match(c) for c in columns)
    return "ID" in columns and "Work Item Type" in columns and has_title or (
        {"ID", "Rev", "State", "Changed Date"} <= columns)


def stage(cur, path, settings: Settings | None, file_name: str) -> StageResult:
    settings = settings or Settings()
    header, data = csv_rows(read_text(Path(path), file_name))
    if "ID" not in header:
        raise ImportRefused(f"{file_name}: not an Azure DevOps export (no 'ID' column)")
    if not data:
        raise ImportRefused(f"{file_name}: the export has a header but no work items; nothing to import")
    index = {name: position for position, name in enumerate(header)}
    title_levels = sorted((int(m.group(1)), name) for name in header if (m := _TITLE_LEVEL.match(name)))

    def cell(row: list[str], name: str) -> str:
        position = index.get(name)
        return row[position].strip() if position is not None and position < len(row) else ""

    rows = StageRows(settings.timezone,
                     guess_day_first([cell(r, c) for r in data[:500] for c in _DATE_COLUMNS]))
    team_level = getattr(settings, "azure_team_level", 0)
    revisions = "Rev" in index
    latest_rev: dict[str, int] = {}
    parents_by_level: dict[int, str] = {}
    source_key = None
    for number, row in enumerate(data, start=2):
        key = cell(row, "ID")
        if not key:
            rows.reject(number, "ID", None, "row without an ID: skipped")
            continue
        title, level = cell(row, "Title"), 1
        for lvl, column in title_levels:
            if cell(row, column):
                title, level = cell(row, column), lvl
                break
        link_role = cell(row, "Link Type").lower()
        linked_from = source_key if link_role else None
        if not link_role:
            source_key = key
        if revisions:
            rev = _int(cell(row, "Rev"))
            changed = rows.timestamp(cell(row, "Changed Date"), number, "Changed Date")
            rows.add_status(key, changed, cell(row, "State") or None, rev, number)
            if rev is not None and rev < latest_rev.get(key, -1):
                continue          # an older revision listed after a newer one
            latest_rev[key] = rev if rev is not None else latest_rev.get(key, -1)
            rows.issues.pop(key, None)   # a later revision replaces the item, without a duplicate reject
        if linked_from and key in rows.issues:
            _link(rows, linked_from, key, link_role)
            continue              # the linked row repeats an item already listed
        parent = None
        if title_levels:
            parents_by_level[level] = key
            parent = parents_by_level.get(level - 1) if level > 1 else None
            for deeper in [lvl for lvl in parents_by_level if lvl > level]:
                del parents_by_level[deeper]
        area = [part for part in re.split(r"[\\/]", cell(row, "Area Path")) if part]
        iteration = [part for part in re.split(r"[\\/]", cell(row, "Iteration Path")) if part]
        team = None
        if area:
            team = area[-1] if not team_level else (area[team_level - 1] if len(area) >= team_level else None)
        sprint = iteration[-1] if len(iteration) > 1 else None
        if sprint:
            rows.add_sprint({"name": sprint, "team": team, "board": team, "inferred": True})
        resolved = (rows.timestamp(cell(row, "Closed Date"), number, "Closed Date")
                    or rows.timestamp(cell(row, "Resolved Date"), number, "Resolved Date"))
        points = None
        for column in _POINT_COLUMNS:
            if cell(row, column):
                points = rows.points(cell(row, column), number, column)
                break
        rows.add_issue(number, {
            "key": key, "source": FORMAT, "project": (area[0] if area else (iteration[0] if iteration else "")),
            "issue_type": cell(row, "Work Item Type") or "Work Item", "summary": title,
            "status": cell(row, "State") or None, "status_category": cell(row, "State Category") or None,
            "priority": cell(row, "Priority") or None, "resolution": cell(row, "Reason") or None,
            "created": rows.timestamp(cell(row, "Created Date"), number, "Created Date"),
            "updated": rows.timestamp(cell(row, "Changed Date"), number, "Changed Date"),
            "resolved": resolved,
            "due": rows.day(cell(row, "Due Date") or cell(row, "Target Date"), number, "Due Date"),
            "assignee": person(cell(row, "Assigned To")), "reporter": person(cell(row, "Created By")),
            "team": team, "epic_key": None, "parent_key": parent or (cell(row, "Parent") or None),
            "story_points": points, "labels": split_list(cell(row, "Tags"), ";"), "components": [],
            "fix_versions": [], "sprints": [sprint] if sprint else [], "url": None,
        })
        if linked_from:
            _link(rows, linked_from, key, link_role)
        if not revisions:
            rows.add_change(key, rows.timestamp(cell(row, "Activated Date"), number, "Activated Date"), None, "Active")
            rows.add_change(key, rows.timestamp(cell(row, "Resolved Date"), number, "Resolved Date"), None, "Resolved")
            rows.add_change(key, rows.timestamp(cell(row, "Closed Date"), number, "Closed Date"), None, "Closed")
        for column, role in (("Predecessor", "predecessor"), ("Successor", "successor")):
            for other in split_list(cell(row, column).replace(";", ",")):
                _link(rows, key, other, role)
    create_empty_stage_tables(cur)
    rows.write(cur)
    return StageResult(format=FORMAT, rows_read=len(data))


def _link(rows: StageRows, source_key: str, other_key: str, role: str) -> None:
    role = role.split(".")[-1].replace("-forward", "").replace("-reverse", "").strip()
    if role == "child":
        child = rows.issues.get(other_key)
        if child is not None:
            child["parent_key"] = source_key
        else:
            rows.add_link(source_key, "Parent", "outward", other_key, "Child")
        return
    if role == "parent":
        parent_of = rows.issues.get(source_key)
        if parent_of is not None:
            parent_of["parent_key"] = other_key
        return
    link_type, direction = _ROLE.get(role, ("Relates", "outward"))
    rows.add_link(source_key, link_type, direction, other_key, role.title())


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None
