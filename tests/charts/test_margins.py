"""charts/margins.py: margins estimated from a chart's labels, so that plotly draws it once.
The constants were measured in Chromium (docs/PERFORMANCE.md); these tests pin the rules."""
from __future__ import annotations

import math

import plotly.graph_objects as go
import pytest

from charts.margins import (AXIS_TITLE_PX, COLORBAR_PX, DIGIT_PX, LAST_LABEL_PX, LEGEND_ENTRY_PX,
                            LEGEND_PADDING_PX, LEGEND_ROW_PX, LINE_PX, LOWER_PX, SPACE_PX, SPARE_PX, UPPER_PX,
                            WIDE_PX, X_TICK_GAP_PX, Y_TICK_GAP_PX, fit_margins, text_width)
from charts.theme import styled


def margins(figure: go.Figure) -> dict:
    return {side: getattr(figure.layout.margin, side) for side in "lrtb"}


def test_text_width_counts_characters_by_kind_and_the_widest_line():
    assert text_width("Ab 1%") == UPPER_PX + LOWER_PX + SPACE_PX + DIGIT_PX + WIDE_PX
    assert text_width("abc<br>ab") == 3 * LOWER_PX
    assert text_width("<b>B&amp;B</b>") == UPPER_PX + 6.4 + UPPER_PX      # an entity is one character


def test_category_labels_on_the_left_and_numbers_below():
    figure = styled(go.Figure(go.Bar(x=[120, 80], y=["Platform", "Mobile"], orientation="h")))
    fit_margins(figure)
    label = text_width("Platform")
    # the numbers' last tick is past 120 × 1.25 = 150: three digits, not wider than a line
    assert margins(figure) == {"l": math.ceil(Y_TICK_GAP_PX + label + SPARE_PX),
                               "r": LAST_LABEL_PX + SPARE_PX, "t": 30, "b": LINE_PX + X_TICK_GAP_PX + SPARE_PX}


def test_axis_titles_add_their_room_and_numbers_their_digits():
    figure = styled(go.Figure(go.Scatter(x=["a", "b"], y=[0, 980])))
    figure.update_yaxes(title_text="open items")
    figure.update_xaxes(title_text="month")
    fit_margins(figure)
    # 980 × 1.25 = 1225: "1225", four digits (plotly's last tick is 1000)
    assert margins(figure)["l"] == math.ceil(Y_TICK_GAP_PX + 4 * DIGIT_PX + AXIS_TITLE_PX + SPARE_PX)
    assert margins(figure)["b"] == LINE_PX + X_TICK_GAP_PX + AXIS_TITLE_PX + SPARE_PX
    assert margins(figure)["r"] == 10, "category labels end inside the plot: no room on the right"


def test_margins_are_never_narrowed():
    figure = styled(go.Figure(go.Bar(x=["a"], y=[1])))
    figure.update_layout(margin=dict(l=300, b=200))
    fit_margins(figure)
    assert margins(figure)["l"] == 300 and margins(figure)["b"] == 200


def test_a_target_line_widens_the_numbers():
    figure = styled(go.Figure(go.Scatter(x=[1, 2], y=[5, 8])))
    # 8 × 1.25 = 10: "10"
    assert margins(fit_margins(go.Figure(figure)))["l"] == math.ceil(Y_TICK_GAP_PX + 2 * DIGIT_PX + SPARE_PX)
    figure.add_hline(y=12_000)
    # 12,000 × 1.25 = 15,000: "15k"
    assert margins(fit_margins(figure))["l"] == math.ceil(Y_TICK_GAP_PX + 2 * DIGIT_PX + LOWER_PX + SPARE_PX)


def test_a_legend_below_takes_the_rows_it_wraps_into():
    names = ["a" * 40, "b" * 40, "c" * 40, "d" * 40]          # 4 × (232 + 54) px: two rows in 940 − 20 px
    figure = go.Figure([go.Scatter(x=["x"], y=[1], name=name) for name in names])
    figure.update_layout(height=400, margin=dict(l=10, r=10, t=30, b=10),
                         legend=dict(orientation="h", yanchor="top", y=-0.1, x=0))
    figure.update_yaxes(showticklabels=False)
    figure.update_xaxes(showticklabels=False)
    fit_margins(figure)
    plot_height = 400 - 30 - 10
    legend = 2 * LEGEND_ROW_PX + LEGEND_PADDING_PX
    assert margins(figure)["b"] == math.ceil(0.1 * plot_height + legend + SPARE_PX)


def test_a_legend_on_the_right_and_a_colour_bar_take_room_on_the_right():
    figure = go.Figure([go.Bar(x=["a"], y=[1], name="architecture"), go.Bar(x=["a"], y=[2], name="debt")])
    figure.update_layout(legend=dict(orientation="v", x=1.02), margin=dict(l=10, r=10, t=30, b=10))
    fit_margins(figure)
    assert margins(figure)["r"] == math.ceil(text_width("architecture") + LEGEND_ENTRY_PX + SPARE_PX)
    heat = go.Figure(go.Heatmap(z=[[1, 2]], x=["a", "b"], y=["r"]))
    heat.update_layout(margin=dict(l=10, r=10, t=30, b=10))
    assert margins(fit_margins(heat))["r"] == COLORBAR_PX + SPARE_PX


@pytest.mark.parametrize("count, tilted", [(4, False), (40, True)])
def test_crowded_category_labels_are_expected_tilted(count, tilted):
    labels = [f"Team number {i:02d}" for i in range(count)]
    figure = go.Figure(go.Bar(x=labels, y=[1] * count))
    figure.update_layout(margin=dict(l=10, r=10, t=30, b=10))
    bottom = margins(fit_margins(figure))["b"]
    flat = LINE_PX + X_TICK_GAP_PX + SPARE_PX
    assert (bottom > flat) is tilted
