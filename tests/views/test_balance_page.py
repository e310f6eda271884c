import json
import shutil

import pandas as pd
import pytest

import config
from analysis import balance
from analysis.filters import Filters
from analysis.allocation import target_for
from analysis.timeline import open_on
from app import tables
from app.safe_text import md
from tests.conftest import open_tables


def page_table(at, first_columns, index: int = 0):
    """The first (or `index`-th) dataframe on the page whose (raw) columns start with
    `first_columns`, read back with its raw names (tables.raw_table), every folded table
    opened first."""
    found = 0
    for frame in open_tables(at).dataframe:
        table = tables.raw_table(frame.value)
        if list(table.columns[:len(first_columns)]) == first_columns:
            if found == index:
                return table.reset_index(drop=True)
            found += 1
    raise AssertionError(f"no table with columns {first_columns}")


def chart_titles(at) -> list[str]:
    titles = []
    for chart in at.get("plotly_chart"):
        title = json.loads(chart.proto.spec).get("layout", {}).get("title", {})
        titles.append(title.get("text", "") if isinstance(title, dict) else str(title or ""))
    return titles


def as_shown(frame):
    """A metric's table as the page shows it (human names and rounded percentages), read back."""
    return tables.raw_table(tables.readable(frame))


def caption_with(at, text):
    return next(c.value for c in at.caption if text in c.value)


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
        "Delivered work per category", "One team over time", "Against the target", "Target allocation",
        "Planned work per release", "Backlog composition", "Delivered items and category corrections"]
    assert any("100 × (1 − total variation distance)" in m.value for m in at.markdown)   # the definitions
    assert at.markdown[0].value.startswith("##### Technical work was ")                     # the answer first

    filters, rows = expected_delivered(demo_data)
    shown = page_table(at, ["period_start", "team", "category", "points"])
    assert records(shown) == records(as_shown(rows))
    per_team = page_table(at, ["team", "category", "points", "items", "share"])
    assert records(per_team) == records(as_shown(balance.shares_per_team(rows, "points")))

    scores = balance.balance_scores(rows, filters.since, filters.until, "month")
    shown_scores = page_table(at, ["period_start", "team", "score"])
    assert shown_scores["score"].fillna(-1).tolist() == scores["score"].fillna(-1).tolist()

    # the demo story: Mobile under-invests in technical work, Platform is mostly technical
    technical = balance.technical_shortfall(rows, filters.since, filters.until, "month")
    flagged = balance.flagged_teams(technical)
    assert "Mobile" in flagged["team"].tolist()
    warnings = [w.value for w in at.warning if "Demo data" not in w.value]
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
    assert f"{without:,} of {len(items):,} delivered items have no story points" in caption_with(at, "story points")

    planned = page_table(at, ["release", "release_date", "team", "category"])
    expected_planned = balance.planned_balance(demo_data.issues, demo_data.sprints, demo_data.versions,
                                               demo_data.reference_date, "points", demo_data.targets, 1.0)
    assert records(planned) == records(as_shown(expected_planned))
    assert len(planned) > 0
    backlog = page_table(at, ["category", "age_bucket", "items"])
    assert backlog["items"].sum() == int(open_on(demo_data.issues, demo_data.reference_date).sum())
    assert len(at.get("download_button")) == 11      # every table has its CSV

    # one team over time: the page opens on the team below its technical target the longest
    over_period = balance.technical_share_over_period(rows, "points")
    assert at.selectbox(key="balance_team").value == balance.team_to_watch(over_period, flagged) == "Catalog"
    team_rows = page_table(at, ["period_start", "team", "category", "points"], index=1)
    assert set(team_rows["team"]) == {"Catalog"}
    assert records(team_rows) == records(as_shown(rows[rows["team"] == "Catalog"]))


def test_choosing_another_team_redraws_its_periods_and_is_kept_in_the_url(app_page, demo_data):
    at = app_page("views/balance.py", timeout=120)
    at.selectbox(key="balance_team").set_value("Mobile").run()
    assert not at.exception
    filters, rows = expected_delivered(demo_data)
    team_rows = page_table(at, ["period_start", "team", "category", "points"], index=1)
    assert records(team_rows) == records(as_shown(rows[rows["team"] == "Mobile"]))
    assert at.query_params["balance_team"] == "Mobile"
    assert "Delivered work of Mobile per category and month" in chart_titles(at)     # the first view of the team
    at.session_state["balance_team_view"] = "Technical share"                       # only the chosen view is built
    shown = chart_titles(at.run())
    assert any(t.startswith("Technical share (debt + enabler + architecture + devops) of Mobile") for t in shown)
    assert not any(t.startswith("Delivered work of Mobile") for t in shown)
    again = app_page("views/balance.py", timeout=120, balance_team="Mobile")     # a shared link
    assert again.selectbox(key="balance_team").value == "Mobile"
    narrowed = app_page("views/balance.py", timeout=120, balance_team="Mobile", team=["Platform"])
    assert not narrowed.exception and narrowed.selectbox(key="balance_team").value == "Platform"


def test_balance_page_by_sprint_and_item_count(app_page, demo_data):
    at = app_page("views/balance.py", timeout=120)
    at.radio(key="balance_period").set_value("sprint")
    at.radio(key="balance_by").set_value("items").run()
    assert not at.exception
    filters, rows = expected_delivered(demo_data, "sprint", "items")
    shown = page_table(at, ["period_start", "team", "category", "points"])
    assert records(shown) == records(as_shown(rows))
    starts = pd.to_datetime(shown["period_start"]).drop_duplicates().sort_values()
    assert (starts.dt.day_of_week == 0).all()
    assert set(starts.diff().dropna().dt.days) <= {14, 28, 42}
    assert "Weighed by item count" in caption_with(at, "Weighed by")
    assert at.query_params["balance_period"] == "sprint" and at.query_params["balance_by"] == "items"


def test_editing_a_target_changes_the_drift_and_persists_across_a_restart(demo_copy):
    at = open_balance()
    at.selectbox(key="balance_target_owner").set_value("Mobile").run()
    for category, value in {"feature": 40.0, "defect": 10.0, "debt": 20.0, "enabler": 15.0,
                            "architecture": 5.0, "devops": 10.0}.items():
        at.number_input(key=f"target_Mobile_{category}").set_value(value)
    at.button(key="balance_save_targets").click().run()
    assert not at.exception
    assert any(m.value.startswith(md("Saved the target of Mobile from 19 Nov 2026 on (earlier periods keep the target "
                                     "they had): feature 40.0 %, defect 10.0 %, debt 20.0 %")) for m in at.success)

    saved = config.load_targets(demo_copy / "config")
    assert saved["Mobile"] == {"feature": 0.4, "defect": 0.1, "debt": 0.2, "enabler": 0.15,
                               "architecture": 0.05, "devops": 0.1}
    assert saved["default"]["feature"] == 0.55          # the default is untouched

    restarted = open_balance()                           # a new session on the same workspace
    shown = page_table(restarted, ["period_start", "team", "category", "points"])
    mobile_debt = shown[(shown["team"] == "Mobile") & (shown["category"] == "debt")]
    assert len(mobile_debt) > 0
    # the new target applies from the data's date on: only the last period is measured against it,
    # every earlier one keeps the target Mobile had before (the default's share of debt)
    last = mobile_debt["period_start"].max()
    assert set(mobile_debt.loc[mobile_debt["period_start"] == last, "target_share"]) == {0.2}
    assert set(mobile_debt.loc[mobile_debt["period_start"] < last, "target_share"]) == {
        round(target_for("Mobile", {k: v for k, v in saved.items() if k != "Mobile"})["debt"], 6)}
    expected = ((mobile_debt["share"] - mobile_debt["target_share"]) * 100)
    assert (mobile_debt["drift_pp"] - expected).abs().max() <= 0.1
    other = shown[(shown["team"] != "Mobile") & (shown["category"] == "debt")]
    assert other["target_share"].tolist() == [round(target_for(t, saved)["debt"], 6) for t in other["team"]]
    assert restarted.number_input(key="target_default_feature").value == 55.0


def test_correcting_a_category_from_the_drill_down_is_saved_and_applied(demo_copy):
    from app.context import load_workspace_data
    from data.workspace import Workspace

    at = open_balance()
    items = page_table(at, ["period_start", "resolved_day", "key"])
    row = items[items["category"] == "feature"].iloc[0]
    at.session_state["balance_fix_open"] = True                          # the reader opens the picker
    at.run().selectbox(key="balance_fix_key").set_value(row["key"])
    at.selectbox(key="balance_fix_category").set_value("debt").run()
    at.button(key="balance_fix_save").click().run()
    assert not at.exception
    assert [m.value for m in at.success] == [md(f"{row['key']} is now debt (was feature); listed on the Data quality page.")]

    data = load_workspace_data(Workspace(demo_copy))
    assert {"key": row["key"], "category": "debt"} in data.overrides[["key", "category"]].to_dict("records")
    fixed = data.issues.set_index("key").loc[row["key"]]
    assert (fixed["category"], fixed["category_source"]) == ("debt", "override")
    shown = page_table(at, ["period_start", "resolved_day", "key"]).set_index("key")
    assert shown.loc[row["key"], "category"] == "debt"

    at.selectbox(key="balance_fix_key").set_value(row["key"])
    at.selectbox(key="balance_fix_category").set_value("debt").run()
    at.button(key="balance_fix_save").click().run()              # a correction that changes nothing
    assert [m.value for m in at.error] == [md(f"{row['key']} is already in the category debt: nothing to correct")]

    at.selectbox(key="balance_fix_key").set_value(row["key"]).run()
    at.button(key="balance_fix_clear").click().run()
    assert row["key"] not in set(load_workspace_data(Workspace(demo_copy)).overrides["key"])


def test_balance_page_with_no_delivered_work_shows_no_data(app_page):
    at = app_page("views/balance.py", timeout=120, since="2020-01-01", until="2020-03-31")
    assert not at.exception
    assert page_table(at, ["period_start", "team", "category", "points"]).empty
    assert page_table(at, ["period_start", "team", "score"]).empty
    assert "0 of 0 delivered items" in caption_with(at, "delivered items")
    assert [w.value for w in at.warning if "Demo data" not in w.value] == []
    assert at.selectbox(key="balance_target_owner").value == "default"
