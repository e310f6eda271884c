"""When an issue is open: the one definition every analysis uses.

Open on day d: created <= d and (resolved is empty or resolved > d), comparing calendar
days. A done issue without a resolved date is taken as resolved at its last status change
(when the export has status history), else at its last update.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd


def effective_resolved(issues: pd.DataFrame, status_changes: pd.DataFrame | None = None) -> pd.Series:
    """Resolved date as a calendar day (datetime64 at midnight), filled in for done items without one."""
    resolved = _day(issues["resolved"])
    missing = resolved.isna() & (issues["status_category"] == "done")
    if missing.any():
        fallback = _day(issues["updated"])
        if status_changes is not None and len(status_changes):
            last_change = status_changes.groupby("key")["changed_at"].max()
            from_history = _day(issues["key"].map(last_change))
            fallback = from_history.where(from_history.notna(), fallback)
        resolved = resolved.where(~missing, fallback)
    return resolved


def done_without_resolved(issues: pd.DataFrame) -> pd.Series:
    """True for done items that carry no resolved date (counted on the data-quality page)."""
    return (issues["status_category"] == "done") & issues["resolved"].isna()


def prepare(issues: pd.DataFrame, status_changes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add `created_day` and `resolved_day` (calendar days, naive) used by every analysis."""
    return issues.assign(created_day=_day(issues["created"]),
                         resolved_day=effective_resolved(issues, status_changes))


def open_on(issues: pd.DataFrame, day: date) -> pd.Series:
    """Boolean mask: open at the end of `day` (needs `created_day`/`resolved_day` from `prepare`)."""
    d = pd.Timestamp(day)
    return (issues["created_day"] <= d) & (issues["resolved_day"].isna() | (issues["resolved_day"] > d))


def open_counts(issues: pd.DataFrame, days: pd.DatetimeIndex, weights: pd.Series | None = None) -> np.ndarray:
    """How many issues (or the sum of `weights`) are open at the end of each of `days`.

    Vectorised: created-by-d minus resolved-by-d (`total_by_day`), so it stays fast for a
    million issues and many days.
    """
    created = issues["created_day"].to_numpy(dtype="datetime64[us]")
    resolved = issues["resolved_day"].to_numpy(dtype="datetime64[us]")
    w = np.ones(len(issues)) if weights is None else weights.fillna(0).to_numpy(dtype=float)
    has_created = ~np.isnat(created)
    # An item without a created day is never open, so its resolution does not count either.
    return total_by_day(created, w, days) - total_by_day(np.where(has_created, resolved, np.datetime64("NaT")), w, days)


def total_by_day(values: np.ndarray, weights: np.ndarray, days, before: bool = False) -> np.ndarray:
    """For each of `days`, the sum of `weights` of the `values` (calendar days; NaT never
    counts) on or before it (`before=True`: strictly before it).

    Whole-day values are counted on a day grid spanning `days` (values outside it are
    clipped to its edges): one bincount and one cumulative sum, no sort. Other values
    (times of day) fall back to a sorted search.
    """
    values = np.asarray(values, dtype="datetime64[us]")
    weights = np.asarray(weights, dtype=float)
    when = np.asarray(pd.DatetimeIndex(days).to_numpy(dtype="datetime64[us]"))
    if not len(when):
        return np.zeros(0)
    known = ~np.isnat(values)
    values, weights = values[known], weights[known]
    micros = values.astype(np.int64)
    # A whole-day value is on or before d exactly when it is on or before d's calendar day
    # (floor), and strictly before d when it is on or before the day before d's ceiling.
    asked = when.astype(np.int64)
    day_asked = -(-asked // _DAY_US) - 1 if before else asked // _DAY_US
    if np.isnat(when).any() or (micros % _DAY_US).any() or day_asked.max() - day_asked.min() > _MAX_GRID_DAYS:
        order = np.argsort(values, kind="stable")
        cumulative = np.concatenate([[0.0], np.cumsum(weights[order])])
        return cumulative[np.searchsorted(values[order], when, side="left" if before else "right")]
    day_of_value = micros // _DAY_US
    first, last = day_asked.min(), day_asked.max()
    slot = np.clip(day_of_value - first + 1, 0, last - first + 2)
    cumulative = np.cumsum(np.bincount(slot, weights, minlength=last - first + 3))
    return cumulative[day_asked - first + 1]


_DAY_US = 86_400_000_000
_MAX_GRID_DAYS = 1_000_000        # ~2,700 years asked about at once: sort instead of a huge grid


def _day(values: pd.Series) -> pd.Series:
    """Timestamps (tz-aware or naive) to naive calendar days."""
    series = pd.to_datetime(values)
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    return series.dt.normalize().astype("datetime64[us]")
