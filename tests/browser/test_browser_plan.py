"""The Plan page in a real browser: it renders without fault, its three charts draw data,
its answer and headline numbers match the metrics, and the board's CSV downloads."""
from __future__ import annotations


import pytest

import harness

pytestmark = pytest.mark.browser


def test_plan_page_renders_its_answer_numbers_and_charts(app_server, context, workspace_data_of):
    from analysis.filters import Filters
    from app import tables
    from app.metrics import run_metric

    ctx, _ = context
    page = harness.open_page(ctx, app_server.url + "/plan")
    assert harness.title(page) == "Plan"
    assert harness.page_problems(page) == [], app_server.log()
    assert harness.chart_count(page) == 3

    data = workspace_data_of(app_server.workspace)
    summary = run_metric("plan-summary", data, Filters()).set_index("metric")["value"]
    shown = harness.metrics(page)
    assert shown["Technical items blocking"] == str(summary["waited_on"])
    assert shown["Board conflicts"] == str(summary["board_conflicts"])
    answer = run_metric("plan-headlines", data, Filters())["text"].iloc[0]
    assert page.get_by_text(answer.split(":")[0], exact=False).first.is_visible()

    _, content = harness.download_table_csv(page, ".st-key-download_program_board-csv")
    text = content.decode("utf-8")   # as sent: CRLF rows kept
    assert text == tables.to_csv(run_metric("program-board", data, Filters()))
