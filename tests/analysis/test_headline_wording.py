from analysis.headlines import Headline, count, date_text, month_text, number, percent, points_change, ranked


def test_wording_helpers_read_as_plain_english():
    assert count(1, "item") == "1 item"
    assert count(3, "item") == "3 items"
    assert count(1234, "dependency") == "1,234 dependencies"
    assert count(2, "team", "teams") == "2 teams"
    assert number(-0.2) == "0"
    assert percent(0.314) == "31 %"
    assert points_change(0.14, 0.22) == "+8.0 pp"
    assert date_text("2027-03-14") == "14 Mar 2027"
    assert date_text(None) == "an unknown date"
    assert month_text("2025-12-01") == "Dec 2025"


def test_ranked_puts_most_at_stake_first_and_keeps_ties_in_order():
    a, b, c = Headline("a", weight=0.2), Headline("b", weight=0.9), Headline("c", weight=0.2)
    assert [h.text for h in ranked([a, b, c])] == ["b", "a", "c"]
    assert [h.text for h in ranked([a, b, c], limit=1)] == ["b"]
