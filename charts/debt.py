"""Charts of the Technical debt page: each takes the table of one analysis.debt function."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.safe import escapes_text
from charts.theme import CATEGORY_COLORS, NEUTRAL, empty_figure, styled

DEBT_COLOR = CATEGORY_COLORS["debt"]
DEFECT_COLOR = CATEGORY_COLORS["defect"]
RESOLVED_COLOR = CATEGORY_COLORS["enabler"]
SHARE_COLOR = "#4C78A8"
MAX_BARS = 20
LABELLED_POINTS = 8


def _legend_below(figure: go.Figure, bottom: int = 60) -> go.Figure:
    """Legend under the plot, so it never runs into the title."""
    figure.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.15, x=0), margin=dict(b=bottom))
    return figure


@escapes_text
def debt_trend_figure(trend: pd.DataFrame) -> go.Figure:
    """Open debt items and debt share (top), debt created vs resolved per period (bottom).

    From analysis.debt.debt_trend; points sit on each period's first day.
    """
    if trend.empty:
        return empty_figure()
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.6, 0.4],
                           specs=[[{"secondary_y": True}], [{}]])
    x = trend["period_start"]
    partial = trend["partial"].astype(bool) if "partial" in trend else pd.Series(False, index=trend.index)
    figure.add_scatter(x=x, y=trend["open_debt_items"], name="open debt items", mode="lines+markers",
                       line=dict(color=DEBT_COLOR, width=3), row=1, col=1, secondary_y=False,
                       marker=dict(symbol=["circle-open" if p else "circle" for p in partial], size=9),
                       customdata=trend["days"],
                       hovertemplate="%{x|%-d %b %Y}: %{y:,} open debt items<extra></extra>")
    if partial.any():
        # A period cut by the range (a 2-day stub, the running month) is marked, not read as a full one.
        figure.add_scatter(x=x[partial], y=trend["open_debt_items"][partial], mode="markers",
                           name="partial period (cut by the range)", row=1, col=1, secondary_y=False,
                           marker=dict(symbol="circle-open", size=14, color="#333333"),
                           customdata=trend["days"][partial],
                           hovertemplate="%{x|%-d %b %Y}: partial period, %{customdata} days<extra></extra>")
    figure.add_scatter(x=x, y=trend["debt_share"] * 100, name="debt share of open items (%)", mode="lines",
                       line=dict(color=SHARE_COLOR, dash="dot"), row=1, col=1, secondary_y=True)
    figure.add_bar(x=x, y=trend["debt_created"], name="debt created", marker_color=DEBT_COLOR, opacity=0.6,
                   row=2, col=1)
    figure.add_bar(x=x, y=-trend["debt_resolved"], name="debt resolved", marker_color=RESOLVED_COLOR,
                   opacity=0.8, customdata=trend["debt_resolved"],
                   hovertemplate="%{x|%Y-%m-%d}: %{customdata} resolved<extra></extra>", row=2, col=1)
    figure.add_scatter(x=x, y=trend["net_flow"], name="net flow", mode="lines+markers",
                       line=dict(color="#333333", width=1.5), row=2, col=1)
    figure.update_yaxes(title_text="open debt items", rangemode="tozero", row=1, col=1, secondary_y=False)
    figure.update_yaxes(title_text="debt share", rangemode="tozero", ticksuffix=" %", tickformat=".0f",
                        row=1, col=1, secondary_y=True, showgrid=False)
    figure.update_yaxes(title_text="created (+) / resolved (−)", row=2, col=1)
    figure.update_xaxes(tickformat="%b %Y")
    styled(figure, "Open debt, its share of the open backlog, and debt created vs resolved", height=580)
    figure.update_layout(barmode="relative", legend=dict(orientation="h", yanchor="top", y=-0.08, x=0),
                         margin=dict(b=60))
    return figure


@escapes_text
def debt_recorded_figure(recorded: pd.DataFrame, trend: pd.DataFrame) -> go.Figure:
    """Open debt as recorded at each import (markers) beside the reconstructed trend (line)."""
    if recorded.empty:
        return empty_figure("No imports in the selected range")
    figure = go.Figure()
    if not trend.empty:
        figure.add_scatter(x=trend["period_end"], y=trend["open_debt_items"], name="reconstructed (period ends)",
                           mode="lines", line=dict(color=NEUTRAL))
    figure.add_scatter(x=recorded["as_of"], y=recorded["open_debt_items"], name="as recorded at each import",
                       mode="markers+lines", marker=dict(color=DEBT_COLOR, size=10), line=dict(dash="dot"))
    figure.update_yaxes(title_text="open debt items", rangemode="tozero")
    return _legend_below(styled(figure, "Open debt as recorded by each import"))


@escapes_text
def debt_age_figure(buckets: pd.DataFrame) -> go.Figure:
    """Open debt items per age bucket (analysis.debt.debt_age_buckets)."""
    if buckets.empty or buckets["open_debt_items"].sum() == 0:
        return empty_figure("No open debt")
    figure = go.Figure()
    figure.add_bar(x=buckets["bucket"], y=buckets["open_debt_items"], name="open debt items",
                   marker_color=DEBT_COLOR, text=buckets["open_debt_items"], textposition="outside",
                   customdata=buckets["open_debt_points"],
                   hovertemplate="%{x} days: %{y} items, %{customdata} points<extra></extra>")
    figure.update_xaxes(title_text="age (days since created)")
    figure.update_yaxes(title_text="open debt items")
    return styled(figure, "Age of open debt")


@escapes_text
def debt_area_figure(by_area: pd.DataFrame, title: str) -> go.Figure:
    """Open debt per team / component / epic as sorted bars (the MAX_BARS largest)."""
    if by_area.empty:
        return empty_figure("No open debt")
    frame = by_area.head(MAX_BARS).iloc[::-1]
    figure = go.Figure()
    figure.add_bar(y=frame["area"], x=frame["open_debt_items"], orientation="h", name="open debt items",
                   marker_color=DEBT_COLOR, text=frame["open_debt_items"], textposition="outside",
                   customdata=frame[["open_debt_points", "median_age_days"]],
                   hovertemplate="%{y}: %{x} items, %{customdata[0]} points, median age %{customdata[1]} days"
                                 "<extra></extra>")
    figure.update_xaxes(title_text="open debt items")
    height = max(260, 40 + 26 * len(frame))
    return styled(figure, title, height=height)


@escapes_text
def debt_interest_figure(interest: pd.DataFrame, subtitle: str = "") -> go.Figure:
    """Open debt (x) against defects created in the last 90 days (y), one point per area.

    Only the areas with the most debt or the most new defects are labelled (all on hover).
    """
    if interest.empty:
        return empty_figure("No open debt and no new defects")
    top = set(interest.nlargest(LABELLED_POINTS, "open_debt_items")["area"])
    top |= set(interest.nlargest(3, "defects_created")["area"])
    labels = interest["area"].where(interest["area"].isin(top), "")
    figure = go.Figure()
    figure.add_scatter(x=interest["open_debt_items"], y=interest["defects_created"], mode="markers+text",
                       text=labels, customdata=interest["area"], textposition="top center", name="area",
                       marker=dict(color=DEFECT_COLOR, size=12, opacity=0.7),
                       hovertemplate="%{customdata}: %{x} open debt items, %{y} new defects<extra></extra>")
    x_max, y_max = float(interest["open_debt_items"].max()), float(interest["defects_created"].max())
    figure.update_xaxes(title_text="open debt items", range=[-0.08 * x_max - 0.5, 1.08 * x_max + 0.5])
    figure.update_yaxes(title_text="defects created, last 90 days", range=[-0.08 * y_max - 0.5, 1.15 * y_max + 1])
    title = "Debt and new defects per area" + (f"<br><sup>{subtitle}</sup>" if subtitle else "")
    return styled(figure, title, height=420)


@escapes_text
def debt_projection_figure(trend: pd.DataFrame, projection: pd.DataFrame) -> go.Figure:
    """Open debt so far and its straight-line projection (one-row analysis.debt.projection_table)."""
    if trend.empty:
        return empty_figure()
    figure = go.Figure()
    figure.add_scatter(x=trend["period_end"], y=trend["open_debt_items"], name="open debt items",
                       mode="lines+markers", line=dict(color=DEBT_COLOR, width=3))
    row = projection.iloc[0] if not projection.empty else None
    if row is not None and row["status"] == "ok":
        x = [row["as_of"], row["date_3_months"], row["date_6_months"]]
        y = [row["open_debt_items"], row["open_debt_in_3_months"], row["open_debt_in_6_months"]]
        figure.add_scatter(x=pd.to_datetime(x), y=y, name="projection", mode="lines+markers+text",
                           line=dict(color=DEBT_COLOR, dash="dash"), text=["", f"{y[1]:.0f}", f"{y[2]:.0f}"],
                           textposition="top center")
    if row is not None and row["target"] is not None and not pd.isna(row["target"]):
        figure.add_hline(y=float(row["target"]), line=dict(color=NEUTRAL, dash="dot"),
                         annotation_text=f"target {float(row['target']):g}", annotation_position="bottom right")
    figure.update_yaxes(title_text="open debt items", rangemode="tozero")
    return _legend_below(styled(figure, "Where open debt is heading"))


@escapes_text
def debt_investment_figure(investment: pd.DataFrame) -> go.Figure:
    """Share of completed points that were debt per period, against the target share."""
    if investment.empty or investment["completed_points"].sum() == 0:
        return empty_figure("Nothing completed in this range")
    figure = go.Figure()
    figure.add_bar(x=investment["period_start"], y=investment["debt_share_completed"] * 100,
                   name="debt share of completed points (%)", marker_color=DEBT_COLOR,
                   customdata=investment[["debt_points_completed", "completed_points"]],
                   hovertemplate="%{x|%Y-%m-%d}: %{y:.1f} % (%{customdata[0]} of %{customdata[1]} points)"
                                 "<extra></extra>")
    figure.add_scatter(x=investment["period_start"], y=investment["target_debt_share"] * 100,
                       name="target for debt (%)", mode="lines", line=dict(color="#333333", dash="dash", shape="hv"))
    figure.update_yaxes(title_text="% of completed points", rangemode="tozero")
    return _legend_below(styled(figure, "Investment in paying down debt"))
