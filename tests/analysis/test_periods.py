"""The one definitions module: periods incl. quarter, partial periods, age buckets, "now",
and the property that open_counts agrees with counting open_on day by day."""
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import balance, debt, dependencies, periods
from analysis.periods import (AGE_BUCKETS, NO_TEAM, age_bucket, as_of, period_grid, period_label,
                              period_starts, sprint_anchor, start_state_day, team_or_none)
from analysis.timeline import open_counts, open_on

T = pd.Timestamp


def test_every_module_uses_the_one_definition():
    assert debt.AGE_BUCKETS is balance.AGE_BUCKETS is AGE_BUCKETS
    assert debt.period_grid is period_grid
    assert debt.AREA_MISSING["team"] == balance.NO_TEAM == dependencies.NO_GROUP["team"] == NO_TEAM
    assert list(balance.period_grid(date(2026, 2, 10), date(2026, 7, 1), "quarter")) == [
        T("2026-01-01"), T("2026-04-01"), T("2026-07-01")]


def test_quarter_grid_marks_the_cut_first_and_last_periods_as_partial():
    grid = period_grid(date(2026, 3, 30), date(2026, 8, 15), "quarter")
    assert grid[["period_start", "period_end", "days", "partial"]].to_dict("records") == [
        {"period_start": T("2026-01-01"), "period_end": T("2026-03-31"), "days": 2, "partial": True},  # a 2-day stub
        {"period_start": T("2026-04-01"), "period_end": T("2026-06-30"), "days": 91, "partial": False},
        {"period_start": T("2026-07-01"), "period_end": T("2026-08-15"), "days": 46, "partial": True},
    ]


def test_sprints_and_weeks_count_from_the_monday_on_or_before_the_start():
    assert sprint_anchor(date(2026, 1, 15)) == T("2026-01-12")       # a Thursday -> Monday
    days = pd.Series([T("2026-01-12"), T("2026-01-25"), T("2026-01-26")])
    assert list(period_starts(days, "sprint", date(2026, 1, 15))) == [T("2026-01-12"), T("2026-01-12"),
                                                                      T("2026-01-26")]
    assert list(period_starts(days, "week", date(2026, 1, 15))) == [T("2026-01-12"), T("2026-01-19"),
                                                                    T("2026-01-26")]
    with pytest.raises(ValueError):
        period_grid(date(2026, 1, 1), date(2026, 2, 1), "fortnight")


def test_age_buckets_at_their_edges():
    ages = pd.Series([0, 29, 30, 89, 90, 179, 180, 365, 366])
    assert age_bucket(ages).tolist() == ["under 30 days", "under 30 days", "30–89 days", "30–89 days",
                                         "90–179 days", "90–179 days", "180–365 days", "180–365 days", "over a year"]
    assert age_bucket(pd.Series([], dtype="int64")).tolist() == []
    assert len(AGE_BUCKETS) == 5


def test_now_start_labels_and_the_team_fallback():
    assert as_of(date(2026, 12, 31), date(2026, 11, 20)) == date(2026, 11, 20)
    assert as_of(date(2026, 6, 30), date(2026, 11, 20)) == date(2026, 6, 30)
    assert start_state_day(date(2026, 1, 1)) == date(2025, 12, 31)
    assert [period_label("2025-12-01", "month"), period_label("2026-01-01", "quarter"),
            period_label("2026-01-12", "sprint")] == ["Dec 2025", "Q1 2026", "12 Jan 2026"]
    assert team_or_none(pd.Series(["A", None, ""], dtype="object")).tolist() == ["A", NO_TEAM, NO_TEAM]


def test_the_descriptions_are_built_from_the_constants():
    assert all(label in periods.describe_age_buckets() for label in AGE_BUCKETS)
    assert "(366 and more)" in periods.describe_age_buckets()


# ---------------------------------------------------------------- property: open_counts == open_on
START = date(2026, 1, 1)
day_offsets = st.integers(min_value=0, max_value=40)
issue_rows = st.lists(st.tuples(day_offsets, st.one_of(st.none(), st.integers(min_value=0, max_value=40))),
                      max_size=25)


@settings(max_examples=150, deadline=None)
@given(rows=issue_rows, checked=st.lists(day_offsets, min_size=1, max_size=10))
def test_open_counts_equals_counting_open_on_day_by_day(rows, checked):
    # resolved = created + k, so items created and resolved on a checked day (k = 0) occur
    created = [T(START + timedelta(days=c)) for c, _ in rows]
    resolved = [pd.NaT if k is None else T(START + timedelta(days=c + k)) for c, k in rows]
    issues = pd.DataFrame({"created_day": pd.Series(created, dtype="datetime64[us]"),
                           "resolved_day": pd.Series(resolved, dtype="datetime64[us]")})
    days = pd.DatetimeIndex([T(START + timedelta(days=d)) for d in checked])
    expected = [int(open_on(issues, day.date()).sum()) for day in days]
    assert open_counts(issues, days).tolist() == expected
