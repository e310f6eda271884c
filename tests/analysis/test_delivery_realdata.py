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
        "sprint": "EE Sprint 7", "team": "EE", "state": "closed", "completed_items": 17, "completed_points": 17.0,
        "carried_over_items": 6, "committed_known": True}
    # 27 items list it: 17 completed, 4 closed as Won't Do (EE-24, 26, 30, 35: not delivered), 6 carried over
    assert str(first["start_date"].date()) == "2020-06-12" and str(first["end_date"].date()) == "2020-06-22"
    # The Sprint history knows three sprints; K5 Sprint 1 started right after the one import.
    known = table[table["committed_known"]]
    assert known["sprint"].tolist() == ["EE Sprint 7", "EE Sprint 8", "EE Sprint 9", "K5 Sprint 1"]
    assert table.loc[~table["committed_known"], "committed_items"].isna().all()


def test_committed_scope_of_sprint_7_from_the_sprint_history(board8):
    """Worked out by hand from issues_board8.json. EE Sprint 7 (id 7) started 2020-06-12
    00:38:51Z and was completed 2020-06-22 05:59Z. Planned into it at 00:29Z (before the
    start): EE-1..6, 8, 9, 10, 14, 15, 16, 17, 19 (14 items); EE-17 moved to EE Sprint 8 on
    17 Jun and EE-19 was taken out on 19 Jun (removed: 2). EE-23..37 list it without any
    Sprint history (created into it): EE-23 and EE-24 were created before the start
    (committed), EE-25..37 after it (added: 13). Committed 14 + 2 = 16."""
    table = run_metric("velocity", board8, SINCE).set_index("sprint")
    columns = ["committed_items", "committed_points", "added_items", "removed_items", "completed_items"]
    assert table.loc["EE Sprint 7", columns].tolist() == [16, 16.0, 13, 2, 17]
    # EE-17 was planned into EE Sprint 8 before its start and moved to EE Sprint 9 on 10 Jul,
    # before Sprint 8 was completed (13 Jul): committed 1, removed 1.
    assert table.loc["EE Sprint 8", ["committed_items", "added_items", "removed_items"]].tolist() == [1, 0, 1]


def test_cycle_times_of_the_real_changelog(board8):
    cycles = run_metric("cycle-time", board8, SINCE).set_index("key")
    # 30 items finished; EE-20, 24, 26, 30 and 35 were closed as Won't Do: not delivered work
    assert len(cycles) == 25 and not {"EE-20", "EE-24", "EE-26", "EE-30", "EE-35"} & set(cycles.index)
    # EE-19: In Development 12 Jun, Resolved, reopened (To Do, Open), Resolved again 18 Jun: 6 days
    assert (cycles.loc["EE-19", "cycle_days"], cycles.loc["EE-19", "lead_days"]) == (6.0, 6.0)
    # EE-6 never passes an in-progress status (Open -> Resolved): cycle time 0, lead time 4
    assert (cycles.loc["EE-6", "cycle_days"], cycles.loc["EE-6", "lead_days"]) == (0.0, 4.0)
    # 25 items, linear percentiles at positions 12, 20.4 and 22.8 of the sorted values. The
    # default [status_categories] know "In Development" as in progress (the export states no
    # category for it): 13 items have cycle time 0, then 3, 3, 3, 3, 6, 6, 6, 6, 7, 7, 7, 7;
    # cycle 85 % = 6 + 0.4 * (7 - 6) = 6.4, lead 85 % = 11 + 0.4 * (26 - 11) = 17
    cycle_days = sorted(cycles["cycle_days"])
    assert cycle_days.count(0.0) == 13 and cycle_days[13:] == [3.0] * 4 + [6.0] * 4 + [7.0] * 4
    percentiles = run_metric("cycle-time-percentiles", board8, SINCE).round(6)
    assert percentiles.to_dict("records") == [
        {"percentile": 50, "cycle_days": 0.0, "lead_days": 6.0, "items": 25},
        {"percentile": 85, "cycle_days": 6.4, "lead_days": 17.0, "items": 25},
        {"percentile": 95, "cycle_days": 7.0, "lead_days": 26.0, "items": 25},
    ]


def test_commitment_status_option_moves_the_start(board8):
    table = run_metric("cycle-time", board8, SINCE, {"commitment": "Ready for Dev"}).set_index("key")
    # EE-6 entered Ready for Dev on 12 Jun and was resolved on 16 Jun
    assert table.loc["EE-6", "cycle_days"] == 4.0
