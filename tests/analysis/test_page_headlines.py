"""The answer at the top of each page, from hand-made metric tables: a change, no notable
change, and empty data, with the exact sentences."""
from datetime import date

import pandas as pd

from analysis.headlines.balance import balance_headlines
from analysis.headlines.change import change_basis, count_change_is_notable, share_change_is_notable
from analysis.headlines.debt import debt_headlines
from analysis.headlines.dependencies import dependency_headlines
from analysis.headlines.overview import overview_headlines

SINCE, UNTIL = date(2025, 12, 1), date(2026, 11, 30)


def texts(headlines):
    return [h.text for h in headlines]


def summary(rows):
    return pd.DataFrame(rows, columns=["metric", "value", "value_at_start"])


def by_team(rows):
    return pd.DataFrame(rows, columns=["area", "open_debt_items", "share_of_open_debt"])


# ---------------------------------------------------------------- the shared rule
def test_a_change_is_notable_from_five_percent_and_five_items_or_two_points():
    assert count_change_is_notable(100, 105) and not count_change_is_notable(100, 104)
    assert not count_change_is_notable(10, 14)              # 40 % but only 4 items
    assert count_change_is_notable(0, 5)
    assert share_change_is_notable(0.20, 0.22) and not share_change_is_notable(0.20, 0.219)
    assert not count_change_is_notable(None, 5)
    assert change_basis(SINCE, UNTIL) == "Changes compare the end of the period (30 Nov 2026) with its start (1 Dec 2025)."


# ---------------------------------------------------------------- debt
def test_debt_rose_and_sits_mostly_in_one_team():
    out = debt_headlines(summary([("open_debt_items", 394.0, 220.0)]),
                         by_team([("Catalog", 263, 0.6675), ("Data", 131, 0.3325)]), SINCE, UNTIL)
    assert texts(out) == ["Open debt rose from 220 to 394 items between 1 Dec 2025 and 30 Nov 2026 (+79 %).",
                          "67 % of it sits in Catalog."]
    assert out[0].kind == "finding" and out[0].weight == 0.7909
    assert out[0].page == "debt"


def test_debt_fell_and_is_spread():
    out = debt_headlines(summary([("open_debt_items", 80.0, 100.0)]),
                         by_team([("A", 30, 0.375), ("B", 25, 0.3125), ("C", 25, 0.3125)]), SINCE, UNTIL)
    assert texts(out) == ["Open debt fell from 100 to 80 items between 1 Dec 2025 and 30 Nov 2026 (-20 %).",
                          "It is spread across teams; the most, 38 %, sits in A."]


def test_debt_without_notable_change():
    out = debt_headlines(summary([("open_debt_items", 102.0, 100.0)]), by_team([("A", 102, 1.0)]), SINCE, UNTIL)
    assert texts(out)[0] == ("Open debt held at 102 items on 30 Nov 2026, against 100 on 1 Dec 2025: "
                             "no notable change.")
    assert out[0].kind == "no-change" and out[0].weight == 0.0


def test_debt_headlines_of_empty_data():
    out = debt_headlines(summary([]), by_team([]), SINCE, UNTIL)
    assert texts(out) == ["No debt item was open on 1 Dec 2025 or on 30 Nov 2026."]
    assert out[0].kind == "no-change"


# ---------------------------------------------------------------- dependencies
def dep_summary(open_links, cycles=0, risks=0):
    return pd.DataFrame({"metric": ["open_links", "cycles", "ordering_risks"], "value": [open_links, cycles, risks]})


def hotspots(rows):
    return pd.DataFrame(rows, columns=["team", "open_inbound", "waiting_teams"])


def test_the_bottleneck_team_and_what_to_re_plan():
    out = dependency_headlines(dep_summary(180, cycles=1, risks=5), hotspots([("Platform", 126, 5), ("Data", 3, 1)]))
    assert texts(out) == ["Platform is the bottleneck: 126 open links from 5 other teams wait on it.",
                          "To re-plan: 1 dependency cycle and 5 items planned to finish before their blockers."]
    assert out[1].kind == "decision"


def test_one_link_from_one_team_reads_in_the_singular():
    out = dependency_headlines(dep_summary(3, risks=1), hotspots([("Data", 1, 1)]))
    assert texts(out) == ["Data is the bottleneck: 1 open link from 1 other team waits on it.",
                          "To re-plan: 1 item planned to finish before its blocker."]


def test_no_team_waits_on_another():
    out = dependency_headlines(dep_summary(4), hotspots([("Data", 0, 0)]))
    assert texts(out) == ["No team waits on another: all 4 open blocks links stay within one team.",
                          "No dependency cycle and no item planned before its blocker."]
    assert [h.kind for h in out] == ["no-change", "no-change"]


def test_dependency_headlines_of_empty_data():
    out = dependency_headlines(dep_summary(0), hotspots([]))
    assert texts(out) == ["No open blocks link in this selection: no item waits on another."]
    assert dependency_headlines(pd.DataFrame(columns=["metric", "value"]), hotspots([]))[0].kind == "no-change"


# ---------------------------------------------------------------- balance
def over_period(rows):
    return pd.DataFrame(rows, columns=["team", "technical_share", "technical_target", "gap_pp"])


def technical(rows):
    return pd.DataFrame(rows, columns=["period_start", "team", "periods_below_in_a_row"]).astype(
        {"period_start": "datetime64[us]"})


def test_technical_share_below_target_and_the_team_below_longest():
    shares = over_period([("Mobile", 0.20, 0.35, -15.0), ("Platform", 0.40, 0.35, 5.0), ("all teams", 0.31, 0.35, -4.0)])
    runs = technical([("2026-10-01", "Mobile", 8), ("2026-11-01", "Mobile", 9), ("2026-11-01", "Platform", 0)])
    out = balance_headlines(shares, runs, "points", "month", SINCE, UNTIL)
    assert texts(out) == ["Technical work was 31 % of delivered points from 1 Dec 2025 to 30 Nov 2026 against a "
                          "35 % target.",
                          "Mobile has been below its technical target for 9 months in a row."]


def test_without_a_run_the_team_furthest_below_is_named():
    shares = over_period([("A", 0.20, 0.35, -15.0), ("B", 0.30, 0.35, -5.0), ("all teams", 0.25, 0.35, -10.0)])
    out = balance_headlines(shares, technical([("2026-11-01", "A", 1), ("2026-11-01", "B", 2)]), "items", "sprint",
                            SINCE, UNTIL)
    assert texts(out)[1] == "A is furthest below: 20 % against 35 %."
    assert texts(out)[0].startswith("Technical work was 25 % of delivered items")


def test_technical_share_on_target_is_no_notable_change():
    shares = over_period([("A", 0.35, 0.35, 0.0), ("all teams", 0.34, 0.35, -1.0)])
    out = balance_headlines(shares, technical([("2026-11-01", "A", 0)]), "points", "quarter", SINCE, UNTIL)
    assert texts(out) == ["Technical work was 34 % of delivered points from 1 Dec 2025 to 30 Nov 2026, on its 35 % "
                          "target (no notable change).", "Every team met its technical target over the period."]
    assert out[0].kind == "no-change"


def test_balance_headlines_of_empty_data():
    out = balance_headlines(over_period([]), technical([]), "points", "month", SINCE, UNTIL)
    assert texts(out) == ["Nothing was delivered from 1 Dec 2025 to 30 Nov 2026: there is no balance to show."]


# ---------------------------------------------------------------- overview
def overview_table(rows):
    return pd.DataFrame(rows, columns=["metric", "value", "value_at_start"])


def test_overview_says_how_the_backlog_and_its_debt_moved():
    out = overview_headlines(overview_table([("open_items", 1841, 1736), ("open_debt_share", 0.2167, 0.1900),
                                             ("open_cross_team_blockers", 147, 119), ("balance_score", 81.0, None)]),
                             SINCE, UNTIL)
    assert texts(out) == ["1,841 items are open on 30 Nov 2026, 105 more than at the start of 1 Dec 2025.",
                          "Debt is 22 % of all open items (+2.7 pp).",
                          "147 open blocks links cross team lines, up from 119."]


def test_overview_without_notable_change():
    out = overview_headlines(overview_table([("open_items", 1000, 1010), ("open_debt_share", 0.20, 0.205),
                                             ("open_cross_team_blockers", 0, 0)]), SINCE, UNTIL)
    assert texts(out) == ["1,000 items are open on 30 Nov 2026, about as many as at the start of 1 Dec 2025 "
                          "(no notable change).", "Debt is 20 % of all open items (no notable change)."]
    assert {h.kind for h in out} == {"no-change"}


def test_overview_headlines_of_empty_data():
    assert texts(overview_headlines(overview_table([]), SINCE, UNTIL)) == [
        "No item was open on 1 Dec 2025 or on 30 Nov 2026 in this selection."]
