"""Plan: which technical item to schedule first, and the program board that shows it landing
ahead of (or behind) the business work that waits on it."""
import streamlit as st

from analysis.debt import INTEREST_WINDOW_DAYS
from analysis.headlines.base import date_text, number
from analysis.plan import BUSINESS_CATEGORIES, NOT_PLANNED, board_links, rank_rule
from app import ui
from charts.plan import capacity_figure, priorities_figure, program_board_figure
from app.metrics_plan import TECHNICAL_CATEGORIES

filters = ui.current_filters()
data = ui.workspace_data()
st.title("Plan")
with ui.user_errors():
    headlines = ui.metric_table("plan-headlines", filters)
    priorities = ui.metric_table("technical-priorities", filters)
    board = ui.metric_table("program-board", filters)
    capacity = ui.metric_table("plan-capacity", filters)
ui.headline(headlines)
st.caption(
    f"As of {date_text(filters.until)}. Technical items are the open {', '.join(TECHNICAL_CATEGORIES)} items; "
    f"business items are the open {' and '.join(c + 's' for c in BUSINESS_CATEGORIES)}. An item waits on a "
    "technical item through open blocks links, directly or through a chain, each counted once. An item's planned "
    "date is the first it has of its sprint end, its fix version's release date, its due date."
)

summary = ui.metric_table("plan-summary", filters).set_index("metric")["value"]
columns = st.columns(4)
columns[0].metric("Technical items blocking", number(summary["waited_on"]),
                  help="Open technical items with open business work (features, defects) waiting on them")
columns[1].metric("Planned after they are needed", number(summary["planned_late"]))
columns[2].metric("Board conflicts", number(summary["board_conflicts"]))
columns[3].metric("Slots over capacity", number(summary["slots_over_capacity"]))

# ---------------------------------------------------------------- 1. priorities
st.subheader("What to schedule first")
st.caption(rank_rule(data.settings.plan) + " The weights are the [plan] table of the workspace's settings.toml; "
           f"defects count in the item's components, or its epic when it has none, over {INTEREST_WINDOW_DAYS} days.")
ui.chart(priorities_figure, priorities)
ui.show_table(priorities, "technical_priorities.csv", label="Technical priorities", expanded=True)

# ---------------------------------------------------------------- 2. program board
st.subheader("Program board")
st.caption("One row per team, one column per slot: an item's sprint (the tracker's own), else its release, else the "
           f"month of its due date; slots ending from {date_text(filters.until)} on. Lines run from a blocker to the "
           f"item waiting on it, red where the item sits in an earlier slot than its blocker (a conflict, card edged "
           f"red). “{NOT_PLANNED}” holds technical items with business work waiting on them and no slot yet.")
ui.chart(program_board_figure, board, ui.derived(board_links, board), from_day=filters.until)
ui.show_table(board, "program_board.csv")

# ---------------------------------------------------------------- 3. capacity
st.subheader("Capacity")
st.caption(f"Planned points per team and slot against the team's recent velocity: the mean completed points of its "
           f"last {data.settings.plan.velocity_sprints} tracker sprints, scaled to the slot's length. Over capacity, "
           "the items that would not fit are listed, filling the slot with items others wait on first, then "
           "technical before functional. The target technical share is the team's target allocation.")
ui.chart(capacity_figure, capacity)
ui.show_table(capacity, "plan_capacity.csv")
