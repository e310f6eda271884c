"""GitLab issues as the REST API returns them (`GET /projects/:id/issues?scope=all`), a JSON
array, with the linked-issues API's entries where they are embedded.

* key: the issue's full reference (`group/project#iid`: `references.full`, else from
  `web_url`, else `project_id#iid`);
* scoped labels: `type::X` is the issue type, `group::X` or `team::X` the team,
  `workflow::X` the status of an open issue; every label is kept for the category rules;
* `weight` is the story points; `milestone` a release (fix version) with its due date;
  `iteration` a sprint with its start and due dates; `epic` the epic (`group&iid`);
* `created_at`/`updated_at`/`closed_at` as ISO 8601 or epoch milliseconds;
* links: entries of `links`/`linked_issues` (as `/issues/:iid/links` returns them:
  `link_type` `blocks`, `is_blocked_by` or `relates_to`) become links of this issue.
"""
from __future__ import annotations

import re
from pathlib import Path

from config import Settings
from data.errors import ImportRefused
from data.importers.base import StageResult, create_empty_stage_tables
from data.importers.records import StageRows, issue_list

FORMAT = "gitlab-json"

_SNIFF_IID = re.compile(r'"iid"\s*:\s*\d+')
_SNIFF_GITLAB = re.compile(r'"project_id"\s*:|"web_url"\s*:|"references"\s*:')
_REFERENCE_FROM_URL = re.compile(r"https?://[^/]+/(?P<project>.+?)/-/(?:issues|work_items)/(?P<iid>\d+)")
_EPIC_GROUP = re.compile(r"/groups/(?P<group>.+?)/-/epics/")
_ITERATION_STATES = {1: "future", 2: "active", 3: "closed", "upcoming": "future", "current": "active",
                     "closed": "closed", "opened": "future"}
_LINK_DIRECTIONS = {"blocks": ("Blocks", "outward"), "is_blocked_by": ("Blocks", "inward"),
                    "relates_to": ("Relates", "outward")}
_NOT_GITLAB = "not a GitLab issues export (expected a JSON array of issues with 'iid' and 'title')"


def sniff(head: bytes) -> bool:
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    if not text or text[0] not in "[{":
        return False
    return bool(_SNIFF_IID.search(text) and '"title"' in text and _SNIFF_GITLAB.search(text))


def stage(cur, path, settings: Settings | None, file_name: str) -> StageResult:
    settings = settings or Settings()
    items = issue_list(Path(path), file_name, "issues", _NOT_GITLAB)
    rows = StageRows(settings.timezone)
    for index, item in enumerate(items, start=1):
        if isinstance(item, dict):
            _stage_issue(rows, index, item)
        else:
            rows.reject(index, "", item, "not an issue object: skipped")
    if not rows.issues:
        raise ImportRefused(f"{file_name}: {_NOT_GITLAB}")
    create_empty_stage_tables(cur)
    rows.write(cur)
    return StageResult(format=FORMAT, rows_read=len(items))


def _stage_issue(rows: StageRows, row: int, item: dict) -> None:
    key, project = _reference(item)
    if key is None:
        rows.reject(row, "iid", item.get("iid"), "issue without an iid: skipped")
        return
    labels = item.get("labels")
    if isinstance(labels, str):
        rows.reject(row, "labels", labels, "labels must be a list, not a string")
        labels = []
    labels = [label if isinstance(label, str) else (label or {}).get("name") for label in labels or []]
    labels = [label for label in labels if label]
    scoped = _scoped(labels)
    state = str(item.get("state") or "").lower()
    status = "Closed" if state == "closed" else scoped.get("workflow") or "Open"
    milestone = item.get("milestone") if isinstance(item.get("milestone"), dict) else None
    fix_versions = []
    if milestone and milestone.get("title"):
        fix_versions = [milestone["title"]]
        rows.add_version({"name": milestone["title"], "project": project,
                          "release_date": rows.day(milestone.get("due_date"), row, "milestone.due_date"),
                          "released": str(milestone.get("state") or "").lower() == "closed",
                          "description": milestone.get("description") or None})
    sprints = []
    iteration = item.get("iteration") if isinstance(item.get("iteration"), dict) else None
    if iteration:
        name = iteration.get("title") or f"Iteration {iteration.get('iid') or iteration.get('id')}"
        sprints = [name]
        rows.add_sprint({"sprint_id": f"gitlab-iteration-{iteration['id']}" if iteration.get("id") else None,
                         "name": name, "board": project, "team": scoped.get("group") or scoped.get("team"),
                         "state": _ITERATION_STATES.get(iteration.get("state")),
                         "start_date": rows.timestamp(iteration.get("start_date"), row, "iteration.start_date"),
                         "end_date": rows.timestamp(iteration.get("due_date"), row, "iteration.due_date"),
                         "goal": iteration.get("description") or None})
    closed_at = rows.timestamp(item.get("closed_at"), row, "closed_at")
    assignees = item.get("assignees") or []
    rows.add_issue(row, {
        "key": key, "source": FORMAT, "project": project,
        "issue_type": _title(scoped.get("type")) or _title(item.get("issue_type")) or "Issue",
        "summary": item.get("title") or "", "status": status,
        "status_category": "closed" if state == "closed" else None,   # "opened" says nothing of progress
        "priority": scoped.get("priority") or item.get("severity"), "resolution": "Closed" if state == "closed" else None,
        "created": rows.timestamp(item.get("created_at"), row, "created_at"),
        "updated": rows.timestamp(item.get("updated_at"), row, "updated_at"),
        "resolved": closed_at if state == "closed" else None,
        "due": rows.day(item.get("due_date"), row, "due_date"),
        "assignee": _name(assignees[0] if isinstance(assignees, list) and assignees else item.get("assignee")),
        "reporter": _name(item.get("author")),
        "team": scoped.get("group") or scoped.get("team"),
        "epic_key": _epic(item), "parent_key": None,
        "story_points": rows.points(item.get("weight"), row, "weight"),
        "labels": labels, "components": [], "fix_versions": fix_versions, "sprints": sprints,
        "url": item.get("web_url") or None,
    })
    for field in ("links", "linked_issues"):
        for link in item.get(field) or []:
            if not isinstance(link, dict):
                continue
            link_type, direction = _LINK_DIRECTIONS.get(str(link.get("link_type") or "relates_to"), ("Relates", "outward"))
            other_key, _ = _reference(link)
            if other_key:
                rows.add_link(key, link_type, direction, other_key, str(link.get("link_type") or "relates_to"))


def _reference(item: dict) -> tuple[str | None, str]:
    references = item.get("references") if isinstance(item.get("references"), dict) else {}
    full = references.get("full")
    if isinstance(full, str) and "#" in full:
        project = full.rsplit("#", 1)[0]
        return full, project
    match = _REFERENCE_FROM_URL.match(str(item.get("web_url") or ""))
    if match:
        return f"{match.group('project')}#{match.group('iid')}", match.group("project")
    iid = item.get("iid")
    if isinstance(iid, int):
        project = str(item.get("project_id") or "")
        return f"{project}#{iid}", project
    return None, ""


def _scoped(labels: list[str]) -> dict[str, str]:
    """`scope::value` labels by lower-case scope; the last of a scope wins, as in GitLab."""
    scoped = {}
    for label in labels:
        if "::" in label:
            scope, value = label.rsplit("::", 1)
            scoped[scope.strip().lower()] = value.strip()
    return scoped


def _epic(item: dict) -> str | None:
    epic = item.get("epic")
    if not isinstance(epic, dict) or epic.get("iid") is None:
        return None
    match = _EPIC_GROUP.search(str(epic.get("url") or epic.get("web_url") or ""))
    group = match.group("group") if match else str(epic.get("group_id") or "")
    return f"{group}&{epic['iid']}"


def _title(value) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    return value[:1].upper() + value[1:]


def _name(value) -> str | None:
    if isinstance(value, dict):
        return value.get("name") or value.get("username") or None
    return None
