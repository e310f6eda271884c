"""A name from the data that looks like a plotly template field (`%{x}`) or markup shows
literally in every chart family: charts.safe turns its `%` into `&#37;` (plotly renders
the entity as `%` after filling in its templates) and its tags into entities."""
from __future__ import annotations

import json

import pandas as pd

from charts.balance import share_bars_figure, team_shares_figure, technical_share_figure
from charts.briefing import briefing_figure
from charts.debt import debt_area_figure
from charts.delivery import throughput_figure
from charts.dependencies import hotspots_figure
from charts.overview import category_mix_figure
from charts.plan import priorities_figure
from charts.safe import plotly

FIELD = "%{x}<b>x</b>"
SHOWN = "&#37;{x}&lt;b&gt;x&lt;/b&gt;"


def shows_literally(figure) -> bool:
    text = json.dumps(figure.to_plotly_json(), default=str, ensure_ascii=False)
    return FIELD not in text and "%{x}<b>" not in text and SHOWN in text


def test_the_escape_neutralises_template_fields_and_markup():
    assert plotly(FIELD) == SHOWN
    assert plotly("50 % done & {braces}") == "50 % done &amp; {braces}"    # a bare % or { stays


def test_balance_team_inside_a_hovertemplate():
    shortfall = pd.DataFrame({"team": [FIELD], "period_start": pd.to_datetime(["2026-01-05"]),
                              "technical_share": [0.1], "technical_target": [0.3], "flagged": [False]})
    assert shows_literally(technical_share_figure(shortfall))
    rows = pd.DataFrame({"team": [FIELD], "category": ["debt"], "period_start": pd.to_datetime(["2026-01-05"]),
                         "share": [1.0], "items": [2], "points": [3.0], "target_share": [0.2], "drift_pp": [80.0]})
    figure = share_bars_figure(rows)
    assert shows_literally(figure)
    assert any(SHOWN in (trace.hovertemplate or "") for trace in figure.data)
    assert shows_literally(team_shares_figure(rows.drop(columns="period_start")))


def test_debt_area_named_like_a_field():
    by_area = pd.DataFrame({"area": [FIELD], "open_debt_items": [3], "open_debt_points": [5.0],
                            "median_age_days": [40.0]})
    assert shows_literally(debt_area_figure(by_area, "Open debt per epic"))


def test_delivery_team_in_the_hover_extra():
    throughput = pd.DataFrame({"period_start": pd.to_datetime(["2026-01-05"]), "team": [FIELD], "items": [2],
                               "points": [3.0]})
    figure = throughput_figure(throughput)
    assert shows_literally(figure) and SHOWN in figure.data[0].hovertemplate


def test_dependencies_team_named_like_a_field():
    hotspots = pd.DataFrame({"team": [FIELD], "open_inbound": [2], "waiting_teams": [1], "waiting_days": [4],
                             "blocked_transitively": [3], "why": [f"{FIELD} blocks"]})
    assert shows_literally(hotspots_figure(hotspots))


def test_overview_category_named_like_a_field():
    counts = pd.DataFrame({"category": [FIELD], "items": [4], "open_items": [2]})
    assert shows_literally(category_mix_figure(counts))


def test_plan_summary_named_like_a_field():
    priorities = pd.DataFrame({"rank": [1], "key": ["K-1"], "category": ["debt"], "business_items_unblocked": [3],
                               "summary": [FIELD], "why": ["unblocks 3"]})
    assert shows_literally(priorities_figure(priorities))


def test_briefing_labels_named_like_a_field():
    assert shows_literally(briefing_figure("Open debt", [FIELD, "B"], [(FIELD, [1, 2])]))
