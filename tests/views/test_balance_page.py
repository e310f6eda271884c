import shutil

import pandas as pd
import pytest

import config
from analysis import balance
from analysis.filters import Filters
from analysis.allocation import target_for
from analysis.timeline import open_on
from app import tables


def page_table(at, first_columns):
    """The first dataframe on the page whose columns start with `first_columns`."""
    for frame in at.dataframe:
        if list(frame.value.columns[:len(first_columns)]) == first_columns:
            return frame.value.reset_index(drop=True)
    raise AssertionError(f"no table with columns {first_columns}")


def records(frame):
    """Rows as the page shows them: ISO dates, and None for every missing value."""
    plain = tables.plain_values(frame.reset_index(drop=True))
    return plain.astype(object).where(plain.notna(), None).to_dict("records")


def expected_delivered(data, period="month", by="points", targets=None):
    filters = Filters().with_period(data.reference_date)
    rows = balance.delivered_balance(data.issues, filters.since, filters.until, period, by,
                                     targets or data.targets, data.settings.default_points)
    return filters, rows


@pytest.fixture
def demo_copy(demo_workspace_dir, tmp_path, monkeypatch):
    """A private copy of the demo workspace: tests that save targets or corrections use it."""
    root = tmp_path / "ws"
    shutil.copytree(demo_workspace_dir, root)
    monkeypatch.setenv("TPO_WORKSPACE", str(root))
    return root


def open_balance(timeout=120):
    from streamlit.testing.v1 import AppTest
    from tests.conftest import ROOT
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    at.run()
    at.switch_page("views/balance.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_balance_page_shows_the_demo_workspace_numbers(app_page, demo_data):
    at = app_page("views/balance.py", timeout=120)
    assert not at.exception
    assert at.title[0].value == "Roadmap balance"
    assert [s.value for s in at.subheader] == [
        "Delivered work per category", "Against the target", "Target allocation", "Planned work per release",
        "Backlog composition", "Delivered items and category corrections"]
    assert "100 × (1 − total variation distance)" in at.caption[0].value

    filters, rows = expected_delivered(demo_data)
    shown = page_table(at, ["period_start", "team", "category", "points"])
    assert records(shown) == records(rows)

    scores = balance.balance_scores(rows, filters.since, filters.until, "month")
    shown_scores = page_table(at, ["period_start", "team", "score"])
    assert shown_scores["score"].fillna(-1).tolist() == scores["score"].fillna(-1).tolist()

    # the demo story: Mobile under-invests in technical work, Platform is mostly technical
    technical = balance.technical_shortfall(rows, filters.since, filters.until, "month")
    flagged = balance.flagged_teams(technical)
    assert "Mobile" in flagged["team"].tolist()
    warnings = [w.value for w in at.warning]
    mobile_warning = [w for w in warnings if w.startswith("**Mobile**: technical share")]
    assert len(mobile_warning) == 1 and mobile_warning[0].endswith("and still below in the latest one.")
    assert len(warnings) == len(flagged)
    platform = technical[(technical["team"] == "Platform") & technical["technical_share"].notna()]
    assert platform["technical_share"].median() > 0.6
    mobile = technical[(technical["team"] == "Mobile") & technical["technical_share"].notna()]
    assert mobile["technical_share"].tail(3).max() < 0.35

    # items without points: the caption says how many counted by default
    without = balance.items_without_points(demo_data.issues, filters.since, filters.until)
    items = balance.delivered_items(demo_data.issues, filters.since, filters.until, "month", 1.0)
    assert f"{without:,} of {len(items):,} delivered items have no story points" in at.caption[1].value

    planned = page_table(at, ["release", "release_date", "team", "category"])
    expected_planned = balance.planned_balance(demo_data.issues, demo_data.sprints, demo_data.versions,
                                               demo_data.reference_date, "points", demo_data.targets, 1.0)
    assert records(planned) == records(expected_planned)
    assert len(planned) > 0
    backlog = page_table(at, ["category", "age_bucket", "items"])
    assert backlog["items"].sum() == int(open_on(demo_data.issues, demo_data.reference_date).sum())
    assert len(at.get("download_button")) == 8      # every table has its CSV


def test_balance_page_by_sprint_and_item_count(app_page, demo_data):
    at = app_page("views/balance.py", timeout=120)
    at.radio(key="balance_period").set_value("sprint")
    at.radio(key="balance_by").set_value("items").run()
    assert not at.exception
    filters, rows = expected_delivered(demo_data, "sprint", "items")
    shown = page_table(at, ["period_start", "team", "category", "points"])
    assert records(shown) == records(rows)
    starts = pd.to_datetime(shown["period_start"]).drop_duplicates().sort_values()
    assert (starts.dt.day_of_week == 0).all()
    assert set(starts.diff().dropna().dt.days) <= {14, 28, 42}
    assert "Weighed by item count" in at.caption[1].value


def test_editing_a_target_changes_the_drift_and_persists_across_a_restart(demo_copy):
    at = open_balance()
    at.selectbox(key="balance_target_owner").set_value("Mobile").run()
    for category, value in {"feature": 40.0, "defect": 10.0, "debt": 20.0, "enabler": 15.0,
                            "architecture": 5.0, "devops": 10.0}.items():
        at.number_input(key=f"target_Mobile_{category}").set_value(value)
    at.button(key="balance_save_targets").click().run()
    assert not at.exception

    saved = config.load_targets(demo_copy / "config")
    assert saved["Mobile"] == {"feature": 0.4, "defect": 0.1, "debt": 0.2, "enabler": 0.15,
                               "architecture": 0.05, "devops": 0.1}
    assert saved["default"]["feature"] == 0.55          # the default is untouched

    restarted = open_balance()                           # a new session on the same workspace
    shown = page_table(restarted, ["period_start", "team", "category", "points"])
    mobile_debt = shown[(shown["team"] == "Mobile") & (shown["category"] == "debt")]
    assert len(mobile_debt) > 0
    assert set(mobile_debt["target_share"]) == {0.2}
    expected = ((mobile_debt["share"] - 0.2) * 100).round(1)
    assert mobile_debt["drift_pp"].tolist() == expected.tolist()
    other = shown[(shown["team"] != "Mobile") & (shown["category"] == "debt")]
    assert other["target_share"].tolist() == [round(target_for(t, saved)["debt"], 6) for t in other["team"]]
    assert restarted.number_input(key="target_default_feature").value == 55.0


def test_correcting_a_category_from_the_drill_down_is_saved_and_applied(demo_copy):
    from app.context import load_workspace_data
    from data.workspace import Workspace

    at = open_balance()
    items = page_table(at, ["period_start", "resolved_day", "key"])
    row = items[items["category"] == "feature"].iloc[0]
    at.selectbox(key="balance_fix_key").set_value(row["key"])
    at.selectbox(key="balance_fix_category").set_value("debt").run()
    at.button(key="balance_fix_save").click().run()
    assert not at.exception

    data = load_workspace_data(Workspace(demo_copy))
    assert {"key": row["key"], "category": "debt"} in data.overrides[["key", "category"]].to_dict("records")
    fixed = data.issues.set_index("key").loc[row["key"]]
    assert (fixed["category"], fixed["category_source"]) == ("debt", "override")
    shown = page_table(at, ["period_start", "resolved_day", "key"]).set_index("key")
    assert shown.loc[row["key"], "category"] == "debt"

    at.selectbox(key="balance_fix_key").set_value(row["key"]).run()
    at.button(key="balance_fix_clear").click().run()
    assert row["key"] not in set(load_workspace_data(Workspace(demo_copy)).overrides["key"])


def test_balance_page_with_no_delivered_work_shows_no_data(app_page):
    at = app_page("views/balance.py", timeout=120, since="2020-01-01", until="2020-03-31")
    assert not at.exception
    assert page_table(at, ["period_start", "team", "category", "points"]).empty
    assert page_table(at, ["period_start", "team", "score"]).empty
    assert "0 of 0 delivered items" in at.caption[1].value
    assert at.warning.len == 0
    assert at.selectbox(key="balance_target_owner").value == "default"
