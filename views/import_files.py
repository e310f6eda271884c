"""Import: upload exports; the format is detected; each file loads completely or not at all."""
import streamlit as st

from app import access, ui
from app.uploads import import_uploaded_files

st.title("Import")
st.caption(
    "Upload Jira CSV exports (all fields or current fields) or Jira REST JSON (search results, "
    "board sprints, project versions). The format is detected from the content. Importing the same "
    "file again changes nothing; a newer export of the same issues updates them and keeps history. "
    "A file that cannot be imported leaves the workspace exactly as it was."
)

if access.read_only(ui.current_workspace().config_dir):
    st.info("This dashboard is read-only: files cannot be uploaded here. Whoever runs it imports them "
            "with `python cli.py import FILE`.", icon=":material/lock:")
    uploads = None
else:
    uploads = st.file_uploader("Export files", accept_multiple_files=True, key="import_uploads",
                               type=["csv", "json", "txt"])
if uploads and st.button("Import", type="primary", icon=":material/upload:"):
    with ui.user_errors():
        outcomes = import_uploaded_files(ui.current_workspace(), uploads)
    for outcome in outcomes:
        if outcome.error:
            st.error(outcome.message, icon=":material/error:")
        elif outcome.summary.already_imported:
            st.info(outcome.message, icon=":material/info:")
        else:
            st.success(outcome.message, icon=":material/check_circle:")

data = ui.workspace_data()
st.subheader("Import history")
ui.show_table(data.imports, "imports.csv", label="Imported files", expanded=True)
st.subheader("Rejected values")
st.caption("Values that could not be read (the rest of their row was imported). See also Data quality.")
ui.show_table(data.rejects, "rejects.csv", label=f"{len(data.rejects):,} rejected values")
