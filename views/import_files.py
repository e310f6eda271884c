"""Import: upload exports; the format is detected; each file loads completely or not at all."""
import streamlit as st

from app import access, mappings, ui
from app.actions import import_files, save_base_url
from app.safe_text import md

data = ui.workspace_data()
demo = ui.is_demo_workspace()
st.title("Import")
if data.issues.empty:
    st.markdown("##### This workspace is empty: import your tracker's exports to see your own numbers.")
    st.markdown(
        "**What to export from Jira** (one or more files, in any order):\n"
        "1. **Issues**: Filters → *View all issues* → choose the projects (and a period of at least a year) → "
        "**Export → Export Excel CSV (all fields)**. Keep the Sprint, Story Points, Epic Link, Component/s, "
        "Fix Version/s and issue-link columns: they drive debt, balance and dependencies.\n"
        "2. *Optional*, sprint dates: save `/rest/agile/1.0/board/{id}/sprint` of each board as a `.json` file.\n"
        "3. *Optional*, release dates: save `/rest/api/2/project/{key}/versions` of each project as a `.json` file.\n\n"
        "A newer export of the same issues later updates them and keeps their history."
    )
else:
    st.markdown(f"##### This workspace holds {len(data.issues):,} issues from {len(data.imports):,} imported "
                f"files, as of {data.reference_date:%-d %b %Y}.")
st.caption(
    "Upload Jira CSV exports (all fields or current fields), Jira XML exports or Jira REST JSON (search "
    "results, board sprints, project versions). The format is detected from the content; any other CSV "
    "can be mapped column by column below. Importing the same file again changes nothing; a newer export "
    "of the same issues updates them and keeps history. A file that cannot be imported leaves the "
    "workspace exactly as it was."
)

for kind, text in st.session_state.pop("import_outcomes", []):
    getattr(st, kind)(md(text), icon={"error": ":material/error:", "info": ":material/info:",
                                      "warning": ":material/warning:"}.get(kind, ":material/check_circle:"))

if access.read_only(ui.current_workspace().config_dir):
    st.info("This dashboard is read-only: files cannot be uploaded here. Whoever runs it imports them "
            "with `python cli.py import FILE`.", icon=":material/lock:")
    uploads = None
else:
    uploads = st.file_uploader("Export files", accept_multiple_files=True, key="import_uploads",
                               type=["csv", "json", "txt", "xml"])
into_demo = True
if demo:
    st.warning("You are looking at the **demo**: files imported here are mixed with its generated data. Start "
               "a workspace of your own with the button at the top to keep your data apart.",
               icon=":material/warning:")
    into_demo = st.checkbox("Import into the demo anyway", key="import_into_demo")
if uploads and st.button("Import", type="primary", icon=":material/upload:", disabled=not into_demo):
    # Messages are kept for the next run, which shows the new issue count in the sidebar too.
    messages, unmapped_names = import_files(ui.current_workspace(), uploads, len(data.issues))
    st.session_state["import_outcomes"] = messages
    st.session_state["unmapped_uploads"] = unmapped_names
    st.rerun()

unmapped = [u for u in uploads or [] if u.name in st.session_state.get("unmapped_uploads", [])]
if unmapped:
    st.subheader("Map a CSV")
    st.caption("Pick the file's column for each field. The mapping is kept in the workspace and used "
               "again for the next file with the same columns.")
    chosen = st.selectbox("File", [u.name for u in unmapped], key="map_file")
    upload = next(u for u in unmapped if u.name == chosen)
    content = upload.getvalue()
    columns = mappings.columns_of(content)
    choices = [mappings.NO_COLUMN, *columns]
    shape = st.selectbox("Each row is", list(mappings.SHAPE_LABELS), format_func=mappings.SHAPE_LABELS.get,
                         key="map_shape")

    def pick(field_name: str, label: str) -> str:
        default = mappings.default_column(field_name, columns)
        return st.selectbox(label, choices, index=choices.index(default), key=f"map_{upload.name}_{field_name}",
                            format_func=lambda c: c or "(not in the file)")

    field_columns = {f: pick(f, mappings.FIELDS[f]) for f in mappings.MAIN_FIELDS}
    if shape == "status_history":
        field_columns.update({f: pick(f, label) for f, label in mappings.HISTORY_FIELDS.items()})
    with st.expander("More fields"):
        field_columns.update({f: pick(f, label) for f, label in mappings.FIELDS.items()
                              if f not in field_columns and f not in mappings.HISTORY_FIELDS})
    status_dates = []
    if shape == "status_dates":
        status_dates = st.multiselect("Columns holding the date an item entered a status (named after the status)",
                                      columns, key="map_status_dates")
    date_format = st.text_input("Date format", "", key="map_date_format",
                                help="Python strptime format such as %d.%m.%Y; empty: ISO and Jira's formats are tried")
    separator = st.text_input("List separator", ";", key="map_separator")
    statuses = mappings.statuses_to_classify(shape, content, field_columns.get("status", ""), status_dates)
    categories = {}
    if statuses:
        st.caption("Status category of each status (empty: as settings.toml [status_categories] says).")
        for status in statuses:
            categories[status] = st.selectbox(status, mappings.CATEGORY_CHOICES, key=f"map_category_{status}",
                                              format_func=lambda c: c or "(from settings)")
    if st.button("Save mapping and import", type="primary", icon=":material/upload:"):
        with ui.user_errors():
            mapping = mappings.build_mapping(shape, field_columns, {s: s for s in status_dates}, date_format,
                                             separator, categories)
        messages, still_unmapped = import_files(ui.current_workspace(), [upload], len(data.issues), mapping)
        st.session_state["import_outcomes"] = messages
        if not any(kind == "error" for kind, _ in messages):
            st.session_state["unmapped_uploads"].remove(upload.name)
        st.rerun()

st.subheader("Tracker address")
st.caption("With the tracker's address, issue keys in every table become links (`<address>/browse/KEY`).")
address, save = st.columns([4, 1], vertical_alignment="bottom")
base_url = address.text_input("Jira base URL", value=data.settings.base_url, key="import_base_url",
                              placeholder="https://yourcompany.atlassian.net")
if save.button("Save address", key="import_save_base_url"):
    with ui.user_errors():
        stored = save_base_url(ui.current_workspace().config_dir, base_url)
    st.success(f"Saved: issue links now go to {md(stored)}/browse/KEY." if stored
               else "Saved: no address, keys are shown as plain text.", icon=":material/check_circle:")

st.subheader("Import history")
ui.show_table(data.imports, "imports.csv", label="Imported files", expanded=True)
st.subheader("Rejected values")
st.caption("Values that could not be read: the rest of their row was imported, except where the reason "
           "says the row was skipped. See also Data quality.")
ui.show_table(data.rejects, "rejects.csv", label=f"{len(data.rejects):,} rejected values")
