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

    Vectorised: counts created-by-d minus resolved-by-d via sorted searches, so it stays
    fast for a million issues and many days.
    """
    created = issues["created_day"].to_numpy(dtype="datetime64[us]")
    resolved = issues["resolved_day"].to_numpy(dtype="datetime64[us]")
    when = days.to_numpy(dtype="datetime64[us]")
    w = np.ones(len(issues)) if weights is None else weights.fillna(0).to_numpy(dtype=float)
    has_created = ~np.isnat(created)
    order_c = np.argsort(created[has_created], kind="stable")
    created_sorted = created[has_created][order_c]
    created_cum = np.concatenate([[0.0], np.cumsum(w[has_created][order_c])])
    has_resolved = has_created & ~np.isnat(resolved)
    order_r = np.argsort(resolved[has_resolved], kind="stable")
    resolved_sorted = resolved[has_resolved][order_r]
    resolved_cum = np.concatenate([[0.0], np.cumsum(w[has_resolved][order_r])])
    created_by = created_cum[np.searchsorted(created_sorted, when, side="right")]
    resolved_by = resolved_cum[np.searchsorted(resolved_sorted, when, side="right")]
    return created_by - resolved_by


def _day(values: pd.Series) -> pd.Series:
    """Timestamps (tz-aware or naive) to naive calendar days."""
    series = pd.to_datetime(values)
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    return series.dt.normalize().astype("datetime64[us]")
