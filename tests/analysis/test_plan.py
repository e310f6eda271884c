"""Plan on a hand-made graph: technical priorities, the program board, the capacity check.

The graph (day 2026-03-10):

    PLAT-1 (enabler) ─▶ PAY-1 ─▶ PAY-2        a diamond: PAY-2 is counted once
          │                        ▲
          ├──────────▶ WEB-2 ──────┘
          └─▶ OUT-5 (outside the export) ─▶ WEB-3 (defect) ◀─▶ PLAT-2 (architecture)   a cycle
    OUT-9 (outside) ─▶ PLAT-3 (debt)          a blocker outside the export
"""
from datetime import date

import pandas as pd

from analysis.dependencies import open_blocks
from analysis.plan import (NOT_PLANNED, board_links, capacity_check, defect_interest, item_slots,
                           plan_summary, program_board, rank_rule, technical_priorities, waited_on)
from analysis.timeline import prepare
from config import PlanWeights

DAY = date(2026, 3, 10)
TARGETS = {"default": {"feature": 0.55, "defect": 0.10, "debt": 0.15, "enabler": 0.10,
                       "architecture": 0.05, "devops": 0.05}}


def issues():
    rows = [
        # key, team, category, created, resolved, points, components, epic, sprints, fix versions, due
        ("PLAT-1", "Platform", "enabler", "2026-01-01", None, 5.0, ["api"], None, [], [], "2026-05-10"),
        ("PLAT-2", "Platform", "architecture", "2026-02-01", None, 3.0, [], "PLAT-E", [], [], None),
        ("PLAT-3", "Platform", "debt", "2025-03-10", None, 2.0, ["db"], None, [], [], None),
        ("PLAT-4", "Platform", "devops", "2026-01-01", "2026-02-01", 1.0, ["api"], None, [], [], None),
        ("PAY-1", "Payments", "feature", "2026-02-01", None, 3.0, ["checkout"], None, ["S1"], [], None),
        ("PAY-2", "Payments", "feature", "2026-02-01", None, None, [], None, [], [], "2026-04-01"),
        ("PAY-3", "Payments", "feature", "2026-02-01", None, 1.0, [], None, ["S1"], [], None),
        ("WEB-2", "Web", "feature", "2026-02-01", None, 5.0, [], None, [], ["1.0"], None),
        ("WEB-3", "Web", "defect", "2026-03-01", None, 2.0, ["api"], None, [], [], None),
        ("DAT-1", "Data", "defect", "2026-02-20", None, 1.0, [], "PLAT-E", [], [], None),
        ("OLD-D", "Data", "defect", "2025-10-01", None, 1.0, ["api"], None, [], [], None),
    ]
    frame = pd.DataFrame(rows, columns=["key", "team", "category", "created", "resolved", "story_points",
                                        "components", "epic_key", "sprints", "fix_versions", "due"])
    frame["project"] = frame["key"].str.split("-").str[0]
    frame["created"] = pd.to_datetime(frame["created"], utc=True)
    frame["resolved"] = pd.to_datetime(frame["resolved"], utc=True)
    frame["updated"] = frame["created"]
    frame["due"] = pd.to_datetime(frame["due"])
    frame["status_category"] = ["done" if r else "todo" for r in frame["resolved"].notna()]
    frame["summary"] = "Work on " + frame["key"]
    return prepare(frame)


def links(pairs):
    return pd.DataFrame({"from_key": [a for a, _ in pairs], "to_key": [b for _, b in pairs],
                         "relation": "blocks", "raw_label": "blocks"})


LINKS = links([("PLAT-1", "PAY-1"), ("PLAT-1", "WEB-2"), ("PAY-1", "PAY-2"), ("WEB-2", "PAY-2"),
               ("PLAT-1", "OUT-5"), ("OUT-5", "WEB-3"), ("PLAT-2", "WEB-3"), ("WEB-3", "PLAT-2"),
               ("OUT-9", "PLAT-3"), ("PLAT-4", "PAY-3")])      # PLAT-4 is done: that link is not open
SPRINTS = pd.DataFrame({"name": ["S1"], "board": ["b1"],
                        "start_date": pd.to_datetime(["2026-03-06"], utc=True),
                        "end_date": pd.to_datetime(["2026-03-20"], utc=True)})
VERSIONS = pd.DataFrame({"name": ["0.9", "1.0"], "project": ["WEB", "WEB"],
                         "release_date": pd.to_datetime(["2026-02-01", "2026-03-11"]), "released": [True, False]})


def open_links(pairs=LINKS):
    return open_blocks(issues(), pairs, DAY)


def priorities(weights=PlanWeights(), pairs=LINKS):
    return technical_priorities(issues(), open_links(pairs), SPRINTS, VERSIONS, DAY, weights)


# ---------------------------------------------------------------- 1. technical priorities
def test_priorities_count_transitive_business_work_once_and_say_why():
    out = priorities()
    assert out.drop(columns=["summary", "why", "needed_by", "waiting_item_teams", "features_unblocked",
                             "defects_unblocked"]).to_dict("records") == [
        {"rank": 1, "key": "PLAT-1", "team": "Platform", "category": "enabler",
         # PAY-1, WEB-2, PAY-2 (once, though two paths lead to it) and WEB-3 through the outside key OUT-5
         "business_items_unblocked": 4, "business_points_unblocked": 11.0, "teams_waiting": ["Payments", "Web"],
         "earliest_needed": pd.Timestamp("2026-03-11"), "planned_for": pd.Timestamp("2026-05-10"),
         "late_by_days": 60, "defect_interest": 1, "age_days": 68, "score": 46.2932},
        {"rank": 2, "key": "PLAT-2", "team": "Platform", "category": "architecture",
         # in a cycle with WEB-3: WEB-3 counted, PLAT-2 itself never
         "business_items_unblocked": 1, "business_points_unblocked": 2.0, "teams_waiting": ["Web"],
         "earliest_needed": pd.NaT, "planned_for": pd.NaT, "late_by_days": None,
         "defect_interest": 1, "age_days": 37, "score": 10.2507},
        {"rank": 3, "key": "PLAT-3", "team": "Platform", "category": "debt",
         "business_items_unblocked": 0, "business_points_unblocked": 0.0, "teams_waiting": [],
         "earliest_needed": pd.NaT, "planned_for": pd.NaT, "late_by_days": None,
         "defect_interest": 0, "age_days": 365, "score": 0.5},
    ]
    assert out["why"].tolist() == [
        "unblocks 3 features and 1 defect in Payments and Web; planned 60 days after WEB-2 needs it; "
        "1 recent defect in its area; 68 days old",
        "unblocks 1 defect in Web; 1 recent defect in its area; 37 days old",
        "no open feature or defect waits on it; 365 days old",
    ]


def test_priorities_ties_go_to_items_then_lateness_defects_age_key():
    twin = issues().iloc[[2]].assign(key="PLAT-5")        # the same as PLAT-3 under another key
    frame = pd.concat([issues(), twin], ignore_index=True)
    out = technical_priorities(frame, open_blocks(frame, LINKS, DAY), SPRINTS, VERSIONS, DAY,
                               PlanWeights(0, 0, 0, 0))
    assert out[["rank", "key", "score"]].to_dict("records") == [
        {"rank": 1, "key": "PLAT-1", "score": 0.0}, {"rank": 2, "key": "PLAT-2", "score": 0.0},
        {"rank": 3, "key": "PLAT-3", "score": 0.0}, {"rank": 4, "key": "PLAT-5", "score": 0.0}]


def test_priorities_weights_change_the_order_and_the_rule_names_them():
    out = priorities(PlanWeights(business_items=0, late_per_30_days=0, defect_interest=0, age_per_year=1))
    assert out["key"].tolist() == ["PLAT-3", "PLAT-1", "PLAT-2"]     # oldest first
    rule = rank_rule(PlanWeights(business_items=7, late_per_30_days=2, defect_interest=0.5, age_per_year=0.25))
    assert rule.startswith("Score = 7 × open features and defects waiting on the item")
    assert "+ 2 × days it is planned" in rule and "+ 0.5 × defects" in rule and "+ 0.25 × its age" in rule


def test_priorities_on_time_item_is_not_late():
    frame = issues()
    frame.loc[frame["key"] == "PLAT-1", "due"] = pd.Timestamp("2026-03-01")
    out = technical_priorities(frame, open_blocks(frame, LINKS, DAY), SPRINTS, VERSIONS, DAY)
    first = out.iloc[0]
    assert (first["key"], first["late_by_days"]) == ("PLAT-1", 0)
    assert "planned in time for WEB-2" in first["why"]


def test_priorities_limited_to_selected_keys_still_count_other_teams():
    out = technical_priorities(issues(), open_links(), SPRINTS, VERSIONS, DAY, keys=["PLAT-2"])
    assert out[["key", "business_items_unblocked", "teams_waiting"]].to_dict("records") == [
        {"key": "PLAT-2", "business_items_unblocked": 1, "teams_waiting": ["Web"]}]


def test_priorities_empty():
    out = technical_priorities(issues().iloc[:0], open_links(), SPRINTS, VERSIONS, DAY)
    assert out.empty and "business_items_unblocked" in out and "why" in out
    no_links = priorities(pairs=LINKS.iloc[:0])
    assert no_links["business_items_unblocked"].tolist() == [0, 0, 0]


def test_defect_interest_by_component_else_epic_in_the_window():
    frame = issues()
    technical = frame[frame["key"].isin(["PLAT-1", "PLAT-2", "PLAT-3"])]
    # PLAT-1 [api]: WEB-3 (OLD-D is older than 90 days); PLAT-2 no component, epic PLAT-E: DAT-1; PLAT-3 [db]: none
    assert defect_interest(technical, frame, DAY).tolist() == [1, 1, 0]
    assert defect_interest(technical, frame.iloc[:0], DAY).tolist() == [0, 0, 0]


# ---------------------------------------------------------------- 2. program board
def board(pairs=LINKS):
    waited = priorities(pairs=pairs).query("business_items_unblocked > 0")["key"]
    return program_board(issues(), open_links(pairs), SPRINTS, VERSIONS, DAY, waited)


def test_item_slots_sprint_then_release_then_due_month():
    out = item_slots(issues(), SPRINTS, VERSIONS).set_index("key")
    assert out.loc[["PAY-1", "WEB-2", "PAY-2", "PLAT-1"]].reset_index().to_dict("records") == [
        {"key": "PAY-1", "slot": "S1", "slot_start": pd.Timestamp("2026-03-06"), "slot_end": pd.Timestamp("2026-03-20")},
        {"key": "WEB-2", "slot": "1.0", "slot_start": pd.Timestamp("2026-02-02"), "slot_end": pd.Timestamp("2026-03-11")},
        {"key": "PAY-2", "slot": "Apr 2026", "slot_start": pd.Timestamp("2026-04-01"), "slot_end": pd.Timestamp("2026-04-30")},
        {"key": "PLAT-1", "slot": "May 2026", "slot_start": pd.Timestamp("2026-05-01"), "slot_end": pd.Timestamp("2026-05-31")},
    ]
    assert "PLAT-3" not in out.index          # no sprint, release or due date


def test_program_board_marks_items_planned_before_their_blockers():
    out = board()
    shown = out.assign(blocker_slot=out["blocker_slot"].fillna("(none)"))
    assert shown[["team", "slot", "key", "points", "blocked_by", "blocker_slot", "conflict"]].to_dict("records") == [
        {"team": "Payments", "slot": "S1", "key": "PAY-1", "points": 3.0, "blocked_by": ["PLAT-1"],
         "blocker_slot": "May 2026", "conflict": True},
        {"team": "Payments", "slot": "S1", "key": "PAY-3", "points": 1.0, "blocked_by": [],
         "blocker_slot": "(none)", "conflict": False},
        {"team": "Payments", "slot": "Apr 2026", "key": "PAY-2", "points": 1.0, "blocked_by": ["PAY-1", "WEB-2"],
         "blocker_slot": "S1", "conflict": False},
        {"team": "Platform", "slot": "May 2026", "key": "PLAT-1", "points": 5.0, "blocked_by": [],
         "blocker_slot": "(none)", "conflict": False},
        # unplanned, but business work waits on it: in the "not planned" column; its blocker has no slot
        {"team": "Platform", "slot": NOT_PLANNED, "key": "PLAT-2", "points": 3.0, "blocked_by": ["WEB-3"],
         "blocker_slot": NOT_PLANNED, "conflict": False},
        {"team": "Web", "slot": "1.0", "key": "WEB-2", "points": 5.0, "blocked_by": ["PLAT-1"],
         "blocker_slot": "May 2026", "conflict": True},
    ]
    assert out["blocker_slot"].isna().sum() == 2
    assert board_links(out).to_dict("records") == [
        {"blocker_key": "PLAT-1", "blocked_key": "PAY-1", "wrong_order": True},
        {"blocker_key": "PAY-1", "blocked_key": "PAY-2", "wrong_order": False},
        {"blocker_key": "WEB-2", "blocked_key": "PAY-2", "wrong_order": False},
        {"blocker_key": "PLAT-1", "blocked_key": "WEB-2", "wrong_order": True},
    ]


def test_program_board_blocker_outside_the_export_is_listed_without_a_slot():
    pairs = pd.concat([LINKS, links([("OUT-7", "PAY-3")])], ignore_index=True)
    row = board(pairs).set_index("key").loc["PAY-3"]
    assert (row["blocked_by"], row["conflict"]) == (["OUT-7"], False)
    assert pd.isna(row["blocker_slot"])


def test_program_board_empty():
    out = program_board(issues().iloc[:0], open_links(), SPRINTS, VERSIONS, DAY)
    assert out.empty and list(out.columns)[:4] == ["team", "slot", "slot_start", "slot_end"]
    assert board_links(out).empty


# ---------------------------------------------------------------- 3. capacity
VELOCITY = pd.DataFrame({"team": ["Payments"] * 3 + ["Web"],
                         "end_date": pd.to_datetime(["2026-02-20", "2026-03-06", "2026-03-20", "2026-03-06"]),
                         "completed_points": [3.0, 4.0, 99.0, 10.0]})


def test_capacity_marks_slots_over_recent_velocity_with_what_would_not_fit():
    out = capacity_check(board(), VELOCITY, TARGETS, DAY, recent_sprints=2, waited_on=["PAY-1"])
    out = out.fillna({"velocity": -1.0, "capacity_points": -1.0})       # -1: no velocity known
    assert out.drop(columns=["slot_start", "slot_end"]).to_dict("records") == [
        # the sprint ending 2026-03-20 is after the day: velocity = mean(3, 4) over 14-day sprints
        {"team": "Payments", "slot": "S1", "technical_points": 0.0, "functional_points": 4.0, "planned_points": 4.0,
         "velocity": 3.5, "capacity_points": 3.5, "over_capacity": True, "over_by_points": 0.5,
         "target_technical_share": 0.35, "technical_share": 0.0, "not_fitting": ["PAY-3"]},
        {"team": "Payments", "slot": "Apr 2026", "technical_points": 0.0, "functional_points": 1.0,
         "planned_points": 1.0, "velocity": 3.5, "capacity_points": 7.25, "over_capacity": False,
         "over_by_points": 0.0, "target_technical_share": 0.35, "technical_share": 0.0, "not_fitting": []},
        {"team": "Platform", "slot": "May 2026", "technical_points": 5.0, "functional_points": 0.0,
         "planned_points": 5.0, "velocity": -1.0, "capacity_points": -1.0, "over_capacity": False,
         "over_by_points": 0.0, "target_technical_share": 0.35, "technical_share": 1.0, "not_fitting": []},
        {"team": "Web", "slot": "1.0", "technical_points": 0.0, "functional_points": 5.0, "planned_points": 5.0,
         "velocity": 10.0, "capacity_points": 26.43, "over_capacity": False, "over_by_points": 0.0,
         "target_technical_share": 0.35, "technical_share": 0.0, "not_fitting": []},
    ]


def test_capacity_empty():
    assert capacity_check(board().iloc[:0], VELOCITY, TARGETS, DAY).empty
    no_velocity = capacity_check(board(), VELOCITY.iloc[:0], TARGETS, DAY)
    assert not no_velocity["over_capacity"].any() and no_velocity["velocity"].isna().all()


def test_plan_summary_counts():
    b = board()
    summary = plan_summary(priorities(), b, capacity_check(b, VELOCITY, TARGETS, DAY, 2))
    assert dict(zip(summary["metric"], summary["value"])) == {
        "technical_items": 3, "waited_on": 2, "planned_late": 1, "not_planned_waited_on": 1,
        "board_conflicts": 2, "slots_over_capacity": 1}


def test_waited_on_is_the_ranked_items_with_business_work_waiting():
    ranked = priorities()
    assert waited_on(issues(), open_links(), DAY) == ["PLAT-1", "PLAT-2"] == \
        sorted(ranked.loc[ranked["business_items_unblocked"] > 0, "key"])
    assert waited_on(issues(), open_links(), DAY, keys=["PLAT-3"]) == []
