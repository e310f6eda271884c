"""Plan on the real Jira REST dump with issue links (jira-rest-devlake/issues_with_links.json).

The dump holds 22 open bugs and four `blocks` links, two of them to keys outside the export.
Every item is a bug, so nothing is technical until a user corrects a category by hand, as
the Roadmap balance page lets them: here three blockers are corrected to technical work.
"""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from analysis.filters import Filters
from app.context import load_workspace_data
from app.metrics import run_metric
from data.workspace import Workspace

CORRECTED = {"DZFNK0168-2": "enabler", "DZFNK0168-5": "architecture", "DZFNK0168-20": "devops"}


@pytest.fixture(scope="module")
def real(realdata, tmp_path_factory):
    ws = Workspace(tmp_path_factory.mktemp("plan-real") / "ws")
    ws.create()
    ws.import_file(realdata / "jira-rest-devlake" / "issues_with_links.json")
    data = load_workspace_data(ws)
    issues = data.issues.assign(category=data.issues["key"].map(CORRECTED).fillna(data.issues["category"]))
    return dataclasses.replace(data, issues=issues)


def test_real_dump_as_exported_has_nothing_technical_to_rank(realdata, tmp_path):
    ws = Workspace(tmp_path / "ws")
    ws.create()
    ws.import_file(realdata / "jira-rest-devlake" / "issues_with_links.json")
    data = load_workspace_data(ws)
    assert set(data.issues["category"]) == {"defect"}
    assert run_metric("technical-priorities", data, Filters()).empty
    headlines = run_metric("plan-headlines", data, Filters())
    assert headlines["text"].iloc[0] == "There is no open technical item in this selection."


def test_real_dump_priorities_follow_its_blocks_links(real):
    out = run_metric("technical-priorities", real, Filters())
    assert list(out.columns) == ["rank", "key", "summary", "team", "category", "business_items_unblocked",
                                 "business_points_unblocked", "teams_waiting", "earliest_needed", "planned_for",
                                 "late_by_days", "defect_interest", "age_days", "why"]
    assert out[["rank", "key", "category", "business_items_unblocked", "teams_waiting"]].to_dict("records") == [
        # DZFNK0168-2 blocks DZFNK0168-22 and DZFNK0168-5 blocks DZFNK0168-1 (both bugs of the same team);
        # DZFNK0168-20 only blocks a key outside the export (and waits on another one)
        {"rank": 1, "key": "DZFNK0168-2", "category": "enabler", "business_items_unblocked": 1, "teams_waiting": []},
        {"rank": 2, "key": "DZFNK0168-5", "category": "architecture", "business_items_unblocked": 1,
         "teams_waiting": []},
        {"rank": 3, "key": "DZFNK0168-20", "category": "devops", "business_items_unblocked": 0, "teams_waiting": []},
    ]
    assert out["why"].iloc[0].startswith("unblocks 1 defect in DZFNK0168")
    assert out["late_by_days"].isna().all()           # the dump plans nothing: no sprint, release or due date
    assert (out["age_days"] > 0).all()


def test_real_dump_board_holds_the_unplanned_technical_items_waited_on(real):
    board = run_metric("program-board", real, Filters())
    assert list(board.columns) == ["team", "slot", "slot_start", "slot_end", "key", "summary", "category", "points",
                                   "blocked_by", "blocker_slot", "conflict"]
    assert board[["key", "slot", "conflict"]].to_dict("records") == [
        {"key": "DZFNK0168-2", "slot": "not planned", "conflict": False},
        {"key": "DZFNK0168-5", "slot": "not planned", "conflict": False},
    ]
    assert run_metric("plan-capacity", real, Filters()).empty
    summary = run_metric("plan-summary", real, Filters()).set_index("metric")["value"]
    assert (summary["waited_on"], summary["not_planned_waited_on"], summary["board_conflicts"]) == (2, 2, 0)
