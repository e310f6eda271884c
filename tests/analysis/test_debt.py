from datetime import date

import pandas as pd
import pytest

from analysis.debt import (
    AGE_BUCKETS, DebtAge, INTEREST_COLUMNS, TREND_COLUMNS, correlation_p_value, debt_age, debt_age_buckets,
    debt_as_recorded, debt_by_area, debt_defect_correlation, debt_headlines, debt_interest, debt_investment,
    debt_projection, debt_trend, oldest_debt, open_debt_ages, period_grid, projection_table, spearman,
    weighted_debt_target,
)
from analysis.timeline import prepare

T = pd.Timestamp
COLUMNS = ["key", "team", "category", "created", "resolved", "updated", "status_category", "story_points",
           "components", "epic_key"]
ROWS = [
    ("D-1", "A", "debt", "2025-12-10", None, "2025-12-10", "todo", 3.0, ["search-index"], "E-1"),
    ("D-2", "A", "debt", "2026-01-05 09:00", "2026-02-10 16:00", "2026-02-10", "done", None,
     ["search-index", "legacy-pricing"], "E-1"),                                     # no points: default
    ("D-3", "B", "debt", "2026-02-03 09:00", "2026-02-03 17:00", "2026-02-03", "done", 5.0, [], None),  # same day
    ("D-4", "B", "debt", "2025-06-01", "2025-11-30", "2025-11-30", "done", 8.0, [], None),  # resolved before range
    ("D-5", "B", "debt", "2026-01-20", None, "2026-03-05 11:00", "done", 2.0, [], None),    # done, no resolved date
    ("F-1", "A", "feature", "2025-12-01", None, "2025-12-01", "todo", 5.0, [], None),
    ("F-2", "B", "feature", "2026-02-15", "2026-03-20", "2026-03-20", "done", 3.0, ["legacy-pricing"], None),
    ("B-1", "A", "defect", "2026-03-01", None, "2026-03-01", "todo", 1.0, ["search-index"], None),
    ("B-2", "A", "defect", "2025-12-15", "2025-12-20", "2025-12-20", "done", 1.0, ["legacy-pricing"], None),
]
SINCE, UNTIL = date(2026, 1, 1), date(2026, 3, 31)
TARGETS = {"default": {"feature": 0.8, "debt": 0.2}, "A": {"feature": 0.9, "debt": 0.1}}


def issues(rows=ROWS):
    frame = pd.DataFrame(rows, columns=COLUMNS).astype({"key": "str", "team": "str", "category": "str"})
    for column in ("created", "resolved", "updated"):
        frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
    frame["story_points"] = frame["story_points"].astype(float)
    frame["url"] = "https://jira.example/browse/" + frame["key"]
    return prepare(frame)


def records(frame, columns=None):
    """Rows as dicts with NaN shown as None (NaN never equals itself)."""
    frame = frame if columns is None else frame[columns]
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


# ---------------------------------------------------------------- periods
def test_period_grid_month_cuts_first_window_and_last_period_at_the_range():
    grid = period_grid(date(2026, 1, 15), date(2026, 3, 10), "month")
    assert records(grid) == [
        {"period_start": T("2026-01-01"), "period_end": T("2026-01-31"), "window_start": T("2026-01-15"), "days": 17,
         "partial": True},
        {"period_start": T("2026-02-01"), "period_end": T("2026-02-28"), "window_start": T("2026-02-01"), "days": 28,
         "partial": False},
        {"period_start": T("2026-03-01"), "period_end": T("2026-03-10"), "window_start": T("2026-03-01"), "days": 10,
         "partial": True},
    ]


def test_period_grid_sprint_is_two_weeks_from_the_monday_on_or_before_since():
    grid = period_grid(date(2026, 1, 15), date(2026, 2, 10), "sprint")     # 2026-01-15 is a Thursday
    assert records(grid, ["period_start", "period_end", "days"]) == [
        {"period_start": T("2026-01-12"), "period_end": T("2026-01-25"), "days": 11},
        {"period_start": T("2026-01-26"), "period_end": T("2026-02-08"), "days": 14},
        {"period_start": T("2026-02-09"), "period_end": T("2026-02-10"), "days": 2},
    ]


def test_period_grid_week_single_day_and_unknown_period():
    assert records(period_grid(date(2026, 1, 12), date(2026, 1, 12), "week")) == [
        {"period_start": T("2026-01-12"), "period_end": T("2026-01-12"), "window_start": T("2026-01-12"), "days": 1,
         "partial": True}]
    with pytest.raises(ValueError):
        period_grid(SINCE, UNTIL, "fortnight")


# ---------------------------------------------------------------- 1. trend
def test_debt_trend_counts_open_on_last_day_and_flows_in_the_period():
    trend = debt_trend(issues(), SINCE, UNTIL, "month", default_points=2.0)
    assert list(trend.columns) == TREND_COLUMNS
    assert records(trend) == [
        # Jan: D-1, D-2, D-5 open (F-1 too); D-2 and D-5 created
        {"period_start": T("2026-01-01"), "open_debt_items": 3, "open_debt_points": 7.0, "open_items": 4,
         "debt_share": 0.75, "debt_created": 2, "debt_resolved": 0, "net_flow": 2, "open_points": 12.0,
         "debt_share_points": 0.5833, "debt_created_points": 4.0, "debt_resolved_points": 0.0,
         "period_end": T("2026-01-31"), "days": 31, "partial": False},
        # Feb: D-3 created and resolved the same day (never open at a day's end), D-2 resolved
        {"period_start": T("2026-02-01"), "open_debt_items": 2, "open_debt_points": 5.0, "open_items": 4,
         "debt_share": 0.5, "debt_created": 1, "debt_resolved": 2, "net_flow": -1, "open_points": 13.0,
         "debt_share_points": 0.3846, "debt_created_points": 5.0, "debt_resolved_points": 7.0,
         "period_end": T("2026-02-28"), "days": 28, "partial": False},
        # Mar: D-5 is done without resolved date: resolved at its last update (03-05)
        {"period_start": T("2026-03-01"), "open_debt_items": 1, "open_debt_points": 3.0, "open_items": 3,
         "debt_share": 0.3333, "debt_created": 0, "debt_resolved": 1, "net_flow": -1, "open_points": 9.0,
         "debt_share_points": 0.3333, "debt_created_points": 0.0, "debt_resolved_points": 2.0,
         "period_end": T("2026-03-31"), "days": 31, "partial": False},
    ]


def test_debt_trend_open_debt_moves_by_net_flow():
    trend = debt_trend(issues(), SINCE, UNTIL, "week")
    before = 1                                  # D-1 was open at the end of 2025-12-31
    assert list(trend["open_debt_items"]) == list(before + trend["net_flow"].cumsum())


def test_debt_trend_single_period_cut_at_until():
    trend = debt_trend(issues(), date(2026, 2, 3), date(2026, 2, 3), "week")
    assert records(trend, ["period_start", "period_end", "days", "open_debt_items", "open_items", "debt_share",
                           "debt_created", "debt_resolved", "net_flow"]) == [
        {"period_start": T("2026-02-02"), "period_end": T("2026-02-03"), "days": 1, "open_debt_items": 3,
         "open_items": 4, "debt_share": 0.75, "debt_created": 1, "debt_resolved": 1, "net_flow": 0}]


def test_debt_trend_nothing_open_gives_no_share():
    trend = debt_trend(issues(), date(2025, 1, 1), date(2025, 1, 31), "month")
    assert records(trend, ["open_debt_items", "open_items", "debt_share", "debt_share_points"]) == [
        {"open_debt_items": 0, "open_items": 0, "debt_share": None, "debt_share_points": None}]


def test_debt_trend_empty():
    trend = debt_trend(issues().iloc[:0], SINCE, UNTIL, "month")
    assert list(trend.columns) == TREND_COLUMNS and trend.empty
    assert trend["period_start"].dtype == "datetime64[us]" and trend["open_debt_items"].dtype == "int64"


def test_debt_as_recorded_counts_open_status_in_each_import():
    snapshots = pd.DataFrame([
        (1, "2026-01-31 10:00", "D-1", "todo", 3.0), (1, "2026-01-31 10:00", "D-2", "todo", None),
        (1, "2026-01-31 10:00", "F-1", "todo", 5.0),
        (2, "2026-03-01 10:00", "D-1", "todo", 3.0), (2, "2026-03-01 10:00", "D-2", "done", None),
        (2, "2026-03-01 10:00", "F-1", "in_progress", 5.0), (2, "2026-03-01 10:00", "F-2", "todo", 3.0),
        (2, "2026-03-01 10:00", "X-9", "todo", 1.0),                                # not in the selection
        (0, "2025-06-01 10:00", "D-1", "todo", 3.0),                                # before the range
    ], columns=["import_id", "as_of", "key", "status_category", "story_points"])
    snapshots["as_of"] = pd.to_datetime(snapshots["as_of"], utc=True)
    out = debt_as_recorded(snapshots, issues(), SINCE, UNTIL, default_points=2.0)
    assert records(out) == [
        {"import_id": 1, "as_of": T("2026-01-31"), "open_debt_items": 2, "open_debt_points": 5.0,
         "open_items": 3, "debt_share": 0.6667},
        {"import_id": 2, "as_of": T("2026-03-01"), "open_debt_items": 1, "open_debt_points": 3.0,
         "open_items": 3, "debt_share": 0.3333},
    ]
    assert debt_as_recorded(snapshots.iloc[:0], issues(), SINCE, UNTIL).empty


# ---------------------------------------------------------------- 2. age
def test_open_debt_ages_oldest_first():
    ages = open_debt_ages(issues(), date(2026, 2, 5))
    assert records(ages, ["key", "team", "age_days", "story_points"]) == [
        {"key": "D-1", "team": "A", "age_days": 57, "story_points": 3.0},
        {"key": "D-2", "team": "A", "age_days": 31, "story_points": None},
        {"key": "D-5", "team": "B", "age_days": 16, "story_points": 2.0},
    ]
    assert list(ages.columns[:3]) == ["key", "team", "age_days"] and "url" in ages
    assert list(oldest_debt(ages, 2)["key"]) == ["D-1", "D-2"]


def age_frame(ages, day=date(2026, 6, 30)):
    rows = [(f"D-{i}", "A", "debt", (pd.Timestamp(day) - pd.Timedelta(days=a)).isoformat(), None, "2026-01-01",
             "todo", float(i), [], None) for i, a in enumerate(ages, start=1)]
    return issues(rows)


def test_debt_age_median_p85_and_buckets_at_their_edges():
    ages = open_debt_ages(age_frame([10, 40, 100, 200, 365, 401]), date(2026, 6, 30))
    assert debt_age(ages) == DebtAge(6, 150.0, 374.0)          # p85: 365 + 0.25 * (401 - 365)
    assert records(debt_age_buckets(ages)) == [
        {"bucket": "under 30 days", "open_debt_items": 1, "open_debt_points": 1.0},
        {"bucket": "30–89 days", "open_debt_items": 1, "open_debt_points": 2.0},
        {"bucket": "90–179 days", "open_debt_items": 1, "open_debt_points": 3.0},
        {"bucket": "180–365 days", "open_debt_items": 2, "open_debt_points": 9.0},   # 200 and 365 days
        {"bucket": "over a year", "open_debt_items": 1, "open_debt_points": 6.0},
    ]
    edges = open_debt_ages(age_frame([29, 30, 89, 90, 179, 180, 366]), date(2026, 6, 30))
    assert list(debt_age_buckets(edges)["open_debt_items"]) == [1, 2, 2, 1, 1]


def test_debt_age_empty():
    ages = open_debt_ages(issues().iloc[:0], date(2026, 2, 5))
    assert ages.empty and list(ages.columns[:3]) == ["key", "team", "age_days"]
    assert debt_age(ages) == DebtAge(0, None, None)
    assert records(debt_age_buckets(ages)) == [
        {"bucket": b, "open_debt_items": 0, "open_debt_points": 0.0} for b in AGE_BUCKETS]


# ---------------------------------------------------------------- 3. where it sits
def test_debt_by_area_team_component_epic():
    frame, day = issues(), date(2026, 2, 5)
    columns = ["area", "open_debt_items", "open_debt_points", "median_age_days", "share_of_open_debt"]
    assert records(debt_by_area(frame, day, "team", default_points=2.0), columns) == [
        {"area": "A", "open_debt_items": 2, "open_debt_points": 5.0, "median_age_days": 44.0, "share_of_open_debt": 0.6667},
        {"area": "B", "open_debt_items": 1, "open_debt_points": 2.0, "median_age_days": 16.0, "share_of_open_debt": 0.3333},
    ]
    # D-2 sits in two components and counts in each
    assert records(debt_by_area(frame, day, "component", default_points=2.0), columns) == [
        {"area": "search-index", "open_debt_items": 2, "open_debt_points": 5.0, "median_age_days": 44.0,
         "share_of_open_debt": 0.6667},
        {"area": "(no component)", "open_debt_items": 1, "open_debt_points": 2.0, "median_age_days": 16.0,
         "share_of_open_debt": 0.3333},
        {"area": "legacy-pricing", "open_debt_items": 1, "open_debt_points": 2.0, "median_age_days": 31.0,
         "share_of_open_debt": 0.3333},
    ]
    epic = debt_by_area(frame, day, "epic", default_points=2.0)
    assert records(epic, ["area_type", "area", "open_debt_items"]) == [
        {"area_type": "epic", "area": "E-1", "open_debt_items": 2},
        {"area_type": "epic", "area": "(no epic)", "open_debt_items": 1}]


def test_debt_by_area_empty_and_nothing_open():
    assert debt_by_area(issues().iloc[:0], date(2026, 2, 5), "team").empty
    assert debt_by_area(issues(), date(2025, 1, 1), "component").empty


# ---------------------------------------------------------------- 4. interest
def test_debt_interest_defects_of_the_last_90_days_beside_open_debt():
    out = debt_interest(issues(), UNTIL, "component")
    # B-1 (2026-03-01) is inside the 90 days, B-2 (2025-12-15) is not; legacy-pricing has neither
    assert records(out) == [{"area": "search-index", "open_debt_items": 1, "open_debt_points": 3.0,
                             "defects_created": 1}]
    # on 2026-02-05 the 90 days start on 2025-11-08: B-2 counts for team A
    assert records(debt_interest(issues(), date(2026, 2, 5), "team")) == [
        {"area": "A", "open_debt_items": 2, "open_debt_points": 4.0, "defects_created": 1},
        {"area": "B", "open_debt_items": 1, "open_debt_points": 2.0, "defects_created": 0}]


def test_debt_interest_empty():
    out = debt_interest(issues().iloc[:0], UNTIL)
    assert out.empty and list(out.columns) == INTEREST_COLUMNS


def interest(debt, defects):
    return pd.DataFrame({"area": [f"c{i}" for i in range(len(debt))], "open_debt_items": debt,
                         "defects_created": defects})


def test_spearman_and_p_value():
    assert spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) == pytest.approx(0.8)
    assert spearman([1, 2, 2, 3], [1, 3, 2, 4]) == pytest.approx(0.9487, abs=1e-4)   # ties get average ranks
    assert spearman([1, 2, 3], [4, 4, 4]) is None
    assert correlation_p_value(0.5, 10) == pytest.approx(0.1411, abs=1e-4)        # t = 1.633, 8 df
    assert correlation_p_value(0.8, 5) == pytest.approx(0.1041, abs=1e-4)         # t = 2.309, 3 df
    assert correlation_p_value(1.0, 5) == 0.0


def test_debt_defect_correlation_verdicts():
    together = debt_defect_correlation(interest([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]))
    assert (together.rho, together.n, together.p_value, together.verdict) == (1.0, 5, 0.0, "together")
    assert together.message.startswith("The areas with the most open debt produce the most new defects")
    assert debt_defect_correlation(interest([1, 2, 3, 4, 5], [5, 4, 3, 2, 1])).verdict == "opposite"
    unclear = debt_defect_correlation(interest([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]))
    assert (unclear.rho, unclear.p_value, unclear.verdict) == (0.8, 0.1041, "unclear")
    few = debt_defect_correlation(interest([1, 2, 3, 4], [1, 2, 3, 4]))
    assert (few.n, few.p_value, few.verdict) == (4, None, "too few")
    flat = debt_defect_correlation(interest([1, 2, 3, 4, 5], [0, 0, 0, 0, 0]))
    assert (flat.rho, flat.verdict) == (None, "unclear")
    empty = debt_defect_correlation(interest([], []))
    assert (empty.rho, empty.n, empty.verdict) == (None, 0, "too few")


# ---------------------------------------------------------------- 5. projection
def trend_rows(open_items, net, ends, days):
    return pd.DataFrame({"period_start": pd.to_datetime(ends) - pd.to_timedelta([d - 1 for d in days], unit="D"),
                         "open_debt_items": open_items, "net_flow": net,
                         "period_end": pd.to_datetime(ends), "days": days})


TREND = trend_rows([16, 15, 14], [5, -1, -1], ["2026-01-10", "2026-01-20", "2026-01-30"], [10, 10, 10])


def test_debt_projection_from_the_last_n_periods():
    p = debt_projection(TREND, last_periods=2, target=10)
    # -2 items over 20 days = -0.1 a day; 2026-04-30 is 90 days on, 2026-07-30 181 days
    assert (p.status, p.as_of, p.open_debt_items, p.basis_periods) == ("ok", date(2026, 1, 30), 14, 2)
    assert (p.net_flow_per_period, p.net_flow_per_30_days) == (-1.0, -3.0)
    assert (p.date_3_months, p.open_debt_in_3_months) == (date(2026, 4, 30), 5.0)
    assert (p.date_6_months, p.open_debt_in_6_months) == (date(2026, 7, 30), 0.0)      # never below zero
    assert p.target_date == date(2026, 3, 11)                                           # 4 items at 0.1 a day
    assert p.message == ("At the net flow of the last 2 periods (-1.0 debt items a period), open debt goes from 14 "
                         "today (30 Jan 2026) to 5 by 30 Apr 2026 and 0 by 30 Jul 2026. It reaches the target of 10 "
                         "on 11 Mar 2026.")
    assert debt_projection(TREND, 2, period_name="sprint").message.startswith(
        "At the net flow of the last 2 sprints (-1.0 debt items a sprint)")


def test_debt_projection_target_never_reached_or_already_there():
    assert debt_projection(TREND, 2, target=20).target_date is None
    assert "never reaches the target of 20" in debt_projection(TREND, 2, target=20).message
    assert debt_projection(TREND, 2, target=14).target_date == date(2026, 1, 30)
    growing = debt_projection(TREND, 3, target=18)          # +3 over 30 days = +0.1 a day: up to 18 in 40 days
    assert (growing.net_flow_per_period, growing.target_date) == (1.0, date(2026, 3, 11))
    assert debt_projection(TREND, 3).target_date is None


def test_debt_projection_too_little_history():
    p = debt_projection(TREND, last_periods=4)
    assert (p.status, p.basis_periods, p.open_debt_items, p.date_3_months) == ("too little history", 3, 14, None)
    assert p.message.startswith("Too little history to project: 4 periods are needed and the selected range has 3")
    empty = debt_projection(TREND.iloc[:0], 8)
    assert (empty.status, empty.as_of, empty.open_debt_items) == ("too little history", None, None)


def test_projection_table_one_row():
    table = projection_table(debt_projection(TREND, 2, target=10))
    assert records(table, ["as_of", "open_debt_items", "open_debt_in_3_months", "target", "target_date", "status"]) == [
        {"as_of": "2026-01-30", "open_debt_items": 14, "open_debt_in_3_months": 5.0, "target": 10,
         "target_date": "2026-03-11", "status": "ok"}]


# ---------------------------------------------------------------- 6. investment
def test_debt_investment_share_of_completed_points_against_weighted_target():
    out = debt_investment(issues(), SINCE, UNTIL, "month", TARGETS, default_points=2.0)
    # target: A completed 2 points (target 0.1), B 10 points (0.2) -> (0.2 + 2.0) / 12
    assert records(out) == [
        {"period_start": T("2026-01-01"), "completed_items": 0, "completed_points": 0.0, "debt_items_completed": 0,
         "debt_points_completed": 0.0, "debt_share_completed": None, "target_debt_share": 0.1833, "gap_pp": None,
         "period_end": T("2026-01-31")},
        {"period_start": T("2026-02-01"), "completed_items": 2, "completed_points": 7.0, "debt_items_completed": 2,
         "debt_points_completed": 7.0, "debt_share_completed": 1.0, "target_debt_share": 0.1833, "gap_pp": 81.7,
         "period_end": T("2026-02-28")},
        {"period_start": T("2026-03-01"), "completed_items": 2, "completed_points": 5.0, "debt_items_completed": 1,
         "debt_points_completed": 2.0, "debt_share_completed": 0.4, "target_debt_share": 0.1833, "gap_pp": 21.7,
         "period_end": T("2026-03-31")},
    ]


def test_weighted_debt_target_single_team_and_nothing_completed():
    frame = issues()
    assert weighted_debt_target(frame[frame["key"] == "D-2"], TARGETS) == 0.1
    assert weighted_debt_target(frame.iloc[:0], TARGETS) == 0.2


def test_debt_investment_empty():
    assert debt_investment(issues().iloc[:0], SINCE, UNTIL, "month", TARGETS).empty


# ---------------------------------------------------------------- headlines
def test_debt_headlines_now_against_the_start_of_the_range():
    out = debt_headlines(issues(), SINCE, UNTIL)      # start: end of 2025-12-31 (D-1 and F-1 open)
    assert records(out) == [
        {"metric": "open_debt_items", "value": 1.0, "value_at_start": 1.0, "change": 0.0, "unit": "items"},
        {"metric": "open_debt_points", "value": 3.0, "value_at_start": 3.0, "change": 0.0, "unit": "points"},
        {"metric": "debt_share", "value": 0.3333, "value_at_start": 0.5, "change": -0.1667, "unit": "share"},
        {"metric": "median_age_days", "value": 111.0, "value_at_start": 21.0, "change": 90.0, "unit": "days"},
        {"metric": "p85_age_days", "value": 111.0, "value_at_start": 21.0, "change": 90.0, "unit": "days"},
        {"metric": "debt_created", "value": 3.0, "value_at_start": None, "change": None, "unit": "items"},
        {"metric": "debt_resolved", "value": 3.0, "value_at_start": None, "change": None, "unit": "items"},
        {"metric": "net_flow", "value": 0.0, "value_at_start": None, "change": None, "unit": "items"},
    ]


def test_debt_headlines_empty():
    out = debt_headlines(issues().iloc[:0], SINCE, UNTIL)
    assert records(out, ["metric", "value"])[:3] == [
        {"metric": "open_debt_items", "value": 0.0}, {"metric": "open_debt_points", "value": 0.0},
        {"metric": "debt_share", "value": None}]


def test_debt_investment_measures_each_period_against_the_target_of_its_last_day():
    # A's debt target goes from 0.1 to 0.5 on 15 Feb: January keeps the old weighted target,
    # February and March (ending after the change) use (2 x 0.5 + 10 x 0.2) / 12 = 0.25.
    history = [{"owner": "A", "effective": date(1, 1, 1), "shares": TARGETS["A"]},
               {"owner": "A", "effective": date(2026, 2, 15), "shares": {"feature": 0.5, "debt": 0.5}}]
    targets = {**TARGETS, "A": {"feature": 0.5, "debt": 0.5}}         # today's targets: the changed one
    out = debt_investment(issues(), SINCE, UNTIL, "month", targets, default_points=2.0, history=history)
    assert records(out, ["period_start", "target_debt_share", "gap_pp"]) == [
        {"period_start": T("2026-01-01"), "target_debt_share": 0.1833, "gap_pp": None},
        {"period_start": T("2026-02-01"), "target_debt_share": 0.25, "gap_pp": 75.0},
        {"period_start": T("2026-03-01"), "target_debt_share": 0.25, "gap_pp": 15.0},
    ]
    # without the history, today's targets rewrite January too
    assert set(debt_investment(issues(), SINCE, UNTIL, "month", targets, default_points=2.0)["target_debt_share"]) \
        == {0.25}
