"""Overview: the headline numbers a TPO opens a stakeholder meeting with."""
import streamlit as st

from analysis.overview import BALANCE_WINDOW_DAYS, CHANGE_DAYS
from app import ui
from charts.overview import category_mix_figure

filters = ui.current_filters()
data = ui.workspace_data()
st.title("Overview")
st.caption(
    f"As of {filters.until.isoformat()}. An item is open on a day when it was created on or before it and "
    f"not yet resolved. Changes compare with {CHANGE_DAYS} days earlier. Balance is 100 × (1 − distance from "
    f"the target allocation), over work delivered in the last {BALANCE_WINDOW_DAYS} days by story points."
)

with ui.user_errors():
    headlines = ui.metric_table("overview", filters).set_index("metric")


def delta(name, scale=1.0, unit="", digits=1):
    change = headlines.loc[name, "change"]
    return None if change is None or change != change else f"{change * scale:+.{digits}f}{unit}"


def shown(name, fmt):
    value = headlines.loc[name, "value"]
    return "no data" if value is None or value != value else fmt(value)


columns = st.columns(4)
columns[0].metric("Open items", shown("open_items", lambda v: f"{int(v):,}"),
                  delta("open_items", digits=0), delta_color="off")
columns[1].metric("Open debt share", shown("open_debt_share", lambda v: f"{v * 100:.1f} %"),
                  delta("open_debt_share", 100, " pp"), delta_color="inverse")
columns[2].metric("Open cross-team blockers", shown("open_cross_team_blockers", lambda v: f"{int(v):,}"),
                  delta("open_cross_team_blockers", digits=0), delta_color="inverse")
columns[3].metric("Balance vs target", shown("balance_score", lambda v: f"{v:.0f} / 100"),
                  delta("balance_score"))
ui.show_table(headlines.reset_index(), "overview.csv")

st.subheader("Work categories")
categories = ui.metric_table("categories", filters)
ui.chart(category_mix_figure, categories)
ui.show_table(categories, "categories.csv")

st.subheader("Imports")
st.caption("Every file imported into this workspace; the original files are kept in the workspace folder.")
ui.show_table(data.imports, "imports.csv", label="Import history", expanded=True)
