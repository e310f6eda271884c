"""One look for every chart: category colours and the shared layout."""
from __future__ import annotations

import plotly.graph_objects as go

from config import CATEGORIES

CATEGORY_ORDER = CATEGORIES          # every chart, legend and table lists categories in this order
CATEGORY_COLORS = {
    "feature": "#4C78A8",
    "defect": "#E45756",
    "debt": "#F58518",
    "enabler": "#54A24B",
    "architecture": "#B279A2",
    "devops": "#72B7B2",
}
NEUTRAL = "#9D9D9D"
ACCENT = "#F58518"


def styled(figure: go.Figure, title: str | None = None, height: int = 380) -> go.Figure:
    figure.update_layout(
        title=dict(text=title, y=0.98, yanchor="top") if title else None, height=height,
        margin=dict(l=10, r=10, t=80 if title else 30, b=10),  # the title above, the legend below it
        template="plotly_white", legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
        font=dict(family="sans-serif"),
    )
    return figure


EMPTY_MESSAGE = "empty_message"


def empty_figure(message: str = "No data for this selection") -> go.Figure:
    figure = go.Figure()
    figure.add_annotation(text=message, showarrow=False, font=dict(size=16, color=NEUTRAL),
                          xref="paper", yref="paper", x=0.5, y=0.5)
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    # Read by the app, which shows the sentence instead of an empty chart.
    figure.update_layout(meta={EMPTY_MESSAGE: message})
    return styled(figure, height=240)


def empty_message(figure: go.Figure) -> str | None:
    """The sentence of a figure made by empty_figure(), else None."""
    meta = figure.layout.meta
    return meta.get(EMPTY_MESSAGE) if isinstance(meta, dict) else None
