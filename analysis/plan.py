"""Plan: which technical item to schedule first, and the program board that shows it landing
ahead of (or behind) the business work that waits on it.

Definitions (the Plan page builds its captions from the constants here and config.PlanWeights):

- **Technical item**: an open item of category debt, enabler, architecture or devops
  (config.TECHNICAL_CATEGORIES). **Business item**: an open feature or defect.
- **Waiting on it**: the open `blocks` links of analysis.dependencies.open_blocks, followed
  directly and transitively (analysis.graph.descendant_pairs): each item once, however many
  paths lead to it, cycles included; a key outside the export passes the chain on but is
  never counted itself.
- **Planned date** of an item: the first it has of its sprint end, its fix version's release
  date, its due date (analysis.dependencies.planned_dates finds the three).
- **earliest_needed**: the earliest planned date among the business items waiting on a
  technical item; **planned_for** its own; **late_by_days** = planned_for - earliest_needed,
  0 when on time, empty when either is unknown.
- **defect_interest**: defects created in the `INTEREST_WINDOW_DAYS` up to the day in the
  item's components (any of them), or in its epic when it has no component.
- **Rank**: a score, the sum of each PlanWeights weight times its number; ties go to more
  business items unblocked, then later, then more defect interest, then older, then key.
- **Slot** of an item on the program board: its sprint (the tracker's own, when the sprint
  has dates), else its fix version (a release runs from the day after the previous release),
  else the month of its due date; "not planned" otherwise. A **conflict** is an item whose
  slot ends before the slot of one of its open blockers.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from analysis import graph
from analysis.allocation import target_for
from analysis.debt import INTEREST_WINDOW_DAYS, area_values
from analysis.dependencies import planned_dates
from analysis.headlines.base import date_text
from analysis.keys import member
from analysis.periods import period_label
from analysis.timeline import open_on
from config import TECHNICAL_CATEGORIES, PlanWeights

BUSINESS_CATEGORIES = ("feature", "defect")
NOT_PLANNED = "not planned"
DEFAULT_SPRINT_DAYS = 14
NO_TEAM = "(no team)"

PRIORITY_COLUMNS = ["rank", "key", "summary", "team", "category", "business_items_unblocked",
                    "business_points_unblocked", "teams_waiting", "earliest_needed", "planned_for",
                    "late_by_days", "defect_interest", "age_days", "why"]
# Kept beside the public columns for the headline sentences and the page.
PRIORITY_DETAIL_COLUMNS = ["needed_by", "features_unblocked", "defects_unblocked", "waiting_item_teams", "score"]
BOARD_COLUMNS = ["team", "slot", "slot_start", "slot_end", "key", "summary", "category", "points",
                 "blocked_by", "blocker_slot", "conflict"]
CAPACITY_COLUMNS = ["team", "slot", "slot_start", "slot_end", "technical_points", "functional_points",
                    "planned_points", "velocity", "capacity_points", "over_capacity", "over_by_points",
                    "target_technical_share", "technical_share", "not_fitting"]
VELOCITY_COLUMNS = ["team", "end_date", "completed_points"]


def rank_rule(weights: PlanWeights) -> str:
    """How the rank is made, in words, from the weights in use (the page shows it)."""
    return (f"Score = {weights.business_items:g} × open features and defects waiting on the item "
            f"(directly or through a chain of blocks links) + {weights.late_per_30_days:g} × days it is planned "
            f"after the first of them needs it ÷ 30 + {weights.defect_interest:g} × defects created in its "
            f"component (or epic) in the last {INTEREST_WINDOW_DAYS} days + {weights.age_per_year:g} × its age "
            "in days ÷ 365. Highest score first; ties go to more business items, then later, more defects, older.")


def item_plans(issues: pd.DataFrame, sprints: pd.DataFrame, versions: pd.DataFrame) -> pd.DataFrame:
    """planned_dates of `issues` plus `planned` (the first of sprint end, release date, due date)."""
    plans = planned_dates(issues, sprints, versions)
    planned = plans["sprint_end"].fillna(plans["fix_version_date"]).fillna(plans["due"])
    return plans.assign(planned=planned.astype("datetime64[us]"))


# ---------------------------------------------------------------- 1. technical priorities
def technical_priorities(issues: pd.DataFrame, open_links: pd.DataFrame, sprints: pd.DataFrame,
                         versions: pd.DataFrame, day: date, weights: PlanWeights = PlanWeights(),
                         default_points: float = 1.0, keys=None) -> pd.DataFrame:
    """The open technical items ranked by what doing them would unlock (module docstring).

    `issues` are all issues (prepared and classified); `keys`, when given, limits the ranked
    technical items to those keys (the business items waiting on them may be anywhere).
    Columns PRIORITY_COLUMNS then PRIORITY_DETAIL_COLUMNS.
    """
    columns = PRIORITY_COLUMNS + PRIORITY_DETAIL_COLUMNS
    technical, waiting = _business_waiting(issues, open_links, day, keys)
    if technical.empty:
        return _empty_priorities()
    plans = item_plans(issues[member(issues["key"], set(technical["key"]) | set(waiting["key"]))],
                       sprints, versions).set_index("key")["planned"]
    waiting = waiting.assign(planned=_looked_up(waiting["key"], plans),
                             points=waiting["story_points"].astype(float).fillna(default_points),
                             team=_teams(waiting["team"]))
    own_team = dict(zip(technical["key"], _teams(technical["team"])))

    per_item = waiting.groupby("source", sort=False)
    summary = pd.DataFrame({
        "business_items_unblocked": per_item.size(),
        "business_points_unblocked": per_item["points"].sum(),
        "features_unblocked": (waiting["category"] == "feature").astype("int64").groupby(waiting["source"]).sum(),
        "earliest_needed": per_item["planned"].min(),
    })
    by_need = waiting.dropna(subset=["planned"]).sort_values(["planned", "key"], kind="stable")
    summary["needed_by"] = by_need.drop_duplicates("source").set_index("source")["key"]
    summary["waiting_item_teams"] = pd.Series(_grouped_lists(waiting["source"], waiting["team"]), dtype=object)

    out = technical[["key", "summary", "team", "category", "created_day"]].assign(team=_teams(technical["team"]))
    out = out.merge(summary, left_on="key", right_index=True, how="left")
    out["business_items_unblocked"] = out["business_items_unblocked"].fillna(0).astype("int64")
    out["features_unblocked"] = out["features_unblocked"].fillna(0).astype("int64")
    out["defects_unblocked"] = out["business_items_unblocked"] - out["features_unblocked"]
    out["business_points_unblocked"] = out["business_points_unblocked"].fillna(0.0).astype(float).round(2)
    out["waiting_item_teams"] = [t if isinstance(t, list) else [] for t in out["waiting_item_teams"]]
    out["teams_waiting"] = [[t for t in teams if t != own_team[k]]
                            for k, teams in zip(out["key"], out["waiting_item_teams"])]
    out["earliest_needed"] = out["earliest_needed"].astype("datetime64[us]")
    out["planned_for"] = _looked_up(out["key"], plans)
    late = (out["planned_for"] - out["earliest_needed"]).dt.days
    out["late_by_days"] = pd.array(late.clip(lower=0), dtype="Int64")
    out["defect_interest"] = defect_interest(technical, issues, day).to_numpy()
    out["age_days"] = (pd.Timestamp(day) - out["created_day"]).dt.days.astype("int64")
    out["score"] = (weights.business_items * out["business_items_unblocked"]
                    + weights.late_per_30_days * out["late_by_days"].fillna(0).astype(float) / 30
                    + weights.defect_interest * out["defect_interest"]
                    + weights.age_per_year * out["age_days"] / 365).round(4)
    out = out.assign(_late=out["late_by_days"].fillna(-1).astype("int64"))
    out = out.sort_values(["score", "business_items_unblocked", "_late", "defect_interest", "age_days", "key"],
                          ascending=[False, False, False, False, False, True], kind="stable").reset_index(drop=True)
    out["rank"] = np.arange(1, len(out) + 1, dtype="int64")
    reason_columns = ["business_items_unblocked", "features_unblocked", "defects_unblocked", "waiting_item_teams",
                      "late_by_days", "needed_by", "planned_for", "earliest_needed", "defect_interest", "age_days"]
    out["why"] = [_priority_reason(*values) for values in zip(*(out[c].tolist() for c in reason_columns))]
    return out[columns]


def waited_on(issues: pd.DataFrame, open_links: pd.DataFrame, day: date, keys=None) -> list[str]:
    """The open technical items (among `keys`, when given) that open business work waits on:
    those with business_items_unblocked > 0, without ranking them."""
    _, waiting = _business_waiting(issues, open_links, day, keys)
    return sorted(set(waiting["source"].tolist()))


def _business_waiting(issues: pd.DataFrame, open_links: pd.DataFrame, day: date, keys=None):
    """The open technical items (reset index) and the open business items waiting on each
    (`source` = the technical key, then `key, category, team, story_points`)."""
    is_open = open_on(issues, day)
    technical = issues[is_open & issues["category"].isin(TECHNICAL_CATEGORIES)]
    if keys is not None:
        technical = technical[member(technical["key"], keys)]
    technical = technical.reset_index(drop=True)
    pairs = graph.descendant_pairs(open_links, technical["key"])
    business = issues.loc[is_open & issues["category"].isin(BUSINESS_CATEGORIES),
                          ["key", "category", "team", "story_points"]]
    return technical, pairs.merge(business, on="key", how="inner")


def defect_interest(items: pd.DataFrame, issues: pd.DataFrame, day: date,
                    window_days: int = INTEREST_WINDOW_DAYS) -> pd.Series:
    """Per item (same order): distinct defects created in the window up to `day` in any of its
    components, or in its epic when it has no component; 0 with neither."""
    end = pd.Timestamp(day)
    start = end - pd.Timedelta(days=window_days - 1)
    defects = issues[(issues["category"] == "defect") & (issues["created_day"] >= start)
                     & (issues["created_day"] <= end)]
    result = np.zeros(len(items), dtype="int64")
    if defects.empty or items.empty:
        return pd.Series(result, index=items.index)
    item_area = items["components"].reset_index(drop=True).explode().dropna()
    item_area = pd.DataFrame({"row": item_area.index.to_numpy(), "area": item_area.astype("str").to_numpy()})
    item_area = item_area.drop_duplicates()
    per_row = item_area.groupby("row")["area"].transform("size")
    defect_area = area_values(defects[["key", "components"]], "component")[["key", "area"]].drop_duplicates()
    single = item_area[per_row == 1]
    # Most items have one component: its defect count. Several: their distinct defects.
    result[single["row"].to_numpy()] = single["area"].map(defect_area.groupby("area").size()).fillna(0).to_numpy()
    several = item_area[per_row > 1].merge(defect_area, on="area").drop_duplicates(["row", "key"])
    counts = several.groupby("row").size()
    result[counts.index.to_numpy()] = counts.to_numpy()
    with_components = pd.Series(False, index=range(len(items)))
    with_components[item_area["row"].unique()] = True
    epic = items["epic_key"].reset_index(drop=True)
    by_epic = defects.dropna(subset=["epic_key"]).groupby("epic_key")["key"].nunique()
    use_epic = (~with_components & epic.notna()).to_numpy()
    if use_epic.any():
        result[use_epic] = epic[use_epic].map(by_epic).fillna(0).astype("int64").to_numpy()
    return pd.Series(result, index=items.index)


def _priority_reason(items, features, defects, teams, late, needed_by, planned_for, earliest_needed,
                     interest, age) -> str:
    if items == 0:
        parts = ["no open feature or defect waits on it"]
    else:
        parts = [f"unblocks {business_items_text(features, defects)} in {and_list(teams)}"]
    if not pd.isna(late):
        parts.append(f"planned {_days(late)} after {needed_by} needs it" if late > 0
                     else f"planned in time for {needed_by}")
    elif items and pd.isna(planned_for) and not pd.isna(earliest_needed):
        parts.append(f"not planned, while {needed_by} needs it by {date_text(earliest_needed)}")
    if interest:
        parts.append(f"{interest} recent defect{'s' if interest != 1 else ''} in its area")
    parts.append(f"{_days(age)} old")
    return "; ".join(parts)


def business_items_text(features: int, defects: int) -> str:
    """'3 features', '1 defect', '2 features and 1 defect'."""
    words = [f"{n} {w}{'' if n == 1 else 's'}" for n, w in ((features, "feature"), (defects, "defect")) if n]
    return " and ".join(words) or "no business item"


def and_list(names) -> str:
    """['Payments', 'Web', 'Data'] -> 'Payments, Web and Data'."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _days(n) -> str:
    return f"{int(n)} day{'' if n == 1 else 's'}"


# ---------------------------------------------------------------- 2. program board
def program_board(issues: pd.DataFrame, open_links: pd.DataFrame, sprints: pd.DataFrame,
                  versions: pd.DataFrame, day: date, waited_on=(), default_points: float = 1.0,
                  keys=None) -> pd.DataFrame:
    """Open items by team and slot, with their open blockers (BOARD_COLUMNS).

    Planned items (see the module docstring for the slot) and the technical items in
    `waited_on` (keys with business work waiting on them) that have no slot, in the slot
    "not planned". `blocked_by` lists the item's open blockers; `blocker_slot` is the slot of
    the blocker that ends last (NOT_PLANNED if none of them has one, empty when it has no
    blocker in the export); `conflict` is true when the item's slot ends before it.
    `keys` limits the board to those items (blockers are looked up among all issues).
    Sorted by team, slot end (not planned last), key.
    """
    items = issues[open_on(issues, day)]
    if keys is not None:
        items = items[member(items["key"], keys)]
    if items.empty:
        return _empty_board()
    blockers = open_links[member(open_links["blocked_key"], items["key"])]
    blockers = blockers[blockers["blocker_key"] != blockers["blocked_key"]]
    involved = issues[member(issues["key"], set(items["key"]) | set(blockers["blocker_key"]))]
    slots = item_slots(involved, sprints, versions).set_index("key")
    board = items[["key", "team", "summary", "category", "story_points"]].merge(
        slots, left_on="key", right_index=True, how="left")
    technical_waited = board["category"].isin(TECHNICAL_CATEGORIES) & member(board["key"], waited_on)
    board = board[board["slot"].notna() | technical_waited].copy()
    if board.empty:
        return _empty_board()
    board["slot"] = board["slot"].fillna(NOT_PLANNED)
    board["team"] = _teams(board["team"])
    board["points"] = board["story_points"].astype(float).fillna(default_points)

    known = blockers[member(blockers["blocker_key"], involved["key"])]
    known = known.assign(blocker_slot=_looked_up(known["blocker_key"], slots["slot"]).fillna(NOT_PLANNED),
                         blocker_end=_looked_up(known["blocker_key"], slots["slot_end"]))
    known = known.sort_values(["blocked_key", "blocker_end", "blocker_key"], na_position="first", kind="stable")
    latest = known.drop_duplicates("blocked_key", keep="last").set_index("blocked_key")
    listed = _grouped_lists(blockers["blocked_key"], blockers["blocker_key"])
    board["blocked_by"] = [listed.get(k, []) for k in board["key"].tolist()]
    board["blocker_slot"] = _looked_up(board["key"], latest["blocker_slot"])
    blocker_end = _looked_up(board["key"], latest["blocker_end"])
    board["conflict"] = (board["slot_end"].notna() & blocker_end.notna()
                         & (board["slot_end"] < blocker_end)).astype(bool)
    board = board.assign(_unplanned=board["slot"] == NOT_PLANNED)
    board = board.sort_values(["team", "_unplanned", "slot_end", "slot", "key"], kind="stable")
    return board[BOARD_COLUMNS].reset_index(drop=True)


def item_slots(issues: pd.DataFrame, sprints: pd.DataFrame, versions: pd.DataFrame) -> pd.DataFrame:
    """Each planned item's slot: `key, slot, slot_start, slot_end` (module docstring); items
    without sprint, release or due date are left out."""
    plans = item_plans(issues, sprints, versions)
    starts = (sprints.assign(start=_plain_days(sprints["start_date"])).dropna(subset=["start"])
              .groupby("name")["start"].min()) if len(sprints) else pd.Series(dtype="datetime64[us]")
    release_days = pd.Series(pd.unique(_plain_days(versions["release_date"]).dropna())).sort_values()
    previous = dict(zip(release_days, release_days.shift(1) + pd.Timedelta(days=1)))
    by_sprint = plans["sprint_end"].notna()
    by_release = ~by_sprint & plans["fix_version_date"].notna()
    by_due = ~by_sprint & ~by_release & plans["due"].notna()
    month_start = plans["due"].dt.to_period("M").dt.start_time.astype("datetime64[us]")
    month_end = plans["due"].dt.to_period("M").dt.end_time.dt.normalize().astype("datetime64[us]")
    slot = pd.Series(pd.NA, index=plans.index, dtype="str")
    start = pd.Series(pd.NaT, index=plans.index, dtype="datetime64[us]")
    end = pd.Series(pd.NaT, index=plans.index, dtype="datetime64[us]")
    if by_sprint.any():
        slot[by_sprint] = plans.loc[by_sprint, "sprint"]
        start[by_sprint] = plans.loc[by_sprint, "sprint"].map(starts).astype("datetime64[us]")
        end[by_sprint] = plans.loc[by_sprint, "sprint_end"]
    if by_release.any():
        slot[by_release] = plans.loc[by_release, "fix_version"]
        start[by_release] = plans.loc[by_release, "fix_version_date"].map(previous).astype("datetime64[us]")
        end[by_release] = plans.loc[by_release, "fix_version_date"]
    if by_due.any():
        slot[by_due] = plans.loc[by_due, "due"].map(lambda day: period_label(day, "month"))
        start[by_due] = month_start[by_due]
        end[by_due] = month_end[by_due]
    out = pd.DataFrame({"key": plans["key"], "slot": slot, "slot_start": start.astype("datetime64[us]"),
                        "slot_end": end.astype("datetime64[us]")})
    return out[by_sprint | by_release | by_due].reset_index(drop=True)


def board_links(board: pd.DataFrame) -> pd.DataFrame:
    """The blocker -> blocked pairs of the board with both cards on it (for the chart's lines):
    `blocker_key, blocked_key, wrong_order` (the blocked card's slot ends before its blocker's)."""
    columns = ["blocker_key", "blocked_key", "wrong_order"]
    pairs = board[["key", "blocked_by", "slot_end"]].explode("blocked_by").dropna(subset=["blocked_by"])
    ends = board.set_index("key")["slot_end"]
    pairs = pairs[pairs["blocked_by"].isin(ends.index)]
    if pairs.empty:
        return pd.DataFrame({"blocker_key": pd.Series(dtype="str"), "blocked_key": pd.Series(dtype="str"),
                             "wrong_order": pd.Series(dtype="bool")})
    blocker_end = pairs["blocked_by"].map(ends)
    wrong = pairs["slot_end"].notna() & blocker_end.notna() & (pairs["slot_end"] < blocker_end)
    out = pd.DataFrame({"blocker_key": pairs["blocked_by"].astype("str"), "blocked_key": pairs["key"].astype("str"),
                        "wrong_order": wrong.astype(bool)})
    return out[columns].reset_index(drop=True)


# ---------------------------------------------------------------- 3. capacity
def capacity_check(board: pd.DataFrame, velocity: pd.DataFrame, targets: dict, day: date,
                   recent_sprints: int = 3, waited_on=()) -> pd.DataFrame:
    """Planned points per team and slot against the team's recent velocity (CAPACITY_COLUMNS).

    Only slots that end on or after `day` are checked (the plan ahead, the current slot included).

    `velocity` has VELOCITY_COLUMNS (one row per finished sprint of a team). A team's
    velocity is the mean completed points of its last `recent_sprints` sprints ending on or
    before `day`; a slot's capacity is that velocity scaled by the slot's length against the
    team's sprint length (the median gap between its sprint ends, else 14 days; a slot
    without a start counts as one sprint). A slot is over capacity when its planned points
    exceed the capacity; `not_fitting` lists the items that would not fit when the slot is
    filled in this order: items in `waited_on` (others wait on them) first, technical before
    functional, then by key. No velocity: capacity empty, never over.
    `target_technical_share`: the team's target share of debt, enabler, architecture and devops.
    """
    planned = board[(board["slot"] != NOT_PLANNED) & (board["slot_end"] >= pd.Timestamp(day))]
    if planned.empty:
        return _empty_capacity()
    recent = _recent_velocity(velocity, day, recent_sprints)
    planned = planned.assign(technical=planned["category"].isin(TECHNICAL_CATEGORIES),
                             waited=member(planned["key"], waited_on))
    rows = []
    for (team, slot, start, end), cell in planned.groupby(["team", "slot", "slot_start", "slot_end"],
                                                          sort=False, dropna=False):
        technical = float(cell.loc[cell["technical"], "points"].sum())
        functional = float(cell.loc[cell["category"].isin(BUSINESS_CATEGORIES), "points"].sum())
        total = float(cell["points"].sum())
        speed, sprint_days = recent.get(team, (np.nan, DEFAULT_SPRINT_DAYS))
        slot_days = (end - start).days if not (pd.isna(start) or pd.isna(end)) else sprint_days
        capacity = round(speed * max(slot_days, 1) / sprint_days, 2) if not np.isnan(speed) else np.nan
        over = bool(not np.isnan(capacity) and total > capacity)
        not_fitting: list[str] = []
        if over:
            ordered = cell.sort_values(["waited", "technical", "key"], ascending=[False, False, True], kind="stable")
            cumulative = ordered["points"].cumsum()
            not_fitting = ordered.loc[cumulative > capacity, "key"].tolist()
        share = sum(target_for(team, targets)[c] for c in TECHNICAL_CATEGORIES)
        rows.append((team, slot, start, end, round(technical, 2), round(functional, 2), round(total, 2),
                     round(speed, 2) if not np.isnan(speed) else np.nan, capacity, over,
                     round(total - capacity, 2) if over else 0.0, round(share, 4),
                     round(technical / total, 4) if total else np.nan, not_fitting))
    out = pd.DataFrame(rows, columns=CAPACITY_COLUMNS)
    out = out.astype({"team": "str", "slot": "str", "slot_start": "datetime64[us]", "slot_end": "datetime64[us]",
                      "over_capacity": "bool"})
    return out.sort_values(["team", "slot_end", "slot"], kind="stable").reset_index(drop=True)


def _recent_velocity(velocity: pd.DataFrame, day: date, recent_sprints: int) -> dict:
    """team -> (mean completed points of its last sprints, its sprint length in days)."""
    if velocity.empty:
        return {}
    frame = velocity.assign(end_date=_plain_days(velocity["end_date"]), team=_teams(velocity["team"]))
    frame = frame[frame["end_date"] <= pd.Timestamp(day)].sort_values(["team", "end_date"])
    result = {}
    for team, sprints in frame.groupby("team", sort=False):
        gaps = sprints["end_date"].drop_duplicates().diff().dt.days.dropna()
        length = float(gaps.median()) if len(gaps) else DEFAULT_SPRINT_DAYS
        last = sprints.tail(recent_sprints)["completed_points"].astype(float)
        result[team] = (float(last.mean()), length if length > 0 else DEFAULT_SPRINT_DAYS)
    return result


# ---------------------------------------------------------------- helpers
def _grouped_lists(groups: pd.Series, values: pd.Series) -> dict:
    """group -> sorted distinct values (a plain loop: groupby(...).agg(list) runs Python per group)."""
    result: dict = {}
    for group, value in sorted(set(zip(groups.tolist(), values.tolist()))):
        result.setdefault(group, []).append(value)
    return result


def _looked_up(keys: pd.Series, values: pd.Series) -> pd.Series:
    """values[key] for each key (missing where absent), keeping the dtype of `values` even when
    either side is empty (Series.map would fall back to float). `values` has unique keys."""
    found = values.reindex(keys.to_numpy())
    return pd.Series(found.to_numpy(), index=keys.index, dtype=values.dtype)


def _teams(values: pd.Series) -> pd.Series:
    return values.where(values.notna() & (values.astype("str") != ""), NO_TEAM).astype("str")


def _plain_days(values: pd.Series) -> pd.Series:
    series = pd.to_datetime(values)
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    return series.dt.normalize().astype("datetime64[us]")




def _empty_priorities() -> pd.DataFrame:
    dtypes = {"rank": "int64", "business_items_unblocked": "int64", "business_points_unblocked": "float64",
              "teams_waiting": "object", "earliest_needed": "datetime64[us]", "planned_for": "datetime64[us]",
              "late_by_days": "Int64", "defect_interest": "int64", "age_days": "int64",
              "features_unblocked": "int64", "defects_unblocked": "int64", "waiting_item_teams": "object",
              "score": "float64"}
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, "str")) for c in PRIORITY_COLUMNS + PRIORITY_DETAIL_COLUMNS})


def _empty_board() -> pd.DataFrame:
    dtypes = {"slot_start": "datetime64[us]", "slot_end": "datetime64[us]", "points": "float64",
              "blocked_by": "object", "conflict": "bool"}
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, "str")) for c in BOARD_COLUMNS})


def _empty_capacity() -> pd.DataFrame:
    dtypes = {"slot_start": "datetime64[us]", "slot_end": "datetime64[us]", "over_capacity": "bool",
              "not_fitting": "object"}
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, "float64" if c not in ("team", "slot") else "str"))
                         for c in CAPACITY_COLUMNS})


def plan_summary(priorities: pd.DataFrame, board: pd.DataFrame, capacity: pd.DataFrame) -> pd.DataFrame:
    """The Plan page's headline numbers: `metric, value, meaning`."""
    rows = [
        ("technical_items", len(priorities), "open technical items ranked"),
        ("waited_on", int((priorities["business_items_unblocked"] > 0).sum()),
         "technical items with open features or defects waiting on them"),
        ("planned_late", int((priorities["late_by_days"].fillna(0) > 0).sum()),
         "technical items planned after the first business item waiting on them needs them"),
        ("not_planned_waited_on", int(((priorities["business_items_unblocked"] > 0)
                                       & priorities["planned_for"].isna()).sum()),
         "technical items with business work waiting on them and no planned date"),
        ("board_conflicts", int(board["conflict"].sum()), "items in an earlier slot than one of their open blockers"),
        ("slots_over_capacity", int(capacity["over_capacity"].sum()),
         "team slots planned beyond the team's recent velocity"),
    ]
    return pd.DataFrame({"metric": [r[0] for r in rows], "value": pd.Series([r[1] for r in rows], dtype="int64"),
                         "meaning": [r[2] for r in rows]})
