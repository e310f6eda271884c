"""The Plan page on the demo workspace (anchor 2026-11-20): its answer, numbers, charts and tables.

The demo's story: Platform's enablers, spikes and devops items are what the other teams'
features wait on. The numbers on the page are checked against the metrics run here on the
demo data, so the page, the CLI and the definitions agree.
"""
from __future__ import annotations

import pandas as pd

from analysis.filters import Filters
from app.tables import raw_table
from app.metrics import run_metric

PAGE = "views/plan.py"


def metric(at, label):
    return next(m for m in at.metric if m.label == label)


def table_with(at, *columns) -> pd.DataFrame:
    return next(raw_table(d.value) for d in at.dataframe if set(columns) <= set(raw_table(d.value).columns))


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
    assert metric(at, "Technical items blocking").value == f"{int(summary['waited_on']):,}"
    assert metric(at, "Board conflicts").value == f"{int(summary['board_conflicts']):,}"
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


# ---------------------------------------------------------------- the charts, on hand-made tables
def test_plan_charts_escape_text_from_the_export_and_draw_wrong_order_red():
    from charts.plan import WRONG_ORDER, capacity_figure, priorities_figure, program_board_figure

    board = pd.DataFrame({
        "team": ["<b>Web</b>", "Platform", "Platform"], "slot": ["S1", "S2", "not planned"],
        "slot_start": pd.to_datetime(["2026-03-06", "2026-03-20", None]),
        "slot_end": pd.to_datetime(["2026-03-20", "2026-04-03", None]),
        "key": ["WEB-1", "PLAT-1", "PLAT-2"], "summary": ["<img src=x onerror=alert(1)>", "Gateway", "Spike"],
        "category": ["feature", "enabler", "architecture"], "points": [3.0, 5.0, 2.0],
        "blocked_by": [["PLAT-1"], [], []], "blocker_slot": ["S2", None, None], "conflict": [True, False, False]})
    links = pd.DataFrame({"blocker_key": ["PLAT-1"], "blocked_key": ["WEB-1"], "wrong_order": [True]})
    figure = program_board_figure(board, links)
    assert list(figure.layout.yaxis.ticktext) == ["&lt;b&gt;Web&lt;/b&gt;", "Platform"]
    assert list(figure.layout.xaxis.ticktext) == ["until<br>20 Mar 2026", "until<br>3 Apr 2026", "not planned"]
    red = [t for t in figure.data if t.mode == "lines"]
    assert len(red) == 1 and red[0].line.color == WRONG_ORDER
    summaries = [row[0] for t in figure.data if t.customdata is not None for row in t.customdata]
    assert "&lt;img src=x onerror=alert(1)&gt;" in summaries and not any("<img" in s for s in summaries)

    priorities = pd.DataFrame({"rank": [1], "key": ["PLAT-1"], "summary": ["<i>x</i>"], "category": ["enabler"],
                               "business_items_unblocked": [2], "why": ["unblocks 2 features in <Web>"]})
    bars = priorities_figure(priorities).data[0]
    assert list(bars.customdata[0]) == ["&lt;i&gt;x&lt;/i&gt;", "unblocks 2 features in &lt;Web&gt;"]
    capacity = pd.DataFrame({"team": ["<Web>"], "slot": ["S1"], "technical_points": [1.0], "functional_points": [4.0],
                             "planned_points": [5.0], "capacity_points": [3.0], "over_capacity": [True],
                             "not_fitting": [["WEB-1"]]})
    drawn = capacity_figure(capacity)
    assert list(drawn.data[0].x) == ["&lt;Web&gt; · S1"]
    assert drawn.data[-1].marker.color[0] == WRONG_ORDER


def test_plan_charts_empty():
    from analysis.plan import _empty_board, _empty_capacity, _empty_priorities
    from charts.plan import capacity_figure, priorities_figure, program_board_figure

    assert priorities_figure(_empty_priorities()).layout.annotations[0].text == "No open technical item in this selection"
    assert program_board_figure(_empty_board(), pd.DataFrame(columns=["blocker_key", "blocked_key", "wrong_order"])) \
        .layout.annotations[0].text == "Nothing planned in this selection"
    assert capacity_figure(_empty_capacity()).layout.annotations[0].text == "No planned slot from this day on"


def test_capacity_velocity_is_the_delivery_velocity_of_finished_sprints(demo_data):
    from app.metrics_plan import team_velocity

    velocity = team_velocity(demo_data)
    assert list(velocity.columns) == ["team", "end_date", "completed_points"]
    assert set(velocity["team"]) == set(demo_data.teams())
    assert (velocity["end_date"] <= pd.Timestamp(demo_data.reference_date)).all()
    assert velocity["completed_points"].gt(0).mean() > 0.9
