"""Charts of the Plan page: technical priorities, the program board, the capacity check.

Every text from the data (keys, summaries, team and slot names) reaches the builders
escaped (charts.safe.escapes_text): plotly renders a subset of HTML in labels and hovers.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.safe import escapes_text
from charts.theme import CATEGORY_COLORS, NEUTRAL, empty_figure, styled

WRONG_ORDER = "#D62728"
NOT_PLANNED = "not planned"      # the board's column for unplanned items (analysis.plan.NOT_PLANNED)
CARDS_PER_ROW = 2
CARD_PIXELS = 46          # a card's side; rows of cards are one unit apart, drawn PIXELS_PER_ROW high
PIXELS_PER_ROW = 52
# The board's top, from the edge down: its title, the legend, then the column labels on two
# lines (the plot's own x axis, on top so it stays near the first teams).
BOARD_TITLE_PX = 44
BOARD_LEGEND_PX = 40
BOARD_LABELS_PX = 60
BOARD_BOTTOM_PX = 10


def safe(value) -> str:
    """Text from an export (escaped on the way in by @escapes_text), "" for a missing value."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


@escapes_text
def priorities_figure(priorities: pd.DataFrame, top: int = 15) -> go.Figure:
    """The top technical items: business items waiting on each, coloured by category.

    Takes analysis.plan.technical_priorities (rank, key, category, business_items_unblocked, why ...).
    """
    if priorities.empty:
        return empty_figure("No open technical item in this selection")
    frame = priorities.head(top).iloc[::-1]
    labels = [f"#{r} {safe(k)}" for r, k in zip(frame["rank"], frame["key"])]
    figure = go.Figure()
    for category, group in frame.groupby("category", sort=False):
        mask = frame["category"] == category
        figure.add_trace(go.Bar(
            x=group["business_items_unblocked"], y=[l for l, m in zip(labels, mask) if m], orientation="h",
            name=safe(category), marker_color=CATEGORY_COLORS.get(category, NEUTRAL),
            customdata=[[safe(s), safe(w)] for s, w in zip(group["summary"], group["why"])],
            hovertemplate="<b>%{y}</b> %{customdata[0]}<br>%{customdata[1]}<extra></extra>"))
    figure.update_yaxes(categoryorder="array", categoryarray=labels)
    figure.update_layout(xaxis_title="open features and defects waiting on it (directly or through chains)",
                         barmode="stack")
    return styled(figure, "What to schedule first: technical items by the business work waiting on them",
                  height=max(320, 28 * len(frame) + 140))


@escapes_text
def program_board_figure(board: pd.DataFrame, links: pd.DataFrame, from_day=None, max_slots: int = 8,
                         max_cards: int = 6) -> go.Figure:
    """The release-planning board: one row per team, one column per slot end (the first
    `max_slots` ending on or after `from_day`), the "not planned" column last; items as
    cards coloured by category, lines from blocker to blocked card, red where the order is wrong.

    `board` from analysis.plan.program_board, `links` from analysis.plan.board_links.
    """
    if board.empty:
        return empty_figure("Nothing planned in this selection")
    planned = board[board["slot"] != NOT_PLANNED]
    if from_day is not None:
        planned = planned[planned["slot_end"] >= pd.Timestamp(from_day)]
    ends = sorted(planned["slot_end"].dropna().unique())[:max_slots]
    shown = planned[planned["slot_end"].isin(ends)]
    unplanned = board[board["slot"] == NOT_PLANNED]
    columns = [pd.Timestamp(e) for e in ends] + ([NOT_PLANNED] if len(unplanned) else [])
    if not columns:
        return empty_figure("Nothing planned from this day on")
    frame = pd.concat([shown.assign(column=shown["slot_end"].map(lambda e: columns.index(pd.Timestamp(e)))),
                       unplanned.assign(column=len(columns) - 1)]) if len(unplanned) else \
        shown.assign(column=shown["slot_end"].map(lambda e: columns.index(pd.Timestamp(e))))
    teams = sorted(frame["team"].unique())
    rows_per_team = (max_cards + CARDS_PER_ROW - 1) // CARDS_PER_ROW
    place, hidden = {}, []
    # Cards with dependency lines first (wrong order first of all), so a full cell still shows them.
    linked = set(links["blocker_key"]) | set(links["blocked_key"])
    wrong = set(links.loc[links["wrong_order"], "blocker_key"]) | set(frame.loc[frame["conflict"], "key"])
    frame = frame.assign(_wrong=frame["key"].isin(wrong), _linked=frame["key"].isin(linked))
    ordered = frame.sort_values(["team", "column", "_wrong", "_linked", "category", "key"],
                                ascending=[True, True, False, False, True, True])
    for (team, column), cell in ordered.groupby(["team", "column"], sort=False):
        base_y = teams.index(team) * (rows_per_team + 0.6)
        for i, key in enumerate(cell["key"].head(max_cards)):
            place[key] = (column + (i % CARDS_PER_ROW - 0.5) * 0.44, base_y + i // CARDS_PER_ROW)
        if len(cell) > max_cards:
            hidden.append((column, base_y + rows_per_team - 0.45, len(cell) - max_cards))
    cards = frame[frame["key"].isin(place)]
    figure = go.Figure()
    for wrong, color, name in ((False, NEUTRAL, "depends on"), (True, WRONG_ORDER, "planned before its blocker")):
        chosen = links[(links["wrong_order"] == wrong) & links["blocker_key"].isin(place)
                       & links["blocked_key"].isin(place)]
        xs, ys = [], []
        for blocker, blocked in zip(chosen["blocker_key"], chosen["blocked_key"]):
            (x0, y0), (x1, y1) = place[blocker], place[blocked]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
        if xs:
            figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=name, hoverinfo="skip",
                                        line=dict(color=color, width=3 if wrong else 1.5)))
    for category, group in cards.groupby("category", sort=False):
        figure.add_trace(go.Scatter(
            x=[place[k][0] for k in group["key"]], y=[place[k][1] for k in group["key"]], mode="markers+text",
            name=safe(category), text=[safe(k) for k in group["key"]], textposition="middle center",
            textfont=dict(size=9, color="white"),
            marker=dict(symbol="square", size=CARD_PIXELS, color=CATEGORY_COLORS.get(category, NEUTRAL),
                        line=dict(width=[3 if c else 0 for c in group["conflict"]], color=WRONG_ORDER)),
            customdata=[[safe(s), safe(t), safe(sl), f"{p:g}", safe(", ".join(map(str, b))) or "none"]
                        for s, t, sl, p, b in zip(group["summary"], group["team"], group["slot"], group["points"],
                                                  group["blocked_by"])],
            hovertemplate="<b>%{text}</b> %{customdata[0]}<br>%{customdata[1]} · %{customdata[2]} · "
                          "%{customdata[3]} points<br>waits on: %{customdata[4]}<extra></extra>"))
    # All at once: add_annotation re-validates every earlier one (3 s for 65 cells at 100,000 issues).
    figure.update_layout(annotations=[dict(x=column, y=y, text=f"+{more} more", showarrow=False,
                                           font=dict(color=NEUTRAL)) for column, y, more in hidden])
    # Two short lines fit a column: one long line was tilted into the legend and title above.
    labels = [NOT_PLANNED if c == NOT_PLANNED else f"until<br>{c.day} {c:%b %Y}" for c in columns]
    figure.update_xaxes(tickvals=list(range(len(columns))), ticktext=labels, side="top",
                        range=[-0.6, len(columns) - 0.4], showgrid=False, zeroline=False)
    figure.update_yaxes(tickvals=[i * (rows_per_team + 0.6) + (rows_per_team - 1) / 2 for i in range(len(teams))],
                        ticktext=[safe(t) for t in teams], autorange="reversed", showgrid=False, zeroline=False)
    for i in range(1, len(columns)):
        figure.add_vline(x=i - 0.5, line=dict(color="#E5E5E5", width=1))
    top = BOARD_TITLE_PX + BOARD_LEGEND_PX + BOARD_LABELS_PX
    plot_height = max(280, int(len(teams) * (rows_per_team + 0.6) * PIXELS_PER_ROW) + 80)
    styled(figure, "Program board: teams × slots, red where an item is planned before its blocker",
           height=plot_height + top + BOARD_BOTTOM_PX)
    # Title at the very top, the legend just above the column labels (its y is in plot heights).
    return figure.update_layout(margin=dict(t=top, b=BOARD_BOTTOM_PX),
                                title=dict(y=1, yanchor="top", pad=dict(t=14)),
                                legend=dict(y=1 + BOARD_LABELS_PX / plot_height, yanchor="bottom"))


@escapes_text
def capacity_figure(capacity: pd.DataFrame, max_slots: int = 30) -> go.Figure:
    """Planned technical and functional points per team and slot against the slot's capacity
    from recent velocity; slots over capacity marked red. Takes analysis.plan.capacity_check."""
    if capacity.empty:
        return empty_figure("No planned slot from this day on")
    frame = capacity.head(max_slots)
    labels = [f"{safe(t)} · {safe(s)}" for t, s in zip(frame["team"], frame["slot"])]
    figure = go.Figure()
    figure.add_trace(go.Bar(x=labels, y=frame["technical_points"], name="technical points",
                            marker_color=CATEGORY_COLORS["enabler"]))
    figure.add_trace(go.Bar(x=labels, y=frame["functional_points"], name="functional points",
                            marker_color=CATEGORY_COLORS["feature"]))
    other = frame["planned_points"] - frame["technical_points"] - frame["functional_points"]
    if (other > 0).any():
        figure.add_trace(go.Bar(x=labels, y=other, name="other points", marker_color=NEUTRAL))
    figure.add_trace(go.Scatter(
        x=labels, y=frame["capacity_points"], mode="markers", name="capacity (recent velocity)",
        marker=dict(symbol="line-ew-open", size=28, line=dict(width=3),
                    color=[WRONG_ORDER if o else "#333333" for o in frame["over_capacity"]]),
        customdata=[[safe(", ".join(map(str, n))) or "none"] for n in frame["not_fitting"]],
        hovertemplate="%{x}: capacity %{y:.1f} points<br>would not fit: %{customdata[0]}<extra></extra>"))
    figure.update_layout(barmode="stack", yaxis_title="points", xaxis_tickangle=-35)
    return styled(figure, "Capacity: planned points against recent velocity", height=460)
