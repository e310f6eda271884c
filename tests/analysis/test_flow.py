"""Flow on hand-made items: commitment and done days, cycle/lead time, percentiles,
throughput, cumulative flow and ageing WIP, each pinned to numbers worked out by hand."""
from __future__ import annotations

from datetime import date

import pandas as pd

from analysis import flow
from analysis.timeline import prepare

UTC = "UTC"
CATEGORIES = {"To Do": "todo", "Committed": "todo", "In Progress": "in_progress", "Review": "in_progress",
              "Done": "done"}


def ts(text):
    return pd.Timestamp(text, tz=UTC)


def issues_frame(rows):
    frame = pd.DataFrame(rows, columns=["key", "team", "category", "issue_type", "status", "status_category",
                                        "created", "resolved", "story_points"])
    frame["updated"] = frame["created"]
    frame["sprints"] = [[] for _ in range(len(frame))]
    frame["fix_versions"] = [[] for _ in range(len(frame))]
    return frame


def changes_frame(rows):
    return pd.DataFrame(rows, columns=["key", "changed_at", "from_status", "to_status"])


ISSUES = issues_frame([
    # A: the usual path, with a move through Committed first
    ("A", "Core", "feature", "Story", "Done", "done", ts("2026-01-01"), ts("2026-01-12 09:00"), 3.0),
    # R: reopened (Done -> In Progress -> Done): done is its last move into Done
    ("R", "Core", "defect", "Bug", "Done", "done", ts("2026-01-02"), ts("2026-01-20"), None),
    # S: skips In Progress (To Do -> Done): committed the day it was done, cycle time 0
    ("S", "Edge", "enabler", "Story", "Done", "done", ts("2026-01-03"), ts("2026-01-09"), 2.0),
    # W: in progress, not done
    ("W", "Edge", "enabler", "Story", "In Progress", "in_progress", ts("2026-01-04"), pd.NaT, 5.0),
    # N: done, no status history at all: done = resolved day, no cycle time
    ("N", None, "debt", "Task", "Done", "done", ts("2026-01-01"), ts("2026-01-06"), 1.0),
])
CHANGES = changes_frame([
    ("A", ts("2026-01-02 10:00"), "To Do", "Committed"),
    ("A", ts("2026-01-05 10:00"), "Committed", "In Progress"),
    ("A", ts("2026-01-12 09:00"), "In Progress", "Done"),
    ("R", ts("2026-01-03 10:00"), "To Do", "In Progress"),
    ("R", ts("2026-01-06 10:00"), "In Progress", "Done"),
    ("R", ts("2026-01-08 10:00"), "Done", "In Progress"),
    ("R", ts("2026-01-20 10:00"), "In Progress", "Done"),
    ("S", ts("2026-01-09 10:00"), "To Do", "Done"),
    ("W", ts("2026-01-07 10:00"), "To Do", "In Progress"),
])


def flowed(commitment=None):
    issues = prepare(ISSUES, CHANGES)
    return flow.with_flow(issues, flow.item_flow(issues, CHANGES, CATEGORIES, commitment))


def day(text):
    return pd.Timestamp(text)


def test_item_flow_reopened_skipped_and_no_history():
    result = flowed()
    assert result[["key", "committed_at", "done_at"]].to_dict("records") == [
        {"key": "A", "committed_at": day("2026-01-05"), "done_at": day("2026-01-12")},
        {"key": "R", "committed_at": day("2026-01-03"), "done_at": day("2026-01-20")},
        {"key": "S", "committed_at": day("2026-01-09"), "done_at": day("2026-01-09")},
        {"key": "W", "committed_at": day("2026-01-07"), "done_at": pd.NaT},
        {"key": "N", "committed_at": pd.NaT, "done_at": day("2026-01-06")},
    ]


def test_named_commitment_status_and_the_next_stage_when_skipped():
    result = flowed("Committed").set_index("key")["committed_at"].to_dict()
    # A passes Committed on 2 Jan; R skips it and takes its next stage (In Progress, 3 Jan).
    assert result["A"] == day("2026-01-02")
    assert result["R"] == day("2026-01-03")


def test_commitment_statuses_are_the_named_one_and_every_later_category():
    assert flow.commitment_statuses(CATEGORIES, None) == {"In Progress", "Review", "Done"}
    assert flow.commitment_statuses(CATEGORIES, "committed") == {"Committed", "In Progress", "Review", "Done"}


def test_status_categories_from_settings_then_the_export_then_todo():
    issues = pd.DataFrame({"status": ["Doing", "Doing"], "status_category": ["in_progress", "in_progress"]})
    found = flow.status_categories_of(["Doing", "Shipped", "Parked"], issues, {"shipped": "done"})
    assert found == {"Doing": "in_progress", "Shipped": "done", "Parked": "todo"}


def test_cycle_times_and_percentiles():
    cycles = flow.cycle_times(flowed(), date(2026, 1, 1), date(2026, 1, 31))
    assert cycles["key"].tolist() == ["N", "S", "A", "R"]
    assert cycles["cycle_days"].tolist()[1:] == [0.0, 7.0, 17.0] and pd.isna(cycles["cycle_days"].iloc[0])
    assert cycles["lead_days"].tolist() == [5.0, 6.0, 11.0, 18.0]
    assert cycles["team"].tolist() == ["(no team)", "Edge", "Core", "Core"]
    # cycle 0, 7, 17 -> linear percentiles: 50 % = 7, 85 % = 7 + 0.7 * 10 = 14, 95 % = 7 + 0.9 * 10 = 16
    # lead 5, 6, 11, 18 -> 50 % = 8.5, 85 % = 11 + 0.55 * 7 = 14.85, 95 % = 11 + 0.85 * 7 = 16.95
    table = flow.cycle_percentiles(cycles).round(2)
    assert table.to_dict("records") == [
        {"percentile": 50, "cycle_days": 7.0, "lead_days": 8.5, "items": 3},
        {"percentile": 85, "cycle_days": 14.0, "lead_days": 14.85, "items": 3},
        {"percentile": 95, "cycle_days": 16.0, "lead_days": 16.95, "items": 3},
    ]


def test_cycle_times_keep_only_items_done_in_the_range():
    cycles = flow.cycle_times(flowed(), date(2026, 1, 10), date(2026, 1, 15))
    assert cycles["key"].tolist() == ["A"]


def test_cycle_by_category_slowest_first():
    cycles = flow.cycle_times(flowed(), date(2026, 1, 1), date(2026, 1, 31))
    assert flow.cycle_by_category(cycles).to_dict("records") == [
        {"category": "defect", "items": 1, "median_cycle_days": 17.0, "p85_cycle_days": 17.0},
        {"category": "feature", "items": 1, "median_cycle_days": 7.0, "p85_cycle_days": 7.0},
        {"category": "enabler", "items": 1, "median_cycle_days": 0.0, "p85_cycle_days": 0.0},
    ]


def test_weekly_throughput_monday_to_sunday_with_zero_weeks():
    table = flow.throughput(flowed(), date(2026, 1, 5), date(2026, 1, 25), "week", default_points=1.0)
    by_week = table.groupby("period_start")[["items", "points"]].sum()
    # week of 5 Jan: N (6 Jan, 1 pt), S (9 Jan, 2 pts); 12 Jan: A (3 pts); 19 Jan: R (no points: 1)
    assert by_week.to_dict("index") == {day("2026-01-05"): {"items": 2, "points": 3.0},
                                        day("2026-01-12"): {"items": 1, "points": 3.0},
                                        day("2026-01-19"): {"items": 1, "points": 1.0}}
    assert sorted(table["team"].unique()) == ["(no team)", "Core", "Edge"]
    assert len(table) == 9


def test_monthly_throughput_and_sprint_throughput_use_the_tracker_sprints():
    issues = flowed()
    monthly = flow.throughput(issues, date(2026, 1, 1), date(2026, 1, 31), "month", 1.0)
    assert monthly.groupby("team")["items"].sum().to_dict() == {"(no team)": 1, "Core": 2, "Edge": 1}
    sprints = pd.DataFrame({"name": ["Core 1"], "board": ["7"], "team": ["Core"], "state": ["closed"],
                            "start_date": [ts("2026-01-05 08:00")], "end_date": [ts("2026-01-19 08:00")],
                            "complete_date": [ts("2026-01-16 17:00")]})
    by_sprint = flow.throughput(issues, date(2026, 1, 1), date(2026, 1, 31), "sprint", 1.0, sprints)
    # Core items done 5..16 Jan (closed early): A (12 Jan); R (20 Jan) falls outside
    assert by_sprint.to_dict("records") == [{"period_start": day("2026-01-05"), "team": "Core", "items": 1,
                                             "points": 3.0}]


def test_throughput_empty():
    empty = flowed().iloc[0:0]
    table = flow.throughput(empty, date(2026, 1, 1), date(2026, 1, 31), "week", 1.0)
    assert table.empty and list(table.columns) == flow.THROUGHPUT_COLUMNS


def test_cumulative_flow_by_category_counts_each_day():
    issues = flowed()
    cfd = flow.cumulative_flow(issues, CHANGES, CATEGORIES, date(2026, 1, 5), date(2026, 1, 9), "category")
    table = cfd.pivot(index="day", columns="stage", values="items")[["todo", "in_progress", "done"]]
    # 5 Jan: A in progress; R in progress; S, W to do; N (no history) open until 6 Jan.
    # 6 Jan: R done, N done. 7 Jan: W in progress. 8 Jan: R reopened. 9 Jan: S done.
    assert table.to_dict("index") == {
        day("2026-01-05"): {"todo": 3, "in_progress": 2, "done": 0},
        day("2026-01-06"): {"todo": 2, "in_progress": 1, "done": 2},
        day("2026-01-07"): {"todo": 1, "in_progress": 2, "done": 2},
        day("2026-01-08"): {"todo": 1, "in_progress": 3, "done": 1},
        day("2026-01-09"): {"todo": 0, "in_progress": 3, "done": 2},
    }


def test_cumulative_flow_by_status_orders_stages_through_the_workflow():
    cfd = flow.cumulative_flow(flowed(), CHANGES, CATEGORIES, date(2026, 1, 2), date(2026, 1, 2), "status")
    assert cfd.to_dict("records") == [
        {"day": day("2026-01-02"), "stage": "(no status history)", "items": 1},
        {"day": day("2026-01-02"), "stage": "Committed", "items": 1},
        {"day": day("2026-01-02"), "stage": "To Do", "items": 1},
        {"day": day("2026-01-02"), "stage": "In Progress", "items": 0},
        {"day": day("2026-01-02"), "stage": "Done", "items": 0},
    ]


def test_cumulative_flow_empty():
    cfd = flow.cumulative_flow(flowed().iloc[0:0], CHANGES, CATEGORIES, date(2026, 1, 1), date(2026, 1, 2))
    assert cfd.empty and list(cfd.columns) == flow.CFD_COLUMNS


def test_ageing_wip_against_the_percentiles():
    issues = flowed()
    percentiles = flow.cycle_percentiles(flow.cycle_times(issues, date(2026, 1, 1), date(2026, 1, 31)))
    wip = flow.ageing_wip(issues, percentiles, date(2026, 1, 22))
    # W started 7 Jan: 15 days on 22 Jan, past the 85th (14) and below the 95th (16).
    assert wip.to_dict("records") == [{"key": "W", "team": "Edge", "status": "In Progress",
                                       "started": day("2026-01-07"), "age_days": 15,
                                       "percentile_band": "85th-95th"}]
    # on 10 Jan, R (committed 3 Jan, reopened 8 Jan) is in progress again, beside A (5 Jan) and W (7 Jan)
    assert flow.ageing_wip(issues, percentiles, date(2026, 1, 10))["key"].tolist() == ["R", "A", "W"]


def test_ageing_wip_empty():
    empty = flowed().iloc[0:0]
    wip = flow.ageing_wip(empty, flow.cycle_percentiles(flow.cycle_times(empty, date(2026, 1, 1),
                                                                          date(2026, 1, 2))), date(2026, 1, 2))
    assert wip.empty and list(wip.columns) == flow.WIP_COLUMNS


def test_commitment_status_is_read_from_settings(tmp_path):
    import config
    assert config.load_settings().commitment_status == ""
    (tmp_path / "settings.toml").write_text('[workflow]\ncommitment_status = " Committed "\n', encoding="utf-8")
    assert config.load_settings(tmp_path).commitment_status == "Committed"


def test_item_flow_does_not_depend_on_the_order_of_the_changes():
    issues = prepare(ISSUES, CHANGES)
    shuffled = CHANGES.iloc[[8, 3, 6, 0, 5, 2, 7, 4, 1]]
    assert flow.item_flow(issues, shuffled, CATEGORIES).equals(flow.item_flow(issues, CHANGES, CATEGORIES))
    assert flow.cumulative_flow(issues, shuffled, CATEGORIES, date(2026, 1, 1), date(2026, 1, 21)).equals(
        flow.cumulative_flow(issues, CHANGES, CATEGORIES, date(2026, 1, 1), date(2026, 1, 21)))


def test_work_closed_as_wont_do_or_canceled_is_not_counted_as_finished():
    """S goes To Do -> Done as "Won't Do" and N is "Canceled": both stay closed (not in the
    ageing WIP) but leave cycle time, throughput and the forecast samples; A counts."""
    issues = flowed().assign(resolution=["Done", "Fixed", "Won\u2019t Do", None, "canceled "])
    cycles = flow.cycle_times(issues, date(2026, 1, 1), date(2026, 1, 31))
    assert cycles["key"].tolist() == ["A", "R"]
    weekly = flow.throughput(issues, date(2026, 1, 5), date(2026, 1, 25), "week", default_points=1.0)
    assert weekly.groupby("period_start")["items"].sum().to_dict() == {
        day("2026-01-05"): 0, day("2026-01-12"): 1, day("2026-01-19"): 1}
    daily = flow.daily_throughput(issues, date(2026, 1, 6), date(2026, 1, 12), 1.0)
    assert daily["items"].tolist() == [0, 0, 0, 0, 0, 0, 1]
    percentiles = flow.cycle_percentiles(cycles)
    assert flow.ageing_wip(issues, percentiles, date(2026, 1, 31))["key"].tolist() == ["W"]
