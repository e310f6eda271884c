"""Any CSV, read through a mapping that names the file's column for each canonical field.

    shape = "issues"            # or "status_history" (one row per revision/transition) or "status_dates"
    [columns]                   # canonical field = the file's column
    key = "id"
    summary = "title"
    status = "last_state"
    created = "created_date"
    sprint = "iteration_path"
    story_points = "estimate"
    [status_columns]            # status_dates only: status name = column holding the date it was entered
    Backlog = "Backlog"
    [options]
    date_format = ""            # empty: ISO and Jira's formats are tried
    list_separator = ";"
    delimiter = ""              # empty: detected from the header line
    [status_categories]         # status name = todo | in_progress | done
    Closed = "done"

Shapes, staged to this round's contract (data/importers/base.py):
* `issues`: one row per item -> `stage_issues` (a key repeated later is a reject); the
  `blocks` / `blocked_by` columns (lists of keys) -> "Blocks" links in `stage_links`.
* `status_history`: one row per revision or transition -> every dated row into
  `stage_status_log` (the shared step turns it into status changes), the item's latest row
  (by changed_at, revision, file order) into `stage_issues`.
* `status_dates`: one row per item with one column per status holding the date the item
  entered it -> one `stage_status_log` row per filled status column; the item's status is
  its `status` column, else the status it entered last.
In both history shapes an item without a `created` column was created when its log begins.
`status_category` is the mapped column when there is one, else the mapping's
[status_categories] word for the status, else NULL (the shared step maps the name).

The format is never detected: a file is read this way only with a mapping (`cli.py import
FILE --mapping map.toml`, or one saved for the file's header on the Import page).
"""
from __future__ import annotations

import csv
import io
import json
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from config import STATUS_CATEGORIES
from data.errors import ImportRefused
from data.importers.staging import create_stage_tables, inferred_sprint_rows, insert_rows, stage_result

FORMAT = "mapped-csv"
SHAPES = ("issues", "status_history", "status_dates")

# Canonical field -> what it holds (the Import page's labels and the refusal's hint use these).
ISSUE_FIELDS = {
    "key": "issue key (required)", "summary": "title", "issue_type": "type", "status": "status",
    "status_category": "status category (todo / in progress / done, as the file words it)",
    "priority": "priority", "resolution": "resolution", "created": "created date",
    "updated": "updated date", "resolved": "resolved date", "due": "due date",
    "assignee": "assignee", "reporter": "reporter", "team": "team", "project": "project",
    "epic_key": "epic key", "parent_key": "parent key", "story_points": "story points",
    "labels": "labels (a list)", "components": "components (a list)",
    "fix_versions": "fix versions (a list)", "sprint": "sprints (a list)", "url": "browser URL",
    "blocks": "keys of the items this one blocks (a list)",
    "blocked_by": "keys of the items blocking this one (a list)",
}
HISTORY_FIELDS = {"changed_at": "date of the change (status_history)",
                  "revision": "revision number (status_history, optional)"}
FIELDS = {**ISSUE_FIELDS, **HISTORY_FIELDS}
LIST_FIELDS = ("labels", "components", "fix_versions", "sprint")
# Link columns -> the direction of a "Blocks" link relative to the row's item.
LINK_FIELDS = {"blocks": "outward", "blocked_by": "inward"}
TIMESTAMP_FIELDS = ("created", "updated", "resolved")

_DELIMITERS = (",", ";", "\t", "|")
_JIRA_FORMATS = ("%d/%b/%y %I:%M %p", "%d/%b/%y %H:%M", "%d/%b/%y", "%d/%b/%Y %I:%M %p",
                 "%d/%b/%Y %H:%M", "%d/%b/%Y")
_POINTS_REASON = "not a number (expected like 3 or 3.5)"
_REVISION_REASON = "not a whole number"
_EMPTY_KEY_REASON = "empty issue key: row skipped"

# Names a file's column often has for a field (lower case): the first guesses of a mapping.
_GUESSES = {
    "key": ("key", "issue key", "id", "issue id", "work item id", "number", "ticket"),
    "summary": ("summary", "title", "name"),
    "issue_type": ("issue type", "issue_type", "type", "work item type", "workitem_type", "kind"),
    "status": ("status", "state", "last_state", "status changed to", "to status", "new status"),
    "created": ("created", "created date", "created_date", "created at", "created_at", "opened"),
    "updated": ("updated", "updated date", "changed date", "updated_at", "last updated"),
    "resolved": ("resolved", "resolved date", "closed date", "closed_at", "closed"),
    "changed_at": ("changed at", "changed_at", "status change date", "changed date", "transition date", "date"),
    "revision": ("revision", "rev"),
    "story_points": ("story points", "story_points", "points", "estimate", "effort"),
    "sprint": ("sprint", "iteration", "iteration path", "iteration_path"),
    "assignee": ("assignee", "assigned to", "owner"),
    "labels": ("labels", "tags"),
    "team": ("team", "area path", "area_path"),
    "blocks": ("blocks",),
    "blocked_by": ("blocked by", "is blocked by", "blockers"),
}


@dataclass(frozen=True)
class Mapping:
    """How to read one kind of CSV: see the module docstring."""
    shape: str = "issues"
    columns: dict[str, str] = field(default_factory=dict)          # canonical field -> column
    status_columns: dict[str, str] = field(default_factory=dict)   # status name -> column
    date_format: str = ""
    list_separator: str = ";"
    delimiter: str = ""
    status_categories: dict[str, str] = field(default_factory=dict)

    def file_columns(self) -> list[str]:
        return [*self.columns.values(), *self.status_columns.values()]


class MappingError(ImportRefused):
    """A mapping that cannot be used as written; the message names the key to fix."""


class UnrecognisedCsv(ImportRefused):
    """A CSV no importer recognises; `columns` are its header, for a mapping to name."""

    def __init__(self, message: str, columns: list[str]):
        super().__init__(message)
        self.columns = list(columns)


def parse_mapping(raw: dict, origin: str = "the mapping") -> Mapping:
    """A checked Mapping from a TOML document's tables."""
    shape = str(raw.get("shape", "issues"))
    if shape not in SHAPES:
        raise MappingError(f"{origin}: shape = {shape!r} is not one of {', '.join(SHAPES)}")
    columns = {str(k): str(v) for k, v in _table(raw, "columns", origin).items() if str(v).strip()}
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise MappingError(f"{origin}: [columns] {unknown[0]} is not a field; use {', '.join(FIELDS)}")
    status_columns = {str(k): str(v) for k, v in _table(raw, "status_columns", origin).items() if str(v).strip()}
    needed = {"issues": ("key",), "status_history": ("key", "status", "changed_at"), "status_dates": ("key",)}[shape]
    missing = [f for f in needed if f not in columns]
    if missing:
        raise MappingError(f"{origin}: shape {shape!r} needs [columns] {' and '.join(missing)}")
    if shape == "status_dates" and not status_columns:
        raise MappingError(f"{origin}: shape 'status_dates' needs [status_columns]: status name = the column of its date")
    options = _table(raw, "options", origin)
    categories = {str(k): str(v) for k, v in _table(raw, "status_categories", origin).items()}
    bad = sorted(v for v in categories.values() if v not in STATUS_CATEGORIES)
    if bad:
        raise MappingError(f"{origin}: [status_categories] {bad[0]!r} is not one of {', '.join(STATUS_CATEGORIES)}")
    separator = str(options.get("list_separator", ";"))
    if not separator:
        raise MappingError(f"{origin}: [options] list_separator is empty; use for example \";\"")
    delimiter = str(options.get("delimiter", ""))
    if len(delimiter) > 1:
        raise MappingError(f"{origin}: [options] delimiter must be one character (or empty to detect it)")
    return Mapping(shape=shape, columns=columns, status_columns=status_columns,
                   date_format=str(options.get("date_format", "")), list_separator=separator,
                   delimiter=delimiter, status_categories=categories)


def load_mapping(path: Path | str) -> Mapping:
    """Read and check a mapping file (TOML)."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise MappingError(f"{path.name}: cannot read the mapping ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise MappingError(f"{path.name}: not a valid TOML mapping ({exc})") from None
    return parse_mapping(raw, path.name)


def mapping_toml(mapping: Mapping) -> str:
    """The mapping as a TOML file that `load_mapping` reads back unchanged."""
    def table(name: str, values: dict[str, str]) -> list[str]:
        return [f"[{name}]", *(f"{_quoted(k)} = {_quoted(v)}" for k, v in values.items()), ""]
    lines = [f"shape = {_quoted(mapping.shape)}", ""]
    lines += table("columns", mapping.columns)
    if mapping.status_columns:
        lines += table("status_columns", mapping.status_columns)
    lines += table("options", {"date_format": mapping.date_format, "list_separator": mapping.list_separator,
                               "delimiter": mapping.delimiter})
    lines += table("status_categories", mapping.status_categories)
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)   # a JSON string is a valid TOML basic string


def _table(raw: dict, name: str, origin: str) -> dict:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise MappingError(f"{origin}: {name} must be a table ([{name}])")
    return value


# ------------------------------------------------------------------------ header and hint

def read_header(path: Path | str, delimiter: str = "") -> tuple[list[str], str]:
    """The file's column names and its delimiter."""
    with Path(path).open("rb") as handle:
        head = handle.read(256 * 1024)
    return header_of(head, delimiter)


def header_of(head: bytes, delimiter: str = "") -> tuple[list[str], str]:
    text = head.decode("utf-8-sig", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = delimiter or max(_DELIMITERS, key=first_line.count)
    try:
        record = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except (StopIteration, csv.Error):
        return [], delimiter
    return [name.strip() for name in record], delimiter


def guess_columns(columns: list[str]) -> dict[str, str]:
    """A first guess of the mapping's [columns] from the column names."""
    by_name = {" ".join(c.lower().replace("_", " ").split()): c for c in columns}
    guesses = {}
    for fld, names in _GUESSES.items():
        for name in names:
            column = by_name.get(" ".join(name.replace("_", " ").split()))
            if column is not None and column not in guesses.values():
                guesses[fld] = column
                break
    return guesses


def unrecognised_csv(file_name: str, head: bytes) -> UnrecognisedCsv | None:
    """The refusal for a CSV no importer recognises: its columns, then how to map them."""
    if b"\x00" in head or head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[", b"<"):
        return None                           # binary, JSON or XML: not a CSV to map
    columns, _ = header_of(head)
    if len(columns) < 2:
        return None
    shown = ", ".join(columns[:30]) + (f", … ({len(columns)} columns)" if len(columns) > 30 else "")
    guesses = guess_columns(columns) or {"key": columns[0]}
    example = "\n".join(f"  {fld} = {_quoted(col)}" for fld, col in guesses.items())
    return UnrecognisedCsv(
        f"{file_name}: not a recognised export; the CSV's columns are: {shown}\n"
        f"To import it, describe it in a mapping file (e.g. map.toml) and run "
        f"`python cli.py import {file_name} --mapping map.toml` (or map it on the Import page):\n"
        f"  shape = \"issues\"   # or \"status_history\" (one row per change) or \"status_dates\"\n"
        f"  [columns]   # field = the file's column; fields: {', '.join(FIELDS)}\n{example}\n"
        f"  [options]\n  date_format = \"\"   # empty: ISO and Jira's formats are tried\n"
        f"  list_separator = \";\"\n"
        f"  [status_categories]   # status = todo | in_progress | done\n"
        f"See the README, \"Any other CSV: a mapping\".", columns)


# ---------------------------------------------------------------------------- staging

def sniff(head: bytes) -> bool:
    """Never: a CSV is read this way only with a mapping."""
    return False


def stage(cur, path, settings, file_name: str):
    raise ImportRefused(f"{file_name}: --format {FORMAT} needs a mapping: add --mapping map.toml")


@dataclass(frozen=True)
class MappedImporter:
    """The importer for files of one mapping (what detect_format returns for a mapping)."""
    mapping: Mapping
    FORMAT: str = FORMAT

    def stage(self, cur, path, settings, file_name: str):
        return _Stager(self.mapping, settings, file_name).stage(cur, Path(path))


def importer_for(mapping: Mapping) -> MappedImporter:
    return MappedImporter(mapping)


class _Stager:
    def __init__(self, mapping: Mapping, settings, file_name: str):
        self.mapping = mapping
        self.file_name = file_name
        try:
            self.zone = ZoneInfo(getattr(settings, "timezone", None) or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            self.zone = timezone.utc
        self.rejects: list[dict] = []
        self.links: dict[str, list[dict]] = {}   # per key: the links of the row that became the item
        self.categories = {k.strip().lower(): v for k, v in mapping.status_categories.items()}
        expected = mapping.date_format or "ISO like 2024-06-03 10:15 or Jira's like 03/Jun/24 10:15 AM"
        self.date_reason = f"not a date (expected {expected})"

    # -- reading
    def stage(self, cur, path: Path):
        header, rows = self._read(path)
        self.index = {name: i for i, name in reversed(list(enumerate(header)))}
        absent = [(fld, col) for fld, col in self.mapping.columns.items() if col not in self.index]
        absent += [(f"status {name!r}", col) for name, col in self.mapping.status_columns.items() if col not in self.index]
        if absent:
            fld, col = absent[0]
            raise ImportRefused(f"{self.file_name}: the mapping reads {fld} from column {col!r}, which the file does "
                                f"not have; its columns are: {', '.join(header)}")
        if not rows:
            raise ImportRefused(f"{self.file_name}: the CSV has a header but no data rows; nothing to import")
        issues, log = {"issues": self._issues, "status_history": self._history,
                       "status_dates": self._dates}[self.mapping.shape](rows)
        create_stage_tables(cur)
        insert_rows(cur, "stage_issues", issues)
        insert_rows(cur, "stage_links", [link for key in (i["key"] for i in issues) for link in self.links[key]])
        insert_rows(cur, "stage_status_log", log)
        insert_rows(cur, "stage_sprints", inferred_sprint_rows(i["sprints"] for i in issues))
        insert_rows(cur, "stage_rejects", sorted(self.rejects, key=lambda r: r["row_number"]))
        return stage_result(FORMAT, len(rows))

    def _read(self, path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
        """The header and the data rows with their 1-based data row number (blank rows left out)."""
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as exc:
            raise ImportRefused(f"{self.file_name}: cannot read the file ({exc.strerror or exc})") from None
        except UnicodeDecodeError:
            raise ImportRefused(f"{self.file_name}: not UTF-8 text; save the CSV as UTF-8") from None
        if not text.strip():
            raise ImportRefused(f"{self.file_name}: the file is empty")
        _, delimiter = header_of(text[:256 * 1024].encode(), self.mapping.delimiter)
        try:
            records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as exc:
            raise ImportRefused(f"{self.file_name}: unreadable CSV ({exc})") from None
        header = [name.strip() for name in records[0]]
        return header, [(n, r) for n, r in enumerate(records[1:], start=1) if any(cell.strip() for cell in r)]

    def raw(self, row: list[str], fld: str) -> str | None:
        column = self.mapping.columns.get(fld)
        return self.cell(row, column) if column else None

    def cell(self, row: list[str], column: str) -> str | None:
        i = self.index[column]
        value = row[i].strip() if i < len(row) else ""
        return value or None

    def reject(self, number: int, column: str, raw: str, reason: str) -> None:
        self.rejects.append({"row_number": number, "column_name": column, "raw_value": raw, "reason": reason})

    # -- shapes
    def _issues(self, rows):
        issues: dict[str, dict] = {}
        first_row: dict[str, int] = {}
        for number, row in rows:
            key = self._key(number, row, first_row)
            if key:
                first_row[key] = number
                issues[key] = self._issue(number, row, key)
        return list(issues.values()), []

    def _history(self, rows):
        log, latest, first_change = [], {}, {}
        for number, row in rows:
            key = self.raw(row, "key")
            if not key:
                self.reject(number, self.mapping.columns["key"], "", _EMPTY_KEY_REASON)
                continue
            changed_at = self._timestamp(number, row, "changed_at")
            revision = self._revision(number, row)
            order = (changed_at or datetime.min.replace(tzinfo=timezone.utc), revision or 0, number)
            if key not in latest or order >= latest[key][0]:
                latest[key] = (order, number, row)
            if changed_at is not None:
                first_change[key] = min(first_change.get(key, changed_at), changed_at)
                log.append({"key": key, "changed_at": changed_at, "status": self.raw(row, "status"),
                            "revision": revision, "row_number": number})
        issues = []
        for key, (_order, number, row) in latest.items():
            issue = self._issue(number, row, key)
            if issue["created"] is None and "created" not in self.mapping.columns:
                issue["created"] = first_change.get(key)
            issues.append(issue)
        return issues, log

    def _dates(self, rows):
        issues, log, first_row = {}, [], {}
        for number, row in rows:
            key = self._key(number, row, first_row)
            if not key:
                continue
            first_row[key] = number
            entered = []
            for status, column in self.mapping.status_columns.items():
                raw = self.cell(row, column)
                when = self._parse_timestamp(raw) if raw else None
                if raw and when is None:
                    self.reject(number, column, raw, self.date_reason)
                elif when is not None:
                    entered.append((when, status))
                    log.append({"key": key, "changed_at": when, "status": status, "row_number": number})
            issue = self._issue(number, row, key)
            if issue["status"] is None and entered:
                issue["status"] = max(entered, key=lambda e: e[0])[1]
                issue["status_category"] = issue["status_category"] or self._category(issue["status"])
            if issue["created"] is None and "created" not in self.mapping.columns and entered:
                issue["created"] = min(when for when, _ in entered)
            issues[key] = issue
        return list(issues.values()), log

    def _key(self, number: int, row, first_row: dict[str, int]) -> str | None:
        key = self.raw(row, "key")
        column = self.mapping.columns["key"]
        if not key:
            self.reject(number, column, "", _EMPTY_KEY_REASON)
            return None
        if key in first_row:
            self.reject(number, column, key, f"duplicate issue key (first seen on row {first_row[key]}): row skipped")
            return None
        return key

    def _issue(self, number: int, row, key: str) -> dict:
        status = self.raw(row, "status")
        issue = {"key": key, "source": FORMAT}
        for fld in ("summary", "issue_type", "priority", "resolution", "assignee", "reporter", "team",
                    "epic_key", "parent_key", "url"):
            issue[fld] = self.raw(row, fld)
        issue["project"] = self.raw(row, "project") or (key.rsplit("-", 1)[0] if "-" in key else None)
        issue["status"] = status
        issue["status_category"] = self.raw(row, "status_category") or self._category(status)
        for fld in TIMESTAMP_FIELDS:
            issue[fld] = self._timestamp(number, row, fld)
        issue["due"] = self._day(number, row)
        issue["story_points"] = self._points(number, row)
        for fld in LIST_FIELDS:
            issue["sprints" if fld == "sprint" else fld] = self._list(row, fld)
        self.links[key] = [{"source_key": key, "link_type": "Blocks", "direction": direction, "other_key": other,
                            "raw_label": self.mapping.columns[fld]}
                           for fld, direction in LINK_FIELDS.items() for other in self._list(row, fld)]
        return issue

    def _category(self, status: str | None) -> str | None:
        return self.categories.get((status or "").strip().lower())

    # -- values
    def _list(self, row, fld: str) -> list[str]:
        raw = self.raw(row, fld)
        return [p.strip() for p in raw.split(self.mapping.list_separator) if p.strip()] if raw else []

    def _points(self, number: int, row) -> float | None:
        raw = self.raw(row, "story_points")
        if raw is None:
            return None
        try:
            return float(raw.replace(",", "."))
        except ValueError:
            self.reject(number, self.mapping.columns["story_points"], raw, _POINTS_REASON)
            return None

    def _revision(self, number: int, row) -> int | None:
        raw = self.raw(row, "revision")
        if raw is None:
            return None
        try:
            return int(raw)
        except ValueError:
            self.reject(number, self.mapping.columns["revision"], raw, _REVISION_REASON)
            return None

    def _timestamp(self, number: int, row, fld: str) -> datetime | None:
        raw = self.raw(row, fld)
        if raw is None:
            return None
        value = self._parse_timestamp(raw)
        if value is None:
            self.reject(number, self.mapping.columns[fld], raw, self.date_reason)
        return value

    def _day(self, number: int, row) -> date | None:
        raw = self.raw(row, "due")
        if raw is None:
            return None
        value = self._parse_naive(raw)
        if value is None:
            self.reject(number, self.mapping.columns["due"], raw, self.date_reason)
            return None
        return value.date()

    def _parse_timestamp(self, raw: str) -> datetime | None:
        value = self._parse_naive(raw)
        if value is None:
            return None
        return value if value.tzinfo else value.replace(tzinfo=self.zone)

    def _parse_naive(self, raw: str) -> datetime | None:
        """The mapping's date format when it has one; else ISO 8601, else Jira's formats."""
        formats = (self.mapping.date_format,) if self.mapping.date_format else _JIRA_FORMATS
        if not self.mapping.date_format:
            try:
                return datetime.fromisoformat(raw)
            except ValueError:
                pass
        for fmt in formats:
            try:
                return datetime.strptime(raw, fmt)
            except ValueError:
                continue
        return None
