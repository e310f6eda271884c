"""Roadmap balance: where capacity goes, per team and period or release, against the target.

Definitions (the page's captions say the same in plain words):

* **Work** of an item is its story points (`by="points"`; an item without points counts as
  `default_points`) or 1 (`by="items"`).
* **Delivered** work is work resolved in the window `since..until` (calendar days of
  `resolved_day`, both ends included). Periods are cut at the window's edges:
  * `sprint`: two-week periods anchored on the Monday on or before `since` (not the teams'
    real sprint dates, which differ per team and are missing from many exports);
  * `month` / `quarter`: calendar months / quarters.
* **Share** of a category = the team's work in that category / the team's total work in
  that period (a fraction 0..1, rounded to 6 decimals). A team-period with no work (total 0) has no share: it has
  no rows, and its score is "no data" (NaN), never a division by zero.
* **Rows**: one per team, period and category that has work *or* a non-zero target share, so
  a category the team agreed to work on but did not shows share 0 and a negative drift.
* **Target share**: the team's target allocation normalised to sum 1; a team without its own
  target uses the `default` one (analysis.allocation.target_for).
* **Drift** `drift_pp` = (share - target_share) x 100, in percentage points, 1 decimal.
* **Balance score** = 100 x (1 - total variation distance) = 100 x (1 - half the sum over the
  six categories of |share - target_share|): 100 = exactly on target, 0 = no overlap.
* **Technical share** = share of debt + enabler + architecture + devops. A team is flagged
  when its technical share is below its technical target in `RUN_LENGTH` (3) consecutive
  periods; a period without delivered work is "no data" and breaks the run.
* **Planned** work = items open on the reference date that are assigned to a sprint whose
  state is `future` (sprints matched by name) or to an unreleased fix version (released is
  false, or the release date is after the reference date, or neither is known). Its release
  is the item's earliest unreleased fix version (by release date, then name), else
  "next sprints" (future sprints only).
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from analysis.allocation import balance_score, target_for, targets_on, work_weight
from analysis import periods
from analysis.periods import period_grid as period_grid_frame
from analysis.periods import AGE_BUCKETS, NO_TEAM, SPRINT_DAYS, age_bucket, period_start_days, period_starts, team_or_none  # noqa: F401 (re-exported)
from analysis.timeline import open_on
from config import CATEGORIES, TECHNICAL_CATEGORIES

PERIODS = ("sprint", "month", "quarter")
WEIGHTS = ("points", "items")
RUN_LENGTH = 3
NEXT_SPRINTS = "next sprints"

BALANCE_COLUMNS = ["period_start", "team", "category", "points", "items", "share", "target_share", "drift_pp"]
PLANNED_COLUMNS = ["release", "release_date", "team", "category", "points", "items", "share",
                   "target_share", "drift_pp"]
SCORE_COLUMNS = ["period_start", "team", "score"]
TECHNICAL_COLUMNS = ["period_start", "team", "technical_share", "technical_target", "below_target",
                     "periods_below_in_a_row", "flagged"]
FLAGGED_COLUMNS = ["team", "first_period", "last_period", "periods_below", "ongoing"]
BACKLOG_COLUMNS = ["category", "age_bucket", "items", "points", "unplanned_items", "unplanned_points"]
ITEM_COLUMNS = ["key", "team", "category", "category_source", "category_reason", "issue_type",
                "story_points", "points", "summary", "url"]


# ---------------------------------------------------------------- periods
def period_grid(since: date, until: date, period: str) -> pd.DatetimeIndex:
    """Every period start from the period holding `since` to the one holding `until`
    (analysis.periods, kept under this name for the callers that import it from here)."""
    return period_start_days(since, until, period)


# ---------------------------------------------------------------- delivered work
def delivered_items(issues: pd.DataFrame, since: date, until: date, period: str,
                    default_points: float) -> pd.DataFrame:
    """The items resolved in `since..until` with their period: the drill-down behind the charts.

    Columns: `period_start`, `resolved_day`, then ITEM_COLUMNS; `points` is the work counted
    (story points, or `default_points` where the item has none).
    """
    done = _resolved_between(issues, since, until)
    out = _item_frame(done, default_points)
    out.insert(0, "resolved_day", done["resolved_day"].astype("datetime64[us]").to_numpy())
    out.insert(0, "period_start", period_starts(done["resolved_day"], period, since).to_numpy())
    return out.sort_values(["period_start", "team", "resolved_day", "key"]).reset_index(drop=True)


def items_without_points(issues: pd.DataFrame, since: date, until: date) -> int:
    """How many items resolved in `since..until` have no story points (they count by default)."""
    return int(issues.loc[_delivered_in(issues, since, until), "story_points"].isna().sum())


def delivered_balance(issues: pd.DataFrame, since: date, until: date, period: str, by: str,
                      targets: dict, default_points: float, history: list[dict] | None = None) -> pd.DataFrame:
    """Share of delivered work per period, team and category against the target.

    One row per period_start, team, category (BALANCE_COLUMNS), for categories with work or
    a non-zero target; team-periods without work have no rows. See the module docstring.
    With a target `history` (config.load_target_history), each period is measured against
    the targets that applied on its last day (allocation.targets_on).
    """
    done = _resolved_between(issues, since, until)
    work = _work(done, by, default_points).assign(
        period_start=period_starts(done["resolved_day"], period, since).to_numpy())
    if not history or work.empty:
        return allocation_rows(work, ["period_start"], targets)[BALANCE_COLUMNS]
    # Each period against the targets that applied on its last day (a later change of a
    # target does not rewrite the drift of periods before it).
    ends = period_grid_frame(since, until, period).set_index("period_start")["period_end"]
    blocks = [allocation_rows(block, ["period_start"], targets_on(targets, history, ends[start].date()))
              for start, block in work.groupby("period_start", sort=True)]
    return pd.concat(blocks, ignore_index=True)[BALANCE_COLUMNS]


def balance_scores(balance: pd.DataFrame, since: date, until: date, period: str) -> pd.DataFrame:
    """Balance score per team and period from `delivered_balance` rows (SCORE_COLUMNS).

    Every period of the window appears for every team that delivered anything in it; a
    period without delivered work has score NaN ("no data"). Categories without rows have
    share 0 and target 0, so they add nothing to the distance.
    """
    grid = _team_grid(balance, since, until, period)
    if grid.empty:
        return _empty(SCORE_COLUMNS, {"period_start": "datetime64[us]", "team": "str", "score": "float64"})
    scores = {}
    for (start, team), rows in balance.groupby(["period_start", "team"], sort=False):
        shares = dict(zip(rows["category"], rows["share"]))
        target = dict(zip(rows["category"], rows["target_share"]))
        scores[(start, team)] = balance_score(shares, target)
    values = [scores.get((s, t), np.nan) for s, t in zip(grid["period_start"], grid["team"])]
    return grid.assign(score=pd.Series(values, dtype="float64"))[SCORE_COLUMNS]


def technical_shortfall(balance: pd.DataFrame, since: date, until: date, period: str,
                        run_length: int = RUN_LENGTH) -> pd.DataFrame:
    """Technical share against its target per team and period, and the runs below target.

    `technical_share` / `technical_target` sum debt, enabler, architecture and devops;
    `below_target` is True when the share is below the target; `periods_below_in_a_row`
    counts the consecutive periods below target ending at this one; `flagged` is True
    from the `run_length`-th such period on. A period without delivered work has NaN
    shares, is not below target and breaks the run.
    """
    grid = _team_grid(balance, since, until, period)
    if grid.empty:
        return _empty(TECHNICAL_COLUMNS, {"period_start": "datetime64[us]", "team": "str",
                                          "technical_share": "float64", "technical_target": "float64",
                                          "below_target": "bool", "periods_below_in_a_row": "int64",
                                          "flagged": "bool"})
    technical = balance[balance["category"].isin(TECHNICAL_CATEGORIES)]
    summed = technical.groupby(["period_start", "team"])[["share", "target_share"]].sum()
    has_work = balance[["period_start", "team"]].drop_duplicates().assign(_has=True)
    frame = grid.merge(has_work, on=["period_start", "team"], how="left")
    frame = frame.merge(summed.reset_index(), on=["period_start", "team"], how="left")
    worked = frame["_has"].fillna(False).astype(bool)
    share = frame["share"].fillna(0.0).where(worked, np.nan)
    target = frame["target_share"].where(worked, np.nan)
    # a team-period with work but no technical rows has target 0 for all technical categories
    target = target.fillna(0.0).where(worked, np.nan)
    below = worked & (share.round(6) < target.round(6))
    runs = below.groupby(frame["team"]).transform(_run_lengths).astype("int64")
    out = pd.DataFrame({
        "period_start": frame["period_start"], "team": frame["team"],
        "technical_share": share.round(4), "technical_target": target.round(4),
        "below_target": below.astype(bool), "periods_below_in_a_row": runs,
        "flagged": runs >= run_length,
    })
    return out[TECHNICAL_COLUMNS].reset_index(drop=True)


def flagged_teams(shortfall: pd.DataFrame, run_length: int = RUN_LENGTH) -> pd.DataFrame:
    """Teams whose technical share stayed below target `run_length` periods in a row.

    One row per team (its most recent such run): `first_period`, `last_period`,
    `periods_below` (the run's length) and `ongoing` (the run reaches the window's last period).
    """
    if shortfall.empty:
        return _empty(FLAGGED_COLUMNS, {"team": "str", "first_period": "datetime64[us]",
                                        "last_period": "datetime64[us]", "periods_below": "int64",
                                        "ongoing": "bool"})
    last_period = shortfall["period_start"].max()
    rows = []
    for team, frame in shortfall.sort_values("period_start").groupby("team", sort=True):
        runs = frame["periods_below_in_a_row"].tolist()
        starts = frame["period_start"].tolist()
        # the last position of each run: the run count drops (or the window ends) after it
        ends = [i for i, n in enumerate(runs) if n >= run_length and (i + 1 == len(runs) or runs[i + 1] == 0)]
        if not ends:
            continue
        end = ends[-1]
        length = runs[end]
        rows.append({"team": team, "first_period": starts[end - length + 1], "last_period": starts[end],
                     "periods_below": length, "ongoing": bool(starts[end] == last_period)})
    if not rows:
        return flagged_teams(shortfall.iloc[:0], run_length)
    return pd.DataFrame(rows, columns=FLAGGED_COLUMNS).astype(
        {"team": "str", "first_period": "datetime64[us]", "last_period": "datetime64[us]",
         "periods_below": "int64", "ongoing": "bool"})


# ---------------------------------------------------------------- planned work
def planned_items(issues: pd.DataFrame, sprints: pd.DataFrame, versions: pd.DataFrame,
                  reference_date: date, default_points: float) -> pd.DataFrame:
    """Open items on the roadmap, with the `release` they are planned for (see module docstring).

    Columns: `release`, `release_date` (NaT for "next sprints"), then ITEM_COLUMNS.
    """
    open_items = issues[open_on(issues, reference_date)]
    release = _planned_release(open_items, sprints, versions, reference_date)
    planned = open_items.loc[release.index]
    out = _item_frame(planned, default_points)
    out.insert(0, "release_date", release["release_date"].to_numpy())
    out.insert(0, "release", release["release"].to_numpy())
    return _sort_releases(out, ["team", "key"])


def planned_balance(issues: pd.DataFrame, sprints: pd.DataFrame, versions: pd.DataFrame,
                    reference_date: date, by: str, targets: dict, default_points: float) -> pd.DataFrame:
    """Share of planned work per release, team and category against the target.

    The same rows and columns as `delivered_balance`, per `release` (with its `release_date`)
    instead of per period; releases in date order, "next sprints" last.
    """
    open_items = issues[open_on(issues, reference_date)]
    release = _planned_release(open_items, sprints, versions, reference_date)
    planned = open_items.loc[release.index]
    work = _work(planned, by, default_points).assign(release=release["release"].to_numpy(),
                                                     release_date=release["release_date"].to_numpy())
    rows = allocation_rows(work, ["release", "release_date"], targets)
    return _sort_releases(rows[PLANNED_COLUMNS], ["team", "_category"])


# ---------------------------------------------------------------- open backlog
def backlog_composition(issues: pd.DataFrame, sprints: pd.DataFrame, versions: pd.DataFrame,
                        reference_date: date, default_points: float) -> pd.DataFrame:
    """The open backlog on the reference date by category and age (days since created).

    One row per category and age bucket that holds items (BACKLOG_COLUMNS); `points`
    counts items without points as `default_points`; the `unplanned_*` columns count the
    items that are in no future sprint and no unreleased fix version.
    """
    open_items = issues[open_on(issues, reference_date)]
    if open_items.empty:
        return _empty(BACKLOG_COLUMNS, {"category": "str", "age_bucket": "str", "items": "int64",
                                        "points": "float64", "unplanned_items": "int64",
                                        "unplanned_points": "float64"})
    planned = open_items.index.isin(_planned_release(open_items, sprints, versions, reference_date).index)
    age = (pd.Timestamp(reference_date) - open_items["created_day"]).dt.days
    frame = pd.DataFrame({
        "category": open_items["category"].to_numpy(),
        "age_bucket": age_bucket(age).to_numpy(),
        "items": 1,
        "points": work_weight(open_items, "points", default_points).to_numpy(),
        "unplanned": ~planned,
    })
    frame["unplanned_items"] = frame["unplanned"].astype("int64")
    frame["unplanned_points"] = frame["points"].where(frame["unplanned"], 0.0)
    out = frame.groupby(["category", "age_bucket"], as_index=False)[
        ["items", "points", "unplanned_items", "unplanned_points"]].sum()
    out["_c"] = out["category"].map(_category_order)
    out["_a"] = out["age_bucket"].map({b: i for i, b in enumerate(AGE_BUCKETS)})
    out = out.sort_values(["_c", "_a"]).drop(columns=["_c", "_a"]).reset_index(drop=True)
    return out.astype({"items": "int64", "unplanned_items": "int64", "points": "float64",
                       "unplanned_points": "float64"})[BACKLOG_COLUMNS]


# ---------------------------------------------------------------- shared core
def allocation_rows(work: pd.DataFrame, group: list[str], targets: dict) -> pd.DataFrame:
    """Shares per `group` columns + team + category against the team's target.

    `work` has the `group` columns, `team`, `category`, `points` (counted points),
    `items` (1 per item) and `weight` (what the shares are made of). Groups whose total
    weight is 0 get no rows; categories with no work but a non-zero target get share 0.
    """
    keys = group + ["team"]
    columns = keys + ["category", "points", "items", "share", "target_share", "drift_pp"]
    if work.empty:
        dtypes = {"team": "str", "category": "str", "points": "float64", "items": "int64",
                  "share": "float64", "target_share": "float64", "drift_pp": "float64"}
        dtypes.update({g: work[g].dtype if g in work else "object" for g in group})
        return _empty(columns, dtypes)
    summed = work.groupby(keys + ["category"], as_index=False, dropna=False)[["points", "items", "weight"]].sum()
    totals = summed.groupby(keys, dropna=False)["weight"].transform("sum")
    summed = summed[totals > 0]
    rows = []
    for key_values, block in summed.groupby(keys, sort=False, dropna=False):
        team = key_values[-1]
        target = target_for(team, targets)
        total = block["weight"].sum()
        by_category = block.set_index("category")
        for category in CATEGORIES:
            present = category in by_category.index
            if not present and target[category] <= 0:
                continue
            weight = float(by_category.at[category, "weight"]) if present else 0.0
            share = weight / total
            rows.append({**dict(zip(keys, key_values)), "category": category,
                         "points": float(by_category.at[category, "points"]) if present else 0.0,
                         "items": int(by_category.at[category, "items"]) if present else 0,
                         "share": round(share, 6), "target_share": round(target[category], 6),
                         "drift_pp": round((share - target[category]) * 100, 1)})
    out = pd.DataFrame(rows, columns=columns)
    out = out.astype({"points": "float64", "items": "int64", "share": "float64",
                      "target_share": "float64", "drift_pp": "float64"})
    out = out.assign(_c=out["category"].map(_category_order)).sort_values(keys + ["_c"], na_position="last")
    return out.drop(columns="_c").reset_index(drop=True)


def _work(items: pd.DataFrame, by: str, default_points: float) -> pd.DataFrame:
    if by not in WEIGHTS:
        raise ValueError(f"by must be one of {', '.join(WEIGHTS)}, not {by!r}")
    return pd.DataFrame({
        "team": _team(items).to_numpy(),
        "category": items["category"].to_numpy(),
        "points": work_weight(items, "points", default_points).to_numpy(dtype=float),
        "items": np.ones(len(items), dtype="int64"),
        "weight": work_weight(items, by, default_points).to_numpy(dtype=float),
    }, index=items.index)


def _item_frame(items: pd.DataFrame, default_points: float) -> pd.DataFrame:
    frame = items.assign(team=_team(items), points=work_weight(items, "points", default_points))
    for column in ITEM_COLUMNS:
        if column not in frame:
            frame[column] = None
    return frame[ITEM_COLUMNS].reset_index(drop=True)


def _resolved_between(issues: pd.DataFrame, since: date, until: date) -> pd.DataFrame:
    """Delivered work: resolved in the period, and not closed as dropped (periods.delivered)."""
    return issues[_delivered_in(issues, since, until)]


def _delivered_in(issues: pd.DataFrame, since: date, until: date) -> pd.Series:
    day = issues["resolved_day"]
    return (day >= pd.Timestamp(since)) & (day <= pd.Timestamp(until)) & periods.delivered(issues)


def _team(items: pd.DataFrame) -> pd.Series:
    return team_or_none(items["team"])


def _team_grid(balance: pd.DataFrame, since: date, until: date, period: str) -> pd.DataFrame:
    teams = sorted(balance["team"].unique().tolist()) if not balance.empty else []
    if not teams:
        return pd.DataFrame(columns=["period_start", "team"])
    grid = period_grid(since, until, period)
    index = pd.MultiIndex.from_product([teams, grid], names=["team", "period_start"])
    out = index.to_frame(index=False)[["period_start", "team"]]
    return out.astype({"period_start": "datetime64[us]", "team": "str"})


def _run_lengths(below: pd.Series) -> pd.Series:
    """For each position, how many True values in a row end there."""
    values = below.to_numpy(dtype=bool)
    out = np.zeros(len(values), dtype="int64")
    run = 0
    for i, flag in enumerate(values):
        run = run + 1 if flag else 0
        out[i] = run
    return pd.Series(out, index=below.index)


def _planned_release(open_items: pd.DataFrame, sprints: pd.DataFrame, versions: pd.DataFrame,
                     reference_date: date) -> pd.DataFrame:
    """`release` and `release_date` for the planned ones among `open_items` (indexed like them)."""
    empty = pd.DataFrame({"release": pd.Series([], dtype="str"),
                          "release_date": pd.Series([], dtype="datetime64[us]")})
    if open_items.empty:
        return empty
    unreleased = _unreleased_versions(versions, reference_date)
    fix = open_items[["project", "fix_versions"]].explode("fix_versions").dropna(subset=["fix_versions"])
    fix = fix.rename(columns={"fix_versions": "name"}).reset_index(names="_row")
    matched = fix.merge(unreleased, on="name", how="inner", suffixes=("", "_version"))
    if not matched.empty:
        # a version name known in several projects: the issue's own project's version counts
        matched["_own"] = matched["project"].astype("str") == matched["project_version"].astype("str")
        own_names = matched[matched["_own"]][["_row", "name"]].drop_duplicates().assign(_has_own=True)
        matched = matched.merge(own_names, on=["_row", "name"], how="left")
        matched = matched[matched["_own"] | matched["_has_own"].isna()]
        matched = matched[matched["unreleased"]]
    by_version = (matched.sort_values(["_row", "release_date", "name"], na_position="last")
                  .drop_duplicates("_row").set_index("_row")) if not matched.empty else None
    future = set(sprints.loc[sprints["state"].astype("str").str.lower() == "future", "name"]) if len(sprints) else set()
    in_future = open_items["sprints"].map(lambda names: _any_in(names, future)) if future else \
        pd.Series(False, index=open_items.index)
    out = pd.DataFrame(index=open_items.index)
    out["release"] = pd.Series(None, index=open_items.index, dtype="object")
    out["release_date"] = pd.Series(pd.NaT, index=open_items.index, dtype="datetime64[us]")
    if by_version is not None:
        out.loc[by_version.index, "release"] = by_version["name"].to_numpy()
        out.loc[by_version.index, "release_date"] = by_version["release_date"].to_numpy()
    only_sprint = out["release"].isna() & in_future.astype(bool)
    out.loc[only_sprint, "release"] = NEXT_SPRINTS
    out = out[out["release"].notna()]
    return out.astype({"release": "str", "release_date": "datetime64[us]"})


def _unreleased_versions(versions: pd.DataFrame, reference_date: date) -> pd.DataFrame:
    if versions is None or versions.empty:
        return pd.DataFrame({"name": pd.Series([], dtype="str"), "project": pd.Series([], dtype="str"),
                             "release_date": pd.Series([], dtype="datetime64[us]"),
                             "unreleased": pd.Series([], dtype="bool")})
    released = versions["released"].astype("boolean")
    release_date = pd.to_datetime(versions["release_date"]).astype("datetime64[us]")
    after = release_date > pd.Timestamp(reference_date)
    unknown = released.isna() & release_date.isna()
    unreleased = (released == False).fillna(False) | after.fillna(False) | unknown  # noqa: E712
    return pd.DataFrame({"name": versions["name"].astype("str").to_numpy(),
                         "project": versions["project"].fillna("").astype("str").to_numpy(),
                         "release_date": release_date.to_numpy(),
                         "unreleased": unreleased.astype(bool).to_numpy()})


def _any_in(names, wanted: set) -> bool:
    if names is None or (isinstance(names, float) and np.isnan(names)):
        return False
    return any(name in wanted for name in list(names))


def _sort_releases(frame: pd.DataFrame, then: list[str]) -> pd.DataFrame:
    """Releases by date (undated ones after), "next sprints" last; then the `then` columns."""
    order = frame.assign(_next=frame["release"] == NEXT_SPRINTS,
                         _category=frame["category"].map(_category_order))
    order = order.sort_values(["_next", "release_date", "release"] + then, na_position="last", kind="stable")
    return order.drop(columns=["_next", "_category"]).reset_index(drop=True)


def _category_order(category: str) -> int:
    return CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES)


def _empty(columns: list[str], dtypes: dict) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=dtypes.get(c, "object")) for c in columns})


TECHNICAL_PERIOD_COLUMNS = ["team", "work", "technical_work", "technical_share", "technical_target", "gap_pp"]
ALL_TEAMS = "all teams"


def technical_share_over_period(balance: pd.DataFrame, by: str) -> pd.DataFrame:
    """Technical share of the work delivered over the whole window, per team and for all
    teams together (the last row, team ALL_TEAMS), against the target.

    From `delivered_balance` rows; `work` is story points or items (`by`). A team's target
    is its periods' technical targets weighted by the work of each period (a target that
    differs per period counts where the work was done); all teams' target likewise.
    `gap_pp` = (share - target) x 100. Teams delivering nothing have no row.
    """
    dtypes = {"team": "str", "work": "float64", "technical_work": "float64", "technical_share": "float64",
              "technical_target": "float64", "gap_pp": "float64"}
    if balance.empty:
        return _empty(TECHNICAL_PERIOD_COLUMNS, dtypes)
    weight = "points" if by == "points" else "items"
    work = balance[weight].astype(float)
    technical = balance["category"].isin(TECHNICAL_CATEGORIES)
    rows = balance[["team", "period_start"]].assign(
        work=work, technical_work=work.where(technical, 0.0),
        technical_target=balance["target_share"].astype(float).where(technical, 0.0))
    per_period = rows.groupby(["team", "period_start"])[["work", "technical_work", "technical_target"]].sum() \
        .reset_index()
    per_period["_weighted_target"] = per_period["technical_target"] * per_period["work"]
    per_team = per_period.groupby("team", as_index=False)[["work", "technical_work", "_weighted_target"]].sum()
    total = per_team[["work", "technical_work", "_weighted_target"]].sum().to_frame().T.assign(team=ALL_TEAMS)
    out = pd.concat([per_team, total], ignore_index=True)
    out = out[out["work"] > 0]
    out["technical_share"] = (out["technical_work"] / out["work"]).round(4)
    out["technical_target"] = (out["_weighted_target"] / out["work"]).round(4)
    out["gap_pp"] = ((out["technical_share"] - out["technical_target"]) * 100).round(1)
    return out[TECHNICAL_PERIOD_COLUMNS].astype(dtypes).reset_index(drop=True)


TEAM_SHARE_COLUMNS = ["team", "category", "points", "items", "share", "target_share", "drift_pp"]


def shares_per_team(rows: pd.DataFrame, by: str) -> pd.DataFrame:
    """Each team's share per category of all its work in `rows`, against its target: the
    whole window of `delivered_balance` rows (every period together) or every release of
    `planned_balance` rows.

    Shares are of the team's own work (`points` or `items`, `by`). A category's target is
    its periods' (releases') target shares weighted by the team's work in each of them, so a
    target that changed counts where the work was done. Rows: categories with work or a
    non-zero target; teams with no work have none.
    """
    dtypes = {"team": "str", "category": "str", "points": "float64", "items": "int64", "share": "float64",
              "target_share": "float64", "drift_pp": "float64"}
    if rows.empty:
        return _empty(TEAM_SHARE_COLUMNS, dtypes)
    group = "period_start" if "period_start" in rows else "release"
    work = rows.assign(_weight=rows["points" if by == "points" else "items"].astype(float))
    work["_weighted_target"] = work["target_share"] * work.groupby(["team", group], dropna=False)["_weight"] \
        .transform("sum")
    summed = work.groupby(["team", "category"], as_index=False, dropna=False)[
        ["points", "items", "_weight", "_weighted_target"]].sum()
    team_work = summed.groupby("team")["_weight"].transform("sum")
    summed = summed[team_work > 0].assign(share=(summed["_weight"] / team_work).round(6),
                                          target_share=(summed["_weighted_target"] / team_work).round(6))
    summed = summed[(summed["items"] > 0) | (summed["target_share"] > 0)]
    summed["drift_pp"] = ((summed["share"] - summed["target_share"]) * 100).round(1)
    summed = summed.assign(_c=summed["category"].map(_category_order)).sort_values(["team", "_c"])
    return summed[TEAM_SHARE_COLUMNS].astype(dtypes).reset_index(drop=True)


def team_to_watch(over_period: pd.DataFrame, flagged: pd.DataFrame) -> str | None:
    """The team a reader should look at first: the one below its technical target for the
    longest run still going on (flagged_teams), else the longest run that ended, else the
    team furthest below its target over the whole window (technical_share_over_period);
    never "(no team)". None when no team delivered anything."""
    flagged = flagged[flagged["team"] != NO_TEAM]
    if not flagged.empty:
        first = flagged.sort_values(["ongoing", "periods_below", "team"], ascending=[False, False, True])
        return str(first["team"].iloc[0])
    teams = over_period[~over_period["team"].isin([NO_TEAM, ALL_TEAMS])]
    if teams.empty:
        return None
    return str(teams.sort_values(["gap_pp", "team"])["team"].iloc[0])
