"""How work flows: when each item was committed to and finished, cycle and lead time,
throughput, cumulative flow and ageing work in progress.

Definitions (the page and the CLI help quote the constants below):

* A status's category (todo / in_progress / done) is the one settings.toml
  `[status_categories]` gives it, else the category the export states for issues now in
  that status, else todo (`status_categories_of`).
* Commitment point: the first move into an in-progress status, or, when a commitment
  status is named (`[workflow] commitment_status`, `--commitment`), the first move into
  that status; an item that skips it takes the time of the first move into any status of
  a later category (the next stage it enters, as jira-agile-metrics does).
* Done: the first move into a done status after which the item never left done (a
  reopened item uses its last); items without status history use their resolved day.
* Cycle time = done day - commitment day; lead time = done day - created day, in calendar
  days. An item that reaches done without passing the commitment point has cycle time 0.
* Finished work (cycle time, throughput, the forecasts' samples) counts only delivered
  items: one closed as Won't Do, Not planned or Canceled (periods.delivered) is done, so
  neither open nor in progress, but it delivered nothing.
* Weeks run Monday to Sunday; months are calendar months (`period_start`).
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from analysis.periods import delivered

CATEGORY_ORDER = {"todo": 0, "in_progress": 1, "done": 2}
PERCENTILES = (50, 85, 95)
PERIODS = ("week", "sprint", "month")
CFD_BY = ("status", "category")
FLOW_COLUMNS = ["key", "committed_at", "done_at"]
CYCLE_COLUMNS = ["key", "team", "category", "issue_type", "committed_at", "done_at", "cycle_days", "lead_days"]
PERCENTILE_COLUMNS = ["percentile", "cycle_days", "lead_days", "items"]
THROUGHPUT_COLUMNS = ["period_start", "team", "items", "points"]
CFD_COLUMNS = ["day", "stage", "items"]
WIP_COLUMNS = ["key", "team", "status", "started", "age_days", "percentile_band"]
NO_TEAM = "(no team)"
NO_HISTORY = "(no status history)"


# ---------------------------------------------------------------- statuses
def status_categories_of(statuses, issues: pd.DataFrame, mapping: dict[str, str]) -> dict[str, str]:
    """Category of every status name in `statuses` (see the module docstring)."""
    stated = {}
    if len(issues):
        known = issues.dropna(subset=["status"])
        stated = known.groupby("status")["status_category"].agg(lambda s: s.mode().iat[0]).to_dict()
    result = {}
    for name in pd.unique(pd.Series(list(statuses), dtype="str").dropna()):
        result[name] = mapping.get(str(name).strip().lower()) or stated.get(name) or "todo"
    return result


def commitment_statuses(categories: dict[str, str], commitment: str | None) -> set[str]:
    """The statuses at or past the commitment point: entering any of them commits the item."""
    if not commitment:
        return {s for s, c in categories.items() if CATEGORY_ORDER[c] >= CATEGORY_ORDER["in_progress"]}
    named = {s for s in categories if s.strip().lower() == commitment.strip().lower()}
    rank = max((CATEGORY_ORDER[categories[s]] for s in named), default=CATEGORY_ORDER["in_progress"] - 1)
    return named | {s for s, c in categories.items() if CATEGORY_ORDER[c] > rank}


# ---------------------------------------------------------------- item flow
def item_flow(issues: pd.DataFrame, status_changes: pd.DataFrame, categories: dict[str, str],
              commitment: str | None = None, moves=None) -> pd.DataFrame:
    """Per issue, in the order of `issues`: `key, committed_at, done_at` (calendar days, NaT
    when not reached).

    Needs `key, resolved_day` on `issues` (timeline.prepare). Done items without any
    status history take their resolved day and no commitment day. `moves`: the result of
    `ordered_moves(issues, status_changes)` when the caller has it already. Vectorised over integer
    positions (no grouping on key strings): a million items with four changes each take
    about a second.
    """
    n = len(issues)
    committed = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    done = committed.copy()
    with_history = np.zeros(n, dtype=bool)
    moves = ordered_moves(issues, status_changes) if moves is None else moves
    if moves is not None:
        item, day, status, _, names = moves
        commit_names = commitment_statuses(categories, commitment)
        is_commit = np.isin(names, list(commit_names))[status]
        is_done = np.array([categories.get(s) == "done" for s in names], dtype=bool)[status]
        group_start = np.flatnonzero(np.r_[True, item[1:] != item[:-1]])
        group_end = np.r_[group_start[1:], len(item)] - 1
        with_history[item[group_start]] = True
        # first move into a committed status per item
        commit_rows = np.flatnonzero(is_commit)
        first = commit_rows[np.r_[True, item[commit_rows][1:] != item[commit_rows][:-1]]] if len(commit_rows) else commit_rows
        committed[item[first]] = day[first]
        # done: the item's last move went into done; the final done run starts after its last
        # move into a status that is not done (or at its first move when there is none).
        finished = is_done[group_end]
        last_not_done = np.full(n, -1, dtype=np.int64)
        open_rows = np.flatnonzero(~is_done)
        if len(open_rows):
            last_rows = open_rows[np.r_[item[open_rows][1:] != item[open_rows][:-1], True]]
            last_not_done[item[last_rows]] = last_rows
        items_done = item[group_end][finished]
        run_start = np.where(last_not_done[items_done] >= 0, last_not_done[items_done] + 1,
                             group_start[finished])
        done[items_done] = day[run_start]
    resolved = issues["resolved_day"].to_numpy(dtype="datetime64[us]")
    no_history_done = ~with_history & ~np.isnat(resolved)
    done[no_history_done] = resolved[no_history_done]
    # Reaching done without the commitment point: committed the day it was done (cycle 0).
    skipped = np.isnat(committed) & ~np.isnat(done) & with_history
    committed[skipped] = done[skipped]
    late = ~np.isnat(committed) & ~np.isnat(done) & (committed > done)
    committed[late] = done[late]
    return pd.DataFrame({"key": issues["key"].to_numpy(), "committed_at": committed, "done_at": done})


def ordered_moves(issues: pd.DataFrame, status_changes: pd.DataFrame):
    """The status changes of `issues` as arrays sorted by item then time: item position in
    `issues`, calendar day, to-status and from-status codes, and the status names (None
    when there are none)."""
    if not len(status_changes) or not len(issues):
        return None
    # One factorisation of both key columns (pyarrow's dictionary encoding): far cheaper
    # than a hash lookup of a million strings through numpy objects.
    n = len(issues)
    codes, uniques = pd.factorize(pd.concat([issues["key"], status_changes["key"]], ignore_index=True))
    position = np.full(len(uniques), -1, dtype=np.int64)
    position[codes[:n]] = np.arange(n)
    item = position[codes[n:]]
    keep = item >= 0
    if not keep.any():
        return None
    at = _naive(status_changes["changed_at"]).to_numpy(dtype="datetime64[us]")[keep]
    item = item[keep]
    m = len(status_changes)
    codes, names = pd.factorize(pd.concat([status_changes["to_status"], status_changes["from_status"]],
                                          ignore_index=True), use_na_sentinel=False)
    status, before = codes[:m][keep], codes[m:][keep]
    order = np.argsort(item, kind="stable")
    at_sorted, item_sorted = at[order], item[order]
    if not np.all((item_sorted[1:] != item_sorted[:-1]) | (at_sorted[1:] >= at_sorted[:-1])):
        # not in time order within an item (the workspace reads them in order): sort by time first
        by_time = np.argsort(at, kind="stable")
        order = by_time[np.argsort(item[by_time], kind="stable")]
    item, at, status, before = item[order], at[order], status[order], before[order]
    day = at.astype("datetime64[D]").astype("datetime64[us]")
    return item, day, status, before, np.asarray(names, dtype=object)


def with_flow(issues: pd.DataFrame, flow: pd.DataFrame) -> pd.DataFrame:
    """`issues` with `committed_at` and `done_at` from `item_flow` (same row order)."""
    return issues.assign(committed_at=flow["committed_at"].to_numpy(), done_at=flow["done_at"].to_numpy())


# ---------------------------------------------------------------- cycle time
def cycle_times(issues: pd.DataFrame, since: date, until: date) -> pd.DataFrame:
    """One row per item done within since..until (issues carry `committed_at`, `done_at`),
    in order of done day (then the order of `issues`)."""
    rows = _finished(issues, since, until)
    done = issues["done_at"].to_numpy(dtype="datetime64[us]")
    rows = rows[np.argsort(done[rows], kind="stable")]
    committed = issues["committed_at"].to_numpy(dtype="datetime64[us]")[rows]
    created = issues["created_day"].to_numpy(dtype="datetime64[us]")[rows]
    return pd.DataFrame({
        "key": issues["key"].take(rows).array,
        "team": issues["team"].take(rows).fillna(NO_TEAM).array,
        "category": issues["category"].take(rows).array,
        "issue_type": issues["issue_type"].take(rows).array,
        "committed_at": committed,
        "done_at": done[rows],
        "cycle_days": (done[rows] - committed) / np.timedelta64(1, "D"),
        "lead_days": (done[rows] - created) / np.timedelta64(1, "D"),
    }, columns=CYCLE_COLUMNS)


def _finished(issues: pd.DataFrame, since: date, until: date) -> np.ndarray:
    """Positions of the delivered items done within since..until."""
    done = issues["done_at"].to_numpy(dtype="datetime64[us]")
    first, last = np.datetime64(pd.Timestamp(since).date(), "us"), np.datetime64(pd.Timestamp(until).date(), "us")
    return np.flatnonzero(~np.isnat(done) & (done >= first) & (done <= last) & delivered(issues).to_numpy())


def cycle_percentiles(cycles: pd.DataFrame) -> pd.DataFrame:
    """Cycle and lead time at the 50th, 85th and 95th percentile (linear interpolation).

    `items` counts the items with a cycle time (those that passed the commitment point).
    """
    cycle = cycles["cycle_days"].dropna().astype(float)
    lead = cycles["lead_days"].dropna().astype(float)
    rows = [{"percentile": p,
             "cycle_days": float(np.percentile(cycle, p)) if len(cycle) else np.nan,
             "lead_days": float(np.percentile(lead, p)) if len(lead) else np.nan,
             "items": int(len(cycle))} for p in PERCENTILES]
    return pd.DataFrame(rows, columns=PERCENTILE_COLUMNS)


def cycle_by_category(cycles: pd.DataFrame) -> pd.DataFrame:
    """Median and 85th percentile cycle time per work category (slowest first)."""
    grouped = cycles.dropna(subset=["cycle_days"]).groupby("category")["cycle_days"]
    table = pd.DataFrame({"items": grouped.size(), "median_cycle_days": grouped.median(),
                          "p85_cycle_days": grouped.quantile(0.85)}).reset_index()
    return table.sort_values(["median_cycle_days", "category"], ascending=[False, True], ignore_index=True)


# ---------------------------------------------------------------- throughput
def period_start(days: pd.Series, period: str) -> pd.Series:
    """The first day of the week (Monday) or calendar month each day falls in."""
    days = pd.to_datetime(days).astype("datetime64[us]")
    if period == "week":
        return (days - pd.to_timedelta(days.dt.day_of_week, unit="D")).astype("datetime64[us]")
    if period == "month":
        return days.dt.to_period("M").dt.start_time.astype("datetime64[us]")
    raise ValueError(f"period must be week or month, not {period!r}")


def throughput(issues: pd.DataFrame, since: date, until: date, period: str, default_points: float,
               sprints: pd.DataFrame | None = None) -> pd.DataFrame:
    """Items and points done per period and team. Week and month: every period of the range
    for every team with items (zeros included). Sprint: each team's own tracker sprints,
    an item counting in the sprint whose start..end (complete date if earlier) holds its done day."""
    rows = _finished(issues, since, until)
    cycles = pd.DataFrame({"key": issues["key"].take(rows).array,
                           "team": issues["team"].take(rows).fillna(NO_TEAM).array,
                           "done_at": issues["done_at"].to_numpy(dtype="datetime64[us]")[rows],
                           "points": issues["story_points"].take(rows).astype(float).fillna(default_points).to_numpy()})
    if period == "sprint":
        return _sprint_throughput(cycles, sprints if sprints is not None else pd.DataFrame(), issues)
    if cycles.empty:
        return _empty(THROUGHPUT_COLUMNS, period_start="datetime64[us]", team="str", items="int64", points="float64")
    cycles = cycles.assign(period_start=period_start(cycles["done_at"], period))
    counted = cycles.groupby(["period_start", "team"]).agg(items=("key", "size"), points=("points", "sum"))
    starts = pd.DatetimeIndex(pd.unique(period_start(pd.Series(pd.date_range(since, until, freq="D")), period)))
    grid = pd.MultiIndex.from_product([starts, sorted(cycles["team"].unique())], names=["period_start", "team"])
    table = counted.reindex(grid, fill_value=0).reset_index()
    return table.astype({"items": "int64", "points": "float64"})[THROUGHPUT_COLUMNS]


def _sprint_throughput(cycles: pd.DataFrame, sprints: pd.DataFrame, issues: pd.DataFrame) -> pd.DataFrame:
    if cycles.empty or sprints.empty:
        return _empty(THROUGHPUT_COLUMNS, period_start="datetime64[us]", team="str", items="int64", points="float64")
    rows = []
    started = sprints.dropna(subset=["start_date"])
    for sprint, team in zip(started.itertuples(), sprint_teams(started, issues)):
        start, end = sprint_days(sprint)
        mine = cycles[(cycles["team"] == team) & (cycles["done_at"] >= start) & (cycles["done_at"] <= end)]
        rows.append({"period_start": start, "team": team, "items": len(mine), "points": float(mine["points"].sum())})
    table = pd.DataFrame(rows, columns=THROUGHPUT_COLUMNS)
    return table.sort_values(["period_start", "team"], ignore_index=True).astype({"period_start": "datetime64[us]"})


def sprint_teams(sprints: pd.DataFrame, issues: pd.DataFrame) -> list[str]:
    """The team of each sprint: its own, else the most common team of the issues listing it
    (sprint names are unique per board), else its board."""
    listed = pd.DataFrame({"team": issues["team"].to_numpy(), "sprint": issues["sprints"].to_numpy()})
    listed = listed.explode("sprint").dropna()
    usual = listed.groupby("sprint")["team"].agg(lambda t: t.mode().iat[0]) if len(listed) else pd.Series(dtype="str")
    teams = []
    for sprint in sprints.itertuples():
        if isinstance(sprint.team, str) and sprint.team:
            teams.append(sprint.team)
        else:
            teams.append(usual.get(sprint.name, sprint.board or NO_TEAM))
    return teams


def sprint_days(sprint) -> tuple[pd.Timestamp, pd.Timestamp]:
    """A tracker sprint's first and last calendar day (its complete date when it closed early)."""
    start = _to_day(sprint.start_date)
    end = _to_day(sprint.end_date)
    complete = _to_day(getattr(sprint, "complete_date", None))
    if complete is not pd.NaT and (end is pd.NaT or complete < end):
        end = complete
    return start, end


def sprint_start_day(sprints: pd.DataFrame) -> pd.Series:
    """Each sprint's first calendar day (naive)."""
    return _day(sprints["start_date"])


def daily_throughput(issues: pd.DataFrame, first: date, last: date, default_points: float) -> pd.DataFrame:
    """Items and points delivered on each day first..last (zeros included): the forecast's samples."""
    days = pd.date_range(first, last, freq="D").astype("datetime64[us]")
    done_at = issues["done_at"].to_numpy(dtype="datetime64[us]")
    rows = np.flatnonzero(~np.isnat(done_at) & (done_at >= np.datetime64(pd.Timestamp(first), "us"))
                          & (done_at <= np.datetime64(pd.Timestamp(last), "us")) & delivered(issues).to_numpy(bool))
    # Only the two columns needed, on a day grid: no filtering of the whole issues frame.
    slot = (done_at[rows] - days[0].to_datetime64()) // np.timedelta64(1, "D") if len(days) else rows
    points = issues["story_points"].to_numpy(dtype=float, na_value=np.nan)[rows]
    points = np.where(np.isnan(points), float(default_points), points)
    items = np.bincount(slot, minlength=len(days))[:len(days)].astype("int64")
    weights = np.bincount(slot, points, minlength=len(days))[:len(days)].astype(float)
    return pd.DataFrame({"day": days, "items": items, "points": weights})


# ---------------------------------------------------------------- cumulative flow
def cumulative_flow(issues: pd.DataFrame, status_changes: pd.DataFrame, categories: dict[str, str],
                    since: date, until: date, by: str = "status", moves=None) -> pd.DataFrame:
    """Items in each stage at the end of every day since..until (stacked: the cumulative flow).

    A stage is a status (`by="status"`) or a status category. An item is in its first
    status from its created day (the `from` status of its first change, else its current
    status), then in each status it moved to. Without history, a finished item counts in
    NO_HISTORY (a todo stage) until its resolved day, then in its current status. Stages
    are ordered todo, in progress, done.
    """
    if by not in CFD_BY:
        raise ValueError(f"by must be status or category, not {by!r}")
    days = pd.date_range(since, until, freq="D").astype("datetime64[us]")
    if issues.empty or len(days) == 0:
        return _empty(CFD_COLUMNS, day="datetime64[us]", stage="str", items="int64")
    n = len(issues)
    # Every stage is handled as an integer code into `vocabulary` (status names, then
    # NO_HISTORY): no per-span strings, no string hashing of hundreds of thousands of spans.
    current_code, current_names = pd.factorize(issues["status"].fillna("(no status)").astype("str"))
    created = issues["created_day"].to_numpy(dtype="datetime64[us]")
    resolved = issues["resolved_day"].to_numpy(dtype="datetime64[us]")
    moves = ordered_moves(issues, status_changes) if moves is None else moves
    move_names = [] if moves is None else [("(no status)" if v is None or v != v else str(v)) for v in moves[4]]
    vocabulary = list(dict.fromkeys([*move_names, *map(str, current_names), NO_HISTORY]))
    index_of = {name: i for i, name in enumerate(vocabulary)}
    current = np.array([index_of[str(name)] for name in current_names], dtype=np.int64)[current_code]
    if moves is None:
        item = np.array([], dtype=np.int64)
        day = np.array([], dtype="datetime64[us]")
        to_code = before_code = np.array([], dtype=np.int64)
    else:
        item, day, status, before, _ = moves
        move_code = np.array([index_of[name] for name in move_names], dtype=np.int64)
        to_code, before_code = move_code[status], move_code[before]
    first_row = np.flatnonzero(np.r_[True, item[1:] != item[:-1]]) if len(item) else np.array([], dtype=np.int64)
    initial = current.copy()
    no_history = ~np.isnat(resolved)
    no_history[item[first_row]] = False
    initial[no_history] = index_of[NO_HISTORY]
    initial[item[first_row]] = before_code[first_row]
    late_items = np.flatnonzero(no_history)
    # Spans: (item, first day, stage) in item-then-time order; each lasts until the next one.
    # Concatenated as initial, moves (item then time), late: a stable sort on the item keeps
    # that order within each item (and merges three sorted runs: cheap).
    span_item = np.concatenate([np.arange(n), item, late_items])
    span_day = np.concatenate([created, day, resolved[late_items]])
    span_code = np.concatenate([initial, to_code, current[late_items]])
    order = np.argsort(span_item, kind="stable")
    span_item, span_day, span_code = span_item[order], span_day[order], span_code[order]
    same_next = np.r_[span_item[1:] == span_item[:-1], False]
    next_day = np.r_[span_day[1:], np.datetime64("NaT", "us")]
    if by == "category":
        vocabulary = [categories.get(s, "todo") for s in vocabulary]
    stage_code, stage_names = pd.factorize(np.array(vocabulary, dtype=object)[pd.unique(span_code)])
    stage_names = list(stage_names)
    to_stage = np.zeros(len(vocabulary), dtype=np.int64)
    to_stage[pd.unique(span_code)] = stage_code
    lookup = {"status": {**categories, NO_HISTORY: "todo"}, "category": {}}[by]
    ordered = _stage_order(stage_names, lookup, by)
    remap = np.array([ordered.index(s) for s in stage_names], dtype=np.int64)
    stage_code = remap[to_stage[span_code]]
    first_day = days[0].to_datetime64()
    n_days = len(days)
    valid = ~np.isnat(span_day)
    start_i = np.where(valid, (np.where(valid, span_day, first_day) - first_day) // np.timedelta64(1, "D"), n_days)
    ends = same_next & ~np.isnat(next_day)
    end_i = np.where(ends, (np.where(ends, next_day, first_day) - first_day) // np.timedelta64(1, "D"), n_days)
    start_i, end_i = np.clip(start_i, 0, n_days).astype(np.int64), np.clip(end_i, 0, n_days).astype(np.int64)
    end_i = np.maximum(end_i, start_i)
    width = n_days + 1
    delta = (np.bincount(stage_code * width + start_i, minlength=len(ordered) * width)
             - np.bincount(stage_code * width + end_i, minlength=len(ordered) * width)).reshape(len(ordered), width)
    counts = np.cumsum(delta, axis=1)[:, :n_days]
    return pd.DataFrame({"day": np.tile(days.to_numpy(), len(ordered)),
                         "stage": pd.array(np.repeat(np.array(ordered, dtype=object), n_days), dtype="str"),
                         "items": counts.reshape(-1)})


def _stage_order(stages, categories: dict[str, str], by: str) -> list[str]:
    if by == "category":
        return sorted(stages, key=lambda s: CATEGORY_ORDER.get(s, 0))
    return sorted(stages, key=lambda s: (CATEGORY_ORDER[categories.get(s, "todo")], s))


# ---------------------------------------------------------------- ageing WIP
def ageing_wip(issues: pd.DataFrame, percentiles: pd.DataFrame, until: date) -> pd.DataFrame:
    """Items past the commitment point and not done at `until`, oldest first, each placed
    against the cycle-time percentiles ("< 50th", "50th-85th", "85th-95th", "> 95th")."""
    day = np.datetime64(pd.Timestamp(until), "us")
    started = issues["committed_at"].to_numpy(dtype="datetime64[us]")
    done = issues["done_at"].to_numpy(dtype="datetime64[us]")
    # Positions, then only the columns shown: filtering the whole frame copies every column.
    rows = np.flatnonzero(~np.isnat(started) & (started <= day) & (np.isnat(done) | (done > day)))
    age = pd.Series((day - started[rows]) // np.timedelta64(1, "D"), dtype="int64")
    table = pd.DataFrame({"key": issues["key"].take(rows).array,
                          "team": issues["team"].take(rows).fillna(NO_TEAM).array,
                          "status": issues["status"].take(rows).array,
                          "started": started[rows],
                          "age_days": age.to_numpy(),
                          "percentile_band": percentile_band(age, percentiles).to_numpy()}, columns=WIP_COLUMNS)
    return table.sort_values(["age_days", "key"], ascending=[False, True], ignore_index=True)


def percentile_band(ages: pd.Series, percentiles: pd.DataFrame) -> pd.Series:
    """Where each age falls against the cycle-time percentiles (no history: "no cycle times")."""
    limits = percentiles.set_index("percentile")["cycle_days"] if len(percentiles) else pd.Series(dtype=float)
    if limits.isna().all() or not len(limits):
        return pd.Series("no cycle times", index=ages.index, dtype="str")
    bands = np.select([ages <= limits[50], ages <= limits[85], ages <= limits[95]],
                      ["< 50th", "50th-85th", "85th-95th"], "> 95th")
    return pd.Series(bands, index=ages.index, dtype="str")


# ---------------------------------------------------------------- helpers
def _naive(values: pd.Series) -> pd.Series:
    """Timestamps as naive UTC (microseconds)."""
    series = pd.to_datetime(values)
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_convert("UTC").dt.tz_localize(None)
    return series.astype("datetime64[us]")


def _day(values: pd.Series) -> pd.Series:
    return _naive(values).dt.normalize()


def _to_day(value) -> pd.Timestamp:
    if value is None or pd.isna(value):
        return pd.NaT
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp.normalize()


def _empty(columns: list[str], **dtypes: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, "str")) for c in columns})
