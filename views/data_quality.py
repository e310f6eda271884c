"""Data quality: what the numbers on the other pages depend on, and where the export is thin."""
import streamlit as st

from analysis import quality
from app import ui

data = ui.workspace_data()
filters = ui.current_filters()
st.title("Data quality")
summary = ui.metric_table("data-quality", filters)
found = summary[summary["count"] > 0]
st.markdown("##### " + (
    "Nothing to check: every value was read, every item matched a category rule and has a team."
    if found.empty else
    "Worth checking before trusting a number: " + "; ".join(
        f"{row.count:,} {row.meaning}" for row in found.itertuples()) + "."))
ui.definitions(
    "- Rejected values were not imported; the rest of their row was, except where the reason says the "
    "row was skipped (no key, or a duplicate key whose last row was kept).\n"
    "- Items no category rule matched got the default category: add a rule in the workspace's "
    "`config/categories.toml` or correct them by hand (Technical debt or Roadmap balance page).\n"
    "- Done items without a resolved date count as resolved at their last status change, else at their last update."
)
ui.show_table(summary, "data_quality.csv", label="Checks", expanded=True)

sections = [
    ("Rejected values", data.rejects, "rejects.csv"),
    ("Items classified by default", ui.derived(quality.default_classified, data.issues), "default_classified.csv"),
    ("Done items without a resolved date", ui.derived(quality.done_items_without_resolved, data.issues),
     "done_without_resolved.csv"),
    ("Links to issues outside the export", ui.derived(quality.links_to_unknown_issues, data.links, data.issues),
     "unknown_links.csv"),
    ("Issues without a team", ui.derived(quality.issues_without_team, data.issues), "issues_without_team.csv"),
    ("Categories corrected by hand", data.corrections(), "category_corrections.csv"),
]
for title, table, file_name in sections:
    st.subheader(f"{title} ({len(table):,})")
    ui.show_table(table, file_name)
