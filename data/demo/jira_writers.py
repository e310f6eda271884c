"""Writers for the shapes Jira produces: the "all fields" CSV export and REST JSON payloads.

One piece of code writes every Jira CSV of the project (the demo workspace and the
1,000,000-row benchmark file), so both look exactly like what Jira Cloud writes:

* UTF-8 without BOM, comma separated, ``csv.QUOTE_MINIMAL``, CRLF record terminators,
  multi-line cells quoted;
* columns in Jira's order, and multi-valued fields written as REPEATED columns with the
  same name (``Labels, Labels, Labels``); a row fills the first cells of its group and
  leaves the rest empty; the number of columns of a group is the largest number of values
  any exported issue has (as Jira does);
* dates as Jira Cloud writes them with the default English locale: day zero-padded, hour
  not: ``11/May/24 3:26 PM``, ``11/May/24 10:05 AM`` (date-time fields; strptime reads them
  with ``%d/%b/%y %I:%M %p``) and ``11/May/24`` (date-only fields: Due date, Start date).

The CSV writer is column oriented: a chunk is a mapping of field name to one column of
cells (a sequence of ``n`` strings) or, for repeated fields, to a list of such columns,
one per slot. That lets the benchmark build whole columns with numpy and the demo build
them from Python objects.
"""
from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
JIRA_DATETIME_FORMAT = "%d/%b/%y %I:%M %p"     # parses 11/May/24 3:26 PM (hour written unpadded)
JIRA_DATE_FORMAT = "%d/%b/%y"                  # 11/May/24

# Every field of the "all fields" export we write, in Jira's column order. Fields listed in
# REPEATED_FIELDS become groups of columns with the same name.
JIRA_CSV_FIELDS: tuple[str, ...] = (
    "Summary", "Issue key", "Issue id", "Parent id", "Issue Type", "Status",
    "Project key", "Project name", "Project type", "Project lead", "Project description",
    "Priority", "Resolution", "Assignee", "Reporter", "Creator",
    "Created", "Updated", "Last Viewed", "Resolved",
    "Fix Version/s", "Component/s", "Due date", "Votes", "Labels",
    "Description", "Environment", "Watchers",
    "Original Estimate", "Remaining Estimate", "Time Spent", "Work Ratio",
    "Σ Original Estimate", "Σ Remaining Estimate", "Σ Time Spent", "Security Level",
    "Inward issue link (Blocks)", "Outward issue link (Blocks)",
    "Inward issue link (Relates)", "Outward issue link (Relates)",
    "Attachment",
    "Custom field (Epic Link)", "Custom field (Epic Name)", "Custom field (Epic Status)",
    "Custom field (Rank)", "Sprint", "Custom field (Start date)",
    "Custom field (Story Points)", "Custom field (Team)",
    "Comment", "Status Category", "Status Category Changed",
)

# Repeated fields and the number of columns a typical export has for them.
REPEATED_FIELDS: dict[str, int] = {
    "Fix Version/s": 2, "Component/s": 2, "Labels": 3, "Watchers": 2,
    "Inward issue link (Blocks)": 2, "Outward issue link (Blocks)": 3,
    "Inward issue link (Relates)": 1, "Outward issue link (Relates)": 1,
    "Sprint": 3, "Comment": 2,
}

DATETIME_FIELDS = ("Created", "Updated", "Last Viewed", "Resolved", "Status Category Changed")
DATE_FIELDS = ("Due date", "Custom field (Start date)")


# ------------------------------------------------------------------------------ dates

def jira_datetime(value: datetime | None) -> str:
    """`11/May/24 3:26 PM` as Jira writes it (locale independent), '' for None."""
    if value is None:
        return ""
    hour = value.hour % 12 or 12
    return (f"{value.day:02d}/{MONTHS[value.month - 1]}/{value.year % 100:02d} "
            f"{hour}:{value.minute:02d} {'AM' if value.hour < 12 else 'PM'}")


def jira_date(value: date | None) -> str:
    """`11/May/24`, '' for None."""
    if value is None:
        return ""
    return f"{value.day:02d}/{MONTHS[value.month - 1]}/{value.year % 100:02d}"


def parse_jira_datetime(text: str) -> datetime:
    """Inverse of `jira_datetime` (English month names)."""
    return datetime.strptime(text, JIRA_DATETIME_FORMAT)


def parse_jira_date(text: str) -> date:
    return datetime.strptime(text, JIRA_DATE_FORMAT).date()


_CLOCK = np.array([f"{(m // 60) % 12 or 12}:{m % 60:02d} {'AM' if m < 720 else 'PM'}"
                   for m in range(1440)], dtype=object)


def jira_day_table(first: date, days: int) -> np.ndarray:
    """Object array of `jira_date(first + i)` for i in range(days) (a lookup table)."""
    return np.array([jira_date(first + timedelta(days=i)) for i in range(days)], dtype=object)


def jira_datetimes(first: date, minutes: np.ndarray, day_table: np.ndarray | None = None) -> np.ndarray:
    """Vectorised `jira_datetime` for minute offsets from midnight of `first`.

    Negative offsets give ''. Returns an object array of str."""
    minutes = np.asarray(minutes, dtype=np.int64)
    day = minutes // 1440
    if day_table is None:
        day_table = jira_day_table(first, int(day.max()) + 1 if len(day) else 1)
    ok = minutes >= 0
    out = np.full(len(minutes), "", dtype=object)
    out[ok] = day_table[day[ok]] + " " + _CLOCK[minutes[ok] % 1440]
    return out


def jira_dates(first: date, days: np.ndarray, day_table: np.ndarray | None = None) -> np.ndarray:
    """Vectorised `jira_date` for day offsets from `first`; negative offsets give ''."""
    days = np.asarray(days, dtype=np.int64)
    if day_table is None:
        day_table = jira_day_table(first, int(days.max()) + 1 if len(days) else 1)
    out = np.full(len(days), "", dtype=object)
    ok = days >= 0
    out[ok] = day_table[days[ok]]
    return out


def iso_jira(value: datetime) -> str:
    """REST timestamp as Jira writes it: `2025-01-03T10:12:00.000+0000` (UTC)."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}+0000"


def iso_agile(value: datetime) -> str:
    """Agile REST timestamp: `2025-01-03T10:12:00.000Z` (UTC)."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


# ------------------------------------------------------------------------------- CSV

def spread(values: Sequence[Sequence[str]], slots: int) -> list[list[str]]:
    """Per-row value lists -> `slots` columns (row i's j-th value in column j, '' if none)."""
    columns = [[""] * len(values) for _ in range(slots)]
    for i, row in enumerate(values):
        if len(row) > slots:
            raise ValueError(f"row {i} has {len(row)} values, more than {slots} columns")
        for j, value in enumerate(row):
            columns[j][i] = value
    return columns


def repeats_for(rows_values: Mapping[str, Iterable[Sequence[str]]],
                minimum: Mapping[str, int] | None = None) -> dict[str, int]:
    """Column counts per repeated field: the largest number of values of any row (>= 1),
    or the given minimum."""
    counts = dict(minimum or {})
    for name, values in rows_values.items():
        widest = max((len(v) for v in values), default=0)
        counts[name] = max(1, widest, counts.get(name, 0))
    return counts


def jira_csv_header(repeats: Mapping[str, int] | None = None,
                    fields: Sequence[str] = JIRA_CSV_FIELDS) -> list[str]:
    """The header record: each repeated field written as many times as `repeats` says."""
    repeats = {**REPEATED_FIELDS, **(repeats or {})}
    header: list[str] = []
    for name in fields:
        header.extend([name] * (repeats.get(name, 1) if name in repeats else 1))
    return header


class JiraCsvWriter:
    """Writes a Jira all-fields CSV chunk by chunk (column oriented).

    `repeats` fixes the number of columns of each repeated field (must be known before the
    header is written); a chunk that has more values than that is an error."""

    def __init__(self, handle, repeats: Mapping[str, int] | None = None,
                 fields: Sequence[str] = JIRA_CSV_FIELDS):
        self.fields = tuple(fields)
        self.repeats = {name: count for name, count in {**REPEATED_FIELDS, **(repeats or {})}.items()
                        if name in self.fields}
        self.header = jira_csv_header(self.repeats, self.fields)
        self._writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        self._writer.writerow(self.header)
        self.rows_written = 0

    def write_chunk(self, n: int, columns: Mapping[str, object]) -> None:
        unknown = [name for name in columns if name not in self.fields]
        if unknown:
            raise KeyError(f"not a field of this export: {unknown}")
        ordered: list[Iterable] = []
        for name in self.fields:
            value = columns.get(name)
            if name in self.repeats:
                slots = list(value) if value is not None else []
                if len(slots) > self.repeats[name]:
                    raise ValueError(f"{name}: {len(slots)} columns given, header has {self.repeats[name]}")
                for slot in slots:
                    if len(slot) != n:
                        raise ValueError(f"{name}: a column of {len(slot)} cells, expected {n}")
                ordered.extend(slots)
                ordered.extend(itertools.repeat("", n) for _ in range(self.repeats[name] - len(slots)))
            elif value is None:
                ordered.append(itertools.repeat("", n))
            else:
                if len(value) != n:
                    raise ValueError(f"{name}: {len(value)} cells, expected {n}")
                ordered.append(value)
        self._writer.writerows(zip(*ordered))
        self.rows_written += n


def write_jira_csv(path: Path, rows: Sequence[Mapping[str, object]],
                   minimum_repeats: Mapping[str, int] | None = None) -> list[str]:
    """Write row dicts (field -> str, or list of str for repeated fields) as one Jira CSV.

    Repeated-field column counts are the widest row's (at least `minimum_repeats`).
    Returns the header."""
    repeated = [name for name in JIRA_CSV_FIELDS if name in REPEATED_FIELDS]
    repeats = repeats_for({name: [row.get(name, ()) for row in rows] for name in repeated},
                          minimum_repeats)
    columns: dict[str, object] = {}
    for name in JIRA_CSV_FIELDS:
        if name in REPEATED_FIELDS:
            columns[name] = spread([list(row.get(name, ())) for row in rows], repeats[name])
        else:
            columns[name] = [row.get(name, "") or "" for row in rows]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = JiraCsvWriter(handle, repeats)
        writer.write_chunk(len(rows), columns)
    return writer.header


# ------------------------------------------------------------------------------ JSON

def dump_json(obj, path: Path, indent: int | None = None) -> None:
    """Deterministic JSON (key order as built, UTF-8, no trailing spaces)."""
    separators = (",", ":") if indent is None else (",", ": ")
    text = json.dumps(obj, ensure_ascii=False, indent=indent, separators=separators)
    Path(path).write_text(text + "\n", encoding="utf-8")


def sprint_json(sprint_id: int, name: str, state: str, start: datetime, end: datetime,
                complete: datetime | None, board_id: int, goal: str,
                base_url: str) -> dict:
    """One sprint as /rest/agile/1.0/board/{id}/sprint lists it."""
    out = {"id": sprint_id, "self": f"{base_url}/rest/agile/1.0/sprint/{sprint_id}",
           "state": state, "name": name, "startDate": iso_agile(start), "endDate": iso_agile(end)}
    if complete is not None:
        out["completeDate"] = iso_agile(complete)
    out["originBoardId"] = board_id
    out["goal"] = goal
    return out


def sprint_list_json(values: list[dict]) -> dict:
    return {"maxResults": 50, "startAt": 0, "isLast": True, "values": values}


def version_json(version_id: int, name: str, description: str, released: bool,
                 release_date: date, project_id: int, project_key: str, base_url: str) -> dict:
    """One version as /rest/api/2/project/{key}/versions lists it (plus the project key)."""
    return {"self": f"{base_url}/rest/api/2/version/{version_id}", "id": str(version_id),
            "description": description, "name": name, "archived": False, "released": released,
            "releaseDate": release_date.isoformat(),
            "userReleaseDate": jira_date(release_date),
            "projectId": project_id, "project": project_key}


def status_history_json(history_id: int, created: datetime, author: str,
                        items: list[dict]) -> dict:
    return {"id": str(history_id), "author": {"name": author.lower().replace(" ", "."),
                                              "displayName": author, "active": True},
            "created": iso_jira(created), "items": items}


def status_item(from_id: str, from_name: str, to_id: str, to_name: str) -> dict:
    return {"field": "status", "fieldtype": "jira", "fieldId": "status",
            "from": from_id, "fromString": from_name, "to": to_id, "toString": to_name}


def changelog_issue_json(issue_id: str, key: str, status: str, status_id: str,
                         histories: list[dict], base_url: str) -> dict:
    """An issue of a search response fetched with fields=status&expand=changelog."""
    return {"expand": "operations,versionedRepresentations,editmeta,changelog,renderedFields",
            "id": issue_id, "self": f"{base_url}/rest/api/2/issue/{issue_id}", "key": key,
            "fields": {"status": {"self": f"{base_url}/rest/api/2/status/{status_id}",
                                  "name": status, "id": status_id}},
            "changelog": {"startAt": 0, "maxResults": len(histories),
                          "total": len(histories), "histories": histories}}


def search_response_json(issues: list[dict]) -> dict:
    return {"expand": "names,schema", "startAt": 0, "maxResults": len(issues),
            "total": len(issues), "issues": issues}

