from datetime import date

import numpy as np
import pandas as pd

from analysis.timeline import done_without_resolved, open_counts, open_on, prepare, total_by_day


def frame(rows):
    return pd.DataFrame(rows, columns=["key", "created", "resolved", "updated", "status_category"]).astype(
        {"created": "datetime64[us, UTC]", "resolved": "datetime64[us, UTC]", "updated": "datetime64[us, UTC]"})


ROWS = [
    ("A-1", "2026-01-01 09:00", None, "2026-01-05 10:00", "todo"),
    ("A-2", "2026-01-02 09:00", "2026-01-02 17:00", "2026-01-02 17:00", "done"),   # same day
    ("A-3", "2026-01-01 09:00", "2026-01-04 08:00", "2026-01-04 08:00", "done"),
    ("A-4", "2026-01-01 09:00", None, "2026-01-03 12:00", "done"),                  # done, no resolved
]


def test_open_on_counts_created_and_not_yet_resolved_days():
    issues = prepare(frame(ROWS))
    assert list(issues.loc[open_on(issues, date(2026, 1, 2)), "key"]) == ["A-1", "A-3", "A-4"]
    assert list(issues.loc[open_on(issues, date(2026, 1, 3)), "key"]) == ["A-1", "A-3"]
    assert list(issues.loc[open_on(issues, date(2026, 1, 4)), "key"]) == ["A-1"]
    assert list(issues.loc[open_on(issues, date(2025, 12, 31)), "key"]) == []


def test_done_without_resolved_uses_last_status_change_when_known():
    changes = pd.DataFrame({"key": ["A-4", "A-4"],
                            "changed_at": pd.to_datetime(["2026-01-02 10:00", "2026-01-02 11:00"], utc=True)})
    issues = prepare(frame(ROWS), changes)
    assert issues.set_index("key").loc["A-4", "resolved_day"] == pd.Timestamp("2026-01-02")
    assert list(done_without_resolved(issues)) == [False, False, False, True]


def test_open_counts_matches_open_on_and_weights():
    issues = prepare(frame(ROWS))
    days = pd.date_range("2025-12-31", "2026-01-05", freq="D")
    assert list(open_counts(issues, days)) == [0, 3, 3, 2, 1, 1]
    weights = pd.Series([1.0, 2.0, 3.0, None])
    assert list(open_counts(issues, days, weights)) == [0, 4, 4, 4, 1, 1]


def test_open_counts_empty():
    issues = prepare(frame([]))
    assert list(open_counts(issues, pd.date_range("2026-01-01", periods=2))) == [0, 0]


def test_total_by_day_counts_on_or_before_and_strictly_before_each_day():
    values = pd.to_datetime(["2026-01-01", "2026-01-03", None, "2025-06-01", "2027-01-01"]).to_numpy("datetime64[us]")
    weights = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    days = pd.to_datetime(["2026-01-01", "2026-01-02", "2026-01-03"])
    assert total_by_day(values, weights, days).tolist() == [9.0, 9.0, 11.0]     # 2025 clipped in, 2027 out, NaT never
    assert total_by_day(values, weights, days, before=True).tolist() == [8.0, 9.0, 9.0]
    assert total_by_day(values, weights, days[:0]).tolist() == []


def test_total_by_day_with_times_of_day_compares_exact_times():
    values = pd.to_datetime(["2026-01-01 12:00", "2026-01-02 00:00"],
                            format="%Y-%m-%d %H:%M").to_numpy("datetime64[us]")
    days = pd.to_datetime(["2026-01-01 11:00", "2026-01-01 12:00", "2026-01-02 00:00"])
    assert total_by_day(values, np.ones(2), days).tolist() == [0.0, 1.0, 2.0]
    assert total_by_day(values, np.ones(2), days, before=True).tolist() == [0.0, 0.0, 1.0]


def test_total_by_day_whole_days_against_a_time_of_day():
    values = pd.to_datetime(["2026-01-01", "2026-01-02"]).to_numpy("datetime64[us]")
    days = pd.to_datetime(["2026-01-01 06:00"])
    assert total_by_day(values, np.ones(2), days).tolist() == [1.0]
    assert total_by_day(values, np.ones(2), days, before=True).tolist() == [1.0]


def test_total_by_day_over_thousands_of_years_sorts_instead_of_a_grid():
    values = pd.to_datetime(["2026-01-01", "2026-01-03"]).to_numpy("datetime64[us]")
    days = pd.DatetimeIndex(np.array(["0001-01-01", "2026-01-02", "9999-01-01"], dtype="datetime64[us]"))
    assert total_by_day(values, np.ones(2), days).tolist() == [0.0, 1.0, 2.0]
    assert total_by_day(values, np.ones(2), days, before=True).tolist() == [0.0, 1.0, 2.0]
