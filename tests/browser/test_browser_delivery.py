"""The Delivery page in a real browser: it renders without fault, its seven charts draw,
its answer comes first, its headline numbers equal the metrics, and a team filter in the
URL narrows velocity to that team."""
from __future__ import annotations

import pytest

import harness

pytestmark = pytest.mark.browser


def expected(data, **filters):
    from analysis.filters import Filters
    from analysis.headlines.base import date_text
    from app.metrics import run_metric
    chosen = Filters(**filters)
    percentiles = run_metric("cycle-time-percentiles", data, chosen).set_index("percentile")
    when = run_metric("forecast-when", data, chosen).set_index("percentile")
    headline = run_metric("delivery-headlines", data, chosen)["text"].iloc[0]
    return {"Cycle time, median": f"{percentiles.loc[50, 'cycle_days']:.0f} days",
            "Cycle time, 85 %": f"{percentiles.loc[85, 'cycle_days']:.0f} days",
            "Open work done by (85 %)": date_text(when.loc[85, "finish_date"])}, headline


def test_delivery_page_renders_its_answer_and_numbers(app_server, context, workspace_data_of):
    ctx, _ = context
    page = harness.open_page(ctx, app_server.url + "/delivery", timeout=120_000)
    assert harness.page_problems(page) == [], app_server.log()
    assert harness.title(page) == "Delivery"
    # the fan, then the first tab of each pair: velocity, cycle times per item, cumulative flow
    assert harness.chart_count(page) == 4
    for tab in ("Throughput", "Distribution", "Ageing work in progress"):     # the others, built when chosen
        page.get_by_role("tab", name=tab).click()
        harness.wait_until_finished(page)
    assert harness.chart_count(page) == 4 and harness.chart_problems(page) == []
    numbers, headline = expected(workspace_data_of(app_server.workspace))
    shown = harness.metrics(page)
    assert {label: shown[label] for label in numbers} == numbers
    answer = page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"] h5').first
    assert answer.inner_text().strip().startswith(headline)      # the page's answer, above the fold


def test_team_in_the_url_filters_the_delivery_page(app_server, context, workspace_data_of):
    data = workspace_data_of(app_server.workspace)
    numbers, _ = expected(data, teams=("Platform",))
    ctx, _ = context
    page = harness.open_page(ctx, app_server.url + "/delivery?team=Platform", timeout=120_000)
    assert harness.page_problems(page) == []
    shown = harness.metrics(page)
    assert {label: shown[label] for label in numbers} == numbers
