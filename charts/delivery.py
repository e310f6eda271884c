"""Charts of the Delivery page: each takes the table of one analysis/flow, velocity or
forecast function. Text from the export (teams, statuses, keys) reaches them escaped
(charts.safe.escapes_text): plotly renders a subset of HTML in labels and hovers."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.safe import escapes_text
from charts.theme import CATEGORY_COLORS, NEUTRAL, empty_figure, styled

COMPLETED_COLOR = CATEGORY_COLORS["feature"]
COMMITTED_COLOR = "#333333"
PERCENTILE_DASH = {50: "dot", 85: "dash", 95: "longdash"}
STAGE_COLORS = {"todo": "#BAB0AC", "in_progress": "#F2CF5B", "done": "#54A24B"}
LABEL_POSITION = {50: "bottom left", 85: "top left", 95: "top right"}   # close lines keep their labels apart
NO_CYCLE_TIMES = ("No finished item has a commitment date in the selected range: cycle time needs the status "
                  "history (a Jira REST export with its changelog; see the Import page). Lead times are in the "
                  "table below.")
FAN_COLORS = {50: "#4C78A8", 85: "#F58518", 95: "#E45756"}
MAX_SCATTER_POINTS = 20_000
SCALE_OVER_P95 = 3          # cycle-time charts show up to 3x the 95th percentile; longer items are counted


def text(values) -> list[str]:
    """Labels as text (already escaped on the way in by @escapes_text)."""
    return [str(v) for v in values]


@escapes_text
def velocity_figure(velocity: pd.DataFrame) -> go.Figure:
    """Completed points per sprint (bars, per team), committed points where known (markers),
    the average of the completed points and a band of one standard deviation around it."""
    started = velocity[velocity["state"] != "future"] if len(velocity) else velocity
    if started.empty:
        return empty_figure("No sprints of the tracker with dates in the selected range: velocity needs the board's sprint list (see the Import page)")
    figure = go.Figure()
    for team, rows in started.groupby("team", sort=True):
        label = [f"{s} ({t})" for s, t in zip(text(rows["sprint"]), text(rows["team"]))]
        figure.add_bar(x=rows["start_date"], y=rows["completed_points"], name=f"completed · {str(team)}",
                       hovertext=label, hovertemplate="%{hovertext}: %{y:.0f} points completed<extra></extra>")
        known = rows[rows["committed_known"]]
        if len(known):
            figure.add_scatter(x=known["start_date"], y=known["committed_points"], mode="markers",
                               name=f"committed · {str(team)}",
                               marker=dict(symbol="line-ew-open", size=18, color=COMMITTED_COLOR, line=dict(width=3)))
    average = float(started["completed_points"].mean())
    spread = float(started["completed_points"].std(ddof=0)) if len(started) > 1 else 0.0
    figure.add_hrect(y0=max(average - spread, 0), y1=average + spread, fillcolor=NEUTRAL, opacity=0.15, line_width=0)
    figure.add_hline(y=average, line=dict(color=COMMITTED_COLOR, dash="dash"),
                     annotation_text=f"average {average:.0f} points", annotation_position="top left")
    figure.update_yaxes(title_text="story points", rangemode="tozero")
    styled(figure, "Completed (and, where known, committed) points per sprint", height=420)
    figure.update_layout(barmode="group", legend=dict(orientation="h", yanchor="top", y=-0.12, x=0),
                         margin=dict(b=60))
    return figure


@escapes_text
def throughput_figure(throughput: pd.DataFrame) -> go.Figure:
    """Items done per period, stacked by team."""
    if throughput.empty or throughput["items"].sum() == 0:
        return empty_figure("Nothing was finished in the selected range")
    figure = go.Figure()
    for team, rows in throughput.groupby("team", sort=True):
        figure.add_bar(x=rows["period_start"], y=rows["items"], name=str(team),
                       customdata=rows["points"], hovertemplate="%{x|%Y-%m-%d}: %{y} items, %{customdata:.0f} "
                       "points<extra>" + str(team) + "</extra>")
    figure.update_yaxes(title_text="items done", rangemode="tozero")
    styled(figure, "Throughput: items done per period", height=380)
    figure.update_layout(barmode="stack", legend=dict(orientation="h", yanchor="top", y=-0.12, x=0), margin=dict(b=60))
    return figure


@escapes_text
def cycle_scatter_figure(cycles: pd.DataFrame, percentiles: pd.DataFrame) -> go.Figure:
    """Cycle time of each finished item by its done day, per category, with the 50/85/95 % lines."""
    shown = cycles.dropna(subset=["cycle_days"])
    if shown.empty:
        return empty_figure(NO_CYCLE_TIMES)
    if len(shown) > MAX_SCATTER_POINTS:   # the browser draws every point; the lines use all items
        shown = shown.sample(MAX_SCATTER_POINTS, random_state=0).sort_values("done_at")
    figure = go.Figure()
    for category, rows in shown.groupby("category", sort=True):
        figure.add_scatter(x=rows["done_at"], y=rows["cycle_days"], mode="markers", name=str(category),
                           marker=dict(color=CATEGORY_COLORS.get(category, NEUTRAL), size=6, opacity=0.6),
                           hovertext=text(rows["key"]),
                           hovertemplate="%{hovertext}: %{y:.0f} days, done %{x|%Y-%m-%d}<extra></extra>")
    _percentile_lines(figure, percentiles)
    cap, beyond = _scale(cycles["cycle_days"].dropna(), percentiles)
    figure.update_yaxes(title_text="cycle time (days)", range=[0, cap] if cap else None, rangemode="tozero")
    styled(figure, "Cycle time of each finished item" + _beyond_note(beyond, cap), height=420)
    figure.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.12, x=0), margin=dict(b=60))
    return figure


@escapes_text
def cycle_histogram_figure(cycles: pd.DataFrame, percentiles: pd.DataFrame) -> go.Figure:
    """How many finished items took each number of days."""
    days = cycles["cycle_days"].dropna()
    if days.empty:
        return empty_figure("No cycle times to count in the selected range")
    counts = days.round().astype(int).value_counts().sort_index()
    figure = go.Figure(go.Bar(x=counts.index, y=counts.to_numpy(), marker_color=COMPLETED_COLOR, name="items",
                              hovertemplate="%{x} days: %{y} items<extra></extra>"))
    for row in percentiles.dropna(subset=["cycle_days"]).itertuples():
        figure.add_vline(x=row.cycle_days, line=dict(color=COMMITTED_COLOR, dash=PERCENTILE_DASH[row.percentile]),
                         annotation_text=f"{row.percentile} %: {row.cycle_days:.0f} d")
    cap, beyond = _scale(days, percentiles)
    figure.update_xaxes(title_text="cycle time (days)", range=[-0.5, cap] if cap else None)
    figure.update_yaxes(title_text="items")
    return styled(figure, "How long items take" + _beyond_note(beyond, cap), height=340)


@escapes_text
def cfd_figure(cfd: pd.DataFrame, stage_categories: dict[str, str] | None = None) -> go.Figure:
    """Cumulative flow: items per stage stacked, done at the bottom."""
    if cfd.empty:
        return empty_figure("No items in the selected range")
    figure = go.Figure()
    stages = list(dict.fromkeys(cfd["stage"]))
    for stage in reversed(stages):
        rows = cfd[cfd["stage"] == stage]
        category = (stage_categories or {}).get(stage, stage)
        figure.add_scatter(x=rows["day"], y=rows["items"], name=str(stage), mode="lines", stackgroup="flow",
                           line=dict(width=0.5, color=STAGE_COLORS.get(category)),
                           hovertemplate="%{x|%Y-%m-%d}: %{y} items<extra>" + str(stage) + "</extra>")
    figure.update_yaxes(title_text="items", rangemode="tozero")
    styled(figure, "Cumulative flow: items in each stage at the end of each day", height=420)
    figure.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.12, x=0, traceorder="reversed"),
                         margin=dict(b=60))
    return figure


@escapes_text
def ageing_wip_figure(wip: pd.DataFrame, percentiles: pd.DataFrame) -> go.Figure:
    """Age of each item in progress, per status, against the cycle-time percentiles."""
    if wip.empty:
        return empty_figure("No work in progress")
    figure = go.Figure()
    for status, rows in wip.groupby("status", sort=True):
        figure.add_scatter(x=text(rows["status"]), y=rows["age_days"], mode="markers", name=str(status),
                           hovertext=[f"{k} ({t})" for k, t in zip(text(rows["key"]), text(rows["team"]))],
                           hovertemplate="%{hovertext}: %{y} days in progress<extra></extra>",
                           marker=dict(size=8, opacity=0.7))
    _percentile_lines(figure, percentiles)
    figure.update_yaxes(title_text="days since the commitment point", rangemode="tozero")
    styled(figure, "Ageing work in progress", height=400)
    figure.update_layout(showlegend=False)
    return figure


@escapes_text
def forecast_fan_figure(burnup: pd.DataFrame, unit: str) -> go.Figure:
    """Burn-up: work done over the window (line), then the Monte Carlo spread (a fan of the
    amount at least 50/85/95 % of trials reached) towards the target amount (dashed)."""
    if burnup.empty:
        return empty_figure("No throughput history in the window")
    figure = go.Figure()
    past = burnup[burnup["done"].notna()]
    figure.add_scatter(x=past["day"], y=past["done"], name="done in the window", mode="lines",
                       line=dict(color=COMMITTED_COLOR, width=2))
    future = burnup[burnup["done"].isna()]
    for p in (95, 85, 50):
        figure.add_scatter(x=future["day"], y=future[f"at_least_{p}"], name=f"{p} % of trials at least",
                           mode="lines", line=dict(color=FAN_COLORS[p], dash=PERCENTILE_DASH[p]),
                           fill=None if p == 95 else "tonexty", opacity=0.4)
    base = float(past["done"].iloc[-1]) if len(past) else 0.0
    target = float(burnup["to_do"].iloc[0])
    figure.add_hline(y=base + target, line=dict(color=NEUTRAL, dash="dash"),
                     annotation_text=f"+{target:,.0f} {unit} to do", annotation_position="top left")
    figure.update_yaxes(title_text=f"{unit} done (cumulative)", rangemode="tozero")
    styled(figure, "Burn-up forecast: the spread of the Monte Carlo trials", height=420)
    figure.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.12, x=0), margin=dict(b=60))
    return figure


def _scale(days: pd.Series, percentiles: pd.DataFrame) -> tuple[float | None, int]:
    """The axis limit (SCALE_OVER_P95 x the 95th percentile, None: no limit) and how many
    items lie beyond it: a few very old items would otherwise squash the rest into a line."""
    p95 = percentiles.set_index("percentile")["cycle_days"].get(95) if len(percentiles) else None
    if p95 is None or p95 != p95 or days.empty:
        return None, 0
    cap = max(float(p95) * SCALE_OVER_P95, 10.0)
    beyond = int((days > cap).sum())
    return (cap, beyond) if beyond else (None, 0)


def _beyond_note(beyond: int, cap: float | None) -> str:
    if not beyond:
        return ""
    return f" ({beyond} {'item' if beyond == 1 else 'items'} above {cap:.0f} days off the scale: see the table)"


def _percentile_lines(figure: go.Figure, percentiles: pd.DataFrame) -> None:
    for row in percentiles.dropna(subset=["cycle_days"]).itertuples():
        figure.add_hline(y=row.cycle_days, line=dict(color=COMMITTED_COLOR, dash=PERCENTILE_DASH[row.percentile],
                                                     width=1),
                         annotation_text=f"{row.percentile} %: {row.cycle_days:.0f} days",
                         annotation_position=LABEL_POSITION[row.percentile])
