"""Will each unreleased fix version make its date? Monte Carlo on the remaining items.

Scope: the selected items listing the version in `fix_versions`; done = done by "now"
(flow's done day). The remaining items are forecast with the shared throughput samples
(forecast.forecast_when); a release is on track when its 85 % date is on or before its
release date. Open blockers: open `blocks` links (dependencies.open_blocks) onto its
remaining items. Releases at risk come first.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from analysis.forecast import DEFAULT_SEED, DEFAULT_TRIALS, forecast_when

RELEASE_COLUMNS = ["version", "release_date", "scope_items", "done_items", "remaining_items", "forecast_50",
                   "forecast_85", "on_track", "open_blockers"]


def unreleased(versions: pd.DataFrame) -> pd.DataFrame:
    """Versions not marked released (a missing flag counts as unreleased)."""
    if versions.empty:
        return versions
    return versions[~versions["released"].fillna(False).astype(bool)]


def release_forecast(issues: pd.DataFrame, versions: pd.DataFrame, open_links: pd.DataFrame,
                     samples: np.ndarray, now: date, trials: int = DEFAULT_TRIALS,
                     seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """One row per unreleased version with scope in `issues` (columns RELEASE_COLUMNS)."""
    pending = unreleased(versions)
    if pending.empty or issues.empty:
        return _empty()
    listed = pd.DataFrame({"key": issues["key"].to_numpy(), "version": issues["fix_versions"].to_numpy(),
                           "done_at": issues["done_at"].to_numpy()}).explode("version").dropna(subset=["version"])
    is_done = listed["done_at"].notna() & (listed["done_at"] <= pd.Timestamp(now))
    blocked = open_links["blocked_key"] if len(open_links) else pd.Series(dtype="str")
    rows = []
    for version in pending.drop_duplicates("name").itertuples():
        mine = listed[listed["version"] == version.name]
        if mine.empty:
            continue
        remaining_keys = mine.loc[~is_done[mine.index], "key"]
        remaining = int(len(remaining_keys))
        when = forecast_when(samples, remaining, now, trials, seed).set_index("percentile")["finish_date"]
        release_day = pd.Timestamp(version.release_date) if pd.notna(version.release_date) else pd.NaT
        f85 = when.loc[85]
        on_track = bool(pd.notna(release_day) and pd.notna(f85) and f85 <= release_day)
        rows.append({"version": version.name, "release_date": release_day,
                     "scope_items": int(len(mine)), "done_items": int(len(mine) - remaining),
                     "remaining_items": remaining, "forecast_50": when.loc[50], "forecast_85": f85,
                     "on_track": on_track, "open_blockers": int(blocked.isin(remaining_keys).sum())})
    if not rows:
        return _empty()
    table = pd.DataFrame(rows, columns=RELEASE_COLUMNS)
    table = table.sort_values(["on_track", "release_date", "version"], na_position="last", ignore_index=True)
    return table.astype({"release_date": "datetime64[us]", "forecast_50": "datetime64[us]",
                         "forecast_85": "datetime64[us]"})


def _empty() -> pd.DataFrame:
    dtypes = {"version": "str", "release_date": "datetime64[us]", "scope_items": "int64", "done_items": "int64",
              "remaining_items": "int64", "forecast_50": "datetime64[us]", "forecast_85": "datetime64[us]",
              "on_track": "bool", "open_blockers": "int64"}
    return pd.DataFrame({c: pd.Series(dtype=dtypes[c]) for c in RELEASE_COLUMNS})
