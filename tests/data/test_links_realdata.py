"""From export files to dependency edges: the direction of `blocks` links end to end.

Each export goes through Workspace.import_file and load_workspace_data, then
analysis.dependencies.open_blocks / outside_links, so the test pins what the
Dependencies page and the CLI metrics see. Jira CSV: `Outward issue link (Blocks)` on A
listing B means A blocks B, `Inward issue link (Blocks)` on A listing B means B blocks A.
Jira JSON: an `outwardIssue` B on A's link means A blocks B, an `inwardIssue` B means
B blocks A. A link listed on both issues is one edge.
"""
from __future__ import annotations

import json
from datetime import date

from analysis.dependencies import OUTSIDE, open_blocks, outside_links
from app.context import load_workspace_data

LATER = date(2030, 1, 1)


def edges(data) -> set[tuple[str, str]]:
    """Every distinct `blocks` edge (blocker, blocked) in the workspace's links table."""
    blocks = data.links[data.links["relation"] == "blocks"]
    return set(zip(blocks["from_key"], blocks["to_key"]))


def open_edges(data, day=LATER) -> list[dict]:
    return open_blocks(data.issues, data.links, day).sort_values(["blocker_key", "blocked_key"]).to_dict("records")


# ---------------------------------------------------------------- real exports
def test_jira_rest_links_give_the_expected_blocks_edges(workspace, realdata):
    workspace.import_file(realdata / "jira-rest-devlake" / "issues_with_links.json")
    data = load_workspace_data(workspace)
    # DZFNK0168-1 "is blocked by" -5 and -5 "blocks" -1: one edge; the same for -2 / -22;
    # -20 blocks IP8CUD168-35304 and is blocked by IP8CUD168-35406, both outside the export
    assert edges(data) == {("DZFNK0168-5", "DZFNK0168-1"), ("DZFNK0168-2", "DZFNK0168-22"),
                           ("DZFNK0168-20", "IP8CUD168-35304"), ("IP8CUD168-35406", "DZFNK0168-20")}
    outside = outside_links(data.issues, data.links, LATER)
    assert outside[["blocker_key", "blocked_key", "known_key", "direction"]].to_dict("records") == [
        {"blocker_key": "DZFNK0168-20", "blocked_key": "IP8CUD168-35304", "known_key": "DZFNK0168-20",
         "direction": "outside waits on it"},
        {"blocker_key": "IP8CUD168-35406", "blocked_key": "DZFNK0168-20", "known_key": "DZFNK0168-20",
         "direction": "waits on outside"},
    ]
    # every end in the export is still open (To Do); ends outside the export count as open
    assert [(r["blocker_key"], r["blocked_key"], r["blocker_team"], r["blocked_team"]) for r in open_edges(data)] == [
        ("DZFNK0168-2", "DZFNK0168-22", "DZFNK0168", "DZFNK0168"),
        ("DZFNK0168-20", "IP8CUD168-35304", "DZFNK0168", OUTSIDE),
        ("DZFNK0168-5", "DZFNK0168-1", "DZFNK0168", "DZFNK0168"),
        ("IP8CUD168-35406", "DZFNK0168-20", OUTSIDE, "DZFNK0168"),
    ]


def test_jira_csv_blocks_column_gives_the_expected_edge(workspace, realdata):
    workspace.import_file(realdata / "jira-csv-clearcorrect" / "Jira.csv")
    data = load_workspace_data(workspace)
    assert edges(data) == {("CCCSG-197", "CCCSG-13")}
    assert set(data.issues["key"]) >= {"CCCSG-197", "CCCSG-13"}
    assert outside_links(data.issues, data.links, LATER).empty


# ---------------------------------------------------------------- hand-made exports
CSV = """Issue key,Summary,Issue Type,Status,Status Category,Created,Updated,Custom field (Team),Outward issue link (Blocks),Inward issue link (Blocks),Inward issue link (Blocks)
PLAT-1,Enabler,Story,To Do,To Do,01/Mar/26 10:00 AM,02/Mar/26 10:00 AM,Platform,CAT-1,,
CAT-1,Feature,Story,To Do,To Do,03/Mar/26 10:00 AM,04/Mar/26 10:00 AM,Catalog,,PLAT-1,
CAT-2,Feature,Story,To Do,To Do,05/Mar/26 10:00 AM,06/Mar/26 10:00 AM,Catalog,,PLAT-1,LEGACY-7
CAT-3,Feature,Story,Done,Done,05/Mar/26 10:00 AM,06/Mar/26 10:00 AM,Catalog,CAT-3,,
"""


def test_csv_outward_and_inward_columns_set_the_direction(workspace, tmp_path):
    path = tmp_path / "links.csv"
    path.write_text(CSV, encoding="utf-8")
    workspace.import_file(path)
    data = load_workspace_data(workspace)
    # outward on PLAT-1 listing CAT-1 and inward on CAT-1 listing PLAT-1 are the same edge;
    # inward on CAT-2 listing PLAT-1 and LEGACY-7 (outside): both block CAT-2; CAT-3 blocks itself
    assert edges(data) == {("PLAT-1", "CAT-1"), ("PLAT-1", "CAT-2"), ("LEGACY-7", "CAT-2"), ("CAT-3", "CAT-3")}
    assert open_edges(data, date(2026, 3, 10)) == [
        {"blocker_key": "LEGACY-7", "blocked_key": "CAT-2", "blocker_team": OUTSIDE, "blocked_team": "Catalog",
         "waiting_days": 5},
        {"blocker_key": "PLAT-1", "blocked_key": "CAT-1", "blocker_team": "Platform", "blocked_team": "Catalog",
         "waiting_days": 7},
        {"blocker_key": "PLAT-1", "blocked_key": "CAT-2", "blocker_team": "Platform", "blocked_team": "Catalog",
         "waiting_days": 5},
    ]


def _issue(key: str, team: str, links: list[dict], done: bool = False) -> dict:
    status = {"name": "Done", "statusCategory": {"key": "done"}} if done else \
        {"name": "To Do", "statusCategory": {"key": "new"}}
    return {"id": key.split("-")[1], "key": key, "fields": {
        "project": {"key": key.split("-")[0]}, "issuetype": {"name": "Story"}, "summary": f"summary of {key}",
        "status": status, "created": "2026-03-01T10:00:00.000+0000", "updated": "2026-03-02T10:00:00.000+0000",
        "components": [{"name": team}], "issuelinks": links}}


def _link(direction: str, other: str, name: str = "Blocks", outward: str = "blocks",
          inward: str = "is blocked by") -> dict:
    return {"type": {"name": name, "outward": outward, "inward": inward}, f"{direction}Issue": {"key": other}}


def test_json_inward_and_outward_issue_set_the_direction(workspace, tmp_path):
    payload = {"startAt": 0, "maxResults": 50, "total": 4, "issues": [
        _issue("PLAT-1", "Platform", [_link("outward", "CAT-1"), _link("outward", "CHK-1")]),
        _issue("CAT-1", "Catalog", [_link("inward", "PLAT-1"), _link("outward", "EXT-5")]),
        _issue("CHK-1", "Checkout", [_link("inward", "EXT-6"), _link("outward", "CAT-1", "Relates", "relates to",
                                                                      "relates to")]),
        _issue("CHK-2", "Checkout", [_link("inward", "PLAT-1")], done=True),
    ]}
    path = tmp_path / "links.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    workspace.import_file(path)
    data = load_workspace_data(workspace)
    assert edges(data) == {("PLAT-1", "CAT-1"), ("PLAT-1", "CHK-1"), ("CAT-1", "EXT-5"), ("EXT-6", "CHK-1"),
                           ("PLAT-1", "CHK-2")}
    pairs = [(r["blocker_key"], r["blocked_key"], r["blocker_team"], r["blocked_team"])
             for r in open_edges(data, date(2026, 3, 10))]
    teams = dict(zip(data.issues["key"], data.issues["team"]))
    assert pairs == [
        ("CAT-1", "EXT-5", teams["CAT-1"], OUTSIDE),
        ("EXT-6", "CHK-1", OUTSIDE, teams["CHK-1"]),
        ("PLAT-1", "CAT-1", teams["PLAT-1"], teams["CAT-1"]),
        ("PLAT-1", "CHK-1", teams["PLAT-1"], teams["CHK-1"]),
    ]   # PLAT-1 -> CHK-2 is closed: CHK-2 is done
