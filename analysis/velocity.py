"""Velocity per sprint of the tracker: committed against completed, with scope changes.

* In the sprint: the issues whose `sprints` list names it (the export's final word).
* Completed: in the sprint, delivered (periods.delivered: not closed as Won't Do, Not
  planned, Canceled...) and done (flow.item_flow's done day) between the sprint's first and
  last day (its complete date when it closed early).
* Membership at a moment, from the Sprint field's history (`sprint_changes`, the sprint
  names the field held before and after each change): the `to` list of the item's last
  change at or before that moment; before its first change, that change's `from` list. An
  item without Sprint history is in the sprints it lists now. Nobody is in a sprint before
  the item was created.
* Committed: the items in the sprint at its start (its start timestamp). KNOWN (the one
  place that decides it, `_committed_and_final`) when the Sprint history mentions the sprint
  at all; else when an import's snapshot was taken at the sprint's start (from
  COMMITMENT_SNAPSHOT_DAYS before its first day to its first day): the items that snapshot
  lists in it. Otherwise `committed_known` is false and committed, added and removed stay
  empty rather than guessed. (Jira writes no history when an item is created straight
  into a sprint: such an item counts as committed when it was created before the start.)
* Added: in the sprint at its end (when it was completed, else its end date; now for a
  sprint still running) but not committed; removed: committed but no longer in it at its end. An item
  added and removed again within the sprint counts in neither.
* Carried over: in a closed sprint and not completed in it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from bisect import bisect_right

from analysis.flow import sprint_days, sprint_teams
from analysis.periods import delivered

COMMITMENT_SNAPSHOT_DAYS = 2
VELOCITY_COLUMNS = ["sprint", "team", "start_date", "end_date", "state", "committed_items", "committed_points",
                    "completed_items", "completed_points", "added_items", "removed_items", "carried_over_items",
                    "committed_known"]


def velocity(issues: pd.DataFrame, sprints: pd.DataFrame, snapshot_sprints: pd.DataFrame,
             default_points: float, sprint_changes: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per started sprint, oldest first (columns VELOCITY_COLUMNS).

    `issues` carry `key, sprints, story_points, done_at` (and `created`, `resolution`);
    `snapshot_sprints` has `import_id, as_of, key, sprints` (the sprint lists each import
    recorded); `sprint_changes` has `key, changed_at, from_sprints, to_sprints`.
    """
    started = sprints.dropna(subset=["start_date"]) if len(sprints) else sprints
    if issues.empty or started.empty:
        return _empty()
    members = _members(issues["key"], issues["sprints"])
    points = issues.set_index("key")["story_points"].astype(float).fillna(default_points)
    done = issues["done_at"].where(delivered(issues).to_numpy())
    done = pd.Series(done.to_numpy(), index=issues["key"].to_numpy())
    born = _utc_naive(issues["created"]) if "created" in issues else pd.Series(pd.NaT, index=issues.index)
    created = pd.Series(born.to_numpy(dtype="datetime64[us]"), index=issues["key"].to_numpy())
    history = _SprintHistory(sprint_changes)
    snapshot_days = _snapshot_days(snapshot_sprints)
    rows = []
    for sprint, team in zip(started.itertuples(), sprint_teams(started, issues)):
        first, last = sprint_days(sprint)
        keys = members.get(sprint.name, pd.Index([], dtype="str"))
        done_days = done.reindex(keys)
        completed = keys[((done_days >= first) & (done_days <= last)).to_numpy()]
        committed, final = _committed_and_final(sprint, keys, history, created, snapshot_sprints, snapshot_days)
        known = committed is not None
        row = {
            "sprint": sprint.name,
            "team": team,
            "start_date": first, "end_date": last, "state": sprint.state,
            "committed_items": len(committed) if known else pd.NA,
            "committed_points": float(points.reindex(committed).fillna(default_points).sum()) if known else np.nan,
            "completed_items": len(completed),
            "completed_points": float(points.reindex(completed).sum()),
            "added_items": len(final.difference(committed)) if known else pd.NA,
            "removed_items": len(committed.difference(final)) if known else pd.NA,
            "carried_over_items": len(keys) - len(completed) if sprint.state == "closed" else 0,
            "committed_known": known,
        }
        rows.append(row)
    table = pd.DataFrame(rows, columns=VELOCITY_COLUMNS)
    return table.astype({"committed_items": "Int64", "added_items": "Int64", "removed_items": "Int64",
                         "completed_items": "int64", "carried_over_items": "int64", "committed_known": "bool",
                         "start_date": "datetime64[us]", "end_date": "datetime64[us]"})


def _committed_and_final(sprint, keys: pd.Index, history: "_SprintHistory", created: pd.Series,
                         snapshot_sprints: pd.DataFrame, snapshot_days: pd.Series):
    """(committed, in it at its end) as key indexes; committed is None when unknown."""
    name = sprint.name
    if history.mentions(name):
        start = _utc_naive(pd.Series([sprint.start_date])).iat[0]
        end = _sprint_end(sprint)
        candidates = keys.union(pd.Index(sorted(history.keys_mentioning(name)), dtype="str"))
        listed_now = set(keys)
        committed, final = [], []
        for key in candidates:
            born = created.get(key, pd.NaT)
            if history.in_sprint(key, name, start, key in listed_now) and not (born is not pd.NaT and born > start):
                committed.append(key)
            if history.in_sprint(key, name, end, key in listed_now):
                final.append(key)
        return pd.Index(committed, dtype="str"), pd.Index(final, dtype="str")
    first, _ = sprint_days(sprint)
    return _committed(snapshot_sprints, snapshot_days, name, first), keys


class _SprintHistory:
    """Each item's Sprint field changes, in time order, for membership at a moment."""

    def __init__(self, changes: pd.DataFrame | None):
        self._by_key: dict[str, tuple[list, list, list]] = {}
        self._keys_by_sprint: dict[str, set[str]] = {}
        if changes is None or changes.empty:
            return
        ordered = changes.assign(at=_utc_naive(changes["changed_at"])).dropna(subset=["at"])
        ordered = ordered.sort_values(["key", "at"], kind="stable")
        for key, at, before, after in zip(ordered["key"], ordered["at"], ordered["from_sprints"], ordered["to_sprints"]):
            before, after = _names(before), _names(after)
            times, froms, tos = self._by_key.setdefault(key, ([], [], []))
            times.append(at)
            froms.append(before)
            tos.append(after)
            for name in before | after:
                self._keys_by_sprint.setdefault(name, set()).add(key)

    def mentions(self, name: str) -> bool:
        return name in self._keys_by_sprint

    def keys_mentioning(self, name: str) -> set[str]:
        return self._keys_by_sprint.get(name, set())

    def in_sprint(self, key: str, name: str, moment, listed_now: bool) -> bool:
        """In sprint `name` at `moment` (NaT: now): see the module docstring."""
        if key not in self._by_key:
            return listed_now
        if moment is pd.NaT or pd.isna(moment):
            return listed_now
        times, froms, tos = self._by_key[key]
        before = bisect_right(times, moment)
        return name in (tos[before - 1] if before else froms[0])


def _names(values) -> frozenset:
    if values is None or (isinstance(values, float) and np.isnan(values)):
        return frozenset()
    return frozenset(str(v) for v in values if v is not None)


def _sprint_end(sprint) -> pd.Timestamp:
    """The moment a sprint ended: when it was completed, else its end date (NaT: running)."""
    moments = _utc_naive(pd.Series([sprint.end_date, getattr(sprint, "complete_date", None)]))
    return moments.iat[0] if pd.isna(moments.iat[1]) else moments.iat[1]


def _utc_naive(values: pd.Series) -> pd.Series:
    """Timestamps as naive UTC (datetime64[us]); tz-naive input is taken as UTC already."""
    stamps = pd.to_datetime(values, utc=True, errors="coerce")
    return stamps.dt.tz_localize(None).astype("datetime64[us]")


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
