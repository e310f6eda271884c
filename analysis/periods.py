"""The definitions every page and metric shares: periods, sprint grid, age buckets, "now",
the team fallback label and default points. One rule, one place: captions and help texts
are built from these constants (see `describe_*`), never retyped.
"""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

PERIODS = ("week", "sprint", "month", "quarter")
PERIOD_LABELS = {"week": "Week", "sprint": "Sprint (2 weeks)", "month": "Month", "quarter": "Quarter"}
SPRINT_DAYS = 14
NO_TEAM = "(no team)"
DEFAULT_POINTS = 1.0           # config/defaults/settings.toml [points] default_points

# Age in whole days since created: (label, first day, last day); the last bucket is open-ended.
AGE_BUCKET_DAYS = (("under 30 days", 0, 29), ("30–89 days", 30, 89), ("90–179 days", 90, 179),
                   ("180–365 days", 180, 365), ("over a year", 366, None))
AGE_BUCKETS = tuple(label for label, _, _ in AGE_BUCKET_DAYS)

# Closed without the work being done (Jira's "Won't Do"/"Won't Fix", GitHub's `not_planned`,
# Linear's and Azure's canceled items): not delivered work. Every count of finished work
# leaves them out: balance shares, throughput, cycle time, forecasts, velocity's completed.
# They are still closed (not open, not in progress). "Duplicate" and "Cannot Reproduce"
# count as before until a team asks for them to go too.
NOT_DELIVERED_RESOLUTIONS = ("won't do", "won't fix", "not planned", "canceled", "cancelled")


def delivered(issues: pd.DataFrame) -> pd.Series:
    """True for items whose resolution does not say the work was dropped (case, spaces and a
    typographic apostrophe aside)."""
    if "resolution" not in issues:
        return pd.Series(True, index=issues.index)
    resolution = issues["resolution"]
    # Judged once per distinct value: a million rows hold a handful of resolutions.
    dropped = [value for value in pd.unique(resolution.dropna())
               if str(value).strip().lower().replace("\u2019", "'") in NOT_DELIVERED_RESOLUTIONS]
    return ~resolution.isin(dropped)


# ---------------------------------------------------------------- "now" and the period's start
def as_of(until: date, reference_date: date | None = None) -> date:
    """"Now" of every number: the end of the selected period (the To date, which defaults to
    the newest export's date), never later than the newest export, which knows nothing after it."""
    return min(until, reference_date) if reference_date else until


def start_state_day(since: date) -> date:
    """Where a change starts from: the end of the day before the period's first day, so a
    change of open items equals created minus resolved within the period."""
    return since - timedelta(days=1)


# ---------------------------------------------------------------- periods
def sprint_anchor(since: date) -> pd.Timestamp:
    """Sprints are two-week periods counted from the Monday on or before the period's start
    (one grid for every team, not the tracker's sprints, which differ per board)."""
    start = pd.Timestamp(since)
    return (start - timedelta(days=start.weekday())).as_unit("us")


def period_starts(days: pd.Series, period: str, since: date) -> pd.Series:
    """The first day of the week, sprint, month or quarter each calendar day falls in."""
    _check(period)
    days = pd.to_datetime(days).astype("datetime64[us]")
    if period in ("week", "sprint"):
        step = 7 if period == "week" else SPRINT_DAYS
        anchor = sprint_anchor(since)
        offset = (days - anchor).dt.days // step * step
        return (anchor + pd.to_timedelta(offset, unit="D")).astype("datetime64[us]")
    freq = "M" if period == "month" else "Q"
    return days.dt.to_period(freq).dt.start_time.astype("datetime64[us]")


def period_grid(since: date, until: date, period: str) -> pd.DataFrame:
    """The periods covering since..until, one row each.

    period_start (the period's own first day), period_end (its last day, cut at `until`),
    window_start (first day counted: period_start, or `since` for the first period), days
    (length of window_start..period_end) and partial (the window is shorter than the
    period: a first or last period cut by the range, to be marked, not read as a full one).
    """
    _check(period)
    first, last = pd.Timestamp(since), pd.Timestamp(until)
    edges = period_starts(pd.Series([first, last]), period, since)
    if period in ("week", "sprint"):
        step = 7 if period == "week" else SPRINT_DAYS
        starts = pd.date_range(edges.iloc[0], edges.iloc[1], freq=f"{step}D")
        natural_ends = starts + pd.Timedelta(days=step - 1)
    else:
        starts = pd.date_range(edges.iloc[0], edges.iloc[1], freq="MS" if period == "month" else "QS")
        natural_ends = starts + (pd.offsets.MonthEnd(0) if period == "month" else pd.offsets.QuarterEnd(0))
    starts = starts.astype("datetime64[us]")
    natural_ends = pd.DatetimeIndex(natural_ends).astype("datetime64[us]")
    ends = pd.DatetimeIndex(np.minimum(natural_ends, last)).astype("datetime64[us]")
    window_starts = pd.DatetimeIndex(np.maximum(starts, first)).astype("datetime64[us]")
    grid = pd.DataFrame({"period_start": starts, "period_end": ends, "window_start": window_starts})
    grid["days"] = ((grid["period_end"] - grid["window_start"]).dt.days + 1).astype("int64")
    grid["partial"] = (grid["window_start"] > grid["period_start"]) | (grid["period_end"] < natural_ends)
    return grid


def period_start_days(since: date, until: date, period: str) -> pd.DatetimeIndex:
    """Every period start from the period holding `since` to the one holding `until`."""
    return pd.DatetimeIndex(period_grid(since, until, period)["period_start"])


def period_label(start, period: str) -> str:
    """How a period is named on an axis or in a table: 'Dec 2025', 'Q1 2026', '1 Dec 2025'."""
    day = pd.Timestamp(start)
    if period == "month":
        return f"{day:%b %Y}"
    if period == "quarter":
        return f"Q{day.quarter} {day.year}"
    return f"{day.day} {day:%b %Y}"


# ---------------------------------------------------------------- ages and teams
def age_bucket(age_days: pd.Series) -> pd.Series:
    """The AGE_BUCKETS label of each age in whole days (str; 'nan' for a missing age)."""
    edges = [-np.inf] + [last for _, _, last in AGE_BUCKET_DAYS[:-1]] + [np.inf]
    return pd.cut(age_days, bins=edges, labels=list(AGE_BUCKETS), right=True).astype("str")


def team_or_none(team: pd.Series) -> pd.Series:
    """The team, or NO_TEAM for items without one."""
    return team.astype("str").where(team.notna() & (team.astype("str") != ""), NO_TEAM).astype("str")


# ---------------------------------------------------------------- the same words everywhere
def describe_age_buckets() -> str:
    return "Age = whole days since created, in buckets: " + ", ".join(
        f"{label} ({lo}–{hi})" if hi is not None else f"{label} ({lo} and more)"
        for label, lo, hi in AGE_BUCKET_DAYS) + "."


def describe_periods() -> str:
    return ("Weeks run Monday to Sunday; sprints are two-week periods counted from the Monday on or before the "
            "start of the range (one grid for every team, not the tracker's sprints); months and quarters are "
            "calendar months and quarters. A first or last period cut by the range is marked as partial.")


def describe_now() -> str:
    return ("Now = the end of the selected period (the To date; by default the date of the newest export), "
            "and changes compare it with the end of the day before the period's first day.")


def _check(period: str) -> None:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
