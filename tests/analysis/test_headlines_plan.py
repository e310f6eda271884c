"""Plan headline sentences on hand-made priority, board and capacity tables."""
import pandas as pd

from analysis.headlines.plan import board_conflicts, over_capacity, plan_headlines, schedule_first
from analysis.plan import _empty_board, _empty_capacity, _empty_priorities


def top_item(**changes):
    row = {"rank": 1, "key": "PLAT-1", "business_items_unblocked": 3, "features_unblocked": 3,
           "defects_unblocked": 0, "waiting_item_teams": ["Payments", "Web"], "late_by_days": 60,
           "needed_by": "WEB-2", "planned_for": pd.Timestamp("2026-05-10"),
           "earliest_needed": pd.Timestamp("2026-03-11")}
    row.update(changes)
    frame = pd.DataFrame([row])
    frame["late_by_days"] = frame["late_by_days"].astype("Int64")
    return frame


def test_schedule_first_names_the_item_the_teams_and_the_lateness():
    [line] = schedule_first(top_item())
    assert line.text == ("Schedule PLAT-1 first: 3 features in Payments and Web wait on it, "
                         "and it is planned 60 days after WEB-2 needs it.")
    assert (line.page, line.kind, line.keys, line.value) == ("plan", "decision", ("PLAT-1",), 3.0)
    assert line.weight == 1.0


def test_schedule_first_on_time_unplanned_and_one_defect():
    on_time = schedule_first(top_item(late_by_days=0))[0].text
    assert on_time.endswith("wait on it, and it is planned in time for WEB-2.")
    unplanned = schedule_first(top_item(late_by_days=None, planned_for=pd.NaT, business_items_unblocked=1,
                                        features_unblocked=0, defects_unblocked=1, waiting_item_teams=["Web"]))
    assert unplanned[0].text == ("Schedule PLAT-1 first: 1 defect in Web waits on it, and it is not planned "
                                 "while WEB-2 needs it by 11 Mar 2026.")
    nothing_dated = schedule_first(top_item(late_by_days=None, planned_for=pd.NaT, earliest_needed=pd.NaT))
    assert nothing_dated[0].text.endswith("wait on it, and it is not planned yet.")


def test_schedule_first_no_notable_change_and_empty():
    [quiet] = schedule_first(top_item(business_items_unblocked=0, features_unblocked=0))
    assert quiet.kind == "no-change" and quiet.text.startswith("No open feature or defect waits on a technical item")
    [empty] = schedule_first(_empty_priorities())
    assert empty.text == "There is no open technical item in this selection." and empty.kind == "no-change"


def test_board_conflicts_counts_and_names_the_first():
    board = pd.DataFrame({"key": ["PAY-1", "WEB-2", "PAY-2"], "slot": ["S1", "1.0", "2026-04"],
                          "slot_end": pd.to_datetime(["2026-03-20", "2026-03-11", "2026-04-30"]),
                          "blocker_slot": ["2026-05", "2026-05", "S1"], "conflict": [True, True, False]})
    [line] = board_conflicts(board)
    assert line.text == ("2 items sit in an earlier slot than one of their open blockers, "
                         "first WEB-2 in 1.0 before 2026-05.")
    assert line.keys == ("PAY-1", "WEB-2")
    [fine] = board_conflicts(board.assign(conflict=False))
    assert fine.kind == "no-change"
    assert board_conflicts(_empty_board())[0].text == "Nothing is planned in this selection."


def test_over_capacity_names_the_worst_slot():
    capacity = pd.DataFrame({"team": ["Payments", "Web"], "slot": ["S1", "S9"], "velocity": [3.5, 10.0],
                             "planned_points": [4.0, 30.0], "capacity_points": [3.5, 10.0],
                             "over_capacity": [True, True], "over_by_points": [0.5, 20.0]})
    [line] = over_capacity(capacity)
    assert line.text == ("2 slots of Payments and Web are planned beyond recent velocity; the most, "
                         "Web in S9: 30 points planned against 10.")
    [fine] = over_capacity(capacity.assign(over_capacity=False))
    assert fine.text == "Every team's planned slots fit its recent velocity." and fine.kind == "no-change"
    assert over_capacity(_empty_capacity())[0].kind == "no-change"


def test_plan_headlines_in_page_order():
    lines = plan_headlines(_empty_priorities(), _empty_board(), _empty_capacity())
    assert [h.kind for h in lines] == ["no-change"] * 3
