"""Charts of the Dependencies page: matrix heat map, hotspot ranking, item graph, chains, ordering risks."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.safe import escapes_text
from charts.theme import ACCENT, CATEGORY_COLORS, NEUTRAL, empty_figure, styled

ROLE_COLORS = {"chosen": ACCENT, "it waits on": "#E45756", "waits on it": "#4C78A8", "cycle": "#B00020"}


@escapes_text
def dependency_matrix_figure(matrix: pd.DataFrame) -> go.Figure:
    """Heat map of open links between groups (blocking rows, blocked columns), the
    diagonal left blank and drawn apart as a bar chart of links inside each group.

    Takes analysis.dependencies.dependency_matrix (columns blocking_<by>, blocked_<by>, open_links).
    """
    if matrix.empty:
        return empty_figure("No open blocks links for this selection")
    blocking, blocked = matrix.columns[0], matrix.columns[1]
    by = blocking.removeprefix("blocking_")
    cross = matrix[matrix[blocking] != matrix[blocked]]
    within = matrix[matrix[blocking] == matrix[blocked]].sort_values("open_links")
    # One order on both axes (most links in and out first), so the blank diagonal shows
    # where a group would meet itself and a row reads against its own column.
    involved = pd.concat([cross[[blocking, "open_links"]].set_axis(["group", "open_links"], axis=1),
                          cross[[blocked, "open_links"]].set_axis(["group", "open_links"], axis=1)])
    totals = involved.groupby("group")["open_links"].sum()
    rows = sorted(totals.index, key=lambda g: (-totals[g], str(g)))
    columns = rows
    grid = (cross.pivot_table(index=blocking, columns=blocked, values="open_links", aggfunc="sum")
            .reindex(index=rows, columns=columns))
    figure = make_subplots(rows=1, cols=2, column_widths=[0.72, 0.28], horizontal_spacing=0.12,
                           subplot_titles=(f"Between {by}s (row blocks column)", f"Inside one {by}"))
    if len(grid):
        values = grid.to_numpy(dtype=float)
        text = [["" if v != v else f"{int(v)}" for v in row] for row in values]
        figure.add_trace(go.Heatmap(
            z=values, x=list(grid.columns), y=list(grid.index), text=text, texttemplate="%{text}",
            colorscale="Oranges", showscale=False, hoverongaps=False,
            hovertemplate=f"%{{y}} blocks %{{x}}: %{{z}} open links<extra></extra>"), row=1, col=1)
        figure.update_yaxes(autorange="reversed", title_text=f"blocking {by}", row=1, col=1)
        figure.update_xaxes(title_text=f"blocked {by}", row=1, col=1)
    figure.add_trace(go.Bar(x=within["open_links"], y=within[blocking], orientation="h", marker_color=NEUTRAL,
                            name=f"inside one {by}", text=within["open_links"], showlegend=False,
                            hovertemplate="%{y}: %{x} open links inside<extra></extra>"), row=1, col=2)
    figure.update_xaxes(title_text="open links", row=1, col=2)
    height = max(380, 28 * max(len(rows), len(within)) + 140)
    return styled(figure, f"Who waits on whom: open blocks links by {by}", height=height)


@escapes_text
def hotspots_figure(hotspots: pd.DataFrame, top: int = 15) -> go.Figure:
    """The most waited-on groups: open inbound links, split by how many other groups wait.

    Takes analysis.dependencies.dependency_hotspots.
    """
    frame = hotspots[hotspots["open_inbound"] > 0].head(top) if len(hotspots) else hotspots
    if frame.empty:
        return empty_figure("Nothing waits on another group in this selection")
    name = frame.columns[0]
    waiting = next(c for c in frame.columns if c.startswith("waiting_") and c != "waiting_days")
    frame = frame.iloc[::-1]
    colors = [ACCENT if i == len(frame) - 1 else NEUTRAL for i in range(len(frame))]
    figure = go.Figure(go.Bar(
        x=frame["open_inbound"], y=frame[name], orientation="h", marker_color=colors,
        text=[f"{w} {waiting.removeprefix('waiting_')} waiting · {d} days · {t} items downstream"
              for w, d, t in zip(frame[waiting], frame["waiting_days"], frame["blocked_transitively"])],
        textposition="auto", customdata=frame[["why"]].to_numpy(),
        hovertemplate="%{customdata[0]}<extra></extra>"))
    figure.update_layout(xaxis_title="open links in which another group waits on it")
    return styled(figure, "Hotspots: what waits on each group", height=max(320, 30 * len(frame) + 120))


@escapes_text
def item_graph_figure(nodes: pd.DataFrame, links: pd.DataFrame) -> go.Figure:
    """One item's dependency graph: its blockers on the left, what waits on it on the right.

    `nodes` from analysis.dependencies.item_dependencies (key, role, x, y, ...), `links`
    the open links (blocker_key, blocked_key); edges between shown items are drawn as arrows.
    """
    if nodes.empty:
        return empty_figure("Choose an item")
    place = {k: (x, y) for k, x, y in zip(nodes["key"], nodes["x"], nodes["y"])}
    edges = links[links["blocker_key"].isin(place) & links["blocked_key"].isin(place)]
    figure = go.Figure()
    # All arrows at once: add_annotation re-validates every earlier one (quadratic).
    figure.update_layout(annotations=[
        dict(x=place[blocked][0], y=place[blocked][1], ax=place[blocker][0], ay=place[blocker][1], xref="x",
             yref="y", axref="x", ayref="y", showarrow=True, arrowhead=3, arrowsize=1.2, arrowwidth=1.2,
             arrowcolor=NEUTRAL, standoff=14, startstandoff=14)
        for blocker, blocked in zip(edges["blocker_key"], edges["blocked_key"]) if blocker != blocked])
    for role, group in nodes.groupby("role", sort=False):
        figure.add_trace(go.Scatter(
            x=group["x"], y=group["y"], mode="markers+text", name=role, text=group["key"],
            textposition="top center",
            marker=dict(size=[26 if r == "chosen" else 18 for r in group["role"]],
                        color=ROLE_COLORS.get(role, NEUTRAL),
                        line=dict(width=3, color=[CATEGORY_COLORS.get(c, "white") for c in group["category"]])),
            customdata=group[["team", "category", "status", "summary"]].astype("str").to_numpy(),
            hovertemplate="<b>%{text}</b> · %{customdata[0]}<br>%{customdata[1]} · %{customdata[2]}"
                          "<br>%{customdata[3]}<extra></extra>"))
    figure.update_xaxes(title_text="← blocks it · links away · waits on it →", zeroline=False, dtick=1)
    figure.update_yaxes(visible=False, range=[nodes["y"].min() - 0.8, nodes["y"].max() + 0.8])
    figure.update_xaxes(range=[nodes["x"].min() - 0.5, nodes["x"].max() + 0.5])
    height = max(360, 60 * int(nodes.groupby("x").size().max()) + 120)
    return styled(figure, f"Dependencies of {nodes.loc[nodes['role'] == 'chosen', 'key'].iloc[0]}", height=height)


@escapes_text
def chains_figure(chains: pd.DataFrame) -> go.Figure:
    """The longest chains of open blockers, one row per chain, items in order (analysis.graph.blocker_chains)."""
    if chains.empty:
        return empty_figure("No chain of two or more open blockers")
    figure = go.Figure()
    for chain, keys, teams in zip(chains["chain"], chains["keys"], chains["teams"]):
        label = f"#{chain}"
        figure.add_trace(go.Scatter(
            x=list(range(len(keys))), y=[label] * len(keys), mode="lines+markers+text", text=list(keys),
            textposition="top center", marker=dict(size=12, color=ACCENT), line=dict(color=NEUTRAL),
            showlegend=False, hovertemplate="%{text}<extra>" + " → ".join(map(str, teams)) + "</extra>"))
    figure.update_yaxes(autorange="reversed", title_text="chain")
    figure.update_xaxes(title_text="position in the chain (first blocker at 0)", dtick=1)
    return styled(figure, "Longest chains of open blockers", height=max(300, 50 * len(chains) + 120))


@escapes_text
def ordering_risks_figure(risks: pd.DataFrame, top: int = 25) -> go.Figure:
    """Planned date of the blocked item against its blocker's, one line per risky link.

    Takes analysis.dependencies.ordering_risks; features planned before a technical
    blocker in the accent colour.
    """
    if risks.empty:
        return empty_figure("No item is planned before one of its open blockers")
    frame = risks.head(top).iloc[::-1]
    labels = [f"{a} ← {b}" for a, b in zip(frame["blocked_key"], frame["blocker_key"])]
    figure = go.Figure()
    for label, start, end, flag, kind in zip(labels, frame["blocked_date"], frame["blocker_date"],
                                             frame["feature_before_technical"], frame["date_kind"]):
        figure.add_trace(go.Scatter(x=[start, end], y=[label, label], mode="lines",
                                    line=dict(color=ACCENT if flag else NEUTRAL, width=3),
                                    showlegend=False, hoverinfo="skip"))
    figure.add_trace(go.Scatter(x=frame["blocked_date"], y=labels, mode="markers", name="blocked item planned",
                                marker=dict(size=11, color="#4C78A8"), customdata=frame[["why"]].to_numpy(),
                                hovertemplate="%{customdata[0]}<extra></extra>"))
    figure.add_trace(go.Scatter(x=frame["blocker_date"], y=labels, mode="markers", name="its blocker planned",
                                marker=dict(size=11, color="#E45756", symbol="diamond"),
                                customdata=frame[["why"]].to_numpy(), hovertemplate="%{customdata[0]}<extra></extra>"))
    # The two kinds of line in the legend, as the page's caption promises them.
    figure.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line=dict(color=ACCENT, width=3),
                                name="feature waiting on an enabler, architecture or devops item"))
    figure.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line=dict(color=NEUTRAL, width=3),
                                name="other waiting item"))
    figure.update_xaxes(title_text="planned date (sprint end, release or due date)")
    figure.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.12, x=0), margin=dict(b=90))
    return styled(figure, "Ordering risks: planned before the work they wait on", height=max(320, 28 * len(frame) + 140))
