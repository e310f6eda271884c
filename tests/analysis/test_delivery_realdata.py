"""Velocity and cycle times on the real Jira REST dump with changelog and sprints
(../shared/realdata/jira-rest-devlake: board 8, 33 issues, 30 sprints)."""
from __future__ import annotations

from datetime import date

import pytest

from analysis.filters import Filters
from app.context import load_workspace_data
from app.metrics import run_metric

SINCE = Filters(since=date(2019, 1, 1))


@pytest.fixture(scope="module")
def board8(realdata, tmp_path_factory):
    from data.workspace import Workspace
    folder = realdata / "jira-rest-devlake"
    if not (folder / "issues_board8.json").exists():
        pytest.skip("jira-rest-devlake/issues_board8.json is missing from ../shared/realdata")
    workspace = Workspace(tmp_path_factory.mktemp("board8") / "ws")
    workspace.create()
    workspace.import_file(folder / "sprints.json")
    workspace.import_file(folder / "issues_board8.json")
    return load_workspace_data(workspace)


def test_velocity_of_the_real_sprints(board8):
    table = run_metric("velocity", board8, SINCE)
    assert len(table) == 31
    first = table.iloc[0].to_dict()
    assert {k: first[k] for k in ("sprint", "team", "state", "completed_items", "completed_points",
                                  "carried_over_items", "committed_known")} == {
        "sprint": "EE Sprint 7", "team": "EE", "state": "closed", "completed_items": 21, "completed_points": 21.0,
        "carried_over_items": 6, "committed_known": False}
    assert str(first["start_date"].date()) == "2020-06-12" and str(first["end_date"].date()) == "2020-06-22"
    # one import only: committed scope is known just for the sprint that started right after it
    known = table[table["committed_known"]]
    assert known["sprint"].tolist() == ["K5 Sprint 1"]
    assert table.loc[~table["committed_known"], "committed_items"].isna().all()


def test_cycle_times_of_the_real_changelog(board8):
    cycles = run_metric("cycle-time", board8, SINCE).set_index("key")
    assert len(cycles) == 30
    # EE-19: In Development 12 Jun, Resolved, reopened (To Do, Open), Resolved again 18 Jun: 6 days
    assert (cycles.loc["EE-19", "cycle_days"], cycles.loc["EE-19", "lead_days"]) == (6.0, 6.0)
    # EE-6 never passes an in-progress status (Open -> Resolved): cycle time 0, lead time 4
    assert (cycles.loc["EE-6", "cycle_days"], cycles.loc["EE-6", "lead_days"]) == (0.0, 4.0)
    percentiles = run_metric("cycle-time-percentiles", board8, SINCE)
    # The default [status_categories] know "In Development" as in progress (the export states
    # no category for it): 15 of the 30 items have cycle time 0 and the next shortest 3 days,
    # so the median falls halfway, 1.5 days.
    assert sorted(cycles["cycle_days"]).count(0.0) == 15 and sorted(cycles["cycle_days"])[15] == 3.0
    assert percentiles.to_dict("records") == [
        {"percentile": 50, "cycle_days": 1.5, "lead_days": 6.0, "items": 30},
        {"percentile": 85, "cycle_days": 6.0, "lead_days": 11.0, "items": 30},
        {"percentile": 95, "cycle_days": 7.0, "lead_days": 26.0, "items": 30},
    ]


def test_commitment_status_option_moves_the_start(board8):
    table = run_metric("cycle-time", board8, SINCE, {"commitment": "Ready for Dev"}).set_index("key")
    # EE-6 entered Ready for Dev on 12 Jun and was resolved on 16 Jun
    assert table.loc["EE-6", "cycle_days"] == 4.0
