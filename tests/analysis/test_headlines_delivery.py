"""Delivery headline sentences on hand-made tables: a late release with the team it waits on,
all releases on track, the forecast, cycle time by category, and empty data."""
from __future__ import annotations

import pandas as pd

from analysis.headlines import delivery


def day(text):
    return pd.Timestamp(text)


RELEASES = pd.DataFrame({
    "version": ["2027.1", "2027.2"], "release_date": [day("2027-02-21"), day("2027-06-30")],
    "scope_items": [40, 10], "done_items": [10, 0], "remaining_items": [30, 10],
    "forecast_50": [day("2027-03-01"), day("2027-03-20")], "forecast_85": [day("2027-03-14"), day("2027-04-10")],
    "on_track": [False, True], "open_blockers": [2, 0],
})
ISSUES = pd.DataFrame({"key": ["F1", "F2", "F3"], "team": ["Web"] * 3,
                       "fix_versions": [["2027.1"], ["2027.1"], ["2027.2"]]})
LINKS = pd.DataFrame({"blocker_key": ["P1", "P2"], "blocked_key": ["F1", "F2"],
                      "blocker_team": ["Platform", "Platform"], "blocked_team": ["Web", "Web"], "waiting_days": [4, 9]})


def test_a_late_release_names_its_date_the_delay_and_who_it_waits_on():
    found = delivery.release_headlines(RELEASES, LINKS, ISSUES, 84)
    assert [h.text for h in found] == [
        "At the last 12 weeks' pace, release 2027.1 finishes by 14 Mar at 85 %, 3 weeks after its date. "
        "2 of its items wait on Platform."]
    assert found[0].page == "delivery" and found[0].weight == 0.9 and found[0].value == 30.0


def test_releases_all_on_track_is_no_notable_change():
    found = delivery.release_headlines(RELEASES.assign(on_track=True), LINKS, ISSUES, 30)
    assert [h.text for h in found] == [
        "At the last 30 days' pace, every unreleased version (2027.1, 2027.2) finishes by its date at 85 %."]
    assert found[0].kind == "no-change"


def test_no_releases_no_sentence():
    assert delivery.release_headlines(RELEASES.iloc[0:0], LINKS, ISSUES, 84) == []


def test_forecast_sentence_and_no_throughput():
    when = pd.DataFrame({"percentile": [50, 85, 95],
                         "finish_date": [day("2027-03-01"), day("2027-03-14"), day("2027-04-01")]})
    assert delivery.forecast_headlines(when, 120, 84)[0].text == (
        "At the last 12 weeks' pace, the 120 open items finish by 14 Mar 2027 at 85 % (1 Mar at 50 %).")
    never = when.assign(finish_date=pd.NaT)
    assert delivery.forecast_headlines(never, 3, 84)[0].text == (
        "Nothing was finished in the last 12 weeks: no forecast for the 3 open items.")
    assert delivery.forecast_headlines(when, 0, 84)[0].kind == "no-change"


def test_cycle_time_sentence_names_the_slower_category():
    percentiles = pd.DataFrame({"percentile": [50, 85, 95], "cycle_days": [4.0, 9.4, 15.0],
                                "lead_days": [20.0, 40.0, 60.0], "items": [30, 30, 30]})
    by_category = pd.DataFrame({"category": ["enabler", "feature", "defect"], "items": [6, 20, 3],
                                "median_cycle_days": [12.0, 4.0, 1.0], "p85_cycle_days": [20.0, 8.0, 2.0]})
    texts = [h.text for h in delivery.cycle_time_headlines(percentiles, by_category)]
    # defects have too few items (3 < 5) to be compared
    assert texts == ["85 % of items finish within 9 days of being started (half within 4 days).",
                     "Enablers take 3.0× as long as features (median 12 days against 4 days)."]


def test_cycle_time_similar_categories_and_empty():
    percentiles = pd.DataFrame({"percentile": [50, 85, 95], "cycle_days": [4.0, 9.0, 15.0],
                                "lead_days": [20.0, 40.0, 60.0], "items": [30, 30, 30]})
    by_category = pd.DataFrame({"category": ["enabler", "feature"], "items": [6, 20],
                                "median_cycle_days": [5.0, 4.0], "p85_cycle_days": [9.0, 8.0]})
    assert len(delivery.cycle_time_headlines(percentiles, by_category)) == 1
    empty = percentiles.assign(cycle_days=float("nan"))
    found = delivery.cycle_time_headlines(empty, by_category.iloc[0:0])
    assert found[0].kind == "no-change" and "no notable change" in found[0].text


def test_headlines_table_most_at_stake_first():
    found = delivery.cycle_time_headlines(pd.DataFrame({"percentile": [50, 85, 95], "cycle_days": [1.0, 2.0, 3.0],
                                                        "lead_days": [1.0, 2.0, 3.0], "items": [5, 5, 5]}),
                                          pd.DataFrame(columns=["category", "items", "median_cycle_days"]))
    found += delivery.release_headlines(RELEASES, LINKS, ISSUES, 84)
    table = delivery.headlines_table(found)
    assert table["weight"].tolist() == [0.9, 0.3]
    assert delivery.headlines_table([]).empty
