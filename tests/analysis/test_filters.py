from datetime import date

import pandas as pd

from analysis.filters import Filters, select_issues


def test_filters_round_trip_through_the_query_string():
    filters = Filters(teams=("Platform", "Mobile"), categories=("debt",), since=date(2026, 1, 1))
    query = filters.to_query()
    assert query == {"team": ["Platform", "Mobile"], "category": ["debt"], "since": "2026-01-01"}
    as_url = {k: v if isinstance(v, list) else [v] for k, v in query.items()}
    assert Filters.from_query(as_url) == filters


def test_bad_dates_in_the_url_are_ignored():
    assert Filters.from_query({"since": ["yesterday"], "team": ["A"]}) == Filters(teams=("A",))


def test_with_period_defaults_to_a_year_before_the_reference_date():
    filled = Filters().with_period(date(2026, 11, 20))
    assert (filled.since, filled.until) == (date(2025, 11, 20), date(2026, 11, 20))


def test_select_issues_by_team_and_category():
    issues = pd.DataFrame({"key": ["A", "B", "C"], "team": ["X", "Y", "X"], "project": ["P"] * 3,
                           "category": ["debt", "debt", "feature"], "issue_type": ["Task"] * 3})
    assert list(select_issues(issues, Filters(teams=("X",), categories=("debt",)))["key"]) == ["A"]
    assert list(select_issues(issues, Filters())["key"]) == ["A", "B", "C"]
    assert select_issues(issues, Filters(teams=("nobody",))).empty


def test_select_issues_without_filters_is_every_issue_and_changing_it_leaves_the_issues_alone():
    issues = pd.DataFrame({"key": ["A", "B"], "team": ["X", "Y"], "category": ["debt", "feature"]})
    selected = select_issues(issues, Filters())
    assert selected.to_dict("records") == issues.to_dict("records")
    assert selected is not issues
    selected["team"] = "changed"
    selected.loc[0, "key"] = "Z"
    assert issues.to_dict("records") == [{"key": "A", "team": "X", "category": "debt"},
                                         {"key": "B", "team": "Y", "category": "feature"}]
    assert select_issues(issues.iloc[0:0], Filters()).empty
