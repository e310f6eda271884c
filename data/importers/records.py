"""Rows for the stage tables gathered in Python, and the value readers the non-Jira importers
share (ISO / epoch-millisecond / locale dates, lists in one cell, people as "Name <email>").

Importers that walk a file record by record (GitHub, GitLab, Linear, Azure DevOps, sprint
calendars) fill a `StageRows` and write it once; they state what the file says and leave
every business rule (status category, team fallback, URL, link direction) to the shared
normalisation step.
"""
from __future__ import annotations

import csv
import io
import json
import math
import re
from datetime import date, datetime, timezone
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pyarrow as pa

from data.errors import ImportRefused
from data.importers.base import STAGE_DDL, STAGE_TABLES

_ARROW_TYPES = {"VARCHAR": pa.string(), "VARCHAR[]": pa.list_(pa.string()), "DOUBLE": pa.float64(),
                "BOOLEAN": pa.bool_(), "INTEGER": pa.int32(), "TIMESTAMPTZ": pa.string(), "DATE": pa.string()}

# Day-first or month-first dates with optional time and AM/PM, as Azure DevOps and Linear
# write them in the exporting user's locale; ISO is tried first.
_LOCAL_DATE = re.compile(
    r"^(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?P<y>\d{2,4})"
    r"(?:[ T,]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ampm>[AaPp][Mm])?)?$")
_PERSON_EMAIL = re.compile(r"^\s*(?P<name>.*?)\s*<[^<>@\s]+@[^<>\s]+>\s*$")


class StageRows:
    """What one file states, per stage table. A key seen twice keeps its last row and each
    earlier one is reported, the same rule as every other importer."""

    def __init__(self, zone: str = "UTC", day_first: bool | None = None):
        try:
            self.zone = ZoneInfo(zone or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            self.zone = timezone.utc
        self.day_first = day_first
        self.issues: dict[str, dict] = {}
        self.issue_rows: dict[str, int] = {}
        self.links: list[dict] = []
        self.sprints: dict[tuple, dict] = {}
        self.versions: dict[tuple, dict] = {}
        self.status_log: list[dict] = []
        self.status_changes: list[dict] = []
        self.rejects: list[dict] = []

    # --- rows --------------------------------------------------------------------------
    def reject(self, row: int, column: str, raw, reason: str) -> None:
        text = None if raw is None else str(raw)[:500]
        self.rejects.append({"row_number": row, "column_name": column, "raw_value": text, "reason": reason})

    def add_issue(self, row: int, issue: dict) -> None:
        key = issue["key"]
        if key in self.issues:
            self.reject(self.issue_rows[key], "key", key,
                        f"key listed again at row {row}: the later row is kept")
            self.links = [link for link in self.links if link["source_key"] != key]
        self.issues[key] = issue
        self.issue_rows[key] = row

    def add_link(self, source_key: str, link_type: str, direction: str, other_key: str, raw_label: str) -> None:
        if source_key and other_key and source_key != other_key:
            self.links.append({"source_key": source_key, "link_type": link_type, "direction": direction,
                               "other_key": other_key, "raw_label": raw_label})

    def add_sprint(self, sprint: dict) -> None:
        """One row per sprint (by id, else by team and name); a later sighting fills gaps."""
        sprint = {"sprint_id": None, "board": None, "team": None, "state": None, "start_date": None,
                  "end_date": None, "complete_date": None, "goal": None, "inferred": False, **sprint}
        key = ("id", sprint["sprint_id"]) if sprint["sprint_id"] else ("name", sprint["team"], sprint["name"])
        known = self.sprints.setdefault(key, sprint)
        for column, value in sprint.items():
            if known.get(column) in (None, "") and value not in (None, ""):
                known[column] = value

    def add_version(self, version: dict) -> None:
        version = {"project": "", "release_date": None, "released": None, "description": None, **version}
        known = self.versions.setdefault((version["project"], version["name"]), version)
        for column, value in version.items():
            if known.get(column) is None and value is not None:
                known[column] = value

    def add_status(self, key: str, changed_at: str | None, status: str | None, revision: int | None, row: int) -> None:
        """One revision / transition row as the file states it (the shared step derives changes)."""
        if changed_at and status:
            self.status_log.append({"key": key, "changed_at": changed_at, "status": status,
                                    "revision": revision, "row_number": row})

    def add_change(self, key: str, changed_at: str | None, from_status: str | None, to_status: str | None) -> None:
        if changed_at and to_status:
            self.status_changes.append({"key": key, "changed_at": changed_at, "from_status": from_status,
                                        "to_status": to_status})

    # --- values ------------------------------------------------------------------------
    def timestamp(self, value, row: int, column: str) -> str | None:
        """ISO text in UTC for ISO 8601, epoch milliseconds/seconds, or a locale date; a
        value that is none of these is a reject."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        parsed = None
        if isinstance(value, bool):
            parsed = None
        elif isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().isdigit()):
            parsed = _epoch(float(value))
        elif isinstance(value, str):
            parsed = _iso(value.strip()) or _local(value.strip(), self.day_first)
        if parsed is None:
            self.reject(row, column, value, "not a date-time (expected ISO 8601, epoch milliseconds or a date like 1/15/2024 10:30 AM)")
            return None
        text = utc_text(parsed, self.zone)
        if text is None:
            self.reject(row, column, value, "a date-time out of range")
        return text

    def day(self, value, row: int, column: str) -> str | None:
        stamp = self.timestamp(value, row, column)
        if stamp is None:
            return None
        text = value.strip() if isinstance(value, str) else ""
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return text          # a plain date stays that day, whatever the zone
        return datetime.fromisoformat(stamp).astimezone(self.zone).date().isoformat()

    def points(self, value, row: int, column: str) -> float | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            number = float(str(value).strip().replace(",", "."))
        except ValueError:
            self.reject(row, column, value, "not a number")
            return None
        if not math.isfinite(number) or number < 0:
            self.reject(row, column, value, "points must be a finite number of at least 0")
            return None
        return number

    # --- writing -----------------------------------------------------------------------
    def write(self, cur) -> None:
        tables = {
            "stage_issues": list(self.issues.values()),
            "stage_links": self.links,
            "stage_sprints": list(self.sprints.values()),
            "stage_versions": list(self.versions.values()),
            "stage_status_log": self.status_log,
            "stage_status_changes": self.status_changes,
            "stage_rejects": self.rejects,
        }
        for table, rows in tables.items():
            insert(cur, table, rows)


def utc_text(parsed: datetime, zone) -> str | None:
    """ISO text in UTC of a parsed date-time (one without a zone is taken in `zone`), or
    None when it falls outside what a date-time can hold (year 1 or 9999 with an offset)."""
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    try:
        return parsed.astimezone(timezone.utc).isoformat()
    except (OverflowError, ValueError):
        return None


def issue_list(path, file_name: str, key: str, not_this_format: str) -> list:
    """The list of item objects of a JSON export: a bare array, or the array under `key`
    (GitHub's search `items`, a GitLab dump's `issues`); an empty one is nothing to import."""
    payload = load_json(path, file_name)
    items = payload.get(key) if isinstance(payload, dict) else payload
    if not isinstance(items, list):
        raise ImportRefused(f"{file_name}: {not_this_format}")
    if not items:
        raise ImportRefused(f"{file_name}: the list of issues is empty; nothing to import")
    return items


def insert(cur, table: str, rows: list[dict]) -> None:
    """Append `rows` (dicts keyed by column name; a missing key is NULL) to a stage table
    through one Arrow table with explicit column types. Timestamps and dates may be ISO
    text (DuckDB casts it, offsets included) or datetime / date values (a datetime without
    a zone is taken in this machine's zone)."""
    if not rows:
        return
    types = _stage_types(table)
    columns = STAGE_TABLES[table]
    fields, converted = [], {}
    for column in columns:
        sql_type = types[column]
        arrow_type = _ARROW_TYPES[sql_type]
        if sql_type in ("TIMESTAMPTZ", "DATE"):
            sample = next((row[column] for row in rows if row.get(column) is not None), None)
            if isinstance(sample, datetime):
                arrow_type = pa.timestamp("us", tz="UTC")
                converted[column] = pa.array([_utc(row.get(column)) for row in rows], type=arrow_type)
                continue
            if isinstance(sample, date):
                arrow_type = pa.date32()
        fields.append((column, arrow_type))
    # Dicts to a struct array is one pass in C++ (a missing key is NULL): three times faster
    # than from_pylist's list per column.
    arrow = pa.Table.from_struct_array(pa.array(rows, type=pa.struct(fields)))
    for column, values in converted.items():
        arrow = arrow.append_column(column, values)
    view = f"_records_{table}"
    cur.register(view, arrow)
    try:
        select = ", ".join(f'cast("{c}" as {types[c]})' for c in columns)
        cur.execute(f"insert into {table} select {select} from {view}")
    finally:
        cur.unregister(view)


@cache
def _stage_types(table: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in STAGE_DDL[table].split(", "))


def _utc(value):
    return value.astimezone(timezone.utc) if isinstance(value, datetime) else value


# --- small readers shared by the importers -----------------------------------------------

def read_text(path, file_name: str) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"{file_name}: not UTF-8 text (byte {exc.start}); save the export as UTF-8") from exc
    except IsADirectoryError as exc:
        raise ImportRefused(f"{file_name}: is a folder, not an export file") from exc
    except OSError as exc:
        raise ImportRefused(f"{file_name}: cannot be read ({exc.strerror or exc})") from exc


def load_json(path, file_name: str):
    try:
        return json.loads(read_text(path, file_name))
    except json.JSONDecodeError as exc:
        raise ImportRefused(f"{file_name}: the JSON is incomplete or invalid (line {exc.lineno}, "
                            f"column {exc.colno}): {exc.msg}") from exc
    except (RecursionError, ValueError) as exc:
        raise ImportRefused(f"{file_name}: the JSON is nested too deeply or holds a number too long to read") from exc


def csv_rows(text: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows as Python's csv module reads them (quoted newlines, `,` or `;`)."""
    sample = text[:4096]
    first = sample.splitlines()[0] if sample else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = [row for row in reader]
    if not rows:
        return [], []
    header = [h.strip() for h in rows[0]]
    return header, [row for row in rows[1:] if any(cell.strip() for cell in row)]


def header_of(head: bytes) -> list[str]:
    """The first line of a CSV head as column names (for sniffing)."""
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return [h.strip() for h in next(csv.reader([first], delimiter=delimiter))]
    except (StopIteration, csv.Error):
        return []


def split_list(value: str | None, separator: str = ",") -> list[str]:
    if not value:
        return []
    return [part.strip() for part in value.split(separator) if part.strip()]


def person(value) -> str | None:
    """'Jane Doe <jane@example.com>' -> 'Jane Doe'; a login or name stays as it is."""
    if not isinstance(value, str) or not value.strip():
        return None
    match = _PERSON_EMAIL.match(value)
    return (match.group("name") or value).strip() if match else value.strip()


def guess_day_first(values: list[str]) -> bool | None:
    """Whether locale dates in one column put the day first: a first field over 12 says yes,
    a second field over 12 says no; None when every date is ambiguous (month first is then
    assumed, as US-locale exports write)."""
    for value in values:
        match = _LOCAL_DATE.match((value or "").strip())
        if match:
            if int(match.group("a")) > 12:
                return True
            if int(match.group("b")) > 12:
                return False
    return None


def _epoch(number: float) -> datetime | None:
    seconds = number / 1000 if number > 1e11 else number
    try:
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def _iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        try:
            return datetime.combine(date.fromisoformat(text), datetime.min.time())
        except ValueError:
            return None


def _local(text: str, day_first: bool | None) -> datetime | None:
    match = _LOCAL_DATE.match(text)
    if not match:
        return None
    a, b, year = int(match.group("a")), int(match.group("b")), int(match.group("y"))
    year += 2000 if year < 100 else 0
    day, month = (a, b) if day_first else (b, a)
    if day_first is None and a > 12:
        day, month = a, b
    hour, minute, second = int(match.group("h") or 0), int(match.group("mi") or 0), int(match.group("s") or 0)
    ampm = (match.group("ampm") or "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
