"""Talking points and decisions of the stakeholder briefing, on hand-made headlines and tables."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date

import pandas as pd
import pytest

from analysis.briefing import (
    NO_DECISION, ChartSpec, Briefing, Section, TalkingPoint, board_decisions, decision_points, link,
    ordering_decisions, releases_at_risk_first, talking_points, technical_target_decisions, unique_decisions,
)
from analysis.headlines.base import Headline

QUERY = {"team": ["Web"], "since": "2026-01-01", "until": "2026-03-31"}


def texts(points):
    return [p.text for p in points]


def test_talking_points_rank_by_weight_and_carry_number_comparison_and_link():
    headlines = [Headline("Small.", "debt", 0.2, 3.0, "from 2 to 3"),
                 Headline("Big.", "dependencies", 0.9, 128.0, "87 % of links"),
                 Headline("Middle.", "balance", 0.5, 0.22, "from 14 % to 22 % over three sprints"),
                 Headline("Tiny.", "debt", 0.01)]
    points = talking_points(headlines, QUERY, limit=3)
    assert [asdict(p) for p in points] == [
        {"text": "Big.", "number": "128", "comparison": "87 % of links",
         "link": "dependencies?team=Web&since=2026-01-01&until=2026-03-31", "kind": "finding", "weight": 0.9},
        {"text": "Middle.", "number": "0.22", "comparison": "from 14 % to 22 % over three sprints",
         "link": "balance?team=Web&since=2026-01-01&until=2026-03-31", "kind": "finding", "weight": 0.5},
        {"text": "Small.", "number": "3", "comparison": "from 2 to 3",
         "link": "debt?team=Web&since=2026-01-01&until=2026-03-31", "kind": "finding", "weight": 0.2},
    ]


def test_talking_points_keep_between_three_and_seven():
    headlines = [Headline(f"Point {i}.", "debt", 0.1 + i / 100) for i in range(10)]
    assert len(talking_points(headlines, limit=1)) == 3
    assert len(talking_points(headlines, limit=20)) == 7
    assert texts(talking_points(headlines, limit=4)) == ["Point 9.", "Point 8.", "Point 7.", "Point 6."]


def test_quiet_headlines_fill_up_to_three_after_the_notable_ones():
    headlines = [Headline("Quiet.", "debt", 0.05), Headline("Loud.", "debt", 0.6),
                 Headline("Stayed.", "debt", 0.0, kind="no-change")]
    assert texts(talking_points(headlines, limit=5)) == ["Loud.", "Quiet.", "Stayed."]


def test_no_notable_change_is_said_as_such():
    headlines = [Headline("Open debt stayed at 12 items.", "debt", 0.0, 12.0, kind="no-change"),
                 Headline("Debt share moved by 0.1 pp.", "debt", 0.02)]
    points = talking_points(headlines, QUERY, limit=3, period="from 1 Jan 2026 to 31 Mar 2026")
    assert texts(points) == ["No notable change from 1 Jan 2026 to 31 Mar 2026.",
                             "Debt share moved by 0.1 pp.", "Open debt stayed at 12 items."]
    assert points[0].kind == "no-change" and points[0].link == ""


def test_empty_selection_gives_one_no_notable_change_point():
    assert talking_points([], QUERY, period="from 1 Jan 2026 to 31 Mar 2026") == (
        TalkingPoint("No notable change from 1 Jan 2026 to 31 Mar 2026.", kind="no-change"),)


def test_link_without_filters_is_the_bare_page():
    assert link("debt", {}) == "debt"
    assert link("", {"team": ["A&B", "C"]}) == "?team=A%26B&team=C"


RISKS = pd.DataFrame({
    "blocked_key": ["WEB-2", "APP-7"], "blocker_key": ["PLAT-1", "PLAT-3"],
    "blocked_date": pd.to_datetime(["2027-03-01", "2027-01-10"]),
    "blocker_date": pd.to_datetime(["2027-03-29", "2027-01-12"]),
    "date_kind": ["sprint_end", "due"], "days_early": [28, 2],
    "blocked_plan": ["Sprint 14", "due date"], "blocker_plan": ["Sprint 16", "due date"],
    "blocked_team": ["Web", "App"], "blocker_team": ["Platform", "Platform"],
})


def test_ordering_conflicts_are_stated_as_choices():
    decisions = ordering_decisions(RISKS)
    assert [(d.text, d.comparison, d.kind, d.keys, d.page) for d in decisions] == [
        ("Either PLAT-1 (Platform) moves before Sprint 14 (1 Mar 2027), or WEB-2 (Web) slips by about 4 weeks.",
         "planned 28 days before its blocker", "decision", ("WEB-2", "PLAT-1"), "dependencies"),
        ("Either PLAT-3 (Platform) moves before its due date 10 Jan 2027, or APP-7 (App) slips by about 1 week.",
         "planned 2 days before its blocker", "decision", ("APP-7", "PLAT-3"), "dependencies"),
    ]


def test_teams_below_their_technical_target_are_stated_as_choices():
    flagged = pd.DataFrame({"team": ["Web", "App"], "first_period": pd.to_datetime(["2026-01-01", "2026-01-01"]),
                            "last_period": pd.to_datetime(["2026-03-01", "2026-02-01"]),
                            "periods_below": [3, 2], "ongoing": [True, False]})
    shortfall = pd.DataFrame({"period_start": pd.to_datetime(["2026-02-01", "2026-03-01", "2026-03-01"]),
                              "team": ["Web", "Web", "App"], "technical_share": [0.2, 0.18, 0.5],
                              "technical_target": [0.35, 0.35, 0.35]})
    decisions = technical_target_decisions(flagged, shortfall)
    assert [(d.text, d.comparison) for d in decisions] == [
        ("Either Web gives at least 35 % of its work to technical items from the next month, or it stays below "
         "its technical target for a 4th month in a row (now 18 %).", "18 % against 35 %, 3 months below target")]


def test_no_decision_needed_is_said_and_empty_inputs_give_no_decisions():
    assert ordering_decisions(RISKS.iloc[:0]) == []
    assert technical_target_decisions(pd.DataFrame(columns=["team", "periods_below", "ongoing"]),
                                      pd.DataFrame()) == []
    assert decision_points([]) == (TalkingPoint(NO_DECISION, kind="no-change"),)
    assert texts(decision_points(ordering_decisions(RISKS), limit=1)) == [ordering_decisions(RISKS)[0].text]


BOARD = pd.DataFrame({
    "team": ["Web", "App", "App"], "slot": ["Sprint 14", "2027-01", "Sprint 15"],
    "slot_end": pd.to_datetime(["2027-03-01", "2027-01-31", "2027-03-15"]),
    "key": ["WEB-2", "APP-8", "APP-9"],
    "blocked_by": [["PLAT-1", "PLAT-9"], ["PLAT-3"], ["PLAT-1"]],
    "blocker_slot": ["2027.Q2", "Sprint 20", "2027.Q2"], "conflict": [True, True, False],
})
BLOCKERS = pd.DataFrame({"key": ["PLAT-1", "PLAT-9", "PLAT-3"], "team": ["Platform", "Platform", None],
                         "slot": ["2027.Q2", "Sprint 13", "Sprint 20"],
                         "slot_end": pd.to_datetime(["2027-06-30", "2027-02-15", "2027-02-14"])})


def test_board_conflicts_are_stated_as_choices_one_per_blocker_ending_later():
    decisions = board_decisions(BOARD, BLOCKERS)
    assert [(d.text, d.comparison, d.value, d.kind, d.keys, d.page) for d in decisions] == [
        ("Either PLAT-1 (Platform) moves before Sprint 14 (1 Mar 2027), or WEB-2 (Web) slips by about 17 weeks.",
         "in Sprint 14, 121 days before its blocker's 2027.Q2", 121.0, "decision", ("WEB-2", "PLAT-1"), "plan"),
        ("Either PLAT-3 ((no team)) moves before 2027-01 (31 Jan 2027), or APP-8 (App) slips by about 2 weeks.",
         "in 2027-01, 14 days before its blocker's Sprint 20", 14.0, "decision", ("APP-8", "PLAT-3"), "plan"),
    ]


def test_board_decisions_of_an_empty_board_or_without_conflicts_are_none():
    assert board_decisions(BOARD.iloc[:0], BLOCKERS) == []
    assert board_decisions(BOARD.assign(conflict=False), BLOCKERS) == []
    assert board_decisions(BOARD, BLOCKERS.iloc[:0]) == []


def test_a_conflict_found_by_the_dependencies_page_and_the_board_is_stated_once():
    flagged = pd.DataFrame({"team": ["Web"], "periods_below": [3], "ongoing": [True]})
    shortfall = pd.DataFrame({"period_start": pd.to_datetime(["2026-03-01"]), "team": ["Web"],
                              "technical_share": [0.18], "technical_target": [0.35]})
    targets = technical_target_decisions(flagged, shortfall) * 2
    both = ordering_decisions(RISKS) + board_decisions(BOARD, BLOCKERS) + targets
    assert [d.keys for d in unique_decisions(both)] == [("WEB-2", "PLAT-1"), ("APP-7", "PLAT-3"),
                                                         ("APP-8", "PLAT-3"), (), ()]
    assert unique_decisions(both)[0].page == "dependencies"
    assert unique_decisions([]) == []


def test_releases_at_risk_come_first_each_group_in_release_date_order():
    releases = pd.DataFrame({"version": ["1.0", "1.1", "2.0", "2.1"], "on_track": [True, False, True, False],
                             "release_date": pd.to_datetime(["2027-01-01", "2027-02-01", "2027-03-01", None])})
    assert releases_at_risk_first(releases, 3)["version"].tolist() == ["1.1", "2.1", "1.0"]
    assert releases_at_risk_first(releases.iloc[:0], 3).empty


def test_briefing_answer_counts_sections_and_decisions():
    decisions = Section("decisions", "Decisions needed", decision_points(ordering_decisions(RISKS)))
    brief = Briefing("B", ("Web",), date(2026, 1, 1), date(2026, 3, 31), date(2026, 3, 31),
                     (Section("debt", "Debt", chart=ChartSpec("t", ("a",), (("s", (1.0,)),))), decisions))
    assert brief.answer == "The briefing for Web, 1 Jan 2026 to 31 Mar 2026: 2 sections, 2 decisions needed."
    assert Briefing("B", (), date(2026, 1, 1), date(2026, 3, 31), date(2026, 3, 31)).answer == (
        "The briefing for All teams, 1 Jan 2026 to 31 Mar 2026: 0 sections.")


@pytest.mark.parametrize("limit", [3, 7])
def test_empty_headlines_never_exceed_one_point(limit):
    assert len(talking_points([], limit=limit)) == 1
