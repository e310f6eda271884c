"""Metrics of the Roadmap balance page, registered with the CLI and pages.

Shares are always of a team's whole work, so the category filter does not change them: it
only chooses which category rows are shown (scores and technical shares use every category).
Planned work and the open backlog are as of the data's reference date (the newest export):
sprint states and release flags are only known as of then.
Definitions: analysis/balance.py.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from analysis import balance
from analysis.filters import Filters
from app.context import WorkspaceData
from app.memo import per_workspace
from app.metrics import Option, metric

PERIOD = Option("month", balance.PERIODS, "period of delivered work: two-week sprints from --since's Monday, "
                "calendar months or quarters")
BY = Option("points", balance.WEIGHTS, "weigh work by story points (default points where missing) or count items")


def _all_categories(data: WorkspaceData, filters: Filters) -> pd.DataFrame:
    return data.selected(replace(filters, categories=()))


def _shown_categories(rows: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    if not filters.categories:
        return rows
    return rows[rows["category"].isin(filters.categories)].reset_index(drop=True)


def _delivered(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return _delivered_work(data, replace(filters, categories=()), options["period"], options["by"])


@per_workspace()
def _delivered_work(data: WorkspaceData, filters: Filters, period: str, by: str) -> pd.DataFrame:
    # Four metrics of the page read it: computed once per data, filters, period and weighing.
    return balance.delivered_balance(_all_categories(data, filters), filters.since, filters.until, period, by,
                                     data.targets, data.settings.default_points, list(data.target_history))


@metric("balance", "share of delivered (resolved) work per period, team and category against the target "
        "(period_start, team, category, points, items, share, target_share, drift_pp)", period=PERIOD, by=BY)
def _balance(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return _shown_categories(_delivered(data, filters, options), filters)


@metric("balance-score", "balance score per period and team, 100 x (1 - total variation distance from the "
        "target); empty score = no delivered work (period_start, team, score)", period=PERIOD, by=BY)
def _balance_score(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return balance.balance_scores(_delivered(data, filters, options), filters.since, filters.until, options["period"])


@per_workspace()
def _planned_work(data: WorkspaceData, filters: Filters, by: str) -> pd.DataFrame:
    return balance.planned_balance(_all_categories(data, filters), data.sprints, data.versions, data.reference_date,
                                   by, data.targets, data.settings.default_points)


@metric("balance-technical", "technical share (debt + enabler + architecture + devops) of delivered work against "
        "its target per period and team; flagged = below target 3 periods in a row (period_start, team, "
        "technical_share, technical_target, below_target, periods_below_in_a_row, flagged)", period=PERIOD, by=BY)
def _balance_technical(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return balance.technical_shortfall(_delivered(data, filters, options), filters.since, filters.until,
                                       options["period"])


@metric("balance-per-team", "share of the work delivered over the whole period per team and category against the "
        "target, weighted by each period's work (team, category, points, items, share, target_share, drift_pp)",
        period=PERIOD, by=BY)
def _balance_per_team(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return _shown_categories(balance.shares_per_team(_delivered(data, filters, options), options["by"]), filters)


@metric("balance-planned-per-team", "share of all planned work (every release together) per team and category "
        "against the target (team, category, points, items, share, target_share, drift_pp)", by=BY)
def _balance_planned_per_team(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return _shown_categories(balance.shares_per_team(_planned_work(data, replace(filters, categories=()), options["by"]),
                                                     options["by"]), filters)


@metric("balance-planned", "share of planned work (open items in future sprints or unreleased fix versions) per "
        "release, team and category against the target (release, release_date, team, category, points, items, "
        "share, target_share, drift_pp)", by=BY)
def _balance_planned(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return _shown_categories(_planned_work(data, replace(filters, categories=()), options["by"]), filters)


@metric("balance-backlog", "the open backlog by category and age, and how much of it is on no roadmap "
        "(category, age_bucket, items, points, unplanned_items, unplanned_points)")
def _balance_backlog(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return balance.backlog_composition(data.selected(filters), data.sprints, data.versions, data.reference_date,
                                       data.settings.default_points)


@metric("balance-items", "the delivered items behind the balance, with their period and category "
        "(period_start, resolved_day, key, team, category, category_source, category_reason, issue_type, "
        "story_points, points, summary, url)", period=PERIOD)
def _balance_items(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return balance.delivered_items(data.selected(filters), filters.since, filters.until, options["period"],
                                   data.settings.default_points)


@metric("balance-planned-items", "the planned items behind the planned balance, with their release "
        "(release, release_date, key, team, category, category_source, category_reason, issue_type, "
        "story_points, points, summary, url)")
def _balance_planned_items(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return balance.planned_items(data.selected(filters), data.sprints, data.versions, data.reference_date,
                                 data.settings.default_points)


@metric("balance-technical-period", "technical share (debt + enabler + architecture + devops) of the work "
        "delivered over the whole period against the target, per team and for all teams "
        "(team, work, technical_work, technical_share, technical_target, gap_pp)", period=PERIOD, by=BY)
def _balance_technical_period(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return balance.technical_share_over_period(_delivered(data, filters, options), options["by"])
