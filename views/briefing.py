"""Stakeholder briefing: the talking points, decisions and charts to take to a meeting,
previewed here exactly as exported (PowerPoint, HTML, PDF, Markdown)."""
import streamlit as st

from analysis.briefing import DEFAULT_POINTS, MAX_POINTS, MIN_POINTS
from analysis.headlines.base import date_text
from app import briefing_ui, ui
from app.briefing import SECTIONS
from charts.briefing import briefing_figure

filters = ui.current_filters()
st.title("Stakeholder briefing")

controls = st.columns([3, 1])
sections = controls[0].multiselect("Sections", list(SECTIONS), default=list(SECTIONS), key="briefing_sections",
                                   format_func=lambda key: SECTIONS[key].title)
points = controls[1].slider("Talking points per section", MIN_POINTS, MAX_POINTS, DEFAULT_POINTS,
                            key="briefing_points")

with ui.user_errors():
    brief = briefing_ui.briefing(ui.workspace_data(), ui.data_version(), filters, tuple(sections), points)

st.markdown(f"**{briefing_ui.text(brief.answer)}**")
st.caption(f"Teams and period come from the sidebar filters (the other filters do not apply). Data as of "
           f"{date_text(brief.data_date)}. Talking points are ranked by how much changed or is at stake; "
           "the PowerPoint's speaker notes hold each section's definitions.")
briefing_ui.download_buttons(brief)

for section in brief.sections:
    st.subheader(section.title)
    st.markdown("\n".join(f"- {briefing_ui.text(p.text)}"
                          + (f" ({briefing_ui.text(p.comparison)})" if p.comparison else "")
                          for p in section.points))
    if section.chart is not None and not section.chart.empty:
        chart = section.chart
        ui.chart(briefing_figure, chart.title, chart.categories, chart.series, chart.kind, chart.unit,
                 key=f"briefing_chart_{section.key}")
    if not section.table.empty:
        st.dataframe(section.table, hide_index=True, width="stretch")
    if section.definitions:
        st.caption(briefing_ui.text(section.definitions))
