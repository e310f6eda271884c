"""Jira REST JSON importer: search responses, board sprint lists, project version lists.

Supported payloads (detected by structure, not by file name):

* a search response ``{"issues": [...]}`` from ``/rest/api/2|3/search`` (with or without
  ``expand=changelog`` and ``expand=names``); also a bare JSON array of issue objects
  and a single issue object (``/rest/api/2/issue/KEY``);
* a board sprint list ``{"values": [...sprints]}`` from ``/rest/agile/1.0/board/{id}/sprint``;
* a project version list ``[...versions]`` from ``/rest/api/2/project/{key}/versions``,
  or its paginated shape ``{"values": [...versions]}`` from ``/project/{key}/version``.

Field choices for search responses:

* story points: the field the payload's ``names`` map calls "Story Points", else
  "Story point estimate"; a non-numeric value there is a reject. Without such a name,
  ``fields.story_points`` (rejected when not a number), else the first numeric value of
  ``customfield_10016``, ``customfield_10026``, ``customfield_10002``,
  ``customfield_10004`` (the ids Jira Cloud and Server commonly give the field). A
  non-numeric value in those guessed ids is ignored, not rejected: the id may belong to
  another field in that Jira.
* sprints: every ``customfield_*`` whose value is a list of sprint objects (``boardId`` /
  ``state`` / ``startDate``) or of legacy ``com.atlassian.greenhopper...Sprint@..[..]``
  strings, plus the field ``names`` calls "Sprint", plus the agile API's ``sprint`` and
  ``closedSprints``.
* epic: ``fields.parent.key`` when the parent is an Epic (type name or hierarchy level
  1), else the "Epic Link" field (``names``, else ``customfield_10014``), else the agile
  API's ``fields.epic.key``.
* links: one row per entry of ``fields.issuelinks`` as listed (a link listed on both of
  its issues gives two rows with different ``source_key``): the type's name, 'outward'
  or 'inward', and the phrase as raw_label; data/normalise.py decides what they mean.
* Sprint history: changelog items of the Sprint field (``field`` "Sprint", or a
  ``fieldId`` whose value holds sprints) become stage_sprint_changes rows; their ids are
  named through the file's sprint objects, else through ``fromString``/``toString``.
* status category: ``statusCategory.key`` as written; team: the field ``names`` calls
  "Team"; url: the browse address derived from the issue's ``self``. Mapping and
  fallbacks are the shared normalisation step's.
* an empty list (``"issues": []``, ``"values": []``, ``[]``) is "nothing to load".
* a search page whose ``total`` exceeds its issues loads with a warning to export every page.
* an issue listed twice (overlapping pages) keeps its last occurrence; each earlier one
  is reported as a reject.

Reading: the file is streamed (data/importers/json_stream.py), one issue at a time, and the
rows go to the stage tables in batches, so a gigabyte search response never sits in memory
whole. Jira writes `names` after the issues: when it names fields, the issues are read a
second time knowing them. A bare array's kind (issues or versions) is judged from its
first 1,000 items; a sprint or version page (`values`) is read whole.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timezone
from itertools import chain, islice
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from config import Settings
from data.errors import ImportRefused
from data.importers.base import StageResult, create_empty_stage_tables
from data.importers.json_stream import JsonStream, paused_gc
from data.importers.records import insert, utc_text
from data.sql import statements

FORMAT = "jira-json"

STORY_POINT_NAMES = ("story points", "story point estimate")
STORY_POINT_FIELD_IDS = ("customfield_10016", "customfield_10026", "customfield_10002", "customfield_10004")
EPIC_LINK_FIELD_ID = "customfield_10014"

# Top-level arrays read one item at a time; issues go to the stage tables in batches.
STREAMED = ("issues", "values")
BATCH_ITEMS = 20_000
# A bare array's kind (issues or versions) is judged from its first items.
PEEK_ITEMS = 1_000

_NOT_JIRA = "JSON without 'issues' or sprint 'values': not a Jira REST export"
_ISSUE_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*-\d+$")
_LEGACY_SPRINT = re.compile(r"^[\w.$]*Sprint@[0-9a-fA-F]*\[(?P<body>.*)\]\s*$", re.S)
_LEGACY_KEYS = ("id", "rapidViewId", "state", "name", "goal", "startDate", "endDate", "completeDate",
                "activatedDate", "sequence", "synced", "autoStartStop", "incompleteIssuesDestinationId")
# Jira's own form with an offset (2020-06-12T08:38:51.882+0800), checked to the field so
# that DuckDB reads it as Python would; other forms go through datetime.fromisoformat.
_JIRA_TIMESTAMP = re.compile(
    r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{3}|\.\d{6})?"
    r"(?:[+-](?:[01]\d|2[0-3]):?[0-5]\d|Z)\Z")
_LEGACY_SPLIT = re.compile(r",(?=(?:%s)=)" % "|".join(_LEGACY_KEYS))

# --- sniffing -----------------------------------------------------------------------------

_SNIFF_ISSUES = re.compile(r'"issues"\s*:\s*\[\s*(\]|\{)')
_SNIFF_ISSUE_KEY = re.compile(r'"key"\s*:\s*"[A-Za-z][A-Za-z0-9_]*-\d+"')
_SNIFF_FIELDS = re.compile(r'"fields"\s*:\s*\{')
_SNIFF_VALUES = re.compile(r'"values"\s*:\s*\[')
_SNIFF_EMPTY_VALUES = re.compile(r'"values"\s*:\s*\[\s*\]')
_SNIFF_SPRINT_BOARD = re.compile(r'"originBoardId"\s*:|/rest/agile/[^"]*/sprint/')
_SNIFF_SPRINT_STATE = re.compile(r'"state"\s*:\s*"(?:future|active|closed)"', re.I)
_SNIFF_RELEASED = re.compile(r'"released"\s*:\s*(?:true|false)|"releaseDate"\s*:')
_SNIFF_NAME = re.compile(r'"name"\s*:')


def sniff(head: bytes) -> bool:
    """True when the first bytes look like a Jira REST payload this module reads.

    Text patterns only: the head may be cut anywhere, so it is never parsed as JSON.
    """
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    if not text or text[0] not in "{[":
        return False
    if text[0] == "{":
        issues = _SNIFF_ISSUES.search(text)
        if issues and (issues.group(1) == "]" or _SNIFF_FIELDS.search(text) or _SNIFF_ISSUE_KEY.search(text)):
            return True
        if _SNIFF_VALUES.search(text):
            sprint = _SNIFF_SPRINT_BOARD.search(text) or (_SNIFF_SPRINT_STATE.search(text) and '"startDate"' in text)
            if sprint or (_SNIFF_RELEASED.search(text) and _SNIFF_NAME.search(text)):
                return True
            # an empty page of sprints or versions: nothing to load, but not unknown
            if _SNIFF_EMPTY_VALUES.search(text) and ('"isLast"' in text or '"maxResults"' in text
                                                     or re.fullmatch(r'\{\s*"values"\s*:\s*\[\s*\]\s*\}\s*', text)):
                return True
        # a single issue from /rest/api/2/issue/KEY
        return bool(_SNIFF_ISSUE_KEY.search(text) and _SNIFF_FIELDS.search(text))
    # a JSON array: project versions, or issue objects
    if _SNIFF_RELEASED.search(text) and _SNIFF_NAME.search(text):
        return True
    return bool(_SNIFF_ISSUE_KEY.search(text) and _SNIFF_FIELDS.search(text))


# --- staging ------------------------------------------------------------------------------

def stage(cur, path, settings: Settings | None, file_name: str) -> StageResult:
    """Read a Jira REST JSON file into the stage tables on `cur`, one issue at a time (the
    file is streamed; see data/importers/json_stream.py)."""
    settings = settings or Settings()
    staged, late_names = _read(cur, Path(path), settings, file_name, {})
    if late_names:
        # `names` came after the issues (as Jira writes it): the fields it names (story
        # points, team, sprint, epic link) were guessed at; read the issues again knowing them.
        staged, _ = _read(cur, Path(path), settings, file_name, late_names)
    return staged


def _read(cur, path: Path, settings: Settings, file_name: str, names: dict) -> tuple[StageResult, dict]:
    """One pass over the file; returns the result and a `names` map found only after the issues."""
    create_empty_stage_tables(cur)
    out = _Collector(settings, cur)
    warnings: list[str] = []
    late_names: dict = {}
    with JsonStream(path, file_name) as stream, paused_gc():
        shape = stream.top()
        if shape == "array":
            items = stream.root_items()
            head = list(islice(items, PEEK_ITEMS))
            kind = _values_kind(head) if head else "empty"
            if kind == "versions":
                rows_read = _stage_versions(out, chain(head, items))
            elif kind == "issues":
                rows_read = _stage_issues(out, chain(head, items), {})
            elif kind == "empty":
                rows_read = sum(1 for _ in items)   # reads to the end: trailing data is still an error
            else:
                raise ImportRefused(f"{file_name}: {_NOT_JIRA}")
        elif shape == "object":
            members: dict = {}
            rows_read = None
            names_after_issues = False
            for key, value in stream.members(STREAMED):
                if key == "issues" and isinstance(value, Iterator):
                    given = members.get("names")
                    names_after_issues = not isinstance(given, dict)
                    rows_read = _stage_issues(out, value, names if names_after_issues else given)
                    members["issues"] = []
                elif key == "values" and isinstance(value, Iterator):
                    members["values"] = list(value)   # sprint and version pages are short
                else:
                    members[key] = value
            rows_read = _stage_object(out, members, rows_read, names, file_name, warnings)
            if names_after_issues and not names and isinstance(members.get("names"), dict):
                late_names = members["names"]
        else:
            stream.value()              # a scalar, or json's own message for what is not JSON
            raise ImportRefused(f"{file_name}: {_NOT_JIRA}")
    out.finish()
    return StageResult(format=FORMAT, rows_read=rows_read, warnings=tuple(warnings)), late_names


def _stage_object(out: _Collector, payload: dict, issues_read: int | None, names: dict, file_name: str,
                  warnings: list[str]) -> int:
    """The top-level object's payload (its `issues`, already staged, counted `issues_read`)."""
    if "issues" in payload:
        if issues_read is None:          # `issues` is not a list
            raise ImportRefused(f"{file_name}: {_NOT_JIRA}")
        total = payload.get("total")
        if isinstance(total, int) and not isinstance(total, bool) and total > issues_read:
            warnings.append(f"{issues_read} of {total} issues: this response is one page; export every page")
        return issues_read
    if "values" in payload:
        values = payload["values"]
        if not isinstance(values, list):
            raise ImportRefused(f"{file_name}: {_NOT_JIRA}")
        kind = _values_kind(values) if values else "empty"
        if kind == "sprints":
            _stage_board_sprints(out, values)
        elif kind == "versions":
            _stage_versions(out, values)
        elif kind != "empty":
            raise ImportRefused(f"{file_name}: {_NOT_JIRA}")
        return len(values)
    if "key" in payload and isinstance(payload.get("fields"), dict):
        given = payload.get("names")
        return _stage_issues(out, [payload], given if isinstance(given, dict) else names)
    raise ImportRefused(f"{file_name}: {_NOT_JIRA}")


def _values_kind(items: list) -> str | None:
    dicts = [v for v in items if isinstance(v, dict)]
    if any("released" in v or "releaseDate" in v for v in dicts):
        return "versions"
    if any("key" in v and "fields" in v for v in dicts):
        return "issues"
    if any("name" in v and ("originBoardId" in v or _is_sprint_state(v.get("state"))) for v in dicts):
        return "sprints"
    return None


class _Collector:
    """Rows for the stage tables, gathered in Python and written to `cur` a batch at a time
    (issues, links, status changes, rejects) or at the end (sprints and versions, merged
    across issues). A key seen again replaces what an earlier batch wrote for it."""

    def __init__(self, settings: Settings, cur):
        self.settings = settings
        self.cur = cur
        try:
            self.zone = ZoneInfo(settings.timezone or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            self.zone = timezone.utc
        self.issues: dict[str, dict] = {}
        self.issue_rows: dict[str, int] = {}     # key -> item of its last full row (the whole file)
        self.history_rows: dict[str, int] = {}   # key -> item of its last links and history
        self.batch_start = 1                     # first item not yet written
        self.stale_issues: set[str] = set()      # written by an earlier batch, listed again since
        self.stale_changes: set[str] = set()
        self.stale_links: set[str] = set()
        self.links: dict[str, list[dict]] = {}
        self.changes: dict[str, list[dict]] = {}
        self.sprint_changes: dict[str, list[dict]] = {}
        self.sprints: dict[tuple[str, str], dict] = {}
        self.versions: dict[tuple[str, str], dict] = {}
        self.rejects: list[dict] = []
        self._valid_days: dict[str, bool] = {}

    def issue_seen(self, key: str, row: int) -> None:
        """A full issue row for `key` at item `row` (its earlier row is a reject)."""
        if key in self.issue_rows:
            earlier = self.issue_rows[key]
            self.reject(earlier, "key", key, f"duplicate issue key (its last occurrence, item {row}, is kept): skipped")
            if earlier < self.batch_start:
                self.stale_issues.add(key)
        self.issue_rows[key] = row
        self.history_seen(key, row, with_links=True)

    def history_seen(self, key: str, row: int, with_links: bool) -> None:
        """Status history (and links, when listed) for `key` at item `row` replace earlier ones."""
        if self.history_rows.get(key, row) < self.batch_start:
            self.stale_changes.add(key)
            if with_links:
                self.stale_links.add(key)
        self.history_rows[key] = row

    def flush(self, next_row: int) -> None:
        """Write the batch of issues, links, status changes and rejects."""
        if self.stale_issues or self.stale_changes:
            params = {"issue_keys": sorted(self.stale_issues), "link_keys": sorted(self.stale_links),
                      "change_keys": sorted(self.stale_changes)}
            for statement in statements("forget_staged_keys"):
                self.cur.execute(statement, {k: v for k, v in params.items() if f"${k}" in statement})
            self.stale_issues.clear()
            self.stale_links.clear()
            self.stale_changes.clear()
        insert(self.cur, "stage_issues", list(self.issues.values()))
        insert(self.cur, "stage_links", [row for rows in self.links.values() for row in rows])
        insert(self.cur, "stage_status_changes", [row for rows in self.changes.values() for row in rows])
        insert(self.cur, "stage_rejects", sorted(self.rejects, key=lambda r: r["row_number"]))
        self.issues, self.links, self.changes, self.rejects = {}, {}, {}, []
        self.batch_start = next_row

    def finish(self) -> None:
        self.flush(self.batch_start)
        insert(self.cur, "stage_sprints", list(self.sprints.values()))
        insert(self.cur, "stage_versions", list(self.versions.values()))
        # Kept for the whole file (a few per issue): sprint ids are named through sprint
        # objects that may come later in the file.
        insert(self.cur, "stage_sprint_changes", _sprint_names_resolved(self))

    def keep_sprint_changes(self, key: str, rows: list[dict]) -> None:
        """The Sprint history of `key`'s last listing (an empty one forgets an earlier)."""
        if rows:
            self.sprint_changes[key] = rows
        else:
            self.sprint_changes.pop(key, None)

    def reject(self, row: int, column: str, raw, reason: str) -> None:
        self.rejects.append({"row_number": row, "column_name": column, "raw_value": _raw(raw), "reason": reason})

    def timestamp(self, value, row: int, column: str) -> str | None:
        """ISO text in UTC for a Jira date-time, None when empty; a bad value is a reject."""
        if value is None or value == "" or value == "<null>":
            return None
        if isinstance(value, str) and _JIRA_TIMESTAMP.match(value) and self._valid_day(value[:10]):
            return value     # with its offset: DuckDB reads it as that instant, no Python date needed
        try:
            if not isinstance(value, str):
                raise ValueError
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            self.reject(row, column, value, "not a date-time (expected ISO 8601 like 2020-06-12T08:38:51.882+0800)")
            return None
        text = utc_text(parsed, self.zone)
        if text is None:
            self.reject(row, column, value, "date out of range (before year 1 or after 9999 in UTC)")
        return text

    def _valid_day(self, text: str) -> bool:
        valid = self._valid_days.get(text)
        if valid is None:
            try:
                valid = 1900 <= date.fromisoformat(text).year <= 2999
            except ValueError:
                valid = False
            self._valid_days[text] = valid
        return valid

    def day(self, value, row: int, column: str) -> str | None:
        if value is None or value == "":
            return None
        try:
            if not isinstance(value, str):
                raise ValueError
            text = value.strip()
            parsed = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text).date()
        except ValueError:
            self.reject(row, column, value, "not a date (expected YYYY-MM-DD)")
            return None
        return parsed.isoformat()

    def add_sprint(self, sprint: dict) -> None:
        """Keep one row per sprint (by id, else by board and name)."""
        key = ("id", sprint["sprint_id"]) if sprint["sprint_id"] else ("name", sprint["board"], sprint["name"])
        known = self.sprints.get(key)
        if known is None:
            self.sprints[key] = sprint
        else:  # the same sprint seen again: fill what the first sighting lacked
            for column, value in sprint.items():
                if known.get(column) in (None, "") and value not in (None, ""):
                    known[column] = value

    def add_version(self, version: dict) -> None:
        key = (version["project"] or "", version["name"])
        known = self.versions.get(key)
        if known is None:
            self.versions[key] = version
        else:
            for column, value in version.items():
                if known.get(column) is None and value is not None:
                    known[column] = value


# --- issues -------------------------------------------------------------------------------

NARROW_RESPONSE_MARKERS = ("issuetype", "created", "summary")


def _stage_issues(out: _Collector, issues: Iterable, names: dict) -> int:
    """Stage every issue object of `issues` (read one at a time); returns how many items it had."""
    names_lower = _FieldNames(names)
    index = 0
    for index, issue in enumerate(issues, start=1):
        if not isinstance(issue, dict):
            out.reject(index, "", issue, "not an issue object: skipped")
        else:
            key = issue.get("key")
            if not isinstance(key, str) or not key.strip():
                out.reject(index, "key", issue.get("id", key), "issue without a key: skipped")
            else:
                _stage_issue(out, index, key.strip(), issue, names_lower)
        if index % BATCH_ITEMS == 0:
            out.flush(index + 1)
    return index


class _FieldNames(dict):
    """Field id -> display name in lower case (from the payload's `names`), with the ids of
    each wanted name worked out once per file, not once per issue."""

    def __init__(self, names: dict):
        super().__init__((str(fid), str(name).strip().lower()) for fid, name in names.items() if isinstance(name, str))
        self._named: dict[tuple[str, ...], list[str]] = {}

    def ids_named(self, wanted: tuple[str, ...]) -> list[str]:
        ids = self._named.get(wanted)
        if ids is None:
            ids = self._named[wanted] = [fid for name in wanted for fid, label in self.items() if label == name]
        return ids


def _fields_named(names_lower: _FieldNames, *wanted: str) -> list[str]:
    """Field ids whose display name (from `names`) is one of `wanted`, in `wanted` order."""
    return list(names_lower.ids_named(wanted))


def _stage_issue(out: _Collector, row: int, key: str, issue: dict, names_lower: dict) -> None:
    fields = issue.get("fields") if isinstance(issue.get("fields"), dict) else {}
    if not any(name in fields for name in NARROW_RESPONSE_MARKERS):
        # Fetched with a narrow `fields=` list (e.g. a nightly changelog pull): it brings
        # history and links, and must not blank out the issue fields it did not ask for.
        out.history_seen(key, row, with_links="issuelinks" in fields)
        out.changes[key] = _status_changes(out, row, key, issue)
        out.keep_sprint_changes(key, _sprint_changes(out, row, key, issue))
        if "issuelinks" in fields:
            out.links[key] = _issue_links(out, row, key, fields)
        return

    project = _get(fields, "project", "key") or (key.rsplit("-", 1)[0] if "-" in key else None)
    status = _get(fields, "status", "name")
    category = _get(fields, "status", "statusCategory")
    status_category = _text(category.get("key") or category.get("name")) if isinstance(category, dict) else None

    components = _names(fields.get("components"))
    fix_versions = _names(fields.get("fixVersions"))
    for j, version in enumerate(_list(fields.get("fixVersions"))):
        if isinstance(version, dict) and isinstance(version.get("name"), str) and version["name"]:
            out.add_version(_version_row(out, version, row, f"fields.fixVersions[{j}].", project))

    parent = fields.get("parent") if isinstance(fields.get("parent"), dict) else None
    parent_key = parent.get("key") if parent else None
    epic_key = None
    if parent_key:
        ptype = _get(parent, "fields", "issuetype") or {}
        if str(ptype.get("name") or "").lower() == "epic" or ptype.get("hierarchyLevel") == 1:
            epic_key = parent_key
    if epic_key is None:
        for fid in _fields_named(names_lower, "epic link") + [EPIC_LINK_FIELD_ID]:
            value = fields.get(fid)
            if isinstance(value, str) and _ISSUE_KEY.match(value.strip()):
                epic_key = value.strip()
                break
    if epic_key is None and isinstance(_get(fields, "epic", "key"), str):
        epic_key = _get(fields, "epic", "key")

    team = None
    for fid in _fields_named(names_lower, "team"):
        team = _text(fields.get(fid))
        if team:
            break

    out.issue_seen(key, row)
    out.issues[key] = {
        "key": key,
        "source": FORMAT,
        "project": project,
        "issue_type": _get(fields, "issuetype", "name"),
        "summary": _text(fields.get("summary")),
        "status": status,
        "status_category": status_category,
        "priority": _get(fields, "priority", "name"),
        "resolution": _get(fields, "resolution", "name"),
        "created": out.timestamp(fields.get("created"), row, "fields.created"),
        "updated": out.timestamp(fields.get("updated"), row, "fields.updated"),
        "resolved": out.timestamp(fields.get("resolutiondate"), row, "fields.resolutiondate"),
        "due": out.day(fields.get("duedate"), row, "fields.duedate"),
        "assignee": _person(fields.get("assignee")),
        "reporter": _person(fields.get("reporter")),
        "team": team or None,
        "epic_key": epic_key,
        "parent_key": parent_key,
        "story_points": _story_points(out, row, fields, names_lower),
        "labels": _labels(out, row, fields.get("labels")),
        "components": components,
        "fix_versions": fix_versions,
        "sprints": _issue_sprints(out, row, fields, names_lower),
        "url": _browse_url(issue.get("self"), key),
    }
    out.links[key] = _issue_links(out, row, key, fields)
    out.changes[key] = _status_changes(out, row, key, issue)
    out.keep_sprint_changes(key, _sprint_changes(out, row, key, issue))


def _story_points(out: _Collector, row: int, fields: dict, names_lower: dict) -> float | None:
    named = _fields_named(names_lower, *STORY_POINT_NAMES)
    explicit = named + (["story_points"] if "story_points" in fields else [])
    for fid in explicit:
        value = fields.get(fid)
        if value is None or value == "":
            continue
        number = _number(value)
        if number is None:
            out.reject(row, f"fields.{fid}", value, "story points are not a number")
        return number
    if explicit:
        return None
    for fid in STORY_POINT_FIELD_IDS:
        number = _number(fields.get(fid), strings=False)
        if number is not None:
            return number
    return None


def _number(value, strings: bool = True) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:   # an integer too large for a float
            return None
        return number if math.isfinite(number) else None
    if strings and isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _issue_sprints(out: _Collector, row: int, fields: dict, names_lower: dict) -> list[str]:
    sources: list[tuple[str, list]] = []
    named = set(_fields_named(names_lower, "sprint"))
    for fid, value in fields.items():
        if not isinstance(value, list) or not value:
            continue
        if fid in named or (fid.startswith("customfield_") and _looks_like_sprints(value)):
            sources.append((fid, value))
    if isinstance(fields.get("closedSprints"), list):
        sources.append(("closedSprints", fields["closedSprints"]))
    if isinstance(fields.get("sprint"), dict):
        sources.append(("sprint", [fields["sprint"]]))

    names: list[str] = []
    for fid, values in sources:
        for j, item in enumerate(values):
            prefix = "fields.sprint" if fid == "sprint" else f"fields.{fid}[{j}]"
            sprint = _sprint_row(out, item, row, prefix)
            if sprint is None:
                continue
            out.add_sprint(sprint)
            if sprint["name"] not in names:
                names.append(sprint["name"])
    return names


def _looks_like_sprints(values: list) -> bool:
    first = values[0]
    if isinstance(first, dict):
        return "name" in first and "released" not in first and (
            any(k in first for k in ("boardId", "originBoardId", "rapidViewId")) or _is_sprint_state(first.get("state")))
    return isinstance(first, str) and bool(_LEGACY_SPRINT.match(first))


def _sprint_row(out: _Collector, item, row: int, prefix: str) -> dict | None:
    """A stage_sprints row from a sprint object or a legacy GreenHopper string."""
    if isinstance(item, str):
        match = _LEGACY_SPRINT.match(item)
        if not match:
            out.reject(row, prefix, item, "not a sprint (expected a sprint object or Sprint@..[..] text)")
            return None
        item = {}
        for part in _LEGACY_SPLIT.split(match.group("body")):
            name, _, value = part.partition("=")
            item[name.strip()] = None if value == "<null>" else value
    if not isinstance(item, dict):
        out.reject(row, prefix, item, "not a sprint (expected a sprint object)")
        return None
    name = _text(item.get("name"))
    if not name:
        out.reject(row, _path(prefix, "name"), item, "sprint without a name: skipped")
        return None
    board = next((item[k] for k in ("boardId", "originBoardId", "rapidViewId") if item.get(k) not in (None, "")), None)
    goal = _text(item.get("goal"))
    return {
        "sprint_id": None if item.get("id") in (None, "") else str(item["id"]),
        "name": name,
        "board": "" if board is None else str(board),
        "team": None,
        "state": str(item["state"]).strip().lower() if item.get("state") else None,
        "start_date": out.timestamp(item.get("startDate"), row, _path(prefix, "startDate")),
        "end_date": out.timestamp(item.get("endDate"), row, _path(prefix, "endDate")),
        "complete_date": out.timestamp(item.get("completeDate"), row, _path(prefix, "completeDate")),
        "goal": goal or None,
        "inferred": False,
    }


def _issue_links(out: _Collector, row: int, key: str, fields: dict) -> list[dict]:
    rows = []
    for j, link in enumerate(_list(fields.get("issuelinks"))):
        if not isinstance(link, dict):
            continue
        link_type = link.get("type") if isinstance(link.get("type"), dict) else {}
        type_name = str(link_type.get("name") or "")
        if isinstance(link.get("outwardIssue"), dict):
            other, phrase, direction = link["outwardIssue"].get("key"), link_type.get("outward"), "outward"
        elif isinstance(link.get("inwardIssue"), dict):
            other, phrase, direction = link["inwardIssue"].get("key"), link_type.get("inward"), "inward"
        else:
            out.reject(row, f"fields.issuelinks[{j}]", link, "link without an inward or outward issue: skipped")
            continue
        if not isinstance(other, str) or not other:
            out.reject(row, f"fields.issuelinks[{j}]", link, "link without the linked issue's key: skipped")
            continue
        rows.append({
            "source_key": key,
            "link_type": type_name or (phrase if isinstance(phrase, str) else ""),
            "direction": direction,
            "other_key": other,
            "raw_label": phrase if isinstance(phrase, str) and phrase else type_name,
        })
    return rows


def _labels(out: _Collector, row: int, value) -> list[str]:
    """Labels are a list of strings; anything else is a reject (a string is never split)."""
    if value is None:
        return []
    if not isinstance(value, list):
        out.reject(row, "fields.labels", value, "labels are not a list (expected like [\"tech-debt\"]): ignored")
        return []
    return [str(label) for label in value if label is not None and not isinstance(label, (dict, list)) and str(label) != ""]


def _status_changes(out: _Collector, row: int, key: str, issue: dict) -> list[dict]:
    changelog = issue.get("changelog")
    histories = changelog.get("histories") if isinstance(changelog, dict) else None
    rows: list[dict] = []
    if not isinstance(histories, list):
        return rows
    for h, history in enumerate(histories):
        if not isinstance(history, dict) or not isinstance(history.get("items"), list):
            continue
        items = [i for i in history["items"] if isinstance(i, dict) and _is_status_item(i)]
        if not items:
            continue
        changed_at = out.timestamp(history.get("created"), row, f"changelog.histories[{h}].created")
        if changed_at is None:
            if history.get("created") in (None, ""):
                out.reject(row, f"changelog.histories[{h}].created", None, "status change without a date: skipped")
            continue
        for item in items:
            rows.append({"key": key, "changed_at": changed_at,
                         "from_status": _text(item.get("fromString")), "to_status": _text(item.get("toString"))})
    return rows


def _sprint_changes(out: _Collector, row: int, key: str, issue: dict) -> list[dict]:
    """The Sprint field's changes (`field` "Sprint", or a `fieldId` whose value in this issue
    holds sprints), with the ids and names as written; `_sprint_names_resolved` names them
    once every sprint object of the file is known."""
    changelog = issue.get("changelog") if isinstance(issue.get("changelog"), dict) else {}
    fields = issue.get("fields") if isinstance(issue.get("fields"), dict) else {}
    rows = []
    for h, history in enumerate(_list(changelog.get("histories"))):
        if not isinstance(history, dict):
            continue
        items = [i for i in _list(history.get("items")) if isinstance(i, dict) and _is_sprint_item(i, fields)]
        if not items:
            continue
        changed_at = out.timestamp(history.get("created"), row, f"changelog.histories[{h}].created")
        if changed_at is None:
            continue
        for item in items:
            rows.append({"key": key, "changed_at": changed_at,
                         "from": (item.get("from"), item.get("fromString")), "to": (item.get("to"), item.get("toString"))})
    return rows


def _is_sprint_item(item: dict, fields: dict) -> bool:
    name = item.get("field")
    if name == "Sprint" or (isinstance(name, str) and name.strip().lower() == "sprint"):
        return True
    field_id = item.get("fieldId")
    if not isinstance(field_id, str) or not field_id.startswith("customfield_"):
        return False
    value = fields.get(field_id)
    return isinstance(value, list) and bool(value) and _looks_like_sprints(value)


def _sprint_names_resolved(out: _Collector) -> list[dict]:
    """stage_sprint_changes rows: each side's comma-separated ids named through the file's
    sprint objects (a sprint's current name; the history's text may hold an old one), else
    through the comma-separated text (by position when it splits into as many names as there
    are ids; a single id takes the whole text, as a name may contain commas; else the id)."""
    names = {sprint["sprint_id"]: sprint["name"] for sprint in out.sprints.values() if sprint["sprint_id"]}
    return [{"key": change["key"], "changed_at": change["changed_at"],
             "from_sprints": _sprint_list(*change["from"], names), "to_sprints": _sprint_list(*change["to"], names)}
            for changes in out.sprint_changes.values() for change in changes]


def _sprint_list(ids, text, names: dict[str, str]) -> list[str]:
    ids = [part.strip() for part in str(ids).split(",") if part.strip()] if ids not in (None, "") else []
    text = text.strip() if isinstance(text, str) else ""
    parts = [part.strip() for part in text.split(",")] if text else []
    if not ids:
        return [part for part in parts if part]
    by_position = len(parts) == len(ids)
    return [names.get(sprint_id) or (parts[n] if by_position else text if len(ids) == 1 else sprint_id)
            for n, sprint_id in enumerate(ids)]


# --- sprints and versions payloads --------------------------------------------------------

def _stage_board_sprints(out: _Collector, values: list) -> None:
    for index, item in enumerate(values, start=1):
        sprint = _sprint_row(out, item, index, "")
        if sprint is not None:
            out.add_sprint(sprint)


def _stage_versions(out: _Collector, values: Iterable) -> int:
    index = 0
    for index, item in enumerate(values, start=1):
        if not isinstance(item, dict):
            out.reject(index, "", item, "not a version object: skipped")
            continue
        if not isinstance(item.get("name"), str) or not item["name"].strip():
            out.reject(index, "name", item.get("name"), "version without a name: skipped")
            continue
        if isinstance(item.get("project"), str) and item["project"]:
            project = item["project"]
        elif item.get("projectId") not in (None, ""):
            project = str(item["projectId"])
        else:
            project = ""
        out.add_version(_version_row(out, item, index, "", project))
    return index


def _version_row(out: _Collector, item: dict, row: int, prefix: str, project: str | None) -> dict:
    released = item.get("released")
    if isinstance(released, str):
        released = {"true": True, "false": False}.get(released.strip().lower())
    return {
        "name": item["name"].strip(),
        "project": project or "",
        "release_date": out.day(item.get("releaseDate"), row, f"{prefix}releaseDate"),
        "released": released if isinstance(released, bool) else None,
        "description": _text(item.get("description")) or None,
    }


# --- small helpers ------------------------------------------------------------------------

def _is_status_item(item: dict) -> bool:
    field = item.get("field")
    return field == "status" or item.get("fieldId") == "status" or str(field or "").lower() == "status"


def _is_sprint_state(value) -> bool:
    return isinstance(value, str) and value.strip().lower() in ("future", "active", "closed")


def _path(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _get(obj, *path):
    for step in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(step)
    return obj


def _text(value) -> str | None:
    """A plain string for a scalar, a named object ({name|value|displayName|title}) or a list's first."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        for k in ("name", "value", "displayName", "title"):
            if isinstance(value.get(k), str):
                return value[k]
        return None
    if isinstance(value, list):
        return next((t for t in (_text(v) for v in value) if t), None)
    return None


def _names(items) -> list[str]:
    if not isinstance(items, list):
        return []
    return [item["name"] for item in items if isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"]]


def _person(value) -> str | None:
    if isinstance(value, dict):
        for k in ("displayName", "name", "emailAddress"):
            if isinstance(value.get(k), str) and value[k]:
                return value[k]
        return None
    return value if isinstance(value, str) and value else None


def _browse_url(self_url, key: str) -> str | None:
    """https://host[/context]/browse/KEY from the issue's REST `self` address."""
    if not isinstance(self_url, str) or "://" not in self_url:
        return None
    parts = urlsplit(self_url)
    base = parts.path.split("/rest/", 1)[0] if "/rest/" in parts.path else ""
    return f"{parts.scheme}://{parts.netloc}{base.rstrip('/')}/browse/{key}"


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _raw(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value[:500]
    try:
        return json.dumps(value, ensure_ascii=False)[:500]
    except (TypeError, ValueError):
        return str(value)[:500]
