"""The Technical debt page on the demo workspace (anchor 2026-11-20).

Headline numbers are checked against a count made here straight from the demo data with
timeline.open_on, so the page, the metrics and the definition agree; the demo's story
(debt building up in Catalog, paid down in Checkout over the last ~6 months) is checked
on the page's own tables.
"""
from __future__ import annotations

from datetime import timedelta

import pandas as pd

from analysis.timeline import open_on
from app.safe_text import md
from app.tables import raw_table
from tests.conftest import open_tables

PAGE = "views/debt.py"


def flat(node):
    """Every element of the page in order (depth first)."""
    for child in node.children.values():
        yield child
        if isinstance(getattr(child, "children", None), dict):
            yield from flat(child)


def tables_with(at, *columns) -> list[pd.DataFrame]:
    """The tables holding these (raw) columns, read back with their raw names, every folded
    table opened first."""
    shown = [raw_table(d.value) for d in open_tables(at).dataframe]
    return [t for t in shown if set(columns) <= set(t.columns)]


def table_with(at, *columns) -> pd.DataFrame:
    return tables_with(at, *columns)[0]


def metric(at, label):
    return next(m for m in at.metric if m.label == label)


def test_debt_page_headline_numbers_match_the_definition(app_page, demo_data):
    at = app_page(PAGE)
    assert not at.exception
    assert at.title[0].value == "Technical debt"
    assert [m.label for m in at.metric] == ["Open debt items", "Debt share of open items",
                                            "Median age of open debt", "Debt created / resolved"]
    until = demo_data.reference_date
    since = until - timedelta(days=365)
    issues = demo_data.issues
    debt = issues[issues["category"] == "debt"]
    open_debt = debt[open_on(debt, until)]
    open_all = int(open_on(issues, until).sum())
    created = int(debt["created_day"].between(pd.Timestamp(since), pd.Timestamp(until)).sum())
    resolved = int(debt["resolved_day"].between(pd.Timestamp(since), pd.Timestamp(until)).sum())
    median_age = (pd.Timestamp(until) - open_debt["created_day"]).dt.days.median()

    assert len(open_debt) > 100
    assert metric(at, "Open debt items").value == f"{len(open_debt):,}"
    assert metric(at, "Open debt items").delta == f"{created - resolved:+d}"
    assert metric(at, "Debt share of open items").value == f"{len(open_debt) / open_all * 100:.1f} %"
    assert metric(at, "Median age of open debt").value == f"{median_age:.0f} days"
    assert metric(at, "Debt created / resolved").value == f"{created} / {resolved}"
    trend = table_with(at, "period_start", "open_debt_items", "debt_share")
    assert len(trend) == 13 and trend["open_debt_items"].iloc[-1] == len(open_debt)
    assert any(m.value.startswith("At the net flow of the last 8 months (") and f"from {len(open_debt)} today"
               in m.value for m in at.markdown)


def test_every_chart_has_its_table_and_csv_download(app_page):
    at = app_page(PAGE)
    assert not at.exception
    elements = [e for e in flat(at.main) if type(e).__name__ not in ("Caption", "Markdown", "Alert")]
    charts = [i for i, e in enumerate(elements) if getattr(e, "type", None) == "plotly_chart"]
    # trend, as recorded per import (the demo has two exports), age, the chosen tab of team /
    # component / epic (only the open tab is built), interest, projection, investment
    assert len(charts) == 7
    for i in charts:
        following = [type(e).__name__ for e in elements[i + 1:i + 4]]
        assert following == ["Expander", "Dataframe", "DownloadButton"], (i, following)


def test_demo_story_debt_builds_up_in_catalog(app_page):
    at = app_page(PAGE, team=["Catalog"])
    assert not at.exception
    trend = table_with(at, "period_start", "open_debt_items", "debt_share")
    assert trend["open_debt_items"].iloc[-1] > 1.5 * trend["open_debt_items"].iloc[0]
    assert trend["debt_share"].iloc[-1] > trend["debt_share"].iloc[0] + 0.05
    assert (trend["net_flow"].tail(6) > 0).all()
    assert set(table_with(at, "area_type", "area")["area_type"]) == {"team"}      # the first tab, until chosen
    at.session_state["debt_area"] = "Component"                                  # the reader picks a tab
    components = table_with(at.run(), "area_type", "area")
    assert (components["area_type"] == "component").all()
    assert set(components["area"].head(2)) == {"search-index", "legacy-pricing"}
    at.session_state["debt_area"] = "Epic"
    by_epic = table_with(at.run(), "area_type", "area")
    assert (by_epic["area_type"] == "epic").all()
    assert by_epic["area"].str.contains(" — ").any() and "epic_summary" not in by_epic    # epics by name
    shared = app_page(PAGE, team=["Catalog"], debt_area="Epic")                   # a link naming the tab
    assert set(table_with(shared, "area_type", "area")["area_type"]) == {"epic"}
    projection = table_with(at, "status", "net_flow_per_period")
    assert projection["status"].iloc[0] == "ok" and projection["net_flow_per_period"].iloc[0] > 0


def test_demo_story_debt_paid_down_in_checkout_over_the_last_six_months(app_page):
    at = app_page(PAGE, team=["Checkout"])
    assert not at.exception
    trend = table_with(at, "period_start", "open_debt_items", "debt_share")
    last_seven = trend["open_debt_items"].tail(7).tolist()
    assert last_seven[-1] < 0.8 * last_seven[0]
    assert trend["debt_resolved"].tail(6).sum() > trend["debt_created"].tail(6).sum()
    assert trend["debt_share"].iloc[-1] < trend["debt_share"].iloc[0] - 0.05
    projection = table_with(at, "status", "net_flow_per_period")
    assert projection["net_flow_per_period"].iloc[0] < 0
    assert metric(at, "Open debt items").delta.startswith("-")
    assert metric(at, "Debt created / resolved").delta.startswith("-")
    investment = table_with(at, "period_start", "debt_share_completed", "target_debt_share")
    assert investment["debt_share_completed"].tail(6).mean() > investment["target_debt_share"].iloc[-1]


def test_period_projection_and_target_widgets(app_page):
    at = app_page(PAGE)
    at.button_group(key="debt_period").set_value("week").run()
    assert not at.exception
    weekly = table_with(at, "period_start", "open_debt_items", "debt_share")
    assert len(weekly) in (53, 54) and (pd.to_datetime(weekly["period_start"]).dt.day_of_week == 0).all()

    at.number_input(key="debt_target_items").set_value(0).run()
    projection = table_with(at, "status", "target", "target_date")
    assert projection["status"].iloc[0] == "ok" and projection["target"].iloc[0] == 0

    at.number_input(key="debt_projection_periods").set_value(100).run()
    assert not at.exception
    assert any(w.value.startswith("Too little history to project: 100 weeks") for w in at.warning)


def test_a_range_before_any_issue_shows_empty_charts_not_errors(app_page):
    at = app_page(PAGE, since="2000-01-01", until="2000-12-31")
    assert not at.exception
    assert metric(at, "Open debt items").value == "0"
    assert metric(at, "Debt share of open items").value == "no data"
    assert metric(at, "Median age of open debt").value == "no debt"
    assert table_with(at, "period_start", "open_debt_items", "debt_share")["open_debt_items"].sum() == 0
    assert any(i.value.startswith("Too few areas to tell (0") for i in at.info)


def test_debt_page_opens_with_its_answer_and_folds_its_definitions(app_page):
    at = app_page(PAGE)
    assert at.markdown[0].value.startswith("##### Open debt rose from ")
    assert "of it sits in Catalog" in at.markdown[0].value
    definitions = next(m.value for m in at.markdown if "Spearman" in m.value)
    assert "p < 0.05, rho ≥ 0.3 and there are at least 5 areas" in definitions      # built from the constants
    assert "under 30 days (0–29)" in definitions


def test_quarter_period_marks_the_cut_periods_partial_and_is_kept_in_the_url(app_page):
    at = app_page(PAGE)
    at.button_group(key="debt_period").set_value("quarter").run()
    assert not at.exception
    quarterly = table_with(at, "period_start", "open_debt_items", "partial")
    assert len(quarterly) == 5
    assert quarterly["partial"].tolist() == ["yes", "no", "no", "no", "yes"]
    assert at.query_params["debt_period"] == "quarter"
    again = app_page(PAGE, debt_period="quarter")       # a shared link reproduces the view
    assert again.button_group(key="debt_period").value == "quarter"


def test_an_open_debt_item_can_be_corrected_on_the_debt_page(demo_workspace_dir, tmp_path, monkeypatch):
    import shutil

    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT
    root = tmp_path / "ws"
    shutil.copytree(demo_workspace_dir, root)
    monkeypatch.setenv("TPO_WORKSPACE", str(root))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page(PAGE)
    at.run()
    oldest = table_with(at, "key", "age_days")["key"].iloc[0]
    assert not [s for s in at.selectbox if s.key == "debt_fix_key"], "the picker is built once opened"
    at.session_state["debt_fix_open"] = True                             # the reader opens it
    picker = at.run().selectbox(key="debt_fix_key")
    assert picker.options[0].startswith(f"{oldest} — ")             # "KEY — summary (category)"
    picker.set_value(oldest)
    at.selectbox(key="debt_fix_category").set_value("feature").run()
    at.button(key="debt_fix_save").click().run()
    assert not at.exception
    assert [m.value for m in at.success] == [md(f"{oldest} is now feature (was debt); listed on the Data quality page.")]
    # read as shown after the save (opening more tables would rerun with the picker on a key
    # that has left its list, which AppTest refuses)
    still_debt = [raw_table(d.value) for d in at.dataframe if "age_days" in raw_table(d.value)]
    assert still_debt and all(oldest not in set(t["key"]) for t in still_debt)
