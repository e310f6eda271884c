"""Data quality: what the numbers on the other pages depend on, and where the export is thin."""
import streamlit as st

from analysis import quality
from app import ui

data = ui.workspace_data()
st.title("Data quality")
st.caption(
    "Rejected values were not imported; the rest of their row was, except where the reason says the "
    "row was skipped (no key, or a duplicate key whose last row was kept). Items no category rule matched "
    "got the default category: add a rule in the workspace's config/categories.toml or correct them "
    "by hand. Done items without a resolved date count as resolved at their last status change, else "
    "at their last update."
)

summary = ui.metric_table("data-quality", ui.current_filters())
st.dataframe(summary, hide_index=True, width="stretch")

sections = [
    ("Rejected values", data.rejects, "rejects.csv"),
    ("Items classified by default", quality.default_classified(data.issues), "default_classified.csv"),
    ("Done items without a resolved date", quality.done_items_without_resolved(data.issues), "done_without_resolved.csv"),
    ("Links to issues outside the export", quality.links_to_unknown_issues(data.links, data.issues), "unknown_links.csv"),
    ("Issues without a team", quality.issues_without_team(data.issues), "issues_without_team.csv"),
    ("Categories corrected by hand", data.overrides, "category_overrides.csv"),
]
for title, table, file_name in sections:
    st.subheader(f"{title} ({len(table):,})")
    ui.show_table(table, file_name)
