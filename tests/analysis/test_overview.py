from datetime import date

import pandas as pd

from analysis.allocation import balance_score, delivered_balance_score, target_for
from analysis.overview import category_counts, headline_numbers
from analysis.timeline import prepare

TARGETS = {"default": {"feature": 0.5, "defect": 0.0, "debt": 0.5, "enabler": 0, "architecture": 0, "devops": 0},
           "B": {"feature": 1.0}}


def issues():
    rows = [
        # key, team, category, created, resolved, points
        ("A-1", "A", "feature", "2026-01-01", None, 3.0),
        ("A-2", "A", "debt", "2026-01-01", None, 5.0),
        ("A-3", "A", "debt", "2026-02-20", None, None),
        ("B-1", "B", "feature", "2026-01-01", "2026-02-25", 8.0),
        ("B-2", "B", "enabler", "2026-01-01", None, 2.0),
        ("A-4", "A", "feature", "2026-01-10", "2026-02-10", 2.0),
    ]
    frame = pd.DataFrame(rows, columns=["key", "team", "category", "created", "resolved", "story_points"])
    frame["created"] = pd.to_datetime(frame["created"], utc=True)
    frame["resolved"] = pd.to_datetime(frame["resolved"], utc=True)
    frame["updated"] = frame["created"]
    frame["status_category"] = ["todo", "todo", "todo", "done", "in_progress", "done"]
    frame["category_source"] = "rule"
    return prepare(frame)


LINKS = pd.DataFrame({"from_key": ["B-2", "A-1", "B-1", "A-2"], "to_key": ["A-1", "A-2", "A-3", "OUT-1"],
                      "relation": ["blocks", "blocks", "blocks", "blocks"]})


def test_balance_score_is_one_minus_total_variation_distance():
    assert balance_score({"feature": 1.0}, {"feature": 0.5, "debt": 0.5}) == 50.0
    assert balance_score({"feature": 0.5, "debt": 0.5}, {"feature": 0.5, "debt": 0.5}) == 100.0
    assert target_for("unknown team", TARGETS)["debt"] == 0.5
    assert target_for("B", TARGETS)["feature"] == 1.0


def test_delivered_balance_score_weights_teams_by_points_and_none_when_nothing_delivered():
    done = issues().query("status_category == 'done'")
    # A delivered only a feature (2 pts) against 50/50 -> 50; B delivered a feature (8 pts) against 100 % feature -> 100
    assert delivered_balance_score(done, TARGETS, 1.0) == 90.0
    assert delivered_balance_score(done.iloc[:0], TARGETS, 1.0) is None


def test_headline_numbers_compare_the_end_of_the_period_with_its_start():
    frame = issues()
    numbers = headline_numbers(frame, frame, frame, LINKS, date(2026, 1, 31), date(2026, 3, 1), TARGETS, 1.0)
    headlines = {h.name: h for h in numbers}
    # start = end of 30 January, B-1, B-2, A-4 open; end = 1 March, B-2
    assert (headlines["open_items"].value, headlines["open_items"].previous) == (4, 5)
    assert headlines["open_items"].change == -1
    assert headlines["open_debt_share"].value == 0.5
    assert headlines["open_debt_share"].previous == 0.2
    # B-2 -> A-1 (A waits on B) and A-2 -> OUT-1 (outside the export) are open and
    # cross-team on both days; B-1 -> A-3 is not there on 30 January (A-3 created 20 Feb)
    assert (headlines["open_cross_team_blockers"].value, headlines["open_cross_team_blockers"].previous) == (2, 2)
    # delivered in the period: A-4 (10 Feb) and B-1 (25 Feb) -> 90; no start value to compare
    assert (headlines["balance_score"].value, headlines["balance_score"].previous) == (90.0, None)


def test_headline_numbers_honour_the_start_of_the_period():
    frame = issues()
    late = {h.name: h for h in headline_numbers(frame, frame, frame, LINKS, date(2026, 2, 25), date(2026, 3, 1),
                                                TARGETS, 1.0)}
    assert late["open_items"].previous == 5                 # end of 24 Feb, B-1, B-2
    assert late["balance_score"].value == 100.0             # only B-1 was delivered in the period


def test_the_debt_share_is_of_all_categories_whatever_the_category_filter():
    frame = issues()
    features = frame[frame["category"] == "feature"]
    headlines = {h.name: h for h in headline_numbers(features, frame, frame, LINKS, date(2026, 1, 31),
                                                     date(2026, 3, 1), TARGETS, 1.0)}
    assert headlines["open_items"].value == 1
    assert headlines["open_debt_share"].value == 0.5        # of all open items, as on the Debt page


def test_headline_numbers_of_an_empty_selection():
    empty = issues().iloc[:0]
    headlines = {h.name: h for h in headline_numbers(empty, empty, empty, LINKS, date(2026, 1, 31),
                                                     date(2026, 3, 1), TARGETS, 1.0)}
    assert headlines["open_items"].value == 0
    assert headlines["open_debt_share"].value is None
    assert headlines["balance_score"].value is None


def test_category_counts_cover_the_period_in_the_categories_order():
    out = category_counts(issues(), date(2026, 2, 15), date(2026, 3, 1))
    assert out.to_dict("records") == [       # A-4 was resolved on 10 Feb, before the period
        {"category": "feature", "items": 2, "open_items": 1, "resolved_items": 1, "default_classified": 0},
        {"category": "debt", "items": 2, "open_items": 2, "resolved_items": 0, "default_classified": 0},
        {"category": "enabler", "items": 1, "open_items": 1, "resolved_items": 0, "default_classified": 0},
    ]


def test_category_counts_empty():
    out = category_counts(issues().iloc[:0], date(2026, 2, 15), date(2026, 3, 1))
    assert out.to_dict("records") == []
    assert list(out.columns) == ["category", "items", "open_items", "resolved_items", "default_classified"]
