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
    teams = _teams_in_order(rows["team"])[:MAX_TEAM_ROWS]
    order = _x_order(rows, x)
    # One team: the title names it (views draw one team's periods, the team chart compares teams).
    figure = make_subplots(rows=len(teams), cols=1, shared_xaxes=True, subplot_titles=teams if len(teams) > 1 else None,
                           vertical_spacing=min(0.1, 0.45 / len(teams)))
    # Built first and added at once: each add_bar(row=...) re-checks the whole figure.
    bars, bar_rows, earlier_categories = [], [], set()
    for number, team in enumerate(teams, start=1):
        team_rows = rows[rows["team"] == team]
        for category in CATEGORIES:
            part = team_rows[team_rows["category"] == category]
            if part.empty:
                continue
            bars.append(go.Bar(
                x=_x_values(part, x), y=part["share"] * 100, name=category, legendgroup=category,
                showlegend=number == 1 or category not in earlier_categories,
                marker_color=CATEGORY_COLORS.get(category, NEUTRAL),
                customdata=part[["points", "items", "target_share", "drift_pp"]].assign(
                    target_share=part["target_share"] * 100).to_numpy(),
                hovertemplate=(f"{team} · {category}<br>%{{x}}<br>share %{{y:.1f}} %<br>points %{{customdata[0]:.1f}}"
                               " · items %{customdata[1]}<br>target %{customdata[2]:.1f} % · drift "
                               "%{customdata[3]:+.1f} pp<extra></extra>")))
            bar_rows.append(number)
        earlier_categories |= _categories_in(team_rows)
    figure.add_traces(bars, rows=bar_rows, cols=[1] * len(bars))
    figure.update_yaxes(range=[0, 100], ticksuffix=" %")     # every row is a team
    figure.update_layout(barmode="stack")
    figure.update_xaxes(categoryorder="array", categoryarray=order, type="category")
    figure.update_xaxes(title_text=x_title, row=len(teams), col=1)
    height = max(400, 190 * len(teams) + 110)      # the legend's six categories fit beside one team
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
    grid = scores.pivot(index="team", columns="period_start", values="score")
    grid = grid.reindex(list(reversed(_teams_in_order(scores["team"]))))
    flagged = None
    if shortfall is not None and not shortfall.empty:
        flagged = shortfall.pivot(index="team", columns="period_start", values="flagged").reindex_like(grid).eq(True)
    labels = [[_score_label(grid.iat[i, j], flagged is not None and bool(flagged.iat[i, j]))
               for j in range(grid.shape[1])] for i in range(grid.shape[0])]
    columns = list(_period_labels(list(grid.columns)).values())
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
    columns = list(_period_labels(list(grid.columns)).values())
    limit = max(10.0, float(abs(grid).max().max()))
    figure = go.Figure(go.Heatmap(
        z=grid.to_numpy(dtype=float), x=columns, y=grid.index.tolist(), zmid=0, zmin=-limit, zmax=limit,
        colorscale="RdBu", texttemplate="%{z:+.0f}", colorbar=dict(title="pp"), hoverongaps=False,
        hovertemplate="%{y} · %{x}<br>drift %{z:+.1f} pp<extra></extra>"))
    figure.update_xaxes(type="category", title_text="period")
    return styled(figure, f"{team}: drift from target (percentage points; blank = no data)",
                  height=max(280, 40 * len(grid) + 140))


@escapes_text
def technical_share_figure(shortfall: pd.DataFrame, team: str | None = None) -> go.Figure:
    """Technical share per period of one team (the first one when None) against its target
    (dotted), the other teams as thin grey lines behind it, on one set of axes: one team
    read clearly, the others for comparison; ▼ = below target 3+ periods in a row."""
    if shortfall.empty or shortfall["technical_share"].isna().all():
        return empty_figure()
    teams = _teams_in_order(shortfall["team"])
    team = team if team in teams else teams[0]
    labels = _period_labels(sorted(shortfall["period_start"].unique()))
    ordered = shortfall.sort_values("period_start")
    traces, shown_other = [], False
    for other in teams:
        if other == team:
            continue
        part = ordered[ordered["team"] == other]
        traces.append(go.Scatter(x=[labels[d] for d in part["period_start"]], y=part["technical_share"] * 100,
                                 mode="lines", name="other teams", legendgroup="other", showlegend=not shown_other,
                                 line=dict(color="#C8C8C8", width=1), connectgaps=False,
                                 hovertemplate=f"{other} · %{{x}}<br>technical %{{y:.1f}} %<extra></extra>"))
        shown_other = True
    part = ordered[ordered["team"] == team]
    x = [labels[d] for d in part["period_start"]]
    traces.append(go.Scatter(x=x, y=part["technical_target"] * 100, name=f"target of {team}", mode="lines",
                             line=dict(color="#333333", dash="dot"), hovertemplate="target %{y:.1f} %<extra></extra>"))
    traces.append(go.Scatter(x=x, y=part["technical_share"] * 100, name=team, mode="lines+markers",
                             line=dict(color=ACCENT, width=3), connectgaps=False,
                             hovertemplate=f"{team} · %{{x}}<br>technical %{{y:.1f}} %<extra></extra>"))
    flagged = part[part["flagged"]]
    if not flagged.empty:
        traces.append(go.Scatter(x=[labels[d] for d in flagged["period_start"]], y=flagged["technical_share"] * 100,
                                 mode="markers", name="▼ below target 3+ periods in a row",
                                 marker=dict(symbol="triangle-down", size=12, color="#B00020"),
                                 hovertemplate="below target 3+ periods in a row<extra></extra>"))
    figure = go.Figure(traces)
    figure.update_yaxes(range=[0, 100], ticksuffix=" %", title_text="technical share")
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=list(labels.values()),
                        title_text="period")
    figure = styled(figure, f"Technical share (debt + enabler + architecture + devops) of {team} against its "
                            "target; the other teams in grey", height=380)
    return _legend_right(figure)


@escapes_text
def team_shares_figure(rows: pd.DataFrame, title: str = "Delivered work per category and team") -> go.Figure:
    """100 % stacked bars of `share` per category, one bar per team ("(no team)" last), on
    one set of axes; the hover shows points, items, target and drift. `rows`:
    analysis.balance.shares_per_team."""
    rows = rows[rows["items"] > 0] if not rows.empty else rows
    if rows.empty:
        return empty_figure()
    teams = _teams_in_order(rows["team"])
    figure = go.Figure()
    for category in CATEGORIES:
        part = rows[rows["category"] == category]
        if part.empty:
            continue
        figure.add_bar(
            x=part["team"].astype(str), y=part["share"] * 100, name=category,
            marker_color=CATEGORY_COLORS.get(category, NEUTRAL),
            customdata=part[["points", "items", "target_share", "drift_pp"]].assign(
                target_share=part["target_share"] * 100).to_numpy(),
            hovertemplate=(f"%{{x}} · {category}<br>share %{{y:.1f}} %<br>points %{{customdata[0]:,.1f}} · items "
                           "%{customdata[1]:,}<br>target %{customdata[2]:.1f} % · drift %{customdata[3]:+.1f} pp"
                           "<extra></extra>"))
    figure.update_layout(barmode="stack")
    figure.update_yaxes(range=[0, 100], ticksuffix=" %", title_text="share of the team's work")
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=teams, title_text="team")
    figure = _legend_right(styled(figure, title, height=420))
    return figure.update_layout(legend_traceorder="normal")     # categories in one order on every chart


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
        labels = _period_labels(sorted(part[x].unique()))
        return [labels[d] for d in part[x]]
    return part[x].astype(str).tolist()


def _x_order(rows: pd.DataFrame, x: str) -> list:
    """The x axis in the rows' order (periods sorted, releases as the analysis ordered them)."""
    if x == "period_start":
        return list(_period_labels(sorted(rows[x].unique())).values())
    return list(dict.fromkeys(rows[x].astype(str)))


def _period_labels(starts: list) -> dict:
    """Period starts as people name them: 'Dec 2025' (months), 'Q1 2026' (quarters), else '12 Jan 2026'."""
    days = [pd.Timestamp(d) for d in starts]
    monthly = all(d.day == 1 for d in days)
    quarterly = monthly and all(d.month in (1, 4, 7, 10) for d in days) and (
        len(days) < 2 or min((b.year - a.year) * 12 + b.month - a.month for a, b in zip(days, days[1:])) >= 3)
    if quarterly:
        return {s: f"Q{d.quarter} {d.year}" for s, d in zip(starts, days)}
    if monthly:
        return {s: f"{d:%b %Y}" for s, d in zip(starts, days)}
    return {s: f"{d.day} {d:%b %Y}" for s, d in zip(starts, days)}


def _teams_in_order(teams: pd.Series) -> list:
    """Teams by name, the "(no team)" kind of group last."""
    return sorted(set(teams.astype(str)), key=lambda t: (t.startswith("("), t))


def _categories_in(rows: pd.DataFrame) -> set:
    return set(rows["category"])


def _score_label(value: float, flagged: bool) -> str:
    if value != value:        # NaN: no delivered work
        return ""
    return f"{value:.0f}" + (" ▼" if flagged else "")
