"""The Plan page on the demo workspace (anchor 2026-11-20): its answer, numbers, charts and tables.

The demo's story: Platform's enablers, spikes and devops items are what the other teams'
features wait on. The numbers on the page are checked against the metrics run here on the
demo data, so the page, the CLI and the definitions agree.
"""
from __future__ import annotations

import pandas as pd

from analysis.filters import Filters
from app.metrics import run_metric

PAGE = "views/plan.py"


def metric(at, label):
    return next(m for m in at.metric if m.label == label)


def table_with(at, *columns) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


def test_plan_page_opens_with_what_to_schedule_first(app_page, demo_data):
    at = app_page(PAGE)
    assert not at.exception
    assert at.title[0].value == "Plan"
    priorities = run_metric("technical-priorities", demo_data, Filters())
    top = priorities.iloc[0]
    assert top["team"] == "Platform" and top["business_items_unblocked"] >= 3
    answer = at.markdown[0].value
    assert answer.startswith(f"##### Schedule {top['key']}".replace("-", "\\-"))
    shown = table_with(at, "rank", "business_items_unblocked", "teams_waiting")
    assert shown["key"].tolist()[:5] == priorities["key"].tolist()[:5]
    summary = run_metric("plan-summary", demo_data, Filters()).set_index("metric")["value"]
    assert metric(at, "Technical items with business work waiting").value == str(summary["waited_on"])
    assert metric(at, "Board conflicts").value == str(summary["board_conflicts"])
    assert int(summary["waited_on"]) > 50 and int(summary["board_conflicts"]) >= 1


def test_plan_page_every_chart_has_its_table_and_the_rank_rule(app_page, demo_data):
    at = app_page(PAGE)
    assert len(at.get("plotly_chart")) == 3          # priorities, program board, capacity
    keys = [button.key for button in at.get("download_button")]
    assert {"download_technical_priorities.csv", "download_program_board.csv", "download_plan_capacity.csv"} <= set(keys)
    weights = demo_data.settings.plan
    assert any(c.value.startswith(f"Score = {weights.business_items:g} × open features") for c in at.caption)
    board = table_with(at, "slot", "blocked_by", "blocker_slot", "conflict")
    assert "not planned" in set(board["slot"])


def test_plan_page_team_filter_narrows_the_ranked_items(app_page):
    at = app_page(PAGE, team=["Platform"])
    assert not at.exception
    shown = table_with(at, "rank", "business_items_unblocked", "teams_waiting")
    assert set(shown["team"]) == {"Platform"}
    assert shown["teams_waiting"].map(len).max() >= 2        # other teams' features still count
