"""TPO Dashboard: the entry point. Page config, shared sidebar filters, navigation."""
import os

import streamlit as st

from app import access, ui

# An emoji icon is inlined; a :material/...: page icon makes the browser fetch the favicon
# from Google's font servers, and the app must never call out.
st.set_page_config(page_title="TPO Dashboard", page_icon="📊", layout="wide")

with ui.user_errors():
    access.sign_in_gate(ui.current_workspace().config_dir)
    data = ui.workspace_data()
    ui.demo_banner()
    ui.sidebar_filters(data)
if ui.import_running():
    st.sidebar.info("An import is running: pages show the data from before it until it is done.",
                    icon=":material/hourglass_top:")

# The pages live in views/, not pages/: Streamlit auto-discovers a pages/ folder next to the
# entry script and would route a shared deep link (/debt?team=...) to that file alone,
# without the shared filters, before st.navigation takes over.
pages = [
    st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("views/debt.py", title="Technical debt", icon=":material/construction:", url_path="debt"),
    st.Page("views/dependencies.py", title="Dependencies", icon=":material/account_tree:", url_path="dependencies"),
    st.Page("views/balance.py", title="Roadmap balance", icon=":material/balance:", url_path="balance"),
    st.Page("views/delivery.py", title="Delivery", icon=":material/local_shipping:", url_path="delivery"),
    st.Page("views/plan.py", title="Plan", icon=":material/event_note:", url_path="plan"),
    st.Page("views/briefing.py", title="Briefing", icon=":material/slideshow:", url_path="briefing"),
    st.Page("views/import_files.py", title="Import", icon=":material/upload_file:", url_path="import"),
    st.Page("views/data_quality.py", title="Data quality", icon=":material/fact_check:", url_path="data-quality"),
]
if data.issues.empty:
    # An empty workspace has nothing to show yet: it opens on Import, with what to export.
    pages = [st.Page("views/import_files.py", title="Import", icon=":material/upload_file:", url_path="import",
                     default=True)]
if os.environ.get("TPO_TEST_FAULT"):   # browser tests only: a page with planted faults (views/_fault.py)
    pages.append(st.Page("views/_fault.py", title="Planted fault", icon=":material/bug_report:", url_path="fault"))
# The one error boundary of every page: a user error (a busy workspace, a bad config file)
# raised anywhere in a page's run is shown as its message, never as a stack trace.
with ui.user_errors():
    st.navigation(pages).run()
