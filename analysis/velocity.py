"""Velocity per sprint of the tracker: committed against completed, with scope changes.

* In the sprint: the issues whose `sprints` list names it (the export's final word).
* Completed: in the sprint and done (flow.item_flow's done day) between the sprint's
  first and last day (its complete date when it closed early).
* Committed: in the sprint when it started. The exports hold no Sprint-field history, so
  this is known only when an import's snapshot was taken at the sprint's start (from
  COMMITMENT_SNAPSHOT_DAYS before its first day to its first day): the items that snapshot
  lists in the sprint. Otherwise `committed_known` is false and committed, added and
  removed stay empty rather than guessed.
* Added: in the sprint now but not committed; removed: committed but no longer in it
  (an item added and removed again between two exports is invisible).
* Carried over: in a closed sprint and not completed in it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.flow import sprint_days, sprint_teams

COMMITMENT_SNAPSHOT_DAYS = 2
VELOCITY_COLUMNS = ["sprint", "team", "start_date", "end_date", "state", "committed_items", "committed_points",
                    "completed_items", "completed_points", "added_items", "removed_items", "carried_over_items",
                    "committed_known"]


def velocity(issues: pd.DataFrame, sprints: pd.DataFrame, snapshot_sprints: pd.DataFrame,
             default_points: float) -> pd.DataFrame:
    """One row per started sprint, oldest first (columns VELOCITY_COLUMNS).

    `issues` carry `key, sprints, story_points, done_at`; `snapshot_sprints` has
    `import_id, as_of, key, sprints` (the sprint lists each import recorded).
    """
    started = sprints.dropna(subset=["start_date"]) if len(sprints) else sprints
    if issues.empty or started.empty:
        return _empty()
    members = _members(issues["key"], issues["sprints"])
    points = issues.set_index("key")["story_points"].astype(float).fillna(default_points)
    done = issues.set_index("key")["done_at"]
    snapshot_days = _snapshot_days(snapshot_sprints)
    rows = []
    for sprint, team in zip(started.itertuples(), sprint_teams(started, issues)):
        first, last = sprint_days(sprint)
        keys = members.get(sprint.name, pd.Index([], dtype="str"))
        done_days = done.reindex(keys)
        completed = keys[((done_days >= first) & (done_days <= last)).to_numpy()]
        committed = _committed(snapshot_sprints, snapshot_days, sprint.name, first)
        known = committed is not None
        row = {
            "sprint": sprint.name,
            "team": team,
            "start_date": first, "end_date": last, "state": sprint.state,
            "committed_items": len(committed) if known else pd.NA,
            "committed_points": float(points.reindex(committed).fillna(default_points).sum()) if known else np.nan,
            "completed_items": len(completed),
            "completed_points": float(points.reindex(completed).sum()),
            "added_items": len(keys.difference(committed)) if known else pd.NA,
            "removed_items": len(committed.difference(keys)) if known else pd.NA,
            "carried_over_items": len(keys) - len(completed) if sprint.state == "closed" else 0,
            "committed_known": known,
        }
        rows.append(row)
    table = pd.DataFrame(rows, columns=VELOCITY_COLUMNS)
    return table.astype({"committed_items": "Int64", "added_items": "Int64", "removed_items": "Int64",
                         "completed_items": "int64", "carried_over_items": "int64", "committed_known": "bool",
                         "start_date": "datetime64[us]", "end_date": "datetime64[us]"})


def velocity_summary(table: pd.DataFrame, last: int = 6) -> pd.DataFrame:
    """Per team, completed points of its last `last` closed sprints: average, lowest, highest."""
    closed = table[table["state"] == "closed"].sort_values("start_date").groupby("team").tail(last)
    grouped = closed.groupby("team")["completed_points"]
    return pd.DataFrame({"sprints": grouped.size(), "average_points": grouped.mean(),
                         "lowest_points": grouped.min(), "highest_points": grouped.max()}).reset_index()


def _members(keys: pd.Series, sprint_lists: pd.Series) -> dict[str, pd.Index]:
    exploded = pd.DataFrame({"key": keys.to_numpy(), "sprint": sprint_lists.to_numpy()}).explode("sprint")
    exploded = exploded.dropna(subset=["sprint"])
    return {name: pd.Index(group["key"].unique(), dtype="str") for name, group in exploded.groupby("sprint")}


def _snapshot_days(snapshot_sprints: pd.DataFrame) -> pd.Series:
    """The day of each import's snapshot (import_id -> naive day)."""
    if snapshot_sprints is None or snapshot_sprints.empty:
        return pd.Series(dtype="datetime64[us]")
    as_of = snapshot_sprints.groupby("import_id")["as_of"].first()
    stamps = pd.to_datetime(as_of)
    if isinstance(stamps.dtype, pd.DatetimeTZDtype):
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    return stamps.dt.normalize()


def _committed(snapshot_sprints: pd.DataFrame, snapshot_days: pd.Series, name: str, first: pd.Timestamp):
    """The keys a snapshot taken at the sprint's start lists in it, or None if there is none."""
    near = snapshot_days[(snapshot_days <= first) & (snapshot_days >= first - pd.Timedelta(days=COMMITMENT_SNAPSHOT_DAYS))]
    if near.empty:
        return None
    chosen = near.sort_values().index[-1]
    rows = snapshot_sprints[snapshot_sprints["import_id"] == chosen]
    listed = rows["sprints"].map(lambda names: names is not None and name in list(names))
    return pd.Index(rows.loc[listed.to_numpy(dtype=bool), "key"].unique(), dtype="str")


def _empty() -> pd.DataFrame:
    dtypes = {"sprint": "str", "team": "str", "start_date": "datetime64[us]", "end_date": "datetime64[us]",
              "state": "str", "committed_items": "Int64", "committed_points": "float64",
              "completed_items": "int64", "completed_points": "float64", "added_items": "Int64",
              "removed_items": "Int64", "carried_over_items": "int64", "committed_known": "bool"}
    return pd.DataFrame({c: pd.Series(dtype=dtypes[c]) for c in VELOCITY_COLUMNS})
