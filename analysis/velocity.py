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
  place that decides it, `_committed_scope`) when the Sprint history mentions the sprint
  at all; else when an import's snapshot was taken at the sprint's start (from
  COMMITMENT_SNAPSHOT_DAYS before its first day to its first day): the items that snapshot
  lists in it. Otherwise `committed_known` is false and committed, added and removed stay
  empty rather than guessed. (Jira writes no history when an item is created straight
  into a sprint: such an item counts as committed when it was created before the start.)
* Added: in the sprint at its end (when it was completed, else its end date; now for a
  sprint still running) but not committed; removed: committed but no longer in it at its
  end. An item added and removed again within the sprint counts in neither.
* Carried over: in a closed sprint and not finished in it (an item closed in it as Won't Do
  is neither completed nor carried over).
"""
from __future__ import annotations

from bisect import bisect_right

import numpy as np
import pandas as pd

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
    # Plain dicts and sets: a few hundred sprints of a few dozen items each, where pandas'
    # per-call overhead would cost more than the work.
    keys = issues["key"].to_numpy(dtype=object)
    members = {name: list(group) for name, group in _members(issues["key"], issues["sprints"]).items()}
    points = dict(zip(keys, issues["story_points"].astype(float).fillna(default_points).to_numpy()))
    closed_days = issues["done_at"].to_numpy(dtype="datetime64[us]")
    closed = dict(zip(keys, closed_days))
    done = dict(zip(keys, np.where(delivered(issues).to_numpy(), closed_days, np.datetime64("NaT"))))
    born = _utc_naive(issues["created"]) if "created" in issues else pd.Series(pd.NaT, index=issues.index)
    created = dict(zip(keys, born.to_numpy(dtype="datetime64[us]")))
    history = _SprintHistory(sprint_changes)
    moments = _start_and_end_moments(started)
    snapshot_days = _snapshot_days(snapshot_sprints)
    rows = []
    for sprint, team, (start, end) in zip(started.itertuples(), sprint_teams(started, issues), moments):
        first, last = sprint_days(sprint)
        listed = members.get(sprint.name, [])
        completed = [k for k in listed if _within(done[k], first, last)]
        dropped = sum(1 for k in listed if _within(closed[k], first, last)) - len(completed)
        committed, final = _committed_scope(sprint.name, listed, (start, end), first, created, history,
                                            snapshot_sprints, snapshot_days)
        known = committed is not None
        committed_set, final_set = set(committed or ()), set(final)
        rows.append({
            "sprint": sprint.name,
            "team": team,
            "start_date": first, "end_date": last, "state": sprint.state,
            "committed_items": len(committed_set) if known else pd.NA,
            "committed_points": float(sum(points.get(k, default_points) for k in committed_set)) if known else np.nan,
            "completed_items": len(completed),
            "completed_points": float(sum(points[k] for k in completed)),
            "added_items": len(final_set - committed_set) if known else pd.NA,
            "removed_items": len(committed_set - final_set) if known else pd.NA,
            "carried_over_items": len(listed) - len(completed) - dropped if sprint.state == "closed" else 0,
            "committed_known": known,
        })
    table = pd.DataFrame(rows, columns=VELOCITY_COLUMNS)
    return table.astype({"committed_items": "Int64", "added_items": "Int64", "removed_items": "Int64",
                         "completed_items": "int64", "carried_over_items": "int64", "committed_known": "bool",
                         "start_date": "datetime64[us]", "end_date": "datetime64[us]"})


def _committed_scope(name: str, listed: list, moments: tuple, first: pd.Timestamp, created: dict,
                     history: "_SprintHistory", snapshot_sprints: pd.DataFrame, snapshot_days: pd.Series):
    """(committed, in the sprint at its end): from the Sprint history when it mentions the
    sprint, else from a snapshot taken at its start; committed is None when neither can tell."""
    if history.mentions(name):
        return history.committed_and_final(name, listed, *moments, created)
    snapshot = _committed(snapshot_sprints, snapshot_days, name, first)
    return (None if snapshot is None else list(snapshot)), listed


def _within(day, first: pd.Timestamp, last: pd.Timestamp) -> bool:
    return not np.isnat(day) and first.to_datetime64() <= day <= last.to_datetime64()


def _start_and_end_moments(sprints: pd.DataFrame) -> list[tuple]:
    """Each sprint's start and the moment it ended (naive UTC): when it was completed, else
    its end date (NaT: no end, membership is today's)."""
    start = _utc_naive(sprints["start_date"]).to_numpy(dtype="datetime64[us]")
    end = _utc_naive(sprints["end_date"]).to_numpy(dtype="datetime64[us]")
    if "complete_date" in sprints:
        complete = _utc_naive(sprints["complete_date"]).to_numpy(dtype="datetime64[us]")
        end = np.where(np.isnat(complete), end, complete)
    return list(zip(start, end))


class _SprintHistory:
    """Each item's Sprint field changes, in time order, for membership at a moment."""

    def __init__(self, changes: pd.DataFrame | None):
        self._by_key: dict[str, tuple[list, list, list]] = {}
        self._keys_by_sprint: dict[str, set[str]] = {}
        if changes is None or changes.empty:
            return
        at = _utc_naive(changes["changed_at"]).to_numpy(dtype="datetime64[us]")
        order = np.lexsort((at, changes["key"].to_numpy(dtype=object).astype(str)))
        keys = changes["key"].to_numpy(dtype=object)[order]
        befores = changes["from_sprints"].to_numpy(dtype=object)[order]
        afters = changes["to_sprints"].to_numpy(dtype=object)[order]
        for key, moment, before, after in zip(keys, at[order], befores, afters):
            if np.isnat(moment):
                continue
            before, after = _names(before), _names(after)
            times, froms, tos = self._by_key.setdefault(key, ([], [], []))
            times.append(moment)
            froms.append(before)
            tos.append(after)
            for name in before | after:
                self._keys_by_sprint.setdefault(name, set()).add(key)

    def mentions(self, name: str) -> bool:
        return name in self._keys_by_sprint

    def committed_and_final(self, name: str, listed: list, start, end, created: dict) -> tuple[list, list]:
        """The items in sprint `name` at `start` (created by then) and at `end`."""
        listed_now = set(listed)
        committed, final = [], []
        for key in sorted(listed_now | self._keys_by_sprint.get(name, set())):
            born = created.get(key, np.datetime64("NaT"))
            if self.in_sprint(key, name, start, key in listed_now) and not (not np.isnat(born) and born > start):
                committed.append(key)
            if self.in_sprint(key, name, end, key in listed_now):
                final.append(key)
        return committed, final

    def in_sprint(self, key: str, name: str, moment, listed_now: bool) -> bool:
        """In sprint `name` at `moment` (NaT: now): see the module docstring."""
        if key not in self._by_key or np.isnat(moment):
            return listed_now
        times, froms, tos = self._by_key[key]
        before = bisect_right(times, moment)
        return name in (tos[before - 1] if before else froms[0])


def _names(values) -> frozenset:
    if values is None or (isinstance(values, float) and np.isnan(values)):
        return frozenset()
    return frozenset(str(v) for v in values if v is not None)


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
