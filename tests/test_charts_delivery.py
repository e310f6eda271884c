"""Delivery charts: export text is escaped, a few very old items do not squash the cycle-time
charts, and empty tables give the empty figure instead of an error."""
from __future__ import annotations

import pandas as pd

from charts import delivery

PERCENTILES = pd.DataFrame({"percentile": [50, 85, 95], "cycle_days": [3.0, 4.0, 5.0]})
CYCLES = pd.DataFrame({"key": ["A<b>", "B", "C"], "category": ["feature", "debt", "feature"],
                       "done_at": pd.to_datetime(["2026-01-01", "2026-01-02", "2026-01-03"]),
                       "cycle_days": [1.0, 3.0, 300.0]})


def test_cycle_charts_keep_the_scale_and_say_what_is_off_it():
    scatter = delivery.cycle_scatter_figure(CYCLES, PERCENTILES)
    assert scatter.layout.title.text.endswith("(1 item above 15 days off the scale: see the table)")
    assert tuple(scatter.layout.yaxis.range) == (0, 15.0)
    histogram = delivery.cycle_histogram_figure(CYCLES, PERCENTILES)
    assert tuple(histogram.layout.xaxis.range) == (-0.5, 15.0)
    within = delivery.cycle_scatter_figure(CYCLES.iloc[:2], PERCENTILES)
    assert within.layout.yaxis.range is None and within.layout.title.text == "Cycle time of each finished item"


def test_export_text_is_escaped_in_hovers_and_legends():
    scatter = delivery.cycle_scatter_figure(CYCLES, PERCENTILES)
    assert "A&lt;b&gt;" in scatter.data[1].hovertext
    wip = pd.DataFrame({"key": ["K-1"], "team": ["<i>Ops</i>"], "status": ["In <b>Progress"], "age_days": [4]})
    figure = delivery.ageing_wip_figure(wip, PERCENTILES)
    assert figure.data[0].name == "In &lt;b&gt;Progress" and "&lt;i&gt;Ops&lt;/i&gt;" in figure.data[0].hovertext[0]


def test_empty_tables_give_the_empty_figure():
    empty = CYCLES.iloc[0:0]
    for figure in (delivery.cycle_scatter_figure(empty, PERCENTILES), delivery.cycle_histogram_figure(empty, PERCENTILES),
                   delivery.throughput_figure(pd.DataFrame(columns=["period_start", "team", "items", "points"])),
                   delivery.cfd_figure(pd.DataFrame(columns=["day", "stage", "items"])),
                   delivery.forecast_fan_figure(pd.DataFrame(columns=["day", "done"]), "items")):
        assert len(figure.data) == 0 and figure.layout.annotations
