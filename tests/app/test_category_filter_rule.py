"""The category filter rule, per metric family: debt and balance shares are of all
categories, so the category filter never changes them (it only hides rows). Deleting the
rule from any family makes its test fail."""
from analysis.filters import Filters
from app.metrics import run_metric

ALL = Filters()
FEATURES = Filters(categories=("feature",))


def test_debt_numbers_ignore_the_category_filter(demo_data):
    for name, options in (("debt-summary", {}), ("debt-trend", {"period": "month"}),
                          ("debt-by-area", {"area": "team"})):
        assert run_metric(name, demo_data, FEATURES, options).equals(run_metric(name, demo_data, ALL, options)), name


def test_balance_shares_and_scores_ignore_the_category_filter(demo_data):
    everything = run_metric("balance", demo_data, ALL, {})
    features = run_metric("balance", demo_data, FEATURES, {})
    assert set(features["category"]) == {"feature"}
    assert features.reset_index(drop=True).equals(
        everything[everything["category"] == "feature"].reset_index(drop=True))
    for name in ("balance-score", "balance-technical", "balance-technical-period"):
        assert run_metric(name, demo_data, FEATURES, {}).equals(run_metric(name, demo_data, ALL, {})), name


def test_the_overview_debt_share_ignores_the_category_filter(demo_data):
    def share(filters):
        table = run_metric("overview", demo_data, filters, {}).set_index("metric")
        return table.loc["open_debt_share", "value"], table.loc["open_items", "value"]
    (all_share, all_open), (feature_share, feature_open) = share(ALL), share(FEATURES)
    assert feature_share == all_share
    assert feature_open < all_open          # the counts do follow the filter
