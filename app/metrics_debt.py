"""Metrics of the Technical debt page, registered with the CLI and pages.

Debt is category `debt` and shares are of the whole open backlog, so the category filter
does not apply to these metrics (team, project, issue type and period do). "Now" is the
end of the selected period (filters.until). Definitions: analysis/debt.py.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from analysis import debt, epics
from analysis.filters import Filters
from app.context import WorkspaceData
from app.metrics import MetricError, Option, metric, whole_number

PERIOD = Option("month", debt.PERIODS, "week (Monday-Sunday), sprint (two weeks from the Monday on or before "
                "--since), calendar month or quarter")
PERIODS = Option(str(debt.DEFAULT_PROJECTION_PERIODS), None, "number of latest periods whose net flow is projected")
TARGET = Option("none", None, "target level of open debt items (none: no target)")
AREA = Option("all", ("all", *debt.AREAS), "where debt sits: by team, component, epic or all three")
INTEREST_AREA = Option("component", ("component", "team"), "compare debt and new defects per component or team")


def _selection(data: WorkspaceData, filters: Filters) -> pd.DataFrame:
    """The filtered issues of every category (debt shares need the whole backlog)."""
    return data.selected(replace(filters, categories=()))


def _trend(data: WorkspaceData, filters: Filters, period: str) -> pd.DataFrame:
    return debt.debt_trend(_selection(data, filters), filters.since, filters.until, period,
                           data.settings.default_points)


def _ages(data: WorkspaceData, filters: Filters) -> pd.DataFrame:
    return debt.open_debt_ages(_selection(data, filters), filters.until)


def _with_epic_summary(table: pd.DataFrame, data: WorkspaceData, key_column: str, rows=None) -> pd.DataFrame:
    """`table` with `epic_summary` after `key_column`: the name of the epic (from every issue
    of the workspace; "" when the epic is not in the export, or for rows not about an epic)."""
    out = epics.with_summaries(table, key_column, epics.epic_summaries(data.issues))
    if rows is not None and "epic_summary" in out:
        out["epic_summary"] = out["epic_summary"].where(rows, "")
    return out


@metric("debt-trend", "open debt per period, open counts on the period's last day, flows within it "
        "(period_start, open_debt_items, open_debt_points, open_items, debt_share, debt_created, debt_resolved, "
        "net_flow, open_points, debt_share_points, debt_created_points, debt_resolved_points, period_end, days)",
        period=PERIOD)
def _debt_trend(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return _trend(data, filters, options["period"])


@metric("debt-recorded", "open debt as recorded by each import in the period, from its snapshot "
        "(import_id, as_of, open_debt_items, open_debt_points, open_items, debt_share)")
def _debt_recorded(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    snapshots = data.snapshots
    return debt.debt_as_recorded(snapshots, _selection(data, filters), filters.since, filters.until,
                                 data.settings.default_points)


@metric("debt-summary", "headline numbers at the end of the period beside the start "
        "(metric, value, value_at_start, change, unit)")
def _debt_summary(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return debt.debt_headlines(_selection(data, filters), filters.since, filters.until, data.settings.default_points)


@metric("debt-age", "one row per open debt item, oldest first (key, team, age_days, created_day, story_points, "
        "status, components, epic_key, epic_summary, summary, url)")
def _debt_age(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return _with_epic_summary(_ages(data, filters), data, "epic_key")


@metric("debt-age-buckets", f"open debt per age bucket {', '.join(debt.AGE_BUCKETS)} "
        "(bucket, open_debt_items, open_debt_points)")
def _debt_age_buckets(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return debt.debt_age_buckets(_ages(data, filters), data.settings.default_points)


@metric("debt-by-area", "open debt per team, component and epic, most first (area_type, area, epic_summary "
        "(the epic's name, empty for teams and components), open_debt_items, open_debt_points, median_age_days, "
        "share_of_open_debt)", area=AREA)
def _debt_by_area(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    areas = debt.AREAS if options["area"] == "all" else (options["area"],)
    selected = _selection(data, filters)
    tables = [debt.debt_by_area(selected, filters.until, area, data.settings.default_points) for area in areas]
    table = pd.concat(tables, ignore_index=True)
    return _with_epic_summary(table, data, "area", rows=table["area_type"] == "epic")


@metric("debt-interest", f"per area, open debt beside defects created in the last {debt.INTEREST_WINDOW_DAYS} "
        "days (area, open_debt_items, open_debt_points, defects_created)", area=INTEREST_AREA)
def _debt_interest(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return debt.debt_interest(_selection(data, filters), filters.until, options["area"],
                              default_points=data.settings.default_points)


@metric("debt-correlation", "Spearman rank correlation of open debt and new defects across areas "
        "(area_type, rho, n, p_value, verdict, message)", area=INTEREST_AREA)
def _debt_correlation(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    found = debt.debt_defect_correlation(_debt_interest(data, filters, options))
    return pd.DataFrame([{"area_type": options["area"], "rho": found.rho, "n": found.n, "p_value": found.p_value,
                          "verdict": found.verdict, "message": found.message}])


@metric("debt-projection", "open debt in 3 and 6 months and the date it reaches --target, at the net flow of the "
        "last --periods periods (as_of, open_debt_items, basis_periods, net_flow_per_period, net_flow_per_30_days, "
        "date_3_months, open_debt_in_3_months, date_6_months, open_debt_in_6_months, target, target_date, status, "
        "message)", period=PERIOD, periods=PERIODS, target=TARGET)
def _debt_projection(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    last_periods = whole_number(options["periods"], "periods", "debt-projection", "periods")
    target = _target(options["target"])
    projection = debt.debt_projection(_trend(data, filters, options["period"]), last_periods, target,
                                      options["period"])
    return debt.projection_table(projection)


@metric("debt-investment", "share of completed points per period that were debt, against the points-weighted "
        "target that applied at the period's end (period_start, completed_items, completed_points, "
        "debt_items_completed, debt_points_completed, debt_share_completed, target_debt_share, gap_pp, period_end)",
        period=PERIOD)
def _debt_investment(data: WorkspaceData, filters: Filters, options: dict) -> pd.DataFrame:
    return debt.debt_investment(_selection(data, filters), filters.since, filters.until, options["period"],
                                data.targets, data.settings.default_points, list(data.target_history))


def _target(text: str) -> float | None:
    if text is None or str(text).strip() in ("", "none"):
        return None
    try:
        value = float(str(text).strip())
    except ValueError:
        raise MetricError(f"debt-projection: --target must be a number of open debt items, not {text!r}") from None
    if value < 0:
        raise MetricError(f"debt-projection: --target cannot be negative ({value:g})")
    return value
