"""Charts of the Overview page."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.safe import escapes_text
from charts.theme import CATEGORY_COLORS, NEUTRAL, empty_figure, styled


@escapes_text
def category_mix_figure(counts: pd.DataFrame) -> go.Figure:
    """Open and all items per category (from analysis.overview.category_counts)."""
    if counts.empty:
        return empty_figure()
    frame = counts.sort_values("items", ascending=True)
    figure = go.Figure()
    figure.add_bar(y=frame["category"], x=frame["items"], orientation="h", name="all items",
                   marker_color=NEUTRAL, opacity=0.45)
    figure.add_bar(y=frame["category"], x=frame["open_items"], orientation="h", name="open items",
                   marker_color=[CATEGORY_COLORS.get(c, NEUTRAL) for c in frame["category"]])
    figure.update_layout(barmode="overlay", xaxis_title="items")
    return styled(figure, "Items per work category")
