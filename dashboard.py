"""TPO Dashboard: the entry point. Page config, shared sidebar filters, navigation."""
import os

import streamlit as st

from app import ui

st.set_page_config(page_title="TPO Dashboard", page_icon=":material/insights:", layout="wide")

with ui.user_errors():
    data = ui.workspace_data()
    ui.sidebar_filters(data)

pages = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/debt.py", title="Technical debt", icon=":material/construction:", url_path="debt"),
    st.Page("pages/dependencies.py", title="Dependencies", icon=":material/account_tree:", url_path="dependencies"),
    st.Page("pages/balance.py", title="Roadmap balance", icon=":material/balance:", url_path="balance"),
    st.Page("pages/import_files.py", title="Import", icon=":material/upload_file:", url_path="import"),
    st.Page("pages/data_quality.py", title="Data quality", icon=":material/fact_check:", url_path="data-quality"),
]
if os.environ.get("TPO_TEST_FAULT"):   # browser tests only: a page with planted faults (pages/_fault.py)
    pages.append(st.Page("pages/_fault.py", title="Planted fault", icon=":material/bug_report:", url_path="fault"))
st.navigation(pages).run()
