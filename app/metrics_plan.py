"""Metrics of the Plan page: technical priorities, the program board, the capacity check and
the page's headline sentences, on the open `blocks` links on the filters' `until` day.

With team / project / category / type filters, the ranked technical items and the board's
cards are the selected issues; the business work waiting on them and their blockers are
looked up among all issues (a Platform enabler that Checkout waits on counts Checkout's features).
"""
from __future__ import annotations

import pandas as pd

from analysis import plan
from analysis.dependencies import open_blocks
from analysis.filters import Filters
from analysis.headlines.plan import plan_headlines
from app.context import WorkspaceData
from app.memo import per_workspace
from app.metrics import Option, metric, whole_number
from config import TECHNICAL_CATEGORIES  # noqa: F401  (the Plan page names them)


def _selected_keys(data: WorkspaceData, filters: Filters):
    narrowed = filters.teams or filters.projects or filters.categories or filters.issue_types
    return data.selected(filters)["key"] if narrowed else None


@per_workspace()
def priorities_with_details(data: WorkspaceData, filters: Filters) -> pd.DataFrame:
    # Shared by the page's four metrics (priorities, capacity, summary, headlines).
    links = open_blocks(data.issues, data.links, filters.until)
    return plan.technical_priorities(data.issues, links, data.sprints, data.versions, filters.until,
                                     data.settings.plan, data.settings.default_points, _selected_keys(data, filters))


def board(data: WorkspaceData, filters: Filters, priorities: pd.DataFrame | None = None) -> pd.DataFrame:
    links = open_blocks(data.issues, data.links, filters.until)
    keys = _selected_keys(data, filters)
    waited_on = (plan.waited_on(data.issues, links, filters.until, keys) if priorities is None
                 else priorities.loc[priorities["business_items_unblocked"] > 0, "key"])
    return plan.program_board(data.issues, links, data.sprints, data.versions, filters.until, waited_on,
                              data.settings.default_points, keys)


def capacity(data: WorkspaceData, filters: Filters, board_table: pd.DataFrame,
             priorities: pd.DataFrame) -> pd.DataFrame:
    waited_on = priorities.loc[priorities["business_items_unblocked"] > 0, "key"]
    return plan.capacity_check(board_table, team_velocity(data), data.targets, filters.until,
                               data.settings.plan.velocity_sprints, waited_on)


@per_workspace()
def planned_board(data: WorkspaceData, filters: Filters) -> pd.DataFrame:
    """The board of the items the priorities say work waits on (capacity, summary, headlines)."""
    return board(data, filters, priorities_with_details(data, filters))


@per_workspace()
def planned_capacity(data: WorkspaceData, filters: Filters) -> pd.DataFrame:
    return capacity(data, filters, planned_board(data, filters), priorities_with_details(data, filters))


@per_workspace()
def team_velocity(data: WorkspaceData) -> pd.DataFrame:
    """Completed points per team and finished tracker sprint: the Delivery page's velocity
    (one definition), over all the workspace's sprints, for the capacity check."""
    from app.metrics_delivery import velocity_table
    table = velocity_table(data)
    finished = table[pd.to_datetime(table["end_date"]) <= pd.Timestamp(data.reference_date)]
    return pd.DataFrame({"team": finished["team"].astype("str").to_numpy(),
                         "end_date": pd.to_datetime(finished["end_date"]).astype("datetime64[us]").to_numpy(),
                         "completed_points": finished["completed_points"].astype(float).to_numpy()})


@metric("technical-priorities", "open technical items ranked by the business work waiting on them "
        "(rank, key, summary, team, category, business_items_unblocked, business_points_unblocked, teams_waiting, "
        "earliest_needed, planned_for, late_by_days, defect_interest, age_days, why)",
        limit=Option("0", None, "how many items (0 = all)"))
def _priorities(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    out = priorities_with_details(data, filters)[plan.PRIORITY_COLUMNS]
    limit = str(options["limit"]).strip()
    return out if limit == "0" else out.head(whole_number(limit, "limit", "technical-priorities"))


@metric("program-board", "open items by team and slot (sprint, else release, else due month) with their open "
        "blockers (team, slot, slot_start, slot_end, key, summary, category, points, blocked_by, blocker_slot, conflict)")
def _board(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return board(data, filters)


@metric("plan-capacity", "planned technical and functional points per team and slot against recent velocity "
        "(team, slot, slot_start, slot_end, technical_points, functional_points, planned_points, velocity, "
        "capacity_points, over_capacity, over_by_points, target_technical_share, technical_share, not_fitting)")
def _capacity(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return planned_capacity(data, filters)


@metric("plan-summary", "the Plan page's headline numbers (metric, value, meaning)")
def _summary(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return plan.plan_summary(priorities_with_details(data, filters), planned_board(data, filters),
                             planned_capacity(data, filters))


@metric("plan-headlines", "the Plan page's answer in sentences (text, weight, kind, keys)")
def _headlines(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    lines = plan_headlines(priorities_with_details(data, filters), planned_board(data, filters),
                           planned_capacity(data, filters))
    return pd.DataFrame({"text": pd.Series([h.text for h in lines], dtype="str"),
                         "weight": pd.Series([h.weight for h in lines], dtype="float64"),
                         "kind": pd.Series([h.kind for h in lines], dtype="str"),
                         "keys": [list(h.keys) for h in lines]})
