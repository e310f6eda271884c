"""GitHub issues, as the REST API returns them and as `gh issue list --json` prints them.

* REST (`GET /repos/{owner}/{repo}/issues?state=all`, snake_case): a JSON array of issues,
  or a search response `{"items": [...]}`. Items with a `pull_request` key are pull
  requests: skipped and counted in the report.
* gh CLI (`gh issue list --state all --json number,title,state,stateReason,labels,...`,
  camelCase): a JSON array.

Keys are `owner/repo#number` (from `repository_url`, `html_url` or `url`). Milestones
become releases (fix versions) with their due date; `state_reason`/`stateReason`
`not_planned` becomes the resolution "Not planned" (closed, not delivered); a `parent`
(sub-issues) becomes the parent key; `blocked_by`/`blocking` lists become `blocks` links;
an "Iteration" project field, where exported, becomes a sprint with its dates.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from config import Settings
from data.errors import ImportRefused
from data.importers.base import StageResult, create_empty_stage_tables
from data.importers.records import StageRows, issue_list

FORMAT = "github-json"

_SNIFF_NUMBER = re.compile(r'"number"\s*:\s*\d+')
_SNIFF_GITHUB = re.compile(r'github\.com|"repository_url"\s*:|"stateReason"\s*:|"node_id"\s*:')
_REPO_FROM_URL = re.compile(r"(?:api\.)?github\.com/(?:repos/)?(?P<repo>[^/\s]+/[^/\s]+?)(?:/(?:issues|pull)/\d+)?/?$")
_NOT_GITHUB = "not a GitHub issues export (expected a JSON array of issues with 'number' and 'title')"


def sniff(head: bytes) -> bool:
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    if not text or text[0] not in "[{":
        return False
    return bool(_SNIFF_NUMBER.search(text) and '"title"' in text and _SNIFF_GITHUB.search(text)
                and '"iid"' not in text)


def stage(cur, path, settings: Settings | None, file_name: str) -> StageResult:
    settings = settings or Settings()
    items = issue_list(Path(path), file_name, "items", _NOT_GITHUB)
    rows = StageRows(settings.timezone)
    pull_requests = 0
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            rows.reject(index, "", item, "not an issue object: skipped")
            continue
        if "pull_request" in item or item.get("isPullRequest") is True:
            pull_requests += 1
            continue
        _stage_issue(rows, index, item)
    if not rows.issues and not pull_requests:
        raise ImportRefused(f"{file_name}: {_NOT_GITHUB}")
    create_empty_stage_tables(cur)
    rows.write(cur)
    warnings = ((f"{pull_requests:,} pull request{'' if pull_requests == 1 else 's'} skipped "
                 "(only issues are work items)",) if pull_requests else ())
    return StageResult(format=FORMAT, rows_read=len(items), warnings=warnings)


def _stage_issue(rows: StageRows, row: int, item: dict) -> None:
    number = item.get("number")
    repo = _repo(item)
    if not isinstance(number, int) or not repo:
        rows.reject(row, "number", number, "issue without a number or repository: skipped")
        return
    key = f"{repo}#{number}"
    state = str(item.get("state") or "").lower()
    reason = str(item.get("state_reason") or item.get("stateReason") or "").lower()
    closed_at = rows.timestamp(item.get("closed_at") or item.get("closedAt"), row, "closed_at")
    labels = [_name(label) for label in item.get("labels") or [] if _name(label)]
    if isinstance(item.get("labels"), str):
        rows.reject(row, "labels", item["labels"], "labels must be a list, not a string")
        labels = []
    milestone = item.get("milestone") if isinstance(item.get("milestone"), dict) else None
    fix_versions = []
    if milestone and milestone.get("title"):
        fix_versions = [milestone["title"]]
        due = milestone.get("due_on") or milestone.get("dueOn")
        rows.add_version({"name": milestone["title"], "project": repo,
                          "release_date": rows.day(due, row, "milestone.due_on") if due else None,
                          "released": str(milestone.get("state") or "").lower() == "closed",
                          "description": milestone.get("description") or None})
    sprints = _iteration(rows, row, item)
    assignees = item.get("assignees") or []
    assignee = _login(assignees[0]) if isinstance(assignees, list) and assignees else _login(item.get("assignee"))
    rows.add_issue(row, {
        "key": key, "source": FORMAT, "project": repo, "issue_type": _issue_type(item),
        "summary": item.get("title") or "", "status": "Closed" if state == "closed" else "Open",
        "status_category": "closed" if state == "closed" else None, "priority": None,
        "resolution": ("Not planned" if reason == "not_planned" else "Completed" if state == "closed" else None),
        "created": rows.timestamp(item.get("created_at") or item.get("createdAt"), row, "created_at"),
        "updated": rows.timestamp(item.get("updated_at") or item.get("updatedAt"), row, "updated_at"),
        "resolved": closed_at if state == "closed" else None, "due": None,
        "assignee": assignee, "reporter": _login(item.get("user") or item.get("author")),
        "team": None, "epic_key": None, "parent_key": _parent(item, repo),
        "story_points": None, "labels": labels, "components": [], "fix_versions": fix_versions,
        "sprints": sprints, "url": item.get("html_url") or (item.get("url") if "api.github.com" not in str(item.get("url")) else None),
    })
    for field, direction in (("blocked_by", "inward"), ("blockedBy", "inward"), ("blocking", "outward")):
        for other in item.get(field) or []:
            other_key = _other_key(other, repo)
            if other_key:
                rows.add_link(key, "Blocks", direction, other_key, "is blocked by" if direction == "inward" else "blocks")


def _repo(item: dict) -> str | None:
    for field in ("repository_url", "html_url", "url"):
        match = _REPO_FROM_URL.search(str(item.get(field) or ""))
        if match:
            return match.group("repo")
    repository = item.get("repository")
    if isinstance(repository, dict):
        return repository.get("nameWithOwner") or repository.get("full_name")
    return None


def _issue_type(item: dict) -> str:
    kind = item.get("type") or item.get("issueType")
    return (_name(kind) or "Issue") if kind else "Issue"


def _parent(item: dict, repo: str) -> str | None:
    parent = item.get("parent")
    if isinstance(parent, dict):
        return _other_key(parent, repo)
    url = item.get("parent_issue_url")
    return _other_key({"url": url}, repo) if url else None


def _other_key(other, repo: str) -> str | None:
    if isinstance(other, int):
        return f"{repo}#{other}"
    if isinstance(other, dict):
        number = other.get("number")
        other_repo = _repo(other) or repo
        if not isinstance(number, int):
            match = re.search(r"/issues/(\d+)$", str(other.get("url") or other.get("html_url") or ""))
            number = int(match.group(1)) if match else None
        return f"{other_repo}#{number}" if isinstance(number, int) else None
    return None


def _iteration(rows: StageRows, row: int, item: dict) -> list[str]:
    """A project's "Iteration" field (`gh project item-list` or a `projectItems` export)."""
    names = []
    for entry in item.get("projectItems") or []:
        iteration = entry.get("iteration") if isinstance(entry, dict) else None
        if isinstance(iteration, dict) and iteration.get("title"):
            start = rows.day(iteration.get("startDate"), row, "iteration.startDate")
            end = None
            if start and isinstance(iteration.get("duration"), int):
                end = (date.fromisoformat(start) + timedelta(days=iteration["duration"])).isoformat()
            rows.add_sprint({"name": iteration["title"], "start_date": start, "end_date": end,
                             "board": _repo(item)})
            names.append(iteration["title"])
    return names


def _name(value) -> str | None:
    if isinstance(value, dict):
        return value.get("name") or None
    return value if isinstance(value, str) and value else None


def _login(value) -> str | None:
    if isinstance(value, dict):
        return value.get("login") or value.get("name") or None
    return None
