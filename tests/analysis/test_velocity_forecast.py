"""Velocity per tracker sprint, Monte Carlo forecasts and the release forecast on hand-made
data with numbers worked out by hand."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from analysis import forecast, release_forecast, velocity


def ts(text):
    return pd.Timestamp(text, tz="UTC")


def day(text):
    return pd.Timestamp(text)


SPRINTS = pd.DataFrame({
    "sprint_id": ["1", "2"], "name": ["Core 1", "Core 2"], "board": ["7", "7"], "team": ["Core", "Core"],
    "state": ["closed", "active"],
    "start_date": [ts("2026-01-05 08:00"), ts("2026-01-19 08:00")],
    "end_date": [ts("2026-01-16 17:00"), ts("2026-01-30 17:00")],
    "complete_date": [ts("2026-01-16 17:00"), pd.NaT], "goal": [None, None], "inferred": [False, False],
})
# The items as the final export lists them: A, B, C in Core 1 (C added after the start),
# B carried over into Core 2, D taken out of Core 1 (it is in no sprint now).
ISSUES = pd.DataFrame({
    "key": ["A", "B", "C", "D"], "team": ["Core"] * 4,
    "sprints": [["Core 1"], ["Core 1", "Core 2"], ["Core 1"], []],
    "story_points": [3.0, 5.0, None, 2.0],
    "done_at": [day("2026-01-09"), pd.NaT, day("2026-01-14"), pd.NaT],
})
# A snapshot taken the Saturday before Core 1 started (3 Jan): A, B and D were in it.
SNAPSHOTS = pd.DataFrame({"import_id": [1, 1, 1, 1], "as_of": [ts("2026-01-03 18:00")] * 4,
                          "key": ["A", "B", "C", "D"],
                          "sprints": [["Core 1"], ["Core 1"], [], ["Core 1"]]})


def test_velocity_with_scope_added_after_the_start_and_an_item_removed():
    table = velocity.velocity(ISSUES, SPRINTS, SNAPSHOTS, default_points=1.0)
    assert table.to_dict("records")[0] == {
        "sprint": "Core 1", "team": "Core", "start_date": day("2026-01-05"), "end_date": day("2026-01-16"),
        "state": "closed", "committed_items": 3, "committed_points": 10.0, "completed_items": 2,
        "completed_points": 4.0, "added_items": 1, "removed_items": 1, "carried_over_items": 1,
        "committed_known": True,
    }


def test_velocity_without_a_snapshot_at_the_start_says_committed_is_unknown():
    table = velocity.velocity(ISSUES, SPRINTS, SNAPSHOTS, default_points=1.0)
    second = table.iloc[1]
    # the only snapshot is 16 days before Core 2 started: committed is not guessed
    assert not second["committed_known"]
    assert pd.isna(second["committed_items"]) and pd.isna(second["added_items"]) and pd.isna(second["removed_items"])
    assert (second["completed_items"], second["carried_over_items"]) == (0, 0)


def test_velocity_empty():
    table = velocity.velocity(ISSUES.iloc[0:0], SPRINTS, SNAPSHOTS, 1.0)
    assert table.empty and list(table.columns) == velocity.VELOCITY_COLUMNS


def test_forecast_when_worked_out_by_hand():
    # Each day finishes 5 items with probability 1/4, else none: 5 items are done on the
    # first day with a 5, so P(done within k days) = 1 - 0.75^k:
    # k=2 .44, k=3 .58 -> 50 % on day 3; k=6 .82, k=7 .87 -> 85 % on day 7;
    # k=10 .944, k=11 .958 -> 95 % on day 11. 10,000 trials with a fixed seed land there.
    table = forecast.forecast_when(np.array([0, 0, 0, 5]), 5, date(2026, 1, 1), trials=10_000, seed=7)
    assert table.to_dict("records") == [
        {"percentile": 50, "finish_date": day("2026-01-04")},
        {"percentile": 85, "finish_date": day("2026-01-08")},
        {"percentile": 95, "finish_date": day("2026-01-12")},
    ]


def test_forecast_when_is_reproducible_and_steady_throughput_is_exact():
    samples = np.array([0, 1, 2, 3])
    first = forecast.forecast_when(samples, 20, date(2026, 1, 1), trials=500, seed=3)
    assert first.equals(forecast.forecast_when(samples, 20, date(2026, 1, 1), trials=500, seed=3))
    steady = forecast.forecast_when(np.array([2]), 5, date(2026, 1, 1), trials=10, seed=1)
    assert steady["finish_date"].tolist() == [day("2026-01-04")] * 3


def test_forecast_when_without_throughput_has_no_date():
    table = forecast.forecast_when(np.array([0, 0]), 3, date(2026, 1, 1), trials=10, seed=1)
    assert table["finish_date"].isna().all() and len(table) == 3


def test_forecast_how_many_worked_out_by_hand():
    # Two days, each 0 or 1 item at even odds: totals 0/1/2 with 1/4, 1/2, 1/4.
    # At least 1 item in 75 % of trials (50 % -> 1); 0 is all we can promise at 85 and 95 %.
    table = forecast.forecast_how_many(np.array([0, 1]), date(2026, 1, 1), date(2026, 1, 3), trials=10_000, seed=7)
    assert table.to_dict("records") == [{"percentile": 50, "items": 1.0}, {"percentile": 85, "items": 0.0},
                                        {"percentile": 95, "items": 0.0}]


def test_forecast_how_many_empty_window():
    table = forecast.forecast_how_many(np.array([]), date(2026, 1, 1), date(2026, 1, 3), trials=10, seed=1)
    assert table["items"].tolist() == [0.0, 0.0, 0.0]


def test_burnup_table_counts_on_from_the_window():
    daily = pd.DataFrame({"day": [day("2026-01-01"), day("2026-01-02")], "items": [1, 2], "points": [1.0, 2.0]})
    fan = forecast.burnup_fan(np.array([2]), date(2026, 1, 2), 2, trials=5, seed=1)
    table = forecast.burnup_table(daily, "items", fan, to_do=4)
    assert table.fillna(-1).to_dict("records") == [
        {"day": day("2026-01-01"), "done": 1.0, "at_least_50": -1, "at_least_85": -1, "at_least_95": -1, "to_do": 4.0},
        {"day": day("2026-01-02"), "done": 3.0, "at_least_50": 3.0, "at_least_85": 3.0, "at_least_95": 3.0,
         "to_do": 4.0},
        {"day": day("2026-01-03"), "done": -1, "at_least_50": 5.0, "at_least_85": 5.0, "at_least_95": 5.0,
         "to_do": 4.0},
        {"day": day("2026-01-04"), "done": -1, "at_least_50": 7.0, "at_least_85": 7.0, "at_least_95": 7.0,
         "to_do": 4.0},
    ]


def test_release_forecast_lists_releases_at_risk_first():
    issues = pd.DataFrame({
        "key": ["A", "B", "C", "D", "E"], "team": ["Core"] * 5,
        "fix_versions": [["1.0"], ["1.0"], ["2.0"], ["2.0"], ["0.9"]],
        "done_at": [day("2026-01-05"), pd.NaT, pd.NaT, pd.NaT, day("2025-12-01")],
    })
    versions = pd.DataFrame({"name": ["0.9", "1.0", "2.0"], "project": ["P"] * 3,
                             "release_date": [day("2025-12-15"), day("2026-01-31"), day("2026-01-12")],
                             "released": [True, False, None], "description": [None] * 3})
    links = pd.DataFrame({"blocker_key": ["X"], "blocked_key": ["D"], "blocker_team": ["Platform"],
                          "blocked_team": ["Core"], "waiting_days": [3]})
    # one item a day, every day: the remaining items finish on day 1 and day 2 after 10 Jan
    table = release_forecast.release_forecast(issues, versions, links, np.array([1]), date(2026, 1, 10),
                                              trials=10, seed=1)
    assert table.to_dict("records") == [
        {"version": "2.0", "release_date": day("2026-01-12"), "scope_items": 2, "done_items": 0,
         "remaining_items": 2, "forecast_50": day("2026-01-12"), "forecast_85": day("2026-01-12"),
         "on_track": True, "open_blockers": 1},
        {"version": "1.0", "release_date": day("2026-01-31"), "scope_items": 2, "done_items": 1,
         "remaining_items": 1, "forecast_50": day("2026-01-11"), "forecast_85": day("2026-01-11"),
         "on_track": True, "open_blockers": 0},
    ]
    late = release_forecast.release_forecast(issues, versions, links, np.array([0, 1]), date(2026, 1, 10),
                                             trials=1000, seed=1)
    assert late["version"].tolist() == ["2.0", "1.0"] and late["on_track"].tolist() == [False, True]


def test_release_forecast_empty():
    table = release_forecast.release_forecast(ISSUES.assign(fix_versions=[[]] * 4), pd.DataFrame(
        columns=["name", "project", "release_date", "released", "description"]), pd.DataFrame(), np.array([1]),
        date(2026, 1, 1))
    assert table.empty and list(table.columns) == release_forecast.RELEASE_COLUMNS


# Sprint field history for Core 1 (5 Jan 08:00 - completed 16 Jan 17:00): P planned on 2 Jan
# (committed), Q added on 7 Jan (added), R planned on 2 Jan and taken out on 8 Jan (removed),
# S planned on 2 Jan, out on 6 Jan and back on 9 Jan (committed, in at the end: neither),
# T created into the sprint without history on 4 Jan (committed) and U on 6 Jan (added),
# V's only change is after the start and moves it from Core 1 to Core 2 on 12 Jan (its
# first change's "from" says it was in Core 1 at the start: committed, then removed).
HISTORY_ISSUES = pd.DataFrame({
    "key": ["P", "Q", "R", "S", "T", "U", "V"], "team": ["Core"] * 7,
    "created": [ts("2026-01-01 09:00"), ts("2026-01-06 09:00"), ts("2026-01-01 09:00"), ts("2026-01-01 09:00"),
                ts("2026-01-04 09:00"), ts("2026-01-06 09:00"), ts("2026-01-01 09:00")],
    "sprints": [["Core 1"], ["Core 1"], [], ["Core 1"], ["Core 1"], ["Core 1"], ["Core 2"]],
    "story_points": [3.0, 2.0, 5.0, 1.0, 1.0, 1.0, 8.0],
    "resolution": ["Done", None, None, "Won't Do", None, None, None],
    "done_at": [day("2026-01-09"), pd.NaT, pd.NaT, day("2026-01-12"), pd.NaT, pd.NaT, pd.NaT],
})
SPRINT_CHANGES = pd.DataFrame({
    "key": ["P", "Q", "R", "R", "S", "S", "S", "V"],
    "changed_at": [ts("2026-01-02 10:00"), ts("2026-01-07 10:00"), ts("2026-01-02 10:00"), ts("2026-01-08 10:00"),
                   ts("2026-01-02 10:00"), ts("2026-01-06 10:00"), ts("2026-01-09 10:00"), ts("2026-01-12 10:00")],
    "from_sprints": [[], [], [], ["Core 1"], [], ["Core 1"], [], ["Core 1"]],
    "to_sprints": [["Core 1"], ["Core 1"], ["Core 1"], [], ["Core 1"], [], ["Core 1"], ["Core 2"]],
})
NO_SNAPSHOTS = pd.DataFrame(columns=["import_id", "as_of", "key", "sprints"])


def test_velocity_from_the_sprint_history():
    table = velocity.velocity(HISTORY_ISSUES, SPRINTS, NO_SNAPSHOTS, 1.0, SPRINT_CHANGES)
    # committed P, R, S, T, V = 3 + 5 + 1 + 1 + 8 points; at the end P, Q, S, T, U: added Q, U,
    # removed R, V. Completed: P only (S was closed as Won't Do: not delivered, not carried
    # over either). Carried over: Q, T, U.
    assert table.to_dict("records")[0] == {
        "sprint": "Core 1", "team": "Core", "start_date": day("2026-01-05"), "end_date": day("2026-01-16"),
        "state": "closed", "committed_items": 5, "committed_points": 18.0, "completed_items": 1,
        "completed_points": 3.0, "added_items": 2, "removed_items": 2, "carried_over_items": 3,
        "committed_known": True,
    }


def test_velocity_of_a_sprint_the_history_does_not_mention_is_unknown_without_a_snapshot():
    table = velocity.velocity(HISTORY_ISSUES, SPRINTS, NO_SNAPSHOTS, 1.0, SPRINT_CHANGES)
    # Core 2 appears only as V's destination: the history mentions it, so it is known:
    # V moved in on 12 Jan, before Core 2 started (19 Jan): committed 1, nothing added or removed.
    assert table.iloc[1][["committed_items", "added_items", "removed_items", "committed_known"]].tolist() == [
        1, 0, 0, True]
    without = velocity.velocity(HISTORY_ISSUES, SPRINTS, NO_SNAPSHOTS, 1.0, SPRINT_CHANGES[SPRINT_CHANGES["key"] != "V"])
    assert without["committed_known"].tolist() == [True, False]
    assert pd.isna(without.iloc[1]["committed_items"]) and pd.isna(without.iloc[1]["committed_points"])


def test_velocity_without_any_history_or_snapshot_is_unknown():
    table = velocity.velocity(HISTORY_ISSUES, SPRINTS, NO_SNAPSHOTS, 1.0, SPRINT_CHANGES.iloc[0:0])
    assert table["committed_known"].tolist() == [False, False]
    assert table["committed_items"].isna().all() and table["added_items"].isna().all()
    assert table["completed_items"].tolist() == [1, 0]
