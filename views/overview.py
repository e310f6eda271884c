"""Overview: the headline numbers a TPO opens a stakeholder meeting with."""
import streamlit as st

from analysis.headlines.change import change_basis
from analysis.headlines.overview import overview_headlines
from analysis.periods import describe_now
from app import ui
from charts.overview import category_mix_figure

filters = ui.current_filters()
data = ui.workspace_data()
st.title("Overview")

with ui.user_errors():
    numbers = ui.metric_table("overview", filters)
ui.headline(overview_headlines(numbers, filters.since, filters.until))
shown = ui.headline_numbers(numbers)
columns = st.columns(4)
columns[0].metric("Open items", shown.value("open_items"), shown.change("open_items"), delta_color="off",
                  help="Items open at the end of the period (the sidebar's To date).")
columns[1].metric("Open debt share", shown.value("open_debt_share"), shown.change("open_debt_share"),
                  delta_color="inverse", help="Open debt items / all open items, of every category (as on the "
                                              "Technical debt page: the category filter does not apply).")
columns[2].metric("Open cross-team blockers", shown.value("open_cross_team_blockers"),
                  shown.change("open_cross_team_blockers"), delta_color="inverse",
                  help="Open blocks links between two different teams, as on the Dependencies page.")
columns[3].metric("Balance vs target", shown.value("balance_score"),
                  help="100 × (1 − distance from the target allocation) of the work delivered in the period, "
                       "by story points, as on the Roadmap balance page.")
st.caption(change_basis(filters.since, filters.until))
ui.show_table(numbers, ui.file_name("overview", filters))

st.subheader("Work categories")
categories = ui.metric_table("categories", filters)
ui.chart(category_mix_figure, categories)
ui.show_table(categories, ui.file_name("categories", filters))
ui.definitions(
    f"- {describe_now()}\n"
    "- An item is open on a day when it was created on or before that day and not yet resolved; a done item "
    "without a resolved date counts as resolved at its last status change, else at its last update.\n"
    "- *Items in the period* were open at some time between From and To; *open at the end* are open on To.\n"
    f"- {change_basis(filters.since, filters.until)}"
)

st.subheader("Imports")
st.caption("Every file imported into this workspace; the original files are kept in the workspace folder.")
ui.show_table(data.imports, "imports.csv", label="Import history", expanded=True)
