from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis.balance import (allocation_rows, backlog_composition, balance_scores, delivered_balance,
                              delivered_items, flagged_teams, items_without_points, period_grid,
                              period_starts, planned_balance, planned_items, technical_shortfall)
from analysis import balance as balance_module
from analysis.timeline import prepare

T = pd.Timestamp
NAN = float("nan")
TARGETS = {
    "default": {"feature": 0.5, "defect": 0.0, "debt": 0.25, "enabler": 0.25, "architecture": 0.0, "devops": 0.0},
    "A": {"feature": 0.75, "debt": 0.25},
}


def issues(rows):
    """rows: (key, team, category, created, resolved, points[, fix_versions, sprints])"""
    records = []
    for row in rows:
        key, team, category, created, resolved, points, *rest = row
        fix_versions, sprints = (rest + [[], []])[:2] if rest else ([], [])
        records.append({"key": key, "project": key.split("-")[0], "team": team, "category": category,
                        "created": created, "resolved": resolved, "story_points": points,
                        "fix_versions": fix_versions, "sprints": sprints})
    frame = pd.DataFrame(records, columns=["key", "project", "team", "category", "created", "resolved",
                                           "story_points", "fix_versions", "sprints"])
    frame["created"] = pd.to_datetime(frame["created"], utc=True)
    frame["resolved"] = pd.to_datetime(frame["resolved"], utc=True)
    frame["story_points"] = frame["story_points"].astype("float64")
    frame["updated"] = frame["created"]
    frame["status_category"] = np.where(frame["resolved"].notna(), "done", "todo")
    frame["category_source"] = "rule"
    frame["category_reason"] = "test"
    frame["issue_type"] = "Story"
    frame["summary"] = "s " + frame["key"]
    frame["url"] = None
    return prepare(frame)


JANUARY = [
    ("A-1", "A", "feature", "2025-12-01", "2026-01-05", 3.0),
    ("A-2", "A", "debt", "2025-12-01", "2026-01-20", None),        # no points: counts 1
    ("B-1", "B", "feature", "2025-12-01", "2026-01-10", 4.0),      # team B has no target: default
    ("A-3", "A", "feature", "2025-12-01", None, 8.0),              # still open: not delivered
    ("A-4", "A", "feature", "2025-11-01", "2025-12-31", 5.0),      # before the window
]


def balance(rows, by="points", period="month", since=date(2026, 1, 1), until=date(2026, 3, 31)):
    return delivered_balance(issues(rows), since, until, period, by, TARGETS, 1.0)


def row(start, team, category, points, items, share, target, drift):
    return {"period_start": T(start), "team": team, "category": category, "points": points, "items": items,
            "share": share, "target_share": target, "drift_pp": drift}


def test_delivered_balance_by_points_with_default_points_and_default_target():
    assert balance(JANUARY).to_dict("records") == [
        row("2026-01-01", "A", "feature", 3.0, 1, 0.75, 0.75, 0.0),
        row("2026-01-01", "A", "debt", 1.0, 1, 0.25, 0.25, 0.0),
        # B has no target of its own: the default (50 / 0 / 25 / 25); zero-work categories with
        # a target show share 0 so the drift is visible
        row("2026-01-01", "B", "feature", 4.0, 1, 1.0, 0.5, 50.0),
        row("2026-01-01", "B", "debt", 0.0, 0, 0.0, 0.25, -25.0),
        row("2026-01-01", "B", "enabler", 0.0, 0, 0.0, 0.25, -25.0),
    ]


def test_delivered_balance_by_items_counts_each_item_once():
    out = balance(JANUARY, by="items")
    assert out[out["team"] == "A"][["category", "points", "items", "share", "drift_pp"]].to_dict("records") == [
        {"category": "feature", "points": 3.0, "items": 1, "share": 0.5, "drift_pp": -25.0},
        {"category": "debt", "points": 1.0, "items": 1, "share": 0.5, "drift_pp": 25.0},
    ]


def test_items_without_points_are_counted_and_the_default_is_configurable():
    frame = issues(JANUARY)
    assert items_without_points(frame, date(2026, 1, 1), date(2026, 3, 31)) == 1
    out = delivered_balance(frame, date(2026, 1, 1), date(2026, 3, 31), "month", "points", TARGETS, 3.0)
    assert out[out["team"] == "A"][["category", "points", "share", "drift_pp"]].to_dict("records") == [
        {"category": "feature", "points": 3.0, "share": 0.5, "drift_pp": -25.0},
        {"category": "debt", "points": 3.0, "share": 0.5, "drift_pp": 25.0},
    ]


def test_items_without_a_team_are_grouped_as_no_team():
    out = balance([("X-1", None, "devops", "2025-12-01", "2026-02-02", 2.0)])
    assert out[["period_start", "team", "category", "share", "drift_pp"]].to_dict("records") == [
        {"period_start": T("2026-02-01"), "team": "(no team)", "category": "feature", "share": 0.0, "drift_pp": -50.0},
        {"period_start": T("2026-02-01"), "team": "(no team)", "category": "debt", "share": 0.0, "drift_pp": -25.0},
        {"period_start": T("2026-02-01"), "team": "(no team)", "category": "enabler", "share": 0.0, "drift_pp": -25.0},
        {"period_start": T("2026-02-01"), "team": "(no team)", "category": "devops", "share": 1.0, "drift_pp": 100.0},
    ]


def test_drift_is_rounded_to_one_decimal_share_is_a_fraction_of_the_team_total():
    out = balance([("A-1", "A", "feature", "2025-12-01", "2026-01-05", 2.0),
                   ("A-2", "A", "debt", "2025-12-01", "2026-01-06", 1.0)])
    assert out[["category", "share", "drift_pp"]].to_dict("records") == [
        {"category": "feature", "share": 0.666667, "drift_pp": -8.3},
        {"category": "debt", "share": 0.333333, "drift_pp": 8.3},
    ]


def test_period_with_zero_completed_work_has_no_rows_and_no_score():
    rows = [("A-1", "A", "feature", "2025-12-01", "2026-01-05", 3.0),
            ("A-2", "A", "debt", "2025-12-01", "2026-03-05", 1.0),
            ("A-3", "A", "debt", "2025-12-01", "2026-02-05", 0.0)]   # zero points: no weight in February
    out = balance(rows)
    assert sorted(set(out["period_start"])) == [T("2026-01-01"), T("2026-03-01")]
    scores = balance_scores(out, date(2026, 1, 1), date(2026, 3, 31), "month")
    records = scores.to_dict("records")
    assert records[0] == {"period_start": T("2026-01-01"), "team": "A", "score": 75.0}
    assert records[1]["period_start"] == T("2026-02-01") and np.isnan(records[1]["score"])
    assert records[2] == {"period_start": T("2026-03-01"), "team": "A", "score": 25.0}
    # by items the zero-point item is work
    assert sorted(set(balance(rows, by="items")["period_start"])) == [T("2026-01-01"), T("2026-02-01"), T("2026-03-01")]


def test_balance_scores_are_100_times_one_minus_total_variation_distance():
    scores = balance_scores(balance(JANUARY), date(2026, 1, 1), date(2026, 1, 31), "month")
    # A on target; B: |1-.5| + .25 + .25 = 1, half of it = .5 -> 50
    assert scores.to_dict("records") == [
        {"period_start": T("2026-01-01"), "team": "A", "score": 100.0},
        {"period_start": T("2026-01-01"), "team": "B", "score": 50.0},
    ]


def test_sprint_periods_are_two_weeks_anchored_on_the_monday_before_since():
    since = date(2026, 1, 7)      # a Wednesday: sprints start Monday 5 January
    days = pd.Series([T("2026-01-07"), T("2026-01-18"), T("2026-01-19"), T("2026-02-01"), T("2026-02-02")])
    assert list(period_starts(days, "sprint", since)) == [
        T("2026-01-05"), T("2026-01-05"), T("2026-01-19"), T("2026-01-19"), T("2026-02-02")]
    assert list(period_grid(since, date(2026, 2, 2), "sprint")) == [T("2026-01-05"), T("2026-01-19"), T("2026-02-02")]
    out = balance([("A-1", "A", "feature", "2025-12-01", "2026-01-18", 3.0)], period="sprint", since=since)
    assert list(out["period_start"]) == [T("2026-01-05"), T("2026-01-05")]


def test_month_and_quarter_periods():
    days = pd.Series([T("2026-02-14"), T("2026-06-30"), T("2026-07-01")])
    assert list(period_starts(days, "month", date(2026, 1, 1))) == [T("2026-02-01"), T("2026-06-01"), T("2026-07-01")]
    assert list(period_starts(days, "quarter", date(2026, 1, 1))) == [T("2026-01-01"), T("2026-04-01"), T("2026-07-01")]
    assert list(period_grid(date(2026, 2, 10), date(2026, 7, 1), "quarter")) == [
        T("2026-01-01"), T("2026-04-01"), T("2026-07-01")]
    with pytest.raises(ValueError):
        period_starts(days, "fortnight", date(2026, 1, 1))


def test_delivered_balance_empty():
    out = balance([])
    assert out.empty
    assert list(out.columns) == ["period_start", "team", "category", "points", "items", "share",
                                 "target_share", "drift_pp"]
    assert balance_scores(out, date(2026, 1, 1), date(2026, 3, 31), "month").to_dict("records") == []
    assert list(balance_scores(out, date(2026, 1, 1), date(2026, 3, 31), "month").columns) == [
        "period_start", "team", "score"]
    assert allocation_rows(pd.DataFrame(columns=["team", "category", "points", "items", "weight"]), [],
                           TARGETS).to_dict("records") == []


# ---------------------------------------------------------------- three periods in a row
def shortfall_rows():
    # A's technical target is 25 % (debt); B's is the default 50 % (debt + enabler)
    return [
        ("A-1", "A", "feature", "2025-12-01", "2026-01-05", 1.0),       # Jan: 0 % technical
        ("A-2", "A", "feature", "2025-12-01", "2026-02-05", 3.0),       # Feb: 25 % - 3/4 feature, 1/4 debt:
        ("A-3", "A", "debt", "2025-12-01", "2026-02-06", 1.0),          #      on target, not below
        ("A-4", "A", "feature", "2025-12-01", "2026-03-05", 1.0),       # Mar, Apr, May: 0 % -> 3 in a row
        ("A-5", "A", "feature", "2025-12-01", "2026-04-05", 1.0),
        ("A-6", "A", "feature", "2025-12-01", "2026-05-05", 1.0),
        ("B-1", "B", "feature", "2025-12-01", "2026-01-05", 1.0),       # Jan, Feb below
        ("B-2", "B", "feature", "2025-12-01", "2026-02-05", 1.0),       # Mar: no work, breaks the run
        ("B-3", "B", "feature", "2025-12-01", "2026-04-05", 1.0),       # Apr, May below
        ("B-4", "B", "enabler", "2025-12-01", "2026-05-05", 1.0),
        ("B-5", "B", "feature", "2025-12-01", "2026-05-06", 1.0),
    ]


def test_technical_shortfall_three_periods_in_a_row_and_no_data_breaks_the_run():
    since, until = date(2026, 1, 1), date(2026, 5, 31)
    out = technical_shortfall(balance(shortfall_rows(), since=since, until=until), since, until, "month")
    a = out[out["team"] == "A"]
    assert a[["period_start", "technical_share", "technical_target", "below_target",
              "periods_below_in_a_row", "flagged"]].to_dict("records") == [
        {"period_start": T("2026-01-01"), "technical_share": 0.0, "technical_target": 0.25, "below_target": True,
         "periods_below_in_a_row": 1, "flagged": False},
        {"period_start": T("2026-02-01"), "technical_share": 0.25, "technical_target": 0.25, "below_target": False,
         "periods_below_in_a_row": 0, "flagged": False},
        {"period_start": T("2026-03-01"), "technical_share": 0.0, "technical_target": 0.25, "below_target": True,
         "periods_below_in_a_row": 1, "flagged": False},
        {"period_start": T("2026-04-01"), "technical_share": 0.0, "technical_target": 0.25, "below_target": True,
         "periods_below_in_a_row": 2, "flagged": False},
        {"period_start": T("2026-05-01"), "technical_share": 0.0, "technical_target": 0.25, "below_target": True,
         "periods_below_in_a_row": 3, "flagged": True},
    ]
    b = out[out["team"] == "B"]
    # B (default target: 50 % technical) is below in Jan and Feb, has no work in March (no data:
    # NaN, not below, the run restarts), is below in April and on target in May
    assert b[["period_start", "below_target", "periods_below_in_a_row", "flagged"]].to_dict("records") == [
        {"period_start": T("2026-01-01"), "below_target": True, "periods_below_in_a_row": 1, "flagged": False},
        {"period_start": T("2026-02-01"), "below_target": True, "periods_below_in_a_row": 2, "flagged": False},
        {"period_start": T("2026-03-01"), "below_target": False, "periods_below_in_a_row": 0, "flagged": False},
        {"period_start": T("2026-04-01"), "below_target": True, "periods_below_in_a_row": 1, "flagged": False},
        {"period_start": T("2026-05-01"), "below_target": False, "periods_below_in_a_row": 0, "flagged": False},
    ]
    assert b["technical_share"].tolist()[:2] + b["technical_share"].tolist()[3:] == [0.0, 0.0, 0.0, 0.5]
    assert b["technical_share"].isna().tolist() == [False, False, True, False, False]
    assert b["technical_target"].isna().tolist() == [False, False, True, False, False]
    assert flagged_teams(out).to_dict("records") == [
        {"team": "A", "first_period": T("2026-03-01"), "last_period": T("2026-05-01"), "periods_below": 3,
         "ongoing": True}]


def test_flagged_teams_reports_the_latest_run_and_whether_it_is_ongoing():
    since, until = date(2026, 1, 1), date(2026, 6, 30)
    rows = shortfall_rows() + [("A-7", "A", "debt", "2025-12-01", "2026-06-05", 1.0)]   # June: 100 % debt
    out = technical_shortfall(balance(rows, since=since, until=until), since, until, "month")
    assert flagged_teams(out).to_dict("records") == [
        {"team": "A", "first_period": T("2026-03-01"), "last_period": T("2026-05-01"), "periods_below": 3,
         "ongoing": False}]


def test_technical_shortfall_empty():
    empty = balance([])
    out = technical_shortfall(empty, date(2026, 1, 1), date(2026, 3, 31), "month")
    assert out.to_dict("records") == []
    assert list(out.columns) == ["period_start", "team", "technical_share", "technical_target", "below_target",
                                 "periods_below_in_a_row", "flagged"]
    assert flagged_teams(out).to_dict("records") == []
    assert list(flagged_teams(out).columns) == ["team", "first_period", "last_period", "periods_below", "ongoing"]


# ---------------------------------------------------------------- planned work
SPRINTS = pd.DataFrame({"name": ["S1", "S2", "S3"], "state": ["closed", "active", "future"]})
VERSIONS = pd.DataFrame({
    "name": ["1.0", "1.1", "1.2", "2.0", "1.1"],
    "project": ["P", "P", "P", "P", "Q"],
    "release_date": [T("2026-02-01"), T("2026-05-01"), T("2026-07-01"), pd.NaT, T("2026-01-01")],
    "released": [True, False, False, None, True],
})
REFERENCE = date(2026, 3, 1)
PLANNED = [
    ("P-1", "A", "feature", "2026-01-01", None, 3.0, ["1.2", "1.1"], []),     # earliest unreleased: 1.1
    ("P-2", "A", "debt", "2026-01-01", None, 2.0, [], ["S2", "S3"]),          # future sprint only
    ("P-3", "A", "feature", "2026-01-01", None, 5.0, ["1.0"], ["S1"]),        # released, closed: backlog
    ("P-4", "A", "feature", "2026-01-01", "2026-02-10", 1.0, ["1.1"], []),    # done: not planned
    ("P-5", "B", "enabler", "2026-01-01", None, None, ["1.1"], ["S3"]),       # no points
    ("P-6", "B", "feature", "2026-01-01", None, 1.0, ["2.0"], []),            # unknown state: unreleased
    ("Q-1", "B", "feature", "2026-01-01", None, 1.0, ["1.1"], []),            # Q's 1.1 is released
    ("P-7", "B", "feature", "2025-01-01", None, 1.0, [], ["S2"]),             # active sprint: not planned
]


def test_planned_items_release_is_the_earliest_unreleased_version_else_next_sprints():
    out = planned_items(issues(PLANNED), SPRINTS, VERSIONS, REFERENCE, 1.0)
    assert out[["release", "release_date", "key", "points"]].to_dict("records") == [
        {"release": "1.1", "release_date": T("2026-05-01"), "key": "P-1", "points": 3.0},
        {"release": "1.1", "release_date": T("2026-05-01"), "key": "P-5", "points": 1.0},
        {"release": "2.0", "release_date": pd.NaT, "key": "P-6", "points": 1.0},
        {"release": "next sprints", "release_date": pd.NaT, "key": "P-2", "points": 2.0},
    ]


def test_planned_balance_per_release_and_team():
    out = planned_balance(issues(PLANNED), SPRINTS, VERSIONS, REFERENCE, "points", TARGETS, 1.0)
    assert out[["release", "team", "category", "points", "items", "share", "target_share", "drift_pp"]].to_dict(
        "records") == [
        {"release": "1.1", "team": "A", "category": "feature", "points": 3.0, "items": 1, "share": 1.0,
         "target_share": 0.75, "drift_pp": 25.0},
        {"release": "1.1", "team": "A", "category": "debt", "points": 0.0, "items": 0, "share": 0.0,
         "target_share": 0.25, "drift_pp": -25.0},
        {"release": "1.1", "team": "B", "category": "feature", "points": 0.0, "items": 0, "share": 0.0,
         "target_share": 0.5, "drift_pp": -50.0},
        {"release": "1.1", "team": "B", "category": "debt", "points": 0.0, "items": 0, "share": 0.0,
         "target_share": 0.25, "drift_pp": -25.0},
        {"release": "1.1", "team": "B", "category": "enabler", "points": 1.0, "items": 1, "share": 1.0,
         "target_share": 0.25, "drift_pp": 75.0},
        {"release": "2.0", "team": "B", "category": "feature", "points": 1.0, "items": 1, "share": 1.0,
         "target_share": 0.5, "drift_pp": 50.0},
        {"release": "2.0", "team": "B", "category": "debt", "points": 0.0, "items": 0, "share": 0.0,
         "target_share": 0.25, "drift_pp": -25.0},
        {"release": "2.0", "team": "B", "category": "enabler", "points": 0.0, "items": 0, "share": 0.0,
         "target_share": 0.25, "drift_pp": -25.0},
        {"release": "next sprints", "team": "A", "category": "feature", "points": 0.0, "items": 0, "share": 0.0,
         "target_share": 0.75, "drift_pp": -75.0},
        {"release": "next sprints", "team": "A", "category": "debt", "points": 2.0, "items": 1, "share": 1.0,
         "target_share": 0.25, "drift_pp": 75.0},
    ]
    assert list(out.columns) == ["release", "release_date", "team", "category", "points", "items", "share",
                                 "target_share", "drift_pp"]


def test_planned_balance_empty():
    out = planned_balance(issues([]), SPRINTS, VERSIONS, REFERENCE, "points", TARGETS, 1.0)
    assert out.to_dict("records") == []
    assert list(out.columns) == ["release", "release_date", "team", "category", "points", "items", "share",
                                 "target_share", "drift_pp"]
    none_planned = issues([("P-3", "A", "feature", "2026-01-01", None, 5.0, ["1.0"], ["S1"])])
    assert planned_balance(none_planned, SPRINTS, VERSIONS.iloc[:0], REFERENCE, "items", TARGETS, 1.0).empty
    assert planned_items(none_planned, SPRINTS.iloc[:0], VERSIONS, REFERENCE, 1.0).to_dict("records") == []


# ---------------------------------------------------------------- backlog composition
def test_backlog_composition_by_category_and_age_with_unplanned_work():
    rows = PLANNED + [("D-1", "A", "debt", "2025-01-01", None, None),        # 424 days old, unplanned
                      ("D-2", "A", "debt", "2026-02-15", None, 2.0)]         # 14 days old, unplanned
    out = backlog_composition(issues(rows), SPRINTS, VERSIONS, REFERENCE, 1.0)
    assert out.to_dict("records") == [
        {"category": "feature", "age_bucket": "30–89 days", "items": 4, "points": 10.0,
         "unplanned_items": 2, "unplanned_points": 6.0},         # P-3, Q-1 unplanned; P-1, P-6 planned
        {"category": "feature", "age_bucket": "over a year", "items": 1, "points": 1.0,
         "unplanned_items": 1, "unplanned_points": 1.0},         # P-7 (active sprint only)
        {"category": "debt", "age_bucket": "under 30 days", "items": 1, "points": 2.0,
         "unplanned_items": 1, "unplanned_points": 2.0},
        {"category": "debt", "age_bucket": "30–89 days", "items": 1, "points": 2.0,
         "unplanned_items": 0, "unplanned_points": 0.0},
        {"category": "debt", "age_bucket": "over a year", "items": 1, "points": 1.0,
         "unplanned_items": 1, "unplanned_points": 1.0},
        {"category": "enabler", "age_bucket": "30–89 days", "items": 1, "points": 1.0,
         "unplanned_items": 0, "unplanned_points": 0.0},
    ]


def test_backlog_composition_empty():
    out = backlog_composition(issues([]), SPRINTS, VERSIONS, REFERENCE, 1.0)
    assert out.to_dict("records") == []
    assert list(out.columns) == ["category", "age_bucket", "items", "points", "unplanned_items", "unplanned_points"]


# ---------------------------------------------------------------- drill-down
def test_delivered_items_lists_the_work_behind_the_shares():
    out = delivered_items(issues(JANUARY), date(2026, 1, 1), date(2026, 3, 31), "month", 1.0)
    assert out[["period_start", "resolved_day", "key", "team", "category", "points"]].to_dict("records") == [
        {"period_start": T("2026-01-01"), "resolved_day": T("2026-01-05"), "key": "A-1", "team": "A",
         "category": "feature", "points": 3.0},
        {"period_start": T("2026-01-01"), "resolved_day": T("2026-01-20"), "key": "A-2", "team": "A",
         "category": "debt", "points": 1.0},        # no story points: counted as the default
        {"period_start": T("2026-01-01"), "resolved_day": T("2026-01-10"), "key": "B-1", "team": "B",
         "category": "feature", "points": 4.0},
    ]
    assert out["story_points"].isna().tolist() == [False, True, False]


def test_delivered_items_empty():
    out = delivered_items(issues([]), date(2026, 1, 1), date(2026, 3, 31), "month", 1.0)
    assert out.to_dict("records") == []
    assert list(out.columns)[:3] == ["period_start", "resolved_day", "key"]
    assert items_without_points(issues([]), date(2026, 1, 1), date(2026, 3, 31)) == 0


# ---------------------------------------------------------------- technical share over the whole period
def test_technical_share_over_period_per_team_and_for_all_teams():
    from analysis.balance import technical_share_over_period
    rows = [("A-1", "A", "feature", "2025-12-01", "2026-01-05", 3.0),
            ("A-2", "A", "debt", "2025-12-01", "2026-02-20", 1.0),
            ("B-1", "B", "enabler", "2025-12-01", "2026-01-10", 2.0),
            ("B-2", "B", "feature", "2025-12-01", "2026-02-10", 2.0)]
    out = technical_share_over_period(balance(rows), "points")
    # A: 1 of 4 points technical, target 0.25 (debt) in both months; B (default): 2 of 4, target 0.5
    assert out.to_dict("records") == [
        {"team": "A", "work": 4.0, "technical_work": 1.0, "technical_share": 0.25, "technical_target": 0.25,
         "gap_pp": 0.0},
        {"team": "B", "work": 4.0, "technical_work": 2.0, "technical_share": 0.5, "technical_target": 0.5,
         "gap_pp": 0.0},
        {"team": "all teams", "work": 8.0, "technical_work": 3.0, "technical_share": 0.375,
         "technical_target": 0.375, "gap_pp": 0.0},
    ]
    by_items = technical_share_over_period(balance(rows, by="items"), "items")
    assert by_items.set_index("team")["technical_share"].to_dict() == {"A": 0.5, "B": 0.5, "all teams": 0.5}


def test_technical_share_over_period_empty():
    from analysis.balance import technical_share_over_period
    out = technical_share_over_period(balance([]), "points")
    assert out.to_dict("records") == []
    assert list(out.columns) == ["team", "work", "technical_work", "technical_share", "technical_target", "gap_pp"]


# ---------------------------------------------------------------- target history
def test_a_target_changed_later_does_not_rewrite_earlier_periods():
    rows = [("A-1", "A", "feature", "2025-12-01", "2026-01-05", 3.0),
            ("A-2", "A", "debt", "2025-12-01", "2026-01-20", 1.0),
            ("A-3", "A", "debt", "2025-12-01", "2026-02-20", 1.0)]
    new_a = {"feature": 0.5, "defect": 0.0, "debt": 0.5, "enabler": 0.0, "architecture": 0.0, "devops": 0.0}
    history = [{"owner": "A", "effective": date(1, 1, 1), "shares": TARGETS["A"]},
               {"owner": "A", "effective": date(2026, 2, 1), "shares": new_a}]
    out = delivered_balance(issues(rows), date(2026, 1, 1), date(2026, 2, 28), "month", "points",
                            {**TARGETS, "A": new_a}, 1.0, history)
    debt_target = out[out["category"] == "debt"].set_index("period_start")["target_share"].to_dict()
    assert debt_target == {T("2026-01-01"): 0.25, T("2026-02-01"): 0.5}     # January keeps the old target
    without = delivered_balance(issues(rows), date(2026, 1, 1), date(2026, 2, 28), "month", "points",
                                {**TARGETS, "A": new_a}, 1.0)
    assert set(without[without["category"] == "debt"]["target_share"]) == {0.5}


def test_targets_on_a_day_and_an_owner_back_on_the_default():
    from analysis.allocation import targets_on
    history = [{"owner": "A", "effective": date(1, 1, 1), "shares": TARGETS["A"]},
               {"owner": "A", "effective": date(2026, 3, 1), "shares": None}]
    current = {"default": TARGETS["default"]}
    assert targets_on(current, history, date(2026, 2, 28))["A"] == TARGETS["A"]
    assert "A" not in targets_on(current, history, date(2026, 3, 1))
    assert targets_on(current, [], date(2026, 3, 1)) is current


def test_items_closed_as_not_planned_or_canceled_are_not_delivered_work():
    import pandas as pd
    from analysis.balance import delivered_items
    from analysis.timeline import prepare
    issues = prepare(pd.DataFrame({
        "key": ["G-1", "G-2", "G-3", "G-4"], "team": ["T"] * 4, "category": ["feature"] * 4,
        "issue_type": ["Issue"] * 4, "summary": ["a", "b", "c", "d"], "story_points": [1.0, 2.0, 3.0, 5.0],
        "status_category": ["done"] * 4, "resolution": ["Completed", "Not planned", "Canceled", "Won't Do"],
        "created": pd.to_datetime(["2024-01-02"] * 4, utc=True),
        "updated": pd.to_datetime(["2024-01-10"] * 4, utc=True),
        "resolved": pd.to_datetime(["2024-01-10"] * 4, utc=True)}))
    out = delivered_items(issues, pd.Timestamp("2024-01-01").date(), pd.Timestamp("2024-01-31").date(), "month", 1.0)
    assert out["key"].tolist() == ["G-1"]      # Jira's Won't Do is dropped work too (periods.delivered)


# ---------------------------------------------------------------- shares per team, team to watch
def _two_months():
    """Team A: 10 points in January (target feature 50 %), 10 in February (target feature 80 %)."""
    return pd.DataFrame([
        dict(period_start=pd.Timestamp("2026-01-01"), team="A", category="feature", points=6.0, items=2, share=0.6,
             target_share=0.5, drift_pp=10.0),
        dict(period_start=pd.Timestamp("2026-01-01"), team="A", category="debt", points=4.0, items=1, share=0.4,
             target_share=0.5, drift_pp=-10.0),
        dict(period_start=pd.Timestamp("2026-02-01"), team="A", category="feature", points=10.0, items=1, share=1.0,
             target_share=0.8, drift_pp=20.0),
        dict(period_start=pd.Timestamp("2026-02-01"), team="A", category="debt", points=0.0, items=0, share=0.0,
             target_share=0.2, drift_pp=-20.0),
        dict(period_start=pd.Timestamp("2026-02-01"), team="B", category="devops", points=2.0, items=1, share=1.0,
             target_share=0.0, drift_pp=100.0),
    ])


def test_shares_per_team_weigh_each_periods_target_by_its_work():
    assert balance_module.shares_per_team(_two_months(), "points").to_dict("records") == [
        {"team": "A", "category": "feature", "points": 16.0, "items": 3, "share": 0.8, "target_share": 0.65,
         "drift_pp": 15.0},
        {"team": "A", "category": "debt", "points": 4.0, "items": 1, "share": 0.2, "target_share": 0.35,
         "drift_pp": -15.0},
        {"team": "B", "category": "devops", "points": 2.0, "items": 1, "share": 1.0, "target_share": 0.0,
         "drift_pp": 100.0}]
    # by items: January's 3 items weigh its target three times February's 1 item
    by_items = balance_module.shares_per_team(_two_months(), "items")
    assert by_items[by_items["team"] == "A"][["share", "target_share", "drift_pp"]].to_dict("records") == [
        {"share": 0.75, "target_share": 0.575, "drift_pp": 17.5}, {"share": 0.25, "target_share": 0.425,
                                                                   "drift_pp": -17.5}]


def test_shares_per_team_of_planned_releases_and_of_nothing():
    planned = _two_months().rename(columns={"period_start": "release"}).assign(release=lambda f: f["release"].astype(str))
    assert balance_module.shares_per_team(planned, "points")["share"].tolist() == [0.8, 0.2, 1.0]
    empty = balance_module.shares_per_team(_two_months().iloc[:0], "points")
    assert empty.empty and list(empty.columns) == balance_module.TEAM_SHARE_COLUMNS


def test_team_to_watch_prefers_an_ongoing_run_then_the_longest_then_the_furthest_below():
    over = pd.DataFrame({"team": ["A", "B", balance_module.NO_TEAM, balance_module.ALL_TEAMS], "gap_pp": [-2.0, -9.0, -50.0, -60.0]})
    flagged = pd.DataFrame({"team": ["A", "B", "C"], "periods_below": [3, 5, 4], "ongoing": [True, False, True]})
    assert balance_module.team_to_watch(over, flagged) == "C"             # ongoing, longer than A's run
    assert balance_module.team_to_watch(over, flagged[~flagged["ongoing"]]) == "B"
    assert balance_module.team_to_watch(over, flagged.iloc[:0]) == "B"    # furthest below, "(no team)" never chosen
    assert balance_module.team_to_watch(over[over["team"] == balance_module.NO_TEAM], flagged.iloc[:0]) is None
