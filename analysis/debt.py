"""Technical debt: how much is open, how it moves, how old it is, where it sits, what it costs.

Definitions (the Technical debt page's caption says the same in plain words):

* **Debt** is every item of category `debt` (analysis.categories); every other category
  counts only in the "all open items" denominator.
* **Open on day d** is timeline.open_on: created on or before d and not resolved by the end
  of d. A done item without a resolved date counts as resolved at its last status change,
  else at its last update (timeline.prepare). An item created and resolved on the same day
  is created and resolved in that period but never open at a period's end.
* **Points** are story points; an item without points counts as `default_points`.
* **Periods** (week, sprint, month, quarter) and **age buckets** are analysis.periods'
  (one definition for every page). Periods cover since..until: the first starts on or
  before `since` and counts flows from `since` on, the last is cut at `until`; both are
  marked `partial` when cut. Open counts are taken on a period's last day (`period_end`).
* **Age** of an open item on day d = d - created day, in whole days.

Every function takes issues prepared by timeline.prepare (`created_day`, `resolved_day`)
with `category`, and returns a DataFrame or a small dataclass; no I/O, no UI.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from analysis.allocation import target_for, targets_on
from analysis.headlines.base import date_text, number
from analysis.periods import AGE_BUCKETS, NO_TEAM, PERIODS, age_bucket, period_grid, start_state_day  # noqa: F401 (re-exported)
from analysis.timeline import open_counts, open_on, total_by_day

DEBT = "debt"
DEFECT = "defect"
AREAS = ("team", "component", "epic")
AREA_COLUMNS = {"team": "team", "component": "components", "epic": "epic_key"}
AREA_MISSING = {"team": NO_TEAM, "component": "(no component)", "epic": "(no epic)"}
OLDEST_COUNT = 20
INTEREST_WINDOW_DAYS = 90
DEFAULT_PROJECTION_PERIODS = 8
PROJECTION_MONTHS = (3, 6)
MIN_AREAS_FOR_CORRELATION = 5
SIGNIFICANCE = 0.05
MIN_RHO = 0.3

TREND_COLUMNS = ["period_start", "open_debt_items", "open_debt_points", "open_items", "debt_share",
                 "debt_created", "debt_resolved", "net_flow", "open_points", "debt_share_points",
                 "debt_created_points", "debt_resolved_points", "period_end", "days", "partial"]
AGE_COLUMNS = ["key", "team", "age_days", "created_day", "story_points", "status", "components",
               "epic_key", "summary", "url"]
AREA_TABLE_COLUMNS = ["area_type", "area", "open_debt_items", "open_debt_points", "median_age_days",
                      "share_of_open_debt"]
INTEREST_COLUMNS = ["area", "open_debt_items", "open_debt_points", "defects_created"]
INVESTMENT_COLUMNS = ["period_start", "completed_items", "completed_points", "debt_items_completed",
                      "debt_points_completed", "debt_share_completed", "target_debt_share", "gap_pp",
                      "period_end"]
RECORDED_COLUMNS = ["import_id", "as_of", "open_debt_items", "open_debt_points", "open_items", "debt_share"]
HEADLINE_COLUMNS = ["metric", "value", "value_at_start", "change", "unit"]


# ---------------------------------------------------------------- helpers
def _points(issues: pd.DataFrame, default_points: float) -> pd.Series:
    return issues["story_points"].astype(float).fillna(default_points)


def _between(days: pd.Series, weights: pd.Series, starts: pd.Series, ends: pd.Series) -> np.ndarray:
    """Sum of `weights` of the days falling in each [start, end] (inclusive), vectorised."""
    values = days.to_numpy(dtype="datetime64[us]")
    w = weights.to_numpy(dtype=float)
    return total_by_day(values, w, ends) - total_by_day(values, w, starts, before=True)


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(whole > 0, np.round(part / np.where(whole > 0, whole, 1), 4), np.nan)


# ---------------------------------------------------------------- 1. trend
def debt_trend(issues: pd.DataFrame, since: date, until: date, period: str = "month",
               default_points: float = 1.0) -> pd.DataFrame:
    """Open debt and its flows per period over since..until, reconstructed from created/resolved days.

    One row per period (period_grid): open_debt_items / open_debt_points / open_items /
    open_points are open on period_end; debt_share = open_debt_items / open_items and
    debt_share_points = open_debt_points / open_points (fractions 0..1, NaN when nothing is
    open); debt_created / debt_resolved (and their _points) count debt items created /
    resolved on a day of window_start..period_end; net_flow = debt_created - debt_resolved,
    so open debt at the end of a period = open debt at the end of the previous one +
    net_flow. Empty issues give an empty frame.
    """
    if issues.empty:
        return _empty(TREND_COLUMNS)
    grid = period_grid(since, until, period)
    ends = pd.DatetimeIndex(grid["period_end"])
    issues = issues[["created_day", "resolved_day", "story_points", "category"]]   # filter only what is used
    debt = issues[issues["category"] == DEBT]
    points, debt_points = _points(issues, default_points), _points(debt, default_points)
    ones = pd.Series(1.0, index=debt.index)
    open_debt = open_counts(debt, ends)
    open_all = open_counts(issues, ends)
    open_debt_pts = open_counts(debt, ends, debt_points)
    open_all_pts = open_counts(issues, ends, points)
    created = _between(debt["created_day"], ones, grid["window_start"], grid["period_end"])
    resolved = _between(debt["resolved_day"], ones, grid["window_start"], grid["period_end"])
    out = pd.DataFrame({
        "period_start": grid["period_start"],
        "open_debt_items": np.round(open_debt).astype("int64"),
        "open_debt_points": np.round(open_debt_pts, 2),
        "open_items": np.round(open_all).astype("int64"),
        "debt_share": _share(open_debt, open_all),
        "debt_created": np.round(created).astype("int64"),
        "debt_resolved": np.round(resolved).astype("int64"),
        "net_flow": np.round(created - resolved).astype("int64"),
        "open_points": np.round(open_all_pts, 2),
        "debt_share_points": _share(open_debt_pts, open_all_pts),
        "debt_created_points": np.round(_between(debt["created_day"], debt_points, grid["window_start"],
                                                 grid["period_end"]), 2),
        "debt_resolved_points": np.round(_between(debt["resolved_day"], debt_points, grid["window_start"],
                                                  grid["period_end"]), 2),
        "period_end": grid["period_end"],
        "days": grid["days"],
        "partial": grid["partial"],
    })
    return out[TREND_COLUMNS]


def debt_as_recorded(snapshots: pd.DataFrame, issues: pd.DataFrame, since: date, until: date,
                     default_points: float = 1.0) -> pd.DataFrame:
    """Open debt as each import recorded it (no reconstruction), for imports dated since..until.

    `snapshots` are issue_snapshots rows (import_id, as_of, key, status_category,
    story_points); an item is open in an import when its recorded status category is not
    `done`. Only keys of `issues` (the filtered selection) count, with today's category.
    """
    columns = ["import_id", "as_of", "key", "status_category", "story_points"]
    if snapshots is None or snapshots.empty or issues.empty:
        return _empty(RECORDED_COLUMNS)
    category = issues.set_index("key")["category"]
    rows = snapshots[columns].merge(category.rename("category"), left_on="key", right_index=True)
    as_of = pd.to_datetime(rows["as_of"])
    if isinstance(as_of.dtype, pd.DatetimeTZDtype):
        as_of = as_of.dt.tz_localize(None)
    rows = rows.assign(as_of=as_of.dt.normalize().astype("datetime64[us]"),
                       is_open=rows["status_category"] != "done",
                       points=_points(rows, default_points))
    rows = rows[(rows["as_of"] >= pd.Timestamp(since)) & (rows["as_of"] <= pd.Timestamp(until))]
    if rows.empty:
        return _empty(RECORDED_COLUMNS)
    rows = rows.assign(open_debt=rows["is_open"] & (rows["category"] == DEBT))
    rows = rows.assign(open_debt_pts=rows["points"].where(rows["open_debt"], 0.0))
    out = rows.groupby(["import_id", "as_of"]).agg(
        open_debt_items=("open_debt", "sum"), open_debt_points=("open_debt_pts", "sum"),
        open_items=("is_open", "sum")).reset_index()
    out = out.astype({"import_id": "int64", "open_debt_items": "int64", "open_items": "int64"})
    out["open_debt_points"] = out["open_debt_points"].round(2)
    out["debt_share"] = _share(out["open_debt_items"].to_numpy(float), out["open_items"].to_numpy(float))
    return out.sort_values(["as_of", "import_id"]).reset_index(drop=True)[RECORDED_COLUMNS]


# ---------------------------------------------------------------- 2. age
@dataclass(frozen=True)
class DebtAge:
    open_debt_items: int
    median_age_days: float | None      # None when no debt is open
    p85_age_days: float | None         # 85th percentile, linear interpolation between ranks


def open_debt_ages(issues: pd.DataFrame, day: date) -> pd.DataFrame:
    """One row per debt item open on `day`, oldest first (ties by key): key, team, age_days, ...

    age_days = day - created day. Further columns (created_day, story_points, status,
    components, epic_key, summary, url) are kept when the issues carry them.
    """
    columns = [c for c in AGE_COLUMNS if c in issues or c == "age_days"]
    if issues.empty:
        return _empty(columns)
    kept = [c for c in columns if c != "age_days"]
    debt = issues.loc[(issues["category"] == DEBT) & open_on(issues, day), list(dict.fromkeys([*kept, "created_day"]))]
    ages = debt.assign(age_days=(pd.Timestamp(day) - debt["created_day"]).dt.days.astype("int64"))
    return ages.sort_values(["age_days", "key"], ascending=[False, True])[columns].reset_index(drop=True)


def debt_age(ages: pd.DataFrame) -> DebtAge:
    """Median and 85th percentile of age_days (from open_debt_ages), rounded to 0.1 day."""
    if ages.empty:
        return DebtAge(0, None, None)
    values = ages["age_days"].to_numpy(dtype=float)
    return DebtAge(len(values), round(float(np.median(values)), 1),
                   round(float(np.percentile(values, 85)), 1))


def debt_age_buckets(ages: pd.DataFrame, default_points: float = 1.0) -> pd.DataFrame:
    """Open debt items and points per age bucket (all five buckets, zeros included)."""
    frame = ages.assign(bucket=age_bucket(ages["age_days"]),
                        points=_points(ages, default_points) if "story_points" in ages else 1.0)
    grouped = frame.groupby("bucket").agg(open_debt_items=("key", "size"), open_debt_points=("points", "sum"))
    out = grouped.reindex(list(AGE_BUCKETS), fill_value=0).rename_axis("bucket").reset_index()
    return out.astype({"bucket": "str", "open_debt_items": "int64", "open_debt_points": "float64"}).round(
        {"open_debt_points": 2})


def oldest_debt(ages: pd.DataFrame, count: int = OLDEST_COUNT) -> pd.DataFrame:
    """The `count` oldest open debt items (ages from open_debt_ages are sorted oldest first)."""
    return ages.head(count).reset_index(drop=True)


# ---------------------------------------------------------------- 3. where it sits
def area_values(issues: pd.DataFrame, area: str) -> pd.DataFrame:
    """Issues with an `area` column: one row per item and team / component / epic.

    An item with several components appears once per component; a missing value becomes
    "(no team)", "(no component)" or "(no epic)".
    """
    if area not in AREAS:
        raise ValueError(f"area must be one of {', '.join(AREAS)}, not {area!r}")
    source = AREA_COLUMNS[area]
    if area == "component":
        values = issues[source].map(_as_list)
        exploded = issues.assign(area=values).explode("area")
    else:
        exploded = issues.assign(area=issues[source])
    missing = exploded["area"].isna() | (exploded["area"].astype("str").str.strip() == "")
    return exploded.assign(area=exploded["area"].astype("str").where(~missing, AREA_MISSING[area]))


def debt_by_area(issues: pd.DataFrame, day: date, area: str, default_points: float = 1.0) -> pd.DataFrame:
    """Open debt on `day` per team, component or epic, most items first.

    Columns: area_type, area, open_debt_items, open_debt_points, median_age_days,
    share_of_open_debt (area's items / all open debt items; components can add up to more
    than 1 because an item can carry several).
    """
    if issues.empty:
        return _empty(AREA_TABLE_COLUMNS)
    debt = issues[(issues["category"] == DEBT) & open_on(issues, day)]
    if debt.empty:
        return _empty(AREA_TABLE_COLUMNS)
    total = len(debt)
    frame = area_values(debt, area)
    frame = frame.assign(points=_points(frame, default_points),
                         age=(pd.Timestamp(day) - frame["created_day"]).dt.days.astype(float))
    out = frame.groupby("area").agg(open_debt_items=("key", "size"), open_debt_points=("points", "sum"),
                                    median_age_days=("age", "median")).reset_index()
    out = out.assign(area_type=area, share_of_open_debt=(out["open_debt_items"] / total).round(4),
                     open_debt_points=out["open_debt_points"].round(2),
                     median_age_days=out["median_age_days"].round(1))
    out = out.astype({"area_type": "str", "area": "str", "open_debt_items": "int64"})
    out = out.sort_values(["open_debt_items", "open_debt_points", "area"], ascending=[False, False, True])
    return out[AREA_TABLE_COLUMNS].reset_index(drop=True)


# ---------------------------------------------------------------- 4. interest
@dataclass(frozen=True)
class Correlation:
    rho: float | None          # Spearman rank correlation, None when it cannot be computed
    n: int                     # number of areas
    p_value: float | None      # two-sided, Student t approximation with n - 2 degrees of freedom
    verdict: str               # "together", "opposite", "unclear" or "too few"
    message: str               # the sentence the page shows


def debt_interest(issues: pd.DataFrame, day: date, area: str = "component",
                  window_days: int = INTEREST_WINDOW_DAYS, default_points: float = 1.0) -> pd.DataFrame:
    """Per area: open debt on `day` beside the defects created in the `window_days` up to `day`.

    Defects are items of category `defect` created on day - window_days + 1 .. day. Areas
    with neither open debt nor new defects are left out. Sorted by open debt, then defects.
    """
    if issues.empty:
        return _empty(INTEREST_COLUMNS)
    end = pd.Timestamp(day)
    start = end - pd.Timedelta(days=window_days - 1)
    debt = issues[(issues["category"] == DEBT) & open_on(issues, day)]
    defects = issues[(issues["category"] == DEFECT) & (issues["created_day"] >= start)
                     & (issues["created_day"] <= end)]
    debt_areas = area_values(debt, area)
    debt_areas = debt_areas.assign(points=_points(debt_areas, default_points))
    debt_per_area = debt_areas.groupby("area").agg(open_debt_items=("key", "size"),
                                                   open_debt_points=("points", "sum"))
    defects_per_area = area_values(defects, area).groupby("area").agg(defects_created=("key", "size"))
    out = debt_per_area.join(defects_per_area, how="outer").fillna(0).rename_axis("area").reset_index()
    if out.empty:
        return _empty(INTEREST_COLUMNS)
    out = out.astype({"area": "str", "open_debt_items": "int64", "defects_created": "int64"})
    out["open_debt_points"] = out["open_debt_points"].astype(float).round(2)
    out = out.sort_values(["open_debt_items", "defects_created", "area"], ascending=[False, False, True])
    return out[INTEREST_COLUMNS].reset_index(drop=True)


def spearman(x, y) -> float | None:
    """Spearman's rho: Pearson correlation of the average ranks; None without variation."""
    rx = pd.Series(x, dtype=float).rank(method="average").to_numpy()
    ry = pd.Series(y, dtype=float).rank(method="average").to_numpy()
    if len(rx) < 2 or rx.std() == 0 or ry.std() == 0:
        return None
    return float(np.corrcoef(rx, ry)[0, 1])


def correlation_p_value(rho: float, n: int) -> float | None:
    """Two-sided p-value of rho with t = rho * sqrt((n - 2) / (1 - rho^2)), n - 2 degrees of freedom."""
    if n < 3:
        return None
    if abs(rho) >= 1.0:
        return 0.0
    df = n - 2
    t2 = rho * rho * df / (1.0 - rho * rho)
    return _regularized_beta(df / (df + t2), df / 2.0, 0.5)


def debt_defect_correlation(interest: pd.DataFrame) -> Correlation:
    """How strongly open debt and new defects go together across the areas of debt_interest.

    "together" only when there are at least MIN_AREAS_FOR_CORRELATION areas, rho >= MIN_RHO
    and p < SIGNIFICANCE; "opposite" likewise with rho <= -MIN_RHO; else "unclear" (or
    "too few" areas to tell).
    """
    n = len(interest)
    if n < MIN_AREAS_FOR_CORRELATION:
        return Correlation(None if n < 2 else spearman(interest["open_debt_items"], interest["defects_created"]),
                           n, None, "too few",
                           f"Too few areas to tell ({n}; at least {MIN_AREAS_FOR_CORRELATION} are needed).")
    rho = spearman(interest["open_debt_items"], interest["defects_created"])
    if rho is None:
        return Correlation(None, n, None, "unclear",
                           f"No relation can be measured: open debt or new defects are the same in all {n} areas.")
    rho = round(rho, 3)
    p = correlation_p_value(rho, n)
    p = None if p is None else round(p, 4)
    numbers = f"Spearman rho = {rho:+.2f} over {n} areas, p = {p:.3f}"
    if p is not None and p < SIGNIFICANCE and rho >= MIN_RHO:
        return Correlation(rho, n, p, "together",
                           f"The areas with the most open debt produce the most new defects ({numbers}).")
    if p is not None and p < SIGNIFICANCE and rho <= -MIN_RHO:
        return Correlation(rho, n, p, "opposite",
                           f"The areas with the most open debt produce the fewest new defects ({numbers}).")
    return Correlation(rho, n, p, "unclear",
                       f"No clear relation between open debt and new defects across areas ({numbers}).")


def _regularized_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b) by its continued fraction (Numerical Recipes, betai/betacf)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1.0 - x))
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_fraction(x, a, b) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(1.0 - x, b, a) / b


def _beta_fraction(x: float, a: float, b: float) -> float:
    tiny, eps = 1e-300, 3e-14
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        step = d * c
        h *= step
        if abs(step - 1.0) < eps:
            break
    return h


# ---------------------------------------------------------------- 5. projection
@dataclass(frozen=True)
class DebtProjection:
    status: str                       # "ok" or "too little history"
    message: str                      # the plain-language sentence for the page
    as_of: date | None                # the last period_end of the trend
    open_debt_items: int | None       # open on as_of
    basis_periods: int                # periods the rate is taken from
    net_flow_per_period: float | None
    net_flow_per_30_days: float | None
    date_3_months: date | None = None
    open_debt_in_3_months: float | None = None
    date_6_months: date | None = None
    open_debt_in_6_months: float | None = None
    target: float | None = None
    target_date: date | None = None   # None: not reached at this rate (see message)


def debt_projection(trend: pd.DataFrame, last_periods: int = DEFAULT_PROJECTION_PERIODS,
                    target: float | None = None, period_name: str = "period") -> DebtProjection:
    """Where open debt goes at the net flow of the last `last_periods` periods of `trend`.

    Rate per day = sum of net_flow / sum of days over those periods (a period cut at the
    range's end weighs by its days). Open debt in 3 and 6 calendar months after as_of =
    today's open debt + rate x days, never below 0. The target is reached on the first day
    the straight line crosses it (as_of itself when already there); it is never reached
    when the line moves away from it or is flat. With fewer than `last_periods` periods in
    the trend there is too little history, and nothing is projected. `period_name` (week,
    sprint, month) only words the message.
    """
    if last_periods < 1:
        raise ValueError("last_periods must be at least 1")
    if trend.empty or len(trend) < last_periods:
        have = len(trend)
        return DebtProjection(
            "too little history",
            f"Too little history to project: {last_periods} {period_name}s are needed and the selected range "
            f"has {have}. Widen the period filter or use fewer {period_name}s.",
            None if trend.empty else trend["period_end"].iloc[-1].date(),
            None if trend.empty else int(trend["open_debt_items"].iloc[-1]), have, None, None, target=target)
    basis = trend.tail(last_periods)
    as_of = basis["period_end"].iloc[-1].date()
    current = int(basis["open_debt_items"].iloc[-1])
    net, days = float(basis["net_flow"].sum()), float(basis["days"].sum())
    rate = net / days
    projected = {}
    for months in PROJECTION_MONTHS:
        when = (pd.Timestamp(as_of) + pd.DateOffset(months=months)).date()
        projected[months] = (when, round(max(0.0, current + rate * (when - as_of).days), 1))
    target_date = _target_date(current, rate, as_of, target)
    (d3, v3), (d6, v6) = projected[3], projected[6]
    per_period = round(net / len(basis), 2)
    sentence = (f"At the net flow of the last {len(basis)} {period_name}s ({per_period:+.1f} debt items a "
                f"{period_name}), "
                f"open debt goes from {number(current)} today ({date_text(as_of)}) to {number(v3)} by "
                f"{date_text(d3)} and {number(v6)} by {date_text(d6)}.")
    if target is not None:
        sentence += (f" It reaches the target of {target:g} on {date_text(target_date)}." if target_date
                     else f" It never reaches the target of {target:g} at this rate.")
    return DebtProjection("ok", sentence, as_of, current, len(basis), per_period, round(rate * 30, 2),
                          d3, v3, d6, v6, target, target_date)


def _target_date(current: float, rate: float, as_of: date, target: float | None) -> date | None:
    if target is None:
        return None
    gap = target - current
    if gap == 0:
        return as_of
    if rate == 0 or (gap > 0) != (rate > 0):
        return None
    return as_of + timedelta(days=math.ceil(gap / rate))


def projection_table(projection: DebtProjection) -> pd.DataFrame:
    """The projection as one row (CSV/JSON), dates as ISO text."""
    row = {name: getattr(projection, name) for name in (
        "as_of", "open_debt_items", "basis_periods", "net_flow_per_period", "net_flow_per_30_days",
        "date_3_months", "open_debt_in_3_months", "date_6_months", "open_debt_in_6_months",
        "target", "target_date", "status", "message")}
    for name in ("as_of", "date_3_months", "date_6_months", "target_date"):
        row[name] = None if row[name] is None else row[name].isoformat()
    return pd.DataFrame([row])


# ---------------------------------------------------------------- 6. investment
def weighted_debt_target(completed: pd.DataFrame, targets: dict, default_points: float = 1.0) -> float:
    """The debt target of the teams in `completed`, weighted by the points each completed.

    Items without a team use the default target. With no completed work, the plain default
    target.
    """
    if completed.empty:
        return round(target_for(None, targets)[DEBT], 4)
    teams = completed.assign(points=_points(completed, default_points),
                             team=completed["team"].astype(object).where(completed["team"].notna(), None))
    weights = teams.groupby(teams["team"].fillna("\0"), dropna=False)["points"].sum()
    if weights.sum() <= 0:
        return round(target_for(None, targets)[DEBT], 4)
    shares = [target_for(None if team == "\0" else team, targets)[DEBT] for team in weights.index]
    return round(float(np.average(shares, weights=weights.to_numpy(dtype=float))), 4)


def debt_investment(issues: pd.DataFrame, since: date, until: date, period: str, targets: dict,
                    default_points: float = 1.0, history: list[dict] | None = None) -> pd.DataFrame:
    """Share of the points completed per period that were debt, against the target for debt.

    Completed = resolved on a day of the period's window (timeline's resolved_day, so done
    items without a resolved date count at their fallback day). target_debt_share is
    weighted_debt_target over everything completed in since..until (one line for the
    range) with the targets that applied on the period's last day: with a target `history`
    (config.load_target_history) that is allocation.targets_on, as on Roadmap balance, so
    a target changed later does not rewrite earlier periods. gap_pp = (debt_share_completed
    - target) x 100, percentage points. Shares are NaN in a period that completed nothing.
    """
    if issues.empty:
        return _empty(INVESTMENT_COLUMNS)
    grid = period_grid(since, until, period)
    in_range = (issues["resolved_day"] >= pd.Timestamp(since)) & (issues["resolved_day"] <= pd.Timestamp(until))
    completed = issues[in_range]
    target = np.array([weighted_debt_target(completed, targets_on(targets, history, end.date()), default_points)
                       for end in pd.DatetimeIndex(grid["period_end"])], dtype=float)
    points = _points(issues, default_points)
    is_debt = issues["category"] == DEBT
    ones = pd.Series(1.0, index=issues.index)
    done_items = _between(issues["resolved_day"], ones, grid["window_start"], grid["period_end"])
    done_points = _between(issues["resolved_day"], points, grid["window_start"], grid["period_end"])
    debt_items = _between(issues["resolved_day"], ones.where(is_debt, 0.0), grid["window_start"], grid["period_end"])
    debt_points = _between(issues["resolved_day"], points.where(is_debt, 0.0), grid["window_start"],
                           grid["period_end"])
    share = _share(debt_points, done_points)
    out = pd.DataFrame({
        "period_start": grid["period_start"],
        "completed_items": np.round(done_items).astype("int64"),
        "completed_points": np.round(done_points, 2),
        "debt_items_completed": np.round(debt_items).astype("int64"),
        "debt_points_completed": np.round(debt_points, 2),
        "debt_share_completed": share,
        "target_debt_share": target,
        "gap_pp": np.round((share - target) * 100, 1),
        "period_end": grid["period_end"],
    })
    return out[INVESTMENT_COLUMNS]


# ---------------------------------------------------------------- headline numbers
def debt_headlines(issues: pd.DataFrame, since: date, until: date, default_points: float = 1.0) -> pd.DataFrame:
    """The page's headline numbers at the end of `until`, each beside its value at the range's start.

    The start is the end of the day before `since`, so for open debt items change =
    net_flow. Rows (metric, value, value_at_start, change, unit): open_debt_items,
    open_debt_points, debt_share (of open items), median_age_days, p85_age_days; and
    debt_created, debt_resolved, net_flow over since..until (value_at_start empty).
    """
    def state(day):
        if issues.empty:
            return 0, 0.0, None, DebtAge(0, None, None)
        is_open = open_on(issues, day)
        debt = issues[is_open & (issues["category"] == DEBT)]
        share = None if not is_open.any() else round(len(debt) / int(is_open.sum()), 4)
        return len(debt), round(float(_points(debt, default_points).sum()), 2), share, debt_age(open_debt_ages(issues, day))

    now, start = state(until), state(start_state_day(since))
    flows = {"debt_created": 0, "debt_resolved": 0}
    if not issues.empty:
        debt = issues[issues["category"] == DEBT]
        lo, hi = pd.Timestamp(since), pd.Timestamp(until)
        flows["debt_created"] = int(((debt["created_day"] >= lo) & (debt["created_day"] <= hi)).sum())
        flows["debt_resolved"] = int(((debt["resolved_day"] >= lo) & (debt["resolved_day"] <= hi)).sum())
    rows = [
        ("open_debt_items", now[0], start[0], "items"),
        ("open_debt_points", now[1], start[1], "points"),
        ("debt_share", now[2], start[2], "share"),
        ("median_age_days", now[3].median_age_days, start[3].median_age_days, "days"),
        ("p85_age_days", now[3].p85_age_days, start[3].p85_age_days, "days"),
        ("debt_created", flows["debt_created"], None, "items"),
        ("debt_resolved", flows["debt_resolved"], None, "items"),
        ("net_flow", flows["debt_created"] - flows["debt_resolved"], None, "items"),
    ]
    out = pd.DataFrame([{"metric": name, "value": value, "value_at_start": previous,
                         "change": None if value is None or previous is None else round(value - previous, 4),
                         "unit": unit} for name, value, previous, unit in rows])
    return out.astype({"value": "float64", "value_at_start": "float64", "change": "float64"})


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in columns})


def _dtype(column: str) -> str:
    if column in ("period_start", "period_end", "as_of", "created_day"):
        return "datetime64[us]"
    if column in ("key", "team", "area", "area_type", "bucket", "status", "summary", "url", "epic_key", "metric",
                  "unit"):
        return "str"
    if column in ("components",):
        return "object"
    if column.startswith(("open_debt_items", "open_items", "debt_created", "debt_resolved", "net_flow",
                          "completed_items", "debt_items", "defects", "days", "age_days", "import_id")) \
            and not column.endswith("points"):
        return "int64"
    return "float64"


def _as_list(value) -> list:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        return [value]
    return [v for v in list(value) if v is not None]
