"""The Dependencies page on the demo workspace (anchor 2026-11-20), its metrics and its charts.

The demo generator builds in the story checked here: Platform is the team the others wait
on, exactly one dependency cycle, a few ordering risks, about five links to keys outside
the export. Numbers on the page are checked against analysis.dependencies run here on the
demo data, so the page, the CLI metrics and the definitions agree.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.dependencies import OUTSIDE, open_blocks
from analysis.filters import Filters
from app.metrics import MetricError, run_metric
from app.safe_text import md
from app.tables import raw_table
from tests.conftest import open_tables
from charts.dependencies import (chains_figure, dependency_matrix_figure, hotspots_figure, item_graph_figure,
                                 ordering_risks_figure)

PAGE = "views/dependencies.py"
CHART_TABLES = ["dependency_matrix_team", "dependency_hotspots_team", "blocker_chains", "ordering_risks"]
RANGE = "all-teams_2025-11-19_2026-11-19.csv"      # CSV names carry the page, the teams and the range


def metric(at, label):
    return next(m for m in at.metric if m.label == label)


def table_with(at, *columns) -> pd.DataFrame:
    """The first table holding these (raw) columns, read back with its raw names (every
    folded table opened first)."""
    return next(t for t in (raw_table(d.value) for d in open_tables(at).dataframe) if set(columns) <= set(t.columns))


def download_keys(at) -> list[str]:
    return [button.key for button in open_tables(at).get("download_button")]


def test_dependencies_page_names_platform_the_top_hotspot(app_page, demo_data):
    at = app_page(PAGE)
    assert not at.exception
    assert at.title[0].value == "Dependencies"
    assert metric(at, "Most waited-on team").value == "Platform"
    hotspots = table_with(at, "team", "open_inbound", "waiting_teams", "waiting_days")
    assert hotspots["team"].iloc[0] == "Platform"
    assert hotspots["open_inbound"].iloc[0] > 2 * hotspots["open_inbound"].iloc[1]
    reasons = [m.value for m in at.markdown if m.value.startswith("- \\#")]      # escaped: text from the data
    assert reasons[0].startswith("- \\#1 Platform\\: ") and len(reasons) == 3
    # the headline count is the definition applied to the demo data
    until = Filters().with_period(demo_data.reference_date).until
    assert metric(at, "Open blocks links").value == str(len(open_blocks(demo_data.issues, demo_data.links, until)))


def test_dependencies_page_every_chart_has_its_table_and_csv(app_page):
    at = app_page(PAGE)
    assert not at.exception
    charts = at.get("plotly_chart")
    assert len(charts) == 5          # matrix, hotspots, item graph, chains, ordering risks
    keys = download_keys(at)
    for name in CHART_TABLES:
        assert f"download_{name}_{RANGE}" in keys
    assert any(k.startswith("download_dependency_item_") for k in keys)   # the item graph's table
    assert {f"download_{name}_{RANGE}" for name in ("dependency_cycles", "outside_links", "dependency_items")} <= set(keys)


def test_dependencies_page_shows_the_demo_cycle_risks_and_outside_links(app_page):
    at = app_page(PAGE)
    assert metric(at, "Dependency cycles").value == "1"
    assert "dependency cycle" in at.error[0].value
    cycles = table_with(at, "cycle", "keys", "path")
    assert len(cycles) == 1 and cycles["items"].iloc[0] >= 2
    risks = table_with(at, "blocked_key", "blocker_key", "date_kind")
    assert 1 <= len(risks) == int(metric(at, "Ordering risks").value)
    assert risks["feature_before_technical"].any()
    outside = table_with(at, "known_key", "outside_key")
    assert 3 <= len(outside) <= 8


def test_dependencies_page_group_by_component_and_item_view(app_page):
    at = app_page(PAGE)
    at.button_group(key="dependencies_by").set_value("component").run()
    assert not at.exception
    assert "blocking_component" in table_with(at, "open_links").columns
    assert f"download_dependency_matrix_component_{RANGE}" in download_keys(at)
    cycle = table_with(at, "cycle", "keys")["keys"].iloc[0].split(", ")     # lists are shown as "a, b"
    at.selectbox(key="dependencies_item").set_value(cycle[0]).run()
    assert not at.exception
    nodes = table_with(at, "role", "distance")
    assert nodes.loc[nodes["role"] == "chosen", "key"].tolist() == [cycle[0]]
    assert set(cycle[1:]) <= set(nodes.loc[nodes["role"] == "cycle", "key"])


def test_dependencies_page_filtered_to_a_team_keeps_the_other_ends_team(app_page):
    at = app_page(PAGE, team=["Mobile"])
    assert not at.exception
    matrix = table_with(at, "blocking_team", "blocked_team", "open_links")
    touches_mobile = (matrix["blocking_team"] == "Mobile") | (matrix["blocked_team"] == "Mobile")
    assert touches_mobile.all()
    assert ("Platform", "Mobile") in set(zip(matrix["blocking_team"], matrix["blocked_team"]))
    assert metric(at, "Most waited-on team").value == "Platform"


# ---------------------------------------------------------------- the CLI metrics on the demo
def test_dependency_metrics_columns(demo_data):
    filters = Filters()
    matrix = run_metric("dependency-matrix", demo_data, filters)
    assert list(matrix.columns) == ["blocking_team", "blocked_team", "open_links"]
    assert (matrix["blocking_team"] == matrix["blocked_team"]).any()       # the diagonal is included
    hotspots = run_metric("dependency-hotspots", demo_data, filters)
    assert list(hotspots.columns[:4]) == ["team", "open_inbound", "waiting_teams", "waiting_days"]
    assert hotspots["team"].is_unique and hotspots["team"].iloc[0] == "Platform"
    risks = run_metric("ordering-risks", demo_data, filters)
    assert list(risks.columns[:5]) == ["blocked_key", "blocker_key", "blocked_date", "blocker_date", "date_kind"]
    assert set(risks["date_kind"]) <= {"sprint_end", "fix_version", "due"}
    cycles = run_metric("dependency-cycles", demo_data, filters)
    assert len(cycles) == 1 and isinstance(cycles["keys"].iloc[0], list)
    chains = run_metric("blocker-chains", demo_data, filters, {"limit": "3"})
    assert len(chains) == 3 and chains["links"].is_monotonic_decreasing
    outside = run_metric("outside-links", demo_data, filters)
    assert (run_metric("dependency-hotspots", demo_data, filters)["team"] == OUTSIDE).any() == (len(outside) > 0)
    by_epic = run_metric("dependency-matrix", demo_data, filters, {"group_by": "epic"})
    assert list(by_epic.columns) == ["blocking_epic", "blocked_epic", "open_links"]


def test_dependency_metrics_refuse_bad_options(demo_data):
    with pytest.raises(MetricError, match="--group-by must be one of"):
        run_metric("dependency-matrix", demo_data, Filters(), {"group_by": "assignee"})
    with pytest.raises(MetricError, match="whole number"):
        run_metric("blocker-chains", demo_data, Filters(), {"limit": "many"})
    with pytest.raises(MetricError, match="--key"):
        run_metric("dependency-item", demo_data, Filters())


# ---------------------------------------------------------------- figure builders
def test_figures_draw_empty_frames_as_a_message():
    assert dependency_matrix_figure(pd.DataFrame(columns=["blocking_team", "blocked_team", "open_links"])).layout.annotations
    assert hotspots_figure(pd.DataFrame(columns=["team", "open_inbound"])).layout.annotations
    assert chains_figure(pd.DataFrame(columns=["chain", "keys", "teams"])).layout.annotations
    assert ordering_risks_figure(pd.DataFrame(columns=["blocked_key"])).layout.annotations
    assert item_graph_figure(pd.DataFrame(columns=["key", "role", "x", "y"]),
                             pd.DataFrame(columns=["blocker_key", "blocked_key"])).layout.annotations


def test_matrix_figure_draws_the_diagonal_apart_with_one_order_on_both_axes():
    matrix = pd.DataFrame({"blocking_team": ["P", "P", "C", "D"], "blocked_team": ["C", "P", "C", "C"],
                           "open_links": [3, 2, 1, 1]})
    figure = dependency_matrix_figure(matrix)
    heatmap, bars = figure.data
    assert list(heatmap.y) == list(heatmap.x) == ["C", "P", "D"]     # C: 4 links in, P: 3 out, D: 1 out
    assert heatmap.z[1][0] == 3 and heatmap.z[0][0] != heatmap.z[0][0]   # P blocks C; the diagonal is blank
    assert sorted(zip(bars.y, bars.x)) == [("C", 1), ("P", 2)]


def test_dependencies_page_opens_with_the_bottleneck_sentence(app_page):
    at = app_page(PAGE)
    assert at.markdown[0].value == ("##### Platform is the bottleneck\\: 128 open links from 5 other teams wait on "
                                    "it\\. To re\\-plan\\: 1 dependency cycle and 5 items planned to finish before "
                                    "their blockers\\.")
    assert "1 dependency cycle:" in at.error[0].value and "(s)" not in at.error[0].value


def test_dependencies_page_grouped_by_epic_names_the_epics(app_page, demo_data):
    summary_of = demo_data.issues.set_index("key")["summary"]
    at = app_page(PAGE)
    at.button_group(key="dependencies_by").set_value("epic").run()
    assert not at.exception
    matrix = table_with(at, "blocking_epic", "blocked_epic", "open_links")
    blocked = matrix.loc[matrix["blocked_epic"].str.contains(" — "), "blocked_epic"]
    assert len(blocked) and all(summary_of[label.split(" — ", 1)[0]] == label.split(" — ", 1)[1] for label in blocked)
    assert "(no epic)" in set(matrix["blocking_epic"])                     # special groups stay as they are
    hotspots = table_with(at, "epic_key", "open_inbound", "waiting_epics")     # "Epic" reads back as epic_key
    top_epic = hotspots.loc[hotspots["epic_key"].str.contains(" — "), "epic_key"].iloc[0]
    key, name = top_epic.split(" — ", 1)
    assert summary_of[key] == name
    reasons = [m.value for m in at.markdown if m.value.startswith("- \\#")]
    assert any(md(top_epic) in reason for reason in reasons)
    heatmap, hotspot_bars = (json.loads(chart.proto.spec)["data"][0] for chart in at.get("plotly_chart")[:2])
    assert set(blocked) <= set(heatmap["x"]) and top_epic in hotspot_bars["y"]
    assert f"download_dependency_matrix_epic_{RANGE}" in download_keys(at)
