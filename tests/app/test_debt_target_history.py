"""The Debt page's investment and Roadmap balance take a period's target from the same
target history (allocation.targets_on): a target changed today leaves past periods alone."""
from dataclasses import replace
from datetime import date

from analysis.filters import Filters
from app.metrics import run_metric


def test_debt_investment_uses_the_target_history_like_balance(demo_data):
    changed = date(2026, 9, 1)
    mobile_before = {**demo_data.targets.get("Mobile", demo_data.targets["default"])}
    mobile_now = {**dict.fromkeys(mobile_before, 0.0), "feature": 0.4, "debt": 0.6}
    data = replace(demo_data, targets={**demo_data.targets, "Mobile": mobile_now},
                   target_history=({"owner": "Mobile", "effective": date(1, 1, 1), "shares": mobile_before},
                                   {"owner": "Mobile", "effective": changed, "shares": mobile_now}))
    filters = Filters(teams=("Mobile",))
    investment = run_metric("debt-investment", data, filters, {"period": "month"})
    before = investment[investment["period_end"] < "2026-09-01"]["target_debt_share"]
    after = investment[investment["period_end"] >= "2026-09-01"]["target_debt_share"]
    assert len(before) and len(after)
    assert set(before.round(4)) == {round(mobile_before["debt"], 4)}
    assert set(after) == {0.6}
    balance = run_metric("balance", data, filters, {"period": "month"})
    debt_rows = balance[balance["category"] == "debt"]
    assert set(debt_rows[debt_rows["period_start"] >= "2026-09-01"]["target_share"]) == {0.6}
    assert set(debt_rows[debt_rows["period_start"] < "2026-09-01"]["target_share"].round(4)) == \
        {round(mobile_before["debt"], 4)}
