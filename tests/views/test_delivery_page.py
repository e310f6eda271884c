"""The Delivery page on the demo workspace (anchor 2026-11-20): it opens with its answer,
its key numbers equal the metrics computed here from the same data, every chart has its
table and CSV, and the page says where committed scope is unknown."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from analysis.filters import Filters
from app.tables import raw_table
from analysis.headlines.base import date_text
from app.metrics import run_metric
from tests.conftest import ROOT, open_tables

PAGE = "views/delivery.py"


def flat(node):
    for child in node.children.values():
        yield child
        if isinstance(getattr(child, "children", None), dict):
            yield from flat(child)


def metric(at, label):
    return next(m for m in at.metric if m.label == label)


def test_delivery_page_opens_with_its_answer_and_the_key_numbers(app_page, demo_data):
    at = app_page(PAGE, timeout=120)
    assert not at.exception
    assert at.title[0].value == "Delivery"
    headlines = run_metric("delivery-headlines", demo_data, Filters())
    answer = at.markdown[0].value.replace("\\", "")
    assert answer == "##### " + " ".join(headlines["text"])       # the page's answer, above the fold
    assert "open items finish by" in answer
    percentiles = run_metric("cycle-time-percentiles", demo_data, Filters()).set_index("percentile")
    assert metric(at, "Cycle time, median").value == f"{percentiles.loc[50, 'cycle_days']:.0f} days"
    assert metric(at, "Cycle time, 85 %").value == f"{percentiles.loc[85, 'cycle_days']:.0f} days"
    when = run_metric("forecast-when", demo_data, Filters()).set_index("percentile")
    assert metric(at, "Open work done by (85 %)").value == date_text(when.loc[85, "finish_date"])
    # the demo: 1,490 items delivered in the year, half of them within 4 days of starting (the
    # 392 closed as Won't Do in backlog grooming are not delivered work, periods.delivered)
    assert (percentiles.loc[50, "cycle_days"], percentiles.loc[85, "cycle_days"]) == (4.0, 6.0)
    assert int(percentiles.loc[50, "items"]) == 1490


def test_committed_scope_comes_from_the_demo_sprint_history(app_page, demo_data):
    at = app_page(PAGE, timeout=120)
    assert not any(info.value.startswith("Committed scope is unknown") for info in at.info)
    velocity = next(raw_table(d.value) for d in at.dataframe if "committed_known" in raw_table(d.value).columns)
    expected = run_metric("velocity", demo_data, Filters())
    assert len(velocity) == len(expected) == 130 and velocity["committed_known"].all()
    assert velocity["committed_items"].tolist() == expected["committed_items"].tolist()
    # planned the Friday before: most of a sprint's items were committed; urgent bugs were added
    assert velocity["committed_items"].sum() > 10 * velocity["added_items"].sum() > 0
    assert velocity["completed_items"].sum() > 1000


def test_every_chart_has_its_table_and_csv_download(app_page):
    at = app_page(PAGE, timeout=120)
    assert not at.exception

    def charts_followed_by_tables() -> int:
        elements = [e for e in flat(at.main) if type(e).__name__ not in ("Caption", "Markdown", "Alert")]
        charts = [i for i, e in enumerate(elements) if getattr(e, "type", None) == "plotly_chart"]
        for i in charts:
            following = [type(e).__name__ for e in elements[i + 1:i + 4]]
            assert following == ["Expander", "Dataframe", "DownloadButton"], (i, following)
        return len(charts)

    # fan, then the first tab of each pair: velocity, cycle scatter, cfd (only the chosen tab is built)
    assert charts_followed_by_tables() == 4
    # the other tabs: throughput, the cycle-time histogram (its table is the percentiles', shown open
    # below the tabs), ageing WIP
    for key, label in (("delivery_finish_view", "Throughput"), ("delivery_cycle_view", "Distribution"),
                       ("delivery_flow_view", "Ageing work in progress")):
        at.session_state[key] = label
    at = open_tables(at.run())
    assert not at.exception
    assert charts_followed_by_tables() == 4
    shown = [raw_table(d.value) for d in at.dataframe]
    assert any({"period_start", "team", "items", "points"} <= set(t.columns) for t in shown)     # throughput
    assert any({"key", "age_days", "percentile_band"} <= set(t.columns) for t in shown)          # ageing WIP


def test_team_filter_changes_the_numbers(app_page):
    at = app_page(PAGE, timeout=120, team=["Platform"])
    assert not at.exception
    velocity = next(raw_table(d.value) for d in at.dataframe if "committed_known" in raw_table(d.value).columns)
    assert set(velocity["team"]) == {"Platform"}


def test_without_status_history_the_page_says_what_is_missing_instead_of_empty_charts(tmp_path, monkeypatch):
    """A Jira CSV export has no status history: no cycle times, so the page says why in words."""
    import sys
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate_jira_csv import generate
    from data.workspace import Workspace
    generate(300, tmp_path / "jira.csv")
    workspace = Workspace(tmp_path / "ws")
    workspace.create()
    workspace.import_file(tmp_path / "jira.csv")
    monkeypatch.setenv("TPO_WORKSPACE", str(workspace.root))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page("views/delivery.py")
    at.run()
    assert not at.exception and not at.error
    notes = [i.value.replace("\\", "") for i in at.info]
    assert any("cycle time needs the status history" in n for n in notes), notes
    at.session_state["delivery_cycle_view"] = "Distribution"
    notes = [i.value.replace("\\", "") for i in at.run().info]
    assert any("No cycle times to count" in n for n in notes), notes
