"""Charts of the Roadmap balance page (tables from analysis.balance)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.safe import escapes_text
from charts.theme import ACCENT, CATEGORY_COLORS, NEUTRAL, empty_figure, styled
from config import CATEGORIES

MAX_TEAM_ROWS = 12


@escapes_text
def share_bars_figure(rows: pd.DataFrame, x: str = "period_start", title: str = "Delivered work per category",
                      x_title: str = "period") -> go.Figure:
    """100 % stacked bars of `share` per category, one row of bars per team.

    `rows` are delivered_balance rows (x = "period_start") or planned_balance rows
    (x = "release"); the hover shows points, items, target and drift.
    """
    rows = rows[rows["items"] > 0] if not rows.empty else rows
    if rows.empty:
        return empty_figure()
    teams = sorted(rows["team"].unique().tolist())[:MAX_TEAM_ROWS]
    order = _x_order(rows, x)
    figure = make_subplots(rows=len(teams), cols=1, shared_xaxes=True, subplot_titles=teams,
                           vertical_spacing=min(0.1, 0.45 / len(teams)))
    for number, team in enumerate(teams, start=1):
        team_rows = rows[rows["team"] == team]
        for category in CATEGORIES:
            part = team_rows[team_rows["category"] == category]
            if part.empty:
                continue
            figure.add_bar(
                x=_x_values(part, x), y=part["share"] * 100, name=category, legendgroup=category,
                showlegend=number == 1 or category not in _categories_in(rows[rows["team"].isin(teams[:number - 1])]),
                marker_color=CATEGORY_COLORS.get(category, NEUTRAL), row=number, col=1,
                customdata=part[["points", "items", "target_share", "drift_pp"]].assign(
                    target_share=part["target_share"] * 100).to_numpy(),
                hovertemplate=(f"{team} · {category}<br>%{{x}}<br>share %{{y:.1f}} %<br>points %{{customdata[0]:.1f}}"
                               " · items %{customdata[1]}<br>target %{customdata[2]:.1f} % · drift "
                               "%{customdata[3]:+.1f} pp<extra></extra>"))
        figure.update_yaxes(range=[0, 100], ticksuffix=" %", row=number, col=1)
    figure.update_layout(barmode="stack")
    figure.update_xaxes(categoryorder="array", categoryarray=order, type="category")
    figure.update_xaxes(title_text=x_title, row=len(teams), col=1)
    height = max(300, 190 * len(teams) + 110)
    figure = styled(figure, title, height=height)
    figure.update_layout(margin=dict(t=80))
    return _legend_right(figure)


@escapes_text
def score_heatmap_figure(scores: pd.DataFrame, shortfall: pd.DataFrame | None = None) -> go.Figure:
    """Balance score (0..100) per team and period; blank = no delivered work (no data).

    Periods where a team has been below its technical target three periods in a row
    (shortfall["flagged"]) are marked with "▼".
    """
    if scores.empty:
        return empty_figure()
    grid = scores.pivot(index="team", columns="period_start", values="score").sort_index(ascending=False)
    flagged = None
    if shortfall is not None and not shortfall.empty:
        flagged = shortfall.pivot(index="team", columns="period_start", values="flagged").reindex_like(grid).eq(True)
    labels = [[_score_label(grid.iat[i, j], flagged is not None and bool(flagged.iat[i, j]))
               for j in range(grid.shape[1])] for i in range(grid.shape[0])]
    columns = [c.strftime("%Y-%m-%d") for c in grid.columns]
    figure = go.Figure(go.Heatmap(
        z=grid.to_numpy(dtype=float), x=columns, y=grid.index.tolist(), text=labels, texttemplate="%{text}",
        zmin=0, zmax=100, colorscale="RdYlGn", colorbar=dict(title="score"), hoverongaps=False,
        hovertemplate="%{y} · %{x}<br>score %{z:.1f}<extra></extra>"))
    figure.update_xaxes(type="category", title_text="period")
    return styled(figure, "Balance score per team (100 = on target; ▼ = technical share below target 3 periods in a row)",
                  height=max(260, 40 * len(grid) + 140))


@escapes_text
def drift_heatmap_figure(rows: pd.DataFrame, team: str) -> go.Figure:
    """Drift from the target (percentage points) per category and period for one team."""
    part = rows[rows["team"] == team] if not rows.empty else rows
    if part.empty:
        return empty_figure()
    grid = part.pivot(index="category", columns="period_start", values="drift_pp")
    grid = grid.reindex([c for c in reversed(CATEGORIES) if c in grid.index])
    columns = [c.strftime("%Y-%m-%d") for c in grid.columns]
    limit = max(10.0, float(abs(grid).max().max()))
    figure = go.Figure(go.Heatmap(
        z=grid.to_numpy(dtype=float), x=columns, y=grid.index.tolist(), zmid=0, zmin=-limit, zmax=limit,
        colorscale="RdBu", texttemplate="%{z:+.0f}", colorbar=dict(title="pp"), hoverongaps=False,
        hovertemplate="%{y} · %{x}<br>drift %{z:+.1f} pp<extra></extra>"))
    figure.update_xaxes(type="category", title_text="period")
    return styled(figure, f"{team}: drift from target (percentage points; blank = no data)",
                  height=max(280, 40 * len(grid) + 140))


@escapes_text
def technical_share_figure(shortfall: pd.DataFrame) -> go.Figure:
    """Technical share per team and period (solid) against its target (dotted); ▼ = flagged."""
    if shortfall.empty or shortfall["technical_share"].isna().all():
        return empty_figure()
    figure = go.Figure()
    palette = ["#4C78A8", "#F58518", "#54A24B", "#B279A2", "#72B7B2", "#E45756", "#9D755D", "#BAB0AC"]
    for number, (team, part) in enumerate(shortfall.groupby("team", sort=True)):
        color = palette[number % len(palette)]
        figure.add_scatter(x=part["period_start"], y=part["technical_share"] * 100, name=team, mode="lines+markers",
                           line=dict(color=color), legendgroup=team, connectgaps=False,
                           hovertemplate=f"{team}<br>%{{x|%Y-%m-%d}}<br>technical %{{y:.1f}} %<extra></extra>")
        figure.add_scatter(x=part["period_start"], y=part["technical_target"] * 100, name=f"{team} target",
                           mode="lines", line=dict(color=color, dash="dot"), legendgroup=team, showlegend=False,
                           hovertemplate=f"{team} target %{{y:.1f}} %<extra></extra>")
    flagged = shortfall[shortfall["flagged"]]
    if not flagged.empty:
        figure.add_scatter(x=flagged["period_start"], y=flagged["technical_share"] * 100, mode="markers",
                           marker=dict(symbol="triangle-down", size=13, color=ACCENT, line=dict(color="black", width=1)),
                           name="▼ below target 3+ periods in a row", customdata=flagged[["team"]].to_numpy(),
                           hovertemplate="%{customdata[0]}: below target 3+ periods in a row<extra></extra>")
    figure.update_layout(yaxis_title="technical share", yaxis_ticksuffix=" %")
    return _legend_right(styled(figure, "Technical share (debt + enabler + architecture + devops) against target "
                                       "(dotted)"))


@escapes_text
def backlog_figure(backlog: pd.DataFrame, age_order: list[str] | None = None) -> go.Figure:
    """Open items per age bucket and category: solid = unplanned, hatched = planned.

    `age_order` gives the buckets' order on the x axis (analysis.balance.AGE_BUCKETS).
    """
    if backlog.empty:
        return empty_figure()
    order = [b for b in (age_order or []) if b in set(backlog["age_bucket"])] or \
        list(dict.fromkeys(backlog["age_bucket"]))
    figure = go.Figure()
    for category in CATEGORIES:
        part = backlog[backlog["category"] == category]
        if part.empty:
            continue
        color = CATEGORY_COLORS.get(category, NEUTRAL)
        figure.add_bar(x=part["age_bucket"], y=part["unplanned_items"], name=category, legendgroup=category,
                       marker_color=color, offsetgroup=category,
                       hovertemplate=f"{category} · %{{x}}<br>unplanned %{{y}} items<extra></extra>")
        figure.add_bar(x=part["age_bucket"], y=part["items"] - part["unplanned_items"], name=f"{category} (planned)",
                       legendgroup=category, showlegend=False, offsetgroup=category,
                       base=part["unplanned_items"], marker=dict(color=color, opacity=0.45, pattern_shape="/"),
                       hovertemplate=f"{category} · %{{x}}<br>planned %{{y}} items<extra></extra>")
    figure.update_layout(barmode="group", yaxis_title="open items", xaxis_title="age (days since created)")
    figure.update_xaxes(categoryorder="array", categoryarray=order, type="category")
    return _legend_right(styled(figure, "Open backlog by age: solid = unplanned, hatched = planned"))


def _legend_right(figure: go.Figure) -> go.Figure:
    """The legend in a column on the right, clear of the title (many entries, tall charts)."""
    return figure.update_layout(legend=dict(orientation="v", x=1.01, xanchor="left", y=1, yanchor="top"))


def _x_values(part: pd.DataFrame, x: str) -> list:
    if x == "period_start":
        return [d.strftime("%Y-%m-%d") for d in part[x]]
    return part[x].astype(str).tolist()


def _x_order(rows: pd.DataFrame, x: str) -> list:
    """The x axis in the rows' order (periods sorted, releases as the analysis ordered them)."""
    if x == "period_start":
        return [d.strftime("%Y-%m-%d") for d in sorted(rows[x].unique())]
    return list(dict.fromkeys(rows[x].astype(str)))


def _categories_in(rows: pd.DataFrame) -> set:
    return set(rows["category"])


def _score_label(value: float, flagged: bool) -> str:
    if value != value:        # NaN: no delivered work
        return ""
    return f"{value:.0f}" + (" ▼" if flagged else "")
