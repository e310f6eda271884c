"""The importer contract: one logical export written as Jira CSV, REST JSON, XML and as
another tool's CSV read through a mapping stages the same rows, whichever importer reads it.

The files are rendered from ISSUES below (an epic, a story under it in two sprints
with points and labels, a bug it blocks; a status whose export category disagrees with its
name). What each importer stages as the file states it (summary, dates, lists, parent...)
must be identical after stage(); what the shared normalisation step decides (status
category, team, URL, link relation) must be identical after that step.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape

import duckdb
import pytest

from config import Settings
from data.importers import jira_csv, jira_json, jira_xml, mapped_csv
from data.sql import SQL_DIR

LOCAL = timezone(timedelta(hours=2))          # the exporting user's zone (Europe/Madrid in June)
SETTINGS = Settings(base_url="https://jira.example.com", timezone="Europe/Madrid")

ISSUES = [
    {"key": "CR-1", "id": "10001", "type": "Epic", "summary": "Checkout", "status": "In Progress",
     "category": ("In Progress", "indeterminate"), "priority": "High", "resolution": None,
     "created": datetime(2024, 6, 3, 10, 15, tzinfo=LOCAL), "updated": datetime(2024, 6, 4, 9, 0, tzinfo=LOCAL),
     "resolved": None, "due": None, "assignee": "Ana Ruiz", "reporter": "Bo Li", "labels": ["payments"],
     "components": ["Backend"], "fix_versions": ["1.0"], "sprints": [], "points": None, "parent": None,
     "blocks": [], "blocked_by": []},
    {"key": "CR-2", "id": "10002", "type": "Story", "summary": "Pay by card, \"fast\" & safe", "status": "To Do",
     "category": ("In Progress", "indeterminate"), "priority": "Medium", "resolution": None,
     "created": datetime(2024, 6, 3, 11, 0, tzinfo=LOCAL), "updated": datetime(2024, 6, 5, 16, 30, tzinfo=LOCAL),
     "resolved": None, "due": date(2024, 6, 14), "assignee": "Bo Li", "reporter": "Ana Ruiz",
     "labels": ["front", "payments"], "components": ["API", "Backend"], "fix_versions": ["1.0", "1.1"],
     "sprints": ["Sprint 1", "Sprint 2"], "points": 5.0, "parent": "CR-1", "blocks": ["CR-3"], "blocked_by": []},
    {"key": "CR-3", "id": "10003", "type": "Bug", "summary": "Refunds", "status": "Done",
     "category": ("Done", "done"), "priority": "Low", "resolution": "Done",
     "created": datetime(2024, 6, 4, 8, 0, tzinfo=LOCAL), "updated": datetime(2024, 6, 6, 17, 45, tzinfo=LOCAL),
     "resolved": datetime(2024, 6, 6, 17, 45, tzinfo=LOCAL), "due": None, "assignee": None, "reporter": "Bo Li",
     "labels": [], "components": [], "fix_versions": [], "sprints": ["Sprint 2"], "points": 2.0, "parent": None,
     "blocks": [], "blocked_by": ["CR-2"]},
]

# Columns every importer stages as the file states it, so they must agree right after stage().
AS_STATED = ("key", "project", "issue_type", "summary", "status", "priority", "resolution", "created",
             "updated", "resolved", "due", "assignee", "reporter", "epic_key", "parent_key", "story_points",
             "labels", "components", "fix_versions", "sprints")
# Columns the shared normalisation step decides.
NORMALISED = ("status_category", "team", "url")


# ------------------------------------------------------------------------ the three files

def as_csv() -> str:
    width = {"labels": 2, "components": 2, "fix_versions": 2, "sprints": 2}
    header = (["Summary", "Issue key", "Issue id", "Issue Type", "Status", "Project key", "Priority", "Resolution",
               "Assignee", "Reporter", "Created", "Updated", "Resolved", "Due date"]
              + ["Labels"] * 2 + ["Component/s"] * 2 + ["Fix Version/s"] * 2 + ["Sprint"] * 2
              + ["Outward issue link (Blocks)", "Inward issue link (Blocks)", "Custom field (Story Points)",
                 "Status Category", "Parent"])
    ids = {i["key"]: i["id"] for i in ISSUES}

    def when(value):
        return value.strftime("%d/%b/%y %I:%M %p") if value else ""

    def padded(values, n):
        return list(values) + [""] * (n - len(values))

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for i in ISSUES:
        writer.writerow(
            [i["summary"], i["key"], i["id"], i["type"], i["status"], "CR", i["priority"], i["resolution"] or "",
             i["assignee"] or "", i["reporter"] or "", when(i["created"]), when(i["updated"]), when(i["resolved"]),
             i["due"].strftime("%d/%b/%y") if i["due"] else ""]
            + padded(i["labels"], width["labels"]) + padded(i["components"], width["components"])
            + padded(i["fix_versions"], width["fix_versions"]) + padded(i["sprints"], width["sprints"])
            + [" ".join(i["blocks"]), " ".join(i["blocked_by"]),
               "" if i["points"] is None else str(i["points"]), i["category"][0], ids.get(i["parent"], "")])
    return out.getvalue()


def as_json() -> str:
    types = {i["key"]: i["type"] for i in ISSUES}

    def when(value):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000%z") if value else None

    def link(direction, other):
        return {"type": {"name": "Blocks", "inward": "is blocked by", "outward": "blocks"},
                f"{direction}Issue": {"key": other}}

    issues = []
    for i in ISSUES:
        fields = {
            "summary": i["summary"], "issuetype": {"name": i["type"]}, "project": {"key": "CR"},
            "status": {"name": i["status"], "statusCategory": {"key": i["category"][1]}},
            "priority": {"name": i["priority"]},
            "resolution": {"name": i["resolution"]} if i["resolution"] else None,
            "created": when(i["created"]), "updated": when(i["updated"]), "resolutiondate": when(i["resolved"]),
            "duedate": i["due"].isoformat() if i["due"] else None,
            "assignee": {"displayName": i["assignee"]} if i["assignee"] else None,
            "reporter": {"displayName": i["reporter"]} if i["reporter"] else None,
            "labels": i["labels"], "components": [{"name": c} for c in i["components"]],
            "fixVersions": [{"name": v} for v in i["fix_versions"]],
            "customfield_10020": [{"id": n, "name": s, "state": "closed", "boardId": 8}
                                  for n, s in enumerate(i["sprints"], start=1)] or None,
            "customfield_10016": i["points"],
            "issuelinks": [link("outward", k) for k in i["blocks"]] + [link("inward", k) for k in i["blocked_by"]],
        }
        if i["parent"]:
            fields["parent"] = {"key": i["parent"], "fields": {"issuetype": {"name": types[i["parent"]]}}}
        issues.append({"id": i["id"], "key": i["key"],
                       "self": f"https://jira.example.com/rest/api/2/issue/{i['id']}", "fields": fields})
    return json.dumps({"startAt": 0, "maxResults": 50, "total": len(issues), "issues": issues,
                       "names": {"customfield_10020": "Sprint", "customfield_10016": "Story Points"}})


def as_xml() -> str:
    def tag(name, value, **attributes):
        attrs = "".join(f' {k}="{escape(v)}"' for k, v in attributes.items())
        return f"<{name}{attrs}>{escape(value)}</{name}>"

    def when(value):
        return format_datetime(value) if value else ""

    def links(i):
        outward = "".join(f"<issuelink><issuekey>{k}</issuekey></issuelink>" for k in i["blocks"])
        inward = "".join(f"<issuelink><issuekey>{k}</issuekey></issuelink>" for k in i["blocked_by"])
        if not outward and not inward:
            return ""
        return ("<issuelinks><issuelinktype><name>Blocks</name>"
                + (f'<outwardlinks description="blocks">{outward}</outwardlinks>' if outward else "")
                + (f'<inwardlinks description="is blocked by">{inward}</inwardlinks>' if inward else "")
                + "</issuelinktype></issuelinks>")

    def custom(name, values):
        if not values:
            return ""
        return (f"<customfield><customfieldname>{name}</customfieldname><customfieldvalues>"
                + "".join(tag("customfieldvalue", v) for v in values) + "</customfieldvalues></customfield>")

    items = []
    for i in ISSUES:
        items.append(
            "<item>" + tag("link", f"https://jira.example.com/browse/{i['key']}")
            + tag("project", "Checkout", key="CR") + tag("key", i["key"], id=i["id"]) + tag("summary", i["summary"])
            + tag("type", i["type"]) + (tag("parent", i["parent"]) if i["parent"] else "")
            + tag("priority", i["priority"]) + tag("status", i["status"])
            + f'<statusCategory id="4" key="{i["category"][1]}"/>'
            + (tag("resolution", i["resolution"], id="1") if i["resolution"] else tag("resolution", "Unresolved", id="-1"))
            + (tag("assignee", i["assignee"], username="x") if i["assignee"] else tag("assignee", "Unassigned", username="-1"))
            + tag("reporter", i["reporter"], username="y")
            + "<labels>" + "".join(tag("label", v) for v in i["labels"]) + "</labels>"
            + tag("created", when(i["created"])) + tag("updated", when(i["updated"]))
            + (tag("resolved", when(i["resolved"])) if i["resolved"] else "")
            + "".join(tag("fixVersion", v) for v in i["fix_versions"])
            + "".join(tag("component", v) for v in i["components"])
            + tag("due", format_datetime(datetime(i["due"].year, i["due"].month, i["due"].day, tzinfo=timezone.utc))
                  if i["due"] else "")
            + links(i)
            + "<customfields>" + custom("Sprint", i["sprints"])
            + custom("Story Points", [str(i["points"])] if i["points"] is not None else []) + "</customfields>"
            + "</item>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="0.92"><channel><title>Jira</title>'
            f'<issue start="0" end="{len(items)}" total="{len(items)}"/>' + "".join(items) + "</channel></rss>\n")


MAPPING = mapped_csv.parse_mapping({
    "columns": {"key": "Key", "summary": "Title", "issue_type": "Type", "status": "Status",
                "status_category": "Category", "priority": "Priority", "resolution": "Resolution",
                "created": "Created", "updated": "Updated", "resolved": "Resolved", "due": "Due",
                "assignee": "Assignee", "reporter": "Reporter", "project": "Project", "epic_key": "Epic",
                "parent_key": "Parent", "story_points": "Points", "labels": "Labels", "components": "Components",
                "fix_versions": "Fix versions", "sprint": "Sprints", "blocks": "Blocks", "blocked_by": "Blocked by"},
    "options": {"list_separator": ";"}}, "contract mapping")


def as_mapped_csv() -> str:
    """The same export as some other tool's CSV: ISO dates with their offset, lists in one cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MAPPING.columns.values())
    for i in ISSUES:
        writer.writerow([
            i["key"], i["summary"], i["type"], i["status"], i["category"][0], i["priority"], i["resolution"] or "",
            *(i[c].isoformat() if i[c] else "" for c in ("created", "updated", "resolved", "due")),
            i["assignee"] or "", i["reporter"] or "", "CR", i["parent"] or "", i["parent"] or "",
            "" if i["points"] is None else i["points"],
            *(";".join(i[c]) for c in ("labels", "components", "fix_versions", "sprints", "blocks", "blocked_by"))])
    return out.getvalue()


FORMATS = {"jira-csv": (jira_csv, as_csv, "export.csv"), "jira-json": (jira_json, as_json, "export.json"),
           "jira-xml": (jira_xml, as_xml, "export.xml"),
           "mapped-csv": (mapped_csv.importer_for(MAPPING), as_mapped_csv, "other-tool.csv")}
DETECTED = ("jira-csv", "jira-json", "jira-xml")      # a mapped CSV is read only with its mapping


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    """Each format's file staged on its own connection: {format: cursor}."""
    folder = tmp_path_factory.mktemp("contract")
    cursors = {}
    for name, (importer, render, file_name) in FORMATS.items():
        path = folder / file_name
        path.write_text(render(), encoding="utf-8")
        cur = duckdb.connect()
        cur.execute("set TimeZone = 'UTC'")
        importer.stage(cur, path, SETTINGS, file_name)
        cursors[name] = cur
    yield cursors
    for cur in cursors.values():
        cur.close()


def issue_rows(cur, columns) -> list[dict]:
    result = cur.execute(f"select {', '.join(columns)} from stage_issues order by key")
    return [{c: (sorted(v) if isinstance(v, list) else v) for c, v in zip(columns, row)} for row in result.fetchall()]


@pytest.mark.parametrize("fmt", DETECTED)
def test_every_format_is_detected_from_its_content(tmp_path, fmt):
    from data.importers import detect_format
    importer, render, _ = FORMATS[fmt]
    path = tmp_path / "export-without-extension"
    path.write_text(render(), encoding="utf-8")
    assert detect_format(path) is importer


@pytest.mark.parametrize("fmt", FORMATS)
def test_issues_stage_identically_as_the_file_states_them(staged, fmt):
    expected = [{
        "key": i["key"], "project": "CR", "issue_type": i["type"], "summary": i["summary"], "status": i["status"],
        "priority": i["priority"], "resolution": i["resolution"],
        "created": i["created"].astimezone(timezone.utc), "updated": i["updated"].astimezone(timezone.utc),
        "resolved": i["resolved"].astimezone(timezone.utc) if i["resolved"] else None, "due": i["due"],
        "assignee": i["assignee"], "reporter": i["reporter"], "epic_key": i["parent"], "parent_key": i["parent"],
        "story_points": i["points"], "labels": sorted(i["labels"]), "components": sorted(i["components"]),
        "fix_versions": sorted(i["fix_versions"]), "sprints": sorted(i["sprints"]),
    } for i in ISSUES]
    assert issue_rows(staged[fmt], AS_STATED) == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_sprint_names_stage_identically(staged, fmt):
    names = staged[fmt].execute("select distinct name from stage_sprints order by name").fetchall()
    assert [n for (n,) in names] == ["Sprint 1", "Sprint 2"]


def _contract_links(cur) -> list[tuple]:
    return sorted(cur.execute("select source_key, lower(link_type), direction, other_key from stage_links").fetchall())


@pytest.mark.parametrize("fmt", FORMATS)
def test_links_stage_identically_with_their_direction(staged, fmt):
    expected = [("CR-2", "blocks", "outward", "CR-3"), ("CR-3", "blocks", "inward", "CR-2")]
    assert _contract_links(staged[fmt]) == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_normalised_columns_agree_after_the_shared_step(staged, fmt):
    from data.normalise import normalise
    normalise(staged[fmt], SETTINGS)
    expected = [{"key": i["key"], "status_category": cat, "team": team, "url": f"https://jira.example.com/browse/{i['key']}"}
                for i, cat, team in zip(ISSUES, ("in_progress", "in_progress", "done"), ("Backend", "API", "CR"))]
    assert issue_rows(staged[fmt], ("key", *NORMALISED)) == expected
