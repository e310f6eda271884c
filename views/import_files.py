"""Import: upload exports; the format is detected; each file loads completely or not at all."""
import streamlit as st

from app import mappings, ui
from app.uploads import import_uploaded_files

st.title("Import")
st.caption(
    "Upload Jira CSV exports (all fields or current fields), Jira XML exports or Jira REST JSON (search "
    "results, board sprints, project versions). The format is detected from the content; any other CSV "
    "can be mapped column by column below. Importing the same file again changes nothing; a newer export "
    "of the same issues updates them and keeps history. A file that cannot be imported leaves the "
    "workspace exactly as it was."
)


def show_outcomes(outcomes) -> None:
    for outcome in outcomes:
        if outcome.error:
            st.error(outcome.error, icon=":material/error:")
        elif outcome.summary.already_imported:
            st.info(outcome.summary.describe(), icon=":material/info:")
        else:
            report, *warnings = outcome.summary.describe().splitlines()
            st.success(report, icon=":material/check_circle:")
            for warning in warnings:
                st.warning(warning, icon=":material/warning:")


uploads = st.file_uploader("Export files", accept_multiple_files=True, key="import_uploads",
                           type=["csv", "json", "txt", "xml"])
if uploads and st.button("Import", type="primary", icon=":material/upload:"):
    outcomes = import_uploaded_files(ui.current_workspace(), uploads)
    show_outcomes(outcomes)
    st.session_state["unmapped_uploads"] = [o.file_name for o in outcomes if o.columns]

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
        outcomes = import_uploaded_files(ui.current_workspace(), [upload], mapping)
        show_outcomes(outcomes)
        if not outcomes[0].error:
            st.session_state["unmapped_uploads"].remove(upload.name)

data = ui.workspace_data()
st.subheader("Import history")
ui.show_table(data.imports, "imports.csv", label="Imported files", expanded=True)
st.subheader("Rejected values")
st.caption("Values that could not be read: the rest of their row was imported, except where the reason "
           "says the row was skipped. See also Data quality.")
ui.show_table(data.rejects, "rejects.csv", label=f"{len(data.rejects):,} rejected values")
