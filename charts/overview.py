"""Charts of the Overview page."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.safe import escapes_text
from charts.theme import CATEGORY_COLORS, CATEGORY_ORDER, NEUTRAL, empty_figure, styled


@escapes_text
def category_mix_figure(counts: pd.DataFrame) -> go.Figure:
    """Items per category in the period (grey) and open at its end (the category's colour),
    from analysis.overview.category_counts; categories in their fixed order, top to bottom."""
    if counts.empty:
        return empty_figure()
    order = [c for c in CATEGORY_ORDER if c in set(counts["category"])]
    order += [c for c in counts["category"] if c not in order]
    frame = counts.set_index("category").reindex(order).reset_index()
    figure = go.Figure()
    figure.add_bar(y=frame["category"], x=frame["items"], orientation="h", name="items in the period",
                   marker_color=NEUTRAL, opacity=0.45,
                   hovertemplate="%{y}: %{x:,} items in the period<extra></extra>")
    # One trace per category, so each bar keeps its category's colour; the legend shows
    # one neutral swatch for them all instead of whichever colour was drawn last.
    for row in frame.itertuples():
        figure.add_bar(y=[row.category], x=[row.open_items], orientation="h", name="open at the end",
                       marker_color=CATEGORY_COLORS.get(row.category, NEUTRAL), showlegend=False,
                       legendgroup="open", hovertemplate="%{y}: %{x:,} open at the end<extra></extra>")
    figure.add_bar(y=[None], x=[None], orientation="h", name="open at the end (category colour)",
                   marker_color="#555555", legendgroup="open")
    figure.update_layout(barmode="overlay", xaxis_title="items", xaxis_tickformat=",")
    figure.update_yaxes(categoryorder="array", categoryarray=list(reversed(order)))
    return styled(figure, "Items per work category")
