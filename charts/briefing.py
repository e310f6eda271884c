"""The briefing's charts as plotly figures: one category axis, one or more named series
(the same numbers the PowerPoint deck holds as native chart data)."""
from __future__ import annotations

import plotly.graph_objects as go

from charts.safe import escapes_text
from charts.theme import styled

SERIES_COLORS = ("#F58518", "#4C78A8", "#54A24B", "#B279A2")
def _text(value: object) -> str:
    # Export text arrives escaped (@escapes_text): plotly renders a subset of HTML in labels.
    return "" if value is None else str(value)


@escapes_text
def briefing_figure(title: str, categories, series, kind: str = "bar", unit: str = "",
                    height: int = 340) -> go.Figure:
    """`series` is a sequence of (name, values) pairs, values aligned with `categories`."""
    labels = [_text(c) for c in categories]
    figure = go.Figure()
    for index, (name, values) in enumerate(series):
        color = SERIES_COLORS[index % len(SERIES_COLORS)]
        if kind == "line":
            figure.add_scatter(x=labels, y=list(values), name=_text(name), mode="lines+markers",
                               line=dict(color=color, width=3))
        else:
            figure.add_bar(x=labels, y=list(values), name=_text(name), marker_color=color)
    figure.update_yaxes(title_text=_text(unit))
    figure.update_xaxes(type="category")
    return styled(figure, _text(title), height=height)
